"""Committed notebooks are clean: nothing personal, nothing that churns, nothing heavy.

The widget-state, execution-timing, ignored-output and error-output rules live in
``notebook_rules.py`` (run on every notebook by ``test_notebook_structure.py``); this file
adds what a notebook picks up when someone opens and saves it in an editor: notebook and
cell metadata beyond what ``tools/refresh_notebooks.py`` keeps, another kernel, the Python
version, images or rich outputs stored next to the text outputs, paths from someone's
machine, cell ids that are not the refresh tool's. The fixtures in ``fixtures/hygiene/``
prove each rule can fail.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

import notebook_rules
from tools import manifest
from tools import refresh_notebooks as refresh

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = manifest.paths()
FIXTURES = ROOT / "tests" / "fixtures" / "hygiene"
#: Committed notebooks should stay small: figure and widget outputs are not stored.
MAX_BYTES = 400_000


#: Output types nbval compares as text; anything else stored is an editor's leftover.
TEXT_MIME = {"text/plain", "text/markdown", "text/html"}
_LOCAL_PATH = re.compile(r"(/home/|/root/|/Users/|/tmp/|[A-Z]:\\\\Users\\\\)")


def only_kept_notebook_metadata(nb) -> list[str]:
    extra = sorted(set(nb.metadata) - refresh.KEEP_NOTEBOOK_METADATA)
    return [f"notebook metadata has {key!r} (keep only {sorted(refresh.KEEP_NOTEBOOK_METADATA)})" for key in extra]


def only_kept_cell_metadata(nb) -> list[str]:
    return [
        f"cell {i}: metadata has {key!r} (keep only {sorted(refresh.KEEP_CELL_METADATA)})"
        for i, cell in enumerate(nb.cells)
        for key in sorted(set(cell.metadata) - refresh.KEEP_CELL_METADATA)
    ]


def python3_kernel(nb) -> list[str]:
    name = nb.metadata.get("kernelspec", {}).get("name")
    return [] if name == refresh.KERNELSPEC["name"] else [f"kernelspec is {name!r}, not 'python3'"]


def no_python_version(nb) -> list[str]:
    version = nb.metadata.get("language_info", {}).get("version")
    return [f"language_info records Python {version} (it changes from machine to machine)"] if version else []


def text_outputs_only(nb) -> list[str]:
    problems = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            rich = sorted(set(output.get("data", {})) - TEXT_MIME)
            if rich:
                problems.append(f"cell {index}: stored output {rich} (only text outputs are committed)")
    return problems


def no_local_paths(nb) -> list[str]:
    problems = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")] + [v for v in output.get("data", {}).values() if isinstance(v, str)]
            found = {m.group(0) for text in texts for m in _LOCAL_PATH.finditer("".join(text))}
            if found:
                problems.append(f"cell {index}: output shows a path from someone's machine ({sorted(found)})")
    return problems


def normalised(nb) -> list[str]:
    """The refresh tool's normalisation changes nothing (ids, metadata, ignored outputs)."""
    clean = refresh.normalise(copy.deepcopy(nb))
    changed = [i for i, (a, b) in enumerate(zip(nb.cells, clean.cells)) if a != b]
    if nb.metadata != clean.metadata:
        changed.insert(0, "notebook metadata")
    return [f"not as `make refresh` writes it (differs at {changed[:5]})"] if changed else []


HYGIENE = {
    rule.__name__: rule
    for rule in (
        only_kept_notebook_metadata,
        only_kept_cell_metadata,
        python3_kernel,
        no_python_version,
        text_outputs_only,
        no_local_paths,
        normalised,
    )
}
#: The rules notebook_rules.py already has, reused (not repeated) for the combined fixture.
SHARED = {
    rule.__name__: rule
    for rule in (
        notebook_rules.no_volatile_metadata,
        notebook_rules.no_outputs_in_ignored_cells,
        notebook_rules.no_error_outputs,
    )
}


def check(nb, rules=HYGIENE) -> dict[str, list[str]]:
    return {name: problems for name, rule in rules.items() if (problems := rule(nb))}


def read(path: Path):
    return nbformat.read(path, as_version=4)


#: Fixture -> the hygiene rules that must report it (a fault often breaks `normalised` too).
FAULTS = {
    "personal_notebook_metadata": {"only_kept_notebook_metadata", "normalised"},
    "editor_cell_metadata": {"only_kept_cell_metadata", "normalised"},
    "other_kernel": {"python3_kernel", "normalised"},
    "python_version_recorded": {"no_python_version", "normalised"},
    "image_output_stored": {"text_outputs_only"},
    "local_path_in_output": {"no_local_paths"},
    "cell_id_not_normalised": {"normalised"},
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebook_is_clean(path):
    found = check(read(path))
    assert not found, f"{path.name}:\n" + "\n".join(p for problems in found.values() for p in problems)
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size / 1024:.0f} KB"


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS, "notebooks/ holds no .ipynb"


def test_clean_fixture_passes():
    assert check(read(FIXTURES / "clean.ipynb"), {**HYGIENE, **SHARED}) == {}


def test_every_fixture_is_listed():
    assert {p.stem for p in FIXTURES.glob("*.ipynb")} == set(FAULTS) | {"clean", "everything_wrong"}


@pytest.mark.parametrize("fixture, rules", sorted(FAULTS.items()))
def test_rule_reports_its_fault(fixture, rules):
    found = check(read(FIXTURES / f"{fixture}.ipynb"))
    assert set(found) == rules, found


def test_everything_wrong_is_reported_by_every_rule_that_applies():
    found = check(read(FIXTURES / "everything_wrong.ipynb"), {**HYGIENE, **SHARED})
    assert set(found) >= {
        "no_volatile_metadata",
        "no_outputs_in_ignored_cells",
        "no_error_outputs",
        "only_kept_notebook_metadata",
        "only_kept_cell_metadata",
        "normalised",
    }, found
    assert any("'widgets'" in p for p in found["no_volatile_metadata"])
    assert any("'execution'" in p for p in found["no_volatile_metadata"])
