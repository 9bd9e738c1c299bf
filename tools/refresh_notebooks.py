"""Re-run notebooks in a fresh kernel and store clean, reproducible outputs.

Usage: ``python -m tools.refresh_notebooks notebooks/*.ipynb`` (or ``make refresh``).

What is stored: the text outputs nbval compares. What is removed: outputs of cells
tagged ``nbval-ignore-output`` (figures and widgets, which are large and re-render
anyway), widget state, execution timings and any personal or editor metadata.

The cleaning is nbconvert's own preprocessors (metadata, tagged outputs, split streams); only
the kernel name, the Python version and the cell ids are set here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor, CoalesceStreamsPreprocessor, TagRemovePreprocessor

from tools.execute import execute

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
KEEP_NOTEBOOK_METADATA = {"kernelspec", "language_info"}
KEEP_CELL_METADATA = {"tags", "slideshow", "jupyter"}  # jupyter: source_hidden folds a cell's code


class ClearEveryCellsMetadata(ClearMetadataPreprocessor):
    """nbconvert's metadata cleaner, applied to Markdown cells too (it clears only code cells)."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell.metadata = dict(self.nested_filter(cell.metadata.items(), self.preserve_cell_metadata_mask))
        return cell, resources


PREPROCESSORS = (
    ClearEveryCellsMetadata(
        preserve_nb_metadata_mask=KEEP_NOTEBOOK_METADATA, preserve_cell_metadata_mask=KEEP_CELL_METADATA
    ),
    TagRemovePreprocessor(remove_all_outputs_tags={"nbval-ignore-output"}),
    CoalesceStreamsPreprocessor(),  # how a print is split into chunks depends on timing
)


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip everything that changes run to run or names a person or an editor."""
    for preprocessor in PREPROCESSORS:
        nb, _ = preprocessor.preprocess(nb, {})
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.get("language_info", {}).pop("version", None)
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{number:03d}"
        if cell.cell_type != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    return nb


def refresh(path: Path, timeout: int = 300) -> None:
    """Execute one notebook from its own folder and write it back normalised."""
    nb = normalise(execute(path, timeout))
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        print(f"refreshing {path}", flush=True)
        refresh(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
