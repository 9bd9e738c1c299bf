"""Time on task: the minutes a lesson's Core path takes, by the module's one model (issue 20).

Minutes = words read ÷ 150 + interactions. A second column reads at 100 words a minute, for
students reading English as an additional language.

**Words read:** the Markdown of Core cells; the stored outputs of Core code cells as JupyterLab
shows them (``text/html`` before ``text/markdown`` before ``text/plain``; a closed ``<details>``
counts only its ``<summary>``; widgets and plotly figures show no prose); each Think-first
guess's prompt and answer (from the call's own arguments, or from ``data/reveals.yaml`` when
the notebook names only the guess's id); each quiz question's prompt, its options and the right
options' feedback (a numeric or ordering question: its prompt, the items to order, which are the
events' headlines, and ``feedback_correct``; a reflection: its prompt and ``guidance``).

**Interactions**, recognised from the calls in Core code cells (:data:`INTERACTIONS`). Every cell
tagged ``figure`` or ``widget`` must call one of them, so nothing new slips past the model.

**Which cells are Core:** not tagged ``extension`` and not under a heading that says *Extension*
(until the next heading of the same level or higher). **A role-play** (an ``##`` section whose
heading starts "Role-play") counts the minutes ``data/roleplay.yaml`` gives for it
(``timing.total_minutes``) instead of its cards, memo box and debrief.

**Stated minutes** are the "About N minutes" of the notebook's *Time to complete* section.

Run as a script (``make lesson-times``, or ``python tests/reading_load.py notebooks/0*.ipynb``)
to print the table: stated minutes, modelled at 150 and at 100 words a minute.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import yaml

from lessonkit.quiztypes import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

WORDS_PER_MINUTE = 150
SLOW_WORDS_PER_MINUTE = 100
EXTENSION = "extension"
#: The most a lesson may state: one class period. The review may take 60; 00 Start here 10.
MAX_MINUTES = 50
MAX_REVIEW_MINUTES = 60
MAX_START_MINUTES = 10

#: Interactions, by the call that makes them: (what it is, minutes).
FIGURE = ("figure", 1.5)
INTERACTIONS: dict[str, tuple[str, float]] = {
    "charts.trade_chart": FIGURE,
    "charts.target_path": FIGURE,
    "charts.electricity_chart": FIGURE,
    "maps.energy_map": FIGURE,
    "maps.region_map": FIGURE,
    "maps.strikes_map": FIGURE,
    "maps.visit_map": FIGURE,
    "timelines.relations_timeline": FIGURE,
    "timelines.crisis_timeline": FIGURE,
    "timelines.visit_timeline": FIGURE,
    "timelines.step_through": ("timeline stepper", 1.0),
    "charts.growth_calculator": ("calculator", 2.0),
    "timelines.event_explorer": ("explorer", 2.0),
    "lateral.activity": ("lateral reading", 2.0),
    "prompts.reveal": ("reveal", 2.0),
    "charts.figure_variants": ("figure switcher", 2.0),
    "roleplay.outcome_form": ("memo form", 2.0),
    "ask.guess": ("Think-first guess", 1.5),
    "ask.key_question": ("key question", 5.0),
    # a concept block ends in an apply question answered in a box: a Think-first guess, plus its words
    "concepts.concept": ("concept block and its apply question", 1.5),
    "ask.my_answers": ("answers bar (nothing to read or do)", 0.0),
}
QUIZ_CALL = "quiz.quiz"

_STATED = re.compile(r"\bAbout (\d+) minutes\b", re.I)
_WORD = re.compile(r"\S*[^\W_]\S*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ROLEPLAY = re.compile(r"^Role-play\b", re.I)
#: Outputs JupyterLab draws as something other than their text.
_NOT_PROSE = ("application/vnd.jupyter.widget-view+json", "application/vnd.plotly.v1+json")


# --- words on screen --------------------------------------------------------------------------


class _ShownText(HTMLParser):
    """The text of an HTML (or Markdown) fragment that is on screen before anything is opened."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, hides its content)

    def _hidden(self) -> bool:
        """Inside a hiding element, unless it is a closed <details> and we are in its <summary>."""
        stack = self._stack
        return any(
            hides and not (tag == "details" and k + 1 < len(stack) and stack[k + 1][0] == "summary")
            for k, (tag, hides) in enumerate(stack)
        )

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            return
        closed_details = tag == "details" and "open" not in dict(attrs)
        self._stack.append((tag, closed_details or tag in ("script", "style")))

    def handle_endtag(self, tag):
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def shown_text(text: str) -> str:
    """``text`` with tags stripped and collapsed ``<details>`` content left out."""
    parser = _ShownText()
    parser.feed(text)
    parser.close()
    return " ".join(parser.parts)


