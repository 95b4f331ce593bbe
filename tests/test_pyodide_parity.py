"""The browser diagnoser gives the CLI's answers: every fixture `ndr-atlas diagnose` reads, diagnosed by
the CLI (CPython, `--json`) and by the page's engine (the same package under Pyodide, in Node, set up
as the page's worker sets it up: tools/pyodide-diagnose.mjs), must come out the same; and what the page
shows besides (titles, verdicts, every note) must be what CPython computes, for each file dropped (its
bytes) and, when it is UTF-8 text, pasted (its text: the page passes a paste as a string).

Pyodide runs another Python (3.14 for 3.11 here) without threads, subprocesses or some codecs: a
version-dependent call would otherwise differ only in the browser. One Pyodide boot serves every file.
Skipped when node or node_modules/pyodide is missing (`make test` runs `npm ci` first).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from ndr_atlas.catalog import PACKAGED_CATALOG, Catalog, load_catalog
from ndr_atlas.diagnose import InputError, diagnose_all
from ndr_atlas.formats.base import is_outlook_item
from ndr_atlas.mime import parse_mime

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SCRIPT = REPO / "tools" / "pyodide-diagnose.mjs"
PYODIDE = REPO / "node_modules" / "pyodide" / "pyodide.mjs"
OLEFILE_WHEEL = REPO / "build" / "wheels" / "olefile-0.47-py2.py3-none-any.whl"

# What the comparison covers of each result: the CLI's JSON fields (the worker's names where they differ).
RESULT_FIELDS = (
    "recipient",
    "status",
    "status_inferred",
    "reply_code",
    "reason",
    "permanent",
    "hard_bounce",
    "action",
    "retry",
    "entry",
    "page",
    "remote_host",
    "smtp_command",
    "diagnostic",
    "evidence",
)


def diagnosed_inputs() -> list[Path]:
    """Every fixture the diagnoser reads: mails, pastes, .msg files, logs (not the catalog's YAML)."""
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and "catalog" not in p.relative_to(FIXTURES).parts)


