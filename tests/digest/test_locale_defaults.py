"""Paper size and language from the reviewer's locale (A4 outside the Letter countries)."""

from __future__ import annotations

import pytest

from poemsreader.core.errors import InvalidInput
from poemsreader.digest.locale_defaults import (
    language_or_default,
    locale_language,
    locale_paper,
    paper_or_default,
)


@pytest.mark.parametrize(
    ("env", "paper", "language"),
    [
        ({"LANG": "en_US.UTF-8"}, "letter", "en-US"),
        ({"LANG": "en_GB.UTF-8"}, "a4", "en-GB"),
        ({"LANG": "de_CH.UTF-8"}, "a4", "de-CH"),
        ({"LANG": "fr_CA.UTF-8"}, "letter", "fr-CA"),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, "a4", "en-US"),
        ({"LC_ALL": "es_MX.UTF-8", "LANG": "en_GB.UTF-8"}, "letter", "es-MX"),
        ({"LANG": "C.UTF-8"}, "a4", "en"),
        ({}, "a4", "en"),
    ],
)
def test_locale_gives_paper_and_language(env: dict[str, str], paper: str, language: str) -> None:
    assert locale_paper(env) == paper
    assert locale_language(env) == language


def test_settings_win_and_bad_ones_are_refused() -> None:
    assert paper_or_default("Letter") == "letter"
    assert language_or_default("pt_BR") == "pt-BR"
    with pytest.raises(InvalidInput, match="Unknown paper size"):
        paper_or_default("a5")
    with pytest.raises(InvalidInput, match="Not a language tag"):
        language_or_default("English please")
