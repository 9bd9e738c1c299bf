"""Ideas of international relations, taught where the case shows them.

Each idea is a short block in ``data/concepts.yaml`` (a definition tied to the case, at most
:data:`MAX_WORDS` words) that ends in a question applying it; the student's answer is saved
with the quiz answers. A notebook shows one with a single line::

    concept(course, "01_background", "sovereignty")
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from . import schemas
from .data import DATA_DIR, Course
from .prompts import WrittenAnswer
from .quiz import markdown_html
from .visual import with_printed

MAX_WORDS = 120
CONCEPTS_FILE = "concepts.yaml"


class Concept(BaseModel):
    """One idea: its glossary term, the notebook that shows it, its text and its apply question."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: schemas.Id
    term: str
    notebook: str
    title: str
    text: str
    apply: str
    source_ids: schemas.SourceIds

    @field_validator("text")
    @classmethod
    def _short(cls, text: str) -> str:
        if len(text.split()) > MAX_WORDS:
            raise ValueError(f"expected at most {MAX_WORDS} words, found {len(text.split())}")
        return text


def read_concepts(folder: Path = DATA_DIR) -> dict[str, Concept]:
    """The concepts of ``folder/concepts.yaml`` by id; a problem names the file, the concept and the field."""
    path = Path(folder) / CONCEPTS_FILE
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    concepts, problems = {}, []
    for n, item in enumerate(raw.get("concepts", []), start=1):
        name = item.get("id", n) if isinstance(item, dict) else n
        try:
            c = Concept.model_validate(item)
        except ValidationError as exc:
            problems += [
                f"{path.name}: concepts[{name}].{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            ]
            continue
        concepts[c.id] = c
    if problems:
        raise ValueError("\n".join(problems))
    return concepts


def link_problems(course: Course, concepts: dict[str, Concept]) -> list[str]:
    """Concepts whose glossary term or source ids are missing from the course's data."""
    terms, sources = set(course.glossary["term"]), set(course.sources["id"])
    problems = [
        f"{CONCEPTS_FILE}: concepts[{c.id}].term: {c.term!r} is not in glossary.csv"
        for c in concepts.values()
        if c.term not in terms
    ]
    problems += [
        f"{CONCEPTS_FILE}: concepts[{c.id}].source_ids: {sid} is not in sources.csv"
        for c in concepts.values()
        for sid in c.source_ids
        if sid not in sources
    ]
    return problems


class ConceptBlock(widgets.VBox):
    """The idea's text, then a saved box for the student's answer to its apply question."""

    def __init__(self, course: Course, notebook: str, concept: Concept):
        self.concept = concept
        self.source_ids = list(concept.source_ids)
        self.html = (
            f'<div class="concept"><p><strong>{markdown_html(concept.title, inline=True)}</strong></p>'
            f"{markdown_html(concept.text)}"
            f"<p><strong>Apply it.</strong> {markdown_html(concept.apply, inline=True)}</p></div>"
        )
        self.answer = WrittenAnswer(
            course,
            notebook,
            f"concept_{concept.id}",
            "note",
            concept.apply,
            "Your answer",
            "Write two or three sentences…",
        )
        super().__init__([widgets.HTML(value=self.html), self.answer])
        self.add_class("mathjax_ignore")

    def __repr__(self) -> str:
        return f"{self.concept.title}: {self.concept.apply}"

    def _repr_mimebundle_(self, **kwargs):
        return with_printed(super()._repr_mimebundle_(**kwargs), self.html)


def concept(course: Course, notebook: str, concept_id: str) -> ConceptBlock:
    """The block for ``concept_id`` of ``data/concepts.yaml``, its answer saved in ``notebook``'s file."""
    concepts = read_concepts()
    if concept_id not in concepts:
        raise KeyError(f"{CONCEPTS_FILE} has no concept {concept_id!r}; it has: {', '.join(concepts)}")
    return ConceptBlock(course, notebook, concepts[concept_id])
