"""The application shell: it builds every window (library, article, reader), its menus,
actions and docks, from the feature parts."""
