"""Taking over the annotations another tool left in a PDF (`poemsreader pdf import`).

The copy is matched to an article already in the library — by SHA-256, then by
the PDF /ID together with the page text, then by DOI, then by the page text
alone — and added as a new article only when nothing matches. Each annotation
gets a stable finding uuid, so importing the same file again updates what
changed and adds nothing: the UUID inside its /NM when it has one (Acrobat,
Okular, Preview), else one derived from the article, the page and the /NM — the
PDF spec makes /NM unique on its page only, and PyMuPDF writes fitz-A0, fitz-A1…
afresh on every page — or, without a /NM, from the annotation's place. A name
met twice in one file (against the spec) falls back to the next of these keys.

Libraries filled before the page was part of the key hold findings under
uuid5(article/nm/NM); such a finding is still recognised as the annotation of
that name on the page it stands on, so re-importing never duplicates it.
"""

from __future__ import annotations

import re
import uuid as uuidlib
from dataclasses import dataclass, replace

from poemsreader.core.changes import ChangeSet
from poemsreader.core.model import FindingRecord, utc_now
from poemsreader.pdf.annotation_read import PdfAnnotation
from poemsreader.pdf.document import PdfFacts
from poemsreader.storage.annotation_import import (
    FindingImport,
    StoredCopies,
    StoredCopy,
    StoredFinding,
    finding_import,
)
from poemsreader.storage.articles import ArticleService
from poemsreader.storage.database import Database
from poemsreader.storage.findings import FindingService

SAME_TEXT_SHARE = 0.8  # this share of pages with equal text makes two PDFs the same article
UNKNOWN_AUTHOR = "unknown"
NAMESPACE = uuidlib.UUID("6f1d2c8e-4a51-4d0c-9a51-2b7c1f0e9d33")
UUID_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


