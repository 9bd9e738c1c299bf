"""The think-first moments (``data/reveals.yaml``): each guess's question and answer, and each
key question's sentence starters and model answer, kept out of the notebooks so that no answer
sits in a cell's code, one click from the question.

:func:`read_reveals` checks the file; every problem names the file, the line and the field
(``reveals[strike_distance].answer``). :func:`entry` finds one moment for a notebook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from .problems import Problem, field_path, load_yaml, spec_problems, yaml_line
from .schemas import RevealEntry, RevealFile

if TYPE_CHECKING:
    from .data import Course

FILE = "reveals.yaml"


def _link_problems(
    entries: list[RevealEntry], root: yaml.Node, raw: Mapping, source_ids: set[str] | None, notebooks: set[str] | None
) -> list[Problem]:
    """Unique ids, one key question per notebook, notebooks with a quiz, sources that resolve."""
    problems = []

    def problem(index: int, name: str, message: str) -> None:
        loc = ("reveals", index, name)
        problems.append(Problem(FILE, yaml_line(root, loc), field_path(loc, raw), message))

    ids = Counter(e.id for e in entries)
    keys = Counter(e.notebook for e in entries if e.kind == "key_question")
    for index, e in enumerate(entries):
        if ids[e.id] > 1:
            problem(index, "id", f"expected a unique id; {e.id!r} is used {ids[e.id]} times")
        if e.kind == "key_question" and keys[e.notebook] > 1:
            problem(index, "kind", f"expected one key question per notebook; {e.notebook} has {keys[e.notebook]}")
        if notebooks is not None and e.notebook not in notebooks:
            known = ", ".join(sorted(notebooks))
            problem(
                index, "notebook", f"expected a notebook with a quiz in quizzes/ ({known}); {e.notebook!r} has none"
            )
        for sid in e.source_ids if source_ids is not None else []:
            if sid not in source_ids:
                problem(index, "source_ids", f"expected an id from sources.csv; {sid!r} is not there")
    return problems


def read_reveals(
    path: Path, source_ids: set[str] | None = None, notebooks: set[str] | None = None
) -> tuple[dict[str, RevealEntry], list[Problem]]:
    """The moments by id, and every problem (none and no moments when there is no file).
    ``source_ids``: the ids in sources.csv; ``notebooks``: the quiz names (``None``: not checked)."""
    if not path.exists():
        return {}, []
    raw, root, unreadable = load_yaml(path, FILE)
    if unreadable:
        return {}, unreadable
    try:
        spec = RevealFile.model_validate(raw)
    except ValidationError as exc:
        return {}, spec_problems(FILE, exc, raw, root)
    problems = _link_problems(spec.reveals, root, raw, source_ids, notebooks)
    return ({} if problems else {e.id: e for e in spec.reveals}), problems


def entry(course: Course, notebook: str, item_id: str, kind: str) -> RevealEntry:
    """The moment ``item_id`` of ``notebook``, of ``kind`` (``guess`` or ``key_question``), or a
    KeyError that says where to add it."""
    found = course.reveals.get(item_id)
    if found is None or found.notebook != notebook or found.kind != kind:
        mine = ", ".join(i for i, e in course.reveals.items() if e.notebook == notebook and e.kind == kind)
        raise KeyError(f"data/{FILE} has no {kind} {item_id!r} for {notebook} (it has: {mine or 'none'})")
    return found


def key_question(course: Course, notebook: str) -> RevealEntry:
    """The key question of ``notebook`` (each notebook has at most one)."""
    for found in course.reveals.values():
        if found.notebook == notebook and found.kind == "key_question":
            return found
    raise KeyError(f"data/{FILE} has no key question for {notebook}")
