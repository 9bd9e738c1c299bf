"""The source mix a module aims for (``data/source_mix.yaml``), read and checked.

Each module sets its own targets: floors and ceilings on the sources it cites, counted once
each or by how often they are cited, and the two sides the review's "Who tells the story?"
sentence compares. :mod:`lessonkit.sources` counts the mix and holds it to these targets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .problems import Problem, load_yaml, spec_problems
from .schemas import Source, Text

FILE = "source_mix.yaml"
PERSPECTIVES = get_args(Source.model_fields["perspective"].annotation)
#: What a target may bound, and how the warning says it.
LIMITS = ("at_least", "share_at_most", "citation_share_at_most", "citation_share_at_least")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _known_perspectives(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in PERSPECTIVES]
    if unknown:
        raise ValueError(f"perspectives from sources.csv ({', '.join(PERSPECTIVES)}); not {', '.join(unknown)}")
    return values


class Side(_Strict):
    """One side the review's sentence compares: its name and the perspectives that make it up."""

    name: Text
    perspectives: Annotated[list[str], Field(min_length=1)]

    _check = field_validator("perspectives")(_known_perspectives)


class Target(_Strict):
    """One target: which sources it counts (perspectives or languages) and one limit on them."""

    what: Text  # how the warning names these sources
    perspectives: list[str] = []
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = []
    at_least: Annotated[int, Field(ge=0)] | None = None  # distinct sources
    share_at_most: Annotated[float, Field(ge=0, le=1)] | None = None  # of distinct sources
    citation_share_at_most: Annotated[float, Field(ge=0, le=1)] | None = None  # of all citations
    citation_share_at_least: Annotated[float, Field(ge=0, le=1)] | None = None

    _check = field_validator("perspectives")(_known_perspectives)

    @model_validator(mode="after")
    def _one_group_one_limit(self) -> Target:
        if bool(self.perspectives) == bool(self.languages):
            raise ValueError("perspectives: either perspectives or languages (one of them, not both)")
        limits = [name for name in LIMITS if getattr(self, name) is not None]
        if len(limits) != 1:
            raise ValueError(f"at_least: exactly one limit of {', '.join(LIMITS)} (found {len(limits)})")
        if self.languages and self.limit[0] != "at_least":
            raise ValueError(
                "languages: perspectives instead (languages take only at_least; shares count perspectives)"
            )
        return self

    @property
    def limit(self) -> tuple[str, float]:
        """The one limit this target sets: its name and its value."""
        name = next(name for name in LIMITS if getattr(self, name) is not None)
        return name, getattr(self, name)


class MixTargets(_Strict):
    """The whole file: the two sides compared for students, and the targets ``make check`` warns on."""

    sides: Annotated[list[Side], Field(min_length=2, max_length=2)]
    targets: list[Target] = []


def read_targets(path: Path) -> tuple[MixTargets | None, list[Problem]]:
    """The module's mix targets, and every problem (no targets and no problem when there is no file)."""
    if not path.exists():
        return None, []
    raw, root, unreadable = load_yaml(path, FILE)
    if unreadable:
        return None, unreadable
    try:
        return MixTargets.model_validate(raw), []
    except ValidationError as exc:
        return None, spec_problems(FILE, exc, raw, root)
