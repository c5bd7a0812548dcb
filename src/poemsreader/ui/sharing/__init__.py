"""Share files, conflicts, and the team library's menu and indicator."""
