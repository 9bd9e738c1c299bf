"""What a student can read, measured in Chromium: figure labels that neither collide nor get cut
off at 800 to 1400 px windows, quiz options that wrap inside their own box at 900 and 1400 px,
widget controls that stay inside their output, and events (all of them, or one timeline's) that
can be stepped through with the keyboard. In JupyterLab (file browser closed, as a student on a
small screen keeps it) and in the offline handouts, which are also read on phones (360 and
390 px): there no figure text under 12 px either, and no page wider than the screen.

Each page is loaded once and measured at every width by resizing it in place, one call per
width. ``geometry_faults.ipynb`` (two overlapping labels, one cut off, a quiz without its style
sheet) and ``tests/fixtures/handouts/phone_faults.html`` (a figure and a table too wide for a
phone, small text) prove each check can fail. Counts per width are printed (``-s``).
"""

from __future__ import annotations

import contextlib
import re
import shutil

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from . import geometry, labdriver
from .labdriver import NOTEBOOKS
from tools import handouts

from .test_notebooks_browser import QUIZ_NOTEBOOKS

LABEL_WIDTHS = (800, 900, 1000, 1280, 1400)
QUIZ_WIDTHS = (900, 1400)
#: Handout windows, widest first. A handout's text column is at most 60rem plus 2rem of padding
#: (992 px: ``tools/handouts.CSS``), so every window from 992 px up lays a handout out exactly as
#: 1000 px does, box for box: 1280 and 1400 would measure the same figures again. Below 992 px the
#: column follows the window: 900 and 800 for desktops (900 also for the quizzes), then the phone
#: layout (``tools/handouts.js``, below 600 px) at 390 (a common phone) and 360 (the narrowest).
HANDOUT_WIDTHS = (1000, 900, 800, 390, 360)
FAULTS = labdriver.ROOT / "tests" / "fixtures" / "browser" / "geometry_faults.ipynb"
PHONE_FAULTS = labdriver.ROOT / "tests" / "fixtures" / "handouts" / "phone_faults.html"
EXPLORER_CALL = "event_explorer("
STEPPER_CALL = "step_through("

_CLOSE_FILE_BROWSER = """() => { const shell = window.jupyterapp.shell;
  if (!shell.leftCollapsed) return window.jupyterapp.commands.execute('application:toggle-left-area'); }"""


def at_width(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    labdriver.wait_until_layout_settles(page)  # plotly redraws on resize (debounced)


#: A notebook's first measuring pass (any width), kept for the tests that only ask what it found.
_MEASURED: dict = {}


def measured(notebook) -> dict:
    """What one measuring pass over the open notebook finds (the sweep's, when it ran first)."""
    if notebook.path not in _MEASURED:
        _MEASURED[notebook.path] = geometry.measure_notebook(notebook.page)
    return _MEASURED[notebook.path]


def lab_problems(notebook, label_widths=LABEL_WIDTHS, quiz_widths=QUIZ_WIDTHS) -> tuple[list[str], list[str]]:
    """(figure label problems, quiz option and widget edge problems) of an executed notebook at
    every width: the page resized in place, then one measuring pass over the cells per width."""
    page, name = notebook.page, notebook.path.stem
    size = page.viewport_size
    page.evaluate(_CLOSE_FILE_BROWSER)
    labels, options = [], []
    for width in sorted(set(label_widths) | set(quiz_widths)):
        at_width(page, width)
        found, where = geometry.measure_notebook(page), f"{name} at {width} px"
        _MEASURED.setdefault(notebook.path, found)
        if width in label_widths:
            overlaps, clipped = geometry.counts(found["figures"])
            print(f"{where}: {len(found['figures'])} figures, {overlaps} overlapping label pairs, {clipped} cut off")
            labels += geometry.label_problems(found["figures"], where)
        if width in quiz_widths:
            options += geometry.option_problems(found["quizzes"], where)
        # Every notebook, every width: text boxes, buttons and sliders stay inside their output.
        options += geometry.widget_problems(found["widgets"], where)
    page.set_viewport_size(size)
    return labels, options


def handout_problems(page, name: str, widths=HANDOUT_WIDTHS) -> list[str]:
    """Everything a reader of one loaded handout would meet at each window width, resized in place:
    colliding, cut-off or too small figure text, quiz options out of their box, sideways scrolling."""
    found = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 844})
        measured, where = geometry.measure_handout(page), f"handout {name} at {width} px"
        figures = measured["figures"]
        print(f"{where}: {len(figures)} figures, {geometry.counts(figures)} (overlapping pairs, cut off)")
        found += geometry.label_problems(figures, where) + geometry.small_text_problems(figures, where)
        found += geometry.option_problems(measured["quizzes"], where) + geometry.page_problems(measured, where)
    return found


