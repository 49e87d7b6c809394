"""The live sampling chart in Chromium: its sliders and order radios move every stage within the
frame with nothing sent to the server; letting go commits once, and Python's numbers follow.

The chart's contract (role="slider" controls named Temperature/温度, top-k, top-p, min-p and
min_tokens_to_keep; a radiogroup of three orders; one role="meter" per shown token; the key
"live_sampling") is what these tests read. Its DOM sits in an open shadow root, which
Playwright's CSS locators enter and ``document.querySelector`` does not.
"""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from softmax_viz import parsing, presets, sampling, urlstate
from softmax_viz.components import live_sampling
from tests import sampling_cases
from tests.e2e.live_charts import RECORD_SENDS, WATCH_NEXT_FRAME, evaluate_json
from tests.e2e.server import wait_for_app

CHART = ".st-key-live_sampling"
METERS = f"{CHART} [role=meter]"
EXAMPLE = presets.SAMPLING_PRESETS["next_token_en"]
LONG_TAIL = parsing.encode_vector(np.array(presets.SAMPLING_PRESETS["long_tail"].logits))


# The chart's data as the module last decoded it (its default export decodes Python's JSON).
RECORD_DATA = """(() => {
    const decode = TextDecoder.prototype.decode;
    TextDecoder.prototype.decode = function (...args) {
        const text = decode.apply(this, args);
        if (text.startsWith('{"seq"') && text.includes('"python"')) window.__samplingData = text;
        return text;
    };
})()"""


# The chart's module, as Streamlit loaded it from the package's asset directory.
MODULE_URL = """() => performance.getEntriesByType("resource").map((e) => e.name)
    .find((name) => name.includes("live_sampling.js"))"""

SETTING_NAMES = {
    "temperature": "Temperature",
    "k": "top-k",
    "p": "top-p",
    "minp": "min-p",
    "keep": "min_tokens_to_keep",
}


def open_chart(page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/sampling{query}")
    wait_for_app(page)
    page.wait_for_selector(METERS)


def slider(page, name: str):
    return page.locator(f"{CHART} [role=slider][aria-label*='{SETTING_NAMES[name]}']")


def meters(page) -> list[float]:
    return [
        float(v)
        for v in page.locator(METERS).evaluate_all("ms => ms.map(m => m.getAttribute('aria-valuenow'))")
    ]


def link_settings(url: str) -> dict:
    """sampling.pipeline's settings for the link's state (its defaults where it names none)."""
    query = {name: values[0] for name, values in parse_qs(urlparse(url).query).items()}
    state, problems = urlstate.read_link("sampling", query)
    assert problems == []
    state = {**urlstate.CUSTOM_DEFAULTS["sampling"], **state}
    return {
        "temperature": float(state["temp"]),
        "top_k": state["k"],
        "top_p": None if state["p"] >= 1 else state["p"],
        "min_p": None if state["minp"] <= 0 else state["minp"],
        "order": state["order"],
        "min_tokens_to_keep": state["keep"],
    }


def link_logits(url: str) -> np.ndarray:
    query = parse_qs(urlparse(url).query)
    return (
        parsing.decode_vector(query["x"][0], allow_masked=True).value
        if "x" in query
        else np.array(EXAMPLE.logits)
    )


def python_meters(url: str) -> np.ndarray:
    """The final probabilities Python's pipeline gives the link's state, on the chart's columns."""
    logits = link_logits(url)
    final = sampling.pipeline(logits, **link_settings(url))[-1].probabilities
    shown = live_sampling.shown_tokens(logits)
    if shown is None:
        return final
    rest = np.ones(final.size, dtype=bool)
    rest[shown] = False
    return np.append(final[shown], final[rest].sum())


def wait_for_python(page, url_part: str) -> None:
    """Until the link holds ``url_part``, the script is idle and the chart shows Python's numbers."""
    page.wait_for_function("part => window.location.search.includes(part)", arg=url_part, timeout=30_000)
    wait_for_app(page)
    page.locator(f"{CHART} .live-sampling[data-source=python]").wait_for(timeout=30_000)


def assert_python_numbers(page) -> None:
    np.testing.assert_allclose(meters(page), python_meters(page.url), rtol=1e-12, atol=0)


def test_the_chart_follows_the_contract(base_url, new_page):
    page, problems = new_page()
    open_chart(page, base_url, "?p=0.8&minp=0")
    values = {
        name: [slider(page, name).get_attribute(a) for a in ("aria-valuenow", "aria-valuetext")]
        for name in SETTING_NAMES
    }
    assert values == {
        "temperature": ["1", "T = 1"],
        "k": ["10", "off"],  # top-k at its right end, k = every token, is off
        "p": ["0.8", "0.8"],
        "minp": ["0", "off"],
        "keep": ["1", "1"],
    }
    for name in SETTING_NAMES:
        assert slider(page, name).get_attribute("tabindex") == "0"
    group = page.locator(f"{CHART} [role=radiogroup]")
    radios = group.locator("[role=radio]")
    assert radios.all_inner_texts() == ["transformers", "vLLM", "llama.cpp"]
    assert radios.evaluate_all("rs => rs.map(r => r.getAttribute('aria-checked'))") == [
        "true",
        "false",
        "false",
    ]
    meter = page.locator(METERS)
    assert meter.count() == len(EXAMPLE.tokens)
    assert meter.evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))") == [
        f"Final probability of {token}" for token in EXAMPLE.tokens
    ]
    assert (meter.first.get_attribute("aria-valuemin"), meter.first.get_attribute("aria-valuemax")) == (
        "0",
        "1",
    )
    assert meter.first.locator(".value").text_content() == f"{python_meters(page.url)[0]:.4f}"
    assert_python_numbers(page)
    assert problems.unexplained() == []


