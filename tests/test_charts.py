"""Charts: trade statistics, disputed figures, electricity, the $10 bn target and its calculator."""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import pandas as pd
import pytest

from lessonkit import charts
from lessonkit.palette import country_cue
from lessonkit.visual import MIME_TYPE
from visual_checks import check_visual


def markers(visual):
    return [t for t in visual.figure.data if t.mode and "markers" in t.mode]


def test_trade_chart_draws_every_full_year_figure_by_reporter(course):
    visual = charts.trade_chart(course)
    check_visual(visual)
    full = course.trade[course.trade["period_basis"] != "Part year"]
    drawn = markers(visual)
    assert sum(len(t.y) for t in drawn) == len(full)
    for reporter in ("Pakistan", "Iran"):
        traces = [t for t in drawn if t.legendgroup == reporter]
        look = country_cue(reporter)
        assert {t.marker.symbol for t in traces} == {look.symbol}
        assert sorted(v for t in traces for v in t.y) == sorted(full[full["reporter"] == reporter]["value_usd_m"])
    spans = [t for t in visual.figure.data if t.mode == "lines"]
    assert {t.line.dash for t in spans} == {"solid", "dash"}, "the period lines differ by dash too"
    assert sorted(visual.table["id"]) == sorted(full["id"])


def test_trade_chart_summary_states_the_gap_in_numbers(course):
    summary = charts.trade_chart(course).summary
    trade = course.trade.set_index("id")
    # The gap the fact base highlights: Iran's 1401 imports from Pakistan vs Pakistan's FY2023 exports.
    iran, pak = trade.loc["ir_1401_imports"], trade.loc["pk_fy2023_exports_dailytimes"]
    assert f"Iran recorded ${iran['value_usd_m']:,.0f} m in 1401" in summary
    assert f"Pakistan ${pak['value_usd_m']:,.0f} m in FY2023" in summary
    assert f"a gap of ${iran['value_usd_m'] - pak['value_usd_m']:,.0f} m" in summary


def test_trade_chart_compares_no_implied_figure(course):
    """A figure that is only implied (status UNVERIFIED, e.g. Iran's 1402 imports worked out by
    subtraction) is drawn, but never quoted as what a country recorded."""
    summary = charts.trade_chart(course).summary
    implied = course.trade[(course.trade["status"] == "UNVERIFIED") & (course.trade["period_basis"] != "Part year")]
    assert not implied.empty, "the data no longer have an implied figure to test with"
    for _, row in implied.iterrows():
        assert f"recorded {charts._money(row['value_usd_m'])} in {row['period']}" not in summary


def test_money_is_written_as_people_say_it():
    assert [charts._money(v) for v in (0, 0.1, 842, 1037, 2400, 10_000)] == [
        "$0 m",
        "$0.1 m",
        "$842 m",
        "$1.04 bn",
        "$2.4 bn",
        "$10 bn",
    ]


@pytest.mark.parametrize("topic", ["border_length", "january_2024_casualties", "pipeline_length_pakistan"])
def test_figure_variants_shows_each_claim_with_who_makes_it(course, topic):
    visual = charts.figure_variants(course, topic)
    check_visual(visual)
    rows = course.figures[course.figures["topic"] == topic]
    bars = [t for t in visual.figure.data if t.type == "bar"]
    assert sorted(label.replace("<br>", " ") for t in bars for label in t.y) == sorted(rows["label"])
    for _, row in rows.iterrows():
        assert row["claimed_by"] in visual.summary
        assert f"{row['value']:,g} {row['unit']}" in visual.summary
    for unit in set(rows["unit"]):
        values = rows[rows["unit"] == unit]["value"]
        if len(values) > 1:
            assert f"from {values.min():,g} to {values.max():,g} {unit}" in visual.summary


def test_figure_variants_names_the_topics_it_knows(course):
    with pytest.raises(ValueError, match="border_length"):
        charts.figure_variants(course, "border_lenght")


def test_undated_figures_say_so(course):
    """An empty date in figures.csv (an undated source) reads "undated", never a blank or NaN."""
    rows = course.figures[course.figures["topic"] == "border_length"]
    undated = rows[rows["date"].isna()]
    assert not undated.empty, "the data no longer have an undated border figure to test with"
    visual = charts.figure_variants(course, "border_length")
    for _, row in undated.iterrows():
        assert f"({row['claimed_by']}, undated)" in visual.summary
    assert (visual.table.set_index("id").loc[undated["id"], "date"] == "undated").all()
    assert "nan" not in visual.summary.lower().split()


def test_electricity_chart_leaves_out_undated_figures_and_says_so(course):
    figures = course.figures.copy()
    first = figures.index[figures["topic"] == charts.ELECTRICITY][0]
    figures.loc[first, "date"] = None
    visual = charts.electricity_chart(dataclasses.replace(course, figures=figures))
    assert "1 undated figure(s) left out." in visual.summary
    assert len([v for t in markers(visual) for v in t.y]) == (figures["topic"] == charts.ELECTRICITY).sum() - 1


def test_electricity_chart_draws_every_electricity_figure(course):
    visual = charts.electricity_chart(course)
    check_visual(visual)
    rows = course.figures[course.figures["topic"] == charts.ELECTRICITY]
    assert sorted(v for t in markers(visual) for v in t.y) == sorted(rows["value"])
    assert len({t.marker.symbol for t in markers(visual)}) == rows["claimed_by"].nunique()
    assert f"{rows['value'].max():g} MW" in visual.summary


