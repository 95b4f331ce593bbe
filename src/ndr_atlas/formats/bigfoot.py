"""Bigfoot's forwarding service: the sender at ``bigfoot.com`` or a ``Received`` line of a
``.bigfoot.com`` host; after ``----- Transcript of session follows -----`` the delivery-status
fields written as text (no message/delivery-status part), the SMTP session as ``>>> command`` /
``<<< reply``. (Markers as Sisimai's Bigfoot module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import Parsed, Source
from ndr_atlas.formats.blocks import bounce, marked_text
from ndr_atlas.formats.rfc3464 import failures_from_field_text
from ndr_atlas.formats.words import SESSION_SENT, smtp_command

START = "----- Transcript of session follows -----"
ENDS = ("Content-Type: message/partial", "Content-Type: message/rfc822")


def recognise(source: Source) -> bool:
    return "@bigfoot.com>" in source.header("From").lower() or ".bigfoot.com " in source.head


def read(source: Source) -> Parsed | None:
    body = marked_text(source.text, START, ENDS)
    if body is None:
        return None
    failures = failures_from_field_text(body)
    sent = [line for line in body.split("\n") if line.startswith(SESSION_SENT)]
    for failure in failures:
        failure.command = failure.command or (smtp_command(sent[-1]) if sent else None)
    return bounce(failures)
