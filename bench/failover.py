"""How long a page is gone when the process it is on dies: three processes behind nginx
(deploy/launch.py), one page in Chromium, its process killed (SIGKILL) again and again.

Run: python bench/failover.py [--kills 5]

From the kill, timed with the page's own clock (the record of its states that
tests/e2e/test_failover.py installs):

- reconnected: the page's websocket is open again, through nginx, to another process;
- shown again: that process has run the page from its link (a script run after the reconnect
  ended), so what is on screen is its work and not the dead process's last drawing;
- answered: a logit step (ArrowUp) sent after that came back with Python's numbers.

A stage that does not come within 30 s is printed as "none". The killed process is started
again before the next kill, so the page always has two others to go to.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from deploy import launch  # noqa: E402
from tests.e2e import server  # noqa: E402
from tests.e2e.test_failover import RERAN_AFTER_RECONNECT, Tab  # noqa: E402

STAGE_TIMEOUT_MS = 30_000

# Since index ``mark``: when the connection came back and when the first script run after it ended.
STAGE_TIMES = """(mark) => {
    const states = window.__states.slice(mark), times = window.__stateTimes.slice(mark);
    const lost = states.findIndex((s) => s.startsWith("connection:") && s !== "connection:CONNECTED");
    const back = states.findIndex((s, i) => i > lost && s === "connection:CONNECTED");
    const ran = states.findIndex((s, i) => i > back && s === "script:running");
    const done = states.findIndex((s, i) => ran >= 0 && i > ran && s === "script:notRunning");
    return [back >= 0 ? times[back] : null, done >= 0 ? times[done] : null];
}"""


def one_kill(deployment: launch.Deployment, tab: Tab) -> list[float | None]:
    """Seconds from the kill to reconnected, shown again and answered (None: not within 30 s)."""
    victim, mark = tab.process(), tab.mark()
    killed_at = time.time()
    deployment.kill(victim, signal.SIGKILL)
    with contextlib.suppress(PlaywrightError):
        tab.page.wait_for_function(RERAN_AFTER_RECONNECT, arg=mark, timeout=STAGE_TIMEOUT_MS)
    back, shown = (None if t is None else t / 1000 - killed_at for t in tab.page.evaluate(STAGE_TIMES, mark))
    answered = None
    if shown is not None:
        try:
            tab.step_logit(0)
            answered = time.time() - killed_at
        except (PlaywrightError, AssertionError):
            pass
    deployment.start_process(victim)
    return [back, shown, answered]


def describe(values: list[float | None]) -> str:
    seen = [v for v in values if v is not None]
    if not seen:
        return "none"
    missing = f", {len(values) - len(seen)} none" if len(seen) < len(values) else ""
    return f"median {statistics.median(seen):.2f} s, max {max(seen):.2f} s{missing}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()
    ports = [server.free_port() for _ in range(4)]
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="softmax-viz-failover-") as logs,
        launch.Deployment(3, ports[0], backend_ports=ports[1:], logs=Path(logs)) as deployment,
        sync_playwright() as pw,
    ):
        browser = server.launch(pw)
        tab = Tab(browser, deployment, "/?x=1_2_5&T=0.5")
        for kill in range(args.kills):
            rows.append(one_kill(deployment, tab))
            cells = ["none" if v is None else f"{v:.2f} s" for v in rows[-1]]
            print(f"kill {kill + 1}: reconnected {cells[0]}, shown again {cells[1]}, answered {cells[2]}")
        browser.close()
    for name, values in zip(("reconnected", "shown again", "answered"), zip(*rows, strict=True), strict=True):
        print(f"{name:>12}: {describe(list(values))}")


if __name__ == "__main__":
    main()
