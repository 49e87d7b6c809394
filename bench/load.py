"""N concurrent sessions against the app, each doing 20 widget interactions: one server, or
several processes behind nginx (deploy/launch.py), stepping N up until p95 passes 1 s.

Run: python bench/load.py [--app app.py] [--sessions 10 20 40] [--interactions 20] [--think 0 1]
     python bench/load.py --processes 1 2 --sessions 40 --ramp 20 --think 1
     python bench/load.py --proxy http://127.0.0.1:8501 [--pids PID ...] --sessions 40

Targets:

- no ``--processes``: one ``streamlit run`` per round, spoken to directly;
- ``--processes P ...``: for each P, a fresh deploy.launch.Deployment per round (P processes and
  nginx on loopback), spoken to through nginx. Each session first GETs /_stcore/health there, as
  a browser does, and keeps the cookies it gets (the XSRF token and the route cookie that keeps
  it on one process). The table adds how many sessions each process took (its /_stcore/metrics)
  and each process's peak RSS;
- ``--proxy URL``: a deployment that is already running (say ``python -m deploy.launch``); peak
  RSS (over each process's life so far) for the processes given with ``--pids``, which the
  launcher prints.

``--ramp STEP`` goes on after the last ``--sessions`` value in steps of STEP until p95 passes
1 s or an interaction fails (or ``--max-sessions``), and prints where that happened for each P.
The load generator runs on the same machine and its CPU time is printed beside the servers'.

Each session speaks Streamlit's own protocol over /_stcore/stream with the proto classes that ship
in streamlit, the way the browser's frontend (streamlit/static, 1.67) does:

- XSRF: it first GETs /_stcore/health, which sets the ``_streamlit_xsrf`` cookie, then opens the
  websocket with that cookie, a same-origin ``Origin`` header and the subprotocols
  ``["streamlit", <cookie value>]`` (the frontend's ``getSessionTokens``).
- First run: a ``rerun_script`` with the page's query string, page name and context info; it
  reads ForwardMsgs until ``script_finished`` and learns the widget's id (the element whose id
  ends in ``-<key>``, default ``live_logits``, the live chart) and the fragment it lives in
  (``delta.fragment_id``).
- Interactions: a ``rerun_script`` with the chart's new state (a commit, as the chart sends when
  the learner lets go of a bar: ``{"commit": {"x": [...], "T": "1", "seq": n}}`` as JSON), or a
  slider's new value for the floor app, ``fragment_id`` set when the widget
  is inside an ``st.fragment`` (as the frontend's ``sendUpdateWidgetsMessage(fragmentId)``), the
  page's script hash and the query string the server last pushed (``page_info_changed``).
  The frontend also repeats every other widget's current value in ``widget_states``; this client
  sends only the widgets it changed, which the server treats the same way (values absent from
  ``widget_states`` keep their previous value in SessionState).

An interaction succeeds when its ``script_finished`` arrives with FINISHED_SUCCESSFULLY or
FINISHED_FRAGMENT_RUN_SUCCESSFULLY and no exception element came with it. Latency is send to
``script_finished``. A session waits ``think`` seconds on average (uniformly 0.5x..1.5x) between
interactions; think 0 sends each one as soon as the previous one finished (the worst case).
Peak RSS is VmHWM from /proc for each server process (plus any children). Each (N, think) round
runs against a fresh server or deployment, which is stopped afterwards. Bounded: a per-message
timeout, a per-round deadline and a global deadline. Only 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from deploy import launch  # noqa: E402
from tests.e2e import server  # noqa: E402

MESSAGE_TIMEOUT = 30.0  # one ForwardMsg
ROUND_DEADLINE = 300.0  # one (N, think) round, first runs included
SUCCESS = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
XSRF_COOKIE = "_streamlit_xsrf"
P95_LIMIT = 1.0  # seconds: --ramp goes on until p95 passes this


def process_tree_peak_mb(pid: int) -> float:
    """VmHWM of ``pid`` plus that of its live children, in MB."""
    total_kb = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def first_cookies(url: str) -> dict[str, str]:
    """The cookies a browser has once the page asked /_stcore/health: the ``_streamlit_xsrf``
    token, and behind nginx the route cookie that keeps it on one process."""
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=MESSAGE_TIMEOUT) as reply:
        jar = SimpleCookie()
        for header in reply.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    if XSRF_COOKIE not in jar:
        raise RuntimeError("the server set no _streamlit_xsrf cookie (is XSRF protection off?)")
    return {name: morsel.value for name, morsel in jar.items()}


@dataclass
class Session:
    """One browser tab's view of the protocol."""

    url: str
    path: str
    query_string: str = ""
    page_name: str = ""
    page_script_hash: str = ""
    received: list[ForwardMsg] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = urlsplit(self.path)
        self.query_string = parts.query
        self.page_name = parts.path.strip("/")

    def rerun(self, widgets=(), fragment_id: str = "") -> BackMsg:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        if self.page_script_hash:
            rerun.page_script_hash = self.page_script_hash
        else:
            rerun.page_name = self.page_name
        rerun.fragment_id = fragment_id
        rerun.widget_states.widgets.extend(widgets)
        info = rerun.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.url}{self.path}"
        info.is_embedded, info.color_scheme = False, "light"
        return message

    async def run(self, socket, message: BackMsg) -> tuple[bool, str]:
        """Send one rerun and read until its script_finished: (ok, why not)."""
        await socket.send(message.SerializeToString())
        self.received = []
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(socket.recv(), MESSAGE_TIMEOUT))
            self.received.append(reply)
            kind = reply.WhichOneof("type")
            if kind == "page_info_changed":
                self.query_string = reply.page_info_changed.query_string
            elif kind == "new_session" and reply.new_session.page_script_hash:
                self.page_script_hash = reply.new_session.page_script_hash
            elif kind == "navigation" and reply.navigation.page_script_hash:
                self.page_script_hash = reply.navigation.page_script_hash
            elif kind == "script_finished":
                if any(element.WhichOneof("type") == "exception" for element in self.elements()):
                    return False, "exception element"
                if reply.script_finished not in SUCCESS:
                    return False, ForwardMsg.ScriptFinishedStatus.Name(reply.script_finished)
                return True, ""

    def elements(self):
        for message in self.received:
            if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
                yield message.delta.new_element

    def find_widget(self, key: str) -> tuple[str, str, str]:
        """(widget id, element type, fragment id) of the widget with user key ``key``."""
        for message in self.received:
            if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
                continue
            element = message.delta.new_element
            kind = element.WhichOneof("type")
            widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
            if isinstance(widget_id, str) and widget_id.endswith(f"-{key}"):
                return widget_id, kind, message.delta.fragment_id
        raise LookupError(f"no widget with key {key!r} in the first run")


