"""The live overflow lab in Chromium: keys, mouse and touch move the shift, and within the frame
the points cross the dtype's limit and the naive cells turn to inf and nan exactly where Python's
would, with nothing sent to the server; letting go commits once and Python's numbers follow.

The lab's contract (a role="slider" named "Shift…", cells with data-row, data-column,
data-value and data-event, the key "live_overflow") is what these tests read. Python's side is
``core.trace_softmax`` of the vector plus the shift, computed here.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image

from softmax_viz import core, urlstate
from tests.e2e.live_charts import evaluate_json
from tests.e2e.server import wait_for_app
from tests.e2e.test_live_logits import RECORD_SENDS
from tests.live_overflow_cases import cases, exp_tolerance, numpy_exps, trace_json

LAB = ".st-key-live_overflow"
SLIDER = f"{LAB} [role=slider]"
COLUMNS = {"naive_exp": ("naive", "exp"), "naive_y": ("naive", "quotient"),
           "stable_exp": ("stable", "exp"), "stable_y": ("stable", "quotient")}  # fmt: skip

# The lab's cells, {column: [[data-value, data-event], ...]} in row order, read in the page.
READ_CELLS = """() => {
    const host = [...document.querySelectorAll(".st-key-live_overflow *")].find((n) => n.shadowRoot);
    const cells = {};
    for (const cell of host.shadowRoot.querySelectorAll("td[data-column]")) {
        const column = (cells[cell.dataset.column] ??= []);
        column[Number(cell.dataset.row) - 1] = [cell.dataset.value, cell.dataset.event];
    }
    const slider = host.shadowRoot.querySelector("[role=slider]");
    return { cells, shift: slider.getAttribute("aria-valuenow") };
}"""

# Installed after the lab: on the next keydown, the cells as they are in the first animation
# frame after the key, and the time of the key.
WATCH_NEXT_FRAME = """() => {
    window.__frame = null;
    const read = READ;
    document.addEventListener("keydown", () => {
        const pressed = performance.now();
        requestAnimationFrame(() => { window.__frame = { pressed, ...read() }; });
    }, { once: true });
}""".replace("READ", READ_CELLS)


def open_lab(page, base_url: str, query: str = "") -> None:
    goto_lab(page, f"{base_url}/overflow{query}")


def goto_lab(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(f"{LAB} td[data-column=naive_y]")


def link_state(url: str) -> tuple[np.ndarray, str, float]:
    query = parse_qs(urlparse(url).query)
    x = [float(v) for v in query["x"][0].split("_")] if "x" in query else list(np.arange(705.0, 715.0))
    return np.array(x), query.get("dtype", ["float64"])[0], float(query.get("shift", ["0"])[0])


def python_cells(x: np.ndarray, dtype: str, shift: float) -> dict[str, list[tuple[float, str]]]:
    """What the lab must show for x + shift in dtype: each column's values and events."""
    trace = core.trace_softmax(x + shift, np.dtype(dtype))
    found = {}
    for column, (path, name) in COLUMNS.items():
        step = next(s for s in getattr(trace, path) if s.name == name)
        events = [sorted(e for e, where in step.events.items() if k in where) for k in range(x.size)]
        found[column] = [(float(v), " ".join(e)) for v, e in zip(np.ravel(step.value), events, strict=True)]
    return found


def assert_cells(shown: dict, x: np.ndarray, dtype: str, shift: float, *, exact: bool) -> None:
    """Every cell names Python's events; its value is Python's (exact) or within numpy's exp error
    (a preview in float32 or float16, where the browser's exp is correctly rounded and numpy's
    is not)."""
    for column, expected in python_cells(x, dtype, shift).items():
        pairs = zip(expected, shown[column], strict=True)
        for row, ((value, events), (text, shown_events)) in enumerate(pairs):
            where = f"{column}[{row + 1}] at shift {shift} in {dtype}"
            assert sorted(shown_events.split()) == events.split(), where
            got = float(text)
            if exact or not math.isfinite(value) or dtype == "float64":
                np.testing.assert_allclose(got, value, rtol=0 if exact else 1e-12, err_msg=where)
            else:
                spacing = np.spacing(np.min(np.abs([got, value])).astype(dtype))
                assert abs(got - value) <= 3 * spacing, where  # exp ±2 ulp, carried into y


