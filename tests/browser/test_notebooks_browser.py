"""Every notebook, as a student sees it: JupyterLab in Chromium, fresh kernel, Run All.

What the file promises (its cell tags, read with nbformat) must be what the page shows:
one drawn figure per `figure` cell, a base map under every `map` cell, a live widget for
every `widget` cell, quizzes that answer the mouse and the keyboard, no error output, no
money typeset as maths, figures that survive a window resize, no JavaScript error and no
request leaving 127.0.0.1. Each check is a function returning the
problems it sees; ``test_each_check_reports_its_fault`` runs them on a notebook full of
faults (``tests/fixtures/browser/faults.ipynb``, the ``faulty`` fixture) to prove each can fail.
"""

from __future__ import annotations

from collections import Counter

import nbformat
import pytest

from . import labdriver
from .labdriver import NOTEBOOKS

QUIZ_CALL = "quiz.quiz("


# --- checks: each returns the problems it sees (empty = fine) -------------------------------


def ran_every_cell(notebook) -> list[str]:
    run, problems = notebook.run, []
    if not (run.result and run.result.get("ok")):
        problems.append(f"Run All did not complete: {run.result}")
    expected = list(range(1, len(notebook.code_cells()) + 1))
    if run.execution_counts != expected:
        problems.append(f"execution counts {run.execution_counts}, expected {expected} (fresh kernel, in order)")
    return problems


def no_error_output(notebook) -> list[str]:
    return [
        f"cell {c['index']}: {text}"
        for c in labdriver.cell_report(notebook.page)
        for text in c["errors"] + c["tracebacks"]
    ]


def figures_drawn(notebook) -> list[str]:
    """One drawn plotly figure per `figure` cell; figures elsewhere only inside widgets."""
    report = labdriver.cell_report(notebook.page)
    figure_cells, widget_cells = notebook.cells_tagged("figure"), notebook.cells_tagged("widget")
    problems = [
        f"cell {i}: tagged `figure`, shows {report[i]['drawn_plots']} drawn figure(s) of {report[i]['plots']}"
        for i in figure_cells
        if report[i]["drawn_plots"] != 1
    ]
    problems += [
        f"cell {c['index']}: {c['plots']} figure(s) in a cell not tagged `figure` or `widget`"
        for c in report
        if c["plots"] and c["index"] not in figure_cells + widget_cells
    ]
    in_figure_cells = sum(report[i]["plots"] for i in figure_cells)
    if in_figure_cells != len(figure_cells):
        problems.append(f"{in_figure_cells} figures in {len(figure_cells)} `figure` cells")
    return problems


def base_maps_drawn(notebook) -> list[str]:
    """Every `map` cell has a geo figure, and every geo figure on the page has land or borders."""
    report = labdriver.cell_report(notebook.page)
    problems = [
        f"cell {i}: tagged `map` but shows no geo figure"
        for i in notebook.cells_tagged("map")
        if not report[i]["geo_plots"]
    ]
    problems += [
        f"cell {c['index']}: {c['geo_plots'] - c['geo_plots_with_base_map']} geo figure(s) "
        f"without land or country outlines (base map not loaded)"
        for c in report
        if c["geo_plots_with_base_map"] < c["geo_plots"]
    ]
    return problems


def widgets_rendered(notebook) -> list[str]:
    report = labdriver.cell_report(notebook.page)
    problems = [
        f"cell {i}: tagged `widget` but renders no widget"
        for i in notebook.cells_tagged("widget")
        if not report[i]["widgets"]
    ]
    problems += [f"cell {c['index']}: {text}" for c in report for text in c["widget_errors"]]
    return problems


_TYPESET_PROBE = """async () => {
  const typesetter = window.jupyterapp.shell.currentWidget.content.rendermime.latexTypesetter;
  if (!typesetter) return 'JupyterLab has no LaTeX typesetter';
  const probe = document.createElement('div');
  probe.style.position = 'absolute'; probe.style.left = '-10000px';
  probe.textContent = '$x$';
  document.body.appendChild(probe);
  try {
    await typesetter.typeset(probe);
    return probe.querySelector('mjx-container') ? 'typeset' : 'the probe was not typeset';
  } finally {
    probe.remove();
  }
}"""


