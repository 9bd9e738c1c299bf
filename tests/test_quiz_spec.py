"""Quiz files: the sample loads into Course.quizzes; each broken file gives exactly its message."""

import shutil
import pytest

from lessonkit.data import DataError, Problem, load_course, validate_folder
from lessonkit.quizspec import (
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    QuizSpec,
    ReflectionQuestion,
    SingleQuestion,
)
from quiz_support import FIXTURES, quiz_folder

BAD = FIXTURES / "bad_quizzes"


def P(fault: str, field: str | None, message: str, row: int | None = None) -> Problem:
    """The problem a fixture in bad_quizzes must give (its file name is the fault)."""
    return Problem(f"quizzes/{fault}", row, field, message)


EXPECTED = {
    "unknown_type.yaml": [
        P(
            "unknown_type.yaml",
            "questions[border_choice].type",
            "expected a type, one of: single, multiple, numeric, ordering, reflection (found 'truefalse')",
        )
    ],
    "no_correct_option.yaml": [
        P(
            "no_correct_option.yaml",
            "questions[border_length].options",
            "expected at least one option with correct: true",
        )
    ],
    "two_correct_in_single.yaml": [
        P(
            "two_correct_in_single.yaml",
            "questions[border_length].options",
            "expected exactly one option with correct: true for a single-choice question "
            "(use type: multiple when several are right)",
        )
    ],
    "option_without_feedback.yaml": [
        P(
            "option_without_feedback.yaml",
            "questions[border_length].options[2].feedback",
            "expected feedback for this option (every option needs feedback, right or wrong)",
        )
    ],
    "misspelt_field.yaml": [
        P(
            "misspelt_field.yaml",
            "questions[border_length].options[1].feedback",
            "expected feedback for this option (every option needs feedback, right or wrong)",
        ),
        P(
            "misspelt_field.yaml",
            "questions[border_length].options[1].feeback",
            "expected only the fields text, correct, feedback (check the spelling of 'feeback')",
        ),
    ],
    "only_one_option.yaml": [
        P("only_one_option.yaml", "questions[border_length].options", "expected at least 2 options")
    ],
    "missing_prompt.yaml": [
        P("missing_prompt.yaml", "questions[border_length].prompt", "expected a prompt (the question's text)")
    ],
    "duplicate_ids.yaml": [
        P(
            "duplicate_ids.yaml",
            "questions[border_length].id",
            "expected a unique id; 'border_length' is already used by question 1",
        )
    ],
    "unknown_source_id.yaml": [
        P(
            "unknown_source_id.yaml",
            "questions[border_length].source_ids",
            "expected an id from sources.csv; 'cia_factbook' is not there",
        )
    ],
    "no_source_ids.yaml": [
        P(
            "no_source_ids.yaml",
            "questions[reflect_border].source_ids",
            "expected source_ids (a list of ids from sources.csv)",
        )
    ],
    "numeric_without_tolerance.yaml": [
        P(
            "numeric_without_tolerance.yaml",
            "questions[border_km].tolerance",
            "expected a tolerance: how far from the answer still counts as right (e.g. 0.5)",
        )
    ],
    "numeric_without_unit.yaml": [
        P(
            "numeric_without_unit.yaml",
            "questions[border_km].unit",
            "expected a unit, shown with the answer box (e.g. km)",
        )
    ],
    "negative_tolerance.yaml": [
        P("negative_tolerance.yaml", "questions[border_km].tolerance", "expected a number no smaller than 0")
    ],
    "answer_not_a_number.yaml": [P("answer_not_a_number.yaml", "questions[border_km].answer", "expected a number")],
    "ordering_item_not_an_event.yaml": [
        P(
            "ordering_item_not_an_event.yaml",
            "questions[crisis_order].items",
            "expected an event id from events.csv; 'strike_quetta' is not there",
        )
    ],
    "ordering_item_repeated.yaml": [
        P("ordering_item_repeated.yaml", "questions[crisis_order].items", "expected each event id only once")
    ],
    "question_without_id.yaml": [
        P("question_without_id.yaml", "questions[1].id", "expected an id (lower case with _, unique in the file)")
    ],
    "id_with_spaces.yaml": [
        P(
            "id_with_spaces.yaml",
            "questions[Border Length].id",
            "expected an id of lower-case letters, digits and _ (e.g. 'dawn_2024_04_24')",
        )
    ],
    "no_questions.yaml": [P("no_questions.yaml", "questions", "expected at least 1 question")],
    "not_yaml.yaml": [
        P(
            "not_yaml.yaml",
            None,
            "expected valid YAML; found unexpected end of stream (column 1), "
            "while scanning a quoted scalar on line 5, column 13",
            row=8,
        )
    ],
    "bad_indentation.yaml": [
        P(
            "bad_indentation.yaml",
            None,
            "expected valid YAML; expected <block end>, but found "
            "'<block mapping start>' (column 4), while parsing a block collection on line 3, column 3",
            row=5,
        )
    ],
    "empty_file.yaml": [P("empty_file.yaml", None, "expected a quiz (title and questions); the file is empty")],
    "top_level_list.yaml": [
        P("top_level_list.yaml", None, "expected a quiz: a mapping with title, shuffle (optional) and questions")
    ],
    "wrong_encoding.yaml": [P("wrong_encoding.yaml", None, "expected UTF-8 text (save the file as UTF-8)", row=5)],
    "wrong_extension.yml": [P("wrong_extension.yml", None, "expected the name to end in .yaml (this file is ignored)")],
    # every question declares what it asks the student to do
    "no_skill.yaml": [
        P(
            "no_skill.yaml",
            "questions[reflect_border].skill",
            "expected a skill, one of: recall, sourcing, reasoning, transfer, calculation, reflection",
        )
    ],
    "unknown_skill.yaml": [
        P(
            "unknown_skill.yaml",
            "questions[border_km].skill",
            "expected a skill, one of: recall, sourcing, reasoning, transfer, calculation, reflection (found 'memory')",
        )
    ],
    "reflection_skill_on_a_number.yaml": [
        P(
            "reflection_skill_on_a_number.yaml",
            "questions[border_km].skill",
            "expected a skill other than reflection (only reflection questions have it)",
        )
    ],
    # the rules of a lesson quiz
    "single_with_three_options.yaml": [
        P(
            "single_with_three_options.yaml",
            "questions[documents_signed].options",
            "expected at least 4 options in a single-choice question (found 3): with fewer, guessing is too easy",
        )
    ],
    "multiple_mostly_right.yaml": [
        P(
            "multiple_mostly_right.yaml",
            "questions[january_events].options",
            "expected at most 60% of the options to be right (found 3 of 4): add options that do not fit",
        )
    ],
    "too_much_recall.yaml": [
        P(
            "too_much_recall.yaml",
            "questions",
            "expected at most 40% recall questions (at most 2 of 5); "
            "found 3: documents_signed, border_km, crisis_order",
        )
    ],
    "one_transfer_question.yaml": [
        P(
            "one_transfer_question.yaml",
            "questions",
            "expected at least 2 transfer questions (the ideas applied to material the "
            "student has not seen); found 1: rate_headline",
        )
    ],
    "question_without_section.yaml": [
        P(
            "question_without_section.yaml",
            "questions[rate_headline_again].section",
            "expected the section (the heading of the Core section the question tests)",
        )
    ],
}


