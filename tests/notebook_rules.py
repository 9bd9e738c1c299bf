"""Rules every committed notebook follows, as checker functions that report problems.

Each rule takes a notebook (``nbformat`` v4) and returns a list of problems in plain words
(empty when the notebook follows it). Used by ``tests/test_notebook_structure.py`` on the
real notebooks and on the fault fixtures in ``tests/fixtures/structure/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from markdown_it import MarkdownIt

from tools import manifest

IGNORE_OUTPUT = "nbval-ignore-output"

#: The sections of a lesson notebook (01–05), as ## headings, in the GUIDE's words.
LESSON_SECTIONS = (
    "Overview",
    "Key question",
    "Learning objectives",
    "Prerequisites",
    "Time to complete",
    "Check your understanding",
    "Discuss",
    "Summary",
    "What's next",
    "Sources",
)

#: Metadata that changes run to run: widget state (notebook) and execution timing (cell).
VOLATILE_NOTEBOOK_METADATA = ("widgets",)
VOLATILE_CELL_METADATA = ("execution", "ExecuteTime")

#: The cell after a figure shows its text alternative: ``x.text_version`` (folded in a <details>,
#: its text/plain the summary itself) or, in older notebooks, ``print(x.summary)``.
_PRINTS_SUMMARY = re.compile(r"print\(\s*([A-Za-z_][\w.]*)\.summary\s*\)|^\s*([A-Za-z_][\w.]*)\.text_version\s*$", re.M)
_MARKDOWN = MarkdownIt("commonmark")


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def is_lesson(path: Path) -> bool:
    """Whether the lesson rules check ``path``: its kind in notebooks/manifest.yaml is a lesson kind."""
    return any(n.is_lesson and n.path.resolve() == Path(path).resolve() for n in manifest.notebooks())


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


class _HtmlScan(HTMLParser):
    """Headings and images written as raw HTML inside Markdown."""

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.images: list[str | None] = []
        self._level: int | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs).get("alt"))
        elif re.fullmatch(r"h[1-6]", tag):
            self._level, self._text = int(tag[1]), ""

    def handle_data(self, data):
        if self._level is not None:
            self._text += data

    def handle_endtag(self, tag):
        if self._level is not None and tag == f"h{self._level}":
            self.headings.append((self._level, self._text.strip()))
            self._level = None


def _markdown_parts(source: str) -> tuple[list[tuple[int, str]], list[tuple[str, str]]]:
    """The (level, text) headings and (alt, src) images of one Markdown cell, in order."""
    headings, images = [], []
    tokens = _MARKDOWN.parse(source)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((int(token.tag[1]), tokens[i + 1].content.strip()))
        elif token.type == "html_block":
            scan = _HtmlScan()
            scan.feed(token.content)
            headings += scan.headings
            images += [(alt or "", "<img>") for alt in scan.images]
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "image":
                    images.append((child.content.strip(), child.attrGet("src") or ""))
                elif child.type == "html_inline":
                    scan = _HtmlScan()
                    scan.feed(child.content)
                    images += [(alt or "", "<img>") for alt in scan.images]
    return headings, images


def headings(nb) -> list[tuple[int, int, str]]:
    """Every heading as (cell index, level, text), in reading order."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found += [(index, level, text) for level, text in _markdown_parts(cell.source)[0]]
    return found


# --- the rules ---------------------------------------------------------------------------


def one_title_in_first_cell(nb) -> list[str]:
    titles = [(i, text) for i, level, text in headings(nb) if level == 1]
    problems = []
    if len(titles) != 1:
        problems.append(f"expected exactly one H1 title, found {len(titles)}: {titles}")
    if titles and titles[0][0] != 0:
        problems.append(f"the H1 title {titles[0][1]!r} is in cell {titles[0][0]}, not the first cell")
    return problems


def no_skipped_heading_levels(nb) -> list[str]:
    problems, previous = [], 0
    for index, level, text in headings(nb):
        if level > previous + 1:
            problems.append(
                f"cell {index}: heading {text!r} is H{level} after {'no heading' if previous == 0 else f'H{previous}'}"
            )
        previous = level
    return problems


def images_have_alt_text(nb) -> list[str]:
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for alt, src in _markdown_parts(cell.source)[1]:
                if not alt:
                    problems.append(f"cell {index}: image {src!r} has no alt text")
    return problems


