"""chasquid (albertito/chasquid): the report its queue writes from the template in
``internal/queue/dsn.go``. Its Message-ID is ``<chasquid-dsn-…@host>``, its sender
``postmaster-dsn@host``. Under ``Delivery to the following recipient(s) failed permanently:`` (newer:
``Delivery of your message to …``) it lists the addresses the sender wrote, then under ``Technical
details`` each final recipient as ``- "bob@example.org" (EMAIL) failed permanently with error:``
(older: ``failed with error:``; a recipient still queued when the message expired: ``failed
repeatedly and timed out, last error:``), the error on the lines under it, each indented by four
spaces (a multi-line reply keeps its ``5.7.1`` continuation lines). Newer versions add a
``message/global-delivery-status`` part whose Status is always ``5.0.0`` (``4.0.0`` for the timed-out
ones) and whose Diagnostic-Code repeats the error: its fields give the recipients, the blocks of the
text what each server said. Read here because the generic reading of the text pairs each error with
the wrong address."""

from __future__ import annotations

from ndr_atlas.formats import rfc3464
from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, enrich, failure_from_words

HEADINGS = (
    "Delivery to the following recipient(s) failed permanently:",
    "Delivery of your message to the following recipient(s) failed permanently:",
)
ENDS = ("----- Original message -----",)
# `- "bob@example.org" (EMAIL) failed permanently with error:` and its two other wordings.
RECIPIENT_RE = lazy_re(
    r'^- "(?P<addr>' + ADDRESS_RE.pattern + r')" \([A-Z]{1,10}\) failed '
    r"(?P<how>permanently with error|with error|repeatedly and timed out, last error):\s*$"
)
# `- "/usr/bin/ticket-import" (PIPE) failed permanently with error:`: the quoted part is a command.
PIPE_RE = lazy_re(r'^- "(?P<command>[^"\n]{1,500})" \(PIPE\) failed (?:permanently with error|with error):\s*$')
PIPE_WRAPPED_LINES = 2  # continuation lines joined to a wrapped PIPE line, at most
LISTED_RE = lazy_re(r"^\s{0,4}- (?P<addr>" + ADDRESS_RE.pattern + r")\s*$")


def recognise(source: Source) -> bool:
    # A mail by its headers (this reader comes before the DSN reader: no text is worked out for
    # other mail); a paste, with no headers, by its heading.
    if source.header("From"):
        return "<chasquid-dsn-" in source.header("Message-ID") or "postmaster-dsn@" in source.header("From")
    return any(heading in source.text for heading in HEADINGS)


def read(source: Source) -> Parsed | None:
    lines = before_marker(source.text, ENDS).split("\n")
    from_text = detail_failures(lines)
    failures = rfc3464.failures_from_dsn(source.message)[0] if source.message is not None else []
    if failures:
        by_recipient = {(failure.recipient or "").lower(): failure for failure in from_text}
        for failure in failures:
            extra = by_recipient.get((failure.recipient or "").lower())
            if extra is not None:
                enrich(failure, extra)
        # Each DSN group by the command its Final-Recipient gives, looked up once per PIPE line.
        by_command: dict[tuple[str, ...], list[Failure]] = {}
        for failure in failures:
            words = final_recipient(failure)
            if words:
                by_command.setdefault(words, []).append(failure)
        for command, line, error in pipe_details(lines) if by_command else []:
            for failure in by_command.get(tuple(command.split()), []):
                failure.context = line
                failure.diagnostic = failure.diagnostic or " ".join(error)
        return bounce(failures)
    pipes = pipe_details(lines)
    if pipes:
        # The text alone: an address the sender wrote that no EMAIL detail names went to the command.
        named = {(failure.recipient or "").lower() for failure in from_text}
        listed = [found.group("addr") for found in map(LISTED_RE().match, lines) if found]
        left = [address for address in listed if address.lower() not in named]
        if len(left) == 1:
            _, line, error = pipes[0]
            failure = failure_from_words(left[0], error)
            failure.context = line
            from_text.append(failure)
    if not from_text:
        # Only the list of addresses was pasted: the failures stand, their errors not given.
        from_text = [failure_from_words(found.group("addr"), []) for found in map(LISTED_RE().match, lines) if found]
    return bounce(from_text)


def detail_failures(lines: list[str]) -> list[Failure]:
    """Each ``- "address" (TYPE) failed …:`` line of the technical details, with its indented error."""
    failures = []
    for index, line in enumerate(lines):
        found = RECIPIENT_RE().match(line)
        if found is None:
            continue
        failure = failure_from_words(found.group("addr"), indented_under(lines, index + 1))
        # chasquid gave up on a recipient it kept retrying: its words say why the error is final.
        failure.context = line if found.group("how").startswith("repeatedly") else ""
        failures.append(failure)
    return failures


def pipe_details(lines: list[str]) -> list[tuple[str, str, list[str]]]:
    """Each ``- "command" (PIPE) failed …:`` line of the technical details: the command, the line and
    the indented error under it."""
    details = []
    for index, line in enumerate(lines):
        found = PIPE_RE().match(line)
        # A mail program that wraps at 72 columns breaks a long command's line: it is joined again.
        taken = 1
        while found is None and line.startswith('- "') and taken <= PIPE_WRAPPED_LINES and index + taken < len(lines):
            line = line + " " + lines[index + taken].strip()
            taken += 1
            found = PIPE_RE().match(line)
        if found is None:
            continue
        error = [more.strip() for more in indented_under(lines, index + taken)]
        details.append((found.group("command"), line, error))
    return details


def indented_under(lines: list[str], start: int) -> list[str]:
    """The indented lines from ``start`` on, up to the first blank or unindented one: a detail's
    error. (Walked by index: a copy of the rest of the text for each detail line would make a text
    of many details cost the square of its length.)"""
    error = []
    for index in range(start, len(lines)):
        more = lines[index]
        if not more.startswith((" ", "\t")) or not more.strip():
            break
        error.append(more)
    return error


def final_recipient(failure: Failure) -> tuple[str, ...]:
    """The words of the Final-Recipient the failure's DSN group gave ("utf-8; /usr/bin/x -y"), or ()."""
    for line in failure.evidence:
        field, _, value = line.partition(":")
        if field.strip().lower() == "final-recipient":
            return tuple(value.partition(";")[2].split())
    return ()
