"""The counts of a run over logs: by code (with the entry's title and fix page), by reason, by
recipient domain, by remote host or connector, first and last seen, the recipients that failed most.

Memory grows with the number of distinct codes, domains, hosts and recipients, never with lines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TextIO

from ndr_atlas.logs.classify import LogFailure

NO_CODE = "-"
TOP = 10
# How to export Get-MessageTrackingLog with its lists (Recipients, RecipientStatus: string[]) kept:
# joined with ";", as the raw tracking files write them and exchange_tracking reads them. The logs
# page (logs.js) gives the same command.
JOIN_LISTS = (
    "Get-MessageTrackingLog … | Select-Object Timestamp,EventId,Source,ConnectorId,ServerHostname,ServerIp,"
    "InternalMessageId,MessageId,@{n='Recipients';e={$_.Recipients -join ';'}},"
    "@{n='RecipientStatus';e={$_.RecipientStatus -join ';'}} | Export-Csv -NoTypeInformation -Path tracking.csv"
)
# The command that a notice's text ends on ("… join the lists before exporting:"), by notice.
NOTICE_COMMANDS = {"recipients-lost": JOIN_LISTS}
LABELS = {
    "en": {
        "summary": "Summary",
        "files": "files",
        "file": "file",
        "lines": "lines",
        "line": "line",
        "found": "failed or deferred deliveries",
        "found_one": "failed or deferred delivery",
        "failed": "failed",
        "failed_one": "failed",
        "deferred": "deferred",
        "deferred_one": "deferred",
        "errors_one": "unreadable file",
        "shown": "the {shown} most frequent of {total}",
        "seen": "First and last seen",
        "by_code": "By code",
        "by_reason": "By reason",
        "by_domain": "By recipient domain",
        "by_remote": "By remote host or connector",
        "recipients": "Recipients that failed most",
        "code": "code",
        "count": "count",
        "fix": "fix",
        "none": "No failed or deferred delivery found.",
        "no_code": "No error code given",
        "no_code_export": "No error code in this export (Get-MessageTraceDetailV2 or the extended report has it)",
        "as_exported": "time as in the export",
        "connector": "connector",
        "errors": "unreadable files",
        "notice": "Note",
        "notice_recipients-lost": (
            'Export-Csv wrote the Recipients column as "System.String[]", as it writes any list, so the recipients were'
            " lost ({count} without recipient or domain). To keep them, join the lists before exporting:"
        ),
    },
    "it": {
        "summary": "Riepilogo",
        "files": "file",
        "file": "file",
        "lines": "righe",
        "line": "riga",
        "found": "recapiti non riusciti o rimandati",
        "found_one": "recapito non riuscito o rimandato",
        "failed": "non riusciti",
        "failed_one": "non riuscito",
        "deferred": "rimandati",
        "deferred_one": "rimandato",
        "errors_one": "file illeggibile",
        "shown": "i {shown} più frequenti su {total}",
        "seen": "Primo e ultimo rilevamento",
        "by_code": "Per codice",
        "by_reason": "Per motivo",
        "by_domain": "Per dominio del destinatario",
        "by_remote": "Per server remoto o connettore",
        "recipients": "Destinatari con più errori",
        "code": "codice",
        "count": "totale",
        "fix": "soluzione",
        "none": "Nessun recapito non riuscito o rimandato.",
        "no_code": "Nessun codice di errore indicato",
        "no_code_export": "Nessun codice di errore in questa esportazione (lo riportano Get-MessageTraceDetailV2 e il report esteso)",
        "as_exported": "ora come nell'esportazione",
        "connector": "connettore",
        "errors": "file illeggibili",
        "notice": "Nota",
        "notice_recipients-lost": (
            'Export-Csv ha scritto la colonna Recipients come "System.String[]", come scrive ogni elenco, e i destinatari'
            " sono andati persi ({count} senza destinatario né dominio). Per conservarli, unite gli elenchi prima"
            " di esportare:"
        ),
    },
}


# A time as the summary keeps it: (comparable time, time as the log gave it, its note: "export" or "").
Seen = tuple[datetime, str, str]


def row_titles(failure: LogFailure) -> tuple[dict[str, str], str, dict[str, str], str]:
    """(titles, page) of the page a failure matched (an entry's, or its variant's: one server's wording
    such as greylisting under 4.7.1), then (titles, page) of its entry. A failure without a code has
    the no-code titles: the export's own when it has no code column (naming the export that has one)."""
    if (failure.status or failure.reply_code) is None:
        key = "no_code_export" if failure.codes_note == "export" else "no_code"
        titles = {lang: LABELS[lang][key] for lang in LABELS}
        generic = {lang: LABELS[lang]["no_code"] for lang in LABELS}
        return titles, failure.page, generic, failure.entry_page
    return failure.titles, failure.page, failure.entry_titles, failure.entry_page


