"""Charts of the numbers: both countries' trade statistics, disputed figures, electricity supply,
and the path to the $10 billion trade target (with a growth-rate calculator widget).

Pakistan's statistics are always blue circles with solid lines and Iran's vermillion diamonds
with dashed lines, so the two are told apart without colour too.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import featured, schemas
from .data import Course
from .palette import FONT_SIZE, NEUTRALS, OKABE_ITO, country_cue, cue
from .text import STATUS_WORDS, present
from .visual import (
    NothingToDraw,
    Visual,
    draws_what_there_is,
    need,
    finish,
    hover,
    ids_in,
    long_date,
    new_figure,
    readable_cell,
    sentence_list,
    unique_ids,
    wrap_label,
)

#: Category labels on an axis wrap at this many characters, so the axis leaves room for the bars.
AXIS_LABEL_CHARS = 22
#: A legend in one row under the plot, where no label drawn beside a marker or bar can reach it.
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom", "yref": "container"}
#: Room under the plot for that legend, beside the x axis's own labels (pixels).
LEGEND_BELOW_MARGIN = {"l": 10, "r": 10, "t": 70, "b": 110}

FLOWS = ("Iran to Pakistan", "Pakistan to Iran", "Total")
REPORTERS = ("Pakistan", "Iran")
REPORTER_DASH = {"Pakistan": "solid", "Iran": "dash"}
#: Height of one panel of the trade chart's plot area, roughly (pixels).
PANEL_PX = 170
#: The joint statement of 24 April 2024 set the target "over the next five years".
TARGET_YEARS = 5
STATUS_PATTERNS = {"VERIFIED": "", "CONFLICTING": "/", "UNVERIFIED": "x"}


def _months(start, end) -> str:
    return f"{pd.Timestamp(start):%b %Y}–{pd.Timestamp(end):%b %Y}"


def _money(value_m: float) -> str:
    """US$ million as people say it: '$842 m', '$0.1 m', '$2.4 bn', '$1.04 bn'."""
    if value_m >= 1000:
        return f"${value_m / 1000:,.2f}".rstrip("0").rstrip(".") + " bn"
    return f"${value_m:,.1f}".removesuffix(".0") + " m"


def _topic_title(course: Course, topic: str) -> str:
    """The chart title of a topic, from data/topics.csv."""
    return course.topic(topic)["title"]


# --- trade ------------------------------------------------------------------------------------


def _full_years(course: Course) -> pd.DataFrame:
    trade = course.trade[course.trade["period_basis"] != "Part year"]
    return trade.assign(start=pd.to_datetime(trade["period_start"]), end=pd.to_datetime(trade["period_end"]))


def _comparisons(trade: pd.DataFrame) -> list[str]:
    """For each Iranian year, the Pakistani fiscal year that overlaps it most, flow by flow (figures only
    implied, status UNVERIFIED, are not compared)."""
    lines = []
    for flow in FLOWS[:2]:
        ours = trade[
            (trade["flow"] == flow)
            & (trade["reporter"] == "Pakistan")
            & (trade["status"] != "UNVERIFIED")
            & (trade["period_basis"] == "Pakistani fiscal year")
        ]
        theirs = trade[
            (trade["flow"] == flow)
            & (trade["reporter"] == "Iran")
            & (trade["status"] != "UNVERIFIED")
            & (trade["period_basis"] == "Iranian year")
        ].drop_duplicates("period")
        for _, iran in theirs.iterrows():
            overlap = (ours["end"].clip(upper=iran["end"]) - ours["start"].clip(lower=iran["start"])).dt.days
            if ours.empty or overlap.max() < 180:
                continue
            pak = ours.loc[overlap.idxmax()]
            gap = iran["value_usd_m"] - pak["value_usd_m"]
            lines.append(
                f"{flow}: Iran recorded {_money(iran['value_usd_m'])} in {iran['period']} "
                f"({_months(iran['start'], iran['end'])}), Pakistan {_money(pak['value_usd_m'])} in "
                f"{pak['period']} ({_months(pak['start'], pak['end'])}), a gap of {_money(abs(gap))}."
            )
    return lines


def _alternate(labels: list[str], values: list[float], px_per_unit: float) -> list[str]:
    """Label positions in time order, alternately above and below the markers: one country's
    fiscal-year and calendar-year figures lie half a year apart and would otherwise meet. A
    label that would then sit under a point 15–60 px above the previous, whose label is on top,
    goes on top too (the two would meet between the markers)."""
    places, previous = [], None
    for label, value in zip(labels, values):
        place = "top center" if not places or places[previous] == "bottom center" else "bottom center"
        if (
            label
            and previous is not None
            and place == "bottom center"
            and 15 < (value - values[previous]) * px_per_unit < 60
        ):
            place = "top center"
        places.append(place)
        if label:
            previous = len(places) - 1
    return places


@draws_what_there_is
def trade_chart(course: Course) -> Visual:
    """Each country's trade statistics side by side in time, one panel per direction of trade."""
    trade = need(_full_years(course), "data/trade.csv has no full-year figures yet: add some to draw this chart.")
    topic = course.topic("trade")  # the chart's title, and the sentence its text version ends with
    flows = [f for f in FLOWS if f in set(trade["flow"])]
    figure = make_subplots(
        rows=len(flows),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=[f"{f} (US$ million)" for f in flows],
        figure=new_figure(300 + 230 * len(flows), hovermode="closest", legend={"title": {"text": "Whose statistics"}}),
    )
    figure.update_annotations(font={"size": FONT_SIZE})
    for row, flow in enumerate(flows, start=1):
        top = max(trade[trade["flow"] == flow]["value_usd_m"].max() * 1.18, 1.0)  # 1: a panel of zeros
        for reporter in REPORTERS:
            chosen = trade[(trade["flow"] == flow) & (trade["reporter"] == reporter)]
            chosen = chosen.iloc[(chosen["start"] + (chosen["end"] - chosen["start"]) / 2).argsort(kind="stable")]
            if chosen.empty:
                continue
            look = country_cue(reporter)
            name = f"{reporter}'s statistics"
            spans_x, spans_y = [], []
            for _, r in chosen.iterrows():
                spans_x += [r["start"], r["end"], None]
                spans_y += [r["value_usd_m"], r["value_usd_m"], None]
            figure.add_trace(
                go.Scatter(
                    x=spans_x,
                    y=spans_y,
                    mode="lines",
                    name=f"{name}: period covered",
                    legendgroup=reporter,
                    showlegend=False,
                    hoverinfo="skip",
                    line={"color": look.color, "width": 3, "dash": REPORTER_DASH[reporter]},
                ),
                row=row,
                col=1,
            )
            figure.add_trace(
                go.Scatter(
                    x=list(chosen["start"] + (chosen["end"] - chosen["start"]) / 2),
                    y=list(chosen["value_usd_m"]),
                    mode="markers+text",
                    name=name,
                    legendgroup=reporter,
                    showlegend=row == 1,
                    # each period named once (two figures for one year share a point)
                    text=(labels := list(chosen["period"].where(~chosen.duplicated("period"), ""))),
                    textposition=_alternate(labels, list(chosen["value_usd_m"]), PANEL_PX / top),
                    textfont={"size": FONT_SIZE - 2},
                    marker=look.marker(13),
                    hovertext=[
                        hover(
                            f"<b>{name}</b>",
                            f"{flow}, {r['period']} ({r['period_basis']}, {_months(r['start'], r['end'])})",
                            f"{_money(r['value_usd_m'])}, {r['scope']}",
                            r["status"],
                            r["note"],
                        )
                        for _, r in chosen.iterrows()
                    ],
                    hoverinfo="text",
                ),
                row=row,
                col=1,
            )
        figure.update_yaxes(range=[0, top], row=row, col=1)
    figure.update_xaxes(
        type="date", title_text="Period the figure covers (line) and its middle (marker)", row=len(flows), col=1
    )
    counts = trade["reporter"].value_counts()
    summary = (
        f"Chart of {len(trade)} full-year trade figures, {counts.get('Pakistan', 0)} from Pakistan's "
        f"statistics (blue circles, solid lines, fiscal years July–June) and {counts.get('Iran', 0)} from "
        f"Iran's (vermillion diamonds, dashed lines, Iranian years from 21 March), one panel per direction "
        f"of trade; each line spans the period a figure covers. The two countries' statistics disagree. "
        + " ".join(_comparisons(trade))
        + "".join(
            f" Only {sentence_list(sorted(set(trade[trade.flow == f].reporter)))}'s statistics give a "
            f"figure for {f.lower()} trade."
            for f in flows
            if trade[trade.flow == f]["reporter"].nunique() == 1
        )
        + (f" {note}" if (note := present(topic["note"])) else "")
        + " Part-year figures are left out."
    )
    table = trade[
        [
            "id",
            "reporter",
            "flow",
            "period",
            "period_basis",
            "period_start",
            "period_end",
            "value_usd_m",
            "scope",
            "status",
            "note",
            "source_ids",
        ]
    ]
    sources = unique_ids(list(ids_in(table)), list(topic["source_ids"]) if note else [])
    return finish(figure, topic["title"], summary, table, sources)


