"""Write a new, working module on another event: ``make new-module DEST=<folder> TITLE="…"``.

copier renders ``kit/template/`` (README, Makefile, CI, Binder files, starter data and two
lessons); then the kit's own parts are copied in from this repository, so each has one copy
to maintain: the ``lessonkit`` package (it carries its ``__version__``), the content-agnostic
tests (``tests/kit/``), the pins, the data guides, the offline base map and the notebook
refresher. The new module needs nothing from this repository afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from copier import run_copy

from lessonkit import __version__ as KIT_VERSION

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "kit" / "template"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")

#: What the kit copies from this repository into every new module: (here, there).
KIT_FILES = [
    ("notebooks/lessonkit", "notebooks/lessonkit"),
    ("tests/kit", "tests"),
    ("data/geo", "data/geo"),
    ("data/README.md", "data/README.md"),
    ("data/quizzes/README.md", "data/quizzes/README.md"),
    ("requirements.txt", "requirements.txt"),
    ("requirements-dev.txt", "requirements-dev.txt"),
    ("requirements.lock", "requirements.lock"),
    ("requirements-dev.lock", "requirements-dev.lock"),
    ("requirements.lock", "binder/requirements.txt"),
    ("tools/execute.py", "tools/execute.py"),
    ("tools/refresh_notebooks.py", "tools/refresh_notebooks.py"),
]


def new_module(dest: Path, title: str) -> Path:
    """Render the template into ``dest`` (which must not exist yet) and copy the kit in."""
    dest = Path(dest).resolve()
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"new-module: {dest} exists and is not empty; choose a new folder")
    run_copy(str(TEMPLATE), dest, data={"title": title, "kit_version": KIT_VERSION}, defaults=True, quiet=True)
    for here, there in KIT_FILES:
        source, target = ROOT / here, dest / there
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=SKIP, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    (dest / "tools" / "__init__.py").write_text('"""The module\'s maintenance commands (``python -m tools.x``)."""\n')
    return dest


def refresh_template() -> None:
    """Re-run the template's two lessons in a module made now, and keep their clean outputs."""
    from tools.refresh_notebooks import refresh

    with tempfile.TemporaryDirectory() as folder:
        dest = new_module(Path(folder) / "module", "Template check")
        for notebook in sorted((dest / "notebooks").glob("*.ipynb")):
            refresh(notebook)
            shutil.copy2(notebook, TEMPLATE / "notebooks" / notebook.name)
            print(f"refreshed kit/template/notebooks/{notebook.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, nargs="?", help="the new module's folder (new or empty)")
    parser.add_argument("title", nargs="?", help="the new module's title")
    parser.add_argument("--refresh-template", action="store_true", help="re-store the template lessons' outputs")
    args = parser.parse_args(argv)
    if args.refresh_template:
        refresh_template()
        return 0
    if not (args.dest and args.title):
        parser.error('give a folder and a title: make new-module DEST=<folder> TITLE="…"')
    dest = new_module(args.dest, args.title)
    print(f"new module: {dest} ({args.title!r}, lessonkit {KIT_VERSION}). Next: cd {dest} && make check && make test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
