"""Sendmail: ``to=`` lines with ``dsn=`` and ``stat=``; one line may name several recipients
delivered in one SMTP transaction (``to=<a@x>,<b@x>``).

    Dec  4 10:15:02 mail sm-mta[4242]: 4B4AF2Xa012345: to=<bob@example.com>, delay=00:00:01, xdelay=00:00:01,
        mailer=esmtp, pri=120345, relay=mx.example.com. [203.0.113.5], dsn=5.1.1, stat=User unknown
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_reader, line_time

NAME = "sendmail"
TITLE = "Sendmail log (stat= and dsn=)"

SIGNATURE_RE = re.compile(r" (?:sendmail|sm-mta|sm-msp-queue)\[\d+\]: ")
DELIVERY_RE = re.compile(
    r" (?:sendmail|sm-mta|sm-msp-queue)\[\d+\]: [0-9A-Za-z]+: to=(?P<to>.*?), (?P<fields>(?:[a-z]+=.*?, )*?)stat=(?P<stat>.*)$"
)
FIELD_RE = re.compile(r"\b(mailer|relay|dsn)=([^,]*)")
MARKERS = (" stat=",)
ADDRESS_RE = re.compile(r"<([^<>\s]+@[^<>\s]+)>|([^<>\s,]+@[^<>\s,]+)")


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.search(line) for line in head)


def line_events(number: int, line: str, clock: SyslogClock) -> Iterator[LogEvent]:
    """The failures a Sendmail line reports (one per recipient it names), if it reports any."""
    if "to=" not in line:  # a line with MARKERS but no recipient (a queue-run summary)
        return
    found = DELIVERY_RE.search(line.rstrip("\r\n"))
    if not found:
        return
    fields = dict(FIELD_RE.findall(found.group("fields")))
    stat = found.group("stat").strip()
    dsn = fields.get("dsn", "").strip()
    deferred = stat.startswith("Deferred") or dsn.startswith("4")
    if not deferred and not dsn.startswith("5"):
        return  # Sent, queued, or a local delivery
    text = stat  # "Deferred: Connection refused by …" is Sendmail's own wording, which the catalog knows
    reply, stated = codes_in(text)
    relay = fields.get("relay", "").strip().split(" ")[0].rstrip(".") or None
    when = line_time(line, clock)
    for pair in ADDRESS_RE.findall(found.group("to")):
        yield LogEvent(
            line=number,
            time=when,
            recipient=pair[0] or pair[1],
            diagnostic=text,
            deferred=deferred,
            # Sendmail's own "dsn=4.0.0" says less than the code the server's reply states.
            status=stated if stated and (not dsn or dsn.endswith(".0.0")) else dsn or None,
            reply=reply,
            remote_host=None if relay in (None, "[127.0.0.1]") else relay,
            connector=fields.get("mailer") or None,
        )


read = line_reader(MARKERS, line_events)
