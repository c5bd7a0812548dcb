"""Dropping a dragged item on a view the way Qt delivers it: enter, move, drop events.

Mouse presses and moves do start a drag in these views (the tree reaches its
dragging state), but the offscreen platform has no drag support: QDrag.exec()
returns at once. So the tests send the view the events a real drag would bring.
"""

from __future__ import annotations

import warnings

from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication


def point_above(view: QAbstractItemView, index: QModelIndex) -> QPoint:
    rect = view.visualRect(index)
    return QPoint(rect.center().x(), rect.top() + 1)


def point_on(view: QAbstractItemView, index: QModelIndex) -> QPoint:
    return view.visualRect(index).center()


def drag_and_drop(view: QAbstractItemView, source: QModelIndex, target: QPoint) -> None:
    mime = view.model().mimeData([source])
    actions = Qt.DropAction.MoveAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    with warnings.catch_warnings():
        # PySide flags the QPoint constructors of drag events as deprecated; Qt 6
        # offers no other constructor for QDragEnterEvent / QDragMoveEvent.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(target, actions, mime, buttons, mods)
        move = QDragMoveEvent(target, actions, mime, buttons, mods)
    drop = QDropEvent(QPointF(target), actions, mime, buttons, mods)
    for event in (enter, move, drop):
        QApplication.sendEvent(viewport, event)
