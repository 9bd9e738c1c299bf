"""The maps: offline, accessible, and every marker exactly where places.csv puts it."""

from __future__ import annotations

import pandas as pd
import pytest

from lessonkit import maps
from lessonkit.palette import OKABE_ITO
from visual_checks import check_visual, marker_points, place_coordinates


@pytest.fixture(scope="module")
def built(course):
    return {
        "region": maps.region_map(course),
        "strikes": maps.strikes_map(course),
        "visit": maps.visit_map(course),
        "energy": maps.energy_map(course),
    }


def mapped_events(course) -> pd.DataFrame:
    return course.events[course.events["place_id"].notna()]


@pytest.mark.parametrize("name", ["region", "strikes", "visit", "energy"])
def test_every_map_is_offline_accessible_and_on_places_csv(name, built, course):
    visual = built[name]
    shown = check_visual(visual)
    points = marker_points(shown)
    assert points, "a map with no markers"
    assert set(points) <= place_coordinates(course), "a marker not at its places.csv coordinates"
    assert any(t["type"] == "choropleth" for t in shown["data"]), "countries are not shaded"


def test_event_map_for_every_event_with_a_place(course):
    for _, event in mapped_events(course).iterrows():
        visual = maps.event_map(course, event["id"])
        shown = check_visual(visual)
        place = course.place(event["place_id"])
        assert (place["lat"], place["lon"]) in marker_points(shown)
        assert event["headline"] in visual.title and event["headline"] in visual.summary
        assert event["source_ids"][0] in visual.source_ids


def test_event_map_refuses_an_event_without_a_place(course):
    unplaced = course.events[course.events["place_id"].isna()]
    if unplaced.empty:
        pytest.skip("every event has a place")
    with pytest.raises(ValueError, match="no place_id"):
        maps.event_map(course, unplaced["id"].iloc[0])


def test_region_map_shows_every_capital_city_town_and_crossing_of_the_three_countries(built, course):
    region = built["region"]
    places = course.places
    expected = places[places["kind"].isin(maps.REGION_KINDS) & places["country"].isin(maps.ISO3)]
    overview = [
        t
        for t in region.figure.data
        if t.type == "scattergeo" and (t.geo or "geo") == "geo" and t.mode and "markers" in t.mode
    ]
    drawn = {(lat, lon) for t in overview for lat, lon in zip(t.lat, t.lon)}
    assert drawn == set(zip(expected["lat"], expected["lon"]))
    assert sorted(region.table["id"]) == sorted(expected["id"])
    # One legend entry per kind, each with its own symbol.
    kinds = [t for t in overview if t.showlegend is not False]
    assert [t.name for t in kinds] == [maps.KIND_LABELS[k] for k in maps.KINDS if k in set(expected["kind"])]
    assert len({t.marker.symbol for t in kinds}) == len(kinds)
    # The close-up panel names every place it shows.
    close_up = [
        t for t in region.figure.data if t.type == "scattergeo" and t.geo == "geo2" and t.mode == "markers+text"
    ]
    assert close_up and all(all(t.text) for t in close_up)
    for _, crossing in expected[expected["kind"] == "crossing"].iterrows():
        assert crossing["name"] in region.summary
    assert "km apart" in region.summary


def test_strikes_map_gives_each_sides_account(built, course):
    strikes = built["strikes"]
    events = course.events.set_index("id").loc[strikes.table["id"]]
    assert len(events) >= 2, "both January 2024 strikes"
    assert list(events["start"]) == sorted(events["start"])
    traces = {t.name: t for t in strikes.figure.data}
    for _event_id, event in events.iterrows():
        place = course.place(event["place_id"])
        assert place["kind"] == "strike_area"
        trace = traces[f"{event['display_date']}: {event['headline']}"]
        assert (trace.lat[0], trace.lon[0]) == (place["lat"], place["lon"])
        hover = trace.hovertext[0].replace("<br>", " ")
        if event["contested"]:
            assert " ".join(event["claims_note"].split()[:6]) in hover
            assert event["claims_note"] in strikes.summary
        if place["precision"] == "approximate":
            assert "Position approximate" in hover
        assert event["display_date"] in strikes.summary
    assert "approximate" in strikes.summary
    assert len({traces[n].marker.symbol for n in traces if "January" in n}) == len(events)


def test_visit_map_draws_every_stop_in_order(built, course):
    visit = built["visit"]
    stops = course.itinerary.sort_values("order")
    expected = [(course.place(p)["lat"], course.place(p)["lon"]) for p in stops["place_id"]]
    days = [t for t in visit.figure.data if t.name and t.name.startswith("Day ") and t.mode == "markers+text"]
    assert [(lat, lon) for t in days for lat, lon in zip(t.lat, t.lon)] == expected
    assert len({t.marker.symbol for t in days}) == len(days) == stops["day"].nunique()
    routes = [t for t in visit.figure.data if t.name and t.name.endswith(": route")]
    assert len({t.line.dash for t in routes}) == len(routes), "each day's route has its own dash"
    assert list(visit.table["order"]) == list(stops["order"])
    assert f"{len(stops)} stops" in visit.summary


