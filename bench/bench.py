"""Speed benchmark of NDR Atlas: the CLI against Sisimai, and the browser diagnoser against bare Pyodide.

Run from the repository (after ``make build``):
    .venv/bin/python bench/bench.py [--runs N (default 9)] [--skip-sisimai] [--skip-browser] [--json OUT]
                                    [--corpus DIR] [--catalog catalog.json] [--sample FILE]

(a) CLI throughput. One ``ndr-atlas diagnose --json FILE...`` process is given every corpus file; its wall
    time (process start included) is measured over several runs and the median taken. In the same run,
    Sisimai (Debian's libsisimai-perl, 4.25; installed with apt-get when missing and we are root) reads
    the SAME files in one ``perl`` process that calls ``Sisimai->rise`` (Sisimai 5) or ``Sisimai->make``
    (4.x) once per file. Files the CLI refuses outright (NUL bytes: "looks binary") are left out of both
    lists, because the CLI stops at the first refused input. Rates are files per second.
(b) Browser. The built site (``site/``) is served by a local http.server thread on 127.0.0.1 under
    ``/ndr-atlas/``, as GitHub Pages serves it, and driven with Playwright in /usr/bin/chromium. Each run,
    interleaved, each measure in a browser with a new, empty profile (cold disk cache, no service worker):
    * open + paste -> result: page open, then the sample pasted (a real Ctrl+V) as soon as the page has
      loaded, until the result is in the DOM (``data-state="done"``) with no click: what an admin feels;
    * bare Pyodide: a tiny page served by the same server starts a module Worker that imports
      ``pyodide/pyodide.mjs``, awaits ``loadPyodide()`` and runs ``1 + 1`` — page open -> first result;
      the baseline (target of issue 12: open + paste -> result <= 0.5x this);
    * ready (cold): page open -> ``data-state="ready"``, read in the same first visit, and how the engine
      started (``snapshot`` restored, or ``boot`` when it fell back);
    * first-visit bytes: every response of that first visit up to the result, as served (this server does
      not compress) and gzip-compressed as a static host sends them (``.gz`` files are counted as they are);
    * warm repeat visit: in the same profile, once the service worker has cached the engine (and the
      worker has kept the inflated snapshot in Cache Storage), a new tab opens the diagnoser -> ready;
    * the worker's own boot stages (ms since it began: loader, snapshot inflated or read, wasm compiled and
      instantiated, Pyodide's files ready, restored, ready; and on the page's clock when the page started
      the worker, when the worker began and when the page heard it was ready) are kept in the JSON output
      (``--json``) for both visits;
    * paste-to-result: once ready, the sample is filled in and (timed inside the page) ``Diagnose`` is
      clicked until ``data-state="done"`` (3 per run).
    Every wait for a state happens inside the page (STATE_REACHED), so a measure ends when the DOM changes.
    Figures are medians over the runs, after one untimed warm-up run.
(c) Big pastes (bench/paste_bench.py, at most 5 runs): how long Chromium takes to lay out 50 KB to 2 MB
    in the diagnoser's box (the curve behind INLINE_PASTE_MAX), and the longest main-thread task of a
    real 10 MB paste and of a 10 MB drop.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from chromium_launch import CHROMIUM, CHROMIUM_ARGS
from logs_bench import bench_logs
from logs_bench import summary_rows as logs_summary_rows
from paste_bench import bench_paste
from paste_bench import summary_rows as paste_summary_rows

from ndr_atlas.diagnose import InputError, as_text

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "site"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SUBPATH = "/ndr-atlas/"
BOOT_TIMEOUT_MS = 120_000
PASTES_PER_RUN = 3
DEFAULT_SAMPLE = REPO / "tests" / "fixtures" / "ndr-en-outlook-paste.txt"
FALLBACK_SAMPLE = """Delivery has failed to these recipients or groups:

jane.doe@example.com
The email address you entered couldn't be found.

Diagnostic information for administrators:

Generating server: AM0PR01MB1234.eurprd01.prod.exchangelabs.com

