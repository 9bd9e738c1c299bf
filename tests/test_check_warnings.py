"""`make check` warns, without failing, about an event that looks entered twice (same date,
similar headline): the walkthrough's teacher added 'Pakistan closes the Taftan crossing' next to
the row that already told it. Fixture: tests/fixtures/near_duplicates/events.csv."""

import shutil

import pandas as pd

from lessonkit import check
from lessonkit.paths import DATA_DIR, ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def test_an_event_entered_twice_is_a_warning_not_a_failure(tmp_path, capsys):
    shutil.copytree(FIXTURES / "good_data", tmp_path / "data")
    shutil.copyfile(FIXTURES / "near_duplicates" / "events.csv", tmp_path / "data" / "events.csv")
    assert check.main([str(tmp_path / "data")]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("Warning: events.csv:4 and 5: the same event twice? 'taftan_lpg' (2025-06, ")
    assert "'taftan_closed' (2025-06-13, 'Pakistan closes the Taftan crossing')" in warnings[0]


def test_the_shipped_events_have_no_near_duplicate():
    assert check.near_duplicate_events(pd.read_csv(DATA_DIR / "events.csv", dtype=str)) == []
