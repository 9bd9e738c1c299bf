"""Shared fixtures for the tests of lessonkit's figures and widgets."""

from __future__ import annotations

import pytest

from lessonkit.data import load_course


@pytest.fixture(scope="session")
def course():
    """The module's real, validated content from data/ (loaded once per test run)."""
    return load_course()
