"""End to end in Debian's Chromium (Playwright), the site served under a sub-path like GitHub Pages."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from diagnoser_page import BOOT_MS, clipboard_page, diagnose_text, open_diagnoser, real_paste

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures"


def test_english_ndr_to_fix_page(page, base_url) -> None:  # type: ignore[no-untyped-def]
    open_diagnoser(page, base_url + "diagnose/")
    assert page.locator("[data-testid=diagnosis]").get_attribute("data-engine") == "snapshot"  # the fast start
    diagnose_text(page, (FIXTURES / "ndr-en-outlook-paste.txt").read_text())
    results = page.locator("[data-testid=result]")
    assert results.count() == 2
    assert [results.nth(i).get_attribute("data-status") for i in range(2)] == ["5.4.316", "5.1.1"]
    first = results.nth(0)
    assert first.locator("[data-testid=recipient]").inner_text() == "alex.wilber@fabrikam.com"
    assert "Connection refused" in first.inner_text()
    assert first.locator("[data-testid=remote-host]").inner_text() == "mail.fabrikam.com"
    first.locator("a[data-testid=fix-link]").click()
    page.wait_for_url(re.compile(r"/ndr-atlas/codes/4\.4\.316/$"))
    page.wait_for_selector("h1:has-text('4.4.316')")  # instant navigation swaps the content after the URL
    assert page.locator("html").get_attribute("lang") == "en"
    assert "What the admin can do" in page.content()


def test_italian_ndr_to_italian_fix_page(page, base_url) -> None:  # type: ignore[no-untyped-def]
    open_diagnoser(page, base_url + "it/diagnose/")
    # Italian writes a decimal comma: "avviato in 0,8 s", not "0.8 s".
    assert re.search(r"avviato in \d+,\d s\.", page.locator("[data-testid=engine-status]").inner_text())
    diagnose_text(page, (FIXTURES / "ndr-it-outlook-paste.txt").read_text())
    results = page.locator("[data-testid=result]")
    assert [results.nth(i).get_attribute("data-status") for i in range(results.count())] == ["5.4.316", "5.4.312"]
    assert "Connessione rifiutata" in results.nth(0).inner_text()
    assert "Destinatario" in results.nth(0).inner_text()
    results.nth(1).locator("a[data-testid=fix-link]").click()
    page.wait_for_url(re.compile(r"/ndr-atlas/it/codes/4\.4\.312/$"))
    page.wait_for_selector("h1:has-text('4.4.312')")
    assert page.locator("html").get_attribute("lang") == "it"
    assert "Cosa può fare l'amministratore" in page.content()


def test_message_trace_line_and_not_a_bounce(page, base_url) -> None:  # type: ignore[no-untyped-def]
    open_diagnoser(page, base_url + "diagnose/")
    diagnose_text(page, (FIXTURES / "message-trace-lines.txt").read_text())
    result = page.locator("[data-testid=result]")
    assert result.get_attribute("data-status") == "4.4.316"
    assert result.locator("a[data-testid=fix-link]").get_attribute("href").endswith("/ndr-atlas/codes/4.4.316/")
    diagnose_text(page, (FIXTURES / "not-a-bounce.txt").read_text())
    assert page.locator("[data-testid=result]").count() == 0
    assert "No delivery failure found" in page.locator("[data-testid=message]").inner_text()
    # The link to the catalog is a sentence of its own, not a lowercase fragment after the note.
    assert page.locator("[data-testid=message]").inner_text().endswith('"550 5.1.1 ...". Or browse the catalog of error codes.')
    # A report's words without its details: the page says what to paste instead.
    diagnose_text(page, "This message could not be delivered.\n")
    assert page.locator("[data-testid=result]").count() == 0
    assert "Drop the report itself here" in page.locator("[data-testid=message]").inner_text()


def test_dropped_eml_file(page, base_url) -> None:  # type: ignore[no-untyped-def]
    open_diagnoser(page, base_url + "diagnose/")
    eml = (FIXTURES / "dsn-postfix.eml").read_text()
    handle = page.evaluate_handle(
        """(text) => { const dt = new DataTransfer(); dt.items.add(new File([text], "bounce.eml", {type: "message/rfc822"})); return dt; }""",
        eml,
    )
    page.dispatch_event("[data-testid=drop-zone]", "drop", {"dataTransfer": handle})
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=30_000)
    result = page.locator("[data-testid=result]")
    assert result.get_attribute("data-status") == "5.4.316"
    assert result.locator("[data-testid=recipient]").inner_text() == "mario.rossi@example.net"
    assert result.locator("[data-testid=smtp-command]").inner_text() == "DATA"  # "(in reply to end of DATA command)"


def test_language_switch_stays_on_page(page, base_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "diagnose/")
    page.click("nav.md-nav--primary a[href$='codes/']")  # instant navigation: the header stays
    page.wait_for_selector("h1:has-text('Error codes')")
    page.click("a[href$='4.4.316/']")
    page.wait_for_selector("h1:has-text('4.4.316')")
    page.hover(".md-header .md-select")
    page.click("a[data-testid=lang-it]")
    page.wait_for_url(re.compile(r"/ndr-atlas/it/codes/4\.4\.316/$"))
    assert page.locator("html").get_attribute("lang") == "it"
    page.hover(".md-header .md-select")
    page.click("a[data-testid=lang-en]")
    page.wait_for_url(re.compile(r"/ndr-atlas/codes/4\.4\.316/$"))
    assert page.locator("html").get_attribute("lang") == "en"


def test_italian_search_finds_italian_pages(page, base_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "it/")
    page.click("input[data-md-component=search-query]")
    page.wait_for_function(SEARCH_INITIALISED, timeout=60_000)
    page.keyboard.type("rifiutata")
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    links = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert links and all("/ndr-atlas/it/" in link for link in links)
    assert any("/it/codes/4.4.316/" in link for link in links)


@pytest.mark.parametrize(
    ("path", "query", "first"),
    [
        ("", "550 5.7.1", "codes/5.7.1/"),  # lunr's prefix matches (5.7.10 … 5.7.19, 5.7.128 …) hid it
        ("", "550 5.1.1", "codes/5.1.1/"),  # behind 5.1.11-19, 550 and 5.1.10
        ("it/", "5.7.5", "it/codes/5.7.5/"),
        ("", "5.7.720", "codes/5.7.700-749/"),  # a code of a range, written nowhere else
        ("it/", "4.4.320", "it/codes/4.4.300-399/"),
    ],
)
def test_site_search_lists_the_page_of_a_typed_code_first(page, base_url, path: str, query: str, first: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + path)
    page.click("input[data-md-component=search-query]")
    page.wait_for_function(SEARCH_INITIALISED, timeout=60_000)
    # Material searches on keyup: the last key alone, so the one answer is the whole query's.
    page.fill("input[data-md-component=search-query]", query[:-1])
    page.keyboard.type(query[-1])
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    links = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href.split('?')[0])")
    assert links and links[0] == base_url + first, links[:5]


# Words admins type, and the pages that answer them: a reason's page or the code page that is that
# failure. Before, "mailbox full" put 5.1.1 above 5.2.2 and "message too large" put 5.1.1 first (a
# variant title written "<address>" left every later section of that page inside its heading in the
# search index), and "blacklisted", "relay denied" or "inoltro negato" found no reason page first.
TIMEOUT_PAGES = ("reasons/expired/", "codes/5.4.1/", "codes/4.4.1/", "codes/4.4.2/", "codes/4.4.315/", "codes/5.4.7/")
ADMIN_QUERIES = {
    "": {
        "mailbox full": ("reasons/mailboxfull/", "codes/5.2.2/"),
        "user unknown": ("reasons/userunknown/", "codes/5.1.1/"),
        "relay denied": ("reasons/norelaying/",),
        "relay access denied": ("reasons/norelaying/", "codes/5.7.64/"),
        "spf fail": ("reasons/authfailure/", "codes/5.7.23/"),
        "dmarc": ("reasons/authfailure/", "codes/5.7.26/", "codes/5.7.509/"),
        "message too large": ("reasons/mesgtoobig/", "codes/5.2.3/", "codes/5.3.4/"),
        "blocked ip": ("reasons/blocked/",),
        "blacklisted": ("reasons/blocked/",),
        "timeout": TIMEOUT_PAGES,
    },
    "it/": {
        "casella piena": ("reasons/mailboxfull/", "codes/5.2.2/"),
        "utente sconosciuto": ("reasons/userunknown/", "codes/5.1.1/"),
        "destinatario inesistente": ("reasons/userunknown/", "codes/5.1.1/"),
        "relay negato": ("reasons/norelaying/",),
        "inoltro negato": ("reasons/norelaying/",),
        "spf non superato": ("reasons/authfailure/", "codes/5.7.23/"),
        "dmarc": ("reasons/authfailure/", "codes/5.7.26/", "codes/5.7.509/"),
        "messaggio troppo grande": ("reasons/mesgtoobig/", "codes/5.2.3/", "codes/5.3.4/"),
        "ip bloccato": ("reasons/blocked/", "codes/5.7.511/"),
        "blacklist": ("reasons/blocked/",),
        "timeout": TIMEOUT_PAGES,
    },
}


@pytest.mark.parametrize("path", ["", "it/"])
def test_site_search_puts_the_right_page_first_for_admin_words(page, base_url, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + path)
    page.click("input[data-md-component=search-query]")
    page.wait_for_function(SEARCH_INITIALISED, timeout=60_000)
    wrong = {}
    for query, answers in ADMIN_QUERIES[path].items():
        page.fill("input[data-md-component=search-query]", "")
        page.keyboard.press("Backspace")  # Material searches on keyup: an empty box empties the list
        page.wait_for_selector(".md-search-result__item", state="detached", timeout=30_000)
        page.fill("input[data-md-component=search-query]", query[:-1])
        page.keyboard.type(query[-1])
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
        links = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href.split('?')[0].split('#')[0])")
        pages = list(dict.fromkeys(link.removeprefix(base_url + path) for link in links))
        if pages[0] not in answers:
            wrong[query] = pages[:3]
        if "codes/5.1.1/" in pages and "codes/5.2.2/" in answers:  # the mailbox-full page above the user-unknown one
            assert "codes/5.2.2/" in pages[: pages.index("codes/5.1.1/")], (query, pages[:5])
    assert wrong == {}


@pytest.mark.parametrize("path", ["codes/", "it/codes/"])
def test_catalog_index_fits_a_phone(browser, base_url, path: str) -> None:  # type: ignore[no-untyped-def]
    """At 390 px the tables scroll sideways in their own box; the page itself does not."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base_url + path)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.fill("[data-testid=catalog-filter]", "5.7.720")  # a code of a range: its row is found too
    visible = page.locator("[data-testid=catalog-table] tbody tr:visible td:first-child a").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert visible == ["5.7.700-749"]
    page.close()


