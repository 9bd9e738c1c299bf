"""The class report, built from saved files that the real quiz widget wrote (students driven
through Check and the autosave), plus bad files that must be listed, never lost."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from class_report_support import CLASS, save_class
from lessonkit import classfiles, classreport
from lessonkit.classfiles import read_class as read_folder
from lessonkit.classreport import report_csv, report_html
from lessonkit.classstats import Guide, parse_guide, question_rows, revisit_first
from lessonkit.data import load_course
from lessonkit.savedanswers import MAX_BYTES
from quiz_support import quiz_folder

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "class_report"
FAULTS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())

#: A guide for the sample quiz: two learning outcomes, sections in a notebook called "01 Sample".
GUIDE_TEXT = """# Guide
[01 Sample](../notebooks/01_sample.ipynb)

## Learning outcomes

| # | Students can… | Where it is taught | Quiz questions |
|---|---|---|---|
| 1 | explain the crisis of January 2024 | [01 Sample](../notebooks/01_sample.ipynb) › *January 2024*, *Who said what* | `january_events`, `crisis_order` |
| 2 | describe the visit and the border | [01 Sample](../notebooks/01_sample.ipynb) › *The visit* | `documents_signed`, `border_km` |

## Next
"""
GUIDE = parse_guide(GUIDE_TEXT)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return quiz_folder(tmp_path_factory.mktemp("class"))


@pytest.fixture(scope="module")
def course(data_dir):
    return load_course(data_dir)


@pytest.fixture(scope="module")
def folder(course, tmp_path_factory):
    """The class of tests/class_report_support.py, saved by the quiz widget."""
    answers = tmp_path_factory.mktemp("answers")
    save_class(course, answers)
    return answers


def rows_by_id(course, folder, guide=GUIDE):
    return {r.question_id: r for r in question_rows(course, read_folder(folder, course), guide)}


# --- the numbers ---------------------------------------------------------------------------------


def test_saved_files_are_the_current_format_with_every_try(folder):
    saved = json.loads((folder / "answers-01_sample-Bilal.json").read_text(encoding="utf-8"))
    assert saved["format"] == 3
    signed = next(q for q in saved["questions"] if q["id"] == "documents_signed")
    assert [a["answer"] for a in signed["attempts"]] == ["12", "5", "8"]


def test_numbers_per_question(course, folder):
    rows = rows_by_id(course, folder)
    signed = rows["documents_signed"]
    assert (signed.answered, signed.first_try_right, signed.first_try_known, signed.right_in_end) == (4, 1, 4, 3)
    assert signed.mean_tries == pytest.approx(1.75) and signed.answer_shown == 0
    border = rows["border_km"]
    assert (border.answered, border.first_try_right, border.first_try_known, border.right_in_end) == (4, 1, 4, 2)
    assert border.answer_shown == 1  # Bilal, after two wrong tries
    events = rows["january_events"]
    assert (events.answered, events.first_try_right, events.right_in_end, events.mean_tries) == (
        3,
        2,
        3,
        pytest.approx(4 / 3),
    )
    order = rows["crisis_order"]
    assert (order.first_try_right, order.first_try_known) == (2, 3)
    assert "reflect_accounts" not in rows  # kept, not scored: shown under What students wrote


def test_most_chosen_wrong_option_comes_with_its_feedback(course, folder):
    rows = rows_by_id(course, folder)
    assert (rows["documents_signed"].wrong_answer, rows["documents_signed"].wrong_count) == ("12", 3)
    assert rows["documents_signed"].misconception.startswith("Twelve MoUs were signed during President Pezeshkian")
    assert (rows["january_events"].wrong_answer, rows["january_events"].wrong_count) == (
        "President Raisi's visit to Pakistan",
        1,
    )
    assert rows["january_events"].misconception == "The visit came later, on 22–24 April 2024."
    assert (rows["border_km"].wrong_answer, rows["border_km"].wrong_count) == ("559 km", 2)  # 1,000 km: once
    assert rows["border_km"].misconception.startswith("Too low. Look at the chart of border lengths")
    assert rows["crisis_order"].wrong_answer == (
        "Pakistani strikes near Saravan → Iranian strikes in Panjgur district"
        " → Pakistan recalls its ambassador from Iran"
    )


def test_skill_and_outcome_and_section(course, folder):
    rows = rows_by_id(course, folder)
    assert rows["documents_signed"].skill == "recall"  # the skill declared in the quiz file
    assert rows["documents_signed"].outcome == "2. describe the visit and the border"
    assert rows["crisis_order"].section == "01 Sample › January 2024, Who said what"
    assert rows_by_id(course, folder, Guide())["crisis_order"].outcome == "—"
    assert rows_by_id(course, folder, Guide())["crisis_order"].section == "01_sample"


def test_a_skill_field_is_shown_when_the_quiz_has_one(course, folder):
    spec = course.quizzes["01_sample"]
    with_skill = spec.model_copy(
        update={"questions": [q.model_copy(update={"skill": "sourcing"}) for q in spec.questions]}
    )
    course.quizzes["01_sample"] = with_skill
    try:
        assert rows_by_id(course, folder)["border_km"].skill == "sourcing"
    finally:
        course.quizzes["01_sample"] = spec


def test_revisit_first_lists_the_three_lowest_first_try_rates(course, folder):
    rows = question_rows(course, read_folder(folder, course), GUIDE)
    assert [r.question_id for r in revisit_first(rows)] == ["border_km", "documents_signed", "january_events"]


def test_older_files_count_with_what_they_hold(course, folder, tmp_path):
    """Format 1 (before every try was kept): first try known only when one try was right or wrong."""
    for path in folder.glob("answers-*.json"):
        saved = json.loads(path.read_text(encoding="utf-8"))
        del saved["format"]
        for record in saved["questions"]:
            del record["attempts"]
        (tmp_path / path.name).write_text(json.dumps(saved), encoding="utf-8")
    signed = rows_by_id(course, tmp_path)["documents_signed"]
    assert (signed.answered, signed.first_try_right, signed.first_try_known, signed.right_in_end) == (4, 1, 2, 3)
    assert (signed.wrong_answer, signed.wrong_count) == ("12", 1)  # only Darya's final answer is known to be wrong


# --- bad input: listed, never lost ------------------------------------------------------------------


def test_there_are_at_least_twelve_bad_file_fixtures():
    assert len(FAULTS) >= 12


@pytest.mark.parametrize("fault", FAULTS)
def test_each_bad_file_gives_its_message_and_the_rest_still_counts(course, fault, tmp_path):
    save_class(course, tmp_path, {"Cyrus": CLASS["Cyrus"]})
    for path in (FIXTURES / fault).iterdir():
        if path.name != "expected.txt":
            shutil.copyfile(path, tmp_path / path.name)
    answers = read_folder(tmp_path, course)
    expected = (FIXTURES / fault / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert answers.messages() == expected
    cyrus = next(s for s in answers.submissions if s.name == "Cyrus")
    assert cyrus.answers["documents_signed"].tries == 1
    page = report_html(course, answers, GUIDE, made="today")
    for line in expected:
        assert html_text(page).count(line.split(": ", 2)[2].split("; ")[0]) >= 1, line


def test_a_huge_file_is_refused_unread(course, tmp_path):
    save_class(course, tmp_path, {"Cyrus": CLASS["Cyrus"]})
    (tmp_path / "answers-01_sample-Huge.json").write_text('{"notebook": "01_sample", "pad": "' + "x" * MAX_BYTES + '"}')
    answers = read_folder(tmp_path, course)
    size = (tmp_path / "answers-01_sample-Huge.json").stat().st_size
    assert answers.messages() == [
        f"answers-01_sample-Huge.json: not used: refused unread: {size:,} bytes, over the limit "
        "of 1 MB (a saved answers file is a few KB)"
    ]
    assert [s.name for s in answers.submissions] == ["Cyrus"]


def test_usable_answers_in_a_file_with_a_removed_question_still_count(course, tmp_path):
    shutil.copyfile(
        FIXTURES / "question_removed" / "answers-01_sample-Ella.json", tmp_path / "answers-01_sample-Ella.json"
    )
    rows = rows_by_id(course, tmp_path)
    assert (rows["documents_signed"].answered, rows["border_km"].right_in_end) == (1, 1)


# --- the page: escaping, anonymising, CSV -------------------------------------------------------------


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


def html_text(page: str) -> str:
    return " ".join("".join(parsed(page).text).split())


@pytest.fixture(scope="module")
def report_page(course, folder):
    return report_html(course, read_folder(folder, course), GUIDE, made="today", plotly_js="/* plotly.js */")


def test_student_text_is_escaped_not_run_or_rendered(report_page):
    page = report_page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; **bold** [link](javascript:alert(1))\n# heading" in page
    assert "Trade &amp; &lt;b&gt;energy&lt;/b&gt;." in page
    tags = parsed(page).tags
    assert tags.count("script") == 2  # plotly.js and the one chart: nothing a student wrote
    assert "<b>energy" not in page and "<strong>bold" not in page and 'href="javascript' not in page


def test_written_answers_are_grouped_one_block_per_question(report_page):
    page = report_page
    text = html_text(page)
    assert text.count("01 Sample: Reflection in the quiz") == 1 and text.count("01 Sample: Key question") == 1
    assert '<p class="who">Amina Khan</p><p class="said">Compare both governments&#39; statements.</p>' in page
    assert '<p class="who">Cyrus</p><p class="said">Trade &amp; &lt;b&gt;energy&lt;/b&gt;.</p>' in page
    assert "Why did the two governments make up so fast?" in text


def test_names_are_shown_or_replaced_by_numbers(course, folder, report_page):
    page = report_page
    assert "Amina Khan" in page and "answers-01_sample" not in page  # every file was used
    anonymous = report_html(course, read_folder(folder, course), GUIDE, anonymise=True, made="today")
    for name in ("Amina", "Khan", "Bilal", "Cyrus", "Darya"):
        assert name not in anonymous
    assert all(f"Student {n}" in anonymous for n in range(1, 5)) and "Student 5" not in anonymous


def test_anonymised_report_hides_names_in_file_names_too(course, tmp_path):
    save_class(course, tmp_path, {"Cyrus": CLASS["Cyrus"]})
    shutil.copytree(FIXTURES / "duplicate_student", tmp_path, dirs_exist_ok=True)
    page = report_html(course, read_folder(tmp_path, course), GUIDE, anonymise=True, made="today")
    assert "Ella" not in page and "Cyrus" not in page
    # Files are numbered in name order: Cyrus's, then Ella-2 (the later save), then Ella.
    assert "<td>File 3</td><td>the same student saved this notebook again later; File 2 is used instead</td>" in page


def test_page_has_every_part(report_page):
    page = report_page
    text = html_text(page)
    for heading in (
        "Revisit first",
        "First tries by learning outcome",
        "Question by question",
        "What students wrote",
        "Files not used, and why",
        "How to read this report",
    ):
        assert f" {heading} " in f" {text} "
    assert (
        "01 Sample, question 3 (How long is the Iran–Pakistan border according to the CIA World Factbook?): "
        "25% right on the first try (1 of 4). Most chosen wrong answer: “559 km” (2). Go back to: 01 Sample › The visit."
        in text
    )
    assert "Every file was used." in text


def test_chart_of_first_tries_by_outcome_has_a_text_alternative(course, folder):
    chart = classreport.outcome_chart(question_rows(course, read_folder(folder, course), GUIDE))
    bar = chart.figure.data[0]
    assert list(bar.text) == ["67% (4 of 6)", "25% (2 of 8)"]
    assert chart.summary == (
        "Share of first tries that were right, by learning outcome: outcome 1: 67% (4 of 6); outcome 2: 25% (2 of 8)."
    )
    assert bar.marker.color == "#0072B2"  # Okabe–Ito blue; the rate is written on each bar too


def test_csv_has_the_same_rows(course, folder):
    rows = question_rows(course, read_folder(folder, course), GUIDE)
    table = list(csv.DictReader(io.StringIO(report_csv(rows))))
    assert [r["question_id"] for r in table] == [r.question_id for r in rows]
    signed = table[0]
    assert (
        signed["answered"],
        signed["right_first_try"],
        signed["first_try_rate"],
        signed["mean_tries"],
        signed["most_chosen_wrong_answer"],
        signed["chosen_by"],
    ) == ("4", "1", "0.250", "1.75", "12", "3")
    assert classreport._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"


def test_command_writes_the_page_and_the_csv(folder, data_dir, tmp_path):
    guide = tmp_path / "guide.md"  # the sample quiz's outcomes, not the real guide's
    guide.write_text(GUIDE_TEXT, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "tools/class_report.py",
            str(folder),
            "--out",
            str(tmp_path),
            "--anonymise",
            "--data",
            str(data_dir),
            "--guide",
            str(guide),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT / "notebooks"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"class-report\.html \([\d.]+ MB\) and .*class-report\.csv: 4 files used, 0 not used", done.stdout)
    page = (tmp_path / "class-report.html").read_text(encoding="utf-8")
    assert "Student 4" in page and "Bilal" not in page and "Plotly.newPlot" in page
    assert (tmp_path / "class-report.csv").read_text(encoding="utf-8").startswith("notebook,question,question_id")


@pytest.mark.kernel  # runs the notebook with nbclient
def test_instructor_notebook_runs_and_writes_the_report(tmp_path):
    """instructors/class_report.ipynb, run as JupyterLab runs it (from its own folder) on two real 01 files."""
    import nbformat
    from nbclient import NotebookClient

    from class_report_support import save_any_quiz

    real = load_course()
    (tmp_path / "instructors" / "answers").mkdir(parents=True)
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")
    for name, right_first in (("Ayesha", True), ("Reza", False)):
        save_any_quiz(real, tmp_path / "instructors" / "answers", "01_background", name, right_first)
    nb = nbformat.read(ROOT / "instructors" / "class_report.ipynb", as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(tmp_path / "instructors")}},
    ).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "2 files used, 0 not used. Full report:" in printed
    assert (tmp_path / "build" / "class-report" / "class-report.html").is_file()
    assert "Share of first tries that were right, by learning outcome: outcome " in printed


def test_files_saved_under_the_old_notebook_names_are_read_as_the_new_ones(tmp_path):
    """Lessons were renumbered (03 split, 04 -> 05, 05 -> 06): a class's older files still count."""
    from class_report_support import save_any_quiz

    real = load_course()
    path = save_any_quiz(real, tmp_path, "05_stakes_and_aftermath", "Ayesha", right_first=True)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["notebook"] = "04_stakes_and_aftermath"
    path.unlink()
    (tmp_path / "answers-04_stakes_and_aftermath-Ayesha.json").write_text(json.dumps(raw), encoding="utf-8")
    found = read_folder(tmp_path, real)
    assert [s.notebook for s in found.submissions] == ["05_stakes_and_aftermath"]
    assert found.unused == []


