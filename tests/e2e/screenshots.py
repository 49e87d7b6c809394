"""The README's screenshots, one per view, taken from the real app in Chromium.

Run from the repository root when a view's look changes: ``python -m tests.e2e.screenshots``.
It starts its own server and overwrites ``docs/screenshots/<view>.png``; the test suite never
writes there.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e import server

SCREENSHOTS = server.ROOT / "docs" / "screenshots"
# Each view's path, and what must be drawn before the page is ready.
VIEWS = {
    "logits": ("/", ".st-key-live_logits [role=meter]"),
    "overflow": ("/overflow", ".st-key-live_overflow td[data-column=naive_y]"),
    "gradient": ("/gradient", ".st-key-live_gradient [role=meter]"),
    "batch": ("/batch", ".st-key-batch_chart .js-plotly-plot"),
    "sampling": ("/sampling", ".st-key-live_sampling [role=meter]"),
}


def take(page, base_url: str, view: str, target: Path) -> None:
    path, ready = VIEWS[view]
    page.goto(base_url + path)
    server.wait_for_app(page)
    page.wait_for_selector(ready)
    page.wait_for_timeout(500)  # plotly's transition
    page.screenshot(path=str(target))


def main() -> None:
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with server.streamlit_server() as base_url, sync_playwright() as playwright:
        browser = server.launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1800})
        for view in VIEWS:
            target = SCREENSHOTS / f"{view}.png"
            take(page, base_url, view, target)
            print(f"{target.relative_to(server.ROOT)}: {target.stat().st_size:,} bytes")
        browser.close()


if __name__ == "__main__":
    main()