# --- disputed figures ---------------------------------------------------------------------------


@draws_what_there_is
def figure_variants(
    course: Course, topic: str | None = None, lesson: str | None = None, chart: str | None = None
) -> Visual:
    """Every figure sources give for one topic, side by side: the topic whose ``featured_in`` names
    ``lesson:chart`` (data/README.md, "Featured rows"), or one given by id (e.g. ``"border_length"``)."""
    if lesson is not None:
        chosen = featured.select(course.topics, lesson, chart or "")
        topic = need(
            chosen,
            f"data/topics.csv has no topic for this chart yet: write {featured.lesson_number(lesson)}:{chart} "
            "in the featured_in column of the topic to draw.",
        )["id"].iloc[0]
    rows = course.figures[course.figures["topic"] == topic]
    if rows.empty:
        if topic not in set(course.topics["id"]):  # a misspelt topic in the notebook's code
            raise ValueError(f"figures.csv has no topic {topic!r}; topics: {sorted(set(course.figures['topic']))}")
        raise NothingToDraw(
            f"data/figures.csv has no figures for the topic {topic!r} yet: add rows to draw this chart."
        )
    rows = rows.assign(date=rows["date"].map(lambda d: d if isinstance(d, str) and d else "undated"))
    units = list(dict.fromkeys(rows["unit"]))
    rows = rows.assign(order=rows["unit"].map(units.index)).sort_values(["order", "value"], kind="stable")
    height = 170 + 48 * len(rows) + 110 * (len(units) - 1)
    figure = make_subplots(
        rows=len(units),
        cols=1,
        vertical_spacing=110 / height,
        row_heights=[int((rows["unit"] == u).sum()) for u in units],
        figure=new_figure(
            height + 70,
            bargap=0.35,
            margin={**LEGEND_BELOW_MARGIN, "r": 120},
            legend={"title": {"text": "What the sources show"}, **LEGEND_BELOW},
        ),
    )
    figure.update_annotations(font={"size": FONT_SIZE})
    statuses = [s for s in STATUS_PATTERNS if s in set(rows["status"])]
    in_legend: set[str] = set()
    for row, unit in enumerate(units, start=1):
        for i, status in enumerate(statuses):
            chosen = rows[(rows["unit"] == unit) & (rows["status"] == status)]
            if chosen.empty:
                continue
            figure.add_trace(
                go.Bar(
                    x=list(chosen["value"]),
                    y=[wrap_label(t, AXIS_LABEL_CHARS) for t in chosen["label"]],
                    orientation="h",
                    name=STATUS_WORDS[status].capitalize(),
                    legendgroup=status,
                    showlegend=status not in in_legend,
                    marker={
                        "color": cue(i).color,
                        "pattern": {"shape": STATUS_PATTERNS[status]},
                        "line": {"color": OKABE_ITO["black"], "width": 1},
                    },
                    # beside the bar, in the room the wide right margin and the axis range leave
                    text=[f"{v:,g} {unit}" for v in chosen["value"]],
                    textposition="outside",
                    textfont={"size": FONT_SIZE},
                    cliponaxis=False,
                    hovertext=[
                        hover(
                            f"<b>{r['label']}</b>",
                            f"{r['value']:,g} {unit}",
                            f"Given by {r['claimed_by']}",
                            f"Date: {r['date']}",
                            r["note"],
                        )
                        for _, r in chosen.iterrows()
                    ],
                    hoverinfo="text",
                ),
                row=row,
                col=1,
            )
            in_legend.add(status)
        figure.update_xaxes(title_text=unit, range=[0, rows[rows["unit"] == unit]["value"].max() * 1.5], row=row, col=1)
        figure.update_yaxes(
            categoryorder="array",
            categoryarray=[wrap_label(t, AXIS_LABEL_CHARS) for t in rows[rows["unit"] == unit]["label"]],
            row=row,
            col=1,
        )
    parts = []
    for unit in units:
        chosen = rows[rows["unit"] == unit]
        low, high = chosen["value"].min(), chosen["value"].max()
        parts.append(
            "; ".join(f"{r['value']:,g} {unit} ({r['claimed_by']}, {r['date']})" for _, r in chosen.iterrows())
            + (
                f". They range from {low:,g} to {high:,g} {unit}, a spread of {high - low:,g} {unit}."
                if len(chosen) > 1
                else "."
            )
        )
    title = _topic_title(course, topic)
    summary = (
        f"Bar chart of the {len(rows)} figures the sources give for “{title}”; smallest first"
        + (", one panel per unit" if len(units) > 1 else "")
        + ". "
        + " ".join(parts)
        + f" What the sources show: {sentence_list([f'{(rows.status == s).sum()} {STATUS_WORDS[s]}' for s in statuses])}."
    )
    table = rows[["id", "label", "value", "unit", "claimed_by", "date", "status", "note", "source_ids"]]
    return finish(figure, f"{title}: the figures sources give", summary, table)