# --- no file can stop the report ------------------------------------------------------------------------

#: A file of 100,000 "[" is valid UTF-8 and crashed json.loads with RecursionError before.
DEEP = b"[" * 100_000


def test_a_deeply_nested_file_is_listed_and_the_report_is_written(course, tmp_path):
    save_class(course, tmp_path / "answers", {"Cyrus": CLASS["Cyrus"]})
    (tmp_path / "answers" / "answers-01_sample-Deep.json").write_bytes(DEEP)
    done = classreport.build(tmp_path / "answers", tmp_path / "out", course, GUIDE, renames={})
    assert done.answers.messages() == [
        "answers-01_sample-Deep.json: not used: nested too deeply to be a saved answers file: "
        "it is damaged or was not written by the quiz"
    ]
    assert "nested too deeply" in html_text(done.html.read_text(encoding="utf-8"))


def test_a_file_the_statistics_cannot_count_is_listed_not_fatal(course, tmp_path, monkeypatch):
    """A fault past the reader (here: the numbers raise on one student's file) loses that file only."""
    save_class(course, tmp_path, {"Cyrus": CLASS["Cyrus"], "Darya": CLASS["Darya"]})
    real = classfiles.question_rows

    def fragile(course_, answers, guide):
        if any(s.name == "Darya" for s in answers.submissions):
            raise TypeError("unexpected")
        return real(course_, answers, guide)

    monkeypatch.setattr(classfiles, "question_rows", fragile)
    answers = read_folder(tmp_path, course, renames={})
    assert answers.messages() == [
        "answers-01_sample-Darya.json: not used: damaged: part of it is not what the quiz writes (TypeError), "
        "so none of it is counted"
    ]
    assert [s.name for s in answers.submissions] == ["Cyrus"]


