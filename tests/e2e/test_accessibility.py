"""Accessibility in the real page: axe-core finds no WCAG 2.1 A or AA violation, and the keyboard
reaches every control with a focus that can be seen.

axe-core runs from the copy axe-playwright-python ships (nothing is fetched from the network), on
every page, with the lesson bar, a warning about the link, an error about typed input and every
expander open: in English at desktop width and in Japanese at phone width, so that each language
and each layout is checked. axe's rules read the names and text a language gives and the layout
a width gives; the two other pairings cost about 78 of the suite's 1,100 CPU-seconds.
"""

from __future__ import annotations

import io
import math
from urllib.parse import urlencode

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from PIL import Image

from softmax_viz import lesson
from tests.e2e.server import streamlit_server, wait_for_app

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = {"en-US": "English", "ja-JP": "日本語"}
# Each view opened from a lesson step, with one value of the link it cannot use.
PAGES = {
    "logits": ("", 2, {"top": "7", "sig": "true"}),
    "overflow": ("overflow", 4, {"dtype": "float8"}),
    "gradient": ("gradient", 7, {"i": "0"}),
    "batch": ("batch", 9, {"axis": "2"}),
    "sampling": ("sampling", 11, {"keep": "0"}),
    "lesson": ("lesson", None, {}),
}
TEXT_BOXES = {
    "logits": ".st-key-logits_text textarea",
    "overflow": ".st-key-overflow_text textarea",
    "gradient": ".st-key-gradient_text textarea",
    "batch": ".st-key-batch_text textarea",
    "sampling": ".st-key-sampling_text textarea",
}


def page_url(base_url: str, view: str, language: str) -> str:
    path, step, bad = PAGES[view]
    query = {"lang": language}
    if step is not None:
        query = {**lesson.step_query(step, lesson.steps(), language), **bad}
    return f"{base_url}/{path}?{urlencode(query)}"


# Every expander is open and shows what it holds: one built only while open (the token tables,
# the share box) is filled by the rerun its click starts, which has not begun when the click returns;
# the share box's QR code comes last.
EXPANDERS_FILLED = """() => [...document.querySelectorAll("details")].every(details => details.open
    && details.querySelector('[data-testid="stExpanderDetails"] [data-testid="stElementContainer"]'))"""


def open_every_expander(page) -> None:
    page.evaluate("() => document.querySelectorAll('details:not([open]) > summary').forEach(s => s.click())")
    page.wait_for_function(EXPANDERS_FILLED)
    wait_for_app(page)
    if page.locator(".st-key-share").count():
        page.locator(".st-key-share_qr img").wait_for()


def show_every_state(page, view: str) -> None:
    """Every expander open; then check the page shows what is to be checked: the lesson bar, the
    link's refused value and the link's QR code."""
    open_every_expander(page)
    page.wait_for_timeout(500)  # let plotly and KaTeX finish drawing
    if view != "lesson":
        assert page.locator(".st-key-lesson_bar").count() == 1
        assert page.locator(".st-key-url_problems").count() == 1
        assert page.locator(".st-key-share_qr img").count() == 1


# What a refused typed value adds to a page already checked: the error (and any other message).
ALERTS = '[data-testid="stAlert"]'


def show_typed_error(page, view: str) -> None:
    """A refused typed value. Where the text box sits outside a fragment this reruns the whole
    page, which shows the link's problems no more (they are shown once), so it is checked apart."""
    page.locator(TEXT_BOXES[view]).fill("1, two, 3")
    page.keyboard.press("Control+Enter")
    page.locator('[data-testid="stAlertContentError"]').wait_for()
    wait_for_app(page)


def violations(page, context: object = None) -> list[str]:
    """axe's WCAG 2.1 A/AA violations in ``context`` (the whole page by default); only violations
    are sent back (the passes of a whole page are about a megabyte). axe goes into each document
    once: its 570 kB cost about 0.17 CPU-seconds to run again."""
    if not page.evaluate("() => typeof axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    run = "([context, options]) => axe.run(context ?? document, options)"
    results = page.evaluate(run, [context, options])
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['html'][:120]}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize(
    ("locale", "width"), [("en-US", 1280), ("ja-JP", 390)], ids=["en-desktop", "ja-phone"]
)
def test_axe_finds_no_wcag_21_aa_violation_on_any_page(locale, width, base_url, new_page):
    page, problems = new_page(locale=locale, viewport={"width": width, "height": 900})
    found = {}
    for view in PAGES:
        page.goto(page_url(base_url, view, LANGUAGES[locale]))
        wait_for_app(page)
        show_every_state(page, view)
        found[view] = violations(page)
        if view in TEXT_BOXES:
            show_typed_error(page, view)
            found[f"{view}, typed error"] = violations(page, {"include": [[ALERTS]]})
    assert found == {key: [] for key in found}
    assert problems.unexplained() == []


