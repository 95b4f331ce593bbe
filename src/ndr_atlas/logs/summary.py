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
LABELS = {
    "en": {
        "summary": "Summary",
        "files": "files",
        "file": "file",
        "lines": "lines",
        "found": "failed or deferred deliveries",
        "failed": "failed",
        "deferred": "deferred",
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
        "no_code": "No error code in this export (Get-MessageTraceDetailV2 or the extended report has it)",
        "connector": "connector",
        "errors": "unreadable files",
    },
    "it": {
        "summary": "Riepilogo",
        "files": "file",
        "file": "file",
        "lines": "righe",
        "found": "recapiti non riusciti o rimandati",
        "failed": "non riusciti",
        "deferred": "rimandati",
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
        "no_code": "Nessun codice di errore in questa esportazione (lo riportano Get-MessageTraceDetailV2 e il report esteso)",
        "connector": "connettore",
        "errors": "file illeggibili",
    },
}


@dataclass
class CodeRow:
    code: str
    titles: dict[str, str]
    page: str
    count: int = 0
    deferred: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    first: tuple[datetime, str] | None = None
    last: tuple[datetime, str] | None = None


def earlier(a: tuple[datetime, str] | None, b: tuple[datetime, str]) -> tuple[datetime, str]:
    return b if a is None or b[0] < a[0] else a


def later(a: tuple[datetime, str] | None, b: tuple[datetime, str]) -> tuple[datetime, str]:
    return b if a is None or b[0] > a[0] else a


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
    first: tuple[datetime, str] | None = None
    last: tuple[datetime, str] | None = None

    def add(self, failure: LogFailure) -> None:
        self.failures += 1
        self.deferred += failure.deferred
        code = failure.status or failure.reply_code or NO_CODE
        key = (code, failure.entry or "")
        row = self.codes.get(key)
        if row is None:
            titles = failure.entry_titles if code != NO_CODE else {lang: LABELS[lang]["no_code"] for lang in LABELS}
            row = self.codes[key] = CodeRow(code, titles, failure.entry_page)
        row.count += 1
        row.deferred += failure.deferred
        row.reasons[failure.reason] += 1
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
            seen = (failure.when, failure.time)
            row.first, row.last = earlier(row.first, seen), later(row.last, seen)
            self.first, self.last = earlier(self.first, seen), later(self.last, seen)

    def code_rows(self) -> list[CodeRow]:
        return sorted(self.codes.values(), key=lambda row: (-row.count, row.code))

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
        out.write(
            f"{labels['summary']}: {self.files} {labels['file' if self.files == 1 else 'files']}, {self.lines:,} {labels['lines']}, {self.failures:,} {labels['found']} "
            f"({self.failures - self.deferred:,} {labels['failed']}, {self.deferred:,} {labels['deferred']})"
        )
        out.write(f", {self.errors} {labels['errors']}\n" if self.errors else "\n")
        if not self.failures:
            out.write(labels["none"] + "\n")
            return
        if self.first and self.last:
            out.write(f"{labels['seen']}: {self.first[1]} → {self.last[1]}\n")
        out.write(f"\n{labels['by_code']}\n")
        width = max(len(row.code) for row in self.codes.values())
        for row in self.code_rows():
            split = f"{row.count - row.deferred} {labels['failed']}, {row.deferred} {labels['deferred']}"
            reason = named(row.reasons.most_common(1)[0][0], reason_names, lang)
            out.write(f"  {row.code.ljust(width)}  {row.count:>7,}  {row.titles.get(lang, '')} ({reason}; {split})\n")
            if row.first and row.last:
                out.write(f"  {' ' * width}           {row.first[1]} → {row.last[1]}\n")
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
            out.write(f"\n{title}\n")
            top = counts.most_common(TOP if counts is self.recipients else 25)
            key_width = max(len(key) for key, _ in top)
            for key, count in top:
                out.write(f"  {key.ljust(key_width)}  {count:>7,}\n")


def named(reason: str, reason_names: dict[str, dict[str, str]] | None, lang: str) -> str:
    """A reason as people read it, its machine name beside it: "Mailbox is full [mailboxfull]"."""
    name = (reason_names or {}).get(reason, {}).get(lang)
    return f"{name} [{reason}]" if name and name != reason else reason
