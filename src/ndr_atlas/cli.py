"""``ndr-atlas diagnose``: classify bounces (files, folders, mbox files or stdin) and print readable
text, JSON Lines, or a summary table of a whole batch."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gc
import io
import json
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator

from ndr_atlas import __version__, patterncache
from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import InputError, Report, diagnose_all
from ndr_atlas.limits import MAX_INPUT_BYTES, size_text
from ndr_atlas.record import Record

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import NoReturn, TextIO

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
        "outcome": "Outcome",
        "remote": "Remote server",
        "command": "Refused at SMTP command",
        "page": "Fix",
        "diagnostic": "Server said",
        "summary": "Summary",
        "inputs": "inputs",
        "messages": "messages",
        "bounces": "bounces",
        "failed": "failed recipients",
        "delayed": "delayed recipients (still being retried)",
        "resend": "refused for now (the application must send again)",
        "by_reason": "By reason",
        "by_code": "By code",
        "by_kind": "Messages by kind",
        "by_address": "Not failures, by address",
        "address": "Address",
        "errors": "unreadable inputs",
    },
    "it": {
        "recipient": "Destinatario",
        "unknown": "(non indicato)",
        "status": "Stato",
        "inferred": "dedotto",
        "reason": "Motivo",
        "outcome": "Esito",
        "remote": "Server remoto",
        "command": "Rifiutato al comando SMTP",
        "page": "Soluzione",
        "diagnostic": "Risposta del server",
        "summary": "Riepilogo",
        "inputs": "input",
        "messages": "messaggi",
        "bounces": "rapporti di mancato recapito",
        "failed": "destinatari non raggiunti",
        "delayed": "destinatari con recapito ritardato (nuovi tentativi in corso)",
        "resend": "rifiutati per ora (l'applicazione deve ritentare l'invio)",
        "by_reason": "Per motivo",
        "by_code": "Per codice",
        "by_kind": "Messaggi per tipo",
        "by_address": "Non errori, per indirizzo",
        "address": "Indirizzo",
        "errors": "input illeggibili",
    },
}


EXIT_OK = 0
EXIT_INPUT_ERRORS = 2  # bad usage, or some inputs unreadable (each named on stderr; the batch went on)
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it
EXIT_PIPE_CLOSED = 141  # the reader of the output went away (`| head`): 128 + SIGPIPE, as a shell reports it

EXIT_STATUSES = f"""exit status:
  {EXIT_OK}    every input was read (whether or not it held failures)
  {EXIT_INPUT_ERRORS}    bad usage, a missing catalog, or some inputs unreadable (one line each on stderr;
       the other inputs are still diagnosed)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)
  {EXIT_PIPE_CLOSED}  the output's reader went away (for example `| head`); nothing is printed"""


