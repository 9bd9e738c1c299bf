"""Maps drawn offline on the vendored base map: the region, the strikes, the visit, energy links.

Every marker sits exactly at its ``places.csv`` coordinates; marker symbol and text label
say what a place is, so colour is never the only cue. Each builder returns a
:class:`~lessonkit.visual.Visual` whose summary says in words what the map shows.
"""

from __future__ import annotations

import math
import re
import typing

import pandas as pd
import plotly.graph_objects as go

from . import basemap, schemas
from .data import Course
from .palette import COUNTRY, FONT_SIZE, OKABE_ITO, Cue, cue
from .visual import (
    Visual,
    draws_what_there_is,
    finish,
    need,
    NothingToDraw,
    hover,
    long_date,
    new_figure,
    present,
    sentence,
    sentence_list,
    unique_ids,
)

#: Every place kind, in the order of the data contract, with its legend label and symbol.
KINDS = typing.get_args(schemas.Place.model_fields["kind"].annotation)
KIND_LABELS = {
    "capital": "Capital",
    "city": "City",
    "town": "Town",
    "crossing": "Border crossing",
    "strike_area": "Strike area",
    "pipeline_point": "Pipeline point",
    "power_point": "Power-line point",
    "airport": "Airport",
    "landmark": "Landmark",
    "crash_site": "Crash site",
}
_KIND_SYMBOLS = {
    "capital": "star",
    "city": "circle",
    "town": "triangle-up",
    "crossing": "diamond",
    "strike_area": "x",
    "pipeline_point": "square",
    "power_point": "hexagon",
    "airport": "triangle-down",
    "landmark": "pentagon",
    "crash_site": "cross",
}
KIND_CUES = {kind: Cue(cue(i).color, _KIND_SYMBOLS[kind], "solid") for i, kind in enumerate(KINDS)}

#: ISO-3 codes of the countries the maps name (the base map's country ids).
ISO3 = {"Pakistan": "PAK", "Iran": "IRN", "Afghanistan": "AFG"}

#: The region map: Iran, Pakistan, Afghanistan and what they have on their borders.
REGION_VIEW = ((22.0, 40.5), (43.5, 78.0))
REGION_KINDS = ("capital", "city", "town", "crossing")
#: Kinds drawn for orientation around the places a map is about, and how they look.
ORIENTATION_KINDS = ("capital", "city", "town", "crossing")
ORIENTATION = Cue(OKABE_ITO["black"], "circle-open", "solid")
#: Energy-line status -> look; the legend also names the status in words.
LINE_STATUS_CUES = {
    "built": Cue(OKABE_ITO["bluish green"], "circle", "solid"),
    "claimed built": Cue(OKABE_ITO["orange"], "circle", "dash"),
    "approved": Cue(OKABE_ITO["blue"], "circle", "dashdot"),
    "planned": Cue(OKABE_ITO["reddish purple"], "circle", "dot"),
}
LINE_WIDTHS = {"gas pipeline": 5, "power line": 3}
MARKER_SIZE = 14
#: Map labels for places whose names are too long for a label beside a marker ("" for none: the
#: pipeline's border point sits among five named places near Gwadar; its line and hover name it).
MAP_LABELS = {"Iran–Pakistan border on the gas pipeline route": ""}
LABEL_CHAR_PX, LABEL_HEIGHT_PX = 8.5, 18  # size of label text at FONT_SIZE - 1
NAME_CHAR_PX = 13  # width of a capital letter in a country name (FONT_SIZE + 2)


# --- helpers ---------------------------------------------------------------------------------


def _places(course: Course) -> pd.DataFrame:
    return course.places.set_index("id", drop=False)


def _label_position(country: str) -> str:
    """Iran lies west of Pakistan: Iranian labels go left, others right, away from the border."""
    return "middle left" if country == "Iran" else "middle right"


def _place_hover(place: pd.Series, *extra: str | None) -> str:
    approx = "Position approximate" if place["precision"] == "approximate" else None
    kind = KIND_LABELS[place["kind"]]
    return hover(f"<b>{place['name']}</b> ({place['country']})", kind, *extra, approx, place["note"])


def short_name(name: str) -> str:
    """A place's name for a map label: without parts in brackets or after a comma, and without
    "crossing" (the marker symbol says so): 'Gabd (Pakistan) – Rimdan (Iran) crossing' → 'Gabd – Rimdan'."""
    name = re.sub(r"\s*\([^)]*\)", "", name).split(",")[0].strip()
    return MAP_LABELS.get(name, re.sub(r"\s+crossing$", "", name))


