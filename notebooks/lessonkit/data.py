"""Load the content tables from ``data/``, validate them, and report problems plainly.

:func:`load_course` is the one entry point: it reads every table, validates each row
against its model in :mod:`lessonkit.schemas`, checks the links between tables, and
returns a :class:`Course` of pandas DataFrames, or raises :class:`DataError` listing
every problem as ``file:row: field: expected …``.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ValidationError

from . import schemas
from .paths import DATA_DIR
from .mixtargets import FILE as MIX_FILE
from .mixtargets import read_targets
from .problems import DataError, Problem, expected
from .quizspec import read_quizzes
from .roleplay_model import read_roleplay
from .reveals import FILE as REVEALS_FILE
from .reveals import read_reveals

#: Table attribute on Course -> (file name, row model, id column or None).
TABLES: dict[str, tuple[str, type[schemas.Row], str | None]] = {
    "sources": ("sources.csv", schemas.Source, "id"),
    "places": ("places.csv", schemas.Place, "id"),
    "events": ("events.csv", schemas.Event, "id"),
    "itinerary": ("itinerary.csv", schemas.Stop, "id"),
    "agreements": ("agreements.csv", schemas.Agreement, "id"),
    "trade": ("trade.csv", schemas.TradeFigure, "id"),
    "topics": ("topics.csv", schemas.Topic, "id"),
    "figures": ("figures.csv", schemas.Figure, "id"),
    "quotes": ("quotes.csv", schemas.Quote, "id"),
    "claims": ("claims.csv", schemas.Claim, "id"),
    "glossary": ("glossary.csv", schemas.Term, "term"),
    "lines": ("lines.csv", schemas.Line, "id"),
}

#: Tables every module needs rows in; the others may hold only their header (a module on another
#: event may have no trade figures, quotes or power lines), and the builders then say so in a sentence.
NEVER_EMPTY = {"sources", "places", "events"}

#: The column of each table that holds a place id (or a list of them).
_PLACE_LINKS = {"events": "place_id", "itinerary": "place_id", "lines": "place_ids"}


@dataclass(frozen=True)
class Course:
    """All validated content: one DataFrame per table, plus the quiz specifications."""

    sources: pd.DataFrame
    places: pd.DataFrame
    events: pd.DataFrame
    itinerary: pd.DataFrame
    agreements: pd.DataFrame
    trade: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame
    claims: pd.DataFrame
    glossary: pd.DataFrame
    lines: pd.DataFrame
    topics: pd.DataFrame
    quizzes: dict[str, Any] = field(default_factory=dict)
    roleplay: Any = None  # lessonkit.roleplay_model.RolePlay, from roleplay.yaml (None if the folder has none)
    reveals: dict[str, Any] = field(default_factory=dict)  # id -> schemas.RevealEntry, from reveals.yaml
    mix_targets: Any = None  # lessonkit.mixtargets.MixTargets, from source_mix.yaml (None if there is none)
    answer_books: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # lessonkit.answers.book

    def source(self, source_id: str) -> pd.Series:
        """The sources.csv row with this id."""
        return self.sources.set_index("id").loc[source_id]

    def topic(self, topic_id: str) -> pd.Series:
        """The topics.csv row with this id (a chart's title, and the note its text version adds)."""
        topics = self.topics.set_index("id")
        if topic_id not in topics.index:
            raise KeyError(f"topics.csv has no topic {topic_id!r}; topics: {sorted(topics.index)}")
        return topics.loc[topic_id]

    def place(self, place_id: str) -> pd.Series:
        """The places.csv row with this id."""
        return self.places.set_index("id").loc[place_id]


def _row_problems(file: str, row: int, exc: ValidationError, values: dict[str, str]) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        message = expected(error, loc[0] if loc else "")
        if loc:
            name = loc[0]
        elif ": " in message:  # a model-level check names its field first
            name, message = message.split(": ", 1)
        else:
            name = None
        found = values.get(name, "") if name else ""
        got = f" (found {found!r})" if found.strip() else ""
        problems.append(Problem(file, row, name, f"expected {message}{got}"))
    return problems


def read_table(path: Path, model: type[BaseModel], may_be_empty: bool = False) -> tuple[list[BaseModel], list[Problem]]:
    """Read one CSV file into validated rows; collect every problem instead of stopping."""
    name = path.name
    if not path.exists():
        return [], [Problem(name, None, None, f"file is missing (expected it in {path.parent})")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return [], [Problem(name, line, None, "expected UTF-8 text (save the file as 'CSV UTF-8')")]
    columns = list(model.model_fields)
    required = [name for name, spec in model.model_fields.items() if spec.is_required()]
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        return [], [Problem(name, 1, None, f"expected a header row with the columns: {', '.join(columns)}")]
    header = [h.strip() for h in header]
    problems = [Problem(name, 1, c, "expected this column in the header") for c in required if c not in header]
    problems += [
        Problem(name, 1, h or "(blank)", f"unexpected column; expected only: {', '.join(columns)}")
        for h in header
        if h not in columns
    ]
    problems += [Problem(name, 1, h, "column appears more than once") for h, n in Counter(header).items() if n > 1]
    if problems:
        return [], problems
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    name,
                    number,
                    None,
                    f"expected {len(header)} values, found {len(cells)} (check for a stray comma or a missing quote)",
                )
            )
            continue
        values = dict(zip(header, cells))
        try:
            rows.append((number, model.model_validate(values)))
        except ValidationError as exc:
            problems.extend(_row_problems(name, number, exc, values))
    if not rows and not problems and not may_be_empty:
        problems.append(Problem(name, None, None, "expected at least one data row"))
    return rows, problems


