"""Helpers for the Iran–Pakistan teaching notebooks: data, maps, timelines, charts, quizzes.

Notebooks import this package from where they stand (it sits beside them), so nothing
needs installing. Everything here takes data and returns a figure or a widget; nothing
displays, prints or reads files as a side effect, except the loaders in :mod:`.data`.
"""

#: The kit's version: a module made with ``make new-module`` carries a copy of this package and says
#: which version it started from.
__version__ = "1.1.0"

from .data import Course, DataError, load_course
from .lesson import open_course

__all__ = ["Course", "DataError", "load_course", "open_course"]
