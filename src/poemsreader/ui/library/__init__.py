"""The library pane, adding PDFs, inspecting them, and the integrity check."""
