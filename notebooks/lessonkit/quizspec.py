"""The quiz files (``data/quizzes/<notebook>.yaml``): one pydantic model per question type,
and a loader that reports every problem as ``file``, ``field`` and what was expected.

Fields are named from the top of the file with the question's id, for example
``questions[border_length].options[2].feedback`` (options counted from 1). A question with
no usable id is named by its position instead: ``questions[3]``. See
``data/quizzes/README.md`` for the format.

Beyond the format, a lesson quiz follows the rules that make it fair and make it test
thinking (:func:`lesson_rule_problems`): four options or more per single-choice question, at
most 60 % right options in a multiple-choice question, at most 40 % ``recall`` questions and
at least two ``transfer`` questions per file, and every question names the ``section`` it tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import math
import random

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import schemas
from .problems import Problem, expected

if TYPE_CHECKING:
    from .data import Course

QuizText = Annotated[str, Field(min_length=1)]

#: What a question asks the student to do, declared honestly in every question.
SKILLS: dict[str, str] = {
    "recall": "a fact, date or number from the notebook",
    "sourcing": "who says what, how reliable it is, what a source can and cannot show",
    "reasoning": "causes, comparisons, consequences",
    "transfer": "the notebook's ideas applied to material the student has not seen",
    "calculation": "working out a number",
    "reflection": "an open answer, kept and not scored",
}
Skill = Literal["recall", "sourcing", "reasoning", "transfer", "calculation", "reflection"]

#: The rules of a lesson quiz (see :func:`lesson_rule_problems`).
MIN_SINGLE_OPTIONS = 4
MAX_RIGHT_SHARE = 0.6  # of a multiple-choice question's options
MAX_RECALL_SHARE = 0.4  # of a quiz file's questions
MIN_TRANSFER = 2  # questions per quiz file
MAX_LONGEST_RIGHT_SHARE = 0.35  # of the module's single-choice questions


class Spec(BaseModel):
    """Base for every part of a quiz file: unknown keys are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, coerce_numbers_to_str=True)


class Option(Spec):
    """One choice of a single- or multiple-choice question."""

    text: QuizText
    correct: bool = False
    feedback: QuizText


class Question(Spec):
    """What every question has."""

    id: schemas.Id
    #: The heading of the Core section the question tests (required by the lesson rules; the
    #: tests check that the heading is Core in the quiz's notebook).
    section: QuizText | None = None
    skill: Skill
    prompt: QuizText
    source_ids: schemas.SourceIds

    #: Whether the question is scored (reflections are kept, not scored).
    scored: ClassVar[bool] = True

    @model_validator(mode="after")
    def _reflection_skill_only_for_reflections(self) -> Question:
        if (self.skill == "reflection") != (self.type == "reflection"):
            wanted = (
                "reflection (the skill of a reflection question)"
                if self.type == "reflection"
                else "a skill other than reflection (only reflection questions have it)"
            )
            raise ValueError(f"skill: {wanted}")
        return self


class ChoiceQuestion(Question):
    """A question answered by choosing among options; each option carries its own feedback."""

    options: Annotated[list[Option], Field(min_length=2)]

    @model_validator(mode="after")
    def _options_distinct_and_one_correct(self) -> ChoiceQuestion:
        texts = [o.text for o in self.options]
        if len(set(texts)) < len(texts):
            raise ValueError("options: options with different text (two options read the same)")
        if not self.correct_indexes:
            raise ValueError("options: at least one option with correct: true")
        return self

    @property
    def correct_indexes(self) -> list[int]:
        """Positions (from 0, in file order) of the correct options."""
        return [i for i, o in enumerate(self.options) if o.correct]


class SingleQuestion(ChoiceQuestion):
    type: Literal["single"]

    @model_validator(mode="after")
    def _exactly_one_correct(self) -> SingleQuestion:
        if len(self.correct_indexes) > 1:
            raise ValueError(
                "options: exactly one option with correct: true for a single-choice question "
                "(use type: multiple when several are right)"
            )
        return self


class MultipleQuestion(ChoiceQuestion):
    type: Literal["multiple"]


class NumericQuestion(Question):
    type: Literal["numeric"]
    answer: float
    tolerance: Annotated[float, Field(ge=0)]
    unit: QuizText
    feedback_correct: QuizText
    feedback_incorrect: QuizText


