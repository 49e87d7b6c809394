"""The live logits chart in Chromium: keys, mouse and touch move every probability within the
frame with nothing sent to the server; letting go commits once, and Python's numbers follow.

The chart's contract (role="slider" handles, one role="meter" per class, the temperature
slider, the key "live_logits") is what these tests read; its DOM sits in an open shadow root,
which Playwright's CSS locators enter and ``document.querySelector`` does not.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image

from softmax_viz import core, urlstate
from tests.e2e.live_charts import (
    RECORD_SENDS,
    WATCH_NEXT_FRAME,
    drag,
    evaluate_json,
    finger,
    press_every_key,
    saved,
)
from tests.e2e.server import wait_for_app

CHART = ".st-key-live_logits"
METERS = f"{CHART} [role=meter]"


def open_chart(page, base_url: str, path: str = "/") -> None:
    page.goto(base_url + path)
    wait_for_app(page)
    page.wait_for_selector(METERS)


def meters(page) -> list[float]:
    return [
        float(v)
        for v in page.locator(METERS).evaluate_all("ms => ms.map(m => m.getAttribute('aria-valuenow'))")
    ]


def logit_handles(page):
    return page.locator(
        f"{CHART} [role=slider][aria-label^='Logit of'], {CHART} [role=slider][aria-label^='ロジット']"
    )


def handle_values(page) -> list[float]:
    return [
        float(v)
        for v in logit_handles(page).evaluate_all("hs => hs.map(h => h.getAttribute('aria-valuenow'))")
    ]


def temperature_slider(page):
    return page.locator(
        f"{CHART} [role=slider][aria-label*='emperature'], {CHART} [role=slider][aria-label*='温度']"
    )


def link_state(url: str) -> tuple[list[float], float]:
    query = parse_qs(urlparse(url).query)
    x = [float(v) for v in query["x"][0].split("_")] if "x" in query else [2.0, 1.0, 0.5]
    return x, float(query.get("T", ["1"])[0])


def wait_for_python(page, url_part: str) -> None:
    """Until the link holds ``url_part``, the script is idle and the chart shows Python's numbers."""
    page.wait_for_function("part => window.location.search.includes(part)", arg=url_part, timeout=30_000)
    wait_for_app(page)
    page.locator(f"{CHART} .live-logits[data-source=python]").wait_for(timeout=30_000)


def assert_python_numbers(page) -> None:
    """Every meter equals softmax(x / T) from the core, for the x and T in the link."""
    x, temperature = link_state(page.url)
    assert handle_values(page) == x
    expected = core.softmax_temperature(np.array(x), temperature)
    np.testing.assert_allclose(meters(page), expected, rtol=1e-12, atol=0)


def test_the_chart_follows_the_contract(base_url, new_page):
    page, problems = new_page()
    open_chart(page, base_url, "/?x=2_1_0.5&labels=cat,dog,bird")
    handles = logit_handles(page)
    assert handles.count() == 3
    assert handles.evaluate_all("hs => hs.map(h => [h.tabIndex, h.getAttribute('aria-label')])") == [
        [0, "Logit of cat"],
        [0, "Logit of dog"],
        [0, "Logit of bird"],
    ]
    assert handles.first.get_attribute("aria-valuemin") == "-10"
    assert handles.first.get_attribute("aria-valuemax") == "10"
    assert temperature_slider(page).count() == 1
    assert temperature_slider(page).get_attribute("aria-valuenow") == "1"
    meter = page.locator(METERS).first
    assert (meter.get_attribute("aria-valuemin"), meter.get_attribute("aria-valuemax")) == ("0", "1")
    assert float(meter.get_attribute("aria-valuenow")) == core.softmax(np.array([2.0, 1.0, 0.5]))[0]
    assert meter.text_content() == "▲ 0.6285"  # the visible value, argmax marked by a shape too
    assert problems.unexplained() == []


