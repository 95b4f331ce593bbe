"""Postfix: one syslog line per recipient and attempt, ``status=bounced`` or ``status=deferred``
with the DSN code in ``dsn=`` and the server's reply in parentheses.

    Dec  4 10:15:02 mx1 postfix/smtp[2101]: 4QxY1k0abc: to=<bob@example.com>, relay=mx.example.com[203.0.113.5]:25,
        delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.1.1, status=bounced (host mx.example.com[203.0.113.5] said: 550 5.1.1 …)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ndr_atlas.formats.words import POSTFIX_BOUNCED, POSTFIX_DEFERRED
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_reader, line_time

NAME = "postfix"
TITLE = "Postfix mail log (syslog or RFC 3339 timestamps)"

# "postfix/smtp[123]:", "postfix-out/smtp[123]:", "postfix/submission/smtpd[9]:" (multiple instances).
SIGNATURE_RE = re.compile(r" postfix[\w.-]*(?:/[\w.-]+)+\[\d+\]: ")
DELIVERY_RE = re.compile(
    r" (?P<service>postfix[\w.-]*(?:/[\w.-]+)+)\[\d+\]: (?:[0-9A-Za-z]+: )?to=<(?P<to>[^>]*)>,(?P<fields>.*?)"
    rf" (?P<verdict>{POSTFIX_BOUNCED}|{POSTFIX_DEFERRED}) \((?P<text>.*)\)\s*$"
)
FIELD_RE = re.compile(r" (relay|dsn)=([^,\s]+)")
# Address-verification probes ("status=undeliverable") carry no mail: they are not counted.
MARKERS = (POSTFIX_BOUNCED, POSTFIX_DEFERRED)
HOST_IN_TEXT_RE = re.compile(r"(?:host|connect to) ([A-Za-z0-9.-]+)\[")


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.search(line) for line in head)


def line_events(number: int, line: str, clock: SyslogClock) -> Iterator[LogEvent]:
    """The failure a Postfix line that holds one of MARKERS reports, if it reports one."""
    found = DELIVERY_RE.search(line)
    if found:
        yield event(number, line, clock, found)


def event(number: int, line: str, clock: SyslogClock, found: re.Match[str]) -> LogEvent:
    fields = dict(FIELD_RE.findall(found.group("fields")))
    text = found.group("text")
    reply, stated = codes_in(text)
    relay = fields.get("relay", "none").split("[")[0]
    if relay in ("none", "local", "virtual", ""):
        host = HOST_IN_TEXT_RE.search(text)
        relay = host.group(1) if host else ""
    return LogEvent(
        line=number,
        time=line_time(line, clock),
        recipient=found.group("to") or None,
        diagnostic=text,
        deferred=found.group("verdict") == POSTFIX_DEFERRED,
        status=fields.get("dsn") or stated,
        reply=reply,
        remote_host=relay or None,
        connector=found.group("service"),
    )


read = line_reader(MARKERS, line_events)
