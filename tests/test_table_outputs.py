"""Tables as students read them: no source ids in any stored notebook output (short citations
such as "Dawn, 24 Apr 2024" instead), and tables that still have a plain-text version."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from lessonkit import tables
from tools import manifest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = manifest.paths()
#: An id in the data's style: lower-case words joined by underscores (two or more of them).
SOURCE_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+){2,}\b")
WIDGET = "application/vnd.jupyter.widget-view+json"
PLOTLY = "application/vnd.plotly.v1+json"


def ids_shown(path: Path) -> list[str]:
    """``file: cell N: what`` for every stored output that shows a source_ids column or an id
    (link targets, widget and figure outputs excluded: students do not read those as text)."""
    problems = []
    for n, cell in enumerate(nbformat.read(path, as_version=4).cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET in data or PLOTLY in data:
                continue
            for mime in ("text/html", "text/plain", "text/markdown"):
                text = data.get(mime, "") if mime in data else (out.get("text", "") if mime == "text/plain" else "")
                text = "".join(text) if isinstance(text, list) else text
                text = re.sub(r"""(href|src)=["'][^"']*["']|\]\([^)]*\)""", "", text)  # link targets
                if "source_ids" in text:
                    problems.append(f"{path.name}: cell {n}: {mime} shows a source_ids column")
                problems += [
                    f"{path.name}: cell {n}: {mime} shows the id {found!r}"
                    for found in sorted(set(SOURCE_ID.findall(text)))
                ]
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_stored_output_shows_source_ids(path):
    problems = ids_shown(path)
    assert not problems, "\n".join(problems)


def test_a_table_output_with_source_ids_is_caught():
    fixture = ROOT / "tests" / "fixtures" / "tables" / "source_ids_shown.ipynb"
    assert ids_shown(fixture) == [
        "source_ids_shown.ipynb: cell 0: text/html shows a source_ids column",
        "source_ids_shown.ipynb: cell 0: text/html shows the id 'dawn_2024_04_22_visit'",
        "source_ids_shown.ipynb: cell 0: text/plain shows a source_ids column",
        "source_ids_shown.ipynb: cell 0: text/plain shows the id 'dawn_2024_04_22_visit'",
    ]


def test_tables_show_citations_and_keep_ids_for_cite(course):
    table = tables.claims_table(course, lesson="02", table="trip")
    assert "source_ids" in table.columns  # sources.cite still reads them
    html, text = table._repr_html_(), repr(table)
    for shown in (html, text):
        assert "source_ids" not in shown and "Sources" in shown and not SOURCE_ID.search(shown)
    assert 'class="tex2jax_ignore mathjax_ignore"' in html and "text-align: left" in html
    assert html == tables.claims_table(course, lesson="02", table="trip")._repr_html_(), "the same HTML on every run"


def test_tables_have_a_caption_and_readable_dates(course):
    table = tables.quotes_table(course)
    caption = "Short phrases: who said them, when, and in what context"
    assert f"<caption>{caption}</caption>" in table._repr_html_()
    assert repr(table).split("\n")[0] == caption
    assert not table["Date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").any()
    assert tables.short_date("2024-04-24") == "24 Apr 2024" and tables.short_date("2024-04") == "Apr 2024"
    for builder in (tables.agreements_table, tables.people_met, tables.claims_table, tables.glossary_table):
        assert "<caption>" in builder(course)._repr_html_(), builder.__name__
