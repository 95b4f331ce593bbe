"""PowerMTA's accounting files (``<acct-file>``, CSV): one record per line, its type first. ``b``
is a bounce (the remote server refused the recipient, or PowerMTA gave up), ``rb`` a remote bounce
(a report that came back later), ``t`` a transient failure that PowerMTA retries; ``d``
deliveries, ``r`` receptions, ``f`` feedback reports and the others are not failures. The file's
first line names the fields; without it the default record fields are assumed, in PowerMTA's order:

    type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,
    srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool

``dsnDiag`` is the remote server's reply with its DSN type ("smtp;550 5.1.1 …"), ``dsnMta`` the
server ("mx.example.org (192.0.2.25)"), ``vmta`` the virtual MTA that sent it (reported as the
connector). The field order as PowerMTA's configuration lists it and as the header line of acct
files shows it in public log tools; the diagnose reader of pasted records (formats/pmtaacct.py)
reads the same fields."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, parse_time

NAME = "pmta-acct"
TITLE = "PowerMTA accounting file (acct-file CSV)"
COLUMNS = ("type", "timeLogged", "orig", "rcpt", "dsnAction", "dsnStatus", "dsnDiag")
HEADER_PREFIX = "type,timelogged,"
DEFAULT_FIELDS = (
    "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,"
    "srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool"
).split(",")
# A record of any type, then the time it was logged: "b,2026-05-04 18:07:21-0300,".
RECORD_RE = re.compile(r"^[a-z]{1,3},\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
FAILURE_TYPES = {"b": False, "rb": False, "t": True}  # record type: a deferral (retried)
MTA_HOST_RE = re.compile(r"^\s*([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
STATUS_RE = re.compile(r"^\s*([245]\.\d{1,3}\.\d{1,3})\b")


def sniff(head: list[str]) -> bool:
    lines = [line.strip() for line in head if line.strip()][:5]
    if not lines:
        return False
    if lines[0].lower().startswith(HEADER_PREFIX):
        return True
    return sum(1 for line in lines if RECORD_RE.match(line)) >= min(2, len(lines))


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    names = [name.lower() for name in DEFAULT_FIELDS]
    for number, line in enumerate(lines, 1):
        if line[:4].lower() == "type" and line.lower().startswith(HEADER_PREFIX):
            names = [name.strip().lower() for name in next(csv.reader([line.strip()]))]
            continue
        kind = line[: line.find(",")] if "," in line[:4] else ""
        if kind not in FAILURE_TYPES or not RECORD_RE.match(line):
            continue  # a cheap test first: most records are deliveries
        record = dict(zip(names, next(csv.reader([line.strip()])), strict=False))
        event = event_of(number, record, FAILURE_TYPES[kind])
        if event is not None:
            yield event


def event_of(number: int, record: dict[str, str], transient: bool) -> LogEvent | None:
    action = record.get("dsnaction", "").strip().lower()
    if action not in ("failed", "delayed"):
        return None
    diagnostic = record.get("dsndiag", "").strip()
    if diagnostic.lower().startswith("smtp;"):
        diagnostic = diagnostic[5:].strip()
    reply, status = codes_in(diagnostic)
    stated = STATUS_RE.match(record.get("dsnstatus", ""))
    host = MTA_HOST_RE.match(record.get("dsnmta", ""))
    return LogEvent(
        line=number,
        time=parse_time(record.get("timelogged", "")),
        recipient=record.get("rcpt", "").strip() or None,
        diagnostic=diagnostic or record.get("dsnstatus", "").strip(),
        deferred=transient or action == "delayed",
        status=status or (stated.group(1) if stated else None),
        reply=reply,
        remote_host=host.group(1) if host else None,
        connector=record.get("vmta", "").strip() or None,
    )
