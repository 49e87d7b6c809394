"""Run the app as several Streamlit processes behind nginx on this machine.

Run: python -m deploy.launch --processes 3 --port 8501 [--logs DIR] [--address 127.0.0.1]

The processes listen on 127.0.0.1 at the ports after ``--port`` (8502, 8503, ...), nginx on
``--address:--port``. Each process logs to ``streamlit-<port>.log`` in the log directory, nginx
to ``nginx-access.log`` (with the process that answered each request) and ``nginx-error.log``.
A process that exits is started again; SIGHUP restarts the processes one after the other (a
rolling restart); Ctrl-C or SIGTERM stops nginx, then every process.

All processes share one ``server.cookieSecret``, taken from ``STREAMLIT_SERVER_COOKIE_SECRET``
or made for this run: the cookies Streamlit signs must verify on whichever process a page moves
to. It is never written to disk.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
COOKIE_SECRET = "STREAMLIT_SERVER_COOKIE_SECRET"
ROUTE_COOKIE = "softmax_viz_route"
STREAMLIT_UPLOAD_LIMIT_MB = 200  # Streamlit's default server.maxUploadSize
FAIL_TIMEOUT_S = 5  # how long nginx skips a process that refused a connection
HEALTHY_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 10.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill every ``{{ name }}`` of ``template`` with ``values[name]``.

    Raises ``KeyError`` for a name without a value, so nothing is left half-filled.

    Examples
    --------
    >>> render("listen {{ listen }};", {"listen": "127.0.0.1:8501"})
    'listen 127.0.0.1:8501;'
    """
    return re.sub(r"\{\{ (\w+) \}\}", lambda match: values[match[1]], template)


def upload_limit_mb(config: Path = ROOT / ".streamlit" / "config.toml") -> int:
    """``server.maxUploadSize`` of the app's Streamlit config, in MB (Streamlit's default: 200)."""
    settings = tomllib.loads(config.read_text(encoding="utf-8")) if config.exists() else {}
    return int(settings.get("server", {}).get("maxUploadSize", STREAMLIT_UPLOAD_LIMIT_MB))


def route(index: int) -> str:
    """The ``softmax_viz_route`` cookie value naming the process at ``index``: 1, 2, ..."""
    return str(index + 1)


def upstream_groups(ports: Sequence[int]) -> str:
    """One nginx upstream per process, that process first and the others as backups, and one
    ``streamlit_any`` over all of them for browsers not yet on a process.

    Examples
    --------
    >>> print(upstream_groups([8502, 8503]))  # doctest: +NORMALIZE_WHITESPACE
    upstream streamlit_any {
        zone streamlit_any 64k; least_conn;
        server 127.0.0.1:8502 max_fails=1 fail_timeout=5s;
        server 127.0.0.1:8503 max_fails=1 fail_timeout=5s;
    }
    upstream streamlit_1 {
        zone streamlit_1 64k;
        server 127.0.0.1:8502 max_fails=1 fail_timeout=5s;
        server 127.0.0.1:8503 max_fails=1 fail_timeout=5s backup;
    }
    upstream streamlit_2 {
        zone streamlit_2 64k;
        server 127.0.0.1:8503 max_fails=1 fail_timeout=5s;
        server 127.0.0.1:8502 max_fails=1 fail_timeout=5s backup;
    }
    """

    def group(name: str, first: Sequence[int], backups: Sequence[int], balance: str = "") -> str:
        lines = [f"    upstream {name} {{", f"        zone {name} 64k;{balance}"]
        server = f"        server 127.0.0.1:{{}} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s"
        lines += [server.format(port) + ";" for port in first]
        lines += [server.format(port) + " backup;" for port in backups]
        return "\n".join([*lines, "    }"])

    groups = [group("streamlit_any", ports, [], " least_conn;")]
    for index, port in enumerate(ports):
        others = [other for other in ports if other != port]
        groups.append(group(f"streamlit_{route(index)}", [port], others))
    return "\n".join(groups)