def test_instant_navigation_keeps_one_worker(page, base_url) -> None:  # type: ignore[no-untyped-def]
    wasm_requests: list[str] = []
    page.on("request", lambda r: wasm_requests.append(r.url) if r.url.endswith("pyodide.asm.wasm") else None)
    page.goto(base_url)
    page.click("a.md-button--primary[href$='diagnose/']")
    page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=BOOT_MS)
    diagnose_text(page, (FIXTURES / "message-trace-lines.txt").read_text())
    page.click("nav.md-nav--primary a[href$='codes/']")
    page.wait_for_url(re.compile(r"/codes/$"))
    page.click("nav.md-nav--primary a[href$='diagnose/']")
    page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=BOOT_MS)
    assert page.locator("[data-testid=result]").count() == 0  # no results leak from the earlier visit
    diagnose_text(page, (FIXTURES / "ndr-en-outlook-paste.txt").read_text())
    assert page.locator("[data-testid=result]").count() == 2
    assert len(wasm_requests) == 1


def test_boot_failure_shows_error_state(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.add_init_script("window.__ndrAtlasBootTimeoutMs = 4000")
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto(base_url + "diagnose/")
    page.wait_for_selector("[data-testid=diagnosis][data-state=error]", state="attached", timeout=30_000)
    assert page.locator("[data-testid=diagnose]").is_disabled()
    status = page.locator("[data-testid=engine-status]").inner_text()
    # An aborted .wasm makes Pyodide hang (the deadline fires) or fail outright: both are shown.
    assert status.startswith(("The diagnoser did not start within 4 seconds", "The diagnoser could not start")), status
    context.close()


def test_catalog_filter_narrows_the_table(page, base_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "codes/")
    rows = page.locator("table.ndr-index tbody tr")
    total = rows.count()
    page.fill("[data-testid=catalog-filter]", "4.4.316")
    visible = page.locator("table.ndr-index tbody tr:not([hidden])")
    assert 1 <= visible.count() < total
    assert "4.4.316" in visible.first.inner_text()
    page.fill("[data-testid=catalog-filter]", "zzzz-no-such-code")
    assert page.locator("table.ndr-index tbody tr:not([hidden])").count() == 0
    assert page.locator(".ndr-filter-empty").is_visible()


def test_works_at_a_domain_root(page, root_site_url) -> None:  # type: ignore[no-untyped-def]
    open_diagnoser(page, root_site_url + "it/diagnose/")
    diagnose_text(page, (FIXTURES / "message-trace-lines.txt").read_text())
    link = page.locator("a[data-testid=fix-link]")
    assert link.get_attribute("href") == root_site_url + "it/codes/4.4.316/"
    link.click()
    page.wait_for_selector("h1:has-text('4.4.316')")
    page.hover(".md-header .md-select")
    page.click("a[data-testid=lang-en]")
    page.wait_for_url(root_site_url + "codes/4.4.316/")


def engine_manifest(site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((site / "assets" / "engine" / "manifest.json").read_text())


def broken_snapshots(site: Path) -> dict[str, tuple[str, int, bytes]]:
    """Ways a snapshot can be wrong: (URL pattern to answer, HTTP status, body)."""
    manifest = engine_manifest(site)
    real = (site / "assets" / "engine" / manifest["snapshot"]["file"]).read_bytes()
    flipped = bytearray(real)
    flipped[len(real) // 2] ^= 0xFF
    other_version = json.dumps({**manifest, "pyodide": "0.0.1"}).encode()
    other_catalog = json.dumps({**manifest, "runtime": "0123456789abcdef"}).encode()  # a snapshot of an older build
    snapshot, manifest_url = "**/assets/engine/*.snapshot.gz", "**/assets/engine/manifest.json"
    return {
        "missing": (snapshot, 404, b""),
        "truncated": (snapshot, 200, real[: len(real) // 2]),
        "corrupt": (snapshot, 200, bytes(flipped)),
        "not a snapshot": (snapshot, 200, gzip.compress(bytes(manifest["snapshot"]["raw_bytes"]))),
        "another Pyodide": (manifest_url, 200, other_version),
        "another catalog": (manifest_url, 200, other_catalog),
    }


@pytest.mark.parametrize("broken", ["missing", "truncated", "corrupt", "not a snapshot", "another Pyodide", "another catalog"])
def test_broken_snapshot_falls_back_to_a_normal_boot(browser, base_url, built_site, broken: str) -> None:  # type: ignore[no-untyped-def]
    pattern, status, body = broken_snapshots(built_site)[broken]
    context = browser.new_context()
    context.route(pattern, lambda route: route.fulfill(status=status, body=body))
    page = context.new_page()
    open_diagnoser(page, base_url + "diagnose/")
    assert page.locator("[data-testid=diagnosis]").get_attribute("data-engine") == "boot"
    diagnose_text(page, (FIXTURES / "ndr-en-outlook-paste.txt").read_text())
    assert page.locator("[data-testid=result]").count() == 2
    context.close()


# The engine-status line, every text it shows, recorded from the first script on.
RECORD_STATUS = """window.__statuses = [];
new MutationObserver(() => {
  const node = document.querySelector("[data-testid=engine-status]");
  const text = node ? node.textContent : "";
  if (text && window.__statuses[window.__statuses.length - 1] !== text) window.__statuses.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });"""


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("diagnose/", ("Downloading the diagnoser: ", "Starting Python")),
        ("it/diagnose/", ("Download del diagnostico: ", "Avvio di Python")),
    ],
)
def test_paste_while_loading_is_diagnosed_when_ready(browser, base_url, path: str, words: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = clipboard_page(browser)
    held = []
    page.context.route("**/assets/engine/*.snapshot.gz", lambda route: held.append(route))  # the engine waits until we let it go
    page.context.add_init_script(RECORD_STATUS)
    page.goto(base_url + path)
    for _ in range(300):
        if held:
            break
        page.wait_for_timeout(100)
    real_paste(page, (FIXTURES / "ndr-en-outlook-paste.txt").read_text())
    out = page.locator("[data-testid=diagnosis]")
    assert out.get_attribute("data-state") == "loading"
    assert page.locator("[data-testid=engine-status]").get_attribute("aria-live") == "polite"
    held[0].continue_()
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=BOOT_MS)  # no click
    assert page.locator("[data-testid=result]").count() == 2
    statuses = page.evaluate("window.__statuses")
    assert any(s.startswith(words[0]) for s in statuses), statuses
    assert any(s.startswith(words[1]) for s in statuses), statuses
    page.context.close()


ENGINE_FILES = re.compile(r"/pyodide/|/assets/engine/|ndr-atlas-runtime|diagnoser-worker")


def test_reference_pages_download_no_engine_until_intent(page, base_url) -> None:  # type: ignore[no-untyped-def]
    engine_requests: list[str] = []
    page.on("request", lambda r: engine_requests.append(r.url) if ENGINE_FILES.search(r.url) else None)
    for path in ("", "codes/", "codes/4.4.316/", "it/codes/5.1.1/", "reasons/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert engine_requests == []
    # Hovering a link to the diagnoser is intent: the engine starts loading.
    with page.expect_request(re.compile(r"diagnoser-worker\.mjs$"), timeout=30_000):
        page.hover("nav.md-nav--primary a[href$='diagnose/']")


@pytest.mark.parametrize(
    ("path", "fixture", "lines"),
    [
        (
            "diagnose/",
            "ndr-en-outlook-paste.txt",
            [
                "NDR Atlas diagnosis: 2 failed recipients",
                "1. alex.wilber@fabrikam.com",
                "   Status: 550 5.4.316",
                "   Reason: Delivery keeps failing: the sending server retries until its time runs out [expired]",
                "   Outcome: Permanent failure · address may still be valid (soft bounce): fix the cause and resend",
                "codes/4.4.316/",
                "   Fix: ",
            ],
        ),
        (
            "it/diagnose/",
            "ndr-it-outlook-paste.txt",
            [
                "Diagnosi NDR Atlas: 2 destinatari non raggiunti",
                "   Stato: ",
                "   Significato: ",
                "   Motivo: Il recapito continua a fallire: il server di invio riprova fino alla scadenza dei tentativi [expired]",
                "   Esito: Errore permanente · l'indirizzo può essere ancora valido (soft bounce): risolvete la causa e reinviate il messaggio",
                "   Soluzione: ",
                "/it/codes/4.4.316/",
            ],
        ),
        # A delay warning: its recipient is counted apart, not as failed.
        (
            "diagnose/",
            "formats/delayed-postfix-warning-paste.txt",
            ["NDR Atlas diagnosis: 0 failed recipients, 1 delayed (still being retried)\n", "1. info@example.com"],
        ),
        (
            "it/diagnose/",
            "formats/delayed-postfix-warning-paste.txt",
            [
                "Diagnosi NDR Atlas: nessun destinatario non raggiunto, 1 con recapito ritardato (nuovi tentativi in corso)\n",
                "1. info@example.com",
            ],
        ),
        # An application's refused send: its 4xx recipient waits for the application, not for a server's queue.
        (
            "diagnose/",
            "formats/python-smtplib-refused-several-paste.txt",
            ["NDR Atlas diagnosis: 2 failed recipients, 1 refused for now (to be sent again)\n"],
        ),
        (
            "it/diagnose/",
            "formats/python-smtplib-refused-several-paste.txt",
            ["Diagnosi NDR Atlas: 2 destinatari non raggiunti, 1 rifiutato per ora (da reinviare)\n"],
        ),
    ],
)
def test_copy_for_a_ticket(browser, base_url, path: str, fixture: str, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    page = clipboard_page(browser)
    open_diagnoser(page, base_url + path)
    diagnose_text(page, (FIXTURES / fixture).read_text())
    page.click("[data-testid=copy-ticket]")
    page.wait_for_function("() => document.querySelector('[data-testid=copy-note]').textContent !== ''")
    text = page.evaluate("() => navigator.clipboard.readText()")
    for line in lines:
        assert line in text, (line, text)
    fix_urls = re.findall(r"(?:Fix|Soluzione): (\S+)", text)
    links = page.locator("a[data-testid=fix-link]").evaluate_all("links => links.map(a => a.href)")
    assert fix_urls == links
    page.context.close()


def test_olefile_is_loaded_only_when_an_outlook_msg_arrives(page, base_url) -> None:  # type: ignore[no-untyped-def]
    wheels: list[str] = []
    page.on("request", lambda r: wheels.append(r.url) if r.url.endswith(".whl") else None)
    open_diagnoser(page, base_url + "diagnose/")
    diagnose_text(page, (FIXTURES / "message-trace-lines.txt").read_text())
    assert wheels == []
    # An OLE compound file (what Outlook saves as .msg) starts with these eight bytes.
    handle = page.evaluate_handle(
        """() => { const bytes = new Uint8Array(1536); bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
           const dt = new DataTransfer(); dt.items.add(new File([bytes], "report.msg")); return dt; }"""
    )
    page.dispatch_event("[data-testid=drop-zone]", "drop", {"dataTransfer": handle})
    page.wait_for_selector("[data-testid=diagnosis][data-olefile]", state="attached", timeout=60_000)
    assert page.locator("[data-testid=diagnosis]").get_attribute("data-olefile") == "0.47"
    assert [w.rsplit("/", 1)[1] for w in wheels] == ["olefile-0.47-py2.py3-none-any.whl"]
    message = page.locator("[data-testid=message]").inner_text()  # not a real .msg: a clear message, no traceback
    assert message and "Traceback" not in message


def drop_file(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Drop a file from disk on the diagnoser, as a user drags one from Outlook or a folder, and
    wait for its own result (a marker left in the old result is gone when the new one is shown)."""
    page.evaluate(
        "() => { const m = document.createElement('i'); m.dataset.oldResult = ''; document.querySelector('[data-testid=diagnosis]').append(m); }"
    )
    handle = page.evaluate_handle(
        "([name, bytes]) => { const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(bytes)], name)); return dt; }",
        [path.name, list(path.read_bytes())],
    )
    page.dispatch_event("[data-testid=drop-zone]", "drop", {"dataTransfer": handle})
    page.wait_for_function(
        "() => { const d = document.querySelector('[data-testid=diagnosis]'); return d.dataset.state === 'done' && !d.querySelector('[data-old-result]'); }",
        timeout=60_000,
    )


@pytest.mark.parametrize("lang", ["en", "it"])
def test_outlook_msg_files_are_diagnosed(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    """Real .msg files (tests/msgwriter.py): an Exchange NDR, a mail forwarding an NDR .eml, and a plain mail."""
    open_diagnoser(page, base_url + ("it/" if lang == "it" else "") + "diagnose/")
    drop_file(page, FIXTURES / "msg" / "exchange-ndr.msg")
    statuses = [r.get_attribute("data-status") for r in page.locator("[data-testid=result]").all()]
    assert statuses == ["5.1.1", "5.2.2"]
    drop_file(page, FIXTURES / "msg" / "forwarded-ndr-eml.msg")
    assert page.locator("[data-testid=result]").count() >= 1
    drop_file(page, FIXTURES / "msg" / "not-a-bounce.msg")
    assert page.locator("[data-testid=result]").count() == 0
    assert "Traceback" not in page.locator("[data-testid=diagnosis]").inner_text()
    # Bodies Outlook kept only as compressed RTF: wrapped HTML, and a damaged stream beside a recipient table.
    drop_file(page, FIXTURES / "msg" / "exchange-ndr-rtf-html.msg")
    results = page.locator("[data-testid=result]")
    assert [(r.get_attribute("data-status"), r.get_attribute("data-reason")) for r in results.all()] == [("5.1.1", "userunknown")]
    assert "bob.lee@fabrikam.example" in results.first.inner_text()
    drop_file(page, FIXTURES / "msg" / "exchange-ndr-rtf-damaged.msg")
    assert [r.get_attribute("data-status") for r in page.locator("[data-testid=result]").all()] == ["5.1.1", "5.2.2"]
    damaged = {
        "en": "The body of this Outlook message (stored as compressed RTF) is damaged",
        "it": "Il corpo di questo messaggio di Outlook",
    }
    assert damaged[lang] in page.locator("[data-testid=report-note]").inner_text()


def mail_attaching(item: bytes, path: Path) -> Path:
    """Our own helpdesk mail (an .eml) that attaches an Outlook item as a .msg file, as Outlook sends one."""
    import base64

    boundary = "----=_item_4b9d"
    path.write_text(
        "From: Anna Bianchi <anna.bianchi@contoso.example>\nTo: helpdesk@contoso.example\n"
        "Subject: FW: can't write to Bob\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
        f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\nHi, I got the message attached when I wrote to Bob. Anna\n\n"
        f'--{boundary}\nContent-Type: application/vnd.ms-outlook; name="Undeliverable.msg"\n'
        'Content-Disposition: attachment; filename="Undeliverable.msg"\nContent-Transfer-Encoding: base64\n\n'
        + base64.encodebytes(item).decode()
        + f"\n--{boundary}--\n",
        encoding="utf-8",
    )
    return path


def test_an_eml_with_an_outlook_msg_attached_is_diagnosed(page, base_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The page reads the .msg inside a dropped .eml as the CLI does (olefile loaded for it), and
    names an attached .msg it cannot read instead of answering "not a bounce"."""
    from msgwriter import exchange_ndr, msg_bytes

    wheels: list[str] = []
    page.on("request", lambda r: wheels.append(r.url) if r.url.endswith(".whl") else None)
    open_diagnoser(page, base_url + "diagnose/")
    data = msg_bytes(exchange_ndr(body=False))
    drop_file(page, mail_attaching(data, tmp_path / "fw-undeliverable.eml"))
    assert [w.rsplit("/", 1)[1] for w in wheels] == ["olefile-0.47-py2.py3-none-any.whl"]
    assert page.locator("[data-testid=diagnosis]").get_attribute("data-olefile") == "0.47"
    results = page.locator("[data-testid=result]")
    assert [r.get_attribute("data-status") for r in results.all()] == ["5.1.1", "5.2.2"]
    assert "Read from the bounce attached to this email" in page.locator("[data-testid=report-note]").inner_text()
    drop_file(page, mail_attaching(data[:1536], tmp_path / "fw-damaged.eml"))
    assert page.locator("[data-testid=result]").count() == 0
    note = page.locator("[data-testid=message]").inner_text()
    assert 'The Outlook item attached to this email ("Undeliverable.msg") is damaged' in note, note


KEPT_SNAPSHOT = """async () => { const cache = await caches.open("ndr-engine-raw");
  for (;;) { const keys = await cache.keys(); if (keys.length) return keys.map((k) => k.url);
    await new Promise((r) => setTimeout(r, 100)); } }"""


def test_repeat_visit_reads_the_kept_snapshot_and_survives_a_bad_one(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    open_diagnoser(page, base_url + "diagnose/")
    assert json.loads(page.locator("[data-testid=diagnosis]").get_attribute("data-engine-stages"))["snapshot_from"] == "network"
    kept = page.evaluate(KEPT_SNAPSHOT)
    assert len(kept) == 1 and kept[0].endswith(".snapshot.gz.packed")
    page.close()
    again = context.new_page()
    open_diagnoser(again, base_url + "diagnose/")
    out = again.locator("[data-testid=diagnosis]")
    assert out.get_attribute("data-engine") == "snapshot"
    assert json.loads(out.get_attribute("data-engine-stages"))["snapshot_from"] == "cache"
    diagnose_text(again, (FIXTURES / "message-trace-lines.txt").read_text())
    assert again.locator("[data-testid=result]").get_attribute("data-status") == "4.4.316"
    # A kept snapshot gone bad (its layout intact, its first page of memory wiped): the next visit
    # still works, and drops it. (Kept layout: run count, (offset, length) per run, the runs' bytes.)
    again.evaluate(
        """async (url) => { const cache = await caches.open("ndr-engine-raw");
           const kept = new Uint8Array(await (await cache.match(url)).arrayBuffer());
           const head = 4 + 8 * new DataView(kept.buffer).getUint32(0, true);
           kept.fill(0, head, head + 4096);
           await cache.put(url, new Response(kept)); }""",
        kept[0],
    )
    again.close()
    third = context.new_page()
    open_diagnoser(third, base_url + "diagnose/")
    assert third.locator("[data-testid=diagnosis]").get_attribute("data-engine") == "boot"
    diagnose_text(third, (FIXTURES / "message-trace-lines.txt").read_text())
    assert third.locator("[data-testid=result]").get_attribute("data-status") == "4.4.316"
    context.close()


SEARCH_INITIALISED = """() => { const meta = document.querySelector(".md-search-result__meta");
  return Boolean(meta) && !/initializing/i.test(meta.textContent); }"""


def test_diagnoser_page_starts_the_search_worker_once_the_engine_is_ready(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    # The site search's index (a 1 MB file turned into an index by Material's worker) would compete
    # with the engine's start on two cores: on the diagnoser page that worker starts once the engine is ready.
    context = browser.new_context()
    held: list = []  # type: ignore[type-arg]
    context.route("**/assets/engine/*.snapshot.gz", lambda route: held.append(route))  # the engine waits until we let it go
    search_worker: list[str] = []
    context.on("request", lambda r: search_worker.append(r.url) if re.search(r"/workers/search\.[^/]*\.js$", r.url) else None)
    page = context.new_page()
    page.goto(base_url + "diagnose/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(3000)
    assert held and search_worker == []
    held[0].continue_()
    page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=BOOT_MS)
    page.click("label.md-search__icon, input[data-md-component=search-query]")
    # The index is built once the worker has started: on a busy machine that takes a while, and
    # Material says "Initializing search" meanwhile.
    page.wait_for_function(SEARCH_INITIALISED, timeout=60_000)
    page.keyboard.type("4.4.316")  # typed, as a reader does: Material searches on the keys
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    assert search_worker  # (the service worker, registered once the engine is ready, fetches its copies too)
    context.close()


SW_HOLDS_ENGINE = """async () => { await navigator.serviceWorker.ready;
  for (;;) { for (const key of await caches.keys()) {
      if (await (await caches.open(key)).match(new URL("../assets/engine/manifest.json", location.href))) return true; }
    await new Promise((r) => setTimeout(r, 100)); } }"""


def test_repeat_visit_starts_the_engine_without_the_network(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    # Once the service worker holds the engine, a repeat visit asks the server for none of its files:
    # not even the manifest and Pyodide's lock file (JSON, as the search index, which stays fresh).
    # The HTTP cache is emptied first, as it is once its copies are stale (GitHub Pages: 10 minutes).
    base_url, seen = site_server
    context = browser.new_context()
    page = context.new_page()
    open_diagnoser(page, base_url + "diagnose/")
    page.evaluate(SW_HOLDS_ENGINE)
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    page.close()
    seen.clear()
    again = context.new_page()
    open_diagnoser(again, base_url + "diagnose/")
    assert again.locator("[data-testid=diagnosis]").get_attribute("data-engine") == "snapshot"
    asked = [path for path in seen if ENGINE_FILES.search(path)]
    assert asked == [], asked
    context.close()


@pytest.mark.parametrize("lang", ["en", "it"])
def test_non_failures_name_their_address_and_forwarded_bounces_say_so(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    open_diagnoser(page, base_url + ("it/" if lang == "it" else "") + "diagnose/")
    expected = {
        "arf-feedback.eml": ("dario.leone@example.net", {"en": "complaint: abuse", "it": "segnalazione: abuse"}),
        "autoreply.eml": ("chiara.neri@example.com", {"en": "automatic reply", "it": "risposta automatica"}),
        "delivered-dsn.eml": ("anna.ricci@example.org", {"en": "delivered", "it": "recapitato"}),
        "nf-challenge-held-until-confirm.eml": (
            "luisa.conte@example.net",
            {"en": "held until the sender confirms", "it": "trattenuto finché il mittente non conferma"},
        ),
        "nf-mdn-displayed.eml": ("paola.serra@example.net", {"en": "read receipt: displayed", "it": "conferma di lettura: visualizzato"}),
        "nf-helpdesk-reply-quoting.eml": (
            "ordini@fabrikam.example",
            {"en": "address in the quoted error", "it": "indirizzo nell'errore citato"},
        ),
    }
    for name, (address, what) in expected.items():
        drop_file(page, FIXTURES / "formats" / name)
        assert page.locator("[data-testid=result]").count() == 0
        rows = page.locator("[data-testid=address]")
        assert rows.count() == 1 and rows.get_attribute("data-address") == address
        assert what[lang] in rows.inner_text()
    drop_file(page, FIXTURES / "forwarded-ndr.eml")
    assert page.locator("[data-testid=result]").count() == 1
    note = page.locator("[data-testid=report-note]").inner_text()
    assert ("forwarded as an attachment" if lang == "en" else "inoltrato come allegato") in note


# An application's SMTP exception with a 4xx reply: no server queued its message, the application sends again.
APP_REFUSED_4XX = (
    "smtplib.SMTPRecipientsRefused: {'luca.moretti@example.net': (450, b'4.2.1 <luca.moretti@example.net>: "
    "Recipient address rejected: Mailbox busy, try again later')}"
)
SERVER_DEFERRED = "421 4.7.1 Messages to x@example.com deferred due to excessive volume. Try again later"


@pytest.mark.parametrize(
    ("path", "text", "found", "outcome"),
    [
        (
            "diagnose/",
            SERVER_DEFERRED,
            "0 failed recipients found. 1 delayed: the sending server is still retrying.",
            "Temporary failure · address may still be valid (soft bounce): the sending server is still retrying",
        ),
        (
            "it/diagnose/",
            SERVER_DEFERRED,
            "Nessun destinatario non raggiunto. 1 con recapito ritardato: il server di invio sta ancora riprovando.",
            "Errore temporaneo · l'indirizzo può essere ancora valido (soft bounce): il server di invio sta ancora riprovando",
        ),
        (
            "diagnose/",
            APP_REFUSED_4XX,
            "0 failed recipients found. 1 refused for now: the application has to send again later.",
            "Temporary failure · address may still be valid (soft bounce): not sent yet: the application has to send it again later",
        ),
        (
            "it/diagnose/",
            APP_REFUSED_4XX,
            "Nessun destinatario non raggiunto. 1 rifiutato per ora: l'applicazione deve ritentare l'invio più tardi.",
            "Errore temporaneo · l'indirizzo può essere ancora valido (soft bounce): non ancora inviato: l'applicazione deve ritentare l'invio più tardi",
        ),
    ],
)
def test_a_delay_is_counted_apart_from_failures(page, base_url, path: str, text: str, found: str, outcome: str) -> None:  # type: ignore[no-untyped-def]
    """A 4xx reply pasted alone is a deferral the sending server still retries, an application's
    refused send one it must repeat itself: the page counts neither as failed, and says who retries."""
    open_diagnoser(page, base_url + path)
    diagnose_text(page, text)
    assert page.locator("[data-testid=result]").count() == 1
    assert page.locator(".ndr-found").inner_text().startswith(found)
    assert page.locator("[data-testid=engine-status]").inner_text() == found
    assert page.locator("[data-testid=outcome]").inner_text() == outcome


def test_results_state_both_facts_and_name_reasons(page, base_url) -> None:  # type: ignore[no-untyped-def]
    """Permanent or temporary and hard or soft are two facts; a reason is shown by its name in the
    page's language, its machine name beside it as a code label (built as DOM nodes)."""
    paste = (FIXTURES / "ndr-en-outlook-paste.txt").read_text()
    expected = {
        "": (
            (
                "Delivery keeps failing: the sending server retries until its time runs out",
                "Permanent failure · address may still be valid (soft bounce): fix the cause and resend",
            ),
            ("Recipient address does not exist", "Permanent failure · address is bad (hard bounce): remove it from your lists"),
        ),
        "it/": (
            (
                "Il recapito continua a fallire: il server di invio riprova fino alla scadenza dei tentativi",
                "Errore permanente · l'indirizzo può essere ancora valido (soft bounce): risolvete la causa e reinviate il messaggio",
            ),
            (
                "L'indirizzo del destinatario non esiste",
                "Errore permanente · l'indirizzo non è valido (hard bounce): toglietelo dalle vostre liste",
            ),
        ),
    }
    for prefix, cards in expected.items():
        open_diagnoser(page, base_url + prefix + "diagnose/")
        diagnose_text(page, paste)
        results = page.locator("[data-testid=result]")
        assert results.count() == 2
        for i, ((name, outcome), machine) in enumerate(zip(cards, ("expired", "userunknown"), strict=True)):
            card = results.nth(i)
            assert card.get_attribute("data-permanent") == "true"
            assert card.locator("[data-testid=reason-name]").inner_text() == name
            assert card.locator("[data-testid=reason] code.ndr-reason-code").inner_text() == machine
            assert card.locator("[data-testid=outcome]").inner_text() == outcome
    # A temporary refusal pasted alone (a deferral, still retried), and the summary of several inputs names the reasons too.
    open_diagnoser(page, base_url + "diagnose/")
    handle = page.evaluate_handle(
        """([a, b]) => { const dt = new DataTransfer();
             dt.items.add(new File([a], "one.txt", {type: "text/plain"})); dt.items.add(new File([b], "two.txt", {type: "text/plain"}));
             return dt; }""",
        [paste, "450 4.4.316 Connection refused [Message=Socket error code 10061]"],
    )
    page.dispatch_event("[data-testid=drop-zone]", "drop", {"dataTransfer": handle})
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=30_000)
    temporary = page.locator("[data-testid=result][data-status='4.4.316']")
    assert temporary.get_attribute("data-permanent") == "false"
    assert temporary.locator("[data-testid=outcome]").inner_text() == (
        "Temporary failure · address may still be valid (soft bounce): the sending server is still retrying"
    )
    rows = page.locator("[data-testid=summary-reason]")
    assert [" ".join(rows.nth(i).inner_text().split()) for i in range(rows.count())] == [
        "Delivery keeps failing: the sending server retries until its time runs out expired 2",
        "Recipient address does not exist userunknown 1",
    ]


def test_shared_link_states_the_same_outcome(browser, base_url) -> None:  # type: ignore[no-untyped-def]
    """A shared link carries codes and reasons only: the page composes the outcome from them, in
    the same words the classifier used for the live result."""
    page = browser.new_context().new_page()
    open_diagnoser(page, base_url + "diagnose/")
    diagnose_text(page, (FIXTURES / "ndr-en-outlook-paste.txt").read_text())
    read = "cards => cards.map(c => [c.dataset.permanent, c.querySelector('[data-testid=reason-code]').innerText, c.querySelector('[data-testid=outcome]').innerText])"
    live = page.locator("[data-testid=result]").evaluate_all(read)
    assert [row[0] for row in live] == ["true", "true"]
    other = browser.new_context().new_page()
    other.goto(page.locator("[data-testid=share-link]").get_attribute("href"))
    other.wait_for_selector("[data-testid=diagnosis][data-described]", state="attached", timeout=BOOT_MS)
    assert other.locator("[data-testid=result]").evaluate_all(read) == live
    page.context.close()
    other.context.close()


@pytest.mark.parametrize("prefix", ["", "it/"])
def test_a_microsoft_365_report_pasted_from_outlook(browser, base_url, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """A classic Exchange Online report copied whole out of Outlook for Windows (its Italian header
    block, "<mailto:…>" after every address), pasted with Ctrl+V: three recipients, each with its
    own code and a fix page in the page's language."""
    page = clipboard_page(browser)
    open_diagnoser(page, base_url + prefix + "diagnose/")
    real_paste(page, (FIXTURES / "pastes" / "classic-outlook-windows-it-several.txt").read_text(encoding="utf-8"))
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached", timeout=60_000)  # no click
    results = page.locator("[data-testid=result]")
    cards = [
        (
            results.nth(i).locator("[data-testid=recipient]").inner_text(),
            results.nth(i).get_attribute("data-status"),
            results.nth(i).get_attribute("data-reason"),
            results.nth(i).locator("a[data-testid=fix-link]").get_attribute("href"),
        )
        for i in range(results.count())
    ]
    site = base_url + prefix
    assert cards == [
        ("marco.ferri@contoso.it", "5.1.10", "userunknown", site + "codes/5.1.10/"),
        ("commerciale@contoso.it", "5.7.1", "securityerror", site + "codes/5.7.1/"),
        ("ordini@fabrikam.it", "5.4.1", "userunknown", site + "codes/5.4.1/"),
    ]
    hard = "address is bad (hard bounce)" if not prefix else "l'indirizzo non è valido (hard bounce)"
    assert hard in results.nth(0).locator("[data-testid=outcome]").inner_text()
    page.context.close()


# --- families B (fam-b) ---


@pytest.mark.parametrize("lang", ["en", "it"])
def test_pec_receipts_in_the_diagnoser(page, base_url, lang) -> None:  # type: ignore[no-untyped-def]
    """An Italian PEC notice of non-delivery is a failure with the provider's code; a delivery receipt names its address."""
    open_diagnoser(page, base_url + ("it/" if lang == "it" else "") + "diagnose/")
    drop_file(page, FIXTURES / "formats" / "pec-mancata-consegna.eml")
    result = page.locator("[data-testid=result]")
    assert result.count() == 1 and result.get_attribute("data-status") == "5.1.1"
    assert result.locator("[data-testid=recipient]").inner_text() == "ufficio.gare@pec.contoso.com"
    drop_file(page, FIXTURES / "formats" / "pec-avvenuta-consegna.eml")
    assert page.locator("[data-testid=result]").count() == 0
    rows = page.locator("[data-testid=address]")
    assert rows.count() == 1 and rows.get_attribute("data-address") == "acquisti@pec.contoso.com"
    assert ("delivered" if lang == "en" else "recapitato") in rows.inner_text()
