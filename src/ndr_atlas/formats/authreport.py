"""Authentication reports that are no delivery failure: DMARC aggregate reports (RFC 7489 section
7.2.1.1: the subject "Report Domain: <domain> Submitter: <org> Report-ID: <id>" and a zip or gzip
attachment of XML whose root is ``<feedback>``) and SMTP TLS reports (RFC 8460 section 5.3:
``multipart/report; report-type=tlsrpt``, the ``TLS-Report-Domain`` and ``TLS-Report-Submitter``
fields, an ``application/tlsrpt+gzip`` or ``+json`` part). Both count sessions and messages that
failed authentication or TLS, words a careless reader takes for bounces. Without its subject, a
report is told by its attachment's name (both RFCs set it); the XML or JSON pasted alone is recognised
too. (A DMARC *failure* report, RFC 6591, is a feedback report: ``arf``.)

Read: the kind only; they name domains and IP addresses, not a mailbox."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import USER_PREFIX_RE, Parsed, Source, carries_delivery_report, report_parts, search_at_openings

# RFC 7489 7.2.1.1 and RFC 8460 5.3 give reports the same subject; some reporters put a tag before it.
SUBJECT_RE = re.compile(r"\breport[ -]domain:\s*\S+\s+submitter:\s*\S+", re.IGNORECASE)
TLS_TYPES = ("application/tlsrpt+gzip", "application/tlsrpt+json")
# The elements of an aggregate report's XML (RFC 7489 appendix C) and the fields of a TLS report's JSON
# (RFC 8460 section 4), looked for at the top of a paste.
DMARC_XML_RE = re.compile(r"<feedback\b[^>]*>\s*(?:<version>[^<]*</version>\s*)?<report_metadata>", re.IGNORECASE)
TLS_JSON_RE = re.compile(r'^\s*\{.*?"(?:organization-name|report-id|date-range)"\s*:.*?"policies"\s*:', re.DOTALL)
# The same JSON pasted after the words that carried it (its subject, which RFC 8460 5.3 shares with
# DMARC's, and its file name): the object opens with one of its own fields.
TLS_JSON_INSIDE_RE = re.compile(r'\{\s*"(?:organization-name|report-id|date-range)"\s*:.*?"policies"\s*:', re.DOTALL)
PASTE_WINDOW = 2_000
# What reports call themselves in their text part, after the RFCs' names for them.
PASTED_WORDS_RE = re.compile(
    r"\b(?:smtp )?tls(?:-rpt)? (?:aggregate )?report\b|\baggregate tls report\b|\bdmarc aggregate report\b"
    r"|\baggregate report from\b|\breport[ -]domain:\s*\S+\s+submitter:",
    re.IGNORECASE,
)
PASTED_OPENINGS = ("smtp tls", "tls", "aggregate ", "dmarc aggregate report", "report")  # every match opens so: tried only there
# The attachment's name both RFCs set: receiver "!" policy domain "!" begin "!" end ["!" unique id], then
# .xml/.zip/.xml.gz (RFC 7489 7.2.1.1) or .json/.json.gz (RFC 8460 5.3): the report without its subject.
FILENAME_RE = re.compile(r"^[^!\s]+![^!\s]+!\d{9,11}!\d{9,11}(?:![^!\s]+?)?\.(?P<ext>xml|zip|xml\.gz|gz|json|json\.gz)$", re.IGNORECASE)


def kind_of(source: Source) -> str | None:
    message = source.message
    if message is not None:
        if message.get("TLS-Report-Domain") or str(message.get_param("report-type") or "").lower() == "tlsrpt":
            return "tls-report"
        subject = source.header("Subject")
        # A person's forward ("Fwd: Report Domain: …") carries the report attached: ndr_atlas.forwarded reads it.
        if SUBJECT_RE.search(subject) and not USER_PREFIX_RE.match(subject):
            if any(part.get_content_type() in TLS_TYPES for part in report_parts(message)):
                return "tls-report"
            return "dmarc-report"
        for part in report_parts(message):
            if "!" not in str(part.get("Content-Disposition", "")) + str(part.get("Content-Type", "")):
                continue  # the name's "!" separators: most parts have none, and no parameters to parse
            name = part.get_param("filename", header="content-disposition") or part.get_param("name")
            named = FILENAME_RE.match(str(name or "").strip())
            if named:
                return "tls-report" if named.group("ext").lower().startswith("json") else "dmarc-report"
        return None
    head = source.raw[:PASTE_WINDOW]  # as pasted: the text readers see has the XML's tags taken out
    if "<feedback" in head and DMARC_XML_RE.search(head):
        return "dmarc-report"
    if '"policies"' in head and (TLS_JSON_RE.search(head) or TLS_JSON_INSIDE_RE.search(head)):
        return "tls-report"
    # The words above the attachment, pasted alone ("This is an aggregate report from …").
    said = search_at_openings(PASTED_WORDS_RE, source.text[:PASTE_WINDOW], PASTED_OPENINGS)
    if said is None or carries_delivery_report(source):
        return None
    return "tls-report" if "tls" in said.group(0).lower() else "dmarc-report"


def recognise(source: Source) -> bool:
    return kind_of(source) is not None


def read(source: Source) -> Parsed | None:
    kind = kind_of(source)
    return Parsed(kind, []) if kind else None