def nginx_config(listen: str, ports: Sequence[int], logs: Path) -> str:
    """deploy/nginx.conf.template for nginx on ``listen`` in front of processes on ``ports``."""
    return render(
        TEMPLATE.read_text(encoding="utf-8"),
        {
            "listen": listen,
            "logs": str(logs),
            "upload_limit": f"{upload_limit_mb()}m",
            "upstreams": upstream_groups(ports),
            "routes": "\n".join(
                f"        {route(index)} streamlit_{route(index)};" for index in range(len(ports))
            ),
            "served_routes": "\n".join(
                f'        "~127\\.0\\.0\\.1:{port}$" {route(index)};' for index, port in enumerate(ports)
            ),
        },
    )


def nginx_executable() -> str | None:
    """Where nginx is: on the PATH, or Debian's /usr/sbin/nginx (not on every user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def nginx_command(prefix: Path, logs: Path, *extra: str) -> list[str]:
    """nginx with ``prefix``'s nginx.conf; ``-e`` keeps it off the system's error log."""
    config, errors = prefix / "nginx.conf", logs / "nginx-error.log"
    return [nginx_executable() or "nginx", "-p", str(prefix), "-c", str(config), "-e", str(errors), *extra]


def write_nginx_config(prefix: Path, listen: str, ports: Sequence[int], logs: Path) -> None:
    """Write nginx.conf and its temp directory into ``prefix``, which nginx workers can read."""
    (prefix / "temp").mkdir(parents=True, exist_ok=True)
    # Started as root, nginx runs its workers as an unprivileged user, which must enter here.
    prefix.chmod(0o755)
    (prefix / "nginx.conf").write_text(nginx_config(listen, ports, logs), encoding="utf-8")


def check_nginx_config(prefix: Path, logs: Path) -> None:
    """``nginx -t``; raises RuntimeError with nginx's words if the config is refused."""
    test = subprocess.run(nginx_command(prefix, logs, "-t"), capture_output=True, text=True)
    if test.returncode != 0:
        raise RuntimeError(f"nginx refused {prefix / 'nginx.conf'}:\n{test.stderr}")


