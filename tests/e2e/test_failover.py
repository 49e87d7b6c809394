"""Three Streamlit processes behind nginx (deploy/launch.py): a page whose process dies carries on
on another one by itself, and a rolling restart loses no page.

A page is on the process its ``softmax_viz_route`` cookie names, which each process's
/_stcore/metrics confirms (its count of open sessions). No test reloads or navigates a page: a
marker set on ``window`` at the start must still be there at the end.

After a failover the new process must run the page (the record of the page's states shows a
script run after the reconnect: what it shows is not the old process's last drawing), and the
page must *respond*: its next logit step and temperature step reach the new process, which
writes them to the link and sends back its numbers. This needs a page to rerun in full when it
reconnects to a process that has never run it; until it does, these tests fail where they wait
for that run (and a step would be dropped: "The fragment with id ... does not exist anymore").
"""

from __future__ import annotations

import signal

import numpy as np
import pytest

from deploy import launch
from softmax_viz import urlstate
from tests.e2e import server
from tests.e2e.test_live_logits import (
    METERS,
    assert_python_numbers,
    link_state,
    logit_handles,
    temperature_slider,
    wait_for_python,
)

CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

# Every change of the page's connection and script state, in order ("connection:CONNECTED",
# "script:running", ...), and when (Date.now()); installed before the app loads.
RECORD_STATES = """(() => {
    window.__states = [];
    window.__stateTimes = [];
    const last = {};
    new MutationObserver(() => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app) return;
        for (const kind of ["connection", "script"]) {
            const state = app.getAttribute(`data-test-${kind}-state`);
            if (state && state !== last[kind]) {
                last[kind] = state;
                window.__states.push(`${kind}:${state}`);
                window.__stateTimes.push(Date.now());
            }
        }
    }).observe(document, { subtree: true, childList: true, attributes: true });
})()"""

# Since index ``mark`` of the record: the connection was lost, came back, and then a script ran
# to its end, so what the page shows was sent by the process it is connected to now.
RERAN_AFTER_RECONNECT = """(mark) => {
    const later = window.__states.slice(mark);
    const lost = later.findIndex((s) => s.startsWith("connection:") && s !== "connection:CONNECTED");
    const back = later.findIndex((s, i) => i > lost && s === "connection:CONNECTED");
    const ran = later.findIndex((s, i) => i > back && s === "script:running");
    return lost >= 0 && back >= 0 && ran >= 0 && later.slice(ran).includes("script:notRunning");
}"""


@pytest.fixture
def deployment(nginx, tmp_path):
    ports = [server.free_port() for _ in range(4)]
    with launch.Deployment(3, ports[0], backend_ports=ports[1:], logs=tmp_path) as running:
        yield running


