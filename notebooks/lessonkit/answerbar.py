"""The controls that take a student's answers file out of the server and back in.

- **Download my answers** (:class:`DownloadButton`, an anywidget): on a press the browser asks
  the kernel for the file, which sends its text back; a few lines of JavaScript make a Blob and
  click an ``<a download>``. It works wherever widgets do (JupyterLab, Voilà, Binder), with no
  extension to build.
- **Load my answers** (:class:`LoadAnswers`, ipywidgets' ``FileUpload``): says which notebook
  and name the chosen file holds and asks before it replaces anything; a wrong or broken file
  gets one sentence, never a traceback. Everything taken from the file is escaped.
- :class:`AnswersBar`: the name box, both buttons and the save status, for a notebook's setup cell.

Temporary storage: a server whose files disappear when the session ends says so in its
environment: Binder sets ``BINDER_LAUNCH_HOST`` and ``BINDER_REQUEST``; any other host (a
JupyterHub with no persistent home, for example) sets ``LESSONKIT_TEMPORARY_STORAGE=1``. Then
the quiz and the bar remind the student to download the file.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from . import answerfile
from .answerfile import AnswerFileError
from .answers import AnswerBook
from .visual import with_printed

#: Variables that say this server's files will not outlive the session.
TEMPORARY_STORAGE_VARIABLES = ("BINDER_LAUNCH_HOST", "BINDER_REQUEST", "LESSONKIT_TEMPORARY_STORAGE")

_DOWNLOAD_ESM = """
function initialize({ model }) {
  // Once per widget model (not per view): one download per press, however often it is shown.
  const onMessage = (message) => {
    if (!message || message.event !== "file") return;
    const blob = new Blob([message.content], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = message.filename;
    link.style.display = "none";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  model.on("msg:custom", onMessage);
  return () => model.off("msg:custom", onMessage);
}
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-button widget-button";
  button.textContent = model.get("label");
  button.title = model.get("hint");
  button.addEventListener("click", () => model.send({ event: "download" }));
  el.appendChild(button);
}
export default { initialize, render };
"""


def storage_is_temporary(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the server says its files end with the session (see the module's docstring)."""
    environ = os.environ if environ is None else environ
    return any(environ.get(name, "").strip() not in ("", "0") for name in TEMPORARY_STORAGE_VARIABLES)


def temporary_storage_note(environ: Mapping[str, str] | None = None) -> str:
    """The reminder to download, as HTML, on a temporary server; otherwise empty."""
    if not storage_is_temporary(environ):
        return ""
    return (
        " <strong>This online session is temporary:</strong> its files are deleted when it ends. "
        "Press <strong>Download my answers</strong> before you close the tab."
    )


class DownloadButton(anywidget.AnyWidget):
    """A button that downloads the notebook's answers file through the browser."""

    _esm = _DOWNLOAD_ESM
    label = traitlets.Unicode("Download my answers").tag(sync=True)
    hint = traitlets.Unicode("Download your answers file to this computer, to keep or hand in").tag(sync=True)

    def __init__(self, book: AnswerBook, **kwargs):
        super().__init__(**kwargs)
        self.book = book
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content: Any, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "download":
            self.send(self.file())

    def file(self) -> dict[str, str]:
        """The message the browser turns into a download: the file saved now, and its name."""
        self.book.debouncer.flush()
        path = self.book.save()
        text = self.book.text() if path is None else path.read_text(encoding="utf-8")
        name = answerfile.file_name(self.book.notebook, self.book.name_field.value) if path is None else path.name
        return {"event": "file", "filename": name, "content": text}

    def __repr__(self) -> str:
        return self.label


def download_button(book: AnswerBook) -> DownloadButton:
    return DownloadButton(book)


class LoadAnswers(widgets.VBox):
    """Load my answers: choose a downloaded file, see whose it is, then confirm."""

    def __init__(self, book: AnswerBook):
        self.book = book
        self.pending: dict[str, Any] | None = None
        self.upload = widgets.FileUpload(
            accept=".json",
            multiple=False,
            description="Load my answers",
            tooltip="Bring back answers from a file you downloaded earlier",
            layout=widgets.Layout(width="auto"),
        )
        self.message = widgets.HTML(value="")
        self.confirm_button = widgets.Button(
            description="Yes, load them", tooltip="Replace the answers in this notebook with the file's"
        )
        self.cancel_button = widgets.Button(description="Cancel", tooltip="Keep the answers in this notebook")
        self.choice = widgets.HBox([self.confirm_button, self.cancel_button], layout=widgets.Layout(display="none"))
        self.upload.observe(lambda change: self.chosen(change["new"]), "value")
        self.confirm_button.on_click(lambda _button: self.confirm())
        self.cancel_button.on_click(lambda _button: self.cancel())
        super().__init__([self.upload, self.message, self.choice])

    def _say(self, text: str, alert: bool = False) -> None:
        self.message.value = f'<div role="{"alert" if alert else "status"}"><p>{text}</p></div>'

    def chosen(self, files) -> None:
        """A file was chosen: read it and ask (nothing is replaced yet)."""
        if not files:
            return
        first = files[0]
        self.upload.value = ()  # the same file can be chosen again
        self.pending = None
        self.choice.layout.display = "none"
        try:
            data = answerfile.parse(bytes(first["content"]))
        except AnswerFileError as why:
            self._say(html.escape(str(why)), alert=True)
            return
        theirs, ours = data["notebook"], self.book.notebook
        if theirs != ours:
            self._say(
                f"This file holds answers for the notebook {html.escape(theirs[:80])}, not this one "
                f"({html.escape(ours)}): open {html.escape(theirs[:80])} and load it there.",
                alert=True,
            )
            return
        self.pending = data
        who = f"<strong>{html.escape(data['name'][:80])}</strong>" if data.get("name") else "no name"
        when = html.escape(str(data.get("saved_at") or "an unknown time")[:16].replace("T", " "))
        self._say(
            f"This file holds answers for this notebook ({html.escape(ours)}), saved by {who} at {when} UTC. "
            "Loading it replaces every answer in this notebook. Load it?"
        )
        self.choice.layout.display = None

    def confirm(self) -> None:
        data, self.pending = self.pending, None
        self.choice.layout.display = "none"
        if data is None:
            return
        self.book.owner = data.get("owner") or self.book.owner
        self.book.load(data, replace=True)
        self.book.changed()
        self._say("Loaded: your answers are back, and saved in this folder again.")

    def cancel(self) -> None:
        self.pending = None
        self.choice.layout.display = "none"
        self._say("Nothing was loaded.")


class AnswersBar(widgets.VBox):
    """The name box, Download and Load my answers, and the save status of one notebook."""

    def __init__(self, book: AnswerBook):
        self.book = book
        self.download = DownloadButton(book)
        self.load = LoadAnswers(book)
        self.afresh = widgets.Button(
            description="Start afresh",
            tooltip="Not your answers? Clear them and start your own (the other file is kept)",
            layout=widgets.Layout(display=None if book.restored_from else "none", width="auto"),
        )
        self.afresh.on_click(lambda _button: self.start_afresh())
        intro = widgets.HTML(
            value="<p>Your answers in this notebook are saved as you work, in a file in this folder, and come "
            f"back when you run the notebook again.{temporary_storage_note()}</p>"
        )
        buttons = widgets.HBox(
            [self.download, self.load.upload, self.afresh], layout=widgets.Layout(flex_flow="row wrap")
        )
        super().__init__([intro, book.name_field, buttons, self.load.message, self.load.choice, book.status])

    def start_afresh(self) -> None:
        self.book.start_afresh()
        self.afresh.layout.display = "none"

    def __repr__(self) -> str:
        return "Your answers: saved as you work (Download my answers, Load my answers)"

    def _repr_mimebundle_(self, **kwargs):
        return with_printed(super()._repr_mimebundle_(**kwargs), "")  # nothing to press on paper
