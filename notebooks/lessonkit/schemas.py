"""One pydantic model per content table: the single description of each CSV file.

Each model lists its columns in file order. Field validators turn the spreadsheet text
(``"a;b"`` lists, partial ISO dates, ``yes``/``no``) into typed values; the loader in
:mod:`lessonkit.data` reports anything they reject as file, row, field and expectation.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

#: Latitude/longitude box every mapped place must lie in (the region the maps show).
MAP_REGION = {"lat": (5.0, 42.0), "lon": (32.0, 82.0)}

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("an id of lower-case letters, digits and _ (e.g. 'dawn_2024_04_24')")
    return value


def _split_ids(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _check_partial_date(value: str) -> str:
    if not _PARTIAL_DATE.match(value):
        raise ValueError("a date as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2024-04-22)")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise ValueError(f"a real calendar date ({exc})") from None
    return value


#: One entry of a ``featured_in`` cell: lesson number, table name, and optionally the row's place.
_FEATURE = re.compile(r"^(?P<lesson>\d\d):(?P<table>[a-z][a-z0-9_]*)(?::(?P<place>[1-9]\d*))?$")


def feature(entry: str) -> tuple[str, str, int | None]:
    """``"02:phrases:3"`` as ``("02", "phrases", 3)``; ``"03:pipeline"`` as ``("03", "pipeline", None)``."""
    match = _FEATURE.match(entry)
    if not match:
        raise ValueError(
            "entries like 03:pipeline or 03:pipeline:2 (lesson number, table name, optional place in "
            f"the table), separated by ';'; {entry!r} is not one"
        )
    return match["lesson"], match["table"], int(match["place"]) if match["place"] else None


def _check_features(entries: list[str]) -> list[str]:
    seen = set()
    for entry in entries:
        lesson, table, _place = feature(entry)
        if (lesson, table) in seen:
            raise ValueError(f"each table once per row; {lesson}:{table} is named twice")
        seen.add((lesson, table))
    return entries


def _yes_no(value: object) -> object:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"yes", "no"}:
            return lowered == "yes"
        raise ValueError("yes or no")
    return value


def _empty_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def partial_date_start(value: str) -> dt.date:
    """First day a partial ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) covers."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def optional_date_start(value: str | None) -> dt.date | None:
    """:func:`partial_date_start` of an optional partial date; None when it is empty."""
    return partial_date_start(value) if isinstance(value, str) else None


