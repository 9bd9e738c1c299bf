"""instructors/ADAPTING.md, followed literally by a new instructor on a copy of data/.

The guide's examples sit in fenced blocks after markers such as ``<!-- example: new-event -->``;
the file to change is the last ``data/…`` path named in the sentence just before the block.
These tests take both from the guide itself, apply them as it says (append the row; append
the question after a blank line), and check that the result loads, shows up, and works in
the quiz widget; and that the commands, column lists and model rows it quotes are real.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from lessonkit import schemas, timelines
from lessonkit.answerkey import answer_key
from lessonkit.data import TABLES, DataError, load_course
from lessonkit.quiz import quiz

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "instructors" / "ADAPTING.md"
MARKER = re.compile(r"<!--\s*(example|header):\s*([\w.-]+)\s*-->")


def _blocks() -> dict[tuple[str, str], tuple[str, str | None]]:
    """(kind, name) -> (fenced block's text, last `data/…` path in the paragraph before it)."""
    tokens = MarkdownIt("commonmark").parse(GUIDE.read_text(encoding="utf-8"))
    found: dict[tuple[str, str], tuple[str, str | None]] = {}
    last_paragraph = ""
    for i, token in enumerate(tokens):
        if token.type == "inline":
            last_paragraph = token.content
        marker = MARKER.search(token.content) if token.type == "html_block" else None
        if not marker:
            continue
        key = (marker.group(1), marker.group(2))
        fence = tokens[i + 1] if i + 1 < len(tokens) else None
        assert fence is not None and fence.type == "fence", (
            f"ADAPTING.md: no fenced block right after {marker.group(0)}"
        )
        assert key not in found, f"ADAPTING.md: {marker.group(0)} appears twice"
        paths = re.findall(r"`(data/[^`]+)`", last_paragraph)
        found[key] = (fence.content, paths[-1] if paths else None)
    return found


BLOCKS = _blocks()


def block(kind: str, name: str) -> str:
    assert (kind, name) in BLOCKS, f"ADAPTING.md has no fenced block after <!-- {kind}: {name} -->"
    return BLOCKS[kind, name][0]


def target(name: str) -> str:
    path = BLOCKS[("example", name)][1]
    assert path, f"the sentence before <!-- example: {name} --> must name the file to change, as `data/…`"
    return path


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the repository's data/ that the test may change."""
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def append_row(data: Path, name: str) -> dict[str, str]:
    """'Paste this row as a new last line' (after making sure the last row ends with a line break)."""
    path = data / Path(target(name)).relative_to("data")
    text = path.read_text(encoding="utf-8")
    text += "" if text.endswith("\n") else "\n"
    path.write_text(text + block("example", name), encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    row = next(csv.reader(io.StringIO(block("example", name))))
    return dict(zip(header, row))


def append_question(data: Path, name: str) -> dict:
    """'Add a blank line after the last line, then paste the question.'"""
    path = data / Path(target(name)).relative_to("data")
    text = path.read_text(encoding="utf-8")
    text += "" if text.endswith("\n") else "\n"
    path.write_text(text + "\n" + block("example", name), encoding="utf-8")
    [question] = yaml.safe_load(block("example", name))
    return question


def load(data: Path):
    try:
        return load_course(data)
    except DataError as error:  # show the instructor's view of what went wrong
        pytest.fail(f"following ADAPTING.md left data that does not load:\n{error}")


def check(data: Path, cwd: Path, pythonpath: str | None) -> subprocess.CompletedProcess:
    """The guide's check command, run as an instructor runs it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return subprocess.run(
        [sys.executable, "-m", "lessonkit.check", str(data)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- the examples, applied ----------------------------------------------------------------------


def test_new_event_example_loads_and_is_on_the_timeline_data(data_copy):
    before = len(load_course(ROOT / "data").events)
    assert target("new-event") == "data/events.csv"
    row = append_row(data_copy, "new-event")
    course = load(data_copy)
    assert len(course.events) == before + 1
    event = course.events.set_index("id").loc[row["id"]]
    assert event["headline"] == row["headline"] and event["group"] == row["group"]
    assert event["start"].date().isoformat() == row["start_date"]
    assert event["place_id"] in set(course.places["id"])
    assert set(event["source_ids"]) <= set(course.sources["id"])
    # the notebooks pick it up: both event timelines and the event explorer list it
    assert row["id"] in set(timelines.relations_timeline(course).table["id"])
    assert row["id"] in set(timelines.crisis_timeline(course).table["id"])
    explorer = timelines.event_explorer(course)
    assert row["id"] in [value for _label, value in explorer.dropdown.options]
    explorer.dropdown.value = row["id"]
    assert html.escape(row["headline"]) in explorer.details.value


def test_new_question_example_loads_and_works_in_the_quiz_widget(data_copy, tmp_path):
    notebook = Path(target("new-question")).stem
    before = len(load_course(ROOT / "data").quizzes[notebook].questions)
    spec = append_question(data_copy, "new-question")
    course = load(data_copy)
    questions = course.quizzes[notebook].questions
    assert len(questions) == before + 1 and questions[-1].id == spec["id"]

    widget = quiz(course, notebook, save_dir=tmp_path)
    [view] = [v for v in widget.questions if v.question.id == spec["id"]]
    right = view.question.correct_indexes[0]
    wrong = next(i for i in range(len(view.question.options)) if i != right)
    view.answer_widget.value = wrong
    view.check_button.click()
    assert "Not quite:" in view.feedback.value
    view.answer_widget.value = right
    view.check_button.click()
    assert "Correct." in view.feedback.value
    assert view.correct is True and view.tries == 2 and "Correct (2 tries)" in view.status()
    assert f"(`{spec['id']}`)" in answer_key(course, [notebook])


def test_both_examples_together_pass_the_check_command(data_copy):
    append_row(data_copy, "new-event")
    append_question(data_copy, "new-question")
    done = check(data_copy, ROOT, "notebooks")  # PYTHONPATH=notebooks python -m lessonkit.check
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Data OK")
    windows = check(data_copy, ROOT / "notebooks", None)  # cd notebooks; python -m lessonkit.check
    assert windows.returncode == 0 and windows.stdout.startswith("Data OK"), windows.stderr


def test_the_mistake_shown_is_what_the_check_prints(data_copy):
    shown = block("example", "typo-output")
    misspelt = re.search(r"'([a-z0-9_]+)' is not there", shown).group(1)
    path = data_copy / "events.csv"
    row = block("example", "new-event")
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    correct = dict(zip(header, next(csv.reader(io.StringIO(row)))))["source_ids"].split(";")[0]
    assert misspelt != correct and misspelt in row.replace(correct, misspelt)
    path.write_text(path.read_text(encoding="utf-8") + row.replace(correct, misspelt), encoding="utf-8")
    done = check(data_copy, ROOT, "notebooks")
    assert done.returncode == 1
    last_row = len(path.read_text(encoding="utf-8").splitlines())
    assert done.stderr.replace(f"events.csv:{last_row}:", "events.csv:ROW:") == re.sub(
        r"events\.csv:\d+:", "events.csv:ROW:", shown
    )


# --- what the guide quotes is real ---------------------------------------------------------------


@pytest.mark.parametrize("file", ["events.csv", "places.csv", "sources.csv"])
def test_column_lists_match_the_files_and_the_schema(file):
    shown = block("header", file).strip()
    assert shown == (ROOT / "data" / file).read_text(encoding="utf-8").splitlines()[0]
    model = next(m for f, m, _ in TABLES.values() if f == file)
    assert shown.split(",") == list(model.model_fields)


@pytest.mark.parametrize("name, file", [("place-row", "places.csv"), ("source-row", "sources.csv")])
def test_model_rows_are_copied_from_the_real_files(name, file):
    shown = block("example", name).strip()
    assert shown in (ROOT / "data" / file).read_text(encoding="utf-8").splitlines(), (
        f"the {name} example in ADAPTING.md is no longer a row of data/{file}: copy the current row"
    )


def test_questions_is_the_last_key_of_every_quiz_file():
    """The guide says a new question goes at the end of the file; that holds only while it does."""
    for path in sorted((ROOT / "data" / "quizzes").glob("*.yaml")):
        keys = list(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert keys[-1] == "questions", f"{path.name}: 'questions' must stay the last key (ADAPTING.md relies on it)"


def test_lists_of_allowed_values_match_the_schema():
    text = GUIDE.read_text(encoding="utf-8")
    for model, column in [(schemas.Event, "group"), (schemas.Place, "kind"), (schemas.Source, "perspective")]:
        for value in model.model_fields[column].annotation.__args__:
            assert f"`{value}`" in text, f"ADAPTING.md does not list {column} value {value!r}"


def _recipe(makefile: str, target_name: str) -> str:
    match = re.search(rf"^{target_name}:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert match, f"Makefile has no {target_name} target"
    return match.group(1)


def test_commands_in_the_guide_are_the_makefiles():
    text = GUIDE.read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in (
        "make check",
        "PYTHONPATH=notebooks python -m lessonkit.check",
        "python -m lessonkit.check",
        "make refresh",
        "python -m tools.refresh_notebooks notebooks/*.ipynb",
        "make test",
        "make test-fast",
        "make answer-key",
    ):
        assert command in text, f"ADAPTING.md no longer gives the command {command!r}"
    assert "-m lessonkit.check" in _recipe(makefile, "check")
    assert "-m tools.refresh_notebooks notebooks/*.ipynb" in _recipe(makefile, "refresh")
    assert "-m pytest" in _recipe(makefile, "test")
    assert '-m "not browser and not kernel and not full"' in _recipe(makefile, "test-fast")
    assert "build/answer-key.md" in _recipe(makefile, "answer-key")
    assert "export PYTHONPATH := $(CURDIR)/notebooks" in makefile
