"""The Sources section of a notebook: every source its figures, quizzes and tables used."""

from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown

from .data import Course
from .text import long_date

LANGUAGES = {"ur": "Urdu", "fa": "Persian", "ar": "Arabic", "pt": "Portuguese", "pl": "Polish", "de": "German",
             "fr": "French", "ru": "Russian", "zh": "Chinese", "si": "Sinhala", "ta": "Tamil"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escape(text: str) -> str:
    """Markdown-escape text; a $ becomes \\\\$, the one form JupyterLab 4.6 never typesets as maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("$", "\\\\$")


def _link_target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _date(value) -> str:
    return "undated" if value is None or pd.isna(value) else long_date(value)


def used_ids(*things) -> list[str]:
    """Source ids used by the given things: anything with ``.source_ids`` (a Visual, a quiz),
    a DataFrame with a ``source_ids`` column, or a source id itself. Each id once, in order."""
    ids: dict[str, None] = {}
    for thing in things:
        if isinstance(thing, str):
            found = [thing]
        elif isinstance(thing, pd.DataFrame):
            if "source_ids" not in thing:
                raise TypeError("a table passed to cite() needs a source_ids column")
            found = [sid for cell in thing["source_ids"] for sid in cell]
        elif hasattr(thing, "source_ids"):
            found = list(thing.source_ids)
        else:
            raise TypeError(f"cite() cannot find source ids in {type(thing).__name__}")
        ids.update(dict.fromkeys(found))
    return list(ids)


def cite(course: Course, *things) -> Markdown:
    """A Markdown list of every source the given figures, quizzes and tables use, sorted by
    publisher: publisher, linked title, date, perspective, language if not English."""
    ids = used_ids(*things)
    sources = course.sources.set_index("id")
    unknown = [sid for sid in ids if sid not in sources.index]
    if unknown:
        raise ValueError(f"source ids not in sources.csv: {', '.join(unknown)}")
    chosen = sources.loc[ids].reset_index()
    chosen = chosen.assign(key=chosen["publisher"].str.lower() + "\n" + chosen["title"].str.lower())
    lines = []
    for _, s in chosen.sort_values(["key", "id"]).iterrows():
        language = "" if s["language"] == "en" else f", in {LANGUAGES.get(s['language'], s['language'])}"
        lines.append(f"- **{_escape(s['publisher'])}**, [{_escape(s['title'])}]({_link_target(s['url'])}), "
                     f"{_date(s['published'])} ({s['perspective']}{language}; accessed {_date(s['accessed'])})")
    return Markdown("\n".join(lines) if lines else "No sources used.")
