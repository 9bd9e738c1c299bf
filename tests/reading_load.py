"""The words a student meets on a lesson notebook's core path, and the time the notebook states.

Core path: the Markdown of every cell not tagged ``extension``, plus the text outputs those
cells show expanded. For an output, the text is what JupyterLab shows: ``text/html`` if the
output has it, else ``text/markdown``, else ``text/plain`` (a stream shows its text; a widget
or a plotly figure shows no prose). Tags are stripped; text inside a collapsed HTML
``<details>`` block is not shown until the student opens it, so only its ``<summary>`` counts.
A word is a run of non-space characters with at least one letter or digit in it.

Run as a script (``python tests/reading_load.py notebooks/*.ipynb``) to print the table the
closing notes quote: stated minutes, core words, extension words, and the limit.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat

#: Words a student can meet on the core path per stated minute (about half the time for reading).
WORDS_PER_MINUTE = 75
EXTENSION = "extension"
_STATED = re.compile(r"\bAbout (\d+) minutes\b")
_WORD = re.compile(r"\S*[^\W_]\S*")
#: Outputs JupyterLab draws as something other than their text.
_NOT_PROSE = ("application/vnd.jupyter.widget-view+json", "application/vnd.plotly.v1+json")


class _ShownText(HTMLParser):
    """The text of an HTML (or Markdown) fragment that is on screen before anything is opened."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, hides its content)

    def _hidden(self) -> bool:
        """Inside a hiding element, unless it is a closed <details> and we are in its <summary>."""
        stack = self._stack
        return any(
            hides and not (tag == "details" and k + 1 < len(stack) and stack[k + 1][0] == "summary")
            for k, (tag, hides) in enumerate(stack)
        )

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            return
        closed_details = tag == "details" and "open" not in dict(attrs)
        self._stack.append((tag, closed_details or tag in ("script", "style")))

    def handle_endtag(self, tag):
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def shown_text(text: str) -> str:
    """``text`` with tags stripped and collapsed ``<details>`` content left out."""
    parser = _ShownText()
    parser.feed(text)
    parser.close()
    return " ".join(parser.parts)


def words(text: str) -> int:
    """The number of words on screen in an HTML or Markdown fragment."""
    return len(_WORD.findall(shown_text(text)))


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_text(output) -> str:
    """What JupyterLab shows of one stored output, as text (HTML and Markdown left in)."""
    if output.get("output_type") == "stream":
        return _joined(output.get("text", ""))
    data = output.get("data", {})
    if any(kind in data for kind in _NOT_PROSE):
        return ""
    for kind in ("text/html", "text/markdown", "text/plain"):
        if kind in data:
            text = _joined(data[kind])
            # plain text is shown as it is: escape it so a "<" in it is not read as a tag
            return text.replace("&", "&amp;").replace("<", "&lt;") if kind == "text/plain" else text
    return ""


def cell_words(cell) -> int:
    """Words a cell puts on screen: its Markdown, or its code cell outputs."""
    if cell.cell_type == "markdown":
        return words(_joined(cell.source))
    if cell.cell_type == "code":
        return sum(words(output_text(o)) for o in cell.get("outputs", []))
    return 0


def is_extension(cell) -> bool:
    return EXTENSION in cell.get("metadata", {}).get("tags", [])


def stated_minutes(nb) -> int | None:
    """The N of the first "About N minutes" in the notebook's Markdown (its Time to complete)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = _STATED.search(_joined(cell.source))
            if found:
                return int(found.group(1))
    return None


def load(nb) -> dict[str, int | None]:
    """Stated minutes, core-path words and extension words of one notebook."""
    core = sum(cell_words(c) for c in nb.cells if not is_extension(c))
    extension = sum(cell_words(c) for c in nb.cells if is_extension(c))
    return {"minutes": stated_minutes(nb), "core": core, "extension": extension}


def problems(nb) -> list[str]:
    """What is wrong with a lesson notebook's reading load (empty when it fits its time)."""
    found = load(nb)
    if found["minutes"] is None:
        return ['no "About N minutes" in the notebook\'s Markdown (its Time to complete)']
    limit = WORDS_PER_MINUTE * found["minutes"]
    if found["core"] > limit:
        return [
            f"{found['core']} words on the core path for {found['minutes']} minutes; at most {limit} "
            f"({WORDS_PER_MINUTE} × {found['minutes']}): cut, or move depth into cells tagged "
            f"'{EXTENSION}'"
        ]
    return []


def main(paths: list[str]) -> None:
    print("| notebook | stated minutes | core words | limit | extension words |")
    print("|---|---|---|---|---|")
    for path in paths:
        found = load(nbformat.read(path, as_version=4))
        limit = WORDS_PER_MINUTE * found["minutes"] if found["minutes"] else "–"
        print(f"| {Path(path).stem} | {found['minutes']} | {found['core']} | {limit} | {found['extension']} |")


if __name__ == "__main__":
    main(sys.argv[1:])
