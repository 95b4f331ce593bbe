"""Mailgun webhook and Events API records as JSON (pasted alone, or the body of a mail).

Layout from Mailgun's "Webhook Payloads" and events documentation: a webhook posts
``{"signature": {...}, "event-data": {...}}``; the Events API lists the same objects under
``items``. An ``event-data`` has ``event`` ("failed", "delivered", "complained" …) and
``recipient``; a failure has ``severity`` ("permanent" or "temporary", the latter a retry to come),
Mailgun's ``reason`` ("bounce", "suppress-bounce", "generic" …) and ``delivery-status`` with the
receiver's reply: ``code`` (SMTP, or Mailgun's own 6xx when it did not try), ``enhanced-code``,
``message``, ``description`` and ``mx-host``.

The ``delivery-status`` object is also pasted alone, cut out of an event a dashboard or log shows
(``"delivery-status": {"mx-host": …, "attempt-no": 1, "code": 501, "message": "5.1.0 …"}``):
the receiver's reply with its code, for a recipient the paste does not name.

Mailgun's legacy webhooks post form fields instead, and a multipart/form-data body is pasted from
a request log (``Content-Disposition: form-data; name="code"`` and the value under it). The fields,
from Mailgun's user manual (mailgun/documentation, source/user_manual.rst, "Bounce Event Webhook"
and the dropped messages' table): ``event`` ("bounced", "dropped"), ``recipient``, ``domain``,
``message-headers``, ``code`` (the reply code), ``error`` (the receiver's words), ``notification``
(Mailgun's detail), for a dropped message ``reason`` and ``description``; and Mailgun's own
``Message-Id`` and ``X-Mailgun-Sid``, which name the message, never the recipient.
"""

from __future__ import annotations

import re

from ndr_atlas.codes import STATUS_RE
from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("event-data", "delivery-status", "recipient-domain", "log-level", "severity", "mx-host", "attempt-no")
# The keys of a delivery-status object that only Mailgun writes, beside the reply's code and words.
STATUS_KEYS = ("mx-host", "attempt-no", "session-seconds", "certificate-verified")
# Mailgun's own reasons for not trying at all, in our words (its "reason" field).
NOT_TRIED = {
    "suppress-bounce": "Mailgun did not send: the address is on the bounce suppression list after an earlier hard bounce",
    "suppress-unsubscribe": "Mailgun did not send: the recipient unsubscribed",
    "suppress-complaint": "Mailgun did not send: the recipient reported an earlier message as spam",
}


# A legacy webhook's form field as a request log prints it: the part's header, then the value.
FORM_FIELD_RE = re.compile(r'^Content-Disposition: form-data; name="([^"\n]{1,40})"[^\n]*\n', re.IGNORECASE | re.MULTILINE)
# Fields only Mailgun's legacy webhooks post beside "event" (its user manual's tables).
FORM_KEYS = ("message-headers", "X-Mailgun-Sid", "notification", "error", "code", "recipient", "domain")
# The events of those webhooks that say a message was not delivered.
FORM_FAILURES = ("bounced", "dropped")
FORM_WINDOW = 20000
# A part's own header line above its value (Content-Type:, Content-Transfer-Encoding:).
FORM_HEADER_RE = re.compile(r"^Content-[\w-]+:", re.IGNORECASE)


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS) or any(is_form_post(form_fields(text)) for text in form_texts(source))


def form_texts(source: Source) -> tuple[str, ...]:
    """The raw input and, for a mail, its readable text: where a request log's form fields are."""
    return (source.raw,) if source.message is None else (source.raw, source.text)


def form_fields(text: str) -> dict[str, str]:
    """The fields of a multipart/form-data body: each part's value runs to the next boundary line
    (``--`` and the boundary's token), its other header lines and the blank line before it dropped."""
    head = text[:FORM_WINDOW]
    if "form-data" not in head:
        return {}
    lines = head.splitlines(keepends=True)
    bare = head.splitlines()
    # Where each line starts, where the value read from it would start (past blank and header lines)
    # and where the part would end: found in one pass from the end, so that each field costs its
    # own value and not a walk through the rest of the form (this runs on every input's recognise).
    index_at: dict[int, int] = {}
    offset = 0
    for index, line in enumerate(lines):
        index_at[offset] = index
        offset += len(line)
    value_start = [len(lines)] * (len(lines) + 1)
    part_end = [len(lines)] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        line = bare[index]
        boundary = line.startswith("--") and len(line) > 8 and " " not in line.strip()
        part_end[index] = index if boundary else part_end[index + 1]
        skipped = not boundary and (not line.strip() or FORM_HEADER_RE.match(line) is not None)
        value_start[index] = value_start[index + 1] if skipped else index
    fields: dict[str, str] = {}
    for match in FORM_FIELD_RE.finditer(head):
        name = match.group(1)
        if name in fields:
            continue
        start = value_start[index_at.get(match.end(), len(lines))]
        fields[name] = "\n".join(bare[start : part_end[start]]).strip()
    return fields


