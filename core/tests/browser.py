"""Helpers for the Playwright browser tests."""

import time


def wait_for(page, expression, timeout=10_000):
    """Wait until the JavaScript expression is truthy in the page.

    Playwright's own ``wait_for_function`` polls with ``eval`` inside the page, which the site's
    Content-Security-Policy (rightly) forbids; ``page.evaluate`` runs outside the page's policy.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} ms waiting for: {expression}")
        page.wait_for_timeout(50)
