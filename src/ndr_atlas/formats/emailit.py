"""Emailit's webhook events as JSON (pasted alone, or the body of a mail).

Layout from Emailit's webhook documentation ("email.bounced"): one object ``{"event_id": "evt_…",
"type": "email.bounced", "data": {"object": {...}}}`` whose ``object`` is the email as Emailit keeps
it (``"object": "email"``, ``id`` "em_…", ``from``, ``to``, ``subject``, ``status``, ``meta``,
``created_at``, ``updated_at``). A bounce names the recipient and no reply of the receiving server:
the failure has Emailit's word for it and nothing more. Other events are no failure of delivery and
are left to the other readers.
"""

from __future__ import annotations

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("event_id", "object", "updated_at", "meta")
MARKER = '"email.'
# Emailit states no reason: our words for what its event says.
WORDS = "Emailit: the message bounced (Emailit's event names no reply of the receiving server)"


def recognise(source: Source) -> bool:
    return any(text.find(MARKER, 0, esp.MARKER_WINDOW) >= 0 and esp.has_keys(text, KEYS, needed=3) for text in source.payload_texts)


def read(source: Source) -> Parsed | None:
    events = esp.records(source.text, is_record)
    failures = [failure for event in events if bounced(event) for failure in failures_of(event)]
    return Parsed("bounce", failures) if failures else None


def is_record(obj: dict[str, Any]) -> bool:
    return esp.text_of(obj.get("type")).startswith("email.") and isinstance(email_of(obj).get("object"), str)


def email_of(event: dict[str, Any]) -> dict[str, Any]:
    data = event.get("data")
    inner = data.get("object") if isinstance(data, dict) else None
    return inner if isinstance(inner, dict) else {}


def bounced(event: dict[str, Any]) -> bool:
    return esp.text_of(event.get("type")) == "email.bounced" or esp.text_of(email_of(event).get("status")).lower() == "bounced"


def failures_of(event: dict[str, Any]) -> list[Failure]:
    to = email_of(event).get("to")
    items = to if isinstance(to, list) else [to]
    addresses = [found for item in items if (found := esp.address(item))]
    summary = f"Emailit: {esp.text_of(event.get('type'))}, status {esp.text_of(email_of(event).get('status')) or 'unknown'}"
    return [esp.reply_failure(address, WORDS, evidence=[summary]) for address in addresses]