def words(text: str) -> int:
    """The number of words on screen in an HTML or Markdown fragment."""
    return len(_WORD.findall(shown_text(text)))


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_text(output) -> str:
    """What JupyterLab shows of one stored output, as text (HTML and Markdown left in)."""
    if output.get("output_type") == "stream":
        return _joined(output.get("text", ""))
    data = output.get("data", {})
    if any(kind in data for kind in _NOT_PROSE):
        return ""
    for kind in ("text/html", "text/markdown", "text/plain"):
        if kind in data:
            text = _joined(data[kind])
            # plain text is shown as it is: escape it so a "<" in it is not read as a tag
            return text.replace("&", "&amp;").replace("<", "&lt;") if kind == "text/plain" else text
    return ""


# --- Core and Extension -----------------------------------------------------------------------


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


@dataclass
class Part:
    """A stretch of one cell under one heading: Markdown text, or a whole code cell."""

    index: int
    cell: object
    text: str  # the Markdown of this stretch ('' for code)
    heading: str | None  # the heading this stretch opens with, if any
    under_extension: str | None  # the Extension heading it sits under, if any
    in_roleplay: bool

    @property
    def core(self) -> bool:
        return EXTENSION not in tags(self.cell) and self.under_extension is None


def _markdown_stretches(source: str) -> list[tuple[int | None, str | None, str]]:
    """(heading level, heading text, text) for each stretch of a Markdown cell, split at headings."""
    stretches: list[list] = [[None, None, []]]
    fenced = False
    for line in source.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        found = None if fenced else _HEADING.match(line)
        if found:
            stretches.append([len(found.group(1)), found.group(2), [line]])
        else:
            stretches[-1][2].append(line)
    return [(lvl, head, "\n".join(lines)) for lvl, head, lines in stretches if lvl or "".join(lines).strip()]


def parts(nb) -> list[Part]:
    """Every cell, split at Markdown headings, with whether it sits under Extension or a role-play."""
    found: list[Part] = []
    extension: tuple[int, str] | None = None  # (level, heading) of the Extension section we are in
    roleplay = False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for level, heading, text in _markdown_stretches(_joined(cell.source)):
                if level is not None:
                    if extension and level <= extension[0]:
                        extension = None
                    if re.search(r"\bextension\b", heading, re.I) and extension is None:
                        extension = (level, heading)
                    if level <= 2:
                        roleplay = level == 2 and bool(_ROLEPLAY.match(heading))
                found.append(Part(index, cell, text, heading, extension[1] if extension else None, roleplay))
        elif cell.cell_type == "code":
            found.append(Part(index, cell, "", None, extension[1] if extension else None, roleplay))
    return found


def untagged_under_extension(nb) -> list[str]:
    """Core is Core: every cell under an Extension heading is tagged ``extension``."""
    problems, seen = [], set()
    for part in parts(nb):
        if part.under_extension and EXTENSION not in tags(part.cell) and part.index not in seen:
            seen.add(part.index)
            problems.append(
                f"cell {part.index}: sits under the heading {part.under_extension!r} but is not tagged "
                f"'{EXTENSION}' (tag it, or give it a Core heading of its own)"
            )
    return problems


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("*", "")).strip(" ?:.").casefold()


def core_headings(nb) -> set[str]:
    """The (normalised) headings of the notebook's Core sections."""
    return {_norm(p.heading) for p in parts(nb) if p.heading and p.core}


def sections_not_core(questions: list[dict], nb, others=()) -> list[str]:
    """Each question's ``section`` names a Core heading of its notebook (or, for the review, of
    any lesson in ``others``)."""
    core = core_headings(nb).union(*(core_headings(o) for o in others))
    all_headings = {_norm(p.heading) for p in parts(nb) if p.heading}
    problems = []
    for q in questions:
        section = q.get("section")
        if not section:
            problems.append(f"question {q.get('id')}: names no section")
        elif _norm(section) not in core:
            where = "an Extension section" if _norm(section) in all_headings else "no heading of the notebook"
            problems.append(f"question {q.get('id')}: its section {section!r} is {where}, not Core")
    return problems


# --- the model --------------------------------------------------------------------------------


