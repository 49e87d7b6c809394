"""A server restart mid-session: the page reconnects by itself and the URL brings the state back."""

from __future__ import annotations

from tests.e2e import server

PATH = "/overflow?x=1_2_5&dtype=float32&shift=85"


def visible_state(page) -> tuple[str, str, str]:
    return (
        page.locator(".st-key-naive_trace table").inner_text(),
        page.locator(".st-key-stable_trace table").inner_text(),
        page.locator(".st-key-dtype input").input_value(),
    )


def test_the_page_reconnects_after_a_server_restart_and_keeps_its_state(browser):
    port = server.free_port()
    process = server.start_server(server.ROOT / "app.py", port)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        server.wait_healthy(port)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}{PATH}")
        server.wait_for_app(page)
        before = visible_state(page)
        assert "float32" in before[2] and "inf" in before[0]  # 86..90 overflow float32
        url = page.url

        server.stop(process)
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-connection-state]:not([data-test-connection-state="CONNECTED"])',
            timeout=30_000,
        )
        process = server.start_server(server.ROOT / "app.py", port)
        server.wait_healthy(port)

        # No reload by the test: Streamlit's client reconnects and reruns with the URL it shows.
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=60_000
        )
        server.wait_for_app(page, timeout=60_000)
        page.wait_for_selector(".st-key-naive_trace table", timeout=60_000)
        assert page.url == url
        assert visible_state(page) == before
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
        server.stop(process)
