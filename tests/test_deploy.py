"""deploy/: the nginx config nginx accepts, a browser kept on its process and moved when it dies,
the launcher's processes, and the container and Kubernetes files (which cannot run here)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import kubernetes_validate
import yaml

from deploy import launch

ROOT = launch.ROOT


def test_the_rendered_config_passes_nginx_t(nginx, tmp_path):
    launch.write_nginx_config(tmp_path, "127.0.0.1:8501", [8502, 8503, 8504], tmp_path)
    launch.check_nginx_config(tmp_path, tmp_path)
    assert "{{" not in (tmp_path / "nginx.conf").read_text()


def test_the_upload_limit_is_streamlits_max_upload_size():
    """Read by Streamlit itself from the app's config, against what the launcher writes for nginx."""
    code = "from streamlit import config; print(config.get_option('server.maxUploadSize'))"
    streamlit_mb = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    rendered = launch.nginx_config("127.0.0.1:8501", [8502], ROOT)
    assert re.findall(r"client_max_body_size (\S+);", rendered) == [f"{streamlit_mb}m"]


def get(url: str, cookie: str = "") -> tuple[str, str | None]:
    """The body and the route cookie the answer sets (None: it sets none)."""
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=10) as reply:
        jar = SimpleCookie()
        for header in reply.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        route = jar[launch.ROUTE_COOKIE].value if launch.ROUTE_COOKIE in jar else None
        return reply.read().decode(), route


def upstreams(logs: Path, cookie: str) -> list[str]:
    """The upstream field of every request nginx logged with route cookie ``cookie``."""
    text = (logs / "nginx-access.log").read_text()
    return re.findall(rf'route="{cookie}" upstream="([^"]+)"', text)


def test_a_browser_stays_on_its_process_and_follows_its_page_when_it_dies(nginx, tmp_path):
    with launch.Deployment(2, free_ports(3), logs=tmp_path) as deployment:
        _, route = get(deployment.url + "/")
        assert route in {"1", "2"}
        home = int(route) - 1
        for _ in range(5):
            assert get(deployment.url + "/_stcore/health", f"{launch.ROUTE_COOKIE}={route}") == ("ok", None)
        assert set(upstreams(tmp_path, route)) == {f"127.0.0.1:{deployment.ports[home]}"}

        deployment.kill(home)
        body, moved = get(deployment.url + "/_stcore/health", f"{launch.ROUTE_COOKIE}={route}")
        assert body == "ok"
        assert moved == launch.route(1 - home)
        for _ in range(3):
            assert get(deployment.url + "/_stcore/health", f"{launch.ROUTE_COOKIE}={moved}") == ("ok", None)
        assert set(upstreams(tmp_path, moved)) == {f"127.0.0.1:{deployment.ports[1 - home]}"}


