"""The real app in a real Chromium: loading, interaction, links, languages, phones, screenshots."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.server import ROOT, chart_data, wait_for_app, wait_for_chart

VIEWS = {"logits": "/", "overflow": "/overflow", "gradient": "/gradient", "batch": "/batch"}
CHARTS = {
    "overflow": "exp_chart",
    "gradient": "jacobian_chart",
    "batch": "batch_chart",
}
SCREENSHOTS = ROOT / "docs" / "screenshots"


def open_view(page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    wait_for_app(page)


def wait_for_view(page, view: str) -> None:
    """Until the view's main chart is drawn: the live chart's meters, or a plotly chart's data."""
    if view == "logits":
        page.wait_for_selector(".st-key-live_logits [role=meter]")
    else:
        wait_for_chart(page, CHARTS[view])


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_loads_without_errors(view, base_url, new_page):
    page, problems = new_page()
    open_view(page, base_url, VIEWS[view])
    wait_for_view(page, view)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert problems.unexplained() == []


# Keeps every websocket message the page receives, base64-encoded, to be decoded in Python.
RECORD_MESSAGES = """(() => {
    window.__messages = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener("message", event => {
                let text = "";
                for (const byte of new Uint8Array(event.data)) text += String.fromCharCode(byte);
                window.__messages.push(btoa(text));
            });
        }
    };
})()"""


def take_messages(page) -> list[ForwardMsg]:
    """The messages received since the last call, and forget them."""
    encoded = page.evaluate("() => window.__messages.splice(0)")
    return [ForwardMsg.FromString(base64.b64decode(item)) for item in encoded]


def chart_messages(messages: list[ForwardMsg], key: str) -> list[ForwardMsg]:
    return [message for message in messages if message.delta.new_element.plotly_chart.id.endswith(f"-{key}")]


def live_chart_messages(messages: list[ForwardMsg]) -> list[ForwardMsg]:
    return [m for m in messages if m.delta.new_element.bidi_component.id.endswith("-live_logits")]


def test_a_commit_resends_the_live_chart_but_not_the_sigmoid_panel(base_url, new_page):
    page, problems = new_page()
    page.add_init_script(RECORD_MESSAGES)
    open_view(page, base_url, "/?sig=true")
    wait_for_chart(page, "sigmoid_chart")
    wait_for_view(page, "logits")
    (sigmoid,) = chart_messages(take_messages(page), "sigmoid_chart")

    page.locator(".st-key-live_logits [role=slider].logit").nth(1).focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_function("() => window.location.search.includes('x=')")
    wait_for_app(page)
    step = take_messages(page)
    (live,) = live_chart_messages(step)
    assert json.loads(live.delta.new_element.bidi_component.bytes)["logits"] == [2.0, 1.1, 0.5]
    # A chart the browser already has may come back as a reference to its cached copy.
    assert not chart_messages(step, "sigmoid_chart")
    assert sigmoid.hash not in {message.ref_hash for message in step}
    assert problems.unexplained() == []


def test_overflow_view_shows_inf_and_nan_only_on_the_naive_path(base_url, new_page):
    page, _ = new_page()
    open_view(page, base_url, "/overflow")
    naive = page.locator(".st-key-naive_trace table").inner_text()
    stable = page.locator(".st-key-stable_trace table").inner_text()
    assert naive.count("inf") >= 5 and naive.count("nan") == 5
    assert "inf" not in stable and "nan" not in stable
    assert "0.6321493" in stable


LIVE_STATE = """() => {
    const host = [...document.querySelectorAll(".st-key-live_logits *")].find((n) => n.shadowRoot);
    const all = (selector) => [...host.shadowRoot.querySelectorAll(selector)];
    return {
        logits: all("[role=slider][tabindex='0'].logit").map((h) => h.getAttribute("aria-valuenow")),
        labels: all("text.label title").map((t) => t.textContent),
        meters: all("[role=meter]").map((m) => m.getAttribute("aria-valuenow")),
        temperature: all(".temperature-track")[0].getAttribute("aria-valuenow"),
    };
}"""


