"""What every figure builder returns: the figure, its text alternative, its data, its sources.

A :class:`Visual` left as the last expression of a cell displays as an interactive plotly
figure that needs no network: it renders through plotly's own ``plotly_mimetype`` renderer
(the one JupyterLab, VS Code and nbclient use) with the module's config, which
JupyterLab's plotly extension passes on to ``Plotly.react`` (maps get their base map from it).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import textwrap
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.io.base_renderers import PlotlyRenderer

from . import basemap
from .palette import TEMPLATE
from .text import STATUS_WORDS
from .text import counted, long_date, present, sentence, sentence_list  # noqa: F401  (the builders' imports)

MIME_TYPE = "application/vnd.plotly.v1+json"
#: Titles wrap at this many characters, so they fit a figure about 600 px wide, and each extra
#: line gets this many pixels more room above the plot.
TITLE_CHARS, TITLE_LINE_PX = 48, 26


@dataclass
class Visual:
    """A figure with its plain-text summary, the table behind it and its source ids."""

    figure: go.Figure
    summary: str
    table: pd.DataFrame
    source_ids: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return (self.figure.layout.title.text or "").replace("<br>", " ")

    @property
    def config(self) -> dict:
        """plotly.js config: no plotly logo; for maps, the offline base map."""
        return basemap.plotly_config(geo=basemap.is_geo(self.figure))

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs) -> dict:
        bundle = PlotlyRenderer(config=self.config).to_mimebundle(self.figure.to_dict())
        bundle["text/plain"] = f"{self.title} (interactive figure; its text version is .summary)"
        return bundle

    @property
    def text_version(self) -> TextVersion:
        """The text alternative to show under the figure: folded away for sighted readers."""
        return TextVersion(self.title, self.summary, self.table)


class NothingToDraw(ValueError):
    """Raised inside a builder when the data hold no rows for it; :func:`draws_what_there_is`
    turns it into a :class:`Notice` that says so in one sentence."""


@dataclass
class Notice(Visual):
    """What a builder returns when there is nothing to draw: one sentence, shown as text."""

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs) -> dict:
        return {"text/plain": self.summary, "text/html": f"<p><em>{html.escape(self.summary)}</em></p>"}

    @property
    def text_version(self) -> str:
        return self.summary


def draws_what_there_is(builder):
    """Decorate a figure builder so that small or partial data give a sentence, never a traceback."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        try:
            return builder(*args, **kwargs)
        except NothingToDraw as missing:
            return Notice(go.Figure(), str(missing), pd.DataFrame(), [])

    return build


def need(rows: pd.DataFrame, missing: str) -> pd.DataFrame:
    """``rows``, or :class:`NothingToDraw` saying ``missing`` when there are none."""
    if rows.empty:
        raise NothingToDraw(missing)
    return rows


#: Columns of a figure's table that only link rows to other files: not shown to students.
_LINK_COLUMN_SUFFIXES = ("id", "_id", "_ids")

#: Widget layout for a control as wide as its output. Not ``width: 100%``: with ipywidgets' 2 px
#: margin that runs past the output's right edge (tests/browser/test_geometry.py measures it).
FULL_WIDTH = {"width": "auto", "max_width": "100%"}


@dataclass(frozen=True)
class TextVersion:
    """A figure's text alternative and the table behind it, shown in a closed ``<details>``
    block (one click opens it). Its ``text/plain`` is the summary itself, exactly, so nbval
    compares it and any plain-text view (a screen reader's, a terminal's) gets it in full."""

    title: str
    summary: str
    table: pd.DataFrame

    def readable_table(self) -> pd.DataFrame:
        """The table as a reader (or a screen reader) takes it in: no id columns, headings in words
        with their units ("value_usd_m" → "Value (US$ m)"), and cells in words: blank for
        missing, yes/no, "15 Dec 2023" for 2023-12-15, "sources disagree" for CONFLICTING."""
        keep = [c for c in self.table.columns if not str(c).endswith(_LINK_COLUMN_SUFFIXES)]
        table = self.table[keep].astype(object).map(readable_cell)
        return table.set_axis([readable_heading(c) for c in keep], axis=1)

    def _repr_html_(self) -> str:
        table = self.readable_table().to_html(escape=True, border=0)
        # tex2jax_ignore / mathjax_ignore: JupyterLab would typeset "$2 bn … $10 bn" as maths
        return (
            '<details class="lessonkit-text-version tex2jax_ignore mathjax_ignore">'
            "<summary>Text version of the figure above, with its data</summary>"
            f"<p>{html.escape(self.summary)}</p>{table}</details>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs) -> dict:
        return {"text/plain": self.summary, "text/html": self._repr_html_()}

    def __str__(self) -> str:
        return self.summary


#: Column-name endings that are units, and the headings that need more than capitals.
_UNITS = {"_usd_m": " (US$ m)", "_pct": " (%)"}
_HEADINGS = {"lat": "Latitude", "lon": "Longitude", "claims_note": "What each side claims"}
_ISO_DAY, _ISO_MONTH = re.compile(r"\d{4}-\d{2}-\d{2}"), re.compile(r"\d{4}-\d{2}")


def readable_heading(column) -> str:
    name = str(column)
    if name in _HEADINGS:
        return _HEADINGS[name]
    suffix = next((s for s in _UNITS if name.endswith(s)), "")
    stem = name[: -len(suffix)] if suffix else name
    return stem.replace("_", " ").capitalize() + _UNITS.get(suffix, "")


def readable_cell(value):
    """One table cell in words (see :meth:`TextVersion.readable_table`); lists and numbers stay."""
    if isinstance(value, (list, tuple, dict)):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, str):
        if value in STATUS_WORDS:
            return STATUS_WORDS[value]
        if _ISO_DAY.fullmatch(value) or _ISO_MONTH.fullmatch(value):
            day = pd.Timestamp(value)
            return f"{day.day} {day:%b %Y}" if len(value) == 10 else f"{day:%b %Y}"
        return value
    if isinstance(value, (pd.Timestamp, dt.date)) and not pd.isna(value):
        return f"{value.day} {value:%b %Y}"
    return "" if pd.isna(value) else value


