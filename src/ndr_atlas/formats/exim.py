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
from ndr_atlas.formats.words import BARE_STATUS_RE, clean_diagnostic

# Where a pasted header block may be: the returned original further down has its own headers.
MAX_PASTED_HEAD_CHARS = 8000
# The header in a paste, with its folded continuation lines.
PASTED_HEADER_RE = lazy_re(r"^X-Failed-Recipients:[ \t]*(.*(?:\n[ \t]+\S.*)*)", re.IGNORECASE | re.MULTILINE)

# How many lines under a failed address may be its error (Exim writes one to a few).
MAX_BLOCK_LINES = 12
# Exim's heading over the failed addresses ("The following address(es) failed:"; 1&1's "address failed:").
FAILED_HEADING_RE = lazy_re(r"following address(?:\(es\)|es)?\s+failed:?", re.IGNORECASE)
# A line of the delivery-status part, or Exim's "------ This is a copy of the message" rule: in a
# paste that lost its indentation, where the words under the last failed address end.
BLOCK_END_RE = lazy_re(
    r"^(?:-{3,}|(?:Reporting-MTA|Action|Final-Recipient|Original-Recipient|Status|Remote-MTA|Diagnostic-Code|Arrival-Date):)",
    re.IGNORECASE,
)
# A line that holds addresses only: the rest of a folded header whose indentation a paste lost.
ADDRESS_LINE_RE = lazy_re(r"^[ \t]*<?[^\s<>@,:]+@[^\s<>,:]+>?[ \t]*(?:,[ \t]*<?[^\s<>@,:]+@[^\s<>,:]+>?[ \t]*)*,?[ \t]*$")


def failed_recipients(source: Source) -> list[str]:
    header = source.header("X-Failed-Recipients")
    if header:
        found = failed_recipients_header(source)
        value = decoded_header(header).rstrip()
        # Only a list that ends with a comma needs the pasted lines below it (see further down).
        pasted = PASTED_HEADER_RE().search(source.raw[:MAX_PASTED_HEAD_CHARS]) if value.endswith(",") else None
    else:
        pasted = PASTED_HEADER_RE().search(source.raw[:MAX_PASTED_HEAD_CHARS])
        if not pasted:
            return []
        value = decoded_header(pasted.group(1)).rstrip()
        found = ADDRESS_RE.findall(value)
    if pasted and value.endswith(","):
        # A list that ends with a comma goes on: Exim folds the header after each comma (RFC 5322
        # 2.2.3), and a paste that lost the fold's indentation leaves the rest as lines of bare
        # addresses, which a header parser takes for the start of the body.
        rest = source.raw[pasted.end() : pasted.end() + MAX_PASTED_HEAD_CHARS].split("\n")[1:]
        known = {f.lower() for f in found}
        for line in rest:
            if not ADDRESS_LINE_RE().match(line):
                break
            for address in ADDRESS_RE.findall(line):
                if address.lower() not in known:
                    known.add(address.lower())
                    found.append(address)
            if not line.rstrip().endswith(","):
                break
    return found


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
    blocks = address_blocks(text, failed)
    for failure in failures:
        if failure.reply or (failure.status and not BARE_STATUS_RE.fullmatch(failure.diagnostic.strip())):
            rest_of_reply(failure, blocks.get((failure.recipient or "").lower(), []))
            continue
        # No code of the server's, or only a pasted delivery-status field's "Status: 5.0.0" (Exim
        # writes no Diagnostic-Code for an error of its own): the words Exim printed under the
        # address say what failed, not the lines the scanner took around it (a paste's headers).
        lines = blocks.get((failure.recipient or "").lower(), [])
        if lines and " ".join(lines) not in " ".join(failure.diagnostic.split()):
            # The address too, as Exim prints it above its words (entries read them together).
            failure.diagnostic = clean_diagnostic(" ".join([failure.recipient or "", *lines]))
            failure.evidence += [line for line in lines if line not in failure.evidence]
    context = " ".join(text[:MAX_CONTEXT_CHARS].split())
    if failures and not any(f.recipient and f.recipient.lower() in named for f in failures):
        # The text named someone else (often the sender): the header's addresses failed.
        failures = [failures[0].for_recipient(a, context) for a in failed]
    elif failures:
        # The header is the whole list: an address the text names besides (a Message-ID, the
        # report's sender) did not fail, and a listed one the text does not explain still did.
        failures = [f for f in failures if f.recipient and f.recipient.lower() in named]
        found = {(f.recipient or "").lower() for f in failures}
        failures += [unexplained(a, text, context, blocks) for a in failed if a.lower() not in found]
    if failures:
        return Parsed("bounce", failures)
    # Exim names the failed recipients in the header even when its text is unusual.
    return Parsed("bounce", [unexplained(a, text, context, blocks) for a in failed])


def rest_of_reply(failure: Failure, lines: list[str]) -> None:
    """Exim writes the whole error under the failed address, a newline of the remote reply as a
    new line indented like the first (deliver.c, print_address_error). The generic scanner stops
    at a line that names an address, as a reply's second line may ("554 delivery error:" /
    "dd Sorry your message to bob@example.org cannot be delivered. This account has been
    disabled"): the lines of the address's block after the reply's start are the rest of it."""
    if not lines:
        return
    block = " ".join(lines)
    said = " ".join(failure.diagnostic.split())
    at = block.find(said) if said else -1
    if at < 0 or len(block) <= at + len(said):
        return
    failure.diagnostic = clean_diagnostic(block[at:])
    failure.evidence += [line for line in lines if line not in failure.evidence]


def unexplained(address: str, text: str, context: str, blocks: dict[str, list[str]]) -> Failure:
    """A listed recipient the generic scanner paired with no error: its own lines when the text
    has them (another recipient's error must not be read as its), else the whole text."""
    lines = blocks.get(address.lower(), [])
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


def address_blocks(text: str, failed: list[str]) -> dict[str, list[str]]:
    """The lines Exim wrote under each failed address in "The following address(es) failed:",
    keyed by the lowercased address: the address alone on its line, indented (Exim 3 adds a
    colon), then its error indented deeper ("  bob@example.org" / "    Unrouteable address"). A
    paste that lost the indentation keeps the lines flush left: then the error runs to a blank
    line, the next failed address, the delivery-status fields or Exim's "------" rule. An address
    the text does not lay out so has no entry. One pass over the text for all the addresses: a
    report may list thousands."""
    wanted = {a.lower() for a in failed}
    lines = text.split("\n")
    heading = FAILED_HEADING_RE().search(text)
    # Below the heading: above it a paste may hold the header's list, one address a line.
    start = text.count("\n", 0, heading.end()) if heading else 0
    blocks: dict[str, list[str]] = {}
    for index in range(start, len(lines)):
        line = lines[index]
        key = line.strip().rstrip(":").strip("<>").lower()
        if key not in wanted or key in blocks:
            continue
        indent = len(line) - len(line.lstrip())
        below_lines = lines[index + 1 : index + 1 + MAX_BLOCK_LINES]
        flat = indent == 0 and bool(below_lines) and below_lines[0][:1] not in ("", " ", "\t")
        block: list[str] = []
        for below in below_lines:
            stripped = below.strip()
            if not stripped:
                break
            if flat:
                other = stripped.rstrip(":").strip("<>").lower()
                if (other in wanted and other != key) or BLOCK_END_RE().match(stripped):
                    break
            elif len(below) - len(below.lstrip()) <= indent:
                break
            block.append(stripped)
        blocks[key] = block
    return blocks
