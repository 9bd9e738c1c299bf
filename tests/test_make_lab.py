"""`make lab` works as root: JupyterLab refuses root without --allow-root, so the Makefile adds it
for root and only for root (the fixture: the same dry run as an ordinary user)."""

import os
import shutil
import subprocess

import pytest

from lessonkit.paths import ROOT


def lab_command(*prefix: str) -> str:
    # -o: take the virtualenv as installed, so a dry run never reinstalls it
    done = subprocess.run(
        [*prefix, "make", "-s", "-n", "lab", "-o", ".venv/.run-installed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return next(line for line in done.stdout.splitlines() if "jupyter lab" in line)


def test_make_lab_allows_root_exactly_when_root():
    assert ("--allow-root" in lab_command()) == (os.getuid() == 0)


@pytest.mark.skipif(os.getuid() != 0 or shutil.which("setpriv") is None, reason="needs root to become another user")
def test_make_lab_as_an_ordinary_user_does_not_allow_root():
    assert "--allow-root" not in lab_command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
