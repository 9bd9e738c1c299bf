"""lessonkit.text: the shared formatters (one of each, used by figures, quizzes, the answer key
and the source lists)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lessonkit import answerkey, quiz, sources, text, visual


def test_dates_and_numbers_as_people_write_them():
    assert text.long_date("2024-04-22") == "22 April 2024"
    assert text.short_date(dt.date(2024, 4, 24)) == "24 Apr 2024"
    assert text.short_date(None) is None and text.short_date(pd.NaT) is None
    assert [text.format_number(v) for v in (1000, 12.5, 0.25)] == ["1,000", "12.5", "0.25"]
    assert text.counted(1, "event") == "1 event" and text.counted(3, "event") == "3 events"
    assert text.sentence_list(["a", "b", "c"]) == "a, b and c"
    assert text.sentence(" Done ") == "Done." and text.present("  ") is None


def test_quiz_feedback_and_answer_key_cite_a_source_with_the_same_date(course):
    source_id = course.sources.dropna(subset=["published"])["id"].iloc[0]
    label = text.source_label(course, source_id)
    when = text.short_date(course.source(source_id)["published"])
    assert when and label.endswith(when)
    assert f", {when}, <" in answerkey._citation(course, source_id)


def test_the_old_import_places_are_the_same_functions():
    """Modules being edited elsewhere keep importing these from where they used to be."""
    assert quiz.format_number is text.format_number and quiz.source_label is text.source_label
    assert visual.long_date is text.long_date and visual.sentence_list is text.sentence_list
    assert sources.long_date is text.long_date
