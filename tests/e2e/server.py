"""Start a real Streamlit server and a real Chromium; wait for them the way Streamlit's own
browser tests do. Shared by tests/e2e and bench/."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Debian's build of Chromium's headless shell (package chromium-headless-shell), which Playwright
# also prefers for headless runs: a page's first load in a fresh context costs about 4 CPU-seconds
# in it, against about 7.5 in the full browser (`/usr/bin/chromium`), the fallback.
DEBIAN_HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(app: Path, port: int, log: Path | None = None) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
        "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
    ]  # fmt: skip
    output = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)


def wait_healthy(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply,
        ):
            if reply.read() == b"ok":
                return
        time.sleep(0.1)
    raise TimeoutError(f"Streamlit on port {port} did not become healthy in {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def streamlit_server(app: Path = ROOT / "app.py", port: int | None = None) -> Iterator[str]:
    """A running ``streamlit run app``; yields its base URL and stops it afterwards."""
    port = port or free_port()
    process = start_server(app, port)
    try:
        wait_healthy(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def browser_executable() -> str | None:
    """Debian's Chromium (its headless shell first), else a browser Playwright installed (None:
    use Playwright's own)."""
    for executable in (DEBIAN_HEADLESS_SHELL, DEBIAN_CHROMIUM):
        if executable.exists():
            return str(executable)
    return None


def playwright_browser_available() -> bool:
    if browser_executable():
        return True
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    return any(cache.glob("chromium*"))


def launch(playwright):
    return playwright.chromium.launch(executable_path=browser_executable(), args=CHROMIUM_FLAGS)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Until the script has run and stopped, like Streamlit's ``wait_for_app_run``."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=timeout,
    )


# Resolves with the page's clock when READ (the source of a function returning what a step
# changes) first returns something other than `before` while the script is idle.
_WAIT_FOR_CHANGE = """before => new Promise(resolve => {
    const read = READ;
    const idle = () => document.querySelector('[data-testid="stApp"]')
        ?.getAttribute('data-test-script-state') === 'notRunning';
    const check = () => {
        const now = read();
        if (now !== null && now !== before && idle()) resolve(performance.now());
        else requestAnimationFrame(check);
    };
    check();
})"""


def rerun_step(page, control: str, key: str, read: str) -> float:
    """Milliseconds, timed in the page, from pressing ``key`` on ``control`` until ``read`` (the
    source of a JavaScript function returning what the step changes, ``null`` while absent)
    returns something new and the rerun has finished: one Streamlit round trip."""
    before = page.evaluate(read)
    page.locator(control).focus()
    start = page.evaluate("() => performance.now()")
    page.keyboard.press(key)
    end = page.evaluate(_WAIT_FOR_CHANGE.replace("READ", read), before)
    wait_for_app(page)
    return end - start


def chart_data(page, key: str) -> list[dict]:
    """The x and y arrays of every trace of the plotly chart with widget key ``key``."""
    return page.evaluate(
        """key => {
            const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
            if (!plot || !plot.data) return null;
            // plotly keeps a typed-array spec ({dtype, bdata}) with the decoded values beside it.
            const plain = v => {
                if (v && v._inputArray) v = v._inputArray;
                if (v && typeof v !== 'string' && v.length !== undefined) return Array.from(v, plain);
                return v;
            };
            return plot.data.map(t => ({x: plain(t.x), y: plain(t.y), z: plain(t.z) ?? null}));
        }""",
        key,
    )


def wait_for_chart(page, key: str, timeout: float = 30_000) -> list[dict]:
    page.wait_for_function(
        "key => { const p = document.querySelector(`.st-key-${key} .js-plotly-plot`); return p && p.data; }",
        arg=key,
        timeout=timeout,
    )
    return chart_data(page, key)


def wait_for_chart_change(page, key: str, before, timeout: float = 30_000) -> list[dict]:
    """Poll until the chart's data differs from ``before`` (a rerun finished and plotly redrew)."""
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        now = chart_data(page, key)
        if now is not None and now != before:
            return now
        page.wait_for_timeout(20)
    raise TimeoutError(f"chart {key!r} did not change within {timeout} ms")
