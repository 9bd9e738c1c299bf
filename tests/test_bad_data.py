"""Bad-input tests: each broken data set in fixtures/bad_data gives exactly its expected messages."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bad_data_support import FIXTURES, broken_folder
from lessonkit.data import DataError, load_course, validate_folder

FAULTS = sorted(p.name for p in (FIXTURES / "bad_data").iterdir())
ROOT = Path(__file__).resolve().parents[1]


def expected(fault: str, folder: Path) -> list[str]:
    text = (FIXTURES / "bad_data" / fault / "expected.txt").read_text(encoding="utf-8")
    return text.replace("{folder}", str(folder)).splitlines()


def test_there_are_at_least_twenty_faults():
    assert len(FAULTS) >= 20


def test_the_valid_set_has_no_problems():
    _, problems = validate_folder(FIXTURES / "good_data")
    assert problems == []


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_gives_its_message(fault, tmp_path):
    folder = broken_folder(fault, tmp_path)
    _, problems = validate_folder(folder)
    assert [str(p) for p in problems] == expected(fault, folder)


def test_load_course_raises_with_every_problem(tmp_path):
    folder = broken_folder("unknown_source_id", tmp_path)
    with pytest.raises(DataError) as caught:
        load_course(folder)
    assert [str(p) for p in caught.value.problems] == expected("unknown_source_id", folder)
    assert "make check" in str(caught.value)


def run_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lessonkit.check", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT / "notebooks",
        timeout=120,
    )


def test_check_command_names_file_row_and_field_and_fails(tmp_path):
    result = run_check(broken_folder("latitude_out_of_range", tmp_path))
    assert result.returncode == 1
    assert "places.csv:2: lat: expected a latitude from 5 to 42" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_command_passes_on_valid_data():
    result = run_check(FIXTURES / "good_data")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Data OK")


def test_notebook_shows_short_message_not_a_traceback(tmp_path):
    """In IPython (as in a notebook) a DataError prints its problems, not a traceback wall."""
    folder = broken_folder("bad_date", tmp_path)
    code = f"from lessonkit import load_course; load_course({str(folder)!r})"
    result = subprocess.run(
        [sys.executable, "-m", "IPython", "--colors=NoColor", "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT / "notebooks",
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert "events.csv:2: start_date: expected a date as YYYY-MM-DD" in output
    assert "Traceback" not in output and "File " not in output
    assert len(output.strip().splitlines()) <= 5


def test_a_table_a_module_may_lack_can_hold_only_its_header(tmp_path):
    """A module on another event may have no quotes, claims, trade figures or power lines."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "good_data", folder)
    for name in ("claims.csv", "quotes.csv", "trade.csv", "lines.csv"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    _, problems = validate_folder(folder)
    assert problems == []
