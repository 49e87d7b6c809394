"""The sampling view in a real Chromium: navigation, the draws following the live chart's
commits, seeded draws. The live chart itself: tests/e2e/test_live_sampling.py."""

from __future__ import annotations

import numpy as np

from softmax_viz import presets, sampling
from tests.e2e.server import wait_for_app, wait_for_chart, wait_for_chart_change

EXAMPLE = presets.SAMPLING_PRESETS["next_token_en"]
METERS = ".st-key-live_sampling [role=meter]"


def open_sampling(page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/sampling{query}")
    wait_for_app(page)
    page.wait_for_selector(METERS)


def meters(page) -> list[float]:
    return [
        float(v)
        for v in page.locator(METERS).evaluate_all("ms => ms.map(m => m.getAttribute('aria-valuenow'))")
    ]


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


def test_the_draws_follow_the_charts_commit(base_url, new_page):
    page, problems = new_page()
    open_sampling(page, base_url)
    before = wait_for_chart(page, "draws_chart")
    assert len(before[0]["x"]) == 5  # top-p 0.9 keeps five tokens
    page.locator(".st-key-live_sampling [role=slider][aria-label*='top-k']").focus()
    page.keyboard.press("Home")  # top-k 1: greedy
    after = wait_for_chart_change(page, "draws_chart", before)
    wait_for_app(page)
    assert "k=1" in page.url
    assert after[0]["x"] == [EXAMPLE.tokens[0]] and after[0]["y"] == [1.0]
    assert page.locator(".st-key-sampling_committed").evaluate("e => e.style.opacity") == ""
    assert problems.unexplained() == []


def test_the_seed_in_a_link_reproduces_the_same_draws(base_url, new_page):
    query = "?seed=5&n=2000&temp=1.5&sampler=gumbel-max"
    page, problems = new_page()
    open_sampling(page, base_url, query)
    draws = wait_for_chart(page, "draws_chart")
    first = first_draws(page)

    again, _ = new_page()
    open_sampling(again, base_url, query)
    assert wait_for_chart(again, "draws_chart") == draws
    assert first_draws(again) == first

    type_into(page, "sampling_seed", "6")
    changed = wait_for_chart_change(page, "draws_chart", draws)
    wait_for_app(page)
    assert first_draws(page) != first
    type_into(page, "sampling_seed", "5")
    assert wait_for_chart_change(page, "draws_chart", changed) == draws
    wait_for_app(page)
    assert first_draws(page) == first
    assert problems.unexplained() == []
