"""Write instructors/role-cards.md, the printable role-play cards, from data/roleplay.yaml.

    python tools/role_cards.py                    # instructors/role-cards.md
    python tools/role_cards.py build/cards.md     # somewhere else

Notebook 07 shows the same cards from the same file; a test checks the page is up to date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessonkit.data import DATA_DIR, DataError, load_course
from lessonkit.roleplay import role_cards_page

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/role_cards.py", description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        type=Path,
        nargs="?",
        default=ROOT / "instructors" / "role-cards.md",
        help="the Markdown file to write (default: instructors/role-cards.md)",
    )
    parser.add_argument("--data", default=str(DATA_DIR), help="the data folder (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        course = load_course(args.data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    if course.roleplay is None:
        print(f"There is no roleplay.yaml in {args.data}.", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(role_cards_page(course), encoding="utf-8")
    print(f"Wrote the role-play cards to {args.output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
