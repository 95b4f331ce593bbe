"""Mailtrap's sending webhooks (Email API / SMTP sending) as JSON (pasted alone, or the body of a mail).

Layout from Mailtrap's webhook documentation: a batch ``{"events": [...]}``, or the same events as
JSON Lines (one object a line); each event has ``event`` ("delivery", "soft bounce", "bounce",
"suspension", "reject", "spam", "open", "click", "unsubscribe"), ``email``, ``message_id``,
``event_id``, ``sending_stream`` ("transactional", "bulk") and ``sending_domain_name``. A bounce and a
soft bounce quote the receiver's reply in ``response``, its code in ``response_code`` and Mailtrap's
class of it in ``bounce_category``; a suspension and a reject say in ``reason`` why Mailtrap itself
did not send ("Recipient in suppression list. Reason: unsubscription"). A soft bounce is a delivery
Mailtrap still retries; "spam" is a complaint. django-anymail's Mailtrap webhook tests post the same
fields ("response": "bounced (550 5.1.1 …)", "response_code": 550, "bounce_category": "hard").
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("sending_stream", "sending_domain_name", "bounce_category", "response_code", "event_id")
FAILED = {"bounce": "failed", "soft bounce": "delayed", "suspension": "failed", "reject": "failed"}
# Mailtrap's own refusals, in our words: the catalog reads them only when its reason quotes no reply.
EVENT_WORDS = {
    "suspension": "Mailtrap did not send: sending from the account or domain is suspended",
    "reject": "Mailtrap did not send the message",
}
MAX_EVENTS = 500


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS)


def read(source: Source) -> Parsed | None:
    events = records(source.text)
    failures = [failure_of(e) for e in events if kind(e) in FAILED and esp.address(e.get("email"))]
    complaints = [Address(esp.address(e.get("email")), feedback_type="abuse") for e in events if kind(e) == "spam"]
    delivered = [Address(esp.address(e.get("email")), action="delivered") for e in events if kind(e) == "delivery"]
    return esp.outcome(failures, complaints, delivered)


def records(text: str) -> list[dict[str, Any]]:
    """The events of every JSON value in the text: a batch's ``events`` list, or the objects of JSON
    Lines one by one (``esp.records`` takes the first value only)."""
    found: list[dict[str, Any]] = []
    for value in esp.json_values(text):
        items = value.get("events") if isinstance(value, dict) and isinstance(value.get("events"), list) else value
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict) and is_record(item) and len(found) < MAX_EVENTS:
                found.append(item)
    return found or esp.records(text, is_record)


def is_record(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("event"), str) and "email" in obj and sum(key in obj for key in KEYS) >= 2


def kind(event: dict[str, Any]) -> str:
    return esp.text_of(event.get("event")).lower()


def failure_of(event: dict[str, Any]) -> Failure:
    name = kind(event)
    response = esp.text_of(event.get("response")).strip()
    reason = esp.text_of(event.get("reason")).strip()
    category = esp.text_of(event.get("bounce_category"))
    summary = f"Mailtrap: {name}" + (f" ({category})" if category else "")
    words = esp.explained(response, summary, None) if response else esp.explained(reason, summary, EVENT_WORDS.get(name))
    return esp.reply_failure(
        str(esp.address(event.get("email"))),
        words,
        reply=esp.text_of(event.get("response_code")),
        action=FAILED[name],
        evidence=[summary, f"response: {response}" if response else "", f"reason: {reason}" if reason else ""],
    )
