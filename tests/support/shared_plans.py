"""Helpers for the window's tests on shared plans: coordinators' login roles on the test server, a
way to answer the window's modal dialogs as a user would, and the message boxes it showed."""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from migrator.domain.places import ServerAddress

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster

EDITOR_GRANTS = (
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
)
READER_GRANTS = ("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",)


@dataclass
class Logins:
    """Login roles on the plan's database, each with a display name history credits; dropped
    after the test (roles belong to the whole server, shared by the run's tests)."""

    cluster: ThrowawayCluster
    address: ServerAddress
    made: list[str] = field(default_factory=list)

    def add(
        self, display_name: str, *, reads_only: bool = False, password: str | None = None
    ) -> ServerAddress:
        """A new coordinator's login; the plan's address as they open it."""
        from psycopg import sql  # with the server: only when a test needs one

        role = f"{display_name.split()[0].lower()}_{uuid.uuid4().hex[:8]}"
        name = sql.Identifier(role)
        login = sql.SQL("CREATE ROLE {} LOGIN").format(name)
        if password is not None:
            login = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(name, sql.Literal(password))
        self.cluster.run_sql(login)
        self.made.append(role)
        self.cluster.run_sql(sql.SQL("COMMENT ON ROLE {} IS {}").format(name, sql.Literal(display_name)))
        for grant in READER_GRANTS if reads_only else EDITOR_GRANTS:
            self.cluster.run_sql(sql.SQL(grant).format(role=name), database=self.address.database)
        return self.address.with_user(role)

    def drop(self) -> None:
        from psycopg import sql

        for role in self.made:
            name = sql.Identifier(role)
            self.cluster.run_sql(sql.SQL("DROP OWNED BY {}").format(name), database=self.address.database)
            self.cluster.run_sql(sql.SQL("DROP ROLE {}").format(name))


@dataclass
class DialogAnswers:
    """Answers the window's modal dialogs in the order they open, as a user would (typing into
    their fields, clicking their buttons); ``pending`` are the dialogs that never opened."""

    pending: deque[tuple[type[QWidget], Callable[[Any], None]]] = field(default_factory=deque)
    seen: list[QWidget] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def answer(self, kind: type[QWidget], act: Callable[[Any], None]) -> None:
        self.pending.append((kind, act))

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not self.pending or dialog is None or not dialog.isVisible() or dialog in self.seen:
            return
        kind, act = self.pending[0]
        if isinstance(dialog, kind):
            self.pending.popleft()
            self.seen.append(dialog)
            act(dialog)

    def stop(self) -> None:
        self._timer.stop()


@dataclass
class MessageBoxes:
    """The message boxes the window showed (kind, title, text), answered from ``answers`` in
    order, else with their default button."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    answers: deque[QMessageBox.StandardButton] = field(default_factory=deque)

    def box(self, kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: Any, title: str, text: str, *args: Any, **_kw: Any) -> QMessageBox.StandardButton:
            self.shown.append((kind, title, text))
            if self.answers:
                return self.answers.popleft()
            default = args[1] if len(args) > 1 else QMessageBox.StandardButton.Ok
            return default  # type: ignore[no-any-return]

        return show

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for shown, _title, text in self.shown if kind in (None, shown)]
