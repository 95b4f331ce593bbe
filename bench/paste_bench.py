"""Big pastes in the browser diagnoser: how long Chromium takes to lay out text in the box, and the
longest main-thread task of a 10 MB paste and drop.

(a) Layout curve. In the diagnoser's own ``<textarea>`` (its width, font and wrapping; the engine's
    worker is not started, so nothing else runs in the page), text of 50 KB
    to 2 MB (bounce-report lines, repeated) is put in the box and the layout forced (``value`` set,
    then ``scrollHeight`` read), timed inside the page; then the time to the next frame (layout, paint
    and commit of what is visible). Each size in a new page, medians over the runs, also as ratios to
    the 50 KB case. Then a real Ctrl+V of the same text (the longest main-thread task, up to the
    next frame): below the threshold the text goes into the box, above it the chip. This curve sets ``INLINE_PASTE_MAX`` in docs/assets/js/atlas.js: pastes above it
    never reach the box.
(b) Big paste and drop. A real Ctrl+V of 10.8 MB from the system clipboard, and a drop of the same
    text on the box (a ``drop`` event carrying a DataTransfer); the longest main-thread task
    (PerformanceObserver ``longtask``, from the key press or the drop until the size refusal is shown)
    per run, median and range. Target of issue 10: no task longer than 100 ms.
"""

from __future__ import annotations

import statistics
from typing import Any

LAYOUT_KB = (50, 64, 100, 200, 400, 800, 2048)  # 64 KB: INLINE_PASTE_MAX, the biggest paste laid out in the box
BIG_TEXT = "550 5.1.1 <user@example.org>: Recipient address rejected: User unknown in virtual mailbox table\n"
BIG_CHARS = 10_800_000

# Set the text, force the layout, then wait for the next frame to be produced.
LAYOUT = """async (text) => {
  const box = document.querySelector("[data-testid=ndr-input]");
  const started = performance.now();
  box.value = text;
  void box.scrollHeight;
  const layout = performance.now() - started;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return { layout, frame: performance.now() - started };
}"""

WATCH = """() => { window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
    .observe({ type: "longtask" }); }"""
WORST = "() => Math.max(0, ...window.__longTasks)"
REFUSED = "[data-testid=message]"


def report_text(size: int) -> str:
    return (BIG_TEXT * (size // len(BIG_TEXT) + 1))[:size]


def quiet_page(browser: Any, base: str) -> Any:
    """The diagnoser in a new context allowed to use the clipboard, its engine worker not started."""
    page = browser.new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    page.route("**/diagnoser-worker.mjs", lambda route: route.abort())  # nothing else runs beside the measure
    page.goto(base + "diagnose/")
    page.wait_for_selector("[data-testid=ndr-input]")
    return page


def real_paste_worst(page: Any, text: str) -> float:
    """The longest main-thread task of a real Ctrl+V of ``text`` into the box, up to the next frames."""
    page.evaluate("(t) => navigator.clipboard.writeText(t)", text)
    page.focus("[data-testid=ndr-input]")
    page.evaluate(WATCH)
    page.keyboard.press("Control+V")
    page.wait_for_function(
        "(n) => document.querySelector('[data-testid=ndr-input]').value.length >= n"
        " || !document.querySelector('[data-testid=paste-chip]').hidden",
        arg=len(text) // 2,
        timeout=60_000,
    )
    page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)))")
    return float(page.evaluate(WORST))


def layout_curve(browser: Any, base: str, runs: int) -> dict[str, Any]:
    layout: dict[int, list[float]] = {kb: [] for kb in LAYOUT_KB}
    frame: dict[int, list[float]] = {kb: [] for kb in LAYOUT_KB}
    pasted: dict[int, list[float]] = {kb: [] for kb in LAYOUT_KB}
    for _ in range(runs):
        for kb in LAYOUT_KB:
            page = quiet_page(browser, base)
            timing = page.evaluate(LAYOUT, report_text(kb * 1024))
            layout[kb].append(float(timing["layout"]))
            frame[kb].append(float(timing["frame"]))
            page.context.close()
            page = quiet_page(browser, base)
            pasted[kb].append(real_paste_worst(page, report_text(kb * 1024)))
            page.context.close()
    base_ms = statistics.median(layout[LAYOUT_KB[0]]) or 1.0
    return {
        str(kb): {
            "layout_ms": statistics.median(layout[kb]),
            "frame_ms": statistics.median(frame[kb]),
            "ratio": statistics.median(layout[kb]) / base_ms,
            "runs_layout_ms": layout[kb],
            "paste_worst_task_ms": statistics.median(pasted[kb]),
            "runs_paste_worst_task_ms": pasted[kb],
        }
        for kb in LAYOUT_KB
    }


def worst_task(browser: Any, base: str, how: str) -> float:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base + "diagnose/")
    page.wait_for_selector("[data-testid=ndr-input]")
    text = report_text(BIG_CHARS)
    if how == "paste":
        page.evaluate("(t) => navigator.clipboard.writeText(t)", text)
        page.focus("[data-testid=ndr-input]")
        page.evaluate(WATCH)
        page.keyboard.press("Control+V")
    else:
        carried = page.evaluate_handle("(t) => { const d = new DataTransfer(); d.setData('text/plain', t); return d; }", text)
        page.evaluate(WATCH)
        page.dispatch_event("[data-testid=ndr-input]", "drop", {"dataTransfer": carried})
    page.wait_for_selector(REFUSED, timeout=60_000)
    page.wait_for_timeout(300)  # tasks that follow the refusal (layout, paint) are counted too
    worst = float(page.evaluate(WORST))
    context.close()
    return worst


def bench_paste(playwright: Any, base: str, executable: str, args: list[str], runs: int) -> dict[str, Any]:
    browser = playwright.chromium.launch(executable_path=executable, args=args)
    try:
        curve = layout_curve(browser, base, runs)
        big: dict[str, Any] = {}
        for how in ("paste", "drop"):
            worst = [worst_task(browser, base, how) for _ in range(runs)]
            big[how] = {"worst_task_ms": worst, "median_ms": statistics.median(worst), "min_ms": min(worst), "max_ms": max(worst)}
    finally:
        browser.close()
    return {"runs": runs, "layout": curve, "big_chars": BIG_CHARS, "big": big}


def summary_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    section = report.get("paste")
    if not section:
        return []
    if section.get("skipped"):
        return [("Big pastes", "skipped: " + section["skipped"])]
    rows = [("Text in the box: set + layout (to next frame); real paste's longest task", f"{section['runs']} runs, medians")]
    for kb, row in section["layout"].items():
        rows.append(
            (
                f"  {kb} KB",
                f"{row['layout_ms']:.0f} ms ({row['frame_ms']:.0f} ms), {row['ratio']:.1f}x the {LAYOUT_KB[0]} KB case; "
                f"paste {row['paste_worst_task_ms']:.0f} ms",
            )
        )
    for how, row in section["big"].items():
        rows.append(
            (
                f"{section['big_chars'] / 1e6:.1f} MB {how}: longest main-thread task",
                f"{row['median_ms']:.0f} ms  (range {row['min_ms']:.0f}-{row['max_ms']:.0f}, target < 100 ms)",
            )
        )
    return rows
