"""The module's source mix: counted from sources.csv, held to its targets, and said to students."""

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bad_data_support import FIXTURES
from lessonkit import sources
from lessonkit.data import read_table
from lessonkit.mixtargets import read_targets
from lessonkit.schemas import Source

ROOT = Path(__file__).resolve().parents[1]
MIX_FAULTS = sorted(p.name for p in (FIXTURES / "source_mix").iterdir())
BAD_FILES = sorted(p.stem for p in (FIXTURES / "bad_source_mix").glob("*.yaml"))


def fixture_mix(course, name):
    """The mix of a fixture's sources.csv; each line of its citations.txt is one citing row (the
    ids it cites, separated by ;), and without that file every source is cited once."""
    folder = FIXTURES / "source_mix" / name
    rows, problems = read_table(folder / "sources.csv", Source)
    assert problems == []
    patched = dataclasses.replace(course, sources=pd.DataFrame([r.model_dump() for _, r in rows]))
    ids = list(patched.sources["id"])
    cites_file = folder / "citations.txt"
    cites = [line.split(";") for line in cites_file.read_text().split()] if cites_file.exists() else [[i] for i in ids]
    return sources.source_mix(patched, ids, cites)


def test_the_shipped_sources_meet_the_targets(course):
    """The targets in data/source_mix.yaml: Iranian government, Iranian and Persian floors, a
    ceiling on Pakistani media, and both sides' shares of citations."""
    assert course.mix_targets is not None and len(course.mix_targets.targets) == 6
    assert sources.mix_problems(sources.source_mix(course), course.mix_targets) == []


@pytest.mark.parametrize("name", MIX_FAULTS)
def test_each_mix_fixture_breaks_exactly_its_target(course, name):
    expected = (FIXTURES / "source_mix" / name / "expected.txt").read_text().splitlines()
    assert sources.mix_problems(fixture_mix(course, name), course.mix_targets) == expected
    assert len(MIX_FAULTS) == 7 and bool(expected) == (name != "meets_targets")


def test_no_targets_file_means_no_warnings(course):
    assert sources.mix_problems(fixture_mix(course, "too_few_persian"), None) == []


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_broken_targets_file_names_its_line_and_field(name):
    _, problems = read_targets(FIXTURES / "bad_source_mix" / f"{name}.yaml")
    expected = (FIXTURES / "bad_source_mix" / f"{name}.txt").read_text().splitlines()
    assert [str(p) for p in problems] == expected


def test_check_reports_a_broken_targets_file(tmp_path):
    """make check fails on a broken source_mix.yaml, as on any broken data file."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(FIXTURES / "bad_source_mix" / "unknown_perspective.yaml", tmp_path / "data" / "source_mix.yaml")
    result = run_check(str(tmp_path / "data"))
    assert result.returncode == 1 and "source_mix.yaml:5: sides[2].perspectives" in result.stderr


def test_check_warns_on_a_missed_target_and_still_passes(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    targets = (tmp_path / "data" / "source_mix.yaml").read_text().replace("at_least: 3\n", "at_least: 300\n", 1)
    (tmp_path / "data" / "source_mix.yaml").write_text(targets)
    result = run_check(str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "Source mix (source_mix.yaml): expected at least 300 Iranian government sources, found 3" in result.stdout


def test_citations_count_each_source_once_per_citing_thing(course):
    cites = sources.citations(course)
    assert all(len(ids) == len(set(ids)) for ids in cites)
    questions = sum(len(q.questions) for q in course.quizzes.values())
    assert len(cites) >= questions + len(course.events)  # every event and question cites a source
    mix = sources.source_mix(course)
    assert mix.citation_total == sum(len(ids) for ids in cites) and mix.citation_total > mix.total


def test_cited_ids_cover_every_table_and_quiz(course):
    ids = set(sources.cited_ids(course))
    for ids_in_row in course.events["source_ids"]:
        assert set(ids_in_row) <= ids
    for spec in course.quizzes.values():
        assert set(spec.source_ids) <= ids


def test_the_mix_sentence_says_what_the_counts_say(course):
    """Both measures, for both sides: the sources counted once each, and their share of citations."""
    mix = sources.source_mix(course)
    text = sources.mix_sentence(course).data
    pakistani, iranian = (side.perspectives for side in course.mix_targets.sides)
    numbers = [int(n) for n in re.findall(r"\b(\d+)\b(?! ?%)", text)]
    assert mix.total in numbers and mix.citation_total in numbers and mix.languages["en"] in numbers
    assert f"{mix.count(pakistani)} ({mix.share(pakistani):.0%}) Pakistani" in text
    assert f"{mix.count(iranian)} ({mix.share(iranian):.0%}) Iranian" in text
    assert f"Pakistani sources carry {mix.citation_share(pakistani):.0%} of citations" in text
    assert f"Iranian sources {mix.citation_share(iranian):.0%}" in text
    ratio = mix.citation_share(pakistani) / mix.citation_share(iranian)
    assert f"about {ratio:.1f} Pakistani citations for each Iranian one" in text
    assert f"Persian ({mix.languages['fa']})" in text and "Urdu" in text
    # The groups named add up to the total (a careful reader checks), and no number runs into
    # the sentence before it ("1 to 1. 231 are…" reads as 1.231).
    groups = [int(n) for n in re.findall(r"\b(\d+) \(\d+%\)", text)]
    assert len(groups) == 4 and sum(groups) == mix.total
    assert not re.search(r"\. \d", text)


def test_the_mix_sentence_compares_the_sides_the_data_names(course):
    swapped = dataclasses.replace(
        course, mix_targets=course.mix_targets.model_copy(update={"sides": course.mix_targets.sides[::-1]})
    )
    text = sources.mix_sentence(swapped).data
    assert "Iranian sources carry" in text and "Pakistani citations for each" not in text
    with pytest.raises(ValueError, match=r"source_mix\.yaml"):
        sources.mix_sentence(dataclasses.replace(course, mix_targets=None))


def test_the_discuss_prompt_is_item_two_with_the_computed_sentence(course):
    prompt = sources.who_tells_the_story(course).data
    assert prompt.startswith("2. **Who tells the story?** ")
    assert sources.mix_sentence(course).data in prompt and prompt.endswith("?")


def test_source_mix_counts_only_the_ids_given(course):
    fewer = dataclasses.replace(course, sources=course.sources[course.sources["language"] != "fa"])
    ids = [sid for sid in sources.cited_ids(course) if sid in set(fewer.sources["id"])]
    assert sources.source_mix(fewer, ids).languages.get("fa", 0) == 0


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lessonkit.check", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT / "notebooks",
        timeout=120,
    )


def test_check_prints_the_counts_by_perspective_and_language():
    result = run_check("--stats")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "By perspective:" in out and "By language:" in out and "Citations (" in out
    assert re.search(r"^  Iranian government: \d+", out, re.MULTILINE) and re.search(r"^  fa: \d+", out, re.MULTILINE)
    assert "Source mix" not in out, "the shipped data meet the targets"
