"""The pages decode nothing themselves: a dropped or picked file reaches Python as its bytes (the
diagnoser: ``new Uint8Array(await file.arrayBuffer())`` to ``diagnose_json``; Analyse logs: the
bytes written to Pyodide's file system and opened by ``LogFile``), and ndr_atlas.decoding turns them
into text, as for the command line. Pasted or dropped text arrives as a string the browser already
decoded. Here the Python set-up the workers run (their ``PY_SETUP``) runs in CPython, handed bytes as
Pyodide hands them (an object with ``to_bytes()``), without a browser."""

from __future__ import annotations

import codecs
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from ndr_atlas.catalog import PACKAGED_CATALOG, load_catalog
from ndr_atlas.diagnose import diagnose_all

JS = Path(__file__).parent.parent / "docs" / "assets" / "js"
BOUNCE = (
    "From: MAILER-DAEMON@relay.atlas-test.example\nSubject: Undelivered Mail Returned to Sender\n\n"
    "<zoe.bianchi@atlas-test.example>: host mx.atlas-test.example[198.51.100.7] said: 550 5.1.1\n"
    "    <zoe.bianchi@atlas-test.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)\n"
)
LOG = (
    "Dec  5 09:00:01 relay1 postfix/smtp[311]: 7Hq000001: to=<zoe.bianchi@atlas-test.example>, "
    "relay=mx.atlas-test.example[198.51.100.7]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced "
    "(host mx.atlas-test.example[198.51.100.7] said: 550 5.1.1 <zoe.bianchi@atlas-test.example>: "
    "Recipient address rejected: User unknown (in reply to RCPT TO command))\r"
)


class JsBytes:
    """A Uint8Array as Pyodide hands it to Python: a proxy whose ``to_bytes()`` copies it."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def to_bytes(self) -> bytes:
        return self.data


def worker_setup(script: str, **globals_: Any) -> dict[str, Any]:
    """Run the ``PY_SETUP`` of a worker script (a JS template literal with no substitutions) here."""
    source = re.search(r"const PY_SETUP = `(.*?)`;", (JS / script).read_text(encoding="utf-8"), re.DOTALL)
    assert source is not None and "${" not in source.group(1) and "\\" not in source.group(1)
    namespace: dict[str, Any] = dict(globals_)
    path = list(sys.path)
    try:
        exec(compile(source.group(1), script, "exec"), namespace)  # the project's own set-up code
    finally:
        sys.path[:] = path  # it puts Pyodide's /home/pyodide first
    return namespace


@pytest.fixture(scope="module")
def catalog_json() -> str:
    return Path(PACKAGED_CATALOG).read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_file_dropped_on_the_diagnoser_is_decoded_by_python(catalog_json: str, encoding: str) -> None:
    page = worker_setup("engine-setup.mjs", _catalog_json=catalog_json, _module_names='["ndr_atlas.decoding"]', _RUNTIME_HASH="test")
    out = json.loads(page["diagnose_json"]("bounce.eml", JsBytes(BOUNCE.encode(encoding))))
    expected = [report.to_json() for report in diagnose_all(BOUNCE, load_catalog())]  # the text, as pasted
    assert [{key: value for key, value in report.items() if key != "note"} for report in out["reports"]] == expected
    assert [(r["recipient"], r["status"], r["reason"]) for r in out["reports"][0]["results"]] == [
        ("zoe.bianchi@atlas-test.example", "5.1.1", "userunknown")
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_a_log_dropped_on_the_logs_page_is_decoded_by_python(catalog_json: str, tmp_path: Path, encoding: str) -> None:
    page = worker_setup("logs-worker.mjs", _catalog_json=catalog_json)
    path = tmp_path / "maillog"
    path.write_bytes((LOG * 3).encode(encoding))  # lone CRs end its lines, as classic Mac OS wrote them
    report = page["new_report"]()
    report.open(str(path), "maillog")
    assert json.loads(report.step())["done"]
    result = json.loads(report.result())
    assert result["summary"]["files"] == 1 and result["summary"]["lines"] == 3 and result["summary"]["failures"] == 3, result


def test_the_page_scripts_hand_files_over_as_bytes() -> None:
    """No second decoder in the browser: no script decodes a file's bytes into the text that is read.
    The one TextDecoder allowed is olefile-need.mjs's Latin-1 look at a mail's raw bytes for an attached
    .msg part (it decides whether to load olefile; the bytes still go to Python as they came), and
    with it its atob of an RFC 2047 B-encoded name, whose end is only tested for ".msg"."""
    for name in ("atlas.js", "logs.js", "logs-worker.mjs", "diagnoser-worker.mjs", "olefile-need.mjs"):
        script = (JS / name).read_text(encoding="utf-8")
        if name == "olefile-need.mjs":
            assert script.count("TextDecoder") == 1 and 'new TextDecoder("latin1")' in script
            assert re.search(r"return ATTACHED_MSG_RE\.test\(text\) \|\| namesMsgInBase64\(text\);", script)
            assert script.count("atob(") == 1  # a B-encoded word of a part's name, only tested for ".msg"
            script = script.replace('new TextDecoder("latin1")', "")
        assert not re.search(r"TextDecoder|readAsText|\.text\(\)", script), name
    assert "new Uint8Array(await file.arrayBuffer())" in (JS / "atlas.js").read_text(encoding="utf-8")
    assert "new Uint8Array(await file.arrayBuffer())" in (JS / "logs-worker.mjs").read_text(encoding="utf-8")
    assert codecs.lookup("utf-32")  # the codecs ndr_atlas.decoding names are in Pyodide's standard library too
