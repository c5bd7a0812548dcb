"""The library's own reviewer: set, renamed, validated."""

from __future__ import annotations

import pytest

from poemsreader.core.errors import InvalidInput
from poemsreader.services.library import Library


def test_me_is_created_then_renamed(library: Library) -> None:
    assert library.reviewers.me() is None
    library.reviewers.set_me("  Ada   Reviewer ", "#1971C2")
    first = library.reviewers.me()
    assert first is not None and (first.name, first.colour, first.is_me) == (
        "Ada Reviewer",
        "#1971c2",
        True,
    )
    change = library.reviewers.set_me("Ada R.", "#e03131")
    assert change.message == "Reviewer set to Ada R."
    again = library.reviewers.me()
    assert again is not None and again.id == first.id and again.name == "Ada R."
    assert len(library.reviewers.all()) == 1


def test_bad_values_are_refused_with_every_problem(library: Library) -> None:
    with pytest.raises(InvalidInput) as caught:
        library.reviewers.set_me("", "red")
    assert len(caught.value.problems) == 2
    assert library.reviewers.me() is None