def test_two_files_with_the_same_student_name_are_flagged(course, tmp_path):
    save_class(course, tmp_path, {"Cyrus": CLASS["Cyrus"]})
    shutil.copytree(FIXTURES / "duplicate_student", tmp_path, dirs_exist_ok=True)
    answers = read_folder(tmp_path, course, renames={})
    assert [(s.name, s.files) for s in answers.same_names] == [
        ("Ella", ("answers-01_sample-Ella.json", "answers-01_sample-Ella-2.json"))
    ]
    text = html_text(report_html(course, answers, GUIDE, made="today"))
    assert "Names to check" in text
    assert "Ella, 01 Sample: answers-01_sample-Ella.json, answers-01_sample-Ella-2.json" in text
    anonymous = html_text(report_html(course, answers, GUIDE, anonymise=True, made="today"))
    assert "Ella" not in anonymous and "Student 1, 01 Sample: File 3, File 2" in anonymous
    alone = read_folder(FIXTURES / "bad_saved_at", course, renames={})
    assert alone.same_names == []


def test_skipped_guesses_are_counted_per_guess(course, tmp_path):
    save_class(course, tmp_path, {"Cyrus": CLASS["Cyrus"], "Darya": CLASS["Darya"]})
    for path in tmp_path.glob("answers-*.json"):
        saved = json.loads(path.read_text(encoding="utf-8"))
        saved["version"] = 3  # an unknown extra field is ignored
        saved["written"].append(
            {"id": "trade_guess", "kind": "guess", "prompt": "Guess the trade.", "text": "", "skipped": True}
        )
        path.write_text(json.dumps(saved), encoding="utf-8")
    answers = read_folder(tmp_path, course, renames={})
    assert answers.unused == []
    text = html_text(report_html(course, answers, GUIDE, made="today"))
    assert "Guess the trade. Skipped: 2 students chose not to guess here." in text


