"""Fixtures for the browser tests: each notebook opened in a fresh page of the run's one
JupyterLab (``lab`` in ``tests/conftest.py``), with a fresh kernel, and run as a student runs
it. Chromium is pytest-playwright's ``browser`` (``tests/conftest.py`` points it at Debian's).

Chromium missing: the tests skip on a laptop (``apt-get install chromium`` enables them)
and fail when the environment variable CI is set (``browser_support.require_chromium``).
One notebook is open at a time; its sessions are deleted before the next opens. A notebook's
page is photographed only when one of its tests failed, to ``$SCREENSHOTS_DIR`` (default
``build/screenshots/``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import labdriver

NOTEBOOKS = labdriver.NOTEBOOKS
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", labdriver.ROOT / "build" / "screenshots"))

_report_lines = labdriver.REPORT_LINES
#: Notebooks (paths) with a failed test: their page is photographed when they close.
_failed: set[Path] = set()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    notebook = getattr(item, "funcargs", {}).get("executed")
    if report.failed and notebook is not None:
        _failed.add(notebook.path)


@pytest.fixture(scope="package", params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def executed(request, browser, lab):
    """Each notebook in turn (one open at a time): fresh kernel, Run All done, kernel idle."""
    lab.delete_sessions()
    notebook = labdriver.open_and_run(browser, lab, request.param)
    run = notebook.run
    first = "no figure" if run.seconds_to_first_figure is None else f"{run.seconds_to_first_figure:.1f} s"
    line = (
        f"{request.param.name}: kernel ready {run.seconds_to_kernel_ready:.1f} s, first figure {first}, "
        f"all cells done {run.seconds_to_done:.1f} s"
    )
    _report_lines.append(line)
    print(line)
    yield notebook
    if request.param in _failed:  # last, as the viewport is stretched for it
        shot = labdriver.screenshot_notebook(notebook.page, SCREENSHOTS / f"{request.param.stem}.png")
        _report_lines.append(f"{request.param.name}: a test failed; screenshot {shot}")
    notebook.context.close()
    lab.delete_sessions()


@pytest.fixture(scope="package")
def faulty(browser, lab):
    """tests/fixtures/browser/faults.ipynb after Run All: one fault for each check to find."""
    path = labdriver.ROOT / "tests" / "fixtures" / "browser" / "faults.ipynb"
    lab.delete_sessions()
    notebook = labdriver.open_and_run(browser, lab, path)
    yield notebook
    notebook.context.close()
    lab.delete_sessions()
