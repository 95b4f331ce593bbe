"""An MTA family Sisimai calls "X2": the subject ``Delivery failure …`` (or ``failure delivery``,
``failed delivery``); under ``Unable to deliver message to the following address(es).`` each
recipient as ``<address>:`` with the reason on the lines below; the original after ``--- Original
message follows.``"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import listed_failures

START = "Unable to deliver message to the following address"
ENDS = ("--- Original message follows.",)
RECIPIENT_RE = lazy_re(r"^\s*<(?P<addr>" + ADDRESS_RE.pattern + r")>:\s*$")


def recognise(source: Source) -> bool:
    return source.header("Subject").lower().startswith(("delivery failure", "failure delivery", "failed delivery"))


def read(source: Source) -> Parsed | None:
    failures = listed_failures(source.text, START, ENDS, RECIPIENT_RE())
    return bounce(failures)
