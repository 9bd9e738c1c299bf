"""The role-play's cards: the situation, one decision, a brief for each government, a moderator
card, a timing and an outcome, rendered for notebook 07 (:func:`cards`) and for
``instructors/role-cards.md`` (:func:`cards_markdown`, written by ``tools/role_cards.py``), and
:func:`outcome_form`, a box for the decision memo, saved as students write (see lessonkit.answers).

The file's model and reader live in :mod:`lessonkit.roleplay_model` (no widgets, so the data
layer loads it); their names are re-exported here, so ``roleplay.RolePlay`` still works.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import ipywidgets as widgets
from IPython.display import Markdown

from . import answers
from .roleplay_model import (  # noqa: F401  (re-exported: the model's names, as before the split)
    BRIEF_WORDS,
    ROLE_IDS,
    Decision,
    Moderator,
    Option,
    Outcome,
    Part,
    Role,
    RolePlay,
    Section,
    Sourced,
    Tasks,
    Timing,
    read_roleplay,
)
from .text import source_label
from .visual import FULL_WIDTH

if TYPE_CHECKING:
    from .data import Course


def _cite(course: Course, source_ids: list[str]) -> str:
    return " (" + "; ".join(source_label(course, sid) for sid in source_ids) + ")"


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _escape(text: str) -> str:
    """Card text is plain: keep $ from turning into maths (an HTML entity, which JupyterLab's maths
    finder does not see) and < from turning into HTML."""
    return text.replace("\\", "\\\\").replace("$", "&#36;").replace("<", "&lt;")


def situation_markdown(course: Course, play: RolePlay, level: int = 3) -> str:
    h = "#" * level
    lines = [f"{h} The situation on {_date(play.date)}", ""]
    lines += [f"{_escape(p.text)}{_cite(course, p.source_ids)}" + "\n" for p in play.situation]
    lines += [f"{h} The decision", "", f"**{_escape(play.decision.question)}**", ""]
    ground = ["**Ground rules**", ""] + [f"- {_escape(r)}" for r in play.ground_rules] + [""]
    for letter, option in zip("ABC", play.decision.options):
        lines += [
            f"**Option {letter}: {_escape(option.title)}.** {_escape(option.what)}",
            "",
            f"- *What it would cost:* {_escape(option.costs)}",
            f"- *What it would gain:* {_escape(option.gains)}{_cite(course, option.source_ids)}",
            "",
        ]
    return "\n".join(lines + ground)


def role_markdown(course: Course, role: Role, level: int = 3) -> str:
    h = "#" * level
    lines = [f"{h} Card: {role.name}", "", f"You play {_escape(role.plays)}.", "", "**Interests**", ""]
    lines += [f"- {_escape(i)}" for i in role.interests]
    lines += ["", "**Red lines**", ""] + [f"- {_escape(r)}" for r in role.red_lines]
    lines += ["", f"*Sources for these points:*{_cite(course, role.source_ids)}", ""]
    who = "US officials have" if role.id == "united_states" else f"{role.name} has"
    lines += [f"**What {who} said or done, according to the sources**", ""]
    lines += [f"- {_escape(s.text)}{_cite(course, s.source_ids)}" for s in role.said]
    if role.actions_reported:
        lines += ["", f"**Actions of {role.name} reported by others**", ""]
        lines += [f"- {_escape(s.text)}{_cite(course, s.source_ids)}" for s in role.actions_reported]
    lines += ["", "**Be ready to answer**", ""] + [f"- {_escape(q)}" for q in role.questions]
    return "\n".join(lines) + "\n"


#: The debrief's heading; in a notebook it is the label of a closed reveal.
DEBRIEF_TITLE = "For the debrief: what happened next"


def moderator_markdown(course: Course, play: RolePlay, level: int = 3, hide_debrief: bool = False) -> str:
    """The moderator's card. ``hide_debrief``: what really happened goes in a closed ``<details>``
    (every student sees the notebook's cards, and must decide before they learn the outcome);
    on the printed card, which only the moderator holds, it is shown."""
    h = "#" * level
    lines = [f"{h} The moderator's card", "", "**Run the meeting**", ""]
    lines += [f"{n}. {_escape(s)}" for n, s in enumerate(play.moderator.steps, 1)]
    lines += ["", "**Watch for (a short checklist for feedback)**", ""]
    lines += [f"- ☐ {_escape(w)}" for w in play.moderator.watch_for]  # a printed tick box, not a form field
    debrief = [f"- {_escape(d.text)}{_cite(course, d.source_ids)}" for d in play.moderator.debrief]
    if hide_debrief:
        summary = f"{DEBRIEF_TITLE} (open it only after every group has handed in its decision)"
        lines += ["", f"<details><summary>{summary}</summary>", "", *debrief, "", "</details>"]
    else:
        lines += ["", f"**{DEBRIEF_TITLE}** (keep it until the decisions are made)", "", *debrief]
    return "\n".join(lines) + "\n"


def timing_markdown(play: RolePlay, level: int = 3) -> str:
    h = "#" * level
    lines = [f"{h} Timing: {play.timing.total_minutes} minutes", "", "| Part | Minutes |", "|---|---|"]
    lines += [f"| {_escape(p.name)} | {p.minutes} |" for p in play.timing.parts]
    return "\n".join([*lines, f"| **total** | **{play.timing.total_minutes}** |", ""])


def outcome_markdown(play: RolePlay, level: int = 3) -> str:
    h = "#" * level
    lines = [
        f"{h} What your group hands in: {play.outcome.kind}",
        "",
        f"**Basic:** {_escape(play.tasks.basic)}",
        "",
        f"**Advanced:** {_escape(play.tasks.advanced)}",
        "",
        f"**{_escape(play.outcome.title)}**",
        "",
    ]
    lines += [f"{n}. **{_escape(s.heading)}:** {_escape(s.prompt)}" for n, s in enumerate(play.outcome.sections, 1)]
    return "\n".join(lines) + "\n"


def cards_markdown(course: Course, level: int = 3, hide_debrief: bool = False) -> str:
    """Every card, in the order a class uses them: situation and decision, timing, the four
    governments, the moderator, and the outcome to hand in (``hide_debrief``: see
    :func:`moderator_markdown`)."""
    play = course.roleplay
    parts = [
        situation_markdown(course, play, level),
        timing_markdown(play, level),
        *(role_markdown(course, role, level) for role in play.roles),
        moderator_markdown(course, play, level, hide_debrief),
        outcome_markdown(play, level),
    ]
    return "\n".join(parts)


def for_jupyterlab(markdown: str) -> str:
    """The cards' Markdown as a notebook output: JupyterLab typesets a dollar written ``&#36;`` or
    ``\\$`` in an output as maths, but never ``\\\\$`` (see lessonkit.sources), which it shows as "$"."""
    return markdown.replace("&#36;", "\\\\$")


class Cards(Markdown):
    """The cards as Markdown in the notebook, carrying their source ids for the Sources list."""

    def __init__(self, course: Course, level: int = 3):
        super().__init__(for_jupyterlab(cards_markdown(course, level, hide_debrief=True)))
        self.source_ids = course.roleplay.source_ids


def cards(course: Course) -> Cards:
    """The role-play cards for notebook 07 (the same text as instructors/role-cards.md)."""
    return Cards(course)


def outcome_template(play: RolePlay) -> str:
    """The memo's headings, for students to fill in."""
    return "\n\n".join(f"{s.heading}:\n" for s in play.outcome.sections)


def outcome_form(course: Course, notebook: str = "07_roleplay") -> widgets.Textarea:
    """A box with the outcome's headings, saved with the quiz answers of ``notebook``."""
    play = course.roleplay
    box = widgets.Textarea(
        value=outcome_template(play),
        description="Your memo",
        placeholder="Write your group's decision memo under each heading.",
        tooltip=f"{play.outcome.title}: saved with your answers as you write",
        layout=widgets.Layout(**FULL_WIDTH, height="16em"),
    )
    answers.book(course, notebook).add("roleplay_outcome", "roleplay", play.outcome.title, box)
    return box


def role_cards_page(course: Course) -> str:
    """instructors/role-cards.md: the notebook's cards, with a heading for teachers, ready to print."""
    play = course.roleplay
    head = [
        f"# Role-play: {_escape(play.title)}",
        "",
        "Printable cards for the role-play in [07 Role-play](../notebooks/07_roleplay.ipynb) › *Role-play: the "
        "meeting, the memo and the debrief*. Students read their card before the lesson; the "
        "notebook shows the same cards, so a class can play from either, with no internet. Print the situation and the decision for everyone, one "
        "government's card for each group, and the moderator's card for the moderator.",
        "",
        "This page is generated from `data/roleplay.yaml` by `python tools/role_cards.py`: edit that "
        "file, not this page (a test checks that the two agree).",
        "",
    ]
    return "\n".join(head) + "\n" + cards_markdown(course, level=2)
