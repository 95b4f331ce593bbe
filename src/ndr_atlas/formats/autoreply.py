"""Automatic replies (RFC 3834 ``Auto-Submitted: auto-replied``, vacation and out-of-office
messages): not delivery failures. An auto-reply that looks like a report is left to the readers
of reports."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source

AUTO_REPLY_SUBJECT_RE = re.compile(
    r"out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|risposta automatica|fuori sede|vacation"
)


def recognise(source: Source) -> bool:
    if source.message is None:
        return False
    auto = source.header("Auto-Submitted").lower()
    auto_reply = auto.startswith("auto-replied") or source.message.get("X-Autoreply") or source.message.get("X-Autorespond")
    return bool(auto_reply or AUTO_REPLY_SUBJECT_RE.search(source.header("Subject").lower())) and not source.report_like


def read(source: Source) -> Parsed | None:
    """The replying person's address: the From of the auto-reply."""
    found = ADDRESS_RE.search(source.header("From"))
    return Parsed("vacation", [], [Address(found.group(0))] if found else [])
