"""Netscape / iPlanet Messaging Server 3.x–4.x text reports (also run by the providers of the time):
under ``This Message was undeliverable due to the following reason:`` the reason in a paragraph of
its own, then the failed recipients in angle brackets (``<bob@example.org>``, ``SMTP <bob@…>``, or
``Recipient: <bob@…>`` with a ``Reason:`` line for each remote refusal), and the signature ``Please
reply to Postmaster@… / if you feel this message to be in error.``, whose address is no recipient.
The reports carry no status code and, from NMS 3.6, a delivery-status part without recipient
fields. (Markers as GNU Mailman's and flufl.bounce's Netscape detector records them.) The servers of
the same lineage that providers ran later (InterMail's "imta" hosts) print the RFC 3464 fields under
the signature, the recipient's group included: a group that names the listed address (as its
Final-Recipient, or as Sendmail's X-Actual-Recipient, the mailbox an alias led to) gives the
failure its Status and, as RFC 3464 2.3.2 and an RFC 3464 reader have it, its Final-Recipient."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.rfc3464 import RECIPIENT_FIELDS, action_of, failure_from_fields, field_address, field_groups, recipient_of
from ndr_atlas.formats.words import blocks_under, failure_from_words

MARKER = "This Message was undeliverable due to the following reason:"
ENDS = ("Please reply to ", "Content-Type: message/rfc822")
# A recipient in angle brackets, alone or after a label ("SMTP", "Recipient:").
RECIPIENT_RE = lazy_re(r"^(?:[A-Za-z-]{1,20}:?\s+)?<(?P<addr>" + ADDRESS_RE.pattern + r")>\s*$")


def recognise(source: Source) -> bool:
    return MARKER in source.text


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, MARKER, ENDS, after_start=True)
    if lines is None:
        return None
    found = [(m.group("addr"), i) for i, m in enumerate(RECIPIENT_RE().match(line) for line in lines) if m]
    if not found:
        return None
    # The paragraph above the list states the reason for every recipient that has none of its own.
    shared = [line for line in lines[: found[0][1]] if line]
    failures: list[Failure] = []
    for address, below in blocks_under(lines, found):
        own = [line for line in below if line]
        failures.append(failure_from_words(address, own or shared))
    adopt_status_fields(failures, source.text)
    return bounce(failures)


def adopt_status_fields(failures: list[Failure], text: str) -> None:
    """The delivery-status fields printed below the signature: the group that names a listed
    recipient gives it the group's recipient and Status, where the text stated none."""
    signature = text.find(ENDS[0], text.find(MARKER))
    if signature < 0:
        return
    # Each failed group under every address it names, the first group kept: one pass over the groups,
    # not one for each listed recipient (a long list and as many groups cost their product).
    groups: dict[str, dict[str, str]] = {}
    for fields in field_groups(text[signature:]):
        if action_of(fields) != "failed":
            continue
        for name in RECIPIENT_FIELDS:
            address = field_address(fields.get(name, ""))
            if address:
                groups.setdefault(address.lower(), fields)
    for failure in failures:
        group = groups.get(failure.recipient.lower()) if failure.recipient else None
        if group is None:
            continue
        stated = failure_from_fields(group, recipient_of(group))
        failure.recipient = stated.recipient or failure.recipient
        if failure.status is None and stated.status:
            failure.status = stated.status
            failure.evidence.extend(line for line in stated.evidence if line.startswith("Status:"))
