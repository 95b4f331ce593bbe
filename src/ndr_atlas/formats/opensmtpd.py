"""OpenSMTPD: the subject ``Delivery status notification: …``, the sender ``Mailer Daemon <…>`` and
a ``Received`` line ``(OpenSMTPD) with``; after ``This is the MAILER-DAEMON, please DO NOT REPLY to
this e-mail.`` each recipient as ``address: reply`` up to ``Below is a copy of the original
message:`` (smtpd's bounce.c writes these lines). Pasted alone, the notice is told by that sentence,
or, when the paste starts below it, by the first line of bounce.c's failure or delay heading."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import failure_from_words

START = "This is the MAILER-DAEMON, please DO NOT REPLY to this"
# bounce.c's notice_error and notice_warning, whose second line is "… list of recipients:".
ERROR_HEADING = "An error has occurred while attempting to deliver a message for"
DELAY_HEADING = "A message is delayed for more than"
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
# "Envelope expired" is the end of the retries (queue.c bounces the envelope when its expiry has
# passed), so it is a failure under the delay heading too (OpenSMTPD/OpenSMTPD#1133: "A message is
# delayed for more than 0 seconds …" then "…: Envelope expired").
EXPIRED = "Envelope expired"
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
    if not source.header("From"):  # its notice pasted alone: bounce.c's own sentences say whose it is
        return START in source.text or pasted_heading(source.text) is not None
    return (
        "Delivery status notification" in source.header("Subject")
        and "Mailer Daemon <" in source.header("From")
        and " (OpenSMTPD) with " in source.head
    )


def pasted_heading(text: str) -> str | None:
    """bounce.c's failure or delay heading, followed by its "list of recipients:" line."""
    for heading in (ERROR_HEADING, DELAY_HEADING):
        at = text.find(heading)
        if at >= 0 and "list of recipients:" in text[at : at + 200]:
            return heading
    return None


def read(source: Source) -> Parsed | None:
    start = START if START in source.text else pasted_heading(source.text)
    lines = None if start is None else marked_lines(source.text, start, ENDS, after_start=True)
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
    # "A message is delayed for more than …": a warning, the message stays queued, but for an envelope
    # whose lifetime has run out.
    if "is only a temporary failure report" in source.text or DELAY_HEADING in source.text:
        for failure in failures:
            if not failure.diagnostic.startswith(EXPIRED):
                failure.action = "delayed"
    return bounce(failures)