def test_the_japanese_page_names_its_controls_in_japanese(base_url, new_page):
    page, problems = new_page(locale="ja-JP")
    open_chart(page, base_url)
    assert page.locator(f"{CHART} [role=slider][aria-label*='温度']").count() == 1
    example = presets.SAMPLING_PRESETS["next_token_ja"]
    labels = page.locator(METERS).evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))")
    assert labels == [f"最終的な確率: {token}" for token in example.tokens]
    assert "オフ" in slider(page, "k").get_attribute("aria-valuetext")
    assert problems.unexplained() == []


def test_a_top_p_key_moves_every_stage_in_the_next_frame_and_sends_nothing_until_the_commit(
    base_url, new_page
):
    page, problems = new_page(init_script=RECORD_SENDS)
    open_chart(page, base_url)
    before = meters(page)
    page.evaluate(WATCH_NEXT_FRAME, "live_sampling")
    slider(page, "p").focus()
    page.keyboard.press("PageDown")  # 0.9 → 0.8: top-p keeps 4 tokens instead of 5
    page.wait_for_function("() => window.__frame !== null")
    frame = page.evaluate("() => window.__frame")
    expected = sampling.pipeline(np.array(EXAMPLE.logits), top_p=0.8)[-1].probabilities
    np.testing.assert_allclose(frame["values"], expected, rtol=1e-12, atol=0)
    assert frame["values"] != before
    # The draws are for the old settings until Python answers: dimmed, and the chart says so.
    assert page.locator(f"{CHART} .pending").is_visible()
    assert page.locator(".st-key-sampling_committed").evaluate("e => e.style.opacity") == "0.35"
    page.wait_for_timeout(100)
    sends = page.evaluate("p => window.__sends.filter(t => t >= p)", frame["pressed"])
    assert sends == [] or min(sends) - frame["pressed"] >= 100
    wait_for_python(page, "p=0.8")
    assert_python_numbers(page)
    assert not page.locator(f"{CHART} .pending").is_visible()
    assert page.locator(".st-key-sampling_committed").evaluate("e => e.style.opacity") == ""
    assert problems.unexplained() == []


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("temperature", [("ArrowLeft", "0.7"), ("PageUp", "20"), ("Home", "0.05"), ("ArrowRight", "0.07")]),
        ("k", [("Home", "1"), ("ArrowUp", "2"), ("PageUp", "10"), ("ArrowDown", "9"), ("End", "10")]),
        ("p", [("ArrowRight", "0.91"), ("PageDown", "0.81"), ("End", "1"), ("Home", "0.01")]),
        ("minp", [("ArrowUp", "0.01"), ("PageUp", "0.11"), ("End", "1"), ("ArrowDown", "0.99")]),
        ("keep", [("End", "10"), ("PageDown", "1"), ("ArrowRight", "2")]),
    ],
)
def test_keys_step_page_and_jump_to_the_ends_and_the_link_reopens_the_state(base_url, new_page, name, keys):
    page, problems = new_page()
    open_chart(page, base_url)
    control = slider(page, name)
    control.focus()
    for key, expected in keys:
        page.keyboard.press(key)
        page.wait_for_function(
            "([s, v]) => s.getAttribute('aria-valuenow') === v", arg=[control.element_handle(), expected]
        )
        np.testing.assert_allclose(meters(page), python_meters_for(page, name, expected), rtol=1e-12, atol=0)
    page.locator(f"{CHART} .live-sampling[data-source=python]").wait_for()
    wait_for_app(page)
    assert_python_numbers(page)
    fresh, _ = new_page()
    fresh.goto(page.url)
    wait_for_app(fresh)
    fresh.wait_for_selector(METERS)
    assert control_values(fresh) == control_values(page)
    assert meters(fresh) == meters(page)
    assert problems.unexplained() == []


