"""Mandrill (Mailchimp Transactional) webhook events as JSON (pasted alone, as the
``mandrill_events`` form field, or the body of a mail).

Layout from Mandrill's "Webhook format" and message-events documentation: a list of
``{"event": ..., "msg": {...}, "_id": ..., "ts": ...}``. ``hard_bounce`` and ``soft_bounce``
carry in ``msg`` the recipient ``email``, ``state`` ("bounced", "soft-bounced"),
``bounce_description`` (Mandrill's class: "bad_mailbox", "mailbox_full" …) and ``diag`` (the
receiver's reply, often ``smtp;550 5.1.1 …``); a ``deferral`` has the reply in the last of
``msg.smtp_events``; ``reject`` is Mandrill refusing to send (a rejection list); ``spam`` is a
complaint; ``send`` and ``delivered`` are no failures.
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("mandrill_events", "msg", "bounce_description", "smtp_events", "_version", "diag")
FAILED = {"hard_bounce": "failed", "soft_bounce": "failed", "reject": "failed", "deferral": "delayed"}
# Mandrill's bounce descriptions, in our words: read by the catalog only when diag quotes no reply.
DESCRIPTION_WORDS = {
    "bad_mailbox": "the mailbox does not exist",
    "invalid_domain": "the recipient's domain does not exist",
    "mailbox_full": "the recipient has a full mailbox",
    "spam_related": "the recipient's filter rejected the message as spam",
    "virus_related": "the recipient's filter reported a virus detected in the message",
    "invalid": "the address is not a valid email address",
}


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS)


def read(source: Source) -> Parsed | None:
    events = esp.records(source.text, is_record)
    failures = [failure_of(e) for e in events if e.get("event") in FAILED and esp.address(message(e).get("email"))]
    complaints = [Address(esp.address(message(e).get("email")), feedback_type="abuse") for e in events if e.get("event") == "spam"]
    delivered = [
        Address(esp.address(message(e).get("email")), action="delivered") for e in events if e.get("event") in ("send", "delivered")
    ]
    return esp.outcome(failures, complaints, delivered)


def is_record(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("event"), str) and isinstance(obj.get("msg"), dict)


def message(event: dict[str, Any]) -> dict[str, Any]:
    msg = event.get("msg")
    return msg if isinstance(msg, dict) else {}


def failure_of(event: dict[str, Any]) -> Failure:
    kind = esp.text_of(event.get("event"))
    msg = message(event)
    description = esp.text_of(msg.get("bounce_description"))
    diag = esp.text_of(msg.get("diag")).strip()
    attempts = msg.get("smtp_events")
    if not diag and isinstance(attempts, list) and attempts and isinstance(attempts[-1], dict):
        diag = esp.text_of(attempts[-1].get("diag")).strip()  # a deferral: the last attempt's reply
    summary = (
        f"Mandrill: {kind}"
        + (f", state {esp.text_of(msg.get('state'))}" if msg.get("state") else "")
        + (f", {description}" if description else "")
    )
    meaning = "Mandrill did not send: the address is on its rejection list" if kind == "reject" else DESCRIPTION_WORDS.get(description)
    words = esp.explained(diag, summary, meaning)
    return esp.reply_failure(
        str(esp.address(msg.get("email"))),
        words,
        action=FAILED[kind],
        evidence=[summary, f"diag: {diag}" if diag else ""],
        recipient_refused=description in ("bad_mailbox", "invalid"),
    )
