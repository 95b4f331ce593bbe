"""MailMarshal SMTP (Trustwave Secure Email Gateway): the subject ``Undeliverable Mail: "<subject>"``;
``Your message:`` with the original's sender and subject, the server's reply under ``Could not be
delivered because of``, the recipients indented under ``The following recipients were affected:``,
then ``Additional Information`` with ``Remote-MTA: <address>``. (Layout as Sisimai's
MailMarshalSMTP module records it.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

ERROR_HEADING = "Could not be delivered because of"
RECIPIENTS_HEADING = "The following recipients were affected:"
RECIPIENT_RE = lazy_re(r"^\s{2,}<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")
REMOTE_MTA_RE = lazy_re(r"^Remote-MTA:\s*<(?P<host>[^<>\s]{2,253})>")


def recognise(source: Source) -> bool:
    return source.header("Subject").startswith('Undeliverable Mail: "')


def read(source: Source) -> Parsed | None:
    lines = source.text.split("\n")
    try:
        error_at = next(i for i, line in enumerate(lines) if line.strip() == ERROR_HEADING)
        list_at = next(i for i, line in enumerate(lines) if line.strip() == RECIPIENTS_HEADING)
    except StopIteration:
        return None
    error = [line for line in lines[error_at + 1 : list_at] if line.strip()]
    remote = next((m.group("host") for m in (REMOTE_MTA_RE().match(line) for line in lines[list_at:]) if m), None)
    failures = []
    for line in lines[list_at + 1 :]:
        found = RECIPIENT_RE().match(line)
        if found:
            failure = failure_from_words(found.group("addr"), error)
            failure.remote_host = failure.remote_host or remote
            failures.append(failure)
        elif failures and line.strip():
            break
    return bounce(failures)