def no_text_typeset_as_maths(notebook) -> list[str]:
    """The module shows no formulas: MathJax output means `$` signs (money in Markdown or in an
    HTML table) were read as maths, which shows students garbled italics."""
    page, selector = notebook.page, f"{labdriver.PANEL} .jp-Cell mjx-container"
    # MathJax loads lazily and typesets after rendering. Ask the notebook's own typesetter to
    # typeset a probe: once the probe is typeset, MathJax is loaded and every earlier request
    # (the cells') has been handled, so an absence of maths in the cells is final.
    probe = page.evaluate(_TYPESET_PROBE)
    if probe != "typeset":
        return [f"the maths check has no finished signal: {probe}"]
    found = page.evaluate(
        """selector => [...document.querySelectorAll(selector)].map(m => {
        const cell = m.closest('.jp-Cell'), block = m.closest('p, li, td, th') || m.parentElement;
        return [cell.dataset.windowedListIndex, m.closest('.jp-OutputArea') ? 'output' : 'Markdown',
                block.textContent.trim().slice(0, 60)];
    })""",
        selector,
    )
    counts = Counter((cell, where) for cell, where, _ in found)
    first = {(cell, where): text for cell, where, text in reversed(found)}
    return [
        f"cell {cell} ({where}): {n} piece(s) of text typeset as maths, e.g. in {first[cell, where]!r}"
        for (cell, where), n in counts.items()
    ]


def figures_keep_their_height_on_resize(notebook) -> list[str]:
    """A student resizes the window (or a projector changes it): no figure may collapse."""
    page, before = notebook.page, notebook.run.plot_heights
    size = page.viewport_size
    after = {}
    for width, height in [(1000, 700), (size["width"], size["height"])]:
        page.set_viewport_size({"width": width, "height": height})
        labdriver.wait_until_layout_settles(page)
        after[f"{width}x{height}"] = labdriver.plot_heights(page)
    return [
        f"figure {n + 1} of {len(before)}: {was} px high, {now} px after the window became {where}"
        for where, heights in after.items()
        for n, (was, now) in enumerate(zip(before, heights))
        if now < was / 2
    ]


def no_javascript_error(notebook) -> list[str]:
    """No uncaught error and no console error (JupyterLab 4.6 logs none on these pages, so
    nothing is ignored)."""
    record = notebook.record
    return [f"uncaught: {e}" for e in record.page_errors] + [f"console: {e}" for e in record.console_errors]


def no_outside_request(notebook) -> list[str]:
    record = notebook.record
    if not record.requests:
        return ["no request recorded at all: the recorder is not attached"]
    return [f"request left 127.0.0.1: {url}" for url in record.outside]


#: In the order they run: the resize check changes the page, and the last two read what the
#: page logged meanwhile.
CHECKS = {
    check.__name__: check
    for check in [
        ran_every_cell,
        no_error_output,
        figures_drawn,
        base_maps_drawn,
        widgets_rendered,
        no_text_typeset_as_maths,
        figures_keep_their_height_on_resize,
        no_javascript_error,
        no_outside_request,
    ]
}


# --- quizzes ---------------------------------------------------------------------------------


def quiz_cells(nb) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and QUIZ_CALL in c.source]


QUIZ_NOTEBOOKS = [p for p in NOTEBOOKS if quiz_cells(nbformat.read(p, as_version=4))]

#: A question of lessonkit.quiz: the box holding its Check button (``title="Check: question N"``).
CHECK_BUTTON = "button.jupyter-button[title^='Check: question']"
OPTION = "input[type=radio], input[type=checkbox]"
_QUESTION_BOX = "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' widget-vbox ')][1]"


def choice_questions(cell):
    """(question box, Check button) for each question answered by picking options."""
    found = []
    for button in cell.locator(CHECK_BUTTON).all():
        box = button.locator(_QUESTION_BOX)
        if box.locator(OPTION).count():
            found.append((box, button))
    return found


