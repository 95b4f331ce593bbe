"""Stalwart's log (``/opt/stalwart/logs/stalwart.log.*``): the queue logs each delivery status
notification it sends as one event line, ``delivery.dsn-perm-fail`` for a recipient that failed for
good and ``delivery.dsn-temp-fail`` for one still retried:

    2026-11-30T07:02:12Z INFO DSN permanent failure notification (delivery.dsn-perm-fail) queueId = …, from = "…", to = ["…"], …, to = "bob@example.org", hostname = "mx.example.org", code = 550, details = "5.1.1 …", total = 1

The event's fields are read as ``formats.stalwartlog`` reads the same lines pasted into ``diagnose``:
the recipient the notice is about (``to = "…"``), the server (``hostname``), its reply code
(``code``) and its words (``details``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ndr_atlas.formats.stalwartlog import PERMANENT, TEMPORARY, dsn_events
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_reader, line_time

NAME = "stalwart"
TITLE = 'Stalwart log ("(delivery.dsn-perm-fail)" and "(delivery.dsn-temp-fail)" events)'

# Any event of Stalwart's telemetry as its log writes it: the time, a level, a description, the event id.
SIGNATURE_RE = re.compile(r"^\S+ (?:TRACE|DEBUG|INFO|WARN|ERROR) [^()\n]{1,120} \((?:delivery|queue|smtp|dsn)\.[a-z-]+\)")
MARKERS = (PERMANENT, TEMPORARY)


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.match(line) for line in head)


def line_events(number: int, line: str, clock: SyslogClock) -> Iterator[LogEvent]:
    """The failed or deferred recipient of a DSN event line."""
    event = next(dsn_events(line), None)
    if event is None:
        return
    reply, status = codes_in(event.words)
    yield LogEvent(
        line=number,
        time=line_time(line, clock),
        recipient=event.recipient,
        diagnostic=event.words,
        deferred=event.delayed,
        status=status,
        reply=reply,
        remote_host=event.host,
    )


read = line_reader(MARKERS, line_events)
