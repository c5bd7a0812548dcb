"""Two processes on one library: both keep working; a write that stays blocked says so."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from poemsreader.core.errors import LibraryInUse
from poemsreader.pdf.document import inspect_pdf
from poemsreader.services.library import Library
from poemsreader.storage import database
from poemsreader.storage.schema import Finding
from tests.librarydata import add_finding

REPO = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent(
    """
    import sys, time
    from poemsreader.services.library import Library
    from poemsreader.storage.schema import Setting
    from pathlib import Path
    with Library(Path(sys.argv[1])) as library:
        with library.db.transaction() as session:
            session.merge(Setting(key="holder", value=1))
            session.flush()
            print("holding", flush=True)
            time.sleep(float(sys.argv[2]))
    print("released", flush=True)
    """
)

WRITER = textwrap.dedent(
    """
    import sys
    from poemsreader.services.library import Library
    from tests.librarydata import add_finding
    from pathlib import Path
    with Library(Path(sys.argv[1])) as library:
        for n in range(int(sys.argv[3])):
            add_finding(library, int(sys.argv[2]), f"{sys.argv[4]} {n}")
    """
)


def _start(code: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_blocked_write_names_the_other_process_and_saves_nothing(
    library: Library, article_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    library.close()
    holder = _start(HOLDER, library.root, 4)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
        monkeypatch.setattr("poemsreader.storage.lock.RETRY_PAUSE_S", 0.01)
        with Library(library.root) as second:
            assert second.articles.rows()  # reading works while the other one writes
            with pytest.raises(LibraryInUse, match=rf"another poemsreader \(pid {holder.pid}\)"):
                add_finding(second, article, "blocked")
    finally:
        holder.communicate(timeout=30)
    with Library(library.root) as third, third.db.reading() as session:
        assert session.query(Finding).count() == 0


def test_cli_commands_work_while_another_process_writes(
    library: Library, article_pdf: Path
) -> None:
    library.articles.add_pdf(inspect_pdf(article_pdf))
    library.close()
    holder = _start(HOLDER, library.root, 2)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        listing = subprocess.run(
            [sys.executable, "-m", "poemsreader", "--library", str(library.root), "list"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert listing.returncode == 0, listing.stderr
        assert "Royer 2013" in listing.stdout
        # a write from the CLI waits for the other writer instead of failing
        backup = subprocess.run(
            [sys.executable, "-m", "poemsreader", "--library", str(library.root), "check"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert "Traceback" not in backup.stderr
        assert backup.returncode == 0, backup.stdout + backup.stderr
    finally:
        holder.communicate(timeout=30)


def test_two_writers_at_once_lose_nothing(library: Library, article_pdf: Path) -> None:
    article = library.articles.add_pdf(inspect_pdf(article_pdf)).article_id
    library.close()
    writers = [_start(WRITER, library.root, article, 25, name) for name in ("left", "right")]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with Library(library.root) as again, again.db.reading() as session:
        statements = {f.statement for f in session.query(Finding)}
    assert statements == {f"{side} {n}" for side in ("left", "right") for n in range(25)}


def test_presence_lists_live_processes_only(library: Library) -> None:
    presence = library.db.presence
    assert presence.others() == []
    library.paths.lock_file.write_text(f"{presence.pid}\n999999999\n1\n")
    assert presence.others() == [1]
    library.close()
    assert str(presence.pid) not in library.paths.lock_file.read_text().split()


def test_retry_runs_the_whole_action_again_until_it_gets_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlite3

    from poemsreader.storage.lock import retry_busy

    monkeypatch.setattr("poemsreader.storage.lock.RETRY_PAUSE_S", 0.0)
    calls = []

    def action() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "saved"

    assert retry_busy(action, lambda: "busy") == "saved"
    calls.clear()
    with pytest.raises(LibraryInUse, match="busy"):
        retry_busy(action, lambda: "busy", attempts=2)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        retry_busy(
            lambda: (_ for _ in ()).throw(sqlite3.OperationalError("no such table")), lambda: "busy"
        )