# --- files saved under a lesson's old name ---------------------------------------------------------------

RENAMES = classfiles.parse_renames(
    {
        "01_sample": {"lessons": ["02_first", "03_second"], "written": {"key_question": "03_second"}},
        "09_gone": {"lessons": ["10_nowhere"]},
    }
)


@pytest.fixture(scope="module")
def split_course(course):
    """The sample quiz split in two lessons by question: what 03_focus_areas became."""
    spec = course.quizzes["01_sample"]
    first = spec.model_copy(update={"questions": spec.questions[:2]})
    second = spec.model_copy(update={"questions": spec.questions[2:]})
    return dataclasses.replace(course, quizzes={"02_first": first, "03_second": second})


def test_renamed_notebooks_file_is_data_and_names_lessons_of_the_new_structure():
    renames = classfiles.load_renames()
    assert renames["03_focus_areas"].lessons == ("03_trade_and_energy", "04_border_people_region")
    assert renames["05_review"].lesson_of_written("roleplay_outcome") == "07_roleplay"
    assert renames["05_review"].lesson_of_written("key_question") == "06_review"
    with pytest.raises(ValueError, match=r"renamed_notebooks\.yaml: 05_review: written must map"):
        classfiles.parse_renames({"05_review": {"lessons": ["06_review"], "written": {"x": "08_nowhere"}}})


