"""Postfix: one syslog line per recipient and attempt, ``status=bounced`` or ``status=deferred``
(or ``status=SOFTBOUNCE``, a bounce kept queued by soft_bounce = yes: deferred) with the DSN code in
``dsn=`` and the server's reply in parentheses.

    Dec  4 10:15:02 mx1 postfix/smtp[2101]: 4QxY1k0abc: to=<bob@example.com>, relay=mx.example.com[203.0.113.5]:25,
        delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.1.1, status=bounced (host mx.example.com[203.0.113.5] said: 550 5.1.1 …)

The lines are read as ``formats.postfixlog`` reads the same lines pasted into ``diagnose``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ndr_atlas.formats.postfixlog import BARE_RECORD_RE, BOUNCED, DEFERRED, SIGNATURE_RE, SOFTBOUNCE, delivery_of
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_reader, line_time

NAME = "postfix"
TITLE = "Postfix mail log (syslog or RFC 3339 timestamps, or its records alone as journalctl -o cat prints them)"

# Address-verification probes ("status=undeliverable") carry no mail: they are not counted.
MARKERS = (BOUNCED, DEFERRED, SOFTBOUNCE)


def sniff(head: list[str]) -> bool:
    """Syslog's lines of Postfix's services, or its delivery records without that prefix (journalctl -o cat)."""
    return any(SIGNATURE_RE().search(line) or BARE_RECORD_RE().match(line) for line in head)


def line_events(number: int, line: str, clock: SyslogClock) -> Iterator[LogEvent]:
    """The failure a Postfix line that holds one of MARKERS reports, if it reports one."""
    delivery = delivery_of(line)
    if delivery is None:
        return
    reply, stated = codes_in(delivery.text)
    yield LogEvent(
        line=number,
        time=line_time(line, clock),
        recipient=delivery.recipient,
        diagnostic=delivery.text,
        deferred=delivery.deferred,
        status=delivery.status or stated,
        reply=reply,
        remote_host=delivery.host,
        connector=delivery.service,
    )


read = line_reader(MARKERS, line_events)
