"""One list of quiz question types: ``lessonkit.quiztypes.REGISTRY``. Everything that names
types reads it (the quiz file's model, the widget views, the answer key, the plain-words
messages for missing fields), so a type is complete when its one module is: a type that misses
a hook is refused when it registers (tests/fixtures/quiz_types/missing_hook.py).
"""

from __future__ import annotations

import typing

import pytest

from lessonkit import quiz, quizspec, quiztypes
from lessonkit.paths import ROOT
from lessonkit.quiztypes import base

TYPES = quizspec.QUESTION_TYPES
FIXTURES = ROOT / "tests" / "fixtures" / "quiz_types"


def test_the_built_in_types_are_registered():
    assert list(quiztypes.REGISTRY) == ["single", "multiple", "numeric", "ordering", "reflection"]
    assert dict(TYPES) == {name: kind.model for name, kind in quiztypes.REGISTRY.items()}


@pytest.mark.parametrize("name", sorted(TYPES))
def test_every_type_has_every_hook(name):
    assert quiztypes.missing_hooks(quiztypes.REGISTRY[name]) == []


def test_each_type_name_is_its_models_type_field():
    for name, model in TYPES.items():
        assert typing.get_args(model.model_fields["type"].annotation) == (name,), model.__name__


def test_the_quiz_file_model_accepts_exactly_the_listed_types():
    union = typing.get_args(quizspec.AnyQuestion)[0]
    assert set(typing.get_args(union)) == set(TYPES.values())
    assert quizspec.spec_model() is quizspec.QuizSpec


def test_every_type_has_a_widget_view():
    assert set(quiz.VIEWS) == set(TYPES.values())
    for view in quiz.VIEWS.values():
        assert issubclass(view, quiz.QuestionView)
        assert all(getattr(view, h) is not getattr(quiz.QuestionView, h) for h in base.VIEW_HOOKS), view


@pytest.mark.parametrize("name", sorted(TYPES))
def test_every_required_field_has_a_plain_words_message(name):
    required = [field for field, info in TYPES[name].model_fields.items() if info.is_required()]
    missing = quizspec._missing()
    assert set(required) <= set(missing), f"{name}: {sorted(set(required) - set(missing))}"


def test_a_type_missing_a_hook_is_refused():
    code = (FIXTURES / "missing_hook.py").read_text(encoding="utf-8")
    with pytest.raises(TypeError, match="missing key_lines, misconception"):
        exec(compile(code, "missing_hook.py", "exec"), {"__name__": "missing_hook"})
    assert "missing_hook" not in quiztypes.REGISTRY
