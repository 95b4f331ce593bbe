"""Apache James's DSNBounce mailet (``server/mailet/mailets/…/DSNBounce.java``) as text, without its
delivery-status part (a paste, a copy forwarded inline): its ``messageString`` (``Hi. This is the
James mail server at … I include the list of recipients and the reason why I was unable to deliver
your message.``), an optional ``Original email subject:`` line, then ``Failed recipient(s):`` with one
address a line, a blank line, and ``Error message:`` with the one error of all of them (the remote
server's reply, multi-line replies with their ``550-`` prefixes). With its message/delivery-status
part rfc3464 reads it first; the older Bounce mailet's ``Error message below:`` is james.py's."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

RECIPIENTS = "Failed recipient(s):"
ERROR = "Error message:"
ADDRESS_LINE_RE = lazy_re(r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")


def recognise(source: Source) -> bool:
    text = source.text
    return RECIPIENTS in text and ERROR in text


def read(source: Source) -> Parsed | None:
    lines = source.text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == RECIPIENTS)
        error_at = next(i for i, line in enumerate(lines) if i > start and line.strip() == ERROR)
    except StopIteration:
        return None
    recipients = [found.group("addr") for found in map(ADDRESS_LINE_RE().match, lines[start + 1 : error_at]) if found]
    # The error runs to the first blank line after it (the original message or the DSN part comes next).
    error: list[str] = []
    for line in lines[error_at + 1 :]:
        if not line.strip():
            if error:
                break
            continue
        error.append(line)
    return bounce([failure_from_words(address, error) for address in dict.fromkeys(recipients)])
