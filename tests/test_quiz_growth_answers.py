"""The growth-rate quiz answers follow the data: if trade.csv changes, these fail.

03_trade_and_energy asks for the rate from Iran's baseline, 06_review from Pakistan's, both to the
older $5 billion target, so that the growth calculator (which prints the rate for the
$10 billion target) helps students try rates without printing the answer.
"""

import pytest

from lessonkit import charts

OLDER_TARGET_USD_M = 5000
YEARS = 5


@pytest.mark.parametrize(
    "notebook, question_id, reporter",
    [
        ("03_trade_and_energy", "growth_to_older_target", "Iran"),
        ("06_review", "growth_from_pakistani_baseline", "Pakistan"),
    ],
)
def test_growth_answer_is_the_rate_the_data_gives(course, notebook, question_id, reporter):
    question = next(q for q in course.quizzes[notebook].questions if q.id == question_id)
    start = charts.baselines(course).set_index("reporter").loc[reporter, "value_usd_m"]
    required = ((OLDER_TARGET_USD_M / start) ** (1 / YEARS) - 1) * 100
    assert abs(float(question.answer) - required) <= float(question.tolerance), (question.answer, required)
