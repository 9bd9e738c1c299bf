"""Colours, symbols and dash styles every figure uses, chosen to survive colour blindness.

Colours come only from the Okabe–Ito palette (Okabe & Ito, *Color Universal Design*,
2008), and no figure relies on colour alone: each category also gets its own marker
symbol, line dash or text label (:func:`cue`). :data:`TEMPLATE` sets large type for
projectors and replaces plotly's default template (whose colours are not colour-blind safe).
"""

from __future__ import annotations

from typing import NamedTuple

import plotly.graph_objects as go

#: The eight Okabe–Ito colours.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: Greys and white for backgrounds, land, borders and grid lines (never for data).
NEUTRALS = {"white": "#FFFFFF", "land": "#EDEDED", "border": "#5E5E5E", "grid": "#D0D0D0"}

#: Colours for data, in the order categories receive them. Yellow is left out: it is too
#: pale to read on white and on the light grey land of the maps.
COLORS = [
    OKABE_ITO[name] for name in ("blue", "vermillion", "bluish green", "orange", "reddish purple", "sky blue", "black")
]

#: Marker symbols in the order categories receive them (all filled, distinct in outline).
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "triangle-down", "pentagon", "cross"]

#: Line dash styles in the order categories receive them.
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]

#: The two countries keep the same colour and symbol in every figure of the module.
COUNTRY = {
    "Pakistan": (OKABE_ITO["blue"], "circle"),
    "Iran": (OKABE_ITO["vermillion"], "diamond"),
    "Afghanistan": (OKABE_ITO["bluish green"], "square"),
}

#: Smallest type size used anywhere (readable from the back of a classroom).
FONT_SIZE = 16
TITLE_SIZE = 20


class Cue(NamedTuple):
    """How one category looks: its colour plus a second, non-colour cue."""

    color: str
    symbol: str
    dash: str

    def marker(self, size: int) -> dict:
        """A plotly marker in this look, outlined in black so light colours stay visible."""
        return {
            "size": size,
            "color": self.color,
            "symbol": self.symbol,
            "line": {"color": OKABE_ITO["black"], "width": 1},
        }


def cue(index: int) -> Cue:
    """The look of the category at position ``index`` (cycles when categories run out)."""
    return Cue(COLORS[index % len(COLORS)], SYMBOLS[index % len(SYMBOLS)], DASHES[index % len(DASHES)])


def country_cue(country: str, fallback: int = 4) -> Cue:
    """The fixed look of a country (other countries share the look ``cue(fallback)``)."""
    color, symbol = COUNTRY.get(country, cue(fallback)[:2])
    return Cue(color, symbol, "solid")


_FONT = {"size": FONT_SIZE, "color": OKABE_ITO["black"], "family": "Arial, Helvetica, sans-serif"}
_AXIS = {
    "gridcolor": NEUTRALS["grid"],
    "linecolor": NEUTRALS["border"],
    "ticks": "outside",
    "zeroline": False,
    "tickfont": {"size": FONT_SIZE},
    "title": {"font": {"size": FONT_SIZE}},
    "automargin": True,
}

#: The module's plotly template: palette, large type, white background.
TEMPLATE = go.layout.Template(
    layout={
        "colorway": COLORS,
        "font": _FONT,
        "title": {"font": {"size": TITLE_SIZE}, "x": 0.01, "xanchor": "left"},
        "legend": {"font": {"size": FONT_SIZE}},
        "hoverlabel": {"font": {"size": FONT_SIZE}, "align": "left"},
        "paper_bgcolor": NEUTRALS["white"],
        "plot_bgcolor": NEUTRALS["white"],
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
)
