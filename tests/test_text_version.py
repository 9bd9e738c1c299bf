"""A figure's text version: folded in a closed <details> for sighted readers, its plain text the
summary itself (what nbval compares and what a plain-text view or screen reader gets)."""

import pandas as pd
import plotly.graph_objects as go

from lessonkit import sources
from lessonkit.visual import Visual, collapsed


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
    assert bundle["text/plain"].startswith("Facts checked up to: ") and "\n\n- **" in bundle["text/plain"]
