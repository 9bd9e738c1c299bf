"""The class report: what a class got right and wrong in the self-check quizzes, from the
answers files their notebooks saved.

Usage (from the repository's root)::

    python -m lessonkit.classreport ANSWERS_DIR --out build/class-report [--anonymise]

(``PYTHONPATH=notebooks``; ``make class-report ANSWERS=<folder>`` and
``python tools/class_report.py`` do the same.) Writes ``class-report.html`` (one page that
works offline, plotly.js inside) and ``class-report.csv`` (one row per question).

The builders (:func:`question_rows`, :func:`revisit_first`, :func:`outcome_chart`,
:func:`report_html`, :func:`report_csv`) take data and return rows, a figure or text; the
files are read by :func:`read_outcomes` and :func:`lessonkit.savedanswers.read_folder`.
Student text is untrusted: it is escaped wherever it is shown, never rendered as Markdown.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import plotly
from markupsafe import Markup

from .data import Course
from .palette import COLORS
from .quiz import format_number, markdown_html
from .quizspec import ChoiceQuestion, NumericQuestion, OrderingQuestion, Question
from .savedanswers import ClassAnswers, Submission, read_folder
from .text import json_for_script
from .visual import Visual, finish, new_figure

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "instructors" / "README.md"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
NONE = "—"
KIND_LABELS = {
    "reflection": "Reflection in the quiz",
    "key_question": "Key question",
    "guess": "Guess before a reveal",
    "roleplay": "Role-play",
    "note": "Note",
}


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
    misconception_html: str | None = None  # the same, as the quiz shows it (sanitised)

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
        if value is None:
            continue
        if isinstance(question, ChoiceQuestion):
            right = {o.text for o in question.options if o.correct}
            found.update(t for t in (value if isinstance(value, list) else [value]) if t not in right)
        elif isinstance(question, NumericQuestion):
            found.add(f"{format_number(value)} {question.unit}")
        elif isinstance(question, OrderingQuestion):
            found.add(" → ".join(headlines.get(i, i) for i in value))
    return found


def _misconception(question: Question, wrong: str, course: Course) -> str:
    """The feedback the quiz gives for ``wrong`` (Markdown)."""
    if isinstance(question, ChoiceQuestion):
        return next(o.feedback for o in question.options if o.text == wrong)
    if isinstance(question, NumericQuestion):
        value = float(wrong.split()[0].replace(",", ""))
        side = "high" if value > question.answer else "low"
        return f"Too {side}. {question.feedback_incorrect}"
    return getattr(question, "feedback_incorrect", "")


def _section(question: Question, notebook: str, outcome: Outcome | None, title: str) -> str:
    """Where to go back to: the question's own ``section`` if the quiz file gives one, else the
    sections its learning outcome names in this notebook, else the notebook itself."""
    own = getattr(question, "section", None)
    if own:
        return f"{title} › {own}"
    sections = outcome.sections.get(notebook) if outcome else None
    return f"{title} › {', '.join(sections)}" if sections else title


def question_rows(course: Course, answers: ClassAnswers, guide: Guide) -> list[QuestionRow]:
    """One row per scored question of every notebook that has at least one usable file."""
    rows = []
    by_notebook: dict[str, list[Submission]] = {}
    for sub in answers.submissions:
        by_notebook.setdefault(sub.notebook, []).append(sub)
    headlines = dict(zip(course.events["id"], course.events["headline"].astype(str)))
    for notebook in sorted(by_notebook):
        title = guide.titles.get(notebook, notebook)
        for number, question in enumerate(course.quizzes[notebook].questions, start=1):
            if not question.scored:
                continue
            given = [s.answers[question.id] for s in by_notebook[notebook] if question.id in s.answers]
            answered = [a for a in given if a.tries > 0]
            firsts = [f for f in map(_first_try, answered) if f is not None]
            wrong = Counter(w for a in answered for w in _wrong_choices(question, a, headlines))
            order = [o.text for o in question.options] if isinstance(question, ChoiceQuestion) else sorted(wrong)
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
                    misconception_html=markdown_html(feedback, inline=True) if feedback else None,
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
    """Everything written for one prompt: (student, text) pairs, in the class's order."""

    notebook: str
    item_id: str
    kind: str
    prompt_html: str  # sanitised quiz Markdown, or escaped text from the saved files
    texts: list[tuple[str, str]]