def _duplicates(file: str, rows: list[tuple[int, BaseModel]], column: str, what: str) -> list[Problem]:
    """A problem for every row repeating an earlier row's value in ``column``."""
    seen: dict[object, int] = {}
    problems = []
    for row, item in rows:
        key = getattr(item, column)
        if key in seen:
            problems.append(
                Problem(file, row, column, f"expected a unique {what}; {key!r} is already used on row {seen[key]}")
            )
        seen.setdefault(key, row)
    return problems


def _milestone_problems(events: list[tuple[int, BaseModel]]) -> list[Problem]:
    """A long timeline opens on its milestones: at most MAX_MILESTONES, so every view fits."""
    marked = [row for row, event in events if event.milestone]
    if len(marked) <= schemas.MAX_MILESTONES:
        return []
    message = (
        f"expected at most {schemas.MAX_MILESTONES} events marked yes (a long timeline opens on them); "
        f"found {len(marked)}: mark fewer"
    )
    return [Problem("events.csv", marked[schemas.MAX_MILESTONES], "milestone", message)]


def _link_problems(tables: dict[str, list[tuple[int, BaseModel]]], broken: set[str]) -> list[Problem]:
    """Checks across rows and tables: unique ids, and every source and place id resolves.

    Ids are not resolved against a table in ``broken`` (one with problems of its own):
    its missing rows would only repeat those problems elsewhere.
    """
    problems: list[Problem] = []
    for attr, (file, _model, id_col) in TABLES.items():
        problems += _duplicates(file, tables[attr], id_col, "value")
    problems += _duplicates("itinerary.csv", tables["itinerary"], "order", "stop number")
    problems += _milestone_problems(tables["events"])
    links = [(attr, "source_ids", "sources") for attr in TABLES if "source_ids" in TABLES[attr][1].model_fields]
    links += [(attr, column, "places") for attr, column in _PLACE_LINKS.items()]
    links += [("figures", "topic", "topics")]
    for attr, column, target in links:
        if target in broken:
            continue
        known = {item.id for _, item in tables[target]}
        for row, item in tables[attr]:
            value = getattr(item, column)
            for ref in value if isinstance(value, list) else [value]:
                if ref is not None and ref not in known:
                    problems.append(
                        Problem(
                            TABLES[attr][0],
                            row,
                            column,
                            f"expected an id from {TABLES[target][0]}; {ref!r} is not there",
                        )
                    )
    return problems


def _frame(rows: list[tuple[int, BaseModel]], model: type[BaseModel]) -> pd.DataFrame:
    return pd.DataFrame([item.model_dump() for _, item in rows], columns=list(model.model_fields))


def _with_event_times(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``start`` and ``end`` timestamps (a partial date counts from its first day)."""
    start = events["start_date"].map(schemas.partial_date_start)
    end = events["end_date"].map(schemas.optional_date_start)
    return events.assign(start=pd.to_datetime(start), end=pd.to_datetime(end.fillna(start)))


def validate_folder(data_dir: Path | str | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Read and check every table and quiz; return the Course's fields and the list of problems."""
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    tables: dict[str, list[tuple[int, BaseModel]]] = {}
    problems: list[Problem] = []
    broken: set[str] = set()
    for attr, (file, model, _id) in TABLES.items():
        tables[attr], found = read_table(folder / file, model, may_be_empty=attr not in NEVER_EMPTY)
        problems += found
        if found:
            broken.add(attr)
    problems += _link_problems(tables, broken)
    frames: dict[str, Any] = {attr: _frame(tables[attr], TABLES[attr][1]) for attr in TABLES}
    frames["events"] = _with_event_times(frames["events"])
    frames["quizzes"], found = read_quizzes(
        folder / "quizzes",
        None if "sources" in broken else {s.id for _, s in tables["sources"]},
        None if "events" in broken else {e.id: e.start_date for _, e in tables["events"]},
    )
    problems += found
    known_sources = None if "sources" in broken else {s.id for _, s in tables["sources"]}
    frames["roleplay"], found = read_roleplay(folder / "roleplay.yaml", "roleplay.yaml", known_sources)
    problems += found
    quizzes = folder / "quizzes"
    frames["reveals"], found = read_reveals(
        folder / REVEALS_FILE, known_sources, {p.stem for p in quizzes.glob("*.yaml")} if quizzes.is_dir() else None
    )
    problems += found
    frames["mix_targets"], found = read_targets(folder / MIX_FILE)
    return frames, problems + found


def load_course(data_dir: Path | str | None = None) -> Course:
    """Load and validate everything in ``data/``; raise :class:`DataError` on any problem."""
    frames, problems = validate_folder(data_dir)
    if problems:
        raise DataError(problems)
    return Course(**frames)
