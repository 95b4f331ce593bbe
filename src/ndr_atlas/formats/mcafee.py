"""McAfee Email Gateway appliances: ``X-NAI-Header: Modified by McAfee …`` and the subject
``Delivery Status``; under ``--- The following addresses had delivery problems ---`` each recipient
as ``<address>   (reason)``. (Their delivery-status part, when present, is read first by rfc3464.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

RECIPIENT_RE = lazy_re(r"^<(?P<addr>" + ADDRESS_RE.pattern + r")>\s+\((?P<reason>.{1,500})\)\s*$")


def recognise(source: Source) -> bool:
    return "Modified by McAfee" in source.header("X-NAI-Header") and source.header("Subject").strip() == "Delivery Status"


def read(source: Source) -> Parsed | None:
    failures = [
        failure_from_words(m.group("addr"), [m.group("reason")])
        for m in (RECIPIENT_RE().match(line.strip()) for line in source.text.split("\n"))
        if m
    ]
    return bounce(failures)
