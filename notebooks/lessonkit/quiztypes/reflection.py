"""``type: reflection``: free text, kept and not scored; guidance appears once it is saved."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from .base import NotReady, Question, QuestionType, QuizText, Verdict, key_text, markdown_html, register


class ReflectionQuestion(Question):
    type: Literal["reflection"]
    guidance: QuizText
    scored: ClassVar[bool] = False


class ReflectionView:
    """Free text, kept and not scored; guidance appears once it is saved."""

    question: ReflectionQuestion
    unanswered = "Write your thoughts first, then press Save my thoughts."
    instructions = "Write a few sentences. This is not scored."
    check_label = "Save my thoughts"
    can_show_answer = False

    def _build_answer(self, order: list[int]) -> Any:
        return self.ui.Textarea(
            value="",
            description="Your thoughts",
            placeholder="Write a few sentences…",
            tooltip=f"Your thoughts on question {self.number}",
            style=self.looks.text_label,
            layout=self.looks.text_area,
        )

    def answer(self) -> str:
        text = self.answer_widget.value.strip()
        if not text:
            raise NotReady(self.unanswered)
        return text

    def judge(self, answer: str) -> Verdict:
        return Verdict(
            None,
            f"<p><strong>Saved</strong> (kept, not scored). Something to compare with: "
            f"{markdown_html(self.question.guidance, inline=True)}</p>",
        )

    def solution(self) -> str:
        return f"<p>{markdown_html(self.question.guidance, inline=True)}</p>"

    def status(self) -> str:
        return "Saved (not scored)" if self.tries else "Not written yet (not scored)"


@register
class Reflection(QuestionType):
    name = "reflection"
    model = ReflectionQuestion
    label = "reflection, not scored"
    minutes = 3.0
    View = ReflectionView
    missing: ClassVar[dict[str, str]] = {
        "guidance": "guidance (what a thoughtful answer considers, shown after saving)"
    }

    def key_lines(self, course: Any, q: ReflectionQuestion, shuffle: bool) -> list[str]:
        return [f"**What a thoughtful answer considers:** {key_text(q.guidance)}"]

    def clean_answer(self, q: ReflectionQuestion, value: Any, course: Any) -> tuple[Any, str | None]:
        return (value, None) if isinstance(value, str) else (None, "not text")

    def texts_read(self, raw: dict[str, Any], headlines: dict[str, str]) -> list[str]:
        return [raw.get("guidance", "")]

    def bench_answer(self, view: Any, style: int) -> None:
        view.answer_widget.value = f"A few sentences of reflection ({style})."
        view.check_button.click()
