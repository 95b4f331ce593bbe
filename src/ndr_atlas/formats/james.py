"""Apache James: ``[BOUNCE]`` as the subject, a ``.JavaMail.`` Message-ID or a ``JAMES SMTP Server``
Received line. The error under ``Error message below:`` and, under ``Message details:``, the
envelope as ``  RCPT TO: <address>`` lines (its mailet AbstractNotify prints both). Pasted without
its headers (Verizon's vtext.com gateway sends the same notice), it is known by those two markers in
that order; a paste whose RCPT TO address was masked ("RCPT TO: ******@vtext.com") still names a
failure, of a recipient it does not say."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

ERROR_MARKER = "Error message below:"
DETAILS_MARKER = "Message details:"
RCPT_RE = lazy_re(r"^\s*RCPT TO:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?", re.IGNORECASE)
RCPT_LINE_RE = lazy_re(r"^\s*RCPT TO:", re.IGNORECASE | re.MULTILINE)


def recognise(source: Source) -> bool:
    if source.message is None:
        return markers_in_order(source.text)
    return (
        source.header("Subject").strip() == "[BOUNCE]" or ".JavaMail." in source.header("Message-ID") or "JAMES SMTP Server" in source.head
    )


def read(source: Source) -> Parsed | None:
    text = before_marker(source.text, ("Content-Type: message/rfc822",))
    start, details = text.find(ERROR_MARKER), text.find(DETAILS_MARKER)
    if start < 0 or details < 0:
        return None
    error = text[start:details].split("\n")
    recipients = [m.group("addr") for m in (RCPT_RE().match(line) for line in text[details:].split("\n")) if m]
    failures = [failure_from_words(address, error) for address in dict.fromkeys(recipients)]
    if not failures and RCPT_LINE_RE().search(text, details):
        failures = [failure_from_words(None, error)]  # its RCPT TO address masked in the paste
        failures[0].names_no_recipient = True  # the other addresses left are the sender's
    return bounce(failures)


def markers_in_order(text: str) -> bool:
    """Both of AbstractNotify's markers, the error's first: its notice pasted without headers."""
    error = text.find(ERROR_MARKER)
    return error >= 0 and text.find(DETAILS_MARKER, error) > error