def _beside(when: list, values: list, years: float = 1.5, share: float = 0.2) -> list[str]:
    """Where each point's label goes: to its right, unless the point before is close in time and
    value; then above it when it is the higher of the two, below when lower, so they stay apart."""
    spread = (max(values) - min(values)) or 1
    places = ["middle right"]
    for (t0, v0), (t1, v1) in zip(zip(when, values), zip(when[1:], values[1:])):
        close = abs((t1 - t0).days) < 365 * years and abs(v1 - v0) < share * spread
        places.append(("top right" if v1 >= v0 else "bottom right") if close else "middle right")
        if close and places[-2] == "middle right":
            places[-2] = "bottom right" if v1 >= v0 else "top right"
    return places


#: Figures topics of the electricity chart: contracted or supplied amounts (points), the
#: actual supply reported as a range (a bar from its lowest to its highest figure), and agreed
#: additions (dotted lines: an addition is not a level, so it gets no point on the MW scale).
ELECTRICITY, ELECTRICITY_ACTUAL, ELECTRICITY_ADDED = "electricity_supply", "electricity_actual", "electricity_added"
_MEASURES = {ELECTRICITY: "supply", ELECTRICITY_ACTUAL: "actual supply (range)", ELECTRICITY_ADDED: "addition agreed"}