def folded(summary: str, body_html: str) -> str:
    """``body_html`` in a closed ``<details>`` under ``summary`` (escaped): how a page without
    widgets shows what a button would reveal."""
    return f"<details><summary>{html.escape(summary)}</summary>{body_html}</details>"


def with_printed(bundle: dict | None, printed: str) -> dict | None:
    """A widget's output plus ``text/html`` for pages without widgets (the handouts). JupyterLab,
    Voilà and RISE still draw the widget (their widget renderer outranks HTML)."""
    return None if bundle is None else {**bundle, "text/html": printed}


def collapsed(summary: str, content) -> Collapsed:
    """``content`` (anything with HTML or Markdown to show) folded in a closed ``<details>``
    block under ``summary``, e.g. a notebook's long Sources list."""
    return Collapsed(summary, content)


@dataclass(frozen=True)
class Collapsed:
    """See :func:`collapsed`. Its ``text/plain`` is the content's own plain text."""

    summary: str
    content: object

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs) -> dict:
        inner = getattr(self.content, "_repr_mimebundle_", None)
        bundle = inner() if inner else {}
        markdown = getattr(self.content, "data", None) if not bundle else bundle.get("text/markdown")
        html_text = getattr(self.content, "_repr_html_", lambda: None)() if not bundle else bundle.get("text/html")
        head = f'<details class="tex2jax_ignore mathjax_ignore"><summary>{html.escape(self.summary)}</summary>\n\n'
        if html_text is None and markdown is not None:
            return {"text/markdown": f"{head}{markdown}\n\n</details>", "text/plain": str(markdown)}
        return {
            "text/html": f"{head}{html_text or html.escape(str(self.content))}</details>",
            "text/plain": repr(self.content) if html_text is not None else str(self.content),
        }


def new_figure(height: int, **layout) -> go.Figure:
    """An empty figure in the module's style (palette, large type)."""
    margin = {"l": 10, "r": 10, "t": 70, "b": 40}
    return go.Figure(layout={"template": TEMPLATE, "height": height, "margin": margin, **layout})


def finish(
    figure: go.Figure, title: str, summary: str, table: pd.DataFrame, source_ids: list[str] | None = None
) -> Visual:
    """Title the figure, keep its text alternative in ``layout.meta``, and wrap it up.

    Source ids default to every id in the table's ``source_ids`` column.
    """
    lines = wrap_label(title, TITLE_CHARS).count("<br>")
    # at the top (not centred in the margin), so the extra lines grow into the room added below
    top = 1 - (12 + 10 * lines) / figure.layout.height if figure.layout.height else None
    figure.update_layout(
        title={"text": wrap_label(title, TITLE_CHARS), "y": top, "yanchor": "top" if top else None},
        meta={**(figure.layout.meta or {}), "summary": summary},  # a builder's hints (e.g. "phone") stay
        margin={"t": (figure.layout.margin.t or 70) + TITLE_LINE_PX * lines},
    )
    table = numbered(table)
    return Visual(figure, summary, table, source_ids if source_ids is not None else ids_in(table))


def wrap_label(text: str, width: int) -> str:
    """Text broken into lines of at most ``width`` characters with ``<br>`` (plotly does not wrap)."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def numbered(frame: pd.DataFrame, label: str = "No.") -> pd.DataFrame:
    """The table numbered 1, 2, 3 … with ``label`` over the numbers.

    The label goes in ``columns.name``: pandas then writes it in the corner cell of a single
    header row, so no header cell is empty (screen readers need header text)."""
    return labelled_index(frame.set_axis(range(1, len(frame) + 1)), label)


def labelled_index(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    """The table with ``label`` as the heading of its index column (see :func:`numbered`)."""
    frame = frame.rename_axis(index=None)
    frame.columns.name = label
    return frame


def unique_ids(*id_lists) -> list[str]:
    """Source ids from any number of lists, each once, in first-seen order."""
    seen: dict[str, None] = {}
    for ids in id_lists:
        for source_id in ids:
            seen.setdefault(source_id, None)
    return list(seen)


def ids_in(frame: pd.DataFrame, column: str = "source_ids") -> list[str]:
    """Every source id in a table's list column."""
    return unique_ids(*frame[column]) if column in frame else []


def hover(*lines, width: int = 60) -> str:
    """Hover text: the given lines (empty ones dropped), wrapped so the box stays narrow."""
    return "<br>".join("<br>".join(textwrap.wrap(line, width)) for line in map(present, lines) if line)
