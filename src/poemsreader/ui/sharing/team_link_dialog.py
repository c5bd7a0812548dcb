"""Linking a library to a team library: the server's address and the team library's name
in one form, the address checked as it is typed (a password in it is refused before
anything is sent or stored)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from poemsreader.services.team.sync import address_problem

CREDENTIALS = (
    "Your user name and password come from PostgreSQL's own places: PGUSER and "
    "PGPASSWORD, ~/.pgpass or a service file. Never type a password into the address: "
    "it would be kept in the library."
)


class LinkDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link to a team library")
        self.address = QLineEdit()
        self.address.setPlaceholderText("postgresql://server.example.org/review")
        self.address.setAccessibleName("Server address")
        self.name = QLineEdit()
        self.name.setPlaceholderText("the name the team library's owner gave it")
        self.name.setAccessibleName("Team library")
        self.problem = QLabel("")
        self.problem.setObjectName("link-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        note = QLabel(CREDENTIALS)
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Server &address:", self.address)
        form.addRow("&Team library:", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.address.textChanged.connect(self._check)
        self.name.textChanged.connect(self._check)
        self.resize(520, self.sizeHint().height())
        self._check()

    def values(self) -> tuple[str, str]:
        return self.address.text().strip(), self.name.text().strip()

    def _check(self) -> None:
        url, name = self.values()
        problem = address_problem(url) if url else ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(url and name and not problem))
