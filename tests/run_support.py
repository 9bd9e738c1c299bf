"""Run a tool or a Python snippet in a subprocess that imports what pytest imports
(``lessonkit`` from notebooks/, the helpers in tests/, ``tools`` from the root)::

    done = run_tool("answer_key", "build/answer-key.md")   # python -m tools.answer_key …
    subprocess.run([sys.executable, "-c", code], env=tool_env(), cwd=ROOT)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tool_env(**extra: str) -> dict[str, str]:
    """This environment with PYTHONPATH set as pyproject.toml's pytest ``pythonpath`` (and the Makefile)."""
    paths = [str(ROOT / "notebooks"), str(ROOT / "tests")]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), **extra}


def run_tool(name: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """``python -m tools.<name> args…`` from the repository's root; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", f"tools.{name}", *args],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