def test_actual_supply_is_a_range_bar_not_points_beside_contracted_amounts(course):
    """ARY's 'often 40-70 MW' is one report of a range: a bar from 40 to 70, labelled on screen."""
    actual = course.figures[course.figures["topic"] == charts.ELECTRICITY_ACTUAL]
    assert len(actual) >= 2, "the data no longer have an actual-supply range to test with"
    visual = charts.electricity_chart(course)
    assert not {i for t in markers(visual) for i in t.hovertext if "Actual supply" in i}
    (bar,) = [t for t in visual.figure.data if t.mode == "lines"]
    assert sorted(bar.y) == [actual["value"].min(), actual["value"].max()]
    span = f"{actual['value'].min():g}–{actual['value'].max():g} MW"
    assert any(a.text == f"actual supply<br>{span}" for a in visual.figure.layout.annotations)
    assert (
        f"A grey bar, not a point, marks the actual supply ARY News reported for 29 Jul 2021: {span}." in visual.summary
    )


def test_an_agreed_addition_is_a_dotted_line_not_a_point_on_the_scale(course):
    """100 MW more is not a supply of 100 MW: drawn as a point it read as a fall from 104 MW."""
    added = course.figures[course.figures["topic"] == charts.ELECTRICITY_ADDED]
    assert len(added) >= 1, "the data no longer have an agreed addition to test with"
    visual = charts.electricity_chart(course)
    points = {(pd.Timestamp(x).date().isoformat(), y) for t in markers(visual) for x, y in zip(t.x, t.y)}
    assert not points & set(zip(added["date"], added["value"])), "an addition drawn as a point"
    lines = [s for s in visual.figure.layout.shapes if s.line.dash == "dot"]
    assert len(lines) == len(added)
    labels = [a.text for a in visual.figure.layout.annotations]
    for _, row in added.iterrows():
        assert any(f"+{row['value']:g} MW agreed" in text and "addition" in text for text in labels)
        assert f"{row['value']:g} MW more ({row['claimed_by']}); an addition, not a total." in visual.summary
    assert set(visual.table.loc[visual.table["id"].isin(added["id"]), "measure"]) == {"addition agreed"}


def test_target_path_baselines_and_required_growth(course):
    starts = charts.baselines(course).set_index("reporter")
    trade = course.trade.set_index("id")
    assert starts.loc["Iran", "value_usd_m"] == trade.loc["ir_1402_total", "value_usd_m"]
    assert (
        starts.loc["Pakistan", "value_usd_m"]
        == trade.loc["pk_fy2024_imports", "value_usd_m"] + trade.loc["pk_fy2024_exports", "value_usd_m"]
    )
    target = course.figures.set_index("id").loc["trade_target_2024", "value"] * 1000
    for _reporter, start in starts.iterrows():
        expected = ((target / start["value_usd_m"]) ** (1 / 5) - 1) * 100
        assert start["required_pct"] == pytest.approx(expected)
    visual = charts.target_path(course, 20)
    check_visual(visual)
    assert f"{starts.loc['Iran', 'required_pct']:.1f}% a year" in visual.summary
    assert f"{starts.loc['Pakistan', 'required_pct']:.1f}% a year" in visual.summary
    assert "(target ÷ baseline) to the power 1/5, minus 1" in visual.summary


def test_target_path_grows_at_the_given_rate(course):
    visual = charts.target_path(course, 33.0)
    paths = [t for t in visual.figure.data if "figure for" in t.name]
    assert len(paths) == 2 and len({t.line.dash for t in paths}) == 2
    for path in paths:
        ratios = [b / a for a, b in zip(path.y, path.y[1:])]
        assert ratios == pytest.approx([1.33] * 5)
        assert path.x[-1] - path.x[0] == charts.TARGET_YEARS
    (target,) = [t for t in visual.figure.data if t.name.startswith("Target")]
    assert set(target.y) == {10.0}
    with pytest.raises(ValueError):
        charts.target_path(course, -100)


def test_growth_calculator_redraws_and_states_the_required_rate(course):
    calculator = charts.growth_calculator(course)
    slider = calculator.rate
    assert slider.description == "Annual growth (%)" and not slider.continuous_update
    assert (slider.min, slider.max) == (0, 80)
    assert isinstance(slider, widgets.BoundedFloatText)  # a slider handle has no accessible name
    starts = charts.baselines(course)
    assert not any(f"{s['required_pct']:.1f}%" in calculator.readout.value for _, s in starts.iterrows())
    # the needed rate is the student's guess: hidden until they try a rate of their own
    assert calculator.source_ids and set(calculator.source_ids) <= set(course.sources["id"])
    for value in (5.0, 40.0):
        slider.value = value
        (output,) = calculator.output.outputs
        shown = output["data"][MIME_TYPE]
        assert f"{value:g}% a year" in shown["layout"]["title"]["text"]
        assert f"At {value:g}% a year" in calculator.readout.value
        for _, start in starts.iterrows():
            assert f"{start['required_pct']:.1f}% a year" in calculator.readout.value
    assert 'aria-live="polite"' in calculator.readout.value
