"""qmail (and netqmail, notqmail): qmail-send's own report, ``Hi. This is the qmail-send program at
<host>.``, then each recipient as ``<address>:`` alone on a line with qmail-local's or
qmail-remote's words below (``Sorry, no mailbox here by that name. (#5.1.1)``, ``<ip> does not like
recipient.``, ``Remote host said: …``), up to ``--- Below this line is a copy of the message.``
(qmail-send.c writes these lines). A report that a web page or a paste flattened onto one line
(the bounce of the format's own description, QSBMF, as its HTML copy renders) is read by putting
each ``<address>:`` back on a line of its own, where QSBMF's recipient paragraphs start."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker
from ndr_atlas.formats.x4 import ENDS, colon_blocks

START = "This is the qmail-send program at "
# "<bob@example.org>: " inside a flattened line: a recipient paragraph's first words (QSBMF, 2),
# after the sentence that ends the paragraph above; a server's reply quoting the address ("550 5.1.1
# <bob@example.org>: …") has a code before it instead.
FLAT_RECIPIENT_RE = lazy_re(r"(?<=\.)\s+<(" + ADDRESS_RE.pattern + r")>:\s+")


def recognise(source: Source) -> bool:
    return START in source.text[:20_000]


def read(source: Source) -> Parsed | None:
    text = source.text
    report = before_marker(text[text.find(START) :], ENDS)
    failures = colon_blocks(report)
    if not failures and "\n" not in report.strip():
        failures = colon_blocks(FLAT_RECIPIENT_RE().sub(lambda m: f"\n<{m.group(1)}>:\n", report))
    # "I'm not going to try again; this message has been in the queue too long." is a delivery
    # that timed out; its words go with every recipient it names, and the catalog reads them.
    return bounce(failures)
