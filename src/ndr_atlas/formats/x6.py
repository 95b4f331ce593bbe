"""An MTA family Sisimai calls "X6": the subject ``There was an error sending your mail``; after
``We had trouble delivering your message. Full details follow:`` each failure as ``SMTP Server
<host> rejected recipient <address>`` (the server's reply in brackets on the next line) or
``The following recipients returned permanent errors: <address>.``"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import failure_from_words

START = "We had trouble delivering your message. Full details follow:"
ENDS = ("The attachment contains the original mail headers",)
REJECTED_RE = lazy_re(r"^SMTP Server <(?P<host>[^<>\s]{1,253})> rejected recipient <(?P<addr>" + ADDRESS_RE.pattern + r")>")
PERMANENT_RE = lazy_re(r"^The following recipients returned permanent errors:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?")


def recognise(source: Source) -> bool:
    return source.header("Subject").startswith("There was an error sending your mail")


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, START, ENDS)
    if lines is None:
        return None
    failures = []
    for index, line in enumerate(lines):
        found = REJECTED_RE().match(line) or PERMANENT_RE().match(line)
        if found:
            failure = failure_from_words(found.group("addr"), [line, *lines[index + 1 : index + 3]])
            if "host" in found.groupdict():
                failure.remote_host = found.group("host")
            failures.append(failure)
    return bounce(failures)
