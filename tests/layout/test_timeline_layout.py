"""The timeline's geometry without Qt: scale, ticks, rows, bars, arrows, shading and drags."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import Dependency, DependencyType
from migrator.layout.timeline import (
    ARROW_STUB,
    BAR_HEIGHT,
    BAR_TOP,
    DIAMOND_HALF,
    END_GRIP,
    ROW_HEIGHT,
    ZOOM_LEVELS,
    Bar,
    BarPart,
    DateScale,
    LinkIndex,
    Row,
    TickUnit,
    TimelineRows,
    arrow_route,
    bar_for,
    chart_span,
    days_dragged,
    fit,
    group_by_team,
    handle_centre,
    header_ticks,
    moved,
    non_working_runs,
    part_at,
    resized_due,
    team_span,
    tick_units,
    working_days_in,
    working_shift,
    zoom_in,
    zoom_offset,
    zoom_out,
)

MONDAY = date(2027, 3, 1)
SCALE = DateScale(MONDAY, 10.0)


def test_dates_and_x_convert_both_ways() -> None:
    assert SCALE.x(MONDAY) == 0
    assert SCALE.x(date(2027, 3, 4)) == 30
    assert SCALE.x_end(date(2027, 3, 4)) == 40
    assert SCALE.x_centre(date(2027, 3, 4)) == 35
    assert SCALE.day_at(39.9) == date(2027, 3, 4)
    assert SCALE.day_at(-0.1) == date(2027, 2, 28)
    assert SCALE.zoomed(1000).px_per_day == ZOOM_LEVELS[-1]


def test_zoom_steps_through_the_levels_and_joins_them_from_a_fitted_scale() -> None:
    assert zoom_in(6.0) == 8.0
    assert zoom_out(6.0) == 4.0
    assert zoom_in(5.1) == 6.0
    assert zoom_out(5.1) == 4.0
    assert zoom_in(ZOOM_LEVELS[-1]) == ZOOM_LEVELS[-1]
    assert zoom_out(ZOOM_LEVELS[0]) == ZOOM_LEVELS[0]


def test_zooming_keeps_the_date_under_the_mouse() -> None:
    offset, anchor = 300.0, 200.0
    day = SCALE.day_at(offset + anchor + 5)  # 5 px into the day under the mouse
    new_offset = zoom_offset(offset, anchor, 10.0, 20.0)
    assert new_offset == 800.0
    assert SCALE.zoomed(20.0).day_at(new_offset + anchor + 10) == day


def test_fit_puts_the_range_across_the_width() -> None:
    first, last = date(2027, 3, 8), date(2027, 4, 6)  # 30 days
    scale, offset = fit(first, last, 348, MONDAY, margin=24)
    assert scale.px_per_day == 10.0
    assert scale.x(first) - offset == 24
    assert scale.x_end(last) - offset == 324


def test_fit_leaves_room_for_the_captions_right_of_the_bars() -> None:
    first, last = date(2027, 3, 8), date(2027, 4, 6)  # 30 days
    milestone = date(
        2027, 3, 27
    )  # its bar ends on day 20, its caption ("BNK-11  Sat 27 Mar 2027") takes 150 px
    scale, offset = fit(first, last, 374, MONDAY, margin=24, captions=[(last, 50), (milestone, 150)])
    assert scale.px_per_day == 10.0
    assert scale.x_end(milestone) - offset + 150 == 374  # the caption ends at the chart's edge
    assert scale.x_end(last) - offset + 50 == 374
    assert scale.x(first) - offset == 24


def test_chart_span_starts_on_a_monday_with_room_either_side() -> None:
    start, end = chart_span(date(2027, 3, 10), date(2027, 6, 30))
    assert start.weekday() == 0 and start <= date(2027, 2, 10)
    assert end >= date(2027, 8, 31)


@pytest.mark.parametrize(
    ("px_per_day", "units"),
    [
        (32.0, (TickUnit.MONTH, TickUnit.DAY)),
        (8.0, (TickUnit.MONTH, TickUnit.WEEK)),
        (2.0, (TickUnit.YEAR, TickUnit.MONTH)),
        (0.75, (TickUnit.YEAR, TickUnit.QUARTER)),
    ],
)
def test_each_zoom_has_header_units_wide_enough_for_their_labels(
    px_per_day: float, units: tuple[TickUnit, TickUnit]
) -> None:
    assert tick_units(px_per_day) == units
    _, lower = header_ticks(DateScale(MONDAY, px_per_day), date(2027, 3, 3), date(2027, 9, 30))
    assert min(tick.width for tick in lower) >= 20  # room for "28", "Mar", "Q3"


def test_day_ticks_under_months() -> None:
    upper, lower = header_ticks(DateScale(MONDAY, 24.0), date(2027, 3, 30), date(2027, 4, 2))
    assert [(t.day, t.label) for t in upper] == [(MONDAY, "Mar 2027"), (date(2027, 4, 1), "Apr 2027")]
    assert upper[0].width == 31 * 24
    assert [t.label for t in lower] == ["30", "31", "1", "2"]
    assert lower[0].x == 29 * 24


def test_week_ticks_start_on_mondays() -> None:
    _, lower = header_ticks(DateScale(MONDAY, 6.0), date(2027, 3, 10), date(2027, 3, 24))
    assert [t.day for t in lower] == [date(2027, 3, 8), date(2027, 3, 15), date(2027, 3, 22)]
    assert [t.label for t in lower] == ["8", "15", "22"]
    assert all(t.width == 42 for t in lower)


def test_month_and_quarter_ticks_under_years() -> None:
    upper, lower = header_ticks(DateScale(MONDAY, 2.0), date(2027, 11, 20), date(2028, 1, 5))
    assert [t.label for t in upper] == ["2027", "2028"]
    assert [t.label for t in lower] == ["Nov", "Dec", "Jan"]
    assert lower[1].width == 31 * 2
    _, quarters = header_ticks(DateScale(MONDAY, 0.75), date(2027, 5, 1), date(2027, 12, 31))
    assert [(t.day, t.label) for t in quarters] == [
        (date(2027, 4, 1), "Q2"),
        (date(2027, 7, 1), "Q3"),
        (date(2027, 10, 1), "Q4"),
    ]


def test_weekends_and_holidays_shade_as_runs() -> None:
    calendar = WorkingCalendar.of(holidays=[date(2027, 3, 8), date(2027, 3, 12)])  # a Monday, a Friday
    runs = non_working_runs(calendar, date(2027, 3, 3), date(2027, 3, 15))
    assert runs == [(date(2027, 3, 6), 3), (date(2027, 3, 12), 3)]
    assert non_working_runs(calendar, date(2027, 3, 13), date(2027, 3, 13)) == [(date(2027, 3, 13), 1)]
    assert non_working_runs(calendar, date(2027, 3, 2), date(2027, 3, 4)) == []


def test_rows_group_by_team_in_the_order_given_and_collapse() -> None:
    team_of = {1: 10, 2: 20, 3: 10, 4: 20, 5: 30}
    groups = group_by_team([2, 1, 3, 4, 5], team_of)
    assert groups == [(20, [2, 4]), (10, [1, 3]), (30, [5])]
    rows = TimelineRows(groups)
    assert [rows[r] for r in range(len(rows))] == [
        Row(20, None), Row(20, 2), Row(20, 4), Row(10, None), Row(10, 1), Row(10, 3),
        Row(30, None), Row(30, 5),
    ]  # fmt: skip
    assert rows.row_of(3) == 5
    assert rows.height == 8 * ROW_HEIGHT
    assert rows.workstream_ids() == [2, 4, 1, 3, 5]

    folded = TimelineRows(groups, collapsed={20})
    assert [folded[r] for r in range(3)] == [Row(20, None), Row(10, None), Row(10, 1)]
    assert folded.row_of(2) is None and folded.row_of(1) == 2
    assert len(folded) == 6


def test_visible_rows_come_from_the_y_range_alone() -> None:
    rows = TimelineRows([(1, list(range(100, 20100)))])
    assert len(rows) == 20001
    top = 5000 * ROW_HEIGHT + ROW_HEIGHT / 2  # half way down row 5000
    assert rows.visible(top, top + 10 * ROW_HEIGHT) == range(5000, 5011)
    assert rows.visible(-50, ROW_HEIGHT) == range(0, 1)
    assert rows.visible(rows.height - 5, rows.height + 500) == range(20000, 20001)
    assert rows.row_at(top) == 5000 and rows.row_at(-1) is None and rows.row_at(rows.height) is None
    assert rows[5000] == Row(1, 100 + 4999)


def test_team_span_runs_from_earliest_start_to_latest_due() -> None:
    dates = [(date(2027, 3, 8), date(2027, 3, 19)), (None, date(2027, 4, 2)), (date(2027, 2, 1), None)]
    assert team_span(dates) == (date(2027, 2, 1), date(2027, 4, 2))
    assert team_span([(None, None)]) is None


def test_a_bar_spans_its_days_with_progress_slip_and_baseline() -> None:
    bar = bar_for(
        SCALE,
        date(2027, 3, 2),
        date(2027, 3, 11),  # ten days: x 10 to 110
        progress=40,
        forecast_finish=date(2027, 3, 15),
        baseline_start=date(2027, 3, 1),
        baseline_due=date(2027, 3, 5),
    )
    assert bar == Bar(10, 110, 50, 150, (0, 50), milestone=False)
    assert bar.reach == 150
    on_time = bar_for(SCALE, date(2027, 3, 2), date(2027, 3, 11), forecast_finish=date(2027, 3, 10))
    assert on_time is not None and on_time.slip_right is None and on_time.baseline is None
    assert bar_for(SCALE, None, None) is None
    single = bar_for(SCALE, None, date(2027, 3, 3))
    assert single is not None and (single.left, single.right) == (20, 30)


def test_a_milestone_is_a_diamond_in_the_middle_of_its_day() -> None:
    diamond = bar_for(
        SCALE, date(2027, 3, 5), date(2027, 3, 5), milestone=True, forecast_finish=date(2027, 3, 9),
        baseline_due=date(2027, 3, 3),
    )  # fmt: skip
    assert diamond is not None and diamond.milestone
    assert diamond.centre == 45
    assert (diamond.left, diamond.right) == (45 - DIAMOND_HALF, 45 + DIAMOND_HALF)
    assert diamond.slip_right == 85
    assert diamond.baseline == (25, 25)


def test_pressing_on_a_bar_finds_the_part_it_grabs() -> None:
    bar = Bar(10, 110, 10, None, None, milestone=False)
    assert part_at(bar, 50) is BarPart.BODY
    assert part_at(bar, 108) is BarPart.END
    assert part_at(bar, 110 - END_GRIP - 1) is BarPart.BODY
    assert part_at(bar, handle_centre(bar)) is BarPart.LINK_HANDLE
    assert part_at(bar, 200) is None and part_at(bar, 5) is None
    late = Bar(10, 110, 10, 150, None, milestone=False)
    assert part_at(late, handle_centre(late)) is BarPart.LINK_HANDLE and handle_centre(late) > 150
    short = Bar(10, 20, 10, None, None, milestone=False)
    assert part_at(short, 19) is BarPart.BODY  # too short for a grip: moved, not resized
    diamond = Bar(38, 52, 38, None, None, milestone=True)
    assert part_at(diamond, 51) is BarPart.BODY


MIDDLE = BAR_TOP + BAR_HEIGHT / 2


def _bars() -> tuple[Bar, Bar]:
    return Bar(100, 200, 100, None, None, False), Bar(300, 400, 300, None, None, False)


def test_finish_to_start_leaves_the_right_end_and_enters_the_left_end() -> None:
    before, after = _bars()
    route = arrow_route(DependencyType.FS, before, 0, after, 3)
    y0, y3 = MIDDLE, 3 * ROW_HEIGHT + MIDDLE
    assert route.points == ((200, y0), (200 + ARROW_STUB, y0), (200 + ARROW_STUB, y3), (300, y3))
    assert route.heading == 1


def test_start_to_start_turns_left_of_both_starts() -> None:
    before, after = _bars()
    route = arrow_route(DependencyType.SS, after, 2, before, 0)  # successor starts earlier
    y2, y0 = 2 * ROW_HEIGHT + MIDDLE, MIDDLE
    turn = 100 - ARROW_STUB
    assert route.points == ((300, y2), (turn, y2), (turn, y0), (100, y0))
    assert route.heading == 1


def test_finish_to_finish_turns_right_of_both_ends() -> None:
    before, after = _bars()
    route = arrow_route(DependencyType.FF, before, 0, after, 1)
    turn = 400 + ARROW_STUB
    y1 = ROW_HEIGHT + MIDDLE
    assert route.points == ((200, MIDDLE), (turn, MIDDLE), (turn, y1), (400, y1))
    assert route.heading == -1


def test_start_to_finish_leaves_the_start_and_enters_the_end() -> None:
    before, after = _bars()
    route = arrow_route(DependencyType.SF, after, 1, before, 0)  # successor ends before: room
    y1 = ROW_HEIGHT + MIDDLE
    assert route.points == ((300, y1), (300 - ARROW_STUB, y1), (300 - ARROW_STUB, MIDDLE), (200, MIDDLE))
    assert route.heading == -1


def test_an_overlapping_finish_to_start_goes_round_between_the_rows() -> None:
    before = Bar(100, 300, 100, None, None, False)
    after = Bar(150, 250, 150, None, None, False)  # starts before its predecessor ends
    below = arrow_route(DependencyType.FS, before, 2, after, 5)
    edge = 3 * ROW_HEIGHT  # the bottom of the predecessor's row
    y2, y5 = 2 * ROW_HEIGHT + MIDDLE, 5 * ROW_HEIGHT + MIDDLE
    assert below.points == (
        (300, y2), (308, y2), (308, edge), (142, edge), (142, y5), (150, y5),
    )  # fmt: skip
    assert below.heading == 1
    above = arrow_route(DependencyType.FS, before, 5, after, 2)
    assert above.points[2] == (308, 5 * ROW_HEIGHT)  # along the top of the predecessor's row
    assert above.points[-1] == (150, y2)


def test_an_overlapping_start_to_finish_goes_round_too() -> None:
    before = Bar(100, 300, 100, None, None, False)
    after = Bar(150, 250, 150, None, None, False)  # ends after its predecessor starts
    route = arrow_route(DependencyType.SF, before, 0, after, 1)
    assert [p[0] for p in route.points] == [100, 92, 92, 258, 258, 250]
    assert route.points[2][1] == ROW_HEIGHT and route.heading == -1


def test_arrows_meet_the_tips_of_a_milestone() -> None:
    before, _ = _bars()
    diamond = bar_for(SCALE, date(2027, 4, 1), date(2027, 4, 1), milestone=True)
    assert diamond is not None
    route = arrow_route(DependencyType.FS, before, 0, diamond, 1)
    assert route.points[-1][0] == diamond.centre - DIAMOND_HALF


def test_the_link_index_finds_links_touching_the_visible_rows() -> None:
    groups = [(1, [11, 12, 13]), (2, [21, 22])]
    links = LinkIndex([(100, 11, 12), (101, 12, 21), (102, 13, 22), (103, 11, 99)])  # 99: not shown
    rows = TimelineRows(groups)  # rows: T1 11 12 13 T2 21 22
    assert links.touching(rows, range(1, 3)) == [100, 101]
    assert links.touching(rows, range(5, 7)) == [101, 102]
    assert links.touching(rows, range(0, 1)) == []
    assert links.touching(rows, range(2, 3)) == [100, 101]  # 12's own links, from its row alone
    folded = TimelineRows(groups, collapsed={2})
    assert folded.row_of(21) is None
    assert links.touching(folded, range(0, len(folded))) == [100]


def test_the_link_index_follows_added_and_removed_links() -> None:
    links = LinkIndex([(100, 11, 12), (101, 12, 21)])
    links.sync({101: _link(101, 12, 21), 102: _link(102, 21, 22)})
    rows = TimelineRows([(1, [11, 12, 21, 22])])  # rows: T1 11 12 21 22
    assert links.touching(rows, range(1, 2)) == []  # 11's only link went
    assert links.touching(rows, range(2, 3)) == [101]
    assert links.touching(rows, range(3, 4)) == [101, 102]
    assert links.touching(rows, range(0, 5)) == [101, 102]


def _link(link_id: int, before: int, after: int) -> Dependency:
    return Dependency(link_id, before, after, f"A-{before}", f"A-{after}", DependencyType.FS, 0, "", 1)


def test_a_drag_is_whole_days_to_the_nearest() -> None:
    assert days_dragged(24, 10) == 2
    assert days_dragged(25, 10) == 3
    assert days_dragged(-25, 10) == -3
    assert days_dragged(4, 10) == 0


MON_FRI = WorkingCalendar()  # Monday to Friday
EASTER = WorkingCalendar.of(holidays=[date(2027, 3, 26), date(2027, 3, 29)])  # Good Friday, Easter Monday


def test_a_drag_moves_by_the_working_days_it_passes_onto_a_working_day() -> None:
    friday = date(2027, 3, 5)
    assert working_shift(MON_FRI, friday, 1) == 1  # Saturday: on to Monday
    assert working_shift(MON_FRI, friday, 3) == 1  # Monday itself
    assert working_shift(MON_FRI, friday, 4) == 2
    assert working_shift(MON_FRI, date(2027, 3, 8), -1) == -1  # Monday back onto Sunday: Friday
    assert working_shift(MON_FRI, friday, 0) == 0
    assert working_shift(EASTER, date(2027, 3, 25), 1) == 1  # Thursday to Tuesday, past the holidays
    assert working_days_in(EASTER, date(2027, 3, 22), date(2027, 4, 2)) == 8


def test_moving_keeps_the_working_duration_and_lands_on_working_days() -> None:
    start, due = date(2027, 3, 2), date(2027, 3, 11)  # Tuesday to Thursday of the next week: 8 days
    new_start, new_due = moved(MON_FRI, start, due, 1)
    assert (new_start, new_due) == (date(2027, 3, 3), date(2027, 3, 12))
    assert moved(MON_FRI, start, due, 4) == (date(2027, 3, 8), date(2027, 3, 17))  # not a weekend
    assert working_days_in(MON_FRI, date(2027, 3, 8), date(2027, 3, 17)) == 8
    # Across Easter the bar stretches over the holidays and keeps its 6 working days.
    assert moved(EASTER, date(2027, 3, 22), date(2027, 3, 31), 1) == (date(2027, 3, 23), date(2027, 4, 1))
    assert moved(MON_FRI, None, date(2027, 3, 5), 1) == (None, date(2027, 3, 8))  # a milestone: Monday
    assert moved(MON_FRI, date(2027, 3, 5), None, -1) == (date(2027, 3, 4), None)


def test_resizing_snaps_the_due_date_to_a_working_day_and_keeps_it_after_the_start() -> None:
    start, due = date(2027, 3, 2), date(2027, 3, 11)
    assert resized_due(MON_FRI, start, due, 3) == date(2027, 3, 15)  # Sunday: on to Monday
    assert resized_due(MON_FRI, start, due, -4) == date(2027, 3, 5)  # Sunday: back to Friday
    assert resized_due(MON_FRI, start, due, 5) == date(2027, 3, 16)
    assert resized_due(MON_FRI, start, due, -30) == start
    assert resized_due(MON_FRI, None, due, -30) == date(2027, 2, 9)


def test_a_bar_without_a_due_date_offers_no_end_to_drag() -> None:
    scale = DateScale(date(2027, 3, 1), 24)
    start_only = bar_for(scale, date(2027, 3, 2), None)
    assert start_only is not None and not start_only.resizable
    assert part_at(start_only, start_only.right - 2) is BarPart.BODY
    both = bar_for(scale, date(2027, 3, 2), date(2027, 3, 2))
    assert both is not None and part_at(both, both.right - 2) is BarPart.END
