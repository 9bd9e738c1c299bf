"""What single- and multiple-choice questions share: options, each with its own feedback."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field, model_validator

from ..problems import Problem
from .base import Option, Question, QuestionType, key_text, markdown_html, quoted, shown_order


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


class ChoiceView:
    """The view's part both choice types share (a mixin of lessonkit.quiz.QuestionView)."""

    question: ChoiceQuestion

    def _choices(self) -> list[Any]:
        return self.question.options

    def _feedback_item(self, index: int) -> str:
        option = self.question.options[index]
        return f"{quoted(option.text)}: {markdown_html(option.feedback, inline=True)}"

    def _recorded(self, answer: Any) -> Any:
        if answer is None:
            return None
        return (
            [self.question.options[i].text for i in answer]
            if isinstance(answer, list)
            else self.question.options[answer].text
        )


class ChoiceType(QuestionType):
    """The hooks both choice types share; a saved answer is an option's text (or a list of them)."""

    missing: ClassVar[dict[str, str]] = {
        "options": "a list of options",
        "text": "the option's text",
        "feedback": "feedback for this option (every option needs feedback, right or wrong)",
    }
    #: Whether a saved answer is a list of option texts.
    many = False

    @staticmethod
    def options_problem(file: str, q: ChoiceQuestion, expected: str) -> list[Problem]:
        """A lesson rule broken by ``q``'s options, as its one problem."""
        return [Problem(file, None, f"questions[{q.id}].options", f"expected {expected}")]

    def key_lines(self, course: Any, q: ChoiceQuestion, shuffle: bool) -> list[str]:
        lines = []
        for letter, index in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", shown_order(q.id, len(q.options), shuffle)):
            o = q.options[index]
            shown = f"✓ **{key_text(o.text)}** (correct)" if o.correct else f"✗ {key_text(o.text)}"
            lines.append(f"- **{letter}.** {shown} — {key_text(o.feedback)}")
        return lines

    def clean_answer(self, q: ChoiceQuestion, value: Any, course: Any) -> tuple[Any, str | None]:
        texts = [o.text for o in q.options]
        chosen = value if self.many else [value]
        if not isinstance(chosen, list) or not all(isinstance(t, str) for t in chosen):
            return None, "an answer of the wrong kind"
        if [t for t in chosen if t not in texts]:
            return None, "an option that is no longer in the quiz"
        return (sorted(chosen, key=texts.index) if self.many else value), None

    def wrong_answer(self, q: ChoiceQuestion, value: Any, headlines: dict[str, str]) -> list[str]:
        right = {o.text for o in q.options if o.correct}
        return [t for t in (value if isinstance(value, list) else [value]) if t not in right]

    def misconception(self, q: ChoiceQuestion, wrong: str, course: Any) -> str:
        return next(o.feedback for o in q.options if o.text == wrong)

    def texts_read(self, raw: dict[str, Any], headlines: dict[str, str]) -> list[str]:
        options = raw.get("options", [])
        return [o.get("text", "") for o in options] + [o.get("feedback", "") for o in options if o.get("correct")]

    def wrong_order(self, q: ChoiceQuestion, wrong: list[str]) -> list[str]:
        return [o.text for o in q.options]
