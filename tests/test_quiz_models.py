"""The quiz builds few widget models: the browser builds every one of them, one message and one
view each, and a lesson's quiz was most of a page's models (bench: 03 was 2.05x the floor).

Rule: a question's widgets share their Layout and Style models (:class:`lessonkit.quiz.Looks`);
a question owns at most one of its own (the Show answer button's layout, which changes alone).
Fixture: tests/fixtures/quiz_models/per_option_layout.py gives each option a Layout; it fails."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import ipywidgets as widgets
import pytest

from lessonkit import load_course, quiz
from lessonkit.paths import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "quiz_models" / "per_option_layout.py"
#: Every widget model a whole lesson quiz may build, per question (measured: 10-15 shared, 22-33 before).
MAX_MODELS_PER_QUESTION = 16
#: Layout or Style models a question may own, not shared with the rest of its quiz.
MAX_OWN_LOOKS = 1


def models(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget, its layout and style, and the same for every child, depth first."""
    yield widget
    for name in ("layout", "style"):
        if widget.has_trait(name):
            yield getattr(widget, name)
    for child in getattr(widget, "children", ()):
        yield from models(child)


def own_looks(q: quiz.Quiz) -> dict[str, int]:
    """question id -> how many Layout/Style models that question makes instead of taking the quiz's shared ones."""
    shared = {id(m) for m in vars(q.looks).values()}
    return {
        v.question.id: len({m.model_id for m in models(v.widget) if _is_look(m) and id(m) not in shared})
        for v in q.questions
    }


def _is_look(model: widgets.Widget) -> bool:
    return isinstance(model, widgets.Layout) or type(model).__name__.endswith("Style")


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT / "data")


def built(course, name: str) -> tuple[quiz.Quiz, int]:
    """A lesson's quiz and how many widget models building it made."""
    course.answer_books.pop(name, None)
    before = set(widgets.widgets.widget._instances)
    q = quiz.quiz(course, name)
    return q, len(set(widgets.widgets.widget._instances) - before)


@pytest.mark.parametrize("name", ["01_background", "03_trade_and_energy", "06_review"])
def test_a_quiz_builds_few_models_per_question(course, name):
    q, count = built(course, name)
    assert count <= MAX_MODELS_PER_QUESTION * len(q.questions), (
        f"{name}: {count} widget models for {len(q.questions)} questions"
    )
    assert {qid: n for qid, n in own_looks(q).items() if n > MAX_OWN_LOOKS} == {}


def test_a_layout_per_option_is_refused(course, monkeypatch):
    spec = importlib.util.spec_from_file_location("per_option_layout", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    view_for = quiz.view_for
    monkeypatch.setattr(quiz, "view_for", lambda q: module.PerOptionLayoutView if q.type == "multiple" else view_for(q))
    q, _ = built(course, "04_border_people_region")
    assert any(n > MAX_OWN_LOOKS for n in own_looks(q).values())
