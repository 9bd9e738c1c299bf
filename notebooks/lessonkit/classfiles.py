"""A class's folder of saved answers, read for the class report so that no file can stop it.

Each file is read by :func:`lessonkit.savedanswers.read_file`. Whatever goes wrong with one
file (damaged, binary, nested too deep, of the wrong shape) lists that file as not used, with
the reason in a teacher's words, and the other files still count. Files saved under a lesson's
old name (``data/renamed_notebooks.yaml``) count in the lessons that hold their questions now.
Two files with the same student name for the same lesson are flagged (:class:`SameName`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .classstats import Guide, question_rows, written_blocks
from .data import DATA_DIR, Course
from .savedanswers import PATTERN, ClassAnswers, Note, Refused, Submission, Unused, read_file

RENAMES = DATA_DIR / "renamed_notebooks.yaml"

#: Why a file could not be used when reading it failed in a way the reader did not foresee.
DEEP = "nested too deeply to be a saved answers file: it is damaged or was not written by the quiz"
DAMAGED = "damaged: part of it is not what the quiz writes ({kind}), so none of it is counted"


@dataclass(frozen=True)
class Rename:
    """An old lesson name, the lessons its questions are in now, and where written answers go."""

    old: str
    lessons: tuple[str, ...]
    written: dict[str, str] = field(default_factory=dict)

    def lesson_of_written(self, item_id: str) -> str:
        return self.written.get(item_id, self.lessons[0])


def parse_renames(raw: Any, where: str = "renamed_notebooks.yaml") -> dict[str, Rename]:
    """The renames in ``raw`` (the parsed YAML); ``ValueError`` naming the file and field otherwise."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected old lesson names, each with its lessons")
    renames = {}
    for old, entry in raw.items():
        lessons = entry.get("lessons") if isinstance(entry, dict) else None
        if not isinstance(lessons, list) or not lessons or not all(isinstance(x, str) for x in lessons):
            raise ValueError(f"{where}: {old}: lessons must be a list of lesson names")
        written = entry.get("written") or {}
        if not isinstance(written, dict) or not all(v in lessons for v in written.values()):
            raise ValueError(f"{where}: {old}: written must map item ids to lessons of its list")
        renames[str(old)] = Rename(str(old), tuple(lessons), {str(k): v for k, v in written.items()})
    return renames


def load_renames(path: Path | None = RENAMES) -> dict[str, Rename]:
    """The renames in ``path`` (default: data/renamed_notebooks.yaml); none if it is missing."""
    if path is None or not Path(path).is_file():
        return {}
    return parse_renames(yaml.safe_load(Path(path).read_text(encoding="utf-8")), Path(path).name)


@dataclass(frozen=True)
class SameName:
    """Several files with one student name for one lesson: ``files`` oldest first; the last is used."""

    name: str
    notebook: str
    files: tuple[str, ...]


@dataclass
class ClassFiles(ClassAnswers):
    """:class:`~lessonkit.savedanswers.ClassAnswers`, plus the names to check and the files
    counted under a lesson's new name (file, old name, lessons)."""

    same_names: list[SameName] = field(default_factory=list)
    renamed: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


def _with_old_names(course: Course, renames: dict[str, Rename]) -> Course:
    """``course`` whose quizzes also answer to old names: an old name's quiz holds the questions
    of all its lessons' quizzes (so a file saved under it is checked question by question)."""
    old = {}
    for name, rename in renames.items():
        specs = [course.quizzes[lesson] for lesson in rename.lessons if lesson in course.quizzes]
        if name not in course.quizzes and specs:
            old[name] = specs[0].model_copy(update={"questions": [q for s in specs for q in s.questions]})
    return dataclasses.replace(course, quizzes={**course.quizzes, **old}) if old else course


