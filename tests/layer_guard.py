"""A pytest plugin that keeps the fast layer fast by what its tests do, not by their names.

For a test marked neither ``kernel`` nor ``browser``, during its setup, call and teardown:

- starting a Jupyter kernel in this process (jupyter_client's local provisioner, which
  nbclient, nbval and every KernelManager go through) raises :class:`LayerError`;
- so does launching Chromium through Playwright;
- a kernel started by a child process (``python -m tools.x``, a Jupyter server) finds the
  ``python3`` kernel spec replaced by one that prints the same message and exits, so its
  client fails too (``JUPYTER_PATH`` points at it while the test runs).

``tests/conftest.py`` loads it; ``tests/test_layers.py`` proves each guard fires.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest

#: Marks that allow a test to start kernels or browsers.
SLOW_MARKS = ("kernel", "browser")

MESSAGE = (
    "{what} in a test marked neither `kernel` nor `browser` (the fast layer, make test-fast): "
    "mark it @pytest.mark.kernel or @pytest.mark.browser, or give it a fixture that is "
    "(tests/conftest.py: KERNEL_FIXTURES)"
)


class LayerError(RuntimeError):
    """A fast test started a kernel or a browser."""


def _refuse(what: str, is_async: bool = False):
    def refuse(*args, **kwargs):
        raise LayerError(MESSAGE.format(what=what))

    async def refuse_async(*args, **kwargs):
        refuse()

    return refuse_async if is_async else refuse


def _guard_kernel_specs() -> Path:
    """A folder holding a ``python3`` kernel spec that refuses to start (for child processes)."""
    folder = Path(tempfile.mkdtemp(prefix="fast-layer-kernels-"))
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    code = f"import sys; sys.exit({MESSAGE.format(what='A kernel started by a child process')!r})"
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": [sys.executable, "-c", code], "display_name": "fast layer", "language": "python"})
    )
    return folder


_SPECS: list[Path] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if any(item.get_closest_marker(mark) for mark in SLOW_MARKS):
        yield
        return
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner
    from playwright.sync_api._generated import BrowserType

    if not _SPECS:
        _SPECS.append(_guard_kernel_specs())
    patch = pytest.MonkeyPatch()
    patch.setattr(LocalProvisioner, "launch_kernel", _refuse("A Jupyter kernel was started", is_async=True))
    patch.setattr(BrowserType, "launch", _refuse("Chromium was launched"))
    patch.setattr(BrowserType, "launch_persistent_context", _refuse("Chromium was launched"))
    patch.setenv("JUPYTER_PATH", str(_SPECS[0]))
    try:
        yield
    finally:
        patch.undo()
