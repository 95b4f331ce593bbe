"""PowerMTA's accounting records (its acct-file CSV) pasted as text: one line per recipient, the
record's type first (``b`` a bounce, ``rb`` a remote bounce read from a returned report, ``t`` a
transient failure still retried), then PowerMTA's default fields in their default order:

    type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,…
    b,2026-05-04 18:07:21-0300,2026-05-04 18:07:17-0300,news@example.net,bob@example.org,,failed,
      5.1.1 (bad destination mailbox address),smtp;550 5.1.1 <bob@example.org>: Recipient address
      rejected,mx.example.org (192.0.2.25),bad-mailbox,smtp,…

The sender (``orig``) comes before the recipient (``rcpt``): a reader of words would take the
sender for the failed address. When the paste keeps the file's header line, its field names are
used, so records written with other ``record-fields`` are read too. The field order as PowerMTA's
configuration lists it (``record-fields b timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,…``)
and as the header line of acct files in public log tools and a bounce handler's issue thread
show it."""

from __future__ import annotations

import re

from ndr_atlas.codes import STATUS_RE, normalise_status
from ndr_atlas.formats.base import Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

DEFAULT_FIELDS = ("type", "timeLogged", "timeQueued", "orig", "rcpt", "orcpt", "dsnAction", "dsnStatus", "dsnDiag", "dsnMta", "bounceCat")
# A failure's record: its type, then the time it was logged ("2026-05-04 18:07:21-0300").
RECORD_RE = lazy_re(r"^(?:b|rb|t),\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", re.MULTILINE)
HEADER_PREFIX = "type,timeLogged,"
# "vip-us-br-mx.terra.com (208.84.244.133)": the remote host, its address in brackets.
MTA_HOST_RE = lazy_re(r"^\s*(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
ACTIONS = {"failed": "failed", "delayed": "delayed"}
MAX_RECORDS = 500


def recognise(source: Source) -> bool:
    text = source.text
    return ("b," in text or "t," in text) and RECORD_RE().search(text) is not None


def read(source: Source) -> Parsed | None:
    import csv  # only an accounting file needs it: not imported at every run's start

    lines = source.text.split("\n")
    header = next((line.strip() for line in lines if line.strip().startswith(HEADER_PREFIX)), None)
    names = next(csv.reader([header])) if header else list(DEFAULT_FIELDS)
    failures: list[Failure] = []
    for line in lines:
        if len(failures) >= MAX_RECORDS:
            break
        if not RECORD_RE().match(line.strip()):
            continue
        record = dict(zip(names, next(csv.reader([line.strip()])), strict=False))
        failure = failure_of(record)
        if failure is not None:
            failures.append(failure)
    return bounce(failures)


def failure_of(record: dict[str, str]) -> Failure | None:
    """The recipient's failure the record states, or None for a record of no failure."""
    action = ACTIONS.get(record.get("dsnAction", "").strip().lower())
    recipient = record.get("rcpt", "").strip()
    if action is None or "@" not in recipient:
        return None
    diagnostic = record.get("dsnDiag", "").strip()
    if diagnostic.lower().startswith("smtp;"):
        diagnostic = diagnostic[5:].strip()
    failure = failure_from_words(recipient, [diagnostic] if diagnostic else [])
    stated = STATUS_RE.search(record.get("dsnStatus", ""))
    if stated and failure.status is None:
        failure.status = normalise_status(stated.group(0))
    host = MTA_HOST_RE().match(record.get("dsnMta", ""))
    failure.remote_host = host.group("host") if host else failure.remote_host
    failure.action = action if record.get("type") != "t" else "delayed"
    failure.evidence = [part for part in (diagnostic, record.get("dsnStatus", "").strip()) if part]
    return failure
