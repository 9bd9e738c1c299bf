"""A pytest plugin for nbval runs: ``-p nbval_record --executed-to DIR`` writes each notebook, as
nbval has just run it (the outputs it received), to ``DIR/<name>.ipynb``.

``tests/conftest.py`` runs nbval over notebooks/ once with it, and the handouts are built from
these copies, so one execution of each notebook proves both (see ``notebook_run``).
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
from nbval.plugin import IPyNbCell


def pytest_addoption(parser):
    parser.addoption("--executed-to", default=None, help="write every notebook nbval ran, with its outputs, here")


def pytest_sessionfinish(session):
    folder = session.config.getoption("--executed-to")
    if not folder:
        return
    notebooks: dict = {}
    for item in session.items:
        if isinstance(item, IPyNbCell):
            notebooks.setdefault(item.parent, []).append(item)
    for parent, cells in notebooks.items():
        nb = copy.deepcopy(parent.nb)
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        for cell in code:  # only what ran this time, never the outputs stored in the file
            cell.outputs = []
        for item in cells:
            if item.test_outputs is not None:  # None: the cell was skipped or never ran
                code[item.cell_num].outputs = copy.deepcopy(item.test_outputs)
        Path(folder).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, Path(folder) / Path(str(parent.path)).name)
