"""Fixtures for the browser tests: one JupyterLab server for this folder, and each notebook
opened in a fresh page with a fresh kernel and run as a student runs it. Chromium is
pytest-playwright's session-wide ``browser`` (``tests/conftest.py`` points it at Debian's).

Chromium missing: the tests skip on a laptop (``apt-get install chromium`` enables them)
and fail when the environment variable CI is set (``browser_support.require_chromium``).
Package scope: the server and the last page close when this folder's tests end, not at the
end of the whole run. Screenshots go to ``$SCREENSHOTS_DIR`` (default ``build/screenshots/``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import labdriver

NOTEBOOKS = labdriver.NOTEBOOKS
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", labdriver.ROOT / "build" / "screenshots"))

_report_lines: list[str] = []


@pytest.fixture(scope="package")
def lab(tmp_path_factory, browser):
    server = labdriver.LabServer(tmp_path_factory.mktemp("jupyterlab")).start()
    yield server
    server.stop()


@pytest.fixture(scope="package", params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def executed(request, browser, lab):
    """Each notebook in turn (one open at a time): fresh kernel, Run All done, kernel idle."""
    lab.delete_sessions()
    notebook = labdriver.open_and_run(browser, lab, request.param)
    shot = SCREENSHOTS / f"{request.param.stem}.png"
    run = notebook.run
    first = "no figure" if run.seconds_to_first_figure is None else f"{run.seconds_to_first_figure:.1f} s"
    line = (
        f"{request.param.name}: kernel ready {run.seconds_to_kernel_ready:.1f} s, first figure {first}, "
        f"all cells done {run.seconds_to_done:.1f} s; screenshot {shot}"
    )
    _report_lines.append(line)
    print(line)
    yield notebook
    # Last, as the viewport is stretched for it: the page after its tests (quizzes answered).
    labdriver.screenshot_notebook(notebook.page, shot)
    notebook.context.close()
    lab.delete_sessions()


@pytest.fixture(scope="package")
def faulty(browser, lab):
    """tests/fixtures/browser/faults.ipynb after Run All: one fault for each check to find."""
    path = labdriver.ROOT / "tests" / "fixtures" / "browser" / "faults.ipynb"
    notebook = labdriver.open_and_run(browser, lab, path)
    yield notebook
    notebook.context.close()
    lab.delete_sessions(path.relative_to(labdriver.ROOT).as_posix())


def pytest_terminal_summary(terminalreporter):
    """Per notebook: how long it took in the browser, and where its screenshot is."""
    if _report_lines:
        terminalreporter.section("notebooks in JupyterLab (seconds from opening)")
        for line in _report_lines:
            terminalreporter.write_line(line)
