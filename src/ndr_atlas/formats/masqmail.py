"""masqmail: its failure notice (``tpl/failmsg.tpl``, subject ``Mail Delivery Failure Notice``) and
its warning (``tpl/warnmsg.tpl``, subject ``Warning: could not yet send message``), sent by
``fail_msg.c`` from those templates. After ``This message was sent to you by the mailer daemon
(masqmail <version>)``, the heading ``Delivery to the following recipients failed permanently and
has been given up:`` (the warning: ``… has been defered:``) and one recipient a line, written as a
tab and the address; then ``This error message may give you a hint about what caused the
failure:`` (the warning: ``delay:``) and the error ``deliver.c`` formatted: ``while connected with
<host>, the server replied`` and the server's reply on a tab-indented line, ``could not open
connection to <host>:<port> :`` and the system's error (``Connection refused``, ``Unknown host``),
or a local delivery's error. The German and Italian templates keep these English lines in
parentheses under their own, so the same markers read them. A warning is sent for recipients still
queued: a delay, not a failure."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

FAILED_HEADING = "Delivery to the following recipients failed permanently"
DELAY_HEADING = "Delivery to the following recipients has been defered"
HINT = "This error message may give you a hint about what caused the"
# The lines after the error: the help line (English; German and Italian above it in their templates)
# and the line over the returned message or its headers.
ENDS = (
    "If you need help, write to",
    "Für weitere Hilfe, schreiben Sie an",
    "In caso ti serva aiuto scrivi a",
    "Your message follows attached",
    "The headers of your message follow attached",
)
RECIPIENT_RE = lazy_re(r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")
# deliver.c's err_fmt for a refusal and for a connection that could not be opened.
REPLIED_RE = lazy_re(r"^while connected with (?P<host>\S+), the server replied\s*$")
CONNECTION_RE = lazy_re(r"^could not open connection to (?P<host>[^\s:]+):\d+ :\s*$")


def recognise(source: Source) -> bool:
    text = source.text
    return (FAILED_HEADING in text or DELAY_HEADING in text) and HINT in text


def read(source: Source) -> Parsed | None:
    lines = [line.strip() for line in source.text.split("\n")]
    heading = next((i for i, line in enumerate(lines) if FAILED_HEADING in line or DELAY_HEADING in line), None)
    hint = next((i for i, line in enumerate(lines) if HINT in line and heading is not None and i > heading), None)
    if heading is None or hint is None:
        return None
    delayed = DELAY_HEADING in lines[heading]
    recipients = [m.group("addr") for m in map(RECIPIENT_RE().match, lines[heading + 1 : hint]) if m]
    # One error for all the recipients (the template prints it once): read once, not per recipient.
    error = failure_of(error_lines(lines[hint + 1 :]), delayed)
    failures = []
    for address in recipients:
        failure = error.for_recipient(address, error.context)
        failure.evidence = list(error.evidence)
        failures.append(failure)
    return bounce(failures)


def error_lines(lines: list[str]) -> list[str]:
    """The error under the hint: from after its ``failure:`` / ``delay:`` line up to the help line."""
    if lines and lines[0].rstrip(")").endswith(("failure:", "delay:")):
        lines = lines[1:]
    kept = []
    for line in lines:
        if line.lstrip("(").startswith(ENDS):
            break
        if line:
            kept.append(line)
    return kept


def failure_of(error: list[str], delayed: bool) -> Failure:
    """The failure the error states, its recipient not yet named."""
    replied = REPLIED_RE().match(error[0]) if error else None
    connection = CONNECTION_RE().match(error[0]) if error else None
    # A refusal: the server's reply is the diagnostic, the line above it names the server.
    failure = failure_from_words(None, error[1:] if replied and len(error) > 1 else error)
    named = replied or connection
    if named and named.group("host") != "<wrapper>":
        failure.remote_host = named.group("host")
    if connection:
        failure.command = "CONN"
    if delayed:
        failure.action = "delayed"
    return failure
