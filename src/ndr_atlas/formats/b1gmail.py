"""b1gMail's own non-delivery notices. Its mail processor (``BMMailProcessor::Bounce`` in
``src/serverlib/mailprocessor.class.php`` of b1gMail) sends ``Returned mail: see error report for
details`` from ``"Mail Delivery System"`` with one text part: ``The original message was received
at …``, the heading ``   ----- Error description -----`` over one line of its error table, then,
when single recipients failed, ``   ----- The message was not delivered to the following
addresses -----`` and each of them as ``<address>`` over ``   (reason: <a line of the table>)``.
b1gMailServer's queue (``src/msgqueue/bounce.cpp``) writes the same two headings for the one
address it failed, beside a delivery-status part that the RFC 3464 reader reads first.

With no address listed, the error is the whole message's. The table's ``No valid recipients for
this message could be determined.`` means that none of the addresses b1gMail looks for in the
message's own header fields (``ParseRecipients``: To, Cc, Bcc, Delivered-To, Envelope-To,
Apparently-To, X-Original-To) is one of its users: those addresses of the returned original are
the failed recipients (without the original, one failure names no one). The fields the delivering MTA wrote for the envelope (X-Original-To,
Delivered-To, Envelope-To) are taken when the original has them, since its To may be a list's
address expanded on the way; else its To, Cc, Bcc and Apparently-To. The catalog's b1gMail
variants name the reasons of the table's lines."""

from __future__ import annotations

from itertools import takewhile

from ndr_atlas.formats.base import ADDRESS_RE, MimePart, Parsed, Source, lazy_re, report_parts
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words, recipient_blocks

DESCRIPTION = "----- Error description -----"
LISTED = "----- The message was not delivered to the following addresses -----"
# The table's line for a message none of whose addresses is a user (RECEIVE_RESULT_NO_RECIPIENTS).
NO_RECIPIENTS = "No valid recipients for this message could be determined."
RECIPIENT_RE = lazy_re(r"^<(?P<addr>" + ADDRESS_RE.pattern + r")>$")
REASON_RE = lazy_re(r"^\(reason: (?P<words>[^\n]{1,300}?)\)$")
# The header fields ParseRecipients reads (the X-b1gMail-To / X-Forward-To fields it tries first
# name one of its own users, never a failed address): the envelope's first, then the message's.
ENVELOPE_FIELDS = ("X-Original-To", "Delivered-To", "Envelope-To")
MESSAGE_FIELDS = ("To", "Cc", "Bcc", "Apparently-To")
ORIGINAL_TYPES = ("message/rfc822", "text/rfc822-headers")


def recognise(source: Source) -> bool:
    return DESCRIPTION in source.notice


def read(source: Source) -> Parsed | None:
    lines = [line.strip() for line in source.text.split("\n")]
    if DESCRIPTION not in lines:
        return None
    start = lines.index(DESCRIPTION)
    description = " ".join(takewhile(bool, lines[start + 1 :]))
    failures = []
    if LISTED in lines[start:]:
        below = lines[lines.index(LISTED, start) + 1 :]
        for address, under in recipient_blocks(list(takewhile(bool, below)), RECIPIENT_RE()):
            reason = next((found.group("words") for found in map(REASON_RE().match, under) if found), None)
            failure = failure_from_words(address, [reason or description])
            failure.evidence = [f"<{address}>", *under][:3]
            failures.append(failure)
    elif description == NO_RECIPIENTS:
        # The original dropped or not pasted, the notice still says the message failed, for no one named.
        found: list[str | None] = [*original_recipients(source.message)] if source.message is not None else []
        for named in found or [None]:
            failure = failure_from_words(named, [description])
            failure.evidence = [DESCRIPTION, description]
            failures.append(failure)
    return bounce(failures)


def original_recipients(message: MimePart) -> list[str]:
    """The addresses of the returned original's envelope fields, else of its recipient fields."""
    for part in report_parts(message):
        if part.get_content_type() not in ORIGINAL_TYPES:
            continue
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload and isinstance(payload[0], MimePart) else None
        if inner is None:
            continue
        for names in (ENVELOPE_FIELDS, MESSAGE_FIELDS):
            found = [address for name in names for value in inner.get_all(name) or [] for address in ADDRESS_RE.findall(str(value))]
            if found:
                return list(dict.fromkeys(address.lower() for address in found))
        return []
    return []
