"""COMSAT, the mailer of ITS (the PDP-10 Incompatible Timesharing System, still run on emulated
machines): the copy it mails back from ``COMSAT@<host>`` when it cannot deliver. A banner line
(``A copy of your message is being returned, because:``, between rows of ``=``), one line per
failed recipient, then ``Failed message follows:`` over the returned message. The recipients are
written in ITS's ``NAME at HOST`` form, a name ITS would not take as an atom in double quotes:

    "BOB-SMITH" at ES-ITS.EXAMPLE.ORG is an unknown recipient.
    FAILED: ALICE at MX.EXAMPLE.NET; Host not responding

Backed by the source of a client that read these returns: the Lisp Machine mail reader ZMail's
``COMSAT-REPLY`` (mail from the sender named ``COMSAT``, ended by a ``Failed message follows:``
line) takes its failed recipients from exactly two kinds of line, one ending in ``is an unknown
recipient.`` and one opening with ``FAILED:`` whose address ends before `` at <host>;`` and a
reason; and by a return pasted whole in the ITS project's issue tracker (PDP-10/its#1513, 2019).
Only the recipients' lines are read: the message below the marker is the returned original."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

MARKER = "Failed message follows:"
BANNER = "A copy of your message is being returned"
FROM_COMSAT_RE = lazy_re(r"^From:[ \t]*COMSAT@", re.IGNORECASE | re.MULTILINE)
# The failed recipient in ITS's form: a name (an atom, or a quoted string) "at" a host, or an Internet
# address. Names and hosts are bounded, so a hostile line cannot make the search backtrack.
NAME = r'(?:"(?P<quoted>[^"\n]{1,128})"|(?P<atom>[^\s"@;]{1,128}))'
HOST = r"(?P<host>[A-Za-z0-9][A-Za-z0-9.-]{0,253})"
UNKNOWN_RE = lazy_re(r"^\s*" + NAME + r"(?:\s+at\s+|@)" + HOST + r"\s+is an unknown recipient\.?\s*$", re.IGNORECASE)
FAILED_RE = lazy_re(r"^\s*FAILED:\s*" + NAME + r"(?:\s+at\s+|@)" + HOST + r"\s*;\s*(?P<reason>.{0,1000})$", re.IGNORECASE)


def recognise(source: Source) -> bool:
    text = source.text
    if MARKER not in text:
        return False
    return BANNER in text or FROM_COMSAT_RE().search(text) is not None


def read(source: Source) -> Parsed | None:
    lines = source.text.split("\n")
    # The report's part: from its banner (or the top) down to the first marker; what follows is the returned message.
    end = next((i for i, line in enumerate(lines) if MARKER in line), None)
    if end is None:
        return None
    start = next((i for i, line in enumerate(lines[:end]) if BANNER in line), 0)
    failures = []
    for line in lines[start:end]:
        failure = failure_of(line)
        if failure is not None:
            failures.append(failure)
    return bounce(failures)


def failure_of(line: str) -> Failure | None:
    unknown = UNKNOWN_RE().match(line)
    failed = FAILED_RE().match(line) if unknown is None else None
    found = unknown or failed
    if found is None:
        return None
    name = found.group("quoted") or found.group("atom")
    if not name or any(ch.isspace() for ch in name):
        return None
    recipient = f"{name}@{found.group('host').rstrip('.')}"
    words = [line.strip()] if unknown else [found.group("reason").strip() or line.strip()]
    failure = failure_from_words(recipient, words)
    failure.evidence = [line.strip()]
    return failure
