"""The quiz widget, driven as a student drives it: choose, press Check, read the feedback."""

import datetime as dt
import json
import random
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets
import pytest

from lessonkit import answers
from lessonkit.answerbar import DownloadButton
from lessonkit.data import load_course
from lessonkit.quiz import KEYBOARD_HELP, Quiz, label_text, quiz
from quiz_support import quiz_folder
from run_support import tool_env

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_course(tmp_path_factory):
    return load_course(quiz_folder(tmp_path_factory.mktemp("quiz")))


@pytest.fixture
def sample(sample_course, tmp_path) -> Quiz:
    return quiz(sample_course, "01_sample", save_dir=tmp_path)


def question(q: Quiz, qid: str):
    return next(v for v in q.questions if v.question.id == qid)


def tick(view, *labels: str) -> None:
    """Tick the multiple-choice boxes with these labels."""
    for box in view.choices:
        box.value = label_text(box.description) in labels


def order(view, *headlines: str) -> None:
    """Give each event the position of its headline in ``headlines``."""
    for box in view.positions:
        box.value = headlines.index(label_text(box.description)) + 1


def visible(button: widgets.Button) -> bool:
    return button.layout.display != "none"


def score(q: Quiz) -> str:
    return q.score.value


# --- single choice ---------------------------------------------------------------------------


def test_single_right(sample):
    view = question(sample, "documents_signed")
    view.answer_widget.label = "8"
    view.check_button.click()
    assert "✓</span> Correct.</strong> Yes: Eight documents were signed" in view.feedback.value
    assert "Source: Dawn, 24 Apr 2024." in view.feedback.value
    assert "1 of 4 scored questions answered correctly so far." in score(sample)
    assert view.tries == 1 and not visible(view.show_answer_button)


def test_single_wrong_then_retry_right(sample):
    view = question(sample, "documents_signed")
    view.answer_widget.label = "12"
    view.check_button.click()
    assert "✗</span> Not quite:</strong> Twelve MoUs were signed during President Pezeshkian" in view.feedback.value
    assert "Change your answer and press Check to try again." in view.feedback.value
    assert "0 of 4 scored questions answered correctly so far." in score(sample)
    view.answer_widget.label = "8"
    view.check_button.click()
    assert "Correct." in view.feedback.value and view.tries == 2
    assert "1 of 4 scored questions answered correctly so far." in score(sample)
    assert not visible(view.show_answer_button)  # right on the second try: nothing to show


def test_single_unanswered_counts_no_try(sample):
    view = question(sample, "documents_signed")
    view.check_button.click()
    assert view.feedback.value == '<div role="alert"><p>Choose an answer first.</p></div>'
    assert view.tries == 0 and view.correct is None
    assert "0 of 4" in score(sample)


# --- show answer after two tries, for every scored type ---------------------------------------

WRONG = {
    "documents_signed": lambda v: setattr(v.answer_widget, "label", "5"),
    "january_events": lambda v: tick(v, "President Raisi's visit to Pakistan"),
    "border_km": lambda v: setattr(v.answer_widget, "value", "559"),
    "crisis_order": lambda v: order(
        v,
        "Pakistani strikes near Saravan",
        "Pakistan recalls its ambassador from Iran",
        "Iranian strikes in Panjgur district",
    ),
}
SOLUTION = {
    "documents_signed": "“8”: Eight documents were signed",
    "january_events": "“Pakistani strikes near Saravan”: Pakistan struck targets near Saravan on 18 January.",
    "border_km": "The answer is 909 km (answers from 899 to 919 count).",
    "crisis_order": "<ol><li>16 January 2024: Iranian strikes in Panjgur district</li>"
    "<li>17 January 2024: Pakistan recalls its ambassador from Iran</li>"
    "<li>18 January 2024: Pakistani strikes near Saravan</li></ol>",
}


