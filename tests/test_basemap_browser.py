"""In real headless Chromium, with every request that is not file: or data: aborted, each map
draws its base map (land, countries) and every marker: nothing needs the network.

The page embeds plotly.js from the installed plotly package, so it tests the same plotly.js
that JupyterLab's plotly renderer uses with the same figure JSON and config.
"""

from __future__ import annotations

from pathlib import Path

import plotly
import plotly.io as pio
import pytest

from browser_support import guard_requests
from lessonkit import maps, timelines
from lessonkit.visual import MIME_TYPE

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

_DRAWN = """() => ({
  land: document.querySelectorAll('g.layer.land path').length,
  countries: document.querySelectorAll('g.layer.countries path').length,
  points: document.querySelectorAll('.scattergeo path.point').length,
  choropleth: document.querySelectorAll('.choroplethlocation').length,
})"""


def _builders(course):
    mapped = course.events[course.events["place_id"].notna()]["id"].iloc[0]
    return {
        "region_map": lambda: maps.region_map(course),
        "strikes_map": lambda: maps.strikes_map(course),
        "visit_map": lambda: maps.visit_map(course),
        "energy_map": lambda: maps.energy_map(course),
        "event_map": lambda: maps.event_map(course, mapped),
    }


def _page_for(visual, folder: Path) -> Path:
    """A static page: plotly.js from the package by file: URL, the figure as displayed (with its config)."""
    shown = visual._repr_mimebundle_()[MIME_TYPE]
    figure = {"data": shown["data"], "layout": shown["layout"]}
    page = folder / "map.html"
    page.write_text(
        pio.to_html(
            figure, config=shown["config"], include_plotlyjs=PLOTLY_JS.as_uri(), full_html=True, validate=False
        ),
        encoding="utf-8",
    )
    return page


def _open(browser, page_file: Path):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    blocked = guard_requests(page, allowed=("file:", "data:"))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(page_file.as_uri())
    page.wait_for_selector("g.layer.land path", timeout=20_000)
    return page, blocked, errors


@pytest.mark.parametrize("name", ["region_map", "strikes_map", "visit_map", "energy_map", "event_map"])
def test_map_draws_offline_in_chromium(name, browser, course, tmp_path):
    visual = _builders(course)[name]()
    page, blocked, errors = _open(browser, _page_for(visual, tmp_path))
    try:
        drawn = page.evaluate(_DRAWN)
        panels = sum(1 for key in visual.figure.layout if key.startswith("geo") and visual.figure.layout[key])
        assert drawn["land"] >= panels and drawn["countries"] >= panels, drawn
        markers = sum(len(t.lat) for t in visual.figure.data if t.type == "scattergeo" and "markers" in t.mode)
        assert drawn["points"] == markers, "every marker is drawn"
        assert drawn["choropleth"] >= 3, "Iran, Pakistan and Afghanistan are shaded"
        if name == "visit_map":  # every slider step redraws without error
            for step in visual.figure.layout.sliders[0].steps:
                page.evaluate(
                    "([data, layout]) => { const gd = document.querySelector('.js-plotly-plot');"
                    " return Plotly.update(gd, data, layout); }",
                    list(step.args),
                )
                assert page.evaluate(_DRAWN)["land"] >= 1
        assert errors == []
        assert blocked == [], f"requests tried to leave the machine: {blocked}"
    finally:
        page.close()


def test_without_the_offline_config_plotly_would_go_online(browser, course, tmp_path):
    """The guard works: the same map without topojsonURL asks plotly's CDN and is blocked."""
    visual = maps.event_map(course, course.events[course.events["place_id"].notna()]["id"].iloc[0])
    shown = visual._repr_mimebundle_()[MIME_TYPE]
    page_file = tmp_path / "online.html"
    page_file.write_text(
        pio.to_html(
            {"data": shown["data"], "layout": shown["layout"]},
            config={"displaylogo": False},
            include_plotlyjs=PLOTLY_JS.as_uri(),
            full_html=True,
            validate=False,
        )
    )
    page = browser.new_page()
    blocked = guard_requests(page, allowed=("file:", "data:"))
    try:
        # Wait for the base map request itself (aborted by the guard), not for a fixed time.
        with page.expect_event("requestfailed", predicate=lambda r: r.url.endswith(".json"), timeout=30_000):
            page.goto(page_file.as_uri())
        assert any(url.endswith(".json") for url in blocked), blocked
        assert page.locator("g.layer.land path").count() == 0
    finally:
        page.close()


def test_event_explorer_map_draws_offline(browser, course, tmp_path):
    """The explorer's map, as the explorer's Output widget holds it."""
    explorer = timelines.event_explorer(course)
    explorer.dropdown.value = course.events.dropna(subset=["place_id"])["id"].iloc[0]  # an event with a map
    (output,) = [o for o in explorer.output.outputs if MIME_TYPE in o["data"]]
    shown = output["data"][MIME_TYPE]
    page_file = tmp_path / "explorer.html"
    page_file.write_text(
        pio.to_html(
            {"data": shown["data"], "layout": shown["layout"]},
            config=shown["config"],
            include_plotlyjs=PLOTLY_JS.as_uri(),
            full_html=True,
            validate=False,
        )
    )
    page, blocked, errors = _open(browser, page_file)
    try:
        assert page.evaluate(_DRAWN)["points"] >= 1
        assert (blocked, errors) == ([], [])
    finally:
        page.close()
