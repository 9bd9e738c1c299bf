"""Every quiz question type works at every place that handles a type, not only the three that
tests/test_quiz_types.py guards (spec, view, answer key): the saved-answers reader, the class
report's wrong answers and misconceptions, the printed handout, and the bench's class. A new
type missing from one of them degrades silently there (the report shows no misconception,
clean_answer says "not text"); here it fails, naming the type and the place.

Fixture: tests/fixtures/handouts/quizzes/handout_fixture.yaml, one question of every type."""

from __future__ import annotations

import shutil

import pytest

from lessonkit import classstats, load_course, quiz, quizspec, savedanswers
from lessonkit.paths import ROOT
from tools import class_report_bench, handouts

FIXTURES = ROOT / "tests" / "fixtures"
NAME = "handout_fixture"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    shutil.copytree(FIXTURES / "good_data", folder, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "handouts" / "quizzes", folder / "quizzes")
    return load_course(folder)


def answered(course, style: int) -> dict[str, tuple[quiz.QuestionView, dict]]:
    """type -> (view, saved record) after the bench's student of ``style`` (0 right, 1 wrong then right, 2 wrong)."""
    course.answer_books.pop(NAME, None)
    widget = quiz.quiz(course, NAME)
    for view in widget.questions:
        class_report_bench._answer(view, style)
    return {view.question.type: (view, view.record()) for view in widget.questions}


def test_the_fixture_has_every_type(course):
    assert {q.type for q in course.quizzes[NAME].questions} == set(quizspec.QUESTION_TYPES)


@pytest.mark.parametrize("name", sorted(quizspec.QUESTION_TYPES))
def test_the_bench_answers_every_type(course, name):
    for style, right in ((0, True), (2, False)):
        _, record = answered(course, style)[name]
        assert record["tries"] >= 1, f"tools/class_report_bench._answer does not answer {name!r} questions"
        if quizspec.QUESTION_TYPES[name].scored:
            assert record["correct"] is right, f"the bench's student {style} gets {name!r} wrong way round"


@pytest.mark.parametrize("name", sorted(quizspec.QUESTION_TYPES))
def test_the_report_reads_every_types_saved_answer(course, name):
    for style in (0, 2):
        view, record = answered(course, style)[name]
        _, problem = savedanswers.clean_answer(view.question, record["answer"], course)
        assert problem is None, f"savedanswers.clean_answer refuses a {name!r} answer: {problem}"


@pytest.mark.parametrize("name", sorted(n for n, m in quizspec.QUESTION_TYPES.items() if m.scored))
def test_the_report_names_every_scored_types_wrong_answer_and_its_misconception(course, name):
    view, record = answered(course, 2)[name]
    question = view.question
    attempts = tuple(
        savedanswers.Attempt(savedanswers.clean_answer(question, a["answer"], course)[0], a["correct"])
        for a in record["attempts"]
    )
    answer = savedanswers.Answer(question.id, None, False, record["tries"], False, attempts)
    wrong = classstats._wrong_choices(question, answer, dict(zip(course.events["id"], course.events["headline"])))
    assert wrong, f"classstats._wrong_choices finds no wrong answer for {name!r}"
    assert all(classstats._misconception(question, w, course) for w in wrong), f"no misconception for {name!r}"


@pytest.mark.parametrize("name", sorted(quizspec.QUESTION_TYPES))
def test_the_handout_prints_every_type_and_its_answer(course, name):
    view, _ = answered(course, 0)[name]
    body, answer = handouts._question(view)
    assert view.instructions in body or "&" in body, body
    assert answer.strip(), f"tools/handouts prints no answer for {name!r}"
