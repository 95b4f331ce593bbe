"""The built site: both languages of every entry, aliases, reason pages, links, search, edit links."""

from __future__ import annotations

import http.server
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest

from ndr_atlas_build.load import load_catalog_dir
from ndr_atlas_build.pages import SiteData, alias_codes, page_code


@pytest.fixture(scope="module")
def site_data() -> SiteData:
    return SiteData(load_catalog_dir())


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("canonical",)):
                self.links.append(str(values[name]))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def html_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "pyodide" not in p.parts]


def test_every_entry_has_both_pages(built_site: Path, site_data: SiteData) -> None:
    assert len(site_data.entries) >= 7
    for entry in site_data.entries:
        code = page_code(entry.data)
        en = built_site / "codes" / code / "index.html"
        it = built_site / "it" / "codes" / code / "index.html"
        assert en.exists() and it.exists(), code
        assert entry.data["en"]["title"].split("`")[0].strip()[:20] in en.read_text(encoding="utf-8").replace("&#39;", "'").replace(
            "&quot;", '"'
        )
        assert 'lang="it"' in it.read_text(encoding="utf-8")[:300]


def test_every_code_resolves_in_both_languages(built_site: Path, site_data: SiteData) -> None:
    for entry in site_data.entries:
        for code in [*entry.data["codes"], *alias_codes(entry.data)]:
            for root in (built_site, built_site / "it"):
                assert (root / "codes" / code / "index.html").exists(), f"{root}/codes/{code}/"
        for alias in alias_codes(entry.data):
            if site_data.page_of_code[alias] != page_code(entry.data):
                continue  # a code of another entry inside this entry's range has its own page
            text = (built_site / "it" / "codes" / alias / "index.html").read_text(encoding="utf-8")
            assert f'url=../{page_code(entry.data)}/"' in text


def test_codes_named_in_match_rules_resolve(built_site: Path, site_data: SiteData) -> None:
    redirects = site_data.redirects()
    rule_codes = {
        code
        for entry in site_data.entries
        for item in [entry, *site_data.variants_of(entry)]
        for rule in item.data["match"]
        for code in rule.get("status", [])
        if "-" not in code
    }
    assert rule_codes
    for code in rule_codes:
        for root in (built_site, built_site / "it"):
            assert (root / "codes" / code / "index.html").exists(), code
    assert all(target.startswith("../") for target in redirects.values())


def test_every_code_written_anywhere_resolves(built_site: Path, site_data: SiteData) -> None:
    """Codes in examples and texts too: whoever reads one can open codes/<code>/."""
    from ndr_atlas.codes import STATUS_RE, normalise_status

    catalog = Path(__file__).resolve().parents[1] / "catalog"
    written = {
        normalise_status(m.group(0)) for path in catalog.rglob("*.yaml") for m in STATUS_RE.finditer(path.read_text(encoding="utf-8"))
    }
    assert len(written) > 150
    missing = [
        code for code in sorted(written) for root in (built_site, built_site / "it") if not (root / "codes" / code / "index.html").exists()
    ]
    assert missing == []


def test_variants_have_anchors(built_site: Path, site_data: SiteData) -> None:
    for entry in site_data.entries:
        variants = site_data.variants_of(entry)
        if not variants:
            continue
        for root in (built_site, built_site / "it"):
            ids = parse(root / "codes" / page_code(entry.data) / "index.html").ids
            for variant in variants:
                assert variant.data["id"] in ids


def test_reason_pages(built_site: Path, site_data: SiteData) -> None:
    reasons = {e.data["reason"] for e in site_data.entries}
    for reason in reasons:
        for root in (built_site, built_site / "it"):
            assert (root / "reasons" / reason / "index.html").exists()
    assert "Motivi" in (built_site / "it" / "reasons" / "index.html").read_text(encoding="utf-8")


def test_index_lists_every_entry(built_site: Path, site_data: SiteData) -> None:
    for root in (built_site, built_site / "it"):
        text = (root / "codes" / "index.html").read_text(encoding="utf-8")
        assert text.count("<tr data-origin=") == len(site_data.entries)
        assert 'data-testid="catalog-filter"' in text


