"""Every lesson notebook's core path fits the time it states (see ``reading_load.py``):
at most 75 words a minute, no lesson over 60 minutes, the lessons together no more than 285.

The fixtures in ``fixtures/reading_load/`` prove the counter can fail and what it leaves out.
"""

from pathlib import Path

import nbformat
import pytest

import reading_load
from tools import manifest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = manifest.lessons()
FIXTURES = ROOT / "tests" / "fixtures" / "reading_load"
#: The most any one lesson notebook may state, and all of them together (the review's 05 included).
MAX_LESSON_MINUTES = 60
MAX_TOTAL_MINUTES = 285


def _read(path: Path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_core_path_fits_the_stated_time(path):
    assert reading_load.problems(_read(path)) == [], f"{path.name}: {reading_load.problems(_read(path))}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_no_lesson_states_more_than_an_hour(path):
    assert reading_load.stated_minutes(_read(path)) <= MAX_LESSON_MINUTES


def test_the_lessons_together_state_no_more_than_before():
    assert LESSONS, "no lesson notebooks found"
    assert sum(reading_load.stated_minutes(_read(p)) for p in LESSONS) <= MAX_TOTAL_MINUTES


def test_a_core_path_over_its_time_is_reported():
    assert reading_load.problems(_read(FIXTURES / "core_path_over_its_time.ipynb")) == [
        "88 words on the core path for 1 minutes; at most 75 (75 × 1): cut, or move depth into cells tagged 'extension'"
    ]


def test_extension_cells_closed_details_and_widgets_are_not_on_the_core_path():
    found = reading_load.load(_read(FIXTURES / "depth_folded_away.ipynb"))
    # the title, "Time to complete", "About 1 minutes." and the <details> summary "Text version"
    assert found == {"minutes": 1, "core": 10, "extension": 82}


def test_streams_and_open_details_count_and_html_is_preferred_to_plain_text():
    found = reading_load.load(_read(FIXTURES / "outputs_shown_expanded.ipynb"))
    assert found["core"] == 8 + 80 + 1 + 80  # title and time, the stream, "Open" and the open block


def test_a_notebook_without_a_stated_time_is_reported():
    assert reading_load.problems(_read(FIXTURES / "no_stated_time.ipynb")) == [
        'no "About N minutes" in the notebook\'s Markdown (its Time to complete)'
    ]


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
