"""What is wrong in a data or quiz file, said plainly: :class:`Problem` (file, row, field, what was
expected), :class:`DataError` (all of them at once), and :func:`expected` (a pydantic error in
words). Shared by the table loader (:mod:`.data`) and the quiz loader (:mod:`.quizspec`).
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any
from collections.abc import Callable

import yaml

from . import schemas


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: where it is and what was expected."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """Raised when the data folder has problems; shows them without a traceback in Jupyter."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        count = len(self.problems)
        head = f"The module's data has {count} problem{'s' if count != 1 else ''}:"
        lines = [f"  {p}" for p in self.problems]
        tail = "Fix these in the files named (row numbers count the header as row 1), then run `make check`."
        return "\n".join([head, *lines, tail])

    def _render_traceback_(self) -> list[str]:
        """IPython calls this instead of printing a traceback."""
        return self._text().splitlines()


def expected(error: dict[str, Any], field_name: str) -> str:
    """Say in plain words what a pydantic error wanted."""
    kind, ctx = error["type"], error.get("ctx", {})
    if field_name in ("lat", "lon") and kind in ("greater_than_equal", "less_than_equal"):
        lo, hi = schemas.MAP_REGION[field_name]
        word = "latitude" if field_name == "lat" else "longitude"
        return f"a {word} from {lo:g} to {hi:g} (inside the region the maps show)"
    messages = {
        "missing": "a value (this column is required)",
        "string_too_short": "a value (this cell is empty)",
        "too_short": f"at least {ctx.get('min_length')} id{'s' if ctx.get('min_length', 1) > 1 else ''}",
        "float_parsing": "a number",
        "float_type": "a number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "date_from_datetime_parsing": "a date as YYYY-MM-DD",
        "date_parsing": "a date as YYYY-MM-DD",
        "date_type": "a date as YYYY-MM-DD",
        "greater_than_equal": f"a number no smaller than {ctx.get('ge', 0):g}",
        "less_than_equal": f"a number no larger than {ctx.get('le', 0):g}",
        "string_pattern_mismatch": {
            "url": "a web address starting with https:// or http://",
            "language": "a two-letter language code such as en",
        }.get(field_name, f"text matching {ctx.get('pattern')}"),
    }
    if kind == "literal_error":
        return f"one of {ctx.get('expected')}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return messages.get(kind, error["msg"])


def yaml_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
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


def field_path(loc: tuple[Any, ...], raw: Any) -> str:
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


def yaml_problem(file: str, exc: yaml.YAMLError) -> Problem:
    """A YAML syntax error, on the line where the parser stopped, saying what it was reading."""
    mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    message = f"expected valid YAML; {getattr(exc, 'problem', None) or 'the file could not be read'}"
    if mark is not None:
        message += f" (column {mark.column + 1})"
    if getattr(exc, "context", None) and context_mark is not None:
        message += f", {exc.context} on line {context_mark.line + 1}, column {context_mark.column + 1}"
    return Problem(file, mark.line + 1 if mark is not None else None, None, message)


def load_yaml(path: Any, file: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """A YAML file's content and node tree, or the one problem that stops it being read (not
    UTF-8, or not valid YAML), said with ``file``'s name and the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        return yaml.safe_load(text), yaml.compose(text), []
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, None, [Problem(file, line, None, "expected UTF-8 text (save the file as UTF-8)")]
    except yaml.YAMLError as exc:
        return None, None, [yaml_problem(file, exc)]


def yaml_expected(error: dict[str, Any]) -> str:
    """Say in plain words what a pydantic error on a YAML file wanted (fields, not columns)."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx", {})
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"{name} (this field is required)"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item{'s' if ctx.get('min_length') != 1 else ''} in {name}"
    if kind == "extra_forbidden":
        return f"no field named {name!r} (check its spelling)"
    return expected(error, name)


def spec_problems(
    file: str, exc: Any, raw: Any, root: yaml.Node | None, say: Callable[[dict[str, Any]], str] = yaml_expected
) -> list[Problem]:
    """A pydantic ``ValidationError`` on a YAML file as problems: the line, the field by its path
    (``roles[iran].questions``) and, in words (``say``), what was expected. A model-level check
    that names its field first (``"answer: a model answer"``) is reported on that field."""
    problems = []
    for error in exc.errors():
        loc, message = error["loc"], say(error)
        head, _, tail = message.partition(": ")
        if error["type"] == "value_error" and tail and head.isidentifier():
            loc, message = (*loc, head), tail
        problems.append(Problem(file, yaml_line(root, loc), field_path(loc, raw) or None, f"expected {message}"))
    return problems
