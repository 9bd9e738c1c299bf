"""Featured rows fit any data: the rows a lesson shows are chosen by the data's ``featured_in``
column (data/README.md, "Featured rows"), never by ids in a code cell; a table no row names says
so in one sentence."""

import dataclasses

import pytest

from kit_support import NOTEBOOKS, ROOT
from lessonkit import charts, featured, tables, timelines
from lessonkit.data import DATA_DIR, load_course
from lessonkit.visual import Notice


def test_the_featured_cells_name_lessons_and_tables_the_notebooks_have():
    assert featured.featured_problems(DATA_DIR, ROOT / "notebooks") == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_no_code_cell_names_a_data_row_by_its_id(notebook):
    assert featured.ids_in_code(notebook, featured.row_ids(load_course(), DATA_DIR)) == []


def test_a_table_no_row_features_is_one_sentence_and_the_explorer_opens_on_the_first_event():
    course = load_course()
    empty = dataclasses.replace(course, claims=course.claims.iloc[:0], quotes=course.quotes.iloc[:0])
    for builder in (tables.claims_table, tables.quotes_table):
        shown = builder(empty, lesson="01", table="any")
        assert isinstance(shown, Notice) and "data/" in shown.summary and shown.summary.endswith("."), shown
    chart = charts.figure_variants(course, lesson="01", chart="nothing_marked")
    assert isinstance(chart, Notice) and "data/topics.csv" in chart.summary
    first = course.events.sort_values("start")["id"].iloc[0]
    assert timelines.event_explorer(course, lesson="01", table="nothing_marked").dropdown.value == first
