"""Topics by path and tags by name while findings are written.

Each name is looked up (or created) once per transaction, so that writing many
findings at once (an import) does not query the same topic or tag again for
every finding.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from poemsreader.storage.schema import Tag, Topic
from poemsreader.storage.topics import ensure_path


class FindingNames:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.topics: dict[str, Topic] = {}
        self.tags: dict[str, Tag] = {}

    def topic(self, path: str) -> Topic:
        """The topic at `path`, created (with its parents) when missing."""
        if path not in self.topics:
            self.topics[path] = ensure_path(self.session, path)
        return self.topics[path]

    def tag(self, name: str) -> Tag:
        """The tag called `name`, created when missing."""
        if name not in self.tags:
            tag = self.session.scalar(select(Tag).where(Tag.name == name))
            if tag is None:
                tag = Tag(name=name)
                self.session.add(tag)
            self.tags[name] = tag
        return self.tags[name]
