"""Predict, then reveal: a place to write a guess before the answer, answers kept behind a
button, and the frame for answering a notebook's key question at its end.

What a student types goes into the notebook's :class:`~lessonkit.answers.AnswerBook`, which
saves it as they write. Nothing a student types is ever shown back as HTML. An answer after a
box waits for the student: its button opens only once the box holds three words or more, or
the student has pressed *I'd rather not guess* (saved as ``skipped``, for the class report).
An answer is not in the page at all until its button is pressed (a reveal is a ``<button>``:
Tab reaches it, Space or Enter presses it). Where there are no widgets (the offline handouts),
the same answer is printed in a closed ``<details>``, the ``text/html`` of the widget's output:
still there only for a reader who opens it.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from . import answers
from . import reveals
from .answerbar import AnswersBar
from .answers import WrittenItem, default_folder
from .data import Course
from .visual import FULL_WIDTH, folded, with_printed
from .visual import collapsed as collapsed  # re-exported: notebooks fold their Sources list with it

_LABEL_STYLE = {"description_width": "initial"}
#: Said over every text box, which asks nothing itself (the Markdown cell above asks).
SAVED_NOTE = "<p><em>Your answer is saved as you write.</em></p>"
#: Words a box must hold before the answer after it opens (or the student skips).
MIN_WORDS = 3
#: Table columns that only link rows to the Sources list (not for students to read).
_HIDDEN_COLUMNS = ("source_ids",)


def _markdown_html(text: str) -> str:
    from .quiz import markdown_html  # the quiz's Markdown renderer (raw HTML escaped)

    return markdown_html(text)


def _as_html(content) -> str:
    """Module-written content as HTML: Markdown text, or a table (cells escaped)."""
    if isinstance(content, pd.DataFrame):
        shown = content.drop(columns=[c for c in _HIDDEN_COLUMNS if c in content])
        return shown.to_html(escape=True, border=0)
    return _markdown_html(str(content))


class Reveal(widgets.VBox):
    """A button that shows ``content`` (Markdown text or a table) only once it is pressed.

    Before the press the answer is nowhere in the page; after it, it is announced politely
    to screen readers. ``source_ids`` are those of the content (for the Sources list)."""

    def __init__(self, content, label: str = "Show the answer", source_ids: list[str] | None = None):
        self._content = content
        self.label = label
        self.source_ids = list(source_ids or [])
        if isinstance(content, pd.DataFrame) and "source_ids" in content and source_ids is None:
            self.source_ids = list(dict.fromkeys(sid for cell in content["source_ids"] for sid in cell))
        self.button = widgets.Button(
            description=label,
            tooltip=f"{label} (only once you have made your own mind up)",
            layout=widgets.Layout(width="auto"),
        )
        self.answer = widgets.HTML(value="")
        self.button.on_click(lambda _button: self.show())
        super().__init__([self.button, self.answer])
        self.add_class("mathjax_ignore")  # JupyterLab would typeset "$2 bn … $10 bn" as maths

    @property
    def shown(self) -> bool:
        return bool(self.answer.value)

    def show(self) -> None:
        """What pressing the button does."""
        self.answer.value = f'<div role="status" aria-live="polite">{_as_html(self._content)}</div>'
        self.button.description = "Shown below"
        self.button.disabled = True

    def hide(self) -> None:
        """Back to before the press (a student starting afresh)."""
        self.answer.value = ""
        self.button.description = self.label
        self.button.disabled = False

    def __repr__(self) -> str:
        return f"{self.button.description if not self.shown else 'Answer'} (press the button to see it)"

    def printed(self) -> str:
        """The answer in a closed ``<details>`` with the button's label: how a page without
        widgets shows it (the answer still waits until the reader opens it)."""
        return folded(self.label, _as_html(self._content))

    def _repr_mimebundle_(self, **kwargs):
        return with_printed(super()._repr_mimebundle_(**kwargs), self.printed())


def reveal(content, label: str = "Show the answer") -> Reveal:
    """A :class:`Reveal` of ``content`` behind a button labelled ``label``."""
    return Reveal(content, label)


def enough_words(text: str) -> bool:
    """Whether ``text`` is an attempt: :data:`MIN_WORDS` words or more."""
    return len(text.split()) >= MIN_WORDS


class WrittenAnswer(widgets.VBox):
    """A labelled text box saved with the quiz answers, then (optionally) a reveal."""

    def __init__(
        self,
        course: Course,
        notebook: str,
        item_id: str,
        kind: str,
        prompt: str,
        label: str,
        placeholder: str,
        answer=None,
        reveal_label: str = "Show the answer",
        skip_label: str = "I'd rather not guess",
    ):
        self.prompt = prompt
        self.box = widgets.Textarea(
            value="",
            description=label,
            placeholder=placeholder,
            tooltip=f"{label}: {prompt}",
            style=_LABEL_STYLE,
            layout=widgets.Layout(**FULL_WIDTH, height="5em"),
        )
        self.book = answers.book(course, notebook)
        self.item: WrittenItem = self.book.add(item_id, kind, prompt, self.box)
        self.reveal = Reveal(answer, reveal_label) if answer is not None else None
        # The Markdown above asks the question; repeating it here doubled the reading. It stays
        # the box's tooltip, and is saved with the answer.
        note = widgets.HTML(value=SAVED_NOTE)
        gate = []
        if self.reveal is not None:
            self.skip_button = widgets.Button(
                description=skip_label,
                tooltip=f"{skip_label}: open the answer without writing (your teacher sees that you skipped)",
                layout=widgets.Layout(width="auto"),
            )
            self.hint = widgets.HTML(
                value=f"<p><em>Write at least {MIN_WORDS} words to open the answer, or press "
                f"<strong>{html.escape(skip_label)}</strong>.</em></p>"
            )
            self.reveal.button.on_click(lambda _button: self._revealed())
            self.skip_button.on_click(lambda _button: self.skip())
            self.box.observe(lambda _change: self._gate(), "value")
            self.book.on_restore(self.box, lambda _item: self._apply_state())
            gate = [self.hint, self.skip_button]
            self._apply_state()
        super().__init__([note, self.box, *gate, *([self.reveal] if self.reveal else [])])
        self.add_class("mathjax_ignore")

    @property
    def can_reveal(self) -> bool:
        return self.item.skipped or enough_words(self.box.value)

    def _gate(self) -> None:
        """The answer's button opens once there is an attempt or a skip; once open, it stays."""
        if self.reveal.shown:
            self.hint.layout.display = self.skip_button.layout.display = "none"
            return
        self.reveal.button.disabled = not self.can_reveal
        self.skip_button.disabled = self.item.skipped
        self.hint.layout.display = "none" if self.can_reveal else None
        self.skip_button.layout.display = "none" if enough_words(self.box.value) else None

    def _apply_state(self) -> None:
        if self.item.revealed and not self.reveal.shown:
            self.reveal.show()
        elif not self.item.revealed and self.reveal.shown:
            self.reveal.hide()
        self._gate()

    def skip(self) -> None:
        """I'd rather not guess: the answer may open, and the file says the guess was skipped."""
        self.item.skipped = True
        self._gate()
        self.book.changed()

    def _revealed(self) -> None:
        self.item.revealed = True
        self._gate()
        self.book.changed()

    def __repr__(self) -> str:
        return f"{self.box.description}: {self.prompt}"

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        return with_printed(bundle, self.reveal.printed()) if self.reveal else bundle


