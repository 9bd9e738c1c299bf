"""What a student can read, measured in Chromium: figure labels that neither collide nor get cut
off at 800, 1000 and 1280 px windows, quiz options that wrap inside their own box at 900 and
1400 px, widget controls that stay inside their output, and events (all of them, or one timeline's) that can be stepped through with the keyboard. In JupyterLab
(file browser closed, as a student on a small screen keeps it) and in the offline handouts.

``geometry_faults.ipynb`` (two overlapping labels, one cut off, a quiz without its style sheet)
proves each check can fail. Counts per width are printed (``-s``) for the closing note.
"""

from __future__ import annotations

import contextlib
import re
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from . import geometry, labdriver
from .labdriver import NOTEBOOKS
from .test_notebooks_browser import QUIZ_NOTEBOOKS

LABEL_WIDTHS = (800, 900, 1000, 1280, 1400)
QUIZ_WIDTHS = (900, 1400)
FAULTS = labdriver.ROOT / "tests" / "fixtures" / "browser" / "geometry_faults.ipynb"
EXPLORER_CALL = "event_explorer("
STEPPER_CALL = "step_through("

_CLOSE_FILE_BROWSER = """() => { const shell = window.jupyterapp.shell;
  if (!shell.leftCollapsed) return window.jupyterapp.commands.execute('application:toggle-left-area'); }"""


def at_width(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    labdriver.wait_until_layout_settles(page)  # plotly redraws on resize (debounced)


def lab_problems(notebook, label_widths=LABEL_WIDTHS, quiz_widths=QUIZ_WIDTHS) -> tuple[list[str], list[str]]:
    """(figure label problems, quiz option and widget edge problems) of an executed notebook at
    every width."""
    page, name = notebook.page, notebook.path.stem
    size = page.viewport_size
    page.evaluate(_CLOSE_FILE_BROWSER)
    labels, options = [], []
    for width in sorted(set(label_widths) | set(quiz_widths)):
        at_width(page, width)
        if width in label_widths:
            figures = geometry.measure_figures(page, lab=True)
            overlaps, clipped = geometry.counts(figures)
            print(
                f"{name} at {width} px: {len(figures)} figures, {overlaps} overlapping label pairs, {clipped} cut off"
            )
            labels += geometry.label_problems(figures, f"{name} at {width} px")
        if width in quiz_widths:
            options += geometry.option_problems(geometry.measure_quizzes(page, lab=True), f"{name} at {width} px")
        # Every notebook, every width: text boxes, buttons and sliders stay inside their output.
        options += geometry.widget_problems(geometry.measure_widgets(page, lab=True), f"{name} at {width} px")
    page.set_viewport_size(size)
    return labels, options


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
    drawn = len(geometry.measure_figures(executed.page, lab=True))
    assert drawn >= len(executed.cells_tagged("figure")), f"{drawn} figures for {executed.cells_tagged('figure')}"


def test_quizzes_are_measured(executed):
    """The measurement finds every quiz's options (so an empty result means no problem, not no quiz),
    and finds none in a notebook without a quiz."""
    quizzes = geometry.measure_quizzes(executed.page, lab=True)
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
    assert any("wider than its box" in p for p in options) or any("overlaps option" in p for p in options), options
    assert any("widget-textarea 'A box as wide as its output, plus a label'" in p for p in options), options


def test_handouts_are_readable_at_every_width(browser, lesson_handouts):
    found = []
    for path in sorted(lesson_handouts.glob("[0-9]*.html")):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        labdriver.guard_requests(page, allowed=("file:", "data:"))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))",
            timeout=60_000,
        )
        for width in sorted(set(LABEL_WIDTHS) | set(QUIZ_WIDTHS)):
            at_width(page, width)
            if width in LABEL_WIDTHS:
                figures = geometry.measure_figures(page)
                print(
                    f"handout {path.stem} at {width} px: {len(figures)} figures, "
                    f"{geometry.counts(figures)} (overlapping pairs, cut off)"
                )
                found += geometry.label_problems(figures, f"handout {path.stem} at {width} px")
            if width in QUIZ_WIDTHS:
                found += geometry.option_problems(geometry.measure_quizzes(page), f"handout {path.stem} at {width} px")
        context.close()
    assert not found, "\n".join(found)
