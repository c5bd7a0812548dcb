"""What every part of the window shares: the change bus, the task runner, background jobs,
undo, standard keys, icons and the shortcuts table."""
