"""Check the module the way Binder runs it, without Docker: a fresh virtualenv from
binder/requirements.txt on the Python that binder/runtime.txt names, every notebook executed
in that venv's kernel, and JupyterLab serving under a Binder-style ``/user/<id>/`` prefix.

Usage: ``python -m tools.binder_check`` (builds the venv in a temporary folder; a few
minutes) or ``python -m tools.binder_check --venv build/binder-venv`` (reuses it if present).

It prints a report: install time, each notebook's run time, the kernel's peak memory
(VmHWM from /proc: what one student's kernel needs), and what the server answered under the
prefix. It exits non-zero if anything failed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lessonkit.paths import ROOT
from tools import manifest
from tools.labserver import LabServer, private_jupyter_env

#: Where the Binder check serves Lab, as Binder does (``/user/<id>/``).
BINDER_PREFIX = "/user/test-binder/"

# Runs inside the Binder venv: execute each notebook in a fresh kernel of that venv and
# report the kernel's peak resident memory, read from /proc while the kernel is alive.
# (Run from the repository's root, so ``tools`` imports as a package.)
_EXECUTE = r"""
import json, sys, time
from pathlib import Path
from tools.binder_check import vmhwm_kb
from tools.execute import notebook_client

for name in sys.argv[1:]:
    path = Path(name)
    client = notebook_client(path, timeout=600)
    peak = {}
    def on_cell_executed(cell, cell_index, execute_reply):
        peak["kb"] = vmhwm_kb(client.km.provisioner.pid)
        peak["python"] = Path(f"/proc/{client.km.provisioner.pid}/cmdline").read_bytes().split(b"\0")[0].decode()
    client.on_cell_executed = on_cell_executed
    started = time.perf_counter()
    try:
        client.execute()
        error = None
    except Exception as exc:  # report, and go on to the next notebook
        error = f"{type(exc).__name__}: {str(exc)[-800:]}"
    print(json.dumps({"notebook": path.name, "seconds": round(time.perf_counter() - started, 1),
                      "vmhwm_kb": peak.get("kb"), "kernel_python": peak.get("python"), "error": error}), flush=True)
"""


def vmhwm_kb(pid: int) -> int:
    """Peak resident memory of a process, from /proc (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1))


def probe(lab: LabServer, notebooks: list[str]) -> dict:
    """What the server answers under its prefix: the Lab page, the notebooks, a kernel, RISE."""
    status, page = lab.request("GET", "lab")
    config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    config = json.loads(config.group(1)) if config else {}
    contents_status, listing = lab.request("GET", "api/contents/notebooks")
    names = sorted(item["name"] for item in json.loads(listing).get("content", [])) if contents_status == 200 else []
    kernel_status, kernel = lab.request("POST", "api/kernels")
    if kernel_status == 201:
        lab.request("DELETE", f"api/kernels/{json.loads(kernel)['id']}")
    rise_status = lab.request("GET", f"rise/notebooks/{notebooks[0]}")[0] if notebooks else None
    return {
        "lab_status": status,
        "lab_base_url": config.get("baseUrl"),
        "extensions": sorted(e["name"] for e in config.get("federated_extensions", [])),
        "contents_status": contents_status,
        "notebooks_listed": [n for n in names if n.endswith(".ipynb")],
        "kernel_start_status": kernel_status,
        "rise_status": rise_status,
    }


def python_for_runtime() -> str:
    """The interpreter binder/runtime.txt names (``python-3.11`` -> ``python3.11``)."""
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    version = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    if not version:
        raise SystemExit(f"binder/runtime.txt: expected python-X.Y, found {runtime!r}")
    found = shutil.which(f"python{version.group(1)}")
    if not found:
        raise SystemExit(f"python{version.group(1)} (named in binder/runtime.txt) is not on PATH")
    return found


