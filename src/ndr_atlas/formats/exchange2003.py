"""Microsoft Exchange 2000/2003 and its Internet Mail Service: text reports with no status code.
Recognised by ``X-MS-Embedded-Report``, ``X-Mailer: Internet Mail Service (…)`` or ``Microsoft
Exchange Server Internet Mail Connector``, ``X-MimeOLE: Produced By Microsoft Exchange``, or a
Received line ``with Internet Mail Service (``. Under ``did not reach the following
recipient(s):`` each recipient as ``<address> on <date>``, then indented lines: the reason in words
and an ``MSEXCH:`` line with Exchange's own hexadecimal code (``(000C05A6) Unknown Recipient``),
or the remote server's reply carried over as ``<mx.example.org #5.0.0 smtp;550 …>``. Without
those headers (pasted, forwarded), the report is known by its heading alone, and the date after
the address may be written in numbers (``bob@example.org on 3/27/2008 9:11 AM``), as Microsoft's
KB 251152 and providers' help pages quote these reports."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words, recipient_blocks

START_MARKER = "did not reach the following recipient"
RECIPIENT_RE = lazy_re(r"^\s*(?:.{0,200}?(?:SMTP|smtp)=)?<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s+on\s")
# "smtp;550 Requested action not taken": the carried-over reply opens right after the semicolon.
CARRIED_REPLY_RE = lazy_re(r"\b(smtp|x-[\w-]+);(?=[245]\d\d\b)", re.IGNORECASE)
# Lines of the MTS-ID that say nothing of the failure.
NOISE_RE = lazy_re(r"MTS-ID|^;l=", re.IGNORECASE)


def recognise(source: Source) -> bool:
    if source.message is None:
        return START_MARKER in source.text
    mailer = source.header("X-Mailer").strip()
    return (
        START_MARKER in source.text
        or "X-MS-Embedded-Report" in source.message
        or mailer.startswith(("Internet Mail Service (", "Microsoft Exchange Server Internet Mail Connector"))
        or source.header("X-MimeOLE").startswith("Produced By Microsoft Exchange")
        or " with Internet Mail Service (" in source.head
    )


def read(source: Source) -> Parsed | None:
    text = before_marker(source.text, ("Content-Type: message/rfc822",))
    start = text.find(START_MARKER)
    if start < 0:
        return None
    lines = text[start:].split("\n")[1:]
    failures = []
    for address, below in recipient_blocks(lines, RECIPIENT_RE()):
        block = [line for line in below if line.strip() and not NOISE_RE().search(line.strip())]
        block = [line for line in block if line[:1] in " \t"] or block[:2]  # a recipient's lines are indented
        failures.append(failure_from_words(address, [CARRIED_REPLY_RE().sub(r"\1; ", line) for line in block]))
    return bounce(failures)