def python_meters_for(page, name: str, value: str) -> np.ndarray:
    """Python's final probabilities with one setting changed from the page's link."""
    settings = link_settings(page.url)
    names = {
        "temperature": "temperature",
        "k": "top_k",
        "p": "top_p",
        "minp": "min_p",
        "keep": "min_tokens_to_keep",
    }
    number = float(value)
    if name == "k":
        number = None if number >= len(EXAMPLE.tokens) else int(number)
    elif name == "p":
        number = None if number >= 1 else number
    elif name == "minp":
        number = None if number <= 0 else number
    elif name == "keep":
        number = int(number)
    final = sampling.pipeline(np.array(EXAMPLE.logits), **{**settings, names[name]: number})[-1]
    return final.probabilities


def control_values(page) -> list[str]:
    return page.locator(f"{CHART} [role=slider], {CHART} [role=radio]").evaluate_all(
        "cs => cs.map(c => c.getAttribute('aria-valuenow') ?? c.getAttribute('aria-checked'))"
    )


def test_the_order_radios_move_with_arrows_and_commit_once(base_url, new_page):
    page, problems = new_page()
    open_chart(
        page, base_url, "?p=0.75&minp=0.2&x=" + parsing.encode_vector(np.log([0.4, 0.3, 0.2, 0.05, 0.05]))
    )
    history = page.evaluate("() => history.length")
    radios = page.locator(f"{CHART} [role=radio]")
    radios.first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "r => r.getAttribute('aria-checked') === 'true'", arg=radios.nth(1).element_handle()
    )
    # vLLM: min-p first drops the two 0.05s; top-p on [.4, .3, .2] / .9 keeps two.
    np.testing.assert_allclose(meters(page), [4 / 7, 3 / 7, 0, 0, 0], rtol=1e-12, atol=0)
    assert radios.evaluate_all("rs => rs.map(r => r.tabIndex)") == [-1, 0, -1]
    wait_for_python(page, "order=vllm")
    assert_python_numbers(page)
    page.wait_for_timeout(300)
    assert page.evaluate("() => history.length") == history + 1
    radios.nth(2).click()  # a click commits at once
    wait_for_python(page, "order=llama.cpp")
    assert_python_numbers(page)
    assert problems.unexplained() == []