@dataclass
class Data:
    """What the model reads besides the notebook: quizzes, event headlines, reveals, the role-play."""

    quiz_dir: Path
    headlines: dict[str, str]
    reveals: dict[str, dict]
    roleplay_minutes: float
    concepts: dict[str, dict]

    @classmethod
    def load(cls, data_dir: Path = DATA, quiz_dir: Path | None = None) -> Data:
        events = pd.read_csv(data_dir / "events.csv", dtype=str, keep_default_na=False)
        reveals_file = data_dir / "reveals.yaml"
        reveals = yaml.safe_load(reveals_file.read_text(encoding="utf-8")) if reveals_file.exists() else {}
        play = yaml.safe_load((data_dir / "roleplay.yaml").read_text(encoding="utf-8"))
        concepts_file = data_dir / "concepts.yaml"
        concepts = yaml.safe_load(concepts_file.read_text(encoding="utf-8")) if concepts_file.exists() else {}
        return cls(
            quiz_dir=quiz_dir or data_dir / "quizzes",
            headlines=dict(zip(events["id"], events["headline"])),
            reveals={r["id"]: r for r in (reveals or {}).get("reveals", [])},
            roleplay_minutes=float(play["timing"]["total_minutes"]),
            concepts={c["id"]: c for c in (concepts or {}).get("concepts", [])},
        )


@dataclass
class Breakdown:
    """One lesson's Core path: words read and interactions, and what the model could not read."""

    words: int = 0
    interactions: list[tuple[int, str, float]] = field(default_factory=list)  # (cell, what, minutes)
    problems: list[str] = field(default_factory=list)

    @property
    def interaction_minutes(self) -> float:
        return sum(m for _, _, m in self.interactions)

    def minutes(self, wpm: int = WORDS_PER_MINUTE) -> float:
        return self.words / wpm + self.interaction_minutes