def open_handout(browser, path):
    """A handout opened from ``file://`` (nothing else may load) at the widest window, drawn."""
    context = browser.new_context(viewport={"width": HANDOUT_WIDTHS[0], "height": 844})
    page = context.new_page()
    labdriver.guard_requests(page, allowed=("file:", "data:"))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))",
        timeout=60_000,
    )
    return context, page


@pytest.fixture(scope="package")
def geometry_faults(browser, lab):
    notebook = labdriver.open_and_run(browser, lab, FAULTS)
    yield notebook
    notebook.context.close()
    lab.delete_sessions(FAULTS.relative_to(labdriver.ROOT).as_posix())


def test_figure_labels_and_quiz_options_are_readable_at_every_width(executed):
    labels, options = lab_problems(executed, quiz_widths=QUIZ_WIDTHS if executed.path in QUIZ_NOTEBOOKS else ())
    assert not labels + options, "\n".join(labels + options)


def test_figures_are_measured(executed):
    """Every cell tagged ``figure`` drew a figure that the label check measured (a cell that failed
    would otherwise leave nothing to measure, and the check would pass)."""
    drawn = len(measured(executed)["figures"])
    assert drawn >= len(executed.cells_tagged("figure")), f"{drawn} figures for {executed.cells_tagged('figure')}"


def test_quizzes_are_measured(executed):
    """The measurement finds every quiz's options (so an empty result means no problem, not no quiz),
    and finds none in a notebook without a quiz."""
    quizzes = measured(executed)["quizzes"]
    if executed.path not in QUIZ_NOTEBOOKS:
        assert quizzes == [], quizzes
        return
    assert quizzes and all(q["options"] for q in quizzes), quizzes


EXPLORER_NOTEBOOKS = [p for p in NOTEBOOKS if EXPLORER_CALL in p.read_text(encoding="utf-8")]
STEPPER_NOTEBOOKS = [p for p in NOTEBOOKS if STEPPER_CALL in p.read_text(encoding="utf-8")]


def step_with_the_keyboard(executed, call: str) -> list[str]:
    """Tab to Next event in the first widget made by ``call``, press Enter (then Space): the panel's
    text each time, checked to show the next event (its number and the headline the list gives it).
    The widget may open on any event (an explorer opens where the lesson's story is)."""
    page = executed.page
    index = next(i for i, c in enumerate(executed.nb.cells) if call in c.source)
    page.evaluate("i => window.jupyterapp.shell.currentWidget.content.scrollToItem(i, 'start')", index)
    cell = labdriver.cell(page, index)
    panel = cell.locator(".widget-html-content", has_text=re.compile(r"Event \d+ of")).first
    panel.wait_for(state="visible", timeout=15_000)
    panel = panel.element_handle()  # the same element as its text changes
    panel.scroll_into_view_if_needed()
    options = [o.replace("\xa0", " ") for o in cell.locator("select option").all_text_contents()]
    listed = [o.split(": ", 1)[1] for o in options]  # "1. 17 January 2024: headline"
    # textContent, not innerText: JupyterLab may skip rendering a cell that scrolled away again
    shown = [panel.text_content()]
    first = int(re.search(r"Event (\d+) of", shown[0]).group(1))
    cell.locator("select").first.focus()  # the list of events; Tab goes back to the buttons
    page.keyboard.press("Shift+Tab")  # the button before the list is Next
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Next event", f"Shift+Tab from the list reached {focused!r}, not the Next button"
    for key in ("Enter", "Space"):
        page.keyboard.press(key)
        page.wait_for_function("([el, before]) => el.textContent !== before", arg=[panel, shown[-1]], timeout=10_000)
        shown.append(panel.text_content())
    assert [re.search(r"Event \d+ of", s).group(0) for s in shown] == [f"Event {first + n} of" for n in range(3)]
    for n, text in enumerate(shown):
        headline = listed[first - 1 + n]
        assert headline in text, f"panel {first + n} does not show the headline {headline!r}: {text!r}"
    return shown


