"""Checks every figure builder's output must pass (used by test_maps, test_timelines, test_charts)."""

from __future__ import annotations

import base64
import json
import re
from itertools import combinations

from lessonkit import basemap
from lessonkit.palette import NEUTRALS, OKABE_ITO
from lessonkit.visual import MIME_TYPE, Visual

ALLOWED_COLOURS = {c.upper() for c in [*OKABE_ITO.values(), *NEUTRALS.values()]}
_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|rgba?\(.*\)|hsla?\(.*\))$")


def bundle_text(visual: Visual) -> str:
    """The JSON a notebook stores for the visual's display."""
    return json.dumps(visual._repr_mimebundle_(), sort_keys=True)


def walk(node, key: str = ""):
    """Yield (key, value) for every leaf of a JSON-like tree (list items keep their parent key)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item, key)
    else:
        yield key, node


def colours(figure_json: dict) -> set[str]:
    """Every colour string set anywhere in the figure (template included)."""
    return {
        value.upper()
        for key, value in walk(figure_json)
        if "color" in key.lower() and isinstance(value, str) and _COLOUR.match(value)
    }


def font_sizes(node, inside_font: bool = False):
    """Every ``size`` set inside a font-like object."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "size" and inside_font and isinstance(v, (int, float)):
                yield v
            else:
                yield from font_sizes(v, "font" in k.lower())
    elif isinstance(node, list):
        for item in node:
            yield from font_sizes(item, inside_font)


def _look(trace: dict) -> tuple:
    marker, line = trace.get("marker", {}), trace.get("line", {})
    symbol = marker.get("symbol") if "markers" in trace.get("mode", "markers") else None
    pattern = marker.get("pattern", {}).get("shape")
    return (trace.get("type"), str(symbol), line.get("dash") if "lines" in trace.get("mode", "") else None, pattern)


def _colour(trace: dict) -> str:
    return str(trace.get("marker", {}).get("color") or trace.get("line", {}).get("color"))


def check_visual(visual: Visual) -> dict:
    """Assert the accessibility and offline rules; return the displayed bundle's plotly JSON."""
    text = bundle_text(visual)
    assert not re.search(r"https?://", text), "a URL to an outside host in the figure or its config"
    bundle = json.loads(text)
    shown = bundle[MIME_TYPE]
    config = shown["config"]
    assert config["displaylogo"] is False
    if basemap.is_geo(visual.figure):
        url = config["topojsonURL"]
        assert url.startswith("data:application/json;base64,") and url.endswith("#")
        assert base64.b64decode(url.split(",", 1)[1][:-1]) == basemap.GEO_FILE.read_bytes()
        for name, geo in shown["layout"].items():
            if name.startswith("geo"):
                assert (geo["scope"], geo["resolution"]) == (basemap.SCOPE, basemap.RESOLUTION), (
                    "plotly would fetch a base map the vendored file is not"
                )
    else:
        assert "topojsonURL" not in config
    assert bundle["text/plain"].startswith(visual.title)
    # Readable and described.
    assert visual.title.strip(), "every figure needs a descriptive title"
    assert shown["layout"]["meta"]["summary"] == visual.summary
    sentences = re.findall(r"[.!?](?:\s|$)", visual.summary)
    assert len(visual.summary) > 80 and len(sentences) >= 2, "the text alternative is at least two sentences"
    assert "nan" not in visual.summary.lower().split(), "an empty cell leaked into the summary"
    sizes = list(font_sizes(shown))
    assert sizes and min(sizes) >= 14, f"font sizes below 14: {sorted(set(sizes))[:5]}"
    used = colours(shown)
    assert used <= ALLOWED_COLOURS, f"colours outside the palette: {used - ALLOWED_COLOURS}"
    # Colour is never the only difference between two legend entries.
    legend = [t for t in shown["data"] if t.get("showlegend", True) and t.get("name")]
    for a, b in combinations(legend, 2):
        if _colour(a) != _colour(b):
            assert _look(a) != _look(b), f"{a['name']!r} and {b['name']!r} differ by colour alone"
    assert visual.source_ids == list(dict.fromkeys(visual.source_ids)), "source ids repeat"
    return shown


def place_coordinates(course) -> set[tuple[float, float]]:
    return set(zip(course.places["lat"], course.places["lon"]))


def marker_points(shown: dict) -> list[tuple[float, float]]:
    """(lat, lon) of every geo marker drawn (text-only and line-only traces excluded, and arrows,
    which point the way to a place off the map rather than mark one)."""
    return [
        (lat, lon)
        for t in shown["data"]
        if t["type"] == "scattergeo" and "markers" in t.get("mode", "") and t.get("marker", {}).get("symbol") != "arrow"
        for lat, lon in zip(t["lat"], t["lon"])
    ]
