"""Making and editing findings: the actions, the finding editor, the panel, the topic tree."""