def test_the_japanese_page_names_the_temperature_温度(base_url, new_page):
    page, _ = new_page(locale="ja-JP")
    open_chart(page, base_url)
    assert "温度" in temperature_slider(page).get_attribute("aria-label")
    assert page.locator(f"{CHART} button").all_inner_texts() == ["SVG で保存", "PNG で保存"]


def test_a_key_press_moves_every_meter_in_the_next_frame_and_sends_nothing_for_100_ms(base_url, new_page):
    page, problems = new_page(init_script=RECORD_SENDS)
    open_chart(page, base_url, "/?x=2_1_0.5")
    before = meters(page)
    page.evaluate(WATCH_NEXT_FRAME, "live_logits")
    logit_handles(page).nth(2).focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_function("() => window.__frame !== null")
    frame = page.evaluate("() => window.__frame")
    expected = core.softmax(np.array([2.0, 1.0, 0.6]))
    np.testing.assert_allclose(frame["values"], expected, rtol=1e-12, atol=0)
    assert all(a != b for a, b in zip(frame["values"], before, strict=True))
    page.wait_for_timeout(100)
    sends = page.evaluate("p => window.__sends.filter(t => t >= p)", frame["pressed"])
    assert sends == [] or min(sends) - frame["pressed"] >= 100
    wait_for_python(page, "x=2_1_0.6")
    assert_python_numbers(page)
    assert problems.unexplained() == []


def test_keys_step_page_and_jump_to_the_ends(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url, "/?x=2_1_0.5")
    handle = logit_handles(page).nth(1)
    press_every_key(page, handle)
    wait_for_python(page, "x=2_-10_0.5")
    assert_python_numbers(page)


def test_a_burst_of_keys_is_one_commit_and_one_history_entry(base_url, new_page):
    page, _ = new_page(init_script=RECORD_SENDS)
    open_chart(page, base_url, "/?x=2_1_0.5")
    history = page.evaluate("() => history.length")
    logit_handles(page).nth(0).focus()
    for _ in range(5):
        page.keyboard.press("ArrowUp")
    wait_for_python(page, "x=2.5_1_0.5")
    page.wait_for_timeout(300)
    assert page.evaluate("() => history.length") == history + 1


def test_the_temperature_is_live_and_commits_on_the_grid(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url, "/?x=1_2_3")
    slider = temperature_slider(page)
    slider.focus()
    page.keyboard.press("ArrowLeft")  # 1 → 0.7
    page.wait_for_function("s => s.getAttribute('aria-valuenow') === '0.7'", arg=slider.element_handle())
    np.testing.assert_allclose(
        meters(page), core.softmax_temperature(np.array([1.0, 2.0, 3.0]), 0.7), rtol=1e-12, atol=0
    )
    wait_for_python(page, "T=0.7")
    assert_python_numbers(page)
    assert page.locator(f"{CHART} .temperature .slider-value").text_content() == "T = 0.7"


def test_dragging_a_bar_upward_moves_every_meter_before_release_and_commits_on_release(base_url, new_page):
    page, problems = new_page(init_script=RECORD_SENDS)
    open_chart(page, base_url, "/?x=0_0_0")
    url = page.url
    before = meters(page)
    pressed = page.evaluate("() => performance.now()")
    drag(page, logit_handles(page).nth(0), -60)
    during = meters(page)
    assert handle_values(page)[0] > 0
    assert during[0] > before[0] and during[1] < before[1] and during[2] < before[2]
    np.testing.assert_allclose(during, core.softmax(np.array(handle_values(page))), rtol=1e-12, atol=0)
    assert page.evaluate("p => window.__sends.filter(t => t >= p)", pressed) == []
    assert page.url == url
    page.mouse.up()
    dragged = handle_values(page)[0]
    wait_for_python(page, f"x={dragged:g}_0_0")
    assert_python_numbers(page)
    # The link reopens the same bars.
    fresh, _ = new_page()
    open_chart(fresh, "", page.url)
    assert handle_values(fresh) == handle_values(page)
    assert meters(fresh) == meters(page)
    assert problems.unexplained() == []


