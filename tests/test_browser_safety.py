"""Privacy, hostile input, offline use, accessibility and keyboard use, in real Chromium."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from diagnoser_page import (
    BOOT_MS,
    CHARS_BEFORE_LINE_BREAKS,
    WATCH_LONG_TASKS,
    WORST_LONG_TASK,
    clipboard_page,
    diagnose_text,
    open_diagnoser,
    real_paste,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

# Each payload tries to run code; a run would set window.__xss or open a dialog.
XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<a href="javascript:window.__xss=1" id=xsslink>x</a>',
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<video><source onerror=window.__xss=1></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    '"><img src=x onerror=window.__xss=1>',
    "'><svg/onload=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    '<object data="javascript:window.__xss=1"></object>',
    '<embed src="javascript:window.__xss=1">',
    "<style>@import 'javascript:window.__xss=1'</style>",
    "<marquee onstart=window.__xss=1>",
    "<form><button formaction=javascript:window.__xss=1>x</button></form>",
    '<base href="javascript:window.__xss=1//">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    "{{constructor.constructor('window.__xss=1')()}}",
    '<img src="x" onerror="alert(document.domain)">',
]


def xss_inputs(payload: str) -> list[str]:
    """The payload in the recipient, in the diagnostic text, in headers and in an HTML body."""
    return [
        f"Delivery has failed to these recipients or groups:\n\n{payload}@example.org\n\nRemote Server returned '550 5.1.1 {payload} not found'",
        f"450 4.4.316 Connection refused [LastAttemptedServerName={payload}]",
        f"From: MAILER-DAEMON@example.org\nSubject: Undeliverable: {payload}\nMIME-Version: 1.0\nContent-Type: text/html\n\n"
        f"<html><body><p>{payload}</p><p>Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; {payload}'</p></body></html>",
    ]


def test_nothing_leaves_the_browser(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    base_url, server_log = site_server
    marker = "MARKER-7f3a9c-private-payload"
    context = browser.new_context()
    requests: list[tuple[str, str]] = []
    context.on("request", lambda r: requests.append((r.url, r.post_data or "")))
    page = context.new_page()
    page.on("request", lambda r: requests.append((r.url, r.post_data or "")))
    server_log.clear()
    for path in ("", "codes/4.4.316/", "it/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    open_diagnoser(page, base_url + "diagnose/")
    sample = (FIXTURES / "ndr-en-outlook-paste.txt").read_text().replace("lee.gu@contoso.com", f"{marker}@contoso.com")
    diagnose_text(page, sample)
    assert marker in page.locator("[data-testid=diagnosis]").inner_text()
    page.wait_for_timeout(1000)
    origins = {f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" for url, _ in requests if not url.startswith(("data:", "blob:"))}
    assert origins == {base_url.split("/ndr-atlas/")[0]}
    assert not [url for url, body in requests if marker in url or marker in body]
    assert not [path for path in server_log if marker in path]
    assert len(requests) > 20
    print(f"privacy: {len(requests)} requests observed, {len(origins)} origin, marker in none")
    context.close()


def test_privacy_note_is_next_to_the_box(page, base_url) -> None:  # type: ignore[no-untyped-def]
    for path, words in (("diagnose/", "Nothing you paste"), ("it/diagnose/", "Nulla di ciò che incollate")):
        page.goto(base_url + path)
        assert words in page.locator("[data-testid=privacy-note]").inner_text()


def test_share_link_holds_no_address_host_or_text(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    marker = "MARKER-5e1c-private"
    sample = (FIXTURES / "ndr-en-outlook-paste.txt").read_text()
    sample = sample.replace("lee.gu", marker.lower()).replace("fabrikam", "markerhost5e1c").replace("not found", f"not found {marker}")
    page = browser.new_context().new_page()
    open_diagnoser(page, base_url + "diagnose/")
    diagnose_text(page, sample)
    assert marker.lower() in page.locator("[data-testid=diagnosis]").inner_text().lower()
    original = page.locator("[data-testid=result]").evaluate_all(
        "cards => cards.map(c => [c.dataset.status, c.dataset.reason, c.querySelector('h3').innerText])"
    )
    link = page.locator("[data-testid=share-link]").get_attribute("href")
    assert link.startswith(base_url + "diagnose/#r=")
    fragment = link.split("#", 1)[1]
    assert re.fullmatch(r"r=[0-9A-Za-z.~:,-]+", fragment), fragment
    assert "marker" not in link.lower() and "@" not in link and "contoso" not in link
    # The link reopens the same result (codes, reasons, titles) in a browser that never saw the report.
    other = browser.new_context().new_page()
    other.goto(link)
    other.wait_for_selector("[data-testid=diagnosis][data-described]", state="attached", timeout=BOOT_MS)
    reopened = other.locator("[data-testid=result]").evaluate_all(
        "cards => cards.map(c => [c.dataset.status, c.dataset.reason, c.querySelector('h3').innerText])"
    )
    assert reopened == original
    assert "marker" not in other.content().lower()
    page.context.close()
    other.context.close()


def test_csp_is_on_every_page(built_site: Path) -> None:
    for page in list(built_site.glob("**/index.html"))[:400]:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # alias redirects carry no script at all
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert csp, page
        policy = csp.group(1)
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "http" not in policy
        assert "'unsafe-inline'" not in policy.split("style-src")[0] and "inline-script-hashes" not in policy
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)
        assert policy.count("'sha256-") >= len(set(inline)) > 0


def test_xss_payloads_stay_text(page, base_url) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_diagnoser(page, base_url + "diagnose/")
    tried = 0
    for payload in XSS_PAYLOADS:
        for text in xss_inputs(payload):
            diagnose_text(page, text)
            tried += 1
            state = page.evaluate(
                "() => ({xss: window.__xss, injected: document.querySelectorAll('.ndr-results script, .ndr-results img, .ndr-results svg, "
                ".ndr-results iframe, #xsslink, .ndr-results object, .ndr-results embed').length})"
            )
            assert state == {"xss": None, "injected": 0}, (payload, text)
    assert "<script>window.__xss=1</script>" in page.locator("[data-testid=diagnosis]").inner_text() or tried
    page.wait_for_timeout(500)
    assert dialogs == [] and page.evaluate("window.__xss") is None
    print(f"xss: {len(XSS_PAYLOADS)} payloads in {tried} inputs, none executed")


def test_hostile_file_name_is_text(page, base_url) -> None:  # type: ignore[no-untyped-def]
    open_diagnoser(page, base_url + "diagnose/")
    eml = (FIXTURES / "dsn-postfix.eml").read_text()
    handle = page.evaluate_handle(
        """(text) => { const dt = new DataTransfer();
           dt.items.add(new File([text], "<img src=x onerror=window.__xss=1>.eml"));
           dt.items.add(new File([text], "<svg onload=window.__xss=1>.eml")); return dt; }""",
        eml,
    )
    page.dispatch_event("[data-testid=drop-zone]", "drop", {"dataTransfer": handle})
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=30_000)
    assert "<img src=x onerror=window.__xss=1>.eml" in page.locator("[data-testid=diagnosis]").inner_text()
    assert page.locator("[data-testid=summary]").count() == 1
    assert page.evaluate("window.__xss") is None


TEN_MB_REFUSAL = {
    "diagnose/": (r"10\.\d MB pasted", r"is 10\.\d MB; the diagnoser reads inputs up to 5 MB"),
    "it/diagnose/": (r"10,\d MB incollati", r"pesa 10,\d MB; il diagnostico legge input fino a 5 MB"),
}


@pytest.mark.parametrize("path", list(TEN_MB_REFUSAL))
def test_ten_megabyte_paste_never_freezes_the_page(browser, base_url, path: str) -> None:  # type: ignore[no-untyped-def]
    page = clipboard_page(browser)
    chip_words, refusal_words = TEN_MB_REFUSAL[path]
    open_diagnoser(page, base_url + path)
    real_paste(page, "550 5.1.1 x " * 900_000)
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=60_000)
    worst = page.evaluate(WORST_LONG_TASK)
    print(f"paste 10 MB ({path}): worst main-thread task {worst:.0f} ms")
    # The text never reached the box: a chip stands for it, and the size refusal is shown at once.
    assert page.locator("[data-testid=ndr-input]").evaluate("(box) => box.value.length") == 0
    assert re.fullmatch(chip_words, page.locator("[data-testid=paste-chip-label]").inner_text())
    assert re.search(refusal_words, page.locator("[data-testid=message]").inner_text())
    assert worst < 1000, f"the page froze for {worst:.0f} ms"
    # Removing the chip gives the empty box back, ready for the next paste.
    page.click("[data-testid=paste-chip-remove]")
    assert page.locator("[data-testid=paste-chip]").is_hidden() and page.locator("[data-testid=ndr-input]").is_visible()
    page.context.close()


@pytest.mark.parametrize("path", list(TEN_MB_REFUSAL))
def test_ten_megabyte_drop_never_freezes_the_page(browser, base_url, path: str) -> None:  # type: ignore[no-untyped-def]
    page = clipboard_page(browser)
    chip_words, refusal_words = TEN_MB_REFUSAL[path]
    open_diagnoser(page, base_url + path)
    carried = page.evaluate_handle(
        "(t) => { const d = new DataTransfer(); d.setData('text/plain', t); return d; }", "550 5.1.1 x " * 900_000
    )
    page.evaluate(WATCH_LONG_TASKS)
    page.dispatch_event("[data-testid=ndr-input]", "drop", {"dataTransfer": carried})
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=60_000)
    worst = page.evaluate(WORST_LONG_TASK)
    print(f"drop 10 MB ({path}): worst main-thread task {worst:.0f} ms")
    assert page.locator("[data-testid=ndr-input]").evaluate("(box) => box.value.length") == 0
    assert re.fullmatch(chip_words, page.locator("[data-testid=paste-chip-label]").inner_text())
    assert re.search(refusal_words, page.locator("[data-testid=message]").inner_text())
    assert worst < 1000, f"the page froze for {worst:.0f} ms"
    page.context.close()


def test_small_paste_goes_into_the_box_and_is_diagnosed(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    page = clipboard_page(browser)
    open_diagnoser(page, base_url + "diagnose/")
    text = (FIXTURES / "message-trace-lines.txt").read_text()
    real_paste(page, text)
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=30_000)
    assert page.locator("[data-testid=ndr-input]").input_value() == text  # shown and editable, as before
    assert page.locator("[data-testid=paste-chip]").is_hidden()
    assert page.locator("[data-testid=result]").get_attribute("data-status") == "4.4.316"
    # Undo gives the empty box back, redo the text.
    page.focus("[data-testid=ndr-input]")
    page.keyboard.press("Control+Z")
    assert page.locator("[data-testid=ndr-input]").input_value() == ""
    page.keyboard.press("Control+Shift+Z")
    assert page.locator("[data-testid=ndr-input]").input_value() == text
    page.context.close()


PASTE_UNREAD = {
    "diagnose/": "The browser did not pass on the pasted text",
    "it/diagnose/": "Il browser non ha trasmesso il testo incollato",
}


@pytest.mark.parametrize("path", list(PASTE_UNREAD))
def test_a_paste_the_browser_does_not_hand_over_is_said_and_the_next_one_works(browser, base_url, path: str) -> None:  # type: ignore[no-untyped-def]
    """A browser that refuses the clipboard read after the paste event (one asking for a permission
    the user refused): the page says so, and the next paste is read in the event, as before."""
    page = clipboard_page(browser)
    page.add_init_script("Clipboard.prototype.readText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));")
    open_diagnoser(page, base_url + path)
    text = (FIXTURES / "message-trace-lines.txt").read_text()
    real_paste(page, text)
    page.wait_for_selector("[data-testid=message]", timeout=10_000)
    assert PASTE_UNREAD[path] in page.locator("[data-testid=message]").inner_text()
    assert page.locator("[data-testid=ndr-input]").input_value() == ""
    real_paste(page, text)
    page.wait_for_selector("[data-testid=result]", timeout=30_000)
    assert page.locator("[data-testid=ndr-input]").input_value() == text
    page.context.close()


def test_without_the_asynchronous_clipboard_pastes_work_as_before(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    """No navigator.clipboard.readText (an older browser, a page not served over HTTPS): the paste is
    read in the event; small texts go into the box natively, big ones still never reach it."""
    page = clipboard_page(browser)
    page.add_init_script("delete Clipboard.prototype.readText;")
    open_diagnoser(page, base_url + "diagnose/")
    text = (FIXTURES / "message-trace-lines.txt").read_text()
    real_paste(page, text)
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=30_000)
    assert page.locator("[data-testid=ndr-input]").input_value() == text
    page.focus("[data-testid=ndr-input]")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    real_paste(page, "550 5.1.1 x " * 900_000)
    page.wait_for_selector("[data-testid=message]", timeout=60_000)
    worst = page.evaluate(WORST_LONG_TASK)
    print(f"paste 10 MB read in the event: worst main-thread task {worst:.0f} ms")
    assert page.locator("[data-testid=ndr-input]").evaluate("(box) => box.value.length") == 0
    assert re.fullmatch(r"10\.\d MB pasted", page.locator("[data-testid=paste-chip-label]").inner_text())
    assert worst < 1000, f"the page froze for {worst:.0f} ms"
    page.context.close()


def test_small_paste_lands_at_the_caret_and_typing_goes_on(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    page = clipboard_page(browser)
    open_diagnoser(page, base_url + "diagnose/")
    box = page.locator("[data-testid=ndr-input]")
    box.click()
    page.keyboard.type("550 5.1.1 not found")
    for _ in range(len(" not found")):
        page.keyboard.press("ArrowLeft")
    real_paste(page, " RESOLVER.ADR.RecipNotFound;\r\n")  # Windows line end, kept as the box keeps it
    # The page reads the paste with the asynchronous clipboard API: it lands a moment after the key
    # press (later on a busy machine, e.g. while the service worker precaches the engine).
    pasted = "550 5.1.1 RESOLVER.ADR.RecipNotFound;\n not found"
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("(v) => document.querySelector('[data-testid=ndr-input]').value === v", arg=pasted, timeout=10_000)
    assert box.input_value() == pasted
    page.keyboard.type("!")  # the caret is right after the pasted text
    assert box.input_value() == "550 5.1.1 RESOLVER.ADR.RecipNotFound;\n! not found"
    page.keyboard.press("Control+Z")
    assert box.input_value() == "550 5.1.1 RESOLVER.ADR.RecipNotFound;\n not found"
    page.keyboard.press("Control+Z")
    assert box.input_value() == "550 5.1.1 not found"
    # A short paste keeps the browser's own undo history whole: what was typed before it undoes too.
    for _ in range(5):
        page.keyboard.press("Control+Z")
    assert box.input_value() == ""
    # A paste into a box that already had text waits for a click, as before.
    assert page.locator("[data-testid=diagnosis]").get_attribute("data-state") == "ready"
    page.context.close()


BIG_REPORT = "From: MAILER-DAEMON@example.org\nSubject: Undeliverable\nMIME-Version: 1.0\nContent-Type: text/plain\n\n" + (
    "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found' user@example.org\n" * 52_000
)


def test_large_paste_is_diagnosed_in_the_worker_and_cancel_restarts(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    page = clipboard_page(browser)
    open_diagnoser(page, base_url + "diagnose/")
    real_paste(page, BIG_REPORT)  # 4.7 MB: under the limit, so it goes straight to the worker
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=120_000)
    worst = page.evaluate(WORST_LONG_TASK)
    print(f"size: {len(BIG_REPORT) / 1e6:.1f} MB pasted and diagnosed, worst main-thread task {worst:.0f} ms")
    assert re.fullmatch(r"4\.\d MB pasted", page.locator("[data-testid=paste-chip-label]").inner_text())
    assert page.locator("[data-testid=result]").count() >= 1
    assert worst < 1000, f"the page froze for {worst:.0f} ms"
    # Cancel: a long run is stopped by restarting the worker; the diagnoser comes back ready. Both
    # clicks happen in one task of the page: the run is under way (Cancel shows) and cannot finish
    # between them, as it could between two clicks sent one by one from a loaded test machine.
    was_running = page.evaluate(
        """() => {
            document.querySelector("[data-testid=diagnose]").click();
            const cancel = document.querySelector("[data-testid=cancel]");
            const running = !cancel.hidden;
            cancel.click();
            return running;
        }"""
    )
    assert was_running
    assert "Cancelled" in page.locator("[data-testid=message]").inner_text()
    page.wait_for_selector("[data-testid=diagnose]:not([disabled])", timeout=BOOT_MS)
    page.click("[data-testid=paste-chip-remove]")
    diagnose_text(page, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found")
    assert page.locator("[data-testid=result]").count() == 1
    page.context.close()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("", "Nothing to diagnose yet"),
        ("\x7fELF\x02\x01\x01" + "\x00" * 300, "binary"),
        (
            'Content-Type: multipart/report; boundary="x"\nMIME-Version: 1.0\n\n--x\nContent-Type: message/delivery-status\n\nFinal-Rec',
            "No delivery failure found",
        ),
    ],
)
def test_broken_input_gets_a_clear_message(page, base_url, data: str, words: str) -> None:  # type: ignore[no-untyped-def]
    open_diagnoser(page, base_url + "diagnose/")
    page.evaluate("(t) => { document.querySelector('[data-testid=ndr-input]').value = t; }", data)
    page.click("[data-testid=diagnose]")
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=30_000)
    message = page.locator("[data-testid=message]").inner_text()
    assert words in message and "Traceback" not in message


def test_offline_after_one_visit(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    open_diagnoser(page, base_url + "diagnose/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function(
        "async () => { const keys = await caches.keys(); for (const k of keys) { const c = await caches.open(k);"
        " if (await c.match(new URL('../pyodide/pyodide.asm.wasm', location.href))) return true; } return false; }",
        timeout=60_000,
    )
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=BOOT_MS)
    assert page.locator("[data-testid=diagnosis]").get_attribute("data-engine") == "snapshot"  # precached too
    diagnose_text(page, (FIXTURES / "message-trace-lines.txt").read_text())
    assert page.locator("[data-testid=result]").get_attribute("data-status") == "4.4.316"
    page.goto(base_url + "it/diagnose/")
    page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=BOOT_MS)
    # The log pages too: the page, its worker, the readers' bundle and Pyodide all come from the cache.
    for logs_page in ("logs/", "it/logs/"):
        page.goto(base_url + logs_page)
        page.wait_for_selector("[data-testid=log-results][data-state=ready]", state="attached", timeout=BOOT_MS)
    page.set_input_files("[data-testid=log-file-input]", str(FIXTURES / "logs" / "postfix-syslog.log"))
    page.wait_for_selector("[data-testid=log-results][data-state=done]", state="attached", timeout=BOOT_MS)
    assert page.locator("[data-testid=log-row]").count() >= 1
    context.close()


def test_localized_404(page, base_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "it/404.html")
    assert "Pagina non trovata" in page.locator("h1").inner_text()
    page.goto(base_url + "404.html")
    assert "Page not found" in page.locator("h1").inner_text()
    assert "Pagina non trovata" in page.locator("[data-testid='404-it']").inner_text()


# Elements a screen reader speaks when their text changes (an explicit aria-live, or a role that implies one).
LIVE_REGIONS = """(root) => [...document.querySelector(root).querySelectorAll('[aria-live], [role=status], [role=alert], [role=log]')]
  .filter((e) => e.getAttribute('aria-live') !== 'off' && e.textContent.trim()).map((e) => e.textContent.trim())"""


@pytest.mark.parametrize(
    ("path", "announced"),
    [
        ("", "0 failed recipients found. 1 delayed: the sending server is still retrying."),
        ("it/", "Nessun destinatario non raggiunto. 1 con recapito ritardato: il server di invio sta ancora riprovando."),
    ],
)
def test_keyboard_only_and_announced(page, base_url, path: str, announced: str) -> None:  # type: ignore[no-untyped-def]
    """The result is announced once, in the page's language: by the status line. The results region
    was a live region too, so a screen reader read the count from the status line and then the whole
    results (their own count first) again."""
    open_diagnoser(page, base_url + path + "diagnose/")
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.dataset.testid") == "ndr-input":
            break
    else:
        pytest.fail("the text box cannot be reached with Tab")
    page.keyboard.insert_text((FIXTURES / "message-trace-lines.txt").read_text())
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "diagnose":
            break
    else:
        pytest.fail("the Diagnose button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=30_000)
    assert page.locator("[data-testid=result]").count() == 1
    assert page.locator("[data-testid=diagnosis]").get_attribute("aria-live") is None
    assert page.locator("[data-testid=engine-status]").get_attribute("role") == "status"
    assert page.evaluate(LIVE_REGIONS, "[data-ndr-diagnoser]") == [announced]


@pytest.mark.parametrize(("path", "note"), [("", "No delivery failure found."), ("it/", "Nessun errore di recapito trovato.")])
def test_an_input_with_no_failure_announces_what_it_is(page, base_url, path: str, note: str) -> None:  # type: ignore[no-untyped-def]
    """The status line, the one thing announced, says what was pasted and what to paste instead
    (the note shown in the results), not "0 failed recipients found." alone."""
    open_diagnoser(page, base_url + path + "diagnose/")
    diagnose_text(page, (FIXTURES / "not-a-bounce.txt").read_text())
    shown = page.locator("[data-testid=diagnosis] [data-testid=message]").inner_text()
    assert shown.startswith(note)
    assert page.evaluate(LIVE_REGIONS, "[data-ndr-diagnoser]") == [page.locator("[data-testid=engine-status]").text_content().strip()]
    assert shown.startswith(page.locator("[data-testid=engine-status]").text_content().strip())
    # Announced, but not shown a second time above the same note.
    box = page.locator("[data-testid=engine-status]").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1
    # A bounce pasted next: its count is announced, and shown once, as the results' first line.
    diagnose_text(page, (FIXTURES / "dsn-postfix.eml").read_text())
    status = page.locator("[data-testid=engine-status]").text_content().strip()
    assert page.locator("[data-testid=diagnosis] .ndr-found").inner_text().startswith(status)
    box = page.locator("[data-testid=engine-status]").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1


@pytest.mark.parametrize(("path", "found"), [("", "1 failed recipient found."), ("it/", "Trovato 1 destinatario non raggiunto.")])
def test_a_count_of_failures_is_shown_once(page, base_url, path: str, found: str) -> None:  # type: ignore[no-untyped-def]
    """With failures found, the count was shown twice, beside the button and as the results' first
    line: the status line still announces it (the one live region) but is visually hidden, as with
    no failure. So is a message that is the results' only line (an empty box)."""
    open_diagnoser(page, base_url + path + "diagnose/")
    diagnose_text(page, (FIXTURES / "dsn-postfix.eml").read_text())
    assert page.locator("[data-testid=result]").count() == 1
    assert page.evaluate(LIVE_REGIONS, "[data-ndr-diagnoser]") == [found]
    assert page.locator("[data-testid=diagnosis] .ndr-found").inner_text().startswith(found + " ")
    box = page.locator("[data-testid=engine-status]").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1
    visible = page.evaluate(
        """(text) => [...document.querySelectorAll('[data-ndr-diagnoser] *')].filter((e) => e.children.length === 0
             && e.textContent.includes(text) && e.getBoundingClientRect().width > 1).length""",
        found,
    )
    assert visible == 1
    # An empty box: its message is the results' one line, announced and not shown twice either.
    page.evaluate("() => { document.querySelector('[data-testid=ndr-input]').value = ''; }")
    page.click("[data-testid=diagnose]")
    message = page.locator("[data-testid=diagnosis] [data-testid=message]").inner_text()
    assert message == page.locator("[data-testid=engine-status]").text_content()
    box = page.locator("[data-testid=engine-status]").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1


