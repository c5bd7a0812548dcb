"""The digest view and the export dialog."""
