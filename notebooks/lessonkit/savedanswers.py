"""Reading a class's saved answers (the ``answers-*.json`` files each notebook writes as a student works).

:func:`read_file` checks one file against the course's quizzes and keeps every usable answer
(:func:`lessonkit.classfiles.read_class` reads a class's folder with it, old lesson names included). A file that cannot be used is listed with the reason (:class:`Unused`); an answer
that cannot be counted in a file that can is listed as a :class:`Note`. Nothing is dropped
silently. Messages name no student: the report may be anonymised.

Formats: 1 (no ``format`` key) holds each question's final answer and number of tries; 2 adds
``attempts``, every checked answer in order; 3 (autosaved) adds the file's owner and, for written
answers, whether the student skipped the guess or opened the answer. Every file is read through
:func:`lessonkit.answerfile.migrate`, which brings it to the current format.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answerfile import READABLE, AnswerFileError, migrate
from .data import Course
from .quizspec import Question, QuizSpec
from .quiztypes import kind_of

#: Formats this module reads.
FORMATS = READABLE
#: Larger files are refused unread: a saved answers file is a few KB.
MAX_BYTES = 1_000_000
PATTERN = "answers-*.json"


@dataclass(frozen=True)
class Attempt:
    """One press of Check: the answer as checked (``None``: not readable) and its result."""

    answer: Any
    correct: bool | None


@dataclass(frozen=True)
class Answer:
    """One question in one saved file. ``attempts`` is ``None`` in format 1 files."""

    question_id: str
    final: Any
    correct: bool | None
    tries: int
    answer_shown: bool
    attempts: tuple[Attempt, ...] | None


@dataclass(frozen=True)
class Written:
    """Text written outside the quiz (see :mod:`lessonkit.answers`)."""

    id: str
    kind: str
    prompt: str
    text: str
    skipped: bool = False  # "I'd rather not guess" pressed (format 3)
    revealed: bool = False  # the answer after it opened (format 3)


@dataclass(frozen=True)
class Submission:
    """One usable file: one student's answers for one notebook."""

    file: str
    name: str  # as typed; may be empty
    notebook: str
    saved_at: dt.datetime
    format: int
    answers: dict[str, Answer]
    written: tuple[Written, ...]

    @property
    def student(self) -> str:
        """Who the file belongs to: the name, or the file's name when none was typed."""
        return self.name or f"(no name: {self.file})"


@dataclass(frozen=True)
class Unused:
    """A file not used, and why. ``kept``: for a duplicate, the file used instead."""

    file: str
    reason: str
    kept: str | None = None


@dataclass(frozen=True)
class Note:
    """Part of a used file that was not counted."""

    file: str
    text: str


@dataclass
class ClassAnswers:
    submissions: list[Submission] = field(default_factory=list)
    unused: list[Unused] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def messages(self) -> list[str]:
        """Every file not used and every answer not counted, one line each, by file."""
        lines = [
            (u.file, f"not used: {u.reason}" + (f"; {u.kept} is used instead" if u.kept else "")) for u in self.unused
        ]
        lines += [(n.file, f"not counted: {n.text}") for n in self.notes]
        return [f"{file}: {text}" for file, text in sorted(lines, key=lambda line: line[0])]

    @property
    def files(self) -> list[str]:
        """Every file looked at, in name order."""
        return sorted({s.file for s in self.submissions} | {u.file for u in self.unused})


class Refused(Exception):
    """A file that cannot be used; the message says why (in words for a teacher)."""


def _read_json(path: Path) -> Any:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Refused(f"refused unread: {size:,} bytes, over the limit of 1 MB (a saved answers file is a few KB)")
    raw = path.read_bytes()
    if not raw.strip():
        raise Refused("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("not UTF-8 text (not a file saved by the quiz)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _header(raw: Any, course: Course) -> tuple[int, str, QuizSpec, dt.datetime, str]:
    """Format, notebook, its quiz, time saved and name; or refuse the file."""
    if not isinstance(raw, dict):
        raise Refused(
            f"not a saved answers file: expected a JSON object with notebook and questions, "
            f"found {'a list' if isinstance(raw, list) else 'a single value'}"
        )
    version = raw.get("format", 1)
    if version not in FORMATS or isinstance(version, bool):
        raise Refused(
            f"saved in format {version!r}, which this report does not read (it reads formats "
            f"{', '.join(map(str, FORMATS[:-1]))} and {FORMATS[-1]}): update the module"
        )
    notebook = raw.get("notebook")
    if not isinstance(notebook, str) or not notebook:
        raise Refused("not a saved answers file: no notebook name")
    if notebook not in course.quizzes:
        known = ", ".join(sorted(course.quizzes)) or "none"
        raise Refused(f"answers for notebook {notebook!r}, which has no quiz in this module (quizzes: {known})")
    if not isinstance(raw.get("questions"), list):
        raise Refused("not a saved answers file: no list of questions")
    try:
        saved_at = dt.datetime.fromisoformat(raw.get("saved_at"))
    except (TypeError, ValueError):
        raise Refused("no valid saved_at time (expected a date and time such as 2024-04-22T10:30:00+00:00)") from None
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=dt.UTC)
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise Refused("the name is not text")
    return version, notebook, course.quizzes[notebook], saved_at, name.strip()