def _added_lines(figure: go.Figure, added: pd.DataFrame) -> None:
    """Each agreed addition as a dotted vertical line at its date, labelled at the top."""
    for _, r in added.iterrows():
        figure.add_shape(
            type="line",
            x0=r["when"],
            x1=r["when"],
            y0=0,
            y1=1,
            yref="paper",
            line={"dash": "dot", "width": 2, "color": OKABE_ITO["black"]},
        )
        figure.add_annotation(
            x=r["when"],
            y=1,
            yref="paper",
            xanchor="right",
            yanchor="top",
            showarrow=False,
            align="right",
            text=f"+{r['value']:g} MW agreed<br>{readable_cell(r['date'])}<br>(an addition)",
            font={"size": FONT_SIZE - 1},
        )
        # on a phone (handouts) the top of the line is where a late figure's label must go
        meta = figure.layout.meta or {}
        phone = meta.get("phone", {"layout": {}})
        phone["layout"][f"annotations[{len(figure.layout.annotations) - 1}].y"] = 0.75
        figure.layout.meta = {**meta, "phone": phone}


def _actual_ranges(figure: go.Figure, actual: pd.DataFrame) -> list[str]:
    """Actual supply as a grey bar from the lowest to the highest figure of each report (one
    date and source), labelled on the left; returns a sentence per bar for the text version."""
    sentences = []
    for (when, claimer), report in actual.groupby(["when", "claimed_by"], sort=True):
        low, high = report["value"].min(), report["value"].max()
        span = f"{low:g}–{high:g} MW" if low != high else f"{low:g} MW"
        date = readable_cell(report["date"].iloc[0])
        figure.add_trace(
            go.Scatter(
                x=[when, when],
                y=[low, high],
                mode="lines",
                line={"width": 10, "color": NEUTRALS["border"]},
                name=f"Actual supply ({claimer})",
                showlegend=False,
                hovertext=hover(f"<b>Actual supply: {span}</b>", f"{date}, given by {claimer}", report["note"].iloc[0]),
                hoverinfo="text",
            )
        )
        figure.add_annotation(
            x=when,
            y=(low + high) / 2,
            xanchor="right",
            xshift=-10,
            showarrow=False,
            align="right",
            text=f"actual supply<br>{span}",
            font={"size": FONT_SIZE - 1},
        )
        sentences.append(f"A grey bar, not a point, marks the actual supply {claimer} reported for {date}: {span}.")
    return sentences


