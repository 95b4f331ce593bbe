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
        return bounce(failures)
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
        error = []
        for more in lines[index + 1 :]:
            if not more.startswith((" ", "\t")) or not more.strip():
                break
            error.append(more)
        failure = failure_from_words(found.group("addr"), error)
        # chasquid gave up on a recipient it kept retrying: its words say why the error is final.
        failure.context = line if found.group("how").startswith("repeatedly") else ""
        failures.append(failure)
    return failures
