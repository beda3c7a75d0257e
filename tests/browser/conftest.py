"""Browser tests: Debian's Chromium, driven by Playwright, against the live server.

Chromium comes from Debian (`make browser`), not from `playwright install`,
which downloads a build of its own and cannot work here. Set
``SCREENSHOT_DIR=/some/folder`` to keep a screenshot of each test's last page.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Wide enough for the two-column layout (main and sidebar side by side).
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's Chromium")
    # Playwright's sync API keeps an event loop running in this thread, and
    # Django refuses ORM calls next to a running loop unless told it is safe:
    # the factories and the live server's fixtures use the ORM here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db, request):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server.

    The reader's own time zone is not the site's, so the clock must convert.
    """
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, timezone_id="America/New_York"
    )
    context.set_default_timeout(5000)
    page = context.new_page()
    yield page
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{request.node.name}.png", full_page=True)
    context.close()
