"""The class report's numbers, from a class's saved answers: one row per quiz question, the
texts students wrote grouped by prompt, how students and files are named. No HTML here
(:mod:`lessonkit.classreport` renders; :mod:`lessonkit.classfiles` reads the folder)."""

from __future__ import annotations

import html
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import Course
from .quiz import markdown_html
from .quizspec import Question
from .quiztypes import kind_of
from .savedanswers import ClassAnswers, Submission

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "instructors" / "README.md"
NONE = "—"


# --- learning outcomes (read from the instructor guide) ------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A row of the guide's Learning outcomes table."""

    number: int
    text: str
    sections: dict[str, list[str]]  # notebook name -> sections where it is taught
    question_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.number}. {self.text}"


@dataclass(frozen=True)
class Guide:
    """What the report takes from the instructor guide: outcomes and the notebooks' short titles."""

    outcomes: list[Outcome] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    def outcome_of(self, question_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if question_id in o.question_ids), None)


_NOTEBOOK_LINK = re.compile(r"\[([^\]]+)\]\(\.\./notebooks/([\w.-]+)\.ipynb\)((?:\s*›\s*\*[^*]+\*(?:,\s*\*[^*]+\*)*)?)")


def parse_guide(text: str) -> Guide:
    """The Learning outcomes table (``| # | Students can… | Where it is taught | Quiz questions |``)
    and the notebooks' link texts ("01 Background") of the instructor guide's Markdown."""
    titles = {name: label for label, name, _ in _NOTEBOOK_LINK.findall(text) if re.match(r"\d\d ", label)}
    outcomes = []
    section = text.split("## Learning outcomes", 1)[-1].split("\n## ", 1)[0] if "## Learning outcomes" in text else ""
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            sections = {name: re.findall(r"\*([^*]+)\*", where) for _, name, where in _NOTEBOOK_LINK.findall(cells[2])}
            outcomes.append(Outcome(int(cells[0]), cells[1], sections, tuple(re.findall(r"`([a-z0-9_]+)`", cells[3]))))
    return Guide(outcomes, titles)


def read_outcomes(path: Path | None = GUIDE) -> Guide:
    """The guide at ``path`` (default: instructors/README.md); an empty one if it is missing."""
    if path is None or not Path(path).is_file():
        return Guide()
    return parse_guide(Path(path).read_text(encoding="utf-8"))


# --- one row per question --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    notebook: str
    notebook_title: str
    number: int
    question_id: str
    prompt: str  # plain text
    type: str
    skill: str
    outcome: str
    section: str
    answered: int
    first_try_right: int
    first_try_known: int
    right_in_end: int
    mean_tries: float | None
    answer_shown: int
    wrong_answer: str | None  # the most chosen wrong answer (plain text)
    wrong_count: int
    misconception: str | None  # its feedback (plain text)
    misconception_markdown: str | None = None  # the same, as the quiz file writes it

    @property
    def first_try_rate(self) -> float | None:
        return self.first_try_right / self.first_try_known if self.first_try_known else None


def plain(markdown: str) -> str:
    """Quiz Markdown as plain text (for the CSV and for labels)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markdown_html(markdown, inline=True))).strip()


def _first_try(answer) -> bool | None:
    """Right on the first try: known from the tries in format 2; in format 1 only when one try was right."""
    if answer.tries == 0:
        return None
    if answer.attempts:
        return answer.attempts[0].correct is True
    if answer.attempts is None and answer.tries == 1 and answer.correct is not None:
        return answer.correct is True
    return None


def _right_in_end(answer) -> bool:
    if answer.tries == 0:
        return False
    if answer.attempts:
        return answer.attempts[-1].correct is True
    return answer.correct is True


def _wrong_choices(question: Question, answer, headlines: dict[str, str]) -> set[str]:
    """The wrong answers a student gave on the way (each once), as plain text keys."""
    given = (
        [a.answer for a in answer.attempts if a.correct is False]
        if answer.attempts is not None
        else ([answer.final] if answer.tries and answer.correct is False else [])
    )
    found: set[str] = set()
    for value in given:
        if value is not None:
            found.update(kind_of(question).wrong_answer(question, value, headlines))
    return found


def _misconception(question: Question, wrong: str, course: Course) -> str:
    """The feedback the quiz gives for ``wrong`` (Markdown)."""
    return kind_of(question).misconception(question, wrong, course)


def _section(question: Question, notebook: str, outcome: Outcome | None, title: str) -> str:
    """Where to go back to: the question's own ``section`` if the quiz file gives one, else the
    sections its learning outcome names in this notebook, else the notebook itself."""
    own = getattr(question, "section", None)
    if own:
        return f"{title} › {own}"
    sections = outcome.sections.get(notebook) if outcome else None
    return f"{title} › {', '.join(sections)}" if sections else title


def _questions(course: Course, notebook: str) -> list[Question]:
    """The questions of ``notebook``'s quiz; none for a lesson without a quiz (07_roleplay)."""
    spec = course.quizzes.get(notebook)
    return list(spec.questions) if spec is not None else []


