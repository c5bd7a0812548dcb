"""The library's tables (SQLAlchemy 2, typed `Mapped[]`).

Changes to these classes need an Alembic revision in `storage/migrations/versions`.
Timestamps are stored as UTC ISO 8601 text; ids that leave the machine are UUIDs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import func as sql_func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from poemsreader.core.model import new_uuid, utc_now
from poemsreader.core.text import topic_key


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite stores naive text)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        from datetime import UTC

        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        from datetime import UTC

        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime(), dict: JSON, list: JSON}  # noqa: RUF012


class Reviewer(Base):
    __tablename__ = "reviewer"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String, default="")
    colour: Mapped[str] = mapped_column(String(9), default="#e0a000")
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)


class Article(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    citekey: Mapped[str] = mapped_column(String, unique=True, index=True)
    key_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    journal: Mapped[str] = mapped_column(Text, default="")
    volume: Mapped[str] = mapped_column(String, default="")
    issue: Mapped[str] = mapped_column(String, default="")
    pages: Mapped[str] = mapped_column(String, default="")
    published: Mapped[str] = mapped_column(String, default="")
    doi: Mapped[str] = mapped_column(String, default="", index=True)
    pmid: Mapped[str] = mapped_column(String, default="", index=True)
    abstract: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    reading_status: Mapped[str] = mapped_column(String, default="to read")
    # Fields the reviewer edited by hand: an import never overwrites these silently.
    edited_fields: Mapped[list] = mapped_column(JSON, default=list)
    # A printed first page the reviewer set ("the first page is 207"), if any.
    first_page_override: Mapped[str] = mapped_column(String, default="")
    last_page_index: Mapped[int] = mapped_column(Integer, default=0)
    last_offset: Mapped[float] = mapped_column(Float, default=0.0)
    created: Mapped[datetime] = mapped_column(default=utc_now)
    modified: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    authors: Mapped[list[ArticleAuthor]] = relationship(
        back_populates="article",
        order_by="ArticleAuthor.position",
        cascade="all, delete-orphan",
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="article", cascade="all, delete-orphan"
    )
    findings: Mapped[list[Finding]] = relationship(back_populates="article")


class ArticleAuthor(Base):
    __tablename__ = "article_author"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    family: Mapped[str] = mapped_column(String, default="")
    given: Mapped[str] = mapped_column(String, default="")

    article: Mapped[Article] = relationship(back_populates="authors")


class Document(Base):
    """One PDF file of an article."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    # Relative to the library folder when copied in; absolute when linked in place.
    path: Mapped[str] = mapped_column(Text)
    linked: Mapped[bool] = mapped_column(Boolean, default=False)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    pdf_id0: Mapped[str] = mapped_column(String, default="", index=True)
    pdf_id1: Mapped[str] = mapped_column(String, default="")
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    # The label of each page as the PDF's /PageLabels give it ([] without labels).
    page_labels: Mapped[list] = mapped_column(JSON, default=list)
    # The printed label chosen for each page and where it came from.
    printed_labels: Mapped[list] = mapped_column(JSON, default=list)
    label_source: Mapped[str] = mapped_column(String, default="")
    label_note: Mapped[str] = mapped_column(Text, default="")
    # Per-page hashes of the normalised text (the text fingerprint).
    page_text_hashes: Mapped[list] = mapped_column(JSON, default=list)
    has_text: Mapped[bool] = mapped_column(Boolean, default=True)
    added: Mapped[datetime] = mapped_column(default=utc_now)

    article: Mapped[Article] = relationship(back_populates="documents")


class PageText(Base):
    """The normalised text of each page, indexed by the FTS5 table `page_text_fts`."""

    __tablename__ = "page_text"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("document_id", "page_index"),)


class Topic(Base):
    """`name_key` (written here from `name`, never by SQL) is unique among siblings, and
    among the root topics too: the index reads a missing parent as 0, which no topic is."""

    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String)
    name_key: Mapped[str] = mapped_column(String, server_default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("topic.id", ondelete="CASCADE"), nullable=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    colour: Mapped[str] = mapped_column(String(9), default="")

    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    @validates("name")
    def _keep_key(self, _field: str, name: str) -> str:
        self.name_key = topic_key(name)
        return name


Index("topic_name_key", sql_func.coalesce(Topic.parent_id, 0), Topic.name_key, unique=True)


class Finding(Base):
    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="RESTRICT"))
    statement: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String, default="new")
    comment: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(9), default="")
    reviewer_id: Mapped[str | None] = mapped_column(
        ForeignKey("reviewer.id", ondelete="SET NULL"), nullable=True
    )
    created: Mapped[datetime] = mapped_column(default=utc_now)
    modified: Mapped[datetime] = mapped_column(default=utc_now)
    # Set when the reviewer deletes it: kept (restorable) until the trash is emptied.
    deleted: Mapped[datetime | None] = mapped_column(nullable=True)
    # Placed by hand still needed (an imported finding that could not be re-anchored).
    orphan: Mapped[bool] = mapped_column(Boolean, default=False)
    # How it stands on our copy of the article: a core.model.Placing value.
    placement: Mapped[str] = mapped_column(String, default="position", server_default="position")

    article: Mapped[Article] = relationship(back_populates="findings")
    anchors: Mapped[list[FindingAnchor]] = relationship(
        back_populates="finding", order_by="FindingAnchor.seq", cascade="all, delete-orphan"
    )
    topic_links: Mapped[list[FindingTopic]] = relationship(
        back_populates="finding", order_by="FindingTopic.rank", cascade="all, delete-orphan"
    )
    tag_links: Mapped[list[FindingTag]] = relationship(cascade="all, delete-orphan")


