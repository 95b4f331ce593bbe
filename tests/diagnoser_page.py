"""Driving the diagnoser page in the browser tests."""

from __future__ import annotations

from typing import Any

BOOT_MS = 120_000  # Pyodide boots in ~5 s on two cores; CI machines can be slower


def open_diagnoser(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=BOOT_MS)


def diagnose_text(page: Any, text: str, timeout_ms: int = 60_000) -> None:
    """Put the text in the box (directly: typing megabytes would take minutes) and diagnose it."""
    page.evaluate("(t) => { document.querySelector('[data-testid=ndr-input]').value = t; }", text)
    page.click("[data-testid=diagnose]")
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=timeout_ms)
