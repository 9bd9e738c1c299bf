"""The student's path in Chromium: write a guess and answer a quiz question; restart the kernel
and run all: both are back; Download my answers gives the file; in a fresh session (a new copy of
the module in a new folder, a new kernel, no answers file: what a new Binder session is), Load my
answers restores both.

One notebook, one JupyterLab start (serving a temporary folder with the two copies), two pages.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from . import labdriver

pytestmark = pytest.mark.browser

NOTEBOOK = "02_the_visit"
GUESS = "Iran wanted to show it still had friends"


def _copy_module(into: Path) -> Path:
    """A student's copy of the module: the data, lessonkit and one notebook (no answers file)."""
    ignore = shutil.ignore_patterns("__pycache__", "answers*.json", ".ipynb_checkpoints")
    shutil.copytree(labdriver.ROOT / "data", into / "data", ignore=ignore)
    shutil.copytree(labdriver.ROOT / "notebooks" / "lessonkit", into / "notebooks" / "lessonkit", ignore=ignore)
    shutil.copy(labdriver.ROOT / "notebooks" / f"{NOTEBOOK}.ipynb", into / "notebooks")
    return into / "notebooks"


def _wait_for(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


def _saved(folder: Path) -> dict | None:
    path = folder / f"answers-{NOTEBOOK}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _first_single() -> tuple[int, str]:
    """The number and id of the quiz's first one-answer question (its radio buttons come first)."""
    from lessonkit.data import load_course

    questions = load_course().quizzes[NOTEBOOK].questions
    number = next(n for n, q in enumerate(questions, start=1) if q.type == "single")
    return number, questions[number - 1].id


NUMBER, QUESTION = _first_single()


def _question(data: dict | None) -> dict:
    return next((q for q in (data or {}).get("questions") or [] if q.get("id") == QUESTION), {})


_RESTART = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  await w.sessionContext.session.kernel.restart();
}"""


def _restart_and_run_all(page, timeout_ms: int = 300_000) -> None:
    """Kernel → Restart Kernel and Run All Cells, without the confirmation dialog."""
    page.evaluate(_RESTART)
    page.wait_for_function(labdriver._PANEL_READY, timeout=timeout_ms, polling=200)
    page.evaluate(labdriver._START_RUN_ALL)
    page.wait_for_function(
        f"() => ({labdriver._RUN_ALL_DONE})() && ({labdriver._WIDGETS_PENDING})() === 0",
        timeout=timeout_ms,
        polling=200,
    )


def _cells(notebook_path: Path) -> dict[str, int]:
    import nbformat

    nb = nbformat.read(notebook_path, as_version=4)
    code = {i: c.source for i, c in enumerate(nb.cells) if c.cell_type == "code"}
    return {
        "setup": next(i for i, s in code.items() if "my_answers()" in s),
        "guess": next(i for i, s in code.items() if "ask.guess(" in s),
        "quiz": next(i for i, s in code.items() if "quiz.quiz(" in s),
    }


def _state(page, cells) -> tuple[str, list[bool], str]:
    """The guess box's text, which options of the first one-answer question are chosen, and the feedback."""
    labdriver.cell(page, cells["guess"]).scroll_into_view_if_needed()  # Lab draws only the cells in view
    guess = labdriver.cell(page, cells["guess"]).locator("textarea").first.input_value()
    quiz = labdriver.cell(page, cells["quiz"])
    quiz.scroll_into_view_if_needed()
    quiz.locator(".widget-radio-box").first.wait_for(timeout=30_000)
    radios = quiz.locator(".widget-radio-box").first.locator("input")
    chosen = [radios.nth(i).is_checked() for i in range(radios.count())]
    feedback = quiz.locator('[role="alert"]').first.inner_text() if quiz.locator('[role="alert"]').count() else ""
    return guess, chosen, feedback


def test_a_students_answers_survive_a_restart_a_download_and_a_new_session(browser, tmp_path_factory):
    root = tmp_path_factory.mktemp("students")
    first_folder = _copy_module(root / "first")
    fresh_folder = _copy_module(root / "fresh")
    cells = _cells(first_folder / f"{NOTEBOOK}.ipynb")
    with labdriver.LabServer(tmp_path_factory.mktemp("lab"), root_dir=root) as lab:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        record = labdriver.watch(page)
        labdriver.run_all(page, lab, f"first/notebooks/{NOTEBOOK}.ipynb")

        # Write a guess; it is saved once the student pauses, without pressing anything.
        labdriver.cell(page, cells["guess"]).locator("textarea").first.fill(GUESS)
        _wait_for(lambda: GUESS in json.dumps(_saved(first_folder) or {}), "the guess saved by itself")
        # Answer quiz question 1 and check it: saved at once.
        quiz = labdriver.cell(page, cells["quiz"])
        quiz.locator(".widget-radio-box").first.locator("input").nth(1).check()
        quiz.locator(f'button[title="Check: question {NUMBER}"]').click()
        _wait_for(lambda: _question(_saved(first_folder)).get("tries") == 1, "the checked answer saved")
        before = _state(page, cells)
        assert before[0] == GUESS and before[1].count(True) == 1 and before[2]

        _restart_and_run_all(page)
        assert _state(page, cells) == before, "the guess or the quiz answer did not come back after a restart"

        with page.expect_download(timeout=60_000) as download:
            quiz.get_by_role("button", name="Download my answers").click()
        downloaded = root / "Downloads" / download.value.suggested_filename  # kept after the page closes
        download.value.save_as(downloaded)
        assert download.value.suggested_filename == f"answers-{NOTEBOOK}.json"
        data = json.loads(downloaded.read_text(encoding="utf-8"))
        assert GUESS in json.dumps(data) and _question(data)["tries"] == 1
        assert record.outside == [] and record.page_errors == []
        context.close()
        lab.delete_sessions()

        # A new session: a fresh copy, nothing saved; Load my answers brings both back.
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        record = labdriver.watch(page)
        labdriver.run_all(page, lab, f"fresh/notebooks/{NOTEBOOK}.ipynb")
        assert _state(page, cells)[0] == "" and _saved(fresh_folder) is None
        bar = labdriver.cell(page, cells["setup"])
        with page.expect_file_chooser(timeout=30_000) as chooser:
            bar.locator("button.widget-upload").click()
        chooser.value.set_files(str(downloaded))
        bar.get_by_text("Load it?", exact=False).wait_for(timeout=30_000)
        assert labdriver.cell(page, cells["guess"]).locator("textarea").first.input_value() == ""  # asked first
        bar.get_by_role("button", name="Yes, load them").click()
        _wait_for(lambda: _state(page, cells) == before, "the answers loaded into the new session", timeout=30)
        _wait_for(lambda: GUESS in json.dumps(_saved(fresh_folder) or {}), "the loaded answers saved in the new folder")
        assert record.outside == [] and record.page_errors == []
        context.close()
        lab.delete_sessions()