class Prompts:
    """The think-first boxes and key-question frame of one notebook (``notebook`` is the
    quiz's name, e.g. ``"01_background"``, so the answers are saved in the same file)."""

    def __init__(self, course: Course, notebook: str):
        self.course = course
        self.notebook = notebook
        #: the sources of the answers shown so far (for the notebook's Sources list)
        self.source_ids: list[str] = []
        book = answers.book(course, notebook)
        if book.folder is None and default_folder(course) is not None:
            book.open_folder(default_folder(course))  # brings back what the file holds

    def guess(self, item_id: str, prompt: str | None = None, answer=None) -> WrittenAnswer:
        """A box for the guess ``item_id`` of ``data/reveals.yaml`` (kind ``guess``), its answer
        behind a reveal after it. (``prompt`` and ``answer`` given here: the old form, until every
        notebook reads them from the file.)"""
        if prompt is None:
            found = reveals.entry(self.course, self.notebook, item_id, "guess")
            prompt, answer = found.prompt, found.answer
            self.source_ids += [sid for sid in found.source_ids if sid not in self.source_ids]
        return WrittenAnswer(
            self.course,
            self.notebook,
            item_id,
            "guess",
            prompt,
            "Your guess",
            "Write your guess before you read on…",
            answer,
        )

    def key_question(self, prompt: str | None = None, model_answer=None, frame: str = "") -> WrittenAnswer:
        """The key question again, a box for the student's answer (kind ``key_question``),
        with ``frame`` (sentence starters) as its placeholder, and a model answer to reveal: all
        three from the notebook's key question in ``data/reveals.yaml`` unless given (the old form)."""
        if prompt is None:
            found = reveals.key_question(self.course, self.notebook)
            prompt, model_answer, frame = found.prompt, found.answer, found.frame or ""
            self.source_ids += [sid for sid in found.source_ids if sid not in self.source_ids]
        return WrittenAnswer(
            self.course,
            self.notebook,
            "key_question",
            "key_question",
            prompt,
            "Your answer",
            frame or "Write three or four sentences…",
            model_answer,
            "Show a model answer",
            "I'd rather not answer",
        )

    def my_answers(self) -> AnswersBar:
        """The notebook's answers bar: name, Download and Load my answers, what was saved."""
        return AnswersBar(answers.book(self.course, self.notebook))


def prompts(course: Course, notebook: str) -> Prompts:
    """The :class:`Prompts` of ``notebook``."""
    return Prompts(course, notebook)