def clean_answer(question: Question, value: Any, course: Course) -> tuple[Any, str | None]:
    """A saved answer in the form the report compares (option text, list of texts, number,
    list of event ids, text), or ``None`` and what was wrong with it."""
    if value is None:
        return None, None
    return kind_of(question).clean_answer(question, value, course)


def _answer(question: Question, raw: dict[str, Any], version: int, course: Course, note: Any) -> Answer | None:
    qid = question.id
    tries, shown, correct = raw.get("tries", 0), raw.get("answer_shown", False), raw.get("correct")
    if not _is_count(tries):
        note(f"question {qid!r}: tries is not a whole number; the answer is not counted")
        return None
    if not isinstance(shown, bool) or correct not in (True, False, None):
        note(f"question {qid!r}: answer_shown or correct is not true or false; the answer is not counted")
        return None
    final, problem = clean_answer(question, raw.get("answer"), course)
    if problem:
        note(f"question {qid!r}: the final answer is {problem}; tries and results still count")
    attempts = None
    listed = raw.get("attempts")  # None in format 1 (migrated): not recorded
    if version >= 2 or listed is not None:
        if not isinstance(listed, list) or not all(
            isinstance(a, dict) and a.get("correct") in (True, False, None) for a in listed
        ):
            note(f"question {qid!r}: attempts is not a list of checked answers; only the final answer counts")
        else:
            kept = []
            for number, item in enumerate(listed, start=1):
                value, problem = clean_answer(question, item.get("answer"), course)
                if problem:
                    note(f"question {qid!r}: try {number} is {problem}; its result still counts")
                kept.append(Attempt(value, item["correct"]))
            attempts = tuple(kept)
    return Answer(qid, final, correct, tries, shown, attempts)


def _written(raw: Any, note: Any) -> tuple[Written, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        note("written is not a list; what the student wrote outside the quiz is not shown")
        return ()
    items = []
    for number, item in enumerate(raw, start=1):
        if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("id", "kind", "prompt", "text")):
            flags = (item.get("skipped") is True, item.get("revealed") is True)
            items.append(Written(item["id"], item["kind"], item["prompt"], item["text"], *flags))
        else:
            note(f"written item {number} is not an id, kind, prompt and text; it is not shown")
    return tuple(items)


def read_file(path: Path, course: Course, notes: list[Note]) -> Submission:
    """One saved file, checked against the course's quizzes; raises :class:`Refused` with the
    reason when it cannot be used. Answers that cannot be counted go to ``notes``."""
    raw = _read_json(path)
    version, notebook, spec, saved_at, name = _header(raw, course)
    try:
        raw = migrate(raw)
    except AnswerFileError as why:
        raise Refused(str(why)) from None
    found: list[Note] = []

    def note(text: str) -> None:
        found.append(Note(path.name, text))

    by_id = {q.id: q for q in spec.questions}
    answers: dict[str, Answer] = {}
    unknown = []
    for number, item in enumerate(raw["questions"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            note(f"question record {number} has no id; it is not counted")
            continue
        qid = item["id"]
        if qid not in by_id:
            unknown.append(qid)
            continue
        if qid in answers:
            note(f"question {qid!r} appears twice; the first is counted")
            continue
        if item.get("type", by_id[qid].type) != by_id[qid].type:
            note(
                f"question {qid!r} was a {item.get('type')!r} question when saved and is a {by_id[qid].type!r} "
                "question now; the answer is not counted"
            )
            continue
        answer = _answer(by_id[qid], item, version, course, note)
        if answer is not None:
            answers[qid] = answer
    if unknown and not answers:
        raise Refused(
            f"from an older version of the {notebook} quiz: none of its question ids "
            f"({', '.join(map(repr, unknown))}) is in the quiz now"
        )
    if not raw["questions"]:
        raise Refused("no answers in it (the list of questions is empty)")
    if not answers and not unknown:
        raise Refused("none of its question records could be read: " + "; ".join(n.text for n in found))
    for qid in unknown:
        note(f"question {qid!r} is no longer in the {notebook} quiz; its answer is not counted")
    written = _written(raw.get("written"), note)
    notes.extend(found)
    return Submission(path.name, name, notebook, saved_at, version, answers, written)
