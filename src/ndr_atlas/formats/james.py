"""Apache James: ``[BOUNCE]`` as the subject, a ``.JavaMail.`` Message-ID or a ``JAMES SMTP Server``
Received line. The error under ``Error message below:`` and, under ``Message details:``, the
envelope as ``  RCPT TO: <address>`` lines (its mailet AbstractNotify prints both)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

ERROR_MARKER = "Error message below:"
DETAILS_MARKER = "Message details:"
RCPT_RE = lazy_re(r"^\s*RCPT TO:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?", re.IGNORECASE)


def recognise(source: Source) -> bool:
    if source.message is None:
        return False
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
    return bounce(failures)
