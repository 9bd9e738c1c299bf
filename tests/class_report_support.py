"""A class of synthetic students who answer the sample quiz by driving the real quiz widget
(set a value, press Check, save), as tests/test_quiz_widget.py does."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from lessonkit import answers
from lessonkit.quiz import Quiz, label_text, quiz

#: What each student does, question by question: the answers checked in order.
#: documents_signed (single; right: "8"), january_events (multiple; right: the three January events),
#: border_km (numeric; right: 909 ± 10), crisis_order (ordering), reflect_accounts (reflection).
JANUARY = (
    "Iranian strikes in Panjgur district",
    "Pakistan recalled its ambassador from Iran",
    "Pakistani strikes near Saravan",
)
RAISI = "President Raisi's visit to Pakistan"
RIGHT_ORDER = (
    "Iranian strikes in Panjgur district",
    "Pakistan recalls its ambassador from Iran",
    "Pakistani strikes near Saravan",
)
WRONG_ORDER = (
    "Pakistani strikes near Saravan",
    "Iranian strikes in Panjgur district",
    "Pakistan recalls its ambassador from Iran",
)

CLASS = {
    "Amina Khan": {
        "documents_signed": ["12", "8"],
        "january_events": [JANUARY],
        "border_km": ["559", "909"],
        "crisis_order": [RIGHT_ORDER],
        "reflect_accounts": "Compare both governments' statements.",
        "key_question": "Both sides wanted calm.",
    },
    "Bilal": {
        "documents_signed": ["12", "5", "8"],
        "january_events": [(*JANUARY[:2], RAISI), JANUARY],
        "border_km": ["559", "559"],
        "crisis_order": [WRONG_ORDER, RIGHT_ORDER],
        "reflect_accounts": "<script>alert('x')</script> **bold** [link](javascript:alert(1))\n# heading",
    },
    "Cyrus": {
        "documents_signed": ["8"],
        "january_events": [JANUARY],
        "border_km": ["905"],
        "crisis_order": [RIGHT_ORDER],
        "key_question": "Trade & <b>energy</b>.",
    },
    "Darya": {"documents_signed": ["12"], "border_km": ["1,000"]},
}


def _tick(view, labels) -> None:
    for box in view.choices:
        box.value = label_text(box.description) in labels


def _order(view, headlines) -> None:
    for box in view.positions:
        box.value = headlines.index(label_text(box.description)) + 1


def drive(q: Quiz, plan: dict) -> None:
    """Answer ``q`` as ``plan`` says, pressing Check after each answer."""
    views = {v.question.id: v for v in q.questions}
    for qid, tries in plan.items():
        view = views.get(qid)
        if view is None:
            continue
        if qid == "reflect_accounts":
            view.answer_widget.value = tries
            view.check_button.click()
            continue
        for answer in tries:
            if qid == "documents_signed":
                view.answer_widget.label = answer
            elif qid == "january_events":
                _tick(view, answer)
            elif qid == "border_km":
                view.answer_widget.value = answer
            else:
                _order(view, answer)
            view.check_button.click()
        if len(tries) >= 2 and view.show_answer_button.layout.display != "none" and qid == "border_km":
            view.show_answer_button.click()


def save_class(course, folder: Path, students: dict[str, dict] = CLASS, notebook: str = "01_sample") -> list[Path]:
    """Each student answers in a fresh quiz (with a key-question box in the answer book) and saves."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, plan in students.items():
        course.answer_books.pop(notebook, None)
        box = widgets.Textarea(value=plan.get("key_question", ""))
        answers.book(course, notebook).add(
            "key_question", "key_question", "Why did the two governments make up so fast?", box
        )
        session = folder / ".sessions" / name  # each student in their own session, the file handed in
        session.mkdir(parents=True, exist_ok=True)
        q = quiz(course, notebook, save_dir=session)
        drive(q, plan)
        q.name_field.value = name
        path = q.save()
        paths.append(path.rename(folder / path.name))
    course.answer_books.pop(notebook, None)
    return paths


def save_any_quiz(course, folder: Path, notebook: str, name: str, right_first: bool) -> Path:
    """Answer every single-choice question of a real quiz (wrong then right, or right at once) and save."""
    course.answer_books.pop(notebook, None)
    session = folder / ".sessions" / name  # each student in their own session, the file handed in
    session.mkdir(parents=True, exist_ok=True)
    q = quiz(course, notebook, save_dir=session)
    for view in q.questions:
        if view.question.type == "single":
            right = view.question.correct_indexes[0]
            if not right_first:
                view.answer_widget.value = (right + 1) % len(view.question.options)
                view.check_button.click()
            view.answer_widget.value = right
            view.check_button.click()
    q.name_field.value = name
    saved = q.save()
    path = saved.rename(folder / saved.name)
    course.answer_books.pop(notebook, None)
    return path
