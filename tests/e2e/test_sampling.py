"""The sampling view in a real Chromium: navigation, controls that change the stages, seeded draws."""

from __future__ import annotations

import math

import numpy as np

from softmax_viz import presets, sampling
from tests.e2e.server import chart_data, wait_for_app, wait_for_chart, wait_for_chart_change

EXAMPLE = presets.SAMPLING_PRESETS["next_token_en"]


def open_sampling(page, base_url: str, query: str = "") -> list[dict]:
    page.goto(f"{base_url}/sampling{query}")
    wait_for_app(page)
    return wait_for_chart(page, "stages_chart")


def panels(data: list[dict]) -> list[list[float]]:
    """The probabilities of each stage panel (the bar traces), removed tokens as nan."""
    return [[math.nan if v is None else v for v in trace["y"]] for trace in data[::2]]


def expected_panels(**settings) -> list[np.ndarray]:
    logits = np.array(EXAMPLE.logits)
    shown = sampling.ranked(logits)[:30]
    return [np.where(s.kept, s.probabilities, np.nan)[shown] for s in sampling.pipeline(logits, **settings)]


def assert_panels(data, **settings) -> None:
    got, want = panels(data), expected_panels(**settings)
    assert len(got) == len(want)
    for panel, expected in zip(got, want, strict=True):
        np.testing.assert_allclose(panel, expected, rtol=1e-12, equal_nan=True)


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
    assert_panels(wait_for_chart(page, "stages_chart"), top_p=0.9)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert problems.unexplained() == []


def test_typed_top_k_and_the_top_p_slider_change_the_stages(base_url, new_page):
    page, problems = new_page()
    before = open_sampling(page, base_url)
    assert_panels(before, top_p=0.9)

    type_into(page, "sampling_k", "2")
    after_k = wait_for_chart_change(page, "stages_chart", before)
    assert_panels(after_k, top_k=2, top_p=0.9)

    page.locator(".st-key-p input[type=range]").focus()
    page.keyboard.press("Home")  # 0.9 → 0.01: top-p now keeps one of the two tokens top-k left
    wait_for_chart_change(page, "stages_chart", after_k)
    wait_for_app(page)
    after_p = chart_data(page, "stages_chart")
    assert_panels(after_p, top_k=2, top_p=0.01)
    assert "k=2" in page.url and "p=0.01" in page.url

    type_into(page, "sampling_k", "0")
    error = page.locator('[data-testid="stAlertContentError"]')
    error.wait_for()
    assert "k: “0” is outside the range 1 to 10000" in error.inner_text()
    wait_for_app(page)
    assert_panels(chart_data(page, "stages_chart"), top_k=2, top_p=0.01)
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
