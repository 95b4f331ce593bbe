"""Postal (postalserver/postal): the bounce its ``BounceMessage`` (``app/models/bounce_message.rb``)
sends when a message to one of its incoming routes cannot be passed on. ``Mail Delivery Failed
(<subject>)`` from ``Mail Delivery Service <route address>``; the text says ``This is the mail
delivery service responsible for delivering mail to <route address>.`` and ``The message you've sent
cannot be delivered.``, then lists ``Message Token:``, ``Orginal Message ID:`` (sic), ``Mail from:``
and ``Rcpt To: <address>``; the original goes as ``Original Message.eml``. It states no SMTP code and
no reason: the failure is the recipient's, with the template's own sentence as its words."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

BANNER = "This is the mail delivery service responsible for delivering mail to "
VERDICT = "The message you've sent cannot be delivered."
LABEL = "Orginal Message ID:"
RCPT_RE = lazy_re(r"^\s*Rcpt To:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")
ROUTE_RE = lazy_re(r"responsible for delivering mail to <?(?P<addr>" + ADDRESS_RE.pattern + r")>?")


def recognise(source: Source) -> bool:
    # The banner may be wrapped by a mail program; the template's misspelt label is a short line of its own.
    text = source.text
    return BANNER in text or LABEL in text


def read(source: Source) -> Parsed | None:
    text = source.text
    recipients = [found.group("addr") for found in map(RCPT_RE().match, text.split("\n")) if found]
    flat = " ".join(text.split())  # its sentences as one line, however a mail program wrapped them
    if not recipients:
        route = ROUTE_RE().search(flat)
        recipients = [route.group("addr")] if route else []
    words = [VERDICT] if VERDICT in flat else []
    return bounce([failure_from_words(address, words) for address in dict.fromkeys(recipients)])
