"""Data tests on the shipped content: it validates, is big enough, and hangs together."""

import datetime as dt

import pandas as pd
import pytest

from lessonkit.data import validate_folder
from lessonkit.sources import cited_ids

MINIMUM_ROWS = {
    "sources": 40,
    "events": 40,
    "places": 20,
    "itinerary": 10,
    "agreements": 8,
    "trade": 10,
    "glossary": 25,
    "claims": 10,
    "figures": 10,
    "quotes": 5,
    "lines": 3,
}
VISIT_DAYS = {1: dt.date(2024, 4, 22), 2: dt.date(2024, 4, 23), 3: dt.date(2024, 4, 24)}


def test_shipped_data_has_no_problems():
    _, problems = validate_folder()
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("table,minimum", MINIMUM_ROWS.items())
def test_tables_are_complete_enough(course, table, minimum):
    assert len(getattr(course, table)) >= minimum


def test_events_span_1947_to_august_2025(course):
    assert course.events["start"].min().year == 1947
    assert course.events["start"].max() >= pd.Timestamp("2025-08-01")


def test_every_visit_stop_is_on_its_day(course):
    for stop in course.itinerary.itertuples():
        assert stop.date == VISIT_DAYS[stop.day], stop.id


def test_visit_stops_are_numbered_without_gaps(course):
    assert sorted(course.itinerary["order"]) == list(range(1, len(course.itinerary) + 1))


def test_the_eight_agreements_of_22_april(course):
    assert sorted(course.agreements["number"]) == list(range(1, 9))
    assert set(course.agreements["date"]) == {dt.date(2024, 4, 22)}


def test_trade_statistics_come_from_both_countries(course):
    assert set(course.trade["reporter"]) == {"Pakistan", "Iran"}


def test_every_contested_event_says_who_claims_what(course):
    contested = course.events[course.events["contested"]]
    assert len(contested) >= 5
    assert contested["claims_note"].str.len().min() > 20


def test_every_source_is_used(course):
    assert set(course.sources["id"]) - set(cited_ids(course)) == set()


def test_border_length_variants_include_the_reference_figure(course):
    lengths = course.figures[course.figures["topic"] == "border_length"]
    assert 909 in set(lengths["value"]) and len(lengths) >= 4