def end_with_launcher() -> None:
    """Run in each child before it starts: Linux sends the child SIGTERM if the launcher dies,
    even by SIGKILL, so that no process or nginx is left behind on its port."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def streamlit_command(app: Path, port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
        "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
    ]  # fmt: skip


def healthy(url: str) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
        return reply.read() == b"ok"
    return False


def wait_healthy(url: str, timeout: float = HEALTHY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not healthy(url):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}/_stcore/health did not answer ok in {timeout:.0f} s")
        time.sleep(0.1)


def metrics(port: int) -> dict[str, float]:
    """The samples of the process at ``port``'s /_stcore/metrics, by name and labels.

    Among them ``active_sessions`` (pages with an open websocket) and
    ``session_events_total{type="connect"}`` (pages it has taken since it started).
    """
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=5) as reply:
        lines = reply.read().decode().splitlines()
    samples = (line.rsplit(" ", 1) for line in lines if line and not line.startswith("#"))
    return {name: float(value) for name, value in samples}


def end(processes: Sequence[subprocess.Popen], how: int = signal.SIGTERM) -> None:
    """Send ``how`` to each process still running and wait; any left after STOP_TIMEOUT_S is killed."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(how)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Deployment:
    """``processes`` Streamlit processes on 127.0.0.1 and nginx in front of them.

    Use as a context manager, or call start() and stop() from one thread: Linux ends the
    children when the thread that started them ends. Children get a process group of their own,
    so a Ctrl-C in the terminal reaches the launcher alone, which ends nginx first.
    """

    def __init__(
        self,
        processes: int = 3,
        port: int = 8501,
        *,
        address: str = "127.0.0.1",
        backend_ports: Sequence[int] | None = None,
        logs: Path | None = None,
        app: Path = ROOT / "app.py",
    ) -> None:
        self.ports = list(backend_ports or range(port + 1, port + 1 + processes))
        if len(self.ports) != processes:
            raise ValueError(f"{processes} processes need {processes} backend ports, got {self.ports}")
        self.url = f"http://{address}:{port}"
        self.listen = f"{address}:{port}"
        self.logs = Path(logs or tempfile.mkdtemp(prefix="softmax-viz-logs-")).resolve()
        self.app = app
        self.processes: list[subprocess.Popen | None] = [None] * processes
        self.nginx: subprocess.Popen | None = None
        self.prefix: Path | None = None
        self._environment = {
            **os.environ,
            COOKIE_SECRET: os.environ.get(COOKIE_SECRET) or secrets.token_hex(32),
        }

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *_) -> None:
        self.stop()

    def backend_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    def start(self) -> Deployment:
        self.logs.mkdir(parents=True, exist_ok=True)
        self.prefix = Path(tempfile.mkdtemp(prefix="softmax-viz-nginx-"))
        try:
            write_nginx_config(self.prefix, self.listen, self.ports, self.logs)
            check_nginx_config(self.prefix, self.logs)
            for index in range(len(self.ports)):
                self.start_process(index, wait=False)
            for index in range(len(self.ports)):
                wait_healthy(self.backend_url(index))
            self.nginx = subprocess.Popen(
                nginx_command(self.prefix, self.logs),
                stdout=subprocess.DEVNULL,
                stderr=open(self.logs / "nginx-error.log", "a"),  # noqa: SIM115 (closed with nginx)
                start_new_session=True,
                preexec_fn=end_with_launcher,
            )
            wait_healthy(self.url)
        except BaseException:
            self.stop()
            raise
        return self

    def start_process(self, index: int, *, wait: bool = True) -> None:
        port = self.ports[index]
        with open(self.logs / f"streamlit-{port}.log", "a") as log:
            self.processes[index] = subprocess.Popen(
                streamlit_command(self.app, port),
                cwd=ROOT,
                env=self._environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=end_with_launcher,
            )
        if wait:
            wait_healthy(self.backend_url(index))

    def kill(self, index: int, how: int = signal.SIGKILL) -> None:
        """Send ``how`` to the process at ``index`` and wait until it has exited."""
        end([self.processes[index]], how)

    def restart(self, index: int) -> None:
        """Stop the process at ``index`` (SIGTERM), start it again, wait until it is healthy."""
        self.kill(index, signal.SIGTERM)
        self.start_process(index)

    def revive(self) -> list[int]:
        """Start again every process that has exited; the indices of those started."""
        exited = [index for index, process in enumerate(self.processes) if process.poll() is not None]
        for index in exited:
            self.start_process(index)
        return exited

    def active_sessions(self) -> list[int | None]:
        """Open sessions per process (None for a process that is not running)."""
        return [
            int(metrics(port)["active_sessions"]) if process.poll() is None else None
            for port, process in zip(self.ports, self.processes, strict=True)
        ]

    def stop(self) -> None:
        """nginx first, so that no request goes to a process on its way out; then the processes."""
        if self.nginx is not None:
            end([self.nginx])
        end([process for process in self.processes if process is not None])
        if self.prefix is not None:
            shutil.rmtree(self.prefix, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2, help="Streamlit processes (one per core)")
    parser.add_argument("--port", type=int, default=8501, help="nginx's port; processes use the next ones")
    parser.add_argument("--address", default="127.0.0.1", help="nginx's address (0.0.0.0: every interface)")
    parser.add_argument("--logs", type=Path, help="log directory (default: a new temporary one)")
    args = parser.parse_args(argv)

    events = {"stop": threading.Event(), "restart": threading.Event()}
    signal.signal(signal.SIGINT, lambda *_: events["stop"].set())
    signal.signal(signal.SIGTERM, lambda *_: events["stop"].set())
    signal.signal(signal.SIGHUP, lambda *_: events["restart"].set())

    deployment = Deployment(args.processes, args.port, address=args.address, logs=args.logs)
    print(f"logs in {deployment.logs}", flush=True)
    with deployment:
        for index, process in enumerate(deployment.processes):
            print(f"process {route(index)}: pid {process.pid} on {deployment.backend_url(index)}", flush=True)
        config = deployment.prefix / "nginx.conf"
        print(f"nginx: pid {deployment.nginx.pid}, config {config}, open {deployment.url}", flush=True)
        while not events["stop"].wait(1.0):
            if events["restart"].is_set():
                events["restart"].clear()
                for index in range(len(deployment.ports)):
                    deployment.restart(index)
                    pid = deployment.processes[index].pid
                    print(f"process {route(index)} restarted as pid {pid}", flush=True)
            for index in deployment.revive():
                pid = deployment.processes[index].pid
                print(f"process {route(index)} had exited: started again as pid {pid}", flush=True)
        print("stopping", flush=True)


if __name__ == "__main__":
    main()
