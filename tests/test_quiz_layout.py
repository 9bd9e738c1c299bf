"""How a quiz looks: its scoped style sheet (options wrap) and feedback that reads well.
The geometry itself is measured in the browser (tests/browser/test_geometry.py)."""

from __future__ import annotations

from lessonkit import quiz
from lessonkit.quiztypes.base import verdict_line


def test_every_quiz_carries_its_style_sheet_scoped_to_quizzes(course):
    widget = quiz.quiz(course, "03_trade_and_energy")
    assert quiz.QUIZ_CLASS in widget._dom_classes
    style = widget.children[-1].value
    assert style.startswith("<style>") and "white-space: normal" in style
    rules = [r for r in style.split("}") if "{" in r]
    assert all(r.strip().startswith(f".{quiz.QUIZ_CLASS} ") or r.strip().startswith("<style>") for r in rules), (
        "every rule is scoped to the quiz"
    )


def test_feedback_that_opens_with_yes_does_not_say_it_twice():
    line = verdict_line(True, "Yes. He was returning from the dam.")
    assert "Yes: He was returning" in line and "Yes: Yes" not in line
    assert "Yes: Eight documents" in verdict_line(True, "Eight documents")
