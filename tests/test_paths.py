"""Finding the resources: the checkout's resources/ folder, or the installed package's copy."""

from __future__ import annotations

import pytest

from migrator.paths import resource, resource_root, style_sheet


def test_a_checkout_reads_the_top_level_resources_folder() -> None:
    assert resource_root().name == "resources"
    assert resource("icons", "migrator.svg").read_text(encoding="utf-8").startswith("<svg")


def test_a_missing_resource_is_named() -> None:
    with pytest.raises(FileNotFoundError, match=r"resource style/nowhere.qss is missing from .*resources"):
        resource("style", "nowhere.qss")


def test_the_dashboard_style_fills_in_its_colours() -> None:
    text = style_sheet("dashboard", BACKGROUND="#F4F6F8", RULE="#DDE3E8", MUTED_INK="#546E7A", INK="#263238")
    assert "#dashboard { background: #F4F6F8; }" in text
    assert "#heading { color: #263238; font-weight: 600; }" in text
    assert "$" not in text


def test_a_style_sheet_without_a_value_it_needs_is_refused() -> None:
    with pytest.raises(KeyError, match="BACKGROUND"):
        style_sheet("dashboard", RULE="#DDE3E8", MUTED_INK="#546E7A", INK="#263238")
