"""The environment pins: exact, and the same for Binder as for the root."""

import re
import shutil
from pathlib import Path

import pytest

from lessonkit.paths import ROOT
from tools.lock import LOCKS, locked, problems


def pins(path: Path) -> dict[str, str]:
    lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    return dict(line.split("==", 1) for line in lines if line and not line.startswith("-r"))


def test_root_requirements_are_exact_pins():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    loose = [line for line in lines if line and "==" not in line]
    assert not loose, f"requirements.txt has unpinned lines: {loose}"


def test_binder_installs_the_run_lock():
    """repo2docker reads binder/requirements.txt: it is the run lock, byte for byte."""
    assert (ROOT / "binder" / "requirements.txt").read_text() == (ROOT / "requirements.lock").read_text(), (
        "binder/requirements.txt differs from requirements.lock: run make lock"
    )


@pytest.mark.parametrize(("lock", "source"), LOCKS.items())
def test_lock_agrees_with_its_requirements(lock, source):
    """Every direct pin is locked at the same version, every package has a hash, the inputs hash matches."""
    assert not problems(ROOT / lock, ROOT / source)


def test_dev_lock_keeps_the_run_locks_versions():
    dev, run = locked(ROOT / "requirements-dev.lock"), locked(ROOT / "requirements.lock")
    assert {name: dev.get(name, ("missing",))[0] for name in run} == {name: v for name, (v, _) in run.items()}


def test_a_stale_or_loose_lock_is_caught(tmp_path):
    """The fixture that breaks the rule: an edited pin, a package without a hash, an edited input."""
    for name in ("requirements.txt", "requirements.lock"):
        shutil.copyfile(ROOT / name, tmp_path / name)
    assert not problems(tmp_path / "requirements.lock", tmp_path / "requirements.txt")
    lock = tmp_path / "requirements.lock"
    lock.write_text(re.sub(r"(?m)^(plotly==\S+) \\\n(    --hash=\S+ \\\n)*    --hash=\S+\n", r"\1\n", lock.read_text()))
    assert problems(lock, tmp_path / "requirements.txt") == ["requirements.lock: plotly has no hash"]
    source = tmp_path / "requirements.txt"
    source.write_text(source.read_text().replace("plotly==", "plotly==0.").replace("# Exact", "# exact"))
    found = problems(lock, source)
    assert any("inputs hash differs" in p for p in found), found
    assert any("plotly==" in p and "pins 0." in p for p in found), found


def test_dev_requirements_are_exact_pins_and_include_root():
    text = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in text
    assert all("==" in p or p.startswith("-r") for p in (line.split("#")[0].strip() for line in text.splitlines()) if p)


def test_binder_runtime_names_a_python_version():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime


#: This project's own code (lessonkit, installed in editable mode by the Makefile; the tools and test helpers).
OWN_PACKAGES = {"lessonkit", "tools"}


def imported_distributions(folders: list[Path]) -> dict[str, set[str]]:
    """Installed distribution name (lower case) -> the files importing it, for every top-level import."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in folder.rglob("*.py"):
            if "fixtures" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in OWN_PACKAGES:
                        continue
                    for dist in owners.get(top, []):
                        found.setdefault(dist.lower(), set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_every_package_lessonkit_imports_is_pinned_for_running():
    pinned = {name.lower() for name in pins(ROOT / "requirements.txt")}
    used = imported_distributions([ROOT / "notebooks" / "lessonkit"])
    assert used, "no imports found"
    missing = {dist: sorted(files) for dist, files in used.items() if dist not in pinned}
    assert not missing, f"imported by lessonkit but not pinned in requirements.txt: {missing}"


def test_every_package_the_tools_and_tests_import_is_pinned():
    pinned = {name.lower() for name in pins(ROOT / "requirements.txt") | pins(ROOT / "requirements-dev.txt")}
    used = imported_distributions([ROOT / "tools", ROOT / "tests"])
    missing = {dist: sorted(files)[:3] for dist, files in used.items() if dist not in pinned}
    assert not missing, f"imported but pinned in neither requirements file: {missing}"
