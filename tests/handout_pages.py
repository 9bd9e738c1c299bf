"""A handout page opened once in Chromium, from ``file://`` with the network cut off, for every
check that looks at it (offline facts, axe, geometry): see ``lesson_handout_pages`` in
``tests/conftest.py``::

    shown = open_handout(browser, path, plots=3, maps=1)
    shown.facts["headings"], shown.outside, shown.errors   # read once the figures drew
    shown.page                                              # still open: resize it, measure it
    shown.close()
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from browser_support import guard_requests

#: What a page shows once its figures are drawn, read from the DOM.
PAGE_FACTS = """() => ({
  lang: document.documentElement.lang,
  title: document.title,
  headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1])),
  plots: document.querySelectorAll('.js-plotly-plot').length,
  drawn: document.querySelectorAll('.js-plotly-plot .main-svg').length,
  withLand: [...document.querySelectorAll('figure')].filter(f => f.querySelector('g.layer.land path')).length,
  figures: [...document.querySelectorAll('figure')].map(f => ({
    label: f.getAttribute('aria-label'),
    describedBy: f.getAttribute('aria-describedby'),
    description: f.getAttribute('aria-describedby')
      ? (document.getElementById(f.getAttribute('aria-describedby')) || {}).textContent || null : null,
    hasPlot: !!f.querySelector('.js-plotly-plot'),
  })),
  quizQuestions: document.querySelectorAll('.quiz > ol > li').length,
  answers: document.querySelectorAll('.answers > ol > li').length,
})"""

#: Every plotly figure on the page has drawn (or there is none).
ALL_DRAWN = "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))"


@dataclass
class HandoutPage:
    """An open handout page and what it showed at load (1280 x 900, figures drawn)."""

    path: Path
    context: object
    page: object
    facts: dict
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: axe-core's violations at load (``lesson_handout_pages`` fills it; None if not run).
    axe: list[dict] | None = None

    def close(self) -> None:
        self.context.close()


def open_handout(browser, path: Path, plots: int | None = None, maps: int = 0) -> HandoutPage:
    """Open ``path`` from file:// (only ``file:`` and ``data:`` requests allowed, the rest recorded
    in ``outside``); wait until ``plots`` figures drew (all of them when None) and ``maps`` base
    maps; read its facts. The page stays open: the caller closes it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside = guard_requests(page, allowed=("file:", "data:"))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error.name}: {error.message}"))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.goto(path.as_uri(), wait_until="load")
    drawn = (
        ALL_DRAWN
        if plots is None
        else f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {plots}"
    )
    with contextlib.suppress(Exception):  # the tests' assertions say what is missing
        page.wait_for_function(
            f"""() => ({drawn})() && [...document.querySelectorAll('figure')]
                      .filter(f => f.querySelector('g.layer.land path')).length >= {maps}""",
            timeout=60_000,
            polling=200,
        )
    # errors: those of loading and drawing; later checks' own noise (axe fetches the style sheets
    # with XMLHttpRequest, which file:// refuses) is not the page's. outside stays live.
    return HandoutPage(path, context, page, page.evaluate(PAGE_FACTS), outside, list(errors))


def tagged(path: Path, tag: str) -> int:
    """How many cells of a (source) notebook carry ``tag``."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return sum(tag in c.metadata.get("tags", []) for c in nb.cells)