class OrderingQuestion(Question):
    type: Literal["ordering"]
    items: Annotated[list[schemas.Id], Field(min_length=2)]
    feedback_correct: QuizText
    feedback_incorrect: QuizText

    @field_validator("items")
    @classmethod
    def _items_distinct(cls, items: list[str]) -> list[str]:
        if len(set(items)) < len(items):
            raise ValueError("each event id only once")
        return items

    def correct_order(self, events: pd.DataFrame) -> list[str]:
        """The items sorted by their start date in ``events`` (the Course's events table)."""
        starts = events.set_index("id").loc[self.items, "start"]
        return list(starts.sort_values(kind="stable").index)


class ReflectionQuestion(Question):
    type: Literal["reflection"]
    guidance: QuizText
    scored: ClassVar[bool] = False


QUESTION_TYPES: dict[str, type[Question]] = {
    "single": SingleQuestion,
    "multiple": MultipleQuestion,
    "numeric": NumericQuestion,
    "ordering": OrderingQuestion,
    "reflection": ReflectionQuestion,
}

AnyQuestion = Annotated[
    SingleQuestion | MultipleQuestion | NumericQuestion | OrderingQuestion | ReflectionQuestion,
    Field(discriminator="type"),
]


class QuizSpec(Spec):
    """A whole quiz file."""

    title: QuizText
    shuffle: bool = True
    #: false only for short examples and test files: skips :func:`lesson_rule_problems`.
    lesson_rules: bool = True
    questions: Annotated[list[AnyQuestion], Field(min_length=1)]

    @property
    def source_ids(self) -> list[str]:
        """Every source id the questions use, in order of first use."""
        return list(dict.fromkeys(sid for q in self.questions for sid in q.source_ids))


# --- plain-words messages ------------------------------------------------------------------

_MISSING = {
    "title": "a title (shown above the quiz)",
    "questions": "a list of questions",
    "id": "an id (lower case with _, unique in the file)",
    "section": "the section (the heading of the Core section the question tests)",
    "skill": f"a skill, one of: {', '.join(SKILLS)}",
    "type": f"a type, one of: {', '.join(QUESTION_TYPES)}",
    "prompt": "a prompt (the question's text)",
    "source_ids": "source_ids (a list of ids from sources.csv)",
    "options": "a list of options",
    "text": "the option's text",
    "feedback": "feedback for this option (every option needs feedback, right or wrong)",
    "answer": "the answer (a number)",
    "tolerance": "a tolerance: how far from the answer still counts as right (e.g. 0.5)",
    "unit": "a unit, shown with the answer box (e.g. km)",
    "items": "a list of event ids from events.csv",
    "feedback_correct": "feedback_correct (shown when the answer is right)",
    "feedback_incorrect": "feedback_incorrect (a hint, shown when the answer is not right)",
    "guidance": "guidance (what a thoughtful answer considers, shown after saving)",
}
_NOUNS = {"questions": "question", "options": "options", "items": "event ids", "source_ids": "id"}


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    if "options" in loc[:-1]:
        return Option
    if len(loc) > 2 and loc[2] in QUESTION_TYPES:
        return QUESTION_TYPES[loc[2]]
    return QuizSpec


def _quiz_expected(error: dict[str, Any]) -> str:
    """Say in plain words what a pydantic error on a quiz file wanted."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx", {})
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return _MISSING.get(name, "a value (this field is required)")
    if kind == "string_too_short":
        return _MISSING.get(name, "a value") + " (it is empty)"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"at least {count} {_NOUNS.get(name, 'items')}"
    if kind == "extra_forbidden":
        allowed = list(_model_at(loc).model_fields)
        return f"only the fields {', '.join(allowed)} (check the spelling of {name!r})"
    if kind == "union_tag_invalid":
        return f"a type, one of: {', '.join(QUESTION_TYPES)} (found {ctx.get('tag')!r})"
    if kind == "union_tag_not_found":
        return _MISSING["type"]
    if kind == "literal_error" and name == "skill":
        return f"{_MISSING['skill']} (found {error.get('input')!r})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "a mapping of fields (name: value)"
    if kind == "list_type":
        return "a list (one item per line, each starting with -)"
    if kind in ("bool_parsing", "bool_type"):
        return "true or false"
    if kind == "string_type":
        return "text (put it in quotes)"
    return expected(error, name)


def _question_key(raw_questions: Any, index: int) -> str:
    """A question's id if it has a usable one, else its position counted from 1."""
    if isinstance(raw_questions, list) and index < len(raw_questions):
        raw = raw_questions[index]
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) and raw["id"].strip():
            return raw["id"].strip()
    return str(index + 1)


