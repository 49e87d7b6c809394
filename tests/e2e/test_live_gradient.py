"""The live gradient chart in Chromium: keys, mouse and touch move the probabilities, the Jacobian,
the sweep's point and curves and the loss gradient within the frame, with nothing sent to the
server; letting go commits once, and Python's numbers follow.

The chart's contract is what these tests read: one role="slider" per logit and one
role="meter" per class in class order, and a ``.cell`` per Jacobian entry with ``data-row``,
``data-column`` (1-based) and ``data-value``, inside the element with the key "live_gradient".
Its DOM sits in an open shadow root, which Playwright's CSS locators enter and
``document.querySelector`` does not.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from softmax_viz import analysis, core
from tests.e2e.live_charts import RECORD_SENDS, drag, evaluate_json, finger, press_every_key, saved
from tests.e2e.server import wait_for_app
from tests.e2e.test_accessibility import violations

CHART = ".st-key-live_gradient"
METERS = f"{CHART} [role=meter]"
SLIDERS = f"{CHART} [role=slider]"
DEFAULT = [2.0, 1.0, 0.5]

# In the page: what the chart shows, read from its shadow root.
READ_CHART = """() => {
    const host = [...document.querySelectorAll(".st-key-live_gradient *")].find((n) => n.shadowRoot);
    const root = host.shadowRoot;
    const all = (selector) => [...root.querySelectorAll(selector)];
    return {
        handles: all("[role=slider]").map((h) => Number(h.getAttribute("aria-valuenow"))),
        meters: all("[role=meter]").map((m) => Number(m.getAttribute("aria-valuenow"))),
        cells: all(".cell[data-value]").map((c) => Number(c.dataset.value)),
        points: all(".point").map((p) => [Number(p.getAttribute("cx")), Number(p.getAttribute("cy"))]),
        curves: all(".curve").map((p) => p.getAttribute("d")),
        shift: root.querySelector(".shift-text").textContent,
        gradient: all(".gradient .value").map((t) => t.textContent),
        loss: root.querySelector(".loss-text").textContent,
        source: root.querySelector(".live-gradient").dataset.source,
    };
}"""

# Installed after the chart: on the next keydown, the chart as it is in the first animation
# frame after the key, and the time of the key.
WATCH_NEXT_FRAME = (
    """() => {
    window.__frame = null;
    const read = """
    + READ_CHART
    + """;
    document.addEventListener("keydown", () => {
        const pressed = performance.now();
        requestAnimationFrame(() => { window.__frame = { pressed, ...read() }; });
    }, { once: true });
}"""
)


def open_chart(page, base_url: str, path: str = "/gradient") -> None:
    page.goto(base_url + path)
    wait_for_app(page)
    page.wait_for_selector(METERS)


def shown(page) -> dict:
    return page.evaluate(READ_CHART)


def link_logits(url: str) -> list[float]:
    query = parse_qs(urlparse(url).query)
    return [float(v) for v in query["x"][0].split("_")] if "x" in query else DEFAULT


def wait_for_python(page, url_part: str) -> None:
    """Until the link holds ``url_part``, the script is idle and the chart shows Python's numbers."""
    page.wait_for_function("part => window.location.search.includes(part)", arg=url_part, timeout=30_000)
    wait_for_app(page)
    page.locator(f"{CHART} .live-gradient[data-source=python]").wait_for(timeout=30_000)


def formatted_gradient(gradient) -> list[str]:
    """The gradient as its bars print it: three decimals (two significant digits when tiny, with
    JavaScript's exponent), a true minus sign."""
    texts = [
        "0" if g == 0 else f"{g:.3f}" if abs(g) >= 1e-3 else re.sub(r"e-0*", "e-", f"{g:.1e}")
        for g in gradient
    ]
    return [text.replace("-", "−") for text in texts]


