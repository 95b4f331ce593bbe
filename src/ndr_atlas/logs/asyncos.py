"""Cisco Secure Email (IronPort AsyncOS): the appliance's text mail log (``mail_logs``) and its bounce
log (``bounce_logs``), as the log subscriptions write them or as they reach a syslog server. Layouts
from the AsyncOS user guides, chapter "Logging" (the mail log's and the bounce log's examples):

    Wed Feb 14 12:11:40 2007 Info: MID 2317877 ICID 15726925 RID 0 To: <bob@example.org>
    Mon Mar 31 20:00:27 2003 Info: Bounced: DCID 3 MID 4 to RID 0 - 5.1.0 - Unknown address error ('550', ['…']) []
    Wed Feb 14 12:11:45 2007 Info: Message finished MID 2317877 done
    Thu Dec 26 18:36:59 2003 Info: Bounced: 45346670:0 From:<…> To:<bob@example.org> Reason: "5.1.0 - …" Response: "('550', ['…'])"

``Bounced`` failed for good, ``Delayed`` stays queued (deferred). The mail log names a recipient by its
message and recipient IDs; its address is on the line that logged the recipient when the message came
in, which is remembered until the message is finished. The lines are read as ``formats.asyncoslog``
reads the same lines pasted into ``diagnose``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime

from ndr_atlas.formats.asyncoslog import INJECTED_RE, MARKERS, verdict_of
from ndr_atlas.logs.base import MONTHS, LogEvent, SyslogClock, codes_in, line_time

NAME = "asyncos"
TITLE = 'Cisco Secure Email / IronPort (AsyncOS) mail_logs and bounce_logs ("Info: Bounced: …" and "Info: Delayed: …" lines)'

# Lines of the mail log's life of a message, or the bounce log's verdicts, after AsyncOS's level.
SIGNATURE_RE = re.compile(
    r"\b(?:Info|Warning|Debug|Trace|Critical): (?:New SMTP [DI]CID \d|Start MID \d|MID \d+ (?:ICID|RID|From|Subject|ready)"
    r"|Delivery start DCID \d|Message finished MID \d|Bounced: |Delayed: )"
)
# AsyncOS's own time: "Wed Feb 14 12:11:40 2007" (the year included).
ASYNCOS_TIME_RE = re.compile(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})\b")
FINISHED_RE = re.compile(r"\bInfo: Message finished MID (\d{1,20})\b")
# Messages whose recipients are remembered: far above the messages an appliance holds at once, so a log
# whose messages never finish (cut, or filtered by a collector) cannot grow it without bound.
MAX_OPEN = 50_000


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.search(line) for line in head)


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    recipients: dict[str, dict[str, str]] = {}  # MID -> RID -> address, while the message is in the appliance
    for number, line in enumerate(lines, 1):
        if "Info: " not in line:
            continue
        if MARKERS[0] in line or MARKERS[1] in line:
            verdict = verdict_of(line)
            if verdict is None:
                continue
            recipient = verdict.recipient
            if recipient is None and verdict.ids is not None:
                recipient = recipients.get(verdict.ids[0], {}).get(verdict.ids[1])
            reply, status = codes_in(verdict.words)
            yield LogEvent(
                line=number,
                time=stamp(line, clock),
                recipient=recipient,
                diagnostic=verdict.words,
                deferred=verdict.delayed,
                status=status or verdict.status,  # the receiver's own status says more; AsyncOS's stands alone
                reply=verdict.reply or reply,
            )
        elif " To: <" in line:
            injected = INJECTED_RE().search(line)
            if injected is not None:
                mid = injected.group("mid")
                if mid not in recipients and len(recipients) >= MAX_OPEN:
                    del recipients[next(iter(recipients))]
                recipients.setdefault(mid, {})[injected.group("rid")] = injected.group("addr")
        elif "Message finished MID " in line:
            finished = FINISHED_RE.search(line)
            if finished is not None:
                recipients.pop(finished.group(1), None)


def stamp(line: str, clock: SyslogClock) -> datetime | None:
    """AsyncOS's own time where the line opens with it, or the time a syslog server put before it."""
    found = ASYNCOS_TIME_RE.match(line)
    if found is None:
        return line_time(line, clock)
    month, day, hour, minute, second, year = found.groups()
    try:
        return datetime(int(year), MONTHS[month], int(day), int(hour), int(minute), int(second))
    except (KeyError, ValueError):
        return None
