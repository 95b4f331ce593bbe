"""``ndr-atlas logs``: every failed or deferred delivery in mail logs and message trace exports,
classified with the catalog, as JSON Lines or a summary. Streams: memory stays flat whatever the size."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any, TextIO

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.logs import READERS, Classifier, LogFormatError, LogRun, parse_since
from ndr_atlas.logs.summary import Summary

SITE_URL = os.environ.get("NDR_ATLAS_SITE_URL") or "https://ndr-atlas.github.io/ndr-atlas/"


def register(commands: Any, **options: Any) -> None:
    """Add the ``logs`` subcommand to the CLI's subparsers (``options``: the CLI's epilog, formatter)."""
    formats = ", ".join(reader.NAME for reader in READERS)
    run = commands.add_parser(
        "logs",
        help="summarise failed and deferred deliveries in mail logs and message trace exports",
        description=f"Read mail logs and message trace exports (plain or .gz): {formats}.",
        **options,
    )
    run.add_argument("files", nargs="+", metavar="FILE", help='log files or CSV exports ("-" for standard input)')
    run.add_argument("--json", action="store_true", help="print JSON Lines: one object per failed or deferred delivery")
    run.add_argument("--summary", action="store_true", help="print the summary (the default without --json; a JSON object with --json)")
    run.add_argument(
        "--since", metavar="TIME", help="only deliveries at or after TIME: 2026-12-01, 2026-12-01T08:00Z, or an age such as 24h or 7d"
    )
    run.add_argument("--lang", choices=("en", "it"), default="en", help="language of the summary")
    run.add_argument("--progress", action="store_true", help="report progress on stderr (default: when stderr is a terminal)")
    run.add_argument("--catalog", help="compiled catalog.json to use instead of the packaged one")


def main(args: argparse.Namespace, started: Callable[[], None] = lambda: None) -> int:
    """The command; ``started`` is called once the start is over (the catalog loaded), as ``diagnose``
    calls it (cli.started: collections resume, the start frozen out of them)."""
    try:
        since = parse_since(args.since) if args.since else None
    except ValueError as exc:
        print(f"ndr-atlas: {exc}", file=sys.stderr)
        return 2
    try:
        catalog = load_catalog(args.catalog)
    except (OSError, ValueError) as exc:
        print(f"ndr-atlas: cannot load the catalog: {exc}", file=sys.stderr)
        return 2
    started()
    return run_logs(args.files, catalog, args, since, sys.stdout, sys.stderr)


def run_logs(files: list[str], catalog: Catalog, args: argparse.Namespace, since: datetime | None, out: TextIO, err: TextIO) -> int:
    classifier = Classifier(catalog)
    summary = Summary()
    show_progress = args.progress or err.isatty()
    failed = False
    for name in files:
        run = LogRun(name, classifier, since)
        if show_progress:
            run.progress = lambda current: progress(current, summary, err)
        try:
            for failure in run.failures():
                summary.add(failure)
                if args.json:
                    out.write(json.dumps(failure.to_json(), ensure_ascii=False) + "\n")
        except LogFormatError as exc:
            print(f"ndr-atlas: {name}: {exc}", file=err)
            summary.errors += 1
            failed = True
            continue
        finally:
            summary.lines += run.lines
        summary.files += 1
        if show_progress:
            err.write(f"\r{name}: {run.format}, {run.lines:,} lines, {summary.failures:,} failures so far\n")
    if args.json and args.summary:
        out.write(json.dumps({"summary": summary.to_json(SITE_URL, args.lang)}, ensure_ascii=False) + "\n")
    elif not args.json:
        summary.write(out, SITE_URL, args.lang, catalog.reason_names)
    if args.json:
        # The JSON keeps its fields; what a reader has to tell (an export that lost its recipients)
        # goes to stderr, once, as the summary text tells it.
        for line in summary.notice_lines(args.lang):
            print(line if line.startswith(" ") else f"ndr-atlas: {line}", file=err)
    return 2 if failed else 0


def progress(run: LogRun, summary: Summary, err: TextIO) -> None:
    err.write(f"\r{run.name}: {run.lines:,} lines, {summary.failures:,} failures")
    err.flush()
