"""Brevo (formerly Sendinblue) transactional and marketing webhook events as JSON (pasted alone,
or the body of a mail).

Layout from Brevo's webhook documentation: one flat object per event, or a list of them, with
``event`` ("hard_bounce", "soft_bounce", "blocked", "invalid_email", "deferred", "error", "spam",
"delivered" …), ``email``, ``reason`` (the receiver's reply, or Brevo's own words) and Brevo's
timing and sending fields (``ts_event``, ``ts_epoch``, ``message-id``, ``sending_ip``; marketing
events ``camp_id``, ``date_event``).
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("ts_event", "ts_epoch", "sending_ip", "message-id", "camp_id", "date_event", "ts_sent")
FAILED = {
    "hard_bounce": "failed",
    "soft_bounce": "failed",
    "blocked": "failed",
    "invalid_email": "failed",
    "error": "failed",
    "deferred": "delayed",
}
# Brevo's own refusals, in our words: read by the catalog only when the reason quotes no reply.
EVENT_WORDS = {
    "blocked": "Brevo did not send: the address is on the account's blocked contacts list",
    "invalid_email": "the address is not a valid email address",
}


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS)


def read(source: Source) -> Parsed | None:
    events = esp.records(source.text, is_record)
    failures = [failure_of(e) for e in events if e.get("event") in FAILED and esp.address(e.get("email"))]
    complaints = [Address(esp.address(e.get("email")), feedback_type="abuse") for e in events if e.get("event") in ("spam", "complaint")]
    delivered = [Address(esp.address(e.get("email")), action="delivered") for e in events if e.get("event") == "delivered"]
    return esp.outcome(failures, complaints, delivered)


def is_record(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("event"), str) and "email" in obj and any(key in obj for key in KEYS)


def failure_of(event: dict[str, Any]) -> Failure:
    kind = esp.text_of(event.get("event"))
    reason = esp.text_of(event.get("reason")).strip()
    summary = f"Brevo: {kind}"
    words = esp.explained(reason, summary, EVENT_WORDS.get(kind))
    return esp.reply_failure(
        str(esp.address(event.get("email"))), words, action=FAILED[kind], evidence=[summary, f"reason: {reason}" if reason else ""]
    )