def feedback_after(box, press) -> str:
    """Do ``press`` (which presses Check) and return the feedback that then appears in ``box``."""
    before = box.locator("[role=alert]").all_inner_texts()
    press()
    alert = box.locator("[role=alert]")
    alert.first.wait_for(state="visible", timeout=15_000)
    box.page.wait_for_function(
        "([box, before]) => { const a = box.querySelector('[role=alert]');"
        " return a && a.innerText.trim() && a.innerText !== before; }",
        arg=[box.element_handle(), before[0] if before else ""],
        timeout=15_000,
    )
    return alert.first.inner_text()


def answer_by_mouse(page, cell) -> str:
    """Click the first option of the first choice question, click Check; return the feedback."""
    box, button = choice_questions(cell)[0]

    def press():
        box.locator(OPTION).first.click()
        button.click()

    return feedback_after(box, press)


def _tab_until(page, predicate: str, target, limit: int) -> list[str]:
    """Press Tab until ``predicate(target)`` holds for the focused element; returns where focus went."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        path.append(
            page.evaluate(
                "() => { const a = document.activeElement;"
                " return `${a.tagName} ${a.type || ''} ${a.title || a.textContent.slice(0, 40)}`; }"
            )
        )
        if target.evaluate(predicate):
            return path
    raise AssertionError(f"Tab never reached the target; focus went: {path}")


def answer_by_keyboard(page, cell) -> str:
    """From the quiz cell selected in command mode, Tab to an option of the last choice question,
    Space to choose it, Tab to its Check button, Enter; return the feedback."""
    box, button = choice_questions(cell)[-1]
    cell.evaluate("node => node.focus()")  # the cell selected, as after arrow keys in command mode

    def press():
        _tab_until(
            page,
            f"box => box.contains(document.activeElement) && document.activeElement.matches('{OPTION}')"
            " && !document.activeElement.checked",
            box,
            limit=200,
        )
        page.keyboard.press("Space")
        assert page.evaluate("() => document.activeElement.checked"), "Space did not choose the option"
        _tab_until(page, "button => document.activeElement === button", button, limit=20)
        page.keyboard.press("Enter")

    return feedback_after(box, press)


# --- tests -----------------------------------------------------------------------------------


def test_there_are_notebooks_to_run():
    assert NOTEBOOKS, "notebooks/*.ipynb matched nothing: the browser tests would check nothing"


@pytest.mark.parametrize("executed", QUIZ_NOTEBOOKS, ids=[p.stem for p in QUIZ_NOTEBOOKS], indirect=True)
@pytest.mark.parametrize("how", ["mouse", "keyboard"])
def test_quiz_answers(executed, how):
    answer = answer_by_mouse if how == "mouse" else answer_by_keyboard
    for index in quiz_cells(executed.nb):
        cell = labdriver.cell(executed.page, index)
        assert choice_questions(cell), f"cell {index}: no quiz question with options and a Check button"
        feedback = answer(executed.page, cell)
        # A verdict, not any text: "Choose an answer first." would mean the click chose nothing.
        assert "Correct" in feedback or "Not quite" in feedback, (
            f"cell {index}: no verdict after answering by {how}: {feedback!r}"
        )


@pytest.mark.parametrize("check", CHECKS)
def test_notebook_in_browser(executed, check):
    problems = CHECKS[check](executed)
    assert not problems, f"{executed.path.name}: {check}:\n" + "\n".join(problems)


def test_each_check_reports_its_fault(faulty):
    """A notebook with one fault per check (an error, a missing base map, a JS error, an outside
    image, a `widget` cell with no widget, a `figure` cell with no figure, money read as maths, a
    figure that collapses when the window is resized): every check fails."""
    found = {name: check(faulty) for name, check in CHECKS.items()}
    assert all(found.values()), found
    assert any("example.org" in p for p in found["no_outside_request"])
    assert any("deliberate page error" in p for p in found["no_javascript_error"])
    assert any("deliberate failure" in p for p in found["no_error_output"])
