"""Lateral reading: the exercises validate, and the widget shows the claim, two sources and a saved answer box."""

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bad_data_support import FIXTURES
from lessonkit import answers
from lessonkit import lateral

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_exercises_are_valid(course):
    items, problems = lateral.read_items(source_ids=set(course.sources["id"]))
    assert problems == [] and len(items) >= 3
    assert (items["first_source"] != items["second_source"]).all()


def test_a_broken_exercise_file_names_row_and_field():
    _, problems = lateral.read_items(FIXTURES / "bad_lateral", {"dawn_wrapup", "irna_statement"})
    assert [str(p) for p in problems] == [
        "lateral_reading.csv:2: second_source: expected a different source from first_source (found 'dawn_wrapup')",
        "lateral_reading.csv:3: second_source: expected an id from sources.csv; 'nowhere_gazette' is not there",
        "lateral_reading.csv:4: id: expected a unique value; 'unknown' is already used",
    ]


def test_check_command_fails_on_a_broken_exercise_file(tmp_path):

    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "good_data", folder)
    shutil.copy(FIXTURES / "bad_lateral" / "lateral_reading.csv", folder)
    result = subprocess.run(
        [sys.executable, "-m", "lessonkit.check", str(folder)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT / "notebooks",
        timeout=120,
    )
    assert result.returncode == 1 and "lateral_reading.csv:3: second_source" in result.stderr


def test_activity_shows_both_sources_and_keeps_the_answer(course):
    view = lateral.activity(course, "labourers_copy_or_outlet", "05_stakes_and_aftermath")
    intro, box, button, notes = view.children
    assert "Source A" in intro.value and "Source B" in intro.value
    assert "copy or mirror" in intro.value and "address incomplete" in intro.value and "in Persian" in intro.value
    assert box.description and button.description == "What to look for"
    records = answers.book(course, "05_stakes_and_aftermath").records()
    assert records[-1]["id"] == "lateral_labourers_copy_or_outlet" and records[-1]["kind"] == "note"
    button.click()
    assert "Write your answer first" in notes.value and notes.layout.display is None
    box.value = "B, because it names the ministry."
    button.click()
    assert "copy is only as good" in notes.value
    assert answers.book(course, "05_stakes_and_aftermath").records()[-1]["text"] == box.value


def test_activity_escapes_what_it_shows(course, tmp_path):
    evil = {
        "id": "x_evil",
        "publisher": "<script>alert(1)</script>",
        "title": "T & <b>",
        "url": 'https://e.example/"x',
        "published": None,
        "accessed": None,
        "perspective": "Other",
        "language": "en",
        "kind": "news report",
    }
    patched = dataclasses.replace(course, sources=pd.concat([course.sources, pd.DataFrame([evil])], ignore_index=True))
    (tmp_path / "lateral_reading.csv").write_text(
        "id,claim,first_source,second_source,what_to_notice\n"
        "evil,<img src=x onerror=alert(1)>,x_evil,dawn_2024_04_24_raisi_wraps_up,<i>notes</i>\n",
        encoding="utf-8",
    )
    view = lateral.activity(patched, "evil", "06_review", data_dir=tmp_path)
    html_shown = view.children[0].value
    assert "<script>" not in html_shown and "<img" not in html_shown and "&lt;script&gt;" in html_shown
    assert '"x"' not in html_shown
    printed = view._repr_mimebundle_()["text/html"]
    assert "<script>" not in printed and "<img" not in printed and "&lt;i&gt;notes&lt;/i&gt;" in printed


def test_pages_without_widgets_print_the_exercise_and_fold_what_to_look_for(course):
    """The handouts drew this activity as "this part is interactive": no claim, no sources."""
    view = lateral.activity(course, "labourers_copy_or_outlet", "05_stakes_and_aftermath")
    printed = view._repr_mimebundle_()["text/html"]
    assert printed.startswith(view.children[0].value), "the claim and both sources"
    assert "<details><summary>What to look for</summary><p>" in printed and "<details open" not in printed
    assert "copy is only as good" in printed.split("<details>")[1]


def test_unknown_exercise_is_a_clear_error(course):
    with pytest.raises(KeyError, match="no exercise 'nope'"):
        lateral.activity(course, "nope", "06_review")
