"""Run a notebook top to bottom in a fresh kernel, from its own folder, as a student's Run All does.

The one execution helper of the tools (refresh, handouts, bench, the Binder check)::

    nb = execute(Path("notebooks/01_background.ipynb"))
    client = notebook_client(path, timeout=600)   # to hook into it (``client.on_cell_executed``)
    nb = client.execute()

Widget state is not stored (nbclient would write fresh model ids into the file every run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient


def notebook_client(path: Path, timeout: int = 300, **options: Any) -> NotebookClient:
    """An nbclient client for ``path`` (read now), set to run from the notebook's own folder."""
    path = Path(path)
    options.setdefault("kernel_name", "python3")
    return NotebookClient(
        nbformat.read(path, as_version=4),
        timeout=timeout,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
        **options,
    )


def execute(path: Path, timeout: int = 300, **options: Any) -> nbformat.NotebookNode:
    """The notebook at ``path`` after running every cell (raises on the first cell that fails)."""
    return notebook_client(path, timeout, **options).execute()
