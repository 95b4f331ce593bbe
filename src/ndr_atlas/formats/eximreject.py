"""Exim's own refusal of a recipient, as its main log and reject log write it (the Exim
specification, chapter "Log files": a rejected RCPT command is logged with the client's host, the
sender and the recipient, then the message the ACL gave):

    2026-12-04 10:15:02 H=mx.example.net [192.0.2.7] F=<ann@example.net> rejected RCPT <bob@example.org>: relay not permitted
    2026-12-04 10:15:09 H=(client.example) [192.0.2.8] F=<> temporarily rejected RCPT <eva@example.org>: greylisted

Admins paste these lines when mail sent to their own server bounces, alone or among other log
lines, so no report heading comes with them. The reply code Exim sent is not logged (the ACL's
message is), so a failure states none; "temporarily rejected" is the 4xx refusal, a delay. A paste
may wrap the message onto the next line (quoted with "> " in mail). Backed by the specification
and by such lines pasted in issue threads and mailing lists (maxking/docker-mailman#341
"Unrouteable address", an exim4 relay refusal "relay not permitted", "Sender verify failed")."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

MARKER = "rejected RCPT <"
# "[temporarily ]rejected RCPT <address>: message"; the message may be cut off or on the next line.
LINE_RE = lazy_re(r"\b(?P<temp>temporarily )?rejected RCPT <(?P<addr>" + ADDRESS_RE.pattern + r")>:?[ \t]*(?P<said>[^\n]{0,2000})")
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    return MARKER in source.text


def read(source: Source) -> Parsed | None:
    text = source.text
    failures: dict[str, Failure] = {}
    for found in LINE_RE().finditer(text):
        address = found.group("addr")
        if address.lower() in failures:
            continue  # the main log and the reject log both hold the line
        said = found.group("said").strip() or next_line(text, found.end())
        failure = failure_from_words(address, [said])
        failure.command = failure.command or "RCPT"
        if found.group("temp"):
            failure.action = "delayed"
        # The logged line is the evidence; it is kept whole as the diagnostic too, or the scanner
        # would read its words joined after the message ("… address" + "rejected RCPT …").
        line = f"{found.group(0).strip()} {said}" if not found.group("said").strip() else found.group(0).strip()
        failure.diagnostic = line
        failure.evidence = [line]
        failures[address.lower()] = failure
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(list(failures.values()))


def next_line(text: str, end: int) -> str:
    """The line after a logged refusal that ends at its colon: its message, wrapped by the paste."""
    following = text[end : end + 2000].lstrip("\n").split("\n", 1)[0]
    return following.lstrip("> \t")
