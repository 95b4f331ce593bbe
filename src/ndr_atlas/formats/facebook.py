"""Facebook's mail servers (the former @facebook.com addresses): the sender ``Facebook
<mailer-daemon@mx.facebook.com>`` and the subject ``Sorry, your message could not be delivered``;
after ``This message was created automatically by Facebook.`` the delivery-status fields as text,
the Diagnostic-Code carrying Facebook's own token (``RCP-P1``, ``POL-P2`` …). (Markers as Sisimai's
Facebook module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import Parsed, Source
from ndr_atlas.formats.blocks import bounce, marked_text
from ndr_atlas.formats.rfc3464 import failures_from_field_text

START = "This message was created automatically by Facebook."


def recognise(source: Source) -> bool:
    return (
        "mailer-daemon@mx.facebook.com" in source.header("From").lower()
        and source.header("Subject").strip() == "Sorry, your message could not be delivered"
    )


def read(source: Source) -> Parsed | None:
    marked = marked_text(source.text, START, ("Content-Disposition: inline",))
    if marked is None:
        return None
    failures = failures_from_field_text(marked)
    return bounce(failures)