@dataclass
class CodeRow:
    """A row per code and entry, titled and linked as the diagnoser shows its failures: by the variant
    they matched when they all matched the same one, by the entry when they matched several or none.
    The command line's summary and the logs page (report.py) title their rows from here."""

    code: str
    titles: dict[str, str]
    page: str
    entry_titles: dict[str, str] = field(default_factory=dict)
    entry_page: str = ""
    count: int = 0
    deferred: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    first: Seen | None = None
    last: Seen | None = None

    def take(self, failure: LogFailure) -> None:
        titles, page, entry_titles, entry_page = row_titles(failure)
        if self.count and (titles != self.titles or page != self.page):
            self.titles, self.page = entry_titles, entry_page
        self.entry_titles, self.entry_page = entry_titles, entry_page
        self.count += 1
        self.deferred += failure.deferred
        self.reasons[failure.reason] += 1


def earlier(a: Seen | None, b: Seen) -> Seen:
    return b if a is None or b[0] < a[0] else a


def later(a: Seen | None, b: Seen) -> Seen:
    return b if a is None or b[0] > a[0] else a


def to_the_second(time: str) -> str:
    """An ISO time as the summary prints it, to the second: "2026-12-04T10:00:03.771000+00:00" (an
    Exchange tracking log's milliseconds, as Python writes them) → "2026-12-04T10:00:03+00:00".
    Fractions of a second tell nobody reading a summary anything, and six digits of them made each
    line hard to read; ``--json`` keeps the time whole."""
    head, dot, tail = time.partition(".")
    if not dot:
        return time
    return head + tail.lstrip("0123456789")


def seen_text(seen: Seen, lang: str) -> str:
    """A first or last time as the summary prints it: to the second, "(time as in the export)" after
    one an export wrote without a zone its documentation does not state."""
    text = to_the_second(seen[1])
    return f"{text} ({LABELS[lang]['as_exported']})" if seen[2] else text


