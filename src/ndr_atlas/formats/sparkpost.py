"""SparkPost (Bird) event webhook batches and Events API records as JSON (pasted alone, or the
body of a mail).

Layout from SparkPost's "Event Webhooks" and "Events API" documentation: a webhook batch is a
list of ``{"msys": {"message_event": {...}}}`` (also ``track_event``, ``unsubscribe_event`` …); the
Events API lists the same objects flat under ``results``. An event has ``type`` ("bounce",
"out_of_band", "delay", "policy_rejection", "spam_complaint", "delivery" …), ``rcpt_to``,
``raw_reason`` (the receiver's reply; ``reason`` is the same with addresses masked),
``error_code`` and ``bounce_class`` (SparkPost's own classification of the bounce).
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("msys", "message_event", "rcpt_to", "bounce_class", "raw_reason", "injection_time", "transmission_id")
# Events that are failures, and whether delivery is still being tried.
FAILED = {
    "bounce": "failed",
    "out_of_band": "failed",
    "policy_rejection": "failed",
    "generation_rejection": "failed",
    "generation_failure": "failed",
    "delay": "delayed",
}
# SparkPost's bounce classes ("Bounce Classification Codes"), in our words: read by the catalog
# only when the reply itself gives no code.
CLASS_WORDS = {
    "10": "invalid recipient: the address does not exist",
    "21": "DNS failure: host name lookup failure for the recipient's domain",
    "22": "the recipient has a full mailbox",
    "23": "the message is too large for the recipient's server",
    "24": "timeout: connection timed out at the recipient's server",
    "50": "mail block: the message was blocked by the recipient's server",
    "51": "spam block: the sending IP address is blacklisted",
    "52": "spam content: the message was rejected as spam",
    "53": "prohibited attachment: an illegal attachment for the recipient's server",
    "54": "relaying denied by the recipient's server",
}


# Classes SparkPost files under "bounce" that are no failure of the message (same document): an
# auto-reply (60, "Auto-Reply") and a challenge-response probe (100, "Challenge-Response") came back
# from a recipient who got the mail; 80 and 90 are subscribe and unsubscribe requests.
NOT_FAILED_CLASSES = {"60": "vacation", "80": "list-notice", "90": "list-notice", "100": "challenge"}


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS)


def read(source: Source) -> Parsed | None:
    events = [event_of(record) for record in esp.records(source.text, is_record)]
    answers = [e for e in events if esp.text_of(e.get("bounce_class")) in NOT_FAILED_CLASSES]
    events = [e for e in events if esp.text_of(e.get("bounce_class")) not in NOT_FAILED_CLASSES]
    failures = [failure_of(e) for e in events if esp.text_of(e.get("type")) in FAILED and esp.address(e.get("rcpt_to"))]
    if answers and not failures:
        kind = NOT_FAILED_CLASSES[esp.text_of(answers[0].get("bounce_class"))]
        return Parsed(kind, [], [Address(esp.address(e.get("rcpt_to"))) for e in answers])
    complaints = [
        Address(esp.address(e.get("rcpt_to")), feedback_type=esp.text_of(e.get("fbtype")) or "abuse")
        for e in events
        if e.get("type") == "spam_complaint"
    ]
    delivered = [Address(esp.address(e.get("rcpt_to")), action="delivered") for e in events if e.get("type") == "delivery"]
    return esp.outcome(failures, complaints, delivered)


def event_of(record: dict[str, Any]) -> dict[str, Any]:
    """The event inside a webhook record ({"msys": {"message_event": {...}}}), or the record itself."""
    msys = record.get("msys")
    if isinstance(msys, dict):
        for inner in msys.values():
            if isinstance(inner, dict):
                return inner
    return record


def is_record(obj: dict[str, Any]) -> bool:
    event = event_of(obj)
    return isinstance(event.get("type"), str) and ("rcpt_to" in event or "raw_rcpt_to" in event)


def failure_of(event: dict[str, Any]) -> Failure:
    kind = esp.text_of(event.get("type"))
    bounce_class = esp.text_of(event.get("bounce_class"))
    reply = (esp.text_of(event.get("raw_reason")) or esp.text_of(event.get("reason"))).strip()
    summary = f"SparkPost: {kind}" + (f", bounce class {bounce_class}" if bounce_class else "")
    words = esp.explained(reply, summary, CLASS_WORDS[bounce_class]) if bounce_class in CLASS_WORDS else reply
    return esp.reply_failure(
        str(esp.address(event.get("rcpt_to"))),
        words or summary,
        reply=esp.text_of(event.get("error_code")),
        action=FAILED[kind],
        evidence=[summary, f"raw_reason: {reply}" if reply else ""],
        recipient_refused=bounce_class == "10",  # SparkPost's "Invalid Recipient"
    )
