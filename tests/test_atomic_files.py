"""Files written whole or not at all: the target keeps its content on failure, no leftovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from poemsreader.atomic_files import (
    copy_atomically,
    replacing,
    write_bytes_atomically,
    write_text_atomically,
)


def test_written_files_replace_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_text_atomically(target, "one\ntwo\n")
    assert target.read_bytes() == b"one\ntwo\n"
    write_bytes_atomically(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    source = tmp_path / "source.bin"
    source.write_bytes(b"copied")
    copy_atomically(source, target)
    assert target.read_bytes() == b"copied"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "source.bin"]


def test_a_failure_half_way_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_no_folder_is_made(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_bytes_atomically(tmp_path / "missing" / "out.txt", b"x")
    assert list(tmp_path.iterdir()) == []
