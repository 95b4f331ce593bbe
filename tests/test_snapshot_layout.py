"""The snapshot's packed layout (docs/assets/js/snapshot-layout.mjs), run in Node as the build runs it.

The worker unpacks the snapshot chunk by chunk as DecompressionStream hands it over, so a chunk may
end anywhere: inside the run table, inside a run, exactly between runs. Every split must rebuild the
same memory image, and bytes that do not describe one must give null (the worker then boots normally).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYOUT = REPO / "docs" / "assets" / "js" / "snapshot-layout.mjs"

SCRIPT = """
import { packSnapshot, unpackSnapshot, SnapshotUnpacker } from %s;
const equal = (a, b) => a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]);
const fails = [];
// Pages with data at the start, in the middle, across page ends and at an odd tail; zeros between.
const raw = new Uint8Array(4096 * 50 + 100);
for (const [from, to] of [[0, 10], [4096 * 3, 4096 * 5 + 7], [4096 * 20, 4096 * 21], [4096 * 50 + 50, 4096 * 50 + 51]])
  for (let i = from; i < to; i++) raw[i] = ((i * 7) & 255) || 1;
const packed = packSnapshot(raw);
if (!equal(unpackSnapshot(packed, raw.length), raw)) fails.push("whole");
for (const size of [1, 3, 4, 5, 12, 13, 4096, 4097, 65536]) {
  const unpacker = new SnapshotUnpacker(raw.length);
  for (let at = 0; at < packed.length; at += size) unpacker.push(packed.subarray(at, at + size));
  if (!equal(unpacker.finish(), raw)) fails.push("chunks of " + size);
}
// After a bad start, reset() and the right bytes give the right image (the worker's cache -> network path).
const again = new SnapshotUnpacker(raw.length);
again.push(packed.subarray(0, 5000).map((x) => x ^ 0x55));
again.reset();
again.push(packed);
if (!equal(again.finish(), raw)) fails.push("reset");
const longer = new Uint8Array(packed.length + 1);
longer.set(packed);
const bad = {
  truncated: unpackSnapshot(packed.subarray(0, packed.length - 1), raw.length),
  "one byte too many": unpackSnapshot(longer, raw.length),
  "runs beyond the memory": unpackSnapshot(packed, 4096 * 30),
  "a short head": unpackSnapshot(new Uint8Array([1, 0]), raw.length),
};
for (const [name, image] of Object.entries(bad)) if (image !== null) fails.push(name);
if (!equal(unpackSnapshot(packSnapshot(new Uint8Array(8192)), 8192), new Uint8Array(8192))) fails.push("all empty");
console.log(JSON.stringify(fails));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is needed (the build needs it too)")
def test_every_chunking_rebuilds_the_same_memory_image() -> None:
    script = SCRIPT % repr(LAYOUT.as_uri())
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
