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


@pytest.fixture
def new_page(browser):
    """Make pages in fresh contexts: new_page(locale=..., viewport=...) -> (page, problems)."""
    contexts = []

    def make(locale: str = "en-US", viewport: dict | None = None):
        context = browser.new_context(locale=locale, viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        return page, PageProblems(page)

    yield make
    for context in contexts:
        context.close()
