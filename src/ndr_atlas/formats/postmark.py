"""Postmark bounce, spam-complaint and delivery webhooks as JSON (pasted alone, or the body of a
mail), and the bounce records of its Bounce API.

Layout from Postmark's webhook and Bounce API documentation: one object per event with
``RecordType`` ("Bounce", "SpamComplaint", "Delivery"), ``MessageID`` and ``MessageStream``; a
bounce has ``Type`` / ``TypeCode`` (Postmark's class: HardBounce 1, Transient 2, SoftBounce 4096,
DnsError 256, Blocked 100006 …), ``Email``, ``Description`` (Postmark's fixed text for the type) and
``Details`` (the receiver's reply when there was one, often ``smtp;550 5.1.1 …``); a delivery has
``Recipient``. The Bounce API lists the same bounce objects under ``Bounces``.
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("RecordType", "TypeCode", "BouncedAt", "MessageStream", "DumpAvailable", "CanActivate", "DeliveredAt")
# What Postmark's bounce types say, in our words: read by the catalog when Details quotes no reply.
TYPE_WORDS = {
    "hardbounce": "the recipient's server refused the address permanently: unknown user or mailbox not found",
    "softbounce": "the recipient's server could not take the message for now",
    "transient": "delivery was delayed and is being retried",
    "dnserror": "a DNS error: host name lookup failure for the recipient's domain",
    "bademailaddress": "the address is not a valid email address",
    "blocked": "the message was blocked by the recipient's provider (a block of the sender)",
    "spamnotification": "the recipient's filter rejected the message as spam",
    "virusnotification": "the recipient's filter reported a virus detected in the message",
    "dmarcpolicy": "the message failed DMARC checks of the sender's domain",
    "manuallydeactivated": "the address was deactivated by hand in Postmark",
}
# Types that are no failure of delivery: (kind, feedback type).
NOT_FAILURES = {"spamcomplaint": ("feedback", "abuse"), "autoresponder": ("vacation", None), "challengeverification": ("challenge", None)}
DELAYS = {"transient"}
# Types that say the receiver refused the address itself.
ADDRESS_REFUSED = {"hardbounce", "bademailaddress"}


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS)


def read(source: Source) -> Parsed | None:
    events = esp.records(source.text, is_record)
    bounces = [e for e in events if record_type(e) == "bounce" and not_failure(e) is None and esp.address(e.get("Email"))]
    if bounces:
        return Parsed("bounce", [failure_of(e) for e in bounces])
    for kind, feedback in NOT_FAILURES.values():
        people = [e for e in events if not_failure(e) == kind]
        if people:
            return Parsed(kind, [], [Address(esp.address(e.get("Email")), feedback_type=feedback) for e in people])
    delivered = [Address(esp.address(e.get("Recipient")), action="delivered") for e in events if record_type(e) == "delivery"]
    return Parsed("delivered", [], delivered) if delivered else None


def is_record(obj: dict[str, Any]) -> bool:
    return ("Email" in obj and "Type" in obj) or ("RecordType" in obj and ("Email" in obj or "Recipient" in obj))


def record_type(event: dict[str, Any]) -> str:
    stated = esp.text_of(event.get("RecordType")).lower()
    return stated or ("bounce" if "TypeCode" in event else "")


def not_failure(event: dict[str, Any]) -> str | None:
    """The kind of report a record is when it is no failure (a spam complaint, an auto-reply …)."""
    if record_type(event) == "spamcomplaint":
        return "feedback"
    return NOT_FAILURES[kind_of(event)][0] if kind_of(event) in NOT_FAILURES else None


def kind_of(event: dict[str, Any]) -> str:
    return esp.text_of(event.get("Type")).lower()


def failure_of(event: dict[str, Any]) -> Failure:
    kind = esp.text_of(event.get("Type"))
    details = esp.text_of(event.get("Details")).strip()
    summary = f"Postmark: {kind or 'bounce'}" + (
        f" (TypeCode {esp.text_of(event.get('TypeCode'))})" if event.get("TypeCode") is not None else ""
    )
    # No reply quoted (Postmark's details may open with words before it): what the type means, then the details.
    words = esp.explained(details, summary, TYPE_WORDS.get(kind.lower()), code_within=40)
    return esp.reply_failure(
        str(esp.address(event.get("Email"))),
        words,
        action="delayed" if kind.lower() in DELAYS else "failed",
        evidence=[summary, f"Details: {details}" if details else ""],
        recipient_refused=kind.lower() in ADDRESS_REFUSED,
    )
