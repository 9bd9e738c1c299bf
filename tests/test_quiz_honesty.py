"""Honest skills and no leaks.

- A ``transfer`` question brings its new material in its own prompt (a quoted headline or
  statement, or a number), and no run of 8 words from its prompt appears in any notebook.
- Recall is at most 40 % of the module's scored questions.
- No question's answer appears in another question of the same quiz: a numeric answer (as digits
  or as a word; a number under 100 only with its unit, "9 days") is printed nowhere else in its file, and a known give-away phrase of a question's
  answer (``GIVE_AWAYS``) appears in no other question of its file.
- The growth calculator never prints a rate that a quiz asks for.

Each rule has a fixture in ``tests/fixtures/quiz_clues/`` that breaks it.
"""

import json
import re
import shutil
from pathlib import Path

import pytest

from lessonkit import charts
from lessonkit.data import load_course
from quiz_support import FIXTURES, quiz_folder

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
RUN = 8
MAX_RECALL_SHARE = 0.40
NUMBER_WORDS = dict(
    enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
)

#: Phrases that state a question's answer; none may appear in another question of its file.
GIVE_AWAYS = {
    "pakistan_exports_record": [r"no exports", r"almost no", r"about zero", r"no recorded exports"],
    "documents_signed": [r"\beight\b"],  # asked in 02 and 06 by other names too
    "border_km_to_miles": [r"\b565\b"],
}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def notebook_runs(folder: Path = NOTEBOOKS) -> set[tuple[str, ...]]:
    """Every 8-word run in the notebooks' Markdown and stored outputs.

    Link texts are left out: they are source titles in citations and Sources lists, which name a
    transfer question's source without showing its content.
    """
    runs: set[tuple[str, ...]] = set()
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            parts = ["".join(cell["source"])] if cell["cell_type"] == "markdown" else []
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                parts.append("".join(data.get("text/html", data.get("text/plain", out.get("text", "")))))
            for part in parts:
                part = re.sub(r"<a\b[^>]*>.*?</a>|\[[^\]]*\]\(https?://[^)]*\)", " ", part, flags=re.S)
                runs |= _runs(_words(re.sub(r"<[^>]+>", " ", part)))
    return runs


def transfer_problems(specs: dict, runs: set) -> list[str]:
    problems = []
    for name, spec in specs.items():
        for q in spec.questions:
            if q.skill != "transfer":
                continue
            if not re.search(r"\d|[\"“][^\"”]{12,}[\"”]", q.prompt):
                problems.append(f"{name}:{q.id}: no new number, headline or statement in the prompt")
            seen = _runs(_words(q.prompt)) & runs
            if seen:
                problems.append(f"{name}:{q.id}: prompt repeats a notebook: '{' '.join(sorted(seen)[0])}'")
    return problems


def question_text(q) -> str:
    return " ".join([q.prompt, *(o.text for o in getattr(q, "options", []))])


def leak_problems(specs: dict) -> list[str]:
    problems = []
    for name, spec in specs.items():
        for q in spec.questions:
            patterns = list(GIVE_AWAYS.get(q.id, []))
            if q.type == "numeric":
                value = float(q.answer)
                if value == int(value):
                    number = rf"(?<![\d.,])(?:{int(value):,}|{int(value)})(?![\d]|[.,]\d)"
                    if int(value) in NUMBER_WORDS:
                        number = rf"(?:{number}|\b{NUMBER_WORDS[int(value)]}\b)"
                    # a short number leaks only with its unit ("9 days"); a long one on its own ("565")
                    unit = re.escape(q.unit.split()[0].lstrip("%")) if len(str(int(value))) < 3 else ""
                    patterns.append(number + (rf"\W+(?:\w+\W+)?{unit}" if unit else ""))
            for other in spec.questions:
                if other is q:
                    continue
                for pattern in patterns:
                    if re.search(pattern, question_text(other), flags=re.I):
                        problems.append(f"{name}: the answer of {q.id} ({pattern}) is in {other.id}")
    return problems


@pytest.fixture(scope="module")
def specs():
    return load_course().quizzes


def test_transfer_questions_bring_new_material(specs):
    assert transfer_problems(specs, notebook_runs()) == []


def test_recall_is_at_most_forty_percent_of_the_module(specs):
    scored = [q for spec in specs.values() for q in spec.questions if q.scored]
    recall = [q.id for q in scored if q.skill == "recall"]
    assert len(recall) <= MAX_RECALL_SHARE * len(scored), (len(recall), len(scored))


def test_no_answer_leaks_into_another_question(specs):
    assert leak_problems(specs) == []


def test_the_growth_calculator_never_prints_a_quiz_rate(course):
    printed = list(charts.baselines(course)["required_pct"])
    for name, spec in course.quizzes.items():
        for q in spec.questions:
            if q.type == "numeric" and "%" in q.unit:
                clash = [p for p in printed if abs(p - float(q.answer)) <= max(float(q.tolerance), 0.5)]
                assert not clash, f"{name}:{q.id} asks for {q.answer}, which the calculator prints"


def test_transfer_rule_can_fail(tmp_path):
    folder = quiz_folder(tmp_path)
    shutil.copy(FIXTURES / "quiz_clues" / "transfer_from_the_notebook.yaml", folder / "quizzes")
    spec = load_course(folder).quizzes["transfer_from_the_notebook"]
    notebook = tmp_path / "nb"
    notebook.mkdir()
    cell = {"cell_type": "markdown", "source": ["Iran said it hit only militants of Jaish al-Adl in Panjgur."]}
    (notebook / "x.ipynb").write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    problems = transfer_problems({"t": spec}, notebook_runs(notebook))
    assert any("repeats a notebook" in p for p in problems), problems
    assert any("no new number" in p for p in problems), problems


def test_leak_rule_can_fail(tmp_path):
    folder = quiz_folder(tmp_path)
    shutil.copy(FIXTURES / "quiz_clues" / "answer_in_another_question.yaml", folder / "quizzes")
    spec = load_course(folder).quizzes["answer_in_another_question"]
    problems = leak_problems({"a": spec})
    assert any("border_km_to_miles" in p for p in problems), problems
    assert any("documents_signed" in p for p in problems), problems
