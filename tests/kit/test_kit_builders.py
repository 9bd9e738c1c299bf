"""The builders fit any data: on the module's own data and on any part of it, each draws what
there is, or says in one sentence what is missing; none raises."""

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit_support import DATA_DIR
from lessonkit import charts, maps, timelines
from lessonkit.data import load_course
from lessonkit.visual import Notice, Visual

BUILDERS = {
    "relations timeline": timelines.relations_timeline,
    "crisis timeline": timelines.crisis_timeline,
    "visit timeline": timelines.visit_timeline,
    "visit map": maps.visit_map,
    "region map": maps.region_map,
    "strikes map": maps.strikes_map,
    "energy map": maps.energy_map,
    "trade chart": charts.trade_chart,
}
#: Tables cut in the property test; quizzes and reveals are left out (they name events and notebooks).
CUT = ("events.csv", "itinerary.csv", "lines.csv", "trade.csv")


def rows_of(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def header_of(name: str) -> list[str]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def cut_folder(into: Path, keep: dict[str, list[int]]) -> Path:
    folder = into / "data"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("quizzes", "roleplay.yaml", "reveals.yaml"))
    (folder / "quizzes").mkdir()
    for name, chosen in keep.items():
        rows = rows_of(name)
        with open(folder / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header_of(name), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows[i] for i in chosen)
    return folder


def draws_or_says(built) -> None:
    assert isinstance(built, Visual)
    if isinstance(built, Notice):
        assert built.summary.endswith(".") and "data/" in built.summary, built.summary
    else:
        assert built.figure.data and built.summary


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_each_builder_draws_the_modules_own_data(name):
    draws_or_says(BUILDERS[name](load_course()))


def subsets(name: str):
    count = len(rows_of(name))
    minimum = 1 if name == "events.csv" else 0  # a module needs at least one event
    return st.lists(st.integers(0, max(count - 1, 0)), min_size=minimum if count else 0, max_size=count, unique=True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keep=st.fixed_dictionaries({name: subsets(name) for name in CUT}))
def test_every_builder_fits_any_part_of_the_data(tmp_path, keep):
    course = load_course(cut_folder(tmp_path, {name: sorted(chosen) for name, chosen in keep.items()}))
    for build in BUILDERS.values():
        draws_or_says(build(course))
