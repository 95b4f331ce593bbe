"""Exchange Online ``Get-MessageTraceDetailV2 | Export-Csv``: one row per event of one message to one
recipient. ``Fail`` and ``Defer`` events carry the error in ``Detail``:

    Reason: [{LED=450 4.4.316 Connection refused [Message=Socket error code 10061] …};{MSG=};
    {FQDN=mail.contoso.com};{IP=192.0.2.25};{LRT=12/4/2026 9:58:11 AM}]. OutboundProxyTargetIP: …

and the connector, when one was used, in ``Data`` (``<MEP Name="ConnectorId" String="…"/>``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, csv_header, data_rows, led_parts, parse_time

NAME = "exo-trace-detail"
TITLE = "Exchange Online Get-MessageTraceDetailV2 | Export-Csv"
COLUMNS = ("Date", "Event", "Detail", "RecipientAddress")
# PowerShell 7 writes the Date with its zone ("…Z"); Windows PowerShell 5 in the session's regional
# format without one ("04/12/2026 10:58:11"), and the cmdlet's documentation does not say which zone
# its output is in (Get-MessageTraceV2's says UTC). Such a time is shown as in the export, not guessed.
ZONELESS_TIMES = "export"
EVENTS = {"fail": False, "failed": False, "defer": True, "deferred": True}
CONNECTOR_RE = re.compile(r'Name="(?:ConnectorId|OutboundConnector)"\s+String="([^"]*)"')
PROXY_HOST_RE = re.compile(r"OutboundProxyTargetHostName:\s*([A-Za-z0-9.-]+)")


def sniff(head: list[str]) -> bool:
    header = set(csv_header(head))
    return {"event", "detail"} <= header and ("date" in header or "timestamp" in header or "datetime" in header)


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    for number, row in data_rows(lines):
        event = row.get("event", "").strip().lower()
        if event not in EVENTS:
            continue
        detail = row.get("detail", "")
        text, fqdn, address = led_parts(detail)
        text = text.removeprefix("Reason:").strip()
        reply, status = codes_in(text)
        connector = CONNECTOR_RE.search(row.get("data", ""))
        proxy = PROXY_HOST_RE.search(detail)
        yield LogEvent(
            line=number,
            time=parse_time(row.get("date") or row.get("timestamp") or row.get("datetime") or ""),
            recipient=row.get("recipientaddress", "").strip() or None,
            diagnostic=text,
            deferred=EVENTS[event],
            status=status,
            reply=reply,
            remote_host=fqdn or (proxy.group(1) if proxy else None) or address,
            connector=connector.group(1) if connector else None,
        )
