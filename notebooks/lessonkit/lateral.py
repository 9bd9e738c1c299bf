"""Lateral reading: compare two sources for one claim, say which you trust more and why.

The exercises live in ``data/lateral_reading.csv`` (a claim and two ``sources.csv`` ids each).
:func:`read_items` validates them; :func:`activity` builds the widget for one of them. The
student's answer is kept in the notebook's answer book, which saves it as they write.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from . import answers, featured
from .data import Course
from .lateral_items import FILE, read_items
from .schemas import address_incomplete
from .sources import LANGUAGES
from .visual import FULL_WIDTH, Notice, folded, long_date, with_printed

PROMPT = (
    "Which of the two sources do you trust more for this claim, and why? Before you answer, leave this page: "
    "look each publisher up, find who they are and whom they cite, and see what other sites say about them."
)


def _card(label: str, source: pd.Series) -> str:
    language = "" if source["language"] == "en" else f", in {LANGUAGES.get(source['language'], source['language'])}"
    when = "undated" if pd.isna(source["published"]) else long_date(source["published"])
    address = " (address incomplete: you cannot open it)" if address_incomplete(source["url"]) else ""
    return (
        f"<li><strong>{html.escape(label)}:</strong> {html.escape(source['publisher'])}, "
        f'<a href="{html.escape(source["url"], quote=True)}" target="_blank" rel="noopener">'
        f"{html.escape(source['title'])}</a>, {html.escape(when)} "
        f"({html.escape(source['perspective'])}, {html.escape(source['kind'])}{html.escape(language)})"
        f"{html.escape(address)}</li>"
    )


def activity(
    course: Course,
    item_id: str | None = None,
    notebook: str | None = None,
    data_dir: Path | str | None = None,
    lesson: str | None = None,
    table: str | None = None,
) -> widgets.VBox | Notice:
    """One exercise: the claim, the two sources, a box for the student's answer (kept in the
    notebook's answer book as a note) and a button that shows what to look for, after they have
    written. A lesson names it as ``lesson=`` (its notebook) and ``table=``: the exercise whose
    ``featured_in`` names them (data/README.md, "Featured rows"), or a sentence when none does;
    ``item_id`` and ``notebook`` name it directly."""
    items, problems = read_items(data_dir, set(course.sources["id"]))
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    if lesson is not None:
        chosen, notebook = featured.select(items, lesson, table or ""), lesson
        if chosen.empty:
            return Notice(
                go.Figure(),
                f"data/{FILE} has no exercise for this lesson yet: write {featured.lesson_number(lesson)}:{table} "
                "in the featured_in column of the exercise to show.",
                pd.DataFrame(),
            )
        item_id = chosen["id"].iloc[0]
    chosen = items[items["id"] == item_id]
    if chosen.empty:
        raise KeyError(f"{FILE} has no exercise {item_id!r}; ids: {', '.join(items['id'])}")
    item = chosen.iloc[0]
    sources = course.sources.set_index("id")
    intro = widgets.HTML(
        f"<p><strong>The claim:</strong> {html.escape(item['claim'])}</p>"
        f"<ul>{_card('Source A', sources.loc[item['first_source']])}"
        f"{_card('Source B', sources.loc[item['second_source']])}</ul>"
        f"<p>{html.escape(PROMPT)}</p>"
    )
    box = widgets.Textarea(
        value="",
        description="Your answer",
        placeholder="Source … because …",
        style={"description_width": "initial"},
        layout=widgets.Layout(**FULL_WIDTH, height="6em"),
    )
    answers.book(course, notebook).add(f"lateral_{item_id}", "note", f"{item['claim']} {PROMPT}", box)
    notes = widgets.HTML("", layout=widgets.Layout(display="none"))
    button = widgets.Button(
        description="What to look for", tooltip="Show what to look for in these two sources", button_style=""
    )

    def reveal(_):
        if not box.value.strip():
            notes.value = '<p role="alert">Write your answer first, then look at what to notice.</p>'
        else:
            notes.value = f'<p role="alert">{html.escape(item["what_to_notice"])}</p>'
        notes.layout.display = None

    button.on_click(reveal)
    printed = intro.value + folded(button.description, f"<p>{html.escape(item['what_to_notice'])}</p>")
    view = LateralActivity([intro, box, button, notes], printed=printed)
    view.source_ids = [item["first_source"], item["second_source"]]  # for the notebook's Sources list
    return view


class LateralActivity(widgets.VBox):
    """The exercise's widget. Pages without widgets (the handouts) print the claim, the two
    sources and, in a closed ``<details>``, what to look for."""

    def __init__(self, children, printed: str):
        super().__init__(children)
        self.printed = printed

    def _repr_mimebundle_(self, **kwargs):
        return with_printed(super()._repr_mimebundle_(**kwargs), self.printed)
