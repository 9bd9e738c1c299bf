"""Drive JupyterLab the way a student does: a private server, a fresh page, Run All.

Used by the browser tests (through ``conftest.py``) and by ``tools/bench.py``. Nothing here
asserts: it starts things, runs notebooks and reports what the page shows.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from browser_support import guard_requests, launch_chromium, require_chromium  # noqa: F401  (re-exported)

from tools import manifest
from tools.labserver import LOCAL_HOST, LabServer  # (LabServer re-exported)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = manifest.paths()

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: One line per notebook run in the test run's JupyterLab, for the run's closing summary.
REPORT_LINES: list[str] = []

#: The notebook panel on show (Lab keeps hidden panels in the DOM).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


@dataclass
class PageRecord:
    """Everything a page did that a test may judge: requests, errors, console errors."""

    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


#: Address prefixes that stay on this machine; everything else is aborted and recorded.
LOCAL_PREFIXES = (f"http://{LOCAL_HOST}:", f"ws://{LOCAL_HOST}:", "data:", "blob:")
#: Every address that does not start with one of them. Chromium matches it, so only requests
#: that leave the machine reach Python: JupyterLab's hundreds of local requests do not each wait
#: for a round trip to the test process.
OUTSIDE = re.compile("^(?!" + "|".join(re.escape(prefix) for prefix in LOCAL_PREFIXES) + ")")


def watch(page) -> PageRecord:
    """Record the page's requests (aborting any that leave 127.0.0.1), JS errors and console errors."""
    record = PageRecord()

    def block(route):
        record.outside.append(route.request.url)
        route.abort()

    page.route(OUTSIDE, block)

    def on_websocket(websocket):
        record.requests.append(websocket.url)
        if not websocket.url.startswith(LOCAL_PREFIXES):
            record.outside.append(websocket.url)

    def on_console(message):
        if message.type == "error":
            record.console_errors.append(f"{message.text} ({(message.location or {}).get('url', '')})")

    page.on("request", lambda request: record.requests.append(request.url))
    page.on("websocket", on_websocket)
    page.on("pageerror", lambda error: record.page_errors.append(f"{error.name}: {error.message}"))
    page.on("console", on_console)
    return record


# JavaScript run in the page; `window.jupyterapp` exists because of expose_app_in_browser.
_PANEL_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.content && w.context && w.context.isReady && w.sessionContext
            && w.sessionContext.session && w.sessionContext.session.kernel
            && w.sessionContext.session.kernel.status === 'idle');
}"""

_START_RUN_ALL = """() => {
  window.__runAllResult = undefined;
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    r => { window.__runAllResult = {ok: r === true, value: String(r)}; },
    e => { window.__runAllResult = {ok: false, value: String(e)}; });
}"""

_RUN_ALL_DONE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  return window.__runAllResult !== undefined
         && w.sessionContext.session.kernel.status === 'idle';
}"""

# Widget views render after the kernel goes idle (the page builds them from comm messages):
# count the widget outputs in the model that have no rendered view yet (a view that failed
# counts as done: `widgets_rendered` reports it).
_WIDGETS_PENDING = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  let pending = 0;
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const expected = cell.model.outputs.toJSON()
        .filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length;
    const shown = [...cell.outputArea.node.querySelectorAll(
        ':scope > .jp-OutputArea-child > .jp-OutputArea-output')]
        .filter(o => o.querySelector('.jupyter-widgets') || /Error displaying widget/.test(o.innerText))
        .length;
    pending += Math.max(0, expected - shown);
  }
  return pending;
}"""

_CELL_STATE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = [];
  for (let i = 0; i < w.content.widgets.length; i++) {
    const cell = w.content.widgets[i];
    cells.push({type: cell.model.type,
                count: cell.model.type === 'code' ? cell.model.executionCount : null});
  }
  return {result: window.__runAllResult, kernel: w.sessionContext.session.kernel.status, cells};
}"""


@dataclass
class Run:
    """The outcome of opening a notebook and running all its cells."""

    path: str
    result: dict
    execution_counts: list[int | None]
    seconds_to_kernel_ready: float
    seconds_to_first_figure: float | None
    seconds_to_done: float
    plot_heights: list[int]


def open_notebook(page, server: LabServer, relpath: str, timeout_ms: int = 120_000) -> None:
    """Open a notebook in a fresh layout (``?reset``) and wait for its kernel to be idle."""
    page.goto(server.url(f"lab/tree/{relpath}?reset"), wait_until="domcontentloaded")
    page.wait_for_function(_PANEL_READY, timeout=timeout_ms, polling=200)


def run_all(page, server: LabServer, relpath: str, timeout_ms: int = 300_000) -> Run:
    """Open ``relpath`` (relative to Lab's root), Run All, and wait until the kernel is idle and
    every widget output has a rendered view."""
    started = time.monotonic()
    open_notebook(page, server, relpath, timeout_ms)
    ready = time.monotonic() - started
    page.evaluate(_START_RUN_ALL)
    first_figure = None
    deadline = started + timeout_ms / 1000
    while time.monotonic() < deadline:
        if first_figure is None and page.locator(f"{PANEL} .js-plotly-plot .main-svg").count():
            first_figure = time.monotonic() - started
        if page.evaluate(_RUN_ALL_DONE) and not page.evaluate(_WIDGETS_PENDING):
            break
        page.wait_for_timeout(100)
    else:
        raise TimeoutError(
            f"{relpath}: Run All did not finish in {timeout_ms / 1000:.0f} s "
            f"({page.evaluate(_WIDGETS_PENDING)} widget view(s) never rendered)"
        )
    done = time.monotonic() - started
    if first_figure is None and page.locator(f"{PANEL} .js-plotly-plot .main-svg").count():
        first_figure = done
    state = page.evaluate(_CELL_STATE)
    counts = [c["count"] for c in state["cells"] if c["type"] == "code"]
    return Run(relpath, state["result"], counts, ready, first_figure, done, plot_heights(page))


