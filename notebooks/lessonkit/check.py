"""Command-line check of the data folder, for instructors: ``python -m lessonkit.check``.

Prints every problem as ``file:row: field: expected …`` and exits 1, or prints a short
summary and exits 0. The summary ends with the count of cited sources by perspective and
language (in full with ``--stats``) and any way the mix misses the module's targets.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import DATA_DIR, TABLES, DataError, load_course
from .lateral import FILE as LATERAL_FILE
from .lateral import read_items as read_lateral_items
from .sources import mix_problems, source_mix


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
        print(
            f"Sources cited: {mix.total}; Iranian {mix.iranian} (government "
            f"{mix.perspectives.get('Iranian government', 0)}); Persian {mix.languages.get('fa', 0)}; "
            f"Pakistani media {mix.share('Pakistani media'):.0%}. Use --stats for the full counts."
        )
    for problem in mix_problems(mix):
        print(f"Source mix: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
