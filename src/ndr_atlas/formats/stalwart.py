"""Stalwart Mail Server: the text of the report its queue writes (``crates/smtp/src/queue/dsn.rs``),
pasted without its delivery-status part (with it, rfc3464 reads the fields first). One opening
sentence says what the report is (``Your message could not be delivered to the following
recipients:``, ``There was a temporary problem delivering your message to the following
recipients:``, ``Your message could not be delivered to some recipients:`` with the sections
``----- There was a temporary problem delivering to these addresses -----`` and ``----- Delivery to
the following addresses failed -----``), then one line a recipient: ``<bob@example.org> (host
'mx.example.org' rejected command 'RCPT TO:<bob@example.org>' with code 550 (5.1.1) 'reply')``
(``rejected transaction`` when no command is named; ``(0.0.0)`` when the server gave no enhanced
code), or Stalwart's own words in the brackets (``failed to lookup 'example.org': …``, ``connection
to 'mx' failed: …``, ``TLS error from 'mx': …``, ``rate limited`` …). A report of deliveries (``Your message has been successfully delivered …``,
or the delivered section of a partial one) names its recipients with ``delivered to '<host>'``."""

from __future__ import annotations

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Address, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.words import failure_from_words

# The opening sentences and section rules, cut where a mail program wrapping at 72 columns leaves
# them whole (the delay rule is 82 characters long). The first releases (stalwartlabs/smtp-server,
# src/queue/dsn.rs) worded the delay "There has been a delay delivering your message to the following
# recipients:" and its rule "----- There has been a delay delivering to these addresses -----", and
# spelt the delivered rule "was succesful".
FAILED = ("Your message could not be delivered to the following recipients", "----- Delivery to the following addresses failed")
DELAYED = (
    "There was a temporary problem delivering your message",
    "----- There was a temporary problem delivering",
    "There has been a delay delivering your message",
    "----- There has been a delay delivering",
)
DELIVERED = (
    "Your message has been successfully delivered",
    "----- Delivery to the following addresses was successful",
    "----- Delivery to the following addresses was succesful",
)
OPENINGS = (
    FAILED[0],
    DELAYED[0],
    DELAYED[2],
    DELIVERED[0],
    "Your message could not be delivered to some recipients",
    "Your message has been partially delivered",
)
WRAPPED_LINES = 5  # continuation lines joined to a wrapped recipient line, at most
LINE_RE = lazy_re(r"^<(?P<addr>" + ADDRESS_RE.pattern + r")> \((?P<what>.{1,2000})\)\s*$")
REPLY_RE = lazy_re(
    r"^host '(?P<host>[^'\s]{1,255})' rejected (?:command '(?P<command>[^']{1,400})'|transaction) "
    r"with code (?P<reply>[2-5]\d\d) \((?P<status>\d\.\d{1,3}\.\d{1,3})\) '(?P<said>.*)'$"
)


def recognise(source: Source) -> bool:
    return any(opening in source.text for opening in OPENINGS)


def read(source: Source) -> Parsed | None:
    failures = []
    delivered = []
    action: str | None = None
    for stripped in joined_lines(source.text.split("\n")):
        if stripped.startswith(FAILED):
            action = "failed"
        elif stripped.startswith(DELAYED):
            action = "delayed"
        elif stripped.startswith(DELIVERED):
            action = "delivered"
        elif action is not None and (found := LINE_RE().match(stripped)):
            if action == "delivered":
                delivered.append(Address(found.group("addr"), action=action))
                continue
            failure = recipient_failure(found.group("addr"), found.group("what"))
            failure.action = action
            failures.append(failure)
    if failures:
        return Parsed("bounce", failures, delivered)
    return Parsed("delivered", [], delivered) if delivered else None


def joined_lines(lines: list[str]) -> list[str]:
    """The stripped lines, a recipient's line that a mail program wrapped joined again up to its
    closing bracket (a few lines at most)."""
    joined: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if line.startswith("<") and " (" in line and not line.endswith(")"):
            for more in lines[index : index + WRAPPED_LINES]:
                if not more.strip():
                    break
                line += " " + more.strip()
                index += 1
                if line.endswith(")"):
                    break
        joined.append(line)
    return joined


def recipient_failure(address: str, what: str) -> Failure:
    """One recipient's words: the remote server's reply with its code and status, or Stalwart's own."""
    replied = REPLY_RE().match(what)
    if replied is None:
        return failure_from_words(address, [what])
    failure = failure_from_words(address, [replied.group("said")])
    failure.reply = replied.group("reply")
    status = replied.group("status")
    if not status.startswith("0") and status[0] == failure.reply[0]:  # "(0.0.0)": the server gave none
        failure.status = normalise_status(status)
    failure.remote_host = replied.group("host")
    command = replied.group("command")
    if command:
        failure.command = command.split(":", 1)[0].split()[0].upper()
    failure.evidence = [f"<{address}> ({what})"]
    return failure
