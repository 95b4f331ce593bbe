// Web Worker: starts Python (Pyodide, self-hosted under <root>/pyodide/) with the NDR Atlas
// classifier and catalog, then answers "diagnose" requests. Everything stays in the browser:
// the only requests are for the site's own static files.
//
// Fast path: restore the memory snapshot the build made in Node (assets/engine/, gzipped; see
// src/ndr_atlas_build/snapshot.mjs). The snapshot API of Pyodide is private, so every step is
// checked (manifest version and runtime hash, gzip CRC, Pyodide's own build id, what Python says
// it holds) and anything wrong falls back to the normal boot: Pyodide, then the classifier's
// sources and catalog from assets/ndr-atlas-runtime.json.
import { engineInfo, setUpClassifier } from "./engine-setup.mjs";
import { unpackSnapshot } from "./snapshot-layout.mjs";

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
let pyodide = null;
let diagnoseJson = null;
let manifest = null;
let root = "";
let olefileLoaded = null;
const stages = {};  // milliseconds since boot began, per step (reported with "ready"; bench/bench.py reads them)
let bootStarted = 0;

function mark(stage) { stages[stage] = Math.round(performance.now() - bootStarted); }

function progress(stage, done, total) {
  self.postMessage({ type: "progress", stage, done, total });
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

// Inflating the snapshot costs more than reading it: after the first start the inflated bytes
// (still without their empty pages, see snapshot-layout.mjs) are kept in the browser's Cache
// Storage (only the current one), so a repeat visit reads them.
// Not named "ndr-atlas-…": the service worker deletes those caches when the site changes.
const RAW_CACHE = "ndr-engine-raw";
let inflated = null;  // {key, bytes}: to keep once the engine is ready

function rawKey(info) { return new URL(`assets/engine/${info.file}.packed`, root).href; }

async function cachedSnapshot(info) {
  if (typeof caches === "undefined") return null;
  try {
    const found = await (await caches.open(RAW_CACHE)).match(rawKey(info));
    if (!found) return null;
    const packed = new Uint8Array(await found.arrayBuffer());
    return packed.length === info.packed_bytes ? unpackSnapshot(packed, info.raw_bytes) : null;
  } catch (error) {
    return null;
  }
}

async function keepInflated() {
  const kept = inflated;
  inflated = null;
  if (!kept || typeof caches === "undefined") return;
  try {
    const cache = await caches.open(RAW_CACHE);
    for (const request of await cache.keys()) await cache.delete(request);
    await cache.put(kept.key, new Response(kept.bytes, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch (error) {
    // No room or no Cache Storage: the next visit inflates again.
  }
}

// The snapshot's bytes: kept from an earlier visit, or downloaded (counted for the page's
// progress line) and inflated.
async function snapshotBytes(info) {
  const kept = await cachedSnapshot(info);
  if (kept) {
    stages.snapshot_from = "cache";
    mark("snapshot_inflated");
    progress("start");
    return kept;
  }
  stages.snapshot_from = "network";
  const response = await fetch(new URL(`assets/engine/${info.file}`, root).href);
  if (!response.ok || !response.body) throw new Error(`snapshot answered ${response.status}`);
  let done = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      done += chunk.byteLength;
      progress("download", done, info.bytes);
      controller.enqueue(chunk);
    },
  }));
  const [head, body] = counted.tee();
  // A server that already inflated it (Content-Encoding: gzip) hands over the raw snapshot.
  const peek = head.getReader();
  const first = (await peek.read()).value;
  peek.cancel();
  const gzipped = first && first[0] === 0x1f && first[1] === 0x8b;
  const stream = gzipped ? body.pipeThrough(new DecompressionStream("gzip")) : body;
  const packed = new Uint8Array(await new Response(stream).arrayBuffer());
  if (packed.length !== info.packed_bytes) throw new Error(`snapshot is ${packed.length} bytes, expected ${info.packed_bytes}`);
  const memory = unpackSnapshot(packed, info.raw_bytes);
  if (!memory) throw new Error("the snapshot's layout is broken");
  mark("snapshot_inflated");
  progress("start");
  inflated = { key: rawKey(info), bytes: packed };
  return memory;
}

// snapshot: the promise of its bytes, started as soon as the manifest named it.
async function restore(loadPyodide, version, snapshot) {
  const info = manifest && manifest.snapshot;
  if (!info || !snapshot) throw new Error("no snapshot in this build");
  try {
    if (manifest.pyodide !== version) throw new Error(`snapshot made with Pyodide ${manifest.pyodide}, this is ${version}`);
    const py = await loadPyodide({ indexURL: new URL("pyodide/", root).href, _loadSnapshot: snapshot });
    mark("restored");
    const held = engineInfo(py);
    if (held.runtime !== manifest.runtime || held.entries !== info.entries) throw new Error("snapshot holds another classifier");
    return py;
  } catch (error) {
    inflated = null;
    if (typeof caches !== "undefined") await caches.delete(RAW_CACHE).catch(() => {});
    throw error;
  }
}

