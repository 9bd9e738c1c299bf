"""claims_table(reveal=False): the fact-check activity shows claims before their verdicts."""

from lessonkit import tables
from featured_support import featuring


def test_claims_table_can_hide_the_verdicts_until_students_have_predicted(course):
    course = featuring(course, "claims", ["plane_crash", "pilgrims"], "05:test")
    hidden = tables.claims_table(course, lesson="05", table="test", reveal=False)
    shown = tables.claims_table(course, lesson="05", table="test")
    assert list(hidden.columns) == ["Claim", "source_ids"]
    assert not {"Verdict", "Why", "What the sources support"} & set(hidden.columns)
    assert list(hidden["Claim"]) == list(shown["Claim"]) and list(hidden.index) == list(shown.index)
    assert list(shown["Verdict"]) == ["wrong", "accurate"]
