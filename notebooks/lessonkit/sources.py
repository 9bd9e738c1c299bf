"""The Sources section of a notebook, and the module's source mix.

:func:`cite` lists every source a notebook's figures, quizzes and tables used, after a line
saying how recent the newest of them is. :func:`source_mix` counts the sources the module cites
by perspective and language; :func:`mix_sentence` says what those counts show, for students.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd
import yaml
from IPython.display import Markdown

from .data import DATA_DIR, TABLES, Course
from .schemas import address_incomplete
from .text import long_date, sentence_list

LANGUAGES = {
    "ur": "Urdu",
    "fa": "Persian",
    "ar": "Arabic",
    "pt": "Portuguese",
    "pl": "Polish",
    "de": "German",
    "fr": "French",
    "ru": "Russian",
    "zh": "Chinese",
    "si": "Sinhala",
    "ta": "Tamil",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escape(text: str) -> str:
    """Markdown-escape text; a $ becomes \\\\$, the one form JupyterLab 4.6 never typesets as maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("$", "\\\\$")


def _link_target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _date(value) -> str:
    return "undated" if value is None or pd.isna(value) else long_date(value)


def _checked(source: pd.Series) -> str:
    """When the page was checked: a date, 'address incomplete' or 'date checked not recorded'."""
    if address_incomplete(source["url"]):
        return "address incomplete"
    if source["accessed"] is None or pd.isna(source["accessed"]):
        return "date checked not recorded"
    return f"accessed {long_date(source['accessed'])}"


def fact_check() -> str:
    """When and how the facts were checked against the sources (``data/fact_check.yaml``)."""
    checked = yaml.safe_load((DATA_DIR / "fact_check.yaml").read_text(encoding="utf-8"))
    return f"Facts checked against the sources on {long_date(checked['checked'])}: {checked['how']}."