def widget_state(widget_id: str, kind: str, value: float, seq: int) -> WidgetState:
    """A slider at ``value``, or the live chart committing logits [2, 1, value]."""
    state = WidgetState(id=widget_id)
    if kind == "bidi_component":
        state.json_value = json.dumps({"commit": {"x": [2.0, 1.0, value], "T": "1", "seq": seq}})
    elif kind == "slider":
        state.double_array_value.data.append(value)
    else:
        raise LookupError(f"the widget is a {kind}, neither the live chart nor a slider")
    return state


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    first_runs: list[float] = field(default_factory=list)
    server_cpu: float = float("nan")  # seconds the server processes used while the sessions ran
    client_cpu: float = float("nan")  # seconds this load generator used meanwhile
    load: float = float("nan")  # 1-minute load average of the machine at the end of the round

    def percentiles_ms(self) -> list[float]:
        """p50, p95 and max of the interactions that succeeded, in ms (nan if none did)."""
        return list(np.percentile(self.latencies, [50, 95, 100]) * 1e3) if self.latencies else [np.nan] * 3

    def fail(self, why: str, count: int = 1) -> None:
        self.failures[why] = self.failures.get(why, 0) + count


async def session(url: str, path: str, key: str, interactions: int, think: float, out: Outcome) -> None:
    done = 0
    try:
        cookies = await asyncio.to_thread(first_cookies, url)
        async with websockets.connect(
            "ws" + url.removeprefix("http") + "/_stcore/stream",
            subprotocols=["streamlit", cookies[XSRF_COOKIE]],
            additional_headers={
                "Origin": url,
                "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            },
            max_size=2**26,
            open_timeout=MESSAGE_TIMEOUT,
        ) as socket:
            tab = Session(url, path)
            start = time.perf_counter()
            ok, why = await tab.run(socket, tab.rerun())
            if not ok:
                raise RuntimeError(f"first run: {why}")
            out.first_runs.append(time.perf_counter() - start)
            widget_id, kind, fragment = tab.find_widget(key)
            for index in range(interactions):
                await asyncio.sleep(think * random.uniform(0.5, 1.5))
                value = round(2.0 + 0.1 * (index % 2 + 1), 1)  # 2.1, 2.2, 2.1, ...: always a change
                message = tab.rerun([widget_state(widget_id, kind, value, index + 1)], fragment_id=fragment)
                start = time.perf_counter()
                ok, why = await tab.run(socket, message)
                done += 1
                if ok:
                    out.latencies.append(time.perf_counter() - start)
                else:
                    out.fail(why)
    except asyncio.CancelledError:
        out.fail("round deadline", interactions - done)
        raise
    except (OSError, TimeoutError, LookupError, RuntimeError, websockets.WebSocketException) as error:
        out.fail(f"{type(error).__name__}: {error}"[:80], interactions - done)


@dataclass
class Target:
    """Where the sessions connect, and the server processes behind it (pid, port)."""

    url: str
    processes: list[tuple[int, int | None]]

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid, _ in self.processes)

    def peaks_mb(self) -> list[float]:
        return [process_tree_peak_mb(pid) for pid, _ in self.processes]

    def sessions_taken(self) -> list[int]:
        """Sessions each process took since it started (empty when its port is unknown)."""
        key = 'session_events_total{type="connect"}'
        return [int(launch.metrics(port)[key]) for _, port in self.processes if port is not None]


