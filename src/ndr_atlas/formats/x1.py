"""An appliance family Sisimai calls "X1": ``Returned Mail: …`` or ``Mail Delivery Failure`` as the
subject, or ``"Mail Delivery System"`` as the sender; after ``The original message was received
at …`` each failed recipient as ``<address> [<reason>]``."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

START_MARKER = "The original message was received at "
RECIPIENT_RE = lazy_re(r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s+\[(?P<reason>[^\]]{1,300})\]\s*$")


def recognise(source: Source) -> bool:
    subject = source.header("Subject")
    return subject.startswith(("Returned Mail: ", "Mail Delivery Failure")) or '"Mail Delivery System"' in source.header("From")


def read(source: Source) -> Parsed | None:
    text = source.text
    start = text.find(START_MARKER)
    if start < 0:
        return None
    failures = []
    for line in text[start:].split("\n"):
        found = RECIPIENT_RE().match(line)
        if found:
            failures.append(failure_from_words(found.group("addr"), [found.group("reason")]))
        elif failures and line.startswith(("Received: ", "Content-Type: message/rfc822")):
            break
    return bounce(failures)