@dataclass
class Summary:
    files: int = 0
    errors: int = 0
    lines: int = 0
    failures: int = 0
    deferred: int = 0
    codes: dict[tuple[str, str], CodeRow] = field(default_factory=dict)  # by (code, entry): a code may land on several
    by_reason: Counter[str] = field(default_factory=Counter)
    by_domain: Counter[str] = field(default_factory=Counter)
    by_remote: Counter[tuple[str, str]] = field(default_factory=Counter)  # ("host" or "connector", name)
    recipients: Counter[str] = field(default_factory=Counter)
    first: Seen | None = None
    last: Seen | None = None
    # A reader's notice (LogFailure.notice) → the failures it concerns, by file: told once per run.
    notices: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, failure: LogFailure) -> None:
        self.failures += 1
        if failure.notice:
            self.notices.setdefault(failure.notice, Counter())[failure.file] += 1
        self.deferred += failure.deferred
        code = failure.status or failure.reply_code or NO_CODE
        key = (code, failure.entry or "")
        row = self.codes.get(key)
        if row is None:
            titles, page, _, _ = row_titles(failure)
            row = self.codes[key] = CodeRow(code, titles, page)
        row.take(failure)
        self.by_reason[failure.reason] += 1
        if failure.domain:
            self.by_domain[failure.domain] += 1
        if failure.remote_host:
            self.by_remote["host", failure.remote_host.lower()] += 1
        elif failure.connector:
            self.by_remote["connector", failure.connector] += 1
        if failure.recipient:
            self.recipients[failure.recipient.lower()] += 1
        if failure.when is not None and failure.time is not None:
            seen = (failure.when, failure.time, failure.time_note)
            row.first, row.last = earlier(row.first, seen), later(row.last, seen)
            self.first, self.last = earlier(self.first, seen), later(self.last, seen)

    def code_rows(self) -> list[CodeRow]:
        return sorted(self.codes.values(), key=lambda row: (-row.count, row.code))

    def notice_lines(self, lang: str = "en") -> list[str]:
        """Each notice once, naming its files: "Note: tracking.csv: Export-Csv wrote …", then the
        command that avoids it on a line of its own."""
        labels = LABELS[lang]
        lines = []
        for notice, files in self.notices.items():
            count = sum(files.values())
            found = f"{count:,} {labels['found_one' if count == 1 else 'found']}"
            text = labels[f"notice_{notice}"].format(count=found)
            lines.append(f"{labels['notice']}: {', '.join(files)}: {text}")
            if notice in NOTICE_COMMANDS:
                lines.append(f"  {NOTICE_COMMANDS[notice]}")
        return lines

    @staticmethod
    def remote_label(key: tuple[str, str], lang: str) -> str:
        kind, name = key
        return name if kind == "host" else f"{LABELS[lang]['connector']}: {name}"

    def to_json(self, site_url: str, lang: str = "en") -> dict[str, Any]:
        prefix = site_url + ("it/" if lang == "it" else "")
        return {
            "files": self.files,
            "unreadable": self.errors,
            "lines": self.lines,
            "failures": self.failures,
            "failed": self.failures - self.deferred,
            "deferred": self.deferred,
            "first_seen": self.first[1] if self.first else None,
            "last_seen": self.last[1] if self.last else None,
            "by_code": [
                {
                    "code": row.code,
                    "count": row.count,
                    "deferred": row.deferred,
                    "title": row.titles.get(lang, ""),
                    "reason": row.reasons.most_common(1)[0][0],
                    "page": prefix + row.page,
                    "first_seen": row.first[1] if row.first else None,
                    "last_seen": row.last[1] if row.last else None,
                }
                for row in self.code_rows()
            ],
            "by_reason": dict(self.by_reason.most_common()),
            "by_domain": dict(self.by_domain.most_common()),
            "by_remote": {self.remote_label(key, "en"): count for key, count in self.by_remote.most_common()},
            "top_recipients": dict(self.recipients.most_common(TOP)),
        }

    def write(self, out: TextIO, site_url: str, lang: str = "en", reason_names: dict[str, dict[str, str]] | None = None) -> None:
        labels = LABELS[lang]
        prefix = site_url + ("it/" if lang == "it" else "")

        def counted(count: int, many: str, one: str) -> str:
            return f"{count:,} {labels[one if count == 1 else many]}"

        out.write(
            f"{labels['summary']}: {counted(self.files, 'files', 'file')}, {counted(self.lines, 'lines', 'line')}, "
            f"{counted(self.failures, 'found', 'found_one')} "
            f"({counted(self.failures - self.deferred, 'failed', 'failed_one')}, {counted(self.deferred, 'deferred', 'deferred_one')})"
        )
        out.write(f", {counted(self.errors, 'errors', 'errors_one')}\n" if self.errors else "\n")
        if not self.failures:
            out.write(labels["none"] + "\n")
            return
        if self.first and self.last:
            out.write(f"{labels['seen']}: {seen_text(self.first, lang)} → {seen_text(self.last, lang)}\n")
        if self.notices:
            out.write("\n" + "".join(line + "\n" for line in self.notice_lines(lang)))
        out.write(f"\n{labels['by_code']}\n")
        width = max(len(row.code) for row in self.codes.values())
        for row in self.code_rows():
            split = f"{counted(row.count - row.deferred, 'failed', 'failed_one')}, {counted(row.deferred, 'deferred', 'deferred_one')}"
            reason = named(row.reasons.most_common(1)[0][0], reason_names, lang)
            out.write(f"  {row.code.ljust(width)}  {row.count:>7,}  {row.titles.get(lang, '')} ({reason}; {split})\n")
            if row.first and row.last:
                out.write(f"  {' ' * width}           {seen_text(row.first, lang)} → {seen_text(row.last, lang)}\n")
            if row.code != NO_CODE:
                out.write(f"  {' ' * width}           {labels['fix']}: {prefix}{row.page}\n")
        remotes: Counter[str] = Counter({self.remote_label(key, lang): count for key, count in self.by_remote.items()})
        by_reason: Counter[str] = Counter({named(reason, reason_names, lang): count for reason, count in self.by_reason.items()})
        for title, counts in (
            (labels["by_reason"], by_reason),
            (labels["by_domain"], self.by_domain),
            (labels["by_remote"], remotes),
            (labels["recipients"], self.recipients),
        ):
            if not counts:
                continue
            top = counts.most_common(TOP if counts is self.recipients else 25)
            # A list cut to its most frequent says so: "By recipient domain (the 25 most frequent of 130)".
            shown = f" ({labels['shown'].format(shown=len(top), total=f'{len(counts):,}')})" if len(top) < len(counts) else ""
            out.write(f"\n{title}{shown}\n")
            key_width = max(len(key) for key, _ in top)
            for key, count in top:
                out.write(f"  {key.ljust(key_width)}  {count:>7,}\n")


def named(reason: str, reason_names: dict[str, dict[str, str]] | None, lang: str) -> str:
    """A reason as people read it, its machine name beside it: "Mailbox is full [mailboxfull]"."""
    name = (reason_names or {}).get(reason, {}).get(lang)
    return f"{name} [{reason}]" if name and name != reason else reason
