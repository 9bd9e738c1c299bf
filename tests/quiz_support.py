"""Data folders for the quiz tests: the small valid set plus a few crisis events and a sample quiz."""

import shutil
import textwrap
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def quiz_folder(into: Path, quizzes: dict[str, str] | None = None) -> Path:
    """Copy ``good_data`` and lay ``quiz_data`` over it (events, sources, quizzes/01_sample.yaml).

    ``quizzes`` adds files: notebook name -> YAML text (dedented).
    """
    folder = into / "data"
    shutil.copytree(FIXTURES / "good_data", folder)
    shutil.copytree(FIXTURES / "quiz_data", folder, dirs_exist_ok=True)
    for name, text in (quizzes or {}).items():
        (folder / "quizzes" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder
