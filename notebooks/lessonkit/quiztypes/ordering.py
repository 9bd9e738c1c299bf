"""``type: ordering``: events put in order, a position (1, 2, …) chosen for each from a drop-down."""

from __future__ import annotations

import html
from typing import Annotated, Any, Literal, ClassVar

import pandas as pd
from pydantic import Field, field_validator

from .. import schemas
from ..problems import Problem
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
    widget_label,
)


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


class OrderingView:
    """Events put in order: a position (1, 2, …) chosen for each event from a drop-down."""

    question: OrderingQuestion
    unanswered = "Choose a position for every event first."
    instructions = "Give each event a position: 1 for the event that happened first."

    def _choices(self) -> list[Any]:
        return self.question.items

    def _event(self, event_id: str) -> Any:
        return self.course.events.set_index("id").loc[event_id]

    def _build_answer(self, order: list[int]) -> Any:
        positions = [("Choose", 0)] + [(str(n), n) for n in range(1, len(order) + 1)]  # 0: not chosen yet
        self.shown_items = [self.question.items[i] for i in order]
        self.positions = [
            self.ui.Dropdown(
                options=positions,
                value=0,
                description=widget_label(self._event(item)["headline"]),
                tooltip="Position in time: 1 happened first",
                style=self.looks.label,
                layout=self.looks.position,
            )
            for item in self.shown_items
        ]
        return self.ui.VBox(self.positions, layout=self.looks.box)

    def _controls(self) -> list[Any]:
        return list(self.positions)

    def _set_answer(self, saved: Any) -> None:
        order = list(saved or [])
        for item, box in zip(self.shown_items, self.positions):
            box.value = order.index(item) + 1 if item in order else 0

    def answer(self) -> list[str]:
        chosen = [box.value for box in self.positions]
        if 0 in chosen:
            raise NotReady(self.unanswered)
        if len(set(chosen)) < len(chosen):
            raise NotReady("Give each event a different position (each number once).")
        return [item for _, item in sorted(zip(chosen, self.shown_items))]

    def _timeline(self, items: list[str]) -> str:
        rows = "".join(
            f"<li>{html.escape(self._event(i)['display_date'])}: {html.escape(self._event(i)['headline'])}</li>"
            for i in items
        )
        return f"<ol>{rows}</ol>"

    def judge(self, answer: list[str]) -> Verdict:
        q, right = self.question, self.question.correct_order(self.course.events)
        if answer == right:
            return Verdict(
                True,
                f"<p>{verdict_line(True, markdown_html(q.feedback_correct, inline=True))}</p>{self._timeline(right)}",
            )
        placed = sum(a == b for a, b in zip(answer, right))
        return Verdict(
            False,
            f"<p>{verdict_line(False, f'{placed} of {len(right)} events are in the right place.')} "
            f"{markdown_html(q.feedback_incorrect, inline=True)}</p>",
        )

    def solution(self) -> str:
        return (
            self._timeline(self.question.correct_order(self.course.events))
            + f"<p>{markdown_html(self.question.feedback_correct, inline=True)}</p>"
        )


@register
class Ordering(QuestionType):
    name = "ordering"
    model = OrderingQuestion
    label = "put in order"
    minutes = 1.0
    View = OrderingView
    missing: ClassVar[dict[str, str]] = {
        "items": "a list of event ids from events.csv",
        **FEEDBACK_PAIR,
    }

    def link_problems(self, file: str, q: OrderingQuestion, event_starts: dict[str, str] | None) -> list[Problem]:
        """Items are events in events.csv with a clear order."""
        if event_starts is None:
            return []
        where = f"questions[{q.id}].items"
        problems = [
            Problem(file, None, where, f"expected an event id from events.csv; {item!r} is not there")
            for item in q.items
            if item not in event_starts
        ]
        known = [item for item in q.items if item in event_starts]
        for i, a in enumerate(known):
            for b in known[i + 1 :]:
                da, db = event_starts[a], event_starts[b]
                if da.startswith(db) or db.startswith(da):
                    problems.append(
                        Problem(
                            file,
                            None,
                            where,
                            f"expected events with a clear order; {a!r} ({da}) and {b!r} ({db}) "
                            "could have happened in either order",
                        )
                    )
        return problems

    def key_lines(self, course: Any, q: OrderingQuestion, shuffle: bool) -> list[str]:
        events = course.events.set_index("id")
        steps = [
            f"{n}. {events.loc[i, 'display_date']}: {key_text(events.loc[i, 'headline'])} (`{i}`)"
            for n, i in enumerate(q.correct_order(course.events), start=1)
        ]
        return [
            "**Order:**",
            "",
            *steps,
            "",
            *feedback_key_lines(q),
        ]

    def clean_answer(self, q: OrderingQuestion, value: Any, course: Any) -> tuple[Any, str | None]:
        if not isinstance(value, list) or sorted(map(str, value)) != sorted(q.items):
            return None, "events that are not the ones to order now"
        return list(value), None

    def wrong_answer(self, q: OrderingQuestion, value: Any, headlines: dict[str, str]) -> list[str]:
        return [" → ".join(headlines.get(i, i) for i in value)]

    def misconception(self, q: OrderingQuestion, wrong: str, course: Any) -> str:
        return q.feedback_incorrect

    def texts_read(self, raw: dict[str, Any], headlines: dict[str, str]) -> list[str]:
        return [headlines.get(i, "") for i in raw.get("items", [])] + [raw.get("feedback_correct", "")]

    def bench_answer(self, view: Any, style: int) -> None:
        right = view.question.correct_order(view.course.events)
        for order in ([right], [right[::-1], right], [right[::-1]])[style]:
            for box, item in zip(view.positions, view.shown_items):
                box.value = order.index(item) + 1
            view.check_button.click()
