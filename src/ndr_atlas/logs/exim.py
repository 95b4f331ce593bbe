"""Exim's main log: ``**`` for a delivery that failed for good, ``==`` for one deferred.

    2026-12-04 10:15:02 1tJ2kL-000Abc-5x ** bob@example.com R=dnslookup T=remote_smtp H=mx.example.com [203.0.113.5]:
        SMTP error from remote mail server after RCPT TO:<bob@example.com>: 550 5.1.1 …
    2026-12-04 10:16:40 1tJ2kL-000Abc-5x == ann@example.org R=dnslookup T=remote_smtp defer (-44) H=…: SMTP error … 451 …

Exim's own timestamps (with ``+0100`` when ``log_timezone`` is set) or syslog's (``exim[123]:``).
The lines are read as ``formats.eximlog`` reads the same lines pasted into ``diagnose``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ndr_atlas.formats.eximlog import DEFERRED, FAILED, SIGNATURE_RE, entry_of
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_reader, line_time

NAME = "exim"
TITLE = "Exim main log (** and == lines)"

MARKERS = (FAILED, DEFERRED)


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE().search(line) for line in head)


def line_events(number: int, line: str, clock: SyslogClock) -> Iterator[LogEvent]:
    """The failure an Exim line that holds one of MARKERS reports, if it reports one."""
    entry = entry_of(line)
    if entry is None:
        return
    reply, status = codes_in(entry.error)
    yield LogEvent(
        line=number,
        time=line_time(line, clock),
        recipient=entry.recipient,
        diagnostic=entry.said(),
        deferred=entry.deferred,
        status=status,
        reply=reply,
        remote_host=entry.host,
        connector=entry.transport,
    )


read = line_reader(MARKERS, line_events)
