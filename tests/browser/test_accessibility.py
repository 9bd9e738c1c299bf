"""axe-core (node_modules/axe-core) on what we write: notebook output and Markdown in
JupyterLab after Run All, and the offline handouts built by tools/handouts.py.

Violations inside our content fail; JupyterLab's own chrome is not ours to fix, so its
findings are printed (run with ``-rP`` or ``-s`` to read them) and not counted. Zero axe
findings does not make a page accessible: axe does not judge charts or live regions.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import labdriver
from labdriver import NOTEBOOKS, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HANDOUTS_TOOL = ROOT / "tools" / "handouts.py"
#: Our content in a Lab notebook panel: outputs (figures, widgets, text) and rendered Markdown.
OUR_CONTENT = [f"{labdriver.PANEL} .jp-OutputArea", f"{labdriver.PANEL} .jp-MarkdownOutput"]

_RUN_AXE = """async ([include, exclude]) => {
  const context = {};
  if (include) context.include = include.filter(s => document.querySelector(s)).map(s => [s]);
  if (exclude) context.exclude = exclude.map(s => [s]);
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => `${n.target.join(' ')}: ${n.failureSummary.replace(/\\s+/g, ' ')}`),
    count: v.nodes.length}));
}"""


def axe(page, include=None, exclude=None) -> list[dict]:
    """axe's violations on the page, limited to ``include`` selectors and without ``exclude``."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (make test does)"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN_AXE, [include, exclude])


def describe(violations: list[dict]) -> str:
    return "\n".join(f"- {v['id']} ({v['impact']}, {v['count']} node(s)): {v['help']}\n    "
                     + "\n    ".join(v["nodes"]) for v in violations)


def test_axe_finds_no_violation_in_notebook_content(executed):
    ours = axe(executed.page, include=OUR_CONTENT)
    chrome = axe(executed.page, exclude=OUR_CONTENT)
    if chrome:
        print(f"\n{executed.path.name}: JupyterLab's own chrome (not counted):\n{describe(chrome)}")
    assert not ours, f"{executed.path.name}: axe violations in our content:\n{describe(ours)}"


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> Path:
    """The handouts of every notebook, built by the tool's own command line into a temp folder."""
    if not HANDOUTS_TOOL.exists():
        pytest.skip("tools/handouts.py does not exist yet")
    out = tmp_path_factory.mktemp("handouts")
    subprocess.run([sys.executable, str(HANDOUTS_TOOL), "--out", str(out), *map(str, NOTEBOOKS)],
                   cwd=ROOT, check=True, timeout=1800)
    return out


def test_axe_finds_no_violation_in_handouts(browser, handouts):
    pages = sorted(handouts.glob("*.html"))
    assert [p.stem for p in pages if p.stem != "index"] == [p.stem for p in NOTEBOOKS]
    found = {}
    for path in pages:
        context = browser.new_context()
        page = context.new_page()
        blocked = labdriver.guard_requests(page, allowed=("file:", "data:"))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')]"
                               ".every(p => p.querySelector('.main-svg'))", timeout=30_000)
        violations = axe(page)
        context.close()
        if violations or blocked:
            found[path.name] = describe(violations) + "".join(f"\n- request left the machine: {u}" for u in blocked)
    assert not found, "\n".join(f"{name}:\n{text}" for name, text in found.items())
