"""McAfee SaaS Email Protection (formerly MX Logic), an Exim-based relay: the headers
``X-MX-Bounce``, ``X-MXL-Hash`` or ``X-MXL-NoteHash``, Exim's opening ``This message was created
automatically by mail delivery software.``, and each failure as ``  <address>: <reply>`` with the
server's name on the indented lines under it (or Exim's ``  address`` with the error under it); no
``X-Failed-Recipients``. (Markers as Sisimai's
MXLogic module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_text
from ndr_atlas.formats.words import failure_from_words

START = "This message was created automatically by mail delivery software."
ORIGINAL_MARKERS = ("------ This is a copy of the message", "Included is a copy of the message header:")
# "  <address>: 550 …", or Exim's own "  address" with the error on the indented lines under it.
RECIPIENT_RE = lazy_re(r"^  (?:<(?P<addr>" + ADDRESS_RE.pattern + r")>: ?(?P<reply>.*)|(?P<bare>" + ADDRESS_RE.pattern + r"))$")
HEADERS = ("X-MX-Bounce", "X-MXL-Hash", "X-MXL-NoteHash")


def recognise(source: Source) -> bool:
    return any(source.header(name) for name in HEADERS)


def read(source: Source) -> Parsed | None:
    marked = marked_text(source.text, START, ORIGINAL_MARKERS)
    if marked is None:
        return None
    blocks: list[tuple[str, list[str]]] = []
    for line in marked.split("\n"):
        found = RECIPIENT_RE().match(line)
        if found:
            blocks.append((found.group("addr") or found.group("bare"), [found.group("reply") or ""]))
        elif blocks and line.startswith("    ") and line.strip():
            blocks[-1][1].append(line)  # the reply's continuation, or "host <name> [<address>]"
    failures = [failure_from_words(address, lines) for address, lines in blocks]
    return bounce(failures)
