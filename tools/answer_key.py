"""Write the instructor's answer key for the self-check quizzes as a Markdown file.

    python tools/answer_key.py build/answer-key.md            # every quiz
    python tools/answer_key.py build/key-01.md 01_background  # one notebook's quiz

The key must stay out of students' sight, so it is never written inside notebooks/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessonkit.answerkey import answer_key
from lessonkit.data import DATA_DIR, DataError, load_course
from lessonkit.paths import NOTEBOOKS_DIR


NOTEBOOKS = NOTEBOOKS_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/answer_key.py", description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the Markdown file to write, e.g. build/answer-key.md")
    parser.add_argument("notebooks", nargs="*", help="notebook names, e.g. 01_background (default: every quiz)")
    parser.add_argument("--data", default=str(DATA_DIR), help="the data folder (default: %(default)s)")
    args = parser.parse_args(argv)
    output = args.output.resolve()
    if output.is_relative_to(NOTEBOOKS):
        print(
            f"Refusing to write the answer key into {NOTEBOOKS} (students would see it); "
            "write it elsewhere, e.g. build/answer-key.md.",
            file=sys.stderr,
        )
        return 2
    try:
        course = load_course(args.data)
        text = answer_key(course, args.notebooks or None)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    names = args.notebooks or sorted(course.quizzes)
    print(f"Wrote the answer key for {len(names)} quiz{'zes' if len(names) != 1 else ''} to {args.output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
