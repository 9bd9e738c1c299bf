"""A private JupyterLab server on 127.0.0.1: a token, its own config and state, no outside calls.

One place for starting Lab, used by the browser tests (``tests/browser/labdriver.py``), the
benchmark and the Binder check (which serves under a ``/user/<id>/`` prefix from another
virtualenv's Python). Standard library only, so the Binder check needs no dev install.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from lessonkit.paths import ROOT

LOCAL_HOST = "127.0.0.1"

#: JupyterLab plugins that would cover the page or call home: the news toast.
DISABLED_PLUGINS = {"@jupyterlab/apputils-extension:announcements": True}

#: User settings: never write a notebook back (autosave would store outputs and widget state
#: in the committed files after two minutes).
USER_SETTINGS = {"@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCAL_HOST, 0))
        return sock.getsockname()[1]


def private_jupyter_env(workdir: Path) -> dict[str, str]:
    """This process's environment with no outside Jupyter config, kernels or extensions, no
    active virtualenv and no PYTHONPATH: only the interpreter's own install and ``workdir`` count."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHON"))}
    for name, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ]:
        (Path(workdir) / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(Path(workdir) / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


class LabServer:
    """JupyterLab run by ``python`` under ``prefix`` (``/``, or Binder's ``/user/<id>/``),
    serving ``root_dir``, with its config and state in ``workdir``. A context manager."""

    def __init__(self, workdir: Path, root_dir: Path = ROOT, python: Path | str = sys.executable, prefix: str = "/"):
        self.workdir = Path(workdir)
        self.root_dir = Path(root_dir)
        self.python = str(python)
        self.prefix = prefix
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.log_path = self.workdir / "jupyterlab.log"
        self.process: subprocess.Popen | None = None
        self._log = None
        #: No proxy: the server is on this machine even when the environment names a proxy.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    @property
    def origin(self) -> str:
        return f"http://{LOCAL_HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """The server's root address, prefix included."""
        return self.origin + self.prefix

    def url(self, path: str) -> str:
        """An address in Lab, with the token (which also sets the login cookie)."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path.lstrip('/')}{sep}token={self.token}"

    def request(self, method: str, path: str) -> tuple[int, str]:
        """(HTTP status, body) of a token-authenticated request to ``path`` under the prefix."""
        request = urllib.request.Request(
            self.base_url + path.lstrip("/"), method=method, headers={"Authorization": f"token {self.token}"}
        )
        try:
            with self._opener.open(request, timeout=20) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def api(self, method: str, path: str):
        """The JSON a REST call answers; raises if the server refuses it."""
        status, body = self.request(method, path)
        if status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {status}: {body[:300]}")
        return json.loads(body) if body else None

    def start(self, timeout: float = 120) -> LabServer:
        env = private_jupyter_env(self.workdir)
        labconfig = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": DISABLED_PLUGINS}))
        for name, settings in USER_SETTINGS.items():
            target = self.workdir / "user-settings" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(settings))
        command = [
            self.python,
            "-m",
            "jupyterlab",
            "--allow-root",
            "--no-browser",
            "--ServerApp.open_browser=False",
            f"--ServerApp.ip={LOCAL_HOST}",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.base_url={self.prefix}",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
            f"--LabApp.user_settings_dir={self.workdir / 'user-settings'}",
            f"--LabApp.workspaces_dir={self.workdir / 'workspaces'}",
            # Checkpoints (written when a notebook is opened) go here, not beside the notebooks.
            f"--FileCheckpoints.checkpoint_dir={self.workdir / 'checkpoints'}",
        ]
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(command, cwd=self.root_dir, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                if self.request("GET", "api/status")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(
            f"JupyterLab did not answer under {self.prefix} in {timeout:.0f} s:\n{self.log_path.read_text()[-3000:]}"
        )

    def delete_sessions(self, path: str | None = None) -> None:
        """Shut down kernel sessions (all, or the one for ``path``) so the next run starts fresh."""
        for session in self.api("GET", "api/sessions"):
            if path is None or session.get("path") == path:
                self.api("DELETE", f"api/sessions/{session['id']}")
        if path is None:
            for kernel in self.api("GET", "api/kernels"):
                self.api("DELETE", f"api/kernels/{kernel['id']}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
