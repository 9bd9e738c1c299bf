"""The projector path (``make present``): a lesson served by Voilà with the projector
template, opened in Chromium with every request that leaves 127.0.0.1 aborted. The page
must ask nothing of the internet, show no code, use large type, the quiz must answer a
click with its feedback, and Download my answers must hand the browser the answers file."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

from browser_support import guard_requests, require_chromium
from lessonkit import answerfile
from tools import labserver, present

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02_the_visit.ipynb"
#: Culling for the test: a closed page's kernel goes within CULL_IDLE + CULL_INTERVAL seconds. Not
#: shorter: between the end of the run and the page's connection a kernel is idle with no page, and
#: at 10 s a busy machine lost a loading page's kernel to the culler (its quiz never came).
CULL_IDLE, CULL_INTERVAL = 45, 5
#: Page loads on a busy machine, each of which must draw the live quiz.
LOADS = 10
#: A CPU-bound process that stops on its own after 15 minutes if nothing kills it.
BURN = "import time\nend = time.monotonic() + 900\nwhile time.monotonic() < end:\n    pass"


#: jupyterlab-plotly, after drawing a figure, tries to keep a PNG copy in the notebook
#: (``model.setData``); Voilà's output model has no such method. The figure is drawn.
KNOWN_ERRORS = re.compile(r"setData is not a function")


def test_projector_template_drops_the_cdn_links_of_voilas_lab_template():
    template = (present.TEMPLATES / "voila" / "templates" / "projector" / "index.html.j2").read_text(encoding="utf-8")
    assert "extends 'lab/index.html.j2'" in template
    assert "cdn.jsdelivr.net" in template  # named only to be removed
    assert "| replace(cdn ~ 'all.min.css" in template and "| replace(cdn ~ 'v4-shims.min.css" in template


class Served(NamedTuple):
    """Voilà serving the lesson: its address, its token, and the folder the lesson runs in
    (where its kernels write the answers files)."""

    origin: str
    token: str
    folder: Path
    log: Path


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voilà serving a copy of the lesson, with private Jupyter config and state (one server for
    every test here). The copy runs in a folder of its own, so the answers its kernels save stay
    out of notebooks/ (where a later page load would bring them back); lessonkit is this checkout's."""
    require_chromium()
    work = tmp_path_factory.mktemp("voila")
    folder = work / "lessons"
    folder.mkdir()
    notebook = Path(shutil.copy(NOTEBOOK, folder))
    port, token = labserver.free_port(), secrets.token_hex(16)
    env = present.voila_env(labserver.private_jupyter_env(work))
    env["PYTHONPATH"] = str(ROOT / "notebooks")
    log = (work / "voila.log").open("wb")
    process = subprocess.Popen(
        present.voila_command(notebook, port, token=token, cull_idle=CULL_IDLE, cull_interval=CULL_INTERVAL),
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    _wait_for_port(port, process, work / "voila.log")
    try:
        yield Served(f"http://127.0.0.1:{port}", token, folder, work / "voila.log")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"nothing listened on port {port} within {seconds} s")


