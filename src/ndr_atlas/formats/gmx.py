"""GMX and mail.com (an ``X-GMX-Antispam`` header): after ``This message was created automatically by
mail delivery software.`` each recipient as ``"address":`` (or ``<address>``), then ``SMTP error from
remote server after RCPT command:``, ``host: <server>`` and the reply, or ``Reason:`` and the reason
on the next line; the original after ``--- The header of the original message is following. ---``.
Markers as Sisimai's GMX module records them."""

from __future__ import annotations

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import blocks_under, failure_from_words

START = "This message was created automatically by mail delivery software"
ENDS = ("--- The header of the original message is following. ---",)
RECIPIENT_RE = lazy_re(r"^(?:\"(?P<quoted>" + ADDRESS_RE.pattern + r")\"|<(?P<angled>" + ADDRESS_RE.pattern + r")>):?\s*$")
HOST_RE = lazy_re(r"^host:\s*(?P<host>[A-Za-z0-9.-]{1,253})")
# GMX quotes the remote server's status without its reply code: "5.1.1 <address>... User Unknown".
LEADING_STATUS_RE = lazy_re(r"^(?P<status>[245]\.\d{1,3}\.\d{1,3})\s")


def recognise(source: Source) -> bool:
    return bool(source.header("X-GMX-Antispam"))


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, START, ENDS)
    if lines is None:
        return None
    found = [(m.group("quoted") or m.group("angled"), i) for i, m in enumerate(RECIPIENT_RE().match(line) for line in lines) if m]
    failures = []
    for address, below in blocks_under(lines, found):
        block = [line for line in below if line and line != "Reason:"]
        failure = failure_from_words(address, block)
        host = next((m.group("host") for m in (HOST_RE().match(line) for line in block) if m), None)
        failure.remote_host = host or failure.remote_host
        stated = next((m.group("status") for m in (LEADING_STATUS_RE().match(line) for line in block) if m), None)
        failure.status = failure.status or (normalise_status(stated) if stated else None)
        failures.append(failure)
    return bounce(failures)
