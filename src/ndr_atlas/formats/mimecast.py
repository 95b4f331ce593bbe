"""Mimecast's own notices: the subject ``[Postmaster] Email Delivery Failure`` (or a Message-Id at
``….mimecast.lan``); each line of the report that matters starts with ``-- ``: an address alone is a
failed recipient, any other such line is the reason for the recipient above it ("Recipient email
address is possibly incorrect", then the server's reply, often a status code without a reply code:
``-- 5.1.1 <address>: Recipient address rejected …``). (Markers as Sisimai's Mimecast module records
them.)"""

from __future__ import annotations

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

RECIPIENT_RE = lazy_re(r"^-- <?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")
STATUS_FIRST_RE = lazy_re(r"^(?P<status>[245]\.\d{1,3}\.\d{1,3})\s")


def recognise(source: Source) -> bool:
    return "Email Delivery Failure" in source.header("Subject") or source.header("Message-Id").rstrip().endswith(".mimecast.lan>")


def read(source: Source) -> Parsed | None:
    blocks: list[tuple[str, list[str]]] = []
    for line in source.text.split("\n"):
        if not line.startswith("-- "):
            continue
        found = RECIPIENT_RE().match(line.rstrip())
        if found:
            blocks.append((found.group("addr"), []))
        elif blocks:
            blocks[-1][1].append(line[3:].strip())
    failures = []
    for address, reasons in blocks:
        failure = failure_from_words(address, reasons)
        stated = next((m for m in (STATUS_FIRST_RE().match(r) for r in reasons) if m), None)
        if failure.status is None and stated:
            failure.status = normalise_status(stated.group("status"))
        failures.append(failure)
    return bounce(failures)
