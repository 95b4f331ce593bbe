// Web Worker of the "Analyse logs" page: boots Pyodide (self-hosted under <root>/pyodide/), loads
// the classifier, the catalog and the log readers, then reads the files it is given in steps,
// reporting progress between steps. The files never leave the browser: they are copied into
// Pyodide's in-memory file system and read there.

let pyodide = null;
let newReport = null;

const PY_SETUP = `
import json
from ndr_atlas.catalog import catalog_from_data
from ndr_atlas.logs.report import LogReport

_CATALOG = catalog_from_data(json.loads(_catalog_json))
del _catalog_json

def new_report():
    return LogReport(_CATALOG)
`;

async function fetchJson(root, path) {
  const response = await fetch(new URL(path, root).href);
  if (!response.ok) throw new Error(`cannot load ${path} (${response.status})`);
  return response.json();
}

async function boot(root) {
  const started = performance.now();
  const { loadPyodide } = await import(new URL("pyodide/pyodide.mjs", root).href);
  pyodide = await loadPyodide({ indexURL: new URL("pyodide/", root).href });
  const [runtime, readers] = await Promise.all([fetchJson(root, "assets/ndr-atlas-runtime.json"), fetchJson(root, "assets/ndr-atlas-logs.json")]);
  pyodide.FS.mkdirTree("/tmp/logs");
  for (const [path, source] of [...Object.entries(runtime.files), ...Object.entries(readers.files)]) {
    pyodide.FS.mkdirTree(`/home/pyodide/${path.slice(0, path.lastIndexOf("/"))}`);  // sub-packages (formats/, logs/)
    pyodide.FS.writeFile(`/home/pyodide/${path}`, source);
  }
  pyodide.globals.set("_catalog_json", JSON.stringify(runtime.catalog));
  pyodide.runPython("import sys\nif '/home/pyodide' not in sys.path: sys.path.insert(0, '/home/pyodide')");
  pyodide.runPython(PY_SETUP);
  newReport = pyodide.globals.get("new_report");
  return { ms: Math.round(performance.now() - started) };
}

async function analyse(id, files) {
  const report = newReport();
  try {
    for (let index = 0; index < files.length; index += 1) {
      const file = files[index];
      const path = `/tmp/logs/${index}`;
      pyodide.FS.writeFile(path, new Uint8Array(await file.arrayBuffer()));
      try {
        report.open(path, file.name);
        for (;;) {
          const progress = JSON.parse(report.step(20000));
          self.postMessage({ type: "progress", id, file: file.name, index, files: files.length, ...progress });
          if (progress.done) break;
        }
      } finally {
        pyodide.FS.unlink(path);
      }
    }
    self.postMessage({ type: "result", id, result: JSON.parse(report.result()) });
  } finally {
    report.destroy();
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      self.postMessage({ type: "ready", ...(await boot(message.root)) });
    } catch (error) {
      self.postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
    }
    return;
  }
  if (message.type === "analyse") {
    try {
      await analyse(message.id, message.files);
    } catch (error) {
      self.postMessage({ type: "failed", id: message.id, message: String(error && error.message ? error.message : error).split("\n").slice(-2).join(" ") });
    }
  }
};
