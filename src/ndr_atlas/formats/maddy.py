"""maddy (foxcpp/maddy): the text part of its report (``internal/dsn/dsn.go``, ``failedText`` and
``writeHumanReadablePart``), pasted without its delivery-status part (with it, rfc3464 reads the
fields first): ``This is the mail delivery system at <host>.``, a fixed paragraph, ``Message ID:`` /
``Arrival:`` / ``Last delivery attempt:``, then one line a recipient, ``Delivery to <address> failed
with error: <error>``. The error is the remote server's reply as go-smtp's SMTPError prints it
(``SMTP error 550: <text>``: the reply code without the enhanced code, which only the delivery-status
part keeps; older versions print the text alone) or a Go error of maddy's own (``dial tcp
192.0.2.1:25: connect: connection refused``), always on that one line."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

BANNER = "This is the mail delivery system at "
SMTP_ERROR_RE = lazy_re(r"^SMTP error (?P<reply>[2-5]\d\d)(?:: (?P<said>.*))?$")
LINE_RE = lazy_re(r"^Delivery to <?(?P<addr>" + ADDRESS_RE.pattern + r")>? failed with error: (?P<error>.{1,4000})$")


def recognise(source: Source) -> bool:
    text = source.text
    return BANNER in text and " failed with error: " in text


def read(source: Source) -> Parsed | None:
    failures = []
    for found in map(LINE_RE().match, (line.strip() for line in source.text.split("\n"))):
        if found is None:
            continue
        error = found.group("error")
        replied = SMTP_ERROR_RE().match(error)
        words = (replied.group("said") or "") if replied else error
        failure = failure_from_words(found.group("addr"), [words])
        if replied:
            failure.reply = failure.reply or replied.group("reply")
            failure.evidence = [found.group(0)]
        failures.append(failure)
    return bounce(failures)