def _calls(source: str) -> list[ast.Call]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _dotted(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return None


def _literal(node) -> str | None:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _argument(call: ast.Call, position: int, name: str) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return _literal(keyword.value)
    return _literal(call.args[position]) if len(call.args) > position else None


def guess_words(call: ast.Call, data: Data) -> int | None:
    """Words of a guess's prompt and answer: from the call, else from data/reveals.yaml by id."""
    guess_id = _argument(call, 0, "id") or _argument(call, 0, "guess_id")
    prompt, answer = _argument(call, 1, "prompt"), _argument(call, 2, "answer")
    stored = data.reveals.get(guess_id, {})
    prompt = prompt if prompt is not None else stored.get("prompt")
    answer = answer if answer is not None else stored.get("answer", "")
    return None if prompt is None else words(prompt) + words(answer or "")


def question_words(q: dict, data: Data) -> int:
    """Words of one quiz question a student reads: prompt, options, the right feedback."""
    texts = [q.get("prompt", "")]
    if q.get("type") in REGISTRY:
        texts += REGISTRY[q["type"]].texts_read(q, data.headlines)
    return sum(words(t) for t in texts)


def quiz_questions(name: str, data: Data) -> list[dict]:
    path = data.quiz_dir / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("questions", []) if path.exists() else []


def _cell_interactions(part: Part, data: Data, found: Breakdown) -> None:
    cell = part.cell
    known = False
    for call in _calls(_joined(cell.source)):
        name = _dotted(call)
        if name == QUIZ_CALL:
            known = True
            quiz_name = _argument(call, 1, "notebook_name")
            questions = quiz_questions(quiz_name, data) if quiz_name else []
            if not questions:
                found.problems.append(f"cell {part.index}: no questions found for the quiz {quiz_name!r}")
            for q in questions:
                found.words += question_words(q, data)
                found.interactions.append((part.index, f"quiz question: {q.get('type')}", REGISTRY[q["type"]].minutes))
        elif name in INTERACTIONS:
            known = True
            what, minutes = INTERACTIONS[name]
            found.interactions.append((part.index, what, minutes))
            if name == "concepts.concept":
                concept = data.concepts.get(_argument(call, 2, "concept_id") or "", {})
                found.words += words(concept.get("text", "")) + words(concept.get("apply", ""))
            if name == "ask.guess":
                counted = guess_words(call, data)
                if counted is None:
                    found.problems.append(f"cell {part.index}: cannot find the prompt of this guess")
                found.words += counted or 0
    if not known and {"figure", "widget"} & set(tags(cell)):
        found.problems.append(
            f"cell {part.index}: a {'figure' if 'figure' in tags(cell) else 'widget'} whose call the model "
            f"does not know; add it to INTERACTIONS in tests/reading_load.py"
        )


def model(nb, data: Data) -> Breakdown:
    """Words read and interactions on the notebook's Core path."""
    found = Breakdown()
    roleplay_counted = False
    for part in parts(nb):
        if not part.core:
            continue
        if part.in_roleplay:
            if not roleplay_counted:
                found.interactions.append((part.index, "role-play (its stated timing)", data.roleplay_minutes))
                roleplay_counted = True
            continue
        if part.cell.cell_type == "markdown":
            found.words += words(part.text)
        else:
            found.words += sum(words(output_text(o)) for o in part.cell.get("outputs", []))
            _cell_interactions(part, data, found)
    return found


# --- stated time and the checks ---------------------------------------------------------------


def time_to_complete(nb) -> str | None:
    """The text of the notebook's *Time to complete* section."""
    for part in parts(nb):
        if part.heading and _norm(part.heading) == "time to complete":
            return part.text.split("\n", 1)[1] if "\n" in part.text else ""
    return None


def stated_minutes(nb) -> int | None:
    """The N of "About N minutes" in the notebook's Time to complete section."""
    text = time_to_complete(nb)
    found = _STATED.search(text) if text is not None else None
    return int(found.group(1)) if found else None


def limit(name: str) -> int:
    """The most a notebook may state: 10 for 00 Start here, 60 for the review, else 50."""
    return MAX_START_MINUTES if name.startswith("00_") else MAX_REVIEW_MINUTES if "review" in name else MAX_MINUTES


def problems(nb, data: Data, name: str) -> list[str]:
    """What is wrong with a notebook's time on task (empty when its Core path fits)."""
    stated = stated_minutes(nb)
    if stated is None:
        return ['no "About N minutes" in the notebook\'s Time to complete section']
    found = model(nb, data)
    result = list(found.problems)
    modelled = found.minutes()
    if modelled > stated:
        result.append(
            f"the Core path takes {modelled:.1f} minutes by the model ({found.words} words ÷ "
            f"{WORDS_PER_MINUTE} + {found.interaction_minutes:g} for interactions), more than the "
            f"{stated} the notebook states: cut, or move depth into Extension"
        )
    if stated > limit(name):
        result.append(f"states {stated} minutes; at most {limit(name)}")
    parts_sum = _stated_parts(nb)
    if parts_sum is not None and parts_sum != stated:
        result.append(f"Time to complete: the parts add up to {parts_sum} minutes, not the {stated} stated")
    return result


_START_ROW = re.compile(r"^\|.*\]\(([\w-]+)\.ipynb\).*\|\s*(\d+)\s*min\s*\|\s*$", re.M)


def start_page_times(nb) -> dict[str, int]:
    """The minutes 00 Start here's table gives each notebook it links: {stem: N}."""
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return {stem: int(n) for stem, n in _START_ROW.findall(text)}


def start_page_problems(start, notebooks: dict[str, object]) -> list[str]:
    """Where 00 Start here's table disagrees with a notebook's own "About N minutes"."""
    listed = start_page_times(start)
    result = []
    for stem, nb in notebooks.items():
        stated = stated_minutes(nb)
        if stem not in listed:
            result.append(f"00 Start here gives no time for {stem}")
        elif stated is not None and listed[stem] != stated:
            result.append(f"00 Start here gives {stem} {listed[stem]} min; the notebook says about {stated} minutes")
    return result


def _stated_parts(nb) -> int | None:
    """The sum of "N for …" / "N to …" in the Time to complete sentence, if it breaks the time down."""
    text = time_to_complete(nb) or ""
    found = _STATED.search(text)
    if not found:
        return None
    sentence = re.split(r"\.(\s|$)", text[found.end() :], maxsplit=1)[0]
    numbers = [int(n) for n in re.findall(r"\b(\d+)\s+(?:for|to)\b", sentence)]
    return sum(numbers) if numbers else None


def table(paths: list[Path], data: Data | None = None) -> str:
    """The Markdown table ``make lesson-times`` prints."""
    data = data or Data.load()
    rows = [
        "| notebook | stated | modelled at 150 wpm | modelled at 100 wpm | words | interactions (min) |",
        "|---|---|---|---|---|---|",
    ]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        found = model(nb, data)
        rows.append(
            f"| {Path(path).stem} | {stated_minutes(nb)} | {found.minutes():.1f} | "
            f"{found.minutes(SLOW_WORDS_PER_MINUTE):.1f} | {found.words} | {found.interaction_minutes:g} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(table([Path(p) for p in sys.argv[1:]]))
