"""MailFoundry appliances: the subject ``Message delivery has failed`` and a ``Received`` line
``(MAILFOUNDRY) id``; each failure as ``Unable to deliver message to: <address>``, then ``Delivery
failed for the following reason:`` and ``Server <host>[<ip>] failed with: <reply>``. (Markers as
Sisimai's MailFoundry module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words, recipient_blocks

RECIPIENT_RE = lazy_re(r"^Unable to deliver message to: <(?P<addr>" + ADDRESS_RE.pattern + r")>")
SERVER_RE = lazy_re(r"^Server (?P<host>[A-Za-z0-9.-]{1,253})\[[0-9A-Fa-f.:]{2,45}\] failed with:")
REASON_HEADING = "Delivery failed for the following reason:"


def recognise(source: Source) -> bool:
    return source.header("Subject").strip() == "Message delivery has failed" and "(MAILFOUNDRY) id" in source.head


def read(source: Source) -> Parsed | None:
    lines = [line.strip() for line in before_marker(source.text, ("Content-Type: message/rfc822",)).split("\n")]
    failures = []
    for address, below in recipient_blocks(lines, RECIPIENT_RE()):
        block = [line for line in below if line and line != REASON_HEADING and not line.startswith("-")]
        failure = failure_from_words(address, block[:3])
        host = next((m.group("host") for m in (SERVER_RE().match(line) for line in block) if m), None)
        failure.remote_host = host or failure.remote_host
        failures.append(failure)
    return bounce(failures)