def free_ports(count: int) -> int:
    """A port whose next ``count - 1`` ports are free too (nginx's, then the processes')."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count < 65536 and all(port_free(first + k) for k in range(count)):
            return first
    raise RuntimeError(f"no {count} consecutive free ports")


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def read_until(process: subprocess.Popen, pattern: str, timeout: float = 120) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if match := re.search(pattern, line):
            return match
        if not line and process.poll() is not None:
            break
    raise AssertionError(f"the launcher never printed {pattern!r}")


def cookie_secret(pid: int) -> str:
    environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return next(e for e in environment if e.startswith(launch.COOKIE_SECRET.encode())).decode()


def test_the_launcher_restarts_a_dead_process_rolls_on_sighup_and_stops_everything_on_ctrl_c(nginx, tmp_path):
    port = free_ports(3)
    command = ["-m", "deploy.launch", "--processes", "2", "--port", str(port), "--logs", str(tmp_path)]
    launcher = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={key: value for key, value in os.environ.items() if key != launch.COOKIE_SECRET},
        start_new_session=True,  # its own process group, as a shell gives a command it runs
    )
    try:
        pids = [int(read_until(launcher, rf"process {k}: pid (\d+)")[1]) for k in (1, 2)]
        nginx_pid = int(read_until(launcher, r"nginx: pid (\d+)")[1])
        assert launch.healthy(f"http://127.0.0.1:{port}")
        # One secret for all, made for this run, written nowhere.
        secrets = {cookie_secret(pid) for pid in pids}
        assert len(secrets) == 1 and re.fullmatch(rf"{launch.COOKIE_SECRET}=[0-9a-f]{{64}}", secrets.pop())
        assert not any(cookie_secret(pids[0]).split("=")[1] in p.read_text() for p in tmp_path.iterdir())

        os.kill(pids[0], signal.SIGKILL)
        pids[0] = int(read_until(launcher, r"process 1 had exited: started again as pid (\d+)")[1])
        assert launch.healthy(f"http://127.0.0.1:{port + 1}")

        launcher.send_signal(signal.SIGHUP)
        restarted = [int(read_until(launcher, rf"process {k} restarted as pid (\d+)")[1]) for k in (1, 2)]
        assert set(restarted).isdisjoint(pids)
        assert all(launch.healthy(f"http://127.0.0.1:{port + k}") for k in (1, 2, 0))

        os.killpg(launcher.pid, signal.SIGINT)  # Ctrl-C in the terminal
        assert launcher.wait(timeout=30) == 0
        for pid in [*restarted, nginx_pid]:
            assert not Path(f"/proc/{pid}").exists()
        assert not any(launch.healthy(f"http://127.0.0.1:{port + k}") for k in (0, 1, 2))
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()


def test_killing_the_launcher_leaves_no_process_behind(nginx, tmp_path):
    port = free_ports(2)
    command = ["-m", "deploy.launch", "--processes", "1", "--port", str(port), "--logs", str(tmp_path)]
    launcher = subprocess.Popen([sys.executable, *command], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        children = [int(read_until(launcher, r"process 1: pid (\d+)")[1])]
        nginx_line = read_until(launcher, r"nginx: pid (\d+), config (\S+)/nginx.conf")
        children.append(int(nginx_line[1]))
    finally:
        launcher.kill()
        launcher.wait()
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)
    shutil.rmtree(nginx_line[2])  # nginx's directory, which only a launcher that was not killed removes


DOCKERFILE = ROOT / "deploy" / "Dockerfile"


def test_the_dockerfile_passes_hadolint_and_runs_the_app_as_a_user_with_a_health_check():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    lint = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    lines = DOCKERFILE.read_text().replace("\\\n", " ").splitlines()
    by_kind: dict[str, list[str]] = {}
    for kind, argument in (line.split(maxsplit=1) for line in lines if line[:1].isalpha()):
        by_kind.setdefault(kind, []).append(argument)
    assert re.fullmatch(r"python:3\.1[1-9]-slim", by_kind["FROM"][0])
    assert [run for run in by_kind["RUN"] if "pip" in run] == ["pip install -r requirements.txt"]
    assert by_kind["USER"][-1] not in {"0", "root"}
    assert "/_stcore/health" in by_kind["HEALTHCHECK"][0]
    assert by_kind["EXPOSE"] == ["8501"] and "--server.port=8501" in by_kind["CMD"][0]


def test_the_kubernetes_example_passes_schema_validation_and_matches_the_app():
    documents = {d["kind"]: d for d in yaml.safe_load_all((ROOT / "deploy" / "k8s.yaml").read_text())}
    assert set(documents) == {"Deployment", "Service", "Ingress"}
    for document in documents.values():
        kubernetes_validate.validate(document, kubernetes_validate.latest_version(), strict=True)

    pod = documents["Deployment"]["spec"]["template"]
    (container,) = pod["spec"]["containers"]
    assert container["ports"] == [{"name": "http", "containerPort": 8501}]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}
    (secret,) = [e for e in container["env"] if e["name"] == launch.COOKIE_SECRET]
    assert set(secret) == {"name", "valueFrom"}  # from a Secret, never written here

    service = documents["Service"]
    assert service["spec"]["selector"] == pod["metadata"]["labels"]
    (rule,) = documents["Ingress"]["spec"]["rules"]
    backend = rule["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": service["metadata"]["name"], "port": {"name": "http"}}
    annotations = {
        key.removeprefix("nginx.ingress.kubernetes.io/"): value
        for key, value in documents["Ingress"]["metadata"]["annotations"].items()
    }
    assert annotations["affinity"] == "cookie"
    assert annotations["session-cookie-change-on-failure"] == "true"
    assert annotations["proxy-body-size"] == f"{launch.upload_limit_mb()}m"
    assert int(annotations["proxy-read-timeout"]) >= 3600
