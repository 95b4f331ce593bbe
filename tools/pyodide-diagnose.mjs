// The browser diagnoser's engine, run in Node: Pyodide (node_modules/pyodide, no network) set up with
// the classifier exactly as the page's worker sets it up (docs/assets/js/engine-setup.mjs), then the
// worker's own call, diagnose_json(name, bytes), on each file, read as bytes as a dropped file is.
// tests/test_pyodide_parity.py compares its answers with the CLI's (CPython) on our fixtures.
//
//   node tools/pyodide-diagnose.mjs <runtime bundle .json> [--olefile <wheel>] [--list <file of paths>] [<file>...] [--as-text …]
//
// The bundle is {"files": {"ndr_atlas/x.py": source}, "catalog": {...}}, as the site's build writes it
// (ndr_atlas_build.hooks.runtime_bundle). --olefile names the wheel the worker loads when an input
// needs it (docs/assets/js/olefile-need.mjs, the worker's own check): the inputs that do not are read
// first, without olefile, as a page that has not loaded it reads them; then the wheel is loaded and
// the others are read. --as-text passes each file's text (UTF-8) as the page passes a paste. Prints
// one JSON line per file: {"file": path, "olefile": version or "", ...what the worker posts for it}.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setUpClassifier } from "../docs/assets/js/engine-setup.mjs";
import { needsOlefile } from "../docs/assets/js/olefile-need.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const bundlePath = args.shift();
const inputs = [];  // {file, pasted}
let olefile = "";
let pasted = false;
while (args.length) {
  const arg = args.shift();
  if (arg === "--olefile") olefile = args.shift();
  else if (arg === "--as-text") pasted = true;
  else if (arg === "--list") inputs.push(...readFileSync(args.shift(), "utf-8").split("\n").filter(Boolean).map((file) => ({ file, pasted })));
  else inputs.push({ file: arg, pasted });
}
if (!bundlePath) {
  console.error("usage: pyodide-diagnose.mjs <runtime bundle .json> [--olefile <wheel>] [--list <file of paths>] [<file>...] [--as-text …]");
  process.exit(2);
}
const pyodideDir = resolve(root, "node_modules", "pyodide");
const { loadPyodide, version } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/" });
setUpClassifier(pyodide, JSON.parse(readFileSync(bundlePath, "utf-8")), "parity");
const python = pyodide.runPython("import sys; sys.version.split()[0]");
process.stdout.write(JSON.stringify({ pyodide: version, python }) + "\n");
const diagnoseJson = pyodide.globals.get("diagnose_json");
for (const input of inputs) {
  input.data = input.pasted ? readFileSync(input.file, "utf-8") : new Uint8Array(readFileSync(input.file));
  input.olefile = needsOlefile(input.data);
}
let loaded = "";  // the olefile version Python imports once the wheel is loaded
inputs.filter((input) => !input.olefile).forEach(diagnose);
const needing = inputs.filter((input) => input.olefile);
if (needing.length && olefile) {
  await pyodide.loadPackage(resolve(olefile), { messageCallback: () => {} });
  loaded = pyodide.runPython("import importlib; importlib.invalidate_caches(); import olefile; olefile.__version__");
}
needing.forEach(diagnose);
diagnoseJson.destroy();

function diagnose({ file, pasted, data, olefile }) {
  const name = file.slice(file.lastIndexOf("/") + 1);
  let output;
  try {  // as the worker does: an exception is that input's error, the rest still run
    output = JSON.parse(diagnoseJson(name, data));
  } catch (error) {
    const message = String(error && error.message ? error.message : error);
    output = { name, error: "the diagnoser failed on this input: " + message.split("\n").slice(-2).join(" "), crash: message };
  }
  // "olefile": the version loaded for this input, as the worker posts it with a result ("" when not loaded).
  process.stdout.write(JSON.stringify({ file, ...(pasted ? { pasted } : {}), olefile: olefile ? loaded : "", ...output }) + "\n");
}