def test_every_fixture_has_its_expected_problems_and_there_are_enough():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


def test_sample_quiz_loads_into_course(tmp_path):
    course = load_course(quiz_folder(tmp_path))
    spec = course.quizzes["01_sample"]
    assert isinstance(spec, QuizSpec) and spec.shuffle is True
    assert [type(q) for q in spec.questions] == [
        SingleQuestion,
        MultipleQuestion,
        NumericQuestion,
        OrderingQuestion,
        ReflectionQuestion,
    ]
    assert spec.source_ids == ["dawn_wrapup", "cbc_reuters_2024_01_17"]
    assert spec.questions[3].correct_order(course.events) == ["strike_panjgur", "ambassador_recall", "strike_saravan"]
    assert [q.scored for q in spec.questions] == [True, True, True, True, False]


def test_a_folder_without_quizzes_has_none():
    assert not (FIXTURES / "good_data" / "quizzes").exists(), "good_data must stay a folder without quizzes"
    frames, problems = validate_folder(FIXTURES / "good_data")
    assert problems == []
    assert frames["quizzes"] == {}


@pytest.mark.parametrize("fault", sorted(EXPECTED))
def test_each_broken_quiz_gives_its_message(fault, tmp_path):
    folder = quiz_folder(tmp_path)
    shutil.copy(BAD / fault, folder / "quizzes" / fault)
    frames, problems = validate_folder(folder)
    assert problems == EXPECTED[fault]
    assert set(frames["quizzes"]) == {"01_sample"}  # the broken file is left out, the good one kept


