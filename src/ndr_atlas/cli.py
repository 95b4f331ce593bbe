"""``ndr-atlas diagnose``: classify bounces (files, folders, mbox files or stdin) and print readable
text, JSON Lines, or a summary table of a whole batch."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import InputError, Report, diagnose_all

# Where the readable output links to: the published site, or NDR_ATLAS_SITE_URL (the same
# variable the site build reads) for a copy published elsewhere.
SITE_URL = os.environ.get("NDR_ATLAS_SITE_URL") or "https://ndr-atlas.github.io/ndr-atlas/"
PROGRESS_EVERY = 25

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
        "command": "Refused at SMTP command",
        "page": "Fix",
        "diagnostic": "Server said",
        "summary": "Summary",
        "inputs": "inputs",
        "messages": "messages",
        "bounces": "bounces",
        "failed": "failed recipients",
        "by_reason": "By reason",
        "by_code": "By code",
        "by_kind": "Messages by kind",
        "errors": "unreadable inputs",
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
        "command": "Rifiutato al comando SMTP",
        "page": "Soluzione",
        "diagnostic": "Risposta del server",
        "summary": "Riepilogo",
        "inputs": "input",
        "messages": "messaggi",
        "bounces": "rapporti di mancato recapito",
        "failed": "destinatari non raggiunti",
        "by_reason": "Per motivo",
        "by_code": "Per codice",
        "by_kind": "Messaggi per tipo",
        "errors": "input illeggibili",
    },
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ndr-atlas", description="Explain email delivery failures (NDRs, bounces, DSNs).")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("diagnose", help="diagnose bounces: files, folders (walked), mbox files, or standard input")
    run.add_argument(
        "paths", nargs="*", metavar="FILE_OR_DIR", help=".eml files, mbox files, text files with a pasted NDR, or folders of them"
    )
    run.add_argument("--json", action="store_true", help="print JSON Lines: one object per message")
    run.add_argument("--per-recipient", action="store_true", help="with --json: one line per failed recipient instead")
    run.add_argument("--summary", action="store_true", help="print counts by reason and by code after the run")
    run.add_argument("--progress", action="store_true", help="report progress on stderr (default: when stderr is a terminal)")
    run.add_argument("--lang", choices=("en", "it"), default="en", help="language of the readable output")
    run.add_argument("--catalog", help="compiled catalog.json to use instead of the packaged one")
    run.add_argument("--jobs", type=int, help=f"worker processes (default: one per core from {PARALLEL_FROM} files up, else 1)")
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
        files = list(expand_paths(args.paths))
    except InputError as exc:
        print(f"ndr-atlas: {exc}", file=sys.stderr)
        return 2
    return run_batch(files, catalog, args, sys.stdout, sys.stderr)


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files as given, folders walked in name order (hidden files skipped); "-" or none is stdin."""
    if not paths:
        yield "-"
        return
    for name in paths:
        path = Path(name)
        if name == "-" or path.is_file():
            yield name
        elif path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            yield from (str(p) for p in found)
        else:
            raise InputError(f"{name}: no such file or folder")


def read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None


def run_batch(files: list[str], catalog: Catalog, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    show_progress = args.progress or (len(files) > PROGRESS_EVERY and err.isatty())
    totals: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    failed = False
    for number, (name, outcome) in enumerate(analyse_all(files, catalog, args.jobs), 1):
        if isinstance(outcome, str):
            message = outcome if outcome.startswith(name) else f"{name}: {outcome}"
            print(f"ndr-atlas: {message}", file=err)
            if args.json:
                out.write(json.dumps({"file": name, "error": message}, ensure_ascii=False) + "\n")
            totals["errors"] += 1
            failed = True
            continue
        reports = outcome
        totals["inputs"] += 1
        for index, report in enumerate(reports, 1):
            totals["messages"] += 1
            by_kind[report.kind] += 1
            for result in report.results:
                by_reason[result.reason] += 1
                by_code[result.status or result.reply_code or "?"] += 1
            totals["failed"] += len(report.results)
            totals["bounces"] += bool(report.results)
            where = {"file": name, "message": index} if len(reports) > 1 else {"file": name}
            if args.json and args.per_recipient:
                for row in public_json(report)["results"]:  # type: ignore[attr-defined]
                    out.write(json.dumps({**where, **row}, ensure_ascii=False) + "\n")
            elif args.json:
                out.write(json.dumps({**where, **public_json(report)}, ensure_ascii=False) + "\n")
            elif not args.summary:
                label = name if len(reports) == 1 else f"{name} #{index}"
                print_readable(label, report, args.lang, out)
        if show_progress and (number % PROGRESS_EVERY == 0 or number == len(files)):
            err.write(f"\r{number}/{len(files)} files, {totals['failed']} failed recipients")
            err.flush()
    if show_progress:
        err.write("\n")
    if args.summary:
        print_summary(totals, by_reason, by_code, by_kind, args.lang, args.json, out)
    return 2 if failed else 0


# A batch this large is worth spreading over the machine's cores.
PARALLEL_FROM = 64
_worker_catalog: list[Catalog] = []


def analyse(name: str) -> tuple[str, list[Report] | str]:
    """One input's reports, or the reason it cannot be read."""
    try:
        return name, diagnose_all(read_input(name), _worker_catalog[0])
    except InputError as exc:
        return name, str(exc)


def analyse_all(files: list[str], catalog: Catalog, jobs: int | None) -> Iterator[tuple[str, list[Report] | str]]:
    """Results in input order; big batches go through a pool of forked workers (Linux, macOS)."""
    _worker_catalog[:] = [catalog]
    workers = jobs if jobs is not None else (os.cpu_count() or 1 if len(files) >= PARALLEL_FROM else 1)
    if workers <= 1 or "-" in files or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(analyse, files)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(analyse, files, chunksize=16)


def public_json(report: Report) -> dict[str, object]:
    """The JSON contract of the CLI (one object per message)."""
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
                "smtp_command": r.command,
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
        if r.command:
            out.write(f"  {labels['command']}: {r.command}\n")
        if r.diagnostic:
            out.write(f"  {labels['diagnostic']}: {r.diagnostic[:300]}\n")
        out.write(f"  {labels['page']}: {SITE_URL}{prefix}{r.page}\n")
    out.write("\n")


def print_summary(
    totals: Counter[str], by_reason: Counter[str], by_code: Counter[str], by_kind: Counter[str], lang: str, as_json: bool, out: TextIO
) -> None:
    if as_json:
        summary = {
            "summary": {
                **{k: totals[k] for k in ("inputs", "messages", "bounces", "failed", "errors")},
                "by_kind": dict(by_kind.most_common()),
                "by_reason": dict(by_reason.most_common()),
                "by_code": dict(by_code.most_common()),
            }
        }
        out.write(json.dumps(summary, ensure_ascii=False) + "\n")
        return
    labels = LABELS[lang]
    out.write(
        f"{labels['summary']}: {totals['inputs']} {labels['inputs']}, {totals['messages']} {labels['messages']}, "
        f"{totals['bounces']} {labels['bounces']}, {totals['failed']} {labels['failed']}"
    )
    out.write(f", {totals['errors']} {labels['errors']}\n" if totals["errors"] else "\n")
    for title, counts in ((labels["by_kind"], by_kind), (labels["by_reason"], by_reason), (labels["by_code"], by_code)):
        if not counts:
            continue
        out.write(f"\n{title}\n")
        width = max(len(key) for key in counts)
        for key, count in counts.most_common():
            out.write(f"  {key.ljust(width)}  {count:>6}\n")


if __name__ == "__main__":
    sys.exit(main())