def test_visit_map_flies_on_to_sri_lanka(built, course):
    visit = built["visit"]
    abroad = course.places[(course.places["kind"] == "airport") & (course.places["country"] == "Sri Lanka")]
    assert len(abroad) == 1, "the onward airport (Mattala) is in places.csv"
    flight = [t for t in visit.figure.data if t.name and "flight on to Sri Lanka" in t.name]
    assert len(flight) == 1
    last = course.place(course.itinerary.sort_values("order")["place_id"].iloc[-1])
    # an arrow from the last stop toward Mattala, inside a map framed on Pakistan (not zoomed out to it)
    (lat0, lon0), (lat1, lon1) = zip(flight[0].lat, flight[0].lon)
    assert (lat0, lon0) == (last["lat"], last["lon"]) and flight[0].marker.symbol == "arrow"
    to_lat, to_lon = abroad["lat"].iloc[0] - lat0, abroad["lon"].iloc[0] - lon0
    assert abs((lat1 - lat0) * to_lon - (lon1 - lon0) * to_lat) < 1e-6 and (lat1 - lat0) * to_lat > 0
    (south, north), (west, east) = visit.figure.layout.geo.lataxis.range, visit.figure.layout.geo.lonaxis.range
    assert south < lat1 < north and west < lon1 < east and south > abroad["lat"].iloc[0]
    assert abroad["name"].iloc[0] in visit.summary and "Sri Lanka" in visit.summary


def test_visit_map_slider_steps_through_the_days(built, course):
    visit = built["visit"]
    (slider,) = visit.figure.layout.sliders
    days = sorted(course.itinerary["day"].unique())
    assert [s.label for s in slider.steps] == ["All days", *[f"Day {d}" for d in days]]
    n = len(visit.figure.data)
    everything, *per_day = [s.args[0]["visible"] for s in slider.steps]
    assert everything == [True] * n
    for day, visible in zip(days, per_day):
        assert len(visible) == n
        shown = {t.name for t, v in zip(visit.figure.data, visible) if v and t.showlegend is not False}
        assert shown and all(name.startswith(f"Day {day}") for name in shown)
    for step in slider.steps:  # each step zooms to what it shows
        lat0, lat1 = step.args[1]["geo.lataxis.range"]
        assert lat0 < lat1


def test_energy_map_tells_statuses_apart_by_colour_dash_and_label(built, course):
    energy = built["energy"]
    lines = course.lines.set_index("id")
    drawn = [
        t for t in energy.figure.data if t.type == "scattergeo" and t.mode == "lines" and t.legendgroup in lines.index
    ]
    traces = [t for t in drawn if t.showlegend is not False]
    assert len(traces) == len(lines)
    assert [t.name for t in drawn if t.geo == "geo2"] == [t.name for t in traces], "every link in the close-up too"
    looks = {}
    for trace in traces:
        line = lines[lines["name"] + ": " + lines["status"] == trace.name].iloc[0]
        ids = line["place_ids"]
        assert list(zip(trace.lat, trace.lon)) == [(course.place(p)["lat"], course.place(p)["lon"]) for p in ids]
        assert trace.name.endswith(line["status"])
        looks.setdefault(line["status"], set()).add((trace.line.color, trace.line.dash))
    assert all(len(look) == 1 for look in looks.values()), "one look per status"
    distinct = [look.pop() for look in looks.values()]
    assert len({c for c, _ in distinct}) == len({d for _, d in distinct}) == len(distinct)
    places = [t for t in energy.figure.data if t.type == "scattergeo" and t.mode == "markers+text"]
    assert {t.marker.color for t in places} == {OKABE_ITO["black"]}, "colour is kept for the status"
    for status in set(course.lines["status"]):
        assert status in energy.summary


def test_energy_map_names_the_crowded_border_places_in_a_close_up(built, course):
    """Polan, Gabd – Rimdan, Jiwani, Pishin and Mand sat on top of each other on the whole map."""
    energy = built["energy"]
    (lat0, lat1), (lon0, lon1) = energy.figure.layout.geo2.lataxis.range, energy.figure.layout.geo2.lonaxis.range
    places = [t for t in energy.figure.data if t.type == "scattergeo" and t.mode == "markers+text"]
    close = {label for t in places if t.geo == "geo2" for label in t.text if label}
    whole = {label for t in places if t.geo == "geo" for label in t.text if label}
    crowded = {"Polan", "Gabd – Rimdan", "Jiwani", "Pishin", "Mand", "Gwadar"}
    assert crowded <= close and not crowded & whole, (close, whole)
    for trace in places:
        if trace.geo == "geo2":
            assert all(lat0 <= a <= lat1 and lon0 <= o <= lon1 for a, o in zip(trace.lat, trace.lon))
    assert "close-up of the border area" in energy.summary and "Border area (shown on the right)" in {
        t.name for t in energy.figure.data
    }


def test_builders_are_deterministic(course):
    for build in (maps.region_map, maps.strikes_map, maps.visit_map, maps.energy_map):
        first, second = build(course), build(course)
        assert first.figure.to_json() == second.figure.to_json()
        assert first.summary == second.summary
