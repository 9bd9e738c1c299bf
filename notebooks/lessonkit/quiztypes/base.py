"""What every quiz question type has, and the registry of types.

A type is one :class:`QuestionType` subclass in one module of this package, registered with
:func:`register`. It holds everything that differs between types: the question's fields (a
pydantic model), the rules a lesson quiz adds, how the quiz shows it and judges an answer
(:attr:`QuestionType.View`, a mixin of :class:`lessonkit.quiz.QuestionView`), how the answer
key prints it, how the class report reads and counts a saved answer, and how the bench's
students answer it. The generic code (quizspec, quiz, answerkey, savedanswers, classstats,
tools) looks the type up here instead of branching on it.

No widgets here (the data layer must not import them): a view builds its controls with
``self.ui``, the ipywidgets module the quiz hands it, and shares the quiz's ``self.looks``.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import nh3
from markdown_it import MarkdownIt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import schemas
from ..problems import Problem
from ..text import CROSS, TICK

if TYPE_CHECKING:
    from ..data import Course

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


class Spec(BaseModel):
    """Base for every part of a quiz file: unknown keys are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, coerce_numbers_to_str=True)


class Option(Spec):
    """One choice of a single- or multiple-choice question."""

    text: QuizText
    correct: bool = False
    feedback: QuizText


class Question(Spec):
    """What every question has (a type's model adds ``type: Literal[...]`` and its fields)."""

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
        if (self.skill == "reflection") == self.scored:
            wanted = (
                "a skill other than reflection (only reflection questions have it)"
                if self.scored
                else "reflection (the skill of a reflection question)"
            )
            raise ValueError(f"skill: {wanted}")
        return self


def shown_order(question_id: str, count: int, shuffle: bool = True) -> list[int]:
    """The order (file positions from 0) in which a question's options or events are shown.

    Seeded by the question's id, so every student, every run, sees the same order.
    """
    order = list(range(count))
    if shuffle:
        random.Random(question_id).shuffle(order)
    return order


# --- text the quiz, the key and the handouts share ---------------------------------------------

_MARKDOWN = MarkdownIt("commonmark", {"html": False})
#: Sanitiser tags: nh3's defaults without images (they would load from the internet).
_TAGS = set(nh3.ALLOWED_TAGS) - {"img", "area", "map"}
_OPENING_YES = re.compile(r"^Yes[.,!:]\s*")


def markdown_html(text: str, inline: bool = False) -> str:
    """Quiz Markdown as safe HTML: raw HTML is not rendered, then the result is sanitised."""
    rendered = _MARKDOWN.renderInline(text) if inline else _MARKDOWN.render(text)
    return nh3.clean(rendered, tags=_TAGS)


def widget_label(text: str) -> str:
    """Text for a widget's description. ipywidgets 8 typesets descriptions with JupyterLab's
    MathJax, which would pair "$18 bn … $20 bn" as maths; it shows ``\\$`` as a plain ``$``."""
    return text.replace("$", "\\$")


def label_text(label: str) -> str:
    """The text a :func:`widget_label` shows (for tests and printed handouts)."""
    return label.replace("\\$", "$")


def quoted(option_text: str) -> str:
    return f"“{markdown_html(option_text, inline=True)}”"


def verdict_line(correct: bool, text: str) -> str:
    """Correctness in words and a symbol (never colour alone), then the feedback."""
    if correct:  # feedback that itself opens with "Yes." would read "Yes: Yes. …"
        return f"<strong>{TICK} Correct.</strong> Yes: {_OPENING_YES.sub('', text)}"
    return f"<strong>{CROSS} Not quite:</strong> {text}"


def key_text(markdown: str) -> str:
    """Quiz Markdown for the answer key, with raw HTML shown as text rather than rendered."""
    return markdown.strip().replace("<", "&lt;")


class NotReady(Exception):
    """The answer cannot be checked yet; the message says what to do (no try is counted)."""


@dataclass(frozen=True)
class Verdict:
    correct: bool | None  # None: not scored (a reflection)
    html: str


# --- the type and its registry -----------------------------------------------------------------


#: How a missing feedback pair is named (types answered right or wrong as a whole: numeric, ordering).
FEEDBACK_PAIR: dict[str, str] = {
    "feedback_correct": "feedback_correct (shown when the answer is right)",
    "feedback_incorrect": "feedback_incorrect (a hint, shown when the answer is not right)",
}


def feedback_key_lines(q: Any) -> list[str]:
    """The answer key's lines for a feedback pair (see :data:`FEEDBACK_PAIR`)."""
    return [f"- If right: {key_text(q.feedback_correct)}", f"- Hint if not: {key_text(q.feedback_incorrect)}"]