def written_blocks(course: Course, answers: ClassAnswers, names: dict[str, str]) -> list[WrittenBlock]:
    """Reflections (quiz) and written items (key questions, guesses, …) grouped by prompt."""
    blocks: dict[tuple[str, str], dict[str, Any]] = {}
    for sub in answers.submissions:
        spec = course.quizzes[sub.notebook]
        who = names[sub.student]
        for question in spec.questions:
            answer = sub.answers.get(question.id)
            if question.scored or answer is None:
                continue
            text = (
                answer.final
                if isinstance(answer.final, str)
                else (answer.attempts[-1].answer if answer.attempts else None)
            )
            block = blocks.setdefault(
                (sub.notebook, question.id),
                {"kind": "reflection", "prompt": markdown_html(question.prompt, inline=True), "texts": []},
            )
            if isinstance(text, str) and text.strip():
                block["texts"].append((who, text.strip()))
        for item in sub.written:
            block = blocks.setdefault(
                (sub.notebook, item.id), {"kind": item.kind, "prompt": html.escape(item.prompt), "texts": []}
            )
            if item.text.strip():
                block["texts"].append((who, item.text.strip()))
    return [WrittenBlock(nb, qid, b["kind"], b["prompt"], b["texts"]) for (nb, qid), b in sorted(blocks.items())]


def student_names(answers: ClassAnswers, anonymise: bool) -> dict[str, str]:
    """How each student is shown: their name, or "Student 1…N" numbered in the order they first saved."""
    order = sorted(answers.submissions, key=lambda s: (s.saved_at, s.file))
    students = list(dict.fromkeys(s.student for s in order))
    return {s: (f"Student {i}" if anonymise else s) for i, s in enumerate(students, start=1)}


def file_labels(answers: ClassAnswers, anonymise: bool) -> dict[str, str]:
    """How each file is named in the report: its name, or "File 1…N" (file names hold students' names)."""
    return {f: (f"File {i}" if anonymise else f) for i, f in enumerate(answers.files, start=1)}


# --- the chart -----------------------------------------------------------------------------------


def _percent(rate: float | None) -> str:
    return NONE if rate is None else f"{rate * 100:.0f}%"


