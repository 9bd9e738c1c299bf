"""Presentation mode: slide metadata on every cell, jupyterlab-rise installed and enabled, and
a RISE slideshow that presents the figures (maps with their offline base map) in Chromium.

What RISE 0.43.1 does with this stack (measured; see the last two tests): it builds the
slideshow from a notebook as committed (no figure outputs) and runs cells live with
Shift+Enter, maps included. ipywidgets 8 do not render in it (quizzes and calculators show as
text; jupyterlab-contrib/rise#119), and a notebook saved with plotly outputs never becomes a
slideshow ("Maximum call stack size exceeded"): present from the committed notebook.
Live quizzes on the projector use Voilà instead (``make present``, tests/test_present.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import notebook_rules
from browser.labdriver import LabServer, watch
from staged_fixture import FIXTURE, stage_handout_fixture
from tools import slide_metadata as slides

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def slide_type(cell) -> str | None:
    return cell.metadata.get("slideshow", {}).get("slide_type")


def slide_problems(nb) -> list[str]:
    """Every cell has a valid slide type; the first shown cell and each H1/H2 cell start a slide."""
    problems = [
        f"cell {i}: slide type {slide_type(c)!r}"
        for i, c in enumerate(nb.cells)
        if slide_type(c) not in slides.SLIDE_TYPES
    ]
    shown = [i for i, c in enumerate(nb.cells) if slide_type(c) != "skip"]
    if shown and slide_type(nb.cells[shown[0]]) != "slide":
        problems.append(f"cell {shown[0]}: the first shown cell must start a slide")
    for index, level, text in notebook_rules.headings(nb):
        opens = slides._HEADING.match(nb.cells[index].source)
        if level <= 2 and opens and len(opens.group(1)) == level and slide_type(nb.cells[index]) != "slide":
            problems.append(f"cell {index}: heading {text!r} does not start a slide")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_has_slide_metadata_on_every_cell(path):
    problems = slide_problems(nbformat.read(path, as_version=4))
    assert not problems, f"{path.name} (run: python tools/slide_metadata.py notebooks/*.ipynb):\n" + "\n".join(problems)


def test_tool_gives_each_kind_of_cell_its_slide_type():
    nb = nbformat.read(FIXTURE, as_version=4)
    first_line = {c.source.splitlines()[0][:20]: t for c, t in zip(nb.cells, slides.slide_types(nb))}
    assert first_line["# Fixture lesson: a "] == "slide"
    assert first_line["# lessonkit from not"] == "skip", "the setup cell (imports) is skipped"
    assert first_line["## Two cities on a m"] == "slide"
    assert first_line["### A bar chart"] == "subslide"
    assert first_line["region = geo([73.05,"] == "subslide", "a figure gets a subslide"
    assert first_line["print(region.summary"] == "fragment", "its text alternative is a fragment under it"
    assert first_line['quiz.quiz(course, "h'] == "-"
    assert slide_problems(nb) == [], "the committed fixture carries the tool's metadata"
    assert [slide_type(c) for c in nb.cells] == slides.slide_types(nb)


def test_setup_cells_that_show_something_stay_visible():
    assert slides.is_setup("from lessonkit import load_course\n\ncourse = load_course()")
    assert not slides.is_setup("from lessonkit import load_course\ncourse = load_course()\nprint(len(course.events))")
    assert not slides.is_setup("import pandas as pd\npd.DataFrame({'a': [1]})"), "a bare last expression displays"
    assert not slides.is_setup("total = 1 + 2"), "not setup: no import, no loading"


def test_tool_check_mode_reports_and_writing_touches_only_slide_metadata(tmp_path, capsys):
    path = tmp_path / "nb.ipynb"
    nb = nbformat.read(FIXTURE, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("slideshow", None)
    nbformat.write(nb, path)
    assert slide_problems(nb), "the checker fails a notebook with no slide metadata"
    assert slides.main(["--check", str(path)]) == 1
    assert nbformat.read(path, as_version=4) == nb, "--check writes nothing"
    assert slides.main([str(path)]) == 0
    written = nbformat.read(path, as_version=4)
    assert slide_problems(written) == []
    for before, after in zip(nb.cells, written.cells):
        assert {k: v for k, v in after.metadata.items() if k != "slideshow"} == before.metadata
        assert after.source == before.source and after.get("outputs") == before.get("outputs")
    assert slides.main(["--check", str(path)]) == 0
    assert "would change" in capsys.readouterr().out


def _jupyter(*args: str, tmp_path: Path) -> str:
    """`jupyter ...` of this venv, with a private config dir so only the venv's own config counts."""
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        JUPYTER_PLATFORM_DIRS="1",
    )
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, env=env, timeout=120
    )
    return re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)


