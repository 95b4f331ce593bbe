"""LMail's non-delivery reports (the RFC 822 mailer of LISTSERV hosts on BITNET and after): the header
field ``X-Report-Type: Nondelivery; boundary="> Error description:"``, a sentence, then after the
boundary line one block per recipient: ``Error-For:`` (the address), ``Alias:``, ``Error-Code:`` (a
number LISTSERV's own handling uses, of no SMTP meaning) and ``Error-Text:``, the last block closed by
``Error-End:``; L-Soft's LSMTP writes the same ("Error-for:", its field names in other cases). (Format described by LISTSERV's author, Eric Thomas, in LSTSRV-L on 5 Mar 1994, as
the one LISTSERV signs subscribers off from automatically; the University of Iowa's LISTSERV owner
pages name the "X-Report-Type:" field as what marks a delivery error notice.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, may_say
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# Field names, lower-cased: LSMTP writes "Error-for:".
REPORT_TYPE = "x-report-type:"
RECIPIENT_FIELD = "error-for:"
TEXT_FIELD = "error-text:"
END_FIELD = "error-end:"


def recognise(source: Source) -> bool:
    if source.header("X-Report-Type").strip().lower().startswith("nondelivery"):
        return True
    # The notice's text folded once for every reader that asks (may_say), not lower-cased again here.
    return may_say(source.notice, (RECIPIENT_FIELD,), (REPORT_TYPE, END_FIELD))


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    recipient: str | None = None
    said: list[str] | None = None
    for line in [*source.text.split("\n"), ""]:
        stripped = line.strip()
        field = stripped[:16].lower()
        if field.startswith((RECIPIENT_FIELD, END_FIELD)) or not stripped:
            if said:
                failures.append(failure_from_words(recipient, said))
            said = None
            if field.startswith(END_FIELD):
                break
            if field.startswith(RECIPIENT_FIELD):
                found = ADDRESS_RE.search(stripped[len(RECIPIENT_FIELD) :])
                recipient = found.group(0) if found else None
        elif field.startswith(TEXT_FIELD):
            said = [stripped[len(TEXT_FIELD) :].strip().strip('"')]
        elif said is not None and line[:1] in " \t":
            said.append(stripped.strip('"'))  # the text folded onto the next line (a server's reply in quotes)
    return bounce(failures)
