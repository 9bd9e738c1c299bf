"""claims_table(reveal=False): the fact-check activity shows claims before their verdicts."""

from lessonkit import tables


def test_claims_table_can_hide_the_verdicts_until_students_have_predicted(course):
    ids = ["plane_crash", "pilgrims"]
    hidden = tables.claims_table(course, ids, reveal=False)
    shown = tables.claims_table(course, ids)
    assert list(hidden.columns) == ["Claim", "source_ids"]
    assert not {"Verdict", "Why", "What the sources support"} & set(hidden.columns)
    assert list(hidden["Claim"]) == list(shown["Claim"]) and list(hidden.index) == list(shown.index)
    assert list(shown["Verdict"]) == ["wrong", "accurate"]
