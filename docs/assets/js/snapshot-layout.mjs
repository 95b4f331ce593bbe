// The memory snapshot's layout on the wire and in the browser's cache: about half of Pyodide's
// memory is empty (all-zero pages), so only the runs of pages that hold something are stored.
// Less to inflate on a first visit and to read back on a repeat one; the worker rebuilds the
// full memory image (zeros are free in a new buffer). Packed at build time (snapshot.mjs),
// unpacked in the worker (diagnoser-worker.mjs).
//
// Layout: u32 run count, then (u32 offset, u32 length) per run, then the runs' bytes (little endian).
const PAGE = 4096;

function isEmpty(bytes, words, at, end) {
  let i = at >>> 2;
  for (; i < end >>> 2; i++) if (words[i] !== 0) return false;
  for (i *= 4; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function packSnapshot(memory) {
  const bytes = new Uint8Array(memory.buffer.slice(memory.byteOffset, memory.byteOffset + memory.byteLength));  // aligned
  const words = new Uint32Array(bytes.buffer, 0, bytes.byteLength >>> 2);
  const runs = [];
  let start = -1;
  for (let at = 0; at < bytes.length; at += PAGE) {
    const empty = isEmpty(bytes, words, at, Math.min(at + PAGE, bytes.length));
    if (!empty && start < 0) start = at;
    if (empty && start >= 0) { runs.push([start, at - start]); start = -1; }
  }
  if (start >= 0) runs.push([start, bytes.length - start]);
  const head = 4 + 8 * runs.length;
  const packed = new Uint8Array(head + runs.reduce((sum, [, length]) => sum + length, 0));
  const view = new DataView(packed.buffer);
  view.setUint32(0, runs.length, true);
  let to = head;
  runs.forEach(([offset, length], i) => {
    view.setUint32(4 + 8 * i, offset, true);
    view.setUint32(8 + 8 * i, length, true);
    packed.set(bytes.subarray(offset, offset + length), to);
    to += length;
  });
  return packed;
}

// The full memory image of rawBytes bytes, or null when the packed bytes do not describe one.
export function unpackSnapshot(packed, rawBytes) {
  if (packed.length < 4) return null;
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const count = view.getUint32(0, true);
  let from = 4 + 8 * count;
  if (from > packed.length) return null;
  const memory = new Uint8Array(rawBytes);
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(4 + 8 * i, true);
    const length = view.getUint32(8 + 8 * i, true);
    if (offset + length > rawBytes || from + length > packed.length) return null;
    memory.set(packed.subarray(from, from + length), offset);
    from += length;
  }
  return from === packed.length ? memory : null;
}
