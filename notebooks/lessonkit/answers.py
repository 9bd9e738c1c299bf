"""Everything a student does in one notebook, saved as they go and brought back.

Each notebook keeps one :class:`AnswerBook`: the text boxes (guesses, the key question,
role-play outcomes, notes), the quiz, and the student's name. It writes them all to the
student's answers file (:mod:`lessonkit.answerfile`) at once on every Check, reveal or skip,
and ``DELAY`` seconds after the last keystroke in a box; each write is atomic.

Restoring: when a book opens its folder it reads the most recently saved file of its notebook
there, and gives each box and the quiz their state back as they are made again (a restarted
kernel running all cells). The book lives as long as the kernel (``lesson.open_course`` keeps
it), so re-running the setup cell or any other cell keeps what is already written.

Whose file: the file carries the notebook, the name typed and an ``owner`` token made by the
session that first wrote it. A book writes only to a file it made or brought back; if another
student's file has the same name, it writes ``…-2.json`` instead. On a shared lab machine where
students share one folder, a new student presses **Start afresh** (next to the name of whose
answers were brought back) and types their own name: the other student's file is not touched.
A file brought back never moves when the name changes (a new file is written); a file this
session made moves with the name, so typing a name letter by letter leaves one file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from . import answerfile
from .text import CROSS, TICK

KINDS = ("guess", "key_question", "roleplay", "note")
#: Seconds after the last keystroke before a box's text is written.
DELAY = 1.5
_LABEL_STYLE = {"description_width": "initial"}


class Debouncer:
    """Run ``action`` once, ``delay`` seconds after the last :meth:`poke` (a ``threading.Timer``
    by default; tests pass ``timer`` to run it at once or :meth:`flush` it)."""

    def __init__(self, delay: float, action: Callable[[], None], timer: Callable[..., Any] = threading.Timer):
        self.delay = delay
        self.action = action
        self._timer_factory = timer
        self._timer = None
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def poke(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = self._timer_factory(self.delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
        self.action()

    def cancel(self) -> None:
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()

    def flush(self) -> None:
        """Run a waiting action now (and cancel its timer)."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            self.action()


class KernelBooks(dict):
    """The answer books of a notebook's kernel (see ``lesson.open_course``): they save in ``folder``."""

    def __init__(self, folder: Path | None = None):
        super().__init__()
        self.folder = folder


def default_folder(course) -> Path | None:
    """Where ``course``'s books save when no folder is given: the notebook's folder for a course
    opened by ``open_course``, otherwise nowhere (tests and tools name their folder)."""
    return getattr(course.answer_books, "folder", None)


@dataclass
class WrittenItem:
    """One place a student writes: an id unique in its notebook, a kind, the prompt, the text box,
    and whether the answer after it was skipped to or revealed."""

    id: str
    kind: str
    prompt: str
    box: widgets.Textarea
    skipped: bool = False
    revealed: bool = False

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "prompt": self.prompt,
            "text": self.box.value,
            "skipped": self.skipped,
            "revealed": self.revealed,
        }


