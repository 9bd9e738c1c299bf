"""The projector path (``make present``): a lesson served by Voilà with the projector
template, opened in Chromium with every request that leaves 127.0.0.1 aborted. The page
must ask nothing of the internet, show no code, use large type, and the quiz must answer a
click with its feedback."""

from __future__ import annotations

import re
import secrets
import socket
import subprocess
import time
from pathlib import Path

import pytest

from browser_support import guard_requests, require_chromium
from tools import labserver, present

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02_the_visit.ipynb"


#: jupyterlab-plotly, after drawing a figure, tries to keep a PNG copy in the notebook
#: (``model.setData``); Voilà's output model has no such method. The figure is drawn.
KNOWN_ERRORS = re.compile(r"setData is not a function")


def test_projector_template_drops_the_cdn_links_of_voilas_lab_template():
    template = (present.TEMPLATES / "voila" / "templates" / "projector" / "index.html.j2").read_text(encoding="utf-8")
    assert "extends 'lab/index.html.j2'" in template
    assert "cdn.jsdelivr.net" in template  # named only to be removed
    assert "| replace(cdn ~ 'all.min.css" in template and "| replace(cdn ~ 'v4-shims.min.css" in template


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voilà serving the lesson, with private Jupyter config and state."""
    require_chromium()
    work = tmp_path_factory.mktemp("voila")
    port, token = labserver.free_port(), secrets.token_hex(16)
    log = (work / "voila.log").open("wb")
    process = subprocess.Popen(
        present.voila_command(NOTEBOOK, port, token=token),
        cwd=NOTEBOOK.parent,
        env=present.voila_env(labserver.private_jupyter_env(work)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"voila exited early:\n{(work / 'voila.log').read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    try:
        yield f"http://127.0.0.1:{port}", token
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def shown(voila, browser):
    """Open the lesson, answer the first single-choice question, read its feedback."""
    from browser import labdriver

    origin, token = voila
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        blocked = guard_requests(page, allowed=(origin, origin.replace("http:", "ws:"), "data:", "blob:"))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(f"{error.name}: {error.message}"))
        page.goto(f"{origin}/?token={token}", timeout=120_000)
        question = page.locator(".widget-vbox").filter(has=page.locator(":scope > .widget-radio")).first
        question.wait_for(timeout=120_000)
        question.locator(".widget-radio-box input").first.check()
        question.locator("button", has_text="Check").click()
        feedback = question.locator("[role=alert]")
        feedback.wait_for(timeout=30_000)
        facts = {
            "blocked": blocked,
            "errors": [e for e in errors if not KNOWN_ERRORS.search(e)],
            "feedback": feedback.inner_text(),
            "figures": page.locator(".js-plotly-plot .main-svg").count(),
            "text": page.inner_text("body"),
            "outputs_checked": page.locator("#rendered_cells .jp-OutputArea-output").count(),
            "axe": labdriver.axe(page, include=["#rendered_cells"]),
            "font_px": float(
                page.evaluate(
                    "() => getComputedStyle(document.querySelector('.widget-radio-box label')).fontSize"
                ).removesuffix("px")
            ),
        }
    finally:
        page.close()
    return facts


def test_nothing_leaves_the_machine(shown):
    assert shown["blocked"] == [], f"the projector page asked the network for {shown['blocked']}"
    assert shown["errors"] == []


def test_the_quiz_answers_a_click_with_its_feedback(shown):
    assert re.match(r"(✓ Correct\.|✗ Not quite:)", shown["feedback"]), shown["feedback"]
    assert "Source:" in shown["feedback"]


def test_the_page_shows_figures_and_no_code(shown):
    assert shown["figures"] >= 1
    assert "load_course" not in shown["text"] and "import " not in shown["text"]


def test_type_is_large_for_the_back_of_the_room(shown):
    assert shown["font_px"] >= 20


def test_axe_finds_no_violation_in_the_lesson_on_the_projector(shown):
    from browser.test_accessibility import describe

    assert shown["outputs_checked"] > 10  # axe looked at the lesson's outputs, not at an empty selector
    assert not shown["axe"], describe(shown["axe"])
