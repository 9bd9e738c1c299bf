"""A blind reading of the quizzes: can someone who skipped the lessons answer them by form?

    python -m tools.blind_read export build/blind          # files for the reader, and a key
    python -m tools.blind_read score build/blind           # after the reader has answered

``export`` writes three files. Give the reader only the first two; keep ``key.json``.

- ``form.md``: every single- and multiple-choice question, options shuffled and lettered, with
  no mark of which is right. The reader picks by form alone (length, hedging, absolutes, echoes
  of the stem…) and writes ``form_answers.json``: ``{"Q001": {"pick": ["B"], "confidence":
  "high"}, …}``.
- ``skills.md``: every question with its options and no skill. The reader labels each with one
  skill of data/quizzes/README.md and writes ``skill_labels.json``: ``{"Q001": {"skill":
  "sourcing"}, …}``.

``score`` compares them with the key: the share answered right *with high confidence* by form
(issue 21's goal: at most 1 in 7), and the share of skill labels that agree (goal: 9 in 10).
"""

from __future__ import annotations

import argparse
import json
import random
import string
from dataclasses import dataclass
from pathlib import Path

from lessonkit.paths import QUIZ_DIR
from lessonkit.quizspec import QuizSpec, read_quizzes

#: The goals of issue 21: by form, at most 1 in 7 answered; skill labels agree on 9 in 10.
FORM_GOAL = 1 / 7
SKILL_GOAL = 0.9


@dataclass(frozen=True)
class Score:
    """What a blind reading found."""

    form_right: int
    form_asked: int
    skills_agreed: int
    skills_asked: int
    form_misses: tuple[str, ...]  # "Q003 01_background/settle_children_ages"
    skill_misses: tuple[str, ...]  # "Q002 01_background/x: ours transfer, theirs sourcing"

    @property
    def form_ok(self) -> bool:
        return self.form_right <= FORM_GOAL * self.form_asked

    @property
    def skills_ok(self) -> bool:
        return self.skills_agreed >= SKILL_GOAL * self.skills_asked


def _questions(quizzes: dict[str, QuizSpec]):
    number = 0
    for notebook, spec in sorted(quizzes.items()):
        for question in spec.questions:
            number += 1
            yield f"Q{number:03d}", notebook, question


def _options_block(texts: list[str]) -> str:
    return "".join(f"{string.ascii_uppercase[i]}. {text}\n" for i, text in enumerate(texts))


def export(quizzes: dict[str, QuizSpec], seed: int = 7) -> tuple[str, str, dict]:
    """The reader's two files (form, skills) and the key, from the quizzes."""
    shuffle = random.Random(seed).shuffle
    form, skills, key = [], [], {}
    for tag, notebook, question in _questions(quizzes):
        options = list(getattr(question, "options", []))
        items = list(getattr(question, "items", []))
        shown = _options_block([o.text for o in options]) + "".join(f"- {item}\n" for item in items)
        skills.append(f"## {tag} ({question.type})\n{question.prompt}\n{shown}")
        key[tag] = {"quiz": notebook, "id": question.id, "type": question.type, "skill": question.skill}
        if question.type in ("single", "multiple"):
            shuffle(options)
            how = "choose ONE" if question.type == "single" else "choose ALL that apply"
            form.append(f"## {tag} ({how})\n{question.prompt}\n{_options_block([o.text for o in options])}")
            key[tag]["right"] = [string.ascii_uppercase[i] for i, o in enumerate(options) if o.correct]
    return "\n".join(form), "\n".join(skills), key


def score(key: dict, form_answers: dict, skill_labels: dict) -> Score:
    """Right-by-form counts only picks the reader was sure of; a missing answer counts as not answered."""
    chosen = {tag: entry for tag, entry in key.items() if "right" in entry}
    form_misses = tuple(
        f"{tag} {entry['quiz']}/{entry['id']}"
        for tag, entry in chosen.items()
        if form_answers.get(tag, {}).get("confidence") == "high"
        and sorted(form_answers[tag].get("pick", [])) == sorted(entry["right"])
    )
    skill_misses = tuple(
        f"{tag} {entry['quiz']}/{entry['id']}: ours {entry['skill']}, theirs {skill_labels.get(tag, {}).get('skill')}"
        for tag, entry in key.items()
        if skill_labels.get(tag, {}).get("skill") != entry["skill"]
    )
    return Score(len(form_misses), len(chosen), len(key) - len(skill_misses), len(key), form_misses, skill_misses)


def report(result: Score) -> str:
    lines = [
        f"answered by form (sure and right): {result.form_right} of {result.form_asked} "
        f"(goal at most 1 in 7: {'met' if result.form_ok else 'NOT met'})",
        *(f"  {miss}" for miss in result.form_misses),
        f"skill labels agreeing: {result.skills_agreed} of {result.skills_asked} "
        f"(goal 9 in 10: {'met' if result.skills_ok else 'NOT met'})",
        *(f"  {miss}" for miss in result.skill_misses),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.blind_read", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["export", "score"])
    parser.add_argument("folder", type=Path, help="where the reader's files and the key are, e.g. build/blind")
    parser.add_argument("--quizzes", type=Path, default=QUIZ_DIR, help="the quiz folder (default: %(default)s)")
    args = parser.parse_args(argv)
    folder: Path = args.folder
    if args.action == "export":
        quizzes, problems = read_quizzes(args.quizzes, None, None)
        if problems:
            print("\n".join(str(p) for p in problems))
            return 1
        form, skills, key = export(quizzes)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "form.md").write_text(form, encoding="utf-8")
        (folder / "skills.md").write_text(skills, encoding="utf-8")
        (folder / "key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
        print(f"wrote {folder}/form.md and skills.md for the reader, and key.json for you")
        return 0
    key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
    read = {
        name: json.loads(p.read_text(encoding="utf-8")) if (p := folder / name).exists() else {}
        for name in ("form_answers.json", "skill_labels.json")
    }
    result = score(key, read["form_answers.json"], read["skill_labels.json"])
    print(report(result))
    return 0 if result.form_ok and result.skills_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
