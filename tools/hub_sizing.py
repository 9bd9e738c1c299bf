"""How big a class hub must be, from what ``make hub-bench`` measured.

Usage: ``python -m tools.hub_sizing build/hub-bench.json`` copies the measurement to
``hub/measured.json`` and rewrites the sizing table in the instructor guide (between the
``hub-sizing`` markers) and the resource lines of ``hub/values.yaml``. With ``--check`` it
changes nothing and exits 1 if either is out of date (the fast tests run that check).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURED = ROOT / "hub" / "measured.json"
GUIDE = ROOT / "instructors" / "README.md"
VALUES = ROOT / "hub" / "values.yaml"
BEGIN, END = "<!-- hub-sizing: begin (python -m tools.hub_sizing) -->", "<!-- hub-sizing: end -->"

#: Room above the measured peak: a second notebook open, a bigger figure, a long session.
HEADROOM = 1.5
#: What a class's start should take, at most: everyone's first run of the lesson, in seconds.
START_S = 60
#: Stop a student's server after this long with no activity (z2jh ``cull.timeout``, TLJH ``services.cull.timeout``).
CULL_MINUTES = 60
CLASS_SIZES = (10, 20, 30, 40)


def per_student_mib(measured: dict) -> int:
    """Memory to reserve for one student: the highest measured peak with headroom, in 64 MiB steps."""
    peak = max(run["mib_per_student"] for run in measured["runs"].values() if run["mib_per_student"])
    return 64 * math.ceil(peak * HEADROOM / 64)


def cpu_s_per_student(measured: dict) -> float:
    return max(run["cpu_s_per_student"] or 0 for run in measured["runs"].values())


def cores_for(students: int, measured: dict) -> int:
    """Cores for the whole class to run the lesson once within ``START_S``, and never fewer than 2."""
    return max(2, math.ceil(students * cpu_s_per_student(measured) / START_S))


def ram_gib_for(students: int, measured: dict) -> int:
    hub = max(run["hub_and_proxy_mib"] for run in measured["runs"].values())
    return math.ceil((students * per_student_mib(measured) + hub + 1024) / 1024)  # + 1 GiB for the system


def table(measured: dict) -> str:
    runs = sorted(measured["runs"].values(), key=lambda run: run["students"])
    machine = runs[0]
    lines = [
        f"Measured with `make hub-bench` on a {machine['cores']}-core, {machine['ram_gib']:.0f} GiB machine: every "
        f"student opens `{measured['notebook']}` at the same moment and runs every cell.",
        "",
        "| students at once | all cells done, median | p95 | peak memory per student | failures |",
        "|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run['students']} | {run['median_s']:.0f} s | {run['p95_s']:.0f} s | {run['mib_per_student']:.0f} MiB"
            f" | {run['students'] - run['succeeded']} |"
        )
    lines += [
        "",
        f"What to give the hub, with {HEADROOM:g}× the measured peak per student "
        f"({per_student_mib(measured)} MiB) and enough cores for the class to run the lesson within about "
        f"{START_S} s of starting ({cpu_s_per_student(measured):.0f} CPU-seconds per student):",
        "",
        "| class size | cores | RAM | idle culling |",
        "|---|---|---|---|",
    ]
    for size in CLASS_SIZES:
        lines.append(
            f"| {size} | {cores_for(size, measured)} | {ram_gib_for(size, measured)} GiB | after {CULL_MINUTES} min |"
        )
    return "\n".join(lines)


def values_resources(measured: dict) -> dict[str, str]:
    """The Zero to JupyterHub resource lines this measurement asks for."""
    mib = per_student_mib(measured)
    return {
        "memory_guarantee": f"{mib}M",
        "memory_limit": f"{2 * mib}M",
        "cpu_guarantee": "0.2",
        "cpu_limit": "1",
        "cull_timeout": str(CULL_MINUTES * 60),
    }


def apply_values(text: str, measured: dict) -> str:
    """``hub/values.yaml`` with each ``# sized: <key>`` line set from the measurement."""
    wanted = values_resources(measured)

    def replace(match: re.Match) -> str:
        return f"{match['head']}{wanted[match['key']]}{match['tail']}"

    return re.sub(r"(?m)^(?P<head>\s*\w+: )\S+(?P<tail>\s+# sized: (?P<key>\w+))$", replace, text)


def apply_guide(text: str, measured: dict) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return f"{text[:start]}\n{table(measured)}\n{text[end:]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench", type=Path, nargs="?", help="build/hub-bench.json from make hub-bench")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the guide or values are stale")
    args = parser.parse_args(argv)
    if args.bench and not args.check:
        MEASURED.write_text(args.bench.read_text())
    measured = json.loads(MEASURED.read_text())
    stale = []
    for path, apply in ((GUIDE, apply_guide), (VALUES, apply_values)):
        text = path.read_text()
        new = apply(text, measured)
        if new != text:
            stale.append(path.relative_to(ROOT).as_posix())
            if not args.check:
                path.write_text(new)
    if args.check and stale:
        print(
            f"out of date with hub/measured.json: {', '.join(stale)}; run python -m tools.hub_sizing", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
