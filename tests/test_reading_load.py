"""Every lesson fits its stated time by the time-on-task model (``reading_load.py``), no lesson
states more than one class period, Core is Core, and every quiz question tests a Core section.

The fixtures in ``fixtures/reading_load/`` are named after the one fault each must report, and
``model_arithmetic`` checks the model's sums by hand.
"""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import reading_load
from tools import manifest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = manifest.paths(("start", *manifest.LESSON_KINDS))  # 00 Start here and the lessons
LESSONS = manifest.lessons()
FIXTURES = ROOT / "tests" / "fixtures" / "reading_load"


@pytest.fixture(scope="module")
def data():
    return reading_load.Data.load()


@pytest.fixture(scope="module")
def fixture_data():
    return reading_load.Data.load(quiz_dir=FIXTURES)


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _fixture(name: str):
    return _read(FIXTURES / f"{name}.ipynb")


# --- the module's notebooks ----------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_core_path_fits_the_stated_time(path, data):
    """Modelled minutes at 150 words a minute ≤ stated ≤ 50 (the review 60, 00 Start here 10)."""
    assert reading_load.problems(_read(path), data, path.stem) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_core_is_core(path):
    assert reading_load.untagged_under_extension(_read(path)) == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_quiz_question_tests_a_core_section(path, data):
    """The review's questions may name a Core section of any lesson; the others, of their own."""
    questions = reading_load.quiz_questions(path.stem, data)
    assert questions, f"no quiz data/quizzes/{path.stem}.yaml"
    others = [_read(p) for p in LESSONS] if "review" in path.stem else []
    assert reading_load.sections_not_core(questions, _read(path), others) == []


def test_the_start_page_gives_each_lesson_its_own_stated_time():
    start, *_ = manifest.paths(("start",))
    lessons = {p.stem: _read(p) for p in LESSONS}
    assert reading_load.start_page_problems(_read(start), lessons) == []


def test_a_start_page_that_disagrees_with_a_lesson_is_reported():
    lessons = {name: _fixture(name) for name in ("model_arithmetic", "parts_do_not_add_up", "over_its_time")}
    assert reading_load.start_page_problems(_fixture("start_page_disagrees"), lessons) == [
        "00 Start here gives model_arithmetic 40 min; the notebook says about 10 minutes",
        "00 Start here gives no time for over_its_time",
    ]


def test_make_lesson_times_prints_the_table():
    done = subprocess.run(
        [sys.executable, "tests/reading_load.py", *map(str, NOTEBOOKS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("| notebook | stated | modelled at 150 wpm | modelled at 100 wpm |")
    assert [line.split(" | ")[0].strip("| ") for line in lines[2:]] == [p.stem for p in NOTEBOOKS]
    assert "lesson-times:" in (ROOT / "Makefile").read_text(encoding="utf-8")


# --- the model, by hand --------------------------------------------------------------------------


def test_the_model_adds_words_and_interactions_as_stated(fixture_data):
    found = reading_load.model(_fixture("model_arithmetic"), fixture_data)
    # 7 (title, Time to complete) + 293 + 3 (a closed <details> shows only its summary)
    # + 10 (the guess's prompt and answer) + 9 (single: prompt, options, the right feedback only)
    # + 5 (reflection: prompt and guidance); the Extension cell counts nothing
    assert found.words == 7 + 293 + 3 + 10 + 9 + 5
    assert [(what, minutes) for _, what, minutes in found.interactions] == [
        ("figure", 1.5),
        ("Think-first guess", 1.5),
        ("quiz question: single", 0.5),
        ("quiz question: reflection", 3.0),
    ]
    assert found.minutes() == pytest.approx(327 / 150 + 6.5)
    assert found.minutes(100) == pytest.approx(327 / 100 + 6.5)


def test_a_roleplay_counts_its_stated_timing_not_its_cards(fixture_data):
    found = reading_load.model(_fixture("roleplay_counts_its_timing"), fixture_data)
    assert found.words == 7 + 3 + 146  # the cards, the memo and the debrief are the role-play's time
    assert [what for _, what, _ in found.interactions] == ["role-play (its stated timing)"]
    assert found.interaction_minutes == fixture_data.roleplay_minutes


def test_a_guess_that_names_only_its_id_is_read_from_the_reveals_file(fixture_data):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('ask.guess("g")')])
    fixture_data.reveals["g"] = {"id": "g", "prompt": "one two", "answer": "three four five"}
    try:
        assert reading_load.model(nb, fixture_data).words == 5
    finally:
        del fixture_data.reveals["g"]


# --- each fault, reported ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, problem",
    [
        (
            "over_its_time",
            "the Core path takes 2.5 minutes by the model (157 words ÷ 150 + 1.5 for interactions), more "
            "than the 1 the notebook states: cut, or move depth into Extension",
        ),
        ("states_too_long", "states 55 minutes; at most 50"),
        ("parts_do_not_add_up", "Time to complete: the parts add up to 8 minutes, not the 10 stated"),
        (
            "unknown_interaction",
            "cell 2: a widget whose call the model does not know; add it to INTERACTIONS in tests/reading_load.py",
        ),
    ],
)
def test_each_time_fault_is_reported(name, problem, fixture_data):
    assert reading_load.problems(_fixture(name), fixture_data, name) == [problem]


def test_a_notebook_without_a_stated_time_is_reported(fixture_data):
    nb = _fixture("states_too_long")
    nb.cells = nb.cells[:1]
    assert reading_load.problems(nb, fixture_data, "x") == [
        'no "About N minutes" in the notebook\'s Time to complete section'
    ]


def test_an_untagged_cell_under_an_extension_heading_is_reported():
    assert reading_load.untagged_under_extension(_fixture("untagged_under_extension")) == [
        "cell 4: sits under the heading 'Extension: more depth' but is not tagged 'extension' "
        "(tag it, or give it a Core heading of its own)"
    ]


def test_a_question_on_an_extension_section_is_reported(fixture_data):
    questions = reading_load.quiz_questions("quiz_tests_extension", fixture_data)
    assert reading_load.sections_not_core(questions, _fixture("quiz_tests_extension")) == [
        "question tests_extension: its section 'Extension: depth' is an Extension section, not Core",
        "question tests_nothing: its section 'No such heading' is no heading of the notebook, not Core",
    ]


def test_review_and_start_page_limits():
    assert reading_load.limit("06_review") == 60
    assert reading_load.limit("00_start_here") == 10
    assert reading_load.limit("07_roleplay") == 50


@pytest.mark.parametrize(
    "html, count",
    [
        ("<p>one two</p><details><summary>three</summary>four five</details>", 3),
        ("<details><summary>a</summary><details open><summary>b</summary>c</details></details>", 1),
        ("| a | b |\n|---|---|\n| c | d |", 4),
        ("<style>p { color: red }</style>x", 1),
    ],
)
def test_words_on_screen(html, count):
    assert reading_load.words(html) == count
