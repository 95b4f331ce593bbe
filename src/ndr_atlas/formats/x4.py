"""qmail clones Sisimai calls "X4": the subject ``failure notice`` or ``Permanent Delivery Failure``,
or a ``Received: (qmail N invoked for bounce)`` line, and a heading of their own instead of
qmail's ``Hi. This is the qmail-send program`` (``Unfortunately, your mail was not delivered to
the following address:``, ``Su mensaje no pudo ser entregado`` …). Each recipient as ``<address>:``
with qmail-remote's words below (``<host> does not like recipient.``, ``Remote host said: …``,
``Giving up on <host>.``); the original after ``--- Below this line is a copy of the message.``"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, MAX_EVIDENCE_LINES, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import QUEUE_TOO_LONG, before_marker, failure_from_words, recipient_blocks

STARTS = (
    "He/Her is not ",
    "unable to deliver your message to the following addresses",
    "Su mensaje no pudo ser entregado",
    "This is the machine generated message from mail service",
    "This is the mail delivery agent at",
    "Unable to deliver message to the following address",
    "Unfortunately, your mail was not delivered to the following address:",
    "Your mail message to the following address",
    "Your message to the following addresses",
    "We're sorry.",
)
ENDS = ("--- Below this line is a copy of the message.", "Original message follows.")
RECIPIENT_RE = lazy_re(r"^<(?P<addr>" + ADDRESS_RE.pattern + r")>:\s*$")
# qmail-remote.c's words for a refusal read from the reply itself: the recipient, or the client's name.
OWN_READING = (" does not like recipient.", " but my name was rejected.")
GIVING_UP_RE = lazy_re(r"(?:Giving up on|Connected to|remote host) (?P<host>[A-Za-z0-9.:-]{2,253}?)\.?(?:\s|$)")


def recognise(source: Source) -> bool:
    subject = source.header("Subject")
    head = source.head
    return subject.startswith(("failure notice", "Permanent Delivery Failure")) or (
        "(qmail " in head and ("invoked for bounce)" in head or "invoked from network)" in head)
    )


def read(source: Source) -> Parsed | None:
    text = before_marker(source.text, ENDS)
    if not any(map(text.__contains__, STARTS)):
        return None
    failures = colon_blocks(text)
    return bounce(failures)


def colon_blocks(text: str) -> list[Failure]:
    """qmail's layout, also its clones': ``<address>:`` alone on a line, qmail-remote's words below."""
    lines = text.split("\n")
    failures = []
    for address, below in recipient_blocks(lines, RECIPIENT_RE()):
        block = [line for line in below if line.strip()]
        # qmail-send adds "this message has been in the queue too long" to the last (temporary) error
        # of a delivery it gave up on (qmail-send.c). The note stays with the error, so that an error
        # none of qmail's own sentences explains ("Sorry, I wasn't able to establish an SMTP connection"
        # is a network error) reads as a delivery that expired, as Sisimai's qmail module decides; but
        # a refused recipient or greeting is read from the remote server's reply alone.
        refused = any(stage in line for line in block for stage in OWN_READING)
        said = ([line for line in block if QUEUE_TOO_LONG not in line] or block) if refused else block
        failure = failure_from_words(address, said)
        failure.evidence = [line.strip() for line in block][:MAX_EVIDENCE_LINES]
        host = next((m.group("host") for m in (GIVING_UP_RE().search(line) for line in block) if m), None)
        failure.remote_host = failure.remote_host or host
        failures.append(failure)
    return failures
