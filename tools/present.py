"""Show one notebook on the projector as a clean page: no code, large type, the quizzes live.

Usage: ``python tools/present.py notebooks/02_the_visit.ipynb`` (or
``make present NOTEBOOK=notebooks/02_the_visit.ipynb``), then open the address it prints.

The page is served by Voilà with the ``projector`` template (``presentation/voila/templates/``):
Voilà's lab template without its two Font Awesome links to a CDN, so nothing is asked of the
internet. Every page load runs the notebook in a fresh kernel.

- A closed page's kernel is culled once it has been idle with no page connected for
  ``CULL_IDLE`` seconds (a page closed normally shuts its kernel down at once).
- Ctrl+C stops the server: Voilà runs in its own session, and one Ctrl+C here asks it to stop
  (SIGTERM: it shuts its kernels down), then kills it if it has not stopped in ``STOP_WAIT`` s.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from lessonkit.paths import ROOT

TEMPLATES = ROOT / "presentation"  # holds voila/templates/projector
TEMPLATE = "projector"
#: Seconds a kernel may sit idle with no page connected before it is shut down, and how often to look.
#: Well above the time a loading page takes to connect once its cells have run (tens of seconds on a
#: busy machine): a shorter time culls the kernel of a page still loading, whose quiz then never comes.
CULL_IDLE, CULL_INTERVAL = 120, 30
#: Seconds Voilà gets to stop its kernels after Ctrl+C before it is killed.
STOP_WAIT = 20


def voila_command(
    notebook: Path,
    port: int,
    ip: str = "127.0.0.1",
    open_browser: bool = False,
    token: str | None = None,
    cull_idle: int = CULL_IDLE,
    cull_interval: int = CULL_INTERVAL,
) -> list[str]:
    """The ``voila`` command line that serves ``notebook`` with the projector template."""
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--template={TEMPLATE}",
        "--theme=light",
        "--strip_sources=True",
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--Voila.port_retries=0",
        # An error in a cell shows a short message, not a traceback on the wall.
        "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
    ]
    if not open_browser:
        command.append("--no-browser")
    if token is not None:
        command.append(f"--token={token}")
    return command


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the projector template on the Jupyter path."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATES), env.get("JUPYTER_PATH", "")) if p)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path, help="for example notebooks/02_the_visit.ipynb")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--open", action="store_true", help="open the page in the default browser")
    parser.add_argument("--token", default=None, help="ask pages for this token (default: Voilà's own choice)")
    args = parser.parse_args(argv)
    if not args.notebook.is_file():
        parser.error(f"{args.notebook}: no such notebook")
    print(f"Presenting {args.notebook.name} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)", flush=True)
    server = subprocess.Popen(
        voila_command(args.notebook.resolve(), args.port, open_browser=args.open, token=args.token),
        cwd=args.notebook.resolve().parent,
        env=voila_env(),
        start_new_session=True,  # Ctrl+C reaches this process only, which then stops Voilà once
    )
    try:
        return server.wait()
    except KeyboardInterrupt:
        print("Stopping the server and its kernels…", flush=True)
        return stop(server)


def stop(server: subprocess.Popen, wait: float = STOP_WAIT) -> int:
    """Ask Voilà to stop (it shuts its kernels down); kill its whole session if it has not in ``wait`` s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
