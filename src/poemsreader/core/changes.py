"""What a service call changed, so views refresh only what they must (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    articles: set[int] = field(default_factory=set)  # article ids added, edited or removed
    findings: set[str] = field(default_factory=set)  # finding uuids
    topics: bool = False
    settings: bool = False
    message: str = ""  # a one-line status-bar message for the reviewer

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            articles=self.articles | other.articles,
            findings=self.findings | other.findings,
            topics=self.topics or other.topics,
            settings=self.settings or other.settings,
            message=other.message or self.message,
        )

    def is_empty(self) -> bool:
        return not (self.articles or self.findings or self.topics or self.settings)
