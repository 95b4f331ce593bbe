"""Postfix's queue listing, pasted (``mailq``, ``postqueue -p``): under the heading ``-Queue ID-
--Size-- ----Arrival Time---- -Sender/Recipient-------`` each message queued, as its queue id (``*``
after it when active, ``!`` when held), size, arrival time and sender, then, when the last attempt
failed, the reason in parentheses, then the recipients still to deliver, indented. postqueue(1) says
so: every message listed is still in the queue, so each reason is a delivery being retried.

The heading is often missing from a paste: ``mailq | tail`` and ``mailq | head`` (as guides tell
admins to run it) cut it off, and a monitoring plugin's sample output starts at the first entry. A
text that opens with an entry line (queue id, size, arrival time, sender) followed by its
parenthesised reason is the same listing."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

HEADING = "-Queue ID-"
HEADING_RE = lazy_re(r"^-Queue ID-\s+--Size--\s+-+Arrival Time-+\s+-Sender/Recipient-+$")
# "4F1A2B3C9D*   18231 Thu Mar  5 09:14:02  sender@example.com" (short hex ids, or long ids).
ENTRY_RE = lazy_re(r"^[0-9A-Za-z]{6,20}[*!]?\s+\d+\s+[A-Z][a-z]{2}\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d\d:\d\d:\d\d\s+\S*\s*$")
RECIPIENT_RE = lazy_re(r"^\s+<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")
# A reason may wrap over a few lines; no more are taken before its closing parenthesis.
REASON_LINES = 6


def recognise(source: Source) -> bool:
    if source.header("From"):
        return False
    text = source.text
    return HEADING in text or headless_start(text.lstrip("\n").split("\n", 2)) is not None


def headless_start(lines: list[str]) -> int | None:
    """-1 when the text opens with an entry line and its reason (a listing pasted without its
    heading), so that reading starts at its first line; None otherwise."""
    if len(lines) < 2 or not lines[1].startswith("(") or not ENTRY_RE().match(lines[0]):
        return None
    return -1


def read(source: Source) -> Parsed | None:
    lines = source.text.lstrip("\n").split("\n")
    start = next((i for i, line in enumerate(lines) if HEADING_RE().match(line.strip())), None)
    if start is None:
        start = headless_start(lines)
    if start is None:
        return None
    failures: list[Failure] = []
    reason: list[str] = []
    recipients: list[str] = []

    def close_entry() -> None:
        if reason:
            named: list[str | None] = list(recipients) or [None]  # a listing copied without its recipient lines
            for address in named:
                failure = failure_from_words(address, [" ".join(reason).strip("() ")])
                failure.action = "delayed"
                failures.append(failure)
        reason.clear()
        recipients.clear()

    in_reason = False
    for line in lines[start + 1 :]:
        if ENTRY_RE().match(line):
            close_entry()
            in_reason = False
        elif line.startswith("(") and not reason:
            reason.append(line.strip())
            in_reason = not line.rstrip().endswith(")")
        elif in_reason and len(reason) < REASON_LINES:
            reason.append(line.strip())
            in_reason = not line.rstrip().endswith(")")
        else:
            found = RECIPIENT_RE().match(line)
            if found:
                recipients.append(found.group("addr"))
    close_entry()
    return bounce(failures)
