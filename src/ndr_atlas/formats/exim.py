"""Reports that name their failed recipients in an ``X-Failed-Recipients`` header (Exim, and MTAs
that copy it): the header is the MTA's own list, the text gives each failure's words. Admins
often paste the report with its headers as their mail client shows them, after other lines (a
reading pane's sender line, "Viewing Full Header"), so the header is also looked for in a paste."""

from __future__ import annotations

import re

from ndr_atlas.formats import generic
from ndr_atlas.formats.base import (
    ADDRESS_RE,
    MAX_CONTEXT_CHARS,
    MAX_DIAGNOSTIC_CHARS,
    Failure,
    Parsed,
    Source,
    decoded_header,
    failed_recipients_header,
    lazy_re,
)
from ndr_atlas.formats.words import clean_diagnostic

# Where a pasted header block may be: the returned original further down has its own headers.
MAX_PASTED_HEAD_CHARS = 8000
# The header in a paste, with its folded continuation lines.
PASTED_HEADER_RE = lazy_re(r"^X-Failed-Recipients:[ \t]*(.*(?:\n[ \t]+\S.*)*)", re.IGNORECASE | re.MULTILINE)

# How many lines under a failed address may be its error (Exim writes one to a few).
MAX_BLOCK_LINES = 12


def failed_recipients(source: Source) -> list[str]:
    if source.header("X-Failed-Recipients"):
        return failed_recipients_header(source)
    pasted = PASTED_HEADER_RE().search(source.raw[:MAX_PASTED_HEAD_CHARS])
    return ADDRESS_RE.findall(decoded_header(pasted.group(1))) if pasted else []


def recognise(source: Source) -> bool:
    if source.message is not None and source.message.get("X-Failed-Recipients"):
        return True
    # A paste whose first lines are no header (a reading pane's sender line) is not parsed as one;
    # a multipart mail carries the header only in an attached report, which forwarded.py reads.
    pasted = source.message is None or not source.message.is_multipart()
    return pasted and "x-failed-recipients:" in source.raw[:MAX_PASTED_HEAD_CHARS].lower()


def read(source: Source) -> Parsed | None:
    failed = failed_recipients(source)
    if not failed:
        return None
    text = source.text
    failures = generic.failures_from_text(text, failed, source.report_like) if text else []
    named = {a.lower() for a in failed}
    context = " ".join(text[:MAX_CONTEXT_CHARS].split())
    if failures and not any(f.recipient and f.recipient.lower() in named for f in failures):
        # The text named someone else (often the sender): the header's addresses failed.
        failures = [failures[0].for_recipient(a, context) for a in failed]
    elif failures:
        # The header is the whole list: an address the text names besides (a Message-ID, the
        # report's sender) did not fail, and a listed one the text does not explain still did.
        failures = [f for f in failures if f.recipient and f.recipient.lower() in named]
        found = {(f.recipient or "").lower() for f in failures}
        failures += [unexplained(a, text, context) for a in failed if a.lower() not in found]
    if failures:
        return Parsed("bounce", failures)
    # Exim names the failed recipients in the header even when its text is unusual.
    return Parsed("bounce", [unexplained(a, text, context) for a in failed])


def unexplained(address: str, text: str, context: str) -> Failure:
    """A listed recipient the generic scanner paired with no error: its own lines when the text
    has them (another recipient's error must not be read as its), else the whole text."""
    lines = address_block(text, address)
    if lines:
        block = " ".join(lines)
        return Failure(
            recipient=address,
            diagnostic=clean_diagnostic(block),
            evidence=[f"X-Failed-Recipients: {address}", *lines],
            context=block,
        )
    return Failure(
        recipient=address,
        diagnostic=clean_diagnostic(text[:MAX_DIAGNOSTIC_CHARS]),
        evidence=[f"X-Failed-Recipients: {address}"],
        context=context,
    )


def address_block(text: str, address: str) -> list[str]:
    """The lines Exim wrote under a failed address in "The following address(es) failed:": the
    address alone on its line, indented (Exim 3 adds a colon), then its error indented deeper
    ("  bob@example.org" / "    Unrouteable address"). Empty when the text is not laid out so."""
    lines = text.split("\n")
    wanted = address.lower()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.rstrip(":").strip("<>").lower() != wanted:
            continue
        indent = len(line) - len(line.lstrip())
        block: list[str] = []
        for below in lines[index + 1 : index + 1 + MAX_BLOCK_LINES]:
            if not below.strip() or len(below) - len(below.lstrip()) <= indent:
                break
            block.append(below.strip())
        return block
    return []
