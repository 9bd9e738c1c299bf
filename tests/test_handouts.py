"""The offline handouts (tools/handouts.py): built into a temporary folder, then opened from
``file://`` in headless Chromium with every request that is not ``file:`` or ``data:``
aborted and recorded.

Two sites are built: one from a fixture notebook (two maps sharing a base map, a chart, a
quiz with every question type, another widget, a sources list) with the quiz and events
from ``tests/fixtures/good_data``; and one from the real lesson notebooks with ``data/``
(``lesson_handouts`` in ``conftest.py``, shared with the axe test, rendered by the tool's command
line from the notebooks the test run's nbval has just run, in a network namespace).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from handout_pages import HandoutPage, open_handout, tagged
from lessonkit import load_course
from tools import handouts, manifest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_NOTEBOOK = FIXTURES / "handouts" / "handout_fixture.ipynb"
#: The notebooks with a numbered handout (all but the glossary).
LESSONS = [n.path for n in manifest.notebooks() if n.kind != "glossary"]


# --- browser ---------------------------------------------------------------------------------


# The Chromium fixture `browser` is pytest-playwright's (see tests/conftest.py); a page is opened
# by handout_pages.open_handout, the lesson pages once per run by `lesson_handout_pages`.


# --- building -----------------------------------------------------------------------------------


def build_site(paths: list[Path], out: Path, course) -> dict:
    lines: list[str] = []
    started = time.perf_counter()
    pages = handouts.build(paths, out, course, log=lines.append)
    seconds = time.perf_counter() - started
    print(f"\nhandouts: {len(paths)} notebooks in {seconds:.1f} s", *lines, sep="\n  ")
    sizes = {p.name: p.stat().st_size for p in out.glob("*.html")}
    assets = {p.name: p.stat().st_size for p in (out / "assets").iterdir()}
    print(
        "  sizes (KB): "
        + ", ".join(f"{name} {size / 1024:.0f}" for name, size in sorted(sizes.items()))
        + "; assets: "
        + ", ".join(f"{name} {size / 1024:.0f}" for name, size in sorted(assets.items()))
    )
    return {"out": out, "pages": {p.name: p for p in pages}, "seconds": seconds}


@pytest.fixture(scope="module")
def fixture_course(tmp_path_factory):
    data = tmp_path_factory.mktemp("handout-data") / "data"
    shutil.copytree(FIXTURES / "good_data", data)
    shutil.copytree(FIXTURES / "handouts" / "quizzes", data / "quizzes")
    return load_course(data)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory, fixture_course):
    return build_site([FIXTURE_NOTEBOOK], tmp_path_factory.mktemp("fixture-handouts"), fixture_course)


# --- the fixture site: what each kind of output becomes -------------------------------------------


def test_fixture_page_holds_every_kind_of_output(fixture_site):
    page = fixture_site["pages"]["handout_fixture"]
    text = (fixture_site["out"] / "handout_fixture.html").read_text()
    assert page.figures == 3
    assert len(page.basemaps) == 1, "two maps with one base map must share one copy of it"
    assert text.count("data:application/json;base64,") == 1
    assert text.count("handoutPlot(") == 3
    assert '"displaylogo":false' in text, "each figure keeps its own config"
    assert [len(q["answers"]) for q in page.answers] == [5]
    assert handouts.WIDGET_NOTE in text, "a widget that is not a quiz becomes a short note"
    # A reveal's answer is printed, closed, escaped: the reader still chooses when to see it.
    assert (
        "<details><summary>Show the answer</summary><p>The answer is <strong>42</strong>, behind "
        "&lt;b&gt;a&lt;/b&gt; reveal.</p>"
    ) in text
    assert "https://www.dawn.com/news/1829340" in text, "the sources list is kept"
    assert "<em>emphasis</em>" in text, "Markdown is rendered"
    assert "<li>24 April 2024: Joint statement</li>" in text, "answers read as the quiz's Show answer"
    assert "<li>Karachi</li><li>Lahore</li><li>Islamabad</li>" in text, "options in the widget's order"
    assert "vnd.jupyter.widget" not in text and "IntSlider(" not in text
    assert "Narrative before the map" in text and "only a running notebook needs" not in text, "notebook-only cell"


def test_a_quiz_cell_naming_a_missing_quiz_fails_the_build(fixture_course, tmp_path):
    nb = nbformat.read(FIXTURE_NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if "quiz.quiz(" in c.source)
    cell.source = 'quiz.quiz(course, "no_such_quiz")'
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={handouts.WIDGET_MIME: {"model_id": "x", "version_major": 2, "version_minor": 0}}
        )
    ]
    with pytest.raises(KeyError, match="no_such_quiz"):
        handouts.render_page(nb, "broken", fixture_course)


def test_links_to_other_notebooks_point_at_their_handouts():
    html = handouts.markdown(
        "[next](02_the_visit.ipynb#maps) and [web](https://example.org/a.ipynb)",
        {"02_the_visit.ipynb": "02_the_visit.html"},
    )
    assert 'href="02_the_visit.html#maps"' in html
    assert 'href="https://example.org/a.ipynb"' in html


def test_markdown_is_sanitised():
    html = handouts.markdown('<script>alert(1)</script><img src="x" onerror="alert(2)">')
    assert "<script" not in html and "onerror" not in html


# --- both sites: static checks and the browser ------------------------------------------------------


def check_files(out: Path) -> None:
    """plotly.js once on disk for the whole site, never inlined; only relative, existing assets."""
    copies = [p for p in out.rglob("*.js") if "plotly" in p.name]
    assert [p.relative_to(out).as_posix() for p in copies] == ["assets/plotly.min.js"]
    head = handouts.PLOTLY_JS.read_text(encoding="utf-8")[:200]
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert head not in text, f"{page.name}: plotly.js is inlined"
        assert text.count('src="assets/plotly.min.js"') <= 1
        for ref in re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"', text):
            assert "://" not in ref and not ref.startswith("//"), f"{page.name}: loads {ref}"
            assert (out / ref).is_file(), f"{page.name}: {ref} is missing"
        for word in ("cdn.", "require.js", "mathjax"):
            assert word not in text.lower(), f"{page.name} mentions {word}"
    assert (out / "index.html").is_file()


def check_page(shown: HandoutPage, source: Path) -> dict:
    """The page's facts, once they are what ``source``'s tags promise (offline, drawn, labelled)."""
    plots, maps = tagged(source, "figure"), tagged(source, "map")
    facts, outside, errors, name = shown.facts, shown.outside, shown.errors, shown.path.name
    assert not outside, f"{name} asked the network for {outside}"
    assert not errors, f"{name}: {errors}"
    assert facts["plots"] == plots, f"{name}: {facts['plots']} plotly figures, the notebook has {plots}"
    assert facts["drawn"] >= plots, f"{name}: only {facts['drawn']} figures drawn"
    assert facts["withLand"] == maps, f"{name}: {facts['withLand']} of {maps} maps drew their base map"
    assert facts["lang"] == "en" and facts["title"], name
    assert facts["headings"].count(1) == 1 and facts["headings"][0] == 1, f"{name}: one h1, first"
    jumps = [(a, b) for a, b in zip(facts["headings"], facts["headings"][1:]) if b > a + 1]
    assert not jumps, f"{name}: heading levels skipped: {jumps}"
    for figure in facts["figures"]:
        assert figure["hasPlot"] and figure["label"], f"{name}: {figure}"
        assert figure["describedBy"] is None or figure["description"], f"{name}: {figure}"
    assert facts["quizQuestions"] == facts["answers"], f"{name}: every question needs its answer"
    return facts


def test_fixture_site_works_offline(fixture_site, browser):
    check_files(fixture_site["out"])
    path = fixture_site["out"] / "handout_fixture.html"
    shown = open_handout(browser, path, tagged(FIXTURE_NOTEBOOK, "figure"), tagged(FIXTURE_NOTEBOOK, "map"))
    shown.close()
    facts = check_page(shown, FIXTURE_NOTEBOOK)
    assert facts["quizQuestions"] == 5
    assert all(f["description"] for f in facts["figures"]), "each figure points at its text alternative"


def test_lesson_handouts_work_offline(lesson_handouts, lesson_handout_pages):
    out = lesson_handouts
    check_files(out)
    assert sorted(p.stem for p in out.glob("*.html")) == sorted([p.stem for p in manifest.paths()] + ["index"])
    for source in LESSONS:
        facts = check_page(lesson_handout_pages[source.stem], source)
        figures = tagged(source, "figure")
        described = sum(bool(f["description"]) for f in facts["figures"])
        assert described == figures, f"{source.name}: {described} of {figures} figures have their text alternative"
        quizzes = sum("quiz.quiz(" in c.source for c in nbformat.read(source, as_version=4).cells)
        assert bool(facts["answers"]) == bool(quizzes), f"{source.name}: quiz printed with answers"
