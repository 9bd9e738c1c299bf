"""The five ideas of international relations (data/concepts.yaml): each is short, tied to a
glossary row and to sources, shown in its notebook, and practised by a transfer question."""

import json

import pytest
import yaml

from lessonkit import answers
from lessonkit.concepts import MAX_WORDS, ConceptBlock, concept, link_problems, read_concepts
from lessonkit.data import DATA_DIR

NOTEBOOKS = DATA_DIR.parent / "notebooks"
#: Each concept and the transfer question(s) that practise it.
PRACTISED_BY = {
    "sovereignty": ["sovereignty_two_readings"],
    "non_state_actors": ["non_state_actors_which"],
    "secondary_sanctions": ["secondary_sanctions_case"],
    "hedging_and_balancing": ["hedging_or_balancing"],
    "great_power_competition": ["great_power_headline"],
}


@pytest.fixture(scope="module")
def concepts():
    return read_concepts()


def test_the_five_concepts_are_short_and_linked(course, concepts):
    assert set(concepts) == set(PRACTISED_BY)
    assert link_problems(course, concepts) == []
    assert all(len(c.text.split()) <= MAX_WORDS for c in concepts.values())


def test_hedging_and_balancing_are_defined_apart(course):
    glossary = course.glossary.set_index("term")["definition"]
    assert "Not the same as balancing" in glossary["Hedging"]
    assert "Not the same as hedging" in glossary["Balancing"]


def test_each_concept_has_transfer_questions(course):
    skills = {q.id: q.skill for spec in course.quizzes.values() for q in spec.questions}
    for ids in PRACTISED_BY.values():
        assert all(skills.get(i) == "transfer" for i in ids), ids
    assert sum(len(ids) for ids in PRACTISED_BY.values()) >= 5


def test_each_concept_is_shown_in_its_notebook_by_one_line(concepts):
    for c in concepts.values():
        path = NOTEBOOKS / f"{c.notebook}.ipynb"
        code = ["".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]
        line = f'concept(course, "{c.notebook}", "{c.id}")'
        assert any(line in src for src in code), f"{path.name} does not show {c.id} with {line}"


def test_a_block_saves_its_answer_and_cites_its_sources(course):
    block = concept(course, "01_background", "sovereignty")
    assert isinstance(block, ConceptBlock) and "Apply it." in block.html
    assert block.source_ids and "concept_sovereignty" in answers.book(course, "01_background")._items
    with pytest.raises(KeyError, match="no concept 'nothing'"):
        concept(course, "01_background", "nothing")


def test_a_long_or_broken_concept_is_refused_with_file_and_field(tmp_path):
    raw = yaml.safe_load((DATA_DIR / "concepts.yaml").read_text(encoding="utf-8"))
    raw["concepts"][0]["text"] = "word " * (MAX_WORDS + 1)
    del raw["concepts"][1]["apply"]
    (tmp_path / "concepts.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ValueError) as err:
        read_concepts(tmp_path)
    assert "concepts[sovereignty].text" in str(err.value) and f"at most {MAX_WORDS} words" in str(err.value)
    assert "concepts[non_state_actors].apply" in str(err.value)
