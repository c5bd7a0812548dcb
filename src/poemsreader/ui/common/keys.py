"""Standard shortcuts, with the usual keys where the platform names none.

Qt asks the platform theme for QKeySequence.StandardKey bindings; some themes
(and the offscreen platform) give none for Quit or Preferences, which would
leave those actions without a key.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

FALLBACKS = {
    QKeySequence.StandardKey.Quit: "Ctrl+Q",
    QKeySequence.StandardKey.Preferences: "Ctrl+,",
}


def standard_shortcut(key: QKeySequence.StandardKey) -> QKeySequence:
    """The platform's sequence for `key`, or the usual one when it has none."""
    standard = QKeySequence(key)
    if standard.isEmpty() and key in FALLBACKS:
        return QKeySequence(FALLBACKS[key])
    return standard
