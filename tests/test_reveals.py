"""Predict, then reveal: guesses and model answers live in data/reveals.yaml, never in a
notebook's code, and no answer is on screen before the student is asked to guess."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from lessonkit import prompts
from lessonkit.data import validate_folder
from reveal_rules import early_answers, think_first_cells, written_answers

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reveals"
ANSWER = "About **180 km** apart (the text version of the map gives the distance). Each side struck near the border, not deep inside the other country."


def answers_of(course, notebook: str) -> tuple[dict[str, str], str | None]:
    entries = [e for e in course.reveals.values() if e.notebook == notebook]
    key = next((e.answer for e in entries if e.kind == "key_question"), None)
    return {e.id: e.answer for e in entries if e.kind == "guess" and e.answer}, key


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_guess_or_model_answer_is_written_in_a_notebook(path):
    assert written_answers(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_answer_is_on_screen_before_its_guess(course, path):
    answers, key = answers_of(course, path.stem)
    assert early_answers(nbformat.read(path, as_version=4), answers, key) == []


def test_every_think_first_moment_is_used_once_in_its_own_notebook(course):
    used = []
    for path in NOTEBOOKS:
        for _cell, item in think_first_cells(nbformat.read(path, as_version=4)):
            entry = course.reveals.get(item) if item else None
            if item is None:  # the key question: the notebook's own
                entry = next(e for e in course.reveals.values() if e.notebook == path.stem and e.kind == "key_question")
            assert entry is not None and entry.notebook == path.stem, f"{path.stem} asks for {item!r}"
            used.append(entry.id)
    assert sorted(used) == sorted(course.reveals), "every entry in reveals.yaml is asked once"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("answer_in_code", "writes its question or answer in code"),
        ("answer_shown_before_guess", "strike_distance: its answer is in cell 0"),
        ("answer_in_an_earlier_output", "strike_distance: its answer is in cell 0"),
    ],
)
def test_the_rules_catch_an_answer_a_student_could_read_first(fixture, expected):
    nb = nbformat.read(FIXTURES / f"{fixture}.ipynb", as_version=4)
    found = written_answers(nb) + early_answers(nb, {"strike_distance": ANSWER})
    assert any(expected in problem for problem in found), found


def test_a_notebook_that_reads_its_answers_from_the_data_passes():
    nb = nbformat.read(FIXTURES / "answers_from_data.ipynb", as_version=4)
    assert written_answers(nb) == [] and early_answers(nb, {"strike_distance": ANSWER}, "A model answer.") == []


def test_a_guess_reads_its_question_answer_and_sources_from_the_data(course):
    ask = prompts.prompts(course, "01_background")
    entry = course.reveals["strike_distance"]
    box = ask.guess("strike_distance")
    assert box.prompt == entry.prompt and entry.prompt in box.box.tooltip
    assert box.reveal.answer.value == ""  # nothing until the button is pressed
    assert "180 km" in box.reveal.printed() and ask.source_ids == entry.source_ids


def test_the_key_question_reads_its_frame_and_model_answer_from_the_data(course):
    notebook = next(e.notebook for e in course.reveals.values() if e.kind == "key_question")
    entry = next(e for e in course.reveals.values() if e.notebook == notebook and e.kind == "key_question")
    box = prompts.prompts(course, notebook).key_question()
    assert box.prompt == entry.prompt and box.box.placeholder == entry.frame
    assert box.reveal.label == "Show a model answer" and entry.answer.split()[0] in box.reveal.printed()


def test_the_old_keyword_form_still_works(course):
    box = prompts.prompts(course, "01_background").guess("anything", "A question?", answer="An answer.")
    assert box.prompt == "A question?" and "An answer." in box.reveal.printed()


def test_a_guess_missing_from_the_data_says_where_to_add_it(course):
    with pytest.raises(KeyError, match=r"reveals.yaml has no guess 'strike_distanse' for 01_background"):
        prompts.prompts(course, "01_background").guess("strike_distanse")
    other = next(e for e in course.reveals.values() if e.notebook != "01_background" and e.kind == "guess")
    with pytest.raises(KeyError, match="has no guess"):
        prompts.prompts(course, "01_background").guess(other.id)


def test_a_reveal_for_a_notebook_without_a_quiz_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (data / "reveals.yaml").read_text(encoding="utf-8")
    (data / "reveals.yaml").write_text(text.replace("notebook: 01_background", "notebook: 01_backgound", 1))
    _, problems = validate_folder(data)
    assert len(problems) == 1
    assert str(problems[0]).startswith("reveals.yaml:20: reveals[claim_to_check].notebook: expected a notebook")
    assert "'01_backgound' has none" in str(problems[0])
