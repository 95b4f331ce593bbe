"""qmail-send's log (qmail-log(5), section DELIVERIES), as multilog keeps it (``/var/log/qmail/current``,
each line stamped with a TAI64N label) or as splogger sends it to syslog (``qmail: 1733310761.204118
…``, after the syslog stamp):

    @4000000067502c3b0c2a9f14 starting delivery 245: msg 1182204 to remote bob@example.org
    @4000000067502c3d1a0b3c2e delivery 245: failure: 192.0.2.7_does_not_like_recipient./Remote_host_said:_550_5.1.1_…/Giving_up_on_192.0.2.7./

A delivery's recipient is named once, on its "starting delivery N" line; its end is "delivery N:
success|failure|deferral: REPORT" with the same N. ``failure`` failed for good (the message
bounces), ``deferral`` stays queued and is tried again. The report is qmail-remote's or qmail-local's,
spaces written as "_" and line breaks as "/"; it is read as ``formats.qmaillog`` reads the same
lines pasted into ``diagnose``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from ndr_atlas.formats.qmaillog import OUTCOME_RE, STARTING_RE, report_lines
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_time

NAME = "qmail"
TITLE = 'qmail-send log ("starting delivery N: msg M to remote|local …" and "delivery N: failure|deferral: …" lines)'

# Lines no other program writes: a delivery's start or end, a message's arrival, the queue's status.
SIGNATURE_RE = re.compile(
    r"\b(?:starting delivery \d+: msg \d+ to (?:local|remote) |delivery \d+: (?:success|failure|deferral): "
    r"|info msg \d+: bytes \d+ from <|status: local \d+/\d+ remote \d+/\d+)"
)
# multilog's stamp: "@" and 24 hex digits, TAI64 seconds (2^62 + 10 + Unix time, as libtai counts) and nanoseconds.
TAI64N_RE = re.compile(r"@(4[0-9a-f]{15})[0-9a-f]{8}\b")
TAI64_UNIX_OFFSET = (1 << 62) + 10
# splogger's stamp after the program name: Unix time with microseconds.
SPLOGGER_RE = re.compile(r" qmail: (\d{9,11})\.\d{1,6} ")
# The server qmail-remote spoke to: "Connected_to_192.0.2.7_but…", "192.0.2.7_does_not_like_recipient.".
REMOTE_RE = re.compile(r"(?:Connected to |Giving up on |^)(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+)(?= does not like| but|\.)")
# Deliveries started and not yet ended that are remembered: far above qmail-send's concurrency limits
# (concurrencyremote is at most a few hundred), so a log cut before the end cannot grow it without bound.
MAX_OPEN = 20_000


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.search(line) for line in head)


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    recipients: dict[str, str] = {}  # delivery number -> recipient, while the delivery runs
    for number, line in enumerate(lines, 1):
        if "delivery " not in line:
            continue
        started = STARTING_RE().search(line)
        if started is not None:
            if len(recipients) >= MAX_OPEN:
                del recipients[next(iter(recipients))]
            recipients[started.group("number")] = started.group("addr")
            continue
        ended = OUTCOME_RE().search(line)
        if ended is None:
            continue
        recipient = recipients.pop(ended.group("number"), None)
        outcome = ended.group("outcome")
        if outcome == "success":
            continue
        words = " ".join(report_lines(ended.group("report")))
        reply, status = codes_in(words)
        remote = REMOTE_RE.search(words)
        yield LogEvent(
            line=number,
            time=stamp(line, clock),
            recipient=recipient,
            diagnostic=words,
            deferred=outcome == "deferral",
            status=status,
            reply=reply,
            remote_host=remote.group(1) if remote else None,
        )


def stamp(line: str, clock: SyslogClock) -> datetime | None:
    """multilog's TAI64N label, splogger's Unix time, or the syslog or RFC 3339 time before them."""
    tai = TAI64N_RE.match(line)
    if tai is not None:
        return datetime.fromtimestamp(int(tai.group(1), 16) - TAI64_UNIX_OFFSET, UTC)
    unix = SPLOGGER_RE.search(line)
    if unix is not None:
        return datetime.fromtimestamp(int(unix.group(1)), UTC)
    return line_time(line, clock)