@contextlib.contextmanager
def target(app: Path, processes: int | None) -> Iterator[Target]:
    """One server (``processes`` None), or ``processes`` processes behind nginx, fresh."""
    if processes is None:
        port = server.free_port()
        process = server.start_server(app, port)
        try:
            server.wait_healthy(port)
            yield Target(f"http://127.0.0.1:{port}", [(process.pid, port)])
        finally:
            server.stop(process)
        return
    ports = [server.free_port() for _ in range(processes + 1)]
    with (
        tempfile.TemporaryDirectory(prefix="softmax-viz-load-") as logs,
        launch.Deployment(processes, ports[0], backend_ports=ports[1:], logs=Path(logs), app=app) as running,
    ):
        pids = [process.pid for process in running.processes]
        yield Target(running.url, list(zip(pids, running.ports, strict=True)))


async def round_of(
    where: Target, path: str, key: str, sessions: int, interactions: int, think: float
) -> Outcome:
    out = Outcome()
    cpu_before, client_before = where.cpu_seconds(), time.process_time()
    tasks = [
        asyncio.create_task(session(where.url, path, key, interactions, think, out)) for _ in range(sessions)
    ]
    _, late = await asyncio.wait(tasks, timeout=ROUND_DEADLINE)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    out.server_cpu = where.cpu_seconds() - cpu_before
    out.client_cpu = time.process_time() - client_before
    out.load = load_average()
    return out


def plan(sessions: list[int], ramp: int | None, most: int) -> Iterator[int]:
    """The listed session counts, then (with ``ramp``) on in steps of ``ramp`` up to ``most``.

    >>> list(plan([10, 20], 30, 90))
    [10, 20, 50, 80]
    """
    yield from sessions
    if ramp:
        yield from range(sessions[-1] + ramp, most + 1, ramp)


def label(processes: int | None) -> str:
    """What the sessions talk to: one server directly, N processes behind nginx, or --proxy."""
    return {None: "direct", 0: "proxy"}.get(processes, str(processes))


COLUMNS = [("procs", 7), ("N", 5), ("think", 7), ("succeeded", 12), ("p50", 9), ("p95", 9), ("max", 9)]
COLUMNS += [("first run p95", 15), ("sessions per process", 22), ("peak RSS per process", 22)]
COLUMNS += [("server CPU/run", 16), ("client CPU/run", 16), ("load", 6)]


