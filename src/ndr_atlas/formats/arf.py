"""Feedback reports (ARF, RFC 5965): a spam complaint or feedback-loop report, not a delivery
failure. Read: the feedback type and the address the complaint is about (``Original-Rcpt-To``,
else ``Removal-Recipient``, else the ``To`` of the returned original or its headers).

Microsoft's Junk Mail Reporting Program (JMRP) also sends its complaints as a plain mail with the
reported message attached, no ARF part: its ``X-HmXmrOriginalRecipient`` field (on the report or on
the attached message) names the complaining recipient, as Microsoft's JMRP documentation says."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import (
    ADDRESS_RE,
    Address,
    MimePart,
    Parsed,
    Source,
    carries_delivery_report,
    found_at_openings,
    normalise_newlines,
    part_text,
    report_parts,
)
from ndr_atlas.formats.returned import ORIGINAL_TYPES, original_to_field

# Both ways of saying it (the report type, the part's type) carry this word: a substring test of the
# lower-cased text spares every other message a walk of its parts (and is ten times faster than a
# case-insensitive pattern).
MARKER = "feedback-report"
JMRP_FIELD = "X-HmXmrOriginalRecipient"
JMRP_MARKER = JMRP_FIELD.lower()
# SpamCop's complaint reports, no ARF part: by SpamCop's own account (its FAQ "What does a SpamCop
# report look like?") they come from an address at reports.spamcop.net and open with the tool's
# version line ("- SpamCop V1.3.3 -"), the reported spam's headers and body below.
SPAMCOP_DOMAIN = "@reports.spamcop.net"
SPAMCOP_LINE_RE = re.compile(r"^- SpamCop V\d+(?:\.\d+)* -$", re.MULTILINE)
# Exim's DMARC failure report, no ARF part: its dmarc.c lists the check in fields of its own, "Sender
# Domain", "Sender IP Address", "SPF Alignment: yes|no", "DKIM Alignment: yes|no", "DMARC Results",
# above the headers it copies (parsedmarc's sample exim_plain_text_only_no_arf_part.eml; DMARC parsers
# read the same fields from other senders' plain-text forensic reports). A report on the sender's own
# domain, not on a delivery.
EXIM_DMARC_RE = re.compile(
    r"^[ \t]*SPF Alignment: (?:yes|no)[ \t]*\n[ \t]*DKIM Alignment: (?:yes|no)[ \t]*\n[ \t]*DMARC Results: ", re.IGNORECASE | re.MULTILINE
)
EXIM_DMARC_NEEDLE = "dkim alignment:"


def recognise(source: Source) -> bool:
    message = source.message
    if exim_dmarc_report(source):
        return True
    if message is None:
        return pasted_kind(source) is not None
    lowered = source.raw.lower()
    if spamcop_report(source, lowered):
        return True
    if JMRP_MARKER in lowered and not carries_delivery_report(source):
        return True
    if MARKER not in lowered:
        return False
    report_type = (message.get_param("report-type") or "") if message.get_content_type() == "multipart/report" else ""
    if isinstance(report_type, str) and report_type.lower() == "feedback-report":
        return True
    return any(part.get_content_type() == "message/feedback-report" for part in report_parts(message))


def spamcop_report(source: Source, lowered: str) -> bool:
    """A SpamCop complaint: sent from reports.spamcop.net, or its version line at the top, no delivery
    report. ``lowered``: the raw message lower-cased, tested first, so that a message without the
    tool's name is spared the work of its readable text."""
    said = SPAMCOP_DOMAIN in source.header("From").lower() or (
        "spamcop v" in lowered and SPAMCOP_LINE_RE.search(source.text[:PASTE_WINDOW]) is not None
    )
    return said and not carries_delivery_report(source)


def exim_dmarc_report(source: Source) -> bool:
    """Exim's plain-text DMARC failure report: its alignment fields at the top, no delivery report."""
    top = source.text[:PASTE_WINDOW]
    if EXIM_DMARC_NEEDLE not in top.lower() or not EXIM_DMARC_RE.search(top):
        return False
    return not carries_delivery_report(source)


def read(source: Source) -> Parsed | None:
    if exim_dmarc_report(source):
        return Parsed("feedback", [], [Address(None, feedback_type="auth-failure")])  # it names a domain, not a mailbox
    if source.message is None:
        return read_pasted(source)
    if spamcop_report(source, source.raw.lower()):
        return Parsed("feedback", [], [Address(None, feedback_type="abuse")])  # SpamCop masks the complainant ("To: <x>")
    fields: dict[str, str] = {}
    original_to = ""
    for part in report_parts(source.message):
        ctype = part.get_content_type()
        if ctype == "message/feedback-report":
            fields = feedback_fields(part)
        elif ctype in ORIGINAL_TYPES and not original_to:
            original_to = original_to_field(part)
    if not fields and JMRP_MARKER in source.raw.lower():
        return jmrp_complaint(source)
    feedback_type = fields.get("feedback-type", "").strip().lower() or None
    found = (
        ADDRESS_RE.search(fields.get("original-rcpt-to", ""))
        or ADDRESS_RE.search(fields.get("removal-recipient", ""))
        or ADDRESS_RE.search(original_to)
    )
    if found is None and feedback_type is None:
        return Parsed("feedback", [])
    return Parsed("feedback", [], [Address(found.group(0) if found else None, feedback_type=feedback_type)])


