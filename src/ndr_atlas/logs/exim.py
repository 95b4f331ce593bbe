"""Exim's main log: ``**`` for a delivery that failed for good, ``==`` for one deferred.

    2026-12-04 10:15:02 1tJ2kL-000Abc-5x ** bob@example.com R=dnslookup T=remote_smtp H=mx.example.com [203.0.113.5]:
        SMTP error from remote mail server after RCPT TO:<bob@example.com>: 550 5.1.1 …
    2026-12-04 10:16:40 1tJ2kL-000Abc-5x == ann@example.org R=dnslookup T=remote_smtp defer (-44) H=…: SMTP error … 451 …

Exim's own timestamps (with ``+0100`` when ``log_timezone`` is set) or syslog's (``exim[123]:``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ndr_atlas.formats.words import EXIM_DEFERRED, EXIM_FAILED, EXIM_LOG_TIME, EXIM_MESSAGE_ID
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_reader, line_time

NAME = "exim"
TITLE = "Exim main log (** and == lines)"

# Message ids: "1tJ2kL-000Abc-5x" (before 4.97) and "1tJ2kL-00000000Abc-05x0" (4.97 and later).
MESSAGE_ID = EXIM_MESSAGE_ID
EXIM_TIME = EXIM_LOG_TIME
SIGNATURE_RE = re.compile(
    r"(?:^" + EXIM_TIME + r"|exim\d*\[\d+\]:(?: " + EXIM_TIME + r")?) (?:\[\d+\] )?" + MESSAGE_ID + r" (?:<=|=>|->|\*\*|==|Completed)"
)
FAILURE_RE = re.compile(r" " + MESSAGE_ID + r" (\*\*|==) (\S+)(?: <[^>]*>)?(.*)$")
TRANSPORT_RE = re.compile(r"\bT=(\S+)")
HOST_RE = re.compile(r"\bH=(\S+)")
MARKERS = (EXIM_FAILED, EXIM_DEFERRED)


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.search(line) for line in head)


def line_events(number: int, line: str, clock: SyslogClock) -> Iterator[LogEvent]:
    """The failure an Exim line that holds one of MARKERS reports, if it reports one."""
    found = FAILURE_RE.search(line.rstrip("\r\n"))
    if not found:
        return
    flag, address, rest = found.groups()
    address = address.rstrip(":")
    # The fields (R=, T=, H=, "defer (-44)") end at the first ": ", the error text follows.
    fields, _, text = rest.partition(": ")
    if not text and not fields.strip():
        text = rest
    transport = TRANSPORT_RE.search(fields)
    host = HOST_RE.search(fields)
    reply, status = codes_in(text)
    yield LogEvent(
        line=number,
        time=line_time(line, clock),
        recipient=address if "@" in address else None,
        diagnostic=text.strip() or fields.strip(),
        deferred=flag == "==",
        status=status,
        reply=reply,
        remote_host=host.group(1) if host else None,
        connector=transport.group(1) if transport else None,
    )


read = line_reader(MARKERS, line_events)
