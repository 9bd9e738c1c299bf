"""Give every cell of the lesson notebooks RISE slide metadata, so a teacher can present them.

Usage: ``python tools/slide_metadata.py notebooks/*.ipynb`` (``--check``: change nothing,
exit 1 and name the notebooks that would change).

The rules, in reading order of a lesson:
- a Markdown cell that opens with an H1 or H2 heading starts a slide; with an H3, a subslide;
- a figure (cell tagged ``figure``) gets a subslide of its own below the narrative, and its
  text alternative (the next cell, ``print(x.summary)``) appears as a fragment under it;
- setup cells (imports, ``load_course()``) stay on the slide they follow, with their prompt: a
  hidden cell is not always run by RISE's Shift+Enter (measured with jupyterlab-rise 0.43.1), and
  then every figure fails; a visible one shows the presenter that it ran (``[1]``) or not (``[ ]``);
- everything else continues the current slide (``-``).
Only ``metadata.slideshow`` is touched; outputs, ids and other metadata stay as they are.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
_HEADING = re.compile(r"^\s*(#{1,6})\s")
_SUMMARY = re.compile(r"print\(\s*[\w.]+\.summary\s*\)|^\s*[\w.]+\.text_version\s*$", re.M)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def slide_type(cell, previous_code) -> str:
    """The slide type for one cell; ``previous_code`` is the code cell before it (or None)."""
    if cell.cell_type == "markdown":
        heading = _HEADING.match(cell.source)
        level = len(heading.group(1)) if heading else 0
        return "slide" if level in (1, 2) else "subslide" if level == 3 else "-"
    if cell.cell_type != "code":
        return "skip"
    if "figure" in _tags(cell):
        return "subslide"
    if _SUMMARY.search(cell.source) and previous_code is not None and "figure" in _tags(previous_code):
        return "fragment"
    return "-"


def slide_types(nb) -> list[str]:
    """Slide types for every cell; the first shown cell always starts a slide."""
    types, previous_code = [], None
    for cell in nb.cells:
        types.append(slide_type(cell, previous_code))
        if cell.cell_type == "code":
            previous_code = cell
    first_shown = next((i for i, t in enumerate(types) if t != "skip"), None)
    if first_shown is not None:
        types[first_shown] = "slide"
    return types


def apply(nb) -> bool:
    """Set ``metadata.slideshow.slide_type`` on every cell; True if anything changed."""
    changed = False
    for cell, kind in zip(nb.cells, slide_types(nb)):
        if cell.metadata.get("slideshow") != {"slide_type": kind}:
            cell.metadata["slideshow"] = {"slide_type": kind}
            changed = True
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a notebook would change")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    stale = []
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        if apply(nb):
            stale.append(path)
            if not args.check:
                nbformat.write(nb, path)
        counts = {t: sum(c.metadata["slideshow"]["slide_type"] == t for c in nb.cells) for t in SLIDE_TYPES}
        print(
            f"{path}: "
            + ", ".join(f"{n} {t}" for t, n in counts.items() if n)
            + (" (would change)" if args.check and path in stale else "")
        )
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
