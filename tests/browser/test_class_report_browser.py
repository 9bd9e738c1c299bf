"""The class report in Chromium: it opens from file:// with every outside request aborted
(none may be made), draws its chart, and axe-core finds no violation on the page, with every
part shown (a file not used, names to check, a skipped guess)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from class_report_support import save_class
from lessonkit import classreport, classstats
from lessonkit.data import load_course
from quiz_support import quiz_folder

from . import labdriver
from .test_accessibility import describe

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "class_report"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("class-report")
    course = load_course(quiz_folder(root))
    save_class(course, root / "answers")
    (root / "answers" / "answers-01_sample-broken.json").write_text("{not json", encoding="utf-8")
    shutil.copytree(FIXTURES / "duplicate_student", root / "answers", dirs_exist_ok=True)
    cyrus = root / "answers" / "answers-01_sample-Cyrus.json"
    saved = json.loads(cyrus.read_text(encoding="utf-8"))
    saved["written"].append({"id": "g", "kind": "guess", "prompt": "Guess.", "text": "", "skipped": True})
    cyrus.write_text(json.dumps(saved), encoding="utf-8")
    guide = classstats.parse_guide(
        "[01 Sample](../notebooks/01_sample.ipynb)\n\n## Learning outcomes\n\n"
        "| # | Students can… | Where it is taught | Quiz questions |\n|---|---|---|---|\n"
        "| 1 | explain the crisis | [01 Sample](../notebooks/01_sample.ipynb) › *Crisis* | "
        "`january_events`, `crisis_order`, `documents_signed`, `border_km` |\n"
    )
    return classreport.build(root / "answers", root / "out", course, guide).html


def test_report_opens_offline_draws_its_chart_and_passes_axe(browser, report):
    context = browser.new_context()
    page = context.new_page()
    blocked = labdriver.guard_requests(page, allowed=("file:", "data:"))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report.as_uri(), wait_until="load")
    page.wait_for_selector("#outcome-chart .main-svg", timeout=30_000)
    bars = page.locator("#outcome-chart .bars path").count()
    text = page.inner_text("body")
    violations = labdriver.axe(page)
    context.close()
    assert blocked == [], f"the report asked the network for {blocked}"
    assert errors == []
    assert bars == 1
    assert "Names to check" in text and "chose not to guess" in text and "answers-01_sample-broken.json" in text
    assert not violations, describe(violations)
