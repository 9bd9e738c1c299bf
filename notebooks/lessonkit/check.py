"""Command-line check of the data folder, for instructors: ``python -m lessonkit.check``.

Prints every problem as ``file:row: field: expected …`` and exits 1, or prints a short
summary and exits 0.
"""

from __future__ import annotations

import argparse
import sys

from .data import DATA_DIR, load_course, DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessonkit.check", description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(DATA_DIR), help="the data folder (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        course = load_course(args.data_dir)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    sizes = ", ".join(f"{name} {len(getattr(course, name))}" for name in
                      ("sources", "events", "places", "itinerary", "agreements", "trade",
                       "figures", "quotes", "claims", "glossary", "lines"))
    questions = sum(len(q.questions) for q in course.quizzes.values())
    print(f"Data OK in {args.data_dir}: {sizes}; {len(course.quizzes)} quizzes, {questions} questions.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
