"""Microsoft Exchange 2000/2003 and its Internet Mail Service: text reports with no status code.
Recognised by ``X-MS-Embedded-Report``, ``X-Mailer: Internet Mail Service (…)`` or ``Microsoft
Exchange Server Internet Mail Connector``, ``X-MimeOLE: Produced By Microsoft Exchange``, or a
Received line ``with Internet Mail Service (``. Under ``did not reach the following
recipient(s):`` each recipient as ``<address> on <date>``, then indented lines: the reason in words
and an ``MSEXCH:`` line with Exchange's own hexadecimal code (``(000C05A6) Unknown Recipient``),
or the remote server's reply carried over as ``<mx.example.org #5.0.0 smtp;550 …>``. Without
those headers (pasted, forwarded), the report is known by its heading alone, and the date after
the address may be written in numbers (``bob@example.org on 3/27/2008 9:11 AM``), as Microsoft's
KB 251152 and providers' help pages quote these reports.

A recipient with no SMTP address is named as Exchange names it in its directory: by display name
(``Marta Colombo on Fri, 14 Sep 2007 18:52:54 +0300``, an address-book entry) or by its X.400 address
(``c=US;a= ;p=Organization;o=Site A;…; on 12/7/99 3:06 PM``, Microsoft's KB 258678 and KB 193321 print
both under the same layout). That line still opens the recipient's block: the failure has no address
of its own (the name stays in its evidence) and its words go to the catalog as any other's.

The Internet Mail Service (Exchange 4.0-5.5) writes its own notices in another layout (Microsoft's KB
Q190021, "Notification: Inbound Mail Failure", and KB Q246051 print it): under ``The following
recipients did not receive the attached mail. Reasons are listed with each recipient:`` each
recipient opens a line with its address in angle brackets, the display name after it
(``<anna@example.org> Anna`` or, for a directory entry, its X.500 name ``</o=Org/ou=Site/cn=Recipients/cn=anna>
Anna``), and the ``MSEXCH:IMS:…  0 (00120270) Too Many Hops`` line under it says why. The list ends
at the first blank line."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

START_MARKER = "did not reach the following recipient"
# The Internet Mail Service's own notice (KB Q190021, KB Q246051): its heading, and a recipient's line,
# which opens with the address in angle brackets (an SMTP address, or an X.500 name "/o=…/cn=…").
IMS_MARKER = "recipients did not receive the attached mail"
HEADING_CHARS = 200
IMS_RECIPIENT_RE = lazy_re(r"^\s*<(?P<inner>[^<>\n]{1,300})>(?P<name>[^<>\n]{0,300})$")
RECIPIENT_RE = lazy_re(r"^\s*(?:.{0,200}?(?:SMTP|smtp)=)?<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s+on\s")
# The date Exchange prints after a recipient: RFC 5322's (``Fri, 14 Sep 2007 18:52:54 +0300``), as its
# Internet Mail Service writes it, or the sending server's local numeric form (``12/7/99 3:06 PM``,
# ``14/10/2024 8:15``), as KB 258678 and KB 251152 quote it.
DATE = (
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s+)?\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{4}"
    r"\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[+-]\d{4})?"
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
)
# A recipient named without an SMTP address (a display name, an X.400 address): the whole line is
# the name and the date, nothing after it (the recipient's own words are on the lines below).
NAMED_RE = lazy_re(r"^\s*(?P<name>[^\s@<>][^@<>\n]{0,300}?)\s+on\s+(?:" + DATE + r")\s*$")
# "smtp;550 Requested action not taken": the carried-over reply opens right after the semicolon.
CARRIED_REPLY_RE = lazy_re(r"\b(smtp|x-[\w-]+);(?=[245]\d\d\b)", re.IGNORECASE)
# Lines of the MTS-ID that say nothing of the failure.
NOISE_RE = lazy_re(r"MTS-ID|^;l=", re.IGNORECASE)


def recognise(source: Source) -> bool:
    if source.message is None:
        return START_MARKER in source.text or IMS_MARKER in source.text
    mailer = source.header("X-Mailer").strip()
    return (
        START_MARKER in source.text
        or IMS_MARKER in source.text
        or "X-MS-Embedded-Report" in source.message
        or mailer.startswith(("Internet Mail Service (", "Microsoft Exchange Server Internet Mail Connector"))
        or source.header("X-MimeOLE").startswith("Produced By Microsoft Exchange")
        or " with Internet Mail Service (" in source.head
    )


def read(source: Source) -> Parsed | None:
    text = before_marker(source.text, ("Content-Type: message/rfc822",))
    start = text.find(START_MARKER)
    if start < 0:
        return read_ims_list(text)
    heading = text[text.rfind("\n", 0, start) + 1 : start]
    lines = text[start:].split("\n")[1:]
    found: list[tuple[str | None, int]] = []  # each recipient (its address, None for a name) and its line
    for index, line in enumerate(lines):
        addressed = RECIPIENT_RE().match(line)
        if addressed:
            found.append((addressed.group("addr"), index))
        elif NAMED_RE().match(line) and indent(line) <= indent(heading):
            # (A recipient's line stands level with the heading; a line of words indented under it
            # that happens to end "on <date>" is no recipient.)
            found.append((None, index))
    failures = []
    for number, (address, first) in enumerate(found):
        end = found[number + 1][1] if number + 1 < len(found) else len(lines)
        block = [line for line in lines[first + 1 : end] if line.strip() and not NOISE_RE().search(line.strip())]
        block = [line for line in block if line[:1] in " \t"] or block[:2]  # a recipient's lines are indented
        failure = failure_from_words(address, [CARRIED_REPLY_RE().sub(r"\1; ", line) for line in block])
        if address is None:
            failure.evidence.insert(0, lines[first].strip())  # who it was, as the report names them
        failures.append(failure)
    return bounce(failures)


def read_ims_list(text: str) -> Parsed | None:
    """The Internet Mail Service's notice: one failure per recipient line of its list, from the lines
    under it (the ``MSEXCH:IMS`` line and its words); None when the list names no recipient."""
    start = text.find(IMS_MARKER)
    if start < 0:
        return None
    # The heading's sentence ends "each recipient:", on the marker's line or, rewrapped, the next.
    heading_end = text.find("recipient:", start, start + HEADING_CHARS)
    lines = text[start if heading_end < 0 else heading_end :].split("\n")[1:]
    blocks: list[tuple[str | None, str, list[str]]] = []  # each recipient: its address, its line, its lines
    for line in lines:
        named = IMS_RECIPIENT_RE().match(line)
        if named:
            inner = named.group("inner").strip()
            found = ADDRESS_RE.fullmatch(inner)
            blocks.append((found.group(0) if found else None, line.strip(), []))
        elif not line.strip():
            if blocks:
                break  # the list ends at its first blank line
        elif blocks:
            blocks[-1][2].append(line)
        elif not line.startswith((" ", "\t")):
            return None  # words of their own before any recipient: not the notice's list
    failures = []
    for address, named_line, block in blocks:
        if address is not None:
            # "<anna@example.org > anna@example.org", wrapped: the address again, alone on its line.
            block = [line for line in block if line.strip() != address]
        failure = failure_from_words(address, block)
        if address is None:
            failure.evidence.insert(0, named_line)  # who it was, as the notice names them
        failures.append(failure)
    return bounce(failures) if failures else None


def indent(line: str) -> int:
    """How far the line is indented (blanks and tabs alike)."""
    return len(line) - len(line.lstrip(" \t"))