def question_rows(course: Course, answers: ClassAnswers, guide: Guide) -> list[QuestionRow]:
    """One row per scored question of every notebook that has at least one usable file."""
    rows = []
    by_notebook: dict[str, list[Submission]] = {}
    for sub in answers.submissions:
        by_notebook.setdefault(sub.notebook, []).append(sub)
    headlines = dict(zip(course.events["id"], course.events["headline"].astype(str)))
    for notebook in sorted(by_notebook):
        title = guide.titles.get(notebook, notebook)
        for number, question in enumerate(_questions(course, notebook), start=1):
            if not question.scored:
                continue
            given = [s.answers[question.id] for s in by_notebook[notebook] if question.id in s.answers]
            answered = [a for a in given if a.tries > 0]
            firsts = [f for f in map(_first_try, answered) if f is not None]
            wrong = Counter(w for a in answered for w in _wrong_choices(question, a, headlines))
            order = kind_of(question).wrong_order(question, list(wrong))
            top = min(wrong, key=lambda t: (-wrong[t], order.index(t))) if wrong else None  # ties: quiz order
            feedback = _misconception(question, top, course) if top else None
            outcome = getattr(question, "outcome", None) or guide.outcome_of(question.id)
            rows.append(
                QuestionRow(
                    notebook=notebook,
                    notebook_title=title,
                    number=number,
                    question_id=question.id,
                    prompt=plain(question.prompt),
                    type=question.type,
                    skill=question.skill,
                    outcome=outcome.label if isinstance(outcome, Outcome) else (str(outcome) if outcome else NONE),
                    section=_section(question, notebook, outcome if isinstance(outcome, Outcome) else None, title),
                    answered=len(answered),
                    first_try_right=sum(firsts),
                    first_try_known=len(firsts),
                    right_in_end=sum(map(_right_in_end, answered)),
                    mean_tries=statistics.fmean(a.tries for a in answered) if answered else None,
                    answer_shown=sum(a.answer_shown for a in given),
                    wrong_answer=top,
                    wrong_count=wrong[top] if top else 0,
                    misconception=plain(feedback) if feedback else None,
                    misconception_markdown=feedback or None,
                )
            )
    return rows


def revisit_first(rows: list[QuestionRow], count: int = 3) -> list[QuestionRow]:
    """The ``count`` questions with the lowest first-try rate (ties: fewer right in the end first)."""
    known = [r for r in rows if r.first_try_rate is not None]
    return sorted(known, key=lambda r: (r.first_try_rate, r.right_in_end / max(r.answered, 1), r.notebook, r.number))[
        :count
    ]


# --- what students wrote ------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenBlock:
    """Everything written for one prompt: (student, text) pairs in the class's order, and how
    many students pressed "I'd rather not guess" (``skipped``). ``prompt`` is quiz Markdown when
    ``prompt_is_markdown``, else plain text from the saved files."""

    notebook: str
    item_id: str
    kind: str
    prompt: str
    prompt_is_markdown: bool
    texts: list[tuple[str, str]]
    skipped: int = 0


def _reflection_text(answer) -> Any:
    if isinstance(answer.final, str):
        return answer.final
    return answer.attempts[-1].answer if answer.attempts else None


def written_blocks(course: Course, answers: ClassAnswers, names: dict[str, str]) -> list[WrittenBlock]:
    """Reflections (quiz) and written items (key questions, guesses, …) grouped by prompt."""
    blocks: dict[tuple[str, str], dict[str, Any]] = {}
    for sub in answers.submissions:
        who = names[sub.student]
        for question in _questions(course, sub.notebook):
            answer = sub.answers.get(question.id)
            if question.scored or answer is None:
                continue
            block = blocks.setdefault(
                (sub.notebook, question.id),
                {"kind": "reflection", "prompt": question.prompt, "markdown": True, "texts": [], "skipped": 0},
            )
            text = _reflection_text(answer)
            if isinstance(text, str) and text.strip():
                block["texts"].append((who, text.strip()))
        for item in sub.written:
            block = blocks.setdefault(
                (sub.notebook, item.id),
                {"kind": item.kind, "prompt": item.prompt, "markdown": False, "texts": [], "skipped": 0},
            )
            if getattr(item, "skipped", False) is True:
                block["skipped"] += 1
            elif item.text.strip():
                block["texts"].append((who, item.text.strip()))
    return [
        WrittenBlock(nb, qid, b["kind"], b["prompt"], b["markdown"], b["texts"], b["skipped"])
        for (nb, qid), b in sorted(blocks.items())
    ]


def student_names(answers: ClassAnswers, anonymise: bool) -> dict[str, str]:
    """How each student is shown: their name, or "Student 1…N" numbered in the order they first saved."""
    order = sorted(answers.submissions, key=lambda s: (s.saved_at, s.file))
    students = list(dict.fromkeys(s.student for s in order))
    return {s: (f"Student {i}" if anonymise else s) for i, s in enumerate(students, start=1)}


def file_labels(answers: ClassAnswers, anonymise: bool) -> dict[str, str]:
    """How each file is named in the report: its name, or "File 1…N" (file names hold students' names)."""
    return {f: (f"File {i}" if anonymise else f) for i, f in enumerate(answers.files, start=1)}
