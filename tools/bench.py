"""Speed, memory and size of the notebooks, each against a floor measured in the same run.

Usage: ``python -m tools.bench`` (or ``make bench``); ``--no-browser`` skips the JupyterLab
timings, ``--repeat N`` sets how many times each timing is taken. Prints each figure as soon
as it is measured, then a table with each figure's target and PASS or OVER; a section that
fails is reported and the others still run. Exits 1 if a section failed, never for OVER.
tests/test_bench.py runs every section on the floor alone, so a broken import shows there.

The floor (``tests/fixtures/bench/floor.ipynb``) is the least a lesson does: import pandas,
plotly and ipywidgets and show one figure. Ratios against it cancel out most of the
machine's speed; timings are interleaved (floor, notebooks, floor, notebooks …) and the
fastest of the repeats is kept, which cancels most of the noise of a busy machine.

- nbval: wall time of ``pytest --nbval notebooks/`` against as many copies of the floor.
- memory: peak resident memory (VmHWM) of each notebook's kernel, run with nbclient,
  against the floor's kernel; the same run reports the kernel's CPU time and how many widget
  models it opened (counts that a busy machine does not change: what makes a notebook slow
  in the browser when its kernel is not).
- size: each notebook as committed (the blob at HEAD; the file on disk if uncommitted).
- browser: seconds from opening each notebook in JupyterLab to its first drawn figure and
  to all cells done, against the floor notebook opened the same way.
- venv: the installed size of ``.venv``.
- class report: seconds for 200 students' saved answers in every quiz, and the page's size
  for 30 (``tools/class_report_bench.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from browser import labdriver  # tests/browser (PYTHONPATH has tests/, as in pytest and the Makefile)
from jupyter_client import KernelManager
from playwright.sync_api import sync_playwright

from tools import class_report_bench
from tools import manifest
from tools.execute import notebook_client

from lessonkit.paths import ROOT

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
    if result.returncode != 0:  # a failing run's time says nothing: the section fails
        raise RuntimeError(f"nbval failed on {paths[0].parent}:\n{result.stdout[-2000:]}")
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


@dataclass
class KernelRun:
    """What one Run All costs the kernel: peak memory, CPU time (which a busy machine barely
    changes, unlike wall time) and the widget models it opened (each one a comm the browser
    must build and render)."""

    peak_mib: float
    cpu_seconds: float
    widget_models: int


def kernel_run(path: Path) -> KernelRun:
    """Run ``path`` in a fresh kernel (from its own folder); read the kernel's VmHWM and CPU time."""
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(path.parent), stderr=subprocess.DEVNULL)
    try:
        client = notebook_client(path, timeout=600, km=km)
        opened = [0]
        handle = client.handle_comm_msg

        def counting(outs, msg, cell_index):
            opened[0] += msg["msg_type"] == "comm_open"
            return handle(outs, msg, cell_index)

        client.handle_comm_msg = counting
        client.execute()
        proc = Path(f"/proc/{km.provisioner.process.pid}")
        kib = next(
            int(line.split()[1]) for line in (proc / "status").read_text().splitlines() if line.startswith("VmHWM:")
        )
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15 of stat)
        if client.kc is not None:
            client.kc.stop_channels()
        return KernelRun(kib / 1024, ticks / os.sysconf("SC_CLK_TCK"), opened[0])
    finally:
        km.shutdown_kernel(now=True)


def bench_memory(notebooks: list[Path]) -> list[Row]:
    floor = kernel_run(FLOOR)
    rows = []
    for path in notebooks:
        run = kernel_run(path)
        rows += [
            ratio_row(f"kernel peak memory, {path.stem}", run.peak_mib, floor.peak_mib, TARGETS["memory"], "MiB"),
            Row(
                f"kernel CPU for Run All, {path.stem}",
                f"{run.cpu_seconds:.1f} s (floor {floor.cpu_seconds:.1f} s)",
                "reported",
                None,
            ),
            Row(
                f"widget models opened, {path.stem}",
                f"{run.widget_models} (floor {floor.widget_models})",
                "reported",
                None,
            ),
        ]
    return rows


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


def bench_venv(venv: Path = ROOT / ".venv") -> list[Row]:
    if not venv.exists():
        return [Row("virtualenv size", "no .venv", "", None)]
    result = subprocess.run(["du", "-sk", str(venv.resolve())], capture_output=True, text=True, check=True)
    return [Row("virtualenv size (.venv)", f"{int(result.stdout.split()[0]) / 1024:.0f} MiB", "reported", None)]


def bench_class_report(**sizes: int) -> list[Row]:
    """The class report for a big class (tools/class_report_bench.py; ``sizes`` shrink it for the test)."""
    return [Row(*line) for line in class_report_bench.rows(**sizes)]


#: A section: its name and what measures it (returns its rows).
Section = tuple[str, Callable[[], Iterable[Row]]]


def sections(
    notebooks: list[Path], floors: list[Path], repeat: int, browser: bool = True, report_sizes: dict | None = None
) -> list[Section]:
    """Every section of the bench, in the order they run (tests/test_bench.py runs them all on the floor)."""
    found: list[Section] = [
        (
            f"nbval: {len(notebooks)} notebooks and {len(floors)} floor copies",
            lambda: bench_nbval(notebooks, floors, repeat),
        ),
        ("kernel memory", lambda: bench_memory(notebooks)),
        ("committed size", lambda: bench_size(notebooks)),
    ]
    if browser:
        found.append(("JupyterLab: first figure and all cells done", lambda: bench_browser(notebooks, repeat)))
    found += [("class report", lambda: bench_class_report(**(report_sizes or {}))), ("virtualenv", bench_venv)]
    return found


def run_sections(found: list[Section], failed: list[str]) -> Iterator[Row]:
    """Each section's rows as soon as it has measured them; a section that raises is printed and
    named in ``failed``, and the next one runs."""
    for name, measure in found:
        print(f"{name} …", flush=True)
        try:
            rows = list(measure())
        except Exception:
            traceback.print_exc()
            print(f"  FAILED: {name} (the other sections still run)", flush=True)
            failed.append(name)
            continue
        for row in rows:
            print(
                f"  {row.what}: {row.value}" + (f" (target {row.target}) {row.verdict}" if row.target else ""),
                flush=True,
            )
            yield row


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
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        floors = []
        for index in range(len(notebooks)):
            floors.append(Path(tmp) / f"floor_{index:02d}.ipynb")
            shutil.copyfile(FLOOR, floors[-1])
        rows = list(run_sections(sections(notebooks, floors, args.repeat, not args.no_browser), failed))
    if rows:
        print()
        print_table(rows)
    print(f"\n(bench took {time.perf_counter() - started:.0f} s; ratios compare runs made in this invocation)")
    if failed:
        print(f"sections that failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
