"""Ipswitch IMail Server (SMTP32): short notices with no status code. ``Undeliverable Mail …`` as the
subject or ``X-Mailer: <SMTP32 v…>``; each failed recipient on a line of its own, as
``<reason>: <address>`` (``Unknown user: bob@example.org``, ``Delivery failed 3 attempts: …``) or
``undeliverable to <address>``; what the remote server said, if anything, under ``Body of message
generated response:``; the original after ``Original message follows.``"""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

ORIGINAL_MARKERS = ("Original message follows.",)
LABELLED_RE = lazy_re(
    r"^(?!.{0,40}?\b(?:from|to|cc|sender|reply|return|subject|mittente)\b)(?P<label>[A-Za-z][\w ,.'()-]{3,80}):\s*<?(?P<addr>"
    + ADDRESS_RE.pattern
    + r")>?\s*$",
    re.IGNORECASE,
)
UNDELIVERABLE_RE = lazy_re(r"^undeliverable to\s+<?(?P<addr>" + ADDRESS_RE.pattern + r")>?", re.IGNORECASE)
RESPONSE_MARKER = "Body of message generated response:"


def recognise(source: Source) -> bool:
    # "Undeliverable Mail " then the original subject; MailMarshal writes "Undeliverable Mail: …".
    return source.header("Subject").startswith("Undeliverable Mail ") or source.header("X-Mailer").lstrip().startswith("<SMTP32 v")


def read(source: Source) -> Parsed | None:
    lines = before_marker(source.text, ORIGINAL_MARKERS).split("\n")
    found: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        match = LABELLED_RE().match(line.strip()) or UNDELIVERABLE_RE().match(line.strip())
        if match:
            found.append((match.group("addr"), index))
    failures: list[Failure] = []
    for number, (address, start) in enumerate(found):
        end = found[number + 1][1] if number + 1 < len(found) else len(lines)
        block = lines[start:end]
        response = next((i for i, line in enumerate(lines) if RESPONSE_MARKER in line), None)
        if response is not None and not any(RESPONSE_MARKER in line for line in block):
            block += lines[response : response + 4]  # one remote reply printed for every recipient
        failures.append(failure_from_words(address, block))
    return bounce(failures)
