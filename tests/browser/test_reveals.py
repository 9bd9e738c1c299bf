"""Predict, then reveal, in the browser: 05's fact-check verdicts are not on screen after Run All,
and appear once the student presses Show the verdicts (mouse or keyboard); 03's calculator
tells the needed rate only once a rate is tried. Both on the pages of the run's one Run All
of each notebook (``executed``, parametrised here to the notebook each test needs)."""

from __future__ import annotations

import pytest

from lessonkit.data import load_course

from . import labdriver

FACT_CHECK = [p for p in labdriver.NOTEBOOKS if p.stem == "05_stakes_and_aftermath"]
CALCULATOR = [p for p in labdriver.NOTEBOOKS if p.stem == "03_trade_and_energy"]
assert FACT_CHECK and CALCULATOR, "test_reveals.py names notebooks that are gone: update FACT_CHECK, CALCULATOR"


def _reveal_cell(notebook) -> int:
    (index,) = [i for i, c in enumerate(notebook.nb.cells) if c.cell_type == "code" and "prompts.reveal(" in c.source]
    return index


@pytest.mark.parametrize("executed", FACT_CHECK, ids=[p.stem for p in FACT_CHECK], indirect=True)
def test_verdicts_are_hidden_until_the_button_is_pressed(executed):
    fact_check = executed
    claims = load_course().claims.set_index("id")
    explanation = claims.loc["crash_near_jolfa", "explanation"]  # one of the claims 05 asks about
    cell = labdriver.cell(fact_check.page, _reveal_cell(fact_check))
    verdict_text = fact_check.page.get_by_text(explanation[:60], exact=False)
    assert verdict_text.count() == 0 or not verdict_text.first.is_visible(), "a verdict is on screen before the click"
    button = cell.get_by_role("button", name="Show the verdicts")
    button.focus()
    fact_check.page.keyboard.press("Space")  # the keyboard works, as the mouse does
    cell.get_by_text(explanation[:60], exact=False).first.wait_for(state="visible", timeout=15_000)
    assert cell.get_by_text(explanation[:60], exact=False).first.is_visible()


@pytest.mark.parametrize("executed", CALCULATOR, ids=[p.stem for p in CALCULATOR], indirect=True)
def test_the_calculator_tells_the_needed_rate_only_once_a_rate_is_tried(executed):
    calculator_page = executed
    from lessonkit import charts

    needed = [f"{s['required_pct']:.1f}% a year" for _, s in charts.baselines(load_course()).iterrows()]
    (index,) = [
        i for i, c in enumerate(calculator_page.nb.cells) if c.cell_type == "code" and "growth_calculator(" in c.source
    ]
    cell = labdriver.cell(calculator_page.page, index)
    readout = cell.locator('[role="status"]').first
    readout.wait_for(state="visible", timeout=15_000)
    assert not any(rate in readout.inner_text() for rate in needed), "the needed rate shows before any try"
    box = cell.get_by_label("Annual growth (%)")
    box.fill("20")
    box.press("Enter")
    cell.get_by_text(needed[0], exact=False).first.wait_for(state="visible", timeout=15_000)
    assert all(rate in readout.inner_text() for rate in needed)