def test_load_course_raises_with_the_quiz_problem(tmp_path):
    folder = quiz_folder(tmp_path)
    shutil.copy(BAD / "no_correct_option.yaml", folder / "quizzes")
    with pytest.raises(DataError) as caught:
        load_course(folder)
    assert (
        "quizzes/no_correct_option.yaml: questions[border_length].options: "
        "expected at least one option with correct: true" in str(caught.value)
    )


def test_ordering_events_that_could_be_in_either_order_are_refused(tmp_path):
    folder = quiz_folder(
        tmp_path,
        {
            "02_vague": """\
        title: Vague dates
        questions:
          - id: vague_order
            type: ordering
            skill: recall
            prompt: Put these in order.
            items: [strike_panjgur, january]
            feedback_correct: Yes.
            feedback_incorrect: No.
            source_ids: [dawn_wrapup]
        """
        },
    )
    with (folder / "events.csv").open("a", encoding="utf-8") as events:
        events.write(
            "january,2024-01,,January 2024,Tension in January,Tension rises.,crisis,,no,,VERIFIED,dawn_wrapup\n"
        )
    _, problems = validate_folder(folder)
    assert problems == [
        Problem(
            "quizzes/02_vague.yaml",
            None,
            "questions[vague_order].items",
            "expected events with a clear order; 'strike_panjgur' (2024-01-16) and 'january' "
            "(2024-01) could have happened in either order",
        )
    ]


def test_source_ids_are_not_checked_against_a_broken_sources_table(tmp_path):
    """One bad sources.csv row is reported once, not again for every quiz question citing it."""
    folder = quiz_folder(tmp_path)
    sources = folder / "sources.csv"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("https://www.cbc.ca", "www.cbc.ca"), encoding="utf-8"
    )
    _, problems = validate_folder(folder)
    assert [p.file for p in problems] == ["sources.csv"]


def test_numbers_in_text_fields_are_read_as_text(tmp_path):
    """``text: 8`` (unquoted, so YAML reads a number) is the option text "8", not an error."""
    course = load_course(
        quiz_folder(
            tmp_path,
            {
                "02_count": """\
        title: Count
        lesson_rules: false
        questions:
          - id: documents
            type: single
            skill: recall
            prompt: How many documents were signed on 22 April 2024?
            source_ids: [dawn_wrapup]
            options:
              - {text: 8, correct: true, feedback: Eight.}
              - {text: 12.5, feedback: Not a count.}
        """
            },
        )
    )
    assert [o.text for o in course.quizzes["02_count"].questions[0].options] == ["8", "12.5"]


def test_shuffle_false_is_read(tmp_path):
    course = load_course(
        quiz_folder(
            tmp_path,
            {
                "02_fixed": """\
        title: Fixed order
        shuffle: false
        lesson_rules: false
        questions:
          - id: reflect
            type: reflection
            skill: reflection
            prompt: Why?
            guidance: Because.
            source_ids: [dawn_wrapup]
        """
            },
        )
    )
    assert course.quizzes["02_fixed"].shuffle is False
