"""Command-line check of the data folder, for instructors: ``python -m lessonkit.check``.

Prints every problem as ``file:row: field: expected …`` and exits 1 (a ``featured_in`` cell is
checked against the notebooks beside the data folder, when there are any), or prints a short
summary and exits 0. The summary ends with the count of cited sources by perspective and
language (in full with ``--stats``), any way the mix misses the module's targets, and a
warning for each pair of events that look like the same event entered twice (same date,
similar headline): warnings never make the check fail.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path

import pandas as pd

from .data import TABLES, DataError, load_course
from .featured import featured_problems
from .lateral_items import FILE as LATERAL_FILE
from .lateral_items import read_items as read_lateral_items
from .paths import DATA_DIR
from .mixtargets import FILE as MIX_FILE
from .sources import mix_problems, source_mix


#: Words that say nothing about which event a headline is (every headline here could use them).
COMMON_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "for",
        "with",
        "at",
        "by",
        "from",
        "its",
        "as",
        "is",
        "be",
        "after",
        "over",
        "into",
        "new",
        "says",
        "say",
        "iran",
        "pakistan",
        "iranian",
        "pakistani",
        "minister",
        "visit",
        "visits",
    ]
)


def _headline_words(headline: str) -> set[str]:
    """A headline's telling words, cut to four letters so 'closes' and 'closure' match."""
    return {w[:4] for w in re.findall(r"[a-z]+", headline.lower()) if len(w) > 2 and w not in COMMON_WORDS}


def near_duplicate_events(events: pd.DataFrame) -> list[str]:
    """A warning for each pair of events.csv rows with the same date (or one date inside the other,
    as 2025-06 and 2025-06-13) and similar headlines: at least two telling words in common, and
    at least half of the shorter headline's."""
    warnings = []
    rows = [(number, row) for number, (_, row) in enumerate(events.iterrows(), start=2)]
    for (n1, a), (n2, b) in itertools.combinations(rows, 2):
        d1, d2 = str(a["start_date"]), str(b["start_date"])
        if not (d1.startswith(d2) or d2.startswith(d1)):
            continue
        w1, w2 = _headline_words(a["headline"]), _headline_words(b["headline"])
        shared = w1 & w2
        if len(shared) >= 2 and len(shared) >= min(len(w1), len(w2)) / 2:
            warnings.append(
                f"events.csv:{n1} and {n2}: the same event twice? {a['id']!r} ({d1}, {a['headline']!r}) and "
                f"{b['id']!r} ({d2}, {b['headline']!r}) share a date and a headline; merge them or tell them apart"
            )
    return warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessonkit.check", description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(DATA_DIR), help="the data folder (default: %(default)s)")
    parser.add_argument(
        "--stats", action="store_true", help="print the cited sources by perspective and by language in full"
    )
    args = parser.parse_args(argv)
    try:
        course = load_course(args.data_dir)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    notebooks = Path(args.data_dir).resolve().parent / "notebooks"
    problems = featured_problems(args.data_dir, notebooks) if notebooks.is_dir() else []
    if problems:
        print(DataError(problems), file=sys.stderr)
        return 1
    if (Path(args.data_dir) / LATERAL_FILE).exists():  # optional: the lateral-reading exercises
        _, problems = read_lateral_items(args.data_dir, set(course.sources["id"]))
        if problems:
            print(DataError(problems), file=sys.stderr)
            return 1
    sizes = ", ".join(f"{name} {len(getattr(course, name))}" for name in TABLES)
    questions = sum(len(q.questions) for q in course.quizzes.values())
    print(
        f"Data OK in {args.data_dir}: {sizes}; {len(course.quizzes)} quizzes, {questions} questions; "
        f"{len(course.reveals)} think-first moments."
    )
    mix = source_mix(course)
    if args.stats:
        print(mix.report())
    else:
        top = ", ".join(f"{p} {n}" for p, n in list(mix.perspectives.items())[:3])
        print(
            f"Sources cited: {mix.total} ({top}, …); citations: {mix.citation_total}. Use --stats for the full counts."
        )
    for problem in mix_problems(mix, course.mix_targets):
        print(f"Source mix ({MIX_FILE}): {problem}")
    for warning in near_duplicate_events(pd.read_csv(Path(args.data_dir) / TABLES["events"][0], dtype=str)):
        print(f"Warning: {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