def jmrp_complaint(source: Source) -> Parsed | None:
    """A JMRP complaint without ARF fields: the recipient its Microsoft field names, on the report or
    on the attached message (None: the field is only quoted, no complaint)."""
    assert source.message is not None
    for part in (source.message, *report_parts(source.message)):
        if part.get(JMRP_FIELD) is not None:
            found = ADDRESS_RE.search(str(part.get(JMRP_FIELD)))
            return Parsed("feedback", [], [Address(found.group(0) if found else None, feedback_type="abuse")])
        payload = part.get_payload() if part.get_content_type() == "message/rfc822" else None
        if isinstance(payload, list) and payload and isinstance(payload[0], MimePart) and payload[0].get(JMRP_FIELD) is not None:
            found = ADDRESS_RE.search(str(payload[0].get(JMRP_FIELD)))
            return Parsed("feedback", [], [Address(found.group(0) if found else None, feedback_type="abuse")])
    return None


def feedback_fields(part: MimePart) -> dict[str, str]:
    payload = part.get_payload()
    if isinstance(payload, list):  # read as a message: its header fields
        return {k.lower(): str(v) for block in payload if isinstance(block, MimePart) for k, v in block.items()}
    return text_fields(normalise_newlines(part_text(part) or str(payload)))


# Pasted: the report's fields (RFC 5965 section 3.1: "Feedback-Type:" first), or the words of a DMARC
# failure report's text part (RFC 7489 section 7.3 calls them failure reports; RFC 6591 authentication
# failure reports) with no SMTP reply beside them.
FEEDBACK_TYPE_RE = re.compile(r"^feedback-type:[ \t]*([\w-]+)", re.IGNORECASE | re.MULTILINE)
FAILURE_REPORT_WORDS_RE = re.compile(r"\b(?:authentication|dmarc|auth)[ -]failure report\b", re.IGNORECASE)
FAILURE_REPORT_OPENINGS = ("auth", "dmarc")  # what every match of it opens with: it is tried only there
# The first sentence of a feedback report's human-readable part, as RFC 5965's example (Appendix B)
# writes it and AOL's SCOMP and Yahoo's feedback loops send it: "This is an email abuse report for an
# email message received from IP 192.0.2.1 on …" (Microsoft's JMRP: "This is a Microsoft email abuse
# report …"); other feedback types fill in their own name ("This is an opt-out report …", as the ARF
# draft's opt-out type; "This is a spf/dkim authentication-failure report …", RFC 6591's type).
REPORT_WORDS_RE = re.compile(
    r"\bthis is an? (?P<what>[a-z/-]{1,30}(?: [a-z/-]{1,30}){0,2}?) report for an e-?mail message\b", re.IGNORECASE
)
# The feedback type each report's name gives (RFC 5965 7.3, RFC 6430, RFC 6591), by the first word found.
REPORT_TYPES = (("abuse", "abuse"), ("fraud", "fraud"), ("virus", "virus"), ("opt-out", "opt-out"), ("failure", "auth-failure"))
PASTE_WINDOW = 5_000


def pasted_kind(source: Source) -> str | None:
    window = source.text[:PASTE_WINDOW]
    lowered = window.lower()
    if spamcop_report(source, lowered):
        return "spamcop"
    if "feedback-type" in lowered and FEEDBACK_TYPE_RE.search(window):
        return "fields"
    if found_at_openings(FAILURE_REPORT_WORDS_RE, window, FAILURE_REPORT_OPENINGS) and not carries_delivery_report(source):
        return "words"
    if " report for an e" in lowered and (named := REPORT_WORDS_RE.search(window)) and not carries_delivery_report(source):
        what = named.group("what").lower()
        return next((f"words:{kind}" for word, kind in REPORT_TYPES if word in what), "words:other")
    return None


def read_pasted(source: Source) -> Parsed | None:
    kind = pasted_kind(source)
    if kind is None:
        return None
    if kind == "words":
        return Parsed("feedback", [], [Address(None, feedback_type="auth-failure")])
    if kind.startswith("words:"):
        return Parsed("feedback", [], [Address(None, feedback_type=kind.removeprefix("words:"))])
    if kind == "spamcop":
        return Parsed("feedback", [], [Address(None, feedback_type="abuse")])
    fields = text_fields(source.text[:PASTE_WINDOW])
    feedback_type = fields.get("feedback-type", "").strip().lower() or None
    found = ADDRESS_RE.search(fields.get("original-rcpt-to", "")) or ADDRESS_RE.search(fields.get("removal-recipient", ""))
    return Parsed("feedback", [], [Address(found.group(0) if found else None, feedback_type=feedback_type)])


def text_fields(text: str) -> dict[str, str]:
    """Header-style fields written as text, the first of each name kept."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip() and name.lower().strip() not in fields:
            fields[name.strip().lower()] = value.strip()
    return fields