@draws_what_there_is
def electricity_chart(course: Course) -> Visual:
    """Electricity Iran supplies to Pakistan's Makran coast, as the figures were reported over
    time (points), with each agreed addition as a dotted line."""
    topic = course.figures["topic"]
    rows = need(course.figures[topic.isin(list(_MEASURES))], "data/figures.csv has no electricity figures yet.")
    undated = int(rows["date"].isna().sum())  # cannot be placed in time
    rows = rows[rows["date"].notna()]
    rows = rows.assign(when=pd.to_datetime(rows["date"].map(lambda d: d if len(d) > 4 else f"{d}-07-01"))).sort_values(
        "when", kind="stable"
    )
    dated = rows.assign(measure=rows["topic"].map(_MEASURES))  # every dated row, for the table
    added, actual = rows[rows["topic"] == ELECTRICITY_ADDED], rows[rows["topic"] == ELECTRICITY_ACTUAL]
    rows = rows[rows["topic"] == ELECTRICITY]
    span = pd.DateOffset(years=1), pd.DateOffset(years=3)  # room for the labels right of the markers
    figure = new_figure(
        620,
        xaxis={
            "type": "date",
            "title": {"text": "Year the figure refers to"},
            "range": [rows["when"].min() - span[0], rows["when"].max() + span[1]],
        },
        yaxis={"title": {"text": "Megawatts (MW)"}, "rangemode": "tozero"},
        # the title on its own line: beside the entries, the last entry ran past the edge at 1000 px
        legend={"title": {"text": "Reported by", "side": "top"}, **LEGEND_BELOW},
        margin={**LEGEND_BELOW_MARGIN, "b": LEGEND_BELOW_MARGIN["b"] + 30},
        hovermode="closest",
    )
    rows = rows.assign(place=_beside(list(rows["when"]), list(rows["value"])))
    for i, claimer in enumerate(dict.fromkeys(rows["claimed_by"])):
        chosen = rows[rows["claimed_by"] == claimer]
        look = cue(i)
        figure.add_trace(
            go.Scatter(
                x=list(chosen["when"]),
                y=list(chosen["value"]),
                mode="markers+text",
                name=claimer,
                text=[f"{v:g} MW" for v in chosen["value"]],
                textposition=list(chosen["place"]),
                textfont={"size": FONT_SIZE - 1},
                marker=look.marker(15),
                hovertext=[
                    hover(
                        f"<b>{r['label']}</b>",
                        f"{r['value']:g} MW ({readable_cell(r['date'])})",
                        f"Given by {r['claimed_by']}",
                        r["note"],
                    )
                    for _, r in chosen.iterrows()
                ],
                hoverinfo="text",
            )
        )
    _added_lines(figure, added)
    ranges = _actual_ranges(figure, actual)
    first, last = rows.iloc[0], rows.iloc[-1]
    summary = (
        f"Chart of {len(rows)} reported figures for the electricity Iran supplies to Pakistan's Makran "
        f"coast, by the year they refer to; marker symbol and colour show who reported each figure. "
        + " ".join(
            f"{readable_cell(r['date'])}: {r['value']:g} MW, {r['label']} ({r['claimed_by']})."
            for _, r in rows.iterrows()
        )
        + f" From {first['value']:g} MW in {first['date'][:4]} to {last['value']:g} MW in {last['date'][:4]}."
        + "".join(f" {sentence}" for sentence in ranges)
        + "".join(
            f" A dotted line, not a point, marks {readable_cell(r['date'])}: {r['label']}, {r['value']:g} MW more "
            f"({r['claimed_by']}); an addition, not a total."
            for _, r in added.iterrows()
        )
        + (f" {undated} undated figure(s) left out." if undated else "")
    )
    table = dated[["id", "label", "measure", "value", "unit", "claimed_by", "date", "status", "note", "source_ids"]]
    return finish(figure, "Electricity from Iran to Pakistan's Makran coast (MW)", summary, table)


