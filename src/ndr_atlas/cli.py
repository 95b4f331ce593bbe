"""``ndr-atlas diagnose``: classify bounce files (or stdin) and print readable text or JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ndr_atlas.catalog import load_catalog
from ndr_atlas.diagnose import InputError, Report, diagnose

SITE_URL = "https://ndr-atlas.github.io/ndr-atlas/"

LABELS = {
    "en": {
        "recipient": "Recipient",
        "unknown": "(not stated)",
        "status": "Status",
        "inferred": "inferred",
        "reason": "Reason",
        "hard": "hard bounce",
        "soft": "soft bounce",
        "remote": "Remote server",
        "page": "Fix",
        "diagnostic": "Server said",
    },
    "it": {
        "recipient": "Destinatario",
        "unknown": "(non indicato)",
        "status": "Stato",
        "inferred": "dedotto",
        "reason": "Motivo",
        "hard": "errore permanente (hard bounce)",
        "soft": "errore temporaneo (soft bounce)",
        "remote": "Server remoto",
        "page": "Soluzione",
        "diagnostic": "Risposta del server",
    },
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ndr-atlas", description="Explain email delivery failures (NDRs, bounces, DSNs).")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("diagnose", help="diagnose bounce files, or standard input when none is given")
    run.add_argument("files", nargs="*", metavar="FILE", help=".eml files or text files with a pasted NDR")
    run.add_argument("--json", action="store_true", help="print JSON Lines, one object per input")
    run.add_argument("--lang", choices=("en", "it"), default="en", help="language of the readable output")
    run.add_argument("--catalog", help="compiled catalog.json to use instead of the packaged one")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    try:
        catalog = load_catalog(args.catalog)
    except (OSError, ValueError) as exc:
        print(f"ndr-atlas: cannot load the catalog: {exc}", file=sys.stderr)
        return 2
    try:
        inputs = list(read_inputs(args.files))
    except InputError as exc:
        print(f"ndr-atlas: {exc}", file=sys.stderr)
        return 2
    for name, data in inputs:
        try:
            report = diagnose(data, catalog)
        except InputError as exc:
            print(f"ndr-atlas: {name}: {exc}", file=sys.stderr)
            return 2
        if args.json:
            print(json.dumps({"file": name, **public_json(report)}, ensure_ascii=False))
        else:
            print_readable(name, report, args.lang, sys.stdout)
    return 0


def read_inputs(files: list[str]) -> Iterator[tuple[str, bytes]]:
    if not files:
        yield "-", sys.stdin.buffer.read()
        return
    for name in files:
        path = Path(name)
        try:
            yield name, path.read_bytes()
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory; give files") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None


def public_json(report: Report) -> dict[str, object]:
    """The JSON contract of the CLI (one object per input)."""
    return {
        "bounce": report.bounce,
        "kind": report.kind,
        "results": [
            {
                "recipient": r.recipient,
                "status": r.status,
                "status_inferred": r.status_inferred,
                "reply_code": r.reply_code,
                "reason": r.reason,
                "hard_bounce": r.hard_bounce,
                "entry": r.entry,
                "page": r.page,
                "remote_host": r.remote_host,
                "diagnostic": r.diagnostic,
                "evidence": r.evidence,
            }
            for r in report.results
        ],
    }


def print_readable(name: str, report: Report, lang: str, out: TextIO) -> None:
    labels = LABELS[lang]
    prefix = "" if lang == "en" else "it/"
    out.write(f"== {name}\n")
    if not report.results:
        out.write(report.note(lang) + "\n\n")
        return
    for r in report.results:
        status = r.status or "?"
        if r.status_inferred:
            status += f" ({labels['inferred']})"
        out.write(f"{labels['recipient']}: {r.recipient or labels['unknown']}\n")
        out.write(f"  {labels['status']}: {r.reply_code or ''} {status}".rstrip() + f" — {r.titles.get(lang, '')}\n")
        out.write(f"  {labels['reason']}: {r.reason}, {labels['hard'] if r.hard_bounce else labels['soft']}\n")
        if r.remote_host:
            out.write(f"  {labels['remote']}: {r.remote_host}\n")
        if r.diagnostic:
            out.write(f"  {labels['diagnostic']}: {r.diagnostic[:300]}\n")
        out.write(f"  {labels['page']}: {SITE_URL}{prefix}{r.page}\n")
    out.write("\n")


if __name__ == "__main__":
    sys.exit(main())
