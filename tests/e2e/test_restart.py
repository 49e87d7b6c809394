"""A server restart mid-lesson: each page reconnects by itself, keeps its state, and still answers.

The server is stopped (SIGKILL: a crash; SIGTERM: a deploy restart) while two pages of different
views are open, and a new server is started on the same port. The test never reloads or
navigates a page: a marker set on ``window`` before the restart must still be there afterwards,
so the page reconnected in place. The new server has no session state, so whatever a page shows
after the reconnect comes from the URL it still carries. Then a widget inside the view's fragment
is used: the new server must answer it, which it does only if it has run the page since the reconnect.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

from tests.e2e import server
from tests.e2e.live_charts import RECORD_MESSAGES, wait_for_run

DISCONNECTED = '[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])'
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

# The value a widget shows: selectbox and text inputs by their value, sliders by their thumb.
WIDGET_VALUE = """key => {
    const root = document.querySelector(`.st-key-${key}`);
    if (!root) return null;
    const field = root.querySelector('input[type=range]') || root.querySelector('textarea, input');
    if (!field) return null;
    return field.getAttribute('aria-valuetext') || field.value;
}"""


def softmax(values) -> np.ndarray:
    """The textbook formula, for the small inputs of these cases."""
    exp = np.exp(np.asarray(values, dtype=np.float64))
    return exp / exp.sum(axis=-1, keepdims=True)


def step_the_shift(page, before: list[str]) -> None:
    """The live lab's shift 85 → 86: committed, the link and the input column (1, 2, 5) + 86 follow."""
    page.locator(".st-key-live_overflow [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('shift=86')", timeout=30_000)
    server.wait_for_app(page)
    page.locator(".st-key-live_overflow .live-overflow[data-source=python]").wait_for()
    cells = page.locator(".st-key-live_overflow td[data-column=naive_x]")
    assert cells.evaluate_all("cs => cs.map(c => c.dataset.value)") == ["87", "88", "91"]


# Whether the live gradient chart's bars print `expected` (the chart is built anew for a new class).
GRADIENT_SHOWN = """expected => [...document.querySelectorAll(".st-key-live_gradient *")]
    .filter((node) => node.shadowRoot)
    .flatMap((node) => [...node.shadowRoot.querySelectorAll(".gradient .value")])
    .map((value) => value.textContent).join() === expected.join()"""


def choose_true_class_3(page, before: list[str]) -> None:
    """The true class 2 → 3: the live chart's gradient bars become softmax(x) − onehot(3)."""
    # From the keyboard: the first click on a selectbox after the reconnect focuses it without opening it.
    page.locator(".st-key-t input").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option").filter(has_text=re.compile("^3$")).click()
    expected = [f"{g:.3f}".replace("-", "−") for g in softmax([1.0, 2.0, 5.0]) - [0, 0, 1]]
    page.wait_for_function(GRADIENT_SHOWN, arg=expected, timeout=30_000)
    assert page.evaluate(LIVE_VALUES, "live_gradient") == before  # the logits and meters stay


def normalise_rows(page, before: list[dict]) -> None:
    """axis 0 → 1: every row of [[1, 2], [3, 5]] sums to 1 on its own."""
    page.locator(".st-key-axis button", has_text="1").click()
    after = server.wait_for_chart_change(page, "batch_chart", before)
    np.testing.assert_allclose(after[0]["z"], softmax([[1.0, 2.0], [3.0, 5.0]]), rtol=1e-14)


def raise_a_logit(page, before: list[str]) -> None:
    """The live chart's third logit 5 → 5.1: committed, the link and every meter follow."""
    page.locator(".st-key-live_logits [role=slider].logit").nth(2).focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_function("() => window.location.search.includes('x=1_2_5.1')", timeout=30_000)
    server.wait_for_app(page)
    page.locator(".st-key-live_logits .live-logits[data-source=python]").wait_for()
    meters = page.locator(".st-key-live_logits [role=meter]")
    meters = meters.evaluate_all("ms => ms.map(m => Number(m.getAttribute('aria-valuenow')))")
    np.testing.assert_allclose(meters, softmax(np.array([1.0, 2.0, 5.1]) / 0.5), rtol=1e-12)


# A live chart's sliders and meters (aria-valuenow) and cells (data-value), from its shadow root.
LIVE_VALUES = """key => [...document.querySelectorAll(`.st-key-${key} *`)]
    .filter((node) => node.shadowRoot)
    .flatMap((node) => [...node.shadowRoot.querySelectorAll("[role=slider], [role=meter], td[data-value]")])
    .map((element) => element.getAttribute("aria-valuenow") ?? element.dataset.value)"""


