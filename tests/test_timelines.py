"""Timelines and the event explorer."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from lessonkit import timelines
from lessonkit.visual import MIME_TYPE
from visual_checks import check_visual


def group_traces(visual):
    """The traces of every event (a long timeline also has its milestones view's: left out)."""
    return [t for t in visual.figure.data if t.name != timelines.CONTESTED_NAME and t.meta != "milestones"]


def shown_traces(figure):
    return [t for t in figure.data if t.visible is not False and t.name != timelines.CONTESTED_NAME]


def test_relations_timeline_shows_every_event_one_row_and_symbol_per_group(course):
    visual = timelines.relations_timeline(course)
    check_visual(visual)
    traces = group_traces(visual)
    assert sum(len(t.x) for t in traces) == len(course.events)
    assert len(traces) == course.events["group"].nunique()
    assert len({t.marker.symbol for t in traces}) == len(traces), "each group its own symbol"
    for trace in traces:
        group = trace.legendgroup
        assert sorted(trace.x) == sorted(course.events[course.events["group"] == group]["start"])
    assert f"{len(course.events)} events" in visual.summary
    buttons = [b.label for b in visual.figure.layout.updatemenus[0].buttons]
    assert buttons[0] == "All years" and "2024" in buttons


def test_every_marker_has_its_date_beside_it(course):
    """On a projector nobody can hover: each row shows its date next to its marker, the year
    on a long timeline, the day on a short one, never a day the data do not give."""
    for visual, longest in [(timelines.relations_timeline(course), 4), (timelines.crisis_timeline(course), 6)]:
        traces = group_traces(visual)
        assert all(t.mode == "markers+text" and len(t.text) == len(t.x) for t in traces)
        texts = [t.strip("\u2003\u2002") for tr in traces for t in tr.text]
        assert all(texts) and max(map(len, texts)) <= longest, texts[:5]
        assert "with its date beside its marker" in visual.summary
    assert timelines.marker_dates(pd.Series(["2024-05", "2024-05-19", "1957"]), years=0.5) == ["May", "19 May", "1957"]
    assert timelines.marker_dates(pd.Series(["2024-05-19"]), years=timelines.YEARS_ONLY + 1) == ["2024"]


def test_dates_beside_markers_stay_inside_the_plot():
    starts = pd.Series(pd.to_datetime(["2000-01-01", "2019-01-01", "2020-01-01"]))
    low, high = pd.Timestamp("2000-01-01"), pd.Timestamp("2020-01-01")
    assert timelines.date_sides(starts, low, high) == ["middle right", "middle left", "middle left"]


def test_a_stepper_window_gives_its_rows_dates_to_the_day(course):
    timeline = timelines.relations_timeline(course)
    assert group_traces(timeline)[0].text[0].strip("\u2003\u2002") == "1947", "years on the whole timeline"
    window = timelines.highlighted(timeline, "raisi_crash_2024")
    (aftermath,) = [t for t in window.data if t.legendgroup == "aftermath"]
    assert "19 May" in [t.strip("\u2003\u2002") for t in aftermath.text]
    low, high = window.layout.yaxis.range
    for trace in window.data:
        if trace.mode == "markers+text":
            outside = [t for t, y in zip(trace.text, trace.y) if not low < y < high]
            assert not any(outside), f"dates drawn (clipped) outside the window: {outside}"


def test_dates_read_as_part_of_a_sentence():
    assert timelines._date_phrase("Undated report (found in 2025)") == "an undated report (found in 2025)"
    assert timelines._date_phrase("Late 2022 (reported 31 January 2023)") == "late 2022 (reported 31 January 2023)"
    assert timelines._date_phrase("August 1947") == "August 1947"


def test_contested_events_are_ringed_and_say_so(course):
    visual = timelines.relations_timeline(course)
    contested = course.events[course.events["contested"]]
    (ring,) = [t for t in visual.figure.data if t.name == timelines.CONTESTED_NAME and t.meta != "milestones"]
    assert len(ring.x) == len(contested) > 0
    assert ring.marker.symbol == "circle-open"
    hovers = [h for t in group_traces(visual) for h in t.hovertext]
    assert sum("(contested)" in h for h in hovers) == len(contested)
    for _, event in contested.iterrows():
        assert event["headline"] in visual.summary
        assert any(event["headline"] in h and "Accounts differ" in h for h in hovers)


def test_relations_timeline_filters_groups(course):
    visual = timelines.relations_timeline(course, groups=["crisis", "de-escalation"])
    check_visual(visual)
    assert {t.legendgroup for t in group_traces(visual)} == {"crisis", "de-escalation"}
    expected = course.events["group"].isin(["crisis", "de-escalation"]).sum()
    assert sum(len(t.x) for t in group_traces(visual)) == expected
    with pytest.raises(ValueError, match="unknown event groups"):
        timelines.relations_timeline(course, groups=["crisis", "sport"])


def test_events_on_one_date_in_one_group_do_not_hide_each_other(course):
    visual = timelines.crisis_timeline(course)
    points = [(x, y) for t in group_traces(visual) for x, y in zip(t.x, t.y)]
    assert len(points) == len(set(points))


def test_crisis_timeline_covers_december_2023_to_may_2024(course):
    visual = timelines.crisis_timeline(course)
    check_visual(visual)
    start, end = timelines.CRISIS_WINDOW
    expected = course.events[course.events["start"].between(start, end)]
    assert sorted(visual.table["id"]) == sorted(expected["id"])
    for _, event in expected.iterrows():
        assert f"{event['display_date']}: {event['headline']}" in visual.summary
    dates = [x for t in group_traces(visual) for x in t.x]
    assert min(dates) >= start and max(dates) <= end


def test_visit_timeline_is_the_itinerary_in_order(course):
    visual = timelines.visit_timeline(course)
    check_visual(visual)
    stops = course.itinerary.sort_values("order")
    drawn = sorted((x, t.name) for t in visual.figure.data for x in t.x)
    assert drawn == sorted(zip(stops["order"], stops["city"]))
    assert len({t.marker.symbol for t in visual.figure.data}) == stops["city"].nunique()
    for day, date in stops.groupby("day")["date"].first().items():
        assert f"Day {day}, {date.day} {date:%B %Y}" in visual.summary
    for person in {p for people in stops["people_met"] for p in people}:
        assert person in visual.summary


def test_event_explorer_shows_the_chosen_event_and_its_map(course):
    explorer = timelines.event_explorer(course)
    mapped = course.events[course.events["place_id"].notna()]
    assert explorer.dropdown.description == "Event:"
    assert len(explorer.dropdown.options) == len(course.events)
    for event_id in ["iran_strike_panjgur_2024", mapped["id"].iloc[-1]]:
        explorer.dropdown.value = event_id
        event = course.events.set_index("id").loc[event_id]
        assert event["headline"] in explorer.details.value and event["display_date"] in explorer.details.value
        if event["contested"]:
            assert "Accounts differ" in explorer.details.value
        (output,) = explorer.output.outputs
        shown = output["data"][MIME_TYPE]
        assert shown["config"]["topojsonURL"].startswith("data:")
        place = course.place(event["place_id"])
        assert any(place["lat"] in t.get("lat", []) for t in shown["data"])
        assert event["headline"] in shown["layout"]["title"]["text"].replace("<br>", " ")


def test_event_explorer_steps_through_every_event_in_time_order(course):
    explorer = timelines.event_explorer(course)
    seen = [explorer.dropdown.value]
    assert explorer.previous.disabled and not explorer.next.disabled
    assert "Event 1 of" in explorer.details.value
    for _ in range(len(course.events) + 2):  # two presses past the end change nothing
        explorer.next.click()
        if explorer.dropdown.value != seen[-1]:
            seen.append(explorer.dropdown.value)
    assert seen == list(course.events.sort_values(["start", "id"], kind="stable")["id"])
    assert explorer.next.disabled and f"Event {len(seen)} of {len(seen)}" in explorer.details.value
    unplaced = course.events[course.events["place_id"].isna()]["id"].iloc[-1]
    explorer.dropdown.value = unplaced
    assert explorer.output.outputs == () and "No single place" in explorer.details.value
    explorer.previous.click()
    assert explorer.position == seen.index(unplaced) - 1


def test_timelines_name_every_event_on_screen_without_collisions(course):
    visual = timelines.crisis_timeline(course)
    labels = list(visual.figure.layout.yaxis.ticktext)
    assert len(labels) == len(visual.table) and len(set(visual.figure.layout.yaxis.tickvals)) == len(labels)
    # The whole headline is on screen: wrapped onto at most two lines, never cut.
    assert [label.replace("<br>", " ") for label in labels] == list(visual.table["headline"])
    every = list(course.events["headline"])
    assert [timelines.row_label(h).replace("<br>", " ") for h in every] == every
    assert all(
        label.count("<br>") < timelines.LABEL_LINES and max(map(len, label.split("<br>"))) <= timelines.LINE_CHARS
        for label in labels
    )
    assert (
        timelines.row_label("Iran and Pakistan agree to send back their ambassadors")
        == "Iran and Pakistan agree to send<br>back their ambassadors"
    )
    assert timelines.row_label("Short enough") == "Short enough"
    # Too long for two lines: cut at a word, with an ellipsis.
    assert timelines.row_label("one two three four five six seven", width=10) == "one two<br>three…"


def test_regional_group_is_not_called_iran_israel():
    assert "Israel" not in timelines.GROUP_LABELS["regional"]


def test_event_explorer_marks_each_sources_kind(course):
    """The 1947 event rests on a reference work and a copy of one: the explorer says so."""
    shown = timelines.event_explorer(course).details.value  # opens on the first event
    kinds = [course.source(sid)["kind"] for sid in course.events.sort_values("start").iloc[0]["source_ids"]]
    assert {"reference work", "copy or mirror"} <= set(kinds), "the first event's sources changed"
    assert all(f"({kind})" in shown for kind in kinds), shown[-300:]


def test_event_explorer_escapes_text_from_the_data(course):
    events = course.events.copy()
    row = events["place_id"].notna().idxmax()
    events.loc[row, "text"] = "<script>alert(1)</script> & more"
    explorer = timelines.event_explorer(dataclasses.replace(course, events=events))
    explorer.dropdown.value = events.loc[row, "id"]
    assert "<script>" not in explorer.details.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in explorer.details.value


def test_a_timeline_can_be_stepped_through_with_the_event_marked(course):
    timeline = timelines.crisis_timeline(course)
    stepper = timelines.step_through(course, timeline)
    assert [value for _, value in stepper.dropdown.options] == list(timeline.table["id"])  # top row first
    assert set(stepper.source_ids) == {sid for ids in timeline.table["source_ids"] for sid in ids}
    assert "Previous event" in stepper.children[0].value
    stepper.next.click()
    event = course.events.set_index("id").loc[stepper.dropdown.value]
    assert f"Event 2 of {len(timeline.table)}" in stepper.details.value and event["headline"] in stepper.details.value
    (output,) = stepper.output.outputs
    shown = output["data"][MIME_TYPE]
    (mark,) = [t for t in shown["data"] if t.get("name") == timelines.HIGHLIGHT_NAME]
    assert mark["marker"]["symbol"] == "diamond-open" and len(shown["layout"]["shapes"]) >= 1
    assert pytest.approx(mark["y"][0]) == len(timeline.table) - 2  # the second row from the top


def test_highlighting_keeps_the_timeline_and_windows_a_long_one(course):
    timeline = timelines.relations_timeline(course)
    last = timeline.table["id"].iloc[-1]
    figure = timelines.highlighted(timeline, last)
    every = timelines.all_events(timeline)
    assert len(figure.data) == len(every.data) + 1 and sum(len(t.x) for t in shown_traces(every)) == len(timeline.table)
    low, high = figure.layout.yaxis.range
    assert low < 0 < high and high - low == pytest.approx(timelines.WINDOW_ROWS + 0.4)
    with pytest.raises(ValueError, match="not on the timeline"):
        timelines.highlighted(timelines.crisis_timeline(course), timeline.table["id"].iloc[0])


def test_a_windowed_timeline_shows_the_dates_of_its_rows(course):
    timeline = timelines.relations_timeline(course)
    figure = timelines.highlighted(timeline, timeline.table["id"].iloc[0])  # the first event, 1947
    low, high = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    shown = pd.Series([pd.Timestamp(d) for d in timeline.table["start_date"].iloc[: timelines.WINDOW_ROWS]])
    assert low <= shown.min() and shown.max() <= high and high.year < 2024
    assert not figure.layout.updatemenus and timeline.figure.layout.updatemenus, (
        "zoom buttons only on the full timeline"
    )
    bands = [s for s in figure.layout.shapes if s.type == "rect" and s.y0 == len(timeline.table) - 1.5]
    assert len(bands) == 1, "a band along the first row"


def test_a_windowed_stepper_says_which_events_its_chart_shows(course):
    """A chart cut to WINDOW_ROWS rows says so in the panel (else it looks broken), with the
    same rows the chart shows; a short timeline needs no such line."""
    timeline = timelines.crisis_timeline(course)
    count = len(timeline.table)
    assert count > timelines.WINDOW_ROWS
    stepper = timelines.step_through(course, timeline)
    assert f"shows events 1 to {timelines.WINDOW_ROWS} of {count}" in stepper.details.value
    stepper.dropdown.value = timeline.table["id"].iloc[-1]
    assert f"shows events {count - timelines.WINDOW_ROWS + 1} to {count} of {count}" in stepper.details.value
    first, last = timelines.window(count, count - 1)
    low, high = timelines.highlighted(timeline, timeline.table["id"].iloc[-1]).layout.yaxis.range
    assert (low + 0.7, high + 0.3) == pytest.approx((count - 1 - last, count - first))  # the same rows
    short = timelines.relations_timeline(course, groups=["border"])
    assert len(short.table) <= timelines.WINDOW_ROWS
    assert "shows events" not in timelines.step_through(course, short).details.value


# --- milestones: a long timeline fits the lesson, every event one click away ---------------------

#: The long timelines the lessons show: every event, and 04's six groups (70 events).
LONG = [None, ["visit", "aftermath", "relations", "energy", "trade", "border"]]


@pytest.mark.parametrize("groups", LONG)
def test_a_long_timeline_opens_on_at_most_twenty_milestones(course, groups):
    visual = timelines.relations_timeline(course, groups=groups)
    check_visual(visual)
    assert len(visual.table) > timelines.MAX_SHOWN
    shown = [x for t in shown_traces(visual.figure) for x in t.x]
    milestones = visual.table[course.events.set_index("id").loc[visual.table["id"], "milestone"].to_numpy()]
    assert 0 < len(shown) == len(milestones) <= timelines.MAX_SHOWN
    assert len(visual.figure.layout.yaxis.ticktext) == len(shown)
    assert visual.figure.layout.height < 1200, "the default view is a screen or two, not 4,000 px"
    assert f"opens on {len(milestones)} milestones" in visual.summary


@pytest.mark.parametrize("groups", LONG)
def test_every_event_is_one_click_away(course, groups):
    visual = timelines.relations_timeline(course, groups=groups)
    _zoom, view = visual.figure.layout.updatemenus
    assert [b.label for b in view.buttons] == [
        f"Milestones ({sum(len(t.x) for t in shown_traces(visual.figure))})",
        f"All events ({len(visual.table)})",
    ]
    (visible, layout) = view.buttons[1].args
    visible = visible["visible"]
    drawn = [x for t, on in zip(visual.figure.data, visible) if on and t.name != timelines.CONTESTED_NAME for x in t.x]
    assert len(drawn) == len(visual.table) and len(layout["yaxis.ticktext"]) == len(visual.table)
    assert layout["height"] > visual.figure.layout.height
    every = timelines.all_events(visual)
    starts = course.events.set_index("id").loc[visual.table["id"], "start"]
    assert sorted(x for t in shown_traces(every) for x in t.x) == sorted(starts)
    assert len(every.layout.updatemenus) == 1, "the zoom buttons stay; the view buttons go"
    back = view.buttons[0].args[0]["visible"]
    assert [t.meta for t, on in zip(visual.figure.data, back) if on] == ["milestones"] * len(
        shown_traces(visual.figure)
    ) + ["milestones"]


def test_the_milestones_are_the_rows_marked_in_the_data(course):
    """Which events open the timeline is the data's choice (the milestone column), not code's."""
    chosen = ["shah_visit_1950", "pta_signed_2004", "qalibaf_islamabad_2025"]
    events = course.events.assign(milestone=course.events["id"].isin(chosen))
    visual = timelines.relations_timeline(dataclasses.replace(course, events=events))
    shown = [label.replace("<br>", " ") for label in visual.figure.layout.yaxis.ticktext]
    assert shown == list(events.set_index("id").loc[chosen, "headline"])
    none = course.events.assign(milestone=False)
    plain = timelines.relations_timeline(dataclasses.replace(course, events=none))
    assert len(plain.figure.layout.updatemenus) == 1, "no milestones marked: every event, no view buttons"


def test_a_short_timeline_shows_every_event_and_no_view_buttons(course):
    visual = timelines.relations_timeline(course, groups=["energy"])
    assert len(visual.table) <= timelines.MAX_SHOWN
    assert len(visual.figure.layout.updatemenus) == 1
    assert sum(len(t.x) for t in shown_traces(visual.figure)) == len(visual.table)