def place_markers(
    rows: pd.DataFrame,
    name: str,
    look: Cue,
    *,
    labels: list[str] | None = None,
    hovertext: list[str] | None = None,
    size: int = MARKER_SIZE,
    **trace,
) -> go.Scattergeo:
    """One legend entry of markers at the places' own coordinates, labelled on the map."""
    labels = [short_name(n) for n in rows["name"]] if labels is None else labels
    hovertext = [_place_hover(p) for _, p in rows.iterrows()] if hovertext is None else hovertext
    return go.Scattergeo(
        lat=list(rows["lat"]),
        lon=list(rows["lon"]),
        name=name,
        mode="markers+text",
        text=labels,
        textposition=[_label_position(c) for c in rows["country"]],
        textfont={"size": FONT_SIZE - 1},
        hovertext=hovertext,
        hoverinfo="text",
        marker=look.marker(size),
        **trace,
    )


def _kind_traces(
    rows: pd.DataFrame, color: str | None = None, named: pd.Series | None = None, **trace
) -> list[go.Scattergeo]:
    """One trace per place kind, in contract order: symbol, legend label and (unless a single
    ``color`` is given) colour differ. ``named`` (by row) leaves some markers unlabelled."""
    return [
        place_markers(
            group,
            KIND_LABELS[kind],
            KIND_CUES[kind]._replace(color=color or KIND_CUES[kind].color),
            labels=None if named is None else [short_name(n) if named[i] else "" for i, n in group["name"].items()],
            legendgroup=kind,
            **trace,
        )
        for kind in KINDS
        if len(group := rows[rows["kind"] == kind])
    ]


#: Places closer than this (degrees) to another crowd a whole-region map: they go in a close-up.
CROWDED_DEG = 1.0


def _crowded(rows: pd.DataFrame) -> pd.DataFrame:
    """The places that have another place within CROWDED_DEG degrees."""
    near = [
        any(math.hypot(p["lat"] - q["lat"], p["lon"] - q["lon"]) < CROWDED_DEG for j, q in rows.iterrows() if j != i)
        for i, p in rows.iterrows()
    ]
    return rows[near]


def _outline(view, name: str) -> go.Scattergeo:
    """A dashed box on the overview showing where a close-up is."""
    (lat0, lat1), (lon0, lon1) = view
    return go.Scattergeo(
        lat=[lat0, lat0, lat1, lat1, lat0],
        lon=[lon0, lon1, lon1, lon0, lon0],
        mode="lines",
        line={"color": OKABE_ITO["black"], "width": 1.5, "dash": "longdash"},  # unlike any line status
        name=name,
        hoverinfo="skip",
        # on a phone (handouts) the close-up is drawn under the whole map, not beside it
        meta={"phone": {"name": name.replace("on the right", "below")}},
    )


def _with_close_up(overview_view, overview: list, detail, close_up: list, height: int) -> go.Figure:
    """The whole area on the left and a close-up on the right (its place named there)."""
    figure = _map_figure(overview_view, overview, height=height, width_px=360)
    figure.add_traces(_panel(detail, close_up, "geo2", width_px=250))
    figure.update_layout(
        geo_domain={"x": [0, 0.56], "y": [0, 1]},
        geo2={**basemap.geo_layout(*detail), "domain": {"x": [0.6, 1], "y": [0, 1]}},
    )
    return figure


