"""Tables for notebooks to show: the content of data/ with readable column names.

Each keeps a ``source_ids`` column, so :func:`lessonkit.sources.cite` can credit it, and a
heading over its index column, so no header cell is empty. Each is a :class:`ReadingTable`:
a DataFrame that displays for reading, with short citations ("Dawn, 24 Apr 2024") in place
of source ids, text aligned left, and the same content as plain text for saved notebooks.
"""

from __future__ import annotations

import html
import re
import zlib
from typing import ClassVar

import pandas as pd

from . import featured
from .data import Course
from .text import source_label
from .visual import draws_what_there_is, folded, labelled_index, need, numbered


class ReadingTable(pd.DataFrame):
    """A DataFrame that displays for a reader: no source ids, a Sources column of short citations."""

    _metadata: ClassVar[list[str]] = ["_course", "_caption"]

    @property
    def _constructor(self):
        return ReadingTable

    def for_reading(self) -> pd.DataFrame:
        """The table as shown: ``source_ids`` replaced by short citations."""
        shown = pd.DataFrame(self).copy()
        course = getattr(self, "_course", None)
        if "source_ids" in shown and course is not None:
            shown["Sources"] = [
                "; ".join(html.unescape(source_label(course, sid)) for sid in ids) for ids in shown["source_ids"]
            ]
        return shown.drop(columns=["source_ids"], errors="ignore")

    def _repr_html_(self) -> str:
        shown = self.for_reading()
        numbers = [c for c in shown.columns if pd.api.types.is_numeric_dtype(shown[c])]
        # a stable id (saved notebooks do not change run to run); no MathJax on "$2 bn … $10 bn"
        styler = shown.style.set_uuid(f"t{zlib.crc32(shown.to_csv().encode()):08x}").format(escape="html")
        if "Sources" in shown:
            styler = styler.format(_folded_citations, subset=["Sources"], escape="html")
        styler = styler.set_table_attributes('class="tex2jax_ignore mathjax_ignore"').set_table_styles(
            [{"selector": "th, td", "props": "text-align: left; vertical-align: top;"}]
        )
        if numbers:
            styler = styler.set_properties(subset=numbers, **{"text-align": "right"})
        if getattr(self, "_caption", None):
            styler = styler.set_caption(html.escape(self._caption))
        return styler.to_html()

    def __repr__(self) -> str:
        caption = getattr(self, "_caption", None)
        return (f"{caption}\n" if caption else "") + repr(self.for_reading())


#: A row with more citations than this shows "N sources", opened with a click (the row stays readable).
INLINE_CITATIONS = 2


def _folded_citations(citations: str) -> str:
    """The Sources cell of the HTML table (already escaped): short lists inline, long ones folded."""
    count = len(citations.split("; ")) if citations else 0
    if count <= INLINE_CITATIONS:
        return citations
    return folded(f"{count} sources", citations)


def _reading(table: pd.DataFrame, course: Course, caption: str) -> ReadingTable:
    shown = ReadingTable(table)
    shown.columns.name = table.columns.name
    shown._course = course
    shown._caption = caption
    return shown


