"""What a service call changed, so views refresh only what they must (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    articles: set[int] = field(default_factory=set)  # article ids added, edited or removed
    findings: set[str] = field(default_factory=set)  # finding uuids
    topics: bool = False
    settings: bool = False
    screening: set[int] = field(default_factory=set)  # screening records added, removed, decided
    message: str = ""  # a one-line status-bar message for the reviewer
    # Anything may have changed (another process wrote to the library): every view
    # re-reads what it shows.
    everything: bool = False

    @classmethod
    def all(cls, message: str = "") -> ChangeSet:
        return cls(topics=True, settings=True, message=message, everything=True)

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            articles=self.articles | other.articles,
            findings=self.findings | other.findings,
            topics=self.topics or other.topics,
            settings=self.settings or other.settings,
            screening=self.screening | other.screening,
            message=other.message or self.message,
            everything=self.everything or other.everything,
        )

    def is_empty(self) -> bool:
        return not (
            self.articles
            or self.findings
            or self.topics
            or self.settings
            or self.screening
            or self.everything
        )

    def touches_article(self, article_id: int) -> bool:
        return self.everything or article_id in self.articles
