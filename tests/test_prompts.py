"""Think first, then reveal: guesses and key-question answers are saved with the quiz, and an
answer is nowhere in the widget until its button is pressed."""

import json

import pandas as pd

from lessonkit import prompts, quiz

NOTEBOOK = "01_background"


def test_guesses_and_key_question_answers_land_in_the_saved_file(course, tmp_path):
    course.answer_books.pop(NOTEBOOK, None)
    ask = prompts.prompts(course, NOTEBOOK)
    guess = ask.guess("capitals", "How far apart are Tehran and Islamabad?", answer="About **1,990 km**.")
    key = ask.key_question(
        "How did they go from strikes to a visit?", model_answer="Both stepped back.", frame="Both governments said…"
    )
    guess.box.value = "About 1,000 km <script>alert(1)</script>"
    key.box.value = "Both said they hit armed groups."
    self_check = quiz.quiz(course, NOTEBOOK, save_dir=tmp_path)
    self_check.save()
    saved = json.loads(next(tmp_path.glob("answers-01_background*.json")).read_text(encoding="utf-8"))
    assert saved["written"] == [
        {
            "id": "capitals",
            "kind": "guess",
            "prompt": "How far apart are Tehran and Islamabad?",
            "text": "About 1,000 km <script>alert(1)</script>",
            "skipped": False,
            "revealed": False,
        },
        {
            "id": "key_question",
            "kind": "key_question",
            "prompt": "How did they go from strikes to a visit?",
            "text": "Both said they hit armed groups.",
            "skipped": False,
            "revealed": False,
        },
    ]
    assert key.box.placeholder == "Both governments said…" and key.box.description == "Your answer"
    course.answer_books.pop(NOTEBOOK)


def test_an_answer_is_shown_only_after_its_button_is_pressed(course):
    course.answer_books.pop(NOTEBOOK, None)
    guess = prompts.prompts(course, NOTEBOOK).guess("x", "A question?", answer="The answer is **42**.")
    assert guess.reveal.answer.value == "" and "42" not in repr(guess)
    guess.reveal.button.click()
    assert "<strong>42</strong>" in guess.reveal.answer.value and 'aria-live="polite"' in guess.reveal.answer.value
    assert guess.reveal.button.disabled
    course.answer_books.pop(NOTEBOOK)


def test_pages_without_widgets_get_the_answer_in_a_closed_details(course):
    """The offline handouts print a reveal from its output's text/html: closed, escaped; a guess
    with nothing to reveal has no text/html (the handout shows its note instead)."""
    course.answer_books.pop(NOTEBOOK, None)
    ask = prompts.prompts(course, NOTEBOOK)
    printed = ask.guess("x", "A question?", answer="The answer is **42** <b>!</b>")._repr_mimebundle_()["text/html"]
    assert printed.startswith("<details><summary>Show the answer</summary>") and "<details open" not in printed
    assert "<strong>42</strong> &lt;b&gt;!&lt;/b&gt;" in printed
    assert "text/html" not in ask.guess("y", "Another?")._repr_mimebundle_()
    verdicts = prompts.reveal(pd.DataFrame({"Claim": ["c"], "source_ids": [["s"]]}), "Show the verdicts")
    assert verdicts._repr_mimebundle_()["text/html"].startswith("<details><summary>Show the verdicts</summary><table")
    course.answer_books.pop(NOTEBOOK)


def test_a_revealed_table_is_escaped_and_shows_no_source_ids():
    table = pd.DataFrame({"Claim": ["<b>bold</b> claim"], "source_ids": [["dawn_2024_04_22"]]})
    shown = prompts.reveal(table, "Show the verdicts")
    assert shown.source_ids == ["dawn_2024_04_22"]
    assert shown.answer.value == ""
    shown.button.click()
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in shown.answer.value and "dawn_2024_04_22" not in shown.answer.value


def test_the_box_does_not_repeat_its_question(course):
    """The Markdown cell above asks (a structure rule checks that it does); the widget only says
    where the answer goes, and keeps the question as the box's tooltip and in the saved file."""
    course.answer_books.pop("02_the_visit", None)
    written = prompts.prompts(course, "02_the_visit").guess("y", "Is 1 < 2 & 3 > 2?")
    assert written.children[0].value == prompts.SAVED_NOTE and "Is 1" not in written.children[0].value
    assert written.box.tooltip == "Your guess: Is 1 < 2 & 3 > 2?"  # a title attribute: shown as text
    course.answer_books.pop("02_the_visit")
