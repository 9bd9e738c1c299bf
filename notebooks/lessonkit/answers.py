"""What a student writes outside the quiz: guesses before a reveal, answers to the key
question, role-play outcomes. Each notebook keeps one :class:`AnswerBook` (on the
:class:`~lessonkit.data.Course` it was opened with), and Save my answers writes it with
the quiz answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the boxes are made by the widget modules; the book only keeps them
    import ipywidgets as widgets

KINDS = ("guess", "key_question", "roleplay", "note")


@dataclass(frozen=True)
class WrittenItem:
    """One place a student writes: an id unique in its notebook, a kind, the prompt, the text box."""

    id: str
    kind: str
    prompt: str
    box: widgets.Textarea


class AnswerBook:
    """The written answers of one notebook, in the order their boxes were made."""

    def __init__(self, notebook: str):
        self.notebook = notebook
        self._items: dict[str, WrittenItem] = {}

    def add(self, item_id: str, kind: str, prompt: str, box: widgets.Textarea) -> None:
        """Keep ``box`` so its text is saved; a box made again (a cell re-run) replaces the old one."""
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
        self._items[item_id] = WrittenItem(item_id, kind, prompt, box)

    def records(self) -> list[dict[str, Any]]:
        """The saved file's ``written`` list: id, kind, prompt and the text as typed."""
        return [{"id": i.id, "kind": i.kind, "prompt": i.prompt, "text": i.box.value} for i in self._items.values()]
