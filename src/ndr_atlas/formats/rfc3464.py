"""RFC 3464 delivery status notifications: the per-recipient fields of every
``message/delivery-status`` part (Final-Recipient, Action, Status, Diagnostic-Code, Remote-MTA),
completed with what the report's text says of the same recipient. First in the registry: when a
report carries these fields, they are the most exact statement of what failed."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_STATUS_RE, STATUS_RE, normalise_status
from ndr_atlas.formats import generic
from ndr_atlas.formats.base import ADDRESS_RE, Address, Failure, MimePart, Parsed, Source, decode_bytes, normalise_newlines, report_parts
from ndr_atlas.formats.words import clean_diagnostic, enrich, find_remote_host, is_more_specific, named_command

DIAGNOSTIC_REPLY_RE = re.compile(r"(?:^|;)\s*([45]\d\d)\b")
BLANK_LINE_RE = re.compile(r"\n\s*\n")

DSN_TYPES = ("message/delivery-status", "message/global-delivery-status")
# Actions that are no failure: RFC 3464's delivered, relayed and expanded, and Postfix's
# "deliverable", the answer of an address verification (sendmail -bv, Postfix's sent.c).
NOT_FAILED_ACTIONS = ("delivered", "relayed", "expanded", "deliverable")


def failures_from_dsn(message: MimePart) -> tuple[list[Failure], list[Address], bool]:
    """Per-recipient fields of every message/delivery-status part: the failures, and the recipients
    delivered, relayed or expanded."""
    failures: list[Failure] = []
    delivered: list[Address] = []
    saw_delivered = False  # a delivered row may name no address: the report is still "delivered"
    # A report forwarded as an attachment is read by ndr_atlas.forwarded, not here.
    status_parts = [part for part in report_parts(message) if part.get_content_type() in DSN_TYPES]
    for part in status_parts:
        for fields in delivery_status_groups(part):
            # A local delivery may name only the mailbox ("Final-Recipient: LOCAL;<bob>"): the
            # Original-Recipient then has the address.
            address = ADDRESS_RE.search(fields.get("final-recipient", "")) or ADDRESS_RE.search(fields.get("original-recipient", ""))
            action = fields.get("action", "failed").strip().lower().split()[0] if fields.get("action", "").strip() else "failed"
            if action in NOT_FAILED_ACTIONS:
                if address and all((a.address or "").lower() != address.group(0).lower() for a in delivered):
                    delivered.append(Address(address.group(0), action=action))
                saw_delivered = True
                continue
            failure = failure_from_fields(fields, address.group(0) if address else None, action)
            duplicate = next(
                (f for f in failures if f.recipient and failure.recipient and f.recipient.lower() == failure.recipient.lower()), None
            )
            if duplicate is None:
                failures.append(failure)
            elif failure.status and (duplicate.status is None or is_more_specific(failure.status, duplicate.status)):
                failures[failures.index(duplicate)] = failure
    return failures, delivered, saw_delivered


def failure_from_fields(fields: dict[str, str], recipient: str | None, action: str = "failed") -> Failure:
    """One recipient's failure from its delivery-status fields (names lower-cased)."""
    status_match = STATUS_RE.search(fields.get("status", ""))
    diagnostic = fields.get("diagnostic-code", "")
    failure = Failure(recipient=recipient, action=action)
    diag_codes = REPLY_STATUS_RE.search(diagnostic)
    status = normalise_status(status_match.group(0)) if status_match else None
    # The Status field is the reporting MTA's summary; the Diagnostic-Code quotes what the
    # remote server said, so its code wins unless it says less (X.Y.0) or another class.
    if diag_codes:
        said = normalise_status(diag_codes.group(2))
        if status is None or (status[0] == said[0] and not said.endswith(".0")) or is_more_specific(said, status):
            if status is None or status[0] == said[0]:
                status = said
    failure.status = status
    reply = diag_codes.group(1) if diag_codes else None
    if reply is None:
        bare = DIAGNOSTIC_REPLY_RE.search(diagnostic)
        reply = bare.group(1) if bare else None
    failure.reply = reply
    failure.command = named_command(diagnostic)
    failure.diagnostic = clean_diagnostic(diagnostic)
    failure.remote_host = find_remote_host("Remote-MTA: " + fields.get("remote-mta", "")) or find_remote_host(diagnostic)
    failure.evidence = [
        f"{name.title()}: {value}"
        for name, value in fields.items()
        if name in ("final-recipient", "action", "status", "diagnostic-code", "remote-mta")
    ]
    return failure


def delivery_status_groups(part: MimePart) -> list[dict[str, str]]:
    """The per-recipient field groups of a delivery-status part (the first group is per-message)."""
    payload = part.get_payload()
    groups: list[dict[str, str]] = []
    if isinstance(payload, list):
        for block in payload:
            if isinstance(block, MimePart):
                groups.append({k.lower(): " ".join(str(v).split()) for k, v in block.items()})
    else:
        raw = part.get_payload(decode=True)
        return field_groups(normalise_newlines(decode_bytes(raw) if isinstance(raw, bytes) else str(payload)))
    return [g for g in groups if "final-recipient" in g or "original-recipient" in g]


def field_groups(text: str) -> list[dict[str, str]]:
    """Delivery-status fields written as text, one group per blank-line-separated block, only the
    groups that name a recipient (continuation lines joined)."""
    groups: list[dict[str, str]] = []
    for chunk in BLANK_LINE_RE.split(text):
        fields: dict[str, str] = {}
        last = ""
        for line in chunk.split("\n"):
            if line[:1] in (" ", "\t") and last:
                fields[last] += " " + line.strip()
            elif ":" in line:
                name, _, value = line.partition(":")
                last = name.strip().lower()
                fields[last] = value.strip()
        if fields:
            groups.append(fields)
    return [g for g in groups if "final-recipient" in g or "original-recipient" in g]


def failures_from_field_text(text: str) -> list[Failure]:
    """The failures of delivery-status fields a report prints in its text instead of a
    message/delivery-status part (Bigfoot, Facebook)."""
    failures = []
    for fields in field_groups(text):
        address = ADDRESS_RE.search(fields.get("final-recipient", "")) or ADDRESS_RE.search(fields.get("original-recipient", ""))
        action = (fields.get("action", "").strip().lower().split() or ["failed"])[0]
        if address and action not in NOT_FAILED_ACTIONS:
            failures.append(failure_from_fields(fields, address.group(0), action))
    return failures


def recognise(source: Source) -> bool:
    # Any MIME message: finding its delivery-status parts is the check (read() passes on when none),
    # and costs less than searching the whole text, returned original included, for their type.
    return source.message is not None


def read(source: Source) -> Parsed | None:
    assert source.message is not None  # recognise() said so
    failures, delivered, saw_delivered = failures_from_dsn(source.message)
    if failures:
        text = source.text
        known = [f.recipient for f in failures if f.recipient] + ADDRESS_RE.findall(source.header("X-Failed-Recipients"))
        text_failures = generic.failures_from_text(text, known, source.report_like) if text else []
        by_recipient = {(f.recipient or "").lower(): f for f in text_failures}
        for failure in failures:
            extra = by_recipient.get((failure.recipient or "").lower())
            if extra is None and len(text_failures) == 1 and len(failures) == 1:
                extra = text_failures[0]
            if extra:
                enrich(failure, extra)
        return Parsed("bounce", failures, delivered)
    if saw_delivered:
        return Parsed("delivered", [], delivered)
    return None