def wait_for_python(page, url_part: str) -> None:
    """Until the link holds ``url_part``, the script is idle and the lab shows Python's numbers."""
    page.wait_for_function("part => window.location.search.includes(part)", arg=url_part, timeout=30_000)
    wait_for_app(page)
    page.locator(f"{LAB} .live-overflow[data-source=python]").wait_for(timeout=30_000)


def assert_python_numbers(page) -> None:
    x, dtype, shift = link_state(page.url)
    state = page.evaluate(READ_CELLS)
    assert float(state["shift"]) == shift
    assert_cells(state["cells"], x, dtype, shift, exact=True)


def test_the_lab_follows_the_contract(base_url, new_page):
    page, problems = new_page()
    open_lab(page, base_url)
    slider = page.locator(SLIDER)
    assert slider.count() == 1
    assert "Shift" in slider.get_attribute("aria-label")
    # From where every exp(x + c) is 0 to where every one is inf, in float64.
    assert (slider.get_attribute("aria-valuemin"), slider.get_attribute("aria-valuemax")) == ("-1470", "20")
    assert slider.get_attribute("aria-valuenow") == "0" and slider.get_attribute("tabindex") == "0"
    cells = page.evaluate(READ_CELLS)["cells"]
    assert all(len(cells[column]) == 10 for column in COLUMNS)
    assert cells["naive_exp"][5] == ["inf", "overflow"] and cells["naive_y"][5] == ["nan", "invalid"]
    assert_python_numbers(page)
    # Past the limit: a cross, not red alone.
    assert page.locator(f"{LAB} .point.over").count() == 5
    assert page.locator(f"{LAB} td.broken").count() == 10
    assert problems.unexplained() == []


def test_the_japanese_page_names_the_shift_and_the_events_in_japanese(base_url, new_page):
    page, _ = new_page(locale="ja-JP")
    open_lab(page, base_url)
    assert "ずらし" in page.locator(SLIDER).get_attribute("aria-label")
    event = page.locator(f"{LAB} td[data-row='6'][data-column=naive_exp] .cell-event")
    assert event.inner_text() == "オーバーフロー"
    assert page.locator(f"{LAB} .save button").all_inner_texts() == ["SVG で保存", "PNG で保存"]


def test_a_key_press_flips_the_naive_cells_in_the_next_frame_and_sends_nothing_for_100_ms(base_url, new_page):
    page, problems = new_page(init_script=RECORD_SENDS)
    open_lab(page, base_url, "?x=1_2_3&shift=706")  # 707, 708, 709: every exp finite
    page.evaluate(WATCH_NEXT_FRAME)
    page.locator(SLIDER).focus()
    page.keyboard.press("PageUp")  # 716, 717, 718 … the shift is 716: every exp overflows
    page.wait_for_function("() => window.__frame !== null")
    frame = page.evaluate("() => window.__frame")
    assert frame["shift"] == "716"
    assert [value for value, _ in frame["cells"]["naive_exp"]] == ["inf"] * 3
    assert [event for _, event in frame["cells"]["naive_y"]] == ["invalid"] * 3
    assert_cells(frame["cells"], np.array([1.0, 2.0, 3.0]), "float64", 716.0, exact=False)
    page.wait_for_timeout(100)
    sends = page.evaluate("p => window.__sends.filter(t => t >= p)", frame["pressed"])
    assert sends == [] or min(sends) - frame["pressed"] >= 100
    wait_for_python(page, "shift=716")
    assert_python_numbers(page)
    assert problems.unexplained() == []


def test_keys_step_page_and_jump_to_the_ends_and_a_burst_is_one_history_entry(base_url, new_page):
    page, _ = new_page()
    open_lab(page, base_url, "?x=1_2_3")
    slider = page.locator(SLIDER)
    slider.focus()
    for key, expected in [("ArrowRight", 1), ("ArrowUp", 2), ("ArrowLeft", 1), ("ArrowDown", 0),
                          ("PageUp", 10), ("PageDown", 0), ("End", 720), ("Home", -760)]:  # fmt: skip
        page.keyboard.press(key)
        at = "([s, v]) => Number(s.getAttribute('aria-valuenow')) === v"
        page.wait_for_function(at, arg=[slider.element_handle(), expected])
    history = page.evaluate("() => history.length")
    wait_for_python(page, "shift=-760")
    assert_python_numbers(page)
    page.wait_for_timeout(300)
    assert page.evaluate("() => history.length") == history + 1


