"""Exchange Online ``Get-MessageTraceV2 | Export-Csv`` (and the older ``Get-MessageTrace``): one row
per message and recipient with its overall ``Status``. ``Failed`` rows failed, ``Pending`` rows are
still being retried. The export carries no error code: ``Get-MessageTraceDetailV2`` has it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC

from ndr_atlas.logs.base import LogEvent, SyslogClock, csv_header, data_rows, parse_time

NAME = "exo-message-trace"
TITLE = "Exchange Online Get-MessageTraceV2 | Export-Csv"
COLUMNS = ("Received", "RecipientAddress", "Status")
NO_CODES = "export"  # no error code column: its summary row names the export that has one
STATES = {"failed": False, "pending": True}


def sniff(head: list[str]) -> bool:
    header = set(csv_header(head))
    return {"received", "recipientaddress", "status"} <= header and "event" not in header


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    for number, row in data_rows(lines):
        state = row.get("status", "").strip().lower()
        if state not in STATES:
            continue
        when = parse_time(row.get("received", ""))
        if when is not None and when.tzinfo is None:
            # Microsoft's documentation of Get-MessageTraceV2 (and Get-MessageTrace): "The time stamps
            # on the output are in UTC time format", whatever the -StartDate/-EndDate were written in;
            # Export-Csv writes them in the session's regional format, without the zone.
            when = when.replace(tzinfo=UTC)
        yield LogEvent(
            line=number,
            time=when,
            recipient=row.get("recipientaddress", "").strip() or None,
            diagnostic="",
            deferred=STATES[state],
            remote_host=row.get("toip", "").strip() or None,
        )
