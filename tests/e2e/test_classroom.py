"""In the real page: the share box's QR code opens the same state, and the lesson walks its steps."""

from __future__ import annotations

import io
import time
from urllib.parse import parse_qsl

import numpy as np
import zxingcpp
from PIL import Image

from softmax_viz import core, lesson, parsing, urlstate
from tests.e2e import server
from tests.e2e.server import wait_for_app, wait_for_chart


def open_view(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def scanned(png: bytes) -> list[str]:
    """What a QR reader finds in a screenshot."""
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return [result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_qr_code_in_the_share_box_scanned_from_the_screen_opens_the_same_state(base_url, new_page):
    page, problems = new_page()
    open_view(page, f"{base_url}/gradient?x=3_1_0.2_-1&i=3&t=2")
    chart = live_gradient_numbers(page)
    page.locator(".st-key-share summary").click()
    image = page.locator(".st-key-share_qr img")
    image.wait_for()
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
    link = page.locator(".st-key-share code").inner_text()

    (url,) = scanned(image.screenshot())
    assert url == link and "x=3_1_0.2_-1" in url and "lang=English" in url

    # A student's phone, whose browser prefers Japanese: the link fixes the language.
    student, student_problems = new_page(locale="ja-JP", viewport={"width": 390, "height": 844})
    open_view(student, url)
    assert live_gradient_numbers(student) == chart
    assert student.locator(".st-key-gradient_text textarea").input_value() == "3, 1, 0.2, -1"
    assert student.locator(".st-key-i input").input_value() == "3"
    assert student.locator(".st-key-t input").input_value() == "2"
    assert student.locator("h1").first.inner_text() == "Gradient of softmax"
    assert problems.unexplained() == [] and student_problems.unexplained() == []


def live_gradient_numbers(page) -> dict[str, list[float]]:
    """The live gradient chart's logits, probabilities and Jacobian, as its elements carry them."""
    chart = ".st-key-live_gradient"
    page.locator(f"{chart} [role=meter]").first.wait_for()
    read = "(elements, name) => elements.map((e) => Number(e.getAttribute(name)))"
    return {
        "logits": page.locator(f"{chart} [role=slider]").evaluate_all(read, "aria-valuenow"),
        "probabilities": page.locator(f"{chart} [role=meter]").evaluate_all(read, "aria-valuenow"),
        "jacobian": page.locator(f"{chart} .cell[data-value]").evaluate_all(read, "data-value"),
    }


TEXT_BOXES = {"logits": "logits_text", "overflow": "overflow_text", "gradient": "gradient_text"}
CHARTS = {"batch": "batch_chart"}


def expected_chart(step: lesson.Step) -> np.ndarray:
    """The numbers the step's chart must show, from the core and the step's own parameters."""
    state, _ = urlstate.read_link(step.view, step.query)
    return core.softmax(state["m"], axis=None if state["axis"] == "None" else int(state["axis"]))


def shown_chart(page, step: lesson.Step) -> np.ndarray:
    return np.array(wait_for_chart(page, CHARTS[step.view])[0]["z"], dtype=float)


def shown_value(page, step: lesson.Step, name: str) -> str:
    """What the view shows for one parameter of the step, as it would appear in the link."""
    if name == "x":
        text = page.locator(f".st-key-{TEXT_BOXES[step.view]} textarea").input_value()
        return parsing.encode_vector(parsing.parse_vector(text).value) if text else ""
    if name == "m":
        text = page.locator(".st-key-batch_text textarea").input_value()
        return parsing.encode_matrix(parsing.parse_matrix(text).value) if text else ""
    if name == "labels":
        return page.locator(".st-key-labels_text input").input_value()
    if name == "T":  # the live chart's temperature slider
        shown = page.locator(".st-key-live_logits .temperature .slider-track").get_attribute("aria-valuenow")
        return f"{float(shown):g}"
    if name == "shift":  # the live overflow lab's shift slider
        shown = page.locator(".st-key-live_overflow [role=slider]").get_attribute("aria-valuenow")
        return f"{float(shown):g}"
    if name == "temp":  # the live sampling chart's temperature slider
        slider = page.locator(".st-key-live_sampling [role=slider][aria-label*='Temperature']")
        return f"{float(slider.get_attribute('aria-valuenow')):g}"
    if name == "axis":
        return page.locator(".st-key-axis [role=radio][aria-checked=true]").inner_text()
    return page.locator(f".st-key-{name} input").input_value()


def assert_shows(page, step: lesson.Step) -> None:
    """The view shows every parameter of the step, and its chart the numbers they give."""
    expected = {
        name: f"{float(value):g}" if name in ("T", "temp", "shift") else value
        for name, value in step.query.items()
    }
    deadline = time.monotonic() + 10  # the page may still be filling in the widgets it drew
    while (shown := {name: shown_value(page, step, name) for name in step.query}) != expected:
        assert time.monotonic() < deadline, (step.name, shown, expected)
        page.wait_for_timeout(100)
    if step.view in CHARTS:
        np.testing.assert_allclose(shown_chart(page, step), expected_chart(step), rtol=1e-12)
    if step.view == "overflow":  # the live lab's input column: x + shift, from the step's link
        state, _ = urlstate.read_link("overflow", step.query)
        cells = page.locator(".st-key-live_overflow td[data-column=naive_x]")
        shown = cells.evaluate_all("cs => cs.map(c => Number(c.dataset.value))")
        np.testing.assert_array_equal(shown, state["x"] + state["shift"])
    if step.view == "logits":  # the live chart's meters: softmax(x / T) from the core
        state, _ = urlstate.read_link("logits", step.query)
        meters = page.locator(".st-key-live_logits [role=meter]")
        shown = meters.evaluate_all("ms => ms.map(m => Number(m.getAttribute('aria-valuenow')))")
        expected_p = core.softmax_temperature(state["x"], float(state["T"]))
        np.testing.assert_allclose(shown, expected_p, rtol=1e-12)
    if step.view == "gradient":  # the live chart's meters and Jacobian cells, from the core
        state, _ = urlstate.read_link("gradient", step.query)
        shown = live_gradient_numbers(page)
        y = core.softmax(state["x"])
        np.testing.assert_allclose(shown["probabilities"], y, rtol=1e-12)
        np.testing.assert_allclose(shown["jacobian"], core.softmax_jacobian(y).ravel(), rtol=1e-12)


def wait_for_step(page, number: int, count: int) -> None:
    page.wait_for_function(
        "text => document.querySelector('.st-key-lesson_bar')?.innerText.includes(text)",
        arg=f"step {number} of {count}",
    )
    wait_for_app(page)


def test_the_lesson_walks_from_step_1_to_the_last_with_next_each_view_showing_its_state(base_url, new_page):
    steps = lesson.steps()
    page, problems = new_page()
    open_view(page, f"{base_url}/lesson")
    assert page.locator("h1").first.inner_text() == f"Softmax in {len(steps)} steps"
    page.get_by_role("link", name="Start with step 1").click()
    for number, step in enumerate(steps, start=1):
        wait_for_step(page, number, len(steps))
        path, query = page.url.removeprefix(base_url).split("?", 1)
        assert path in ({"/", "/logits"} if step.view == "logits" else {f"/{step.view}"})
        assert dict(parse_qsl(query))["lesson"] == str(number)  # the place is in the address bar
        assert_shows(page, step)
        if number < len(steps):
            page.get_by_role("button", name="Next step").click()
    assert page.get_by_role("button", name="Next step").count() == 0

    page.get_by_role("button", name="Previous step").click()  # back within one view: axis 0 → 1
    wait_for_step(page, len(steps) - 1, len(steps))
    assert_shows(page, steps[-2])
    assert problems.unexplained() == []


def test_plotlys_button_saves_a_chart_as_a_slide_sized_png(base_url, new_page):
    page, problems = new_page()
    open_view(page, f"{base_url}/batch?m=1_1_5~1_2_9")
    wait_for_chart(page, "batch_chart")
    assert_saves_a_slide(page, "batch_chart")
    assert problems.unexplained() == []


def test_a_chart_a_slider_redraws_still_saves_after_the_step(base_url, new_page):
    page, problems = new_page()
    open_view(page, f"{base_url}/?sig=true")
    wait_for_chart(page, "sigmoid_chart")
    # A step of z moves the chart's marker, a line in its layout.
    marker = """() => { const p = document.querySelector(".st-key-sigmoid_chart .js-plotly-plot");
        return p && p.layout ? p.layout.shapes[0].x0 : null; }"""
    server.rerun_step(page, ".st-key-z input[type=range]", "ArrowRight", marker)
    assert_saves_a_slide(page, "sigmoid_chart")
    assert problems.unexplained() == []


def assert_saves_a_slide(page, key: str) -> None:
    buttons = page.locator(f".st-key-{key} .modebar-btn")
    assert buttons.count() == 1  # the image button alone
    with page.expect_download() as download:
        buttons.click()
    assert download.value.suggested_filename == f"softmax-viz-{key}.png"
    image = Image.open(download.value.path())
    assert image.format == "PNG" and image.size == (2560, 1440)