def row(processes: int | None, sessions: int, think: float, total: int, out: Outcome, taken, peaks) -> str:
    p50, p95, worst = out.percentiles_ms()
    first = np.percentile(out.first_runs, 95) * 1e3 if out.first_runs else np.nan
    runs = max(len(out.first_runs) + len(out.latencies), 1)
    spread = "/".join(str(n) for n in taken) or "?"
    rss = "/".join(f"{mb:.0f}" for mb in peaks) + " MB" if peaks else "?"
    return (
        f"{label(processes):>7}{sessions:>5}{think:>6.1f}s{f'{len(out.latencies)}/{total}':>12}"
        f"{p50:>7.0f}ms{p95:>7.0f}ms{worst:>7.0f}ms{first:>13.0f}ms{spread:>22}{rss:>22}"
        f"{out.server_cpu / runs * 1e3:>14.0f}ms{out.client_cpu / runs * 1e3:>14.0f}ms{out.load:>6.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    parser.add_argument("--path", default="/", help="page and query string the sessions open")
    parser.add_argument("--key", default="live_logits", help="key of the widget the sessions move")
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--interactions", type=int, default=20)
    parser.add_argument(
        "--think", type=float, nargs="+", default=[0.0, 1.0],
        help="mean seconds between one session's interactions (0: back to back)",
    )  # fmt: skip
    parser.add_argument("--processes", type=int, nargs="+", help="processes behind nginx, one layout each")
    parser.add_argument("--proxy", help="URL of a deployment already running")
    parser.add_argument("--pids", type=int, nargs="*", default=[], help="its server processes, for peak RSS")
    parser.add_argument("--ramp", type=int, help="after the last --sessions, add this many until p95 > 1 s")
    parser.add_argument("--max-sessions", type=int, default=400, help="where --ramp ends in any case")
    parser.add_argument("--deadline", type=float, default=1800.0, help="global time limit in seconds")
    args = parser.parse_args()
    if args.proxy and args.processes:
        parser.error("--proxy measures a running deployment; --processes starts its own")
    app = args.app.resolve()
    random.seed(0)
    started = time.monotonic()
    print(
        f"{app.relative_to(ROOT) if app.is_relative_to(ROOT) else app} {args.path}: widget {args.key!r}, "
        f"{args.interactions} interactions per session, "
        + (f"against {args.proxy}" if args.proxy else "a fresh server or deployment per round")
    )
    print("".join(f"{name:>{width}}" for name, width in COLUMNS))
    ends: dict[tuple[float, int | None], str] = {}
    for think in args.think:
        for processes in args.processes or [0 if args.proxy else None]:
            for sessions in plan(args.sessions, args.ramp, args.max_sessions):
                if time.monotonic() - started > args.deadline:
                    print(f"{label(processes):>7}{sessions:>5}  skipped: global deadline reached")
                    break
                where = (
                    contextlib.nullcontext(Target(args.proxy.rstrip("/"), [(pid, None) for pid in args.pids]))
                    if args.proxy
                    else target(app, processes)
                )
                with where as running:
                    out = asyncio.run(
                        round_of(running, args.path, args.key, sessions, args.interactions, think)
                    )
                    taken, peaks = running.sessions_taken(), running.peaks_mb()
                total = sessions * args.interactions
                print(row(processes, sessions, think, total, out, taken, peaks), flush=True)
                for why, count in sorted(out.failures.items()):
                    print(f"{'':>12}failed {count}: {why}")
                if args.ramp and (out.failures or not out.percentiles_ms()[1] <= P95_LIMIT * 1e3):
                    why = "an interaction failed" if out.failures else f"p95 passed {P95_LIMIT:g} s"
                    ends[think, processes] = f"{why} at N = {sessions}"
                    break
            else:
                if args.ramp:
                    ends[think, processes] = f"p95 stayed under {P95_LIMIT:g} s up to N = {sessions}"
    for (think, processes), what in ends.items():
        print(f"processes {label(processes)}, think {think:g} s: {what}")
    print("targets: at N = 40 on one process every interaction succeeds and p95 <= 1000 ms; with")
    print("--ramp over --processes 1 2, the N where p95 passes 1 s is at least 1.7x larger on 2")


if __name__ == "__main__":
    main()
