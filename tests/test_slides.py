"""Presentation mode: slide metadata on every cell, jupyterlab-rise installed and enabled, and
a RISE slideshow that presents the figures (maps with their offline base map) in Chromium.

What RISE 0.43.1 does with this stack (measured; see the last two tests): it builds the
slideshow from a notebook as committed (no figure outputs) and runs cells live with
Shift+Enter, maps included; on about half of first loads its page never connects to the kernel
and the presses run nothing, which a reload cures (the fixture reloads and reports it). ipywidgets 8 do not render in it (quizzes and calculators show as
text; jupyterlab-contrib/rise#119), and a notebook saved with plotly outputs never becomes a
slideshow ("Maximum call stack size exceeded"): present from the committed notebook.
Live quizzes on the projector use Voilà instead (``make present``, tests/test_present.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import notebook_rules
from browser.labdriver import LabServer, watch
from staged_fixture import FIXTURE
from tools import manifest
from tools import slide_metadata as slides

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = manifest.paths()


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
    assert first_line["# lessonkit from not"] == "-", "the setup cell stays on the title slide, prompt visible"
    assert first_line["## Two cities on a m"] == "slide"
    assert first_line["### A bar chart"] == "subslide"
    assert first_line["region = geo([73.05,"] == "subslide", "a figure gets a subslide"
    assert first_line["print(region.summary"] == "fragment", "its text alternative is a fragment under it"
    assert first_line['quiz.quiz(course, "h'] == "-"
    assert slide_problems(nb) == [], "the committed fixture carries the tool's metadata"
    assert [slide_type(c) for c in nb.cells] == slides.slide_types(nb)


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


@pytest.mark.full
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


def kernel_connected(server: LabServer, relpath: str, timeout: float) -> bool:
    """Whether, within ``timeout`` s, the notebook's session has an idle kernel with a page connected."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in server.api("GET", "api/sessions"):  # JupyterLab 4 names the path <folder>/<uuid>
            kernel = session.get("kernel") or {}
            ours = session.get("type") == "notebook" and session.get("name") == Path(relpath).name
            if ours and kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
                return True
        time.sleep(0.2)
    return False


#: Each code cell: its prompt, and the first line of any error it shows.
_CELL_DIAGNOSIS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map(c =>
  (c.querySelector('.jp-InputPrompt') || {}).textContent + ' '
  + [...c.querySelectorAll('.jp-OutputArea-output[data-mime-type*=stderr]')]
      .map(o => o.textContent.split('\\n').find(l => /Error/.test(l)) || '').join(' '))"""

#: The first code cell (the setup: imports and loading the course) shows a run number.
_SETUP_RAN = "() => /\\[\\d+\\]/.test(document.querySelector('.jp-Notebook .jp-CodeCell .jp-InputPrompt').textContent)"


def step(page) -> bool:
    """Press Shift+Enter (RISE runs the active cell and moves on) until the press took effect (another
    cell is active, or a cell has run) and the kernel is idle. A press that lands while reveal.js is
    still moving is lost: press again. False if four presses did nothing."""
    before = page.evaluate(_SLIDE_AND_COUNT)
    moved = (
        f"() => {{ const now = ({_SLIDE_AND_COUNT})(); "
        f"return now.idle && (now.slide !== {before['slide']!r} "
        f"|| now.runs !== {before['runs']} || now.last); }}"
    )
    for attempt in range(4):
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function(moved, timeout=15_000 * (attempt + 1), polling=100)
            return True
        except PlaywrightTimeout:
            continue
    return False


def run_setup_cell(page, server: LabServer, relpath: str, first_code: int, notes: list[str]) -> bool:
    """Open the slideshow and run its first code cell (the setup) with Shift+Enter, as a presenter
    does; reload the page when that press ran nothing. Whether it ran; ``notes`` gets each miss."""
    for load in range(3):
        if load == 0:
            page.goto(server.url(f"rise/{relpath}"))
        else:
            page.reload()
        page.wait_for_selector(".reveal .slides section", state="attached", timeout=90_000)
        # reveal.js is ready and a cell is active: only then do keys reach the slides.
        page.wait_for_function(_RISE_READY, timeout=90_000, polling=200)
        if not kernel_connected(server, relpath, timeout=30):
            notes.append(f"load {load + 1}: the page never connected to its kernel")
            continue
        page.mouse.click(640, 60)  # the slide's title: focus, no cell editor
        for _ in range(first_code + 1):
            step(page)
        try:
            page.wait_for_function(_SETUP_RAN, timeout=20_000, polling=200)
            return True
        except PlaywrightTimeout:
            notes.append(f"load {load + 1}: Shift+Enter on the setup cell ran nothing {page.evaluate(_CELL_DIAGNOSIS)}")
    return False


def present_once(page, server: LabServer, relpath: str, cells, notes: list[str]) -> str | None:
    """Present the slideshow with Shift+Enter from the first slide to the last; None if every figure
    drew, else why not. ``notes`` gets each page reload and why it was needed."""
    first_code = next(i for i, c in enumerate(cells) if c.cell_type == "code")
    code_cells = sum(c.cell_type == "code" for c in cells)
    figures = sum("figure" in c.metadata.get("tags", []) for c in cells)
    if not run_setup_cell(page, server, relpath, first_code, notes):
        return "the setup cell did not run in 3 page loads"
    for _ in range(code_cells + 4):
        if not step(page):
            return f"Shift+Enter did not move the slides on from cell {page.evaluate(_SLIDE_AND_COUNT)}"
    try:
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {figures}", timeout=30_000
        )
    except PlaywrightTimeout:
        return f"not every figure drew; code cells: {page.evaluate(_CELL_DIAGNOSIS)}"
    return None


#: RISE 0.43.1's page is built on JupyterLab 4.3 and loads this Lab's 4.6 extensions; sometimes it
#: starts the kernel and never connects to it (measured: up to one load in two after the Voila
#: tests). A teacher reloads; the test starts again with a fresh page and kernel, at most this often.
RISE_ATTEMPTS = 3


@pytest.fixture(scope="module")
def rise_run(browser, lab):
    """Open the fixture in RISE (as committed: no outputs), step through it with Shift+Enter, in
    the run's one JupyterLab (``lab`` serves a scratch copy of the fixture: nothing RISE saves
    can touch the repository)."""
    cells = nbformat.read(FIXTURE, as_version=4).cells
    figures = sum("figure" in c.metadata.get("tags", []) for c in cells)
    maps = sum("map" in c.metadata.get("tags", []) for c in cells)
    relpath = FIXTURE.relative_to(ROOT).as_posix()
    server = lab
    failures, notes = [], []
    for _ in range(RISE_ATTEMPTS):
        server.delete_sessions()  # a fresh kernel each time
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            record = watch(page)
            failure = present_once(page, server, relpath, cells, notes)
            if failure:
                failures.append(failure)
                page.close()
                continue
            facts = {
                "attempts": len(failures) + 1,
                "failures": failures,
                "reloads": notes,
                "sections": page.locator(".reveal .slides section").count(),
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
            return facts
        finally:
            server.delete_sessions()
    pytest.fail(f"RISE did not present the figures in {RISE_ATTEMPTS} attempts:\n" + "\n".join(failures + notes))


def test_rise_presents_the_notebook_with_its_maps(rise_run):
    facts = rise_run
    print(
        f"RISE slideshow: presented on attempt {facts['attempts']} ({facts['failures']}); reloads: {facts['reloads']}"
    )
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
