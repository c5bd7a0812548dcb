"""Every hostile PDF of the shared corpus: opened correctly or refused in one line, in time.

Each file goes through `poemsreader add` (a real CLI process) and through
`open_document`, page rendering, text layout and `inspect_pdf` in a worker process
(tests.hostile.probe). Both run
under a time limit: a file still being worked on when it runs out counts as a hang.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parents[2]
TIME_LIMIT_S = 90
NO_TEXT_LAYER = "no text layer: highlights need a text layer"

# From the corpus's SOURCES.md: the user passwords of the encrypted files.
PASSWORDS = {
    "enc-aes256-r6-userpw-asdfzxcv.pdf": "asdfzxcv",
    "enc-libreoffice-rc4-userpw-openpassword.pdf": "openpassword",
    "enc-novapdf-rc4-userpw-test.pdf": "test",
    "enc-scanned-aes128-pw-ELXRTQWS.pdf": "ELXRTQWS",
    "enc-aes256-nonascii-pw.pdf": "æøå",
}


@dataclass
class Outcome:
    name: str
    how: str  # "add", "add without password", "probe"
    status: str  # "opened", "refused", "hang", "traceback", "bad message"
    detail: str = ""
    has_text: bool | None = None
    rendered: int = 0
    render_failed: int = 0


def _run(command: list[str]) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=TIME_LIMIT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return None


def add_via_cli(path: Path, library: Path, password: str | None, how: str) -> Outcome:
    command = [sys.executable, "-m", "poemsreader", "--library", str(library), "add", str(path)]
    if password is not None:
        command += ["--password", password]
    result = _run(command)
    if result is None:
        return Outcome(path.name, how, "hang")
    if "Traceback" in result.stderr or result.returncode not in (0, 1):
        return Outcome(path.name, how, "traceback", result.stderr[-1500:])
    if result.returncode == 0:
        return Outcome(path.name, how, "opened", result.stdout)
    lines = result.stderr.strip().splitlines()
    if len(lines) != 1 or not lines[0].startswith("poemsreader: "):
        return Outcome(path.name, how, "bad message", result.stderr)
    return Outcome(path.name, how, "refused", lines[0])


def probe(path: Path, password: str | None) -> Outcome:
    command = [sys.executable, "-m", "tests.hostile.probe", str(path)]
    result = _run([*command, password] if password else command)
    if result is None:
        return Outcome(path.name, "probe", "hang")
    if result.returncode != 0 or "Traceback" in result.stderr:
        return Outcome(path.name, "probe", "traceback", result.stderr[-1500:])
    found = json.loads(result.stdout.strip().splitlines()[-1])
    message = found.get("message", "")
    if found["outcome"] == "refused" and ("\n" in message or not message.endswith(".")):
        return Outcome(path.name, "probe", "bad message", message)
    return Outcome(
        path.name,
        "probe",
        found["outcome"],
        message,
        found.get("has_text"),
        found.get("rendered", 0),
        len(found.get("render_failed", [])),
    )


def sweep(tmp_path: Path) -> list[Outcome]:
    files = sorted((CORPUS / "hostile").glob("*.pdf"))
    jobs = []
    for n, path in enumerate(files):
        password = PASSWORDS.get(path.name)
        jobs.append(lambda p=path, pw=password, n=n: add_via_cli(p, tmp_path / f"l{n}", pw, "add"))
        jobs.append(lambda p=path, pw=password: probe(p, pw))
        if password is not None:
            jobs.append(
                lambda p=path, n=n: add_via_cli(p, tmp_path / f"n{n}", None, "add without password")
            )
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda job: job(), jobs))


@pytest.mark.corpus
@pytest.mark.slow
def test_hostile_files_are_opened_or_refused_in_one_line(tmp_path: Path) -> None:
    if not (CORPUS / "hostile").is_dir():
        pytest.skip(f"needs the shared corpus at {CORPUS}")
    outcomes = sweep(tmp_path)
    names = {o.name for o in outcomes}
    failed = [o for o in outcomes if o.status not in ("opened", "refused")]
    hangs = [o for o in outcomes if o.status == "hang"]
    handled = names - {o.name for o in failed}
    rendered = sum(o.rendered for o in outcomes)
    render_failed = sum(o.render_failed for o in outcomes)
    print(
        f"hostile files: {len(handled)}/{len(names)} handled, {len(hangs)} hangs; "
        f"{rendered} pages rendered, {render_failed} pages failed alone"
    )
    assert failed == [], failed
    by_key = {(o.name, o.how): o for o in outcomes}
    for name in PASSWORDS:  # the password is asked for, and the right one opens the file
        assert by_key[(name, "add")].status == "opened", by_key[(name, "add")]
        refused = by_key[(name, "add without password")]
        assert refused.status == "refused" and "password" in refused.detail
    scans = [o.name for o in outcomes if o.how == "probe" and o.has_text is False]
    assert "scanned-journal-page-image-only.pdf" in scans
    for name in scans:
        assert NO_TEXT_LAYER in by_key[(name, "add")].detail, by_key[(name, "add")]
