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

// Rebuilds the full memory image of rawBytes bytes as the packed bytes arrive (push each chunk as
// it is inflated: no copy of the whole packed snapshot is ever made); finish() returns the image,
// or null when the bytes did not describe one.
export class SnapshotUnpacker {
  constructor(rawBytes) {
    this.memory = new Uint8Array(rawBytes);
    this.reset();
  }

  // To start again from the first byte (the image wiped: zeros are what the runs leave out).
  reset() {
    if (this.runs !== undefined) this.memory.fill(0);
    this.head = [];         // the first bytes (run count, runs), until they are all in
    this.headLength = 0;
    this.runs = null;       // Uint32Array of (offset, length) pairs
    this.run = 0;           // the run being filled, and how much of it is filled
    this.filled = 0;
    this.bad = false;
  }

  push(chunk) {
    let at = 0;
    while (!this.runs && at < chunk.length) at = this.readHead(chunk, at);
    while (this.runs && !this.bad && at < chunk.length) {
      while (this.run * 2 < this.runs.length && this.runs[this.run * 2 + 1] === 0) this.run += 1;
      if (this.run * 2 >= this.runs.length) { this.bad = true; return; }  // bytes after the last run
      const offset = this.runs[this.run * 2], length = this.runs[this.run * 2 + 1];
      const take = Math.min(length - this.filled, chunk.length - at);
      this.memory.set(chunk.subarray(at, at + take), offset + this.filled);
      at += take;
      this.filled += take;
      if (this.filled === length) { this.run += 1; this.filled = 0; }
    }
  }

  // Collects the head; returns where the runs' bytes begin in chunk (or its end).
  readHead(chunk, at) {
    const wanted = this.headLength < 4 ? 4 : 4 + 8 * new DataView(this.joinedHead().buffer).getUint32(0, true);
    const take = Math.min(wanted - this.headLength, chunk.length - at);
    this.head.push(chunk.slice(at, at + take));
    this.headLength += take;
    if (this.headLength === wanted && wanted > 4) this.parseRuns();
    else if (this.headLength === 4 && new DataView(this.joinedHead().buffer).getUint32(0, true) === 0) this.parseRuns();
    return at + take;
  }

  joinedHead() {
    const joined = new Uint8Array(this.headLength);
    let to = 0;
    for (const part of this.head) { joined.set(part, to); to += part.length; }
    this.head = [joined];
    return joined;
  }

  parseRuns() {
    const head = this.joinedHead();
    const view = new DataView(head.buffer);
    const count = view.getUint32(0, true);
    this.runs = new Uint32Array(2 * count);
    for (let i = 0; i < 2 * count; i++) this.runs[i] = view.getUint32(4 + 4 * i, true);
    for (let i = 0; i < count; i++) {
      if (this.runs[2 * i] + this.runs[2 * i + 1] > this.memory.length) this.bad = true;
    }
    this.head = [];
  }

  finish() {
    if (this.bad || !this.runs) return null;
    while (this.run * 2 < this.runs.length && this.runs[this.run * 2 + 1] === 0) this.run += 1;
    return this.run * 2 === this.runs.length && this.filled === 0 ? this.memory : null;
  }
}

// The full memory image of rawBytes bytes, or null when the packed bytes do not describe one.
export function unpackSnapshot(packed, rawBytes) {
  const unpacker = new SnapshotUnpacker(rawBytes);
  unpacker.push(packed);
  return unpacker.finish();
}
