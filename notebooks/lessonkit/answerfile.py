"""One student's saved answers file: its name, its format and versions, and writing it safely.

The file is ``answers-<notebook>[-<name>].json`` in the notebook's folder. What it holds, by
format (the ``format`` key; format 1 files have none):

1. the quiz: each question's final answer, result and number of tries; ``written`` text;
2. also ``attempts``: every checked answer in order, with its result;
3. also ``owner`` (a random token: which student's session made the file, so that a second
   student on the same folder never writes over it) and, for each written item, ``skipped``
   (the student pressed "I'd rather not guess") and ``revealed`` (the answer was opened).

:func:`migrate` brings a file of any format this module reads to the current one; everything
that reads a file (the class report, restoring, Load my answers) goes through it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

#: The format written now.
FORMAT = 3
#: Formats :func:`migrate` reads.
READABLE = (1, 2, 3)
#: Larger files are refused unread: a saved answers file is a few KB.
MAX_BYTES = 1_000_000
PATTERN = "answers-*.json"


class AnswerFileError(ValueError):
    """A file that cannot be read as saved answers; the message is one sentence for a student."""


def slug(name: str) -> str:
    """A student's name made safe for a file name (letters of any script kept)."""
    return re.sub(r"[^\w]+", "-", name).strip("-_")[:40]


def file_name(notebook: str, name: str = "", number: int = 1) -> str:
    """``answers-<notebook>[-<name>][-<number>].json``: the number only when a file of another
    student already has the plain name."""
    stem = f"answers-{notebook}" + (f"-{slug(name)}" if slug(name) else "")
    return f"{stem}{f'-{number}' if number > 1 else ''}.json"


def migrate(raw: Any) -> dict[str, Any]:
    """``raw`` (a parsed file of format 1, 2 or 3) as format 3, in a new dict; raises
    :class:`AnswerFileError` for anything that is not a saved answers object of a known format."""
    if not isinstance(raw, dict):
        raise AnswerFileError("This is not a saved answers file (it holds no answers object).")
    version = raw.get("format", 1)
    if isinstance(version, bool) or version not in READABLE:
        raise AnswerFileError(
            f"This file was saved in format {str(version)[:20]}, which this module does not read; update the module."
        )
    data = dict(raw)
    questions = raw.get("questions")
    if version < 2 and isinstance(questions, list):  # format 1 kept no attempts: "not recorded", never invented
        data["questions"] = [{**q, "attempts": None} if isinstance(q, dict) else q for q in questions]
    if version < 3:
        data["owner"] = ""
        written = raw.get("written")
        if isinstance(written, list):
            data["written"] = [
                {**w, "skipped": False, "revealed": False} if isinstance(w, dict) else w for w in written
            ]
    data["format"] = FORMAT
    data["saved_in_format"] = version
    return data


def parse(content: bytes) -> dict[str, Any]:
    """The bytes of a file as a migrated answers dict, or :class:`AnswerFileError` (one sentence)."""
    if len(content) > MAX_BYTES:
        raise AnswerFileError("This file is too large to be a saved answers file (they are a few KB).")
    if not content.strip():
        raise AnswerFileError("This file is empty.")
    try:
        raw = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise AnswerFileError("This file is not text saved by the quiz.") from None
    except (json.JSONDecodeError, RecursionError):
        raise AnswerFileError("This file is damaged: it is not readable JSON.") from None
    data = migrate(raw)
    if not isinstance(data.get("notebook"), str) or not data["notebook"]:
        raise AnswerFileError("This is not a saved answers file (it names no notebook).")
    if not isinstance(data.get("name", ""), str):
        raise AnswerFileError("This file is damaged: its name is not text.")
    for key in ("questions", "written"):
        if not isinstance(data.get(key) or [], list):
            raise AnswerFileError(f"This file is damaged: its {key} are not a list.")
    return data


def read(path: Path) -> dict[str, Any]:
    """The migrated content of the file at ``path`` (see :func:`parse`)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise AnswerFileError("This file is too large to be a saved answers file (they are a few KB).")
        return parse(path.read_bytes())
    except OSError as error:
        raise AnswerFileError(f"This file could not be read ({error.strerror or type(error).__name__}).") from None


def dumps(data: dict[str, Any]) -> str:
    """The file's text: indented JSON, non-ASCII kept as written."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half:
    a temporary file in the same folder, flushed to disk, then ``os.replace``."""
    handle, temporary = tempfile.mkstemp(prefix=".answers-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def owner_of(path: Path) -> str | None:
    """The ``owner`` token in the file at ``path`` (``""`` for older formats); ``None`` when there
    is no readable file there."""
    try:
        return read(path).get("owner") or ""
    except AnswerFileError:
        return None if not path.exists() else "(unreadable)"


def latest(folder: Path, notebook: str) -> tuple[Path, dict[str, Any]] | None:
    """The most recently saved readable file of ``notebook`` in ``folder`` (what a restarted
    kernel brings back), or ``None``."""
    found = []
    for path in Path(folder).glob(f"answers-{notebook}*.json"):
        try:
            data = read(path)
        except AnswerFileError:
            continue
        if data["notebook"] == notebook:
            found.append((str(data.get("saved_at") or ""), path.stat().st_mtime, path.name, path, data))
    if not found:
        return None
    *_, path, data = max(found, key=lambda item: item[:3])
    return path, data
