"""lessonkit's import contracts (pyproject.toml's [tool.importlinter], run by `make lint`): they
hold today, and each one fails on a copy of lessonkit given one bad import (the fixtures)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit.paths import NOTEBOOKS_DIR, ROOT

LAYERS = "Layers: lessonkit imports downwards only"
NO_WIDGETS = "The data and schema layers never import widgets"
NO_CYCLES = "No import cycles among lessonkit's modules"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(package_parent: Path, workdir: Path) -> tuple[int, dict[str, str]]:
    """Run lint-imports on the lessonkit found in ``package_parent``; exit code and contract -> KEPT/BROKEN."""
    shutil.copyfile(ROOT / "pyproject.toml", workdir / "pyproject.toml")
    run = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=workdir,
        env={**os.environ, "PYTHONPATH": str(package_parent), "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    text = " ".join(run.stdout.split())
    found = {}
    for name in (LAYERS, NO_WIDGETS, NO_CYCLES):
        if match := re.search(re.escape(name) + r".*?\b(KEPT|BROKEN)\b", text):
            found[name] = match[1]
    assert set(found) == {LAYERS, NO_WIDGETS, NO_CYCLES}, run.stdout + run.stderr
    return run.returncode, found


def test_the_import_contracts_hold(tmp_path):
    code, found = lint_imports(NOTEBOOKS_DIR, tmp_path)
    assert code == 0 and set(found.values()) == {"KEPT"}, found


def with_import(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of lessonkit whose ``module`` ends with ``line`` inside a function (a lazy import counts)."""
    parent = tmp_path / "src"
    shutil.copytree(NOTEBOOKS_DIR / "lessonkit", parent / "lessonkit", ignore=shutil.ignore_patterns("__pycache__"))
    path = parent / "lessonkit" / f"{module}.py"
    path.write_text(path.read_text() + f"\n\ndef _bad():\n    {line}\n")
    return parent


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # the lazy import the role-play split removed (data -> the cards -> visual -> widgets)
        ("data", "from .roleplay import cards", {LAYERS, NO_WIDGETS}),
        # a two-module cycle (problems imports schemas)
        ("schemas", "from . import problems", {LAYERS, NO_CYCLES}),
    ],
)
def test_a_bad_import_breaks_its_contract(tmp_path, module, line, broken):
    code, found = lint_imports(with_import(tmp_path, module, line), tmp_path)
    assert code == 1
    assert {name for name, state in found.items() if state == "BROKEN"} == broken, found


#: Folders whose files may edit sys.path: the fixture notebooks (run from tests/fixtures/…), and what is not ours.
SYS_PATH_ALLOWED = ("tests/fixtures/", "node_modules/", ".venv/", "build/")
SYS_PATH_EDIT = re.compile(r"sys\.path\s*(\.(insert|append|extend)\b|\[[^\]]*\]\s*=|\+=)")


def sys_path_edits(root: Path) -> list[str]:
    """Files under ``root`` (Python and notebooks, outside SYS_PATH_ALLOWED) that edit sys.path."""
    found = []
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.ipynb")]):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith(SYS_PATH_ALLOWED) and SYS_PATH_EDIT.search(path.read_text(encoding="utf-8")):
            found.append(relative)
    return found


def test_no_file_edits_sys_path():
    """CONTRIBUTING's rule: lessonkit is found beside the lessons, installed, or on PYTHONPATH."""
    assert sys_path_edits(ROOT) == []


def test_a_file_that_edits_sys_path_is_found(tmp_path):
    (tmp_path / "instructors").mkdir()
    edit = "sys.path" + '.insert(0, \\"..\\")'  # split, so this file does not match itself
    (tmp_path / "instructors" / "report.ipynb").write_text('{"source": ["' + edit + '"]}')
    (tmp_path / "tool.py").write_text("import sys\nprint(sys.path)\n")  # reading it is fine
    assert sys_path_edits(tmp_path) == ["instructors/report.ipynb"]
