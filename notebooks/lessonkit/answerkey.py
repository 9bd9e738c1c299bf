"""The instructor's answer key, as Markdown, from the validated quiz files.

For teachers, not students: a copy is kept in ``instructors/answer-key.md`` (a test keeps it
up to date), and ``python tools/answer_key.py build/answer-key.md`` writes a fresh one.
Options are lettered in the order students see them (after the seeded shuffle), so a
teacher can say "option B"; each question shows its skill.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from .data import Course
from .quizspec import (
    SKILLS,
    ChoiceQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    QuizSpec,
    ReflectionQuestion,
    shown_order,
    spec_for,
)
from .text import format_number, short_date

TYPE_NAMES = {
    "single": "single choice",
    "multiple": "multiple choice (all that fit)",
    "numeric": "number",
    "ordering": "put in order",
    "reflection": "reflection, not scored",
}


def _text(markdown: str) -> str:
    """Quiz Markdown for the key, with raw HTML shown as text rather than rendered."""
    return markdown.strip().replace("<", "&lt;")


def _citation(course: Course, source_id: str) -> str:
    row = course.source(source_id)
    when = short_date(row["published"])
    return f"{row['publisher']}, *{_text(row['title'])}*{', ' + when if when else ''}, <{row['url']}>"


def _choices(course: Course, q: ChoiceQuestion, shuffle: bool) -> list[str]:
    lines = []
    for letter, index in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", shown_order(q.id, len(q.options), shuffle)):
        o = q.options[index]
        shown = f"✓ **{_text(o.text)}** (correct)" if o.correct else f"✗ {_text(o.text)}"
        lines.append(f"- **{letter}.** {shown} — {_text(o.feedback)}")
    return lines


def _numeric(course: Course, q: NumericQuestion, shuffle: bool) -> list[str]:
    accepted = (
        f" (accept {format_number(q.answer - q.tolerance)} to {format_number(q.answer + q.tolerance)})"
        if q.tolerance
        else " (exactly)"
    )
    return [
        f"**Answer:** {format_number(q.answer)} {_text(q.unit)}{accepted}",
        "",
        f"- If right: {_text(q.feedback_correct)}",
        f"- Hint if not: {_text(q.feedback_incorrect)}",
    ]


def _ordering(course: Course, q: OrderingQuestion, shuffle: bool) -> list[str]:
    events = course.events.set_index("id")
    steps = [
        f"{n}. {events.loc[i, 'display_date']}: {_text(events.loc[i, 'headline'])} (`{i}`)"
        for n, i in enumerate(q.correct_order(course.events), start=1)
    ]
    return [
        "**Order:**",
        "",
        *steps,
        "",
        f"- If right: {_text(q.feedback_correct)}",
        f"- Hint if not: {_text(q.feedback_incorrect)}",
    ]


def _reflection(course: Course, q: ReflectionQuestion, shuffle: bool) -> list[str]:
    return [f"**What a thoughtful answer considers:** {_text(q.guidance)}"]


_ANSWERS: dict[type[Question], Callable[[Course, Question, bool], list[str]]] = {
    ChoiceQuestion: _choices,
    NumericQuestion: _numeric,
    OrderingQuestion: _ordering,
    ReflectionQuestion: _reflection,
}


def _answer(course: Course, q: Question, shuffle: bool) -> list[str]:
    kind = next(k for k in _ANSWERS if isinstance(q, k))
    return _ANSWERS[kind](course, q, shuffle)


def quiz_key(course: Course, notebook_name: str) -> str:
    """The answer key of one notebook's quiz, as a Markdown section."""
    spec: QuizSpec = spec_for(course, notebook_name)
    counts = Counter(q.skill for q in spec.questions)
    lines = [
        f"## {notebook_name}: {_text(spec.title)}",
        "",
        f"{len(spec.questions)} questions. Skills: "
        + ", ".join(f"{name} {counts[name]}" for name in SKILLS if counts[name])
        + ".",
        "",
    ]
    for number, q in enumerate(spec.questions, start=1):
        lines += [
            f"### {number}. {TYPE_NAMES[q.type]}, skill: {q.skill} (`{q.id}`)",
            "",
            *([f"Section tested: *{_text(q.section)}*", ""] if q.section else []),
            _text(q.prompt),
            "",
            *_answer(course, q, spec.shuffle),
            "",
            "Sources: " + "; ".join(_citation(course, sid) for sid in q.source_ids) + ".",
            "",
        ]
    return "\n".join(lines)


def answer_key(course: Course, notebooks: Iterable[str] | None = None) -> str:
    """The answer key for these notebooks' quizzes (default: all of them), as Markdown."""
    names = sorted(course.quizzes) if notebooks is None else list(notebooks)
    head = [
        "# Answer key: self-check quizzes",
        "",
        "**Not for students.** For teachers: do not hand it out or put it where students work. "
        "(The quiz files in `data/quizzes/` contain every answer too, so keeping this page in the "
        "repository gives nothing away that is not already there.)",
        "",
        "Generated from `data/quizzes/*.yaml` by `python tools/answer_key.py`; edit the quiz files, not "
        'this page. Options are lettered in the order students see them, so you can say "option B". '
        "Each question names the skill it tests: "
        + "; ".join(f"*{name}*: {meaning}" for name, meaning in SKILLS.items())
        + ".",
        "",
    ]
    if not names:
        head.append("There are no quizzes in `data/quizzes/`.")
    return "\n".join(head + [quiz_key(course, name) for name in names]).rstrip("\n") + "\n"
