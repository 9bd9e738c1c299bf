"""A network namespace with only loopback (``unshare --net``): commands run there cannot reach
the internet, so a notebook that passes there needs no network.

Needs root or CAP_SYS_ADMIN. ``namespace_problem()`` says why it cannot be made here (None
when it can); callers skip with that reason, or fail when the environment variable CI is set.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Inside the namespace: bring loopback up (kernels talk to Jupyter over 127.0.0.1), then run.
LOOPBACK_UP = "ip link set lo up && exec "


def namespace_problem() -> str | None:
    """Why this machine cannot make a network namespace, or None if it can."""
    missing = [tool for tool in ("unshare", "ip") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not found (apt-get install util-linux iproute2)"
    probe = subprocess.run(["unshare", "--net", "sh", "-c", "ip link set lo up"], capture_output=True, text=True)
    if probe.returncode:
        return f"`unshare --net` is not permitted here: {probe.stderr.strip()} (needs root or CAP_SYS_ADMIN)"
    return None


def require_namespace(problem: str | None) -> None:
    """Skip with ``problem`` (or fail when CI is set, so CI cannot pass by skipping)."""
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(problem + "; CI must run the offline tests", pytrace=False)
    pytest.skip(problem)


def offline_command(*command: str) -> list[str]:
    """``command`` wrapped to run in a new network namespace with loopback up."""
    return ["unshare", "--net", "sh", "-c", LOOPBACK_UP + shlex.join(command)]


def offline(*command: str, timeout: int, **options) -> subprocess.CompletedProcess:
    """Run ``command`` from the repository root in a new network namespace with loopback up."""
    return subprocess.run(
        offline_command(*command), cwd=ROOT, capture_output=True, text=True, timeout=timeout, **options
    )
