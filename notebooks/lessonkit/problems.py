"""What is wrong in a data or quiz file, said plainly: :class:`Problem` (file, row, field, what was
expected), :class:`DataError` (all of them at once), and :func:`expected` (a pydantic error in
words). Shared by the table loader (:mod:`.data`) and the quiz loader (:mod:`.quizspec`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
