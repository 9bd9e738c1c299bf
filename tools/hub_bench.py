"""A class on a real JupyterHub: N students open one lesson at the same moment and run every cell.

Usage: ``python -m tools.hub_bench --users 1 10 20 30 --notebook notebooks/01_background.ipynb``
(or ``make hub-bench HUB_USERS="1 10" NOTEBOOK=…``).

For each class size it starts JupyterHub on 127.0.0.1 (``jupyterhub`` from PyPI, its proxy
``configurable-http-proxy`` from npm, the dummy authenticator and the simple local-process
spawner), gives every student a home with the module copied in as nbgitpuller would
(``~/<repository>/notebooks``, ``~/<repository>/data``), then, all at once, each student asks
for a server, opens the lesson through the server's contents and sessions APIs under
``/user/<name>/`` and runs every code cell over the kernel's websocket. It measures, per student,
seconds from the server request to the last cell's reply, the peak memory of the student's
single-user server plus kernel, and the CPU seconds both used; failures are counted, never
retried. Results go to ``build/hub-bench.json`` (one entry per class size, merged with earlier
runs); the last line printed is ``hub bench: N/N students ran <notebook>: median X s, p95 Y s,
Z MiB per student``.

Every wait has a deadline, every server listens on 127.0.0.1 only, and the hub (with its proxy
and every student's server) is stopped when a size is done, also on an error or Ctrl+C.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from tools.labserver import LOCAL_HOST, free_port

ROOT = Path(__file__).resolve().parents[1]
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
RESULTS = ROOT / "build" / "hub-bench.json"
#: The folder nbgitpuller makes in each home: the repository's name.
REPO_DIR = "module"
#: What nbgitpuller would bring: everything a lesson reads.
COPIED = ("notebooks", "data")

HUB_READY_S = 90
SERVER_READY_S = 300
CELL_S = 300
STUDENT_S = 900
POLL_S = 0.5
#: How long one request may take: a student on a busy hub waits this long before giving up.
REQUEST_S = 180


@dataclass
class Student:
    name: str
    seconds: float | None = None
    peak_mib: float = 0.0
    cpu_s: float = 0.0
    error: str | None = None


@dataclass
class Run:
    notebook: str
    users: int
    students: list[Student] = field(default_factory=list)
    cpu_percent: float = 0.0
    hub_mib: float = 0.0

    @property
    def done(self) -> list[Student]:
        return [s for s in self.students if s.error is None and s.seconds is not None]

    def summary(self) -> dict:
        times = sorted(s.seconds for s in self.done)
        mib = [s.peak_mib for s in self.done]
        cpu = [s.cpu_s for s in self.done]
        return {
            "notebook": self.notebook,
            "students": self.users,
            "succeeded": len(self.done),
            "failures": [f"{s.name}: {s.error}" for s in self.students if s.error],
            "median_s": round(statistics.median(times), 1) if times else None,
            "p95_s": round(percentile(times, 95), 1) if times else None,
            "max_s": round(times[-1], 1) if times else None,
            "mib_per_student": round(max(mib), 1) if mib else None,
            "median_mib_per_student": round(statistics.median(mib), 1) if mib else None,
            "cpu_s_per_student": round(statistics.median(cpu), 1) if cpu else None,
            "machine_cpu_percent": round(self.cpu_percent, 1),
            "hub_and_proxy_mib": round(self.hub_mib, 1),
            "cores": psutil.cpu_count(),
            "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        }


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    rank = max(1, -(-len(values) * pct // 100))
    return values[int(rank) - 1]


def summary_line(summary: dict) -> str:
    median = "-" if summary["median_s"] is None else f"{summary['median_s']:.1f}"
    p95 = "-" if summary["p95_s"] is None else f"{summary['p95_s']:.1f}"
    mib = "-" if summary["mib_per_student"] is None else f"{summary['mib_per_student']:.0f}"
    return (
        f"hub bench: {summary['succeeded']}/{summary['students']} students ran {summary['notebook']}: "
        f"median {median} s, p95 {p95} s, {mib} MiB per student"
    )


def hub_config(workdir: Path, port: int, hub_port: int, api_port: int, token: str, notebook: str) -> str:
    args = ["--allow-root"] if os.geteuid() == 0 else []
    return f"""
