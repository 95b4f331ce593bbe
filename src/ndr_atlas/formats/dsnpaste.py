"""Delivery-status fields pasted as text: a report copied out of a mail program keeps the
``Final-Recipient:`` / ``Action:`` / ``Status:`` / ``Diagnostic-Code:`` lines of its
message/delivery-status part (RFC 3464 §2.3) but loses the part itself.

The generic scanner reads such a paste line by line, looking for SMTP codes. A local error has no
reply code, so the only line with a code it finds is ``Status: 5.0.0`` and the words are lost:
Postfix writes them in ``Diagnostic-Code: X-Postfix; User unknown in virtual alias table`` (and in
its own text, with no code). Nor does it read ``Action: delayed``. Here the scanner's failures are
kept as they are; each takes its recipient's Action, and one that got no reply code and no words of
its own takes the words of its recipient's Diagnostic-Code."""

from __future__ import annotations

from ndr_atlas.formats import generic
from ndr_atlas.formats.base import Parsed, Source
from ndr_atlas.formats.rfc3464 import failures_from_field_text
from ndr_atlas.formats.words import BARE_STATUS_RE


def recognise(source: Source) -> bool:
    # Pasted text, or a "message" with no header at all (pasted text read as MIME): a whole message
    # is rfc3464's, or its family's when the fields are written in its text (Bigfoot, Facebook).
    pasted = source.message is None or not source.message.items()
    return pasted and "final-recipient:" in source.text.lower()


def read(source: Source) -> Parsed | None:
    text = source.text
    fields = {(f.recipient or "").lower(): f for f in failures_from_field_text(text)}
    failures = generic.failures_from_text(text)
    if not fields or not failures:
        return None
    for failure in failures:
        stated = fields.get((failure.recipient or "").lower())
        if stated is None and len(fields) == 1 and len(failures) == 1:
            stated = next(iter(fields.values()))
        if stated is None:
            continue
        failure.action = stated.action  # "delayed" is said only here
        if stated.diagnostic and not failure.reply and BARE_STATUS_RE.fullmatch(failure.diagnostic.strip()):
            # No server reply and no words of the report's own: the Diagnostic-Code has them.
            failure.diagnostic = stated.diagnostic
            failure.evidence += [line for line in stated.evidence if line not in failure.evidence]
    return Parsed("bounce", failures)
