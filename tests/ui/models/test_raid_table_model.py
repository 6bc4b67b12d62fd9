"""The RAID table's model: what each column shows, its sorts and filters, and Qt's model rules."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from benchmarks.bench_raid_view import generate_items
from migrator.domain.raid import LinkRole, RaidItem, RaidLink, RaidStatus, RaidType, RiskBands
from migrator.ui.models.raid_table_model import (
    KEY,
    LINKED,
    MEASURE,
    STATUS,
    TITLE,
    TYPE,
    RaidFilter,
    RaidTableModel,
)

AS_OF = date(2027, 3, 1)


def _item(item_id: int, key: str, kind: RaidType, title: str, **fields: Any) -> RaidItem:
    return RaidItem(
        id=item_id, key=key, type=kind, title=title, description=fields.pop("description", ""),
        owner_id=fields.pop("owner_id", None), owner_name=fields.pop("owner_name", None),
        team_id=fields.pop("team_id", None), team_code=None, status=fields.pop("status", RaidStatus.OPEN),
        created=date(2027, 1, 4), updated=date(2027, 1, 4), **fields,
    )  # fmt: skip


def _log() -> dict[int, RaidItem]:
    link = RaidLink(1, 1, LinkRole.THREATENS, 7, None, "BNK-2", 1)
    # fmt: off
    items = [
        _item(1, "R-1", RaidType.RISK, "Card bureau capacity", probability=4, impact=4, links=(link,),
              owner_id=1, owner_name="Ana Ruiz", review_date=date(2027, 2, 1)),
        _item(2, "R-2", RaidType.RISK, "Bank sign-off late", probability=2, impact=3),
        _item(3, "R-10", RaidType.RISK, "Old closed one", probability=5, impact=5, status=RaidStatus.CLOSED),
        _item(4, "D-1", RaidType.DECISION, "Migrate business customers first?", needed_by=date(2027, 3, 8),
              decider="Steering committee", owner_id=2, owner_name="Ben Okafor"),
        _item(5, "D-2", RaidType.DECISION, "Archive format", needed_by=date(2027, 6, 1)),
        _item(6, "A-1", RaidType.ASSUMPTION, "Bureau prints 50,000 cards a week",
              validate_by=date(2027, 2, 20)),
        _item(7, "I-1", RaidType.ISSUE, "Test data missing", target_date=date(2027, 2, 25), team_id=3),
    ]
    # fmt: on
    return {item.id: item for item in items}


def _model(qtmodeltester: Any) -> RaidTableModel:
    model = RaidTableModel()
    model.set_items(_log(), RiskBands(), AS_OF)
    qtmodeltester.check(model)
    return model


def _column(model: RaidTableModel, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_every_column_shows_what_the_type_has(qtmodeltester: Any) -> None:
    model = _model(qtmodeltester)
    assert _column(model, KEY) == ["A-1", "D-1", "D-2", "I-1", "R-1", "R-2", "R-10"]  # key order: R-2 < R-10
    row = model.row_of(1)
    assert row is not None
    assert [model.index(row, c).data() for c in range(model.columnCount())] == [
        "Risk", "R-1", "Card bureau capacity", "Ana Ruiz", "16 red", "Open", "BNK-2",
    ]  # fmt: skip
    measures = dict(zip(_column(model, KEY), _column(model, MEASURE), strict=True))
    assert measures["D-1"] == "needed by 8 Mar 2027"
    assert measures["I-1"] == "target 25 Feb 2027"
    assert measures["A-1"] == "validate by 20 Feb 2027"
    assert measures["R-2"] == "6 green"
    assert model.index(row, LINKED).data(Qt.ItemDataRole.ToolTipRole) == "threatens: BNK-2"
    assert model.index(row, TITLE).data(Qt.ItemDataRole.ToolTipRole) == "Card bureau capacity"
    assert model.index(row, MEASURE).data(Qt.ItemDataRole.BackgroundRole) is not None  # the band's fill


def test_the_bands_are_the_migrations(qtmodeltester: Any) -> None:
    model = _model(qtmodeltester)
    model.set_items(_log(), RiskBands(amber_score=4, red_score=6), AS_OF)
    row = model.row_of(2)
    assert row is not None and model.index(row, MEASURE).data() == "6 red"


def test_sorts_by_each_column(qtmodeltester: Any) -> None:
    model = _model(qtmodeltester)
    model.sort(MEASURE)
    # Risks worst first, then the others by their date, soonest first.
    assert _column(model, KEY) == ["R-10", "R-1", "R-2", "A-1", "I-1", "D-1", "D-2"]
    model.sort(MEASURE, Qt.SortOrder.DescendingOrder)
    assert _column(model, KEY)[0] == "D-2"
    model.sort(TYPE)
    assert _column(model, TYPE) == ["Risk"] * 3 + ["Assumption", "Issue", "Decision", "Decision"]
    model.sort(STATUS, Qt.SortOrder.DescendingOrder)
    assert _column(model, STATUS)[0] == "Closed"
    model.sort(TITLE)
    assert _column(model, TITLE)[0] == "Archive format"
    qtmodeltester.check(model)


def test_filters(qtmodeltester: Any) -> None:
    model = _model(qtmodeltester)

    def keys(row_filter: RaidFilter) -> list[str]:
        model.set_filter(row_filter)
        return _column(model, KEY)

    assert keys(RaidFilter(type=RaidType.DECISION)) == ["D-1", "D-2"]
    assert keys(RaidFilter(status=RaidStatus.CLOSED)) == ["R-10"]
    assert keys(RaidFilter(owner_id=2)) == ["D-1"]
    assert keys(RaidFilter(team_id=3)) == ["I-1"]
    assert keys(RaidFilter(needs_review=True)) == ["R-1"]  # reviewed by 1 Feb, open
    assert keys(RaidFilter(decisions_due=True)) == ["D-1"]  # needed within two weeks
    assert keys(RaidFilter(cell=(4, 4))) == ["R-1"]
    assert keys(RaidFilter(cell=(5, 5))) == []  # the closed risk is not on the map
    assert keys(RaidFilter(text="bnk-2")) == ["R-1"]  # linked work is searched
    assert keys(RaidFilter(text="bureau")) == ["A-1", "R-1"]
    assert keys(RaidFilter()) == ["A-1", "D-1", "D-2", "I-1", "R-1", "R-2", "R-10"]
    qtmodeltester.check(model)


def test_a_changed_item_keeps_its_row_or_moves(qtmodeltester: Any) -> None:
    model = _model(qtmodeltester)
    items = _log()
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    items[2] = dataclasses.replace(items[2], title="Bank sign-off later")
    model.items_changed(items, [2])
    assert changed == [model.row_of(2)]
    model.sort(TITLE)
    items[2] = dataclasses.replace(items[2], title="Aardvark")
    model.items_changed(items, [2])
    assert model.row_of(2) == 0
    del items[2]
    model.items_changed(items, [2])
    assert model.row_of(2) is None and model.rowCount() == 6
    qtmodeltester.check(model)


def test_a_large_log(qtmodeltester: Any) -> None:
    model = RaidTableModel()
    model.set_items(generate_items(300), RiskBands(), AS_OF)
    model.set_filter(RaidFilter(text="ledger"))
    model.sort(LINKED)
    qtmodeltester.check(model)