def main(argv: list[str] | None = None) -> int:
    """The command line: quiet exits when interrupted or when the output's reader goes away."""
    if sys.stdout is None:  # started with its standard output closed (`ndr-atlas … >&-`)
        if sys.stderr is not None:
            print("ndr-atlas: standard output is closed; nothing can be written (redirect it to a file instead)", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    try:
        return run_command(argv)
    except KeyboardInterrupt:
        print("ndr-atlas: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Point stdout at /dev/null: the interpreter flushes it again at exit, and would fail again.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED


def run() -> NoReturn:
    """The installed command and ``python -m ndr_atlas``: ``main``, its output flushed, then an exit
    that does not take the interpreter apart: freeing every module, the catalog and the patterns
    compiled on the way took 5 ms of a batch's wall time (nothing of ours runs at exit)."""
    code = main()
    patterncache.save()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # AttributeError: no stdout at all
        sys.exit(code)  # the interpreter's own exit reports a failed flush, as it always did
    os._exit(code)


def terminal_columns() -> int:
    """The width ``shutil.get_terminal_size`` gives argparse: $COLUMNS when it is a positive number,
    else the terminal's (standard output's), else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's RawDescriptionHelpFormatter, given the width argparse itself would find. Without
    one, every parser and argument made imports ``shutil`` for it, and with it zlib, bz2, lzma and
    fnmatch: 2 ms of each start, on a batch's single-process path, for a help text rarely printed."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, terminal_columns() - 2 if width is None else width)


def run_command(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="ndr-atlas",
        description="Explain email delivery failures (NDRs, bounces, DSNs).",
        epilog=EXIT_STATUSES,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "diagnose",
        help="diagnose bounces: files, folders (walked), mbox files, or standard input",
        epilog=EXIT_STATUSES,
        formatter_class=HelpFormatter,
    )
    run.add_argument(
        "paths",
        nargs="*",
        metavar="FILE_OR_DIR",
        help=".eml files, Outlook .msg files, mbox files, text files with a pasted NDR, or folders of them",
    )
    run.add_argument("--json", action="store_true", help="print JSON Lines: one object per message")
    run.add_argument(
        "--per-recipient", action="store_true", help="with --json: one line per failed or delayed recipient (its action says which) instead"
    )
    run.add_argument("--summary", action="store_true", help="print counts by reason and by code after the run")
    run.add_argument("--progress", action="store_true", help="report progress on stderr (default: when stderr is a terminal)")
    run.add_argument("--lang", choices=("en", "it"), default="en", help="language of the readable output")
    run.add_argument("--catalog", help="compiled catalog.json to use instead of the packaged one")
    run.add_argument("--jobs", type=int, help=f"worker processes (default: one per core from {PARALLEL_FROM} files up, else 1)")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diagnose"]:
        # Named only, so that usage lines list it: its readers cost a tenth of `diagnose`'s start to import.
        commands.add_parser("logs", formatter_class=HelpFormatter)
    else:
        from ndr_atlas import logs_cli

        logs_cli.register(commands, epilog=EXIT_STATUSES, formatter_class=HelpFormatter)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_INPUT_ERRORS if exc.code else EXIT_OK
    fit_output_to_console(as_json=bool(getattr(args, "json", False)))
    if args.command == "logs":
        from ndr_atlas import logs_cli

        return logs_cli.main(args, started)  # started once its catalog is loaded, as below
    try:
        catalog = load_catalog(args.catalog)
    except (OSError, ValueError) as exc:
        print(f"ndr-atlas: cannot load the catalog: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    started()
    return run_batch(list(expand_paths(args.paths)), catalog, args, sys.stdout, sys.stderr)


def started() -> None:
    """The start is over: collections resume if the installed command (``launch``) stopped them for
    it, and what the start made (modules, patterns, the catalog), kept for the whole run, is left out
    of them (``gc.freeze``): the first one would otherwise walk all of it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def fit_output_to_console(as_json: bool) -> None:
    """A console that cannot show every character (Windows' cp1252, a C locale's ASCII) must not end
    the run on the first Japanese reply: readable text shows "?" there, JSON Lines a \\u escape (still
    valid JSON, the same string once read). UTF-8 output is left as it is."""
    for stream, handler in ((sys.stdout, JSON_ESCAPE if as_json else "replace"), (sys.stderr, "replace")):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if isinstance(stream, io.TextIOWrapper) and not encoding.startswith("utf"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=handler)


def escape_for_json(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the characters the output's encoding lacks, as JSON escapes."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return json.dumps(error.object[error.start : error.end])[1:-1], error.end


JSON_ESCAPE = "ndr-atlas-json-escape"
codecs.register_error(JSON_ESCAPE, escape_for_json)


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files as given, folders walked in name order (hidden files skipped); "-" or none is stdin.
    A name that is neither file nor folder is passed on: reading it reports the error."""
    if not paths:
        yield "-"
        return
    for name in paths:
        if name == "-" or os.path.isfile(name):
            yield name
        elif os.path.isdir(name):
            found = []
            for folder, subfolders, names in os.walk(name):
                subfolders[:] = [d for d in subfolders if not d.startswith(".")]
                found += [os.path.join(folder, n) for n in names if not n.startswith(".") and os.path.isfile(os.path.join(folder, n))]
            yield from sorted(found, key=lambda found_path: os.path.relpath(found_path, name).split(os.sep))
        else:
            yield name  # reported when read, so the rest of the batch still runs


def read_input(name: str) -> bytes:
    """The input's bytes, read at most one past the input limit (MAX_INPUT_BYTES): a larger file or
    standard input is refused here, not first held whole in memory and then refused by as_text."""
    if name == "-":
        return within_limit(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1))
    try:
        with open(name, "rb", buffering=0) as handle:  # read whole at once: no buffer to fill first
            return within_limit(read_whole(handle))
    except FileNotFoundError:
        raise InputError(f"{name}: no such file or folder") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None


def read_whole(handle: io.FileIO) -> bytes:
    """What ``handle.read(MAX_INPUT_BYTES + 1)`` gives, in a buffer the size of the file: that call
    allocates the limit's 25 MB for every input, then shrinks it (three times the cost of reading
    a bounce of a few kB). A file that grew since its size was read, and one whose size says
    nothing (a pipe, a device, /proc), are read as before, up to one byte past the limit."""
    size = os.fstat(handle.fileno()).st_size
    if not 0 < size < MAX_INPUT_BYTES:
        return handle.read(MAX_INPUT_BYTES + 1)
    data = handle.read(size + 1)  # its end: a read shorter than asked
    if len(data) <= size:
        return data
    return data + handle.read(MAX_INPUT_BYTES + 1 - len(data))


def within_limit(data: bytes) -> bytes:
    if len(data) > MAX_INPUT_BYTES:
        limit = size_text(MAX_INPUT_BYTES)
        raise InputError(f"input is over {limit}; the limit is {limit}")
    return data


class Outcome(Record):
    """What one input adds to the output and to the batch totals (small: it crosses process pipes).
    (A plain class: ``dataclasses`` costs the CLI's start more than it saves here.) Its counts are
    ``defaultdict(int)``, which counts as a Counter does and is made and unpickled in C: five Counters
    per input (a Python ``__init__`` each, again when the parent unpickles a child's outcomes) took
    9.5 ms for 554 inputs, these 4.4 ms. ``run_batch`` adds them into its Counters as before."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.text = ""
        self.error: str | None = None
        self.totals: defaultdict[str, int] = defaultdict(int)
        self.by_reason: defaultdict[str, int] = defaultdict(int)
        self.by_code: defaultdict[str, int] = defaultdict(int)
        self.by_kind: defaultdict[str, int] = defaultdict(int)
        self.by_address: defaultdict[str, int] = defaultdict(int)  # "feedback abuse: bob@example.org" …


def run_batch(files: list[str], catalog: Catalog, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    show_progress = args.progress or (len(files) > PROGRESS_EVERY and err.isatty())
    totals: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_address: Counter[str] = Counter()
    failed = False
    for number, outcome in enumerate(outcomes(files, catalog, args), 1):
        if outcome.error is not None:
            print(f"ndr-atlas: {outcome.error}", file=err)
            failed = True
        out.write(outcome.text)
        totals.update(outcome.totals)
        by_reason.update(outcome.by_reason)
        by_code.update(outcome.by_code)
        by_kind.update(outcome.by_kind)
        by_address.update(outcome.by_address)
        if show_progress and (number % PROGRESS_EVERY == 0 or number == len(files)):
            err.write(f"\r{number}/{len(files)} files, {totals['failed']} failed recipients")
            err.flush()
    if show_progress:
        err.write("\n")
    if args.summary:
        print_summary(totals, by_reason, by_code, by_kind, args.lang, args.json, out, catalog, by_address)
    return EXIT_INPUT_ERRORS if failed else EXIT_OK


def analyse(name: str, catalog: Catalog, args: argparse.Namespace) -> Outcome:
    """One input, diagnosed and rendered as the options ask."""
    outcome = Outcome(name)
    try:
        reports = diagnose_all(read_input(name), catalog)
    except InputError as exc:
        message = str(exc)
        outcome.error = message if message.startswith(name) else f"{name}: {message}"
        outcome.totals["errors"] += 1
        if args.json:
            outcome.text = json.dumps({"file": name, "error": outcome.error}, ensure_ascii=False) + "\n"
        return outcome
    outcome.totals["inputs"] += 1
    out = io.StringIO()
    for index, report in enumerate(reports, 1):
        outcome.totals["messages"] += 1
        outcome.by_kind[report.kind] += 1
        for a in report.addresses:
            details = [d for d in (report.kind, a.action, a.feedback_type) if d and d != report.kind]
            outcome.by_address[" ".join([report.kind, *details]) + f": {a.address or '?'}"] += 1
        for result in report.results:
            outcome.by_reason[result.reason] += 1
            outcome.by_code[result.status or result.reply_code or "?"] += 1
        # A delay warning's recipients are no failure yet: counted apart, and apart again when no
        # server retries them (an application's refused send: it must send again itself).
        delayed = [result for result in report.results if result.action == "delayed"]
        resend = sum(result.retry == "application" for result in delayed)
        outcome.totals["failed"] += len(report.results) - len(delayed)
        outcome.totals["delayed"] += len(delayed) - resend
        outcome.totals["resend"] += resend
        outcome.totals["bounces"] += bool(report.results)
        where = {"file": name, "message": index} if len(reports) > 1 else {"file": name}
        if args.json and args.per_recipient:
            for row in public_json(report)["results"]:  # type: ignore[attr-defined]
                out.write(json.dumps({**where, **row}, ensure_ascii=False) + "\n")
        elif args.json:
            out.write(json.dumps({**where, **public_json(report)}, ensure_ascii=False) + "\n")
        elif not args.summary:
            label = name if len(reports) == 1 else f"{name} #{index}"
            print_readable(label, report, args.lang, out)
    outcome.text = out.getvalue()
    return outcome


# A batch this large is worth spreading over the machine's cores.
PARALLEL_FROM = 64


def outcomes(files: list[str], catalog: Catalog, args: argparse.Namespace) -> Iterator[Outcome]:
    """Outcomes in input order, streamed. Big batches are dealt out in small blocks, round robin, to
    this process and to forked children; a child pickles each block's rendered output into its pipe
    as soon as it is done. Rendered text and counters are cheap to send, diagnosis objects and a
    process pool are not (both cost more than they save on a batch of a few hundred files)."""
    workers = args.jobs if args.jobs is not None else ((os.cpu_count() or 1) if len(files) >= PARALLEL_FROM else 1)
    blocks = [files[i : i + BLOCK] for i in range(0, len(files), BLOCK)]
    workers = max(1, min(workers, len(blocks)))
    if workers == 1 or "-" in files or not hasattr(os, "fork"):
        yield from (analyse(name, catalog, args) for name in files)
        return
    import pickle  # only a batch dealt to children needs it: not imported at start

    gc.freeze()  # the catalog and modules, shared with the children: no collection touches (copies) them
    pipes = [fork_worker(blocks[first::workers], catalog, args) for first in range(1, workers)]
    readers = [os.fdopen(read_end, "rb") for _, read_end in pipes]
    try:
        for number, block in enumerate(blocks):
            owner = number % workers
            done = None
            if owner:
                try:
                    done = pickle.load(readers[owner - 1])
                except (EOFError, pickle.UnpicklingError):
                    pass  # the child died: its blocks are read here
            yield from done if done is not None else (analyse(name, catalog, args) for name in block)
    finally:
        for reader in readers:
            reader.close()
        for pid, _ in pipes:
            os.waitpid(pid, 0)


# Files per block dealt to a process: small enough to balance the work, large enough to batch the pipe.
BLOCK = 8
# Room in a child's pipe (Linux can enlarge it), so a child that runs ahead need not wait for the reader.
PIPE_BYTES = 1 << 20


def fork_worker(blocks: list[list[str]], catalog: Catalog, args: argparse.Namespace) -> tuple[int, int]:
    """Start a child that analyses its blocks and pickles each block's outcomes into a pipe; (pid, read end)."""
    import fcntl  # POSIX only, like fork itself
    import pickle

    read_end, write_end = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers or flushes its buffers
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as writer:
                for block in blocks:
                    pickle.dump([analyse(name, catalog, args) for name in block], writer, protocol=pickle.HIGHEST_PROTOCOL)
                    writer.flush()
            status = 0
            patterncache.save()
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def public_json(report: Report) -> dict[str, object]:
    """The JSON contract of the CLI (one object per message); "addresses" only where a report that
    is not a failure names someone (feedback, auto-reply, delivered); "attached" (or "quoted") and
    "note" only for a bounce read from an attachment of the input (or quoted in its text: a report
    forwarded as an attachment, or inline); "body_unreadable" and "note" for a .msg whose compressed
    RTF body is damaged; "unread_attachment" (its file name) and "note" for a mail with no failure
    whose attached Outlook item (.msg) could not be read (damaged, holding no email, olefile missing)."""
    addresses = [{"address": a.address, "action": a.action, "feedback_type": a.feedback_type} for a in report.addresses]
    forwarded: dict[str, object] = {"attached": True} if report.attached else {"quoted": True} if report.quoted else {}
    if report.unread_attachment is not None:
        forwarded["unread_attachment"] = report.unread_attachment
    if report.attached or report.quoted or report.body_unreadable or report.unread_attachment is not None:
        forwarded["note"] = {lang: report.note(lang) for lang in ("en", "it")}
    if report.body_unreadable:
        forwarded["body_unreadable"] = True
    return {
        "bounce": report.bounce,
        "kind": report.kind,
        **forwarded,
        "results": [
            {
                "recipient": r.recipient,
                "status": r.status,
                "status_inferred": r.status_inferred,
                "reply_code": r.reply_code,
                "reason": r.reason,
                "permanent": r.permanent,
                "hard_bounce": r.hard_bounce,
                "action": r.action,  # failed, or delayed for a delay warning
                # Who tries a delayed delivery again: the sending "server", or the "application" refused.
                "retry": r.retry if r.action == "delayed" else None,
                "entry": r.entry,
                "page": r.page,
                "remote_host": r.remote_host,
                "smtp_command": r.command,
                "diagnostic": r.diagnostic,
                "evidence": r.evidence,
            }
            for r in report.results
        ],
        **({"addresses": addresses} if addresses else {}),
    }


def print_readable(name: str, report: Report, lang: str, out: TextIO) -> None:
    labels = LABELS[lang]
    prefix = "" if lang == "en" else "it/"
    out.write(f"== {name}\n")
    if not report.results:
        out.write(report.note(lang) + "\n")
        for a in report.addresses:
            details = ", ".join(d for d in (a.action, a.feedback_type) if d)
            out.write(f"  {labels['address']}: {a.address or labels['unknown']}" + (f" ({details})" if details else "") + "\n")
        out.write("\n")
        return
    if report.note(lang):
        out.write(report.note(lang) + "\n")
    for r in report.results:
        status = r.status or "?"
        if r.status_inferred:
            status += f" ({labels['inferred']})"
        out.write(f"{labels['recipient']}: {r.recipient or labels['unknown']}\n")
        out.write(f"  {labels['status']}: {r.reply_code or ''} {status}".rstrip() + f" — {r.titles.get(lang, '')}\n")
        out.write(f"  {labels['reason']}: {r.reason_titles.get(lang, r.reason)} [{r.reason}]\n")
        out.write(f"  {labels['outcome']}: {r.verdict(lang)}\n")
        if r.remote_host:
            out.write(f"  {labels['remote']}: {r.remote_host}\n")
        if r.command:
            out.write(f"  {labels['command']}: {r.command}\n")
        if r.diagnostic:
            out.write(f"  {labels['diagnostic']}: {r.diagnostic[:300]}\n")
        out.write(f"  {labels['page']}: {SITE_URL}{prefix}{r.page}\n")
    out.write("\n")


def print_summary(
    totals: Counter[str],
    by_reason: Counter[str],
    by_code: Counter[str],
    by_kind: Counter[str],
    lang: str,
    as_json: bool,
    out: TextIO,
    catalog: Catalog,
    by_address: Counter[str] | None = None,
) -> None:
    by_address = by_address or Counter()
    if as_json:
        summary = {
            "summary": {
                **{k: totals[k] for k in ("inputs", "messages", "bounces", "failed", "delayed", "resend", "errors")},
                "by_kind": dict(by_kind.most_common()),
                "by_reason": dict(by_reason.most_common()),
                "by_code": dict(by_code.most_common()),
                "by_address": dict(by_address.most_common()),
            }
        }
        out.write(json.dumps(summary, ensure_ascii=False) + "\n")
        return
    labels = LABELS[lang]
    # "label: count", so that no count needs a plural of its own ("1 failed recipients").
    counted = [
        "inputs",
        "messages",
        "bounces",
        "failed",
        *(["delayed"] if totals["delayed"] else []),
        *(["resend"] if totals["resend"] else []),
        *(["errors"] if totals["errors"] else []),
    ]
    out.write(f"{labels['summary']} — " + ", ".join(f"{labels[key]}: {totals[key]}" for key in counted) + "\n")
    # Reasons by the names people read, the machine name beside them (JSON keeps machine names).
    named = Counter({f"{catalog.reason_titles(reason).get(lang, reason)} [{reason}]": n for reason, n in by_reason.items()})
    sections = (
        (labels["by_kind"], by_kind),
        (labels["by_reason"], named),
        (labels["by_code"], by_code),
        (labels["by_address"], by_address),
    )
    for title, counts in sections:
        if not counts:
            continue
        out.write(f"\n{title}\n")
        width = max(len(key) for key in counts)
        for key, count in counts.most_common():
            out.write(f"  {key.ljust(width)}  {count:>6}\n")


if __name__ == "__main__":
    sys.exit(main())