@pytest.mark.parametrize("qid", sorted(WRONG))
def test_show_answer_appears_after_two_tries(sample, qid):
    view = question(sample, qid)
    WRONG[qid](view)
    view.check_button.click()
    assert "Not quite:" in view.feedback.value
    assert not visible(view.show_answer_button)
    view.check_button.click()
    assert visible(view.show_answer_button)
    view.show_answer_button.click()
    assert "<strong>The answer:</strong>" in view.feedback.value
    assert SOLUTION[qid] in view.feedback.value
    assert "Answer shown for 1." in score(sample)
    assert (
        f'Question {view.number}: <span aria-hidden="true">✗</span> Not quite yet (2 tries); answer shown'
        in sample.summary.value
    )


# --- multiple choice ---------------------------------------------------------------------------


def test_multiple_all_right(sample):
    view = question(sample, "january_events")
    tick(
        view,
        "Iranian strikes in Panjgur district",
        "Pakistan recalled its ambassador from Iran",
        "Pakistani strikes near Saravan",
    )
    view.check_button.click()
    assert "Correct.</strong> Yes: you found all 3 correct options." in view.feedback.value
    assert view.feedback.value.count("Fits") == 3
    assert "1 of 4" in score(sample)


def test_multiple_partial_explains_each_choice(sample):
    view = question(sample, "january_events")
    tick(
        view,
        "Iranian strikes in Panjgur district",
        "Pakistani strikes near Saravan",
        "President Raisi's visit to Pakistan",
    )
    view.check_button.click()
    text = view.feedback.value
    assert "Not quite:</strong> you found 2 of 3 correct options and chose 1 that does not fit:" in text
    assert (
        "✓</span> Fits: “Iranian strikes in Panjgur district”: Iran struck targets in Panjgur district on 16 January."
        in text
    )
    assert (
        "✗</span> Does not fit: “President Raisi's visit to Pakistan”: The visit came later, on 22–24 April 2024."
        in text
    )
    assert "Pakistan recalled its ambassador on 17 January" not in text  # the missed one is not given away
    assert view.correct is False and "0 of 4" in score(sample)


def test_multiple_partial_without_wrong_choices(sample):
    view = question(sample, "january_events")
    tick(view, "Iranian strikes in Panjgur district")
    view.check_button.click()
    assert "Not quite:</strong> you found 1 of 3 correct options:" in view.feedback.value


def test_multiple_unanswered_counts_no_try(sample):
    view = question(sample, "january_events")
    view.check_button.click()
    assert "Choose an answer first." in view.feedback.value and view.tries == 0


# --- numeric ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["909", "905", "918.5", " 900 km", "909,0", "9.1e2"])
def test_numeric_right_within_tolerance(sample, typed):
    view = question(sample, "border_km")
    view.answer_widget.value = typed
    view.check_button.click()
    assert "Correct.</strong> Yes: The Factbook gives 909 km" in view.feedback.value
    assert "The answer is 909 km (answers from 899 to 919 count)." in view.feedback.value


@pytest.mark.parametrize(
    "typed, said",
    [("1,000", "1,000 km is too high."), ("559", "559 km is too low."), ("898.5", "898.5 km is too low.")],
)
def test_numeric_wrong_says_which_way(sample, typed, said):
    view = question(sample, "border_km")
    view.answer_widget.value = typed
    view.check_button.click()
    assert f"Not quite:</strong> {said}</p>" not in view.feedback.value  # the hint follows in the same paragraph
    assert f"Not quite:</strong> {said} Look at the chart of border lengths" in view.feedback.value
    assert view.correct is False


@pytest.mark.parametrize("typed", ["", "   ", "about nine hundred"])
def test_numeric_not_a_number_counts_no_try(sample, typed):
    view = question(sample, "border_km")
    view.answer_widget.value = typed
    view.check_button.click()
    assert "Type a number first, for example 12.5." in view.feedback.value and view.tries == 0


def test_numeric_box_is_labelled_with_the_unit(sample):
    assert question(sample, "border_km").answer_widget.description == "Your answer (km)"


# --- ordering ---------------------------------------------------------------------------------


