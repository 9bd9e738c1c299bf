"""Headless Debian Chromium for the browser tests, with every outside request caught.

Tests take pytest-playwright's session-wide ``browser`` fixture (one Chromium for the whole
run; ``tests/conftest.py`` points it at the system's Chromium through ``launch_options``)::

    from browser_support import guard_requests

    def test_x(browser):
        page = browser.new_page()
        left = guard_requests(page, allowed=("file:", "data:"))
        ...
        assert left == []

Playwright's own browser downloads are not used (they need the internet): tests run the
system's ``chromium``. Without it a test is skipped on a developer machine, but fails in
CI (env ``CI`` set), so a CI machine without Chromium cannot pass by skipping.
``launch_chromium`` is for scripts outside pytest (``tools/bench.py``).
"""

from __future__ import annotations

import os
import shutil

import pytest

#: Flags that keep Chromium headless and quiet: without the networking ones it keeps
#: contacting outside hosts on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> str:
    """The path of the system Chromium; skip the test without it, or fail when CI is set."""
    path = shutil.which("chromium")
    if path is None:
        message = "Chromium not found on PATH (Debian: apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    return path


def launch_options() -> dict:
    """Playwright ``launch`` options for the system Chromium, headless and quiet (skips or
    fails, as ``require_chromium`` does, when there is none)."""
    return {"executable_path": require_chromium(), "args": list(CHROMIUM_ARGS), "headless": True}


def launch_chromium(playwright, **options):
    """Launch headless system Chromium through Playwright (``options`` go to ``launch``)."""
    launch = launch_options()
    launch["args"] += list(options.pop("args", []))
    return playwright.chromium.launch(**launch, **options)


def guard_requests(page, allowed: tuple[str, ...]) -> list[str]:
    """Abort every request whose URL does not start with one of ``allowed``.

    Returns the list the aborted URLs are appended to: a test asserts it stays empty.
    """
    blocked: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", route)
    return blocked