class FindingAnchor(Base):
    """One passage of a finding (a finding may span several)."""

    __tablename__ = "finding_anchor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    page_index: Mapped[int] = mapped_column(Integer)
    quads: Mapped[list] = mapped_column(JSON, default=list)  # [[x0, y0, x1, y1], ...]
    quote: Mapped[str] = mapped_column(Text, default="")
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    document_sha256: Mapped[str] = mapped_column(String(64), default="")
    is_area: Mapped[bool] = mapped_column(Boolean, default=False)

    finding: Mapped[Finding] = relationship(back_populates="anchors")


class FindingTopic(Base):
    """A finding filed under a topic; `position` is its place in that topic's digest."""

    __tablename__ = "finding_topic"

    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(Integer, default=0)  # order among the finding's topics
    position: Mapped[float] = mapped_column(Float, default=0.0)  # order within the topic

    finding: Mapped[Finding] = relationship(back_populates="topic_links")
    topic: Mapped[Topic] = relationship()


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)


class FindingTag(Base):
    __tablename__ = "finding_tag"

    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)

    tag: Mapped[Tag] = relationship()


class Tombstone(Base):
    """A finding deleted for good, remembered so the deletion can travel to collaborators."""

    __tablename__ = "tombstone"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    deleted: Mapped[datetime] = mapped_column(default=utc_now)
    reviewer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class SyncBase(Base):
    """The merge base of a finding: the version last received from a collaborator, or the
    version before this library's first unshared edit (what a copy of it also holds)."""

    __tablename__ = "sync_base"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    modified: Mapped[datetime] = mapped_column()
    # Its fields as `share.fields.field_values` gives them (None: only the hash is known),
    # what the three-way merge compares each side against.
    fields: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class Conflict(Base):
    """A finding changed on both sides since the last exchange, waiting for the reviewer."""

    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_uuid: Mapped[str] = mapped_column(String(36), index=True)
    theirs: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(default=utc_now)


class TeamSyncState(Base):
    """One object of the linked team library as this library last synced it: the server
    version it was seen at, the hash of the content synced, and when (one row each, so a
    sync writes only the objects it moved)."""

    __tablename__ = "team_sync_state"

    kind: Mapped[str] = mapped_column(String, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    synced: Mapped[str] = mapped_column(String)  # UTC ISO 8601, compared as text
    # The object as last synced, for kinds merged field by field against it (screening
    # decisions, evidence); findings keep theirs in `sync_base`.
    content: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)


class Setting(Base):
    """Library-wide values: digest title and introduction, reviewer id, options."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[dict | list | str | int | float | bool | None] = mapped_column(JSON)


class ScreeningImport(Base):
    """One search export read into the screening list (for the PRISMA counts)."""

    __tablename__ = "screening_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, default="")
    imported: Mapped[datetime] = mapped_column(default=utc_now)
    identified: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)


class ScreeningRecord(Base):
    """One record of a search to include, exclude (with a reason) or keep as maybe."""

    __tablename__ = "screening_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("screening_import.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text, default="")
    abstract: Mapped[str] = mapped_column(Text, default="")
    journal: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    language: Mapped[str] = mapped_column(String, default="")
    publication_types: Mapped[list] = mapped_column(JSON, default=list)
    doi: Mapped[str] = mapped_column(String, default="", index=True)
    pmid: Mapped[str] = mapped_column(String, default="", index=True)
    # The full reference (authors, volume, pages…) the article is made from when included.
    record: Mapped[dict] = mapped_column(JSON, default=dict)
    # Every key the record is known by ("doi:…", "pmid:…", "title:…"), for duplicates.
    identity: Mapped[list] = mapped_column(JSON, default=list)
    decision: Mapped[str] = mapped_column(String, default="", index=True)
    reason: Mapped[str] = mapped_column(String, default="")
    decided: Mapped[datetime | None] = mapped_column(nullable=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("article.id", ondelete="SET NULL"), nullable=True
    )
    # True when including this record made its article (undoing the inclusion removes it).
    made_article: Mapped[bool] = mapped_column(Boolean, default=False)


class DigestExport(Base):
    """A digest written out: when, where, and the findings it held with their text."""

    __tablename__ = "digest_export"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    made: Mapped[datetime] = mapped_column(default=utc_now)
    format: Mapped[str] = mapped_column(String, default="")
    path: Mapped[str] = mapped_column(Text, default="")
    # {finding uuid: {"statement": …, "quote": …}} as exported
    findings: Mapped[dict] = mapped_column(JSON, default=dict)


class EvidenceField(Base):
    """A column of the library's evidence table (design, patients n, centre/cohort…)."""

    __tablename__ = "evidence_field"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    kind: Mapped[str] = mapped_column(String, default="text")  # core.evidence.FieldKind
    choices: Mapped[list] = mapped_column(JSON, default=list)  # for kind "choice"
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Articles sharing a value of this field may report the same patients.
    population: Mapped[bool] = mapped_column(Boolean, default=False)


class EvidenceValue(Base):
    """One article's value of one evidence field (typed JSON: text, int, float)."""

    __tablename__ = "evidence_value"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
    )
    field_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_field.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[str | int | float | None] = mapped_column(JSON, nullable=True)


# The reference fields an Article row stores (all of ArticleRecord but its authors).
RECORD_FIELDS = (
    "title",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "published",
    "doi",
    "pmid",
    "abstract",
    "url",
)
