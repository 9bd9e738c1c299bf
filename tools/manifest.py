"""The module's notebooks, from the one manifest (``notebooks/manifest.yaml``)::

    from tools import manifest

    manifest.paths()                      # every notebook, in the students' order
    manifest.paths(manifest.LESSON_KINDS) # those the lesson rules check
    manifest.entry("01_background").quiz  # Path of data/quizzes/01_background.yaml, or None

``python -m tools.manifest [KIND ...]`` prints the paths (the Makefile's notebook lists).
A mistake in the file raises :class:`ManifestError` naming the file, the entry and the field.
``NOTEBOOK_MANIFEST`` (environment) points at another manifest, whose notebooks sit beside it:
the tests use it to prove that a new, faulty lesson fails them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "notebooks" / "manifest.yaml"
KINDS = ("start", "lesson", "review", "roleplay", "glossary")
#: The kinds the lesson rules check (a new entry is a lesson unless it says otherwise).
LESSON_KINDS = ("lesson", "review", "roleplay")
FIELDS = {"stem", "title", "kind", "quiz"}


class ManifestError(ValueError):
    """The manifest is wrong: file, entry and field named."""


@dataclass(frozen=True)
class Notebook:
    stem: str
    title: str
    kind: str
    path: Path
    quiz: Path | None

    @property
    def is_lesson(self) -> bool:
        return self.kind in LESSON_KINDS


def manifest_file() -> Path:
    return Path(os.environ.get("NOTEBOOK_MANIFEST") or DEFAULT)


def load(path: Path | None = None) -> list[Notebook]:
    """Every entry of the manifest, checked: known fields and kinds, unique stems, files that exist."""
    path = Path(path or manifest_file())
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list) or not entries:
        raise ManifestError(f"{path}: expected a list of notebooks")
    notebooks: list[Notebook] = []
    for number, raw in enumerate(entries, 1):
        where = f"{path}, entry {number}"
        if not isinstance(raw, dict):
            raise ManifestError(f"{where}: expected stem, title, kind, quiz")
        if unknown := set(raw) - FIELDS:
            raise ManifestError(f"{where}: unknown field(s) {sorted(unknown)}")
        stem, kind, quiz = raw.get("stem"), raw.get("kind", "lesson"), raw.get("quiz", "none")
        if not isinstance(stem, str) or not (path.parent / f"{stem}.ipynb").is_file():
            raise ManifestError(f"{where}, field stem: no notebook {path.parent / f'{stem}.ipynb'}")
        if stem in {n.stem for n in notebooks}:
            raise ManifestError(f"{where}, field stem: {stem} is listed twice")
        if kind not in KINDS:
            raise ManifestError(f"{where}, field kind: {kind!r} is not one of {', '.join(KINDS)}")
        if not raw.get("title"):
            raise ManifestError(f"{where}, field title: missing")
        quiz_path = None if quiz in (None, "none") else ROOT / quiz
        if quiz_path is not None and not quiz_path.is_file():
            raise ManifestError(f"{where}, field quiz: no file {quiz}")
        notebooks.append(Notebook(stem, str(raw["title"]), kind, path.parent / f"{stem}.ipynb", quiz_path))
    return notebooks


def notebooks(kinds: tuple[str, ...] | None = None) -> list[Notebook]:
    """The manifest's notebooks (of ``kinds``, or all), in its order."""
    return [n for n in load() if kinds is None or n.kind in kinds]


def paths(kinds: tuple[str, ...] | None = None) -> list[Path]:
    """The paths of :func:`notebooks`."""
    return [n.path for n in notebooks(kinds)]


def lessons() -> list[Path]:
    """The notebooks the lesson rules check."""
    return paths(LESSON_KINDS)


def entry(stem: str) -> Notebook:
    """The manifest's entry for ``stem`` (KeyError if it is not listed)."""
    for notebook in load():
        if notebook.stem == stem:
            return notebook
    raise KeyError(f"{stem} is not in {manifest_file()}")


def unlisted(path: Path | None = None) -> list[Path]:
    """Notebooks beside the manifest that it does not list (each must be added to it)."""
    path = Path(path or manifest_file())
    listed = {n.path.name for n in load(path)}
    return sorted(p for p in path.parent.glob("*.ipynb") if p.name not in listed)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        if arg not in KINDS:
            raise SystemExit(f"unknown kind {arg!r}: one of {', '.join(KINDS)}")
    here = Path.cwd()
    print(
        " ".join(str(p.relative_to(here) if p.is_relative_to(here) else p) for p in paths(tuple(sys.argv[1:]) or None))
    )
