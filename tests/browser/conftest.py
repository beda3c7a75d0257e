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
PHONE = {"width": 390, "height": 844}


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


@pytest.fixture(autouse=True)
def _media_served(settings):
    """Uploaded images load in the browser (the live server serves static only)."""
    settings.ROOT_URLCONF = "tests.browser.urls"


def screenshot(page, name):
    """Keep a picture of the page in ``SCREENSHOT_DIR``, when it is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)


@pytest.fixture
def new_page(browser, live_server, transactional_db, request):
    """``new_page(**context_options)``: a fresh tab with its own context
    (viewport, ``color_scheme``, ``java_script_enabled``…), closed after the test.

    The reader's own time zone is not the site's, so the clock must convert.
    """
    contexts = []

    def make(**options):
        options = {
            "base_url": live_server.url,
            "viewport": VIEWPORT,
            "timezone_id": "America/New_York",
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(5000)
        contexts.append(context)
        return context.new_page()

    yield make
    for number, context in enumerate(contexts):
        for tab in context.pages:
            suffix = f"-{number}" if number else ""
            screenshot(tab, f"{request.node.name}{suffix}")
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    return new_page()
