// Web Worker: starts Python (Pyodide, self-hosted under <root>/pyodide/) with the NDR Atlas
// classifier and catalog, then answers "diagnose" requests. Everything stays in the browser:
// the only requests are for the site's own static files.
//
// Fast path: restore the memory snapshot the build made in Node (assets/engine/, gzipped; see
// src/ndr_atlas_build/snapshot.mjs). The snapshot API of Pyodide is private, so every step is
// checked (manifest version and runtime hash, gzip CRC, Pyodide's own build id, what Python says
// it holds) and anything wrong falls back to the normal boot: Pyodide, then the classifier's
// sources and catalog from assets/ndr-atlas-runtime.json.
//
// Order of a first start (the page's two cores are busy with the page itself): the worker starts
// on its own; the manifest and the loader; the snapshot's download, inflated and unpacked into the
// memory image chunk by chunk; the .wasm's download and compile; Pyodide started at once on that
// image (its script compiled, the .wasm instantiated, its files written) and held only at the end
// of the instantiation until the image is whole; then the restore proper.
import { engineInfo, setUpClassifier } from "./engine-setup.mjs";
import { needsOlefile } from "./olefile-need.mjs";
import { SnapshotUnpacker } from "./snapshot-layout.mjs";

let pyodide = null;
let diagnoseJson = null;
let manifest = null;
// The site's root is two folders up from this file (assets/js/); the page's hints come in the
// worker's name ("kept": an earlier visit kept the inflated snapshot; see atlas.js).
const root = new URL("../../", import.meta.url).href;
const HINTS = String(self.name || "").split(" ");
let keepTimer = 0;
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
let inflated = null;  // {key, chunks}: to keep once the engine is ready

function rawKey(info) { return new URL(`assets/engine/${info.file}.packed`, root).href; }

async function cachedSnapshot(info, unpacker) {
  if (typeof caches === "undefined") return false;
  try {
    const found = await (await caches.open(RAW_CACHE)).match(rawKey(info));
    if (!found || !found.body) return false;
    await unpackStream(found.body, info, unpacker);
    return true;
  } catch (error) {
    unpacker.reset();  // the network fills it again
    return false;
  }
}

