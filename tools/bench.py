"""Speed, memory and size of the notebooks, each against a floor measured in the same run.

Usage: ``python -m tools.bench`` (or ``make bench``); ``--no-browser`` skips the JupyterLab
timings, ``--repeat N`` sets how many times each timing is taken. Prints a table with each
figure's target and PASS or OVER; asserts nothing.

The floor (``tests/fixtures/bench/floor.ipynb``) is the least a lesson does: import pandas,
plotly and ipywidgets and show one figure. Ratios against it cancel out most of the
machine's speed; timings are interleaved (floor, notebooks, floor, notebooks …) and the
fastest of the repeats is kept, which cancels most of the noise of a busy machine.

- nbval: wall time of ``pytest --nbval notebooks/`` against as many copies of the floor.
- memory: peak resident memory (VmHWM) of each notebook's kernel, run with nbclient,
  against the floor's kernel.
- size: each notebook as committed (the blob at HEAD; the file on disk if uncommitted).
- browser: seconds from opening each notebook in JupyterLab to its first drawn figure and
  to all cells done, against the floor notebook opened the same way.
- venv: the installed size of ``.venv``.
- class report: seconds for 200 students' saved answers in every quiz, and the page's size
  for 30 (``tools/class_report_bench.py``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client import KernelManager

from tools import manifest
from tools.execute import notebook_client

ROOT = Path(__file__).resolve().parents[1]
FLOOR = ROOT / "tests" / "fixtures" / "bench" / "floor.ipynb"

TARGETS = {"nbval": 1.5, "memory": 1.3, "size_kb": 400, "browser": 1.5}


@dataclass
class Row:
    what: str
    value: str
    target: str
    ok: bool | None  # None: reported only, no target

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("PASS" if self.ok else "OVER")


def ratio_row(what: str, value: float, floor: float, target: float, unit: str) -> Row:
    ratio = value / floor
    return Row(what, f"{value:.1f} {unit} / {floor:.1f} {unit} = {ratio:.2f}x", f"<= {target}x", ratio <= target)


# --- (a) nbval wall time ------------------------------------------------------------------------


def nbval_seconds(paths: list[Path]) -> float:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(ROOT / "pyproject.toml"),
        "-p",
        "no:cacheprovider",
        "-q",
        *map(str, paths),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        print(f"warning: nbval failed on {paths[0].parent}:\n{result.stdout[-2000:]}", file=sys.stderr)
    return seconds


def bench_nbval(notebooks: list[Path], floors: list[Path], repeat: int) -> list[Row]:
    best = {"floor": float("inf"), "ours": float("inf")}
    for turn in range(repeat):
        order = [("floor", floors), ("ours", notebooks)]
        for name, paths in order if turn % 2 == 0 else reversed(order):  # neither always goes first
            best[name] = min(best[name], nbval_seconds(paths))
    floor, ours = best["floor"], best["ours"]
    return [ratio_row(f"nbval, {len(notebooks)} notebooks vs {len(floors)} floors", ours, floor, TARGETS["nbval"], "s")]


# --- (b) peak kernel memory ---------------------------------------------------------------------


def peak_kernel_mib(path: Path) -> float:
    """Run ``path`` in a fresh kernel (from its own folder) and read the kernel's VmHWM."""
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(path.parent), stderr=subprocess.DEVNULL)
    try:
        client = notebook_client(path, timeout=600, km=km)
        client.execute()
        status = Path(f"/proc/{km.provisioner.process.pid}/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        if client.kc is not None:
            client.kc.stop_channels()
        return kib / 1024
    finally:
        km.shutdown_kernel(now=True)


def bench_memory(notebooks: list[Path]) -> list[Row]:
    floor = peak_kernel_mib(FLOOR)
    return [
        ratio_row(f"kernel peak memory, {p.stem}", peak_kernel_mib(p), floor, TARGETS["memory"], "MiB")
        for p in notebooks
    ]


# --- (c) committed size -------------------------------------------------------------------------


def committed_bytes(path: Path) -> tuple[int, str]:
    relative = path.relative_to(ROOT).as_posix()
    result = subprocess.run(["git", "cat-file", "-s", f"HEAD:{relative}"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode == 0:
        return int(result.stdout), "committed"
    return path.stat().st_size, "on disk, uncommitted"


def bench_size(notebooks: list[Path]) -> list[Row]:
    rows = []
    for path in notebooks:
        size, where = committed_bytes(path)
        kb = size / 1024
        rows.append(
            Row(f"size, {path.stem} ({where})", f"{kb:.0f} KB", f"<= {TARGETS['size_kb']} KB", kb <= TARGETS["size_kb"])
        )
    return rows


# --- (d) JupyterLab: first figure and all done ------------------------------------------------------


def bench_browser(notebooks: list[Path], repeat: int) -> list[Row]:
    from playwright.sync_api import sync_playwright

    from browser import labdriver  # tests/browser (PYTHONPATH has tests/, as in pytest)

    if shutil.which("chromium") is None:
        return [Row("browser timings", "skipped: no chromium (apt-get install chromium)", "", None)]
    rows = []
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        server = labdriver.LabServer(Path(work)).start()
        browser = labdriver.launch_chromium(playwright)
        try:

            def timed(path: Path) -> labdriver.Run:
                server.delete_sessions()
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                try:
                    page = context.new_page()
                    labdriver.watch(page)
                    return labdriver.run_all(page, server, path.relative_to(ROOT).as_posix())
                finally:
                    context.close()

            timed(FLOOR)  # warm-up: the first page load fills caches the others reuse
            floor_first, floor_done = float("inf"), float("inf")
            first = {p: float("inf") for p in notebooks}
            done = dict(first)
            for _ in range(repeat):
                run = timed(FLOOR)
                floor_first, floor_done = (
                    min(floor_first, run.seconds_to_first_figure),
                    min(floor_done, run.seconds_to_done),
                )
                for path in notebooks:
                    run = timed(path)
                    first[path] = min(first[path], run.seconds_to_first_figure or float("inf"))
                    done[path] = min(done[path], run.seconds_to_done)
            for path in notebooks:
                if first[path] == float("inf"):
                    rows.append(Row(f"first figure, {path.stem}", "no figure", "", None))
                else:
                    rows.append(
                        ratio_row(f"first figure, {path.stem}", first[path], floor_first, TARGETS["browser"], "s")
                    )
                rows.append(ratio_row(f"all cells done, {path.stem}", done[path], floor_done, TARGETS["browser"], "s"))
        finally:
            browser.close()
            server.stop()
    return rows


# --- (e) virtualenv -----------------------------------------------------------------------------------


def bench_venv() -> list[Row]:
    venv = ROOT / ".venv"
    if not venv.exists():
        return [Row("virtualenv size", "no .venv", "", None)]
    result = subprocess.run(["du", "-sk", str(venv)], capture_output=True, text=True, check=True)
    return [Row("virtualenv size (.venv)", f"{int(result.stdout.split()[0]) / 1024:.0f} MiB", "reported", None)]


def bench_class_report() -> list[Row]:
    """The class report for a big class (tools/class_report_bench.py)."""
    import class_report_bench

    return [Row(*line) for line in class_report_bench.rows()]


def print_table(rows: list[Row]) -> None:
    width = [max(len(r.what) for r in rows), max(len(r.value) for r in rows), max(len(r.target) for r in rows)]
    print(f"{'measure':<{width[0]}}  {'value':<{width[1]}}  {'target':<{width[2]}}  result")
    for row in rows:
        print(f"{row.what:<{width[0]}}  {row.value:<{width[1]}}  {row.target:<{width[2]}}  {row.verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--no-browser", action="store_true", help="skip the JupyterLab timings")
    parser.add_argument("--repeat", type=int, default=2, help="timings taken per notebook (the fastest is kept)")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or manifest.paths()
    if not notebooks:
        parser.error("no notebooks to measure")
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        floors = []
        for index in range(len(notebooks)):
            floors.append(Path(tmp) / f"floor_{index:02d}.ipynb")
            shutil.copyfile(FLOOR, floors[-1])
        print(f"nbval: {len(notebooks)} notebooks and {len(floors)} floor copies …", flush=True)
        rows += bench_nbval(notebooks, floors, args.repeat)
    print("kernel memory …", flush=True)
    rows += bench_memory(notebooks)
    rows += bench_size(notebooks)
    if not args.no_browser:
        print("JupyterLab timings …", flush=True)
        rows += bench_browser(notebooks, args.repeat)
    print("class report …", flush=True)
    rows += bench_class_report()
    rows += bench_venv()
    print()
    print_table(rows)
    print(f"\n(bench took {time.perf_counter() - started:.0f} s; ratios compare runs made in this invocation)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
