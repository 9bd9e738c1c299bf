"""Shared fixtures: the course content, and a headless Chromium for browser tests."""

from __future__ import annotations

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
