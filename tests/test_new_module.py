"""``make new-module``: a module on another event, made from the kit, that checks and tests clean
with nothing from this repository beside it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit import __version__
from tools.new_module import KIT_FILES, new_module

ROOT = Path(__file__).resolve().parents[1]
TITLE = 'A visit <in> "quotes" & 2025'


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "PYTHONPATH": f"{cwd / 'notebooks'}:{cwd}"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def module(tmp_path_factory) -> Path:
    return new_module(tmp_path_factory.mktemp("kit") / "module", TITLE)


def test_the_module_has_what_the_issue_names(module):
    for path in (
        "README.md",
        "Makefile",
        ".ci/run",
        "binder/requirements.txt",
        "binder/runtime.txt",
        "requirements.txt",
        "requirements-dev.txt",
        "data/events.csv",
        "data/quizzes/01_background.yaml",
        "notebooks/01_background.ipynb",
        "notebooks/02_the_event.ipynb",
        "notebooks/lessonkit/__init__.py",
        "tests/test_kit_data.py",
        "tools/refresh_notebooks.py",
    ):
        assert (module / path).exists(), path
    readme = (module / "README.md").read_text()
    assert readme.startswith(f"# {TITLE}\n") and __version__ in readme
    for target in ("lab:", "test:", "test-fast:", "check:"):
        assert f"\n{target}" in (module / "Makefile").read_text()


def test_the_module_stands_alone(module):
    text = "\n".join(p.read_text(errors="ignore") for p in module.rglob("*") if p.is_file() and p.suffix != ".json")
    assert str(ROOT) not in text, "the new module names this repository's folder"
    assert all((module / there).exists() for _, there in KIT_FILES)


def test_a_folder_in_use_is_refused(module):
    with pytest.raises(SystemExit, match="not empty"):
        new_module(module, "Again")


def test_its_check_and_fast_tests_pass(module):
    check = run([sys.executable, "-m", "lessonkit.check"], module)
    assert check.returncode == 0 and "Data OK" in check.stdout, check.stdout + check.stderr
    assert "Source mix" not in check.stdout, "the starter data miss their own data/source_mix.yaml targets"
    fast = run([sys.executable, "-m", "pytest", "tests", "-m", "not kernel", "-q", "-p", "no:cacheprovider"], module)
    assert fast.returncode == 0, fast.stdout[-3000:]


def test_the_template_lessons_are_clean(module):
    for path in (module / "notebooks").glob("*.ipynb"):
        nb = json.loads(path.read_text())
        assert "widgets" not in nb["metadata"] and set(nb["metadata"]) <= {"kernelspec", "language_info"}


@pytest.mark.kernel
def test_its_notebooks_pass_nbval(module):
    result = run([sys.executable, "-m", "pytest", "notebooks", "-q", "-p", "no:cacheprovider"], module)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout.splitlines()[-1]
