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

import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Union

import yaml
from pydantic import BaseModel, Field, ValidationError, create_model

from .problems import Problem, expected
from .problems import yaml_problem as _yaml_problem
from .quiztypes import (
    REGISTRY,
    SKILLS,
    ChoiceQuestion,
    MultipleQuestion,
    NumericQuestion,
    Option,
    OrderingQuestion,
    Question,
    QuizText,
    ReflectionQuestion,
    SingleQuestion,
    Skill,
    Spec,
    kind_of,
)
from .quiztypes.base import shown_order
from .quiztypes.multiple import MAX_RIGHT_SHARE
from .quiztypes.single import MIN_SINGLE_OPTIONS

if TYPE_CHECKING:
    from .data import Course

__all__ = [
    "MAX_RIGHT_SHARE",
    "MIN_SINGLE_OPTIONS",
    "SKILLS",
    "ChoiceQuestion",
    "MultipleQuestion",
    "NumericQuestion",
    "Option",
    "OrderingQuestion",
    "Question",
    "QuizText",
    "ReflectionQuestion",
    "SingleQuestion",
    "Skill",
    "Spec",
    "shown_order",
]

#: The rules of a lesson quiz (see :func:`lesson_rule_problems`; the per-type ones live with their type).
MAX_RECALL_SHARE = 0.4  # of a quiz file's questions
MIN_TRANSFER = 2  # questions per quiz file
MAX_LONGEST_RIGHT_SHARE = 0.35  # of the module's single-choice questions


class _Models(Mapping[str, type[Question]]):
    """Type name -> its question model, read live from :data:`lessonkit.quiztypes.REGISTRY`."""

    def __getitem__(self, name: str) -> type[Question]:
        return REGISTRY[name].model

    def __iter__(self) -> Iterator[str]:
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)


QUESTION_TYPES: Mapping[str, type[Question]] = _Models()


def _any_question() -> Any:
    """The pydantic type of one question: the registered models, told apart by ``type``."""
    return Annotated[Union[tuple(QUESTION_TYPES.values())], Field(discriminator="type")]  # noqa: UP007


AnyQuestion = _any_question()


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


_SPEC_MODELS: dict[tuple[str, ...], type[QuizSpec]] = {tuple(QUESTION_TYPES): QuizSpec}


def spec_model() -> type[QuizSpec]:
    """The model of a quiz file for the types registered now (:class:`QuizSpec` for the built-in ones)."""
    names = tuple(QUESTION_TYPES)
    if names not in _SPEC_MODELS:
        _SPEC_MODELS[names] = create_model(
            "QuizSpec",
            __base__=QuizSpec,
            questions=(Annotated[list[_any_question()], Field(min_length=1)], ...),
        )
    return _SPEC_MODELS[names]


# --- plain-words messages ------------------------------------------------------------------

_MISSING_COMMON = {
    "title": "a title (shown above the quiz)",
    "questions": "a list of questions",
    "id": "an id (lower case with _, unique in the file)",
    "section": "the section (the heading of the Core section the question tests)",
    "skill": f"a skill, one of: {', '.join(SKILLS)}",
    "prompt": "a prompt (the question's text)",
    "source_ids": "source_ids (a list of ids from sources.csv)",
}


def _missing() -> dict[str, str]:
    """Field -> what it should be, in plain words: the common fields, then every type's own."""
    found = dict(_MISSING_COMMON, type=f"a type, one of: {', '.join(QUESTION_TYPES)}")
    for kind in REGISTRY.values():
        found.update((k, v) for k, v in kind.missing.items() if k not in found)
    return found


_NOUNS = {"questions": "question", "options": "options", "items": "event ids", "source_ids": "id"}


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    if "options" in loc[:-1]:
        return Option
    if len(loc) > 2 and loc[2] in QUESTION_TYPES:
        return QUESTION_TYPES[loc[2]]
    return spec_model()


def _quiz_expected(error: dict[str, Any]) -> str:
    """Say in plain words what a pydantic error on a quiz file wanted."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx", {})
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return _missing().get(name, "a value (this field is required)")
    if kind == "string_too_short":
        return _missing().get(name, "a value") + " (it is empty)"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"at least {count} {_NOUNS.get(name, 'items')}"
    if kind == "extra_forbidden":
        allowed = list(_model_at(loc).model_fields)
        return f"only the fields {', '.join(allowed)} (check the spelling of {name!r})"
    if kind == "union_tag_invalid":
        return f"a type, one of: {', '.join(QUESTION_TYPES)} (found {ctx.get('tag')!r})"
    if kind == "union_tag_not_found":
        return _missing()["type"]
    if kind == "literal_error" and name == "skill":
        return f"{_MISSING_COMMON['skill']} (found {error.get('input')!r})"
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
    """Source ids resolve in sources.csv, and what each type names elsewhere (ordering: events) is there.

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
        problems += kind_of(q).link_problems(file, q, event_starts)
    return problems


def _ids(questions: list[Question]) -> str:
    return ", ".join(q.id for q in questions)


def lesson_rule_problems(file: str, spec: QuizSpec) -> list[Problem]:
    """The rules of a fair lesson quiz that tests thinking; nothing when ``lesson_rules: false``."""
    if not spec.lesson_rules:
        return []
    problems = [
        Problem(file, None, f"questions[{q.id}].section", f"expected {_MISSING_COMMON['section']}")
        for q in spec.questions
        if q.section is None
    ]
    for q in spec.questions:
        problems += kind_of(q).rule_problems(file, q)
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
        spec = spec_model().model_validate(raw)
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