# The focused element, inside a component's shadow root too (the live chart's controls).
DEEP_ACTIVE = """const deepActive = () => {
    let element = document.activeElement;
    while (element && element.shadowRoot && element.shadowRoot.activeElement)
        element = element.shadowRoot.activeElement;
    return element;
};"""
# Once the focused element has stopped moving (Streamlit scrolls it into view: its box is the
# same in two animation frames running) and, in an element's toolbar, the toolbar has faded in
# (up to a second): marks what Tab focused and describes it; null for the document itself.
FOCUSED = (
    """async () => {
    """
    + DEEP_ACTIVE
    + """
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    const box = () => JSON.stringify(deepActive().getBoundingClientRect());
    for (let last = null, now = box(); last !== now; last = now, now = box()) await frame();
    const element = deepActive();
    if (!element || element === document.body) return null;
    const toolbar = element.closest('[data-testid="stElementToolbar"]');
    for (let wait = 0; toolbar && getComputedStyle(toolbar).opacity !== "1" && wait < 60; wait++)
        await frame();
    const again = element.dataset.tabbed === "yes";
    element.dataset.tabbed = "yes";
    const rect = element.getBoundingClientRect();
    const label = element.getAttribute("aria-label") || element.innerText || element.tagName;
    return {label: label.trim().slice(0, 60), box: [rect.x, rect.y, rect.width, rect.height], again,
            inMain: !!element.closest('[data-testid="stMain"]'),
            inClosedSidebar: !!element.closest('[data-testid="stSidebar"][data-collapsed="true"]'),
            inToolbar: !!toolbar,
            gridCanvas: element.tagName === "CANVAS" && !!element.closest('[data-testid="stDataFrame"]')};
}"""
)
# Every control in the main area a pointer can reach, in a component's shadow root too: visible
# and not taken out of the tab order.
CONTROLS = """() => {
  const selector = ':is(a[href], button, input, textarea, select, summary, [tabindex])';
  const main = document.querySelector('[data-testid="stMain"]');
  const shadows = [...main.querySelectorAll("*")].flatMap(node => node.shadowRoot ? [node.shadowRoot] : []);
  return [main, ...shadows].flatMap(root => [...root.querySelectorAll(selector)])
  .filter(element => element.tabIndex >= 0 && !element.disabled && element.getClientRects().length
    && getComputedStyle(element).visibility !== "hidden")
  .filter(element => !element.dataset.tabbed)
  // A radio group is one tab stop; the arrow keys move between its options.
  .filter(element => !(element.getAttribute("role") === "radio"
    && element.closest('[role="radiogroup"]').querySelector('[data-tabbed="yes"]')))
  .map(element => (element.getAttribute("aria-label") || element.innerText || element.outerHTML)
    .slice(0, 80));
}"""


# How far the page reaches below the viewport in the element that scrolls it (Streamlit's main
# area scrolls, not the document).
OVERHANG = """() => Math.max(0, ...[document.scrollingElement, ...document.querySelectorAll(
    '[data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stSidebarContent"]')]
    .filter(Boolean).map(element => element.scrollHeight - element.clientHeight))"""


TWO_FRAMES = "() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))"


def stretch_to_the_page(page) -> None:
    """Make the viewport as tall as the page, so that no Tab scrolls it: one picture of the page
    at rest then holds every control without focus."""
    for _ in range(5):
        overhang = page.evaluate(OVERHANG)
        if overhang <= 0:
            return
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": size["height"] + overhang})
        page.evaluate(TWO_FRAMES)
    raise AssertionError("the page kept growing with the viewport")