# --- the $10 billion target ---------------------------------------------------------------------


def _target(course: Course) -> pd.Series:
    """The trade target set during the visit (figures.csv, topic trade_target)."""
    visit = pd.to_datetime(course.itinerary["date"])
    targets = course.figures[course.figures["topic"] == "trade_target"]
    dated = pd.to_datetime(targets["date"].map(schemas.optional_date_start))
    during = targets[dated.between(visit.min(), visit.max() + pd.Timedelta(days=1))]
    if during.empty:
        raise ValueError("figures.csv has no trade_target figure dated during the visit")
    target = during.iloc[0]
    scale = {"USD bn": 1000, "USD m": 1}.get(target["unit"])
    if scale is None:
        raise ValueError(f"trade_target {target['id']}: expected unit 'USD bn' or 'USD m', found {target['unit']!r}")
    return pd.concat([target, pd.Series({"usd_m": target["value"] * scale, "when": dated.loc[target.name]})])


def baselines(course: Course) -> pd.DataFrame:
    """Trade in the last full year each country reported that began before the target was set:
    Iran's total for its year; Pakistan's imports plus exports for its fiscal year."""
    target = _target(course)
    trade = _full_years(course)
    trade = trade[trade["start"] < target["when"]]
    rows = []
    iran = trade[(trade["reporter"] == "Iran") & (trade["flow"] == "Total") & (trade["period_basis"] == "Iranian year")]
    if len(iran):
        latest = iran[iran["start"] == iran["start"].max()].iloc[0]
        rows.append(
            {
                "reporter": "Iran",
                "period": latest["period"],
                "start": latest["start"],
                "end": latest["end"],
                "value_usd_m": latest["value_usd_m"],
                "made_of": f"Iran's total trade figure, {_money(latest['value_usd_m'])}",
                "source_ids": latest["source_ids"],
            }
        )
    pak = trade[(trade["reporter"] == "Pakistan") & (trade["period_basis"] == "Pakistani fiscal year")]
    if len(pak):
        year = pak[pak["start"] == pak["start"].max()].drop_duplicates("flow")
        parts = [
            f"{'imports' if r['flow'] == 'Iran to Pakistan' else 'exports'} {_money(r['value_usd_m'])}"
            for _, r in year.iterrows()
        ]
        rows.append(
            {
                "reporter": "Pakistan",
                "period": year["period"].iloc[0],
                "start": year["start"].iloc[0],
                "end": year["end"].iloc[0],
                "value_usd_m": year["value_usd_m"].sum(),
                "made_of": f"Pakistan's {sentence_list(parts)}",
                "source_ids": unique_ids(*year["source_ids"]),
            }
        )
    if not rows:
        raise ValueError("trade.csv has no full-year figure from before the target to start from")
    frame = pd.DataFrame(rows)
    return frame.assign(required_pct=((target["usd_m"] / frame["value_usd_m"]) ** (1 / TARGET_YEARS) - 1) * 100)