@pytest.mark.kernel  # runs `jupyter labextension list` and `jupyter server extension list` (slow)
def test_rise_is_installed_and_enabled(tmp_path):
    pin = next(
        line.split("==")[1].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.startswith("jupyterlab-rise==")
    )
    labextensions = _jupyter("labextension", "list", tmp_path=tmp_path)
    assert re.search(rf"jupyterlab-rise v{re.escape(pin)} enabled OK", labextensions), labextensions
    server = _jupyter("server", "extension", "list", tmp_path=tmp_path)
    assert re.search(r"jupyterlab_rise enabled", server) and re.search(
        rf"jupyterlab_rise {re.escape(pin)} OK", server
    ), server


# --- the slideshow in Chromium ------------------------------------------------------------

#: reveal.js's default RISE theme ("simple") imports two Google fonts; offline they fail and
#: the slides fall back to system fonts. Anything else leaving the machine fails the test.
KNOWN_OUTSIDE = ("https://fonts.googleapis.com/",)


#: reveal.js has laid out the slides and the notebook has an active cell: keys reach the slides.
_RISE_READY = "() => !!(document.querySelector('.reveal.ready') && document.querySelector('.jp-Cell.jp-mod-active'))"

#: Which cell is active, whether any cell is still running (prompt [*]), how many have run.
_SLIDE_AND_COUNT = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  const active = cells.findIndex(c => c.classList.contains('jp-mod-active'));
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')].map(p => p.textContent);
  return {slide: active, last: active === cells.length - 1, idle: !prompts.some(t => t.includes('*')),
          runs: prompts.filter(t => /\\[\\d+\\]/.test(t)).length};
}"""


@pytest.fixture(scope="module")
def rise_run(tmp_path_factory, browser):
    """Open the fixture in RISE (as committed: no outputs), step through it with Shift+Enter."""
    root = tmp_path_factory.mktemp("rise")
    relpath = stage_handout_fixture(root)  # a copy: nothing RISE saves can touch the repository
    cells = nbformat.read(FIXTURE, as_version=4).cells
    figures = sum("figure" in c.metadata.get("tags", []) for c in cells)
    maps = sum("map" in c.metadata.get("tags", []) for c in cells)
    code_cells = sum(c.cell_type == "code" for c in cells)
    server = LabServer(root / "lab", root_dir=root).start()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        record = watch(page)
        page.goto(server.url(f"rise/{relpath}"))
        page.wait_for_selector(".reveal .slides section", state="attached", timeout=90_000)
        sections = page.locator(".reveal .slides section").count()
        # reveal.js is ready and the notebook's kernel idle: only then do keys reach the slides.
        page.wait_for_function(_RISE_READY, timeout=90_000, polling=200)
        page.mouse.click(640, 400)
        for _ in range(code_cells + 4):  # Shift+Enter runs the cell on show and moves on
            before = page.evaluate(_SLIDE_AND_COUNT)
            moved = (
                f"() => {{ const now = ({_SLIDE_AND_COUNT})(); "
                f"return now.idle && (now.slide !== {before['slide']!r} "
                f"|| now.runs !== {before['runs']} || now.last); }}"
            )
            # Wait until the press took effect (another slide, or a cell has run) and the kernel is
            # idle. A press that lands while reveal.js is still moving is lost: press again.
            for attempt in range(4):
                page.keyboard.press("Shift+Enter")
                try:
                    page.wait_for_function(moved, timeout=15_000 * (attempt + 1), polling=100)
                    break
                except PlaywrightTimeout:
                    continue
            else:
                pytest.fail(f"Shift+Enter did not move the slides on from cell {before['slide']}")
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {figures}", timeout=30_000
        )
        facts = {
            "sections": sections,
            "figures": figures,
            "maps": maps,
            "plots": page.locator(".js-plotly-plot").count(),
            "with_land": page.evaluate(
                "() => [...document.querySelectorAll('.js-plotly-plot')]"
                ".filter(p => p.querySelector('g.layer.land path')).length"
            ),
            "widgets": page.locator(".widget-slider, .widget-html").count(),
            "outside": [u for u in record.outside if not u.startswith(KNOWN_OUTSIDE)],
            "page_errors": record.page_errors,
        }
        page.close()
    finally:
        server.stop()
    return facts


def test_rise_presents_the_notebook_with_its_maps(rise_run):
    facts = rise_run
    assert facts["sections"] >= 5, facts
    assert facts["plots"] == facts["figures"], facts
    assert facts["with_land"] == facts["maps"], "every map draws its offline base map in the slideshow"
    assert not facts["outside"], f"the slideshow asked the network for {facts['outside']}"
    assert not facts["page_errors"], facts["page_errors"]


@pytest.mark.xfail(
    strict=True,
    reason="ipywidgets 8 do not load in jupyterlab-rise 0.43.1 "
    "(jupyterlab-contrib/rise#119; make present covers widgets); when this "
    "passes, update the README and the instructor guide",
)
def test_rise_shows_widgets(rise_run):
    assert rise_run["widgets"] > 0
