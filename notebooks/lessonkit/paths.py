"""Every folder the module reads or writes, in one place (the repository's layout).

lessonkit lives in notebooks/lessonkit/, so the repository's root is two folders up; the
notebooks import it from beside them, and the Makefile installs it in editable mode, so these
paths hold either way. Nothing here imports another lessonkit module.
"""

from pathlib import Path

#: The repository's root (the folder holding data/, notebooks/, instructors/, tools/).
ROOT = Path(__file__).resolve().parents[2]
#: The content an instructor edits: CSV tables, quizzes/, roleplay.yaml, geo/.
DATA_DIR = ROOT / "data"
QUIZ_DIR = DATA_DIR / "quizzes"
GEO_DIR = DATA_DIR / "geo"
#: The lessons (and lessonkit beside them).
NOTEBOOKS_DIR = ROOT / "notebooks"
#: The instructors' guide and the files generated for it (answer key, role cards).
INSTRUCTORS_DIR = ROOT / "instructors"
#: Generated output (handouts, class report, answer-key draft); never committed.
BUILD_DIR = ROOT / "build"
#: Where students' saved answers (answers-<notebook>[-name].json) go by default: the folder the
#: notebook runs in, which is notebooks/ when opened from the repository.
ANSWERS_DIR = NOTEBOOKS_DIR
