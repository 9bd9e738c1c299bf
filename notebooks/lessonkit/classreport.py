"""The class report as files: one HTML page that works offline (plotly.js inside) and a CSV
with one row per question.

The numbers come from :mod:`lessonkit.classstats`, the files from :mod:`lessonkit.classfiles`;
this module only renders them. The page is ``templates/class_report.html.j2``, rendered by
Jinja2 with autoescaping: student text is escaped wherever it is shown, never rendered as
Markdown. The command line is ``tools/class_report.py`` (``make class-report ANSWERS=…``).
"""

from __future__ import annotations

import csv
import html
import io
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import plotly
from markupsafe import Markup

from .classfiles import ClassFiles, Rename, read_class
from .classstats import (
    NONE,
    Guide,
    QuestionRow,
    file_labels,
    question_rows,
    read_outcomes,
    revisit_first,
    student_names,
    written_blocks,
)
from .data import Course
from .palette import COLORS
from .quiz import markdown_html
from .savedanswers import ClassAnswers
from .text import json_for_script
from .visual import Visual, finish, new_figure

__all__ = ["build", "outcome_chart", "question_rows", "read_outcomes", "report_csv", "report_html", "revisit_first"]

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
TEMPLATES = Path(__file__).resolve().parent / "templates"
KIND_LABELS = {
    "reflection": "Reflection in the quiz",
    "key_question": "Key question",
    "guess": "Guess before a reveal",
    "roleplay": "Role-play",
    "note": "Note",
}
_PAGE = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
).get_template("class_report.html.j2")


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


def _figure(chart: Visual) -> dict[str, Markup]:
    """The chart's data, layout and config as JSON safe inside <script>."""
    spec = chart.figure.to_plotly_json()
    spec["layout"].pop("title", None)  # the page's <figcaption> carries it
    spec["layout"]["margin"] = {**spec["layout"].get("margin", {}), "t": 10}
    return {
        "data": Markup(json_for_script(spec["data"])),
        "layout": Markup(json_for_script(spec["layout"])),
        "config": Markup(json_for_script({**chart.config, "displayModeBar": False, "responsive": True})),
    }


def _notebook_rows(answers: ClassAnswers, rows: list[QuestionRow], guide: Guide, names, anonymise: bool):
    for notebook in sorted({r.notebook for r in rows} | {s.notebook for s in answers.submissions}):
        subs = [s for s in answers.submissions if s.notebook == notebook]
        yield {
            "title": guide.titles.get(notebook, notebook),
            "students": len({s.student for s in subs}),
            "who": sorted({names[s.student] for s in subs}, key=lambda n: (len(n), n) if anonymise else n),
            "rows": [
                {
                    **vars(r),
                    "first_try_rate": r.first_try_rate,
                    "misconception_html": _markdown(r.misconception_markdown),
                }
                for r in rows
                if r.notebook == notebook
            ],
        }


def _markdown(text: str | None) -> Markup | None:
    """Quiz Markdown (from the module's own quiz files) as the quiz shows it: sanitised HTML."""
    return Markup(markdown_html(text, inline=True)) if text else None


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
    blocks = [
        {
            "title": guide.titles.get(b.notebook, b.notebook),
            "kind": KIND_LABELS.get(b.kind, b.kind),
            "prompt_html": _markdown(b.prompt) if b.prompt_is_markdown else Markup(html.escape(b.prompt)),
            "texts": b.texts,
            "skipped": b.skipped,
        }
        for b in written_blocks(course, answers, names)
    ]
    same_names = [
        {
            "who": names.get(s.name, s.name) if not anonymise else _shown(answers, s, names),
            "notebook": guide.titles.get(s.notebook, s.notebook),
            "files": [labels[f] for f in s.files],
        }
        for s in getattr(answers, "same_names", [])
    ]
    renamed = [
        {"file": labels[file], "old": old, "new": [guide.titles.get(n, n) for n in new]}
        for file, old, new in getattr(answers, "renamed", [])
    ]
    titles = [guide.titles.get(n, n) for n in sorted({s.notebook for s in answers.submissions})]
    return _PAGE.render(
        notebooks=", ".join(titles) or "no answers yet",
        made=made or time.strftime("%d %B %Y, %H:%M"),
        counts={"used": len(answers.submissions), "students": len(names), "unused": len(answers.unused)},
        anonymised=anonymise,
        revisit=revisit_first(rows),
        chart=chart,
        figure=_figure(chart) if plotly_js is not None and chart.table.shape[0] else None,
        plotly_js=Markup(plotly_js or ""),
        notebook_rows=list(_notebook_rows(answers, rows, guide, names, anonymise)),
        blocks=blocks,
        unused=[
            {"file": labels[u.file], "reason": u.reason + (f"; {labels[u.kept]} is used instead" if u.kept else "")}
            for u in answers.unused
        ],
        notes=[{"file": labels[n.file], "text": n.text} for n in answers.notes],
        same_names=same_names,
        renamed=renamed,
        pct=_percent,
        tries=_tries,
        none=NONE,
    )


def _shown(answers: ClassAnswers, same, names: dict[str, str]) -> str:
    """How an anonymised report names the student of ``same``: the label of the file used."""
    used = next((s for s in answers.submissions if s.file == same.files[-1] and s.notebook == same.notebook), None)
    return names[used.student] if used else "A student"


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
    answers: ClassFiles
    seconds: float


def build(
    answers_dir: Path | str,
    out: Path | str,
    course: Course,
    guide: Guide | None = None,
    anonymise: bool = False,
    renames: dict[str, Rename] | None = None,
) -> Report:
    """Read ``answers_dir``, write ``class-report.html`` and ``class-report.csv`` into ``out``.
    ``renames``: old lesson names (default: data/renamed_notebooks.yaml)."""
    started = time.perf_counter()
    answers = read_class(answers_dir, course, renames)
    guide = read_outcomes() if guide is None else guide
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = question_rows(course, answers, guide)
    page = report_html(course, answers, guide, anonymise, plotly_js=PLOTLY_JS.read_text(encoding="utf-8"), rows=rows)
    (out / "class-report.html").write_text(page, encoding="utf-8")
    (out / "class-report.csv").write_text(report_csv(rows), encoding="utf-8")
    return Report(out / "class-report.html", out / "class-report.csv", answers, time.perf_counter() - started)