def test_ordering_right_shows_the_dates(sample):
    view = question(sample, "crisis_order")
    order(
        view,
        "Iranian strikes in Panjgur district",
        "Pakistan recalls its ambassador from Iran",
        "Pakistani strikes near Saravan",
    )
    view.check_button.click()
    assert "Correct.</strong> Yes: Iran struck first" in view.feedback.value
    assert SOLUTION["crisis_order"] in view.feedback.value


def test_ordering_wrong_counts_events_in_place(sample):
    view = question(sample, "crisis_order")
    order(
        view,
        "Iranian strikes in Panjgur district",
        "Pakistani strikes near Saravan",
        "Pakistan recalls its ambassador from Iran",
    )
    view.check_button.click()
    assert (
        "Not quite:</strong> 1 of 3 events are in the right place. "
        "Pakistan recalled its ambassador before it struck back."
    ) in view.feedback.value


def test_ordering_needs_every_position_once(sample):
    view = question(sample, "crisis_order")
    view.positions[0].value = 1
    view.check_button.click()
    assert "Choose a position for every event first." in view.feedback.value
    for box in view.positions:
        box.value = 1
    view.check_button.click()
    assert "Give each event a different position (each number once)." in view.feedback.value
    assert view.tries == 0


def test_ordering_labels_each_drop_down_with_its_event(sample):
    view = question(sample, "crisis_order")
    assert sorted(box.description for box in view.positions) == [
        "Iranian strikes in Panjgur district",
        "Pakistan recalls its ambassador from Iran",
        "Pakistani strikes near Saravan",
    ]
    assert [label for label, _ in view.positions[0].options] == ["Choose", "1", "2", "3"]


# --- reflection -------------------------------------------------------------------------------


def test_reflection_is_kept_not_scored_and_shows_guidance(sample):
    view = question(sample, "reflect_accounts")
    view.check_button.click()
    assert "Write your thoughts first, then press Save my thoughts." in view.feedback.value
    view.answer_widget.value = "I would compare reports from both sides."
    view.check_button.click()
    view.check_button.click()
    assert view.check_button.description == "Save my thoughts"
    assert (
        "<strong>Saved</strong> (kept, not scored). Something to compare with: Say who claims what"
        in view.feedback.value
    )
    assert "Not quite" not in view.feedback.value and "Correct" not in view.feedback.value
    assert not visible(view.show_answer_button)
    assert "0 of 4 scored questions answered correctly so far." in score(sample)
    assert f"Question {view.number}: your own words, not scored." in score(sample)  # why "of 4" of 5
    assert f"Question {view.number}: Saved (not scored)" in sample.summary.value


# --- score, summary, no printing ---------------------------------------------------------------


def answer_everything_right(q: Quiz) -> None:
    question(q, "documents_signed").answer_widget.label = "8"
    tick(
        question(q, "january_events"),
        "Iranian strikes in Panjgur district",
        "Pakistan recalled its ambassador from Iran",
        "Pakistani strikes near Saravan",
    )
    question(q, "border_km").answer_widget.value = "909"
    order(
        question(q, "crisis_order"),
        "Iranian strikes in Panjgur district",
        "Pakistan recalls its ambassador from Iran",
        "Pakistani strikes near Saravan",
    )
    question(q, "reflect_accounts").answer_widget.value = "Compare both accounts."
    for view in q.questions:
        view.check_button.click()


def test_score_and_summary_follow_the_answers(sample, capsys):
    assert "0 of 4 scored questions answered correctly so far." in score(sample)
    assert "Question 1: Not checked yet" in sample.summary.value
    answer_everything_right(sample)
    assert "4 of 4 scored questions answered correctly so far." in score(sample)
    assert 'Question 1: <span aria-hidden="true">✓</span> Correct (1 try)' in sample.summary.value
    assert "Summary for this notebook" in sample.summary.value
    assert capsys.readouterr() == ("", "")  # feedback goes to widget values, never to print()


def test_feedback_is_a_live_alert_with_words_not_colour_alone(sample):
    view = question(sample, "documents_signed")
    view.answer_widget.label = "5"
    view.check_button.click()
    assert view.feedback.value.startswith('<div role="alert">')
    assert "✗</span> Not quite:" in view.feedback.value
    assert "color" not in view.feedback.value


