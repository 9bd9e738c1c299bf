"""Every notebook follows the module's structure rules (no kernel, no browser).

The rules live in ``notebook_rules.py``; the fixtures in ``fixtures/structure/`` prove that
each rule can fail: each is named after its one fault and must be reported by its rule only.
"""

from pathlib import Path

import pytest

import notebook_rules as rules
from tools import manifest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = manifest.paths()
FIXTURES = ROOT / "tests" / "fixtures" / "structure"

#: Fixture notebook -> the one rule that must report it (fixtures are lessons, so every rule applies).
FAULTS = {
    "two_h1": "one_title_in_first_cell",
    "title_not_in_first_cell": "one_title_in_first_cell",
    "skipped_heading_level": "no_skipped_heading_levels",
    "image_without_alt_text": "images_have_alt_text",
    "html_image_without_alt_text": "images_have_alt_text",
    "figure_without_text_alternative": "figures_have_text_alternative",
    "text_alternative_not_compared": "figures_have_text_alternative",
    "figure_without_ignore_output_tag": "figures_and_widgets_ignore_output",
    "widget_without_ignore_output_tag": "figures_and_widgets_ignore_output",
    "lesson_missing_discuss": "lesson_sections",
    "widget_state_left_in": "no_volatile_metadata",
    "execution_timing_left_in": "no_volatile_metadata",
    "output_in_ignored_cell": "no_outputs_in_ignored_cells",
    "error_output_stored": "no_error_outputs",
    "unescaped_dollar_signs": "dollar_signs_are_escaped",
    "dollar_escaped_with_one_backslash": "dollar_signs_are_escaped",
    "text_box_without_its_question": "text_boxes_follow_their_question",
}


def test_the_module_has_its_notebooks():
    names = [p.stem for p in NOTEBOOKS]
    assert names and names[0].startswith("00_"), f"notebooks/ holds {names}"
    assert manifest.lessons(), "notebooks/manifest.yaml lists no lesson"


def _cases():
    for path in NOTEBOOKS:
        applicable = {**rules.RULES, **(rules.LESSON_RULES if rules.is_lesson(path) else {})}
        for rule in sorted(applicable):
            yield pytest.param(path, applicable[rule], id=f"{path.stem}-{rule}")


@pytest.mark.parametrize("path, rule", list(_cases()))
def test_notebook_follows_rule(path, rule):
    problems = rule(rules.read(path))
    assert not problems, f"{path.name} breaks {rule.__name__}:\n" + "\n".join(problems)


def test_every_fault_fixture_is_listed():
    on_disk = {p.stem for p in FIXTURES.glob("*.ipynb")} - {"good_lesson"}
    assert on_disk == set(FAULTS)


def test_good_lesson_fixture_passes_every_rule():
    assert rules.check(rules.read(FIXTURES / "good_lesson.ipynb"), lesson=True) == {}


@pytest.mark.parametrize("fixture, rule", sorted(FAULTS.items()))
def test_rule_reports_its_fault(fixture, rule):
    found = rules.check(rules.read(FIXTURES / f"{fixture}.ipynb"), lesson=True)
    assert set(found) == {rule}, found
    assert all(problem.strip() for problem in found[rule])


def test_lesson_sections_are_matched_by_heading_not_by_word():
    nb = rules.read(FIXTURES / "good_lesson.ipynb")
    (discuss,) = [c for c in nb.cells if c.source.startswith("## Discuss")]
    discuss.source = "We will discuss this. ## Discuss is not a heading here.\n\n## Summary\n\n## What's next"
    assert rules.lesson_sections(nb) == ["missing section heading 'Discuss'"]


def test_a_folded_text_version_counts_as_the_text_alternative_only_with_a_stored_output():
    nb = rules.read(FIXTURES / "good_lesson.ipynb")
    (figure,) = [i for i, c in enumerate(nb.cells) if "figure" in rules.tags(c)][:1]
    name = nb.cells[figure + 1].source.split("print(")[1].split(".summary")[0]
    nb.cells[figure + 1].source = f"{name}.text_version"
    nb.cells[figure + 1].outputs = [
        {
            "output_type": "execute_result",
            "execution_count": 1,
            "metadata": {},
            "data": {"text/plain": "A summary.", "text/html": "<details>…</details>"},
        }
    ]
    assert rules.figures_have_text_alternative(nb) == []
    nb.cells[figure + 1].outputs = []
    assert rules.figures_have_text_alternative(nb) == [
        f"cell {figure + 1}: the text alternative has no stored output for nbval to compare"
    ]
