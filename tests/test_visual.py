"""Visual's display, the palette and the offline base map."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from IPython.core.formatters import DisplayFormatter

from lessonkit import basemap, palette
from lessonkit.visual import MIME_TYPE, Visual, finish, hover, new_figure, sentence_list, unique_ids

ROOT = Path(__file__).resolve().parents[1]


def geo_visual() -> Visual:
    figure = new_figure(400, geo=basemap.geo_layout((20, 40), (50, 75)))
    figure.add_trace(go.Scattergeo(lat=[33.684], lon=[73.048], mode="markers", name="Islamabad"))
    return finish(
        figure, "A test map", "One marker. It is Islamabad.", pd.DataFrame({"source_ids": [["a", "b"], ["b"]]})
    )


def bar_visual() -> Visual:
    figure = new_figure(300).add_trace(go.Bar(x=["2022", "2023"], y=[1, 2]))
    return finish(figure, "A test chart", "Two bars. The second is taller.", pd.DataFrame({"x": [1]}), ["s1"])


def test_a_map_displays_as_plotly_json_carrying_the_offline_base_map():
    visual = geo_visual()
    bundle = visual._repr_mimebundle_()
    assert set(bundle) == {MIME_TYPE, "text/plain"}
    shown = bundle[MIME_TYPE]
    assert set(shown) >= {"data", "layout", "config"}
    config = shown["config"]
    assert config["displaylogo"] is False
    url = config["topojsonURL"]
    assert url.startswith("data:application/json;base64,") and url.endswith("#")
    assert json.loads(base64.b64decode(url[len("data:application/json;base64,") : -1])) == json.loads(
        basemap.GEO_FILE.read_text()
    )
    assert bundle["text/plain"] == "A test map (interactive figure; its text version is .summary)"
    json.dumps(bundle)  # what the notebook stores must be plain JSON


def test_what_plotly_js_fetches_stays_inside_the_data_url():
    """plotly.js asks for <topojsonURL>/<scope>_<resolution>m.json: after '#', a fragment."""
    shown = geo_visual()._repr_mimebundle_()[MIME_TYPE]
    geo = shown["layout"]["geo"]
    requested = shown["config"]["topojsonURL"] + f"/{geo['scope']}_{geo['resolution']}m.json"
    assert requested.split("#", 1)[1] == f"/{basemap.GEO_FILE.name}"
    assert basemap.GEO_FILE.name == f"{basemap.SCOPE}_{basemap.RESOLUTION}m.json"


def test_a_chart_carries_no_base_map():
    visual = bar_visual()
    assert not basemap.is_geo(visual.figure)
    assert visual._repr_mimebundle_()[MIME_TYPE]["config"] == {"displaylogo": False}
    assert visual.source_ids == ["s1"]


def test_ipython_displays_a_visual_through_its_mimebundle():
    data, _metadata = DisplayFormatter().format(geo_visual())
    assert MIME_TYPE in data and "topojsonURL" in data[MIME_TYPE]["config"]


def test_the_display_is_deterministic():
    assert json.dumps(geo_visual()._repr_mimebundle_()) == json.dumps(geo_visual()._repr_mimebundle_())


def test_finish_titles_the_figure_and_keeps_the_summary_in_meta():
    visual = geo_visual()
    assert visual.title == "A test map"
    assert visual.figure.layout.meta == {"summary": "One marker. It is Islamabad."}
    assert visual.source_ids == ["a", "b"], "source ids from the table, each once"
    assert list(visual.table.index) == [1, 2] and visual.table.columns.name == "No."


def test_small_text_helpers():
    assert unique_ids(["a", "b"], ["b", "c"]) == ["a", "b", "c"]
    assert hover("Title", None, float("nan"), "x " * 40, width=20).count("<br>") >= 4
    assert hover("a", "", "b") == "a<br>b"
    assert sentence_list(["a"]) == "a" and sentence_list(["a", "b", "c"]) == "a, b and c"


def test_palette_is_okabe_ito_with_a_second_cue_for_every_category():
    assert set(palette.COLORS) <= set(palette.OKABE_ITO.values())
    assert palette.OKABE_ITO["yellow"] not in palette.COLORS, "yellow is unreadable on white"
    looks = [palette.cue(i) for i in range(len(palette.COLORS))]
    assert len({c.color for c in looks}) == len({c.symbol for c in looks}) == len(looks)
    assert palette.cue(len(palette.COLORS)).color == palette.COLORS[0], "cycles"
    assert palette.country_cue("Iran") != palette.country_cue("Pakistan")


def test_template_sets_large_type_and_only_palette_colours():
    layout = palette.TEMPLATE.layout
    assert layout.font.size >= 14 and layout.title.font.size > layout.font.size
    assert list(layout.colorway) == palette.COLORS


def test_basemap_file_is_the_vendored_package_file():
    assert basemap.GEO_FILE.exists(), "run: python tools/vendor_basemap.py"
    topology = json.loads(basemap.GEO_FILE.read_text())
    assert {"land", "countries", "coastlines"} <= set(topology["objects"])
    assert {"IRN", "PAK", "AFG", "LKA", "SYR"} <= set(basemap.country_outlines())
    assert len(basemap.topojson_url()) < 80_000, "every map carries the file; keep it small"
    assert (ROOT / "data" / "geo" / "README.md").read_text().count("MIT") >= 2


def test_vendored_basemap_matches_node_modules(node_modules):
    result = subprocess.run(
        [sys.executable, "tools/vendor_basemap.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("iso3", "view"),
    [
        ("IRN", ((22, 40.5), (43.5, 78))),
        ("PAK", ((22, 40.5), (43.5, 78))),
        ("PAK", ((23.4, 30.4), (57.6, 68.9))),
    ],
)
def test_country_names_go_inside_the_country_and_the_view(iso3, view):
    lat, lon = basemap.label_point(iso3, *view)
    (lat0, lat1), (lon0, lon1) = view
    assert lat0 < lat < lat1 and lon0 < lon < lon1
    others = {code for code in ("IRN", "PAK", "AFG") if code != iso3}
    assert all(basemap.label_point(code, (lat - 0.01, lat + 0.01), (lon - 0.01, lon + 0.01)) is None for code in others)


def test_no_name_for_a_country_out_of_view():
    assert basemap.label_point("AFG", (5, 10), (78, 82)) is None