c = get_config()  # noqa: F821
c.JupyterHub.ip = {LOCAL_HOST!r}
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = {LOCAL_HOST!r}
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://{LOCAL_HOST}:{api_port}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.pid_file = {str(workdir / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{workdir / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(workdir / "cookie_secret")!r}
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(workdir / "homes" / "{username}")!r}
c.Spawner.cmd = [{sys.executable!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {args!r}
c.Spawner.ip = {LOCAL_HOST!r}
c.Spawner.default_url = "/lab/tree/{REPO_DIR}/{notebook}"
c.Spawner.start_timeout = {SERVER_READY_S}
c.Spawner.http_timeout = {SERVER_READY_S}
c.JupyterHub.concurrent_spawn_limit = 200
c.JupyterHub.active_server_limit = 0
c.JupyterHub.cleanup_servers = True
c.JupyterHub.services = [{{"name": "bench", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "bench", "services": ["bench"],
      "scopes": ["admin:users", "admin:servers", "access:servers", "tokens"]}},
]
"""


def copy_module(home: Path) -> None:
    """The student's home as nbgitpuller leaves it: the repository in ``~/module``."""
    for name in COPIED:
        shutil.copytree(ROOT / name, home / REPO_DIR / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


class Hub:
    """One JupyterHub process group, stopped on exit whatever happens."""

    def __init__(self, workdir: Path, notebook: str):
        self.workdir = workdir
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://{LOCAL_HOST}:{self.port}"
        (workdir / "jupyterhub_config.py").write_text(
            hub_config(workdir, self.port, self.hub_port, self.api_port, self.token, notebook)
        )
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Hub:
        if not PROXY.exists():
            raise SystemExit(f"hub bench: {PROXY.relative_to(ROOT)} is missing; run `npm ci` (or `make hub-bench`)")
        env = {**os.environ, "PATH": f"{PROXY.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        env.pop("JUPYTERHUB_API_TOKEN", None)
        self.log = (self.workdir / "hub.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
            cwd=self.workdir,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        # The proxy and the students' servers run in sessions of their own: stop what is left.
        for proc in self.tree_processes():
            proc.kill()
        self.log.close()

    def tree_processes(self) -> list[psutil.Process]:
        """Every process started for this hub: its own group, plus servers started in the workdir."""
        found = []
        for proc in psutil.process_iter(["pid", "cwd", "cmdline"]):
            try:
                cwd = proc.info["cwd"] or ""
                if proc.pid != os.getpid() and cwd.startswith(str(self.workdir)):
                    found.append(proc)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return found

    async def api(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
        request = HTTPRequest(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {token or self.token}"},
            body=None if body is None and method == "GET" else json.dumps(body or {}),
            request_timeout=REQUEST_S,
        )
        response = await AsyncHTTPClient().fetch(request, raise_error=True)
        return json.loads(response.body) if response.body else {}

    async def wait_ready(self) -> None:
        deadline = time.monotonic() + HUB_READY_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub stopped (exit {self.process.returncode}); see {self.workdir / 'hub.log'}")
            try:
                await self.api("GET", "/hub/api/")
                return
            except Exception:  # not listening yet
                await asyncio.sleep(POLL_S)
        raise TimeoutError(f"the hub did not answer within {HUB_READY_S} s; see {self.workdir / 'hub.log'}")


async def run_student(hub: Hub, student: Student, notebook: str, start: asyncio.Event) -> None:
    """Ask for a server, open the lesson and run every code cell, as one student."""
    name = student.name
    user_token = (await hub.api("POST", f"/hub/api/users/{name}/tokens", {"note": "bench"}))["token"]
    await start.wait()
    began = time.monotonic()
    await hub.api("POST", f"/hub/api/users/{name}/server")
    deadline = began + SERVER_READY_S
    while not (await hub.api("GET", f"/hub/api/users/{name}"))["servers"].get("", {}).get("ready"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"server not ready within {SERVER_READY_S} s")
        await asyncio.sleep(POLL_S)
    prefix = f"/user/{name}/api"
    path = f"{REPO_DIR}/{notebook}"
    model = await hub.api("GET", f"{prefix}/contents/{path}?content=1", token=user_token)
    cells = [cell["source"] for cell in model["content"]["cells"] if cell["cell_type"] == "code"]
    session = await hub.api(
        "POST",
        f"{prefix}/sessions",
        {"path": path, "type": "notebook", "kernel": {"name": "python3"}},
        token=user_token,
    )
    url = f"ws://{LOCAL_HOST}:{hub.port}{prefix}/kernels/{session['kernel']['id']}/channels"
    socket = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {user_token}"}))
    try:
        for index, source in enumerate(cells, 1):
            await run_cell(socket, source, index)
    finally:
        socket.close()
    student.seconds = time.monotonic() - began


async def run_cell(socket, source: str, index: int) -> None:
    msg_id = secrets.token_hex(8)
    socket.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "bench",
                    "session": msg_id,
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": source,
                    "silent": False,
                    "store_history": True,
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
            }
        )
    )
    deadline = time.monotonic() + CELL_S
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"cell {index} gave no reply within {CELL_S} s")
        raw = await asyncio.wait_for(socket.read_message(), timeout=left)
        if raw is None:
            raise ConnectionError(f"the kernel's websocket closed during cell {index}")
        if isinstance(raw, bytes):
            continue
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if message["header"]["msg_type"] == "execute_reply":
            content = message["content"]
            if content.get("status") != "ok":
                raise RuntimeError(f"cell {index}: {content.get('ename')}: {content.get('evalue')}")
            return


class Sampler(threading.Thread):
    """Every half second: each student's server plus kernels (resident memory, CPU seconds)."""

    def __init__(self, students: dict[str, Student], hub: Hub):
        super().__init__(daemon=True)
        self.students, self.hub = students, hub
        self.stopping = threading.Event()
        self.hub_mib = 0.0

    def run(self) -> None:
        while not self.stopping.wait(POLL_S):
            self.sample()

    def sample(self) -> None:
        for proc in psutil.process_iter(["cmdline"]):
            try:
                cmdline = " ".join(proc.info["cmdline"] or [])
                if "jupyterhub.singleuser" not in cmdline:
                    continue
                user = proc.environ().get("JUPYTERHUB_USER")
                if user not in self.students:
                    continue
                tree = [proc, *proc.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in tree) / 2**20
                cpu = sum(sum(p.cpu_times()[:2]) for p in tree)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            student = self.students[user]
            student.peak_mib = max(student.peak_mib, rss)
            student.cpu_s = max(student.cpu_s, cpu)
        try:
            service = [p for p in self.hub.tree_processes() if not is_student(p)]
            self.hub_mib = max(self.hub_mib, sum(p.memory_info().rss for p in service) / 2**20)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass


def is_student(proc: psutil.Process) -> bool:
    """A student's single-user server or one of its kernels."""
    cmdline = " ".join(proc.cmdline())
    return "jupyterhub.singleuser" in cmdline or "ipykernel" in cmdline


async def bench(users: int, notebook: str, workdir: Path) -> Run:
    # tornado's client queues all but 10 requests at once by default: a class of 30 would wait in
    # that queue (and time out there), which measures the bench, not the hub
    AsyncHTTPClient.configure(None, max_clients=max(10, 4 * users))
    if workdir.exists():
        shutil.rmtree(workdir)
    (workdir / "homes").mkdir(parents=True)
    run = Run(notebook, users, [Student(f"student{n:02d}") for n in range(1, users + 1)])
    for student in run.students:
        copy_module(workdir / "homes" / student.name)
    with Hub(workdir, notebook) as hub:
        await hub.wait_ready()
        for student in run.students:
            await hub.api("POST", f"/hub/api/users/{student.name}")
        sampler = Sampler({s.name: s for s in run.students}, hub)
        sampler.start()
        psutil.cpu_percent()
        start = asyncio.Event()
        tasks = [asyncio.create_task(guarded(run_student(hub, s, notebook, start), s)) for s in run.students]
        await asyncio.sleep(0)
        start.set()
        await asyncio.gather(*tasks)
        run.cpu_percent = psutil.cpu_percent()
        sampler.stopping.set()
        sampler.join(timeout=10)
        sampler.sample()
        run.hub_mib = sampler.hub_mib
    return run


async def guarded(work, student: Student) -> None:
    try:
        await asyncio.wait_for(work, timeout=STUDENT_S)
    except Exception as error:  # one student's failure is a result, not a crash
        student.error = f"{type(error).__name__}: {error}"[:300]


def save(summary: dict, path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(path.read_text()) if path.exists() else {}
    if results.get("notebook") != summary["notebook"]:
        results = {"notebook": summary["notebook"], "runs": {}}
    results["runs"][str(summary["students"])] = summary
    path.write_text(json.dumps(results, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 20, 30], help="class sizes to measure")
    parser.add_argument("--notebook", default="notebooks/01_background.ipynb", help="the lesson every student runs")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "hub-bench-run")
    args = parser.parse_args(argv)
    notebook = Path(args.notebook).as_posix()
    if not (ROOT / notebook).exists():
        parser.error(f"no such notebook: {notebook}")
    failed = False
    for users in args.users:
        print(f"hub bench: {users} student(s) start {notebook} at the same moment …", flush=True)
        run = asyncio.run(bench(users, notebook, args.workdir))
        summary = run.summary()
        save(summary, args.out)
        for failure in summary["failures"]:
            print(f"  failed: {failure}", flush=True)
        print(
            f"  {users} students: CPU {summary['cpu_s_per_student']} s each, machine {summary['machine_cpu_percent']} % busy, "
            f"hub and proxy {summary['hub_and_proxy_mib']} MiB",
            flush=True,
        )
        print(summary_line(summary), flush=True)
        failed |= summary["succeeded"] < users
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
