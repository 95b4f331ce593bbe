"""IBM (Lotus) Domino: the subject ``DELIVERY FAILURE: …``; ``Your message … was not delivered
to:`` then the address indented on a line of its own, and the reason under ``because:`` (layout as
Sisimai's Domino module records it). Without the subject (the report's text pasted from the Notes
client, or quoted in a forward) the two lines of that layout are enough."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

ADDRESS_ALONE_RE = lazy_re(r"^\s+<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")


def recognise(source: Source) -> bool:
    if source.header("Subject").startswith("DELIVERY FAILURE:"):
        return True
    text = source.text
    return "\nwas not delivered to:" in text and "\nbecause:" in text


def read(source: Source) -> Parsed | None:
    lines = before_marker(source.text, ("Content-Type: message/rfc822",)).split("\n")
    failures = []
    address: str | None = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "was not delivered to:":
            address = None
        elif address is None and ADDRESS_ALONE_RE().match(line):
            address = ADDRESS_ALONE_RE().match(line).group("addr")  # type: ignore[union-attr]
        elif stripped == "because:" and address:
            reason = next((text.strip() for text in lines[index + 1 :] if text.strip()), "")
            failures.append(failure_from_words(address, [reason]))
            address = None
    return bounce(failures)
