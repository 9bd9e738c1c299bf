"""How long the class report takes for a big class, and how large the page is.

Usage: ``python tools/class_report_bench.py [--students 200] [--size-for 30]`` (``make bench``
runs it too). Every notebook's quiz is answered by a few students through the real quiz
widget (a mix of right, wrong-then-right and wrong answers); their saved files are copied
under new names up to the class size, so the report reads ``students × notebooks`` real
files. Prints seconds and sizes; asserts nothing (target: 200 × 6 in under 5 s).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from lessonkit import classreport, load_course
from lessonkit.quiz import quiz
from lessonkit.quiztypes import kind_of


TARGET_SECONDS = 5.0


def _answer(view, style: int) -> None:
    """Answer one question: 0 right at once, 1 wrong then right, 2 wrong (each type's
    ``bench_answer``, in lessonkit/quiztypes/)."""
    kind_of(view.question).bench_answer(view, style)


def answered(course) -> dict[str, list[dict]]:
    """Notebook -> three saved files made through the real quiz widget (right, wrong then right, wrong)."""
    seeds: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for notebook in sorted(course.quizzes):
            seeds[notebook] = []
            for style in range(3):
                course.answer_books.pop(notebook, None)
                widget = quiz(course, notebook, save_dir=tmp)
                for view in widget.questions:
                    _answer(view, style)
                seeds[notebook].append(widget.results())
    return seeds


def make_class(folder: Path, students: int, seeds: dict[str, list[dict]]) -> int:
    """``students`` files per notebook with a quiz in ``folder``; returns the number of notebooks."""
    for notebook, made in seeds.items():
        for number in range(students):
            saved = dict(made[number % 3], name=f"Student {number + 1:03d}")
            (folder / f"answers-{notebook}-s{number + 1:03d}.json").write_text(json.dumps(saved), encoding="utf-8")
    return len(seeds)


def measure(students: int, repeat: int = 3, course=None, seeds=None) -> tuple[float, int, int]:
    """(fastest seconds for the report, notebooks, page bytes) for ``students`` per notebook."""
    course = course or load_course()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "answers"
        folder.mkdir()
        notebooks = make_class(folder, students, seeds or answered(course))
        guide = classreport.read_outcomes()
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            report = classreport.build(folder, Path(tmp) / "out", course, guide)
            best = min(best, time.perf_counter() - started)
        return best, notebooks, report.html.stat().st_size


def rows(
    students: int = 200, size_for: int = 30, files: int = 1200, repeat: int = 3
) -> list[tuple[str, str, str, bool | None]]:
    """(what, value, target, ok) lines for tools/bench.py. The module has quizzes in five
    notebooks, so 200 x 6 (``files``) is also measured as that many files over five."""
    course = load_course()
    seeds = answered(course)
    seconds, notebooks, _ = measure(students, repeat, course, seeds)
    more = -(-files // notebooks)
    seconds_more, _, _ = measure(more, repeat, course, seeds)
    _, _, size = measure(size_for, 1, course, seeds)
    library = classreport.PLOTLY_JS.stat().st_size
    return [
        (
            f"class report, {students} students x {notebooks} notebooks",
            f"{seconds:.2f} s",
            f"< {TARGET_SECONDS:.0f} s",
            seconds < TARGET_SECONDS,
        ),
        (
            f"class report, {more * notebooks} files ({more} x {notebooks}; 200 x 6 = {files})",
            f"{seconds_more:.2f} s",
            f"< {TARGET_SECONDS:.0f} s",
            seconds_more < TARGET_SECONDS,
        ),
        (
            f"class report page, {size_for} students x {notebooks} notebooks",
            (
                f"{size / 1e6:.2f} MB ({(size - library) / 1e3:.0f} KB "
                f"without the {library / 1e6:.1f} MB of plotly.js inside)"
            ),
            "reported",
            None,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--size-for", type=int, default=30)
    args = parser.parse_args(argv)
    for what, value, target, ok in rows(args.students, args.size_for):
        print(f"{what}: {value} (target {target}){'' if ok is None else ' PASS' if ok else ' OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
