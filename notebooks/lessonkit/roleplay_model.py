"""The role-play's data (``data/roleplay.yaml``): the model of a dated situation, one decision
with three options, a brief for each government, a moderator card, a timing and an outcome,
and the reader that checks the file.

One pydantic model checks the file; problems name the file, the line and the field
(``roles[iran].questions``). No widgets here: :mod:`lessonkit.data` loads the role-play with
everything else, and :mod:`lessonkit.roleplay` renders it as cards and a memo box.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import schemas
from .problems import Problem, spec_problems, yaml_expected

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
    def citing_items(self) -> list[Any]:
        """Every part of the cards that cites sources: situation lines, options, debrief points,
        each role (its interests and red lines), and what each role said or was reported doing."""
        items: list[Any] = [*self.situation, *self.decision.options, *self.moderator.debrief]
        for role in self.roles:
            items += [role, *role.said, *role.actions_reported]
        return items

    @property
    def source_ids(self) -> list[str]:
        """Every source the cards cite, in order of first use."""
        return list(dict.fromkeys(sid for item in self.citing_items for sid in item.source_ids))


# --- reading and checking the file ---------------------------------------------------------------


def _roleplay_expected(error: dict[str, Any]) -> str:
    """Say in plain words what a pydantic error on the role-play file wanted."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx", {})
    if kind in ("too_short", "too_long") and loc and loc[-1] == "options":
        return f"exactly 3 options (found {ctx.get('actual_length')})"
    return yaml_expected(error)


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
        return None, spec_problems(file, exc, raw, root, _roleplay_expected)
    problems = []
    if source_ids is not None:
        for sid in play.source_ids:
            if sid not in source_ids:
                line = next((i for i, row in enumerate(text.splitlines(), 1) if sid in row), None)
                problems.append(
                    Problem(file, line, "source_ids", f"expected an id from sources.csv; {sid!r} is not there")
                )
    return (None if problems else play), problems
