"""Exim's main log, its line grammar once: for ``diagnose`` (``formats.logpaste``, which reads the
lines pasted, and the flags ``words.mark_delayed`` reads on a line the scanner of lines took) and for ``ndr-atlas logs``
(``logs.exim`` reads log files with ``entry_of``), as ``postfixlog`` holds Postfix's.

The Exim specification (chapter "Log files", "Logging message reception and delivery") flags a
delivery that failed with "**" and one deferred with "==", after the time stamp and the message id;
the address, the router (R=), transport (T=) and host (H=) fields follow, then ": " and the error:

    2026-12-04 10:15:02 1tJ2kL-000Abc-5x ** bob@example.com R=dnslookup T=remote_smtp H=mx.example.com [203.0.113.5]:
        SMTP error from remote mail server after RCPT TO:<bob@example.com>: 550 5.1.1 …
    2026-12-04 10:16:40 1tJ2kL-000Abc-5x == ann@example.org R=dnslookup T=remote_smtp defer (-44) H=…: SMTP error … 451 …

A line may start with syslog's own fields (``exim[123]:``), and the time may carry its fraction,
a zone (``log_timezone``) and the process id when log_selector adds them (+millisec, +pid).

No reader here, and no reader imported (``words`` imports this module for its grammar): Exim's
lines pasted are read by ``formats.logpaste``."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import lazy_re

# The flags of a delivery, as the specification lists them: "==" deferred (the message stays queued
# to be tried again), "**" failed.
DEFERRED_FLAG = "=="
DEFERRED = f" {DEFERRED_FLAG} "
FAILED = " ** "
# A deferred delivery's line: "1t3RxL-005Gwh-Vr == bob@example.org R=dnslookup T=remote_smtp defer (-44): …".
DEFERRED_RE = re.compile(r"(?:^|\s)== \S{1,320} .{0,400}?\bdefer \(-?\d{1,5}\)")
# A line opens with its time stamp and the message id ("1tJ2kL-000Abc-5x" before Exim 4.97,
# "1tJ2kL-00000000Abc-05x0" since).
LOG_TIME = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\S*(?: [+-]\d{4})?"
MESSAGE_ID = r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}"
# A main-log line within a failure's diagnostic, where the error lines are joined by " | "
# (words.DIAGNOSTIC_JOIN).
LOGGED_LINE_RE = re.compile(r"(?:^|\| )" + LOG_TIME + " " + MESSAGE_ID + " ")


def deferred(line: str) -> bool:
    """The Exim log line says the delivery is deferred, and no line of it that the address failed."""
    return DEFERRED in line and FAILED not in line and DEFERRED_RE.search(line) is not None


def logged_unfailed(line: str) -> bool:
    """Exim main-log lines with no "**" flag: Exim logs a failed address only with that flag, so a
    4xx reply on a line of its own ("… 1cP42S-0001RJ-5L SMTP error from remote mail server after MAIL
    FROM:<…>: 421 …", written when a host answers with a temporary error) is a retry to come."""
    return FAILED not in line and LOGGED_LINE_RE.search(line) is not None


# A line of the log, with Exim's time stamp or syslog's fields before it, and what it records
# (arrival "<=", delivery "=>" / "->", failure "**", deferral "==", "Completed"): what ``ndr-atlas
# logs`` looks for to tell an Exim main log. (The logs-only patterns are lazy_re: ``diagnose``
# imports this module at every start.)
SIGNATURE_RE = lazy_re(
    r"(?:^" + LOG_TIME + r"|exim\d*\[\d+\]:(?: " + LOG_TIME + r")?) (?:\[\d+\] )?" + MESSAGE_ID + r" (?:<=|=>|->|\*\*|==|Completed)"
)
# A failed or deferred delivery in a line of a log file: the message id, the flag, the address (with
# the original one in "<…>" after it when routing changed it), the rest.
ENTRY_RE = lazy_re(r" (?P<id>" + MESSAGE_ID + r") (?P<flag>\*\*|==) (?P<addr>\S+)(?: <[^>]*>)?(?P<rest>.*)$")
TRANSPORT_RE = lazy_re(r"\bT=(\S+)")
HOST_RE = lazy_re(r"\bH=(\S+)")
# The fields before the error (R=router, T=transport, H=host, F=<sender>, P=<return path>,
# "defer (-44)") end at the first ": ".
FIELDS_END = ": "
# A field of the line, as the specification lists them after the address.
FIELD_RE = lazy_re(r"(?:^|\s)[RTHFPUIS]=\S")


def names_a_delivery(address: str, rest: str) -> bool:
    """The "**" / "==" line records a delivery: its address is a mail address, or the fields or the
    ": " before the error follow it (a pipe or a file has no "@" but has its router and transport).
    A page's text can hold the flag with neither: a guide to the log whose addresses the site hid
    behind Cloudflare's "[email protected]" placeholder, "** [email protected]" with no field after it."""
    return "@" in address or FIELDS_END in rest or FIELD_RE().search(rest) is not None


class Entry:
    """What a line of a failed or deferred delivery says: the message id, the address (None when it
    is no mail address, as a pipe or file), the error after the fields, the fields, whether it is
    deferred, the remote host (H=) and the transport (T=). (A plain class, as postfixlog's Delivery.)"""

    __slots__ = ("deferred", "error", "fields", "host", "message_id", "recipient", "transport")

    def __init__(
        self, message_id: str, recipient: str | None, error: str, fields: str, deferred: bool, host: str | None, transport: str | None
    ) -> None:
        self.message_id = message_id
        self.recipient = recipient
        self.error = error
        self.fields = fields
        self.deferred = deferred
        self.host = host
        self.transport = transport

    def said(self) -> str:
        """The error, or the fields where the line has none."""
        return self.error.strip() or self.fields.strip()


def entry_of(line: str) -> Entry | None:
    """The failed or deferred delivery a line of an Exim main log records, if it records one."""
    found = ENTRY_RE().search(line.rstrip("\r\n"))
    if not found:
        return None
    flag, rest = found.group("flag"), found.group("rest")
    address = found.group("addr").rstrip(":")
    fields, _, error = rest.partition(FIELDS_END)
    if not error and not fields.strip():
        error = rest
    transport = TRANSPORT_RE().search(fields)
    host = HOST_RE().search(fields)
    return Entry(
        message_id=found.group("id"),
        recipient=address if "@" in address else None,
        error=error,
        fields=fields,
        deferred=flag == DEFERRED_FLAG,
        host=host.group(1) if host else None,
        transport=transport.group(1) if transport else None,
    )


# A failed or deferred delivery in a paste: the line may stand anywhere in the text.
LINE_RE = lazy_re(
    r"(?:^|\s)" + LOG_TIME + r" (?:\[\d{1,10}\] )?(?P<id>" + MESSAGE_ID + r") (?P<flag>\*\*|==) (?P<addr>\S{1,320})(?P<rest>[^\n]{0,4000})",
    re.MULTILINE,
)