def short_date(value: str) -> str:
    """'2024-04-24' as '24 Apr 2024', '2024-04' as 'Apr 2024'; anything else unchanged."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return value
    day = pd.Timestamp(value if len(value) == 10 else f"{value}-01")
    return f"{day.day} {day:%b %Y}" if len(value) == 10 else f"{day:%b %Y}"


_NAME_AND_OFFICE = re.compile(r"^(?P<name>.+?)\s*\((?P<office>.+)\)$")


def agreements_table(course: Course) -> pd.DataFrame:
    """The documents signed on 22 April 2024, in their running order."""
    rows = course.agreements.sort_values("number")
    table = pd.DataFrame(
        {
            "Kind": rows["kind"],
            "Subject": rows["subject"],
            "Area": rows["area"],
            "Signed for Pakistan by": rows["pakistan_signatory"].fillna("not reported"),
            "Signed for Iran by": rows["iran_signatory"].fillna("not reported"),
            "source_ids": rows["source_ids"],
        }
    )
    return _reading(
        labelled_index(table.set_axis(list(rows["number"])), "No."),
        course,
        "Documents signed on 22 April 2024, in the order listed",
    )


def people_met(course: Course) -> pd.DataFrame:
    """Everyone the itinerary says President Raisi met, in the order he first met them."""
    people: dict[str, dict] = {}
    for _, stop in course.itinerary.sort_values("order").iterrows():
        for person in stop["people_met"]:
            match = _NAME_AND_OFFICE.match(person)
            name, office = (match["name"], match["office"]) if match else (person, "")
            entry = people.setdefault(
                name, {"Name": name, "Office": office, "Days": [], "Cities": [], "source_ids": []}
            )
            for key, value in (("Days", stop["day"]), ("Cities", stop["city"])):
                if value not in entry[key]:
                    entry[key].append(value)
            entry["source_ids"] += [sid for sid in stop["source_ids"] if sid not in entry["source_ids"]]
    table = pd.DataFrame(list(people.values()), columns=["Name", "Office", "Days", "Cities", "source_ids"])
    table["Days"] = table["Days"].map(lambda days: ", ".join(map(str, days)))
    table["Cities"] = table["Cities"].map(", ".join)
    return _reading(numbered(table), course, "People President Raisi met on the visit, in the order he first met them")


def _featured(frame: pd.DataFrame, lesson: str | None, table: str | None, file: str) -> pd.DataFrame:
    """All rows (no lesson given), or those the data feature in ``lesson``'s ``table``; none is
    :class:`NothingToDraw`, which the builder shows as one sentence."""
    if lesson is None and table is None:
        return frame
    if lesson is None or table is None:
        raise TypeError("give both lesson= and table= (the featured_in entry, e.g. lesson='03', table='pipeline')")
    return need(
        featured.select(frame, lesson, table),
        f"data/{file} has no rows for this table yet: write {featured.lesson_number(lesson)}:{table} "
        "in the featured_in column of the rows to show.",
    )


@draws_what_there_is
def claims_table(
    course: Course, lesson: str | None = None, table: str | None = None, reveal: bool = True
) -> pd.DataFrame:
    """Claims from early coverage of the visit, each with its verdict and what sources support:
    all claims, or those whose ``featured_in`` names ``lesson:table`` (data/README.md, "Featured
    rows"). ``reveal=False`` shows the claims alone, for students to judge before the verdicts."""
    rows = _featured(course.claims, lesson, table, "claims.csv")
    shown = numbered(
        pd.DataFrame(
            {
                "Claim": rows["claim"],
                "Verdict": rows["verdict"],
                "Why": rows["explanation"],
                "What the sources support": rows["correction"],
                "source_ids": rows["source_ids"],
            }
        )
    )
    if not reveal:
        return _reading(shown[["Claim", "source_ids"]], course, "Claims from early coverage of the visit")
    return _reading(shown, course, "Claims from early coverage of the visit, with what the sources support")


@draws_what_there_is
def quotes_table(course: Course, lesson: str | None = None, table: str | None = None) -> pd.DataFrame:
    """Short attributed phrases: who said them, when, and in what context (all, or those whose
    ``featured_in`` names ``lesson:table``)."""
    rows = _featured(course.quotes, lesson, table, "quotes.csv")
    return _reading(
        numbered(
            pd.DataFrame(
                {
                    "Phrase": rows["quote"],
                    "Said by": rows["speaker"],
                    "Date": rows["date"].map(short_date),
                    "Context": rows["context"],
                    "source_ids": rows["source_ids"],
                }
            )
        ),
        course,
        "Short phrases: who said them, when, and in what context",
    )


def glossary_table(course: Course, terms: list[str] | None = None) -> pd.DataFrame:
    """Definitions of the given glossary terms, in the order given (all terms, A to Z, if none given)."""
    glossary = course.glossary.set_index("term")
    terms = sorted(glossary.index, key=str.casefold) if terms is None else list(terms)
    missing = [t for t in terms if t not in glossary.index]
    if missing:
        raise KeyError(f"not in glossary.csv: {', '.join(missing)}; it has: {', '.join(glossary.index)}")
    rows = glossary.loc[terms]
    return _reading(
        labelled_index(
            pd.DataFrame({"Definition": list(rows["definition"]), "source_ids": list(rows["source_ids"])}, index=terms),
            "Term",
        ),
        course,
        "Words to know, with their definitions",
    )
