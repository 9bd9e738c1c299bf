"""The environment pins: exact, and the same for Binder as for the root."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(path: Path) -> dict[str, str]:
    lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    return dict(line.split("==", 1) for line in lines if line and not line.startswith("-r"))


def test_root_requirements_are_exact_pins():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    loose = [line for line in lines if line and "==" not in line]
    assert not loose, f"requirements.txt has unpinned lines: {loose}"


def test_binder_pins_equal_root_pins():
    assert pins(ROOT / "binder" / "requirements.txt") == pins(ROOT / "requirements.txt")


def test_dev_requirements_are_exact_pins_and_include_root():
    text = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in text
    assert all("==" in p or p.startswith("-r") for p in
               (line.split("#")[0].strip() for line in text.splitlines()) if p)


def test_binder_runtime_names_a_python_version():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