@dataclass(frozen=True)
class PdfImportResult:
    article_id: int
    key: str
    article_added: bool
    matched_by: str  # 'sha256', 'pdf id', 'doi', 'page text', a waiting reference, or ''
    added: int
    updated: int
    unchanged: int
    changes: ChangeSet

    @property
    def message(self) -> str:
        where = "added to the library" if self.article_added else f"matched by {self.matched_by}"
        return (
            f"{self.key}: {where}; {self.added} findings added, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def same_text(ours: list[str], theirs: list[str]) -> bool:
    if not ours or len(ours) != len(theirs):
        return False
    equal = sum(1 for a, b in zip(ours, theirs, strict=True) if a == b)
    return equal >= SAME_TEXT_SHARE * len(ours)


def named_uuid(article_uuid: str, annotation: PdfAnnotation) -> str:
    """The uuid of the annotation of this /NM on this page ('' without a /NM)."""
    if not annotation.name:
        return ""
    key = f"{article_uuid}/nm/{annotation.page_index}/{annotation.name}"
    return str(uuidlib.uuid5(NAMESPACE, key))


def legacy_uuid(article_uuid: str, annotation: PdfAnnotation) -> str:
    """The uuid the article + /NM keying gave (without the page), '' without a /NM."""
    if not annotation.name:
        return ""
    return str(uuidlib.uuid5(NAMESPACE, f"{article_uuid}/nm/{annotation.name}"))


def place_uuid(article_uuid: str, annotation: PdfAnnotation, repeat: int = 0) -> str:
    """The uuid of the annotation at this place (the `repeat`-th one drawn there)."""
    quads = ",".join(
        f"{q.x0:.0f} {q.y0:.0f} {q.x1:.0f} {q.y1:.0f}" for q in annotation.anchor.quads
    )
    place = f"{annotation.kind}/{annotation.page_index}/{quads}/{annotation.author}"
    if repeat:
        place += f"/{repeat}"
    return str(uuidlib.uuid5(NAMESPACE, f"{article_uuid}/at/{place}"))


def own_uuid(annotation: PdfAnnotation) -> str:
    """The uuid inside the /NM ('okular-{…}', a bare UUID), or ''."""
    match = UUID_IN_TEXT.search(annotation.name)
    return match.group(0).lower() if match else ""


class AnnotationKeys:
    """Each annotation's finding uuid, for the annotations of one file on one article."""

    def __init__(self, batch: FindingImport) -> None:
        self.batch = batch
        self.article_id = batch.article_id
        self.article_uuid = batch.article_uuid
        self.claimed: set[str] = set()  # given to an earlier annotation of this file

    def uuid_for(self, annotation: PdfAnnotation) -> str:
        """The first key of the annotation not taken by another one of this file."""
        candidates = (self._own(annotation), self._named(annotation))
        uuid = next((c for c in candidates if c and c not in self.claimed), "")
        repeat = 0
        while not uuid or uuid in self.claimed:
            uuid = place_uuid(self.article_uuid, annotation, repeat)
            repeat += 1
        self.claimed.add(uuid)
        return uuid

    def _finding(self, uuid: str) -> StoredFinding | None:
        return self.batch.stored(uuid)

    def _own(self, annotation: PdfAnnotation) -> str:
        uuid = own_uuid(annotation)
        existing = self._finding(uuid) if uuid else None
        if existing is not None and existing.article_id != self.article_id:
            return ""  # the same id on another article's finding: keep both
        return uuid

    def _named(self, annotation: PdfAnnotation) -> str:
        """The page + /NM key, or the finding an older import stored under the /NM alone
        when that finding stands on this annotation's page."""
        uuid = named_uuid(self.article_uuid, annotation)
        if not uuid or self._finding(uuid) is not None:
            return uuid
        legacy = legacy_uuid(self.article_uuid, annotation)
        old = None if legacy in self.claimed else self._finding(legacy)
        if old is None or old.article_id != self.article_id:
            return uuid
        if annotation.page_index in old.pages:
            return legacy
        return uuid


@dataclass(frozen=True)
class LibraryMatch:
    article_id: int
    sha256: str  # of the library's document the copy matched
    how: str


class PdfImporter:
    def __init__(self, db: Database, articles: ArticleService, findings: FindingService) -> None:
        self.db = db
        self.articles = articles
        self.findings = findings
        self.copies = StoredCopies(db)

    def match(self, facts: PdfFacts) -> LibraryMatch | None:
        """The article this PDF is a copy of, and how it was recognised (None: new)."""
        found = self._match(facts)
        if found is None:
            return None
        copy, how = found
        return LibraryMatch(copy.article_id, copy.sha256, how)

    def _match(self, facts: PdfFacts) -> tuple[StoredCopy, str] | None:
        """The same file; else one with the same /ID and page text; else the article with
        the same DOI; else one with the same page text."""
        found = self.copies.with_sha256(facts.sha256)
        if found is not None:
            return found, "sha256"
        hashes = facts.page_text_hashes
        if facts.pdf_id0:
            for copy in self.copies.with_pdf_id(facts.pdf_id0):
                if same_text(copy.page_text_hashes, hashes):
                    return copy, "pdf id"
        if facts.doi:
            found = self.copies.first_of_doi(facts.doi)
            if found is not None:
                return found, "doi"
        for copy in self.copies.all():
            if same_text(copy.page_text_hashes, hashes):
                return copy, "page text"
        return None

    def import_pdf(self, facts: PdfFacts, annotations: list[PdfAnnotation]) -> PdfImportResult:
        found = self.match(facts)
        added_article = found is None
        if found is None:
            added = self.articles.add_pdf(facts)
            article_id, sha, added_article = added.article_id, facts.sha256, added.created
            matched_by = "" if added.created else "a reference waiting for its PDF"
        else:
            article_id, matched_by = found.article_id, found.how
            # quads and offsets hold for the library's file unless only the DOI matched
            sha = facts.sha256 if matched_by == "doi" else found.sha256
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        touched: set[str] = set()
        with finding_import(self.db, self.findings, article_id) as batch:
            keys = AnnotationKeys(batch)
            for annotation in annotations:
                record = self._record(keys.uuid_for(annotation), annotation, sha)
                outcome = self._take(batch, record, annotation)
                counts[outcome] += 1
                if outcome != "unchanged":
                    touched.add(record.uuid)
            key = batch.article_key
        changes = ChangeSet(articles={article_id}, findings=touched, topics=False)
        return PdfImportResult(
            article_id, key, added_article, matched_by, changes=changes, **counts
        )

    @staticmethod
    def _record(uuid: str, annotation: PdfAnnotation, sha: str) -> FindingRecord:
        modified = annotation.modified or utc_now()
        return FindingRecord(
            uuid=uuid,
            statement=annotation.contents,
            quote=annotation.anchor.quote,
            comment="\n".join(annotation.replies),
            colour=annotation.colour,
            reviewer_name=annotation.author or UNKNOWN_AUTHOR,
            created=annotation.created or modified,
            modified=modified,
            anchors=[replace(annotation.anchor, document_sha256=sha)],
        )

    @staticmethod
    def _take(batch: FindingImport, record: FindingRecord, annotation: PdfAnnotation) -> str:
        """Add the finding, or update it when the annotation is newer; the outcome's name."""
        existing = batch.stored(record.uuid)
        if existing is None:
            batch.add(record)
            return "added"
        newer = annotation.modified is not None and annotation.modified > existing.modified
        if existing.deleted or not newer:
            return "unchanged"  # the reviewer's own later edits (or deletion) win
        batch.update(record)
        return "updated"
