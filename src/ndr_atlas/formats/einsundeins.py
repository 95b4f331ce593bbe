"""1&1 (IONOS) mail servers: the sender ``"Mail Delivery System"`` and the subject ``Mail delivery
failed: returning message to sender``; after ``This message was created automatically by mail
delivery software`` the failed address alone on its line, then ``For the following reason:`` (newer servers:
``Reason:``) and 1&1's words (or, from the older servers, ``SMTP error from remote server for TEXT command, host: …
reason: …``), up to ``--- The header of the original message is following. ---``. (Markers as
Sisimai's EinsUndEins module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import failure_from_words, recipient_blocks

START = "This message was created automatically by mail delivery software"
ENDS = ("--- The header of the original message is following. ---",)
ADDRESS_ALONE_RE = lazy_re(r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?:?\s*$")
REASON_LABELS = ("For the following reason:", "Reason:")
HOST_RE = lazy_re(r"\bhost:\s+(?P<host>[A-Za-z0-9.-]{1,253})")


def recognise(source: Source) -> bool:
    by_headers = (
        source.header("From").startswith('"Mail Delivery System"')
        and source.header("Subject").strip() == "Mail delivery failed: returning message to sender"
    )
    # A paste has no headers; the line above the original's headers is 1&1's alone.
    return by_headers or (ENDS[0] in source.text and START in source.text)


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, START, ENDS, after_start=True)
    if lines is None:
        return None
    found = recipient_blocks(lines, ADDRESS_ALONE_RE())
    blocks = [[line for line in below if line and line not in REASON_LABELS] for _, below in found]
    # Several addresses listed together share the reason printed after the last of them.
    shared = next((block for block in reversed(blocks) if block), [])
    failures = []
    for (address, _), block in zip(found, blocks, strict=True):
        block = block or shared
        failure = failure_from_words(address, block)
        host = next((m.group("host") for m in (HOST_RE().search(line) for line in block) if m), None)
        failure.remote_host = host or failure.remote_host
        failures.append(failure)
    return bounce(failures)
