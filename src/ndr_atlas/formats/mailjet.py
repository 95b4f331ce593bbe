"""Mailjet event API (webhook) records as JSON (pasted alone, or the body of a mail).

Layout from Mailjet's "Event API: real-time notifications" guide: one object per event, or a list
of them, with ``event`` ("bounce", "blocked", "spam", "sent" …), ``email`` and Mailjet's ids
(``MessageID``, ``Message_GUID``, ``mj_campaign_id``, ``mj_contact_id``). A ``bounce`` says
``hard_bounce`` (true or false) and names the cause in Mailjet's words: ``error_related_to``
("recipient", "domain", "content", "spam" …) and ``error`` ("user unknown", "quota exceeded",
"invalid domain" …); ``blocked`` is Mailjet not sending at all, with the same two fields; ``sent``
carries the receiver's ``smtp_reply``. A bounce may add a ``comment``: the words behind Mailjet's
class, as the guide's own bounce example shows (a DNS "Host not found" under the class "user unknown").
They are what the catalog reads when present; else Mailjet's class words are.
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

# Mailjet's error words (its Event API error table) in ours, where its own words are not the ones
# servers print: read by the catalog beside Mailjet's.
ERROR_WORDS = {
    "mailbox inactive": "the mailbox is an inactive account",
    "invalid domain": "the recipient's domain does not exist",
    "no mail host": "no MX record found for domain of the recipient",
    "sender blocked": "sender rejected by the recipient's server",
    "content blocked": "the message content was rejected as spam",
    "policy issue": "the message was rejected for policy reasons",
}
KEYS = ("mj_campaign_id", "mj_contact_id", "mj_message_id", "Message_GUID", "error_related_to", "customcampaign")


def recognise(source: Source) -> bool:
    return esp.carries_keys(source, KEYS)


def read(source: Source) -> Parsed | None:
    events = esp.records(source.text, is_record)
    failures = [failure_of(e) for e in events if e.get("event") in ("bounce", "blocked") and esp.address(e.get("email"))]
    complaints = [Address(esp.address(e.get("email")), feedback_type="abuse") for e in events if e.get("event") == "spam"]
    delivered = [Address(esp.address(e.get("email")), action="delivered") for e in events if e.get("event") == "sent"]
    return esp.outcome(failures, complaints, delivered)


def is_record(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("event"), str) and "email" in obj


def failure_of(event: dict[str, Any]) -> Failure:
    kind = esp.text_of(event.get("event"))
    related = esp.text_of(event.get("error_related_to"))
    error = esp.text_of(event.get("error"))
    if kind == "blocked":
        summary = "Mailjet did not send (blocked)"
    else:
        summary = "Mailjet: " + (
            "hard bounce" if event.get("hard_bounce") is True else "soft bounce" if event.get("hard_bounce") is False else "bounce"
        )
    words = summary + (f", error related to {related}" if related else "")
    # The comment is the server's (or Mailjet's MTA's) own account: it says more than the class, whose
    # words ("user unknown" over a DNS failure) would otherwise choose the page.
    comment = esp.text_of(event.get("comment")).strip()
    if comment:
        return esp.reply_failure(str(esp.address(event.get("email"))), comment, evidence=[words, f"comment: {comment}"])
    words += f": {error}" if error else ""
    if error.lower() in ERROR_WORDS:
        words += f" ({ERROR_WORDS[error.lower()]})"
    return esp.reply_failure(
        str(esp.address(event.get("email"))),
        words,
        evidence=[words, f"error: {error}" if error else ""],
        recipient_refused=related == "recipient",
    )
