"""The environment pins: exact, and the same for Binder as for the root."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(path: Path) -> dict[str, str]:
    lines = [l.split("#")[0].strip() for l in path.read_text().splitlines()]
    return dict(l.split("==", 1) for l in lines if l and not l.startswith("-r"))


def test_root_requirements_are_exact_pins():
    lines = [l.split("#")[0].strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    loose = [l for l in lines if l and "==" not in l]
    assert not loose, f"requirements.txt has unpinned lines: {loose}"


def test_binder_pins_equal_root_pins():
    assert pins(ROOT / "binder" / "requirements.txt") == pins(ROOT / "requirements.txt")


def test_dev_requirements_are_exact_pins_and_include_root():
    text = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in text
    assert all("==" in p or p.startswith("-r") for p in
               (l.split("#")[0].strip() for l in text.splitlines()) if p)


def test_binder_runtime_names_a_python_version():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