@pytest.mark.parametrize("executed", EXPLORER_NOTEBOOKS, ids=[p.stem for p in EXPLORER_NOTEBOOKS], indirect=True)
def test_events_can_be_stepped_through_with_the_keyboard(executed):
    """Tab to Next event, press Enter (then Space): the panel shows the next event each time."""
    step_with_the_keyboard(executed, EXPLORER_CALL)


@pytest.mark.parametrize("executed", STEPPER_NOTEBOOKS, ids=[p.stem for p in STEPPER_NOTEBOOKS], indirect=True)
def test_a_timeline_can_be_stepped_through_with_the_keyboard(executed):
    """A notebook's first timeline stepper: Tab to Next event, Enter, Space; the panel follows the
    timeline's events and the timeline under it marks the shown event."""
    step_with_the_keyboard(executed, STEPPER_CALL)
    index = next(i for i, c in enumerate(executed.nb.cells) if STEPPER_CALL in c.source)
    marked = labdriver.cell(executed.page, index).locator(".js-plotly-plot .shapelayer path")
    # The stepper redraws its timeline after each step: wait for the band and the line to be drawn.
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what is missing
        marked.nth(1).wait_for(state="attached", timeout=30_000)
    assert marked.count() >= 2, "the timeline under the panel does not mark the shown event (band and line)"


def test_each_geometry_check_reports_its_fault(geometry_faults):
    labels, options = lab_problems(geometry_faults, label_widths=(1280,), quiz_widths=(900,))
    assert any("overlaps" in p and "Deliberately overlapping" in p for p in labels), labels
    assert any("cut off at the edge" in p and "A label cut off" in p for p in labels), labels
    assert any(fault in p for p in options for fault in ("wider than its box", "overlaps option", "spills")), options
    assert any("widget-textarea 'A box as wide as its output, plus a label'" in p for p in options), options


def test_handouts_are_readable_at_every_width(browser, lesson_handouts):
    """Every figure of every handout, at desktop and phone widths: one page load per handout."""
    found = []
    for path in sorted(lesson_handouts.glob("[0-9]*.html")):
        context, page = open_handout(browser, path)
        found += handout_problems(page, path.stem)
        context.close()
    assert not found, "\n".join(found)


def test_each_handout_check_reports_its_fault(browser, tmp_path):
    """``phone_faults.html`` with the handouts' own assets: at 390 px its fixed-width figure and its
    unboxed table make the page scroll sideways, and its figure has colliding, cut-off and small text."""
    handouts.write_assets(tmp_path)
    shutil.copyfile(PHONE_FAULTS, tmp_path / PHONE_FAULTS.name)
    context, page = open_handout(browser, tmp_path / PHONE_FAULTS.name)
    found = handout_problems(page, "phone_faults", widths=(390,))
    context.close()
    assert any("wider than the window" in p for p in found), found
    assert any("overlaps" in p and "Deliberately overlapping" in p for p in found), found
    assert any("cut off at the edge" in p and "Past the phone's edge" in p for p in found), found
    assert any("under 12 px" in p and "Too small to read" in p for p in found), found
