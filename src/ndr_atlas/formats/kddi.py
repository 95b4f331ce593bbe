"""au by KDDI's older notices: the sender ``no-reply@…dion.ne.jp``, ``Reply-To:
no-reply@app.auone-net.jp`` or a ``Received`` line of an ``ezweb.ne.jp`` or ``.au.com`` host; after
``Your mail sent on: <date>`` (or ``Your mail attempted to be delivered on:``) each recipient as
``Could not be delivered to: <address>`` with the reason on the indented lines below (``As their
mailbox is full.``). (Markers as Sisimai's KDDI module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

STARTS = ("Your mail sent on:", "Your mail attempted to be delivered on:")
RECIPIENT_RE = lazy_re(r"^\s+Could not be delivered to:\s*<(?P<addr>" + ADDRESS_RE.pattern + r")>")


def recognise(source: Source) -> bool:
    sender = source.header("From").lower()
    head = source.head
    return (
        ("no-reply@" in sender and ".dion.ne.jp" in sender)
        or source.header("Reply-To").strip().lower() == "no-reply@app.auone-net.jp"
        or "ezweb.ne.jp (" in head
        or ".au.com (" in head
    )


def read(source: Source) -> Parsed | None:
    lines = before_marker(source.text, ("Content-Type: message/rfc822",)).split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(STARTS)), None)
    if start is None:
        return None
    failures = []
    for index, line in enumerate(lines[start:], start):
        found = RECIPIENT_RE().match(line)
        if found:
            below = []
            for following in lines[index + 1 :]:
                if not following.startswith((" ", "\t")) or RECIPIENT_RE().match(following):
                    break
                below.append(following)
            failures.append(failure_from_words(found.group("addr"), below))
    return bounce(failures)
