// Build time, in Node: boot Pyodide once, set up the classifier and its catalog exactly as the
// browser worker does, and write a gzip-compressed memory snapshot of that state. The worker
// restores it instead of booting (about ten times faster); see docs/assets/js/diagnoser-worker.mjs.
//
//   node src/ndr_atlas_build/snapshot.mjs <pyodide dir> <runtime bundle .json> <runtime hash> <output .gz>
//
// Prints one JSON line: {"pyodide", "runtime", "raw_bytes", "packed_bytes", "bytes", "entries"}:
// the memory image's size, its size without empty pages (docs/assets/js/snapshot-layout.mjs), gzipped.
// Pyodide's snapshot API is private (underscore options): the version is pinned in package.json
// and the worker checks every snapshot and falls back to a normal boot.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { engineInfo, setUpClassifier } from "../../docs/assets/js/engine-setup.mjs";
import { packSnapshot, unpackSnapshot } from "../../docs/assets/js/snapshot-layout.mjs";

// Diagnosed once before the snapshot is taken: the classifier compiles its patterns and Python
// specialises its bytecode on first use (about 150 ms), and the snapshot keeps that work done.
const WARM_UP = [
  `Delivery has failed to these recipients or groups:

pat.doe@example.com
The email address you entered couldn't be found.

Diagnostic information for administrators:

Generating server: DB9PR01MB0001.eurprd01.prod.outlook.com

pat.doe@example.com
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
`,
  `From: MAILER-DAEMON@mx.example.org
To: sender@example.net
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; someone@example.com
Action: failed
Status: 5.2.2
Remote-MTA: dns; mail.example.com
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full (in reply to RCPT TO command)

--b1--
`,
  "451 4.7.1 Greylisted, please try again later",
];

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
const diagnoseJson = pyodide.globals.get("diagnose_json");
for (const text of WARM_UP) {
  if (JSON.parse(diagnoseJson("warm-up", text)).error) throw new Error("the classifier failed on the warm-up text");
}
diagnoseJson.destroy();
// Every pattern of the catalog compiled now (they are compiled lazily, on the first text that
// needs them): the snapshot keeps them, so no first paste pays for them. Only an optimisation:
// should the catalog's internals change, the snapshot is made without it.
pyodide.runPython(`
def _compile_all_patterns():
    import re
    for _entry, _variant, rule in _CATALOG.rules:
        rule.text
        for index, (_needles, part, _anchors) in enumerate(rule.parts):
            if rule.compiled_parts[index] is None:
                rule.compiled_parts[index] = re.compile(part, re.IGNORECASE)

try:
    _compile_all_patterns()
except (AttributeError, TypeError, ValueError):
    pass
del _compile_all_patterns
`);
const raw = pyodide.makeMemorySnapshot();
const packed = packSnapshot(raw);
if (Buffer.compare(unpackSnapshot(packed, raw.length), raw) !== 0) throw new Error("the snapshot's packed layout does not round-trip");
const gzipped = gzipSync(packed, { level: 9 });
writeFileSync(outPath, gzipped);
console.log(JSON.stringify({ pyodide: version, runtime: runtimeHash, raw_bytes: raw.length, packed_bytes: packed.length, bytes: gzipped.length,
  entries: info.entries }));
