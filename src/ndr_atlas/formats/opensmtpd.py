"""OpenSMTPD: the subject ``Delivery status notification: …``, the sender ``Mailer Daemon <…>`` and
a ``Received`` line ``(OpenSMTPD) with``; after ``This is the MAILER-DAEMON, please DO NOT REPLY to
this e-mail.`` each recipient as ``address: reply`` up to ``Below is a copy of the original
message:`` (smtpd's bounce.c writes these lines). Pasted alone, the notice is told by that sentence."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import failure_from_words

START = "This is the MAILER-DAEMON, please DO NOT REPLY to this"
ENDS = ("Below is a copy of the original message:",)
# bounce.c's notice_success and notice_relay: the same layout says the message went through.
DELIVERED = {
    "Your message was successfully delivered to these recipients.": "delivered",
    "Your message was relayed to these recipients.": "relayed",
}
RECIPIENT_RE = lazy_re(r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?:\s+(?P<reply>\S.*)$")
# The error texts smtpd sets on an envelope that failed (queue.c "Envelope expired"; mta.c's relay
# failures "Invalid domain name", "Domain does not exist", "No MX found for domain", "Network error on
# destination MXs", "Destination seem to reject all mails", "Could not retrieve credentials"). OpenSMTPD
# 5.7 put such failures under the success heading (OpenSMTPD/OpenSMTPD#687: "Your message was
# successfully delivered to these recipients." then "…: Envelope expired"): the line, not the heading, says.
FAILED_TEXTS = (
    "Envelope expired",
    "Invalid domain name",
    "Domain does not exist",
    "No MX found for domain",
    "Network error on destination MXs",
    "Destination seem to reject all mails",
    "Could not retrieve credentials",
)


def recognise(source: Source) -> bool:
    if not source.header("From"):  # its notice pasted alone: bounce.c's own sentence says whose it is
        return START in source.text
    return (
        "Delivery status notification" in source.header("Subject")
        and "Mailer Daemon <" in source.header("From")
        and " (OpenSMTPD) with " in source.head
    )


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, START, ENDS, after_start=True)
    if lines is None:
        return None
    done = next((action for notice, action in DELIVERED.items() if notice in lines), None)
    failed = [m for m in map(RECIPIENT_RE().match, lines) if m and m.group("reply").strip().startswith(FAILED_TEXTS)]
    if done is not None and failed:
        return bounce([failure_from_words(m.group("addr"), [m.group("reply")]) for m in failed])
    if done is not None:
        addresses = [Address(m.group("addr"), action=done) for m in map(RECIPIENT_RE().match, lines) if m]
        return Parsed("delivered", [], addresses)
    failures = []
    for line in lines:
        found = RECIPIENT_RE().match(line)
        if found:
            failures.append(failure_from_words(found.group("addr"), [found.group("reply")]))
    # "A message is delayed for more than …": a warning, the message stays queued.
    if "is only a temporary failure report" in source.text:
        for failure in failures:
            failure.action = "delayed"
    return bounce(failures)
