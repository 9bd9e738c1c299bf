"""The fast layer (``make test-fast``: ``-m "not browser and not kernel"``) really is fast: it
collects no notebook cell (nbval), no test that drives Chromium and none that starts a
kernel or a Jupyter server. The markers are given in ``conftest.py``; this collects the
way ``make test-fast`` does, in a subprocess, and looks at what came back.
"""

from __future__ import annotations

import subprocess
import sys

from run_support import ROOT, tool_env

#: Test files that start kernels or Jupyter servers, whatever their tests are called.
SLOW_FILES = ("tests/test_notebooks.py", "tests/test_offline.py", "tests/test_binder.py", "tests/browser/")
#: Tests (by name) that run notebooks or Jupyter in their own way.
SLOW_TESTS = ("test_lesson_handouts_work_offline", "test_fixture_site_works_offline", "test_rise_")


def collected(*options: str) -> list[str]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests",
            "notebooks",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            *options,
        ],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_the_fast_layer_runs_no_notebook_no_browser_and_no_kernel():
    fast = collected("-m", "not browser and not kernel")
    assert len(fast) > 100, "the fast layer should hold the unit, data and rule tests"
    notebook_cells = [i for i in fast if ".ipynb::" in i]
    assert not notebook_cells, f"nbval items in the fast layer: {notebook_cells[:5]}"
    # pytest-playwright gives every test that uses its `browser` fixture a [chromium] id.
    browser = [i for i in fast if "chromium" in i or i.startswith("tests/browser/")]
    assert not browser, f"browser tests in the fast layer: {browser[:5]}"
    slow = [i for i in fast if i.startswith(SLOW_FILES) or any(name in i for name in SLOW_TESTS)]
    assert not slow, f"tests that start a kernel or Jupyter in the fast layer: {slow[:5]}"