def _field_path(loc: tuple[Any, ...], raw_questions: Any) -> str:
    """Turn a pydantic location into ``questions[some_id].options[2].feedback``."""
    parts: list[str] = []
    rest = list(loc)
    while rest:
        part = rest.pop(0)
        if part == "questions" and rest and isinstance(rest[0], int):
            parts.append(f"questions[{_question_key(raw_questions, rest.pop(0))}]")
            if rest and rest[0] in QUESTION_TYPES:  # the discriminator's tag, not a field
                rest.pop(0)
        elif isinstance(part, int) and parts:
            parts[-1] += f"[{part + 1}]"
        else:
            parts.append(str(part))
    return ".".join(parts)


def _spec_problems(file: str, exc: ValidationError, raw: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for error in exc.errors():
        path = _field_path(error["loc"], raw.get("questions"))
        message = _quiz_expected(error)
        if error["type"].startswith("union_tag_"):  # the question's type is what is wrong
            path += ".type"
        head, _, tail = message.partition(": ")
        if error["type"] == "value_error" and tail and head.isidentifier():
            # A model-level check names its field first ("options: at least one …").
            path, message = (f"{path}.{head}" if path else head), tail
        problems.append(Problem(file, None, path or None, f"expected {message}"))
    return problems


def _duplicate_ids(file: str, raw_questions: Any) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(raw_questions, list):
        return problems
    first: dict[str, int] = {}
    for number, raw in enumerate(raw_questions, start=1):
        qid = raw.get("id") if isinstance(raw, Mapping) else None
        if not isinstance(qid, str):
            continue
        if qid in first:
            problems.append(
                Problem(
                    file,
                    None,
                    f"questions[{qid}].id",
                    f"expected a unique id; {qid!r} is already used by question {first[qid]}",
                )
            )
        first.setdefault(qid, number)
    return problems


def _link_problems(
    file: str, spec: QuizSpec, source_ids: set[str] | None, event_starts: Mapping[str, str] | None
) -> list[Problem]:
    """Source ids resolve in sources.csv; ordering items are events with a clear order.

    ``None`` for either table skips its check (the table has problems of its own).
    """
    problems = []
    for q in spec.questions:
        for sid in q.source_ids if source_ids is not None else []:
            if sid not in source_ids:
                problems.append(
                    Problem(
                        file,
                        None,
                        f"questions[{q.id}].source_ids",
                        f"expected an id from sources.csv; {sid!r} is not there",
                    )
                )
        if isinstance(q, OrderingQuestion) and event_starts is not None:
            known = [item for item in q.items if item in event_starts]
            for item in q.items:
                if item not in event_starts:
                    problems.append(
                        Problem(
                            file,
                            None,
                            f"questions[{q.id}].items",
                            f"expected an event id from events.csv; {item!r} is not there",
                        )
                    )
            for i, a in enumerate(known):
                for b in known[i + 1 :]:
                    da, db = event_starts[a], event_starts[b]
                    if da.startswith(db) or db.startswith(da):
                        problems.append(
                            Problem(
                                file,
                                None,
                                f"questions[{q.id}].items",
                                f"expected events with a clear order; {a!r} ({da}) and {b!r} ({db}) "
                                "could have happened in either order",
                            )
                        )
    return problems


def shown_order(question_id: str, count: int, shuffle: bool = True) -> list[int]:
    """The order (file positions from 0) in which a question's options or events are shown.

    Seeded by the question's id, so every student, every run, sees the same order.
    """
    order = list(range(count))
    if shuffle:
        random.Random(question_id).shuffle(order)
    return order


def _ids(questions: list[Question]) -> str:
    return ", ".join(q.id for q in questions)


def lesson_rule_problems(file: str, spec: QuizSpec) -> list[Problem]:
    """The rules of a fair lesson quiz that tests thinking; nothing when ``lesson_rules: false``."""
    if not spec.lesson_rules:
        return []
    problems = [
        Problem(file, None, f"questions[{q.id}].section", f"expected {_MISSING['section']}")
        for q in spec.questions
        if q.section is None
    ]
    for q in spec.questions:
        if isinstance(q, SingleQuestion) and len(q.options) < MIN_SINGLE_OPTIONS:
            problems.append(
                Problem(
                    file,
                    None,
                    f"questions[{q.id}].options",
                    f"expected at least {MIN_SINGLE_OPTIONS} options in a single-choice question "
                    f"(found {len(q.options)}): with fewer, guessing is too easy",
                )
            )
        if isinstance(q, MultipleQuestion) and len(q.correct_indexes) > MAX_RIGHT_SHARE * len(q.options):
            problems.append(
                Problem(
                    file,
                    None,
                    f"questions[{q.id}].options",
                    f"expected at most {MAX_RIGHT_SHARE:.0%} of the options to be right "
                    f"(found {len(q.correct_indexes)} of {len(q.options)}): add options that do not fit",
                )
            )
    total = len(spec.questions)
    recall = [q for q in spec.questions if q.skill == "recall"]
    if len(recall) > MAX_RECALL_SHARE * total:
        problems.append(
            Problem(
                file,
                None,
                "questions",
                f"expected at most {MAX_RECALL_SHARE:.0%} recall questions "
                f"(at most {math.floor(MAX_RECALL_SHARE * total + 1e-9)} of {total}); "
                f"found {len(recall)}: {_ids(recall)}",
            )
        )
    transfer = [q for q in spec.questions if q.skill == "transfer"]
    if len(transfer) < MIN_TRANSFER:
        found = f"{len(transfer)}: {_ids(transfer)}" if transfer else "none"
        problems.append(
            Problem(
                file,
                None,
                "questions",
                f"expected at least {MIN_TRANSFER} transfer questions (the ideas applied to material "
                f"the student has not seen); found {found}",
            )
        )
    return problems


def right_is_longest(q: SingleQuestion) -> bool:
    """Whether the right option is the one longest option (a clue for test-wise students)."""
    lengths = [len(o.text) for o in q.options]
    right = lengths[q.correct_indexes[0]]
    return right == max(lengths) and lengths.count(right) == 1


def longest_right_share(specs: Iterable[QuizSpec]) -> tuple[int, int]:
    """(single-choice questions whose right option is the longest, all single-choice questions)."""
    singles = [q for spec in specs for q in spec.questions if isinstance(q, SingleQuestion)]
    return sum(right_is_longest(q) for q in singles), len(singles)


def _yaml_problem(file: str, exc: yaml.YAMLError) -> Problem:
    """A YAML syntax error, on the line where the parser stopped, saying what it was reading."""
    mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    message = f"expected valid YAML; {getattr(exc, 'problem', None) or 'the file could not be read'}"
    if mark is not None:
        message += f" (column {mark.column + 1})"
    if getattr(exc, "context", None) and context_mark is not None:
        message += f", {exc.context} on line {context_mark.line + 1}, column {context_mark.column + 1}"
    return Problem(file, mark.line + 1 if mark is not None else None, None, message)


def read_quiz(
    path: Path, file: str, source_ids: set[str] | None, event_starts: Mapping[str, str] | None
) -> tuple[QuizSpec | None, list[Problem]]:
    """Read and check one quiz file; ``file`` is the name used in problems.

    ``source_ids`` are the ids in sources.csv; ``event_starts`` maps each events.csv id to
    its start_date (``None``: that table is broken, skip the check).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, None, "expected UTF-8 text (save the file as UTF-8)")]
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(file, exc)]
    if raw is None:
        return None, [Problem(file, None, None, "expected a quiz (title and questions); the file is empty")]
    if not isinstance(raw, Mapping):
        return None, [
            Problem(file, None, None, "expected a quiz: a mapping with title, shuffle (optional) and questions")
        ]
    problems = _duplicate_ids(file, raw.get("questions"))
    try:
        spec = QuizSpec.model_validate(raw)
    except ValidationError as exc:
        return None, problems + _spec_problems(file, exc, raw)
    problems += _link_problems(file, spec, source_ids, event_starts)
    if not problems:  # the format first, then the rules of a lesson quiz
        problems = lesson_rule_problems(file, spec)
    return (None if problems else spec), problems


def read_quizzes(
    folder: Path, source_ids: set[str] | None, event_starts: Mapping[str, str] | None
) -> tuple[dict[str, QuizSpec], list[Problem]]:
    """Read every ``*.yaml`` in ``folder``: notebook name (file stem) -> spec, plus problems."""
    quizzes: dict[str, QuizSpec] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return quizzes, problems
    for path in sorted(folder.glob("*.yml")):
        problems.append(
            Problem(
                f"{folder.name}/{path.name}", None, None, "expected the name to end in .yaml (this file is ignored)"
            )
        )
    for path in sorted(folder.glob("*.yaml")):
        spec, found = read_quiz(path, f"{folder.name}/{path.name}", source_ids, event_starts)
        problems += found
        if spec is not None:
            quizzes[path.stem] = spec
    return quizzes, problems


def spec_for(course: Course, notebook_name: str) -> QuizSpec:
    """The validated quiz for a notebook, or a KeyError naming the quizzes there are."""
    if notebook_name not in course.quizzes:
        known = ", ".join(sorted(course.quizzes)) or "none"
        raise KeyError(f"No quiz named {notebook_name!r} in data/quizzes (found: {known}).")
    return course.quizzes[notebook_name]
