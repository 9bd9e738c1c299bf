"""axe-core (node_modules/axe-core) on what we write: notebook output and Markdown in
JupyterLab after Run All, and the offline handouts built by tools/handouts.py.

Violations inside our content fail; JupyterLab's own chrome is not ours to fix, so its
findings are printed (run with ``-rP`` or ``-s`` to read them) and not counted. Zero axe
findings does not make a page accessible: axe does not judge charts or live regions.
"""

from __future__ import annotations

from . import labdriver
from .labdriver import NOTEBOOKS

#: Our content in a Lab notebook panel: outputs (figures, widgets, text) and rendered Markdown.
OUR_CONTENT = [f"{labdriver.PANEL} .jp-OutputArea", f"{labdriver.PANEL} .jp-MarkdownOutput"]


def describe(violations: list[dict]) -> str:
    """axe's violations in a few readable lines each."""
    return "\n".join(
        f"- {v['id']} ({v['impact']}, {v['count']} node(s)): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


def test_axe_finds_no_violation_in_notebook_content(executed):
    ours = labdriver.axe(executed.page, include=OUR_CONTENT)
    chrome = labdriver.axe(executed.page, exclude=OUR_CONTENT)
    if chrome:
        print(f"\n{executed.path.name}: JupyterLab's own chrome (not counted):\n{describe(chrome)}")
    assert not ours, f"{executed.path.name}: axe violations in our content:\n{describe(ours)}"


def test_axe_finds_no_violation_in_handouts(lesson_handout_pages):
    """axe as each handout page loaded (``lesson_handout_pages``: one load per page for every check)."""
    assert [stem for stem in lesson_handout_pages if stem != "index"] == [p.stem for p in NOTEBOOKS]
    found = {}
    for shown in lesson_handout_pages.values():
        if shown.axe or shown.outside:
            found[shown.path.name] = describe(shown.axe) + "".join(
                f"\n- request left the machine: {u}" for u in shown.outside
            )
    assert not found, "\n".join(f"{name}:\n{text}" for name, text in found.items())


def test_axe_reports_a_fault_in_our_content(faulty):
    """The faults notebook has an image with no alt attribute in its Markdown: axe must see it."""
    found = labdriver.axe(faulty.page, include=OUR_CONTENT)
    assert "image-alt" in {v["id"] for v in found}, describe(found)