def test_no_broken_internal_link(built_site: Path) -> None:
    broken: list[str] = []
    cache: dict[Path, Links] = {}
    files = html_files(built_site)
    assert len(files) > 20
    for page in files:
        for link in parse(page).links:
            if re.match(r"^[a-z][a-z0-9+.-]*:", link) or link.startswith("//"):
                continue  # external: checked for privacy elsewhere
            url, fragment = urldefrag(link)
            if not url:
                target = page
            else:
                if page.name == "404.html":
                    # The 404 page is served at any depth, so MkDocs writes its links from site_url.
                    assert url.startswith("/ndr-atlas/"), link
                    target = (built_site / unquote(url).removeprefix("/ndr-atlas/")).resolve()
                else:
                    assert not url.startswith("/"), f"{page}: root-relative link {link} breaks under a sub-path"
                    target = (page.parent / unquote(url)).resolve()
                if url.endswith("/") or target.is_dir():
                    target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {link}")
                continue
            if fragment and target.suffix == ".html" and "codes" in target.parts:
                ids = cache.setdefault(target, parse(target)).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(built_site)} -> {link} (no #{fragment})")
    assert broken == []


def test_search_index_per_language(built_site: Path) -> None:
    en = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    it = json.loads((built_site / "it" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert en["config"]["lang"] == ["en"] and it["config"]["lang"] == ["it"]
    it_text = " ".join(doc["text"] for doc in it["docs"])
    en_text = " ".join(doc["text"] for doc in en["docs"])
    assert "Connessione rifiutata" in " ".join(doc["title"] for doc in it["docs"]) + it_text
    assert "Connessione rifiutata" not in en_text
    assert (built_site / "it" / "assets" / "javascripts" / "lunr" / "min" / "lunr.it.min.js").exists()


def test_edit_link_opens_the_yaml(built_site: Path, site_data: SiteData) -> None:
    entry = site_data.entries[0]
    text = (built_site / "codes" / page_code(entry.data) / "index.html").read_text(encoding="utf-8")
    assert f"/edit/main/catalog/{entry.path.name}" in text


def test_language_switcher_stays_on_page(built_site: Path) -> None:
    text = (built_site / "codes" / "4.4.316" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../it/codes/4.4.316/" hreflang="it"' in text
    text = (built_site / "it" / "codes" / "4.4.316" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../codes/4.4.316/" hreflang="en"' in text


def test_pyodide_is_self_hosted(built_site: Path) -> None:
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert (built_site / "pyodide" / name).stat().st_size > 0
    bundle = json.loads((built_site / "assets" / "ndr-atlas-runtime.json").read_text(encoding="utf-8"))
    assert "ndr_atlas/parse.py" in bundle["files"] and bundle["catalog"]["entries"]


def test_no_third_party_resources(built_site: Path) -> None:
    """Pages load nothing from other origins: no CDN, no web fonts, no analytics."""
    loaded = re.compile(
        r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(?:https?:)?//|<link\b(?![^>]*rel=\"canonical\")[^>]*\bhref=\"(?:https?:)?//"
    )
    for page in html_files(built_site):
        text = page.read_text(encoding="utf-8")
        assert not loaded.search(text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_broken_catalog_stops_the_build(tmp_path: Path) -> None:
    """A catalog mistake aborts the build before anything is written: nothing half-built to deploy."""
    import os
    import shutil
    import subprocess
    import sys

    catalog = tmp_path / "catalog"
    catalog.mkdir()
    model = (Path(__file__).parent / "fixtures" / "catalog" / "model-entry.yaml").read_text(encoding="utf-8")
    (catalog / "model-entry.yaml").write_text(model.replace("reason: expired", "reason: lost"), encoding="utf-8")
    site = tmp_path / "site"
    env = {**os.environ, "NDR_ATLAS_CATALOG_DIR": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [mkdocs, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)], cwd=repo, env=env, capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert "model-entry.yaml:7: CAT002 the entry does not match the schema: reason: 'lost' is not one of" in proc.stderr + proc.stdout
    assert not site.exists() or not any(site.iterdir())


def test_footer_names_the_version(built_site: Path) -> None:
    import ndr_atlas

    english = (built_site / "index.html").read_text(encoding="utf-8")
    italian = (built_site / "it" / "index.html").read_text(encoding="utf-8")
    assert f"NDR Atlas {ndr_atlas.__version__} · MIT licence" in english
    assert f"NDR Atlas {ndr_atlas.__version__} · licenza MIT" in italian


def visible_text(path: Path) -> str:
    """The page's article as a reader sees it: tags dropped, entities decoded, spaces joined."""
    import html

    article = re.search(r"<article[^>]*>(.*?)</article>", path.read_text(encoding="utf-8"), re.S)
    assert article, path
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article.group(1))).split())
    return re.sub(r" ([,.:;)])", r"\1", text)


def test_entry_pages_state_both_facts_per_code_class(built_site: Path) -> None:
    connector = visible_text(built_site / "codes" / "4.4.316" / "index.html")
    assert "5.4.316: Permanent failure · address may still be valid (soft bounce): fix the cause and resend" in connector
    assert "4.4.316: Temporary failure · address may still be valid (soft bounce): resend later, or once the cause is fixed" in connector
    # The reason by its name, the machine name beside it as a code label.
    assert "Reason: Delivery keeps failing: the sending server retries until its time runs out expired" in connector
    unknown = visible_text(built_site / "it" / "codes" / "5.1.1" / "index.html")
    assert "5.1.1: Errore permanente · l'indirizzo non è valido (hard bounce): toglietelo dalle vostre liste" in unknown
    assert "Motivo: L'indirizzo del destinatario non esiste userunknown" in unknown
    page = (built_site / "it" / "codes" / "5.1.1" / "index.html").read_text(encoding="utf-8")
    assert "<code>userunknown</code>" in page and 'href="../../reasons/due-informazioni' not in page
    assert "../../reasons/#due-informazioni" in page


def test_reasons_page_explains_the_two_facts_once(built_site: Path) -> None:
    for root, anchor, words in (
        (built_site, "two-facts", ["Permanent or temporary failure.", "Whether the address itself is bad", "550 5.4.316"]),
        (built_site / "it", "due-informazioni", ["Errore permanente o temporaneo.", "Se l'indirizzo stesso non è valido", "550 5.4.316"]),
    ):
        index = root / "reasons" / "index.html"
        assert anchor in parse(index).ids
        text = visible_text(index)
        assert all(w in text for w in words)
        assert text.count("hasmoved, hostunknown, notaccept, userunknown") == 1
    assert "Recipient address does not exist userunknown" in visible_text(built_site / "reasons" / "index.html")
    assert "L'indirizzo del destinatario non esiste userunknown" in visible_text(built_site / "it" / "reasons" / "index.html")


def test_page_words_for_the_two_facts_match_the_classifier(built_site: Path) -> None:
    """The diagnoser composes the outcome itself for a result that carries only its codes: its
    words must be the classifier's (ndr_atlas/verdict.py), in both languages."""
    from ndr_atlas.verdict import WORDS

    script = (built_site / "assets" / "js" / "atlas.js").read_text(encoding="utf-8")
    blocks = re.findall(r"words: \{(.*?)\},", script, re.S)
    assert len(blocks) == 2
    for lang, block in zip(("en", "it"), blocks, strict=True):
        assert dict(re.findall(r'(\w+): "([^"]*)"', block)) == WORDS[lang]


@pytest.mark.parametrize(("page", "label"), [("index.html", "Browse {} error codes"), ("it/index.html", "Sfoglia {} codici di errore")])
def test_home_button_counts_the_codes_the_catalog_covers(built_site: Path, site_data: SiteData, page: str, label: str) -> None:
    # The count is of codes, each with a page to land on (not of entries: one entry covers several codes).
    html = (built_site / page).read_text(encoding="utf-8")
    assert label.format(len(site_data.page_of_code)) in html


@pytest.mark.parametrize(("root", "label"), [("", "Source:"), ("it", "Fonte:")])
def test_the_source_of_a_microsoft_code_names_exchange_too(built_site: Path, root: str, label: str) -> None:
    """5.7.54 is Exchange Server's own code, not Microsoft 365's: the source names both products;
    a standard code's page keeps "Standard"."""
    codes = built_site / root / "codes"
    assert f"{label}</strong> Microsoft (Exchange, Microsoft 365)" in (codes / "5.7.54" / "index.html").read_text(encoding="utf-8")
    standard = (codes / "5.1.1" / "index.html").read_text(encoding="utf-8")
    assert f"{label}</strong> Standard" in standard and "Microsoft 365</" not in standard
    index = (codes / "index.html").read_text(encoding="utf-8")
    assert '<option value="microsoft">Microsoft (Exchange, Microsoft 365)</option>' in index


@pytest.mark.parametrize("root", ["", "it/"])
def test_home_page_title_is_not_the_site_name_twice(built_site: Path, root: str) -> None:
    found = re.search(r"<title>(.*?)</title>", (built_site / root / "index.html").read_text(encoding="utf-8"))
    assert found and found.group(1).endswith(" - NDR Atlas") and found.group(1) != "NDR Atlas - NDR Atlas"


@pytest.mark.parametrize("root", ["", "it/"])
def test_the_site_search_finds_every_code_of_a_range(built_site: Path, site_data: SiteData, root: str) -> None:
    """The search index has the words of a page only: each ranged code without a page of its own
    is written on its range's page ("5.7.720" is not in "5.7.700-749"); codes with their own page
    (5.7.708) are not repeated there."""
    docs = json.loads((built_site / root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = " ".join(d["text"] for d in docs if d["location"] == "codes/5.7.700-749/")
    words = set(re.findall(r"[\d.]+", re.sub(r"<[^>]+>", " ", text)))
    assert {"5.7.720", "5.7.749"} <= words and "5.7.708" not in words
    for entry in site_data.entries:
        ranged = site_data.ranged_codes(entry)
        if ranged:
            page = (built_site / root / "codes" / page_code(entry.data) / "index.html").read_text(encoding="utf-8")
            assert " ".join(ranged) in page


def test_the_test_server_prints_no_traceback_for_a_connection_the_browser_closed(capsys: pytest.CaptureFixture[str]) -> None:
    """A browser leaving a page mid-download is no server error; any other error is still printed."""
    from conftest import QuietServer

    server = QuietServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset"), ValueError("a real bug")):
            try:
                raise error
            except (OSError, ValueError):
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    printed = capsys.readouterr().err
    assert "ValueError: a real bug" in printed
    assert "BrokenPipeError" not in printed and "ConnectionResetError" not in printed


class Headings(HTMLParser):
    """The text of each h3 by its id, and the names of every element in the page's article."""

    def __init__(self) -> None:
        super().__init__()
        self.h3: dict[str, str] = {}
        self.current: str | None = None
        self.tags: set[str] = set()
        self.in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
        if self.in_article:
            self.tags.add(tag)
        if tag == "h3":
            self.current = str(dict(attrs).get("id") or "")
            self.h3[self.current] = ""
        elif tag == "a" and self.current is not None and dict(attrs).get("class") == "headerlink":
            self.current = None  # the permalink's pilcrow is no part of the title

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if tag == "h3":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.h3[self.current] += data


# The elements Markdown, the generator and the theme write into an entry's or a reason's article.
ARTICLE_TAGS = {
    "a",
    "article",
    "blockquote",
    "code",
    "details",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "hr",
    "li",
    "ol",
    "p",
    "path",
    "pre",
    "span",
    "strong",
    "summary",
    "svg",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}


def test_words_in_angle_brackets_are_shown_as_written(built_site: Path, site_data: SiteData) -> None:
    """A catalog text's placeholder such as <address> or <forward-path> is text, not an HTML
    element: written raw into the Markdown, it hid the rest of its heading (and, unclosed, made
    every later section of the page part of that heading in the search index) or of its sentence."""
    for lang, root in (("en", built_site), ("it", built_site / "it")):
        index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert [doc["title"][:60] for doc in index["docs"] if "<p>" in doc["title"]] == []
        for entry in site_data.entries:
            parser = Headings()
            parser.feed((root / "codes" / page_code(entry.data) / "index.html").read_text(encoding="utf-8"))
            assert parser.tags <= ARTICLE_TAGS, (page_code(entry.data), lang, parser.tags - ARTICLE_TAGS)
            for variant in site_data.variants_of(entry):
                assert parser.h3[variant.data["id"]].strip() == variant.data[lang]["title"], (variant.data["id"], lang)
        for page in (root / "reasons").glob("*/index.html"):
            parser = Headings()
            parser.feed(page.read_text(encoding="utf-8"))
            assert parser.tags <= ARTICLE_TAGS, (page, parser.tags - ARTICLE_TAGS)
    assert 'please try &lt;forward-path&gt;"' in (built_site / "codes" / "551" / "index.html").read_text(encoding="utf-8")