def target_path(course: Course, growth_pct: float) -> Visual:
    """Trade growing ``growth_pct`` % a year for five years, from each country's baseline, vs the target."""
    if growth_pct <= -100:
        raise ValueError("growth_pct must be more than -100 (a fall of 100% leaves nothing)")
    target, starts = _target(course), baselines(course)
    first_year = target["when"].year
    years = list(range(first_year, first_year + TARGET_YEARS + 1))
    figure = new_figure(
        540,
        xaxis={"title": {"text": "Year"}, "dtick": 1},
        yaxis={"title": {"text": "Trade, US$ billion"}, "rangemode": "tozero"},
        legend={"title": {"text": "Starting from"}},
        hovermode="x unified",
    )
    target_bn = target["usd_m"] / 1000
    figure.add_trace(
        go.Scatter(
            x=[years[0], years[-1]],
            y=[target_bn, target_bn],
            mode="lines+text",
            name=f"Target: ${target_bn:g} bn by {years[-1]}",
            text=["", f"Target ${target_bn:g} bn"],
            textposition="top left",
            textfont={"size": FONT_SIZE},
            line={"color": OKABE_ITO["black"], "width": 2, "dash": "dot"},
            hoverinfo="skip",
        )
    )
    ends = []
    for _, start in starts.iterrows():
        look = country_cue(start["reporter"])
        path = [start["value_usd_m"] / 1000 * (1 + growth_pct / 100) ** t for t in range(TARGET_YEARS + 1)]
        ends.append(path[-1])
        figure.add_trace(
            go.Scatter(
                x=years,
                y=path,
                mode="lines+markers+text",
                name=f"{start['reporter']}'s figure for {start['period']}",
                text=[""] * TARGET_YEARS + [f"${path[-1]:.1f} bn"],
                textposition="middle right",
                textfont={"size": FONT_SIZE},
                line={"color": look.color, "width": 3, "dash": REPORTER_DASH[start["reporter"]]},
                marker=look.marker(11),
                hovertemplate=f"{start['reporter']}'s baseline: %{{y:.2f}} bn<extra></extra>",
            )
        )
    figure.update_xaxes(range=[years[0] - 0.3, years[-1] + 0.9])
    described = " ".join(
        f"{s['reporter']}'s statistics: {s['made_of']} in {s['period']} ({_months(s['start'], s['end'])})."
        for _, s in starts.iterrows()
    )
    reached = " and ".join(
        f"${end:.1f} bn from {s['reporter']}'s baseline" for end, (_, s) in zip(ends, starts.iterrows())
    )
    needed = " or ".join(
        f"{s['required_pct']:.1f}% a year from {s['reporter']}'s baseline ({_money(s['value_usd_m'])})"
        for _, s in starts.iterrows()
    )
    summary = (
        f"Chart of trade growing {growth_pct:g}% a year for {TARGET_YEARS} years ({years[0]}–{years[-1]}) "
        f"against the ${target_bn:g} bn target ({target['claimed_by']}, {long_date(target['when'])}). "
        f"The two starting points are the last full year each country reported that began before the target "
        f"was set, because the two countries' statistics disagree. {described} "
        f"At {growth_pct:g}% a year trade would reach {reached} by {years[-1]}. "
        f"Reaching ${target_bn:g} bn in {TARGET_YEARS} years needs {needed}; the required rate is "
        f"(target ÷ baseline) to the power 1/{TARGET_YEARS}, minus 1."
    )
    table = starts.assign(growth_pct=growth_pct, end_year=years[-1], value_at_end_usd_m=[e * 1000 for e in ends])
    return finish(
        figure,
        f"Reaching ${target_bn:g} bn: trade growing {growth_pct:g}% a year",
        summary,
        table,
        unique_ids(target["source_ids"], *starts["source_ids"]),
    )


