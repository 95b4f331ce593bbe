"""Lotus Notes servers' own reports: the subject ``Undeliverable message``; under ``------- Failure
Reasons --------`` the reason, then the failed address alone on its line, up to ``------- Returned
Message --------``. A report that names no address is about the returned message's ``To:``. Without
the subject (pasted, forwarded) the two section rules are enough.
(Markers as Sisimai's Notes module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.returned import first_to_address
from ndr_atlas.formats.words import failure_from_words

START = "------- Failure Reasons"
END = "------- Returned Message --------"
ADDRESS_ALONE_RE = lazy_re(r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")


def recognise(source: Source) -> bool:
    # Its subject, or (the report pasted or forwarded without it) its two section rules.
    if source.header("Subject").startswith("Undeliverable message"):
        return True
    text = source.text
    return START in text and END in text


def read(source: Source) -> Parsed | None:
    text = source.text
    lines = marked_lines(text, START, (END,), after_start=True)
    if lines is None:
        return None
    failures = []
    reasons: list[str] = []
    for line in lines:
        found = ADDRESS_ALONE_RE().match(line)
        if found:
            failures.append(failure_from_words(found.group("addr"), reasons))
            reasons = []
        elif line and not line.startswith("-"):
            reasons.append(line)
    returned = text.find(END, text.find(START))
    if not failures and returned > 0:
        to = first_to_address(text[returned:])
        if to and reasons:
            failures.append(failure_from_words(to, reasons))
    return bounce(failures)
