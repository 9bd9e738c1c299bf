"""The lateral-reading exercises' data (``data/lateral_reading.csv``: a claim and two
``sources.csv`` ids each) and their check. No widgets here, so ``make check`` reads them;
:mod:`lessonkit.lateral` builds the exercise a student sees.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .data import Problem, read_table
from .paths import DATA_DIR
from .schemas import LateralItem

FILE = "lateral_reading.csv"


def read_items(
    data_dir: Path | str | None = None, source_ids: set[str] | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """The exercises as a DataFrame, and every problem found (each source id must be in ``source_ids``)."""
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    rows, problems = read_table(folder / FILE, LateralItem, may_be_empty=True)
    seen: set[str] = set()
    for number, item in rows:
        if item.id in seen:
            problems.append(Problem(FILE, number, "id", f"expected a unique value; {item.id!r} is already used"))
        seen.add(item.id)
        for column in ("first_source", "second_source"):
            ref = getattr(item, column)
            if source_ids is not None and ref not in source_ids:
                problems.append(Problem(FILE, number, column, f"expected an id from sources.csv; {ref!r} is not there"))
    frame = pd.DataFrame([item.model_dump() for _, item in rows], columns=list(LateralItem.model_fields))
    return frame, problems