def _kernel_exists(origin: str, token: str, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{origin}/api/kernels/{kernel_id}?token={token}", timeout=10):
            return True
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise


def _kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").first.text_content())["kernelId"]


@pytest.fixture(scope="module")
def shown(voila, browser):
    """Open the lesson, answer the first single-choice question, read its feedback, then press
    Download my answers (in the answers bar) and keep the file the browser receives."""
    from browser import labdriver

    origin, token = voila.origin, voila.token
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
        with page.expect_download(timeout=60_000) as caught:
            page.locator("button", has_text="Download my answers").first.click()
        download = caught.value
        facts = {
            "download_name": download.suggested_filename,
            "download": Path(download.path()).read_text(encoding="utf-8"),
            "saved": {p.name: p.read_text(encoding="utf-8") for p in voila.folder.glob(answerfile.PATTERN)},
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


def test_download_my_answers_gives_the_students_answers_file(shown):
    """Issue 22, item 3, in Voilà: the answers bar's button hands the browser the answers file
    (an anywidget: the kernel sends the text, a Blob and an ``<a download>`` save it), and the
    file holds what the student did on the page: one question checked, with the feedback's verdict."""
    assert shown["download_name"] == answerfile.file_name("02_the_visit")
    data = json.loads(shown["download"])
    assert data["notebook"] == "02_the_visit" and data["format"] == answerfile.FORMAT
    checked = [q for q in data["questions"] if q["tries"]]
    assert len(checked) == 1, [q["id"] for q in checked]
    assert checked[0]["tries"] == 1 and len(checked[0]["attempts"]) == 1 and checked[0]["answer"] is not None
    assert checked[0]["correct"] is shown["feedback"].startswith("✓")
    # the same file the server keeps for the student (saved on the press, then sent)
    assert shown["saved"] == {shown["download_name"]: shown["download"]}


def test_type_is_large_for_the_back_of_the_room(shown):
    assert shown["font_px"] >= 20


def test_axe_finds_no_violation_in_the_lesson_on_the_projector(shown):
    from browser.test_accessibility import describe

    assert shown["outputs_checked"] > 10  # axe looked at the lesson's outputs, not at an empty selector
    assert not shown["axe"], describe(shown["axe"])


@pytest.fixture
def busy():
    """Two CPU-bound processes while the test runs: a projector laptop that is doing other work."""
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(2)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


@pytest.mark.stress  # 75-210 s with two CPU hogs: in make test-full, so make test keeps its budget
@pytest.mark.xfail(
    reason="issue 22, item 5 still open: 4 of 40 loads (8 Dec) showed 'Error displaying widget: model not "
    "found' although, 2 s later, the page's manager was restored with every model (402) and the kernel was "
    "untouched: the renderers gave up before the models came; remove this mark with the fix",
    strict=False,
)
def test_every_load_draws_the_live_quiz_on_a_busy_machine(voila, browser, busy):
    """Issue 22: in 2 of 6 loads on a busy machine the page drew text and figures but no quiz."""
    origin, token = voila.origin, voila.token
    missing = []
    for number in range(1, LOADS + 1):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda message, errors=errors: message.type == "error" and errors.append(message.text[:200]))
        page.on("pageerror", lambda error, errors=errors: errors.append(f"{error.name}: {error.message}"[:200]))
        try:
            page.goto(f"{origin}/?token={token}", timeout=180_000)
            question = page.locator(".widget-vbox").filter(has=page.locator(":scope > .widget-radio")).first
            try:
                question.locator(".widget-radio-box input").first.wait_for(timeout=120_000)
                assert question.locator(".widget-radio-box input").count() >= 2
                assert question.locator("button", has_text="Check").count() == 1
            except Exception:  # recorded with what the page and the server said; the next load still runs
                missing.append(_what_the_load_showed(number, page, voila, errors))
        finally:
            page.close(run_before_unload=True)  # as a closed tab does: its kernel is shut down
    assert missing == [], f"{len(missing)} of {LOADS} loads drew no quiz"


#: What each widget output of a page shows when it is not a widget.
WIDGET_STATES = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
    .map(n => n.textContent.trim()).filter(t => /Loading widget|Error displaying|model not found/.test(t))
    .map(t => t.slice(0, 60))"""
#: The page's widget manager (Voilà's app keeps it): restored from the kernel yet, and how many models.
MANAGER_STATE = """() => { const m = window.jupyterapp && window.jupyterapp.widgetManager;
    return m ? {restored: m.restoredStatus, models: Object.keys(m._models).length} : 'no widget manager'; }"""


def _what_the_load_showed(number: int, page, voila: Served, errors: list[str]) -> str:
    """A load that drew no quiz, told with what is needed to find why: the widget outputs, the
    widget manager, the page's kernel (still there?) and every server log line naming it."""
    kernel = _kernel_id(page)
    said = [line for line in voila.log.read_text(errors="replace").splitlines() if kernel in line]
    return (
        f"load {number}: outputs {page.evaluate(WIDGET_STATES)}; manager {page.evaluate(MANAGER_STATE)}; "
        f"kernel {kernel} exists: {_kernel_exists(voila.origin, voila.token, kernel)}; server on it: {said}; "
        f"errors: {[e for e in errors if not KNOWN_ERRORS.search(e)]}"
    )


def test_a_closed_pages_kernel_is_culled(voila, browser):
    """A page that goes away without saying so (a crashed tab, a laptop lid) leaves its kernel
    idle with no connection: the culler shuts it down."""
    origin, token = voila.origin, voila.token
    page = browser.new_page()
    try:
        page.goto(f"{origin}/?token={token}", timeout=180_000)
        kernel = _kernel_id(page)
        page.locator(".widget-radio-box input").first.wait_for(timeout=120_000)
        assert _kernel_exists(origin, token, kernel)
    finally:
        page.close(run_before_unload=False)  # no shutdown request: only the culler can end it
    deadline = time.monotonic() + 3 * (CULL_IDLE + CULL_INTERVAL)
    while _kernel_exists(origin, token, kernel) and time.monotonic() < deadline:
        time.sleep(1)
    assert not _kernel_exists(origin, token, kernel)


def test_culling_is_on_and_spares_connected_pages():
    command = " ".join(present.voila_command(NOTEBOOK, 8866))
    assert f"--MappingKernelManager.cull_idle_timeout={present.CULL_IDLE}" in command
    assert "--MappingKernelManager.cull_connected=False" in command  # a page on the wall stays live
    assert present.CULL_IDLE > 0 and present.CULL_INTERVAL > 0


@pytest.mark.full
@pytest.mark.kernel
def test_one_ctrl_c_stops_the_server_and_its_kernels(tmp_path):
    """`make present` runs tools/present.py in the terminal: one SIGINT (Ctrl+C) must stop it,
    with the kernel a page started."""
    port, token = labserver.free_port(), secrets.token_hex(8)
    env = present.voila_env(labserver.private_jupyter_env(tmp_path))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "notebooks"), str(ROOT)])
    log = tmp_path / "present.log"
    with log.open("wb") as out:
        tool = subprocess.Popen(
            [sys.executable, "tools/present.py", str(NOTEBOOK), "--port", str(port), "--token", token],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that a failure below can stop Voilà too
        )
        try:
            _wait_for_port(port, tool, log)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=300) as response:
                html = response.read().decode()
            kernel = json.loads(
                html.split('<script id="jupyter-config-data" type="application/json">')[1].split("</script>")[0]
            )["kernelId"]
            assert _kernel_exists(f"http://127.0.0.1:{port}", token, kernel)
            tool.send_signal(signal.SIGINT)
            code = tool.wait(timeout=present.STOP_WAIT + 60)  # a bound, not a timing: a busy machine is slow to exit
        finally:
            if tool.poll() is None:
                os.killpg(tool.pid, signal.SIGKILL)  # the tool, and the Voilà and kernels it started
    assert code == 0, log.read_text(errors="replace")[-2000:]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    kernels = subprocess.run(["pgrep", "-f", kernel], capture_output=True, text=True).stdout.split()
    assert kernels == [], f"kernel {kernel} still runs after Ctrl+C"
