"""Resend webhook events as JSON (pasted alone, or the body of a mail).

Layout from Resend's webhook documentation ("email.bounced" and the other email events): one object
``{"type": "email.bounced", "created_at": ..., "data": {...}}``; ``data`` names the message
(``email_id``, ``from``, ``to`` — a list — ``subject``) and, for a bounce, ``bounce`` with
``type`` ("Permanent", "Transient", "Undetermined"), ``subType`` and ``message``: Amazon SES's
bounce types, which Resend passes on. "email.complained" is a complaint, "email.delivered" a
delivery, "email.delivery_delayed" a delay.
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.amazonses import SUBTYPE_WORDS
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("email_id", "created_at", "broadcast_id", "subType")
MARKER = '"email.'
# SES sub-types that say the receiver refused the address itself (a suppression is the sender's own list).
ADDRESS_REFUSED = {"noemail"}


def recognise(source: Source) -> bool:
    return any(text.find(MARKER, 0, esp.MARKER_WINDOW) >= 0 and esp.has_keys(text, KEYS, needed=2) for text in source.payload_texts)


def read(source: Source) -> Parsed | None:
    events = esp.records(source.text, is_record)
    failures = [f for e in events if kind(e) in ("email.bounced", "email.delivery_delayed") for f in failures_of(e)]
    complaints = [Address(a, feedback_type="abuse") for e in events if kind(e) == "email.complained" for a in recipients(e)]
    delivered = [Address(a, action="delivered") for e in events if kind(e) == "email.delivered" for a in recipients(e)]
    return esp.outcome(failures, complaints, delivered)


def is_record(obj: dict[str, Any]) -> bool:
    return kind(obj).startswith("email.") and isinstance(obj.get("data"), dict)


def kind(event: dict[str, Any]) -> str:
    return esp.text_of(event.get("type"))


def data(event: dict[str, Any]) -> dict[str, Any]:
    inner = event.get("data")
    return inner if isinstance(inner, dict) else {}


def recipients(event: dict[str, Any]) -> list[str]:
    to = data(event).get("to")
    items = to if isinstance(to, list) else [to]
    return [found for item in items if (found := esp.address(item))]


def failures_of(event: dict[str, Any]) -> list[Failure]:
    bounce = data(event).get("bounce")
    bounce = bounce if isinstance(bounce, dict) else {}
    bounce_type = esp.text_of(bounce.get("type"))
    subtype = esp.text_of(bounce.get("subType"))
    message = esp.text_of(bounce.get("message")).strip()
    delayed = kind(event) == "email.delivery_delayed"
    summary = "Resend: delivery delayed" if delayed else f"Resend: {bounce_type or 'Undetermined'} bounce, {subtype or 'Undetermined'}"
    words = esp.explained(message, summary, SUBTYPE_WORDS.get(subtype.lower()))
    return [
        esp.reply_failure(
            address,
            words,
            action="delayed" if delayed or bounce_type == "Transient" else "failed",
            evidence=[summary, f"bounce.message: {message}" if message else ""],
            recipient_refused=subtype.lower() in ADDRESS_REFUSED,
        )
        for address in recipients(event)
    ]