def figures_have_text_alternative(nb) -> list[str]:
    """A `figure` cell is followed by a code cell printing that figure's `.summary`, compared by nbval."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if "figure" not in tags(cell):
            continue
        following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        printed = _PRINTS_SUMMARY.search(following.source) if following and following.cell_type == "code" else None
        if not printed:
            problems.append(f"cell {index}: figure is not followed by a code cell printing its .summary")
        elif (printed.group(1) or printed.group(2)).split(".")[0] not in cell.source:
            problems.append(
                f"cell {index + 1}: shows the text version of {printed.group(1) or printed.group(2)}, "
                f"which the figure cell above does not show"
            )
        elif IGNORE_OUTPUT in tags(following):
            problems.append(
                f"cell {index + 1}: the text alternative is tagged {IGNORE_OUTPUT}, so nbval never compares it"
            )
        elif not any(
            (o.get("output_type") == "stream" and o.get("name") == "stdout") or "text/plain" in o.get("data", {})
            for o in following.get("outputs", [])
        ):
            problems.append(f"cell {index + 1}: the text alternative has no stored output for nbval to compare")
    return problems


def figures_and_widgets_ignore_output(nb) -> list[str]:
    return [
        f"cell {i}: tagged {sorted(set(tags(c)) & {'figure', 'widget'})} but not {IGNORE_OUTPUT}"
        for i, c in enumerate(nb.cells)
        if {"figure", "widget"} & set(tags(c)) and IGNORE_OUTPUT not in tags(c)
    ]


def lesson_sections(nb) -> list[str]:
    """Every lesson section heading is present (compared without case or apostrophe style)."""

    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip(" ?:.").casefold()

    present = {norm(text) for _, level, text in headings(nb) if level >= 2}
    return [f"missing section heading {name!r}" for name in LESSON_SECTIONS if norm(name) not in present]


def dollar_signs_are_escaped(nb) -> list[str]:
    """Money is written `\\\\$` in Markdown cells. JupyterLab 4.6 typesets the text between two `$`
    as maths, and `\\$` is not enough: Markdown turns it into a bare `$` before MathJax runs,
    which then pairs it with the next one (measured in Chromium; `\\\\$` shows a plain `$`).
    Code spans and blocks are exempt."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"```.*?```|~~~.*?~~~", "", cell.source, flags=re.S)
        text = re.sub(r"(`+).*?\1", "", text, flags=re.S)
        for line in text.splitlines():
            bare = re.findall(r"(?<!\\\\)\$", line)
            if bare:
                problems.append(
                    f"cell {index}: {len(bare)} $ not written as \\\\$ in {line.strip()[:50]!r} "
                    f"(Lab would typeset the text between two of them as maths)"
                )
    return problems


#: A text box's own label says only "Your guess" / "Your answer": the Markdown above asks.
_TEXT_BOX = re.compile(r"\.(guess|key_question)\(")
_ASKS = {"guess": re.compile(r"think first|predict", re.I), "key_question": re.compile(r"key question", re.I)}


def text_boxes_follow_their_question(nb) -> list[str]:
    """A guess follows a Markdown cell that asks for it (**Think first** or a *predict* step), and
    the key-question box follows one that asks the key question again."""
    problems, above = [], ""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            above = cell.source
        elif (
            cell.cell_type == "code"
            and (match := _TEXT_BOX.search(cell.source))
            and not _ASKS[match.group(1)].search(above)
        ):
            problems.append(
                f"cell {index}: a {match.group(1)} box, but the Markdown above does not ask for it "
                f"(the box does not repeat its question)"
            )
    return problems


def no_volatile_metadata(nb) -> list[str]:
    problems = [f"notebook metadata has {key!r}" for key in VOLATILE_NOTEBOOK_METADATA if key in nb.metadata]
    for index, cell in enumerate(nb.cells):
        problems += [
            f"cell {index}: metadata has {key!r}" for key in VOLATILE_CELL_METADATA if key in cell.get("metadata", {})
        ]
    return problems


def no_outputs_in_ignored_cells(nb) -> list[str]:
    return [
        f"cell {i}: tagged {IGNORE_OUTPUT} but has {len(c.outputs)} stored output(s)"
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and IGNORE_OUTPUT in tags(c) and c.outputs
    ]


def no_error_outputs(nb) -> list[str]:
    problems = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"cell {index}: stored error {output.get('ename')}: {output.get('evalue')}")
            elif output.get("name") == "stderr" and "Traceback" in output.get("text", ""):
                problems.append(f"cell {index}: stored traceback on stderr")
    return problems


#: Rules for every notebook; LESSON_RULES apply to lesson notebooks (01–07) as well.
RULES: dict[str, Callable] = {
    "one_title_in_first_cell": one_title_in_first_cell,
    "no_skipped_heading_levels": no_skipped_heading_levels,
    "images_have_alt_text": images_have_alt_text,
    "figures_have_text_alternative": figures_have_text_alternative,
    "figures_and_widgets_ignore_output": figures_and_widgets_ignore_output,
    "dollar_signs_are_escaped": dollar_signs_are_escaped,
    "no_volatile_metadata": no_volatile_metadata,
    "no_outputs_in_ignored_cells": no_outputs_in_ignored_cells,
    "no_error_outputs": no_error_outputs,
    "text_boxes_follow_their_question": text_boxes_follow_their_question,
}
LESSON_RULES: dict[str, Callable] = {"lesson_sections": lesson_sections}


def check(nb, lesson: bool) -> dict[str, list[str]]:
    """Every rule that applies, with the problems it found (rules with none are left out)."""
    rules = {**RULES, **(LESSON_RULES if lesson else {})}
    return {name: problems for name, rule in rules.items() if (problems := rule(nb))}