def drag_towards(page, shift: float, steps: int = 8) -> None:
    """Press the thumb and move the pointer to where the track puts ``shift``; do not let go."""
    track = page.locator(SLIDER)
    low, high = (float(track.get_attribute(name)) for name in ("aria-valuemin", "aria-valuemax"))
    box = track.bounding_box()
    thumb = page.locator(f"{LAB} .slider-thumb").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(thumb["x"] + thumb["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (shift - low) / (high - low), y, steps=steps)


# Three values under each dtype's limit, and a shift that carries them past it (and past no
# wider dtype's limit: float16 done in float32 would stay finite).
DRAGGED = {"float16": ("8_9_10", 5), "float32": ("85_86_87", 3), "float64": ("705_706_707", 4)}


@pytest.mark.parametrize("dtype", urlstate.DTYPES)
def test_dragging_the_shift_flips_the_naive_cells_where_python_would(dtype, base_url, new_page):
    page, problems = new_page(init_script=RECORD_SENDS)
    vector, target = DRAGGED[dtype]
    open_lab(page, base_url, f"?x={vector}&dtype={dtype}")
    url = page.url
    x = np.array([float(v) for v in vector.split("_")])
    pressed = page.evaluate("() => performance.now()")
    drag_towards(page, target)
    during = page.evaluate(READ_CELLS)
    shift = float(during["shift"])
    assert abs(shift - target) <= 2 and "overflow" in during["cells"]["naive_exp"][2][1]
    assert_cells(during["cells"], x, dtype, shift, exact=False)
    assert page.locator(f"{LAB} .point.over").count() >= 1
    assert page.evaluate("p => window.__sends.filter(t => t >= p)", pressed) == []
    assert page.url == url
    page.mouse.up()
    wait_for_python(page, f"shift={shift:g}")
    assert_python_numbers(page)
    assert problems.unexplained() == []


def test_the_link_reopens_the_committed_state(base_url, new_page):
    page, _ = new_page()
    open_lab(page, base_url, "?x=1_2_5&dtype=float32")
    page.locator(SLIDER).focus()
    for _ in range(3):
        page.keyboard.press("PageUp")
    wait_for_python(page, "shift=30")
    link = page.url
    assert parse_qs(urlparse(link).query)["shift"] == ["30"]
    fresh, problems = new_page()
    goto_lab(fresh, link)
    assert fresh.evaluate(READ_CELLS) == page.evaluate(READ_CELLS)
    assert problems.unexplained() == []


def test_a_touch_drag_on_a_phone_moves_the_shift_and_not_the_page(base_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_lab(page, base_url, "?x=8_9_10&dtype=float16")
        track = page.locator(SLIDER)
        track.scroll_into_view_if_needed()
        box = track.bounding_box()
        assert box["height"] >= 32  # a touch-sized target at 390 px
        thumb = page.locator(f"{LAB} .slider-thumb").bounding_box()
        scroll = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")
        cdp = context.new_cdp_session(page)
        x, y = thumb["x"] + thumb["width"] / 2, box["y"] + box["height"] / 2

        def touch(kind: str, at_x: float | None) -> None:
            points = [] if at_x is None else [{"x": at_x, "y": y}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        touch("touchStart", x)
        for k in range(1, 6):
            touch("touchMove", x + 2 * k)
        during = page.evaluate(READ_CELLS)
        shift = float(during["shift"])
        assert shift > 0 and during["cells"]["naive_exp"][2][0] == "inf"
        assert_cells(during["cells"], np.array([8.0, 9.0, 10.0]), "float16", shift, exact=False)
        assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == scroll
        touch("touchEnd", None)
        wait_for_python(page, f"shift={shift:g}")
        assert_python_numbers(page)
    finally:
        context.close()


def test_the_browsers_arithmetic_names_the_same_events_as_numpy_in_every_dtype(base_url, new_page):
    """dtype_math.js in Chromium (float16 through the browser's own Math.f16round) on the
    integers 700–720 and ±0.5 at each dtype's limits, every float16 and float32 exp threshold
    ±1 ULP, and random vectors: the same events per cell as core.trace_softmax; given numpy's
    exp, every other value bit for bit; exp within numpy's own error."""
    page, _ = new_page()
    open_lab(page, base_url)
    module = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".find(n => n.includes('dtype_math.js'))"
    )
    assert module, "the lab's math module was not loaded from the package's asset directory"
    assert page.evaluate("() => typeof Math.f16round") == "function"
    fixtures = [(x, dtype, trace_json(x, dtype)) for x, dtype in cases()]
    previews = evaluate_json(
        page,
        """async ([url, fixtures]) => {
            const { traceSoftmax, pythonFloat, fromPythonFloat } = await import(url);
            const step = (s) => ({ name: s.name, value: s.value.map(pythonFloat), events: s.events });
            const shown = (trace) => ({ naive: trace.naive.map(step), stable: trace.stable.map(step) });
            return fixtures.map(([x, dtype, exps]) => {
                const numpyExp = new Map(exps.map(([v, e]) => [fromPythonFloat(v), fromPythonFloat(e)]));
                return [shown(traceSoftmax(x, dtype)), shown(traceSoftmax(x, dtype, (v) => numpyExp.get(v)))];
            });
        }""",
        [module, [[x, dtype, numpy_exps(trace)] for x, dtype, trace in fixtures]],
    )
    for (x, dtype, python), (preview, given_numpy_exp) in zip(fixtures, previews, strict=True):
        for path in ("naive", "stable"):
            for ours, theirs, exact in zip(preview[path], python[path], given_numpy_exp[path], strict=True):
                where = f"{dtype} {path} {ours['name']} of {x}"
                assert ours["events"] == theirs["events"], where
                numpy_values = np.array([float(v) for v in theirs["value"]])
                np.testing.assert_array_equal([float(v) for v in exact["value"]], numpy_values, err_msg=where)
                if ours["name"] == "exp":
                    shown = np.array([float(v) for v in ours["value"]])
                    assert_within_exp_error(shown, numpy_values, dtype, where)


def assert_within_exp_error(shown: np.ndarray, numpy_values: np.ndarray, dtype: str, where: str) -> None:
    finite = np.isfinite(numpy_values)
    np.testing.assert_array_equal(shown[~finite], numpy_values[~finite], err_msg=where)
    if dtype == "float64":
        tolerance = exp_tolerance(dtype)
        np.testing.assert_allclose(shown[finite], numpy_values[finite], rtol=tolerance, err_msg=where)
        return
    smaller = np.minimum(np.abs(shown[finite]), np.abs(numpy_values[finite])).astype(dtype)
    ulps = np.abs(shown[finite] - numpy_values[finite]) / np.spacing(smaller).astype(np.float64)
    assert np.all(ulps <= exp_tolerance(dtype)), where


SVG_NS = "{http://www.w3.org/2000/svg}"
OVER_RED = (191, 58, 77)  # figures.HIGHLIGHT


def saved(page, button: str):
    with page.expect_download() as download:
        page.locator(f"{LAB} .save button", has_text=button).click()
    return download.value


def test_save_as_svg_and_png_keep_the_chart_as_drawn(base_url, new_page):
    page, problems = new_page()
    open_lab(page, base_url)
    svg_file = saved(page, "Save as SVG")
    assert svg_file.suggested_filename == "softmax-viz-live_overflow.svg"
    root = ET.parse(svg_file.path()).getroot()
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img"
    assert root.get("aria-label") == "Chart: exp(x) of each element on a log scale against the float64 limit"
    words = {element.text for element in root.iter(f"{SVG_NS}text")}
    assert "largest float64 ≈ 1e308.25" in words and {"1", "10"} <= words
    attributes = {name for element in root.iter() for name in element.attrib}
    assert not attributes & {"class", "tabindex", "aria-valuenow"}
    png_file = saved(page, "Save as PNG")
    assert png_file.suggested_filename == "softmax-viz-live_overflow.png"
    image = Image.open(png_file.path()).convert("RGB")
    assert image.width == 2560
    pixels = np.asarray(image).reshape(-1, 3)
    assert np.mean(np.all(np.abs(pixels - OVER_RED) <= 2, axis=1)) > 0.0005  # the crosses and the limit
    assert tuple(pixels[0]) == (255, 255, 255)
    assert problems.unexplained() == []