def outcome_chart(rows: list[QuestionRow]) -> Visual:
    """First-try rate by learning outcome: one bar each, the rate written on the bar (not colour alone)."""
    totals: dict[str, list[int]] = {}
    for row in rows:
        if row.outcome != NONE and row.first_try_known:
            right, known = totals.setdefault(row.outcome, [0, 0])
            totals[row.outcome] = [right + row.first_try_right, known + row.first_try_known]
    labels = sorted(totals, key=lambda label: int(label.split(".")[0]) if label.split(".")[0].isdigit() else 99)
    short = [label if len(label) <= 48 else label[:47].rstrip() + "…" for label in labels]
    rates = [totals[label][0] / totals[label][1] * 100 for label in labels]
    texts = [f"{rate:.0f}% ({totals[label][0]} of {totals[label][1]})" for label, rate in zip(labels, rates)]
    figure = new_figure(
        height=max(260, 70 + 48 * len(labels)),
        xaxis={"range": [0, 118], "title": {"text": "right on the first try (%)"}},
        yaxis={"autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 70, "b": 60},
    )
    figure.add_bar(
        x=rates,
        y=short,
        orientation="h",
        marker={"color": COLORS[0]},
        text=texts,
        textposition="outside",
        hovertext=[f"{label}<br>{text}" for label, text in zip(labels, texts)],
        hoverinfo="text",
        name="first-try rate",
    )
    if labels:
        parts = [f"outcome {label.split('.')[0]}: {text}" for label, text in zip(labels, texts)]
        summary = "Share of first tries that were right, by learning outcome: " + "; ".join(parts) + "."
    else:
        summary = "No first tries are known yet, so there is no rate to show by learning outcome."
    table = pd.DataFrame({"learning outcome": labels, "right on the first try": texts})
    return finish(figure, "Right on the first try, by learning outcome", summary, table, source_ids=[])


# --- HTML and CSV ------------------------------------------------------------------------------------


def _tries(value: float | None) -> str:
    return NONE if value is None else f"{value:.1f}"


_PAGE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class report: {{ notebooks }}</title>
<style>
body{font:1rem/1.5 system-ui,sans-serif;max-width:75rem;margin:0 auto;padding:1rem;color:#1a1a1a}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.n{text-align:right}.wide{overflow-x:auto}
.said{white-space:pre-wrap;margin:.2rem 0 .8rem;border-left:4px solid #767676;padding-left:.6rem}
.block{border-top:1px solid #999;margin-top:1.5rem}.who{font-weight:600;margin:0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem}
@media print{.skip,nav{display:none}section{break-inside:avoid-page}}
</style>
{% if figure %}<script>{{ plotly_js }}</script>{% endif %}
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>Class report: {{ notebooks }}</h1>
<p>Made on {{ made }} from {{ counts.used }} saved {{ 'file' if counts.used == 1 else 'files' }} of
{{ counts.students }} {{ 'student' if counts.students == 1 else 'students' }}{% if counts.unused %};
{{ counts.unused }} {{ 'file was' if counts.unused == 1 else 'files were' }} not used (see
<a href="#not-used">Files not used, and why</a>){% endif %}.
{% if anonymised %}Names are replaced by “Student 1…{{ counts.students }}” and file names by numbers.{% endif %}</p>
<nav aria-label="Parts of the report"><ul>
<li><a href="#revisit">Revisit first</a></li><li><a href="#outcomes">First tries by learning outcome</a></li>
<li><a href="#questions">Question by question</a></li><li><a href="#written">What students wrote</a></li>
<li><a href="#not-used">Files not used, and why</a></li><li><a href="#reading">How to read this report</a></li>
</ul></nav>
</header>
<main id="main">
<section aria-labelledby="revisit"><h2 id="revisit">Revisit first</h2>
{% if revisit %}<p>The questions with the lowest share of right first tries, and where the notebook teaches them:</p>
<ol>{% for r in revisit %}<li><strong>{{ r.notebook_title }}, question {{ r.number }}</strong> ({{ r.prompt }}):
{{ pct(r.first_try_rate) }} right on the first try ({{ r.first_try_right }} of {{ r.first_try_known }}).
{% if r.wrong_answer %}Most chosen wrong answer: “{{ r.wrong_answer }}” ({{ r.wrong_count }}).{% endif %}
Go back to: <em>{{ r.section }}</em>.</li>{% endfor %}</ol>
{% else %}<p>No first tries are known yet.</p>{% endif %}
</section>
<section aria-labelledby="outcomes"><h2 id="outcomes">First tries by learning outcome</h2>
{% if figure %}<figure aria-labelledby="chart-caption" aria-describedby="chart-summary">
<div id="outcome-chart" role="img" aria-labelledby="chart-caption" aria-describedby="chart-summary"></div>
<figcaption id="chart-caption">{{ chart.title }}</figcaption></figure>
<script>Plotly.newPlot("outcome-chart",{{ figure.data }},{{ figure.layout }},{{ figure.config }});</script>{% endif %}
<p id="chart-summary">{{ chart.summary }}</p>
</section>
<section aria-labelledby="questions"><h2 id="questions">Question by question</h2>
{% for nb in notebook_rows %}<h3>{{ nb.title }}</h3>
<p>Saved by: {{ nb.who|join(", ") }}.</p>
<div class="wide" role="region" aria-label="Questions of {{ nb.title }}" tabindex="0"><table>
<caption>{{ nb.title }}: {{ nb.students }} {{ 'student' if nb.students == 1 else 'students' }}</caption>
<thead><tr><th scope="col">Question</th><th scope="col">Answered</th><th scope="col">Right on the first try</th>
<th scope="col">Right in the end</th><th scope="col">Mean tries</th><th scope="col">Answer shown</th>
<th scope="col">Most chosen wrong answer, and the feedback it gets</th><th scope="col">Skill</th><th scope="col">Learning outcome</th></tr></thead>
<tbody>{% for r in nb.rows %}<tr><th scope="row">{{ r.number }}. {{ r.prompt }}</th><td class="n">{{ r.answered }}</td>
<td class="n">{{ r.first_try_right }} of {{ r.first_try_known }} ({{ pct(r.first_try_rate) }})</td>
<td class="n">{{ r.right_in_end }}</td><td class="n">{{ tries(r.mean_tries) }}</td><td class="n">{{ r.answer_shown }}</td>
<td>{% if r.wrong_answer %}“{{ r.wrong_answer }}” ({{ r.wrong_count }}): {{ r.misconception_html|safe }}{% else %}{{ none }}{% endif %}</td>
<td>{{ r.skill }}</td><td>{{ r.outcome }}</td></tr>{% endfor %}</tbody></table></div>
{% endfor %}</section>
<section aria-labelledby="written"><h2 id="written">What students wrote</h2>
{% for b in blocks %}<section class="block" aria-labelledby="w-{{ loop.index }}">
<h3 id="w-{{ loop.index }}">{{ b.title }}: {{ b.kind }}</h3><p>{{ b.prompt_html|safe }}</p>
{% if b.texts %}<ul>{% for who, text in b.texts %}<li><p class="who">{{ who }}</p><p class="said">{{ text }}</p></li>{% endfor %}</ul>
{% else %}<p>Nobody wrote anything here yet.</p>{% endif %}</section>
{% else %}<p>Nothing written yet.</p>{% endfor %}
</section>
<section aria-labelledby="not-used"><h2 id="not-used">Files not used, and why</h2>
{% if unused %}<div class="wide" role="region" aria-label="Files not used" tabindex="0"><table>
<thead><tr><th scope="col">File</th><th scope="col">Why it was not used</th></tr></thead>
<tbody>{% for u in unused %}<tr><td>{{ u.file }}</td><td>{{ u.reason }}</td></tr>{% endfor %}</tbody></table></div>
{% else %}<p>Every file was used.</p>{% endif %}
{% if notes %}<h3>Answers not counted in files that were used</h3>
<ul>{% for n in notes %}<li>{{ n.file }}: {{ n.text }}</li>{% endfor %}</ul>{% endif %}
</section>
<section aria-labelledby="reading"><h2 id="reading">How to read this report</h2>
<ul>
<li><strong>Answered</strong>: students who pressed Check at least once.</li>
<li><strong>Right on the first try</strong>: “3 of 8” means 8 first tries are known and 3 were right. Files saved
by an older version of the quiz keep only the last answer and the number of tries, so their first try is known
only when it was the only try.</li>
<li><strong>Most chosen wrong answer</strong>: the wrong answer most students chose at some try, with the feedback
the quiz gives for it: the misconception to talk about.</li>
<li><strong>Revisit first</strong> points to the notebook sections that teach the question's learning outcome
(from the instructor guide), or to the whole notebook when none is named.</li>
<li>A student who saved the same notebook twice counts once, with the later file.</li>
</ul></section>
</main>
</body>
</html>
""")


def report_html(
    course: Course,
    answers: ClassAnswers,
    guide: Guide,
    anonymise: bool = False,
    made: str | None = None,
    plotly_js: str | None = None,
    rows: list[QuestionRow] | None = None,
) -> str:
    """The whole report as one HTML page. ``plotly_js``: the library's text (read by the caller);
    ``rows``: :func:`question_rows` if already computed."""
    rows = question_rows(course, answers, guide) if rows is None else rows
    names = student_names(answers, anonymise)
    labels = file_labels(answers, anonymise)
    chart = outcome_chart(rows)
    figure = None
    if plotly_js is not None and chart.table.shape[0]:
        spec = chart.figure.to_plotly_json()
        spec["layout"].pop("title", None)  # the page's <figcaption> carries it
        spec["layout"]["margin"] = {**spec["layout"].get("margin", {}), "t": 10}
        figure = {
            "data": Markup(json_for_script(spec["data"])),
            "layout": Markup(json_for_script(spec["layout"])),
            "config": Markup(json_for_script({**chart.config, "displayModeBar": False, "responsive": True})),
        }
    notebook_rows = []
    for notebook in sorted({r.notebook for r in rows} | {s.notebook for s in answers.submissions}):
        students = len({s.student for s in answers.submissions if s.notebook == notebook})
        who = sorted(
            {names[s.student] for s in answers.submissions if s.notebook == notebook},
            key=lambda n: (len(n), n) if anonymise else n,
        )
        notebook_rows.append(
            {
                "title": guide.titles.get(notebook, notebook),
                "students": students,
                "who": who,
                "rows": [r for r in rows if r.notebook == notebook],
            }
        )
    blocks = [
        {
            "title": guide.titles.get(b.notebook, b.notebook),
            "kind": KIND_LABELS.get(b.kind, b.kind),
            "prompt_html": b.prompt_html,
            "texts": b.texts,
        }
        for b in written_blocks(course, answers, names)
    ]
    unused = [
        {"file": labels[u.file], "reason": u.reason + (f"; {labels[u.kept]} is used instead" if u.kept else "")}
        for u in answers.unused
    ]
    notes = [{"file": labels[n.file], "text": n.text} for n in answers.notes]
    titles = [guide.titles.get(n, n) for n in sorted({s.notebook for s in answers.submissions})]
    return _PAGE.render(
        notebooks=", ".join(titles) or "no answers yet",
        made=made or time.strftime("%d %B %Y, %H:%M"),
        counts={"used": len(answers.submissions), "students": len(names), "unused": len(answers.unused)},
        anonymised=anonymise,
        revisit=revisit_first(rows),
        chart=chart,
        figure=figure,
        plotly_js=Markup(plotly_js or ""),
        notebook_rows=notebook_rows,
        blocks=blocks,
        unused=unused,
        notes=notes,
        pct=_percent,
        tries=_tries,
        none=NONE,
    )


CSV_COLUMNS = [
    "notebook",
    "question",
    "question_id",
    "prompt",
    "type",
    "skill",
    "learning_outcome",
    "section",
    "answered",
    "right_first_try",
    "first_try_known",
    "first_try_rate",
    "right_in_end",
    "mean_tries",
    "answer_shown",
    "most_chosen_wrong_answer",
    "chosen_by",
    "its_feedback",
]


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def report_csv(rows: list[QuestionRow]) -> str:
    """The question rows as CSV text (the same rows as the report's tables)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        rate = "" if r.first_try_rate is None else f"{r.first_try_rate:.3f}"
        tries = "" if r.mean_tries is None else f"{r.mean_tries:.2f}"
        writer.writerow(
            [
                _cell(v)
                for v in (
                    r.notebook,
                    r.number,
                    r.question_id,
                    r.prompt,
                    r.type,
                    r.skill,
                    r.outcome,
                    r.section,
                    r.answered,
                    r.first_try_right,
                    r.first_try_known,
                    rate,
                    r.right_in_end,
                    tries,
                    r.answer_shown,
                    r.wrong_answer or "",
                    r.wrong_count,
                    r.misconception or "",
                )
            ]
        )
    return out.getvalue()


# --- putting it together ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """What :func:`build` wrote, from what, and how long it took."""

    html: Path
    csv: Path
    answers: ClassAnswers
    seconds: float


def build(
    answers_dir: Path | str, out: Path | str, course: Course, guide: Guide | None = None, anonymise: bool = False
) -> Report:
    """Read ``answers_dir``, write ``class-report.html`` and ``class-report.csv`` into ``out``."""
    started = time.perf_counter()
    answers = read_folder(answers_dir, course)
    guide = read_outcomes() if guide is None else guide
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = question_rows(course, answers, guide)
    page = report_html(course, answers, guide, anonymise, plotly_js=PLOTLY_JS.read_text(encoding="utf-8"), rows=rows)
    (out / "class-report.html").write_text(page, encoding="utf-8")
    (out / "class-report.csv").write_text(report_csv(rows), encoding="utf-8")
    return Report(out / "class-report.html", out / "class-report.csv", answers, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    from .data import DataError, load_course

    parser = argparse.ArgumentParser(prog="class_report", description="Write a class report from saved quiz answers.")
    parser.add_argument("answers", type=Path, help="the folder holding the class's answers-*.json files")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "class-report", help="where to write the report")
    parser.add_argument("--anonymise", action="store_true", help='show "Student 1…N" instead of names')
    parser.add_argument("--data", type=Path, default=None, help="the module's data folder (default: data/)")
    parser.add_argument("--guide", type=Path, default=GUIDE, help="the instructor guide with the learning outcomes")
    args = parser.parse_args(argv)
    if not args.answers.is_dir():
        parser.error(f"{args.answers}: no such folder")
    try:
        course = load_course(args.data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    done = build(args.answers, args.out, course, read_outcomes(args.guide), args.anonymise)
    a = done.answers
    print(
        f"{done.html} ({done.html.stat().st_size / 1e6:.1f} MB) and {done.csv}: {len(a.submissions)} files used, "
        f"{len(a.unused)} not used, {len(a.notes)} answers not counted; {done.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