@dataclass(frozen=True)
class Case:
    path: str  # a non-default state
    chart: str  # the plotly chart the view draws, or its live chart (a key starting "live_")
    shown: dict[str, str]  # what widgets show, from the link; these and the chart survive the restart
    step: Callable[[object, list[dict]], None]  # a use of the fragment after the restart


CASES = {
    "overflow": Case(
        "/overflow?x=1_2_5&dtype=float32&shift=85",
        "live_overflow",
        {"dtype": "float32", "overflow_text": "1, 2, 5"},
        step_the_shift,
    ),
    "gradient": Case(
        "/gradient?x=1_2_5&t=2", "live_gradient", {"t": "2", "gradient_text": "1, 2, 5"}, choose_true_class_3
    ),
    "batch": Case("/batch?m=1_2~3_5&axis=0", "batch_chart", {"batch_text": "1, 2\n3, 5"}, normalise_rows),
    "logits": Case("/?x=1_2_5&T=0.5", "live_logits", {"logits_text": "1, 2, 5"}, raise_a_logit),
}


def visible_state(page, chart: str, widgets) -> dict:
    for key in widgets:
        page.wait_for_function(f"() => ({WIDGET_VALUE})({key!r}) !== null", timeout=30_000)
    live = chart.startswith("live_")
    if live:
        page.wait_for_selector(f".st-key-{chart} [role=slider]", timeout=30_000)
    return {
        "chart": page.evaluate(LIVE_VALUES, chart) if live else server.wait_for_chart(page, chart),
        **{key: page.evaluate(WIDGET_VALUE, key) for key in widgets},
    }


# SIGKILL: a crash; SIGTERM: a deploy restart. Two views on one server each: a server start
# and its first pages cost about 2.5 CPU-seconds.
RESTARTS = {
    "SIGKILL": (signal.SIGKILL, ("overflow", "batch")),
    "SIGTERM": (signal.SIGTERM, ("gradient", "logits")),
}


def open_case(context, port: int, case: str):
    """A page of ``case`` whose state is shown; returns it and what it shows."""
    path, chart, shown = CASES[case].path, CASES[case].chart, CASES[case].shown
    page = context.new_page()
    page.add_init_script(RECORD_MESSAGES)
    page.goto(f"http://127.0.0.1:{port}{path}")
    server.wait_for_app(page)
    page.wait_for_selector(CONNECTED)
    before = visible_state(page, chart, shown)
    assert page.url.endswith(path)
    assert {key: before[key] for key in shown} == shown
    page.evaluate("() => { window.__beforeRestart = true; }")
    return page, before


@pytest.mark.parametrize("restart", list(RESTARTS))
def test_pages_reconnect_after_a_server_restart_keep_their_state_and_answer(browser, restart):
    stop_signal, cases = RESTARTS[restart]
    port = server.free_port()
    process = server.start_server(server.ROOT / "app.py", port)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        server.wait_healthy(port)
        opened = {case: open_case(context, port, case) for case in cases}
        urls = {case: page.url for case, (page, _) in opened.items()}

        process.send_signal(stop_signal)
        process.wait(timeout=15)
        for page, _ in opened.values():
            page.wait_for_selector(DISCONNECTED, timeout=30_000)
            page.evaluate("() => window.__messages.splice(0)")
        process = server.start_server(server.ROOT / "app.py", port)
        server.wait_healthy(port)

        for case, (page, before) in opened.items():
            page.bring_to_front()
            # No reload by the test: Streamlit's client reconnects and reruns with the URL it
            # shows.
            page.wait_for_selector(CONNECTED, timeout=60_000)
            # Until the run on reconnecting has finished: the page is idle for a moment before it
            # starts, still showing the old server's elements.
            wait_for_run(page, timeout=60)
            after = visible_state(page, CASES[case].chart, CASES[case].shown)
            assert page.evaluate("() => window.__beforeRestart === true"), f"{case}: the page was reloaded"
            assert page.url == urls[case]
            assert after == before, case
            assert page.locator(ERRORS).count() == 0, case
            # Every element on the page came from the new server's run, none is left over.
            assert page.locator('[data-stale="true"]').count() == 0, case
            CASES[case].step(page, after["chart"])
            assert page.locator(ERRORS).count() == 0, case
    finally:
        context.close()
        server.stop(process)
