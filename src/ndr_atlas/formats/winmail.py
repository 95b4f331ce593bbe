"""Magic Winmail Server's reports (the Chinese mail server of winmail.cn, subject ``failure notice``):
``Hi. This is the smtp delivery program.`` and qmail's three sentences, a Chinese translation after a
``=====`` rule, then each recipient on a line of its own as ``<address>, <reason>``: what the remote
server refused with (``<address>, remote server said: 554 …``) or Winmail's own words (``<address>,
sorry, no mailbox here by that name``), up to ``--- Below this line is a copy of the message.``.

The layout is the one Winmail's own pages on its bounces show ("Winmail 退信分析大全", a typical
report with notes, winmail.cn/ndr/; the Gmail refusals of magicwinmail.com/docs/errormail/). Unlike
qmail, the address is not alone on its line with a colon, so qmail's reading finds no recipient
block, and the general reading takes the sentence "This is a permanent error" for the error."""

from __future__ import annotations

from itertools import takewhile

from ndr_atlas.formats.base import ADDRESS_RE, MAX_EVIDENCE_LINES, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_text
from ndr_atlas.formats.words import failure_from_words, recipient_blocks
from ndr_atlas.formats.x4 import ENDS

START = "This is the smtp delivery program"
# "<address>, <reason>" at the start of a line; the reason runs on over lines that do not open
# another recipient (a reply of several lines, "550-5.7.1 …" continued).
RECIPIENT_RE = lazy_re(r"^[ \t]*<(?P<addr>" + ADDRESS_RE.pattern + r")>,[ \t]+(?P<words>\S[^\n]*)$")


def recognise(source: Source) -> bool:
    return START in source.notice


def read(source: Source) -> Parsed | None:
    marked = marked_text(source.text, START, ENDS)
    if marked is None:
        return None
    lines = marked.split("\n")
    heads = [found for found in map(RECIPIENT_RE().match, lines) if found]
    failures = []
    # recipient_blocks gives the lines under each recipient's up to the next one's, in the same order
    # as the heads; the reason opens on the recipient's own line and ends at a blank line.
    for head, (address, below) in zip(heads, recipient_blocks(lines, RECIPIENT_RE()), strict=True):
        words = [head.group("words"), *takewhile(str.strip, below)]
        failure = failure_from_words(address, words)
        failure.evidence = [line.strip() for line in words][:MAX_EVIDENCE_LINES]
        failures.append(failure)
    return bounce(failures)
