"""DragonFly Mail Agent (dma): the subject ``Mail delivery failed`` and a ``Received`` line ``(DragonFly
Mail Agent``; after ``This is the DragonFly Mail Agent <version> at <host>.`` each failure as
``There was an error delivering your mail to <address>.`` followed by dma's error, e.g. ``<host>
[<ip>] did not like our RCPT TO:`` and the server's reply, up to ``Original message follows.``
(dma's mail.c and net.c write these lines)."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_text
from ndr_atlas.formats.words import failure_from_words, recipient_blocks

START = "This is the DragonFly Mail Agent "
RECIPIENT_SENTENCE = "There was an error delivering your mail to <"
ENDS = ("Original message follows.", "Message headers follow")
RECIPIENT_RE = lazy_re("^" + RECIPIENT_SENTENCE + r"(?P<addr>" + ADDRESS_RE.pattern + r")>")
DID_NOT_LIKE_RE = lazy_re(r"^(?P<host>[A-Za-z0-9.-]{1,253}) \[(?P<ip>[0-9A-Fa-f.:]{2,45})\] did not like our ")


def recognise(source: Source) -> bool:
    # dma's Received line, and its subject or, when a relay stripped the subject, its own first line.
    if " (DragonFly Mail Agent" not in source.head:
        # Pasted without its headers (or forwarded without its Received line): its own first line and its
        # sentence for the failed recipient, as bounce() in mail.c writes them one after the other.
        return START in source.text and RECIPIENT_SENTENCE in source.text
    return "Mail delivery failed" in source.header("Subject") or START in source.text


def read(source: Source) -> Parsed | None:
    marked = marked_text(source.text, START, ENDS)
    if marked is None:
        return None
    lines = marked.split("\n")
    failures = []
    for address, below in recipient_blocks(lines, RECIPIENT_RE()):
        block = [line for line in below if line.strip()]
        failure = failure_from_words(address, block)
        host = next((m.group("host") for m in (DID_NOT_LIKE_RE().match(line) for line in block) if m), None)
        failure.remote_host = host or failure.remote_host
        failures.append(failure)
    return bounce(failures)