def _view(
    lats, lons, pad: float = 1.5, min_span: float = 4.0, aspect: float = 1.8
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A lat/lon box around the points: padded, at least ``min_span`` degrees tall, then grown
    across or up to ``aspect`` (width / height on a Mercator map) so the map fills the figure."""
    lat_lo, lat_hi = _grow(min(lats) - pad, max(lats) + pad, min_span)
    lon_lo, lon_hi = min(lons) - pad, max(lons) + pad
    stretch = 1 / math.cos(math.radians((lat_lo + lat_hi) / 2))  # Mercator: a degree of lat looks longer
    lon_lo, lon_hi = _grow(lon_lo, lon_hi, aspect * (lat_hi - lat_lo) * stretch)
    lat_lo, lat_hi = _grow(lat_lo, lat_hi, (lon_hi - lon_lo) / (aspect * stretch))
    return (round(lat_lo, 2), round(lat_hi, 2)), (round(lon_lo, 2), round(lon_hi, 2))


def _grow(lo: float, hi: float, span: float) -> tuple[float, float]:
    extra = max(0.0, span - (hi - lo)) / 2
    return lo - extra, hi + extra


def _inside(rows: pd.DataFrame, view) -> pd.DataFrame:
    (lat0, lat1), (lon0, lon1) = view
    return rows[rows["lat"].between(lat0, lat1) & rows["lon"].between(lon0, lon1)]


def _place_labels(
    traces, view, width_px: int, crowded: list | None = None, along_at=(0, 0.5, 1)
) -> list[tuple[float, float]]:
    """Place each marker's label beside it where it overlaps no earlier label or marker and stays
    on the map: first on its own side (Iranian places left, others right), level, above or
    below, then on the other side; failing all, where it overlaps least. Returns points on the
    placed labels (at the fractions ``along_at`` of each), so country names can keep clear of
    them. ``crowded`` collects the (trace, k) of labels that found no clear place."""
    (lat0, lat1), (lon0, lon1) = view
    px_lon = (lon1 - lon0) / width_px  # degrees per pixel, across and (Mercator) up
    px_lat = px_lon * math.cos(math.radians((lat0 + lat1) / 2))
    labelled = [
        (trace, k)
        for trace in traces
        if trace.type == "scattergeo" and isinstance(trace.textposition, tuple)
        for k, label in enumerate(trace.text)
        if label
    ]
    taken = [
        _box(lat, lon, MARKER_SIZE * px_lon, MARKER_SIZE * px_lat)
        for trace in traces
        for lat, lon in zip(trace.lat, trace.lon)
    ]
    along, positions = [], {id(trace): list(trace.textposition) for trace, _ in labelled}
    for trace, k in labelled:
        lat, lon, side = trace.lat[k], trace.lon[k], trace.textposition[k].split()[-1]
        width, height = len(trace.text[k]) * LABEL_CHAR_PX * px_lon, LABEL_HEIGHT_PX * px_lat
        gap = MARKER_SIZE / 2 * px_lon
        options = []
        for s in (side, "left" if side == "right" else "right"):
            west = lon + gap if s == "right" else lon - gap - width
            for v, south in (("middle", lat - height / 2), ("top", lat + height * 0.2), ("bottom", lat - height * 1.2)):
                box = (south, west, south + height, west + width)
                off_map = box[0] < lat0 or box[2] > lat1 or box[1] < lon0 or box[3] > lon1
                options.append((off_map, sum(_overlap(box, t) for t in taken), len(options), f"{v} {s}", box))
        off_map, overlap, *_, chosen, box = min(options)
        if crowded is not None and (off_map or overlap > 0):
            crowded.append((trace, k))
        positions[id(trace)][k] = chosen
        taken.append(box)
        along += [(box[0] + height / 2, box[1] + width * f) for f in along_at]
    for trace, _ in labelled:
        trace.textposition = positions[id(trace)]
    return along


def _box(lat: float, lon: float, width: float, height: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a box centred on a point."""
    return (lat - height / 2, lon - width / 2, lat + height / 2, lon + width / 2)


def _overlap(a, b) -> float:
    """Area two (south, west, north, east) boxes share."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _countries(view, avoid, width_px: int) -> list:
    """Iran, Pakistan and Afghanistan lightly shaded in their colours, named where there is room
    (away from the points in ``avoid``, the whole name on the map)."""
    shading = [
        go.Choropleth(
            locations=[iso],
            z=[1],
            zmin=0,
            zmax=1,
            locationmode="ISO-3",
            name=country,
            colorscale=[[0, COUNTRY[country][0]], [1, COUNTRY[country][0]]],
            showscale=False,
            marker={"opacity": 0.18, "line": {"width": 0}},
            hovertext=[country],
            hoverinfo="text",
            showlegend=False,
        )
        for country, iso in ISO3.items()
    ]
    px_lon = (view[1][1] - view[1][0]) / width_px
    named = {
        country: basemap.label_point(iso, *view, avoid=avoid, half_width=len(country) * NAME_CHAR_PX * px_lon / 2)
        for country, iso in ISO3.items()
    }
    named = {country: point for country, point in named.items() if point}
    names = go.Scattergeo(
        lat=[p[0] for p in named.values()],
        lon=[p[1] for p in named.values()],
        mode="text",
        text=[c.upper() for c in named],
        name="Country names",
        textfont={"size": FONT_SIZE + 2},
        hoverinfo="skip",
        showlegend=False,
    )
    return [*shading, names]


def _map_figure(view, traces, height: int = 640, legend_below: bool = True, width_px: int = 900, **layout) -> go.Figure:
    """A map on the vendored base map, credited under the title, legend under the map.

    ``width_px`` is the room across for the map (in a notebook about 900 px); the map is
    narrower when its height limits it, which label placement needs to know."""
    layout = {
        "margin": {"l": 10, "r": 10, "t": 90, "b": 10},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0} if legend_below else {},
        "title": {"subtitle": {"text": basemap.CREDIT, "font": {"size": FONT_SIZE - 2}}},
        **layout,
    }
    figure = new_figure(height, geo=basemap.geo_layout(*view), **layout)
    (lat0, lat1), (lon0, lon1) = view
    stretch = 1 / math.cos(math.radians((lat0 + lat1) / 2))
    drawn_width = min(width_px, (height - 150) * (lon1 - lon0) / ((lat1 - lat0) * stretch))
    figure.add_traces(_panel(view, traces, width_px=int(drawn_width)))
    return figure


def _phone_labels(traces, view) -> list[tuple[float, float]]:
    """Hints for a phone (the handouts lay a map out again below 600 px, ``tools/handouts.js``):
    each label's place on a map PHONE_MAP_PX wide, and no label where none fits clear of the
    others, except a capital's (the marker stays, named in its hover text and the table), in
    ``trace.meta``.
    Returns points on the labels placed, as ``_place_labels`` does."""
    desktop = {id(t): t.textposition for t in traces}
    crowded: list = []
    along = _place_labels(traces, view, PHONE_MAP_PX, crowded, along_at=(0, 0.25, 0.5, 0.75, 1))
    for trace in traces:
        left_out = {
            k for t, k in crowded if t is trace and trace.name != KIND_LABELS["capital"]
        }  # capitals keep theirs
        if trace.textposition == desktop[id(trace)] and not left_out:
            continue
        text = [("" if k in left_out else label) for k, label in enumerate(trace.text)]
        trace.meta = {"phone": {"textposition": list(trace.textposition), "text": text}}
        trace.textposition = desktop[id(trace)]
    return along


#: Room across for a map on a phone (a 360 px handout less its margins, and a little to spare).
PHONE_MAP_PX = 310


def _panel(view, traces, geo: str = "geo", width_px: int = 900) -> list:
    """The traces of one map panel (about ``width_px`` wide): countries first, then ``traces``
    with their labels placed (and placed again for a phone when the panel is wider than one)."""
    points = [(lat, lon) for trace in traces for lat, lon in zip(trace.lat, trace.lon)]
    phone_names = (
        _countries(view, points + _phone_labels(traces, view), PHONE_MAP_PX)[-1] if width_px > PHONE_MAP_PX else None
    )
    points += _place_labels(traces, view, width_px)
    countries = _countries(view, points, width_px)
    if phone_names:
        # smaller than on a desktop (still over 12 px), as the names were placed for the larger size
        phone = {k: list(phone_names[k]) for k in ("lat", "lon", "text")}
        countries[-1].meta = {"phone": {**phone, "textfont.size": FONT_SIZE - 2}}
    traces = [*countries, *traces]
    for trace in traces:
        trace.geo = geo
    return traces


def distance_km(a: pd.Series, b: pd.Series) -> float:
    """Great-circle distance between two places, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _where(place: pd.Series) -> str:
    approx = ", position approximate" if place["precision"] == "approximate" else ""
    return f"{place['name']}, {place['country']} ({place['lat']:.2f}°N, {place['lon']:.2f}°E{approx})"


def _place_table(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[["id", "name", "country", "kind", "lat", "lon", "precision", "source_ids"]]


# --- builders --------------------------------------------------------------------------------


@draws_what_there_is
def region_map(course: Course) -> Visual:
    """Iran, Pakistan and Afghanistan with their capitals, cities, towns and border crossings:
    the whole region on the left (capitals and cities named), the border area on the right."""
    places = course.places
    rows = places[places["kind"].isin(REGION_KINDS) & places["country"].isin(ISO3)].sort_values(["country", "name"])
    need(
        rows,
        "data/places.csv has no capitals, cities, towns or crossings in these countries yet: add some to draw this map.",
    )
    crossings = rows[rows["kind"] == "crossing"]
    framed = crossings if len(crossings) else rows  # the close-up frames the crossings, or every place
    detail = _view(framed["lat"], framed["lon"], pad=2.5, aspect=0.75)
    (lat0, lat1), (lon0, lon1) = detail
    outline = _outline(detail, "Border area (shown on the right)")
    in_detail = rows.index.isin(_inside(rows, detail).index)
    # every place outside the border area is named on the left; those inside it, on the right
    named = pd.Series(~in_detail, index=rows.index)
    overview = [
        place_markers(
            group,
            KIND_LABELS[kind],
            KIND_CUES[kind],
            legendgroup=kind,
            labels=[short_name(n) if named[i] else "" for i, n in group["name"].items()],
        )
        for kind in KINDS
        if len(group := rows[rows["kind"] == kind])
    ]
    close_up = [
        place_markers(group, KIND_LABELS[kind], KIND_CUES[kind], legendgroup=kind, showlegend=False)
        for kind in KINDS
        if len(group := _inside(rows[rows["kind"] == kind], detail))
    ]
    # labels placed for the narrowest figure (about 600 px across: an 800 px window): on a wider
    # one they only get more room around them
    figure = _with_close_up(REGION_VIEW, [*overview, outline], detail, close_up, height=640)

    def listed(kind: str) -> str:
        chosen = rows[rows["kind"] == kind]
        return sentence_list([f"{p['name']} ({p['country']})" for _, p in chosen.iterrows()]) if len(chosen) else "none"

    capitals = rows[rows["kind"] == "capital"].drop_duplicates("country").set_index("country")
    apart = ""
    if {"Iran", "Pakistan"} <= set(capitals.index):
        west, east = capitals.loc["Iran"], capitals.loc["Pakistan"]
        apart = f" {west['name']} and {east['name']} are about {distance_km(west, east):,.0f} km apart."
    summary = (
        f"Two maps. Left: Iran (west), Pakistan (east) and Afghanistan (north of Pakistan), the countries "
        f"shaded and named; marker symbols show the kind of place. Right: a close-up of the Iran–Pakistan "
        f"border area ({lat0:.1f}–{lat1:.1f}°N, {lon0:.1f}–{lon1:.1f}°E) with every place in it named. "
        f"Capitals: {listed('capital')}. Cities: {listed('city')}. Towns: {listed('town')}. "
        f"Border crossings: {listed('crossing')}.{apart}"
    )
    return finish(
        figure,
        "Iran, Pakistan and Afghanistan: capitals, cities, towns and border crossings",
        summary,
        _place_table(rows),
    )


def _strike_events(course: Course) -> pd.DataFrame:
    places = _places(course)
    events = course.events[
        course.events["place_id"].map(lambda pid: pid in places.index and places.loc[pid, "kind"] == "strike_area")
    ]
    return events.sort_values("start")


@draws_what_there_is
def strikes_map(course: Course) -> Visual:
    """The January 2024 strikes on each side of the border, with each side's account."""
    places = _places(course)
    events = _strike_events(course)
    if events.empty:
        raise NothingToDraw(
            "data/events.csv has no event at a place of kind strike_area yet: add one to draw this map."
        )
    hit = places.loc[list(events["place_id"])]
    view = _view(hit["lat"], hit["lon"], pad=2.5, min_span=7)
    context = _inside(places[places["kind"].isin(ORIENTATION_KINDS)], view)
    traces = [place_markers(context, "Towns and crossings (for orientation)", ORIENTATION, size=9)]
    lines = []
    for i, (_, event) in enumerate(events.iterrows()):
        place = places.loc[event["place_id"]]
        account = present(event["claims_note"]) if event["contested"] else None
        label = f"{event['display_date']}: {event['headline']}"
        traces.append(
            place_markers(
                place.to_frame().T,
                label,
                cue(i)._replace(symbol=("x", "cross")[i % 2]),
                size=20,
                labels=[event["display_date"]],
                hovertext=[
                    _place_hover(
                        place,
                        f"<b>{event['headline']}</b>",
                        event["display_date"],
                        f"Accounts differ: {account}" if account else None,
                        event["text"],
                    )
                ],
            )
        )
        lines.append(
            f"{event['display_date']}: {event['headline']}, at {_where(place)}. "
            + (f"Accounts differ: {account}" if account else event["text"])
        )
    first, last = (places.loc[events.iloc[k]["place_id"]] for k in (0, -1))
    days = (events.iloc[-1]["start"] - events.iloc[0]["start"]).days
    summary = (
        f"Map of {len(events)} strikes across the Iran–Pakistan border, {days} days apart; the "
        f"strike areas are about {distance_km(first, last):,.0f} km apart. "
        + " ".join(lines)
        + " Strike positions are approximate: the sources name an area, not a point."
    )
    table = events[["id", "display_date", "headline", "place_id", "contested", "claims_note", "source_ids"]]
    table = table.assign(lat=list(hit["lat"]), lon=list(hit["lon"]), precision=list(hit["precision"]))
    return finish(
        _map_figure(view, traces),
        "January 2024: strikes on both sides of the border",
        summary,
        table,
        unique_ids(*table["source_ids"], *hit["source_ids"]),
    )


def _visit_stops(course: Course) -> pd.DataFrame:
    """Itinerary stops in visit order, with their places' name, country and coordinates."""
    located = _places(course).drop(columns=["id", "source_ids"])
    return course.itinerary.sort_values("order").join(located, on="place_id").reset_index(drop=True)


def _onward(course: Course, stops: pd.DataFrame) -> pd.DataFrame:
    """Airports abroad (outside every country of the itinerary): where the trip flew on to."""
    places = course.places
    return places[(places["kind"] == "airport") & ~places["country"].isin(set(stops["country"]))]


def _city_labels(stops: pd.DataFrame) -> list[str]:
    """Label the first stop of each run of stops in one city on one day: 'Lahore (stops 11–15)'."""
    moved = (stops["city"] != stops["city"].shift()) | (stops["day"] != stops["day"].shift())
    labels, run = [""] * len(stops), moved.cumsum()
    for _, group in stops.groupby(run, sort=False):
        first, last = group["order"].iloc[0], group["order"].iloc[-1]
        span = f"stop {first}" if first == last else f"stops {first}–{last}"
        labels[group.index[0]] = f"{group['city'].iloc[0]} ({span})"
    return labels


def _stop_words(stop: pd.Series) -> str:
    where = stop["name"] if stop["city"] in stop["name"] else f"{stop['name']}, {stop['city']}"
    return f"Stop {stop['order']} ({stop['time_of_day']}), {where}: {sentence(stop['activity'])}"


def _toward(start: pd.Series, dest: pd.Series, view, share: float = 0.95) -> tuple[float, float]:
    """A point on the straight line from ``start`` to ``dest``, ``share`` of the way to where it
    leaves the map ``view`` (or ``dest`` itself when that is on the map)."""
    (lat0, lat1), (lon0, lon1) = view
    d_lat, d_lon = dest["lat"] - start["lat"], dest["lon"] - start["lon"]
    limits = [
        (lat0 - start["lat"]) / d_lat if d_lat < 0 else (lat1 - start["lat"]) / d_lat if d_lat else 9,
        (lon0 - start["lon"]) / d_lon if d_lon < 0 else (lon1 - start["lon"]) / d_lon if d_lon else 9,
    ]
    t = min(1.0, share * min(limits))
    return start["lat"] + t * d_lat, start["lon"] + t * d_lon


@draws_what_there_is
def visit_map(course: Course) -> Visual:
    """The visit stop by stop, one colour, dash and symbol per day; a slider steps through the days."""
    stops = need(_visit_stops(course), "data/itinerary.csv has no stops yet: add the visit's stops to draw this map.")
    onward = _onward(course, stops)
    labels = _city_labels(stops)
    traces, trace_day, day_points, sentences = [], [], {}, []
    previous = stops.iloc[:0]
    for i, (day, group) in enumerate(stops.groupby("day", sort=True)):
        look, name = cue(i), f"Day {day} · {long_date(group['date'].iloc[0])}"
        route = pd.concat([previous, group])  # from where the previous day ended
        traces.append(
            go.Scattergeo(
                lat=list(route["lat"]),
                lon=list(route["lon"]),
                mode="lines",
                line={"color": look.color, "width": 3, "dash": look.dash},
                name=f"{name}: route",
                legendgroup=name,
                showlegend=False,
                hoverinfo="skip",
            )
        )
        traces.append(
            place_markers(
                group,
                name,
                look,
                legendgroup=name,
                labels=[labels[k] for k in group.index],
                hovertext=[
                    _place_hover(
                        s,
                        f"Stop {s['order']} · Day {day}, {s['time_of_day']}",
                        s["activity"],
                        "Met: " + "; ".join(s["people_met"]) if s["people_met"] else None,
                    )
                    for _, s in group.iterrows()
                ],
            )
        )
        trace_day += [day, day]
        day_points[day] = group[["lat", "lon"]]
        previous = group.tail(1)
        sentences.append(f"{name}. " + " ".join(_stop_words(s) for _, s in group.iterrows()))
    end = stops.iloc[-1]
    everything = pd.concat(day_points.values())
    all_view = _view(everything["lat"], everything["lon"], pad=1.5, aspect=1.0)  # Pakistan, not the flight
    views = {day: _view(points["lat"], points["lon"], pad=1.0, aspect=1.0) for day, points in day_points.items()}
    for j, (_, dest) in enumerate(onward.iterrows()):
        look, name = cue(len(day_points) + j), f"Day {end['day']}: flight on to {dest['country']}"
        km = distance_km(end, dest)
        lat, lon = _toward(end, dest, all_view)
        traces.append(
            go.Scattergeo(
                # named in the legend, not on the map: Karachi's stops crowd the arrow's start
                lat=[end["lat"], lat],
                lon=[end["lon"], lon],
                mode="lines+markers",
                name=name,
                line={"color": look.color, "width": 3, "dash": "dot"},
                marker={
                    "size": [0, MARKER_SIZE + 4],
                    "color": look.color,
                    "symbol": "arrow",
                    "angleref": "previous",
                    "line": {"color": OKABE_ITO["black"], "width": 1},
                },
                hovertext=[
                    "",
                    _place_hover(
                        dest,
                        f"<b>{name}</b>",
                        long_date(end["date"]),
                        end["activity"],
                        f"About {km:,.0f} km: off this map",
                    ),
                ],
                hoverinfo="text",
            )
        )
        trace_day.append(end["day"])
        sentences.append(
            f"Then a flight on from {end['name']} to {dest['name']}, {dest['country']}, "
            f"about {km:,.0f} km (an arrow on the map points the way)."
        )

    figure = _map_figure(all_view, traces, height=760, legend_below=False, width_px=360)
    base = [True] * (len(figure.data) - len(traces))  # the countries, shown on every step

    def step(label: str, day, view) -> dict:
        visible = base + [bool(day is None or owner == day) for owner in trace_day]
        return {
            "label": label,
            "method": "update",
            "args": [{"visible": visible}, {"geo.lataxis.range": list(view[0]), "geo.lonaxis.range": list(view[1])}],
        }

    figure.update_layout(
        sliders=[
            {
                "active": 0,
                "steps": [step("All days", None, all_view)] + [step(f"Day {d}", d, v) for d, v in views.items()],
                "currentvalue": {"prefix": "Showing: ", "font": {"size": FONT_SIZE}},
                "font": {"size": FONT_SIZE},
                "pad": {"t": 10},
                "len": 0.9,
                "x": 0.05,
            }
        ]
    )
    summary = (
        f"Map of the visit's {len(stops)} stops in order, one colour, line style and marker symbol per day; "
        "the slider under the map shows one day at a time. " + " ".join(sentences)
    )
    table = stops[
        [
            "order",
            "day",
            "date",
            "time_of_day",
            "city",
            "place_id",
            "name",
            "lat",
            "lon",
            "activity",
            "people_met",
            "source_ids",
        ]
    ]
    return finish(
        figure,
        "The visit, stop by stop, day by day",
        summary,
        table,
        unique_ids(*table["source_ids"], *onward["source_ids"]),
    )


def _energy_lines(lines: pd.DataFrame, places: pd.DataFrame, **trace) -> list[go.Scattergeo]:
    """One trace per energy link, styled by its status (its legend entry toggles it everywhere)."""
    traces = []
    for _, line in lines.iterrows():
        points = places.loc[line["place_ids"]]
        look = LINE_STATUS_CUES[line["status"]]
        text = hover(f"<b>{line['name']}</b>", f"{line['kind'].capitalize()}, {line['status']}", line["note"])
        traces.append(
            go.Scattergeo(
                lat=list(points["lat"]),
                lon=list(points["lon"]),
                mode="lines",
                name=f"{line['name']}: {line['status']}",
                legendgroup=line["id"],
                line={"color": look.color, "dash": look.dash, "width": LINE_WIDTHS[line["kind"]]},
                hovertext=[text] * len(points),
                hoverinfo="text",
                **trace,
            )
        )
    return traces


@draws_what_there_is
def energy_map(course: Course) -> Visual:
    """Gas pipelines and power lines: built, claimed built, approved or planned. Places that
    crowd each other near the border are drawn again, named, in a close-up on the right."""
    places = _places(course)
    need(course.lines, "data/lines.csv has no pipelines or power lines yet: add some to draw this map.")
    lines = course.lines.assign(status_order=course.lines["status"].map(list(LINE_STATUS_CUES).index))
    lines = lines.sort_values(["status_order", "kind", "id"])
    sentences = [
        f"{line['name']} ({line['kind']}, {line['status']}): {' → '.join(places.loc[line['place_ids'], 'name'])}."
        + (f" {sentence(line['note'])}" if present(line["note"]) else "")
        for _, line in lines.iterrows()
    ]
    used = places.loc[unique_ids(*lines["place_ids"])]
    view = _view(used["lat"], used["lon"], pad=1.5)
    black = OKABE_ITO["black"]  # colour belongs to the lines' status
    crowded = _crowded(used)
    counts = lines["status"].value_counts()
    tally = sentence_list([f"{counts[s]} {s}" for s in LINE_STATUS_CUES if s in counts])
    summary = (
        f"Map of {len(lines)} energy links between Iran and Pakistan ({tally}); line colour, dash style "
        "and legend label give each link's status, thicker lines are gas pipelines. "
    )
    if len(crowded) < 2:
        figure = _map_figure(
            view, [*_energy_lines(lines, places), *_kind_traces(used, black)], height=800, width_px=600
        )
    else:
        detail = _view(crowded["lat"], crowded["lon"], pad=0.35, min_span=1.5, aspect=0.75)
        (lat0, lat1), (lon0, lon1) = detail
        close = _inside(used, detail)
        in_detail = pd.Series(used.index.isin(close.index), index=used.index)
        overview = [
            *_energy_lines(lines, places),
            *_kind_traces(used, black, named=~in_detail),
            _outline(detail, "Border area (shown on the right)"),
        ]
        close_up = [
            *_energy_lines(lines, places, showlegend=False),
            *_kind_traces(close, black, showlegend=False),
        ]
        figure = _with_close_up(view, overview, detail, close_up, height=800)
        summary += (
            f"Left: the whole area. Right: a close-up of the border area ({lat0:.1f}–{lat1:.1f}°N, "
            f"{lon0:.1f}–{lon1:.1f}°E), where {sentence_list(list(close['name']))} lie close "
            "together, each named there. "
        )
    table = lines[["id", "name", "kind", "status", "place_ids", "note", "source_ids"]]
    return finish(
        figure,
        "Energy links: gas pipeline and power lines by status",
        summary + " ".join(sentences),
        table,
        unique_ids(*table["source_ids"], *used["source_ids"]),
    )


def event_map(course: Course, event_id: str) -> Visual:
    """A small map of one event's place (used by the event explorer)."""
    event = course.events.set_index("id").loc[event_id]
    places = _places(course)
    if not present(event["place_id"]):
        raise ValueError(f"event {event_id!r} has no place_id to map")
    place = places.loc[event["place_id"]]
    view = _view([place["lat"]], [place["lon"]], pad=0, min_span=12)
    context = _inside(places[places["kind"] == "capital"], view).drop(place.name, errors="ignore")
    traces = [
        place_markers(context, "Capitals (for orientation)", ORIENTATION, size=9),
        place_markers(
            place.to_frame().T,
            KIND_LABELS[place["kind"]],
            KIND_CUES[place["kind"]],
            size=18,
            hovertext=[_place_hover(place, f"<b>{event['headline']}</b>", event["display_date"])],
        ),
    ]
    account = present(event["claims_note"]) if event["contested"] else None
    summary = " ".join(
        [
            f"Map of where this happened: {event['headline']} ({event['display_date']}), at {_where(place)}.",
            sentence(event["text"]),
            f"Accounts differ: {sentence(account)}" if account else "",
        ]
    ).strip()
    table = _place_table(place.to_frame().T)
    return finish(
        _map_figure(view, traces, height=480),
        f"{event['display_date']}: {event['headline']}",
        summary,
        table,
        unique_ids(event["source_ids"], place["source_ids"]),
    )