def build_venv(venv: Path) -> float:
    """A fresh venv with exactly binder/requirements.txt; returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run([python_for_runtime(), "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for extra in (["--upgrade", "pip"], ["-r", str(ROOT / "binder" / "requirements.txt")]):
        done = subprocess.run([*pip, *extra], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"pip install {' '.join(extra)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return time.perf_counter() - started


def execute_all(python: Path, notebooks: list[Path], workdir: Path) -> list[dict]:
    env = private_jupyter_env(workdir)
    done = subprocess.run(
        [str(python), "-c", _EXECUTE, *map(str, notebooks)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or len(results) != len(notebooks):
        raise RuntimeError(f"notebook runner failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, help="venv folder to build (or reuse if it exists)")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    notebooks = args.notebooks or manifest.paths()
    scratch = Path(tempfile.mkdtemp(prefix="binder-check-"))
    venv = (args.venv or scratch / "venv").absolute()
    failures = []
    try:
        if (venv / "bin" / "python").exists():
            print(f"venv: reusing {venv}")
        else:
            print(f"venv: building {venv} from binder/requirements.txt with {python_for_runtime()} …", flush=True)
            print(f"venv: installed in {build_venv(venv):.0f} s")
        python = venv / "bin" / "python"
        print("venv: " + subprocess.run([str(python), "--version"], capture_output=True, text=True).stdout.strip())

        results = execute_all(python, notebooks, scratch / "run")
        for r in results:
            mib = f"{r['vmhwm_kb'] / 1024:.0f} MiB" if r["vmhwm_kb"] else "?"
            state = "ok" if not r["error"] else f"FAILED: {r['error']}"
            print(f"run: {r['notebook']:<32} {r['seconds']:>6.1f} s  kernel peak RSS {mib:>8}  {state}")
            if r["error"]:
                failures.append(r["notebook"])
        kernel_pythons = {r["kernel_python"] for r in results}
        print(f"run: kernel interpreter {', '.join(map(str, kernel_pythons))}")
        if any(p and not str(p).startswith(str(venv)) for p in kernel_pythons):
            failures.append("kernel did not run on the Binder venv's Python")
        heaviest = max(results, key=lambda r: r["vmhwm_kb"] or 0)
        if heaviest["vmhwm_kb"]:
            print(
                f"memory: one student's kernel needs about {heaviest['vmhwm_kb'] / 1024:.0f} MiB at peak "
                f"(VmHWM after {heaviest['notebook']}; the Lab server comes on top)"
            )

        with LabServer(scratch / "lab", ROOT, python=python, prefix=BINDER_PREFIX) as lab:
            answer = probe(lab, [p.name for p in notebooks])
            server_kb = vmhwm_kb(lab.process.pid)
        print(f"server: {lab.prefix}lab -> {answer['lab_status']} (baseUrl {answer['lab_base_url']})")
        print(
            f"server: {lab.prefix}api/contents/notebooks -> {answer['contents_status']}, "
            f"{len(answer['notebooks_listed'])} notebooks: {', '.join(answer['notebooks_listed'])}"
        )
        print(f"server: {lab.prefix}api/kernels (POST) -> {answer['kernel_start_status']}")
        print(f"server: {lab.prefix}rise/notebooks/{notebooks[0].name} -> {answer['rise_status']}")
        print(f"server: extensions {', '.join(answer['extensions'])}")
        print(
            f"memory: the JupyterLab server itself peaked at {server_kb / 1024:.0f} MiB (VmHWM, after these requests)"
        )
        expected = {p.name for p in notebooks if p.parent == ROOT / "notebooks"}
        if (
            (answer["lab_status"], answer["contents_status"], answer["kernel_start_status"]) != (200, 200, 201)
            or answer["lab_base_url"] != lab.prefix
            or not expected <= set(answer["notebooks_listed"])
        ):
            failures.append("server under the prefix")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("binder check: " + ("OK" if not failures else f"FAILED ({'; '.join(failures)})"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
