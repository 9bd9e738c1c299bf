"""`make bench` runs: every section of tools/bench.py measures the floor notebook alone (a tiny
case), so a broken import or a renamed API fails here instead of hiding until someone benches.
The figures themselves are never asserted (tests never time things)."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tools import bench

TINY_CLASS = {"students": 2, "size_for": 1, "files": 10, "repeat": 1}
#: section name (its start) -> the layer it belongs to: starting a kernel or a browser is not fast.
KERNEL = ("nbval", "kernel memory")
BROWSER = ("JupyterLab",)


def floor_sections(*starts: str) -> list[bench.Section]:
    found = bench.sections([bench.FLOOR], [bench.FLOOR], 1, browser=True, report_sizes=TINY_CLASS)
    return [s for s in found if s[0].startswith(starts)]


def measured(found: list[bench.Section]) -> list[bench.Row]:
    failed: list[str] = []
    # in a thread of its own: a browser test in the same worker leaves an asyncio loop running in
    # this one, and Playwright's sync API (the JupyterLab section) refuses to run inside it
    with ThreadPoolExecutor(1) as pool:
        rows = pool.submit(lambda: list(bench.run_sections(found, failed))).result()
    assert not failed, f"bench sections failed: {failed}"
    return rows


def test_every_section_is_run_by_one_of_these_tests():
    everything = [name for name, _ in floor_sections("")]
    covered = [name for name, _ in floor_sections(*KERNEL, *BROWSER, "committed size", "class report", "virtualenv")]
    assert len(everything) == 6 and covered == everything


@pytest.mark.full
def test_the_sections_without_kernel_or_browser_measure_the_floor(capsys):
    rows = measured(floor_sections("committed size", "class report", "virtualenv"))
    assert rows[-1].value != "0 MiB", "du measured the .venv symlink, not the folder"
    assert [r.what.split(",")[0] for r in rows] == [
        "size",
        "class report",
        "class report",
        "class report page",
        "virtualenv size (.venv)",
    ]
    assert "size, floor" in capsys.readouterr().out  # printed as soon as measured, before any table


def test_a_failing_section_is_reported_and_the_next_one_runs(capsys):
    def broken():
        raise ModuleNotFoundError("No module named 'class_report_bench'")

    failed: list[str] = []
    rows = list(bench.run_sections([("broken", broken), *floor_sections("committed size")], failed))
    assert failed == ["broken"] and [r.what for r in rows] == ["size, floor (committed)"]
    assert "class_report_bench" in capsys.readouterr().err


@pytest.mark.full
@pytest.mark.kernel
def test_the_kernel_sections_measure_the_floor():
    rows = measured(floor_sections(*KERNEL))
    assert [r.ok for r in rows] == [True, True, None, None]  # the floor against itself: a ratio near 1
    assert rows[-1].value == "0 (floor 0)"  # the floor opens no widget


@pytest.mark.full
@pytest.mark.kernel
@pytest.mark.browser
def test_the_jupyterlab_section_measures_the_floor():
    rows = measured(floor_sections(*BROWSER))
    assert [r.what for r in rows] == ["first figure, floor", "all cells done, floor"]