# --- shuffling --------------------------------------------------------------------------------


def shown_orders(q: Quiz) -> dict[str, list[str]]:
    return {
        "documents_signed": [label for label, _ in question(q, "documents_signed").answer_widget.options],
        "january_events": [box.description for box in question(q, "january_events").choices],
        "crisis_order": [box.description for box in question(q, "crisis_order").positions],
    }


def test_shuffle_is_seeded_by_question_id(sample_course):
    first, second = shown_orders(quiz(sample_course, "01_sample")), shown_orders(quiz(sample_course, "01_sample"))
    assert first == second
    spec = sample_course.quizzes["01_sample"]
    expected = list(range(3))
    random.Random("documents_signed").shuffle(expected)
    assert first["documents_signed"] == [spec.questions[0].options[i].text for i in expected]


def test_shuffle_is_the_same_in_another_process():
    """Python's string hashing is randomised per process; the order must not depend on it."""
    code = (
        "from pathlib import Path; import tempfile;"
        "from quiz_support import quiz_folder; from lessonkit.data import load_course; from lessonkit.quiz import quiz;"
        "q = quiz(load_course(quiz_folder(Path(tempfile.mkdtemp()))), '01_sample');"
        "print([label for label, _ in q.questions[0].answer_widget.options], [b.description for b in q.questions[1].choices])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=tool_env(PYTHONHASHSEED=seed),
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_shuffle_false_keeps_file_order(tmp_path):
    text = (quiz_folder(tmp_path / "a") / "quizzes" / "01_sample.yaml").read_text(encoding="utf-8")
    course = load_course(quiz_folder(tmp_path / "b", {"02_fixed": "shuffle: false\n" + text}))
    shown = shown_orders(quiz(course, "02_fixed"))
    assert shown["documents_signed"] == ["8", "12", "5"]
    assert shown["crisis_order"] == [
        "Pakistani strikes near Saravan",
        "Iranian strikes in Panjgur district",
        "Pakistan recalls its ambassador from Iran",
    ]
    assert shown_orders(quiz(course, "01_sample")) != shown  # the shuffled quiz really is shuffled


# --- saving -------------------------------------------------------------------------------------


def test_save_writes_valid_json(sample, tmp_path):
    answer_everything_right(sample)
    question(sample, "border_km").answer_widget.value = "700"  # changed after checking: saved as it stands
    sample.name_field.value = "Amina Khan"
    sample.save()
    path = tmp_path / "answers-01_sample-Amina-Khan.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["notebook"] == "01_sample" and saved["name"] == "Amina Khan"
    assert dt.datetime.fromisoformat(saved["saved_at"]).tzinfo is not None
    assert (saved["answered_correctly"], saved["scored_questions"]) == (3, 4)
    assert saved["format"] == 3
    by_id = {r["id"]: r for r in saved["questions"]}
    assert by_id["documents_signed"] == {
        "id": "documents_signed",
        "type": "single",
        "answer": "8",
        "correct": True,
        "tries": 1,
        "answer_shown": False,
        "attempts": [{"answer": "8", "correct": True}],
    }
    assert sorted(by_id["january_events"]["answer"]) == [
        "Iranian strikes in Panjgur district",
        "Pakistan recalled its ambassador from Iran",
        "Pakistani strikes near Saravan",
    ]
    assert (by_id["border_km"]["answer"], by_id["border_km"]["correct"]) == ("700", False)
    assert by_id["crisis_order"]["answer"] == ["strike_panjgur", "ambassador_recall", "strike_saravan"]
    assert (by_id["reflect_accounts"]["answer"], by_id["reflect_accounts"]["correct"]) == (
        "Compare both accounts.",
        None,
    )
    assert "✓</span> Saved</strong> for Amina Khan: answers-01_sample-Amina-Khan.json" in sample.save_status.value


def test_save_keeps_every_try_in_order(sample, tmp_path):
    """Format 2: what was checked each time, so a class report sees first tries and wrong options."""
    single, numeric, multiple = (question(sample, qid) for qid in ("documents_signed", "border_km", "january_events"))
    for label in ("12", "5", "8"):
        single.answer_widget.label = label
        single.check_button.click()
    single.show_answer_button.click()
    numeric.answer_widget.value = "559 km"
    numeric.check_button.click()
    numeric.answer_widget.value = "1,000"
    numeric.check_button.click()
    numeric.answer_widget.value = "about nine hundred"  # not a number: no try, nothing recorded
    numeric.check_button.click()
    tick(multiple, "Pakistani strikes near Saravan", "President Raisi's visit to Pakistan")
    multiple.check_button.click()
    sample.save()
    by_id = {
        r["id"]: r for r in json.loads((tmp_path / "answers-01_sample.json").read_text(encoding="utf-8"))["questions"]
    }
    assert by_id["documents_signed"]["attempts"] == [
        {"answer": "12", "correct": False},
        {"answer": "5", "correct": False},
        {"answer": "8", "correct": True},
    ]
    assert (by_id["documents_signed"]["tries"], by_id["documents_signed"]["answer_shown"]) == (3, True)
    assert by_id["border_km"]["attempts"] == [{"answer": 559.0, "correct": False}, {"answer": 1000.0, "correct": False}]
    assert by_id["border_km"]["answer"] == "about nine hundred"  # the box as it stands; attempts hold numbers
    assert by_id["january_events"]["attempts"] == [
        {"answer": ["Pakistani strikes near Saravan", "President Raisi's visit to Pakistan"], "correct": False}
    ]
    assert by_id["crisis_order"]["attempts"] == [] and by_id["crisis_order"]["tries"] == 0


def test_save_without_name_and_unanswered_questions(sample, tmp_path):
    sample.save()
    saved = json.loads((tmp_path / "answers-01_sample.json").read_text(encoding="utf-8"))
    assert [r["answer"] for r in saved["questions"]] == [None] * 5
    assert [r["correct"] for r in saved["questions"]] == [None] * 5


def test_save_includes_what_the_student_wrote_outside_the_quiz(sample_course, sample, tmp_path):
    sample_course.answer_books.pop("01_sample", None)
    book = answers.book(sample_course, "01_sample")
    guess = widgets.Textarea(value="Maybe <b>both</b> sides")
    book.add("strikes_guess", "guess", "Who struck first?", guess)
    book.add("strikes_guess", "guess", "Who struck first?", guess)  # a re-run cell replaces, never doubles
    fresh = quiz(sample_course, "01_sample", save_dir=tmp_path)
    fresh.save()
    saved = json.loads((tmp_path / "answers-01_sample.json").read_text(encoding="utf-8"))
    assert saved["written"] == [
        {
            "id": "strikes_guess",
            "kind": "guess",
            "prompt": "Who struck first?",
            "text": "Maybe <b>both</b> sides",
            "skipped": False,
            "revealed": False,
        }
    ]
    with pytest.raises(ValueError, match="kind 'hunch' is not one of"):
        book.add("x", "hunch", "?", guess)
    sample_course.answer_books.pop("01_sample")


@pytest.mark.parametrize("where", ["missing_folder", "a_file"])
def test_save_to_an_unwritable_place_reports_and_keeps_answers(sample_course, tmp_path, where):
    (tmp_path / "a_file").write_text("not a folder")
    q = quiz(sample_course, "01_sample", save_dir=tmp_path / where)
    question(q, "reflect_accounts").answer_widget.value = "My careful thoughts."
    q.save()
    assert "✗</span> Could not save</strong> to" in q.save_status.value
    assert "Your answers are still here in the notebook." in q.save_status.value
    assert question(q, "reflect_accounts").answer_widget.value == "My careful thoughts."
    assert q.answers_text.layout.display != "none"
    assert json.loads(q.answers_text.value)["questions"][4]["answer"] == "My careful thoughts."
    q.book.open_folder(tmp_path)
    q.save()  # once it can be written, the copy box goes away
    assert "Saved</strong>" in q.save_status.value and q.answers_text.layout.display == "none"


def test_student_name_is_escaped_and_kept_out_of_the_path(sample, tmp_path):
    sample.name_field.value = "<script>alert(1)</script>/../x"
    sample.save()
    assert "<script>" not in sample.save_status.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;/../x" in sample.save_status.value
    assert [p.name for p in tmp_path.iterdir()] == ["answers-01_sample-script-alert-1-script-x.json"]


# --- safety and accessibility -----------------------------------------------------------------


class Elements(HTMLParser):
    """Every element (tag and attributes) in a piece of HTML."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_html_and_script_in_quiz_text_are_neutralised(tmp_path):
    course = load_course(
        quiz_folder(
            tmp_path,
            {
                "02_hostile": """\
        title: "Hostile <script>alert('title')</script>"
        lesson_rules: false
        questions:
          - id: hostile
            type: single
            skill: recall
            prompt: |
              <script>alert('prompt')</script> <img src=x onerror="alert(1)">
              A [link](javascript:alert(1)) and **bold** text. ![remote](https://example.com/x.png)
            source_ids: [dawn_wrapup]
            options:
              - text: "<b onclick='alert(1)'>right</b>"
                correct: true
                feedback: "<iframe src='https://example.com'></iframe> Yes *indeed*."
              - text: wrong
                feedback: "<style>body{display:none}</style>No."
        """
            },
        )
    )
    q = quiz(course, "02_hostile")
    view = q.questions[0]
    view.answer_widget.label = "<b onclick='alert(1)'>right</b>"  # option labels are shown as plain text
    view.check_button.click()
    view.show_answer_button.layout.display = None
    view.show_answer_button.click()
    elements = Elements()
    elements.feed(q.children[0].value + view.prompt.value + view.feedback.value)
    assert {tag for tag, _ in elements.found} <= {"h3", "h4", "p", "em", "strong", "div", "span"}
    assert all(
        not name.startswith("on") and "javascript" not in (value or "")
        for _, attrs in elements.found
        for name, value in attrs
    )
    assert "&lt;script&gt;alert('prompt')&lt;/script&gt;" in view.prompt.value  # shown as text, not run
    assert "<strong>bold</strong>" in view.prompt.value and "<em>indeed</em>" in view.feedback.value


def test_every_control_has_a_visible_label_and_a_tooltip(sample):
    controls = []

    def walk(w):
        if isinstance(w, widgets.Box):
            for child in w.children:
                walk(child)
        elif isinstance(
            w,
            (
                widgets.Button,
                widgets.Checkbox,
                widgets.RadioButtons,
                widgets.Dropdown,
                widgets.Text,
                widgets.Textarea,
                DownloadButton,
            ),
        ):
            controls.append(w)

    walk(sample)
    # 5 x (Check, Show answer), radio, 4 boxes, number box, 3 drop-downs, text area; name, Download, copy box
    assert len(controls) == 23
    controls = [
        c if not isinstance(c, DownloadButton) else widgets.Button(description=c.label, tooltip=c.hint)
        for c in controls
    ]
    for control in controls:
        assert control.description.strip(), control
        assert control.tooltip and control.tooltip.strip(), control


def test_header_says_how_to_use_the_keyboard_and_that_it_is_not_a_test(sample):
    header = sample.children[0].value
    assert "Tab" in KEYBOARD_HELP and "Space" in KEYBOARD_HELP and KEYBOARD_HELP in header
    assert "A self-check, not a test" in header
    assert "<h3>Check your understanding: the January 2024 crisis</h3>" in header


def test_quiz_lists_its_source_ids(sample):
    assert sample.source_ids == ["dawn_wrapup", "cbc_reuters_2024_01_17"]


def test_plain_text_form_is_short_and_stable(sample):
    """What nbval and plain-text viewers see instead of the widget."""
    assert sample._repr_mimebundle_()["text/plain"] == (
        "Self-check quiz '01_sample': Check your understanding: the January 2024 crisis (5 questions)"
    )


def test_unknown_notebook_name_says_which_quizzes_exist(sample_course):
    with pytest.raises(KeyError, match=r"No quiz named '09_nope' in data/quizzes \(found: 01_sample\)"):
        quiz(sample_course, "09_nope")
