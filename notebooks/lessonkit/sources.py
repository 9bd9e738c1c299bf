"""The Sources section of a notebook, and the module's source mix.

:func:`cite` lists every source a notebook's figures, quizzes and tables used, after a line
saying how recent the newest of them is and when the facts were checked. :func:`source_mix`
counts the sources the module cites by perspective, language and kind, and how often each
perspective is cited; :func:`mix_problems` holds that to the module's ``data/source_mix.yaml``;
:func:`mix_sentence` says what the counts show, for students.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
import yaml
from IPython.display import Markdown

from .data import DATA_DIR, TABLES, Course
from .mixtargets import MixTargets, Target
from .problems import DataError, Problem
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
FACT_CHECK_FILE = "fact_check.yaml"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escape(text: str) -> str:
    """Markdown-escape text; a $ becomes \\\\$, the one form JupyterLab 4.6 never typesets as maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("$", "\\\\$")


def _link_target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _date(value) -> str:
    return "undated" if value is None or pd.isna(value) else long_date(value)


def _checked(source: pd.Series) -> str:
    """When the page was opened: a date, 'address incomplete' or 'access date not recorded'."""
    if address_incomplete(source["url"]):
        return "address incomplete"
    if source["accessed"] is None or pd.isna(source["accessed"]):
        return "access date not recorded"
    return f"accessed {long_date(source['accessed'])}"


def fact_check(how: bool = True) -> str:
    """When and (``how``) how the facts were checked (``data/fact_check.yaml``: ``checked``, a date,
    and ``how``, against what); a DataError naming the file and field when either is missing."""
    checked = yaml.safe_load((DATA_DIR / FACT_CHECK_FILE).read_text(encoding="utf-8")) or {}
    problems = [
        Problem(FACT_CHECK_FILE, None, name, f"expected {what}")
        for name, what, ok in (
            ("checked", "a date as YYYY-MM-DD", isinstance(checked.get("checked"), datetime.date)),
            ("how", "a sentence saying against what the facts were checked", bool(str(checked.get("how", "")).strip())),
        )
        if not ok
    ]
    if problems:
        raise DataError(problems)
    when = f"Facts checked on {long_date(checked['checked'])}"
    return f"{when}: {checked['how']}." if how else f"{when}."


def checked_up_to(course: Course, ids: list[str], how: bool = True) -> str:
    """'Newest source: May 2025. Facts checked on …': the month of the newest dated source among
    ``ids``, then when (and, with ``how``, how) the facts were checked (:func:`fact_check`)."""
    published = course.sources.set_index("id").loc[list(ids), "published"].dropna()
    newest = f"{pd.Timestamp(max(published)):%B %Y}" if not published.empty else "no dated source"
    return f"Newest source: {newest}. {fact_check(how)}"


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


def citations(course: Course) -> list[list[str]]:
    """The source ids each citing thing cites, each id once per thing: every data row, quiz
    question, part of a role card and think-first moment that cites sources."""
    cites: list[list[str]] = []
    for attr, (_file, model, _id) in TABLES.items():
        if "source_ids" in model.model_fields:
            cites += [list(dict.fromkeys(cell)) for cell in getattr(course, attr)["source_ids"]]
    cites += [list(dict.fromkeys(q.source_ids)) for spec in course.quizzes.values() for q in spec.questions]
    if course.roleplay is not None:
        cites += [list(dict.fromkeys(item.source_ids)) for item in course.roleplay.citing_items]
    cites += [list(dict.fromkeys(entry.source_ids)) for entry in course.reveals.values()]
    return [ids for ids in cites if ids]


def cited_ids(course: Course) -> list[str]:
    """Every source id a data row, a quiz question, the role-play or a reveal cites, each once."""
    return _ids_in(citations(course))


def _ids_in(cites: list[list[str]]) -> list[str]:
    """The ids of :func:`citations`, each once, in order of first citation."""
    return list(dict.fromkeys(sid for ids in cites for sid in ids))


@dataclass(frozen=True)
class SourceMix:
    """How many cited sources come from each perspective, are in each language and are of each
    kind; and how many citations each perspective carries (a source cited by ten rows counts ten)."""

    total: int
    perspectives: dict[str, int]
    languages: dict[str, int]
    kinds: dict[str, int]
    cited: dict[str, int] = field(default_factory=dict)  # perspective -> citations

    @property
    def citation_total(self) -> int:
        """All citations: one per source per citing row, question, card item or moment."""
        return sum(self.cited.values())

    def count(self, perspectives: list[str]) -> int:
        """Sources with any of these perspectives."""
        return sum(self.perspectives.get(p, 0) for p in perspectives)

    def share(self, perspectives: list[str]) -> float:
        """The fraction of cited sources with these perspectives (0 when nothing is cited)."""
        return self.count(perspectives) / self.total if self.total else 0.0

    def citation_share(self, perspectives: list[str]) -> float:
        """The fraction of all citations that go to sources with these perspectives."""
        cited = sum(self.cited.get(p, 0) for p in perspectives)
        return cited / self.citation_total if self.citation_total else 0.0

    def report(self) -> str:
        """Plain-text counts, for ``python -m lessonkit.check --stats``."""

        def rows(counts: dict[str, int], total: int) -> list[str]:
            return [f"  {name}: {n} ({n / total:.0%})" for name, n in counts.items()]

        return "\n".join(
            [
                f"Sources cited by data rows, quizzes or the role-play: {self.total}",
                "By perspective:",
                *rows(self.perspectives, self.total),
                "By language:",
                *rows(self.languages, self.total),
                "By kind:",
                *rows(self.kinds, self.total),
                f"Citations (one per source per row, question, card item or moment): {self.citation_total}",
                "By perspective:",
                *rows(self.cited, max(self.citation_total, 1)),
            ]
        )


