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
"""

from __future__ import annotations

from typing import Any

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

KEYS = ("event-data", "delivery-status", "recipient-domain", "log-level", "severity", "mx-host", "attempt-no")
# The keys of a delivery-status object that only Mailgun writes, beside the reply's code and words.
STATUS_KEYS = ("mx-host", "attempt-no", "session-seconds", "certificate-verified")
# Mailgun's own reasons for not trying at all, in our words (its "reason" field).
NOT_TRIED = {
    "suppress-bounce": "Mailgun did not send: the address is on the bounce suppression list after an earlier hard bounce",
    "suppress-unsubscribe": "Mailgun did not send: the recipient unsubscribed",
    "suppress-complaint": "Mailgun did not send: the recipient reported an earlier message as spam",
}


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS)


def read(source: Source) -> Parsed | None:
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
