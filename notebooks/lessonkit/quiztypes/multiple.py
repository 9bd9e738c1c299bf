"""``type: multiple``: one or more right options, a checkbox each; partly right answers are explained."""

from __future__ import annotations

from typing import Any, Literal

from ..problems import Problem
from ..text import CROSS, TICK
from .base import NotReady, Verdict, register, verdict_line, widget_label
from .choice import ChoiceQuestion, ChoiceType, ChoiceView

#: The lesson rule: at most this share of a question's options are right.
MAX_RIGHT_SHARE = 0.6


class MultipleQuestion(ChoiceQuestion):
    type: Literal["multiple"]


class MultipleView(ChoiceView):
    """One or more right options: a checkbox each; partly right answers are explained."""

    question: MultipleQuestion
    instructions = "Choose all the answers that fit."

    def _build_answer(self, order: list[int]) -> Any:
        self.choices = [
            self.ui.Checkbox(
                value=False,
                description=widget_label(self.question.options[i].text),
                indent=False,
                tooltip=f"An answer to question {self.number}",
                style=self.looks.checkbox,
                layout=self.looks.full_width,
            )
            for i in order
        ]
        self._order = order
        return self.ui.VBox(self.choices, layout=self.looks.box)

    def _controls(self) -> list[Any]:
        return list(self.choices)

    def _set_answer(self, saved: Any) -> None:
        chosen = set(saved or [])
        for i, box in zip(self._order, self.choices):
            box.value = self.question.options[i].text in chosen

    def answer(self) -> list[int]:
        chosen = sorted(i for i, box in zip(self._order, self.choices) if box.value)
        if not chosen:
            raise NotReady(self.unanswered)
        return chosen

    def judge(self, answer: list[int]) -> Verdict:
        right = set(self.question.correct_indexes)
        found, wrong = len(right & set(answer)), len(set(answer) - right)
        items = "".join(
            f"<li>{f'{TICK} Fits' if i in right else f'{CROSS} Does not fit'}: {self._feedback_item(i)}</li>"
            for i in answer
        )
        if found == len(right) and not wrong:
            head = verdict_line(True, f"you found all {len(right)} correct options.")
        else:
            parts = [f"you found {found} of {len(right)} correct options"]
            if wrong:
                parts.append(f"chose {wrong} that {'does' if wrong == 1 else 'do'} not fit")
            head = verdict_line(False, " and ".join(parts) + ":")
        return Verdict(found == len(right) and not wrong, f"<p>{head}</p><ul>{items}</ul>")

    def solution(self) -> str:
        return "<ul>" + "".join(f"<li>{self._feedback_item(i)}</li>" for i in self.question.correct_indexes) + "</ul>"


@register
class Multiple(ChoiceType):
    name = "multiple"
    model = MultipleQuestion
    label = "multiple choice (all that fit)"
    minutes = 1.0
    View = MultipleView
    many = True

    def rule_problems(self, file: str, q: MultipleQuestion) -> list[Problem]:
        if len(q.correct_indexes) <= MAX_RIGHT_SHARE * len(q.options):
            return []
        return self.options_problem(
            file,
            q,
            f"at most {MAX_RIGHT_SHARE:.0%} of the options to be right "
            f"(found {len(q.correct_indexes)} of {len(q.options)}): add options that do not fit",
        )

    def bench_answer(self, view: Any, style: int) -> None:
        q = view.question
        right = [o.correct for o in q.options]
        wrong = [True] * len(right) if not all(right) else [False] * len(right)  # every box, or none
        for ticks in ([right], [wrong, right], [wrong])[style]:
            for box, index in zip(view.choices, view._order):  # the boxes in the order shown
                box.value = ticks[index]
            view.check_button.click()
