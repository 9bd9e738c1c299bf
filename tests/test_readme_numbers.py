"""The README states no number about the tests or the notebooks that nothing checks: its Tests
section gives no times, counts or sizes (they drift: "several minutes", "runs twice"), and any
notebook size range or notebook count it states elsewhere is the one on disk. Each rule is a
function returning problems; ``FAULTY`` is a README that breaks each of them."""

from __future__ import annotations

import re

from run_support import ROOT
from tools import manifest

README = ROOT / "README.md"

#: A time, a size, or a count of runs: what the Tests section must not state.
CLAIM = re.compile(
    r"\b\d+(?:[.,]\d+)?(?:[–-]\d+(?:[.,]\d+)?)?\s*(?:s|sec|seconds?|min|minutes?|KB|KiB|MB|MiB)\b"
    r"|\b(?:several|a few) minutes\b|\bunder a minute\b|\b(?:twice|three times|once or twice)\b",
    re.I,
)
SIZE_RANGE = re.compile(r"notebook size \|\s*(\d+)[–-](\d+) KB")
NOTEBOOK_COUNT = re.compile(r"over the (\d+) notebooks")

FAULTY = """# A module

## Tests

- `make test`: every notebook runs twice. Several minutes, or 780 s on 2 cores.

## Performance

| nbval over the 6 notebooks vs 6 floor copies | 1 s | |
| committed notebook size | 15–124 KB | ≤ 400 KB |
"""


def section(text: str, heading: str) -> str:
    """The text under ``## heading`` up to the next ``## `` heading."""
    found = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return found.group(1) if found else ""


def claims_in_tests_section(text: str) -> list[str]:
    return [f"the Tests section states {m.group(0)!r}" for m in CLAIM.finditer(section(text, "Tests"))]


def size_range_problems(text: str, sizes_kb: list[int]) -> list[str]:
    low, high = min(sizes_kb), max(sizes_kb)
    return [
        f"the README says notebooks are {m.group(1)}–{m.group(2)} KB; on disk {low}–{high} KB"
        for m in SIZE_RANGE.finditer(text)
        if (int(m.group(1)), int(m.group(2))) != (low, high)
    ]


def count_problems(text: str, count: int) -> list[str]:
    return [
        f"the README says {m.group(0)!r}; the manifest lists {count}"
        for m in NOTEBOOK_COUNT.finditer(text)
        if int(m.group(1)) != count
    ]


def problems(text: str) -> list[str]:
    paths = manifest.paths()
    sizes = [round(p.stat().st_size / 1024) for p in paths]
    return claims_in_tests_section(text) + size_range_problems(text, sizes) + count_problems(text, len(paths))


def test_the_readme_states_no_unchecked_number_about_tests_or_notebooks():
    found = problems(README.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)


def test_each_rule_reports_the_faulty_readme():
    found = problems(FAULTY)
    assert any("'twice'" in p for p in found), found
    assert any("'Several minutes'" in p for p in found) and any("'780 s'" in p for p in found), found
    assert any("15–124 KB" in p for p in found), found
    assert any("over the 6 notebooks" in p for p in found), found
