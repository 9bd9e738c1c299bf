"""The one list of notebooks (``notebooks/manifest.yaml``, read by ``tools/manifest.py``): it
lists every notebook on disk, says which are lessons, and a new lesson it lists is checked by
the lesson rules without anyone touching a test. ``tests/fixtures/manifest/06_sixth_lesson.ipynb``
(a lesson with no key question) proves that the fast tests fail on such a lesson.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from run_support import ROOT, tool_env
from tools import manifest

SIXTH = ROOT / "tests" / "fixtures" / "manifest" / "06_sixth_lesson.ipynb"


def staged(folder, extra: str = "") -> object:
    """A copy of the manifest in ``folder`` (plus ``extra`` entries), the real notebooks linked beside it."""
    for path in manifest.paths():
        (folder / path.name).symlink_to(path)
    target = folder / "manifest.yaml"
    target.write_text(manifest.DEFAULT.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return target


def test_every_notebook_on_disk_is_in_the_manifest():
    assert manifest.unlisted() == [], "add these to notebooks/manifest.yaml (stem, title, kind, quiz)"
    assert manifest.lessons(), "the manifest lists no lesson"


def test_a_notebook_missing_from_the_manifest_is_reported(tmp_path):
    listed = staged(tmp_path)
    shutil.copy(SIXTH, tmp_path)
    assert [p.name for p in manifest.unlisted(listed)] == [SIXTH.name]


def test_every_quiz_file_belongs_to_a_listed_notebook():
    quizzes = {n.quiz.name for n in manifest.notebooks() if n.quiz}
    assert quizzes == {p.name for p in (ROOT / "data" / "quizzes").glob("*.yaml")}
    assert all(n.quiz.stem == n.stem for n in manifest.notebooks() if n.quiz), "a quiz file is named after its notebook"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- stem: 06_sixth_lesson\n  title: Six\n  kind: lecture\n", "entry 10, field kind: 'lecture'"),
        ("- stem: 06_missing\n  title: Six\n", "entry 10, field stem: no notebook"),
        ("- stem: 06_sixth_lesson\n  title: Six\n  quiz: data/quizzes/none.yaml\n", "entry 10, field quiz"),
        ("- stem: 06_sixth_lesson\n  title: Six\n  level: 2\n", "entry 10: unknown field(s) ['level']"),
        ("- stem: glossary\n  title: Again\n", "field stem: glossary is listed twice"),
    ],
)
def test_a_wrong_entry_names_file_entry_and_field(tmp_path, entry, message):
    shutil.copy(SIXTH, tmp_path)
    listed = staged(tmp_path, entry)
    with pytest.raises(manifest.ManifestError, match=r"manifest\.yaml, entry") as error:
        manifest.load(listed)
    assert message in str(error.value)


def test_a_new_entry_is_a_lesson_by_default(tmp_path):
    shutil.copy(SIXTH, tmp_path)
    listed = staged(tmp_path, "- stem: 06_sixth_lesson\n  title: A sixth lesson\n")
    sixth = manifest.load(listed)[-1]
    assert sixth.kind == "lesson" and sixth.is_lesson and sixth.quiz is None


def test_a_sixth_lesson_that_breaks_a_lesson_rule_fails_the_fast_tests(tmp_path):
    """The structure tests, run as ``make test-fast`` runs them, on the module plus a sixth lesson
    with no key question: they fail, on that lesson and for that reason only."""
    shutil.copy(SIXTH, tmp_path)
    listed = staged(tmp_path, "- stem: 06_sixth_lesson\n  title: A sixth lesson\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/test_notebook_structure.py",
            "-m",
            "not browser and not kernel",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "-rf",
        ],
        cwd=ROOT,
        env=tool_env(NOTEBOOK_MANIFEST=str(listed)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAILED")]
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert failed and all("06_sixth_lesson" in line for line in failed), failed
    assert any("06_sixth_lesson-lesson_sections" in line for line in failed), failed
    assert "missing section heading 'Key question'" in done.stdout
