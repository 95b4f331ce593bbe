"""maddy's log of its outgoing queue (foxcpp/maddy, ``internal/target/queue``): one line an event,
the module's name, the message, a tab, then the event's fields as one JSON object. A failed
attempt names the recipient and, for a server's refusal, its reply as maddy's SMTPError fields
carry it (``exterrors.Fields``: ``smtp_code``, ``smtp_enchcode``, ``smtp_msg``); the verdict
follows on a line of its own:

    queue: delivery attempt failed	{"msg_id":"5e2a9c1d","rcpt":"bob@example.org","reason":"…","smtp_code":550,"smtp_enchcode":"5.1.1","smtp_msg":"…"}
    queue: not delivered, permanent error	{"msg_id":"5e2a9c1d","rcpt":"bob@example.org"}

maddy's SMTP endpoint logs a refused recipient the same way, ``RCPT error`` with the error's fields
(``internal/endpoint/smtp/session.go``, ``Session.Rcpt``): a ``submission`` endpoint that delivers
straight to the remote target refuses the client's RCPT with the remote server's error, and sends the
client ``smtp_code`` (``Endpoint.wrapErr``). A 4xx there is the client's to retry: a delay.

Admins paste these lines when the report itself does not arrive (foxcpp/maddy#327 and #711 both
quote a null MX refusal so). A 4xx reply, or no verdict of "permanent error" for the recipient
when the code is not 5xx, is an attempt maddy will repeat: a delay.

The same endpoint refusing a message at the end of DATA (a check such as check.spf failing, or the
local delivery target erring) logs ``DATA error`` with the error's fields and the msg_id only; the
recipients are those its earlier ``RCPT ok`` lines of the same msg_id name (session.go, Data() and
Rcpt()). What the client got is ``Endpoint.wrapErr``'s reply: ``smtp_code``, ``smtp_enchcode`` and
``smtp_msg`` when the error carries them, else 554 "Internal server error (msg ID = …)"; go-smtp
writes an enhanced code left unset as X.0.0 (``EnhancedCode.ToResponsePart``). maddy's own
recipients can sit at a host's bare name ("postmaster@myvps"), which the ``rcpt`` field holds alone."""

from __future__ import annotations

import json

from ndr_atlas.formats.base import ADDRESS_RE, MAX_TEXT_CHARS, ONE_LABEL_ADDRESS, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

MARKERS = ("delivery attempt failed", "RCPT error", "DATA error")
# The event's message, then its fields: one JSON object to the end of the line.
ATTEMPT_RE = lazy_re(r"(?:delivery attempt failed|RCPT error|(?P<data>DATA error))[ \t]+(\{[^\n]{0,8000}\})")
# A recipient the SMTP endpoint accepted: the one a later "DATA error" of the same msg_id refuses.
RCPT_OK_RE = lazy_re(r"RCPT ok[ \t]+(\{[^\n]{0,4000}\})")
# The rcpt field holds one address alone, so a host's bare name is still an address there.
RCPT_FIELD_RE = lazy_re(r"(?:" + ADDRESS_RE.pattern + r"|" + ONE_LABEL_ADDRESS + r")")
PERMANENT_RE = lazy_re(r"not delivered, permanent error[ \t]+(\{[^\n]{0,4000}\})")
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    text = source.raw  # its lines ("queue: …") read as header fields when the paste opens with them
    return any(marker in text for marker in MARKERS) and '"rcpt":' in text


def read(source: Source) -> Parsed | None:
    text = source.log_lines[:MAX_TEXT_CHARS]  # not a returned original that quotes these lines
    lines = text.split("\n")
    accepted = accepted_recipients(lines)
    events: list[Event] = []
    for event in map(event_of, lines):
        if event is None:
            continue
        if event.data:  # the recipients the message had when the endpoint refused it
            events.extend(event.for_recipient(recipient) for recipient in accepted.get(event.message, ()))
        else:
            events.append(event)
    permanent = {event.recipient.lower() for event in events if event.permanent}
    failures: dict[str, Failure] = {}
    for event in events:
        if event.permanent:
            continue
        failure = failure_from_words(event.recipient, [event.reply])
        failure.evidence = [event.text]
        if event.retried(event.recipient.lower() in permanent):
            failure.action = "delayed"
        failures[event.recipient.lower()] = failure  # a later attempt says more than an earlier one
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(list(failures.values()))


