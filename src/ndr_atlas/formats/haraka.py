"""Haraka (the Node.js MTA): its outbound bounce as its template ``config/outbound.bounce_message``
writes it when no delivery-status part comes with it (a paste, an old version): ``Hi. This is the
Haraka Mailer program at <host>.``, then ``Intended Recipients: <a@example.org>, <b@example.org>``
and ``Failure Reason: <error>`` (the remote server's reply, or Haraka's own words such as ``Error:
Some recipients failed: <a@example.org>``), the lines after it up to a blank line going with it.
Every recipient of the line gets the one reason. With its delivery-status part, rfc3464 reads it first."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

BANNER = "This is the Haraka Mailer program at "
RECIPIENTS = "Intended Recipients:"
REASON = "Failure Reason:"
ENDS = ("Content-Type: message/rfc822", "Content-Type: text/rfc822-headers")
LABEL_RE = lazy_re(r"^\s*(?P<label>Intended Recipients|Failure Reason):\s*(?P<value>.*)$")


def recognise(source: Source) -> bool:
    text = source.text
    return BANNER in text or (RECIPIENTS in text and REASON in text)


def read(source: Source) -> Parsed | None:
    lines = before_marker(source.text, ENDS).split("\n")
    recipients: list[str] = []
    reason: list[str] = []
    for index, line in enumerate(lines):
        labelled = LABEL_RE().match(line)
        if labelled is None:
            continue
        # A field goes on over the lines under it up to a blank line or the next field (a long
        # list of recipients, a reply a mail program wrapped).
        value = [labelled.group("value")]
        for more in lines[index + 1 :]:
            if not more.strip() or LABEL_RE().match(more):
                break
            value.append(more)
        if labelled.group("label") == "Intended Recipients":
            recipients.extend(found.group(0) for found in ADDRESS_RE.finditer(" ".join(value)))
        elif not reason:
            reason = value
    failures = [failure_from_words(address, reason) for address in dict.fromkeys(recipients)]
    return bounce(failures)