async function bootFromSources(loadPyodide) {
  progress("start");
  const [py, bundle] = await Promise.all([
    loadPyodide({ indexURL: new URL("pyodide/", root).href }),
    fetchJson(new URL("assets/ndr-atlas-runtime.json", root).href).catch((error) => {
      throw new Error(`cannot load the classifier (${error.message})`);
    }),
  ]);
  setUpClassifier(py, bundle, bundle.runtime || "");
  return py;
}

// Pyodide's loader compiles its .wasm only once the snapshot is in hand (it awaits the snapshot
// first). Compiling is the other big cost, so it starts at once, alongside the snapshot: the
// loader's own request for the .wasm is handed this response, and its instantiateStreaming the
// module already compiled. Anything unexpected goes the loader's usual way.
function compileWasmEarly() {
  const url = new URL("pyodide/pyodide.asm.wasm", root).href;
  const response = fetch(url);
  const compiled = WebAssembly.compileStreaming(response);
  compiled.then(() => mark("wasm_compiled"), () => {});
  const nativeFetch = self.fetch;
  const nativeInstantiate = WebAssembly.instantiateStreaming;
  self.fetch = function (input, init) {
    if (String(input) !== url) return nativeFetch.call(self, input, init);
    self.fetch = nativeFetch;
    return response;
  };
  WebAssembly.instantiateStreaming = async function (source, imports) {
    if (source !== response) return nativeInstantiate.call(WebAssembly, source, imports);
    WebAssembly.instantiateStreaming = nativeInstantiate;
    let module;
    try {
      module = await compiled;
    } catch (error) {
      return nativeInstantiate.call(WebAssembly, nativeFetch.call(self, url), imports);
    }
    const instance = await WebAssembly.instantiate(module, imports);
    mark("wasm_instantiated");
    return { module, instance };
  };
}

async function boot() {
  const started = performance.now();
  bootStarted = started;
  compileWasmEarly();
  const loader = import(new URL("pyodide/pyodide.mjs", root).href);
  manifest = await fetchJson(new URL("assets/engine/manifest.json", root).href).catch(() => null);
  // The snapshot (read back or downloaded) while the loader still arrives.
  const snapshot = manifest && manifest.snapshot ? snapshotBytes(manifest.snapshot) : null;
  if (snapshot) snapshot.catch(() => {});  // a failed one is reported by the restore
  const { loadPyodide, version } = await loader;
  mark("loader");
  let mode = "snapshot";
  let fallbackReason = "";
  try {
    pyodide = await restore(loadPyodide, version, snapshot);
  } catch (error) {
    mode = "boot";
    fallbackReason = String(error && error.message ? error.message : error).split("\n")[0];
    pyodide = await bootFromSources(loadPyodide);
  }
  diagnoseJson = pyodide.globals.get("diagnose_json");
  mark("ready");
  return { ms: Math.round(performance.now() - started), mode, fallbackReason, stages, entries: engineInfo(pyodide).entries };
}

function isOle(data) {
  return data instanceof Uint8Array && OLE_MAGIC.every((byte, i) => data[i] === byte);
}

// Outlook .msg files need olefile (a self-hosted pure-Python wheel), loaded on the first one only.
// Resolves to the version Python then imports ("" when it cannot be loaded: the classifier then
// says clearly that it cannot read the file).
function loadOlefile() {
  const wheel = manifest && manifest.packages && manifest.packages.olefile;
  if (!wheel) return Promise.resolve("");
  olefileLoaded = olefileLoaded || pyodide.loadPackage(new URL(`assets/engine/${wheel}`, root).href)
    .then(() => pyodide.runPython("import importlib; importlib.invalidate_caches(); import olefile; olefile.__version__"))
    .catch(() => { olefileLoaded = null; return ""; });
  return olefileLoaded;
}

function failure(error) {
  return String(error && error.message ? error.message : error).split("\n").slice(-2).join(" ");
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    root = message.root;
    try {
      const started = await boot();
      self.postMessage({ type: "ready", ...started });
      if (started.mode === "snapshot") keepInflated();
    } catch (error) {
      self.postMessage({ type: "error", message: failure(error) });
    }
    return;
  }
  if (message.type === "describe") {
    let pages = {};
    try {
      pages = JSON.parse(pyodide.globals.get("describe_json")(JSON.stringify(message.pages)));
    } catch (error) {
      pages = {};
    }
    self.postMessage({ type: "result", id: message.id, pages });
    return;
  }
  if (message.type === "diagnose") {
    const started = performance.now();
    const olefile = message.inputs.some((input) => isOle(input.data)) ? await loadOlefile() : "";
    const outputs = [];
    for (const input of message.inputs) {
      try {
        outputs.push(JSON.parse(diagnoseJson(input.name, input.data)));
      } catch (error) {
        outputs.push({ name: input.name, error: "the diagnoser failed on this input: " + failure(error) });
      }
    }
    self.postMessage({ type: "result", id: message.id, outputs, olefile, ms: Math.round(performance.now() - started) });
  }
};
