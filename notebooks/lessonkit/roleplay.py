"""The role-play (``data/roleplay.yaml``): a dated situation, one decision with three options,
a brief for each government, a moderator card, a timing and an outcome to write.

One pydantic model checks the file; problems name the file, the line and the field
(``roles[iran].questions``). The same cards are rendered for notebook 05
(:func:`cards`) and for ``instructors/role-cards.md`` (:func:`cards_markdown`, written by
``tools/role_cards.py``), and :func:`outcome_form` gives students a box for their decision
memo, saved as they write (see lessonkit.answers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import ipywidgets as widgets
import yaml
from IPython.display import Markdown
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import schemas
from .problems import Problem, expected
from .text import source_label
from .visual import FULL_WIDTH

if TYPE_CHECKING:
    from .data import Course

Text = Annotated[str, Field(min_length=1)]
ROLE_IDS = ("iran", "pakistan", "united_states", "china")
BRIEF_WORDS = (150, 300)


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Sourced(Spec):
    """A statement with the sources that support it."""

    text: Text
    source_ids: schemas.SourceIds


class Option(Spec):
    id: schemas.Id
    title: Text
    what: Text
    costs: Text
    gains: Text
    source_ids: schemas.SourceIds


class Decision(Spec):
    question: Text
    options: Annotated[list[Option], Field(min_length=3, max_length=3)]


class Role(Spec):
    """One government's brief: enough to play it with no internet."""

    id: Literal["iran", "pakistan", "united_states", "china"]
    name: Text
    plays: Text
    source_ids: schemas.SourceIds  # for the facts in interests and red lines
    interests: Annotated[list[Text], Field(min_length=1)]
    red_lines: Annotated[list[Text], Field(min_length=1)]
    said: Annotated[list[Sourced], Field(min_length=1)]
    actions_reported: list[Sourced] = []
    questions: Annotated[list[Text], Field(min_length=1)]

    @property
    def words(self) -> int:
        """Words in the brief a group reads (interests, red lines, statements, questions)."""
        parts = [
            *self.interests,
            *self.red_lines,
            *(s.text for s in self.said),
            *(s.text for s in self.actions_reported),
            *self.questions,
        ]
        return sum(len(re.findall(r"\S+", part)) for part in parts)

    @model_validator(mode="after")
    def _brief_length(self) -> Role:
        low, high = BRIEF_WORDS
        if not low <= self.words <= high:
            raise ValueError(
                f"a brief of {low}–{high} words, enough to play offline and short enough to read "
                f"in the preparation time (found {self.words})"
            )
        return self


class Moderator(Spec):
    steps: Annotated[list[Text], Field(min_length=1)]
    watch_for: Annotated[list[Text], Field(min_length=1)]
    debrief: Annotated[list[Sourced], Field(min_length=1)]


class Part(Spec):
    name: Text
    minutes: Annotated[int, Field(gt=0)]


class Timing(Spec):
    total_minutes: Annotated[int, Field(gt=0)]
    parts: Annotated[list[Part], Field(min_length=1)]

    @model_validator(mode="after")
    def _parts_add_up(self) -> Timing:
        added = sum(p.minutes for p in self.parts)
        if added != self.total_minutes:
            raise ValueError(
                f"parts: parts whose minutes add up to total_minutes ({self.total_minutes}); they add up to {added}"
            )
        return self


class Section(Spec):
    heading: Text
    prompt: Text


class Outcome(Spec):
    kind: Literal["decision memo", "joint communiqué"]
    title: Text
    sections: Annotated[list[Section], Field(min_length=1)]


class Tasks(Spec):
    basic: Text
    advanced: Text


class RolePlay(Spec):
    title: Text
    date: dt.date
    situation: Annotated[list[Sourced], Field(min_length=1)]
    ground_rules: Annotated[list[Text], Field(min_length=1)]
    decision: Decision
    roles: list[Role]
    moderator: Moderator
    timing: Timing
    outcome: Outcome
    tasks: Tasks

    @field_validator("roles")
    @classmethod
    def _four_governments(cls, roles: list[Role]) -> list[Role]:
        if [r.id for r in roles] != list(ROLE_IDS):
            raise ValueError(f"one brief for each of {', '.join(ROLE_IDS)}, in that order")
        return roles

    @property
    def source_ids(self) -> list[str]:
        """Every source the cards cite, in order of first use."""
        items: list[Any] = [*self.situation, *self.decision.options, *self.moderator.debrief]
        for role in self.roles:
            items += [role, *role.said, *role.actions_reported]
        return list(dict.fromkeys(sid for item in items for sid in item.source_ids))


