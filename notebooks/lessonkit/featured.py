"""Featured rows: which claims, quotes, events and chart topics a lesson shows, chosen in the data, not in code.

A row's ``featured_in`` cell names the tables (or, for a topic, the charts) it appears in, as ``lesson:table`` or
``lesson:table:place`` (``03:pipeline``, ``02:phrases:3``), several separated by ``;``. A notebook
asks for one table (``tables.claims_table(course, lesson="03", table="pipeline")``) and gets its
rows: those with a place first, by place, then the others in file order. :func:`featured_problems`
checks the cells against the notebooks: every lesson exists, every table is one a notebook shows,
and no two rows of a table claim the same place. :func:`ids_in_code` finds a code cell that
names a row by its id instead (the tests use it).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import yaml

from . import schemas
from .data import TABLES, Course, read_table
from .lateral_items import FILE as LATERAL_FILE
from .problems import Problem

#: The builders that show featured rows: builder name -> (Course table, the keyword that names the
#: lesson's table or chart, its value when none is given).
BUILDERS: dict[str, tuple[str, str, str | None]] = {
    "claims_table": ("claims", "table", None),
    "quotes_table": ("quotes", "table", None),
    "event_explorer": ("events", "table", "explorer"),
    "figure_variants": ("topics", "chart", None),
    "activity": ("lateral_reading", "table", None),
}
#: The files that have a ``featured_in`` column: Course table -> (file, row model).
FILES = {
    **{attr: (file, model) for attr, (file, model, _id) in TABLES.items() if "featured_in" in model.model_fields},
    "lateral_reading": (LATERAL_FILE, schemas.LateralItem),
}
#: Keywords whose values are categories of a column (events.csv's ``group``), not rows, though a
#: value may equal a row id elsewhere (``"trade"`` is also a topic).
CATEGORY_KEYWORDS = {"groups"}


def select(frame: pd.DataFrame, lesson: str, table: str) -> pd.DataFrame:
    """The rows of ``frame`` featured in ``lesson``'s ``table``: by place, then in file order."""
    lesson = lesson_number(lesson)
    chosen = []
    for position, entries in enumerate(frame["featured_in"]):
        for entry in entries:
            row_lesson, row_table, place = schemas.feature(entry)
            if (row_lesson, row_table) == (lesson, table):
                chosen.append((place is None, place or 0, position))
    return frame.iloc[[position for *_, position in sorted(chosen)]]


def lesson_number(lesson: str) -> str:
    """A lesson as ``featured_in`` names it: ``"03"`` for ``"03"`` or ``"03_trade_and_energy"``."""
    return str(lesson)[:2]


def lessons(notebooks_dir: Path) -> list[str]:
    """The notebooks of the module: the stems in ``manifest.yaml``, or, if there is none, every
    ``*.ipynb`` beside it."""
    manifest = notebooks_dir / "manifest.yaml"
    if manifest.exists():
        return [entry["stem"] for entry in yaml.safe_load(manifest.read_text(encoding="utf-8")) or []]
    return sorted(path.stem for path in notebooks_dir.glob("*.ipynb"))


def featured_calls(notebook: Path) -> list[tuple[str, str, str]]:
    """``(Course table, lesson, table)`` for every call in the notebook's code cells that shows
    featured rows (a call without ``lesson=`` shows every row, and is left out)."""
    calls = []
    for _number, tree in _code_cells(notebook):
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            if name not in BUILDERS:
                continue
            words = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
            attr, keyword, default = BUILDERS[name]
            if "lesson" in words and words.get(keyword, default):
                calls.append((attr, lesson_number(words["lesson"]), words.get(keyword, default)))
    return calls


def featured_problems(data_dir: Path | str, notebooks_dir: Path | str) -> list[Problem]:
    """Every ``featured_in`` entry that names a lesson the module does not have, a table no
    notebook shows from that file, or a place another row of the same table already holds."""
    data_dir, notebooks_dir = Path(data_dir), Path(notebooks_dir)
    stems = lessons(notebooks_dir)
    numbers = sorted({lesson_number(stem) for stem in stems if stem[:2].isdigit()})
    shown: dict[str, set[tuple[str, str]]] = {}
    for stem in stems:
        if (notebooks_dir / f"{stem}.ipynb").exists():
            for attr, lesson, table in featured_calls(notebooks_dir / f"{stem}.ipynb"):
                shown.setdefault(attr, set()).add((lesson, table))
    problems = []
    for attr in dict.fromkeys(attr for attr, *_ in BUILDERS.values()):
        file, model = FILES[attr]
        rows, _ = read_table(data_dir / file, model, may_be_empty=True)
        tables = ", ".join(f"{lesson}:{table}" for lesson, table in sorted(shown.get(attr, ()))) or "none"
        places: dict[tuple[str, str, int], int] = {}
        for row, item in rows:
            for entry in item.featured_in:
                lesson, table, place = schemas.feature(entry)
                if lesson not in numbers:
                    message = (
                        f"expected a lesson the module has ({', '.join(numbers)}); {entry!r} names lesson {lesson}"
                    )
                elif (lesson, table) not in shown.get(attr, ()):
                    message = f"expected a table a notebook shows from {file} ({tables}); {entry!r} is not one"
                elif place is not None and (lesson, table, place) in places:
                    message = f"expected a free place; row {places[lesson, table, place]} already has {entry!r}"
                else:
                    if place is not None:
                        places[lesson, table, place] = row
                    continue
                problems.append(Problem(file, row, "featured_in", message))
    return problems


def row_ids(course: Course, data_dir: Path | str) -> dict[str, str]:
    """Every row id of the course's tables and of ``data_dir``'s lateral-reading exercises -> its
    file (the first, for an id two files share)."""
    ids: dict[str, str] = {}
    for attr, (file, _model, id_col) in TABLES.items():
        if id_col == "id":
            for row_id in getattr(course, attr)["id"]:
                ids.setdefault(row_id, file)
    exercises, _ = read_table(Path(data_dir) / LATERAL_FILE, schemas.LateralItem, may_be_empty=True)
    for _row, item in exercises:
        ids.setdefault(item.id, LATERAL_FILE)
    return ids


def ids_in_code(notebook: Path, ids: dict[str, str]) -> list[str]:
    """Each string in the notebook's code cells that is one of ``ids`` (:func:`row_ids`), and where;
    not the values of a CATEGORY_KEYWORDS keyword."""
    found = []
    for number, source in _code_cells(notebook):
        categories = {
            id(node)
            for word in ast.walk(source)
            if isinstance(word, ast.keyword) and word.arg in CATEGORY_KEYWORDS
            for node in ast.walk(word.value)
        }
        for node in ast.walk(source):
            named = isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids
            if named and id(node) not in categories:
                found.append(f"{notebook.name}: cell {number}: {node.value!r} is a row of {ids[node.value]}")
    return found


def _code_cells(notebook: Path) -> list[tuple[int, ast.AST]]:
    """The notebook's code cells that parse as Python, with their numbers (from 0, Markdown counted)."""
    cells = []
    for number, cell in enumerate(json.loads(notebook.read_text(encoding="utf-8"))["cells"]):
        if cell["cell_type"] == "code":
            try:
                cells.append((number, ast.parse("".join(cell["source"]))))
            except SyntaxError:
                continue
    return cells
