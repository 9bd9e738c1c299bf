"""The one call a lesson notebook starts with."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from .answers import KernelBooks
from .data import Course, load_course
from .sources import checked_up_to

#: The notebook's answer books, kept for the kernel's lifetime: re-running the setup cell
#: loads the data again but keeps every box already written in (and its saving).
_KERNEL_ANSWER_BOOKS = KernelBooks()


def open_course(data_dir: Path | str | None = None) -> Course:
    """Load and validate ``data/`` for a notebook, and set pandas up to show its tables.

    Table text is shown in full (pandas cuts cells at 50 characters by default) and amounts
    such as "$2 bn … $10 bn" are not typeset as maths in JupyterLab (pandas marks its HTML
    tables ``tex2jax_ignore``). These two pandas display options are the only settings changed.
    Every course it opens shares the kernel's answer books, which save in the notebook's folder
    (see :mod:`lessonkit.answers`).
    """
    pd.set_option("display.max_colwidth", None, "display.html.use_mathjax", False)
    _KERNEL_ANSWER_BOOKS.folder = _KERNEL_ANSWER_BOOKS.folder or Path.cwd()  # the notebook's folder
    return dataclasses.replace(load_course(data_dir), answer_books=_KERNEL_ANSWER_BOOKS)


class Overview(str):
    """Plain text that shows as itself (no quotes) as the last line of a cell."""

    def __repr__(self) -> str:
        return str(self)


def overview(data_dir: Path | str | None = None) -> Overview:
    """Load and check ``data/``, and say in five lines what the module holds and how recent and
    checked its facts are (00's first cell)."""
    course = load_course(data_dir)
    events = course.events.sort_values("start")
    questions = sum(len(spec.questions) for spec in course.quizzes.values())
    return Overview(
        f"{len(events)} dated events, from {events['display_date'].iloc[0]} to "
        f"{events['display_date'].iloc[-1]}\n{len(course.places)} places on the maps\n"
        f"{len(course.sources)} sources\n{questions} quiz questions in {len(course.quizzes)} quizzes\n"
        f"{checked_up_to(course, list(course.sources['id']), how=False)}"
    )
