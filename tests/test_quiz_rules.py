"""The module's quizzes as a whole: no clue in the length of the options, no question asked twice,
and every quiz file held to the rules of a lesson quiz.

The per-file rules (skills, options, mix) are checked by ``make check``; see test_quiz_spec.py
for their bad-input fixtures. What needs the whole module is checked here.
"""

import difflib
import itertools
import shutil

import pytest
import yaml

from lessonkit.data import DATA_DIR, load_course
from lessonkit.quizspec import (
    MAX_LONGEST_RIGHT_SHARE,
    SingleQuestion,
    lesson_rule_problems,
    longest_right_share,
    right_is_longest,
)
from quiz_support import FIXTURES, quiz_folder


@pytest.fixture(scope="module")
def course():
    return load_course()


def test_right_option_is_rarely_the_longest(course):
    longest, singles = longest_right_share(course.quizzes.values())
    assert singles and longest <= MAX_LONGEST_RIGHT_SHARE * singles, (
        f"the right option is the longest in {longest} of {singles} single-choice questions "
        f"(at most {MAX_LONGEST_RIGHT_SHARE:.0%} allowed): make the wrong options as long and careful as the right one"
    )


def test_right_option_is_rarely_the_shortest_either(course):
    """Fixing the first clue must not create the opposite one."""
    singles = [q for spec in course.quizzes.values() for q in spec.questions if isinstance(q, SingleQuestion)]
    shortest = [
        q.id for q in singles if len(q.options[q.correct_indexes[0]].text) == min(len(o.text) for o in q.options)
    ]
    assert len(shortest) <= MAX_LONGEST_RIGHT_SHARE * len(singles), shortest


def test_the_longest_rule_can_fail(tmp_path):
    folder = quiz_folder(tmp_path)
    shutil.copy(FIXTURES / "quiz_clues" / "right_is_longest.yaml", folder / "quizzes")
    spec = load_course(folder).quizzes["right_is_longest"]
    assert all(right_is_longest(q) for q in spec.questions)
    assert longest_right_share([spec]) == (2, 2)


def test_multiple_choice_right_share_across_the_module(course):
    options = [o for spec in course.quizzes.values() for q in spec.questions if q.type == "multiple" for o in q.options]
    assert options and sum(o.correct for o in options) <= 0.6 * len(options)


def test_every_lesson_quiz_keeps_the_lesson_rules(course):
    for name, spec in course.quizzes.items():
        assert spec.lesson_rules, f"data/quizzes/{name}.yaml: lesson_rules: false is for test files only"
        assert lesson_rule_problems(name, spec) == []
    for path in sorted((DATA_DIR / "quizzes").glob("*.yaml")):
        assert "lesson_rules" not in yaml.safe_load(path.read_text(encoding="utf-8")), path.name


def test_no_two_questions_in_the_module_ask_the_same_thing(course):
    """Near-identical prompts (the old onward_destination / onward_flight pair) are refused."""

    def asked(q) -> str:  # the prompt with what the student chooses from
        choices = [o.text for o in getattr(q, "options", [])] + list(getattr(q, "items", []))
        return " ".join([q.prompt, *choices]).lower()

    questions = [(name, q, asked(q)) for name, spec in course.quizzes.items() for q in spec.questions]
    for (na, a, ta), (nb, b, tb) in itertools.combinations(questions, 2):
        ratio = difflib.SequenceMatcher(None, ta, tb).ratio()
        assert ratio < 0.6, f"{na}:{a.id} and {nb}:{b.id} ask nearly the same thing ({ratio:.2f})"


def test_the_instructor_guide_gives_each_questions_skill(course):
    """The Learning outcomes table of instructors/README.md writes `id` (skill), as the quiz files say."""
    import re

    from lessonkit.data import DATA_DIR as data

    guide = (data.parent / "instructors" / "README.md").read_text(encoding="utf-8")
    table = guide.split("## Learning outcomes", 1)[1].split("\n## ", 1)[0]
    shown = dict(re.findall(r"`([a-z0-9_]+)` \((\w+)\)", table))
    skills = {q.id: q.skill for spec in course.quizzes.values() for q in spec.questions}
    assert shown == skills
