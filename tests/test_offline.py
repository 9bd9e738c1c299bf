"""The notebooks run with no network at all: nbval over notebooks/ in a fresh network
namespace (``unshare --net``) that has only a loopback interface.

Needs root or CAP_SYS_ADMIN. In CI (env CI set) it must run; elsewhere it is skipped only
when ``unshare --net`` is not permitted, with the reason.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Inside the namespace: bring loopback up (kernels talk to Jupyter over 127.0.0.1), then run.
LOOPBACK_UP = "ip link set lo up && exec "

#: A deliberate outbound connection (a public DNS server's address: no name lookup needed).
CONNECT_OUT = ("import socket\n"
               "try:\n"
               "    socket.create_connection(('1.1.1.1', 443), timeout=5).close()\n"
               "except OSError as error:\n"
               "    print('blocked:', error)\n"
               "else:\n"
               "    print('connected')\n")


def offline(*command: str, timeout: int) -> subprocess.CompletedProcess:
    """Run ``command`` from the repository root in a new network namespace with loopback up."""
    script = LOOPBACK_UP + shlex.join(command)
    return subprocess.run(["unshare", "--net", "sh", "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def namespace():
    """Skip (or fail in CI) when this machine cannot make a network namespace; say why."""
    missing = [tool for tool in ("unshare", "ip") if shutil.which(tool) is None]
    if missing:
        reason = f"{' and '.join(missing)} not found (apt-get install util-linux iproute2)"
    else:
        probe = subprocess.run(["unshare", "--net", "sh", "-c", "ip link set lo up"],
                               capture_output=True, text=True)
        if probe.returncode == 0:
            return
        reason = f"`unshare --net` is not permitted here: {probe.stderr.strip()} (needs root or CAP_SYS_ADMIN)"
    if os.environ.get("CI"):
        pytest.fail(reason + "; CI must run the offline test", pytrace=False)
    pytest.skip(reason)


def test_the_namespace_has_no_network(namespace):
    result = offline(sys.executable, "-c", CONNECT_OUT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("blocked:"), f"an outbound connection got through: {result.stdout}"


def test_the_namespace_keeps_loopback(namespace):
    server = ("import socket\n"
              "s = socket.create_server(('127.0.0.1', 0)); port = s.getsockname()[1]\n"
              "socket.create_connection(('127.0.0.1', port), timeout=5).close(); print('loopback ok')\n")
    result = offline(sys.executable, "-c", server, timeout=60)
    assert result.stdout.strip() == "loopback ok", result.stderr


def test_notebooks_pass_nbval_offline(namespace):
    assert NOTEBOOKS, "no notebooks in notebooks/"
    result = offline(sys.executable, "-m", "pytest", "notebooks", "-p", "no:cacheprovider", "-q",
                     timeout=1800)
    tail = (result.stdout + result.stderr)[-6000:]
    assert result.returncode == 0, f"nbval over notebooks/ failed with no network:\n{tail}"
    print(result.stdout.strip().splitlines()[-1])
