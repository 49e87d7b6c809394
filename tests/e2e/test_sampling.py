"""The sampling view in a real Chromium: navigation, the draws following the live chart's
commits, seeded draws. The live chart itself: tests/e2e/test_live_sampling.py."""

from __future__ import annotations

import re
import time

import numpy as np
from playwright.sync_api import expect

from softmax_viz import presets, sampling
from tests.e2e.server import wait_for_app

EXAMPLE = presets.SAMPLING_PRESETS["next_token_en"]
METERS = ".st-key-live_sampling [role=meter]"
DRAWS = ".st-key-draws_chart [role=img]"


def open_sampling(page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/sampling{query}")
    wait_for_app(page)
    page.wait_for_selector(METERS)


def meters(page) -> list[float]:
    return [
        float(v)
        for v in page.locator(METERS).evaluate_all("ms => ms.map(m => m.getAttribute('aria-valuenow'))")
    ]


def draws(page) -> list[str]:
    """What the draws chart says of each token: its probability and its share of the draws."""
    page.locator(DRAWS).first.wait_for()
    return page.locator(DRAWS).evaluate_all("groups => groups.map(g => g.getAttribute('aria-label'))")


def draws_change(page, before: list[str], timeout: float = 30_000) -> list[str]:
    """Poll until the draws chart says something else than ``before`` (a rerun drew it anew)."""
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        if (now := draws(page)) != before:
            return now
        page.wait_for_timeout(20)
    raise TimeoutError(f"the draws chart did not change within {timeout} ms")


def first_draws(page) -> str:
    return page.locator(".st-key-first_draws").inner_text()


def type_into(page, key: str, text: str) -> None:
    field = page.locator(f".st-key-{key} input")
    field.fill(text)
    field.press("Enter")


def test_the_view_is_reached_from_the_navigation(base_url, new_page):
    page, problems = new_page()
    page.goto(base_url)
    wait_for_app(page)
    page.get_by_role("link", name="Sampling the next token").click()
    page.wait_for_url("**/sampling")
    wait_for_app(page)
    page.wait_for_selector(METERS)
    expected = sampling.pipeline(np.array(EXAMPLE.logits), top_p=0.9)[-1].probabilities
    np.testing.assert_allclose(meters(page), expected, rtol=1e-12, atol=0)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert problems.unexplained() == []


# Every animation frame: the commit whose answer the live chart shows, the draws chart's words
# and whether the element holding the draws says they are stale.
RECORD_FRAMES = """() => {
    const shadow = (key) =>
        [...document.querySelectorAll(`.st-key-${key} *`)].find((n) => n.shadowRoot).shadowRoot;
    window.__frames = [];
    const record = () => {
        const chart = shadow("live_sampling").querySelector(".live-sampling");
        window.__frames.push({
            seq: Number(chart.dataset.seq),
            draws: [...shadow("draws_chart").querySelectorAll("[role=img]")]
                .map((g) => g.getAttribute("aria-label")),
            stale: document.querySelector(".st-key-sampling_committed").dataset.stale === "true",
        });
        requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
}"""


def test_the_draws_follow_the_charts_commit(base_url, new_page):
    """The chart shows Python's answer first; the draws follow in their own rerun and until then
    are dimmed, never shown as if they were for the settings on screen."""
    page, problems = new_page()
    open_sampling(page, base_url)
    before = draws(page)
    assert len(before) == 5  # top-p 0.9 keeps five tokens
    page.evaluate(RECORD_FRAMES)
    page.locator(".st-key-live_sampling [role=slider][aria-label*='top-k']").focus()
    page.keyboard.press("Home")  # top-k 1: greedy
    after = draws_change(page, before)
    wait_for_app(page)
    assert "k=1" in page.url
    frames = page.evaluate("() => window.__frames")
    answered = [frame for frame in frames if frame["seq"] > frames[0]["seq"]]
    assert answered and answered[-1]["draws"] == after and not answered[-1]["stale"]
    assert all(frame["stale"] for frame in answered if frame["draws"] == before)
    assert after == [f"{EXAMPLE.tokens[0]}: probability 1.0000, share of 10,000 draws 1.0000"]
    assert page.locator(".st-key-sampling_committed").evaluate("e => e.style.opacity") == ""
    assert problems.unexplained() == []


def test_after_back_the_draws_of_the_entry_are_shown_undimmed(base_url, new_page):
    """Back to the entry before a commit: the draws show the entry's settings, undimmed, and stay
    so (no later run takes the commit Back left again)."""
    page, problems = new_page()
    open_sampling(page, base_url)
    before = draws(page)
    page.locator(".st-key-live_sampling [role=slider][aria-label*='top-k']").focus()
    page.keyboard.press("Home")  # top-k 1: greedy
    greedy = draws_change(page, before)
    wait_for_app(page)
    page.go_back()
    assert draws_change(page, greedy) == before
    page.wait_for_function(
        "() => document.querySelector('.st-key-sampling_committed').dataset.stale === 'false'", timeout=10_000
    )
    assert page.locator(".st-key-sampling_committed").evaluate("e => e.style.opacity") == ""
    assert problems.unexplained() == []


def test_after_back_a_change_of_another_control_keeps_the_entrys_settings(base_url, new_page):
    """Back to the entry before a commit, then a new seed: the link and the chart keep the entry's
    top-k. Opening the entry takes the chart's key out of the session, and the next run finds the
    browser's last commit there again; taken as new, it brought top-k 1 back into the link."""
    page, problems = new_page()
    open_sampling(page, base_url)
    top_k = page.locator(".st-key-live_sampling [role=slider][aria-label*='top-k']")
    top_k.focus()
    page.keyboard.press("Home")  # top-k 1: greedy
    page.wait_for_url("**/sampling?k=1")
    wait_for_app(page)
    page.go_back()
    expect(top_k).to_have_attribute("aria-valuetext", "off")  # the entry is shown
    wait_for_app(page)
    type_into(page, "sampling_seed", "6")
    page.wait_for_url(re.compile(r"seed=6"))
    wait_for_app(page)
    assert page.url == f"{base_url}/sampling?seed=6"
    assert top_k.get_attribute("aria-valuetext") == "off"
    assert problems.unexplained() == []


def test_the_seed_in_a_link_reproduces_the_same_draws(base_url, new_page):
    query = "?seed=5&n=2000&temp=1.5&sampler=gumbel-max"
    page, problems = new_page()
    open_sampling(page, base_url, query)
    drawn = draws(page)
    first = first_draws(page)

    again, _ = new_page()
    open_sampling(again, base_url, query)
    assert draws(again) == drawn
    assert first_draws(again) == first

    type_into(page, "sampling_seed", "6")
    changed = draws_change(page, drawn)
    wait_for_app(page)
    assert first_draws(page) != first
    type_into(page, "sampling_seed", "5")
    assert draws_change(page, changed) == drawn
    wait_for_app(page)
    assert first_draws(page) == first
    assert problems.unexplained() == []
