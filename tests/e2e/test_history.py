"""Back and Forward in Chromium: each history entry is one committed change, and going to it
shows exactly its state, on every view; a view left by the navigation is found as it was left.

The tests read the contract only: the address bar, and what the page shows in its controls
(text boxes, menus, the live chart's handles and meters, the lesson's bar), so they hold
whatever draws a view's charts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.live_charts import RECORD_MESSAGES, wait_for_run

CHART = ".st-key-live_logits"


# Tall enough that no control used here is below the fold: a menu closes when the page scrolls,
# and charts still laying themselves out above a menu scroll it.
VIEWPORT = {"width": 1280, "height": 4000}


def open_page(new_page, base_url: str, path: str):
    page, problems = new_page(viewport=VIEWPORT, init_script=RECORD_MESSAGES)
    page.goto(base_url + path)
    wait_for_run(page)
    return page, problems


def after_run(page, action: Callable[[], None]) -> None:
    """Do ``action`` and wait until the run it started has finished."""
    page.evaluate("() => window.__messages.splice(0)")
    action()
    wait_for_run(page)


def history_length(page) -> int:
    return page.evaluate("() => history.length")


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlparse(url).query))


# --- reading and setting controls ------------------------------------------------------------------


def text(page, key: str) -> str:
    box = page.locator(f".st-key-{key} textarea, .st-key-{key} input")
    return box.first.input_value()


def type_text(page, key: str, value: str) -> None:
    box = page.locator(f".st-key-{key} textarea, .st-key-{key} input").first
    box.fill(value)
    box.press("Control+Enter" if box.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")


def is_radio_group(page, key: str) -> bool:
    """Whether the control is a radio group or segmented control (else a menu), once drawn:
    Streamlit first shows a placeholder where a control's code is still loading."""
    page.locator(f".st-key-{key} :is([role=radio], input)").first.wait_for()
    return page.locator(f".st-key-{key} [role=radio]").count() > 0


def choice(page, key: str) -> str:
    """The option a menu, radio group or segmented control shows as chosen."""
    if is_radio_group(page, key):
        return page.locator(f".st-key-{key} [role=radio][aria-checked=true]").inner_text()
    return page.locator(f".st-key-{key} input").input_value()


def choose(page, key: str, option: str) -> None:
    radios = page.locator(f".st-key-{key} [role=radio]")
    if is_radio_group(page, key):
        radios.filter(has_text=option).first.click()
        return
    page.locator(f".st-key-{key} [role=combobox]").click()
    page.locator("[role=listbox] [role=option]").filter(has_text=option).first.click()


def live_chart(page) -> dict:
    """The live chart as drawn from Python's numbers: handles, temperature and meters."""
    page.locator(f"{CHART} .live-logits[data-source=python]").wait_for()
    read = "els => els.map(e => e.getAttribute('aria-valuenow'))"
    return {
        "logits": page.locator(f"{CHART} [role=slider].logit").evaluate_all(read),
        "T": page.locator(f"{CHART} .temperature .slider-track").get_attribute("aria-valuenow"),
        "meters": page.locator(f"{CHART} [role=meter]").evaluate_all(read),
    }


SAMPLING_TOP_P = ".st-key-live_sampling [role=slider][aria-label*='top-p']"


def sampling_top_p(page) -> str:
    """The live sampling chart's top-p, as drawn from Python's numbers."""
    page.locator(".st-key-live_sampling .live-sampling[data-source=python]").wait_for()
    return page.locator(SAMPLING_TOP_P).get_attribute("aria-valuenow")


def committed_draws(page) -> str:
    """The seeded draws, once they show the state the live chart has committed (until then they
    are dimmed and marked stale, and may still be the last entry's)."""
    page.wait_for_function(
        "() => document.querySelector('.st-key-sampling_committed')?.dataset.stale === 'false'"
    )
    return page.locator(".st-key-first_draws").inner_text()


