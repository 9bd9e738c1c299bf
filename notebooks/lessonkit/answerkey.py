"""The instructor's answer key, as Markdown, from the validated quiz files.

For teachers, not students: write it outside ``notebooks/`` with
``python tools/answer_key.py build/answer-key.md``. Options are listed in file order
(students see them shuffled).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .data import Course
from .text import format_number, short_date
from .quizspec import (ChoiceQuestion, NumericQuestion, OrderingQuestion, Question, QuizSpec, ReflectionQuestion,
                       spec_for)

TYPE_NAMES = {"single": "single choice", "multiple": "multiple choice (all that fit)", "numeric": "number",
              "ordering": "put in order", "reflection": "reflection, not scored"}


def _text(markdown: str) -> str:
    """Quiz Markdown for the key, with raw HTML shown as text rather than rendered."""
    return markdown.strip().replace("<", "&lt;")


def _citation(course: Course, source_id: str) -> str:
    row = course.source(source_id)
    when = short_date(row["published"])
    return f"{row['publisher']}, *{_text(row['title'])}*{', ' + when if when else ''}, <{row['url']}>"


def _choices(course: Course, q: ChoiceQuestion) -> list[str]:
    return [f"- {'✓ **' + _text(o.text) + '** (correct)' if o.correct else '✗ ' + _text(o.text)} — {_text(o.feedback)}"
            for o in q.options]


def _numeric(course: Course, q: NumericQuestion) -> list[str]:
    accepted = (f" (accept {format_number(q.answer - q.tolerance)} to {format_number(q.answer + q.tolerance)})"
                if q.tolerance else " (exactly)")
    return [f"**Answer:** {format_number(q.answer)} {_text(q.unit)}{accepted}", "",
            f"- If right: {_text(q.feedback_correct)}", f"- Hint if not: {_text(q.feedback_incorrect)}"]


def _ordering(course: Course, q: OrderingQuestion) -> list[str]:
    events = course.events.set_index("id")
    steps = [f"{n}. {events.loc[i, 'display_date']}: {_text(events.loc[i, 'headline'])} (`{i}`)"
             for n, i in enumerate(q.correct_order(course.events), start=1)]
    return ["**Order:**", "", *steps, "", f"- If right: {_text(q.feedback_correct)}",
            f"- Hint if not: {_text(q.feedback_incorrect)}"]


def _reflection(course: Course, q: ReflectionQuestion) -> list[str]:
    return [f"**What a thoughtful answer considers:** {_text(q.guidance)}"]


_ANSWERS: dict[type[Question], Callable[[Course, Question], list[str]]] = {
    ChoiceQuestion: _choices, NumericQuestion: _numeric, OrderingQuestion: _ordering, ReflectionQuestion: _reflection,
}


def _answer(course: Course, q: Question) -> list[str]:
    kind = next(k for k in _ANSWERS if isinstance(q, k))
    return _ANSWERS[kind](course, q)


def quiz_key(course: Course, notebook_name: str) -> str:
    """The answer key of one notebook's quiz, as a Markdown section."""
    spec: QuizSpec = spec_for(course, notebook_name)
    lines = [f"## {notebook_name}: {_text(spec.title)}", ""]
    for number, q in enumerate(spec.questions, start=1):
        lines += [f"### {number}. {TYPE_NAMES[q.type]} (`{q.id}`)", "", _text(q.prompt), "", *_answer(course, q), "",
                  "Sources: " + "; ".join(_citation(course, sid) for sid in q.source_ids) + ".", ""]
    return "\n".join(lines)


def answer_key(course: Course, notebooks: Iterable[str] | None = None) -> str:
    """The answer key for these notebooks' quizzes (default: all of them), as Markdown."""
    names = sorted(course.quizzes) if notebooks is None else list(notebooks)
    head = ["# Answer key: self-check quizzes", "",
            "For teachers. Keep it away from students: it is generated from `data/quizzes/*.yaml` by "
            "`python tools/answer_key.py build/answer-key.md`; edit the quiz files, not this page. "
            "Options are listed in file order; students see them shuffled.", ""]
    if not names:
        head.append("There are no quizzes in `data/quizzes/`.")
    return "\n".join(head + [quiz_key(course, name) for name in names]).rstrip("\n") + "\n"
