"""``type: numeric``: a number, right within a tolerance; the unit is shown beside the box."""

from __future__ import annotations

import html
import math
import re
from typing import Annotated, Any, Literal, ClassVar

from pydantic import Field

from ..text import format_number
from .base import (
    FEEDBACK_PAIR,
    feedback_key_lines,
    NotReady,
    Question,
    QuestionType,
    QuizText,
    Verdict,
    key_text,
    markdown_html,
    register,
    verdict_line,
)


class NumericQuestion(Question):
    type: Literal["numeric"]
    answer: float
    tolerance: Annotated[float, Field(ge=0)]
    unit: QuizText
    feedback_correct: QuizText
    feedback_incorrect: QuizText


def saved_number(value: Any) -> float | None:
    """A saved numeric answer (a number, or the text typed) as a finite number, else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip().rstrip("%").replace(",", "")
        text = re.sub(r"[^\d.eE+-]+$", "", text)  # a unit typed after the number
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


class NumericView:
    """A number, right within a tolerance; the unit is shown beside the box."""

    question: NumericQuestion
    unanswered = "Type a number first, for example 12.5."
    instructions = "Type a number."

    def _build_answer(self, order: list[int]) -> Any:
        return self.ui.Text(
            value="",
            description=f"Your answer ({self.question.unit})",
            placeholder="a number",
            tooltip=f"Type a number in {self.question.unit}",
            style=self.looks.text_label,
            layout=self.looks.full_width,
        )

    def answer(self) -> float:
        text = self.answer_widget.value.strip().removesuffix(self.question.unit).strip().rstrip("%").strip()
        text = text.replace(",", "") if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text) else text.replace(",", ".")
        try:
            return float(text)
        except ValueError:
            raise NotReady(self.unanswered) from None

    def judge(self, answer: float) -> Verdict:
        q = self.question
        mine = f"{format_number(answer)} {html.escape(q.unit)}"
        if abs(answer - q.answer) <= q.tolerance + 1e-9 * max(1.0, abs(q.answer)):
            return Verdict(
                True,
                f"<p>{verdict_line(True, markdown_html(q.feedback_correct, inline=True))}</p><p>{self._range()}</p>",
            )
        side = "high" if answer > q.answer else "low"
        return Verdict(
            False,
            f"<p>{verdict_line(False, f'{mine} is too {side}.')} "
            f"{markdown_html(q.feedback_incorrect, inline=True)}</p>",
        )

    def _range(self) -> str:
        q = self.question
        unit = html.escape(q.unit)
        spread = (
            f" (answers from {format_number(q.answer - q.tolerance)} to {format_number(q.answer + q.tolerance)} count)"
            if q.tolerance
            else ""
        )
        return f"The answer is {format_number(q.answer)} {unit}{spread}."

    def solution(self) -> str:
        return f"<p>{self._range()} {markdown_html(self.question.feedback_correct, inline=True)}</p>"

    def _recorded(self, answer: Any) -> Any:
        return self.answer_widget.value.strip() or None

    def _attempted(self, answer: float) -> float:
        return answer  # the number as read, so that a class report can compare tries


@register
class Numeric(QuestionType):
    name = "numeric"
    model = NumericQuestion
    label = "number"
    minutes = 1.0
    View = NumericView
    missing: ClassVar[dict[str, str]] = {
        "answer": "the answer (a number)",
        "tolerance": "a tolerance: how far from the answer still counts as right (e.g. 0.5)",
        "unit": "a unit, shown with the answer box (e.g. km)",
        **FEEDBACK_PAIR,
    }

    def key_lines(self, course: Any, q: NumericQuestion, shuffle: bool) -> list[str]:
        accepted = (
            f" (accept {format_number(q.answer - q.tolerance)} to {format_number(q.answer + q.tolerance)})"
            if q.tolerance
            else " (exactly)"
        )
        return [
            f"**Answer:** {format_number(q.answer)} {key_text(q.unit)}{accepted}",
            "",
            *feedback_key_lines(q),
        ]

    def clean_answer(self, q: NumericQuestion, value: Any, course: Any) -> tuple[Any, str | None]:
        number = saved_number(value)
        return (number, None) if number is not None else (None, "not a number")

    def wrong_answer(self, q: NumericQuestion, value: Any, headlines: dict[str, str]) -> list[str]:
        return [f"{format_number(value)} {q.unit}"]

    def misconception(self, q: NumericQuestion, wrong: str, course: Any) -> str:
        value = float(wrong.split()[0].replace(",", ""))
        side = "high" if value > q.answer else "low"
        return f"Too {side}. {q.feedback_incorrect}"

    def texts_read(self, raw: dict[str, Any], headlines: dict[str, str]) -> list[str]:
        return [raw.get("unit", ""), raw.get("feedback_correct", "")]

    def bench_answer(self, view: Any, style: int) -> None:
        q = view.question
        view.answer_widget.value = str(q.answer + (0 if style == 0 else 10 * q.tolerance + 1))
        view.check_button.click()

    def printed(self, view: Any, choices: list[str]) -> str:
        return f'<p class="how">Your answer: ____________ {html.escape(view.question.unit)}</p>'