def test_a_burst_of_keys_is_one_commit_and_one_history_entry(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url)
    history = page.evaluate("() => history.length")
    slider(page, "temperature").focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    wait_for_python(page, "temp=0.3")
    page.wait_for_timeout(300)
    assert page.evaluate("() => history.length") == history + 1


def drag_across(page, control, fractions, *, touch=None) -> None:
    box = control.bounding_box()
    y = box["y"] + box["height"] / 2
    xs = [box["x"] + f * box["width"] for f in fractions]
    if touch is None:
        page.mouse.move(xs[0], y)
        page.mouse.down()
        for x in xs[1:]:
            page.mouse.move(x, y, steps=3)
    else:
        touch("touchStart", xs[0], y)
        for x in xs[1:]:
            touch("touchMove", x, y)
    # The last move is painted in the next animation frame.
    page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => resolve()))")


def test_dragging_top_p_moves_the_stages_before_release_and_commits_on_release(base_url, new_page):
    page, problems = new_page(viewport={"width": 390, "height": 844}, init_script=RECORD_SENDS)
    open_chart(page, base_url)
    url = page.url
    control = slider(page, "p")
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    assert box["height"] >= 32  # a touch-sized target at 390 px
    pressed = page.evaluate("() => performance.now()")
    drag_across(page, control, [0.9, 0.7, 0.5, 0.3])
    during = float(control.get_attribute("aria-valuenow"))
    assert during < 0.5
    expected = sampling.pipeline(np.array(EXAMPLE.logits), top_p=during)[-1].probabilities
    np.testing.assert_allclose(meters(page), expected, rtol=1e-12, atol=0)
    assert page.evaluate("p => window.__sends.filter(t => t >= p)", pressed) == []
    assert page.url == url
    assert page.locator(f"{CHART} .pending").is_visible()
    page.mouse.up()
    wait_for_python(page, f"p={during:g}")
    assert_python_numbers(page)
    assert problems.unexplained() == []


