"""The instructor's answer key: what it lists, and the command that writes it (never into notebooks/)."""

import re
import subprocess
from pathlib import Path

import pytest

from lessonkit.answerkey import answer_key, quiz_key
from lessonkit.data import load_course
import run_support
from lessonkit.quiz import label_text, quiz
from quiz_support import quiz_folder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return quiz_folder(tmp_path_factory.mktemp("key"))


@pytest.fixture(scope="module")
def key(folder):
    return answer_key(load_course(folder))


def test_key_gives_every_answer_with_its_feedback(key):
    assert key.startswith("# Answer key: self-check quizzes\n")
    assert "## 01_sample: Check your understanding: the January 2024 crisis" in key
    assert "**Not for students.**" in key
    assert "### 1. single choice, skill: recall (`documents_signed`)" in key
    assert "### 5. reflection, not scored, skill: reflection (`reflect_accounts`)" in key
    # lettered in the order students see them (the seeded shuffle), not in file order
    assert (
        "- **A.** ✓ **8** (correct) — Eight documents were signed while Sharif and Raisi looked on.\n"
        "- **B.** ✗ 5 — Five is not the count reported for 22 April 2024.\n"
        "- **C.** ✗ 12 — Twelve MoUs were signed during President Pezeshkian's visit"
    ) in key
    assert "- **D.** ✗ President Raisi's visit to Pakistan — The visit came later, on 22–24 April 2024." in key
    assert "**Answer:** 909 km (accept 899 to 919)" in key
    assert "- Hint if not: Look at the chart of border lengths" in key
    assert (
        "1. 16 January 2024: Iranian strikes in Panjgur district (`strike_panjgur`)\n"
        "2. 17 January 2024: Pakistan recalls its ambassador from Iran (`ambassador_recall`)\n"
        "3. 18 January 2024: Pakistani strikes near Saravan (`strike_saravan`)"
    ) in key
    assert "**What a thoughtful answer considers:** Say who claims what" in key
    assert (
        "Sources: Dawn, *Iran president wraps up Pakistan visit*, 24 Apr 2024, <https://www.dawn.com/news/1829340>."
    ) in key


def test_key_letters_options_as_the_quiz_shows_them(folder):
    """Option A in the key is the first option on the student's screen, for every choice question."""
    course = load_course(folder)
    key = answer_key(course)
    for view in quiz(course, "01_sample").questions:
        if view.question.type == "single":
            shown = [label for label, _ in view.answer_widget.options]
        elif view.question.type == "multiple":
            shown = [label_text(box.description) for box in view.choices]
        else:
            continue
        for letter, text in zip("ABCDEFGH", shown):
            assert re.search(rf"- \*\*{letter}\.\*\* [✓✗] (\*\*)?{re.escape(text)}", key), (
                view.question.id,
                letter,
                text,
            )


def test_key_keeps_file_order_when_the_quiz_is_not_shuffled(tmp_path):
    text = (quiz_folder(tmp_path / "a") / "quizzes" / "01_sample.yaml").read_text(encoding="utf-8")
    course = load_course(quiz_folder(tmp_path / "b", {"02_fixed": "shuffle: false\n" + text}))
    assert "- **A.** ✓ **8** (correct)" in quiz_key(course, "02_fixed")
    assert "- **B.** ✗ 12 — " in quiz_key(course, "02_fixed")


def test_key_for_one_notebook_and_exact_numeric_answers(tmp_path):
    course = load_course(
        quiz_folder(
            tmp_path,
            {
                "02_count": """\
        title: "Count <script>x</script>"
        lesson_rules: false
        questions:
          - id: days
            type: numeric
            skill: calculation
            prompt: How many days after the recall were the ambassadors back?
            answer: 9
            tolerance: 0
            unit: days
            feedback_correct: From 17 to 26 January.
            feedback_incorrect: Subtract the dates.
            source_ids: [cbc_reuters_2024_01_17]
        """
            },
        )
    )
    section = quiz_key(course, "02_count")
    assert section.startswith("## 02_count: Count &lt;script>x&lt;/script>")
    assert "**Answer:** 9 days (exactly)" in section
    assert "01_sample" not in answer_key(course, ["02_count"])


def run_tool(*args: str) -> subprocess.CompletedProcess:
    return run_support.run_tool("answer_key", *args, timeout=120)


def test_tool_writes_the_key_where_asked(folder, key, tmp_path):
    out = tmp_path / "build" / "answer-key.md"
    result = run_tool(str(out), "--data", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote the answer key for 1 quiz to {out}.\n"
    assert out.read_text(encoding="utf-8") == key


def test_tool_refuses_to_write_into_notebooks(folder):
    target = ROOT / "notebooks" / "answer-key.md"
    result = run_tool(str(target), "--data", str(folder))
    assert result.returncode == 2
    assert "Refusing to write the answer key into" in result.stderr and "build/answer-key.md" in result.stderr
    assert not target.exists()


def test_tool_reports_an_unknown_notebook_and_bad_data(folder, tmp_path):
    result = run_tool(str(tmp_path / "key.md"), "09_nope", "--data", str(folder))
    assert (result.returncode, result.stderr) == (1, "No quiz named '09_nope' in data/quizzes (found: 01_sample).\n")
    (folder.parent / "bad").mkdir()
    bad = quiz_folder(folder.parent / "bad", {"02_bad": "title: Bad\nquestions: []\n"})
    result = run_tool(str(tmp_path / "key.md"), "--data", str(bad))
    assert result.returncode == 1
    assert "quizzes/02_bad.yaml: questions: expected at least 1 question" in result.stderr
    assert not (tmp_path / "key.md").exists()


def test_committed_answer_key_is_up_to_date():
    """instructors/answer-key.md is what the tool writes from today's quiz files (regenerate it if this fails:
    python -m tools.answer_key instructors/answer-key.md)."""
    committed = (ROOT / "instructors" / "answer-key.md").read_text(encoding="utf-8")
    assert committed == answer_key(load_course()), (
        "instructors/answer-key.md is out of date: run python -m tools.answer_key instructors/answer-key.md"
    )
    assert "**Not for students.**" in committed.split("\n## ", 1)[0]