def checked_up_to(course: Course, ids: list[str]) -> str:
    """'Newest source: May 2025. Facts checked against the sources on …': the month of the newest
    dated source among ``ids``, then when the facts were checked (:func:`fact_check`)."""
    published = course.sources.set_index("id").loc[list(ids), "published"].dropna()
    newest = f"{pd.Timestamp(max(published)):%B %Y}" if not published.empty else "no dated source"
    return f"Newest source: {newest}. {fact_check()}"


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
    publisher: publisher, linked title, date, perspective, kind, language if not English, and
    when it was checked. A first line gives the month of the newest source (:func:`checked_up_to`)."""
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
        lines.append(
            f"- **{_escape(s['publisher'])}**, [{_escape(s['title'])}]({_link_target(s['url'])}), "
            f"{_date(s['published'])} ({s['perspective']}, {s['kind']}{language}; {_checked(s)})"
        )
    if not lines:
        return Markdown("No sources used.")
    return Markdown("\n".join([checked_up_to(course, ids), "", *lines]))


def cited_ids(course: Course) -> list[str]:
    """Every source id a data row, a quiz question, the role-play or a reveal cites, each once."""
    ids: dict[str, None] = {}
    for attr, (_file, model, _id) in TABLES.items():
        if "source_ids" in model.model_fields:
            ids.update(dict.fromkeys(sid for cell in getattr(course, attr)["source_ids"] for sid in cell))
    for spec in course.quizzes.values():
        ids.update(dict.fromkeys(spec.source_ids))
    if course.roleplay is not None:
        ids.update(dict.fromkeys(course.roleplay.source_ids))
    ids.update(dict.fromkeys(sid for entry in course.reveals.values() for sid in entry.source_ids))
    return list(ids)


IRANIAN = ("Iranian government", "Iranian media")


@dataclass(frozen=True)
class SourceMix:
    """How many cited sources come from each perspective, are in each language and are of each kind."""

    total: int
    perspectives: dict[str, int]
    languages: dict[str, int]
    kinds: dict[str, int]

    @property
    def iranian(self) -> int:
        """Sources from an Iranian government body or Iranian media."""
        return sum(self.perspectives.get(p, 0) for p in IRANIAN)

    def share(self, perspective: str) -> float:
        """The fraction of cited sources with this perspective (0 when nothing is cited)."""
        return self.perspectives.get(perspective, 0) / self.total if self.total else 0.0

    def report(self) -> str:
        """Plain-text counts, for ``python -m lessonkit.check --stats``."""

        def rows(counts: dict[str, int]) -> list[str]:
            return [f"  {name}: {n} ({n / self.total:.0%})" for name, n in counts.items()]

        return "\n".join(
            [
                f"Sources cited by data rows, quizzes or the role-play: {self.total}",
                "By perspective:",
                *rows(self.perspectives),
                f"  (Iranian government or media together: {self.iranian})",
                "By language:",
                *rows(self.languages),
                "By kind:",
                *rows(self.kinds),
            ]
        )


#: The module's floor for Iranian voices and ceiling for Pakistani media, among sources cited.
MIX_TARGETS = {"iranian_government": 3, "iranian": 30, "persian": 5, "pakistani_media_share": 0.45}


def mix_problems(mix: SourceMix) -> list[str]:
    """Each way the source mix misses :data:`MIX_TARGETS`, as a sentence; empty when it meets them."""
    problems = []
    if (n := mix.perspectives.get("Iranian government", 0)) < MIX_TARGETS["iranian_government"]:
        problems.append(f"expected at least {MIX_TARGETS['iranian_government']} Iranian government sources, found {n}")
    if mix.iranian < MIX_TARGETS["iranian"]:
        problems.append(
            f"expected at least {MIX_TARGETS['iranian']} Iranian sources (government or media), found {mix.iranian}"
        )
    if (n := mix.languages.get("fa", 0)) < MIX_TARGETS["persian"]:
        problems.append(f"expected at least {MIX_TARGETS['persian']} sources in Persian (fa), found {n}")
    if (share := mix.share("Pakistani media")) > MIX_TARGETS["pakistani_media_share"]:
        problems.append(
            f"expected Pakistani media to be at most {MIX_TARGETS['pakistani_media_share']:.0%} of "
            f"sources cited, found {share:.1%}"
        )
    return problems


def source_mix(course: Course, ids: list[str] | None = None) -> SourceMix:
    """Count the sources ``ids`` (default: all cited by rows or quizzes) by perspective and language."""
    chosen = course.sources.set_index("id").loc[cited_ids(course) if ids is None else list(ids)]
    return SourceMix(
        len(chosen), *(_most_first(Counter(chosen[column])) for column in ("perspective", "language", "kind"))
    )


def _most_first(counts: Counter) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _language_name(code: str) -> str:
    return "English" if code == "en" else LANGUAGES.get(code, code)


def mix_sentence(course: Course) -> Markdown:
    """What the module's source counts show (computed from sources.csv), in two sentences for students."""
    mix = source_mix(course)
    pakistani = mix.perspectives.get("Pakistani media", 0) + mix.perspectives.get("Pakistani government", 0)
    if pakistani > mix.iranian:
        balance = f"Pakistani pages outnumber Iranian ones by about {pakistani / max(mix.iranian, 1):.1f} to 1"
    elif pakistani < mix.iranian:
        balance = f"Iranian pages outnumber Pakistani ones by about {mix.iranian / max(pakistani, 1):.1f} to 1"
    else:
        balance = "there are as many Iranian pages as Pakistani ones"
    languages = [f"{_language_name(code)} ({n})" for code, n in mix.languages.items() if code != "en"]
    international = mix.perspectives.get("International media", 0)
    rest = mix.total - pakistani - mix.iranian - international  # so the parts add up to the total
    text = (
        f"Of the {mix.total} sources this module cites, {pakistani} ({pakistani / mix.total:.0%}) are Pakistani "
        f"media or government pages, {mix.iranian} ({mix.iranian / mix.total:.0%}) are Iranian "
        f"({mix.perspectives.get('Iranian government', 0)} of them from Iranian government bodies), "
        f"{international} ({international / mix.total:.0%}) are international media and {rest} "
        f"({rest / mix.total:.0%}) are other pages, such as reference works and other governments. So {balance}. "
        f"Most ({mix.languages.get('en', 0)}) are in English; the others are in "
        f"{sentence_list(languages) if languages else 'no other language'}."
    )
    return Markdown(text)


def who_tells_the_story(course: Course) -> Markdown:
    """The review notebook (06)'s second Discuss prompt, with the source counts computed by :func:`mix_sentence`."""
    return Markdown(
        f"2. **Who tells the story?** {mix_sentence(course).data} How would the story change if it "
        "were told mainly from Tehran, Islamabad, Washington, Beijing, or a town on the border? Which "
        "voices are missing from both countries' media?"
    )
