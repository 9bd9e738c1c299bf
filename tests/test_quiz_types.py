"""One list of quiz question types: ``quizspec.QUESTION_TYPES``. Every other registry that
names types (the pydantic union, the widget views, the answer key's renderers and names, the
plain-words messages for missing fields) must cover exactly the same ones, so adding a type
fails here until every place knows it.
"""

from __future__ import annotations

import typing

import pytest

from lessonkit import answerkey, quiz, quizspec

TYPES = quizspec.QUESTION_TYPES


def test_each_type_name_is_its_models_type_field():
    for name, model in TYPES.items():
        assert typing.get_args(model.model_fields["type"].annotation) == (name,), model.__name__


def test_the_quiz_file_model_accepts_exactly_the_listed_types():
    union = typing.get_args(quizspec.AnyQuestion)[0]
    assert set(typing.get_args(union)) == set(TYPES.values())


def test_every_type_has_a_widget_view():
    assert set(quiz.VIEWS) == set(TYPES.values())


def test_every_type_has_an_answer_key_entry():
    assert set(answerkey.TYPE_NAMES) == set(TYPES)
    for model in TYPES.values():
        assert any(issubclass(model, handled) for handled in answerkey._ANSWERS), model.__name__


@pytest.mark.parametrize("name", sorted(TYPES))
def test_every_required_field_has_a_plain_words_message(name):
    required = [field for field, info in TYPES[name].model_fields.items() if info.is_required()]
    assert set(required) <= set(quizspec._MISSING), f"{name}: {sorted(set(required) - set(quizspec._MISSING))}"