def plot_heights(page) -> list[int]:
    """The height in pixels of every plotly figure in the notebook, in page order."""
    return page.evaluate(f"""() => [...document.querySelectorAll('{PANEL} .js-plotly-plot')]
                                   .map(p => Math.round(p.getBoundingClientRect().height))""")


_CELL_REPORT = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  return w.content.widgets.map((cell, index) => {
    const node = cell.node;
    const plots = [...node.querySelectorAll('.jp-OutputArea .js-plotly-plot')];
    const outputs = cell.model.type === 'code' ? cell.model.outputs.toJSON() : [];
    const stderr = [...node.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText')];
    return {
      index, type: cell.model.type,
      plots: plots.length,
      drawn_plots: plots.filter(p => p.querySelector('.main-svg')).length,
      geo_plots: plots.filter(p => p.querySelector('g.geo')).length,
      geo_plots_with_base_map: plots.filter(
          p => p.querySelector('g.geo') && p.querySelector('g.layer.land path, .countries path')).length,
      widgets: node.querySelectorAll('.jp-OutputArea .jupyter-widgets, .jp-OutputArea [class*="widget-"]').length,
      widget_errors: [...node.querySelectorAll('.jp-OutputArea')].map(o => o.innerText)
          .filter(t => /Error displaying widget|Error rendering output/.test(t)),
      errors: outputs.filter(o => o.output_type === 'error').map(o => `${o.ename}: ${o.evalue}`),
      tracebacks: stderr.map(e => e.innerText).filter(t => t.includes('Traceback')).map(t => t.slice(0, 500)),
    };
  });
}"""


def cell_report(page) -> list[dict]:
    """Per cell of the open notebook: plots drawn, geo base maps, widgets, error outputs."""
    return page.evaluate(_CELL_REPORT)


def cell(page, index: int):
    """A locator for the notebook's cell at ``index`` (its position in the .ipynb)."""
    return page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index)


# The panel's size and every figure's size, unchanged for `quiet` ms (checked every animation frame).
_SETTLED = f"""([quiet]) => new Promise(resolve => {{
  const read = () => JSON.stringify([...document.querySelectorAll('{PANEL} .jp-WindowedPanel-viewport, {PANEL} .js-plotly-plot')]
      .map(e => {{ const r = e.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; }}));
  let last = read(), since = performance.now();
  const tick = now => {{
    const current = read();
    if (current !== last) {{ last = current; since = now; }}
    if (now - since >= quiet) resolve(true); else requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}})"""


def wait_until_layout_settles(page, quiet_ms: int = 400) -> None:
    """Wait until the notebook panel and its figures have kept their sizes for ``quiet_ms`` (after a
    resize, plotly and JupyterLab re-lay out over several frames), instead of a fixed sleep."""
    page.evaluate(_SETTLED, [quiet_ms])


def screenshot_notebook(page, path: Path, max_height: int = 30_000) -> Path:
    """A picture of the whole notebook panel, from its first cell to its last: the viewport is
    stretched to the notebook's height and the notebook scrolled to the top."""
    size = page.viewport_size
    measure = f"""() => {{
      const outer = document.querySelector('{PANEL} .jp-WindowedPanel-outer');
      const cells = document.querySelector('{PANEL} .jp-WindowedPanel-viewport');
      outer.scrollTop = 0;
      return cells.getBoundingClientRect().height + outer.getBoundingClientRect().top + 40;
    }}"""
    height = page.evaluate(measure)
    page.set_viewport_size({"width": size["width"], "height": min(max_height, int(height))})
    wait_until_layout_settles(page)
    page.set_viewport_size({"width": size["width"], "height": min(max_height, int(page.evaluate(measure)))})
    wait_until_layout_settles(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.locator(PANEL).screenshot(path=str(path), animations="disabled")
    page.set_viewport_size(size)
    return path


_RUN_AXE = """async ([include, exclude]) => {
  const context = {include: include ? include.filter(s => document.querySelector(s)).map(s => [s]) : [[':root']]};
  if (exclude) context.exclude = exclude.map(s => [s]);
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => `${n.target.join(' ')}: ${n.failureSummary.replace(/\\s+/g, ' ')}`),
    count: v.nodes.length}));
}"""


def axe(page, include=None, exclude=None) -> list[dict]:
    """axe-core's violations on the page, within the ``include`` selectors (default: all of
    it) and outside the ``exclude`` ones."""
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` (make test does)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN_AXE, [include, exclude])


@dataclass
class ExecutedNotebook:
    """A notebook after Run All in its own page: the file's cells, the page, what it logged."""

    path: Path
    nb: nbformat.NotebookNode
    context: object
    page: object
    record: PageRecord
    run: Run

    def cells_tagged(self, tag: str) -> list[int]:
        return [i for i, c in enumerate(self.nb.cells) if tag in c.get("metadata", {}).get("tags", [])]

    def code_cells(self) -> list[int]:
        return [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"]


def open_and_run(browser, lab, path: Path) -> ExecutedNotebook:
    """Open ``path`` in a new browser context (a fresh page) and Run All; the caller closes it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record = watch(page)
    run = run_all(page, lab, path.relative_to(ROOT).as_posix())
    return ExecutedNotebook(path, nbformat.read(path, as_version=4), context, page, record, run)
