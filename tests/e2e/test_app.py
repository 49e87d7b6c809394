"""The real app in a real Chromium: loading, interaction, links, languages, phones, screenshots."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e import screenshots
from tests.e2e.live_charts import RECORD_MESSAGES
from tests.e2e.server import chart_data, wait_for_app, wait_for_chart

VIEWS = {"logits": "/", "overflow": "/overflow", "gradient": "/gradient", "batch": "/batch"}
CHARTS = {"batch": "batch_chart"}
# What a live chart has drawn once it is ready: its meters, or the overflow lab's table cells.
LIVE_READY = {
    "logits": ".st-key-live_logits [role=meter]",
    "overflow": ".st-key-live_overflow td[data-column=naive_y]",
    "gradient": ".st-key-live_gradient [role=meter]",
}


def open_view(page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    wait_for_app(page)


def wait_for_view(page, view: str) -> None:
    """Until the view's main chart is drawn: a live chart's meters or cells, or a plotly chart's data."""
    if view in LIVE_READY:
        page.wait_for_selector(LIVE_READY[view])
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


def take_messages(page) -> list[ForwardMsg]:
    """The messages received since the last call, and forget them."""
    encoded = page.evaluate("() => window.__messages.splice(0)")
    return [ForwardMsg.FromString(base64.b64decode(item)) for item in encoded]


def chart_messages(messages: list[ForwardMsg], key: str) -> list[ForwardMsg]:
    return [message for message in messages if message.delta.new_element.plotly_chart.id.endswith(f"-{key}")]


def live_chart_messages(messages: list[ForwardMsg]) -> list[ForwardMsg]:
    return [m for m in messages if m.delta.new_element.bidi_component.id.endswith("-live_logits")]


def test_a_commit_resends_the_live_chart_but_not_the_sigmoid_panel(base_url, new_page):
    page, problems = new_page(init_script=RECORD_MESSAGES)
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
    wait_for_view(page, "overflow")
    naive = page.locator(".st-key-live_overflow .naive table").inner_text()
    stable = page.locator(".st-key-live_overflow .stable table").inner_text()
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
        temperature: all(".temperature .slider-track")[0].getAttribute("aria-valuenow"),
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
    page.locator(".st-key-live_logits .temperature .slider-track").focus()
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
        fresh, problems = new_page(own_context=True)
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
    wait_for_view(page, "overflow")
    first = page.locator(".st-key-live_overflow td[data-row='1'][data-column=naive_x]")
    assert first.get_attribute("data-value") == "717"  # the default 705…714, shifted by the valid shift=12
    assert page.locator('[data-testid="stException"]').count() == 0
    assert problems.unexplained() == []


TITLES = {"日本語": "ロジット → 確率", "English": "Logits → probabilities"}


@pytest.mark.parametrize(
    ("locale", "language", "other"), [("ja-JP", "日本語", "English"), ("en-US", "English", "日本語")]
)
def test_the_language_follows_the_browser_and_the_switch(locale, language, other, base_url, new_page):
    page, _ = new_page(locale=locale)
    open_view(page, base_url, "/")
    assert page.locator("h1").first.inner_text() == TITLES[language]
    page.locator(".st-key-lang input").click()
    page.get_by_role("option", name=other).click()
    wait_for_app(page)
    page.wait_for_function("t => document.querySelector('h1').innerText === t", arg=TITLES[other])
    assert "lang=" + quote(other) in page.url


def choose(page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox with widget key ``key``."""
    page.locator(f".st-key-{key} input").click()
    page.get_by_role("option").filter(has_text=re.compile(f"^{re.escape(option)}$")).click()
    wait_for_app(page)


# What an open expander shows once the rerun it asks for is drawn (the others show it at once).
BUILT_WHEN_OPEN = {"share": ".st-key-share code", "table": ".st-key-table [data-testid=stDataFrame]"}


def open_every_expander(page) -> None:
    closed = page.locator('[data-testid="stExpander"] details:not([open]) summary')
    for _ in range(closed.count()):
        closed.first.click()
        wait_for_app(page)
    for key, content in BUILT_WHEN_OPEN.items():
        if page.locator(f".st-key-{key}").count():
            page.wait_for_selector(content)
    wait_for_app(page)


# What is drawn past the right edge of the main area, which would scroll it sideways or be cut
# off: everything except what sits in a box that scrolls sideways by design (tables, code,
# formulas), and KaTeX's MathML copy for screen readers, which is clipped to nothing.
STICKING_OUT = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const edge = main.getBoundingClientRect().right + 0.5;
    const scrolls = element => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
    const outside = [];
    for (const element of main.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.right <= edge || element.closest('.katex-mathml')) continue;
        let parent = element.parentElement;
        while (parent !== main && !scrolls(parent)) parent = parent.parentElement;
        if (parent === main) {
            const name = element.getAttribute('data-testid') || element.getAttribute('class') || '';
            outside.push(`${element.tagName} ${name} right=${Math.round(box.right)}`);
        }
    }
    return outside;
}"""


@pytest.mark.parametrize("view", list(VIEWS))
def test_on_a_phone_nothing_sticks_out_of_the_main_area(view, base_url, new_page):
    """Everything fits 390 px with every expander open and an input error shown, the logits view
    with the 10,000-logit example loaded. (The document itself cannot scroll: Streamlit's app
    container is ``overflow: hidden``; what sticks out of the main area is what matters.)
    """
    page, problems = new_page(viewport={"width": 390, "height": 844})
    open_view(page, base_url, VIEWS[view] + ("?sig=true" if view == "logits" else ""))
    wait_for_view(page, view)
    if view == "logits":
        choose(page, "logits_preset", "10,000 logits (a vocabulary)")
        page.locator(".st-key-live_logits [role=meter]").nth(20).wait_for()  # the top 20 and the rest
    open_every_expander(page)
    assert page.locator('[data-testid="stExpander"] details:not([open])').count() == 0
    page.locator(f".st-key-{view}_text textarea").fill("1, " + "x" * 60)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('[data-testid="stAlertContentError"]')
    wait_for_app(page)
    assert page.evaluate(STICKING_OUT) == []
    assert problems.unexplained() == []


@pytest.mark.parametrize("view", list(VIEWS))
def test_the_screenshot_script_draws_each_view(view, base_url, new_page, tmp_path):
    """What ``python -m tests.e2e.screenshots`` does for the README, into a temporary folder."""
    page, problems = new_page(viewport={"width": 1280, "height": 1800})
    target = tmp_path / f"{view}.png"
    screenshots.take(page, base_url, view, target)
    assert target.read_bytes().startswith(b"\x89PNG") and target.stat().st_size > 20_000
    assert view not in CHARTS or chart_data(page, CHARTS[view])
    assert problems.unexplained() == []