# --- reading and checking the file ---------------------------------------------------------------


def _node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The line (from 1) of the YAML node at a pydantic location, as deep as it can be followed."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _field(loc: tuple[Any, ...], raw: Any) -> str:
    """``roles[iran].questions`` for ('roles', 0, 'questions'); list items counted from 1 otherwise."""
    parts: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            key = item.get("id") if isinstance(item, Mapping) and isinstance(item.get("id"), str) else part + 1
            parts[-1] += f"[{key}]"
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, Mapping) else None
    return ".".join(parts)


def _roleplay_expected(error: dict[str, Any]) -> str:
    """Say in plain words what a pydantic error on the role-play file wanted."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx", {})
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"{name} (this field is required)"
    if kind in ("too_short", "too_long") and name == "options":
        return f"exactly 3 options (found {ctx.get('actual_length')})"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item{'s' if ctx.get('min_length') != 1 else ''} in {name}"
    if kind == "extra_forbidden":
        return f"no field named {name!r} (check its spelling)"
    return expected(error, name)


def read_roleplay(path: Path, file: str, source_ids: set[str] | None) -> tuple[RolePlay | None, list[Problem]]:
    """Read and check the role-play file (``None`` and no problem when there is none)."""
    if not path.exists():
        return None, []
    text = path.read_text(encoding="utf-8")
    try:
        raw, root = yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [
            Problem(
                file,
                mark.line + 1 if mark else None,
                None,
                f"expected valid YAML; {getattr(exc, 'problem', None) or 'the file could not be read'}",
            )
        ]
    try:
        play = RolePlay.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc, message = error["loc"], _roleplay_expected(error)
            head, _, tail = message.partition(": ")
            if error["type"] == "value_error" and tail and head.isidentifier():
                loc, message = (*loc, head), tail
            problems.append(Problem(file, _node_line(root, loc), _field(loc, raw) or None, f"expected {message}"))
        return None, problems
    problems = []
    if source_ids is not None:
        for sid in play.source_ids:
            if sid not in source_ids:
                line = next((i for i, row in enumerate(text.splitlines(), 1) if sid in row), None)
                problems.append(
                    Problem(file, line, "source_ids", f"expected an id from sources.csv; {sid!r} is not there")
                )
    return (None if problems else play), problems


# --- the cards -----------------------------------------------------------------------------------


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
    """The role-play cards for notebook 05 (the same text as instructors/role-cards.md)."""
    return Cards(course)


def outcome_template(play: RolePlay) -> str:
    """The memo's headings, for students to fill in."""
    return "\n\n".join(f"{s.heading}:\n" for s in play.outcome.sections)


def outcome_form(course: Course, notebook: str = "05_review") -> widgets.Textarea:
    """A box with the outcome's headings, saved with the quiz answers of ``notebook``."""
    play = course.roleplay
    box = widgets.Textarea(
        value=outcome_template(play),
        description="Your memo",
        placeholder="Write your group's decision memo under each heading.",
        tooltip=f"{play.outcome.title}: saved with your answers as you write",
        layout=widgets.Layout(**FULL_WIDTH, height="16em"),
    )
    course.answer_book(notebook).add("roleplay_outcome", "roleplay", play.outcome.title, box)
    return box


def role_cards_page(course: Course) -> str:
    """instructors/role-cards.md: the notebook's cards, with a heading for teachers, ready to print."""
    play = course.roleplay
    head = [
        f"# Role-play: {_escape(play.title)}",
        "",
        "Printable cards for the role-play in [05 Review](../notebooks/05_review.ipynb) › *Role-play: the "
        "pipeline and the border*. Students see the same cards in the notebook, so a class can play "
        "from either, with no internet. Print the situation and the decision for everyone, one "
        "government's card for each group, and the moderator's card for the moderator.",
        "",
        "This page is generated from `data/roleplay.yaml` by `python tools/role_cards.py`: edit that "
        "file, not this page (a test checks that the two agree).",
        "",
    ]
    return "\n".join(head) + "\n" + cards_markdown(course, level=2)
