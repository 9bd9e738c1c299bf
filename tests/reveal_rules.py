"""Predict, then reveal: checks that no guess's answer is in a notebook where a student could read it
before guessing. Used by ``tests/test_reveals.py`` on the real notebooks and on the fault fixtures
in ``tests/fixtures/reveals/``.

- :func:`written_answers`: a guess or key question whose answer is written in the cell's code
  (``answer=`` / ``model_answer=``, or a prompt given there instead of read from data/reveals.yaml).
- :func:`early_answers`: an :data:`RUN`-word stretch of a reveal's answer that appears in the
  notebook's sources or stored outputs before its guess (or in the guess cell's own code).
"""

from __future__ import annotations

import re

#: This many words in a row, shared with an answer, give it away.
RUN = 8
#: A think-first call that reads everything from data/reveals.yaml: one id, or nothing.
_FROM_DATA = re.compile(r'^ask\.(?:guess\(\s*"([a-z0-9_]+)"\s*\)|key_question\(\s*\))$')
_CALL = re.compile(r"\bask\.(guess|key_question)\(")
_ID = re.compile(r'ask\.guess\(\s*"([a-z0-9_]+)"')
_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> list[str]:
    """The words of Markdown or HTML, lower case, without markup or punctuation."""
    text = _TAG.sub(" ", text).replace("\\$", "$").lower()
    return re.findall(r"[a-z0-9$%.,']+", text.replace("’", "'"))


def _runs(text: str) -> set[tuple[str, ...]]:
    found = [w.strip(".,'") for w in words(text)]
    found = [w for w in found if w]
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def _outputs_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")))
        for mime in ("text/plain", "text/html", "text/markdown"):
            value = output.get("data", {}).get(mime, "")
            parts.append("".join(value) if isinstance(value, list) else str(value))
    return "\n".join(parts)


def think_first_cells(nb) -> list[tuple[int, str | None]]:
    """(cell number, guess id or None for the key question) of every think-first call."""
    found = []
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and _CALL.search(cell.source):
            match = _ID.search(cell.source)
            found.append((number, match.group(1) if match else None))
    return found


def written_answers(nb) -> list[str]:
    """Think-first calls that carry their question or answer in the notebook's code."""
    problems = []
    for number, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            if _CALL.search(line) and not _FROM_DATA.match(line.strip()):
                problems.append(f"cell {number}: {line.strip()[:60]}… writes its question or answer in code")
            elif re.search(r"\b(model_)?answer\s*=", line):
                problems.append(f"cell {number}: an answer written in code: {line.strip()[:60]}…")
    return problems


def early_answers(nb, answers: dict[str, str], key_answer: str | None = None) -> list[str]:
    """Reveals whose answer (``answers``: guess id -> answer; ``key_answer`` for the key question)
    shares :data:`RUN` words in a row with anything shown or written before its guess."""
    problems = []
    for number, item in think_first_cells(nb):
        answer = answers.get(item) if item else key_answer
        if not answer:
            continue
        wanted = _runs(answer)
        cells = [*nb.cells[:number], nb.cells[number]]
        for before, cell in enumerate(cells):
            text = cell.source if before == number else cell.source + "\n" + _outputs_text(cell)
            shared = wanted & _runs(text)
            if shared:
                run = " ".join(sorted(shared)[0])
                problems.append(f"{item or 'key question'}: its answer is in cell {before}, before it: '{run}'")
    return problems
