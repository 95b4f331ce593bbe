"""maddy's log (foxcpp/maddy; ``framework/log``): one event a line, the logger's name, the message, a
tab and the event's fields as one JSON object, after a UTC time with milliseconds when maddy writes the
file itself (``log`` to a file or stderr) and after the syslog stamp when journald or syslog keeps it:

    2026-12-04T10:15:02.118Z queue: delivery attempt failed	{"msg_id":"…","rcpt":"bob@example.org","reason":"…","remote_server":"mx.example.org.","smtp_code":550,"smtp_enchcode":"5.1.1","smtp_msg":"…"}
    2026-12-04T10:15:02.118Z queue: not delivered, permanent error	{"msg_id":"…","rcpt":"bob@example.org"}

The queue (``internal/target/queue``) logs each recipient's failed attempt and, right after it in the
same delivery, ``not delivered, permanent error`` when it gives up on the recipient; the SMTP endpoint
logs a recipient it refused as ``RCPT error`` with the error's fields. A 5xx failed for good, a 4xx is
deferred; an attempt with no reply code (a connection or DNS error) is decided by the next line of the
same message: the verdict of permanent error on its recipient, or anything else (deferred). The events
are read as ``formats.maddylog`` reads the same lines pasted into ``diagnose``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ndr_atlas.formats.maddylog import MARKERS, Event, event_of
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, has_marker, line_time

NAME = "maddy"
TITLE = 'maddy log ("queue: delivery attempt failed" and "RCPT error" events with their JSON fields)'

# Any event as maddy's logger writes it, at the start of the line or after a syslog stamp, host and
# program: maddy's own time, "[debug] " for a debug message, a name, a message, a tab, a JSON object.
SIGNATURE_RE = re.compile(
    r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d) (?:\S+ [\w.-]+(?:\[\d+\])?: )?"
    r"|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [\w.-]+(?:\[\d+\])?: )?"
    r"(?:\[debug\] )?[a-z][\w./-]{0,60}: [^\t\n]{1,200}\t\{\"[a-z_]{1,40}\":"
)
MESSAGE_RE = re.compile(r"\"msg_id\":\"([^\"\\]{1,200})\"")
PERMANENT = "not delivered, permanent error"
# Attempts waiting for the next line of their message: a handful at a time (maddy logs the verdict right
# after the attempt); the bound keeps a log cut or filtered at the wrong place from growing it.
MAX_HELD = 10_000


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.match(line) for line in head)


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    held: dict[str, tuple[int, str, Event]] = {}  # message id -> the attempt with no reply code awaiting its verdict
    for number, line in enumerate(lines, 1):
        if held and '"msg_id":"' in line:
            message = MESSAGE_RE.search(line)
            waiting = held.pop(message.group(1), None) if message else None
            if waiting is not None:
                verdict = event_of(line) if PERMANENT in line else None
                given_up = verdict is not None and verdict.permanent and verdict.recipient.lower() == waiting[2].recipient.lower()
                yield event(*waiting, clock, given_up)
                if given_up:
                    continue
        if not has_marker(line, MARKERS):
            continue
        attempt = event_of(line)
        if attempt is None or attempt.permanent:
            continue
        if attempt.code[:1] in ("4", "5") or not attempt.message:
            yield event(number, line, attempt, clock, False)
            continue
        if len(held) >= MAX_HELD:
            yield event(*held.pop(next(iter(held))), clock, False)
        held[attempt.message] = (number, line, attempt)
    for waiting in held.values():  # the log ends before their verdict: still queued
        yield event(*waiting, clock, False)


def event(number: int, line: str, attempt: Event, clock: SyslogClock, given_up: bool) -> LogEvent:
    reply, status = codes_in(attempt.reply)
    return LogEvent(
        line=number,
        time=line_time(line, clock),
        recipient=attempt.recipient,
        diagnostic=attempt.reply,
        deferred=attempt.retried(given_up),
        status=status,
        reply=reply or attempt.code or None,
        remote_host=attempt.host,
    )
