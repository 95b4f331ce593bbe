"""qmail (and netqmail, notqmail): qmail-send's own report, ``Hi. This is the qmail-send program at
<host>.``, then each recipient as ``<address>:`` alone on a line with qmail-local's or
qmail-remote's words below (``Sorry, no mailbox here by that name. (#5.1.1)``, ``<ip> does not like
recipient.``, ``Remote host said: …``), up to ``--- Below this line is a copy of the message.``
(qmail-send.c writes these lines)."""

from __future__ import annotations

from ndr_atlas.formats.base import Parsed, Source
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker
from ndr_atlas.formats.x4 import ENDS, colon_blocks

START = "This is the qmail-send program at "


def recognise(source: Source) -> bool:
    return START in source.text[:20_000]


def read(source: Source) -> Parsed | None:
    text = source.text
    failures = colon_blocks(before_marker(text[text.find(START) :], ENDS))
    # "I'm not going to try again; this message has been in the queue too long." is a delivery
    # that timed out; its words go with every recipient it names, and the catalog reads them.
    return bounce(failures)