class QuestionType:
    """Everything one question type adds. A subclass sets every hook marked *required*;
    :func:`register` refuses one that misses any (``missing_hooks`` names them)."""

    #: required: the ``type:`` a quiz file writes.
    name: ClassVar[str] = ""
    #: required: the pydantic model of its questions (``type: Literal[name]`` and its fields).
    model: ClassVar[type[Question] | None] = None
    #: required: how the answer key names it ("single choice").
    label: ClassVar[str] = ""
    #: required: minutes on task per question (tests/reading_load.py's model of a lesson's time).
    minutes: ClassVar[float] = 0.0
    #: required: the quiz's view of such a question, a mixin of lessonkit.quiz.QuestionView that
    #: provides ``_build_answer``, ``answer``, ``judge`` and ``solution`` (see QuestionView).
    View: ClassVar[type | None] = None
    #: What a missing field of this type's model should be, in plain words (for quiz-file errors).
    missing: ClassVar[dict[str, str]] = {}

    # required ----------------------------------------------------------------------------------
    def key_lines(self, course: Course, q: Any, shuffle: bool) -> list[str]:
        """The answer key's lines (Markdown) for the answer to ``q``."""
        raise NotImplementedError

    def clean_answer(self, q: Any, value: Any, course: Course) -> tuple[Any, str | None]:
        """A saved (not None) answer as the class report compares it, or ``(None, what is wrong)``."""
        raise NotImplementedError

    def wrong_answer(self, q: Any, value: Any, headlines: dict[str, str]) -> list[str]:
        """A wrong (cleaned) answer as the class report counts it: one plain-text key per wrong choice.
        Required for a scored type."""
        raise NotImplementedError

    def misconception(self, q: Any, wrong: str, course: Course) -> str:
        """The feedback (Markdown) the quiz gives for the ``wrong`` answer key. Required for a scored type."""
        raise NotImplementedError

    def bench_answer(self, view: Any, style: int) -> None:
        """Answer through the widget as the bench's student ``style`` does: 0 right at once,
        1 wrong then right, 2 wrong (pressing Check after each answer)."""
        raise NotImplementedError

    # optional ----------------------------------------------------------------------------------
    def rule_problems(self, file: str, q: Any) -> list[Problem]:
        """Problems with ``q`` under the rules of a lesson quiz (beyond its model's checks)."""
        return []

    def link_problems(self, file: str, q: Any, event_starts: dict[str, str] | None) -> list[Problem]:
        """Problems with what ``q`` names in other tables (events.csv); ``None``: that table is broken."""
        return []

    def texts_read(self, raw: dict[str, Any], headlines: dict[str, str]) -> list[str]:
        """What a student reads beyond the prompt, from the question as the YAML file has it
        (tests/reading_load.py counts its words; ``headlines`` maps event ids to headlines)."""
        return []

    def wrong_order(self, q: Any, wrong: list[str]) -> list[str]:
        """The order in which tied wrong answers are listed (default: alphabetical)."""
        return sorted(wrong)

    def printed(self, view: Any, choices: list[str]) -> str:
        """HTML for the answer space on a printed handout; ``choices`` are what the widget shows in order."""
        if not choices:
            return ""
        return '<ol type="A">' + "".join(f"<li>{html.escape(c)}</li>" for c in choices) + "</ol>"


#: Hooks every type sets, and those only a scored type needs.
REQUIRED = ("name", "model", "label", "minutes", "View", "key_lines", "clean_answer", "bench_answer")
REQUIRED_IF_SCORED = ("wrong_answer", "misconception")
#: What a type's ``View`` must define (lessonkit.quiz.QuestionView leaves them to the type).
VIEW_HOOKS = ("_build_answer", "answer", "judge", "solution")

#: name -> the registered type, in the order registered.
REGISTRY: dict[str, QuestionType] = {}


def missing_hooks(kind: type[QuestionType] | QuestionType) -> list[str]:
    """The required hooks ``kind`` leaves as :class:`QuestionType` has them."""
    cls = kind if isinstance(kind, type) else type(kind)
    scored = cls.model.scored if cls.model is not None else True
    names = REQUIRED + (REQUIRED_IF_SCORED if scored else ())
    missing = [n for n in names if getattr(cls, n) is getattr(QuestionType, n) or getattr(cls, n) in ("", None)]
    if cls.View is not None:
        missing += [f"View.{n}" for n in VIEW_HOOKS if not callable(getattr(cls.View, n, None))]
    return missing


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: add a type to :data:`REGISTRY` (a TypeError names any hook it lacks)."""
    missing = missing_hooks(cls)
    if missing:
        raise TypeError(f"quiz type {cls.__name__}: missing {', '.join(missing)}")
    REGISTRY[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    """Remove a type (tests register fixture types and take them away again)."""
    REGISTRY.pop(name, None)


def kind_of(question: Question) -> QuestionType:
    """The registered type of a validated question."""
    return REGISTRY[question.type]
