"""Undo commands are deleted by their stack, never by Python's garbage collector.

A bus (or window) nobody keeps is freed by the collector when it sits in a reference
cycle. Clearing that cycle used to hand a pushed command back to Python, which deleted
it while its stack still listed it; the stack then deleted it a second time and the
process crashed, later, somewhere unrelated (in the test suite: inside `Library(...)`
of whatever test the collector happened to run in).
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

import pytest

from poemsreader.core.topic_commands import CreateTopic, SetDigestText
from poemsreader.services.library import Library
from poemsreader.ui.common.change_bus import ChangeBus
from poemsreader.ui.common.undo import held_commands

pytestmark = pytest.mark.gui

# Run in a child process: before the fix this crashed the interpreter.
DROPPED_BUSES = textwrap.dedent(
    """
    import gc, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from poemsreader.core.topic_commands import CreateTopic
    from poemsreader.services.library import Library
    from poemsreader.ui.common.change_bus import ChangeBus

    app = QApplication([])
    library = Library(Path(sys.argv[1]))


    class Window:
        "Holds a bus in a cycle, as a widget holding `bus.push` does."


    gc.disable()
    buses = []
    for n in range(4):
        bus = ChangeBus(library)  # parentless: Python owns it, and through it the stack
        window = Window()
        window.push, window.me = bus.push, window
        buses.append(window)
    gc.collect(0)  # they age; a full collection then clears the younger commands first
    for n, window in enumerate(buses):
        window.push(CreateTopic(f"Topic {n}"))
    del bus, window, buses
    print("collecting", flush=True)
    gc.collect()
    for n in range(200):  # reuse the freed memory: a double delete shows by now
        ChangeBus(library).push(CreateTopic(f"Other topic {n}"))
    library.close()
    print("ok", flush=True)
    """
)


def test_a_dropped_bus_in_a_reference_cycle_is_freed_cleanly(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", DROPPED_BUSES, str(tmp_path / "library")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["collecting", "ok"]


class Window:
    """Holds a bus in a cycle, as a widget holding `bus.push` does."""


def test_a_dropped_bus_and_its_commands_are_let_go(library: Library) -> None:
    gc.collect()
    before = held_commands()
    bus = ChangeBus(library)
    bus.push(CreateTopic("Osteosclerotic lesions"))
    bus.push(CreateTopic("Renal involvement"))
    bus.undo_stack.undo()
    assert held_commands() == before + 2
    window = Window()
    window.push, window.me = bus.push, window
    gone = weakref.ref(bus)
    del bus, window
    gc.collect()
    assert gone() is None
    assert held_commands() == before


def test_commands_merged_or_discarded_by_the_stack_are_let_go(library: Library) -> None:
    gc.collect()
    before = held_commands()
    starters = topic_names(library)
    bus = ChangeBus(library)
    bus.push(CreateTopic("Osteosclerotic lesions"))
    bus.push(CreateTopic("Renal involvement"))
    bus.undo_stack.undo()
    bus.push(CreateTopic("Castleman disease"))  # discards the undone VEGF step
    assert bus.undo_stack.count() == 2
    assert held_commands() == before + 2
    bus.undo_stack.undo()
    bus.undo_stack.undo()
    assert topic_names(library) == starters
    bus.undo_stack.redo()
    assert topic_names(library) - starters == {"Osteosclerotic lesions"}


def topic_names(library: Library) -> set[str]:
    return {topic.name for topic in library.topics.flat()}


def test_a_typed_edit_merged_into_the_previous_step_is_let_go(library: Library) -> None:
    gc.collect()
    before = held_commands()
    bus = ChangeBus(library)
    bus.push(SetDigestText("title", "", "POEMS"))
    bus.push(SetDigestText("title", "POEMS", "POEMS syndrome"))  # typing on: one step
    assert bus.undo_stack.count() == 1
    assert held_commands() == before + 1
    bus.undo_stack.undo()
    assert library.digest.texts()["title"] == ""