def assert_numbers_of(state: dict, x, target: int = 0, rtol: float = 0.0) -> None:
    """The chart's meters, cells and gradient are the core's for logits ``x`` (exactly, once idle)."""
    x = np.array(x)
    y = core.softmax(x)
    np.testing.assert_allclose(state["meters"], y, rtol=rtol, atol=0)
    np.testing.assert_allclose(state["cells"], core.softmax_jacobian(y).ravel(), rtol=rtol, atol=0)
    loss, gradient = core.cross_entropy(x, target)
    assert state["gradient"] == formatted_gradient(gradient)
    assert state["loss"].endswith(f" {float(loss):.6g}")


def assert_python_numbers(page, target: int = 0) -> None:
    """Every handle is the link's logit; every meter and cell equals the core's for it."""
    state = shown(page)
    x = link_logits(page.url)
    assert state["handles"] == x and state["source"] == "python"
    assert_numbers_of(state, x, target)


def test_the_chart_follows_the_contract(base_url, new_page):
    page, problems = new_page()
    open_chart(page, base_url, "/gradient?x=3_1_0.2_-1&i=3&t=2")
    sliders = page.locator(SLIDERS)
    assert sliders.evaluate_all(
        "hs => hs.map(h => [h.tabIndex, h.getAttribute('aria-label'), h.getAttribute('aria-valuenow')])"
    ) == [[0, f"Logit of class {k}", value] for k, value in enumerate(["3", "1", "0.2", "-1"], start=1)]
    assert (sliders.first.get_attribute("aria-valuemin"), sliders.first.get_attribute("aria-valuemax")) == (
        "-10",
        "10",
    )
    meters = page.locator(METERS)
    assert meters.evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))") == [
        f"Probability of class {k}" for k in range(1, 5)
    ]
    assert {(m.get_attribute("aria-valuemin"), m.get_attribute("aria-valuemax")) for m in meters.all()} == {
        ("0", "1")
    }
    y = core.softmax(np.array([3.0, 1.0, 0.2, -1.0]))
    assert [
        float(v) for v in meters.evaluate_all("ms => ms.map(m => m.getAttribute('aria-valuenow'))")
    ] == list(y)
    assert meters.all_text_contents() == [f"{p:.4f}" for p in y]  # the value as visible text
    cells = page.locator(f"{CHART} .cell[data-value]")
    assert cells.evaluate_all("cs => cs.map(c => [Number(c.dataset.row), Number(c.dataset.column)])") == [
        [i, j] for i in range(1, 5) for j in range(1, 5)
    ]
    values = [float(v) for v in cells.evaluate_all("cs => cs.map(c => c.dataset.value)")]
    assert values == core.softmax_jacobian(y).ravel().tolist()  # full precision, parsed by float()
    assert page.locator(f"{CHART} .mark").all_text_contents() == ["", "t", "i", "", "t"]
    assert problems.unexplained() == []


def test_the_japanese_page_names_the_handles_and_meters_by_class(base_url, new_page):
    page, problems = new_page(locale="ja-JP")
    open_chart(page, base_url)
    assert page.locator(SLIDERS).first.get_attribute("aria-label") == "クラス 1 のロジット"
    assert page.locator(METERS).first.get_attribute("aria-label") == "クラス 1 の確率"
    assert page.locator(f"{CHART} button").all_inner_texts() == ["SVG で保存", "PNG で保存"]
    assert "損失" in shown(page)["loss"]
    assert problems.unexplained() == []


def test_no_handle_is_named_for_the_temperature(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url, "/gradient?x=" + "_".join(["0"] * 12))
    labels = page.locator(SLIDERS).evaluate_all("hs => hs.map(h => h.getAttribute('aria-label'))")
    assert len(labels) == 12 and not any("emperature" in label or "温度" in label for label in labels)


