// The Python side of the diagnoser, set up the same way in the browser worker (at boot) and in
// Node at build time (before the memory snapshot is taken), so a restored snapshot is exactly
// what a normal boot would have produced.

const PY_SETUP = `
import json
import sys

if "/home/pyodide" not in sys.path:
    sys.path.insert(0, "/home/pyodide")

import ndr_atlas
from ndr_atlas.catalog import catalog_from_data
from ndr_atlas.diagnose import InputError, diagnose_all

# Every runtime module imported now, so a snapshot holds them all (its files are not on disk
# after a restore). One that needs an optional package (olefile) is imported when it is used.
for _name in json.loads(_module_names):
    try:
        __import__(_name)
    except ImportError:
        pass
del _module_names, _name

_CATALOG = catalog_from_data(json.loads(_catalog_json))
_CATALOG_ENTRIES = len(json.loads(_catalog_json)["entries"])
del _catalog_json

def diagnose_json(name, data):
    """One JSON string per input: every report of it (several for an mbox), or a clear error."""
    if not isinstance(data, str):
        data = data.to_bytes()
    try:
        reports = diagnose_all(data, _CATALOG)
    except InputError as exc:
        return json.dumps({"name": name, "error": str(exc)})
    out = []
    for report in reports:
        item = report.to_json()
        item["note"] = {"en": report.note("en"), "it": report.note("it")}
        out.append(item)
    return json.dumps({"name": name, "reports": out})

def describe_json(pages):
    """Titles and summaries of catalog pages ("codes/5.1.1/" or "codes/5.1.1/#variant"): a shared link names only pages."""
    out = {}
    for page in json.loads(pages):
        base, _, variant_id = page.partition("#")
        for entry in _CATALOG.entries:
            if entry.page != base:
                continue
            variant = next((v for v in entry.variants if v.id == variant_id), None)
            titles = variant.titles if variant else entry.titles
            summaries = (variant.summaries if variant else None) or entry.summaries
            out[page] = {"titles": titles, "summaries": summaries}
            break
    return json.dumps(out)

def engine_info():
    return json.dumps({"runtime": _RUNTIME_HASH, "entries": _CATALOG_ENTRIES})
`;

// bundle: {files: {"ndr_atlas/x.py": source}, catalog: {...}}; runtimeHash names this bundle.
export function setUpClassifier(pyodide, bundle, runtimeHash) {
  const modules = [];
  for (const [path, source] of Object.entries(bundle.files)) {
    pyodide.FS.mkdirTree(`/home/pyodide/${path.slice(0, path.lastIndexOf("/"))}`);  // sub-packages (ndr_atlas/formats)
    pyodide.FS.writeFile(`/home/pyodide/${path}`, source);
    if (path.endsWith(".py")) modules.push(path.slice(0, -3).replace(/\/__init__$/, "").replaceAll("/", "."));
  }
  pyodide.globals.set("_catalog_json", JSON.stringify(bundle.catalog));
  pyodide.globals.set("_module_names", JSON.stringify(modules));
  pyodide.globals.set("_RUNTIME_HASH", runtimeHash);
  pyodide.runPython(PY_SETUP);
}

// What the Python side says it holds: the runtime hash it was set up with, the catalog size.
export function engineInfo(pyodide) {
  return JSON.parse(pyodide.runPython("engine_info()"));
}