class Tab:
    """One browser context with one page of the app, opened through nginx."""

    def __init__(self, browser, deployment: launch.Deployment, path: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.add_init_script(RECORD_STATES)
        self.page.goto(deployment.url + path)
        self.ready()
        self.page.evaluate("() => { window.__sinceOpened = true; }")

    def ready(self, timeout: float = 60_000) -> None:
        """Connected, the script idle and the chart drawn."""
        self.page.wait_for_selector(CONNECTED, timeout=timeout)
        server.wait_for_app(self.page, timeout=timeout)
        self.page.wait_for_selector(METERS, timeout=timeout)

    def process(self) -> int:
        """Index of the process the route cookie names."""
        routes = [c["value"] for c in self.context.cookies() if c["name"] == launch.ROUTE_COOKIE]
        assert len(routes) == 1, routes
        return int(routes[0]) - 1

    def mark(self) -> int:
        """The current length of the page's record of states."""
        return self.page.evaluate("() => window.__states.length")

    def connection_states(self) -> list[str]:
        states = self.page.evaluate("() => window.__states")
        return [s.removeprefix("connection:") for s in states if s.startswith("connection:")]

    def wait_for_rerun_after_reconnect(self, mark: int) -> None:
        self.page.wait_for_function(RERAN_AFTER_RECONNECT, arg=mark, timeout=30_000)
        self.ready()

    def step_logit(self, index: int) -> None:
        """ArrowUp on logit ``index`` (+0.1); returns once the link and the meters are Python's."""
        x, _ = link_state(self.page.url)
        x[index] = round(x[index] + 0.1, 10)
        logit_handles(self.page).nth(index).focus()
        self.page.keyboard.press("ArrowUp")
        wait_for_python(self.page, "x=" + "_".join(f"{v:g}" for v in x))
        assert link_state(self.page.url)[0] == x
        assert_python_numbers(self.page)

    def step_temperature(self) -> None:
        """ArrowRight on the temperature (the next value of its grid), checked the same way."""
        _, temperature = link_state(self.page.url)
        grid = [float(t) for t in urlstate.TEMPERATURES]
        following = urlstate.TEMPERATURES[grid.index(temperature) + 1]
        temperature_slider(self.page).focus()
        self.page.keyboard.press("ArrowRight")
        wait_for_python(self.page, f"T={following}")
        assert link_state(self.page.url)[1] == float(following)
        assert_python_numbers(self.page)

    def assert_intact(self) -> None:
        assert self.page.evaluate("() => window.__sinceOpened === true"), "the page was reloaded"
        assert self.page.locator(ERRORS).count() == 0


def open_on_another_process(browser, deployment, path: str, taken: set[int]) -> Tab:
    """A tab whose session is on a process not in ``taken`` (nginx sends a new browser to the
    process with the fewest connections, so the first try nearly always is)."""
    for _ in range(6):
        tab = Tab(browser, deployment, path)
        if tab.process() not in taken:
            return tab
        tab.context.close()
    raise AssertionError(f"six new browsers all went to processes {taken}")


def test_a_page_whose_process_is_killed_carries_on_on_another_and_responds(browser, deployment):
    first = Tab(browser, deployment, "/?x=1_2_5&T=0.5")
    victim = first.process()
    assert deployment.active_sessions()[victim] == 1
    other = open_on_another_process(browser, deployment, "/?x=3_1_2", {victim})
    bystander = other.process()
    assert deployment.active_sessions()[bystander] == 1
    other.step_logit(1)
    url, meters, mark = first.page.url, first.page.locator(METERS).all_text_contents(), first.mark()

    deployment.kill(victim, signal.SIGKILL)

    # No reload by the test: Streamlit's client reconnects, nginx sends it to another process,
    # and that process runs the page from the link it carries.
    first.wait_for_rerun_after_reconnect(mark)
    assert first.page.locator('[data-stale="true"]').count() == 0
    assert first.page.url == url
    assert first.page.locator(METERS).all_text_contents() == meters
    assert_python_numbers(first.page)
    assert first.process() != victim
    sessions = deployment.active_sessions()
    assert sessions[victim] is None
    assert sessions[first.process()] >= 1

    first.step_logit(0)
    first.step_temperature()
    first.assert_intact()

    # The other page never lost its connection and still works on its own process.
    assert other.connection_states()[-1] == "CONNECTED"
    assert other.connection_states().count("CONNECTED") == 1
    assert other.process() == bystander
    other.step_temperature()
    other.assert_intact()
    np.testing.assert_array_equal(link_state(other.page.url)[0], [3, 1.1, 2])


def test_a_rolling_restart_loses_no_page(browser, deployment):
    tabs = [Tab(browser, deployment, "/?x=1_2_5")]
    for _ in range(2):
        tabs.append(open_on_another_process(browser, deployment, "/?x=1_2_5", {t.process() for t in tabs}))
    assert sorted(t.process() for t in tabs) == [0, 1, 2]

    for restarted in range(3):
        moved = [tab for tab in tabs if tab.process() == restarted]
        marks = [tab.mark() for tab in moved]
        deployment.restart(restarted)
        for tab, mark in zip(moved, marks, strict=True):
            tab.wait_for_rerun_after_reconnect(mark)
        for tab in tabs:
            tab.ready()
            tab.step_logit(restarted)
            tab.assert_intact()
    for tab in tabs:
        assert link_state(tab.page.url) == ([1.1, 2.1, 5.1], 1.0)
