"""The self-check quiz: an ipywidgets composite built from a validated quiz spec.

``quiz(course, "01_background")`` returns a :class:`Quiz` (a ``VBox``) for the notebook's
``data/quizzes/01_background.yaml``. Every question has a Check button, feedback for the
answer given (with its sources), retries, and a Show answer button after two tries. Nothing
is printed: feedback is the value of an ``HTML`` widget, so a test drives the quiz exactly as
a student does (set a value, ``button.click()``, read ``feedback.value``).

What differs between question types (the answer control, how an answer is read and judged)
is each type's ``View`` in ``lessonkit.quiztypes``; :class:`QuestionView` is the rest.

Safety: quiz text is Markdown rendered with raw HTML switched off and then sanitised;
anything a student typed is escaped before it is shown; nothing is evaluated.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from . import answers
from .answerbar import download_button, temporary_storage_note
from .answerfile import FORMAT
from .answers import CROSS, TICK, default_folder
from .data import Course
from .quizspec import Question, QuizSpec, spec_for
from .quiztypes import REGISTRY, NotReady, QuestionType, Verdict, kind_of
from .quiztypes.base import label_text, markdown_html, shown_order, widget_label
from .quiztypes.multiple import MultipleQuestion
from .quiztypes.numeric import NumericQuestion
from .quiztypes.ordering import OrderingQuestion
from .quiztypes.reflection import ReflectionQuestion
from .quiztypes.single import SingleQuestion
from .text import format_number, source_label
from .visual import FULL_WIDTH

__all__ = ["NotReady", "Verdict", "format_number", "label_text", "markdown_html", "source_label", "widget_label"]

KEYBOARD_HELP = (
    "Keyboard: press Tab to move between answers and buttons, Space to choose an answer or "
    "press a button. (In JupyterLab the arrow keys may move to another cell.)"
)

#: The saved file's layout (see lessonkit.answerfile for every format).
SAVE_FORMAT = FORMAT
#: Said above the name box under the quiz.
SAVING_NOTE = (
    "Your answers in this notebook are saved as you work, in a file in this folder. "
    "<strong>Download my answers</strong> keeps a copy on your own computer."
)
#: The class on every quiz, which scopes its style sheet (and lets tests find quizzes).
QUIZ_CLASS = "lessonkit-quiz"
#: ipywidgets gives radio and checkbox labels one fixed-height line that does not wrap, so a long
#: option runs under the next one. Scoped to quizzes: each label wraps inside its own box, and
#: the Check / Show answer buttons stay on their question's last line.
QUIZ_CSS = f"""<style>
.{QUIZ_CLASS} .widget-radio, .{QUIZ_CLASS} .widget-radio-box, .{QUIZ_CLASS} .widget-checkbox {{
  min-width: 0; max-width: 100%; height: auto; }}
.{QUIZ_CLASS} .widget-radio-box label, .{QUIZ_CLASS} .widget-checkbox label {{
  display: flex; align-items: baseline; gap: 0.4em; height: auto; min-height: var(--jp-widgets-inline-height);
  line-height: 1.4; margin: 0.15em 0; padding: 0.1em 0; white-space: normal; overflow: visible;
  overflow-wrap: anywhere; text-overflow: clip; max-width: 100%; box-sizing: border-box; }}
.{QUIZ_CLASS} .widget-radio-box input, .{QUIZ_CLASS} .widget-checkbox input {{
  flex: 0 0 auto; order: -1; margin: 0.25em 0.2em 0 0; align-self: flex-start; }}