def test_a_key_press_moves_everything_in_the_next_frame_and_sends_nothing_for_100_ms(base_url, new_page):
    page, problems = new_page(init_script=RECORD_SENDS)
    open_chart(page, base_url, "/gradient?x=2_1_0.5&t=2")
    before = shown(page)
    page.evaluate(WATCH_NEXT_FRAME)
    page.locator(SLIDERS).nth(0).focus()  # the swept class, 1
    page.keyboard.press("ArrowUp")
    page.wait_for_function("() => window.__frame !== null")
    frame = page.evaluate("() => window.__frame")
    assert frame["handles"] == [2.1, 1.0, 0.5] and frame["source"] == "preview"
    assert_numbers_of(frame, [2.1, 1.0, 0.5], target=1, rtol=1e-12)
    assert all(a != b for a, b in zip(frame["meters"], before["meters"], strict=True))
    # The swept class's point rides along its curves, which stay where c put them.
    assert all(a[0] > b[0] and a[1] != b[1] for a, b in zip(frame["points"], before["points"], strict=True))
    assert frame["curves"] == before["curves"]
    page.wait_for_timeout(100)
    sends = page.evaluate("p => window.__sends.filter(t => t >= p)", frame["pressed"])
    assert sends == [] or min(sends) - frame["pressed"] >= 100
    wait_for_python(page, "x=2.1_1_0.5")
    assert_python_numbers(page, target=1)
    assert problems.unexplained() == []


def test_moving_another_logit_moves_the_curves_with_c(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url, "/gradient?x=2_1_0.5")
    before = shown(page)
    page.evaluate(WATCH_NEXT_FRAME)
    page.locator(SLIDERS).nth(2).focus()
    page.keyboard.press("PageUp")  # x3: 0.5 → 1.5, so c = log(e^1 + e^1.5) rises
    page.wait_for_function("() => window.__frame !== null")
    frame = page.evaluate("() => window.__frame")
    assert frame["curves"] != before["curves"]
    shift = analysis.diagonal_sweep(np.array([2.0, 1.0, 1.5]), 0).shift
    assert frame["shift"] == f"c = {shift:.6g}" and before["shift"] != frame["shift"]
    # x1 stays, its y1 falls: the point moves down, not sideways.
    assert frame["points"][0][0] == before["points"][0][0] and frame["points"][0][1] > before["points"][0][1]
    wait_for_python(page, "x=2_1_1.5")
    assert_python_numbers(page)


def test_a_new_count_of_logits_in_the_box_reaches_the_chart_and_the_class_menus(base_url, new_page):
    """The box is inside the chart's fragment and the menus above it: a new count of classes
    reruns the whole page, so the menus offer every class."""
    page, problems = new_page()
    open_chart(page, base_url)
    page.locator(".st-key-gradient_text textarea").fill("1, 2, 3, 4, 5")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => window.location.search.includes('x=1_2_3_4_5')")
    wait_for_app(page)
    assert page.locator(SLIDERS).count() == 5
    page.locator(".st-key-t input").click()
    expect(page.get_by_role("option")).to_have_text(["1", "2", "3", "4", "5"])
    page.get_by_role("option", name="5").click()
    expect(page.locator(f"{CHART} .mark")).to_have_text(["i", "", "", "", "t", "t"])
    wait_for_app(page)
    assert_python_numbers(page, target=4)
    assert problems.unexplained() == []


def test_keys_step_page_and_jump_to_the_ends(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url)
    handle = page.locator(SLIDERS).nth(1)
    press_every_key(page, handle)
    wait_for_python(page, "x=2_-10_0.5")
    assert_python_numbers(page)


def test_a_burst_of_keys_is_one_commit_and_one_history_entry(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url)
    history = page.evaluate("() => history.length")
    page.locator(SLIDERS).nth(0).focus()
    for _ in range(5):
        page.keyboard.press("ArrowUp")
    wait_for_python(page, "x=2.5_1_0.5")
    page.wait_for_timeout(300)
    assert page.evaluate("() => history.length") == history + 1
    assert_python_numbers(page)