def is_form_post(fields: dict[str, str]) -> bool:
    return "event" in fields and sum(key in fields for key in FORM_KEYS) >= 2


def form_failure(fields: dict[str, str]) -> Failure:
    """A legacy webhook's failure: the receiver's words in ``error`` (a dropped message's in
    ``description``), the reply code in ``code``, which the manual calls a status "X.X.X" and which
    is read as one when it is one."""
    event = fields.get("event", "").strip().lower()
    words = next((fields[key] for key in ("error", "description", "notification") if fields.get(key)), "")
    code = fields.get("code", "").strip()
    summary = f"Mailgun (legacy webhook): {event}" + (f", reason {fields['reason']}" if fields.get("reason") else "")
    failure = esp.reply_failure(
        esp.address(fields.get("recipient")),
        " ".join(words.split()) or summary,
        status=code if STATUS_RE.fullmatch(code) else "",
        reply=code,
        evidence=[summary, *(f"{key}: {fields[key]}" for key in ("code", "error", "notification", "description") if fields.get(key))],
    )
    # The form names the recipient in its own field; the other addresses (Message-Id, the headers)
    # are the message's, so a paste cut before that field names none.
    failure.names_no_recipient = failure.recipient is None
    return failure


def read(source: Source) -> Parsed | None:
    for text in form_texts(source):
        fields = form_fields(text)
        if is_form_post(fields):
            event = fields["event"].strip().lower()
            return esp.outcome([form_failure(fields)] if event in FORM_FAILURES else [], [], [])
    events = [event_data(record) for record in esp.records(source.text, is_record)]
    failures = [failure_of(e) for e in events if e.get("event") == "failed" and esp.address(e.get("recipient"))]
    complaints = [Address(esp.address(e.get("recipient")), feedback_type="abuse") for e in events if e.get("event") == "complained"]
    delivered = [Address(esp.address(e.get("recipient")), action="delivered") for e in events if e.get("event") == "delivered"]
    if not events:
        failures = [status_failure(status) for status in esp.records(source.text, is_delivery_status)]
    return esp.outcome(failures, complaints, delivered)


def is_delivery_status(obj: dict[str, Any]) -> bool:
    """A delivery-status object on its own: a refusal's code and words, and Mailgun's own keys."""
    code = esp.text_of(obj.get("code"))
    has_words = bool(esp.text_of(obj.get("message")).strip() or esp.text_of(obj.get("description")).strip())
    return code[:1] in ("4", "5") and len(code) == 3 and has_words and sum(key in obj for key in STATUS_KEYS) >= 2


def status_failure(status: dict[str, Any]) -> Failure:
    words = esp.text_of(status.get("message")).strip() or esp.text_of(status.get("description")).strip()
    return esp.reply_failure(
        None,
        words,
        status=esp.text_of(status.get("enhanced-code")),
        reply=esp.text_of(status.get("code")),
        action="delayed" if esp.text_of(status.get("code")).startswith("4") else "failed",
        remote_host=esp.text_of(status.get("mx-host")) or None,
        evidence=[f"delivery-status: {words}"],
    )


def is_record(obj: dict[str, Any]) -> bool:
    data = event_data(obj)
    return isinstance(data.get("event"), str) and "recipient" in data


def event_data(obj: dict[str, Any]) -> dict[str, Any]:
    inner = obj.get("event-data")
    return inner if isinstance(inner, dict) else obj


def failure_of(event: dict[str, Any]) -> Failure:
    status = event.get("delivery-status")
    status = status if isinstance(status, dict) else {}
    reason = esp.text_of(event.get("reason"))
    severity = esp.text_of(event.get("severity")).lower()
    words = esp.text_of(status.get("message")).strip() or esp.text_of(status.get("description")).strip()
    if reason in NOT_TRIED:
        words = NOT_TRIED[reason] + (f" ({words})" if words else "")
    summary = f"Mailgun: failed, severity {severity or 'not stated'}, reason {reason or 'not stated'}"
    return esp.reply_failure(
        str(esp.address(event.get("recipient"))),
        words or summary,
        status=esp.text_of(status.get("enhanced-code")),
        reply=esp.text_of(status.get("code")),
        action="delayed" if severity == "temporary" else "failed",
        remote_host=esp.text_of(status.get("mx-host")) or None,
        evidence=[summary, f"delivery-status: {words}" if words else ""],
    )
