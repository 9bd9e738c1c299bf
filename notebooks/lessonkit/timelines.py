"""Timelines from events.csv and itinerary.csv, and the event explorer widget.

One row per event group, each group with its own marker symbol and colour; events whose
accounts differ carry a ring and "(contested)" in their hover text. Each builder returns a
:class:`~lessonkit.visual.Visual` whose summary lists what the timeline shows.
"""

from __future__ import annotations

import dataclasses
import html
import textwrap
import typing

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from . import featured, maps, schemas
from .data import Course
from .palette import FONT_SIZE, NEUTRALS, OKABE_ITO, cue
from .text import source_label
from .visual import (
    FULL_WIDTH,
    Visual,
    draws_what_there_is,
    need,
    counted,
    finish,
    hover,
    long_date,
    new_figure,
    present,
    sentence,
    sentence_list,
)

#: Event groups in the order of the data contract (top row first), with their row labels.
GROUPS = typing.get_args(schemas.Event.model_fields["group"].annotation)
GROUP_LABELS = {
    "relations": "Relations",
    "crisis": "Crisis",
    "de-escalation": "De-escalation",
    "regional": "Wider region",
    "visit": "The visit",
    "energy": "Energy",
    "trade": "Trade",
    "border": "Border",
    "aftermath": "Aftermath",
}
GROUP_CUES = {group: cue(i) for i, group in enumerate(GROUPS)}
#: The crisis timeline's window: from the Rask attack to the weeks after Raisi's death.
CRISIS_WINDOW = (pd.Timestamp("2023-12-01"), pd.Timestamp("2024-05-31"))
CONTESTED_NAME = "Accounts differ (contested)"
#: One row per event: its headline on the left, on up to two lines, its marker at its date.
ROW_PX = 36
LINE_CHARS = 32
LABEL_LINES = 2
#: Date labels over the rows: "Jan" over "2024" when ticks are months (narrow enough never to
#: be slanted into the title at 800–900 px), the year alone when ticks are years.
#: Plotly applies the first stop whose range holds the tick step (ranges share their ends).
DATE_TICKS = [
    {"dtickrange": ["M1", "M11"], "value": "%b<br>%Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
    {"dtickrange": [None, "M1"], "value": "%d %b<br>%Y"},
]
#: A timeline spanning more years than this labels its markers with the year alone.
YEARS_ONLY = 3
#: Markers this far across the plotted dates (0 to 1) or more have their date on their left.
DATE_ON_LEFT = 0.8


def marker_dates(start_dates: pd.Series, years: float) -> list[str]:
    """The date written beside each marker: the year on a long timeline; on a short one the day
    and month, or the month alone when the data give only a month (never a made-up day)."""

    def text(value: str) -> str:
        day = pd.Timestamp(value)
        if years > YEARS_ONLY or len(value) == 4:
            return f"{day:%Y}"
        return f"{day:%b}" if len(value) == 7 else f"{day.day} {day:%b}"

    return [text(v) for v in start_dates]


def date_sides(starts: pd.Series, low: pd.Timestamp, high: pd.Timestamp) -> list[str]:
    """Where each marker's date goes: on its right, or on its left near the right edge (so it
    stays inside the plot)."""
    span = (high - low) or pd.Timedelta(days=1)
    return ["middle left" if (t - low) / span >= DATE_ON_LEFT else "middle right" for t in starts]


#: Room between a marker and its date, clear of a contested ring and a stepper's diamond.
_GAP = "\u2003\u2002"


def _marker_labels(start_dates, starts, low: pd.Timestamp, high: pd.Timestamp) -> tuple[list[str], list[str]]:
    """The dates beside the markers for a view of ``low`` to ``high`` (``start_dates`` as the data
    give them, ``starts`` as timestamps), padded clear of the marker, and their sides."""
    sides = date_sides(pd.Series(list(starts)), low, high)
    texts = marker_dates(pd.Series(list(start_dates)), (high - low).days / 365.25)
    return [f"{t}{_GAP}" if d == "middle left" else f"{_GAP}{t}" for t, d in zip(texts, sides)], sides


def _date_phrase(display_date: str) -> str:
    """A display date inside a sentence: "Late 2022" → "late 2022", "Undated report (…)" →
    "an undated report (…)"; dates and month names stay as they are."""
    first, _, rest = display_date.partition(" ")
    if first in _SENTENCE_WORDS:
        display_date = " ".join([first.lower(), rest]).strip()
    return f"an {display_date}" if first == "Undated" else display_date


#: Words that open a display date (events.csv) and are lower-case inside a sentence.
_SENTENCE_WORDS = {"About", "Around", "Before", "After", "Early", "From", "Late", "Mid", "Reported", "Undated"}


def _event_hover(event: pd.Series) -> str:
    contested = " (contested)" if event["contested"] else ""
    note = present(event["claims_note"])
    return hover(
        f"<b>{event['headline']}</b>{contested}",
        event["display_date"],
        event["text"],
        f"Accounts differ: {note}" if note and event["contested"] else None,
    )


def _rows(events: pd.DataFrame) -> pd.DataFrame:
    """y position of each event: its own row, the first event at the top."""
    return events.assign(y=list(range(len(events) - 1, -1, -1)))


def row_label(text: str, width: int = LINE_CHARS, lines: int = LABEL_LINES) -> str:
    """A headline as a row label: wrapped at words onto at most ``lines`` lines of ``width``
    characters (joined by ``<br>``), so the whole headline is on screen; a longer one is cut at
    a word, with an ellipsis."""
    parts = textwrap.wrap(text, width)
    if len(parts) > lines:
        last = textwrap.wrap(" ".join(parts[lines - 1 :]), width - 1)[0]
        parts = [*parts[: lines - 1], last.rstrip(",;:–- ") + "…"]
    return "<br>".join(parts)


def _event_timeline(
    events: pd.DataFrame, groups: list[str], title: str, opening: str, listing: bool, height: int | None = None
) -> Visual:
    """One row per event, first at the top: its short headline as the row's label (so every
    event is named on screen and no two labels meet), its marker at its date in its group's look."""
    events = _rows(events.sort_values("start", kind="stable"))
    height = height or 230 + ROW_PX * len(events)
    texts, sides = _marker_labels(events["start_date"], events["start"], events["start"].min(), events["start"].max())
    events = events.assign(side=sides, date_text=texts)
    figure = new_figure(
        height,
        legend={
            # the title on its own line: beside the entries it pushed the last one past the edge
            "title": {"text": "Groups (click to hide or show)", "side": "top"},
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yanchor": "bottom",
            "yref": "container",
        },
        margin={"l": 10, "r": 10, "t": 90, "b": 130},  # t: the title, then two lines of dates
        # on a phone (handouts), each headline goes beside its marker, not in a column on the left
        meta={"phone": {"rowLabels": True}},
        xaxis={"type": "date", "side": "top", "tickformatstops": DATE_TICKS},  # dates over the rows
        yaxis={
            "tickvals": list(events["y"]),
            "ticktext": [row_label(h) for h in events["headline"]],
            "range": [-0.7, len(events) - 0.3],
            "showgrid": True,
            "tickfont": {"size": FONT_SIZE - 2},
        },
        hovermode="closest",
    )
    for group in groups:
        chosen = events[events["group"] == group]
        look = GROUP_CUES[group]
        figure.add_trace(
            go.Scatter(
                x=list(chosen["start"]),
                y=list(chosen["y"]),
                mode="markers+text",
                text=list(chosen["date_text"]),
                customdata=list(chosen["start_date"]),  # the data's own precision, for a window's labels
                textposition=list(chosen["side"]),
                textfont={"size": FONT_SIZE - 2},
                name=f"{GROUP_LABELS[group]} ({len(chosen)})",
                legendgroup=group,
                marker=look.marker(14),
                hovertext=[_event_hover(e) for _, e in chosen.iterrows()],
                hoverinfo="text",
            )
        )
    contested = events[events["contested"]]
    figure.add_trace(
        go.Scatter(
            x=list(contested["start"]),
            y=list(contested["y"]),
            mode="markers",
            name=CONTESTED_NAME,
            marker={"size": 26, "color": OKABE_ITO["black"], "symbol": "circle-open", "line": {"width": 2}},
            hoverinfo="skip",
        )
    )
    counts = events["group"].value_counts()
    first, last = events.iloc[0], events.iloc[-1]
    parts = [
        f"{opening} {counted(len(events), 'event')} from {_date_phrase(first['display_date'])} to "
        f"{_date_phrase(last['display_date'])}, one row per event, first at the top, each named on the left "
        f"with its date beside its marker; each group has its own marker symbol: "
        + sentence_list([f"{GROUP_LABELS[g]} ({counts.get(g, 0)})" for g in groups])
        + "."
    ]
    if listing:
        parts.append(" ".join(f"{e['display_date']}: {sentence(e['headline'])}" for _, e in events.iterrows()))
    else:
        per_year = events["start"].dt.year.value_counts().sort_index()
        parts.append(
            f"The busiest year is {per_year.idxmax()}, with {counted(per_year.max(), 'event')}. "
            f"The first is {sentence(first['headline'])} "
            f"The last is {sentence(last['headline'])}"
        )
    if len(contested):
        verb = "is" if len(contested) == 1 else "are"
        parts.append(
            f"{counted(len(contested), 'event')}, ringed, {verb} contested (sources give different accounts): "
            + "; ".join(f"{e['headline']} ({e['display_date']})" for _, e in contested.iterrows())
            + "."
        )
    table = events[
        [
            "id",
            "start_date",
            "end_date",
            "display_date",
            "headline",
            "group",
            "place_id",
            "contested",
            "claims_note",
            "status",
            "source_ids",
        ]
    ]
    return finish(figure, title, " ".join(parts), table)


@draws_what_there_is
def relations_timeline(course: Course, groups: list[str] | None = None) -> Visual:
    """Iran–Pakistan relations from 1947 on, one row per event group (``groups`` to choose rows)."""
    groups = list(GROUPS) if groups is None else list(groups)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown or not groups:
        raise ValueError(f"unknown event groups {unknown}; choose from {list(GROUPS)}")
    groups = [g for g in GROUPS if g in groups]
    events = course.events[course.events["group"].isin(groups)]
    need(events, "data/events.csv has no events in these groups yet: add rows to draw this timeline.")
    groups = [g for g in groups if g in set(events["group"])]
    first_year, last_year = events["start"].min().year, events["start"].max().year
    title = f"Iran–Pakistan relations, {first_year}" + ("" if first_year == last_year else f"–{last_year}")
    visual = _event_timeline(events, groups, title, "Timeline of", listing=False)
    menus = [_zoom_buttons(events)]
    milestones = events[events["milestone"]]
    if len(events) > MAX_SHOWN and len(milestones):
        menus.append(_with_milestones_view(visual, milestones, title))
    # each row of buttons gets its own room above the dates, the view row above the zoom row (side
    # by side they collide in a window 800 px wide): the rows of events keep their height
    room = MENU_PX * len(menus)
    layout = visual.figure.layout
    height = layout.height + room
    visual.figure.update_layout(
        updatemenus=menus,
        margin={"t": layout.margin.t + room},
        height=height,
        title_y=_title_y(layout.title.text, height),
    )
    return visual


#: A timeline of more events than this opens on its milestones (events.csv's ``milestone``
#: column), with every event one click away.
MAX_SHOWN = schemas.MAX_MILESTONES
#: Room above the dates for the buttons (pixels, so the buttons stay put when the height changes).
MENU_PX = 50
_MENU_LABELS = ("Milestones", "All events")


def _title_y(title: str, height: float) -> float:
    """Where :func:`lessonkit.visual.finish` puts a title, for a figure ``height`` pixels tall."""
    return 1 - (12 + 10 * title.count("<br>")) / height


def _view_layout(figure: go.Figure) -> dict:
    """What the view buttons change in the layout: the rows (labels and range) and the height."""
    yaxis = figure.layout.yaxis
    height = figure.layout.height + 2 * MENU_PX  # the zoom row and the view row
    return {
        "height": height,
        "title.y": _title_y(figure.layout.title.text or "", height),
        "yaxis.tickvals": list(yaxis.tickvals),
        "yaxis.ticktext": list(yaxis.ticktext),
        "yaxis.range": list(yaxis.range),
    }


def _with_milestones_view(visual: Visual, milestones: pd.DataFrame, title: str) -> dict:
    """Make ``visual`` open on its milestones: their traces first, shown; every event's traces
    after them, hidden; and return the buttons that switch between the two (plotly.js does the
    switching, so it works in a page without widgets too). The table and summary stay whole."""
    groups = [g for g in GROUPS if g in set(milestones["group"])]
    short = _event_timeline(milestones, groups, title, "Timeline of", listing=False).figure
    full = visual.figure
    for trace in short.data:
        trace.meta = "milestones"
    for trace in full.data:
        trace.meta, trace.visible = "all", False
    views = {_MENU_LABELS[0]: (short, len(milestones)), _MENU_LABELS[1]: (full, len(visual.table))}
    layouts = {label: _view_layout(figure) for label, (figure, _count) in views.items()}
    visual.figure = go.Figure(data=[*short.data, *full.data], layout=full.layout)
    visual.figure.update_layout(height=short.layout.height, yaxis=short.layout.yaxis)
    visual.summary += (
        f" The timeline opens on {counted(len(milestones), 'milestone')}; its {_MENU_LABELS[1]} button shows "
        f"all {len(visual.table)} (the table below lists every event)."
    )
    visual.figure.layout.meta = {**(full.layout.meta or {}), "summary": visual.summary}  # keeps the phone hints
    return _button_row(
        "left",
        [
            {
                "label": f"{label} ({count})",
                "method": "update",
                "args": [{"visible": [t.meta == figure_meta for t in visual.figure.data]}, layouts[label]],
            }
            for (label, (_figure, count)), figure_meta in zip(views.items(), ("milestones", "all"))
        ],
        row=2,
    )


def _button_row(side: str, buttons: list[dict], row: int = 1) -> dict:
    """A row of buttons above the plot (``row`` 1 just above it, 2 above that), at its left or
    right edge, the first one pressed."""
    return {
        "type": "buttons",
        "direction": "right",
        "x": 0 if side == "left" else 1,
        "xanchor": side,
        "y": 1,
        "yanchor": "bottom",
        "pad": {"b": row * MENU_PX - 5},  # pixels, so the row stays put when a view changes the height
        "font": {"size": FONT_SIZE},
        "showactive": True,
        "active": 0,
        "buttons": buttons,
    }


def all_events(visual: Visual) -> go.Figure:
    """A copy of a timeline's figure showing every event and no view buttons (what its
    *All events* button shows): the figure a stepper marks its events on."""
    figure = go.Figure(visual.figure)
    menus = list(figure.layout.updatemenus)
    if len(menus) < 2:
        return figure
    args = menus[1].buttons[1].args
    figure.data = [t for t, shown in zip(figure.data, args[0]["visible"]) if shown]
    figure.data = [t.update(visible=True) for t in figure.data]
    for path, value in args[1].items():
        figure.layout[path] = value
    figure.layout.updatemenus = menus[:1]
    return figure


def _zoom_buttons(events: pd.DataFrame) -> dict:
    """Buttons above the timeline that zoom to all years, the pipeline years, or 2024."""
    first, last = events["start"].min(), events["end"].max()
    pad = (last - first) * 0.02
    spans = {
        "All years": (first - pad, last + pad),
        "Since 2009": (pd.Timestamp("2008-07-01"), last + pad),
        "2024": (pd.Timestamp("2023-12-01"), pd.Timestamp("2025-01-31")),
    }
    return _button_row(
        "left",
        [
            {
                "label": label,
                "method": "relayout",
                "args": [{"xaxis.range": [lo.strftime("%Y-%m-%d"), hi.strftime("%Y-%m-%d")]}],
            }
            for label, (lo, hi) in spans.items()
        ],
    )


@draws_what_there_is
def crisis_timeline(course: Course) -> Visual:
    """December 2023 to May 2024: the strikes, de-escalation, the visit and its aftermath."""
    start, end = CRISIS_WINDOW
    events = course.events[course.events["start"].between(start, end)]
    need(events, f"data/events.csv has no events from {start:%B %Y} to {end:%B %Y}: add rows to draw this timeline.")
    groups = [g for g in GROUPS if g in set(events["group"])]
    return _event_timeline(
        events, groups, "From crisis to visit: December 2023 to May 2024", "Timeline of", listing=True
    )


@draws_what_there_is
def visit_timeline(course: Course) -> Visual:
    """The visit stop by stop (sources give the part of the day, not the hour)."""
    stops = need(course.itinerary, "data/itinerary.csv has no stops yet: add the visit's stops to draw this timeline.")
    stops = stops.sort_values("order").reset_index(drop=True)
    places = course.places.set_index("id")
    cities = list(dict.fromkeys(stops["city"]))
    figure = new_figure(
        520,
        xaxis={
            "title": {"text": "Stop number, in order"},
            "dtick": 1,
            "showgrid": False,
            "range": [0.4, len(stops) + 0.6],
        },
        yaxis={
            "tickvals": list(range(len(cities))),
            "ticktext": cities,
            "range": [len(cities) - 0.5, -0.9],
            "showgrid": False,
        },
        legend={"title": {"text": "City"}},
        hovermode="closest",
        meta={"phone": {"layout": {}}},
    )
    for i, city in enumerate(cities):
        chosen = stops[stops["city"] == city]
        look = cue(i)
        figure.add_trace(
            go.Scatter(
                x=list(chosen["order"]),
                y=[i] * len(chosen),
                mode="markers",
                name=city,
                marker=look.marker(16),
                hovertext=[
                    hover(
                        f"<b>Stop {s['order']}: {places.loc[s['place_id'], 'name']}</b>",
                        f"Day {s['day']}, {long_date(s['date'])}, {s['time_of_day']}",
                        s["activity"],
                        "Met: " + "; ".join(s["people_met"]) if s["people_met"] else None,
                    )
                    for _, s in chosen.iterrows()
                ],
                hoverinfo="text",
            )
        )
    days = []
    for day, group in stops.groupby("day"):
        first, last = group["order"].min(), group["order"].max()
        figure.add_vrect(
            x0=first - 0.5,
            x1=last + 0.5,
            fillcolor=NEUTRALS["grid"] if day % 2 else NEUTRALS["white"],
            opacity=0.35,
            line_width=0,
            layer="below",
        )
        figure.add_annotation(
            x=(first + last) / 2,
            y=-0.75,
            text=f"Day {day}<br>{long_date(group['date'].iloc[0])}",
            showarrow=False,
            font={"size": FONT_SIZE - 1},
            yanchor="bottom",
        )
        # on a phone (handouts): "Day n" alone, every other day a line higher, the last one
        # ending at its band's right edge, so that narrow bands' labels neither meet nor leave the figure
        phone = figure.layout.meta["phone"]["layout"]
        k = len(figure.layout.annotations) - 1
        phone.update({f"annotations[{k}].text": f"Day {day}", f"annotations[{k}].yshift": 0 if day % 2 else 22})
        if last == stops["order"].max():
            phone.update({f"annotations[{k}].x": float(last) + 0.5, f"annotations[{k}].xanchor": "right"})
        met = list(dict.fromkeys(p for people in group["people_met"] for p in people))
        stops_span = f"stop {first}" if first == last else f"stops {first}–{last}"
        days.append(
            f"Day {day}, {long_date(group['date'].iloc[0])}: {stops_span} in "
            f"{sentence_list(list(dict.fromkeys(group['city'])))}" + (f"; met {sentence_list(met)}." if met else ".")
        )
    span = f"{long_date(stops['date'].min())} to {long_date(stops['date'].max())}"
    summary = (
        f"Timeline of the visit's {len(stops)} stops, {span}, in order from left to right; one row, "
        f"marker symbol and colour per city. The sources give the part of the day (morning, afternoon, "
        f"evening), not the hour, so stops are spaced evenly. " + " ".join(days)
    )
    table = stops[["order", "day", "date", "time_of_day", "city", "place_id", "activity", "people_met", "source_ids"]]
    return finish(figure, f"The visit, stop by stop ({span})", summary, table)


#: Rows of a long timeline shown around the highlighted event in a stepper.
WINDOW_ROWS = 15
HIGHLIGHT_NAME = "Shown in the panel"


def window(count: int, row: int) -> tuple[int, int]:
    """The first and last row (0 = top) a stepper's chart shows around ``row``, of ``count``
    rows: at most WINDOW_ROWS, ``row`` near the middle."""
    if count <= WINDOW_ROWS:
        return 0, count - 1
    y = count - 1 - row  # plotly's y: the top row has the largest
    low = min(max(y - WINDOW_ROWS // 2, 0), count - WINDOW_ROWS)
    return count - low - WINDOW_ROWS, count - 1 - low


def _dates_inside(figure: go.Figure, low: pd.Timestamp, high: pd.Timestamp, rows: range) -> None:
    """Re-write the markers' dates for the window of dates ``low`` to ``high`` and ``rows`` (y):
    their precision (a window of months gives days) and their side. Rows outside the window get
    no date (plotly would still draw its text, clipped, beyond the figure)."""
    for trace in figure.data:
        if trace.mode == "markers+text" and trace.customdata is not None:
            texts, sides = _marker_labels(trace.customdata, pd.to_datetime(list(trace.x)), low, high)
            trace.update(textposition=sides, text=[t if y in rows else "" for t, y in zip(texts, trace.y)])


def highlighted(visual: Visual, event_id: str) -> go.Figure:
    """A copy of an event timeline with one event marked: a large black diamond ring around its
    marker, a shaded band along its row and a dashed line at its date (shapes, not colour alone);
    no legend (the timeline itself has it); a long timeline is cut to the rows (and dates) around it."""
    ids = list(visual.table["id"])
    if event_id not in ids:
        raise ValueError(f"event {event_id!r} is not on the timeline {visual.title!r}")
    row = ids.index(event_id)
    y, x = len(ids) - 1 - row, pd.Timestamp(visual.table["start_date"].iloc[row])
    figure = all_events(visual)
    figure.add_vline(x=x, line={"color": OKABE_ITO["black"], "width": 2, "dash": "dash"}, layer="below")
    figure.add_hrect(y0=y - 0.5, y1=y + 0.5, fillcolor=NEUTRALS["grid"], opacity=0.6, line_width=0, layer="below")
    figure.add_trace(
        go.Scatter(
            x=[x],
            y=[y],
            mode="markers",
            name=HIGHLIGHT_NAME,
            marker={"size": 34, "color": OKABE_ITO["black"], "symbol": "diamond-open", "line": {"width": 3}},
            hoverinfo="skip",
        )
    )
    # no legend: the timeline itself, above the stepper, gives the key (and a narrower copy would cut it off)
    figure.update_layout(showlegend=False, margin={"b": 40})
    if len(ids) > WINDOW_ROWS:
        first, last = window(len(ids), row)
        low = len(ids) - 1 - last
        margin = figure.layout.margin
        shown = visual.table["start_date"].iloc[first : last + 1]
        dates = pd.Series([pd.Timestamp(d) for d in shown])  # "1957" or "2024-04": their first day
        pad = max((dates.max() - dates.min()) * 0.05, pd.Timedelta(days=30))
        figure.layout.updatemenus = ()  # the stepper moves the window: no buttons over the dates
        _dates_inside(figure, dates.min() - pad, dates.max() + pad, range(low, low + WINDOW_ROWS))
        figure.update_layout(
            xaxis={"range": [dates.min() - pad, dates.max() + pad]},
            yaxis={"range": [low - 0.7, low + WINDOW_ROWS - 0.3]},
            height=(margin.t or 0) + (margin.b or 0) + ROW_PX * (WINDOW_ROWS + 2),
        )
    if figure.layout.title.y:  # keep the title as far from the top as on the full timeline
        lines = (figure.layout.title.text or "").count("<br>")
        figure.update_layout(title={"y": 1 - (12 + 10 * lines) / figure.layout.height})
    return figure


class EventExplorer(widgets.VBox):
    """Step through the events one at a time, as on a story timeline: Previous / Next (Tab to a
    button, then Space or Enter) or pick one from the list; a panel gives the event's number,
    headline, date, what happened and its sources. Beside it, a small map shows where (when
    known) or, given a ``timeline``, below it that timeline with the event marked (and only its events)."""

    def __init__(self, course: Course, timeline: Visual | None = None, start: str | None = None):
        self.course = course
        self.timeline = timeline
        if timeline is None:
            self.events = course.events.sort_values(["start", "id"], kind="stable").reset_index(drop=True)
        else:  # in the timeline's own row order, first row first
            self.events = course.events.set_index("id").loc[list(timeline.table["id"])].reset_index()
        #: every source the explorer can show, so a notebook's Sources list can cite it
        self.source_ids = list(dict.fromkeys(sid for ids in self.events["source_ids"] for sid in ids))
        count = len(self.events)
        self.dropdown = widgets.Dropdown(
            options=[(f"{n + 1}. {e['display_date']}: {e['headline']}", e["id"]) for n, e in self.events.iterrows()],
            description="Event:",
            tooltip="Choose an event",
            style={"description_width": "initial"},
            layout=FULL_WIDTH,
        )
        self.previous = widgets.Button(
            description="Previous event", icon="arrow-left", tooltip="Show the event before this one"
        )
        self.next = widgets.Button(
            description="Next event", icon="arrow-right", tooltip="Show the event after this one"
        )
        self.details = widgets.HTML(layout={"flex": "1 1 260px", "min_width": "0"})
        # 560 px or more beside the text, or below it at full width: a narrower map cuts its labels
        self.output = widgets.Output(layout={"min_height": "480px", "flex": "2 1 560px", "min_width": "0"})
        steps = widgets.HBox([self.previous, self.next], layout={"flex_flow": "row wrap"})
        story = widgets.HBox([self.details, self.output], layout={"flex_flow": "row wrap", "align_items": "flex-start"})
        if timeline is not None:  # the timeline below the panel, as wide as the timeline above
            self.output.layout = {"width": "100%"}
            story = widgets.VBox([self.details, self.output])
        intro = []
        if timeline is not None:
            intro = [
                widgets.HTML(
                    f"<p>Step through <em>{html.escape(timeline.title)}</em> one event at a time: "
                    "<strong>Previous event</strong> / <strong>Next event</strong> (Tab to a button, then Enter "
                    "or Space), or choose an event from the list. On the timeline below the event, a large "
                    "diamond, a shaded row and a dashed line mark it.</p>"
                )
            ]
        super().__init__([*intro, steps, self.dropdown, story])
        self.add_class("mathjax_ignore")  # JupyterLab would typeset "$2 bn … $10 bn" as maths
        self.previous.on_click(lambda _button: self.step(-1))
        self.next.on_click(lambda _button: self.step(+1))
        self.dropdown.observe(self._show, names="value")
        self._count = count
        if start is not None:
            if start not in set(self.events["id"]):
                raise ValueError(f"start={start!r}: no such event here; use an id from data/events.csv")
            self.dropdown.value = start  # calls _show
        self._show()

    @property
    def position(self) -> int:
        """Where the shown event is in time order (0 for the first)."""
        return int(self.events.index[self.events["id"] == self.dropdown.value][0])

    def step(self, by: int) -> None:
        """Show the event ``by`` places later (or earlier), stopping at the first and the last."""
        self.dropdown.value = self.events["id"].iloc[min(max(self.position + by, 0), self._count - 1)]

    def _show(self, change=None) -> None:
        event = self.course.events.set_index("id").loc[self.dropdown.value]
        number = self.position + 1
        self.previous.disabled, self.next.disabled = number == 1, number == self._count
        self.details.value = f"<p><strong>Event {number} of {self._count}</strong></p>" + _event_html(
            self.course, event
        )
        self.output.outputs = ()
        if self.timeline is not None:
            first, last = window(self._count, self.position)
            if last - first + 1 < self._count:  # say so, or a cut chart looks broken
                self.details.value += (
                    f"<p><em>The chart below shows events {first + 1} to {last + 1} of {self._count}, "
                    "around this one; it moves as you step.</em></p>"
                )
            figure = highlighted(self.timeline, self.dropdown.value)
            self.output.append_display_data(dataclasses.replace(self.timeline, figure=figure))
        elif present(event["place_id"]):
            self.output.append_display_data(maps.event_map(self.course, self.dropdown.value))
        else:
            self.details.value += "<p><em>No single place to show on a map for this event.</em></p>"


def _event_html(course: Course, event: pd.Series) -> str:
    note = present(event["claims_note"])
    lines = [
        f"<p><strong>{html.escape(event['headline'])}</strong> ({html.escape(event['display_date'])})</p>",
        f"<p>{html.escape(event['text'])}</p>",
    ]
    if note:
        lines.append(
            f"<p><strong>{'Accounts differ' if event['contested'] else 'Note'}:</strong> {html.escape(note)}</p>"
        )
    lines.append("<p><small>Sources: " + "; ".join(_cited(course, sid) for sid in event["source_ids"]) + "</small></p>")
    return "\n".join(lines)


def _cited(course: Course, source_id: str) -> str:
    """A source in the explorer's one line, with its kind (as in the Sources lists), so a copy
    or a reference work is marked where students meet it."""
    return f"{source_label(course, source_id)} ({html.escape(course.source(source_id)['kind'])})"


def event_explorer(course: Course, lesson: str | None = None, table: str = "explorer") -> EventExplorer:
    """A widget: step through every event in time order; read its headline, date, text and sources,
    and see a map of where it happened. It opens on the event whose ``featured_in`` names
    ``lesson:explorer`` (data/README.md, "Featured rows"), where the lesson's story is; on the
    first event when no lesson is given or no event is so marked."""
    chosen = featured.select(course.events, lesson, table) if lesson is not None else course.events.iloc[:0]
    return EventExplorer(course, start=chosen["id"].iloc[0] if len(chosen) else None)


def step_through(course: Course, timeline: Visual) -> EventExplorer:
    """A widget: step through one timeline's events in time order (Previous / Next); the panel
    gives each event's headline, date, text and sources, and the timeline below it marks it."""
    return EventExplorer(course, timeline)