def test_dragging_a_bar_moves_everything_before_release_and_commits_on_release(base_url, new_page):
    page, problems = new_page(init_script=RECORD_SENDS)
    open_chart(page, base_url, "/gradient?x=0_0_0&t=3")
    url = page.url
    before = shown(page)
    pressed = page.evaluate("() => performance.now()")
    drag(page, page.locator(SLIDERS).nth(0), -60)
    during = shown(page)
    x = during["handles"]
    assert x[0] > 0 and x[1:] == [0.0, 0.0] and during["source"] == "preview"
    assert during["meters"][0] > before["meters"][0] and during["meters"][1] < before["meters"][1]
    assert_numbers_of(during, x, target=2, rtol=1e-12)
    assert during["points"] != before["points"]
    assert page.evaluate("p => window.__sends.filter(t => t >= p)", pressed) == []
    assert page.url == url
    page.mouse.up()
    wait_for_python(page, f"x={x[0]:g}_0_0")
    assert_python_numbers(page, target=2)
    # The link reopens the same state.
    fresh, _ = new_page()
    open_chart(fresh, "", page.url)
    assert shown(fresh) == shown(page)
    assert problems.unexplained() == []


def test_a_touch_drag_on_a_phone_moves_the_bar_and_not_the_page(base_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_chart(page, base_url, "/gradient?x=" + "_".join(["0"] * 12))
        handle = page.locator(SLIDERS).nth(5)
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 44  # a touch-sized target at 390 px
        main = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"
        scroll = page.evaluate(main)
        y = box["y"] + box["height"] / 2
        touch = finger(context, page, box["x"] + box["width"] / 2)
        touch("touchStart", y)
        for k in range(1, 11):
            touch("touchMove", y - 5 * k)
        during = shown(page)
        moved = during["handles"][5]
        assert moved > 0 and during["meters"][5] > during["meters"][0]
        assert_numbers_of(during, during["handles"], rtol=1e-12)
        assert page.evaluate(main) == scroll
        url = page.url
        touch("touchEnd", None)
        page.wait_for_function("url => window.location.href !== url", arg=url)
        wait_for_python(page, "x=0_0_0_0_0_")
        assert_python_numbers(page)
        assert shown(page)["handles"][5] >= moved
    finally:
        context.close()


def test_a_finger_elsewhere_on_the_chart_scrolls_the_page(base_url, browser):
    """Only the logit columns hold a finger: the chart is taller than a phone's screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_chart(page, base_url, "/gradient?x=" + "_".join(["0"] * 12))
        heatmap = page.locator(f"{CHART} .jacobian")
        heatmap.scroll_into_view_if_needed()
        box = heatmap.bounding_box()
        main = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"
        scroll = page.evaluate(main)
        touch = finger(context, page, box["x"] + box["width"] / 2)
        y = box["y"] + box["height"] / 2
        touch("touchStart", y)
        for k in range(1, 11):
            touch("touchMove", y - 20 * k)
        touch("touchEnd", None)
        page.wait_for_function(f"scroll => ({main})() > scroll", arg=scroll)
        assert shown(page)["source"] == "python"  # nothing moved
    finally:
        context.close()


def test_the_browsers_math_agrees_with_the_core_on_random_vectors(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url)
    modules = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('gradient_math.js') || n.includes('softmax_math.js'))"
    )
    assert len(modules) == 2, "the chart's math modules were not loaded from the package's asset directory"
    rng = np.random.default_rng(25)
    cases = []
    for _ in range(300):
        count = int(rng.integers(2, 13))
        x = rng.uniform(-1000, 1000) + rng.choice([0.1, 1.0, 5.0, 30.0]) * rng.normal(size=count)
        cases.append((x.tolist(), int(rng.integers(count)), int(rng.integers(count))))
    results = evaluate_json(
        page,
        """async ([url, cases]) => {
            const { gradientView } = await import(url);
            return cases.map(([x, i, t]) => {
                const view = gradientView(x, i, t);
                return [Array.from(view.probabilities), view.jacobian.map((row) => Array.from(row)),
                        view.shift, view.loss, Array.from(view.gradient)];
            });
        }""",
        [next(m for m in modules if "gradient_math" in m), cases],
    )
    for (x, swept, target), (y, jacobian, shift, loss, gradient) in zip(cases, results, strict=True):
        logits = np.array(x)
        expected_loss, expected_gradient = core.cross_entropy(logits, target)
        expected_y = core.softmax(logits)
        where = f"x={x} i={swept} t={target}"
        np.testing.assert_allclose(y, expected_y, rtol=1e-12, atol=0, err_msg=where)
        np.testing.assert_allclose(
            jacobian, core.softmax_jacobian(expected_y), rtol=1e-12, atol=0, err_msg=where
        )
        assert shift == pytest.approx(analysis.diagonal_sweep(logits, swept).shift, rel=1e-12, abs=0), where
        assert loss == pytest.approx(float(expected_loss), rel=1e-12, abs=0), where
        np.testing.assert_allclose(gradient, expected_gradient, rtol=1e-12, atol=0, err_msg=where)


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
def test_axe_finds_no_wcag_21_aa_violation_in_the_chart(locale, width, base_url, new_page):
    page, problems = new_page(locale=locale, viewport={"width": width, "height": 900})
    open_chart(page, base_url, "/gradient?x=3_1_0.2_-1&i=2&t=3")
    page.locator(SLIDERS).nth(1).focus()
    page.keyboard.press("ArrowUp")
    wait_for_python(page, "x=3_1.1_0.2_-1")
    assert violations(page, CHART) == []
    assert problems.unexplained() == []


SVG_NS = "{http://www.w3.org/2000/svg}"
BAR_BLUE, TARGET_RED = (76, 120, 168), (191, 58, 77)  # figures.BAR and the theme's primary colour


def test_save_as_svg_keeps_the_chart_as_drawn_without_its_controls(base_url, new_page):
    page, problems = new_page()
    open_chart(page, base_url, "/gradient?x=2_1_0.5&t=2")
    page.locator(SLIDERS).nth(2).focus()
    page.keyboard.press("PageUp")  # x3: 0.5 → 1.5
    wait_for_python(page, "x=2_1_1.5")
    file = saved(page, CHART, "Save as SVG")
    assert file.suggested_filename == "softmax-viz-live_gradient.svg"

    root = ET.parse(file.path()).getroot()  # a standalone file: namespaced, well-formed
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img"
    assert root.get("aria-label").startswith("Logits and their probabilities, the Jacobian")
    words = {element.text for element in root.iter(f"{SVG_NS}text")}
    y = core.softmax(np.array([2.0, 1.0, 1.5]))
    assert {f"{p:.4f}" for p in y} <= words  # Python's numbers, as shown
    assert {"logit x", "J = diag(y) − y yᵀ", "t", "1.5"} <= words and "logit x (drag a bar)" not in words
    attributes = {name for element in root.iter() for name in element.attrib}
    assert not attributes & {"class", "tabindex", "aria-valuenow", "data-value", "data-row"}
    background, *_ = root
    assert background.tag == f"{SVG_NS}rect" and background.get("fill").lower() == "#ffffff"
    fills = {
        style.split("fill: ")[-1].split(";")[0]
        for style in (element.get("style", "") for element in root.iter(f"{SVG_NS}rect"))
    }
    assert {"rgb(76, 120, 168)", "rgb(191, 58, 77)"} <= fills  # the bars and the true class
    assert problems.unexplained() == []


def test_save_as_png_draws_the_chart_slide_wide_in_its_colours(base_url, new_page):
    page, problems = new_page()
    open_chart(page, base_url, "/gradient?x=2_1_0.5&t=2")
    file = saved(page, CHART, "Save as PNG")
    assert file.suggested_filename == "softmax-viz-live_gradient.png"
    image = Image.open(file.path()).convert("RGB")
    box = page.locator(f"{CHART} svg.chart").bounding_box()
    assert image.width == 2560
    assert image.height == pytest.approx(2560 * box["height"] / box["width"], abs=2)
    pixels = np.asarray(image).reshape(-1, 3)
    share = {
        colour: np.mean(np.all(np.abs(pixels - colour) <= 2, axis=1)) for colour in (BAR_BLUE, TARGET_RED)
    }
    assert share[BAR_BLUE] > 0.01 and share[TARGET_RED] > 0.001, share  # bars drawn, not black
    assert tuple(pixels[0]) == (255, 255, 255)  # on the page's background, not transparent
    assert problems.unexplained() == []