def test_a_file_saved_under_an_old_name_counts_in_the_lessons_holding_its_questions(course, split_course, folder):
    answers = read_folder(folder, split_course, renames=RENAMES)
    assert answers.unused == []
    first, second = ({q.id for q in split_course.quizzes[n].questions} for n in ("02_first", "03_second"))
    for sub in answers.submissions:
        assert set(sub.answers) <= (first if sub.notebook == "02_first" else second)
        assert all(w.id == "key_question" for w in sub.written) and (sub.notebook == "03_second" or not sub.written)
    rows = {r.question_id: r for r in question_rows(split_course, answers, GUIDE)}
    assert rows.keys() == first | second - {"reflect_accounts"}
    assert rows["documents_signed"].first_try_right == rows_by_id(course, folder)["documents_signed"].first_try_right
    assert ("answers-01_sample-Bilal.json", "01_sample", ("02_first", "03_second")) in answers.renamed
    text = html_text(report_html(split_course, answers, GUIDE, made="today"))
    assert "answers-01_sample-Bilal.json: saved for 01_sample, counted in 02_first and 03_second" in text


def test_a_file_of_an_old_name_with_no_lesson_here_says_why(course, split_course, tmp_path):
    save_class(course, tmp_path, {"Cyrus": CLASS["Cyrus"]})
    saved = json.loads((tmp_path / "answers-01_sample-Cyrus.json").read_text(encoding="utf-8"))
    (tmp_path / "answers-09_gone-Cyrus.json").write_text(json.dumps({**saved, "notebook": "09_gone"}))
    answers = read_folder(tmp_path, split_course, renames=RENAMES)
    assert [m.split(": not used: ")[0] for m in answers.messages()] == ["answers-09_gone-Cyrus.json"]
    assert "answers for notebook '09_gone', which has no quiz in this module" in answers.messages()[0]


