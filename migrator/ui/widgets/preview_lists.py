"""The lists of a preview, under headings with their counts ("Teams to create (2)"), each line
wrapped whole at the list's width, however long (a notice names two tasks and why)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

CELL_PADDING = 5  # the text margin on each side, as the item delegate draws it
WRAP = Qt.TextFlag.TextWordWrap


class PreviewLists(QTreeWidget):
    """Headings (bold, with a count, open) and their lines; an empty heading is left out."""

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fitting = QTimer(self)
        self._fitting.setSingleShot(True)
        self._fitting.timeout.connect(self.fit)

    def show_sections(self, sections: Sequence[tuple[str, Sequence[str]]]) -> None:
        self.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for heading, lines in sections:
            if not lines:
                continue
            section = QTreeWidgetItem(self, [f"{heading} ({len(lines)})"])
            section.setFont(0, bold)
            section.addChildren([QTreeWidgetItem([text]) for text in lines])
            section.setExpanded(True)
        self.setVisible(self.topLevelItemCount() > 0)  # nothing to list: the problems take the room
        self.fit()

    def sections(self) -> dict[str, list[str]]:
        """What is shown, by heading without its count: {"Teams to create": ["Card Ops", …]}."""
        shown: dict[str, list[str]] = {}
        for index in range(self.topLevelItemCount()):
            section = self.topLevelItem(index)
            assert section is not None
            lines = [section.child(row) for row in range(section.childCount())]
            shown[section.text(0).rsplit(" (", 1)[0]] = [line.text(0) for line in lines if line is not None]
        return shown

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fitting.start(0)  # once the header has given the column its new width

    def fit(self) -> None:
        """A line wider than the list as tall as its wrapped text (the tree itself measures
        wrapped text at the wrong width); the others one line high."""
        width = self.viewport().width() - self.indentation() - 2 * CELL_PADDING
        metrics = self.fontMetrics()
        surely_fits = max(1, width // max(1, metrics.maxWidth()))  # characters: no need to measure
        model = self.model()
        model.blockSignals(True)  # one layout at the end, not one per line (a plan lists thousands)
        try:
            for index in range(self.topLevelItemCount()):
                section = self.topLevelItem(index)
                assert section is not None
                for row in range(section.childCount()):
                    line = section.child(row)
                    assert line is not None
                    text = line.text(0)
                    if len(text) <= surely_fits or metrics.horizontalAdvance(text) <= width:
                        if line.sizeHint(0).isValid():
                            line.setSizeHint(0, QSize())
                        continue
                    needed = metrics.boundingRect(0, 0, max(width, 40), 100_000, WRAP, text).height()
                    line.setSizeHint(0, QSize(width, needed + 4))
        finally:
            model.blockSignals(False)
        self.doItemsLayout()
