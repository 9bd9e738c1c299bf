"""The real quizzes in data/quizzes and the examples in its README: each builds, and each can be answered right."""

import re
import shutil
from pathlib import Path

import pytest

from lessonkit.answerkey import answer_key
from lessonkit.data import DATA_DIR, validate_folder
from lessonkit.quiz import label_text, quiz
from lessonkit.quizspec import QUESTION_TYPES

NOTEBOOKS = sorted(p.stem for p in (DATA_DIR / "quizzes").glob("*.yaml"))


def solve(view, course) -> None:
    """Give the right answer, as a student who knows it would."""
    q = view.question
    right = {q.options[i].text for i in q.correct_indexes} if hasattr(q, "options") else set()
    if q.type == "single":
        view.answer_widget.label = right.pop()
    elif q.type == "multiple":
        for box in view.choices:
            box.value = label_text(box.description) in right
    elif q.type == "numeric":
        view.answer_widget.value = str(q.answer)
    elif q.type == "ordering":
        order = q.correct_order(course.events)
        for box, item in zip(view.positions, view.shown_items):
            box.value = order.index(item) + 1
    else:
        view.answer_widget.value = "My thoughts."


def test_there_are_quizzes_to_check():
    assert NOTEBOOKS, "data/quizzes/ has no quiz files"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_each_quiz_can_be_answered_right_and_has_a_key(course, notebook):
    q = quiz(course, notebook)
    for view in q.questions:
        solve(view, course)
        view.check_button.click()
        assert view.correct is not False, (view.question.id, view.feedback.value)
        view.show_answer()
        assert "<strong>The answer:</strong>" in view.feedback.value
    scored = sum(v.question.scored for v in q.questions)
    assert f"{scored} of {scored} scored questions answered correctly so far." in q.score.value
    key = answer_key(course, [notebook])
    assert all(f"(`{v.question.id}`)" in key for v in q.questions)


def readme_questions() -> str:
    """The README's example questions, as one quiz file."""
    text = (DATA_DIR / "quizzes" / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.S) if b.startswith("  - id:")]
    return "title: README examples\nlesson_rules: false\nquestions:\n" + "".join(blocks)


def test_readme_has_a_valid_example_of_every_type(tmp_path):
    folder = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    (folder / "quizzes" / "99_readme.yaml").write_text(readme_questions(), encoding="utf-8")
    frames, problems = validate_folder(folder)
    assert problems == []
    assert {q.type for q in frames["quizzes"]["99_readme"].questions} == set(QUESTION_TYPES)
