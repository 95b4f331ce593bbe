"""Driving the diagnoser page in the browser tests."""

from __future__ import annotations

from typing import Any

BOOT_MS = 120_000  # Pyodide boots in ~5 s on two cores; CI machines can be slower

# Long tasks (over 50 ms) of the page's main thread, gathered from the moment this runs.
WATCH_LONG_TASKS = """() => { window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
    .observe({ type: "longtask" }); }"""
WORST_LONG_TASK = "() => Math.max(0, ...window.__longTasks)"


def open_diagnoser(page: Any, url: str) -> None:
    page.goto(url)
    try:
        page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=BOOT_MS)
    except Exception as error:  # say what the page showed, not only that it timed out
        status = page.locator("[data-testid=engine-status]").inner_text()
        state = page.locator("[data-testid=diagnosis]").get_attribute("data-state")
        raise AssertionError(f"the diagnoser did not become ready: state {state!r}, status {status!r}") from error


def diagnose_text(page: Any, text: str, timeout_ms: int = 60_000) -> None:
    """Put the text in the box (directly: typing megabytes would take minutes) and diagnose it."""
    page.evaluate("(t) => { document.querySelector('[data-testid=ndr-input]').value = t; }", text)
    page.click("[data-testid=diagnose]")
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=timeout_ms)


def real_paste(page: Any, text: str) -> None:
    """A real paste (Ctrl+V from the system clipboard) into the diagnoser's box, as a user does it.

    The page's context needs the clipboard-read and clipboard-write permissions. Long tasks are
    watched from just before the key press (see WORST_LONG_TASK).
    """
    page.evaluate("(t) => navigator.clipboard.writeText(t)", text)
    page.focus("[data-testid=ndr-input]")
    page.evaluate(WATCH_LONG_TASKS)
    page.keyboard.press("Control+V")


def clipboard_page(browser: Any) -> Any:
    """A page in a new context whose scripts may write and read the clipboard (real pastes,
    "Copy for a ticket"); close it with ``page.context.close()``."""
    return browser.new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()


# The character before each line break inside an element (its text laid out, <wbr> and all): where a
# long address or host name was wrapped.
CHARS_BEFORE_LINE_BREAKS = """(element) => {
  const before = [];
  let top = null, previous = "";
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      if (!node.data[i].trim()) { previous = node.data[i]; continue; }
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      if (top !== null && box.top > top + 2) before.push(previous);
      top = box.top;
      previous = node.data[i];
    }
  }
  return before;
}"""
