"""Shared fixtures: the built site served under a sub-path, headless Chromium, the shared corpus."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from chromium_launch import CHROMIUM, CHROMIUM_ARGS  # bench/ is no package: put on the path above

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "site"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).with_name("fixtures")
SUBPATH = "/ndr-atlas/"


class QuietServer(http.server.ThreadingHTTPServer):
    """The tests' web server. A browser that leaves a page while a file is still being sent (the
    engine's snapshot, on a busy machine) closes its connection: that is no server error, so it is
    not printed as a traceback in the test log; any other error still is."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ under SUBPATH only, as GitHub Pages serves a project site."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }
    requests_seen: list[str]

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return str(SITE / "__outside_subpath__")
        return super().translate_path("/" + path[len(SUBPATH) :])

    def log_message(self, format: str, *args: object) -> None:
        self.requests_seen.append(self.path)


@pytest.fixture(scope="session", autouse=True)
def pattern_cache_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The CLIs the tests start keep their compiled patterns (src/ndr_atlas/patterncache.py) in a
    folder of the test run, not in the user's cache; tests of the cache choose their own."""
    os.environ.setdefault("NDR_ATLAS_CACHE_DIR", str(tmp_path_factory.mktemp("pattern-cache")))
    yield


@pytest.fixture(scope="session")
def built_site() -> Path:
    if not (SITE / "index.html").exists() or not (SITE / "it" / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` (make test does it first)")
    return SITE


def deploy_copy(site: Path, target: Path, url: str) -> Path:
    """A copy of the built site "deployed" at ``url``: only the sitemaps name the address.

    Material's instant navigation follows links found in sitemap.xml, so a deployment must have
    sitemaps with its own address, as the Pages workflow does with the real one.
    """
    shutil.copytree(site, target)
    for sitemap in target.rglob("sitemap.xml"):
        text = sitemap.read_text(encoding="utf-8")
        text = re.sub(r"<loc>https?://[^<]*?/ndr-atlas/", f"<loc>{url}", text)
        sitemap.write_text(text, encoding="utf-8")
        sitemap.with_suffix(".xml.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    return target


@pytest.fixture(scope="session")
def site_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """(base URL with the sub-path, list of request paths seen)."""
    seen: list[str] = []
    handler = type("Handler", (SubPathHandler,), {"requests_seen": seen})
    server = QuietServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    directory = deploy_copy(built_site, tmp_path_factory.mktemp("deploy") / "site", url)
    server.RequestHandlerClass = functools.partial(handler, directory=str(directory))  # type: ignore[assignment]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url, seen
    server.shutdown()


class RootHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site at the root of a domain (a custom domain on GitHub Pages)."""

    extensions_map = SubPathHandler.extensions_map

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def root_site_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), RootHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    directory = deploy_copy(built_site, tmp_path_factory.mktemp("root") / "site", url)
    server.RequestHandlerClass = functools.partial(RootHandler, directory=str(directory))  # type: ignore[assignment]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(site_server: tuple[str, list[str]]) -> str:
    return site_server[0]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "index.jsonl").exists():
        pytest.skip(f"the shared bounce corpus is not at {CORPUS} (../shared/corpus beside the repository)")
    return CORPUS


# lowered_rtf_limit(module, limit): the sizes of the RTF bodies module unpacks, filled as it reads.
LowerRtfLimit = Callable[[ModuleType, int], list[int]]


@pytest.fixture
def lowered_rtf_limit(monkeypatch: pytest.MonkeyPatch) -> LowerRtfLimit:
    """For the .msg and TNEF readers' limit tests: lowers a reader module's input limit (so the
    compressed RTF streams that pass it stay small) and gives the list it fills with the size of each
    body its decompress unpacks."""
    from ndr_atlas.rtf import decompress

    def lower(module: ModuleType, limit: int) -> list[int]:
        monkeypatch.setattr(module, "MAX_INPUT_BYTES", limit)
        unpacked: list[int] = []

        def counted(data: bytes, limit: int | None = None) -> bytes:
            rtf = decompress(data, limit)
            unpacked.append(len(rtf))
            return rtf

        monkeypatch.setattr(module, "decompress", counted)
        return unpacked

    return lower