def _target_problem(mix: SourceMix, target: Target) -> str | None:
    """The sentence saying how the mix misses ``target``, or None when it meets it."""
    name, limit = target.limit
    if target.languages:  # languages take only at_least (mixtargets.Target checks it)
        found = sum(mix.languages.get(code, 0) for code in target.languages)
        return f"expected at least {limit} {target.what}, found {found}" if found < limit else None
    if name == "at_least" and (found := mix.count(target.perspectives)) < limit:
        return f"expected at least {limit} {target.what}, found {found}"
    if name == "share_at_most" and (share := mix.share(target.perspectives)) > limit:
        return f"expected {target.what} to be at most {limit:.0%} of sources cited, found {share:.1%}"
    if name.startswith("citation_share"):
        share = mix.citation_share(target.perspectives)
        if (share > limit) if name.endswith("most") else (share < limit):
            bound = "at most" if name.endswith("most") else "at least"
            return f"expected {target.what} to carry {bound} {limit:.0%} of citations, found {share:.1%}"
    return None


def mix_problems(mix: SourceMix, targets: MixTargets | None) -> list[str]:
    """Each way the source mix misses the module's targets (``data/source_mix.yaml``), as a
    sentence; empty when it meets them or the module sets none."""
    found = [_target_problem(mix, target) for target in (targets.targets if targets else [])]
    return [problem for problem in found if problem]


def source_mix(course: Course, ids: list[str] | None = None, cites: list[list[str]] | None = None) -> SourceMix:
    """Count the sources ``ids`` (default: all cited) by perspective, language and kind, and their
    citations by perspective (``cites``: what each citing thing cites; default :func:`citations`)."""
    by_id = course.sources.set_index("id")
    own = citations(course) if ids is None or cites is None else []  # walked once for both defaults
    chosen = by_id.loc[_ids_in(own) if ids is None else list(ids)]
    cites = own if cites is None else cites
    uses = Counter(sid for cited in cites for sid in cited if sid in chosen.index)
    cited = Counter(dict.fromkeys(chosen["perspective"], 0))
    for sid, n in uses.items():
        cited[by_id.at[sid, "perspective"]] += n
    counts = (_most_first(Counter(chosen[column])) for column in ("perspective", "language", "kind"))
    return SourceMix(len(chosen), *counts, cited=_most_first(cited))


def _most_first(counts: Counter) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _language_name(code: str) -> str:
    return "English" if code == "en" else LANGUAGES.get(code, code)


def _ratio(a: float, b: float, side: str, other: str, what: str) -> str:
    """'about 1.6 Pakistani sources for each Iranian one' (or none, when ``b`` is 0)."""
    if not b:
        return f"no {other} {what} to set against the {side} ones"
    return f"about {a / b:.1f} {side} {what} for each {other} one"


def mix_sentence(course: Course) -> Markdown:
    """What the module's source mix shows, for students: the sources counted once each, then by how
    often they are cited, for the two sides ``data/source_mix.yaml`` names (computed from the data)."""
    mix = source_mix(course)
    if course.mix_targets is None:
        raise ValueError("the source-mix sentence needs data/source_mix.yaml, with the two sides it compares")
    first, second = course.mix_targets.sides
    a, b = mix.count(first.perspectives), mix.count(second.perspectives)
    ca, cb = mix.citation_share(first.perspectives), mix.citation_share(second.perspectives)
    international = mix.count(["International media"])
    rest = mix.total - a - b - international  # so the parts add up to the total
    languages = [f"{_language_name(code)} ({n})" for code, n in mix.languages.items() if code != "en"]
    text = (
        f"Counted once each, the {mix.total} sources this module cites are {a} ({a / mix.total:.0%}) "
        f"{first.name}, {b} ({b / mix.total:.0%}) {second.name}, {international} ({international / mix.total:.0%}) "
        f"international media and {rest} ({rest / mix.total:.0%}) other pages, such as reference works and "
        "other governments. Counted by use "
        f"(the {mix.citation_total} citations in data rows, quiz questions, role cards and think-first "
        f"moments), {first.name} sources carry {ca:.0%} of citations and {second.name} sources {cb:.0%}. "
        f"So there are {_ratio(a, b, first.name, second.name, 'sources')}, and "
        f"{_ratio(ca, cb, first.name, second.name, 'citations')}. Most sources ({mix.languages.get('en', 0)}) "
        f"are in English; the others are in {sentence_list(languages) if languages else 'no other language'}."
    )
    return Markdown(text)


def who_tells_the_story(course: Course) -> Markdown:
    """The review notebook (06)'s second Discuss prompt, with the source counts computed by :func:`mix_sentence`."""
    return Markdown(
        f"2. **Who tells the story?** {mix_sentence(course).data} How would the story change if it "
        "were told mainly from Tehran, Islamabad, Washington, Beijing, or a town on the border? Which "
        "voices are missing from both countries' media?"
    )
