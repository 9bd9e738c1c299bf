"""Featured rows: lessons choose the claims, quotes and events they show through the data's
``featured_in`` column, never through ids written in a code cell (data/README.md, "Featured rows")."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from featured_support import FEATURED, featuring, module
from lessonkit import charts, featured, lateral, tables, timelines
from lessonkit.data import load_course
from lessonkit.paths import DATA_DIR, NOTEBOOKS_DIR
from lessonkit.visual import Notice
from tools import manifest

ROOT = Path(__file__).resolve().parents[1]
FAULTS = sorted(p.name for p in (FEATURED / "faults").iterdir())


def test_rows_with_a_place_come_first_by_place_then_the_others_in_file_order(tmp_path):
    course = load_course(module(tmp_path))
    assert list(tables.quotes_table(course, lesson="02", table="phrases")["Phrase"]) == [
        "as a first step",
        "over the next five years",
    ]
    claims = tables.claims_table(course, lesson="02_the_visit", table="trip")  # a lesson's stem works too
    assert list(claims["Claim"]) == list(course.claims["claim"]) and list(claims.index) == [1, 2]
    assert len(tables.quotes_table(course)) == len(course.quotes)  # no lesson: every row


def test_tables_show_the_rows_in_the_order_the_data_gives(course):
    ids = list(course.claims["id"][:3])[::-1]
    picked = tables.claims_table(featuring(course, "claims", ids, "05:test"), lesson="05", table="test")
    assert list(picked["Claim"]) == list(course.claims.set_index("id").loc[ids, "claim"])


def test_a_table_no_row_features_is_one_sentence_not_an_error(tmp_path):
    course = load_course(module(tmp_path))
    for builder in (tables.claims_table, tables.quotes_table):
        shown = builder(course, lesson="03", table="pipeline")
        assert isinstance(shown, Notice), builder.__name__
        assert "03:pipeline" in shown.summary and "featured_in" in shown.summary
    with pytest.raises(TypeError, match="both lesson= and table="):
        tables.claims_table(course, lesson="02")


def test_the_explorer_opens_on_the_featured_event_or_else_the_first(tmp_path):
    course = load_course(module(tmp_path))
    assert timelines.event_explorer(course, lesson="02").dropdown.value == "statement"
    first = course.events.sort_values("start")["id"].iloc[0]
    assert timelines.event_explorer(course, lesson="03").dropdown.value == first


def test_the_featured_fixture_passes_the_check(tmp_path):
    data = module(tmp_path)
    assert featured.featured_problems(data, tmp_path / "notebooks") == []


@pytest.mark.parametrize("fault", FAULTS)
def test_each_featured_fault_names_file_row_and_field(fault, tmp_path):
    data = module(tmp_path, fault)
    problems = [str(p) for p in featured.featured_problems(data, tmp_path / "notebooks")]
    assert problems == (FEATURED / "faults" / fault / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_make_check_fails_on_a_table_no_notebook_shows(tmp_path):
    data = module(tmp_path, "unknown_table")
    result = subprocess.run(
        [sys.executable, "-m", "lessonkit.check", str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT / "notebooks",
        timeout=120,
    )
    assert result.returncode == 1 and "quotes.csv:3: featured_in: expected a table a notebook shows" in result.stderr


def test_this_modules_featured_cells_match_its_notebooks():
    assert featured.featured_problems(DATA_DIR, NOTEBOOKS_DIR) == []


def test_every_builder_that_shows_featured_rows_exists():
    for name in featured.BUILDERS:
        assert any(callable(getattr(module, name, None)) for module in (tables, timelines, charts, lateral)), name


def test_a_chart_draws_the_topic_the_data_feature_or_says_there_is_none(course):
    course = featuring(course, "topics", ["border_length"], "09:test")
    shown = charts.figure_variants(course, lesson="09", chart="test")
    assert shown.figure.to_json() == charts.figure_variants(course, "border_length").figure.to_json()
    missing = charts.figure_variants(course, lesson="09", chart="other")
    assert isinstance(missing, Notice) and "data/topics.csv" in missing.summary and "09:other" in missing.summary


def test_a_lesson_shows_the_exercise_the_data_feature_or_says_there_is_none(course):
    view = lateral.activity(course, lesson="05_stakes_and_aftermath", table="two_sources")
    assert view.source_ids and "The claim:" in view.children[0].value
    missing = lateral.activity(course, lesson="05_stakes_and_aftermath", table="none_marked")
    assert isinstance(missing, Notice) and "data/lateral_reading.csv" in missing.summary


def test_group_names_are_categories_not_rows(tmp_path):
    notebook = tmp_path / "groups.ipynb"
    cells = [{"cell_type": "code", "source": 'timelines.relations_timeline(course, groups=["trade"])'}]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert featured.ids_in_code(notebook, {"trade": "topics.csv"}) == []
    cells[0]["source"] = 'charts.figure_variants(course, "trade")'
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert featured.ids_in_code(notebook, {"trade": "topics.csv"}) == [
        "groups.ipynb: cell 0: 'trade' is a row of topics.csv"
    ]


@pytest.mark.parametrize("notebook", manifest.paths(), ids=lambda p: p.stem)
def test_no_code_cell_names_a_data_row_by_its_id(notebook):
    assert featured.ids_in_code(notebook, ROW_IDS) == []


def test_a_code_cell_naming_a_row_fails_the_rule(tmp_path):
    data = module(tmp_path)
    ids = featured.row_ids(load_course(data), data)
    assert featured.ids_in_code(FEATURED / "notebook_with_id.ipynb", ids) == [
        "notebook_with_id.ipynb: cell 1: 'length' is a row of claims.csv"
    ]


ROW_IDS = featured.row_ids(load_course(DATA_DIR), DATA_DIR)


def test_the_data_guide_lists_the_tables_the_notebooks_show():
    guide = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = guide.split("## Featured rows", 1)[1].split("\n## ", 1)[0]
    listed = {
        (row.split("`")[1], name)
        for row in section.splitlines()
        if row.startswith("| `") and row.split("`")[1].endswith(".csv")
        for name in re.findall(r"`(\d\d:[a-z_]+)`", row)
    }
    shown = {
        (featured.FILES[attr][0], f"{lesson}:{table}")
        for stem in featured.lessons(NOTEBOOKS_DIR)
        for attr, lesson, table in featured.featured_calls(NOTEBOOKS_DIR / f"{stem}.ipynb")
    }
    assert listed == shown