def test_a_touch_drag_on_a_phone_moves_the_temperature_and_not_the_page(base_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_chart(page, base_url)
        control = slider(page, "temperature")
        control.scroll_into_view_if_needed()
        scroll = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")
        cdp = context.new_cdp_session(page)

        def touch(kind: str, x: float | None = None, y: float | None = None) -> None:
            points = [] if x is None else [{"x": x, "y": y}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        before = meters(page)
        drag_across(page, control, [0.5, 0.4, 0.3, 0.2, 0.1], touch=touch)
        moved = control.get_attribute("aria-valuenow")
        assert float(moved) < 1
        assert meters(page)[0] > before[0]  # colder: the best token gains
        assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == scroll
        touch("touchEnd")
        wait_for_python(page, f"temp={moved}")
        assert_python_numbers(page)
    finally:
        context.close()


def test_a_removed_tokens_reason_shows_on_hover_and_on_keyboard_focus(base_url, new_page):
    page, problems = new_page()
    open_chart(page, base_url, "?x=3_2_-inf_1&labels=a,b,c,d&k=2&p=1")
    reasons = page.locator(f"{CHART} .out.here")
    assert reasons.evaluate_all("rs => rs.map(r => r.getAttribute('aria-label'))") == [
        "c: masked in the input (−inf)",
        "d: top-k (k = 2): below the k-th largest logit 2",
    ]
    reason = page.locator(f"{CHART} .reason")
    reasons.nth(1).focus()
    assert reason.text_content() == "d: top-k (k = 2): below the k-th largest logit 2"
    page.keyboard.press("Shift+Tab")
    assert reason.text_content() == "c: masked in the input (−inf)"
    page.keyboard.press("Escape")
    page.locator(f"{CHART} [role=slider]").first.focus()
    assert reason.text_content().startswith("Point at an ×")
    reasons.nth(1).hover()
    assert reason.text_content() == "d: top-k (k = 2): below the k-th largest logit 2"
    assert (
        reasons.nth(1).locator("title").text_content() == "d: top-k (k = 2): below the k-th largest logit 2"
    )
    assert problems.unexplained() == []


def test_the_boundary_case_keeps_two_tokens_and_says_why(base_url, new_page):
    page, problems = new_page()
    logits = parsing.encode_vector(np.log([0.5, 0.3, 0.1, 0.1]))
    open_chart(page, base_url, f"?x={logits}&p=0.8")
    np.testing.assert_allclose(meters(page), [0.625, 0.375, 0, 0], rtol=1e-12, atol=0)
    assert "reaches p = 0.8: equal up to rounding" in page.locator(f"{CHART} .cut .rounding").text_content()
    assert problems.unexplained() == []


def test_ten_thousand_logits_a_temperature_or_top_p_key_shows_in_the_next_frame(base_url, new_page):
    # A new context: the link's 70,150 characters are refused (HTTP 400) by the server's HTTP
    # parser when they come from a browser that has loaded a page before (see README).
    page, problems = new_page(own_context=True)
    open_chart(page, base_url, f"?x={LONG_TAIL}")
    assert page.locator(METERS).count() == live_sampling.TOP_N + 1  # the top N and the rest
    for name, key in (("temperature", "ArrowLeft"), ("p", "PageDown")):
        before = meters(page)
        page.evaluate(WATCH_NEXT_FRAME, "live_sampling")
        slider(page, name).focus()
        page.keyboard.press(key)
        page.wait_for_function("() => window.__frame !== null")
        frame = page.evaluate("() => window.__frame")
        assert frame["values"] != before
        np.testing.assert_allclose(frame["values"], meters(page), rtol=0, atol=0)
        wait_for_python(page, {"temperature": "temp=0.7", "p": "p=0.8"}[name])
        assert_python_numbers(page)
    assert problems.unexplained() == []


def test_the_browsers_pipeline_agrees_with_python_in_chromium(base_url, new_page):
    page, _ = new_page()
    open_chart(page, base_url)
    assert page.evaluate(MODULE_URL), "the chart's module was not loaded from the package's asset directory"
    fixtures = sampling_cases.fixtures(random_count=120, seed=5)
    results = evaluate_json(
        page,
        """async (fixtures) => {
            const url = new URL("sampling_math.js", ("""
        + MODULE_URL
        + """)()).href;
            const { pipeline, ranked, summary } = await import(url);
            const indices = (mask) => Array.from(mask).flatMap((on, i) => (on ? [i] : []));
            return fixtures.cases.map((item) => {
                const logits = item.logits.map(Number);
                const stages = pipeline(logits, item.settings, fixtures.rule).map((stage) => ({
                    kept: indices(stage.kept),
                    threshold: String(stage.threshold),
                    probabilities: Array.from(stage.probabilities),
                }));
                const drawn = summary(logits, item.settings, fixtures.rule, ranked(logits), item.shown);
                return { stages, summary: drawn };
            });
        }""",
        fixtures,
    )
    for item, got in zip(fixtures["cases"], results, strict=True):
        for stage, want in zip(got["stages"], item["stages"], strict=True):
            assert stage["kept"] == want["kept"], item["name"]
            np.testing.assert_allclose(float(stage["threshold"]), float(want["threshold"]), rtol=1e-12)
            np.testing.assert_allclose(stage["probabilities"], want["probabilities"], rtol=1e-12, atol=0)
        assert [s["kept"] for s in got["summary"]["stages"]] == [s["kept"] for s in item["summary"]["stages"]]
        summaries = zip(got["summary"]["stages"], item["summary"]["stages"], strict=True)
        for position, (stage, want) in enumerate(summaries):
            np.testing.assert_allclose(stage["p"], want["p"], rtol=1e-12, atol=0)
            assert stage["out"] == want["out"], item["name"]
            for column, (mark, wanted) in enumerate(zip(stage["rounding"], want["rounding"], strict=True)):
                if mark == wanted:
                    continue
                # Columns are tokens in order, or the top tokens then the rest (never marked).
                token = column if item["shown"] is None else item["shown"][column]
                assert sampling_cases.marks_may_differ(item, got["stages"], position, token), item["name"]


def test_stale_data_after_a_commit_does_not_overwrite_the_newer_preview(base_url, new_page):
    """A commit, then data from a run that started before Python saw it (an older seq, other
    settings): the preview stays; Python's answer with the commit's number is then taken.

    The chart is driven directly through its module's default export, as Streamlit calls it,
    with a recorder in place of Streamlit's setStateValue: nothing reaches the server, so the
    order of the data is the test's, not the network's.
    """
    page, problems = new_page(init_script=RECORD_DATA)
    open_chart(page, base_url)
    page.wait_for_function("() => window.__samplingData !== undefined")
    page.evaluate(
        """async () => {
            const { default: render } = await import(("""
        + MODULE_URL
        + """)());
            const root = [...document.querySelectorAll(".st-key-live_sampling *")]
                .find((node) => node.shadowRoot).shadowRoot.querySelector(".live-sampling");
            window.__commits = [];
            window.__render = (data) => render({
                data: new TextEncoder().encode(JSON.stringify(data)),
                parentElement: root.parentNode,
                setStateValue: (name, value) => window.__commits.push(value),
            });
            window.__render(JSON.parse(window.__samplingData));
        }"""
    )
    assert page.locator(f"{CHART} .live-sampling").count() == 1  # the same chart, not a second one
    control = slider(page, "p")
    control.focus()
    page.keyboard.press("PageDown")  # 0.9 → 0.8, committed 250 ms later as seq 1
    page.wait_for_function("() => window.__commits.length === 1")
    assert page.evaluate("() => window.__commits[0]")["p"] == "0.8"
    preview = meters(page)
    page.evaluate(
        """() => {
            const stale = JSON.parse(window.__samplingData);
            stale.settings = { ...stale.settings, p: "0.5", order: "vllm" };
            window.__render(stale);
        }"""
    )
    assert control.get_attribute("aria-valuenow") == "0.8"
    assert meters(page) == preview
    assert page.locator(f"{CHART} .live-sampling").get_attribute("data-source") == "preview"
    page.evaluate(
        """() => {
            const answer = JSON.parse(window.__samplingData);
            answer.seq = window.__commits[0].seq;
            answer.settings = { ...answer.settings, p: "0.7" };
            window.__render(answer);
        }"""
    )
    root = page.locator(f"{CHART} .live-sampling")
    assert (root.get_attribute("data-source"), root.get_attribute("data-seq")) == ("python", "1")
    assert control.get_attribute("aria-valuenow") == "0.7"
    assert problems.unexplained() == []


def test_labels_with_markup_are_shown_literally(base_url, new_page):
    page, _ = new_page()
    labels = "<b>bold</b>,<img src=x onerror=window.__hacked=1>,a%26amp;b"
    open_chart(page, base_url, "?x=1_2_3&labels=" + labels.replace(",", "%2C"))
    names = page.locator(METERS).evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))")
    assert names == [
        f"Final probability of {label}"
        for label in ("<b>bold</b>", "<img src=x onerror=window.__hacked=1>", "a&amp;b")
    ]
    assert page.locator(f"{CHART} b, {CHART} img").count() == 0
    assert page.evaluate("() => window.__hacked === undefined")
    assert math.isclose(sum(meters(page)), 1.0, rel_tol=1e-12)
