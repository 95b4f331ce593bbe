"""Digital Arts m-FILTER: ``X-Mailer: m-FILTER`` and the subject ``failure notice`` (or, without
it, the ``-------server message`` rule). The failed
address alone on a line, the server's reply under ``-------server message`` and the refused
command under ``-------SMTP command``; the original after ``-------original message``."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import ADDRESS_LINE_RE, before_marker, failure_from_words

ENDS = ("-------original message", "-------original mail info")
SERVER_MARKER = "-------server message"
COMMAND_MARKER = "-------SMTP command"
COMMANDS = {"RCPT": "RCPT", "MAIL": "MAIL", "DATA": "DATA", "HELO": "HELO", "EHLO": "EHLO", "CONN": "CONN"}


def recognise(source: Source) -> bool:
    # Its X-Mailer, and its subject or, when a relay stripped the subject, its own section rule.
    if source.header("X-Mailer").strip() != "m-FILTER":
        return False
    return source.header("Subject").strip() == "failure notice" or SERVER_MARKER in source.text


def read(source: Source) -> Parsed | None:
    lines = [line.strip() for line in before_marker(source.text, ENDS).split("\n")]
    addresses = [m.group("addr") for m in (ADDRESS_LINE_RE().match(line) for line in lines) if m]
    said = following(lines, SERVER_MARKER)
    command = following(lines, COMMAND_MARKER)
    failures = []
    for address in dict.fromkeys(addresses):
        failure = failure_from_words(address, [said] if said else [])
        named = COMMANDS.get(command.split()[0].upper()) if command else None
        failure.command = named or failure.command
        if failure.recipient is None and ADDRESS_RE.search(said):
            failure.recipient = ADDRESS_RE.search(said).group(0)  # type: ignore[union-attr]
        failures.append(failure)
    return bounce(failures)


def following(lines: list[str], marker: str) -> str:
    """The first non-empty line under a marker line."""
    if marker not in lines:
        return ""
    return next((line for line in lines[lines.index(marker) + 1 :] if line), "")