def picture(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def focus_is_visible(page, resting: Image.Image, box: list[float]) -> bool:
    """Whether the focused element looks different from the same place in the page at rest; an
    element outside the page (a closed sidebar's) shows nothing."""
    x, y, width, height = box
    left, top = max(0, math.floor(x - 6)), max(0, math.floor(y - 6))
    right = min(resting.width, math.ceil(x + width + 6))
    bottom = min(resting.height, math.ceil(y + height + 6))
    if right <= left or bottom <= top:
        return False
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    focused = picture(page.screenshot(clip=clip, animations="disabled"))
    return focused.tobytes() != resting.crop((left, top, right, bottom)).tobytes()


def tab_round(page, limit: int = 150) -> list[dict]:
    """Press Tab from the start of the page until a control is focused a second time."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stretch_to_the_page(page)
    resting = picture(page.screenshot(animations="disabled"))
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if focused["again"]:
            return reached
        # Looked at twice before it counts as hidden: a ring still being drawn is not a missing
        # one, which stays missing.
        visible = focus_is_visible(page, resting, focused["box"])
        if not visible:
            page.wait_for_timeout(300)
            visible = focus_is_visible(page, resting, focused["box"])
        reached.append({**focused, "visible": visible})
    raise AssertionError(f"Tab did not come round in {limit} presses")


# Where Streamlit itself shows no focus; test_streamlit_hides_the_focus_of_its_own_controls
# shows each in an app of nothing else.
STREAMLITS_OWN = ("inClosedSidebar", "inToolbar", "gridCanvas")


def hidden_focus(reached: list[dict]) -> list[str]:
    """What Tab focused without showing it, leaving out Streamlit's own controls."""
    return [
        item["label"]
        for item in reached
        if not item["visible"] and not any(item[where] for where in STREAMLITS_OWN)
    ]


@pytest.mark.parametrize(
    ("view", "width"),
    [
        ("logits", 1280),
        ("overflow", 1280),
        ("gradient", 1280),
        ("batch", 1280),
        ("sampling", 1280),
        ("lesson", 1280),
        ("logits", 390),
        ("overflow", 390),
        ("sampling", 390),
        ("lesson", 390),
    ],
)
def test_tab_reaches_every_control_of_the_page_and_its_focus_shows(view, width, base_url, new_page):
    page, _ = new_page(viewport={"width": width, "height": 900})
    page.goto(page_url(base_url, view, "English"))
    wait_for_app(page)
    open_every_expander(page)
    page.wait_for_timeout(500)
    page.mouse.move(1, 1)  # a pointer over an element would show its toolbar
    reached = tab_round(page)
    assert page.evaluate(CONTROLS) == []
    assert hidden_focus(reached) == []


MINIMAL_APP = """
import pandas as pd
import streamlit as st


def table() -> None:
    st.dataframe(pd.DataFrame({"a": [1, 2]}))


st.sidebar.selectbox("Choice", ["a", "b"])
st.navigation([st.Page(table, title=name, url_path=name.lower()) for name in ("One", "Two")]).run()
"""


def test_streamlit_hides_the_focus_of_its_own_controls(tmp_path, new_page):
    """On a phone, a closed sidebar keeps its controls in the tab order, off screen; the search
    button of a table's toolbar (which appears on hover, for a pointer) shows no focus at that
    width. (A table's grid draws no focus ring: the walk finds it hidden in Chromium's full
    browser, but in its headless shell the canvas looks changed when Tab reaches it, so the grid
    is not asserted here.)"""
    app = tmp_path / "two_pages.py"
    app.write_text(MINIMAL_APP, encoding="utf-8")
    with streamlit_server(app) as url:
        page, _ = new_page(viewport={"width": 390, "height": 900})
        page.goto(url)
        wait_for_app(page)
        # The grid draws its canvas after the script has finished; tab only once it is there.
        page.locator('[data-testid="stDataFrame"] canvas').first.wait_for()
        page.wait_for_timeout(500)
        page.mouse.move(1, 1)
        reached = tab_round(page)
    hidden = {item["label"]: item for item in reached if not item["visible"]}
    assert [label for label, item in hidden.items() if item["inClosedSidebar"]] == ["One", "Two", "Choice"]
    assert all(item["box"][0] + item["box"][2] <= 0 for item in hidden.values() if item["inClosedSidebar"])
    assert hidden["Search"]["inToolbar"]
