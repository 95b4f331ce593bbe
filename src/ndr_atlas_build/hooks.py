"""MkDocs hooks: check and compile the catalog, add the generated pages, write what the
browser diagnoser loads (Pyodide, the Python sources, the compiled catalog) and the alias pages.

Both builds (English at the site root, Italian under it/) run these hooks; the shared browser
files are written once, by the English build, at the root of the site.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

SRC = Path(__file__).resolve().parents[1]
if str(SRC) not in sys.path:  # MkDocs loads hooks by path; make the packages importable
    sys.path.insert(0, str(SRC))

from ndr_atlas import __version__  # noqa: E402
from ndr_atlas_build.buildstate import get_build  # noqa: E402
from ndr_atlas_build.load import REPO_ROOT  # noqa: E402
from ndr_atlas_build.pages import index_reason_keywords, redirect_html  # noqa: E402

PYODIDE_DIR = REPO_ROOT / "node_modules" / "pyodide"
# The five files Pyodide needs to boot with the standard library only.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
SHARED_ASSETS = REPO_ROOT / "docs" / "assets"

# Which generated page comes from which YAML file ("Edit this page"), for the current build.
_edit_paths: dict[str, str] = {}


# The footer names the release the site was built from (the package's one version string).
FOOTER = {"en": "NDR Atlas {version} · MIT licence", "it": "NDR Atlas {version} · licenza MIT"}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    get_build()  # fail early, before anything is written, when the catalog is broken
    config["copyright"] = FOOTER[language(config)].format(version=__version__)
    return config


def language(config: MkDocsConfig) -> str:
    return str(config.theme["language"])


def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang = language(config)
    _edit_paths.clear()
    for page in get_build().site.pages(lang):
        files.append(File.generated(config, page.path, content=page.markdown))
        if page.edit_path:
            _edit_paths[page.path] = page.edit_path
    for path in sorted(SHARED_ASSETS.rglob("*")):
        if path.is_file():
            files.append(
                File(
                    str(path.relative_to(SHARED_ASSETS.parent)), str(SHARED_ASSETS.parent), config["site_dir"], config["use_directory_urls"]
                )
            )
    return files


def on_page_context(context: dict[str, Any], page: MkPage, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """ "Edit this page" on a generated page opens its YAML file in the repository."""
    edit_path = _edit_paths.get(page.file.src_uri)
    if edit_path and config.repo_url:
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{edit_path}"
    elif page.file.generated_by:
        page.edit_url = None
    return context


INLINE_SCRIPT_RE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
CSP_HASHES_MARKER = "'inline-script-hashes'"


def with_script_hashes(html: str) -> str:
    """Allow exactly this page's inline scripts (Material's) by hash, instead of 'unsafe-inline'."""
    hashes = sorted(
        {f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'" for body in INLINE_SCRIPT_RE.findall(html)}
    )
    return html.replace(CSP_HASHES_MARKER, " ".join(hashes), 1)


def on_post_page(output: str, page: MkPage, config: MkDocsConfig) -> str:
    return with_script_hashes(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return with_script_hashes(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config["site_dir"])
    lang = language(config)
    build = get_build()
    for code, target in build.site.redirects().items():
        path = site_dir / "codes" / code / "index.html"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(redirect_html(target, code, lang), encoding="utf-8")
    # Material's search plugin wrote its index before this hook runs (hooks come after plugins).
    search_index = site_dir / "search" / "search_index.json"
    index = index_reason_keywords(json.loads(search_index.read_text(encoding="utf-8")), lang)
    search_index.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    if lang == "en":
        write_browser_runtime(site_dir, build.compiled)
    else:  # the Italian build runs last: both languages are on disk now
        write_service_worker(site_dir.parent)


# What a visitor needs offline: the diagnoser and log pages in both languages with their assets
# and Pyodide. Paths are relative to the site root (the service worker's scope).
OFFLINE_PAGES = ("", "diagnose/", "logs/", "codes/", "it/", "it/diagnose/", "it/logs/", "it/codes/")
OFFLINE_ASSET_GLOBS = (
    "pyodide/*",
    "assets/ndr-atlas-runtime.json",
    "assets/engine/*",
    "assets/ndr-atlas-logs.json",
    "assets/js/*",
    "assets/css/*",
    "assets/javascripts/bundle.*.min.js",
    "assets/javascripts/workers/search.*.min.js",
    "assets/stylesheets/*.min.css",
    "assets/images/favicon.png",
    "it/assets/js/*",
    "it/assets/css/*",
    "it/assets/javascripts/bundle.*.min.js",
    "it/assets/javascripts/workers/search.*.min.js",
    "it/assets/stylesheets/*.min.css",
    "it/assets/images/favicon.png",
)


def write_service_worker(root: Path) -> None:
    files = sorted({p for pattern in OFFLINE_ASSET_GLOBS for p in root.glob(pattern) if p.is_file()})
    pages = [root / page / "index.html" for page in OFFLINE_PAGES]
    digest = hashlib.sha256()
    for path in [*files, *pages]:
        digest.update(path.read_bytes())
    precache = list(OFFLINE_PAGES) + [str(p.relative_to(root)) for p in files]
    template = (Path(__file__).with_name("templates") / "sw.js").read_text(encoding="utf-8")
    script = template.replace("__VERSION__", digest.hexdigest()[:16]).replace(
        "__PRECACHE__", json.dumps(["./" + p for p in precache], indent=2)
    )
    (root / "sw.js").write_text(script, encoding="utf-8")


def runtime_bundle(compiled: dict[str, Any]) -> dict[str, Any]:
    """What the diagnoser's worker sets up in Pyodide: the classifier's sources and the compiled catalog
    (also run in Node by tools/pyodide-diagnose.mjs, which tests/test_pyodide_parity.py compares with the CLI)."""
    package = SRC / "ndr_atlas"
    sources = {  # the package and its sub-packages (formats/), as paths under ndr_atlas/
        f"ndr_atlas/{path.relative_to(package).as_posix()}": path.read_text(encoding="utf-8")
        for path in sorted(package.rglob("*.py"))
        # The command line (with its pattern cache) and the log readers are not the diagnoser's (logs: a bundle of their own).
        if path.name not in ("cli.py", "logs_cli.py", "__main__.py", "launch.py", "patterncache.py")
        and not {"__pycache__", "logs"} & set(path.relative_to(package).parts)
    }
    return {"files": sources, "catalog": compiled}


def write_browser_runtime(site_dir: Path, compiled: dict[str, Any]) -> None:
    """Pyodide (self-hosted, no CDN) and one JSON bundle with the classifier's sources and catalog."""
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_DIR / name).exists()]
    if missing:
        raise Abort(f"Pyodide files missing in {PYODIDE_DIR}: {', '.join(missing)}; run `npm ci` (make does)")
    out = site_dir / "pyodide"
    out.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE_DIR / name, out / name)
    bundle = runtime_bundle(compiled)
    # The bundle's own hash names it: a memory snapshot is used only with the bundle it was made from.
    # (with the Python set-up the worker and the snapshot script share, the snapshot's layout, and the script itself).
    setup = b"".join(
        path.read_bytes()
        for path in (SHARED_ASSETS / "js" / "engine-setup.mjs", SHARED_ASSETS / "js" / "snapshot-layout.mjs", SNAPSHOT_SCRIPT)
    )
    bundle["runtime"] = hashlib.sha256(json.dumps(bundle, sort_keys=True).encode() + setup).hexdigest()[:16]
    runtime = site_dir / "assets" / "ndr-atlas-runtime.json"
    runtime.parent.mkdir(parents=True, exist_ok=True)
    runtime.write_text(json.dumps(bundle, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    # The log readers ("Analyse logs"), a bundle of their own: only that page's worker loads them.
    readers = {
        f"ndr_atlas/logs/{path.name}": path.read_text(encoding="utf-8") for path in sorted((SRC / "ndr_atlas" / "logs").glob("*.py"))
    }
    (site_dir / "assets" / "ndr-atlas-logs.json").write_text(json.dumps({"files": readers}, separators=(",", ":")), encoding="utf-8")
    write_engine_snapshot(site_dir, runtime, bundle["runtime"])


SNAPSHOT_SCRIPT = Path(__file__).with_name("snapshot.mjs")
SNAPSHOT_CACHE = REPO_ROOT / "build" / "snapshot"


def pyodide_version() -> str:
    return str(json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"])


def write_engine_snapshot(site_dir: Path, runtime: Path, runtime_hash: str) -> None:
    """assets/engine/: a gzipped Pyodide memory snapshot with the classifier set up, and its manifest.

    The snapshot is stored without its empty pages (docs/assets/js/snapshot-layout.mjs): the manifest
    gives the memory image's size (raw_bytes), the stored one's (packed_bytes) and the gzipped one's (bytes).

    The snapshot is made in Node by snapshot.mjs and kept in build/snapshot/ per (Pyodide version,
    runtime hash), so an unchanged catalog is not snapshotted again. NDR_ATLAS_SNAPSHOT=0 leaves
    it out: the diagnoser then boots Pyodide the slow way, as it does when a snapshot does not fit.
    """
    out = site_dir / "assets" / "engine"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    version = pyodide_version()
    manifest: dict[str, Any] = {"pyodide": version, "runtime": runtime_hash, "snapshot": None, "packages": {}}
    if os.environ.get("NDR_ATLAS_SNAPSHOT") != "0":
        name = f"pyodide-{version}-{runtime_hash}.snapshot.gz"
        info = make_snapshot(name, runtime, runtime_hash, version)
        shutil.copy2(SNAPSHOT_CACHE / name, out / name)
        manifest["snapshot"] = {"file": name, **{key: info[key] for key in ("bytes", "packed_bytes", "raw_bytes", "entries")}}
    wheel = olefile_wheel()
    if wheel is not None:
        shutil.copy2(wheel, out / wheel.name)
        manifest["packages"]["olefile"] = wheel.name
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


# Outlook .msg files are read with olefile (pure Python): its pinned wheel is self-hosted for the
# browser, which loads it only when a .msg arrives.
OLEFILE_WHEEL = "olefile-0.47-py2.py3-none-any.whl"
OLEFILE_SHA256 = "543c7da2a7adadf21214938bb79c83ea12b473a4b6ee4ad4bf854e7715e13d1f"
WHEEL_CACHE = REPO_ROOT / "build" / "wheels"


def olefile_wheel() -> Path | None:
    """The pinned wheel, downloaded once from PyPI into build/wheels/; None (and a warning) when it cannot be."""
    wheel = WHEEL_CACHE / OLEFILE_WHEEL
    if not wheel.exists():
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary",
            ":all:",
            "-d",
            str(WHEEL_CACHE),
            "olefile==0.47",
        ]
        subprocess.run(command, capture_output=True, check=False)
    if not wheel.exists() or hashlib.sha256(wheel.read_bytes()).hexdigest() != OLEFILE_SHA256:
        print(f"warning: {OLEFILE_WHEEL} is missing or altered: the browser diagnoser will not read .msg files", file=sys.stderr)
        return None
    return wheel


def make_snapshot(name: str, runtime: Path, runtime_hash: str, version: str) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        raise Abort("node is needed to build the diagnoser's memory snapshot (or set NDR_ATLAS_SNAPSHOT=0)")
    cached, cached_info = SNAPSHOT_CACHE / name, SNAPSHOT_CACHE / (name + ".json")
    if not (cached.exists() and cached_info.exists()):
        SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
        command = [node, str(SNAPSHOT_SCRIPT), str(PYODIDE_DIR), str(runtime), runtime_hash, str(cached)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            cached.unlink(missing_ok=True)
            raise Abort(f"the memory snapshot failed (node {SNAPSHOT_SCRIPT.name}):\n{done.stderr[-2000:]}")
        cached_info.write_text(done.stdout.strip().splitlines()[-1], encoding="utf-8")
    info: dict[str, Any] = json.loads(cached_info.read_text(encoding="utf-8"))
    if info.get("pyodide") != version or info.get("runtime") != runtime_hash:
        raise Abort(f"{cached} does not match Pyodide {version} and runtime {runtime_hash}: delete build/snapshot/")
    return info
