"""Every quiz question type works at every place that handles a type, not only the three that
tests/test_quiz_types.py guards (spec, view, answer key): the saved-answers reader, the class
report's wrong answers and misconceptions, the printed handout, and the bench's class. A new
type missing from one of them degrades silently there (the report shows no misconception,
clean_answer says "not text"); here it fails, naming the type and the place.

Fixture: tests/fixtures/handouts/quizzes/handout_fixture.yaml, one question of every type.

And a new type lives in one file: tests/fixtures/quiz_types/true_or_false.py, registered at test
time, validates, builds, scores, restores, and reaches the answer key, the handout, the bench and
the class report with no other edit (a hook it lacks makes ``register`` refuse it)."""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest

from lessonkit import answerkey, classfiles, classstats, load_course, quiz, quizspec, quiztypes, savedanswers
from lessonkit.data import validate_folder
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


# --- a new type lives in one file ----------------------------------------------------------------

NEW_TYPE = FIXTURES / "quiz_types" / "true_or_false.py"
NEW_QUIZ = """\
title: "A quiz with a type of its own"
lesson_rules: false
questions:
  - id: claim
    skill: reasoning
    type: true_or_false
    prompt: "Pakistan's capital is Karachi."
    source_ids: [dawn_wrapup]
    is_true: false
    feedback_true: "Karachi is the largest city, not the capital."
    feedback_false: "Right: the capital is Islamabad."
"""


@pytest.fixture
def new_type(tmp_path):
    """The fixture type registered for one test (and taken away after), and a course whose quiz uses it."""
    spec = importlib.util.spec_from_file_location("true_or_false", NEW_TYPE)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)  # registers the type
        folder = tmp_path / "data"
        shutil.copytree(FIXTURES / "good_data", folder)
        (folder / "quizzes").mkdir(exist_ok=True)
        (folder / "quizzes" / "new_type.yaml").write_text(NEW_QUIZ, encoding="utf-8")
        yield load_course(folder), tmp_path
    finally:
        quiztypes.unregister("true_or_false")


def test_a_new_type_in_one_file_works_everywhere(new_type):
    course, tmp = new_type
    (question,) = course.quizzes["new_type"].questions
    assert question.type == "true_or_false" and quiztypes.missing_hooks(quiztypes.kind_of(question)) == []
    # the widget: right, then wrong
    seeds = []
    for style in (0, 2):
        course.answer_books.pop("new_type", None)
        widget = quiz.quiz(course, "new_type", save_dir=tmp / f"s{style}")
        (view,) = widget.questions
        class_report_bench._answer(view, style)
        record = view.record()
        assert record["correct"] is (style == 0) and record["answer"] == ("False" if style == 0 else "True")
        seeds.append(widget.results())
    # restore from the saved answer
    course.answer_books.pop("new_type", None)
    again = quiz.quiz(course, "new_type", save_dir=tmp / "again")
    again.restore(seeds[1]["questions"])
    assert again.questions[0].answer() is True and again.questions[0].tries == 1
    # the answer key, the handout
    key = answerkey.quiz_key(course, "new_type")
    assert "### 1. true or false, skill: reasoning" in key and "**Answer:** False" in key
    body, answer = handouts._question(again.questions[0])
    assert "<li>True</li>" in body and "Right: the capital is Islamabad." in answer
    # the class report reads the saved files and names the misconception
    folder = tmp / "class"
    folder.mkdir()
    for number, saved in enumerate(seeds):
        path = folder / f"answers-new_type-s{number}.json"
        path.write_text(json.dumps(dict(saved, name=f"Student {number}")), encoding="utf-8")
    rows = classstats.question_rows(course, classfiles.read_class(folder, course), classstats.Guide())
    (row,) = rows
    assert (row.type, row.answered, row.first_try_right, row.wrong_answer) == ("true_or_false", 2, 1, "True")
    assert row.misconception == "Karachi is the largest city, not the capital."


def test_a_new_types_missing_field_is_named_in_plain_words(new_type):
    _, tmp = new_type
    broken = tmp / "data" / "quizzes" / "new_type.yaml"
    broken.write_text(
        NEW_QUIZ.replace('    feedback_false: "Right: the capital is Islamabad."\n', ""), encoding="utf-8"
    )
    _, problems = validate_folder(tmp / "data")
    assert [(p.field, p.message) for p in problems] == [
        ("questions[claim].feedback_false", "expected feedback_false (shown to a student who says false)")
    ]