def test_a_touch_drag_on_a_phone_moves_the_bar_and_not_the_page(base_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_chart(page, base_url, "/?x=" + "_".join(["0"] * 12))
        handle = logit_handles(page).nth(5)
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 44  # a touch-sized target at 390 px
        scroll = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")
        y = box["y"] + box["height"] / 2
        touch = finger(context, page, box["x"] + box["width"] / 2)
        touch("touchStart", y)
        for k in range(1, 11):
            touch("touchMove", y - 5 * k)
        moved = handle_values(page)[5]
        assert moved > 0
        assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == scroll
        url = page.url
        touch("touchEnd", None)
        page.wait_for_function("url => window.location.href !== url", arg=url)
        wait_for_python(page, "x=0_0_0_0_0_")
        assert_python_numbers(page)
        assert handle_values(page)[5] >= moved
    finally:
        context.close()


def test_the_browsers_preview_agrees_with_the_core_on_random_vectors(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url)
    module = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".find(n => n.includes('softmax_math.js'))"
    )
    assert module, "the chart's math module was not loaded from the package's asset directory"
    rng = np.random.default_rng(14)
    cases = []
    for _ in range(300):
        count = int(rng.integers(2, 13))
        offset = float(rng.uniform(-1000, 1000))
        logits = (offset + rng.normal(0, 5, count)).tolist()
        cases.append((logits, float(rng.choice([float(t) for t in urlstate.TEMPERATURES]))))
    cases.append(([1e308, -1e308, 0.0], 0.05))  # x / T overflows: shifted first, as the core does
    cases.append(([3.0, -math.inf, 1.0], 0.5))
    previews = evaluate_json(
        page,
        """async ([url, cases]) => {
            const { softmaxTemperature } = await import(url);
            return cases.map(([x, t]) => Array.from(softmaxTemperature(x.map(v => v ?? -Infinity), t)));
        }""",
        [module, [[[None if v == -math.inf else v for v in x], t] for x, t in cases]],
    )
    for (logits, temperature), preview in zip(cases, previews, strict=True):
        expected = core.softmax_temperature(np.array(logits), temperature)
        np.testing.assert_allclose(preview, expected, rtol=1e-12, atol=0, err_msg=f"{logits} T={temperature}")


def test_labels_with_markup_are_shown_literally(base_url, new_page):
    page, problems = new_page()
    labels = "<b>bold</b>,<img src=x onerror=window.__hacked=1>,a&amp;b"
    open_chart(page, base_url, "/?x=1_2_3&labels=" + re.sub(",", "%2C", labels.replace("&", "%26")))
    texts = page.locator(f"{CHART} text.label").evaluate_all(
        "ls => ls.map(l => l.querySelector('title').textContent)"
    )
    assert texts == labels.split(",")
    assert page.locator(f"{CHART} b, {CHART} img").count() == 0
    assert page.evaluate("() => window.__hacked === undefined")
    assert logit_handles(page).first.get_attribute("aria-label") == "Logit of <b>bold</b>"
    assert problems.unexplained() == []


def test_more_than_twelve_logits_show_the_top_n_with_a_live_temperature(base_url, new_page):
    page, _ = new_page()
    values = [round(0.01 * k, 2) for k in range(100)]
    open_chart(page, base_url, "/?x=" + "_".join(f"{v:g}" for v in values))
    assert logit_handles(page).count() == 0
    assert page.locator(METERS).count() == 21  # the top 20 and the rest
    slider = temperature_slider(page)
    slider.focus()
    page.keyboard.press("End")
    page.wait_for_function("s => s.getAttribute('aria-valuenow') === '20'", arg=slider.element_handle())
    p = core.softmax_temperature(np.array(values), 20)
    top = np.argsort(-np.array(values), kind="stable")[:20]
    shown = meters(page)
    np.testing.assert_allclose(shown[:20], p[top], rtol=1e-12, atol=0)
    assert shown[20] == pytest.approx(1 - p[top].sum(), rel=1e-9)
    wait_for_python(page, "T=20")
    np.testing.assert_allclose(meters(page)[:20], p[top], rtol=1e-12, atol=0)


