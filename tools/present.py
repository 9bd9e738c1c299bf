"""Show one notebook on the projector as a clean page: no code, large type, the quizzes live.

Usage: ``python tools/present.py notebooks/02_the_visit.ipynb`` (or
``make present NOTEBOOK=notebooks/02_the_visit.ipynb``), then open the address it prints.

The page is served by Voilà with the ``projector`` template (``presentation/voila/templates/``):
Voilà's lab template without its two Font Awesome links to a CDN, so nothing is asked of the
internet. Every cell runs in a fresh kernel when the page opens; Ctrl+C stops the server.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from lessonkit.paths import ROOT

TEMPLATES = ROOT / "presentation"  # holds voila/templates/projector
TEMPLATE = "projector"


def voila_command(
    notebook: Path, port: int, ip: str = "127.0.0.1", open_browser: bool = False, token: str | None = None
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
    args = parser.parse_args(argv)
    if not args.notebook.is_file():
        parser.error(f"{args.notebook}: no such notebook")
    print(f"Presenting {args.notebook.name} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)", flush=True)
    try:
        return subprocess.call(
            voila_command(args.notebook.resolve(), args.port, open_browser=args.open),
            cwd=args.notebook.resolve().parent,
            env=voila_env(),
        )
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