class GrowthCalculator(widgets.VBox):
    """A labelled number box for annual growth; redraws the path to the target. The growth the
    target needs is a guess the student is asked to make, so it is told only once the student
    has tried a rate of their own (or a rate that reaches the target).

    A number box rather than a slider: ipywidgets' slider handle has no accessible name
    (axe: aria-input-field-name), while a text input is labelled, typed into, and stepped
    with the arrow keys.
    """

    def __init__(self, course: Course, growth_pct: float = 10.0):
        self.course = course
        self.tried = False
        self.rate = widgets.BoundedFloatText(
            value=growth_pct,
            min=0,
            max=80,
            step=0.5,
            description="Annual growth (%)",
            continuous_update=False,
            tooltip="Type a yearly growth rate from 0 to 80 per cent, then press Enter",
            style={"description_width": "initial"},
        )
        self.readout = widgets.HTML()
        self.output = widgets.Output()
        super().__init__([self.rate, self.readout, self.output])
        self.source_ids = target_path(course, growth_pct).source_ids
        self.rate.observe(self._tried, names="value")
        self._redraw()

    def _tried(self, change=None) -> None:
        self.tried = True
        self._redraw()

    def _redraw(self, change=None) -> None:
        visual = target_path(self.course, self.rate.value)
        table = visual.table
        reached = bool((table["value_at_end_usd_m"] >= _target(self.course)["usd_m"] - 1e-6).any())
        lines = [
            f"At {self.rate.value:g}% a year, trade starting from {r['reporter']}'s figure "
            f"({_money(r['value_usd_m'])}) would reach {_money(r['value_at_end_usd_m'])} by {r['end_year']}"
            + (f"; reaching the target needs {r['required_pct']:.1f}% a year." if self.tried or reached else ".")
            for _, r in table.iterrows()
        ]
        if not (self.tried or reached):
            lines.append(
                "Type your own guess for the rate the target needs; the calculator then tells you "
                "the rate it needs from each starting point."
            )
        self.readout.value = '<div role="status" aria-live="polite">' + "<br>".join(map(html.escape, lines)) + "</div>"
        self.output.outputs = ()
        self.output.append_display_data(visual)


def growth_calculator(course: Course) -> GrowthCalculator:
    """A widget: choose an annual growth rate, see the path to the $10 bn target and the rate it needs."""
    return GrowthCalculator(course)
