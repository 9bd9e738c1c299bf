"""Write a class report from a folder of saved quiz answers (see lessonkit/classreport.py).

Usage: ``python tools/class_report.py ANSWERS_DIR --out build/class-report [--anonymise]``
(or ``make class-report ANSWERS=<folder>``). Needs nothing but the module's own packages.
Writes ``class-report.html`` (one page that works offline) and ``class-report.csv``; a file
that cannot be used is listed in the report with the reason, and the rest still count.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessonkit import classfiles, classreport, classstats
from lessonkit.data import DataError, load_course

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="class_report", description="Write a class report from saved quiz answers.")
    parser.add_argument("answers", type=Path, help="the folder holding the class's answers-*.json files")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "class-report", help="where to write the report")
    parser.add_argument("--anonymise", action="store_true", help='show "Student 1…N" instead of names')
    parser.add_argument("--data", type=Path, default=None, help="the module's data folder (default: data/)")
    parser.add_argument("--guide", type=Path, default=classstats.GUIDE, help="the guide with the learning outcomes")
    args = parser.parse_args(argv)
    if not args.answers.is_dir():
        parser.error(f"{args.answers}: no such folder")
    try:
        course = load_course(args.data)
        renames = classfiles.load_renames(args.data / classfiles.RENAMES.name if args.data else classfiles.RENAMES)
    except (DataError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    done = classreport.build(
        args.answers, args.out, course, classstats.read_outcomes(args.guide), args.anonymise, renames
    )
    a = done.answers
    print(
        f"{done.html} ({done.html.stat().st_size / 1e6:.1f} MB) and {done.csv}: {len(a.submissions)} files used, "
        f"{len(a.unused)} not used, {len(a.notes)} answers not counted; {done.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
