"""A figure's text version: folded in a closed <details> for sighted readers, its plain text the
summary itself (what nbval compares and what a plain-text view or screen reader gets)."""

import re

import nbformat
import pandas as pd
import plotly.graph_objects as go

from lessonkit import sources
from lessonkit.visual import Visual, collapsed
from tools import manifest


def _visual(summary="Two markers. One is <Islamabad> & one is Tehran."):
    table = pd.DataFrame({"id": ["isb"], "claimed_by": ["A <b>source</b>"], "source_ids": [["dawn_x"]]})
    return Visual(go.Figure(layout={"title": {"text": "A map"}}), summary, table, ["dawn_x"])


def test_plain_text_is_the_summary_itself():
    visual = _visual()
    assert visual.text_version._repr_mimebundle_()["text/plain"] == visual.summary


def test_html_is_a_closed_details_block_with_the_summary_and_readable_data():
    html = _visual().text_version._repr_mimebundle_()["text/html"]
    assert html.startswith("<details") and "<details open" not in html and "mathjax_ignore" in html
    assert "<summary>Text version of the figure above, with its data</summary>" in html
    assert "Two markers. One is &lt;Islamabad&gt; &amp; one is Tehran." in html
    assert "A &lt;b&gt;source&lt;/b&gt;" in html and "Claimed by" in html
    assert "dawn_x" not in html and "source_ids" not in html and ">isb<" not in html


def test_a_collapsed_sources_list_keeps_its_markdown_inside_a_closed_details(course):
    listed = collapsed("Sources: open the full list", sources.cite(course, course.sources["id"].iloc[0]))
    bundle = listed._repr_mimebundle_()
    assert bundle["text/markdown"].startswith('<details class="tex2jax_ignore mathjax_ignore"><summary>Sources: open')
    assert bundle["text/markdown"].rstrip().endswith("</details>")
    assert bundle["text/plain"].startswith("Newest source: ") and "\n\n- **" in bundle["text/plain"]


def _raw_values(html: str) -> list[str]:
    """Cells a reader should not meet: missing-value marks, True/False, ISO dates, status codes."""
    cells = re.findall(r"<td>([^<]*)</td>", html)
    bad = {"NaN", "None", "NaT", "True", "False", "nan", "VERIFIED", "CONFLICTING", "UNVERIFIED"}
    return [c for c in cells if c in bad or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", c)]


def test_the_data_table_reads_in_words():
    """Blank for missing, yes/no, '15 Dec 2023', 'sources disagree', and units in the headings."""
    table = pd.DataFrame(
        {
            "start_date": ["2023-12-15", "2024-04"],
            "end_date": ["2024-01-16", None],
            "contested": [True, False],
            "status": ["VERIFIED", "CONFLICTING"],
            "value_usd_m": [286.0, float("nan")],
            "required_pct": [33.0, 57.3],
            "lat": [24.9, 25.1],
            "people": [["Sharif", "Zardari"], []],
        }
    )
    visual = Visual(go.Figure(), "Two rows.", table, [])
    shown = visual.text_version.readable_table()
    assert list(shown.columns) == [
        "Start date", "End date", "Contested", "Status", "Value (US$ m)", "Required (%)", "Latitude", "People"
    ]  # fmt: skip
    assert list(shown.iloc[0])[:5] == ["15 Dec 2023", "16 Jan 2024", "yes", "verified", 286.0]
    assert list(shown.iloc[1])[:5] == ["Apr 2024", "", "no", "sources disagree", ""]
    assert _raw_values(visual.text_version._repr_html_()) == []
    # The rule can fail: the same table printed raw.
    assert len(_raw_values(table.to_html())) >= 6


def test_every_figure_in_the_lessons_reads_in_words():
    """No text version stored in a notebook shows NaN, True/False, ISO dates or status codes."""
    found = {}
    for path in manifest.paths():
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                html = "".join(out.get("data", {}).get("text/html", ""))
                if "lessonkit-text-version" in html and _raw_values(html):
                    found[f"{path.name} {cell.get('id')}"] = _raw_values(html)[:5]
    assert not found, found