Id = Annotated[str, AfterValidator(_check_id)]
TextList = Annotated[list[str], BeforeValidator(_split_ids)]
SourceIds = Annotated[list[Id], BeforeValidator(_split_ids), Field(min_length=1)]
OptionalIds = Annotated[list[Id], BeforeValidator(_split_ids)]
PartialDate = Annotated[str, AfterValidator(_check_partial_date)]
OptionalPartialDate = Annotated[PartialDate | None, BeforeValidator(_empty_to_none)]
OptionalDate = Annotated[dt.date | None, BeforeValidator(_empty_to_none)]
OptionalText = Annotated[str | None, BeforeValidator(_empty_to_none)]
OptionalId = Annotated[Id | None, BeforeValidator(_empty_to_none)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
#: Where a row is featured (data/README.md, "Featured rows"): ``;``-separated ``lesson:table[:place]``.
Featured = Annotated[list[str], BeforeValidator(_split_ids), AfterValidator(_check_features)]
Text = Annotated[str, Field(min_length=1)]
Status = Literal["VERIFIED", "CONFLICTING", "UNVERIFIED"]


class Row(BaseModel):
    """Base for a CSV row: text is stripped, unknown columns are refused. A column with a default
    (``featured_in``) may be left out of the file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


#: What kind of page a source is, shown to students beside it in the Sources lists.
SOURCE_KINDS = (
    "official text",
    "news report",
    "news agency",
    "analysis or opinion",
    "reference work",
    "copy or mirror",
)
#: Marks of a web address that was recorded only in part (so the page cannot have been opened).
_INCOMPLETE_ADDRESS = ("...", "\u2026")


def address_incomplete(url: str) -> bool:
    """True when a recorded web address is cut short (it contains ``...`` or ``…``)."""
    return any(mark in url for mark in _INCOMPLETE_ADDRESS)


class Source(Row):
    id: Id
    publisher: Text
    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    published: OptionalDate
    accessed: OptionalDate
    perspective: Literal[
        "Pakistani media",
        "Iranian media",
        "International media",
        "Pakistani government",
        "Iranian government",
        "Joint statement",
        "Other government",
        "Reference work",
        "Other",
    ]
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    kind: Literal[SOURCE_KINDS]

    @model_validator(mode="after")
    def _no_access_date_on_an_incomplete_address(self) -> Source:
        if self.accessed is not None and address_incomplete(self.url):
            raise ValueError(
                "accessed: an empty cell, since the web address is incomplete "
                "(a page whose address is cut short cannot have been opened)"
            )
        return self


class Place(Row):
    id: Id
    name: Text
    country: Text
    lat: Annotated[float, Field(ge=MAP_REGION["lat"][0], le=MAP_REGION["lat"][1])]
    lon: Annotated[float, Field(ge=MAP_REGION["lon"][0], le=MAP_REGION["lon"][1])]
    kind: Literal[
        "capital",
        "city",
        "town",
        "crossing",
        "strike_area",
        "pipeline_point",
        "power_point",
        "airport",
        "landmark",
        "crash_site",
    ]
    precision: Literal["exact", "approximate"]
    source_ids: OptionalIds
    note: OptionalText


#: Events a long timeline opens on (events.csv's ``milestone`` column): at most this many.
MAX_MILESTONES = 20


class Event(Row):
    id: Id
    start_date: PartialDate
    end_date: OptionalPartialDate
    display_date: Text
    headline: Text
    text: Text
    group: Literal[
        "relations",
        "crisis",
        "de-escalation",
        "regional",
        "visit",
        "energy",
        "trade",
        "border",
        "aftermath",
    ]
    milestone: YesNo
    place_id: OptionalId
    contested: YesNo
    claims_note: OptionalText
    status: Status
    source_ids: SourceIds
    featured_in: Featured = []

    @model_validator(mode="after")
    def _dates_in_order_and_claims_attributed(self) -> Event:
        if self.end_date and partial_date_start(self.end_date) < partial_date_start(self.start_date):
            raise ValueError("end_date: a date not before start_date " + self.start_date)
        if self.contested and not self.claims_note:
            raise ValueError("claims_note: who claims what, since contested is yes")
        return self


class Stop(Row):
    id: Id
    day: Annotated[int, Field(ge=1, le=3)]
    date: dt.date
    order: Annotated[int, Field(ge=1)]
    time_of_day: Literal["morning", "afternoon", "evening", "day"]
    city: Text
    place_id: Id
    activity: Text
    people_met: TextList
    status: Status
    source_ids: SourceIds


class Agreement(Row):
    id: Id
    number: Annotated[int, Field(ge=1)]
    kind: Literal["MoU", "Agreement"]
    subject: Text
    area: Literal["trade", "energy", "security", "legal", "culture", "labour", "standards", "agriculture"]
    pakistan_signatory: OptionalText
    iran_signatory: OptionalText
    date: dt.date
    source_ids: SourceIds


class TradeFigure(Row):
    id: Id
    reporter: Literal["Pakistan", "Iran"]
    flow: Literal["Pakistan to Iran", "Iran to Pakistan", "Total"]
    period: Text
    period_basis: Literal["Pakistani fiscal year", "Iranian year", "Calendar year", "Part year"]
    period_start: dt.date
    period_end: dt.date
    value_usd_m: Annotated[float, Field(ge=0)]
    scope: Text
    status: Status
    source_ids: SourceIds
    note: OptionalText

    @model_validator(mode="after")
    def _period_in_order(self) -> TradeFigure:
        if self.period_end < self.period_start:
            raise ValueError(f"period_end: a date not before period_start {self.period_start}")
        return self


class Figure(Row):
    id: Id
    topic: Id
    label: Text
    value: float
    unit: Text
    claimed_by: Text
    date: OptionalPartialDate
    status: Status
    source_ids: SourceIds
    note: OptionalText


class Topic(Row):
    """A subject a chart is about: its title, and optionally a sentence its text version adds."""

    id: Id
    title: Text
    note: OptionalText
    source_ids: OptionalIds
    featured_in: Featured = []

    @model_validator(mode="after")
    def _note_has_sources(self) -> Topic:
        if self.note and not self.source_ids:
            raise ValueError("source_ids for the note (a note states facts)")
        return self


class Quote(Row):
    id: Id
    speaker: Text
    role: Text
    date: PartialDate
    quote: Text
    context: Text
    source_ids: SourceIds
    featured_in: Featured = []


class Claim(Row):
    id: Id
    claim: Text
    verdict: Literal["accurate", "needs context", "imprecise", "misleading", "one-sided", "conflicting", "wrong"]
    explanation: Text
    correction: Text
    source_ids: SourceIds
    featured_in: Featured = []


class Term(Row):
    term: Text
    definition: Text
    source_ids: OptionalIds


class Line(Row):
    id: Id
    name: Text
    kind: Literal["gas pipeline", "power line"]
    status: Literal["built", "claimed built", "approved", "planned"]
    place_ids: Annotated[list[Id], BeforeValidator(_split_ids), Field(min_length=2)]
    note: OptionalText
    source_ids: SourceIds


class LateralItem(Row):
    """One lateral-reading exercise: a claim and two sources to compare (data/lateral_reading.csv)."""

    id: Id
    claim: Text
    first_source: Id
    second_source: Id
    what_to_notice: Text
    featured_in: Featured = []

    @model_validator(mode="after")
    def _two_different_sources(self) -> LateralItem:
        if self.first_source == self.second_source:
            raise ValueError("second_source: a different source from first_source")
        return self


#: Which notebook a reveal belongs to: a notebook's file name without ``.ipynb`` (its quiz's name).
NotebookName = Annotated[str, Field(pattern=r"^\d\d_[a-z0-9_]+$")]


class RevealEntry(BaseModel):
    """One think-first moment of ``data/reveals.yaml``: the question a notebook asks and the
    answer it shows only after the student has written (a model answer, for a key question)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: Id
    notebook: NotebookName
    kind: Literal["guess", "key_question"] = "guess"
    prompt: Text
    answer: OptionalText = None
    frame: OptionalText = None
    source_ids: OptionalIds = []

    @model_validator(mode="after")
    def _answers_are_sourced(self) -> RevealEntry:
        if self.kind == "key_question" and not self.answer:
            raise ValueError("answer: a model answer (a key question always has one)")
        if self.frame and self.kind != "key_question":
            raise ValueError("frame: no frame (sentence starters are for a key question only)")
        if self.answer and not self.source_ids:
            raise ValueError("source_ids: at least one id from sources.csv for the facts in the answer")
        return self


class RevealFile(BaseModel):
    """``data/reveals.yaml``: the list of think-first moments, under ``reveals:``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reveals: Annotated[list[RevealEntry], Field(min_length=1)]
