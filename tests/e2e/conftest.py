"""Fixtures for the browser suite: one Streamlit server per session, a Chromium, warm tabs.

With CI=true a missing browser fails the suite; elsewhere the suite is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e import server

# Opened on a page's own path (/overflow), Streamlit's frontend first looks for its server under
# that path, gets 404 for /overflow/_stcore/health and /host-config, then finds it at the root.
STREAMLIT_BASE_PATH_PROBE = re.compile(r"/[a-z]+/_stcore/(health|host-config)$")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def playwright_instance():
    if not server.playwright_browser_available():
        reason = "no browser: apt-get install chromium-headless-shell (or playwright install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI, but there is {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = server.launch(playwright_instance)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def base_url():
    with server.streamlit_server() as url:
        yield url


DEFAULT_VIEWPORT = {"width": 1280, "height": 900}


class PageProblems:
    """Console errors and failed requests seen by one page, minus Streamlit's known probe."""

    def __init__(self, page):
        self.console: list[str] = []
        self.http: list[str] = []
        self._listeners = {
            "console": self._console,
            "pageerror": self._page_error,
            "response": self._response,
        }
        for event, listener in self._listeners.items():
            page.on(event, listener)

    def _console(self, message):
        if message.type == "error":
            self.console.append(message.text)

    def _page_error(self, error):
        self.console.append(f"page error: {error}")

    def _response(self, response):
        if response.status >= 400:
            self.http.append(f"{response.status} {response.url}")

    def stop_listening(self, page) -> None:
        for event, listener in self._listeners.items():
            page.remove_listener(event, listener)

    def unexplained(self) -> list[str]:
        probes = [entry for entry in self.http if STREAMLIT_BASE_PATH_PROBE.search(entry)]
        others = [entry for entry in self.http if entry not in probes]
        console = list(self.console)
        for _ in probes:
            for index, text in enumerate(console):
                if "status of 404" in text:
                    del console[index]
                    break
        return others + console


@pytest.fixture(scope="session")
def warm_tabs(browser):
    """One browser context per language for the whole run, each with a tab the tests take in
    turn. The browser suite is bound by the CPU, and opening a view in a tab that has shown the
    app before (its scripts cached and compiled) costs about half of a first load in a new
    context."""
    tabs = {}
    yield tabs
    for tab in tabs.values():
        tab.context.close()


def hand_back(tab) -> None:
    """Leave ``tab`` as a new one would be: a blank page, no history, cookies or storage."""
    with contextlib.suppress(PlaywrightError):
        tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    tab.goto("about:blank")
    tab.mouse.up()  # a drag a failed test left pressed
    session = tab.context.new_cdp_session(tab)
    session.send("Page.resetNavigationHistory")
    session.detach()
    tab.context.clear_cookies()


@pytest.fixture
def new_page(browser, warm_tabs):
    """Pages for one test: ``new_page(locale=, viewport=, init_script=, own_context=)`` returns
    ``(page, problems)``.

    A test's first page in a language is that language's warm tab, handed over blank, without the
    history, cookies, storage, init scripts or listeners of the test before; a further page is a
    new tab of the same context. ``own_context=True`` gives a page in a new context instead, for a
    test about a browser that has never seen the app.
    """
    taken = []
    contexts = []

    def make(
        locale: str = "en-US",
        viewport: dict | None = None,
        init_script: str | None = None,
        own_context: bool = False,
    ):
        if own_context:
            contexts.append(browser.new_context(locale=locale, viewport=viewport or DEFAULT_VIEWPORT))
            page = contexts[-1].new_page()
        else:
            if locale not in warm_tabs:
                warm_tabs[locale] = browser.new_context(locale=locale, viewport=DEFAULT_VIEWPORT).new_page()
            tab = warm_tabs[locale]
            page = tab if all(page is not tab for page, *_ in taken) else tab.context.new_page()
            page.set_viewport_size(viewport or DEFAULT_VIEWPORT)
        problems = PageProblems(page)
        scripts = [page.add_init_script(init_script)] if init_script else []
        taken.append((page, problems, scripts))
        return page, problems

    yield make
    for page, problems, scripts in taken:
        if page in warm_tabs.values():
            problems.stop_listening(page)
            for script in scripts:
                script.close()
            hand_back(page)
        elif page.context not in contexts:
            page.close()
    for context in contexts:
        context.close()
