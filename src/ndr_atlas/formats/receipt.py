"""Read receipts: message disposition notifications (RFC 8098, ``multipart/report;
report-type=disposition-notification``) and the receipts mail programs write as text ("Read:",
"Letto:", "Gelesen:" …). They say a message was shown, deleted or processed: not a failure.

Read: the address the receipt is about (``Final-Recipient``, else ``Original-Recipient``, else the
receipt's sender; none for a receipt's text pasted alone) and the disposition ("displayed", "deleted" …)
as its action.
"""

from __future__ import annotations

import re

from ndr_atlas.formats.arf import feedback_fields
from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, carries_delivery_report, lazy_re, may_say, report_parts
from ndr_atlas.formats.rfc3464 import recipient_of
from ndr_atlas.formats.words import has_bounce_cues

MARKER = "disposition-notification"
# RFC 8098's part, and RFC 6533's for a notification that may hold UTF-8 (its addresses "utf-8;").
MDN_TYPES = ("message/disposition-notification", "message/global-disposition-notification")
# The subject prefixes Outlook and other mail programs give a receipt, in their languages, read or not.
RECEIPT_SUBJECT_RE = re.compile(
    r"^\s*(?:(?:not read|non letto|ungelesen|non lu|no leído|não lida|niet gelezen)"
    r"|read|letto|gelesen|lu|leído|lida|gelezen|開封済み|已读|已讀)\s*[:：]",
    re.IGNORECASE,
)
# The sentence of a text receipt that says the message was read (or deleted unread).
RECEIPT_WORDS_RE = lazy_re(
    r"was read on|deleted without being read|è stato letto|eliminato senza essere letto|wurde am .{0,80}gelesen"
    r"|ohne gelesen zu werden|a été lu le|supprimé sans avoir été lu|fue leído|se leyó|eliminado sin leer"
    r"|foi lida|is gelezen op|verwijderd zonder te zijn gelezen|displayed on the recipient|return receipt",
    re.IGNORECASE,
)
# One of these stands in every text RECEIPT_WORDS_RE matches, lower-cased (keep them in step; see ``may_say``).
RECEIPT_NEEDLES = (
    "read on", "being read", "letto", "gelesen", "lu le", "supprim", "fue le", "se ley", "sin leer", "foi lida", "gelezen", "displayed on the recipient",
    "return receipt",
)  # fmt: skip
DELETED_WORDS_RE = lazy_re(
    r"deleted without|eliminato senza|ohne gelesen|supprimé sans|eliminado sin|verwijderd zonder|excluída sem", re.IGNORECASE
)
REFUSALS = ("deleted", "denied", "failed")
PASTE_WINDOW = 2_000
DISPOSITION_RE = re.compile(r";\s*(displayed|deleted|dispatched|processed|denied|failed)\b", re.IGNORECASE)
# RFC 8098's Disposition field written as text (section 3.2.6: action mode / sending mode; type), as a
# notification pasted whole, or one whose MIME structure did not survive the copy, shows it.
DISPOSITION_FIELD_RE = re.compile(
    r"^[ \t]*disposition[ \t]*:[ \t]*((?:automatic|manual)-action[ \t]*/[ \t]*mdn-sent-(?:automatically|manually)[ \t]*;[ \t]*\w+)",
    re.IGNORECASE | re.MULTILINE,
)
# Its recipient fields as text ("Final-Recipient: rfc822; paola@example.net").
RECIPIENT_FIELD_RE = re.compile(r"^[ \t]*(final|original)-recipient[ \t]*:[ \t]*(.+)$", re.IGNORECASE | re.MULTILINE)


def recognise(source: Source) -> bool:
    message = source.message
    if message is None:
        # Pasted: the receipt's sentence, with no report's words or SMTP reply beside it.
        window = source.text[:PASTE_WINDOW]
        said = may_say(window, RECEIPT_NEEDLES) and RECEIPT_WORDS_RE().search(window)
        if said and not has_bounce_cues(window):
            return not carries_delivery_report(source)
        return pasted_fields(source)
    # The report type, in the Content-Type of the message; or only the part's type, when a gateway
    # relabelled the multipart/report as multipart/mixed.
    if MARKER in source.head.lower() or (message.get_content_maintype() == "multipart" and MARKER in source.raw):
        return any(part.get_content_type() in MDN_TYPES for part in report_parts(message)) or pasted_fields(source)
    return bool(RECEIPT_SUBJECT_RE.match(source.header("Subject"))) and bool(RECEIPT_WORDS_RE().search(source.text[:5000]))


def pasted_fields(source: Source) -> bool:
    """The notification's Disposition field stands in the text as a line (and no delivery report)."""
    window = source.text[:PASTE_WINDOW]
    return "disposition" in window.lower() and DISPOSITION_FIELD_RE.search(window) is not None and not carries_delivery_report(source)


def fields_in_text(text: str) -> dict[str, str]:
    """The Disposition and recipient fields of a notification written as text, lower-cased names."""
    fields: dict[str, str] = {}
    found = DISPOSITION_FIELD_RE.search(text)
    if found:
        fields["disposition"] = found.group(1)
    for name, value in RECIPIENT_FIELD_RE.findall(text):
        fields.setdefault(f"{name.lower()}-recipient", value.strip())
    return fields


def read(source: Source) -> Parsed | None:
    fields: dict[str, str] = {}
    for part in report_parts(source.message) if source.message is not None else ():
        if part.get_content_type() in MDN_TYPES:
            fields = feedback_fields(part)
            break
    if not fields and DISPOSITION_FIELD_RE.search(source.text[:PASTE_WINDOW]):
        fields = fields_in_text(source.text[:PASTE_WINDOW])
    sender = ADDRESS_RE.search(source.header("From"))
    address = recipient_of(fields) or (sender.group(0) if sender else None)
    disposition = DISPOSITION_RE.search(fields.get("disposition", ""))
    if disposition and disposition.group(1).lower() in REFUSALS and "automatic-action" in fields.get("disposition", "").lower():
        return None  # a Sieve "reject" (RFC 5429) answers with an MDN: the message was refused, a failure
    if disposition:
        action = disposition.group(1).lower()
    else:
        action = "deleted" if DELETED_WORDS_RE().search(source.text[:5000]) else "displayed"
    return Parsed("read-receipt", [], [Address(address, action=action)])
