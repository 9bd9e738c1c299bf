"""The fast layer (``make test-fast``: ``-m "not browser and not kernel"``) really is fast, judged
by what tests do: ``layer_guard`` (loaded by ``conftest.py``) makes a test marked neither
``kernel`` nor ``browser`` fail if it starts a Jupyter kernel (in this process or a child) or
launches Chromium. The fixture ``tests/fixtures/layers/test_fast_tests_that_are_slow.py`` holds
such tests, innocently named; they must fail, and a marked test must be left alone.
"""

from __future__ import annotations

import shutil

import pytest

from run_support import ROOT, tool_env

SLOW_FAST_TESTS = ROOT / "tests" / "fixtures" / "layers" / "test_fast_tests_that_are_slow.py"


@pytest.fixture
def guarded_run(pytester, monkeypatch):
    """Run the fixture file in a fresh pytest with only ``layer_guard`` loaded."""
    monkeypatch.setenv("PYTHONPATH", tool_env()["PYTHONPATH"])
    pytester.makeini("[pytest]\nmarkers =\n    kernel: k\n    browser: b\n")
    shutil.copy(SLOW_FAST_TESTS, pytester.path / SLOW_FAST_TESTS.name)
    return pytester.runpytest_subprocess("-p", "layer_guard", "-p", "no:cacheprovider", "-rf", timeout=300)


def test_a_fast_test_that_starts_a_kernel_or_a_browser_fails(guarded_run):
    outcomes = guarded_run.parseoutcomes()
    assert outcomes.get("failed") == 4 and outcomes.get("passed") == 1, guarded_run.stdout.str()[-4000:]
    text = guarded_run.stdout.str()
    for test in (
        "test_looks_harmless_but_starts_a_kernel",
        "test_runs_a_notebook_with_nbclient",
        "test_a_child_process_starts_a_kernel",
        "test_opens_a_page",
    ):
        assert f"FAILED {SLOW_FAST_TESTS.name}::{test}" in text, text[-4000:]
    assert text.count("marked neither `kernel` nor `browser`") >= 3, text[-4000:]