.{QUIZ_CLASS} .widget-dropdown {{ flex-wrap: wrap; height: auto; }}
.{QUIZ_CLASS} .widget-dropdown > label {{ white-space: normal; height: auto; line-height: 1.4; }}
.{QUIZ_CLASS} .widget-hbox {{ flex-wrap: wrap; }}
</style>"""


def _announce(body: str) -> str:
    """Wrap feedback so screen readers announce it.

    ipywidgets replaces the whole content of an HTML widget on each update, so a polite live
    region would be new every time and is not announced; ``role="alert"`` is announced when it
    appears (see data/quizzes/README.md).
    """
    return f'<div role="alert">{body}</div>' if body else ""


class Looks:
    """The Layout and Style models a quiz's widgets share.

    Every ipywidgets widget otherwise makes its own Layout and Style model, so a Button is three
    models the browser builds; a quiz shares one of each kind (made when first used) among its
    widgets. Only a layout that changes for one widget (the Show answer button's) is its own.
    """

    @cached_property
    def box(self) -> widgets.Layout:
        return widgets.Layout()

    @cached_property
    def full_width(self) -> widgets.Layout:
        return widgets.Layout(**FULL_WIDTH)

    @cached_property
    def text_area(self) -> widgets.Layout:
        return widgets.Layout(**FULL_WIDTH, height="6em")

    @cached_property
    def position(self) -> widgets.Layout:
        return widgets.Layout(width="max-content", max_width="100%")

    @cached_property
    def html(self) -> HTMLStyle:
        return HTMLStyle()

    @cached_property
    def button(self) -> ButtonStyle:
        return ButtonStyle()

    @cached_property
    def label(self) -> DescriptionStyle:
        return DescriptionStyle(description_width="initial")

    @cached_property
    def text_label(self) -> TextStyle:
        return TextStyle(description_width="initial")

    @cached_property
    def checkbox(self) -> CheckboxStyle:
        return CheckboxStyle()

    def text(self, value: str = "") -> widgets.HTML:
        """An HTML widget with the shared looks."""
        return widgets.HTML(value=value, layout=self.box, style=self.html)


@dataclass(frozen=True)
class _Context:
    course: Course
    shuffle: bool
    total: int
    on_change: Callable[[], None]
    on_edit: Callable[[], None]
    looks: Looks


class QuestionView:
    """One question on screen: prompt, answer control, Check, Show answer, feedback.

    Subclasses build the answer control and say how an answer is read, judged and shown.
    """

    #: What a type's view builds its controls with (types do not import widgets themselves).
    ui = widgets
    unanswered = "Choose an answer first."
    instructions = "Choose one answer."
    check_label = "Check"
    #: Whether a Show answer button appears after two tries.
    can_show_answer = True

    def __init__(self, question: Question, number: int, context: _Context):
        self.question = question
        self.number = number
        self.course = context.course
        self.tries = 0
        self.correct: bool | None = None  # result of the last check
        self.attempts: list[dict[str, Any]] = []  # every checked answer, in order, for the saved file
        self.answer_shown = False
        self._on_change = context.on_change
        self.looks = looks = context.looks
        heading = f"Question {number} of {context.total}"
        self.prompt = looks.text(
            f"<h4>{heading}</h4>{markdown_html(question.prompt)}<p><em>{html.escape(self.instructions)}</em></p>"
        )
        self.answer_widget = self._build_answer(self._display_order(len(self._choices()), context.shuffle))
        self.check_button = widgets.Button(
            description=self.check_label,
            tooltip=f"{self.check_label}: question {number}",
            layout=looks.box,
            style=looks.button,
        )
        self.show_answer_button = widgets.Button(
            description="Show answer",
            tooltip=f"Show the answer to question {number}",
            layout=widgets.Layout(display="none"),  # its own: shown once two tries are wrong
            style=looks.button,
        )
        self.feedback = looks.text()
        self.sources = "; ".join(source_label(self.course, sid) for sid in question.source_ids)
        self.check_button.on_click(lambda _button: self.check())
        self.show_answer_button.on_click(lambda _button: self.show_answer())
        for control in self._controls():
            control.observe(lambda _change: context.on_edit(), "value")
        buttons = widgets.HBox([self.check_button, self.show_answer_button], layout=looks.box)
        self.widget = widgets.VBox([self.prompt, self.answer_widget, buttons, self.feedback], layout=looks.box)

    # --- what each question type provides ---------------------------------------------------
    def _choices(self) -> list[Any]:
        """The things shown in (possibly shuffled) order; empty when there is nothing to order."""
        return []

    def _build_answer(self, order: list[int]) -> widgets.Widget:
        raise NotImplementedError

    def answer(self) -> Any:
        """The current answer, or raise :class:`NotReady` saying what is missing."""
        raise NotImplementedError

    def _controls(self) -> list[widgets.Widget]:
        """The widgets whose value is the answer (watched, so that a change is saved)."""
        return [self.answer_widget]

    def _set_answer(self, saved: Any) -> None:
        """Put a saved answer (as :meth:`record` keeps it) back into the controls; ``None``: empty."""
        self.answer_widget.value = "" if saved is None else str(saved)

    def judge(self, answer: Any) -> Verdict:
        raise NotImplementedError

    def solution(self) -> str:
        """The answer and why, as HTML."""
        raise NotImplementedError

    # --- shared behaviour -------------------------------------------------------------------
    def _display_order(self, count: int, shuffle: bool) -> list[int]:
        return shown_order(self.question.id, count, shuffle)  # same order on every run, as in the answer key

    def _cite(self) -> str:
        return f'<p class="quiz-source">Source: {self.sources}.</p>'

    def check(self) -> None:
        """What the Check button does."""
        try:
            answer = self.answer()
        except NotReady as why:
            self.feedback.value = _announce(f"<p>{html.escape(str(why))}</p>")
            return
        self.tries += 1
        verdict = self.judge(answer)
        self.correct = verdict.correct
        self.attempts.append({"answer": self._attempted(answer), "correct": verdict.correct})
        retry = "" if verdict.correct is not False else "<p>Change your answer and press Check to try again.</p>"
        self.feedback.value = _announce(f"{verdict.html}{retry}{self._cite()}")
        if self.can_show_answer and self.tries >= 2 and not verdict.correct:
            self.show_answer_button.layout.display = None
        self._on_change()

    def show_answer(self) -> None:
        """What the Show answer button does."""
        self.answer_shown = True
        self.feedback.value = _announce(f"<p><strong>The answer:</strong></p>{self.solution()}{self._cite()}")
        self._on_change()

    def record(self) -> dict[str, Any]:
        """This question's part of the saved answers."""
        try:
            answer = self.answer()
        except NotReady:
            answer, correct = None, None
        else:
            correct = self.judge(answer).correct
        return {
            "id": self.question.id,
            "type": self.question.type,
            "answer": self._recorded(answer),
            "correct": correct,
            "tries": self.tries,
            "answer_shown": self.answer_shown,
            "attempts": list(self.attempts),
        }

    def _recorded(self, answer: Any) -> Any:
        return answer

    # --- restoring (see lessonkit.answers) ------------------------------------------------
    def touched(self) -> bool:
        """Whether the student has done anything with this question yet."""
        try:
            self.answer()
        except NotReady:
            return bool(self.tries or self.answer_shown)
        return True

    def restore(self, saved: dict[str, Any] | None) -> None:
        """This question as a saved record left it: the answer chosen, tries and their results,
        the feedback for a checked answer, the answer if it was shown. ``None``: as new."""
        self.tries, self.attempts, self.answer_shown, self.correct = 0, [], False, None
        self.feedback.value = ""
        self.show_answer_button.layout.display = "none"
        try:
            self._set_answer(None)
            if saved and saved.get("answer") is not None:
                self._set_answer(saved["answer"])
        except Exception:  # a file is untrusted: whatever is wrong, the question starts empty
            self._set_answer(None)  # an answer the quiz no longer offers: left empty
        if not saved:
            return
        tries, attempts = saved.get("tries"), saved.get("attempts")
        self.tries = tries if isinstance(tries, int) and not isinstance(tries, bool) and tries > 0 else 0
        self.attempts = [a for a in attempts if isinstance(a, dict)] if isinstance(attempts, list) else []
        self.answer_shown = saved.get("answer_shown") is True
        last = self.attempts[-1].get("correct") if self.attempts else saved.get("correct")
        self.correct = last if self.tries and last in (True, False) else None
        if self.answer_shown:
            self.feedback.value = _announce(f"<p><strong>The answer:</strong></p>{self.solution()}{self._cite()}")
        elif self.tries:
            with contextlib.suppress(NotReady):
                self.feedback.value = _announce(f"{self.judge(self.answer()).html}{self._cite()}")
        if self.can_show_answer and self.tries >= 2 and not self.correct:
            self.show_answer_button.layout.display = None

    def _attempted(self, answer: Any) -> Any:
        """A checked answer as the saved file's ``attempts`` keep it (as recorded, unless a type says otherwise)."""
        return self._recorded(answer)

    def status(self) -> str:
        """One line for the summary."""
        if self.correct:
            state = f"{TICK} Correct"
        elif self.tries:
            state = f"{CROSS} Not quite yet"
        else:
            state = "Not checked yet"
        tries = f" ({self.tries} {'try' if self.tries == 1 else 'tries'})" if self.tries else ""
        shown = "; answer shown" if self.answer_shown else ""
        return f"{state}{tries}{shown}"


@cache
def view_class(kind: QuestionType) -> type[QuestionView]:
    """The view of a registered type's questions: its ``View`` mixin on :class:`QuestionView`."""
    return type(kind.View.__name__, (kind.View, QuestionView), {"__doc__": kind.View.__doc__})


def view_for(question: Question) -> type[QuestionView]:
    return view_class(kind_of(question))


#: The built-in types' views (question model -> view), for tests and readers.
VIEWS: dict[type[Question], type[QuestionView]] = {kind.model: view_class(kind) for kind in REGISTRY.values()}
SingleView = VIEWS[SingleQuestion]
MultipleView = VIEWS[MultipleQuestion]
NumericView = VIEWS[NumericQuestion]
OrderingView = VIEWS[OrderingQuestion]
ReflectionView = VIEWS[ReflectionQuestion]


class Quiz(widgets.VBox):
    """A notebook's self-check quiz: questions, a running score, a summary and a save control.

    ``questions`` are the :class:`QuestionView` objects; ``source_ids`` the ids they cite.
    """

    def __init__(self, course: Course, notebook: str, spec: QuizSpec, save_dir: Path | str | None = None):
        self.notebook = notebook
        self.book = answers.book(course, notebook)
        folder = save_dir if save_dir is not None else self.book.folder or default_folder(course)
        if folder is not None:  # None: a course not opened by open_course, and no folder named
            self.book.open_folder(folder)
        self.spec = spec
        self.source_ids = spec.source_ids
        self.looks = looks = Looks()
        context = _Context(course, spec.shuffle, len(spec.questions), self._changed, self.book.edited, looks)
        self.questions = [view_for(q)(q, n, context) for n, q in enumerate(spec.questions, start=1)]
        header = looks.text(
            f"<h3>{markdown_html(spec.title, inline=True)}</h3>"
            f"<p>A self-check, not a test: try each question, read the feedback, try again. "
            f"{html.escape(KEYBOARD_HELP)}</p>"
        )
        self.score = looks.text()
        self.summary = looks.text()
        # One name, one status and one copy box per notebook: the answers bar shows the same ones.
        self.name_field = self.book.name_field
        self.save_status = self.book.status
        self.answers_text = self.book.copy_box
        self.download = download_button(self.book)
        self.book.attach_quiz(self)
        self._refresh()
        super().__init__(
            [
                header,
                self.score,
                *(v.widget for v in self.questions),
                self.summary,
                looks.text(f"<p>{SAVING_NOTE}{temporary_storage_note()}</p>"),
                self.name_field,
                self.download,
                self.save_status,
                self.answers_text,
                widgets.HTML(value=QUIZ_CSS, layout=widgets.Layout(display="none"), style=looks.html),
            ],
            layout=looks.box,
        )
        self.add_class("mathjax_ignore")  # JupyterLab would typeset "$2 bn … $10 bn" as maths
        self.add_class(QUIZ_CLASS)  # the scope of the quiz's style sheet

    def __repr__(self) -> str:
        """Short text shown where the widget cannot be (saved notebooks, plain-text views)."""
        count = len(self.questions)
        return f"Self-check quiz {self.notebook!r}: {self.spec.title} ({count} question{'s' if count != 1 else ''})"

    def _changed(self) -> None:
        """A Check or Show answer: the score, the summary, and the file."""
        self._refresh()
        self.book.changed()

    def _refresh(self) -> None:
        scored = [v for v in self.questions if v.question.scored]
        right = sum(v.correct is True for v in scored)
        shown = sum(v.answer_shown for v in scored)
        extra = f" Answer shown for {shown}." if shown else ""
        free = [str(v.number) for v in self.questions if not v.question.scored]
        if free:  # "0 of 10" above "Question 1 of 11" needs saying why
            extra += f" Question{'s' if len(free) > 1 else ''} {' and '.join(free)}: your own words, not scored."
        self.score.value = (
            f"<p><strong>Your progress:</strong> {right} of {len(scored)} scored questions answered correctly "
            f"so far.{extra}</p>"
        )
        rows = "".join(f"<li>Question {v.number}: {v.status()}</li>" for v in self.questions)
        self.summary.value = f"<h4>Summary for this notebook</h4>{self.score.value}<ul>{rows}</ul>"

    def summary_record(self) -> dict[str, Any]:
        """The quiz's part of the saved file: title, score and every question's record."""
        records = self.records()
        scored = [r for r, v in zip(records, self.questions) if v.question.scored]
        return {
            "quiz": self.spec.title,
            "answered_correctly": sum(r["correct"] is True for r in scored),
            "scored_questions": len(scored),
            "questions": records,
        }

    def records(self) -> list[dict[str, Any]]:
        return [v.record() for v in self.questions]

    def restore(self, records: list[dict[str, Any]]) -> None:
        """Each question as its saved record left it (questions with none start empty)."""
        by_id = {r.get("id"): r for r in records if isinstance(r, dict)}
        for view in self.questions:
            saved = by_id.get(view.question.id)
            if saved is not None and saved.get("type", view.question.type) != view.question.type:
                saved = None  # the question changed type since the file was saved
            view.restore(saved)
        self._refresh()

    def clear(self) -> None:
        self.restore([])

    def touched(self) -> bool:
        return any(v.touched() for v in self.questions)

    def results(self) -> dict[str, Any]:
        """Everything the saved file holds: answers, correctness, every try, what was written."""
        return self.book.results()

    def save(self) -> Path | None:
        """Write the answers file now (it is also written on every Check and after every edit)."""
        return self.book.save()


def quiz(course: Course, notebook_name: str, save_dir: Path | str | None = None) -> Quiz:
    """The self-check quiz for ``notebook_name`` (e.g. ``"01_background"``) from ``course.quizzes``.

    ``save_dir`` is where the answers file is written (default: the notebook's folder, for a
    course opened with ``open_course``; otherwise nothing is written).
    """
    return Quiz(course, notebook_name, spec_for(course, notebook_name), save_dir)