def press(page, selector: str, key: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press(key)


# --- the views: three committed changes each, and what each shows -------------------------------


@dataclass(frozen=True)
class Walk:
    path: str
    changes: tuple[Callable, ...]
    shown: Callable
    text_box: str  # the key of the view's text box


WALKS = {
    "logits": Walk(
        "/",
        (
            lambda page: press(page, f"{CHART} [role=slider].logit >> nth=0", "ArrowUp"),
            lambda page: press(page, f"{CHART} .temperature .slider-track", "ArrowLeft"),
            lambda page: type_text(page, "labels_text", "a,b,c"),
        ),
        lambda page: {
            **live_chart(page),
            "logits_text": text(page, "logits_text"),
            "labels": text(page, "labels_text"),
        },
        "logits_text",
    ),
    "overflow": Walk(
        "/overflow",
        (
            lambda page: type_text(page, "overflow_text", "1, 2, 3"),
            lambda page: choose(page, "dtype", "float32"),
            lambda page: type_text(page, "overflow_text", "4, 5, 6"),
        ),
        lambda page: {"x": text(page, "overflow_text"), "dtype": choice(page, "dtype")},
        "overflow_text",
    ),
    "gradient": Walk(
        "/gradient",
        (
            lambda page: choose(page, "i", "3"),
            lambda page: type_text(page, "gradient_text", "3, 1, 0.2, -1"),
            lambda page: choose(page, "lang", "日本語"),
        ),
        lambda page: {
            "x": text(page, "gradient_text"),
            "i": choice(page, "i"),
            "t": choice(page, "t"),
            "title": page.locator("h1").first.inner_text(),
        },
        "gradient_text",
    ),
    "batch": Walk(
        "/batch",
        (
            lambda page: choose(page, "axis", "0"),
            lambda page: type_text(page, "batch_text", "1, 2\n3, 4"),
            lambda page: choose(page, "axis", "None"),
        ),
        lambda page: {
            "m": text(page, "batch_text"),
            "axis": choice(page, "axis"),
            "check": page.locator(".st-key-scipy_check").inner_text(),
        },
        "batch_text",
    ),
    "sampling": Walk(
        "/sampling",
        (
            lambda page: press(page, SAMPLING_TOP_P, "PageDown"),
            lambda page: type_text(page, "sampling_seed", "7"),
            lambda page: type_text(page, "sampling_text", "1, 2, 3, 4"),
        ),
        lambda page: {
            "x": text(page, "sampling_text"),
            "p": sampling_top_p(page),
            "seed": text(page, "sampling_seed"),
            "draws": committed_draws(page),
        },
        "sampling_text",
    ),
}


def entry(page, walk: Walk) -> tuple[str, dict, dict]:
    """The entry's address (its path and its parameters, in any order) and what it shows."""
    return urlparse(page.url).path, query(page.url), walk.shown(page)


def go(page, direction: str) -> None:
    """Back or Forward, then wait for the run that shows the entry."""
    after_run(page, getattr(page, f"go_{direction}"))


@pytest.mark.parametrize("view", list(WALKS))
def test_back_and_forward_walk_through_three_committed_changes(view, base_url, new_page):
    walk = WALKS[view]
    page, problems = open_page(new_page, base_url, walk.path)
    start = history_length(page)
    entries = [entry(page, walk)]
    for change in walk.changes:
        after_run(page, lambda change=change: change(page))
        entries.append(entry(page, walk))
    assert history_length(page) == start + 3  # one entry per committed change
    assert len({str(item) for item in entries}) == 4

    for direction, expected in (("back", entries[2]), ("back", entries[1]), ("forward", entries[2])):
        go(page, direction)
        assert entry(page, walk) == expected, direction
        assert history_length(page) == start + 3  # showing an entry adds none
    assert page.locator('[data-testid="stException"]').count() == 0
    assert problems.unexplained() == []


# A committed change on each view, from a link, and a view to leave it for.
ROUND_TRIPS = {
    "logits": ("/?x=1_2_3&T=2", WALKS["logits"].changes[0], "Gradient"),
    "overflow": ("/overflow?x=1_2_3&dtype=float16", WALKS["overflow"].changes[2], "Gradient"),
    "gradient": ("/gradient?x=2_1_0.5_3&t=4", WALKS["gradient"].changes[0], "Overflow lab"),
    "batch": ("/batch?m=1_2~3_4&axis=0", WALKS["batch"].changes[2], "Gradient"),
    "sampling": ("/sampling?k=2&seed=5", WALKS["sampling"].changes[2], "Batch and axis"),
}
NAVIGATION = {
    "logits": "Logits → probabilities",
    "overflow": "Overflow lab",
    "gradient": "Gradient",
    "batch": "Batch and axis",
    "sampling": "Sampling the next token",
}


def navigate(page, name: str) -> None:
    after_run(page, lambda: page.get_by_role("link", name=name, exact=True).click())


@pytest.mark.parametrize("view", list(ROUND_TRIPS))
def test_a_view_left_by_the_navigation_is_found_as_it_was_left(view, base_url, new_page):
    walk = WALKS[view]
    link, change, elsewhere = ROUND_TRIPS[view]
    page, problems = open_page(new_page, base_url, link)
    opened = entry(page, walk)
    assert opened[1] == query(base_url + link)  # a fresh link opens its own state
    assert history_length(page) == 2  # and adds no entry beyond its own (after about:blank)
    after_run(page, lambda: change(page))
    left = entry(page, walk)
    start = history_length(page)

    navigate(page, elsewhere)
    navigate(page, NAVIGATION[view])
    assert entry(page, walk) == left  # by the navigation, with its link in the address bar
    assert history_length(page) == start + 2  # one entry per navigation

    go(page, "back")
    go(page, "back")
    assert entry(page, walk) == left  # and by Back
    after_run(page, page.reload)
    # Chromium puts back a reloaded page's form fields, emptied, before the app fills them.
    expect(page.locator(f".st-key-{walk.text_box} textarea")).not_to_have_value("")
    assert entry(page, walk) == left  # and after a reload
    assert page.locator('[data-testid="stException"]').count() == 0
    assert problems.unexplained() == []


def test_the_lesson_steps_are_entries_back_and_forward_walk_through(base_url, new_page):
    page, problems = open_page(new_page, base_url, "/lesson")
    navigate(page, "Start with step 1")
    start = history_length(page)

    def place() -> tuple[str, dict, str, str, str]:
        bar = page.locator(".st-key-lesson_bar").inner_text().splitlines()[0]
        values = page.locator(".st-key-logits_text textarea, .st-key-overflow_text textarea").input_value()
        return urlparse(page.url).path, query(page.url), bar, page.locator("h1").first.inner_text(), values

    entries = [place()]
    for _ in range(3):
        after_run(page, lambda: page.locator(".st-key-lesson_next button").click())
        entries.append(place())
    assert [entry[1]["lesson"] for entry in entries] == ["1", "2", "3", "4"]
    assert history_length(page) == start + 3
    for direction, expected in (("back", entries[2]), ("back", entries[1]), ("forward", entries[2])):
        go(page, direction)
        assert place() == expected, direction
    assert problems.unexplained() == []


def test_back_to_an_entry_with_a_value_the_app_refuses_names_it_and_shows_the_default(base_url, new_page):
    page, problems = open_page(new_page, base_url, "/overflow?x=1_2_3")
    # An entry with values the app refuses: written by an older version, or edited by hand. It is
    # pushed with the browser's own pushState, under the app's keeper of the history.
    refused = "/overflow?x=1_abc&dtype=float8&shift=5&lang=xx"
    page.evaluate("url => History.prototype.pushState.call(history, {}, '', url)", refused)
    start = history_length(page)
    go(page, "back")
    assert text(page, "overflow_text") == "1, 2, 3"
    go(page, "forward")
    warnings = page.locator(".st-key-url_problems").inner_text()
    assert "1_abc" in warnings and "float8" in warnings and "xx" in warnings
    assert text(page, "overflow_text").startswith("705, 706")  # the defaults replace them
    assert choice(page, "dtype") == "float64"
    assert query(page.url) == {"shift": "5"}  # the refused values leave the address bar
    assert history_length(page) == start  # without an entry of their own
    assert page.locator('[data-testid="stException"]').count() == 0
    assert problems.unexplained() == []


def test_an_example_from_the_menu_is_one_entry_and_back_undoes_it(base_url, new_page):
    page, problems = open_page(new_page, base_url, "/?x=1_2_3&T=2")
    before = entry(page, WALKS["logits"])
    start = history_length(page)
    after_run(page, lambda: choose(page, "logits_preset", "A tie for first place"))
    assert query(page.url)["x"] == "3_3_1_0"
    assert live_chart(page)["logits"] == ["3", "3", "1", "0"]
    assert history_length(page) == start + 1
    go(page, "back")
    assert entry(page, WALKS["logits"]) == before
    assert problems.unexplained() == []