SVG_NS = "{http://www.w3.org/2000/svg}"
BAR_BLUE, ARGMAX_RED = (76, 120, 168), (191, 58, 77)  # figures.BAR and the theme's primary colour


def test_save_as_svg_keeps_the_chart_as_drawn_with_its_colours_and_literal_labels(base_url, new_page):
    page, problems = new_page()
    open_chart(page, base_url, "/?x=2_1_0.5&labels=%3Cb%3Ecat%3C/b%3E,dog,bird")
    handle = logit_handles(page).nth(2)
    handle.focus()
    page.keyboard.press("PageUp")  # bird: 0.5 → 1.5
    wait_for_python(page, "x=2_1_1.5")
    file = saved(page, CHART, "Save as SVG")
    assert file.suggested_filename == "softmax-viz-live_logits.svg"

    root = ET.parse(file.path()).getroot()  # a standalone file: namespaced, well-formed
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img"
    assert root.get("aria-label") == "Logits and their softmax probabilities, one column per class"
    texts = list(root.iter(f"{SVG_NS}text"))
    words = {element.text for element in texts}
    y = core.softmax(np.array([2.0, 1.0, 1.5]))
    assert {f"▲ {y[0]:.4f}", f"{y[1]:.4f}", f"{y[2]:.4f}", "1.5"} <= words  # Python's numbers, as shown
    assert {"logit x", "probability (T = 1)"} <= words and "logit x (drag a bar)" not in words
    labels = [(element.find(f"{SVG_NS}title").text, element.find(f"{SVG_NS}title").tail) for element in texts
              if element.find(f"{SVG_NS}title") is not None]  # fmt: skip
    assert labels == [("<b>cat</b>", "<b>cat</b>"), ("dog", "dog"), ("bird", "bird")]  # text, not markup
    assert root.find(f".//{SVG_NS}b") is None
    # No controls and no stylesheet: every element carries its own colours.
    attributes = {name for element in root.iter() for name in element.attrib}
    assert not attributes & {"class", "tabindex", "aria-valuenow", "data-column"}
    background, *_ = root
    assert background.tag == f"{SVG_NS}rect" and background.get("fill").lower() == "#ffffff"  # the page's
    styles = [element.get("style", "") for element in root.iter(f"{SVG_NS}rect")]
    fills = {style.split("fill: ")[-1].split(";")[0] for style in styles}
    assert {"rgb(76, 120, 168)", "rgb(191, 58, 77)"} <= fills  # the bars and the argmax
    assert problems.unexplained() == []


def test_save_as_png_draws_the_chart_slide_wide_in_its_colours(base_url, new_page):
    page, problems = new_page()
    open_chart(page, base_url, "/?x=2_1_0.5")
    file = saved(page, CHART, "Save as PNG")
    assert file.suggested_filename == "softmax-viz-live_logits.png"
    image = Image.open(file.path()).convert("RGB")
    assert image.format is None or image.format == "PNG"
    box = page.locator(f"{CHART} svg.chart").bounding_box()
    assert image.width == 2560
    assert image.height == pytest.approx(2560 * box["height"] / box["width"], abs=2)
    pixels = np.asarray(image).reshape(-1, 3)
    share = {
        colour: np.mean(np.all(np.abs(pixels - colour) <= 2, axis=1)) for colour in (BAR_BLUE, ARGMAX_RED)
    }
    assert share[BAR_BLUE] > 0.01 and share[ARGMAX_RED] > 0.01, share  # bars drawn, not black
    assert tuple(pixels[0]) == (255, 255, 255)  # on the page's background, not transparent
    assert problems.unexplained() == []