def cli_answers(paths: Iterable[Path]) -> dict[str, list[dict[str, Any]] | str]:
    """`ndr-atlas diagnose --json` on the files: per file, its reports (the CLI's JSON) or its error."""
    paths = list(paths)
    done = subprocess.run(
        [sys.executable, "-m", "ndr_atlas", "diagnose", "--json", "--jobs", "1", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    answers: dict[str, list[dict[str, Any]] | str] = {}
    for line in done.stdout.splitlines():
        item = json.loads(line)
        name = item.pop("file")
        item.pop("message", None)
        if "error" in item:
            answers[name] = item["error"].removeprefix(f"{name}: ")
        else:
            reports = answers.setdefault(name, [])
            assert isinstance(reports, list)
            reports.append(normal(item))
    return answers


def engine_outputs(
    dropped: list[Path], pasted: list[Path], bundle: Path, olefile: Path | None
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Which Pyodide and Python ran (and the files read with olefile loaded); what the worker posts for
    each file dropped (its bytes) and pasted (its text)."""
    dropped_list, pasted_list = bundle.with_name("dropped.txt"), bundle.with_name("pasted.txt")
    dropped_list.write_text("".join(f"{p}\n" for p in dropped), encoding="utf-8")
    pasted_list.write_text("".join(f"{p}\n" for p in pasted), encoding="utf-8")
    command = ["node", str(SCRIPT), str(bundle), "--list", str(dropped_list), "--as-text", "--list", str(pasted_list)]
    if olefile is not None:
        command += ["--olefile", str(olefile)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    outputs: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    loaded = set()
    for line in lines[1:]:
        item = json.loads(line)
        if item.pop("olefile"):
            loaded.add(item["file"])
        outputs[bool(item.pop("pasted", False))][item.pop("file")] = item
    engine = json.loads(lines[0])
    engine["olefile"] = loaded
    return engine, *outputs


def in_cli_terms(output: dict[str, Any]) -> list[dict[str, Any]] | str:
    """What the worker posts for one input, as cli_answers gives the CLI's."""
    return output["error"] if "error" in output else [normal(worker_to_cli(r)) for r in output["reports"]]


def cpython_output(name: str, data: bytes | str, catalog: Catalog) -> dict[str, Any]:
    """What the worker's diagnose_json (docs/assets/js/engine-setup.mjs) returns, computed here by CPython."""
    try:
        reports = diagnose_all(data, catalog)
    except InputError as exc:
        return {"name": name, "error": str(exc)}
    out = []
    for report in reports:
        item = report.to_json()
        item["note"] = {"en": report.note("en"), "it": report.note("it")}
        out.append(item)
    result: dict[str, Any] = json.loads(json.dumps({"name": name, "reports": out}))
    return result


def worker_to_cli(report: dict[str, Any]) -> dict[str, Any]:
    """A report as the worker gives it (Report.to_json and its note), in the CLI's JSON terms."""
    out: dict[str, Any] = {"bounce": report["bounce"], "kind": report["kind"]}
    if report["attached"]:
        out["attached"] = True
    elif report["quoted"]:
        out["quoted"] = True
    if report["attached"] or report["quoted"] or report["body_unreadable"]:
        out["note"] = report["note"]
    if report["body_unreadable"]:
        out["body_unreadable"] = True
    out["results"] = [
        {
            **{key: r.get(key) for key in RESULT_FIELDS},
            "smtp_command": r["command"],
            "retry": r["retry"] if r["action"] == "delayed" else None,
        }
        for r in report["results"]
    ]
    if report["addresses"]:
        out["addresses"] = report["addresses"]
    return out


def normal(report: dict[str, Any]) -> dict[str, Any]:
    """The compared part of a report in the CLI's JSON (every field it has)."""
    return {**report, "results": [{key: r.get(key) for key in RESULT_FIELDS} for r in report["results"]]}


def differences(cli: dict[str, Any], browser: dict[str, Any], paths: Iterable[Path]) -> list[str]:
    """One line per file whose answers differ, naming the first differing field."""
    found = []
    for path in paths:
        name = str(path)
        a, b = cli.get(name), browser.get(name)
        if a != b:
            found.append(f"{name}: {first_difference(a, b)}")
    return found


def first_difference(a: object, b: object, where: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{where}.{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{where}[{index}]")
    return f"{where or 'answer'}: CPython {json.dumps(a, ensure_ascii=False)[:300]} / Pyodide {json.dumps(b, ensure_ascii=False)[:300]}"


def write_bundle(directory: Path) -> Path:
    """The runtime bundle the site's build writes for the worker, with the CLI's compiled catalog."""
    from ndr_atlas_build.hooks import runtime_bundle

    bundle = directory / "bundle.json"
    bundle.write_text(json.dumps(runtime_bundle(json.loads(Path(PACKAGED_CATALOG).read_text(encoding="utf-8")))), encoding="utf-8")
    return bundle


def pasteable(path: Path) -> bool:
    """A text someone could paste: valid UTF-8 (a paste is Unicode already), not a .msg or archive."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return path.suffix.lower() not in (".msg", ".gz")


def test_the_browser_engine_answers_as_the_cli_on_every_fixture(tmp_path: Path) -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the Pyodide parity check runs the browser's engine in Node")
    if not PYODIDE.exists():
        pytest.skip("node_modules/pyodide is missing: run `npm ci` (make test does) for the Pyodide parity check")
    paths = diagnosed_inputs()
    assert len(paths) > 500
    # .msg files need olefile in Pyodide, as in the browser (the build's pinned wheel): without it they are left out.
    olefile = OLEFILE_WHEEL if OLEFILE_WHEEL.exists() else None
    if olefile is None:
        paths = [p for p in paths if p.suffix.lower() != ".msg"]
    pasted = [p for p in paths if pasteable(p)]
    engine, dropped_out, pasted_out = engine_outputs(paths, pasted, write_bundle(tmp_path), olefile)
    assert engine["python"] and len(dropped_out) == len(paths) and len(pasted_out) == len(pasted)
    # olefile is there only for the inputs the worker loads it for (docs/assets/js/olefile-need.mjs):
    # the others are read without it, as a page that has not loaded it reads them, and must still agree.
    if olefile is not None:
        assert {str(p) for p in paths if p.suffix.lower() == ".msg"} <= engine["olefile"] < {str(p) for p in paths}
    # 1. Dropped files: the CLI's JSON (recipients, codes, reason, kind, hard/soft, the notes it gives) on the same bytes.
    cli = cli_answers(paths)
    browser = {name: in_cli_terms(output) for name, output in dropped_out.items()}
    found = differences(cli, browser, paths)
    # 2. Everything the page shows (titles, verdicts, every note: not-a-bounce kinds too), dropped and pasted.
    catalog = load_catalog()
    for path in paths:
        here = cpython_output(path.name, path.read_bytes(), catalog)
        if here != dropped_out[str(path)]:
            found.append(f"{path} (page): {first_difference(here, dropped_out[str(path)])}")
    for path in pasted:
        here = cpython_output(path.name, path.read_text(encoding="utf-8"), catalog)
        if here != pasted_out[str(path)]:
            found.append(f"{path} (pasted): {first_difference(here, pasted_out[str(path)])}")
    summary = (
        f"{len(found)} differences between the CLI (Python {sys.version.split()[0]}) and the browser's engine (Python {engine['python']}):"
    )
    assert not found, "\n".join([summary, *found])


NEEDS_OLEFILE_CHECK = REPO / "docs" / "assets" / "js" / "olefile-need.mjs"


def test_the_worker_and_the_parity_script_load_olefile_for_the_same_inputs() -> None:
    """One check (olefile-need.mjs) says when olefile is loaded, in the page's worker and in
    tools/pyodide-diagnose.mjs: an Outlook .msg, or a mail that attaches one (typed
    application/vnd.ms-outlook or naming a *.msg file); not a mail that has neither."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    for script in (REPO / "docs" / "assets" / "js" / "diagnoser-worker.mjs", SCRIPT):
        assert 'import { needsOlefile } from "' in script.read_text(encoding="utf-8"), script
    ole = (FIXTURES / "msg" / "exchange-ndr.msg").read_bytes()[:16]
    cases = {
        "ole": (list(ole), True),
        "typed": ("Content-Type: application/vnd.ms-outlook\n\n0M8R4KGxGuE=", True),
        "named": ('Content-Disposition: attachment;\n filename="Undeliverable.msg"\n', True),
        "encoded": ("Content-Type: application/octet-stream;\n name*=utf-8''Non%20recapitabile.msg\n", True),
        "b-encoded": ('Content-Type: application/octet-stream;\n name="=?UTF-8?B?UmFwcG9ydG8gUXVhbGl0w6AubXNn?="\n', True),
        "b-encoded-split": (
            'Content-Disposition: attachment;\n filename="=?UTF-8?B?Tm9uIHJlY2FwaXRhYmlsZSDigJMgY29waWE=?=\n =?UTF-8?B?Lm1zZw==?="\n',
            True,
        ),
        # RFC 5322 folding before the value or around "=", and RFC 2231 sections that split ".msg" itself.
        "value-folded": ('Content-Type: application/octet-stream;\n name=\n "Undeliverable.msg"\n', True),
        "equals-folded": ('Content-Disposition: attachment; filename\r\n\t=\r\n\t"Undeliverable.msg"\r\n', True),
        "sections": ('Content-Disposition: attachment;\n filename*0="Undeliverable Quarterly figures.";\n filename*1="msg"\n', True),
        "sections-encoded": ("Content-Type: application/octet-stream;\n name*0*=utf-8''Non%20recapitabile.m;\n name*1*=sg\n", True),
        # RFC 2231 section 4: *-marked values are percent-encoded, "." too; an unmarked section is not.
        "extended-escaped": ("Content-Type: application/octet-stream;\n name*=utf-8''Non%20recapitabile%2Emsg\n", True),
        "sections-escaped": (
            "Content-Disposition: attachment;\n filename*0*=utf-8''Non%20recapitabile;\n filename*1*=%2E%6D%73%67\n",
            True,
        ),
        "sections-unmarked-percent": (
            "Content-Type: application/octet-stream;\n name*0*=utf-8''Undeliverable;\n name*1=\"%2Emsg\"\n",
            False,
        ),
        "sections-pdf": ('Content-Disposition: attachment;\n filename*0="Undeliverable.m";\n filename*1="sg.pdf"\n', False),
        "b-encoded-pdf": ('Content-Type: application/pdf;\n name="=?UTF-8?B?UmFwcG9ydG8gUXVhbGl0w6AucGRm?="\n', False),
        "b-encoded-apart": ("Subject: =?UTF-8?B?cmVwb3J0Lm0=?= and =?UTF-8?B?c2c=?=\n", False),
        "b-encoded-broken": ("Subject: =?UTF-8?B?QQ?= =?utf-8?b?Q?=\n", False),
        "plain": ("Subject: Undeliverable\n\n550 5.1.1 <bob@fabrikam.example>: unknown user\n", False),
        "bytes": (list(b"From: <mailer-daemon@contoso.example>\n\nno attachment here\n"), False),
    }
    program = (
        f"import {{ needsOlefile }} from {json.dumps(NEEDS_OLEFILE_CHECK.as_uri())};"
        f"const cases = {json.dumps({k: v[0] for k, v in cases.items()})};"
        "const out = {};"
        "for (const [k, v] of Object.entries(cases)) out[k] = needsOlefile(Array.isArray(v) ? new Uint8Array(v) : v);"
        "console.log(JSON.stringify(out));"
    )
    done = subprocess.run(["node", "--input-type=module", "-e", program], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {k: v[1] for k, v in cases.items()}
    # The part headers name an Outlook item for the classifier exactly when the check says so.
    for name in (
        "named",
        "encoded",
        "value-folded",
        "equals-folded",
        "sections",
        "sections-encoded",
        "sections-pdf",
        "extended-escaped",
        "sections-escaped",
        "sections-unmarked-percent",
    ):
        head = str(cases[name][0]).replace("\r\n", "\n")
        head = head if head.startswith("Content-Type") else "Content-Type: application/octet-stream\n" + head
        mail = f'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n{head}\nAAAA\n--b--\n'
        assert [is_outlook_item(part) for part in parse_mime(mail).get_payload()] == [cases[name][1]], name
