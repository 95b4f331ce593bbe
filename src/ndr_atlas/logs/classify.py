"""Each failure a reader found, classified by the same catalog and code as ``diagnose``.

A log repeats the same few errors for many recipients, so classifications are remembered by what
decides them: the codes, the error text with every address's local part masked, the recipient's
domain and the remote host (whose provider may have its own reading of common words). IPv4
addresses in the text are masked too: which address a server names never changes what it means."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ndr_atlas.catalog import Catalog
from ndr_atlas.diagnose import Diagnosis, diagnose_failure
from ndr_atlas.logs.base import STATUS_RE, LogEvent, as_comparable, domain_of, first_status
from ndr_atlas.parse import Failure

# A local part in any script (\w: SMTPUTF8 addresses, RFC 6531, are logged as UTF-8): "josé@", "用户@"
# are masked whole, like ASCII ones, not left as they are or cut after their last ASCII letter.
LOCAL_PART_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}(?=@[\w-]{1,63}\.)")
IPV4_RE = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
MASK = "recipient"
MASK_IP = "192.0.2.1"
# Small on purpose: a large memo of classifications costs more in garbage collection than it saves.
MEMO_SIZE = 1024
MAX_DIAGNOSTIC = 1000


@dataclass
class LogFailure:
    """One failed or deferred delivery, classified: what ``logs --json`` prints, one per line."""

    file: str
    line: int
    time: str | None
    recipient: str | None
    domain: str | None
    status: str | None
    reply_code: str | None
    reason: str
    hard_bounce: bool
    deferred: bool
    entry: str | None
    page: str
    remote_host: str | None
    connector: str | None
    diagnostic: str
    titles: dict[str, str]  # of the page matched: the entry's, or its variant's (one server's wording)
    entry_titles: dict[str, str]
    entry_page: str
    when: datetime | None = None  # the time to compare and sort by (UTC when the log gave a zone)
    # Set by LogRun from its reader: "export" when ``time`` has no zone and the export's documentation
    # states none (shown "as in the export", not guessed); "export" in ``codes_note`` when the export
    # has no column for an error code at all (its summary row names the export that has one).
    time_note: str = ""
    codes_note: str = ""
    notice: str = ""  # the reader's (LogEvent.notice): told once per run, not one of JSON_FIELDS

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in JSON_FIELDS}


JSON_FIELDS = (
    "file", "line", "time", "recipient", "domain", "status", "reply_code", "reason", "hard_bounce",
    "deferred", "entry", "page", "remote_host", "connector", "diagnostic",
)  # fmt: skip


class Classifier:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.memo: dict[tuple[object, ...], Diagnosis] = {}
        self.entries = {entry.id: entry for entry in catalog.entries}

    def diagnosis(self, event: LogEvent, domain: str | None) -> Diagnosis:
        text = " ".join(event.diagnostic.split())[:MAX_DIAGNOSTIC]
        masked = LOCAL_PART_RE.sub(MASK, text) if "@" in text else text
        masked = IPV4_RE.sub(MASK_IP, masked)
        key = (event.status, event.reply, masked, domain, (event.remote_host or "").lower(), event.deferred)
        found = self.memo.get(key)
        if found is None:
            failure = Failure(
                recipient=f"{MASK}@{domain}" if domain else None,
                status=event.status,
                reply=event.reply,
                remote_host=event.remote_host,
                diagnostic=masked,
                action="delayed" if event.deferred else "failed",
            )
            found = diagnose_failure(failure, self.catalog)
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            self.memo[key] = found
        return found

    def classify(self, name: str, event: LogEvent) -> LogFailure:
        if event.status is not None and not STATUS_RE.fullmatch(event.status):
            # A damaged line's status field ("dsn=5.1.x"): the one its text states, as when a line
            # has no such field. The catalog reads a status's digits; this one stopped the whole run.
            event = replace(event, status=first_status(event.diagnostic))
        domain = domain_of(event.recipient)
        found = self.diagnosis(event, domain)
        entry = self.entries.get(found.entry) if found.entry else None
        return LogFailure(
            file=name,
            line=event.line,
            time=event.time.isoformat() if event.time else None,
            recipient=event.recipient,
            domain=domain,
            status=found.status if (event.status or event.reply or found.entry) else None,
            reply_code=event.reply,
            reason=found.reason,
            hard_bounce=found.hard_bounce and not event.deferred,
            deferred=event.deferred,
            entry=found.entry,
            page=found.page,
            remote_host=event.remote_host,
            connector=event.connector,
            diagnostic=event.diagnostic,
            titles=found.titles,
            entry_titles=entry.titles if entry else found.titles,
            entry_page=entry.page if entry else found.page,
            when=as_comparable(event.time) if event.time else None,
            notice=event.notice,
        )
