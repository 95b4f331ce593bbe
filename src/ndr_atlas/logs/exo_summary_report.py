"""The Exchange admin center's downloadable *summary* and *enhanced summary* message trace reports:
one row per message, ``recipient_status`` listing each recipient with the events it went through
(``bob@example.com##Receive, Fail;ann@example.org##Receive, Send``). The last event tells the
outcome; the report carries no error code (the *extended* report does)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ndr_atlas.logs.base import LogEvent, SyslogClock, csv_header, data_rows, parse_time

NAME = "exo-summary-report"
TITLE = "Exchange admin center message trace summary / enhanced summary report (CSV)"
COLUMNS = ("origin_timestamp_utc", "sender_address", "recipient_status")
NO_CODES = "export"  # no error code column: its summary row names the export that has one
OUTCOMES = {"fail": False, "failed": False, "defer": True, "deferred": True, "pending": True}


def sniff(head: list[str]) -> bool:
    header = set(csv_header(head))
    return {"origintimestamputc", "recipientstatus"} <= header and "eventid" not in header


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    for number, row in data_rows(lines):
        when = parse_time(row.get("origintimestamputc", ""))
        for item in row.get("recipientstatus", "").split(";"):
            recipient, _, events = item.partition("##")
            outcome = events.split(",")[-1].strip().lower()
            if outcome not in OUTCOMES:
                continue
            yield LogEvent(
                line=number,
                time=when,
                recipient=recipient.strip() or None,
                diagnostic="",
                deferred=OUTCOMES[outcome],
                connector=row.get("connectorid", "").strip() or None,
            )
