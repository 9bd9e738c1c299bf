"""Shared fixtures and the test layers.

- ``course``: the module's real, validated content from data/.
- ``browser``: pytest-playwright's session-wide browser, pointed at the system's Chromium
  (``browser_type_launch_args``); one Chromium for the whole run.
- ``notebook_run``: every notebook in notebooks/ run once by nbval (inside a network
  namespace when the machine allows it), the executed copies kept; ``lesson_handouts``
  renders the handouts from those copies, so that one execution proves three things.

Markers (registered in pyproject.toml), given here by where a test is and what it uses:
``browser`` (tests/browser/, or the ``browser`` fixture) and ``kernel`` (starts a Jupyter
kernel: nbval items, notebook runs, handouts, Lab servers). Unmarked tests are the fast
layer: ``make test-fast`` runs ``-m "not browser and not kernel"``.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from nbval.plugin import IPyNbCell

from browser_support import launch_options
from lessonkit.data import load_course
from offline_support import namespace_problem, offline_command
from run_support import run_tool, tool_env

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Fixtures that start a kernel (directly or through a Jupyter server); a test using one is `kernel`.
KERNEL_FIXTURES = {"notebook_run", "lesson_handouts", "fixture_site", "lab", "executed", "faulty", "rise_run"}
#: Test files that start kernels or Jupyter servers in their own way.
KERNEL_FILES = {"test_offline.py", "test_binder.py", "test_notebooks.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        names = set(getattr(item, "fixturenames", ()))
        if path.is_relative_to(ROOT / "tests" / "browser") or "browser" in names:
            item.add_marker(pytest.mark.browser)
        if isinstance(item, IPyNbCell) or names & KERNEL_FIXTURES or path.name in KERNEL_FILES:
            item.add_marker(pytest.mark.kernel)


@pytest.fixture(scope="session")
def course():
    """The module's real, validated content from data/ (loaded once per test run)."""
    return load_course()


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
