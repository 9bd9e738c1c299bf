"""The notebooks run with no network at all: nbval over notebooks/ (``notebook_run`` in
``conftest.py``, the test run's one nbval run) happens in a fresh network namespace
(``unshare --net``) that has only a loopback interface; the two tests before it prove the
namespace is what it claims.

Needs root or CAP_SYS_ADMIN. In CI (env CI set) it must run; elsewhere it is skipped only
when ``unshare --net`` is not permitted, with the reason.
"""

from __future__ import annotations

import sys

import pytest

from offline_support import namespace_problem, offline, require_namespace

#: A deliberate outbound connection (a public DNS server's address: no name lookup needed).
CONNECT_OUT = (
    "import socket\n"
    "try:\n"
    "    socket.create_connection(('1.1.1.1', 443), timeout=5).close()\n"
    "except OSError as error:\n"
    "    print('blocked:', error)\n"
    "else:\n"
    "    print('connected')\n"
)


@pytest.fixture(scope="module")
def namespace():
    """Skip (or fail in CI) when this machine cannot make a network namespace; say why."""
    require_namespace(namespace_problem())


def test_the_namespace_has_no_network(namespace):
    result = offline(sys.executable, "-c", CONNECT_OUT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("blocked:"), f"an outbound connection got through: {result.stdout}"


def test_the_namespace_keeps_loopback(namespace):
    server = (
        "import socket\n"
        "s = socket.create_server(('127.0.0.1', 0)); port = s.getsockname()[1]\n"
        "socket.create_connection(('127.0.0.1', port), timeout=5).close(); print('loopback ok')\n"
    )
    result = offline(sys.executable, "-c", server, timeout=60)
    assert result.stdout.strip() == "loopback ok", result.stderr


def test_notebooks_pass_nbval_offline(notebook_run):
    require_namespace(notebook_run.offline_problem)
    assert notebook_run.result.returncode == 0, f"nbval over notebooks/ failed with no network:\n{notebook_run.tail}"
