"""A scratch copy of the handout fixture notebook for tests that run it in JupyterLab or RISE.

The browser can save what it runs; a copy keeps the committed fixture untouched. The copy
sits at the same depth as the original with ``notebooks/`` linked beside it, so it imports
lessonkit (and lessonkit finds data/) exactly as the original does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "handouts" / "handout_fixture.ipynb"


def stage_handout_fixture(root: Path) -> str:
    """Copy the fixture under ``root``, link ``root/notebooks``; return the notebook's path in ``root``."""
    relpath = FIXTURE.relative_to(ROOT)
    (root / relpath.parent).mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE, root / relpath)
    if not (root / "notebooks").exists():
        (root / "notebooks").symlink_to(ROOT / "notebooks")
    return relpath.as_posix()