# A Postfix bounce to a long address at a long host name (our own names).
LONG_NAMES_BOUNCE = """This is the mail system at host relay.studio-associato.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<amministrazione.contabilita.fornitori@gruppo-industriale-meridionale.example.it>: host \
mx01.posta-certificata.gruppo-industriale-meridionale.example.it[198.51.100.23] said: 550 5.1.1 \
<amministrazione.contabilita.fornitori@gruppo-industriale-meridionale.example.it>: Recipient address \
rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_long_addresses_and_hosts_wrap_after_at_and_dots(browser, base_url, width: int) -> None:  # type: ignore[no-untyped-def]
    """At 390 px a long recipient and remote host wrapped mid-word (overflow-wrap: anywhere alone):
    they now wrap after an "@" or a "." (a <wbr> there), the page never scrolls sideways, and their
    text (what is copied) is unchanged."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    open_diagnoser(page, base_url + "diagnose/")
    diagnose_text(page, LONG_NAMES_BOUNCE)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    recipient = page.locator("[data-testid=recipient]")
    host = page.locator("[data-testid=remote-host]")
    assert recipient.text_content() == "amministrazione.contabilita.fornitori@gruppo-industriale-meridionale.example.it"
    assert host.text_content() == "mx01.posta-certificata.gruppo-industriale-meridionale.example.it"
    for element in (recipient, host, page.locator("[data-testid=diagnostic]")):
        breaks = element.evaluate(CHARS_BEFORE_LINE_BREAKS)
        assert set(breaks) <= {"@", ".", "-", " "}, (element.text_content(), breaks)
        if width == 390 and element is not host:
            assert breaks  # long enough to wrap on a phone: the test sees real breaks
    assert "<wbr>" in recipient.inner_html() and "<wbr>" in page.locator("[data-testid=diagnostic]").inner_html()
    page.close()


AXE_PAGES = ["", "codes/", "codes/4.4.316/", "diagnose/", "it/", "it/codes/", "it/codes/4.4.316/", "it/diagnose/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(browser, base_url, scheme) -> None:  # type: ignore[no-untyped-def]
    """In the light and the dark scheme (the site follows the system's setting)."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in AXE_PAGES:
        page.goto(base_url + path)
        if "diagnose" in path:
            page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=BOOT_MS)
            diagnose_text(page, (FIXTURES / "ndr-en-outlook-paste.txt").read_text())
        page.evaluate(AXE.read_text(encoding="utf-8"))  # through DevTools: the page's CSP rightly forbids injected scripts
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result if v["impact"] in ("serious", "critical")]
        found[path] = serious
    context.close()
    print(f"axe ({scheme}):", json.dumps(found))
    assert all(not v for v in found.values()), found
