"""The growth-rate quiz answers follow the data: if trade.csv or the target changes, these fail.

03_trade_and_energy asks for the rate from Iran's baseline, 06_review from Pakistan's; both are
the rates charts.baselines computes (what the growth calculator shows students).
"""

import pytest

from lessonkit import charts


@pytest.mark.parametrize(
    "notebook, question_id, reporter",
    [
        ("03_trade_and_energy", "growth_to_ten_billion", "Iran"),
        ("06_review", "growth_from_pakistani_baseline", "Pakistan"),
    ],
)
def test_growth_answer_is_the_rate_the_data_gives(course, notebook, question_id, reporter):
    question = next(q for q in course.quizzes[notebook].questions if q.id == question_id)
    required = charts.baselines(course).set_index("reporter").loc[reporter, "required_pct"]
    assert abs(question.answer - required) <= question.tolerance / 2, (question.answer, required)
