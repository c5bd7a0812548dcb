"""Settings: library folder, reviewer name and colour, default citation style and export format.

The per-user choices live in QSettings (`Preferences`); the reviewer's name and
colour belong to the library (they travel with its findings), so they are
stored through `library.reviewers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from poemsreader.core.errors import InvalidInput
from poemsreader.services.library import Library
from poemsreader.storage.reviewers import DEFAULT_COLOUR

CITATION_STYLES = (
    ("house", "House style (Humeniuk MS, Gertz MA. 'Title.' Blood 122 …)"),
    ("vancouver", "Vancouver"),
    ("ama", "AMA"),
    ("ieee", "IEEE"),
    ("apa", "APA"),
)
EXPORT_FORMATS = (
    ("md", "Markdown (.md)"),
    ("html", "Web page (.html)"),
    ("docx", "Word document (.docx)"),
    ("odt", "OpenDocument text (.odt)"),
)


@dataclass
class Preferences:
    """The per-user choices kept in QSettings ('' library folder: the default one)."""

    library_dir: str = ""
    citation_style: str = "house"
    export_format: str = "md"

    KEYS = ("library_dir", "citation_style", "export_format")

    @classmethod
    def load(cls, settings: QSettings) -> Preferences:
        defaults = cls()
        values = {
            key: str(settings.value(f"preferences/{key}", getattr(defaults, key)))
            for key in cls.KEYS
        }
        return cls(**values)

    def save(self, settings: QSettings) -> None:
        for key in self.KEYS:
            settings.setValue(f"preferences/{key}", getattr(self, key))
        settings.sync()


class ColourButton(QPushButton):
    """A button showing a colour swatch; clicking it opens the colour chooser."""

    colour_changed = Signal(str)

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clicked.connect(self._choose)
        self.set_colour(colour)

    def colour(self) -> str:
        return self._colour

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour).name() if QColor(colour).isValid() else DEFAULT_COLOUR
        self.setText(self._colour)
        self.setIcon(_swatch(self._colour))
        self.setAccessibleDescription(f"Your highlight colour, now {self._colour}")
        self.colour_changed.emit(self._colour)

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, "Reviewer colour")
        if chosen.isValid():
            self.set_colour(chosen.name())


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class SettingsDialog(QDialog):
    """Edit `Preferences` and the library's own reviewer; OK applies both."""

    def __init__(
        self, library: Library, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.preferences = Preferences.load(settings)
        self.status_message = ""
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._build()
        self._load()

    def _build(self) -> None:
        self.library_edit = QLineEdit()
        self.library_edit.setPlaceholderText(str(self.library.root))
        browse = QToolButton(text="Browse…")
        browse.setAccessibleName("Choose library folder")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.library_edit, 1)
        folder_row.addWidget(browse)
        self.reviewer_edit = QLineEdit()
        self.reviewer_edit.setPlaceholderText("Your name, shown on your findings")
        self.colour_button = ColourButton(DEFAULT_COLOUR)
        self.style_combo = _combo(CITATION_STYLES)
        self.format_combo = _combo(EXPORT_FORMATS)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Problems")
        self.error_label.hide()

        form = QFormLayout()
        folder_label = QLabel("&Library folder:")
        folder_label.setBuddy(self.library_edit)
        form.addRow(folder_label, folder_row)
        form.addRow("", _hint("A new library folder is opened the next time poemsreader starts."))
        form.addRow("Reviewer &name:", self.reviewer_edit)
        form.addRow("Reviewer &colour:", self.colour_button)
        form.addRow("Citation &style:", self.style_combo)
        form.addRow("Export &format:", self.format_combo)
        self._describe()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _describe(self) -> None:
        self.library_edit.setAccessibleName("Library folder")
        self.library_edit.setAccessibleDescription("Folder holding the database and the PDFs")
        self.reviewer_edit.setAccessibleName("Reviewer name")
        self.style_combo.setAccessibleName("Citation style")
        self.format_combo.setAccessibleName("Export format")
        self.reviewer_edit.setAccessibleDescription("Your name, shown to collaborators")
        self.colour_button.setAccessibleName("Reviewer colour")
        self.style_combo.setAccessibleDescription("How the digest's reference list is formatted")
        self.format_combo.setAccessibleDescription("The format offered first when exporting")

    def _load(self) -> None:
        self.library_edit.setText(self.preferences.library_dir)
        me = self.library.reviewers.me()
        if me is not None:
            self.reviewer_edit.setText(me.name)
            self.colour_button.set_colour(me.colour)
        _select(self.style_combo, self.preferences.citation_style)
        _select(self.format_combo, self.preferences.export_format)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Library folder", self.library_edit.text())
        if folder:
            self.library_edit.setText(folder)

    def accept(self) -> None:
        try:
            change = self.library.reviewers.set_me(
                self.reviewer_edit.text(), self.colour_button.colour()
            )
        except InvalidInput as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            self.reviewer_edit.setFocus()
            return
        self.preferences = Preferences(
            library_dir=self.library_edit.text().strip(),
            citation_style=str(self.style_combo.currentData()),
            export_format=str(self.format_combo.currentData()),
        )
        self.preferences.save(self.settings)
        self.status_message = f"Settings saved. {change.message}."
        super().accept()


def _combo(choices: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)  # the palette's disabled text: muted in light and dark themes
    return label


def saved_library_dir(settings: QSettings) -> str | None:
    """The library folder chosen in Settings, or None for the default."""
    return Preferences.load(settings).library_dir or None
