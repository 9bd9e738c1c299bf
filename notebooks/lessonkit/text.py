"""Words and numbers as the notebooks write them: one place for the small formatters that the
figures, tables, quizzes, answer key and source lists share (no widgets, no figures here).
"""

from __future__ import annotations

import json

import datetime as dt
import html
from typing import TYPE_CHECKING

import pandas as pd

#: Right and wrong as a symbol beside the words (never colour alone); screen readers skip it.
TICK = '<span aria-hidden="true">✓</span>'
CROSS = '<span aria-hidden="true">✗</span>'

if TYPE_CHECKING:
    from .data import Course


#: A row's status (data files) in the words students read.
STATUS_WORDS = {"VERIFIED": "verified", "CONFLICTING": "sources disagree", "UNVERIFIED": "unconfirmed"}


def format_number(value: float) -> str:
    """A number as people write it: ``1,000``, ``12.5``."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def long_date(value) -> str:
    """A date as '24 April 2024'."""
    day = pd.Timestamp(value)
    return f"{day.day} {day:%B %Y}"


def short_date(value) -> str | None:
    """A source's publication date as '24 Apr 2024'; None when it has none."""
    return f"{value.day} {value:%b %Y}" if isinstance(value, dt.date) and not pd.isna(value) else None


def source_label(course: Course, source_id: str) -> str:
    """Short citation for feedback, HTML-escaped: publisher and date, e.g. ``Dawn, 24 Apr 2024``."""
    row = course.source(source_id)
    when = short_date(row["published"])
    return html.escape(f"{row['publisher']}, {when}" if when else row["publisher"])


def present(value) -> str | None:
    """A table cell's text, or None for an empty cell (pandas reads those as NaN)."""
    return value if isinstance(value, str) and value.strip() else None


def sentence(text: str) -> str:
    """The text ending in a full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def counted(number: int, noun: str) -> str:
    """'1 event', '3 events'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def sentence_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def json_for_script(value) -> str:
    """JSON that is safe inside an HTML <script> element (no "</script>", no line separators)."""
    return (
        json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
