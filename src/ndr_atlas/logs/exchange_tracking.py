"""Exchange Server message tracking: the raw ``MSGTRK*.LOG`` files (``#Fields:`` header),
``Get-MessageTrackingLog | Export-Csv``, and the Exchange admin center's *extended* message trace
report, which has the same fields spelled ``date_time_utc``, ``recipient_status`` …

Events read: ``FAIL`` (failed for good), ``DEFER`` (delayed) and ``DSN`` (a notification Exchange
generated) when its status names an error and no ``FAIL`` of the same message and recipient came just
before. Several recipients on one row (``a@x;b@y``) get one status each when the statuses split as
many ways, else all share the row's status.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, column_key, csv_header, data_rows, led_parts, parse_time

NAME = "exchange-tracking"
TITLE = "Exchange Server message tracking log (raw MSGTRK files, Get-MessageTrackingLog | Export-Csv, admin center extended report)"
COLUMNS = (
    "date-time / Timestamp / date_time_utc",
    "event-id / EventId",
    "recipient-address / Recipients",
    "recipient-status / RecipientStatus",
)

# The raw files' date-time and the extended report's date_time_utc are UTC with their "Z" (Microsoft's
# "Message tracking" page: "The UTC date-time of the message tracking event", ISO 8601 with Z).
# Get-MessageTrackingLog shows that field as Timestamp, and Export-Csv writes it in the session's
# regional format without a zone. The cmdlet's documentation says how to write its -Start and -End
# (the regional settings of the computer running the command) but not which zone its output is in;
# Wrox's "Professional Windows PowerShell for Exchange Server 2007" says the cmdlet converts results
# from UTC to that computer's local time. Not documented, so not guessed: shown as in the export.
ZONELESS_TIMES = "export"
TIME_KEYS = ("datetime", "timestamp", "datetimeutc")
RECIPIENT_KEYS = ("recipientaddress", "recipients")
EVENTS = {"FAIL": False, "DEFER": True, "DSN": False}
# Where one recipient's status ends in a multi-valued status field: a ";" before the next reply code.
STATUS_SPLIT_RE = re.compile(r";(?=\s*(?:\[?\{LRT|[245]\d\d[ -]))")
RECENT = 4096
# Export-Csv writes each property with its ToString() (PowerShell's Export-Csv page, "Notes"): a list
# such as Recipients (string[]) becomes "System.String[]" and its addresses are gone. The user is told
# once per run, with the Select-Object that joins the lists (summary.LABELS, logs.js).
STRING_LIST = "System.String[]"
RECIPIENTS_LOST = "recipients-lost"


def sniff(head: list[str]) -> bool:
    if any(line.lstrip("\ufeff").startswith("#Fields: ") and "event-id" in line for line in head[:20]):
        return True
    header = set(csv_header(head))
    return "eventid" in header and "recipientstatus" in header and any(key in header for key in TIME_KEYS)


def first(row: dict[str, str], keys: Iterable[str]) -> str:
    return next((row[key] for key in keys if row.get(key)), "")


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    failed: OrderedDict[tuple[str, str], None] = OrderedDict()  # recent FAILs, to skip the DSN that reports them
    for number, row in data_rows(lines):
        event = row.get("eventid", "").strip().upper()
        if event not in EVENTS:
            continue
        recipients = [r.strip() for r in first(row, RECIPIENT_KEYS).split(";") if r.strip()]
        lost = recipients == [STRING_LIST]  # Export-Csv of the raw objects: the list itself is lost
        if lost:
            recipients = []
        status_field = row.get("recipientstatus", "").strip()
        if status_field == STRING_LIST:
            status_field = ""
        statuses = [s.strip() for s in STATUS_SPLIT_RE.split(status_field)] if len(recipients) > 1 else [status_field]
        if len(statuses) != max(len(recipients), 1):
            statuses = [status_field] * max(len(recipients), 1)
        message = row.get("internalmessageid") or row.get("messageid") or ""
        when = parse_time(first(row, TIME_KEYS))
        smtp = row.get("source", "").strip().upper() == "SMTP"
        listed: list[str | None] = list(recipients) or [None]
        for recipient, status in zip(listed, statuses, strict=False):
            key = (message, (recipient or "").lower())
            if event == "FAIL":
                failed[key] = None
                if len(failed) > RECENT:
                    failed.popitem(last=False)
            elif event == "DSN" and (key in failed or not codes_in(status)[0]):
                continue
            text, fqdn, address = led_parts(status)
            reply, stated = codes_in(text)
            yield LogEvent(
                line=number,
                time=when,
                recipient=recipient,
                diagnostic=text,
                deferred=EVENTS[event] or (event == "DSN" and reply is not None and reply.startswith("4")),
                status=stated,
                reply=reply,
                # The server fields name the next hop on SMTP events; on others, this Exchange server.
                remote_host=fqdn or (row.get("serverhostname") or address or row.get("serverip") if smtp else address) or None,
                connector=row.get(column_key("connector-id")) or None,
                notice=RECIPIENTS_LOST if lost else "",
            )