class Event:
    """One event line of the queue or the SMTP endpoint: a failed attempt (``delivery attempt failed``,
    ``RCPT error``) with its recipient, its reply (``smtp_code``, ``smtp_enchcode``, ``smtp_msg``, or
    maddy's ``reason`` when no server answered) and the server, or the verdict ``not delivered,
    permanent error`` on a recipient. ``logs.maddy`` reads maddy's log files with it too. (A plain
    class, as formats.stalwartlog's DsnEvent.)"""

    __slots__ = ("code", "data", "host", "message", "permanent", "recipient", "reply", "text")

    def __init__(self, fields: dict[str, Any], permanent: bool, text: str, data: bool = False) -> None:
        self.permanent = permanent
        self.data = data
        self.recipient = str(fields.get("rcpt") or "")
        self.message = str(fields.get("msg_id") or "")
        self.code = str(fields.get("smtp_code") or "")
        status = str(fields.get("smtp_enchcode") or "")
        said = str(fields.get("smtp_msg") or fields.get("reason") or "")
        if data:  # what Endpoint.wrapErr answered the client, as go-smtp wrote it
            self.code = self.code if len(self.code) == 3 and self.code[0] in "45" else "554"
            status = status if status not in ("", "0.0.0") else self.code[0] + ".0.0"
            said = str(fields.get("smtp_msg") or "Internal server error")
            said += " (msg ID = " + self.message + ")" if self.message else ""
        self.reply = " ".join(part for part in (self.code, status, said) if part)
        self.host = str(fields.get("remote_server") or "").rstrip(".") or None
        self.text = text

    def for_recipient(self, recipient: str) -> Event:
        """This refusal of a whole message (DATA error), as one of its recipients' failures."""
        event = Event({}, False, self.text)
        event.recipient, event.message, event.code, event.reply, event.host = recipient, self.message, self.code, self.reply, self.host
        return event

    def retried(self, given_up: bool) -> bool:
        """A 4xx, or no 5xx and no verdict of "permanent error" on the recipient: maddy tries again."""
        return self.code.startswith("4") or (not self.code.startswith("5") and not given_up)


def event_of(line: str) -> Event | None:
    """The event a line logs, if it is a failed attempt on an address or a verdict of permanent error."""
    if "not delivered, permanent error" in line:
        found = PERMANENT_RE().search(line)
        return Event(fields_of(found.group(1)), True, found.group(0)) if found else None
    found = ATTEMPT_RE().search(line) if any(marker in line for marker in MARKERS) else None
    if found is None:
        return None
    data = found.group("data") is not None
    event = Event(fields_of(found.group(2)), False, found.group(0), data)
    if data:
        return event if event.message else None
    return event if "@" in event.recipient else None


def accepted_recipients(lines: list[str]) -> dict[str, list[str]]:
    """The recipients each message's "RCPT ok" lines name, by msg_id, in their order, each once."""
    accepted: dict[str, list[str]] = {}
    for line in lines:
        found = RCPT_OK_RE().search(line) if "RCPT ok" in line else None
        if found is None:
            continue
        fields = fields_of(found.group(1))
        message, recipient = str(fields.get("msg_id") or ""), str(fields.get("rcpt") or "")
        if not message or RCPT_FIELD_RE().fullmatch(recipient) is None:
            continue
        known = accepted.setdefault(message, [])
        if recipient.lower() not in (other.lower() for other in known) and len(known) < MAX_FAILURES:
            known.append(recipient)
    return accepted


def fields_of(raw: str) -> dict[str, Any]:
    """The event's fields; nothing when the line was cut or is not JSON after all."""
    try:
        fields = json.loads(raw)
    except ValueError:
        return {}
    return fields if isinstance(fields, dict) else {}
