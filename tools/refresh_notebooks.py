"""Re-run notebooks in a fresh kernel and store clean, reproducible outputs.

Usage: ``python tools/refresh_notebooks.py notebooks/*.ipynb`` (or ``make refresh``).

What is stored: the text outputs nbval compares. What is removed: outputs of cells
tagged ``nbval-ignore-output`` (figures and widgets, which are large and re-render
anyway), widget state, execution timings and any personal or editor metadata.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
KEEP_NOTEBOOK_METADATA = {"kernelspec", "language_info"}
KEEP_CELL_METADATA = {"tags", "slideshow", "jupyter"}  # jupyter: source_hidden folds a cell's code


def merge_streams(outputs: list) -> list:
    """Join neighbouring stdout (or stderr) chunks: how a print is split depends on timing."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip everything that changes run to run or names a person or an editor."""
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.get("language_info", {}).pop("version", None)
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{number:03d}"
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if cell.cell_type != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            cell.outputs = []
            cell.execution_count = None
        cell.outputs = merge_streams(cell.outputs)
    return nb


def refresh(path: Path, timeout: int = 300) -> None:
    """Execute one notebook from its own folder and write it back normalised."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nbformat.validate(normalise(nb))
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