def test_a_shared_link_reopens_the_same_state_in_a_fresh_browser(base_url, new_page):
    page, _ = new_page()
    open_view(page, base_url, "/")
    wait_for_view(page, "logits")
    page.locator(".st-key-logits_text textarea").fill("0.5, 3, -1, 2")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => window.location.search.includes('x=0.5_3_-1_2')")
    wait_for_app(page)
    page.locator(".st-key-live_logits .temperature-track").focus()
    page.keyboard.press("ArrowRight")  # T: 1 → 1.5
    page.wait_for_function("() => window.location.search.includes('T=1.5')")
    wait_for_app(page)
    page.locator(".st-key-labels_text input").fill("ant, bee, cat, <b>dog</b>")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.location.search.includes('labels=')")
    wait_for_app(page)
    state = page.evaluate(LIVE_STATE)
    assert state["labels"] == ["ant", "bee", "cat", "<b>dog</b>"] and state["temperature"] == "1.5"
    link = page.url
    page.locator(".st-key-share summary").click()
    shared = page.locator(".st-key-share code").inner_text()

    for url in (link, shared):
        fresh, problems = new_page()
        open_view(fresh, "", url)
        wait_for_view(fresh, "logits")
        assert fresh.evaluate(LIVE_STATE) == state
        assert fresh.locator(".st-key-logits_text textarea").input_value() == "0.5, 3, -1, 2"
        assert problems.unexplained() == []


def test_a_mangled_link_opens_with_defaults_and_a_warning(base_url, new_page):
    page, problems = new_page()
    open_view(page, base_url, "/overflow?x=705_abc&dtype=float8&shift=12")
    warnings = page.locator(".st-key-url_problems").inner_text()
    assert "abc" in warnings and "float8" in warnings
    naive = page.locator(".st-key-naive_trace table").inner_text()
    assert "717" in naive  # the default 705…714, shifted by the valid shift=12
    assert page.locator('[data-testid="stException"]').count() == 0
    assert problems.unexplained() == []


@pytest.mark.parametrize(
    ("locale", "title"), [("ja-JP", "ロジット → 確率"), ("en-US", "Logits → probabilities")]
)
def test_the_language_follows_the_browser_and_the_switch(locale, title, base_url, new_page):
    page, _ = new_page(locale=locale)
    open_view(page, base_url, "/")
    assert page.locator("h1").first.inner_text() == title
    other = "English" if locale == "ja-JP" else "日本語"
    page.locator(".st-key-lang input").click()
    page.get_by_role("option", name=other).click()
    wait_for_app(page)
    page.wait_for_function("t => document.querySelector('h1').innerText !== t", arg=title)
    assert ("lang=English" if locale == "ja-JP" else "lang=%E6%97%A5%E6%9C%AC%E8%AA%9E") in page.url


@pytest.mark.parametrize("view", list(VIEWS))
def test_a_phone_sized_viewport_has_no_horizontal_scroll(view, base_url, new_page):
    page, _ = new_page(viewport={"width": 390, "height": 844})
    open_view(page, base_url, VIEWS[view])
    wait_for_view(page, view)
    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('[data-testid=\"stMain\"]').scrollWidth,"
        " document.querySelector('[data-testid=\"stMain\"]').clientWidth]"
    )
    assert overflow[0] <= overflow[1] and overflow[2] <= overflow[3], overflow


def test_screenshots_of_each_view_for_the_readme(base_url, new_page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, _ = new_page(viewport={"width": 1280, "height": 1800})
    for view, path in VIEWS.items():
        open_view(page, base_url, path)
        wait_for_view(page, view)
        page.wait_for_timeout(500)  # let plotly finish its transition
        target = SCREENSHOTS / f"{view}.png"
        page.screenshot(path=str(target))
        assert Path(target).stat().st_size > 20_000
        assert view == "logits" or chart_data(page, CHARTS[view])
