"""``type: single``: exactly one right option, shown as radio buttons."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from ..problems import Problem
from .base import NotReady, Verdict, markdown_html, register, verdict_line
from .choice import ChoiceQuestion, ChoiceType, ChoiceView

#: The lesson rule: fewer options make guessing too easy.
MIN_SINGLE_OPTIONS = 4


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


class SingleView(ChoiceView):
    """Exactly one right option: radio buttons."""

    question: SingleQuestion

    def _build_answer(self, order: list[int]) -> Any:
        return self.ui.RadioButtons(
            options=[(self.question.options[i].text, i) for i in order],
            value=None,
            description="Your answer",
            tooltip=f"Choose one answer to question {self.number}",
            style=self.looks.label,
            layout=self.looks.full_width,
        )

    def _set_answer(self, saved: Any) -> None:
        texts = [o.text for o in self.question.options]
        self.answer_widget.value = None if saved is None else texts.index(saved)

    def answer(self) -> int:
        if self.answer_widget.value is None:
            raise NotReady(self.unanswered)
        return self.answer_widget.value

    def judge(self, answer: int) -> Verdict:
        option = self.question.options[answer]
        return Verdict(
            option.correct, f"<p>{verdict_line(option.correct, markdown_html(option.feedback, inline=True))}</p>"
        )

    def solution(self) -> str:
        return f"<p>{self._feedback_item(self.question.correct_indexes[0])}</p>"


@register
class Single(ChoiceType):
    name = "single"
    model = SingleQuestion
    label = "single choice"
    minutes = 0.5
    View = SingleView

    def rule_problems(self, file: str, q: SingleQuestion) -> list[Problem]:
        if len(q.options) >= MIN_SINGLE_OPTIONS:
            return []
        return self.options_problem(
            file,
            q,
            f"at least {MIN_SINGLE_OPTIONS} options in a single-choice question "
            f"(found {len(q.options)}): with fewer, guessing is too easy",
        )

    def bench_answer(self, view: Any, style: int) -> None:
        q = view.question
        right = q.correct_indexes[0]
        wrong = [(right + n) % len(q.options) for n in (1, 2)]
        for value in ([right], [wrong[0], right], wrong)[style]:
            view.answer_widget.value = value
            view.check_button.click()
