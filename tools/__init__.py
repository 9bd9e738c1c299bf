"""Maintainers' tools, run from the repository's root as modules: ``python -m tools.handouts …``.

They import ``lessonkit`` from ``notebooks/``: the Makefile sets ``PYTHONPATH=notebooks`` (by hand:
``PYTHONPATH=notebooks python -m tools.answer_key build/answer-key.md``).
"""
