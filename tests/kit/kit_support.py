"""What the kit's tests share: the module's data folder, and answering a question right."""

from __future__ import annotations

import json
from pathlib import Path

from lessonkit.data import DATA_DIR
from lessonkit.quiz import label_text

ROOT = DATA_DIR.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def answer_right(view, course) -> None:
    """Set a question's controls to its right answer, as a student would, from its spec."""
    question = view.question
    kind = question.type
    if kind == "single":
        view.answer_widget.value = question.correct_indexes[0]
    elif kind == "multiple":
        right = {question.options[i].text for i in question.correct_indexes}
        for box in view.choices:
            box.value = label_text(box.description) in right
    elif kind == "numeric":
        view.answer_widget.value = f"{question.answer:g}"
    elif kind == "ordering":
        right = question.correct_order(course.events)
        for box, item in zip(view.positions, view.shown_items):
            box.value = right.index(item) + 1
    elif kind == "reflection":
        view.answer_widget.value = "A reflection of several words, written by a test."
