"""The instructor's answer key, as Markdown, from the validated quiz files.

For teachers, not students: a copy is kept in ``instructors/answer-key.md`` (a test keeps it
up to date), and ``python tools/answer_key.py build/answer-key.md`` writes a fresh one.
Options are lettered in the order students see them (after the seeded shuffle), so a
teacher can say "option B"; each question shows its skill.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .data import Course
from .quizspec import SKILLS, QuizSpec, spec_for
from .quiztypes import kind_of
from .quiztypes.base import key_text as _text
from .text import short_date


def _citation(course: Course, source_id: str) -> str:
    row = course.source(source_id)
    when = short_date(row["published"])
    return f"{row['publisher']}, *{_text(row['title'])}*{', ' + when if when else ''}, <{row['url']}>"


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
            f"### {number}. {kind_of(q).label}, skill: {q.skill} (`{q.id}`)",
            "",
            *([f"Section tested: *{_text(q.section)}*", ""] if q.section else []),
            _text(q.prompt),
            "",
            *kind_of(q).key_lines(course, q, spec.shuffle),
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