# --- property: any damage to real saved files, the report is written and every bad file listed ---------


def _seeds(folder: Path) -> dict[str, bytes]:
    """Real saved files: the class the quiz widget saved, and the fixtures' files."""
    seeds = {p.name: p.read_bytes() for p in sorted(folder.glob("answers-*.json"))}
    for path in sorted(FIXTURES.glob("*/answers-*.json")):
        seeds[f"answers-01_sample-{path.parent.name}.json"] = path.read_bytes()
    return seeds


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def damaged(draw, content: bytes) -> tuple[bytes, bool]:
    """``content`` damaged one way; and whether no reader could use it (True) or it may be usable."""
    kind = draw(st.sampled_from(["truncate", "binary", "empty", "deep", "huge", "latin1", "replace", "delete"]))
    if kind == "truncate":
        return content[: draw(st.integers(1, max(1, len(content) - 2)))], True
    if kind == "binary":
        return draw(st.binary(min_size=1, max_size=200)) + b"\x00\xff", True
    if kind == "empty":
        return draw(st.sampled_from([b"", b"  \n", b"\xef\xbb\xbf"])), True
    if kind == "deep":
        depth = draw(st.integers(1_000, 100_000))
        return draw(st.sampled_from([b"[", b'{"a":'])) * depth, True
    if kind == "huge":
        return content[:-1] + b" " * (MAX_BYTES + 1) + content[-1:], True
    if kind == "latin1":
        return content.replace(b"{", b'{"name\xe9": "\xe9",', 1), True
    try:
        raw = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return content, True
    path = draw(st.sampled_from(list(_paths(raw))))
    if not path:
        return json.dumps(draw(JSON_VALUES)).encode(), False
    parent = raw
    for key in path[:-1]:
        parent = parent[key]
    if kind == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(JSON_VALUES)
    return json.dumps(raw, allow_nan=True).encode(), False


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_damage_to_saved_files_still_writes_the_report_and_lists_every_bad_file(course, folder, data):
    seeds = _seeds(folder)
    names = data.draw(st.lists(st.sampled_from(sorted(seeds)), min_size=1, max_size=2, unique=True), label="files")
    with tempfile.TemporaryDirectory() as tmp:
        answers_dir = Path(tmp)
        for name, content in seeds.items():
            if name.startswith("answers-01_sample-Cyrus"):
                (answers_dir / name).write_bytes(content)  # a good file every time
        unusable = set()
        for name in names:
            content, bad = data.draw(damaged(seeds[name]), label=name)
            target = f"answers-01_sample-zz-{name.removeprefix('answers-01_sample-')}"
            (answers_dir / target).write_bytes(content)
            if bad:
                unusable.add(target)
        answers = read_folder(answers_dir, course, renames={})
        page = report_html(course, answers, GUIDE, made="today")
        report_csv(question_rows(course, answers, GUIDE))
        present = {p.name for p in answers_dir.iterdir()}
    listed = {u.file for u in answers.unused}
    used = {s.file for s in answers.submissions}
    assert unusable <= listed
    assert listed | used == present  # every file is counted or listed with its reason
    good = "answers-01_sample-Cyrus.json"  # counted, unless a damaged copy under the same name is later
    assert good in used or any(u.kept for u in answers.unused if u.file == good)
    assert all(u.reason for u in answers.unused) and "Files not used, and why" in page
