"""Every question of every quiz, driven as a student drives it: the right answer is accepted,
with its feedback; an empty Check asks for an answer and counts no try."""

import pytest

from kit_support import answer_right
from lessonkit.data import load_course
from lessonkit.quiz import quiz

COURSE = load_course()
QUESTIONS = [(name, q.id) for name, spec in sorted(COURSE.quizzes.items()) for q in spec.questions]


@pytest.fixture(scope="module")
def quizzes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("answers")
    return {name: quiz(COURSE, name, save_dir=folder) for name in COURSE.quizzes}


@pytest.mark.parametrize(("name", "qid"), QUESTIONS)
def test_each_question_takes_its_right_answer(quizzes, name, qid):
    view = next(v for v in quizzes[name].questions if v.question.id == qid)
    view.check_button.click()
    assert view.tries == 0, "an empty Check must not count as a try"
    answer_right(view, COURSE)
    view.check_button.click()
    if view.question.type != "reflection":
        assert view.correct is True, view.feedback.value
    assert view.feedback.value
