"""qmail (and netqmail, notqmail): qmail-send's own report, ``Hi. This is the qmail-send program at
<host>.``, then each recipient as ``<address>:`` alone on a line with qmail-local's or
qmail-remote's words below (``Sorry, no mailbox here by that name. (#5.1.1)``, ``<ip> does not like
recipient.``, ``Remote host said: …``), up to ``--- Below this line is a copy of the message.``
(qmail-send.c writes these lines). A report that a web page or a paste flattened onto one line
(the bounce of the format's own description, QSBMF, as its HTML copy renders) is read by putting
each ``<address>:`` back on a line of its own, where QSBMF's recipient paragraphs start.

Pasted without qmail-send's heading (an admin copies the one paragraph that matters), a paragraph is
still told by its lines: ``<address>:`` alone, then one of the fixed sentences qmail-remote and
qmail-local print (qmail-remote.c: ``Connected to <host> but sender was rejected.``, ``… but greeting
failed.``, ``… but my name was rejected.``, ``<host> does not like recipient.``, ``<host> failed on
DATA command.``, ``… failed after I sent the message.``, ``Giving up on <host>.``, ``Remote host said:
…``, ``Sorry, I wasn't able to establish an SMTP connection.``, ``Sorry, I couldn't find any host …``;
qmail-local.c: ``Sorry, no mailbox here by that name.``). Such a paste is read the same way, every
line of the paragraph with its recipient, instead of the generic scanner's reading of the reply
line alone."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker
from ndr_atlas.formats.x4 import ENDS, colon_blocks

START = "This is the qmail-send program at "
# "<bob@example.org>: " inside a flattened line: a recipient paragraph's first words (QSBMF, 2),
# after the sentence that ends the paragraph above; a server's reply quoting the address ("550 5.1.1
# <bob@example.org>: …") has a code before it instead.
FLAT_RECIPIENT_RE = lazy_re(r"(?<=\.)\s+<(" + ADDRESS_RE.pattern + r")>:\s+")


# qmail-remote's and qmail-local's own opening words under a recipient line (see above), each at the
# start of the line as qmail-send copies them into the report.
OWN_SENTENCE_RE = re.compile(
    r"(?:TLS )?[Cc]onnected to \S{1,255} but (?:sender was rejected|greeting failed|my name was rejected)\."
    r"|\S{1,255} (?:does not like recipient\.|failed on DATA command\.|failed after I sent the message\.)"
    r"|Giving up on \S{1,255}$|Remote host said: "
    r"|Sorry, (?:I wasn't able to establish an SMTP connection|I couldn't find any host |I couldn't find a mail exchanger or IP address"
    r"|no mailbox here by that name\.)"
)
# A recipient paragraph's first line: "<bob@example.org>:" alone (qmail-send.c).
PARAGRAPH_RE = lazy_re(r"^<(?:" + ADDRESS_RE.pattern + r")>:[ \t]*\n(?=[^\n]{1,400}$)", re.MULTILINE)
PASTE_WINDOW = 20_000


def recognise(source: Source) -> bool:
    return START in source.text[:PASTE_WINDOW] or (source.message is None and has_own_paragraph(source.text[:PASTE_WINDOW]))


def has_own_paragraph(text: str) -> bool:
    """A pasted recipient paragraph of qmail's: its "<address>:" line, then one of qmail's sentences."""
    if ">:" not in text:
        return False
    return any(OWN_SENTENCE_RE.match(text, found.end()) for found in PARAGRAPH_RE().finditer(text))


def read(source: Source) -> Parsed | None:
    text = source.text
    at = text.find(START)
    report = before_marker(text[max(at, 0) :], ENDS)
    failures = colon_blocks(report)
    if not failures and "\n" not in report.strip():
        failures = colon_blocks(FLAT_RECIPIENT_RE().sub(lambda m: f"\n<{m.group(1)}>:\n", report))
    # "I'm not going to try again; this message has been in the queue too long." is a delivery
    # that timed out; its words go with every recipient it names, and the catalog reads them.
    return bounce(failures)
