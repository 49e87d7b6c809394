"""Fixtures for the browser suite: one Streamlit server per session, a Chromium, fresh pages.

With CI=true a missing browser fails the suite; elsewhere the suite is skipped with the reason.
"""

from __future__ import annotations

import os
import re

import pytest

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
        reason = "no browser: apt-get install chromium (or playwright install chromium)"
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


class PageProblems:
    """Console errors and failed requests seen by one page, minus Streamlit's known probe."""

    def __init__(self, page):
        self.console: list[str] = []
        self.http: list[str] = []
        page.on(
            "console",
            lambda message: self.console.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))
        page.on("response", self._response)

    def _response(self, response):
        if response.status >= 400:
            self.http.append(f"{response.status} {response.url}")

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
def keepers(browser, base_url):
    """One browser context per locale, each holding a page on the server's health URL.

    A page opened in a context whose renderer process is alive starts from that process's warm
    caches: a view's first load costs about 3.8 CPU-seconds there against 6.7 in a context of its
    own (bench: ten loads each way, this 2-core machine), and page loads are most of the browser
    suite's CPU. The open health page keeps the process alive between tests.
    """
    pages = {}

    def keeper(locale: str):
        """The health page of the locale's context."""
        if locale not in pages:
            pages[locale] = browser.new_context(locale=locale).new_page()
            pages[locale].goto(f"{base_url}/_stcore/health")
        return pages[locale]

    yield keeper
    for page in pages.values():
        page.context.close()


@pytest.fixture
def new_page(browser, keepers):
    """Make pages: new_page(locale=..., viewport=...) -> (page, problems).

    Pages share their locale's context (its storage and cookies are cleared after each test);
    ``own_context=True`` gives a page a context of its own, as a second browser would.
    """
    pages, contexts, used = [], [], {}

    def make(locale: str = "en-US", viewport: dict | None = None, own_context: bool = False):
        viewport = viewport or {"width": 1280, "height": 900}
        if own_context:
            context = browser.new_context(locale=locale, viewport=viewport)
            contexts.append(context)
            page = context.new_page()
        else:
            keeper = used[locale] = keepers(locale)
            page = keeper.context.new_page()
            page.set_viewport_size(viewport)
            pages.append(page)
        return page, PageProblems(page)

    yield make
    for page in pages:
        page.close()
    for context in contexts:
        context.close()
    for keeper in used.values():  # what Streamlit keeps in the browser (the sidebar's state, the theme)
        keeper.context.clear_cookies()
        keeper.evaluate("() => localStorage.clear()")
