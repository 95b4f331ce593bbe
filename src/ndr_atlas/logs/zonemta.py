"""ZoneMTA's log (zone-eu/zone-mta; npmlog's lines on the process's output, usually kept by journald or
syslog): one line for each delivery attempt that did not deliver, written by ``lib/sender.js``
(``handleResponseError``) with the bounce category ZoneMTA gave the reply in brackets and the reply in
parentheses at the end:

    Mar  5 10:02:14 mta1 zonemta[2231]: info Sender/default/2231 18f3a2b7c410002a1b.002 REJECTED[recipient] from=… to=bob@example.org mx=mx.example.org[203.0.113.40] (550 5.1.1 …)

``DEFERRED`` stays queued (deferred), ``REJECTED`` failed for good; ``ACCEPTED`` lines are deliveries.
The lines are read as ``formats.zonemtalog`` reads the same lines pasted into ``diagnose``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ndr_atlas.formats.zonemtalog import attempt_of
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_reader, line_time

NAME = "zonemta"
TITLE = 'ZoneMTA log ("DEFERRED[…]" and "REJECTED[…]" lines of its sender)'

# A delivery's outcome ("<queue id>.<seq> ACCEPTED|DEFERRED[…]|REJECTED[…] from=") or the sender's
# logger name (lib/sender.js: "Sender/<zone>/<pid>").
SIGNATURE_RE = re.compile(
    r"\b[0-9a-f]{10,32}\.[0-9a-f]{1,6} (?:ACCEPTED|DEFERRED\[[\w-]{0,40}\]|REJECTED\[[\w-]{0,40}\]) from=|\bSender/[\w.-]{1,64}/\d{1,10}\b"
)
MARKERS = ("DEFERRED[", "REJECTED[")


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.search(line) for line in head)


def line_events(number: int, line: str, clock: SyslogClock) -> Iterator[LogEvent]:
    """The deferred or rejected delivery of a ZoneMTA line."""
    attempt = attempt_of(line.rstrip("\r\n"))
    if attempt is None:
        return
    reply, status = codes_in(attempt.reply)
    yield LogEvent(
        line=number,
        time=line_time(line, clock),
        recipient=attempt.recipient,
        diagnostic=attempt.reply,
        deferred=attempt.deferred,
        status=status,
        reply=reply,
        remote_host=attempt.host,
    )


read = line_reader(MARKERS, line_events)
