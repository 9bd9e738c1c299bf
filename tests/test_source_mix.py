"""The module's source mix: counted from sources.csv, held to its targets, and said to students."""

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bad_data_support import FIXTURES
from lessonkit import sources
from lessonkit.data import read_table
from lessonkit.schemas import Source

ROOT = Path(__file__).resolve().parents[1]
MIX_FAULTS = sorted(p.name for p in (FIXTURES / "source_mix").iterdir())


def fixture_mix(course, name):
    rows, problems = read_table(FIXTURES / "source_mix" / name / "sources.csv", Source)
    assert problems == []
    patched = dataclasses.replace(course, sources=pd.DataFrame([r.model_dump() for _, r in rows]))
    return sources.source_mix(patched, list(patched.sources["id"]))


def test_the_shipped_sources_meet_the_targets(course):
    """At least 3 Iranian government, 30 Iranian and 5 Persian sources; Pakistani media at most 45 %."""
    assert sources.mix_problems(sources.source_mix(course)) == []


@pytest.mark.parametrize("name", MIX_FAULTS)
def test_each_mix_fixture_breaks_exactly_its_target(course, name):
    expected = (FIXTURES / "source_mix" / name / "expected.txt").read_text().splitlines()
    assert sources.mix_problems(fixture_mix(course, name)) == expected
    assert len(MIX_FAULTS) == 5 and bool(expected) == (name != "meets_targets")


def test_cited_ids_cover_every_table_and_quiz(course):
    ids = set(sources.cited_ids(course))
    for ids_in_row in course.events["source_ids"]:
        assert set(ids_in_row) <= ids
    for spec in course.quizzes.values():
        assert set(spec.source_ids) <= ids


def test_the_mix_sentence_says_what_the_counts_say(course):
    mix = sources.source_mix(course)
    text = sources.mix_sentence(course).data
    numbers = [int(n) for n in re.findall(r"\b(\d+)\b(?! ?%)", text)]
    assert mix.total in numbers and mix.iranian in numbers
    assert mix.perspectives["Iranian government"] in numbers and mix.languages["en"] in numbers
    assert "Persian" in text and "Urdu" in text
    assert f"Persian ({mix.languages['fa']})" in text
    # The groups named add up to the total (a careful reader checks), and no number runs into
    # the sentence before it ("1 to 1. 231 are…" reads as 1.231).
    groups = [int(n) for n in re.findall(r"\b(\d+) \(\d+%\)", text)]
    assert len(groups) == 4 and sum(groups) == mix.total
    assert not re.search(r"\. \d", text)


def test_the_discuss_prompt_is_item_two_with_the_computed_sentence(course):
    prompt = sources.who_tells_the_story(course).data
    assert prompt.startswith("2. **Who tells the story?** ")
    assert sources.mix_sentence(course).data in prompt and prompt.endswith("?")


def test_source_mix_counts_only_the_ids_given(course):
    fewer = dataclasses.replace(course, sources=course.sources[course.sources["language"] != "fa"])
    ids = [sid for sid in sources.cited_ids(course) if sid in set(fewer.sources["id"])]
    assert sources.source_mix(fewer, ids).languages.get("fa", 0) == 0


def test_check_prints_the_counts_by_perspective_and_language():
    result = subprocess.run(
        [sys.executable, "-m", "lessonkit.check", "--stats"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT / "notebooks",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "By perspective:" in out and "By language:" in out
    assert re.search(r"^  Iranian government: \d+", out, re.MULTILINE) and re.search(r"^  fa: \d+", out, re.MULTILINE)
    assert "Source mix:" not in out, "the shipped data meet the targets"
