"""A server restart mid-session: the page reconnects by itself and the URL brings the state back.

The server is stopped (SIGKILL: a crash; SIGTERM: a deploy restart) while the page is open, and
a new server is started on the same port. The test never reloads or navigates the page: a marker
set on ``window`` before the restart must still be there afterwards, so the page reconnected in
place. The new server has no session state, so whatever the page shows after the reconnect
comes from the URL the page still carries.
"""

from __future__ import annotations

import signal

import pytest

from tests.e2e import server

DISCONNECTED = '[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])'
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

# page path with a non-default state, the chart it draws, widgets whose shown values must survive
CASES = {
    "overflow": (
        "/overflow?x=1_2_5&dtype=float32&shift=85",
        "exp_chart",
        ["dtype", "shift", "overflow_text"],
    ),
    "logits": ("/?x=1_2_5&T=0.5", None, ["logits_text"]),
}

# The value a widget shows: selectbox and text inputs by their value, sliders by their thumb.
WIDGET_VALUE = """key => {
    const root = document.querySelector(`.st-key-${key}`);
    if (!root) return null;
    const field = root.querySelector('input[type=range]') || root.querySelector('textarea, input');
    if (!field) return null;
    return field.getAttribute('aria-valuetext') || field.value;
}"""


# The live logits chart's handles, temperature and meters, read from its shadow root.
LIVE_VALUES = """() => [...document.querySelectorAll(".st-key-live_logits *")]
    .filter((node) => node.shadowRoot)
    .flatMap((node) => [...node.shadowRoot.querySelectorAll("[role=slider], [role=meter]")])
    .map((element) => element.getAttribute("aria-valuenow"))"""


def visible_state(page, chart: str | None, widgets: list[str]) -> dict:
    for key in widgets:
        page.wait_for_function(f"() => ({WIDGET_VALUE})({key!r}) !== null", timeout=30_000)
    if chart is None:
        page.wait_for_selector(".st-key-live_logits [role=meter]", timeout=30_000)
    return {
        "chart": page.evaluate(LIVE_VALUES) if chart is None else server.wait_for_chart(page, chart),
        **{key: page.evaluate(WIDGET_VALUE, key) for key in widgets},
    }


@pytest.mark.parametrize(
    ("case", "stop_signal"),
    [("overflow", signal.SIGKILL), ("logits", signal.SIGTERM)],
    ids=["overflow-crash-SIGKILL", "logits-restart-SIGTERM"],
)
def test_the_page_reconnects_after_a_server_restart_and_keeps_its_state(browser, case, stop_signal):
    path, chart, widgets = CASES[case]
    port = server.free_port()
    process = server.start_server(server.ROOT / "app.py", port)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        server.wait_healthy(port)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}{path}")
        server.wait_for_app(page)
        page.wait_for_selector(CONNECTED)
        before = visible_state(page, chart, widgets)
        url = page.url
        assert url.endswith(path)
        if case == "overflow":
            assert before["dtype"] == "float32" and float(before["shift"]) == 85
        else:
            assert before["chart"][0] == "0.5" and before["logits_text"] == "1, 2, 5"
        page.evaluate("() => { window.__beforeRestart = true; }")

        process.send_signal(stop_signal)
        process.wait(timeout=15)
        page.wait_for_selector(DISCONNECTED, timeout=30_000)
        process = server.start_server(server.ROOT / "app.py", port)
        server.wait_healthy(port)

        # No reload by the test: Streamlit's client reconnects and reruns with the URL it shows.
        page.wait_for_selector(CONNECTED, timeout=60_000)
        server.wait_for_app(page, timeout=60_000)
        after = visible_state(page, chart, widgets)
        assert page.evaluate("() => window.__beforeRestart === true"), "the page was reloaded"
        assert page.url == url
        assert after == before
        assert page.locator(ERRORS).count() == 0
        # Every element on the page came from the new server's run, none is left over.
        assert page.locator('[data-stale="true"]').count() == 0
    finally:
        context.close()
        server.stop(process)
