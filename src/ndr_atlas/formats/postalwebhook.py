"""Postal (postalserver/postal) webhook events as JSON (pasted alone, or the body of a mail).

Layout from Postal's "Webhook Events & Payloads" page: one object per request,
``{"event": "MessageDeliveryFailed", "timestamp": …, "payload": {…}, "uuid": …}``. In
``MessageSent``, ``MessageDelayed`` and ``MessageDeliveryFailed`` the payload holds the ``message``
(``to``, ``from``, ``direction``, ``token``, ``spam_status`` …), Postal's ``status`` ("Sent",
"SoftFail", "HardFail"), its own ``details`` sentence and the receiver's ``output`` (the SMTP
reply). ``MessageBounced`` is a bounce that came back later for a message Postal had sent: its
payload holds the ``original_message`` and the ``bounce`` message Postal received, with no reply
of its own; ``MessageHeld`` (a limit, development mode) is not a delivery failure.
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("spam_status", "direction", "sent_with_ssl", "original_message")
FAILED = {"MessageDeliveryFailed": "failed", "MessageDelayed": "delayed"}


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS)


def read(source: Source) -> Parsed | None:
    events = esp.records(source.text, is_record)
    failures = [f for f in map(failure_of, events) if f is not None]
    delivered = [
        Address(esp.address(part(e, "message").get("to")), action="delivered")
        for e in events
        if e.get("event") == "MessageSent" and esp.address(part(e, "message").get("to"))
    ]
    return esp.outcome(failures, [], delivered)


def is_record(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("event"), str) and isinstance(obj.get("payload"), dict)


def part(event: dict[str, Any], key: str) -> dict[str, Any]:
    payload = event.get("payload")
    inner = payload.get(key) if isinstance(payload, dict) else None
    return inner if isinstance(inner, dict) else {}


def failure_of(event: dict[str, Any]) -> Failure | None:
    kind = event.get("event")
    if kind == "MessageBounced":
        recipient = esp.address(part(event, "original_message").get("to"))
        if not recipient:
            return None
        # Postal passes on that a bounce arrived, not what it said: the words are ours, the reason unknown.
        sender = esp.text_of(part(event, "bounce").get("from"))
        words = "Postal received a bounce for this message" + (f" from {sender}" if sender else "")
        return esp.reply_failure(recipient, words, evidence=[f"event: {kind}", words])
    if kind not in FAILED:
        return None
    recipient = esp.address(part(event, "message").get("to"))
    if not recipient:
        return None
    payload = event.get("payload") or {}
    details = esp.text_of(payload.get("details")).strip()
    output = esp.text_of(payload.get("output")).strip()
    status = esp.text_of(payload.get("status"))
    # The receiver's reply is what the catalog reads; Postal's sentence names the server it talked to.
    words = output or details or f"Postal: {kind} ({status})"
    return esp.reply_failure(
        recipient,
        words,
        action=FAILED[str(kind)],
        evidence=[
            f"event: {kind}",
            f"status: {status}" if status else "",
            f"details: {details}" if details else "",
            f"output: {output}" if output else "",
        ],
    )
