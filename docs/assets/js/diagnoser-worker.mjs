// Web Worker: boots Pyodide (self-hosted under <root>/pyodide/), loads the NDR Atlas classifier
// sources and compiled catalog from one JSON bundle, then answers "diagnose" requests.
// Everything stays inside the browser: the only requests are for these static files.

let diagnoseJson = null;

const PY_SETUP = `
import json
from ndr_atlas.catalog import catalog_from_data
from ndr_atlas.diagnose import InputError, diagnose_all

_CATALOG = catalog_from_data(json.loads(_catalog_json))
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
`;

async function boot(root) {
  const started = performance.now();
  const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", root).href);
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", root).href });
  const response = await fetch(new URL("assets/ndr-atlas-runtime.json", root).href);
  if (!response.ok) throw new Error(`cannot load the classifier (${response.status})`);
  const bundle = await response.json();
  pyodide.FS.mkdirTree("/home/pyodide/ndr_atlas");
  for (const [path, source] of Object.entries(bundle.files)) {
    pyodide.FS.mkdirTree(`/home/pyodide/${path.slice(0, path.lastIndexOf("/"))}`);  // sub-packages (ndr_atlas/formats)
    pyodide.FS.writeFile(`/home/pyodide/${path}`, source);
  }
  pyodide.globals.set("_catalog_json", JSON.stringify(bundle.catalog));
  pyodide.runPython("import sys\nif '/home/pyodide' not in sys.path: sys.path.insert(0, '/home/pyodide')");
  pyodide.runPython(PY_SETUP);
  diagnoseJson = pyodide.globals.get("diagnose_json");
  return { ms: Math.round(performance.now() - started), entries: bundle.catalog.entries.length };
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      const info = await boot(message.root);
      self.postMessage({ type: "ready", ...info });
    } catch (error) {
      self.postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
    }
    return;
  }
  if (message.type === "diagnose") {
    const started = performance.now();
    const outputs = [];
    for (const input of message.inputs) {
      try {
        outputs.push(JSON.parse(diagnoseJson(input.name, input.data)));
      } catch (error) {
        outputs.push({ name: input.name, error: "the diagnoser failed on this input: " + String(error && error.message ? error.message : error).split("\n").slice(-2).join(" ") });
      }
    }
    self.postMessage({ type: "result", id: message.id, outputs, ms: Math.round(performance.now() - started) });
  }
};