@dataclass
class _Saved:
    """A file's content waiting for the widgets it belongs to."""

    written: dict[str, dict[str, Any]] = field(default_factory=dict)
    questions: list[dict[str, Any]] = field(default_factory=list)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class AnswerBook:
    """The answers of one notebook: its boxes, its quiz, the student's name and their file."""

    def __init__(self, notebook: str, folder: Path | str | None = None, delay: float = DELAY, timer=threading.Timer):
        self.notebook = notebook
        self.folder: Path | None = None  # None: nothing is written until a folder is opened
        self._made_here: set[Path] = set()  # files this session created (they move when the name changes)
        self.owner = secrets.token_hex(8)
        self.path: Path | None = None  # the file this book writes (made or brought back by it)
        self._items: dict[str, WrittenItem] = {}
        self._saved = _Saved()
        self.quiz = None  # the notebook's Quiz, once made
        self.restored_from: dict[str, Any] | None = None
        self._quiet = False  # True while restoring: widget changes are not edits
        self.debouncer = Debouncer(delay, self.save, timer)
        self.name_field = widgets.Text(
            value="",
            description="Your name",
            placeholder="for your teacher (optional)",
            tooltip="Your name goes into your answers file's name",
            style=_LABEL_STYLE,
        )
        self.name_field.observe(lambda _change: self.edited(), "value")
        #: Where saving is reported (shown in the answers bar and under the quiz).
        self.status = widgets.HTML(value="")
        #: The file's text when it could not be written, to copy by hand.
        self.copy_box = widgets.Textarea(
            value="",
            description="Your answers",
            tooltip="Copy this text if the file could not be saved",
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="100%", display="none", height="10em"),
        )
        if folder is not None:
            self.open_folder(folder)

    @contextlib.contextmanager
    def _quietly(self):
        """Widget changes made by the book itself (restoring) are not the student's edits."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    # --- the folder and the file ------------------------------------------------------------
    def open_folder(self, folder: Path | str) -> None:
        """Save into ``folder`` from now on, and bring back this notebook's latest file there
        (only into boxes and a quiz with nothing in them yet)."""
        folder = Path(folder)
        if folder == self.folder:
            return
        self.debouncer.cancel()  # what was waiting is saved in the new folder, with the rest
        self.folder, self.path, self.quiz, self._saved = folder, None, None, _Saved()
        self._made_here = set()
        with self._quietly():
            self.name_field.value = ""
        found = answerfile.latest(folder, self.notebook) if folder.is_dir() else None
        if found:
            path, data = found
            self.path = path
            self.owner = data.get("owner") or self.owner
            self.load(data, replace=False)
            when = str(data.get("saved_at") or "")[:16].replace("T", " ")
            who = f" for {html.escape(data.get('name') or '')}" if data.get("name") else ""
            self._say(f"Your answers{who} saved at {html.escape(when)} UTC were brought back from {path.name}.")

    def load(self, data: dict[str, Any], replace: bool = True) -> None:
        """Give every box and the quiz the state in ``data`` (a migrated file). ``replace=False``
        leaves anything already written or checked in this session as it is."""
        self.restored_from = data
        written = {
            w["id"]: w for w in data.get("written") or [] if isinstance(w, dict) and isinstance(w.get("id"), str)
        }
        questions = [q for q in data.get("questions") or [] if isinstance(q, dict)]
        self._saved = _Saved(written, questions)
        with self._quietly():
            if replace or not self.name_field.value:
                self.name_field.value = data.get("name") or ""
            for item in self._items.values():
                if item.id in written and (replace or not item.box.value):
                    self._restore_item(item, written[item.id])
            if self.quiz is not None and (replace or not self.quiz.touched()):
                self.quiz.restore(questions)

    def _restore_item(self, item: WrittenItem, saved: dict[str, Any]) -> None:
        text = saved.get("text")
        item.box.value = text if isinstance(text, str) else ""
        item.skipped, item.revealed = saved.get("skipped") is True, saved.get("revealed") is True
        for listener in getattr(item.box, "_lessonkit_restored", []):
            listener(item)

    def target(self) -> Path:
        """Where the next save goes: the name's file, unless another student's file has it."""
        number = 1
        while True:
            path = self.folder / answerfile.file_name(self.notebook, self.name_field.value, number)
            if path == self.path or not path.exists() or answerfile.owner_of(path) == self.owner:
                return path
            number += 1

    # --- what the notebook registers ---------------------------------------------------------
    def add(self, item_id: str, kind: str, prompt: str, box: widgets.Textarea) -> WrittenItem:
        """Keep ``box`` so its text is saved as it is typed. A box made again (a cell re-run)
        replaces the old one and takes its text; a box made in a new kernel takes the saved text."""
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
        old = self._items.get(item_id)
        item = WrittenItem(item_id, kind, prompt, box)
        self._items[item_id] = item
        with self._quietly():
            if old is not None:
                box.value = old.box.value
                item.skipped, item.revealed = old.skipped, old.revealed
            elif item_id in self._saved.written:
                self._restore_item(item, self._saved.written[item_id])
        box.observe(lambda _change: self.edited(), "value")
        return item

    def attach_quiz(self, quiz) -> None:
        """The notebook's quiz: it takes the state of the quiz it replaces, or the saved one."""
        old, self.quiz = self.quiz, quiz
        with self._quietly():
            quiz.restore(old.records() if old is not None else self._saved.questions)

    def on_restore(self, box: widgets.Textarea, listener: Callable[[WrittenItem], None]) -> None:
        """Call ``listener`` when a load gives ``box`` its saved state (a reveal reopens)."""
        box._lessonkit_restored = [*getattr(box, "_lessonkit_restored", []), listener]

    # --- saving ------------------------------------------------------------------------------
    def edited(self) -> None:
        """A keystroke: save once the student pauses."""
        if not self._quiet:
            self.debouncer.poke()

    def changed(self) -> None:
        """A Check, reveal or skip: save now."""
        if not self._quiet:
            self.debouncer.cancel()  # this save holds the typing that was waiting too
            self.save()

    def records(self) -> list[dict[str, Any]]:
        """The file's ``written`` list: every box made, then saved ones not made again yet."""
        made = [item.record() for item in self._items.values()]
        waiting = [w for wid, w in self._saved.written.items() if wid not in self._items]
        return made + waiting

    def results(self) -> dict[str, Any]:
        """Everything the file holds (format :data:`answerfile.FORMAT`)."""
        if self.quiz is not None:
            quiz_part = self.quiz.summary_record()
        else:  # the quiz cell has not run yet in this kernel: keep what the file held
            saved = self.restored_from or {}
            quiz_part = {
                "quiz": saved.get("quiz", ""),
                "answered_correctly": saved.get("answered_correctly", 0),
                "scored_questions": saved.get("scored_questions", 0),
                "questions": self._saved.questions,
            }
        return {
            "format": answerfile.FORMAT,
            "notebook": self.notebook,
            "name": self.name_field.value.strip(),
            "owner": self.owner,
            "saved_at": _now(),
            **quiz_part,
            "written": self.records(),
        }

    def text(self) -> str:
        return answerfile.dumps(self.results())

    def save(self) -> Path | None:
        """Write the file now (atomically); on failure say so and show the text to copy.
        With no folder opened yet (a course not opened by ``open_course``), nothing is written."""
        if self.folder is None:
            return None
        text = self.text()
        path = self.target()
        try:
            answerfile.write_atomic(path, text)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self._say(
                f"<strong>{CROSS} Could not save</strong> to {html.escape(str(self.folder))} ({html.escape(reason)}). "
                "Your answers are still here in the notebook. Copy the text below and keep it, or ask your "
                "teacher where to save.",
                alert=True,
            )
            self.copy_box.value = text
            self.copy_box.layout.display = None
            return None
        if self.path in self._made_here and self.path != path:
            self.path.unlink(missing_ok=True)  # the name changed: a file made in this session moves with it
        if self.path != path:
            self._made_here.add(path)
        self.path = path
        self.copy_box.layout.display = "none"
        name = self.name_field.value.strip()
        who = f" for {html.escape(name)}" if name else ""
        self._say(f"<strong>{TICK} Saved</strong>{who}: {html.escape(path.name)} in {html.escape(str(self.folder))}.")
        return path

    def _say(self, text: str, alert: bool = False) -> None:
        self.status.value = f'<div role="{"alert" if alert else "status"}"><p>{text}</p></div>'

    def start_afresh(self) -> None:
        """A new student on the same folder: forget whose file this was and clear every box and
        the quiz (the other student's file stays as it is)."""
        self.debouncer.flush()
        self.owner, self.path = secrets.token_hex(8), None
        self.load({"name": "", "written": [{"id": i} for i in self._items], "questions": []})
        if self.quiz is not None:
            self.quiz.clear()
        self.restored_from = None
        self._say("Started afresh: type your name, and your answers are saved as you work.")


def book(course, notebook: str) -> AnswerBook:
    """The :class:`AnswerBook` of ``notebook`` in ``course``, made on first use (one per kernel)."""
    return course.answer_books.setdefault(notebook, AnswerBook(notebook))