def _to_lessons(sub: Submission, course: Course, renames: dict[str, Rename]) -> list[Submission]:
    """``sub`` as it counts now: itself, or one part per lesson of its old name (a question goes
    to the lesson whose quiz holds its id now)."""
    rename = renames.get(sub.notebook)
    if sub.notebook in course.quizzes or rename is None:
        return [sub]
    holder = {q.id: lesson for lesson in rename.lessons for q in getattr(course.quizzes.get(lesson), "questions", [])}
    parts = []
    for lesson in rename.lessons:
        answers = {qid: a for qid, a in sub.answers.items() if holder.get(qid) == lesson}
        written = tuple(w for w in sub.written if rename.lesson_of_written(w.id) == lesson)
        if answers or written:
            parts.append(dataclasses.replace(sub, notebook=lesson, answers=answers, written=written))
    return parts


def _probe(sub: Submission, course: Course) -> None:
    """Count ``sub`` alone, so that a file the report cannot count fails here, not for the class."""
    alone = ClassAnswers(submissions=[sub])
    question_rows(course, alone, Guide())
    written_blocks(course, alone, {sub.student: sub.student})


def read_one(
    path: Path, course: Course, renames: dict[str, Rename] | None = None
) -> tuple[str, list[Submission], list[Note]]:
    """The lesson one file was saved for, its submissions (one per lesson it counts in now) and
    its notes; raises
    :class:`~lessonkit.savedanswers.Refused` with a teacher's reason for any file it cannot use."""
    renames = load_renames() if renames is None else renames
    notes: list[Note] = []
    try:
        saved = read_file(path, _with_old_names(course, renames), notes)
        parts = _to_lessons(saved, course, renames)
        if not parts:
            raise Refused(
                f"saved for the lesson {saved.notebook!r}; none of its answers is in a lesson of this module now"
            )
        for part in parts:
            _probe(part, course)
    except Refused:
        raise
    except RecursionError:
        raise Refused(DEEP) from None
    except MemoryError:
        raise Refused("too large to read") from None
    except Exception as error:  # a file must never stop the report: say what kind of damage
        raise Refused(DAMAGED.format(kind=type(error).__name__)) from None
    return saved.notebook, parts, notes


def _same_names(found: list[Submission]) -> list[SameName]:
    by_name: dict[tuple[str, str], list[Submission]] = {}
    for sub in found:
        if sub.name:
            by_name.setdefault((sub.name.casefold(), sub.notebook), []).append(sub)
    return [
        SameName(subs[-1].name, notebook, tuple(dict.fromkeys(s.file for s in subs)))
        for (_, notebook), subs in sorted(by_name.items())
        if len({s.file for s in subs}) > 1
    ]


def read_class(folder: Path | str, course: Course, renames: dict[str, Rename] | None = None) -> ClassFiles:
    """Every ``answers-*.json`` in ``folder``. A file that cannot be used is listed with the reason;
    a student who saved a lesson twice counts once, with the later file; same names are flagged."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    renames = load_renames() if renames is None else renames
    result = ClassFiles()
    found: list[Submission] = []
    for path in sorted(folder.glob("*.json")):
        if not path.match(PATTERN):
            result.unused.append(Unused(path.name, "not named answers-….json, so not a saved answers file"))
            continue
        if not path.is_file():
            continue
        try:
            saved_for, parts, notes = read_one(path, course, renames)
        except (Refused, OSError) as why:
            reason = str(why) if isinstance(why, Refused) else f"could not be opened ({why.strerror or 'no access'})"
            result.unused.append(Unused(path.name, reason))
            continue
        found += parts
        result.notes += notes
        if any(p.notebook != saved_for for p in parts):
            result.renamed.append((path.name, saved_for, tuple(p.notebook for p in parts)))
    found.sort(key=lambda s: (s.saved_at, s.file))
    result.same_names = _same_names(found)
    latest: dict[tuple[str, str], Submission] = {}
    for sub in found:
        key = (sub.notebook, sub.name.casefold() or sub.file)
        older = latest.get(key)
        if older is not None and older.file != sub.file:
            result.unused.append(Unused(older.file, "the same student saved this notebook again later", kept=sub.file))
        latest[key] = sub
    result.submissions = sorted(latest.values(), key=lambda s: (s.notebook, s.saved_at, s.file))
    used = {s.file for s in result.submissions}
    result.notes = [n for n in result.notes if n.file in used]
    result.unused = sorted(set(result.unused), key=lambda u: u.file)
    return result
