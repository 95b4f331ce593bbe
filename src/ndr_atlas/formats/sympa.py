"""Sympa's delivery status notification (``default/mail_tt2/delivery_status_notification.tt2``) read
as text, without its delivery-status part (which the RFC 3464 reader reads when it is there). After
``This is an automatic response sent by Sympa Mailing Lists Manager.`` the template writes
``Impossible to distribute your message for list '<list address>' for the following reason:`` and
one reason per status: ``The following address is not a known mailing list:`` and the address
(5.1.1), ``List '<list>' does not exist.`` (5.1.2, 4.2.4, 5.3.5), ``The <list> list could not be
created.`` (4.2.1), the message's size over the list's maximum (5.2.3), a message that cannot be
personalized (5.6.5) or a virus alert (5.7.0); the hint lines under the reason (the lists
directory, the listmaster, the note on encoded attachments, the advice to check for viruses) are no
part of it. ``Message was successfully delivered to following address:`` is the same template's
delivery notice. The list address in the heading is the failed recipient; the status is left to
the catalog, read from the reason's words."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

START = "This is an automatic response sent by Sympa Mailing Lists Manager."
HEADING = "Impossible to distribute your message for list '"
DELIVERED = "Message was successfully delivered to following address:"
HEADING_RE = lazy_re(r"Impossible to distribute your message for list '(?P<addr>" + ADDRESS_RE.pattern + r")' for the following reason:")
DELIVERED_RE = lazy_re(r"^\s*(?P<addr>" + ADDRESS_RE.pattern + r")\s*$")
# The one reason the template writes under a temporary status only (4.2.1, a list made on the fly whose
# members could not be loaded): the catalog infers a code from words in its entry's first, permanent
# class, so the reader states the template's.
NOT_CREATED_RE = lazy_re(r"^The \S+ list could not be created\.$")
# The template's lines under a reason that only advise.
HINTS = (
    "To find out the correct listname, ask for this server's lists directory:",
    "For further information, please contact",
    "Note: Because binary files have to be encoded",
    "It may be useful to check your system for viruses.",
    "Note, however, that many viruses fake sender's e-mail address",
)
# A reason is one paragraph, except where the template goes on: after a line ending in ":" (the
# unknown list's address below it) and through the virus alert's banner and its two paragraphs.
# Anything else below the first paragraph (a user's own words under a pasted notice) is no part of it.
GOES_ON = ("***** V I R U S", "Our viruschecker found")


def recognise(source: Source) -> bool:
    return START in source.text or HEADING in source.text


def read(source: Source) -> Parsed | None:
    text = source.text
    heading = HEADING_RE().search(text)
    if heading is None:
        return delivered(text)
    lines: list[str] = []
    paragraph_ended = False
    virus_alert = False  # its banner read: the alert's paragraphs go on
    for line in text[heading.end() :].split("\n"):
        stripped = line.strip()
        if stripped.startswith(HINTS):
            break
        if not stripped:
            paragraph_ended = bool(lines)
            continue
        if paragraph_ended and not (lines[-1].endswith(":") or virus_alert):
            break
        lines.append(stripped)
        virus_alert = virus_alert or stripped.startswith(GOES_ON)
    failure = failure_from_words(heading.group("addr"), lines)
    if failure.status is None and any(NOT_CREATED_RE().match(line) for line in lines):
        failure.status = "4.2.1"
    # Sympa does not try again: send_dsn (src/lib/Sympa.pm) writes "failed" for every status not 2.x.x.
    failure.final = True
    return bounce([failure])


def delivered(text: str) -> Parsed | None:
    """The template's delivery notice: the address under its sentence, delivered."""
    at = text.find(DELIVERED)
    if at < 0:
        return None
    below = (DELIVERED_RE().match(line) for line in text[at + len(DELIVERED) :].split("\n") if line.strip())
    first = next(below, None)
    return Parsed("delivered", [], [Address(first.group("addr"), action="delivered")]) if first else None
