"""Shared fixtures: the course content, a headless Chromium for browser tests, and the
offline handouts of the lesson notebooks (built once, checked by two test files)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from browser_support import launch_chromium, require_chromium
from lessonkit.data import load_course


@pytest.fixture(scope="session")
def course():
    """The module's real, validated content from data/ (loaded once per test run)."""
    return load_course()


@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium for one test module (skipped without it, unless CI is set)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="session")
def lesson_handouts(tmp_path_factory) -> Path:
    """The handouts of every lesson notebook, built once per run by ``tools/handouts.py``'s
    own command line (as ``make handouts`` runs it) into a temporary folder."""
    assert LESSONS, "no lesson notebooks (notebooks/NN_*.ipynb) to build handouts from"
    out = tmp_path_factory.mktemp("handouts")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "handouts.py"), "--out", str(out), *map(str, LESSONS)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    print(f"\n{done.stdout}")
    assert done.returncode == 0, f"tools/handouts.py failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    return out
