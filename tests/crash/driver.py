"""A poemsreader process that keeps changing a library until it is killed.

`python -m tests.crash.driver LIBRARY PDF_DIR SEED` opens the library with the
real services and loops: add a PDF, make a finding (anchors on the page's own
text, topics), edit a finding, change a reading status, import references, merge
a collaborator's annotation file (from PDF_DIR/shared), make a backup. Before a change it prints
`BEGIN <kind> <json>`; after the change is committed it prints `DONE <kind> <json>`
(flushed), so the harness knows exactly what had been reported as saved when it
sent SIGKILL.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from sqlalchemy import select

from poemsreader.core.model import Anchor, Quad, ReadingStatus
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.storage.schema import Article, Finding

TOPICS = ("Treatment", "Treatment/Radiation", "Symptoms", "Diagnosis/Imaging", "VEGF")
SHARED = "shared"  # the collaborator's annotation files, beside the PDFs


def make_finding(library: Library, article_id: int, rng: random.Random, token: str) -> str:
    """A finding on 1–3 passages of the article's own text, through the findings service.

    Its statement records how many anchors and topics it has, so the audit can
    tell a whole finding from a half-written one.
    """
    sha = library.findings.document_sha256(article_id)
    page_count = len(library.findings.labels(article_id).labels) or 1
    anchors = []
    for seq in range(rng.randint(1, 3)):
        page = min(seq, page_count - 1)
        words = library.findings.page_text(article_id, page).split()[: 8 + seq] or ["passage"]
        top = 100.0 + 12 * seq
        anchors.append(
            Anchor(
                page_index=page,
                quote=" ".join(words),
                quads=[Quad(72.0, top, 300.0, top + 11)],
                document_sha256=sha,
            )
        )
    topics = rng.sample(TOPICS, rng.randint(1, 2))
    statement = f"finding {token} anchors={len(anchors)} topics={len(topics)}"
    library.findings.create(article_id, anchors, statement=statement, topics=topics)
    return statement


def say(kind: str, stage: str, **fields: object) -> None:
    print(f"{stage} {kind} {json.dumps(fields, ensure_ascii=True)}", flush=True)


class Driver:
    def __init__(
        self, library: Library, pdfs: list[Path], shared: list[Path], rng: random.Random
    ) -> None:
        self.library = library
        self.pdfs = pdfs
        self.shared = shared
        self.rng = rng
        self.tag = f"{rng.getrandbits(32):08x}"
        self.counter = 0

    def next_token(self) -> str:
        self.counter += 1
        return f"{self.tag}-{self.counter}"

    def article_ids(self) -> list[int]:
        with self.library.db.reading() as session:
            return list(session.scalars(select(Article.id)))

    def finding_uuids(self) -> list[str]:
        with self.library.db.reading() as session:
            return list(session.scalars(select(Finding.uuid)))

    def add(self) -> None:
        pdf = self.rng.choice(self.pdfs)
        facts = inspect_pdf(pdf)
        say("add", "BEGIN", sha256=facts.sha256)
        result = self.library.articles.add_pdf(facts)
        say("add", "DONE", sha256=facts.sha256, article=result.article_id)

    def finding(self) -> None:
        articles = self.article_ids()
        if not articles:
            return self.add()
        token = self.next_token()
        say("finding", "BEGIN", token=token)
        statement = make_finding(self.library, self.rng.choice(articles), self.rng, token)
        say("finding", "DONE", statement=statement)
        return None

    def edit(self) -> None:
        uuids = self.finding_uuids()
        if not uuids:
            return self.finding()
        uuid = self.rng.choice(uuids)
        comment = f"edit {self.next_token()}"
        say("edit", "BEGIN", uuid=uuid, comment=comment)
        self.library.findings.edit(uuid, comment=comment)
        say("edit", "DONE", uuid=uuid, comment=comment)
        return None

    def status(self) -> None:
        articles = self.article_ids()
        if not articles:
            return self.add()
        article = self.rng.choice(articles)
        status = self.rng.choice(list(ReadingStatus))
        say("status", "BEGIN", article=article, status=status.value)
        self.library.articles.set_reading_status(article, status)
        say("status", "DONE", article=article, status=status.value)
        return None

    def refs(self) -> None:
        """Import a BibTeX file of a few new records (one transaction)."""
        token = self.next_token()
        dois = [f"10.9999/crash.{token}.{n}" for n in range(self.rng.randint(1, 4))]
        entries = "\n".join(
            f"@article{{r{n},\n  author = {{Family{token}x{n}, Given}},\n"
            f"  title = {{Imported record {token} {n}}},\n"
            f"  journal = {{Journal of Crashes}},\n  doi = {{{doi}}}\n}}\n"
            for n, doi in enumerate(dois)
        )
        source = self.library.root.parent / f"refs-{token}.bib"
        source.write_text(entries, encoding="utf-8")
        say("refs", "BEGIN", dois=dois)
        self.library.references.import_file(source)
        say("refs", "DONE", dois=dois)
        source.unlink()

    def share(self) -> None:
        """Merge one of the collaborator's annotation files (one transaction)."""
        if not self.shared:
            return self.refs()
        source = self.rng.choice(self.shared)
        say("share", "BEGIN", file=source.name)
        self.library.sharing.import_file(source)
        say("share", "DONE", file=source.name)
        return None

    def backup(self) -> None:
        say("backup", "BEGIN")
        made = self.library.backups.make()
        say("backup", "DONE", path=str(made.path))

    def step(self) -> None:
        action = self.rng.choices(
            (self.add, self.finding, self.edit, self.status, self.refs, self.share, self.backup),
            weights=(20, 30, 25, 10, 10, 10, 5),
        )[0]
        action()


def main(argv: list[str]) -> int:
    library_dir, pdf_dir, seed = Path(argv[0]), Path(argv[1]), int(argv[2])
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    shared = sorted((pdf_dir / SHARED).glob("*.json"))
    with Library(library_dir) as library:
        print("READY", flush=True)
        driver = Driver(library, pdfs, shared, random.Random(seed))
        steps = int(argv[3]) if len(argv) > 3 else 1_000_000
        for _ in range(steps):
            driver.step()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
