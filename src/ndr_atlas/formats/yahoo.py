"""Yahoo Mail's own text reports: after ``Sorry, we were unable to deliver your message to the following
address.`` each recipient as ``<address>:`` with ``Remote host said: <reply> [RCPT_TO]`` below, up to
``--- Below this line is a copy of the message.`` (qmail's layout, on which Yahoo's servers were
built). Markers as Sisimai's Yahoo module records them.

A report is told by that opening sentence at the top of its own text, not by an ``X-YMailISG``
header: Yahoo Mail stamps that field on the messages its users send, so it can sit in the returned
original of any server's report (and a Yahoo report need not carry it on its own header block).

Yahoo also writes the reply with no "Remote host said:" before it, the code followed by a colon:
``550: 5.1.1 <address>: Recipient address rejected: …`` (the Yahoo reports of the corpus) or, with
no enhanced status, ``554: delivery error: dd …``. The words' generic reading wants a space or a
dash after a bare reply code, so that colon form is read here, where the reply opens the block."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import Parsed, Source
from ndr_atlas.formats.blocks import bounce, marked_text
from ndr_atlas.formats.x4 import ENDS, colon_blocks

START = "Sorry, we were unable to deliver your message"
# Yahoo names the refused command in brackets after the reply.
COMMANDS = {"[RCPT_TO]": "RCPT", "[MAIL_FROM]": "MAIL", "[DATA]": "DATA"}
# "554: delivery error: …": a reply code and a colon opening the block's words.
COLON_REPLY_RE = re.compile(r"([45][0-5]\d):\s")


def recognise(source: Source) -> bool:
    return START in source.notice


def read(source: Source) -> Parsed | None:
    marked = marked_text(source.text, START, ENDS)
    if marked is None:
        return None
    failures = colon_blocks(marked)
    for failure in failures:
        named = next((command for token, command in COMMANDS.items() if token in failure.diagnostic), None)
        failure.command = failure.command or named
        if failure.reply is None and (opening := COLON_REPLY_RE.match(failure.diagnostic)):
            failure.reply = opening.group(1)
    return bounce(failures)