jane.doe@example.com
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient jane.doe@example.com not found by SMTP address lookup'
"""
PERL_LOOP = r"""
use strict; use warnings; use Sisimai;
my $rise = Sisimai->can('rise') ? 1 : 0;
my $records = 0;
for my $file (@ARGV) {
    my $got = $rise ? Sisimai->rise($file) : Sisimai->make($file);
    $records += scalar @$got if $got;
}
print "$records\n";
"""
# The bare-Pyodide baseline: a page and a module worker, served from memory next to the site.
BOOT_PAGE = b"""<!doctype html><meta charset="utf-8"><title>bare pyodide</title>
<script type="module">
const root = new URL("../", location.href);
window.pyodideReady = new Promise((resolve, reject) => {
  const worker = new Worker(new URL("__bench__/boot-worker.mjs", root), { type: "module" });
  worker.onmessage = (event) => event.data.error ? reject(new Error(event.data.error)) : resolve(event.data);
  worker.onerror = (event) => reject(new Error(event.message || "worker failed"));
  worker.postMessage(root.href);
});
</script>
"""
BOOT_WORKER = b"""self.onmessage = async (event) => {
  try {
    const started = performance.now();
    const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", event.data).href);
    const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", event.data).href });
    pyodide.runPython("1 + 1");
    self.postMessage({ ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
"""
VIRTUAL = {
    SUBPATH + "__bench__/boot.html": (BOOT_PAGE, "text/html"),
    SUBPATH + "__bench__/boot-worker.mjs": (BOOT_WORKER, "text/javascript"),
}
# Click "Diagnose" and wait, inside the page, until the result is rendered (data-state "done").
TIMED_CLICK = """async () => {
  const out = document.querySelector("[data-testid=diagnosis]");
  const button = document.querySelector("[data-testid=diagnose]");
  const started = performance.now();
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (out.dataset.state === "done") { observer.disconnect(); resolve(performance.now() - started); }
    });
    observer.observe(out, { attributes: true, attributeFilter: ["data-state"] });
  });
  button.click();
  const ms = await done;
  return { ms, results: out.querySelectorAll("[data-testid=result]").length };
}"""


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ under SUBPATH only (as tests/conftest.py does), plus the two baseline files."""

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        name = str(path)
        if name.endswith(".mjs"):
            return "text/javascript"
        if name.endswith(".wasm"):
            return "application/wasm"
        return super().guess_type(path)

    def do_GET(self) -> None:
        virtual = VIRTUAL.get(self.path.split("?")[0])
        if virtual is None:
            super().do_GET()
            return
        body, kind = virtual
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return str(SITE / "__outside_subpath__")
        return super().translate_path("/" + path[len(SUBPATH) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    finally:
        server.shutdown()
        server.server_close()


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(
    command: list[str], runs: int, check: Callable[[str], str | None], env: dict[str, str] | None = None
) -> tuple[list[float], str | None]:
    """Wall times of ``runs`` runs of ``command`` (after one untimed warm-up); the first problem found, if any."""
    times: list[float] = []
    problem = None
    for i in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            return times, f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
        problem = problem or check(done.stdout)
        if i:
            times.append(elapsed)
    return times, problem


def corpus_files(corpus: Path) -> tuple[list[str], list[str]]:
    """(files the CLI accepts, files it refuses), in index.jsonl order."""
    accepted, refused = [], []
    with (corpus / "index.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            path = corpus / "emails" / json.loads(line)["id"]
            try:
                as_text(path.read_bytes())
            except InputError:
                refused.append(str(path))
                continue
            accepted.append(str(path))
    return accepted, refused


def sisimai_available() -> tuple[bool, str]:
    def probe() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["perl", "-MSisimai", "-e", "print $Sisimai::VERSION"], capture_output=True, text=True, check=False)

    if shutil.which("perl") is None:
        return False, "perl is not installed"
    found = probe()
    if found.returncode == 0:
        return True, found.stdout.strip()
    if os.geteuid() != 0:
        return False, "Sisimai is not installed (as root: apt-get install -y libsisimai-perl); skipped"
    print("Sisimai missing: apt-get install -y libsisimai-perl …", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "libsisimai-perl"]
    if subprocess.run(install, capture_output=True, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, check=False)
        subprocess.run(install, capture_output=True, env=env, check=False)
    found = probe()
    return (True, found.stdout.strip()) if found.returncode == 0 else (False, "apt-get could not install libsisimai-perl; skipped")


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("ndr-atlas")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ndr_atlas"]


def bench_cli(args: argparse.Namespace, report: dict[str, Any]) -> None:
    files, refused = corpus_files(args.corpus)
    section: dict[str, Any] = {"files": len(files), "refused_by_cli": [Path(f).name for f in refused], "runs": args.runs}
    report["cli"] = section
    command = [*cli_command(), "diagnose", "--json", *(["--catalog", args.catalog] if args.catalog else []), *files]
    # An installed CLI starts from byte-compiled modules (pip compiles them); a source checkout run
    # with PYTHONDONTWRITEBYTECODE=1 would compile every module at every start instead.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "ndr_atlas")], check=False)

    def check_cli(stdout: str) -> str | None:
        # One JSON line per message: an mbox file gives one per message it holds.
        seen = {json.loads(line)["file"] for line in stdout.splitlines() if line.strip()}
        return None if len(seen) == len(files) else f"JSON lines for {len(seen)} of {len(files)} files"

    # The CLI keeps its compiled patterns in a cache, as Python keeps byte code: the untimed warm-up
    # run fills a cache of the benchmark's own; the same runs without any cache are reported beside.
    with tempfile.TemporaryDirectory(prefix="ndr-atlas-bench-cache-") as cache:
        times, problem = timed(command, args.runs, check_cli, env={**os.environ, "NDR_ATLAS_CACHE_DIR": cache})
    uncached, uncached_problem = timed(command, args.runs, check_cli, env={**os.environ, "NDR_ATLAS_CACHE_DIR": ""})
    section["ndr_atlas"] = {
        "seconds": times,
        "median_s": median(times),
        "files_per_s": len(files) / median(times) if times else None,
        "problem": problem,
    }
    section["ndr_atlas_no_pattern_cache"] = {
        "seconds": uncached,
        "median_s": median(uncached),
        "files_per_s": len(files) / median(uncached) if uncached else None,
        "problem": uncached_problem,
    }
    if args.skip_sisimai:
        section["sisimai"] = {"skipped": "--skip-sisimai"}
        return
    ok, version = sisimai_available()
    if not ok:
        section["sisimai"] = {"skipped": version}
        return
    with tempfile.NamedTemporaryFile("w", suffix=".pl", delete=False) as script:
        script.write(PERL_LOOP)
    try:
        records: list[int] = []

        def check_perl(stdout: str) -> str | None:
            records.append(int(stdout.strip() or 0))
            return None

        perl_times, perl_problem = timed(["perl", script.name, *files], args.runs, check_perl)
    finally:
        os.unlink(script.name)
    section["sisimai"] = {
        "version": version,
        "seconds": perl_times,
        "median_s": median(perl_times),
        "files_per_s": len(files) / median(perl_times) if perl_times else None,
        "records": records[-1] if records else None,
        "problem": perl_problem,
    }
    ours, theirs = section["ndr_atlas"]["files_per_s"], section["sisimai"]["files_per_s"]
    section["ratio"] = ours / theirs if ours and theirs else None
    cold = section["ndr_atlas_no_pattern_cache"]["files_per_s"]
    section["ratio_no_pattern_cache"] = cold / theirs if cold and theirs else None


# Until the service worker holds the engine (its precache is all or nothing).
# Resolves, inside the page, the moment the diagnoser's output reaches a state (a MutationObserver, so
# no polling delay: Playwright's wait_for_selector re-checks at growing intervals, up to 500 ms apart,
# which had added up to half a second to a measure, at random). Rejects after the given milliseconds.
STATE_REACHED = """([state, timeout]) => new Promise((resolve, reject) => {
  const reached = () => document.querySelector(`[data-testid=diagnosis][data-state=${state}]`);
  if (reached()) { resolve(); return; }
  const observer = new MutationObserver(() => { if (reached()) { observer.disconnect(); resolve(); } });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  setTimeout(() => { observer.disconnect(); reject(new Error(`no ${state} state after ${timeout} ms`)); }, timeout);
})"""
# The worker keeps the inflated snapshot once the first result is shown (10 s at most: it may find no room).
RAW_KEPT = """async () => { for (let i = 0; i < 100; i++) {
    if ((await (await caches.open("ndr-engine-raw")).keys()).length) return true;
    await new Promise((r) => setTimeout(r, 100)); } return false; }"""
SW_CACHED = """async () => { await navigator.serviceWorker.ready;
  for (;;) { for (const key of await caches.keys()) {
      if (await (await caches.open(key)).match(new URL("../assets/engine/manifest.json", location.href))) return true; }
    await new Promise((r) => setTimeout(r, 100)); } }"""


def served_bytes(base: str, urls: list[str], cache: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(bytes as served, bytes gzip-compressed as a static host sends them) of these site URLs."""
    raw = packed = 0
    for url in urls:
        if not url.startswith(base):
            continue
        path = SITE / url[len(base) :].split("?")[0].split("#")[0]
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        if str(path) not in cache:
            data = path.read_bytes()
            cache[str(path)] = (len(data), len(data) if path.suffix == ".gz" else len(gzip.compress(data, 6)))
        raw += cache[str(path)][0]
        packed += cache[str(path)][1]
    return raw, packed


def fresh_profile(playwright: Any) -> tuple[Any, str]:
    """A browser with a new, empty profile (disk cache, no service worker): a first-time visitor."""
    profile = tempfile.mkdtemp(prefix="ndr-atlas-bench-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, permissions=["clipboard-read", "clipboard-write"]
    )
    return context, profile


def close_profile(context: Any, profile: str) -> None:
    context.close()
    shutil.rmtree(profile, ignore_errors=True)


def first_visit(playwright: Any, base: str, sample: str, sizes: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """A cold visit: open the diagnoser, paste at once, wait for the result; then the warm repeat visit.

    A new browser profile each time (empty disk cache, no service worker), as a first-time visitor has:
    an incognito context's small memory cache would make the service worker download Pyodide again.
    """
    context, profile = fresh_profile(playwright)
    urls: list[str] = []

    def finished(request: Any) -> None:  # responses with a body (not 304 revalidations, not cache hits)
        if request.sizes()["responseBodySize"] > 0:
            urls.append(request.url)

    context.on("requestfinished", finished)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(base + "diagnose/")
    page.evaluate("(t) => navigator.clipboard.writeText(t)", sample)
    page.focus("[data-testid=ndr-input]")
    page.keyboard.press("Control+V")
    page.evaluate(STATE_REACHED, ["done", BOOT_TIMEOUT_MS])
    result_s = time.perf_counter() - started
    seen = list(urls)
    out = page.locator("[data-testid=diagnosis]")
    visit = {
        "open_paste_result_s": result_s,
        "results": out.locator("[data-testid=result]").count(),
        "engine": out.get_attribute("data-engine"),
        "stages_ms": json.loads(out.get_attribute("data-engine-stages") or "{}"),
    }
    visit["bytes"], visit["bytes_gzip"] = served_bytes(base, seen, sizes)
    visit["requests"] = len(seen)
    pasted = []
    for _ in range(PASTES_PER_RUN):
        page.fill("[data-testid=ndr-input]", sample)
        pasted.append(float(page.evaluate(TIMED_CLICK)["ms"]) / 1000)
    visit["paste_to_result_s"] = pasted
    page.evaluate(SW_CACHED)
    page.evaluate(RAW_KEPT)
    page.close()
    warm = context.new_page()
    started = time.perf_counter()
    warm.goto(base + "diagnose/", wait_until="commit")
    warm.evaluate(STATE_REACHED, ["ready", BOOT_TIMEOUT_MS])
    visit["warm_ready_s"] = time.perf_counter() - started
    visit["warm_engine"] = warm.locator("[data-testid=diagnosis]").get_attribute("data-engine")
    visit["warm_stages_ms"] = json.loads(warm.locator("[data-testid=diagnosis]").get_attribute("data-engine-stages") or "{}")
    close_profile(context, profile)
    return visit


def cold_ready(playwright: Any, base: str) -> tuple[float, str | None]:
    """Page open -> ready in a fresh profile, nothing pasted."""
    context, profile = fresh_profile(playwright)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(base + "diagnose/", wait_until="commit")
    page.evaluate(STATE_REACHED, ["ready", BOOT_TIMEOUT_MS])
    ready = time.perf_counter() - started
    engine = page.locator("[data-testid=diagnosis]").get_attribute("data-engine")
    close_profile(context, profile)
    return ready, engine


def bare_boot(playwright: Any, base: str) -> tuple[float, float]:
    """The baseline, in a fresh profile too: page open -> Pyodide booted in a worker -> 1 + 1."""
    context, profile = fresh_profile(playwright)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(base + "__bench__/boot.html")
    inner = page.evaluate("() => window.pyodideReady")
    elapsed = time.perf_counter() - started
    close_profile(context, profile)
    return elapsed, float(inner["ms"]) / 1000


def bench_browser(args: argparse.Namespace, report: dict[str, Any]) -> None:
    section: dict[str, Any] = {"runs": args.runs}
    report["browser"] = section
    if not (SITE / "diagnose" / "index.html").exists() or not (SITE / "pyodide" / "pyodide.mjs").exists():
        section["skipped"] = "site/ is not built (make build)"
        return
    if not Path(CHROMIUM).exists():
        section["skipped"] = f"no Chromium at {CHROMIUM}"
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        section["skipped"] = "playwright is not installed"
        return
    sample = (
        args.sample.read_text(encoding="utf-8", errors="replace")
        if args.sample
        else (DEFAULT_SAMPLE.read_text(encoding="utf-8") if DEFAULT_SAMPLE.exists() else FALLBACK_SAMPLE)
    )
    visits: list[dict[str, Any]] = []
    ready: list[float] = []
    engines: list[str | None] = []
    bare: list[float] = []
    bare_worker: list[float] = []
    sizes: dict[str, tuple[int, int]] = {}
    with serve_site() as base, sync_playwright() as p:
        for run in range(args.runs + 1):  # run 0 warms up (OS file cache, server threads) and is not counted
            visit = first_visit(p, base, sample, sizes)
            ready_s, engine = cold_ready(p, base)
            bare_s, bare_worker_s = bare_boot(p, base)
            if run:
                visits.append(visit)
                ready.append(ready_s)
                engines.append(engine)
                bare.append(bare_s)
                bare_worker.append(bare_worker_s)
    open_paste = [v["open_paste_result_s"] for v in visits]
    paste = [s for v in visits for s in v["paste_to_result_s"]]
    warm = [v["warm_ready_s"] for v in visits]
    section.update(
        {
            "sample_chars": len(sample),
            "sample_results": visits[-1]["results"] if visits else 0,
            "engine": sorted({str(e) for e in engines} | {str(v["engine"]) for v in visits}),
            "open_paste_result_s": open_paste,
            "open_paste_result_median_s": median(open_paste),
            "bare_pyodide_s": bare,
            "bare_pyodide_median_s": median(bare),
            "bare_pyodide_in_worker_s": bare_worker,
            "ratio_open_paste_bare": median(open_paste) / median(bare) if bare else None,
            "ready_s": ready,
            "ready_median_s": median(ready),
            "ratio_ready_bare": median(ready) / median(bare) if bare else None,
            "warm_ready_s": warm,
            "warm_ready_median_s": median(warm),
            "warm_engine": sorted({str(v["warm_engine"]) for v in visits}),
            "first_visit_stages_ms": [v["stages_ms"] for v in visits],
            "warm_stages_ms": [v["warm_stages_ms"] for v in visits],
            "first_visit_bytes": visits[-1]["bytes"] if visits else None,
            "first_visit_bytes_gzip": visits[-1]["bytes_gzip"] if visits else None,
            "first_visit_requests": visits[-1]["requests"] if visits else None,
            "paste_to_result_s": paste,
            "paste_to_result_median_s": median(paste),
        }
    )


def bench_pastes(runs: int, report: dict[str, Any]) -> None:
    """Big pastes (bench/paste_bench.py): the layout curve behind INLINE_PASTE_MAX, a 10 MB paste and drop."""
    if not (SITE / "diagnose" / "index.html").exists() or not Path(CHROMIUM).exists():
        report["paste"] = {"skipped": "site/ is not built or no Chromium"}
        return
    from playwright.sync_api import sync_playwright

    with serve_site() as base, sync_playwright() as p:
        report["paste"] = bench_paste(p, base, CHROMIUM, CHROMIUM_ARGS, runs)


def print_summary(report: dict[str, Any]) -> None:
    rows: list[tuple[str, str]] = []
    cli = report.get("cli")
    if cli:
        ours = cli["ndr_atlas"]
        if ours.get("files_per_s"):
            rows.append(
                (
                    "CLI ndr-atlas diagnose --json",
                    f"{ours['files_per_s']:.0f} files/s  ({cli['files']} files, median {ours['median_s']:.2f} s)",
                )
            )
        if ours.get("problem"):
            rows.append(("  problem", ours["problem"]))
        cold = cli.get("ndr_atlas_no_pattern_cache", {})
        if cold.get("files_per_s"):
            rows.append(("  without its pattern cache", f"{cold['files_per_s']:.0f} files/s  (median {cold['median_s']:.2f} s)"))
        theirs = cli.get("sisimai", {})
        if theirs.get("skipped"):
            rows.append(("Sisimai", "skipped: " + theirs["skipped"]))
        elif theirs.get("files_per_s"):
            rows.append(
                (
                    f"Sisimai {theirs['version']} (perl, same files)",
                    f"{theirs['files_per_s']:.0f} files/s  (median {theirs['median_s']:.2f} s, {theirs['records']} records)",
                )
            )
            rows.append(("  ratio ndr-atlas / Sisimai", f"{cli['ratio']:.2f}x"))
            if cli.get("ratio_no_pattern_cache"):
                rows.append(("  ratio without the pattern cache", f"{cli['ratio_no_pattern_cache']:.2f}x"))
        elif theirs.get("problem"):
            rows.append(("Sisimai", "failed: " + theirs["problem"]))
        if cli["refused_by_cli"]:
            rows.append(("  left out (CLI refuses)", ", ".join(cli["refused_by_cli"])))
    browser = report.get("browser")
    if browser:
        if browser.get("skipped"):
            rows.append(("Browser", "skipped: " + browser["skipped"]))
        else:
            rows.append(
                (
                    "Open + paste at once -> result",
                    f"{browser['open_paste_result_median_s']:.2f} s  (engine: {', '.join(browser['engine'])})",
                )
            )
            rows.append(("Bare Pyodide boot (page open -> first result)", f"{browser['bare_pyodide_median_s']:.2f} s"))
            rows.append(("  ratio open + paste / bare", f"{browser['ratio_open_paste_bare']:.2f}x  (target <= 0.5x)"))
            rows.append(
                (
                    "Diagnoser ready, cold (page open -> ready)",
                    f"{browser['ready_median_s']:.2f} s  ({browser['ratio_ready_bare']:.2f}x bare)",
                )
            )
            rows.append(
                (
                    "Repeat visit, warm (page open -> ready)",
                    f"{browser['warm_ready_median_s']:.2f} s  (engine: {', '.join(browser['warm_engine'])})",
                )
            )
            rows.append(
                (
                    "First-visit bytes (open + paste -> result)",
                    f"{browser['first_visit_bytes'] / 1e6:.1f} MB as served, "
                    f"{browser['first_visit_bytes_gzip'] / 1e6:.1f} MB gzip "
                    f"({browser['first_visit_requests']} requests)",
                )
            )
            rows.append(
                (
                    "Paste -> result (once ready)",
                    f"{browser['paste_to_result_median_s'] * 1000:.0f} ms  "
                    f"({browser['sample_chars']} chars, {browser['sample_results']} result(s))",
                )
            )
    rows += paste_summary_rows(report)
    rows += logs_summary_rows(report)
    width = max(len(name) for name, _ in rows) if rows else 0
    print(f"\nNDR Atlas speed ({report['runs']} runs, medians)")
    print("-" * (width + 40))
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Speed of the NDR Atlas CLI (vs Sisimai) and of the browser diagnoser (vs bare Pyodide).")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per measurement (median reported)")
    parser.add_argument("--skip-browser", action="store_true", help="do not run the browser measurements")
    parser.add_argument("--skip-sisimai", action="store_true", help="do not run Sisimai")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"corpus folder (default {DEFAULT_CORPUS})")
    parser.add_argument("--catalog", help="compiled catalog.json for the CLI instead of the packaged one")
    parser.add_argument("--sample", type=Path, help=f"text to paste in the diagnoser (default {DEFAULT_SAMPLE.relative_to(REPO)})")
    parser.add_argument("--skip-logs", action="store_true", help="do not run the log reading measurements (bench/logs_bench.py)")
    parser.add_argument("--skip-pflogsumm", action="store_true", help="do not run pflogsumm")
    parser.add_argument("--json", dest="json_out", type=Path, help="write every measurement to this JSON file")
    args = parser.parse_args(argv)
    args.runs = max(1, args.runs)
    report: dict[str, Any] = {"runs": args.runs}
    if (args.corpus / "index.jsonl").exists():
        bench_cli(args, report)
    else:
        print(f"bench: no corpus at {args.corpus}; CLI throughput skipped", file=sys.stderr)
    if not args.skip_logs:
        bench_logs(cli_command(), min(args.runs, 5), report, skip_pflogsumm=args.skip_pflogsumm)
    if not args.skip_browser:
        bench_browser(args, report)
        bench_pastes(min(args.runs, 5), report)
    print_summary(report)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