async function keepInflated() {
  clearTimeout(keepTimer);
  const kept = inflated;
  inflated = null;
  if (!kept || typeof caches === "undefined") return;
  try {
    const cache = await caches.open(RAW_CACHE);
    for (const request of await cache.keys()) await cache.delete(request);
    // The chunks as a stream, as they are (a Blob would first copy all 17 MB into the browser's blob store).
    const body = new ReadableStream({
      pull(controller) {
        const chunk = kept.chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    await cache.put(kept.key, new Response(body, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch (error) {
    // No room or no Cache Storage: the next visit inflates again.
  }
}

// The snapshot: its memory image, allocated at once and filled as the bytes arrive (kept from an
// earlier visit, or downloaded, counted for the page's progress line, and inflated), and the
// promise that it is whole. The kept bytes are looked for only when the page says an earlier
// visit kept them: on a first visit, opening Cache Storage (a new profile's first use of it) can
// take a few hundred milliseconds before the download would start.
function startSnapshot(info) {
  const unpacker = new SnapshotUnpacker(info.raw_bytes);
  const whole = (async () => {
    if (HINTS.includes("kept") && await cachedSnapshot(info, unpacker)) {
      stages.snapshot_from = "cache";
    } else {
      stages.snapshot_from = "network";
      inflated = { key: rawKey(info), chunks: await downloadSnapshot(info, unpacker) };
    }
    mark("snapshot_inflated");
    progress("start");
  })();
  whole.catch(() => {});  // a failed one is reported by the restore
  return { memory: unpacker.memory, whole };
}

async function downloadSnapshot(info, unpacker) {
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
  return unpackStream(gzipped ? body.pipeThrough(new DecompressionStream("gzip")) : body, info, unpacker);
}

// Fills the memory image from a stream of the packed snapshot: each chunk goes straight to its
// place as it arrives (no copy of the whole). Returns the chunks, as they are, for keepInflated.
async function unpackStream(stream, info, unpacker) {
  const chunks = [];
  let length = 0;
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    unpacker.push(read.value);
    chunks.push(read.value);
    length += read.value.length;
  }
  if (length !== info.packed_bytes) throw new Error(`snapshot is ${length} bytes, expected ${info.packed_bytes}`);
  if (!unpacker.finish()) throw new Error("the snapshot's layout is broken");
  return chunks;
}

// snapshot: {memory, whole} from startSnapshot. Pyodide is started before the memory image is
// whole (it sizes its memory from it, then compiles and instantiates): only the instantiation's
// end waits for it (compileWasmEarly's gate), just before Pyodide copies it into its memory.
async function restore(loadPyodide, version, snapshot) {
  const info = manifest && manifest.snapshot;
  if (!info || !snapshot) throw new Error("no snapshot in this build");
  try {
    if (manifest.pyodide !== version) throw new Error(`snapshot made with Pyodide ${manifest.pyodide}, this is ${version}`);
    wasmGate = snapshot.whole;
    wasmImage = snapshot.memory;
    // A snapshot that fails leaves this loader waiting at the gate: the failure is what counts.
    const failed = snapshot.whole.then(() => new Promise(() => {}));
    const loading = loadPyodide({ indexURL: new URL("pyodide/", root).href, _loadSnapshot: snapshot.memory, fsInit: () => mark("files_ready") });
    loading.catch(() => {});
    const py = await Promise.race([loading, failed]);
    if (!wasmGated) throw new Error("Pyodide instantiated its .wasm another way: the snapshot may have been read before it was whole");
    mark("restored");
    const held = engineInfo(py);
    if (held.runtime !== manifest.runtime || held.entries !== info.entries) throw new Error("snapshot holds another classifier");
    return py;
  } catch (error) {
    inflated = null;
    // The abandoned loader, wherever it is, must not start from this image (Pyodide checks the
    // magic number at its start), and the fallback boot goes the loader's usual way.
    snapshot.memory.fill(0, 0, 16);
    disarmWasmHooks();
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

// Compiling Pyodide's .wasm is the other big cost, so it starts at once, alongside the snapshot:
// the loader's own request for the .wasm is handed this response, and its instantiateStreaming the
// module already compiled. Anything unexpected goes the loader's usual way. wasmGate (set by
// restore) holds the instantiation's end until the snapshot is whole; wasmGated says it did.
let wasmGate = null;
let wasmGated = false;
let wasmImage = null;
const nativeFetch = self.fetch;
const nativeInstantiate = WebAssembly.instantiateStreaming;
function disarmWasmHooks() {
  self.fetch = nativeFetch;
  WebAssembly.instantiateStreaming = nativeInstantiate;
}
function compileWasmEarly() {
  const url = new URL("pyodide/pyodide.asm.wasm", root).href;
  const response = fetch(url);
  const compiled = WebAssembly.compileStreaming(response);
  compiled.then(() => mark("wasm_compiled"), () => {});
  self.fetch = function (input, init) {
    if (String(input) !== url) return nativeFetch.call(self, input, init);
    self.fetch = nativeFetch;
    return response;
  };
  WebAssembly.instantiateStreaming = async function (source, imports) {
    if (source !== response) return nativeInstantiate.call(WebAssembly, source, imports);
    WebAssembly.instantiateStreaming = nativeInstantiate;
    let instantiated;
    try {
      const module = await compiled;
      instantiated = { module, instance: await WebAssembly.instantiate(module, imports) };
    } catch (error) {
      instantiated = await nativeInstantiate.call(WebAssembly, nativeFetch.call(self, url), imports);
    }
    mark("wasm_instantiated");
    if (wasmGate) {
      await wasmGate;  // the snapshot's memory image is whole (a failed one never passes)
      fitMemoryToImage(instantiated.instance, wasmImage);
      wasmGated = true;
    }
    return instantiated;
  };
}

// Pyodide's .wasm makes its own memory (30 MiB to start) and copies the snapshot's image into it
// without growing it: an image taken after Python's heap had grown (a bigger catalog) would not fit
// ("offset is out of bounds"). The memory is grown to the image's size first, before Pyodide makes
// its views of it. The image's header says where the memory begins (its second 32-bit word).
const WASM_PAGE = 65536;
function fitMemoryToImage(instance, image) {
  const memory = instance && instance.exports && instance.exports.memory;
  if (!(memory instanceof WebAssembly.Memory) || !image) return;
  const start = new DataView(image.buffer, image.byteOffset, 8).getUint32(4, true);
  const pages = Math.ceil((image.length - start) / WASM_PAGE);
  const have = memory.buffer.byteLength / WASM_PAGE;
  if (pages > have) memory.grow(pages - have);
}

async function boot() {
  const started = performance.now();
  bootStarted = started;
  stages.began_at = Math.round(performance.timeOrigin + started);  // epoch ms: the page puts it on its own clock
  // The two small files first (the loader, once running, fetches the standard library), then the
  // snapshot's request: the .wasm's bytes, once they flow, keep this thread busy (its streaming
  // compile), which would delay the snapshot's start.
  const loader = import(new URL("pyodide/pyodide.mjs", root).href);
  manifest = await fetchJson(new URL("assets/engine/manifest.json", root).href).catch(() => null);
  const snapshot = manifest && manifest.snapshot ? startSnapshot(manifest.snapshot) : null;
  compileWasmEarly();
  // The loader imports this one only once it runs: fetched and parsed now, alongside the rest.
  import(new URL("pyodide/pyodide.asm.mjs", root).href).catch(() => {});
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

// Outlook .msg files need olefile (a self-hosted pure-Python wheel), loaded on the first one only
// (olefile-need.mjs says which inputs need it).
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

// The worker starts itself, with no message to wait for: a message from the page reaches a module
// worker only once the page's busy main thread has seen the worker's script run (tens of ms).
boot().then((started) => {
  self.postMessage({ type: "ready", ...started });
  // Keeping the inflated snapshot (a 17 MB write) waits until the page has shown its first result
  // ("keep"), so the two do not compete for the cores; a page that never says so gets it later.
  if (started.mode === "snapshot") keepTimer = setTimeout(keepInflated, 5000);
}, (error) => self.postMessage({ type: "error", message: failure(error) }));

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "keep") {
    keepInflated();
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
    const olefile = message.inputs.some((input) => needsOlefile(input.data)) ? await loadOlefile() : "";
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
