"""MDaemon (Alt-N / MDaemon Technologies, also behind WorldClient): delivery errors and warnings with
the SMTP session attached. Sent from ``MDaemon@<host>`` with a ``<MDAEMON…>`` Message-ID; the
failed recipient as ``Failed address: <address>`` (permanent errors) and the session between
``--- Session Transcript ---`` and ``--- End Transcript ---``, one timestamped line per step:
``Wed 2026-12-02 09:41:09.271: --> RCPT To:<bob@example.org>`` for what MDaemon sent and
``… <-- 550 5.1.1 …`` for the server's reply, after ``Attempting SMTP connection to [host:25]``.
(Layout as MDaemon's DSN settings page describes it: session transcripts in delivery error and
warning messages; the sentences above the transcript are the admin's to edit.) MDaemon's own notes
in the session start with ``*``: first the parsed message (``*  From:``, ``*  To: <address>``, …),
later what it learned on the way (``*  P=010 S=000 D=… MX=[…]``, ``*  Connection established …``).
An older report (MDaemon PRO 10) has no ``Failed address:`` line: the ``*  To:`` note names the
recipient, and a session that ends on such a note before any server replied (a DNS lookup that
failed) gives that note as the error. The older one-line notice (``<address> - no such user
here.``) has no transcript and is left to the generic scanner."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_STATUS_RE, normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, clean_diagnostic, reply_code

START = "--- Session Transcript ---"
END = "--- End Transcript ---"
# "Wed 2026-12-02 09:41:09.271: " in front of every line of the session; the weekday as the server's
# language abbreviates it ("Di", "mer.", "Mié").
STAMP_RE = lazy_re(r"^\s*(?:[^\W\d_]{1,4}\.? )?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?:\s?")
REPLY_RE = lazy_re(r"^<-- (?P<reply>[45]\d\d)(?P<more>[ -])")
SENT_RE = lazy_re(
    r"^--> (?P<command>RCPT|MAIL|DATA|EHLO|HELO|STARTTLS|AUTH|QUIT|\.)\b(?:\s*(?:To|From):\s*<?(?P<addr>[^<>\s]{1,320}?)>?(?:\s|$))?",
    re.IGNORECASE,
)
HOST_RE = lazy_re(r"Attempting SMTP connection to \[(?P<host>[A-Za-z0-9.-]{1,253}?)(?::\d{1,5})?\]")
FAILED_ADDRESS_RE = lazy_re(r"^\s*Failed address:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$", re.IGNORECASE | re.MULTILINE)
# MDaemon's notes in the session: "*  To: bob@example.org" (the parsed message) and any other "*  …".
TO_NOTE_RE = lazy_re(r"^\*\s+To:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$", re.IGNORECASE)
NOTE_RE = lazy_re(r"^\*\s+(?P<note>\S.*)$")
# The notes that describe the parsed message rather than the delivery.
MESSAGE_NOTE_RE = lazy_re(r"^\*\s+(?:From|To|Subject|Size \(bytes\)|Message-ID|Route slip \w+):", re.IGNORECASE)
COMMANDS = {"rcpt": "RCPT", "mail": "MAIL", "data": "DATA", ".": "DATA", "ehlo": "EHLO", "helo": "HELO"}


def recognise(source: Source) -> bool:
    return START in source.text and END in source.text


def read(source: Source) -> Parsed | None:
    text = before_marker(source.text, ("Content-Type: message/rfc822",))
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return None
    session = [STAMP_RE().sub("", line).strip() for line in text[start + len(START) : end].split("\n")]
    failure = refused_step(session) or ending_note(session, warning="non-fatal" in text[:start].lower())
    if failure is None:
        return None
    stated = FAILED_ADDRESS_RE().search(text[:start])
    named = next((m.group("addr") for m in map(TO_NOTE_RE().match, session) if m), None)
    if stated:
        failure.recipient = stated.group("addr")
    elif not failure.recipient:
        failure.recipient = named
    return bounce([failure]) if failure.recipient else None


def ending_note(session: list[str], *, warning: bool) -> Failure | None:
    """A session that no server answered with an error and that ends on MDaemon's own note about the
    delivery ("*  Name server reports domain name unknown"): that note is the error, about the host
    MDaemon was trying to reach. A warning ("TEMPORARY non-fatal delivery errors") is a delay."""
    lines = [line for line in session if line]
    if not lines or any(REPLY_RE().match(line) for line in lines):
        return None
    note = NOTE_RE().match(lines[-1])
    if not note or MESSAGE_NOTE_RE().match(lines[-1]):
        return None
    hosts = [m.group("host") for m in map(HOST_RE().search, lines) if m]
    return Failure(
        recipient=None,
        remote_host=hosts[-1] if hosts else None,
        diagnostic=clean_diagnostic(note.group("note")),
        action="delayed" if warning else "failed",
        evidence=[lines[-1]],
    )


def refused_step(session: list[str]) -> Failure | None:
    """The last refusal of the session, with the command it answered, the recipient named in the
    RCPT before it and the server MDaemon was talking to."""
    host = command = recipient = None
    found: Failure | None = None
    index = 0
    while index < len(session):
        line = session[index]
        index += 1
        connecting = HOST_RE().search(line)
        sent = SENT_RE().match(line)
        reply = REPLY_RE().match(line)
        if connecting:
            host = connecting.group("host")
        elif sent:
            command = COMMANDS.get(sent.group("command").lower(), command)
            if command == "RCPT" and sent.group("addr") and "@" in sent.group("addr"):
                recipient = sent.group("addr")
        elif reply:
            said = [line[4:]]
            while reply.group("more") == "-" and index < len(session) and (reply := REPLY_RE().match(session[index])):
                said.append(session[index][4:])
                index += 1
            words = " ".join(said)
            codes = REPLY_STATUS_RE.search(words)
            found = Failure(
                recipient=recipient,
                status=normalise_status(codes.group(2)) if codes else None,
                reply=reply_code(said[0]),
                remote_host=host,
                diagnostic=clean_diagnostic(words),
                command=command,
                evidence=said,
            )
    return found
