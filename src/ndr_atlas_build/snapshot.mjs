// Build time, in Node: boot Pyodide once, set up the classifier and its catalog exactly as the
// browser worker does, and write a gzip-compressed memory snapshot of that state. The worker
// restores it instead of booting (about ten times faster); see docs/assets/js/diagnoser-worker.mjs.
//
//   node src/ndr_atlas_build/snapshot.mjs <pyodide dir> <runtime bundle .json> <runtime hash> <output .gz>
//
// Prints one JSON line: {"pyodide", "runtime", "raw_bytes", "bytes", "entries"}.
// Pyodide's snapshot API is private (underscore options): the version is pinned in package.json
// and the worker checks every snapshot and falls back to a normal boot.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { engineInfo, setUpClassifier } from "../../docs/assets/js/engine-setup.mjs";

const [pyodideDir, bundlePath, runtimeHash, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: snapshot.mjs <pyodide dir> <runtime bundle .json> <runtime hash> <output .gz>");
  process.exit(2);
}
const { loadPyodide, version } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: resolve(pyodideDir) + "/", _makeSnapshot: true });
setUpClassifier(pyodide, JSON.parse(readFileSync(bundlePath, "utf-8")), runtimeHash);
const info = engineInfo(pyodide);
if (info.runtime !== runtimeHash) throw new Error("the classifier was not set up");
const raw = pyodide.makeMemorySnapshot();
const packed = gzipSync(raw, { level: 9 });
writeFileSync(outPath, packed);
console.log(JSON.stringify({ pyodide: version, runtime: runtimeHash, raw_bytes: raw.length, bytes: packed.length, entries: info.entries }));
