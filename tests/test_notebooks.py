"""Every notebook runs top to bottom and shows the text outputs stored in it (nbval), run once
per test run by ``notebook_run`` in ``conftest.py``: inside a network namespace when the
machine can make one, so the same run proves the notebooks need no network
(``test_offline.py``), and the handouts are rendered from it (``test_handouts.py``).

One notebook by hand: ``python -m pytest notebooks/01_background.ipynb``.
"""

from __future__ import annotations

from tools import manifest

NOTEBOOKS = manifest.paths()


def test_notebooks_pass_nbval(notebook_run):
    assert notebook_run.result.returncode == 0, f"nbval over notebooks/ failed:\n{notebook_run.tail}"


def test_every_notebook_was_run_and_kept(notebook_run, executed_notebooks):
    assert sorted(executed_notebooks) == sorted(p.stem for p in NOTEBOOKS), notebook_run.tail
