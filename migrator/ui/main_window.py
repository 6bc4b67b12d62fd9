"""The main window: the migration's workstreams in a table, with counts in the status bar."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableView, QVBoxLayout, QWidget

from migrator.domain.model import Status
from migrator.services import MigrationService
from migrator.ui.workstream_table_model import WorkstreamTableModel


class MainWindow(QMainWindow):
    def __init__(self, service: MigrationService) -> None:
        super().__init__()
        self.service = service
        self.model = WorkstreamTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        # Fixed row heights keep large plans fast: no per-row size hints.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.read_only_banner = QLabel(
            "This file is read-only: you can look at the plan, but changes cannot be saved."
        )
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setStyleSheet(
            "#readOnlyBanner { background: #FFF3CD; color: #664D03; padding: 6px 10px; }"
        )
        self.read_only_banner.setVisible(service.read_only)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        header = self.table.horizontalHeader()
        for column, width in enumerate((80, 380, 210, 150, 110, 100, 100, 80)):
            self.table.setColumnWidth(column, width)  # once: a reload keeps what the user resized
        header.setSectionResizeMode(WorkstreamTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.resize(1280, 800)
        self.reload()

    def reload(self) -> None:
        migration = self.service.migration()
        rows = self.service.workstreams()
        self.model.set_rows(rows)
        self.setWindowTitle(f"{migration.name} — {self.service.path.name} — Migrator")
        counts = Counter(w.status for w in rows)
        parts = [f"{len(rows)} workstreams"] + [f"{counts[s]} {s.label.lower()}" for s in Status if counts[s]]
        target = migration.target_go_live.isoformat() if migration.target_go_live else "not set"
        self.counts_label.setText(" · ".join(parts) + f"   |   target go-live {target}")
