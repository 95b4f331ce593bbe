"""nullmailer's delivery log (syslog, or nullmailer-send's own output when run by hand): a relay-only
MTA with a queue and no report of its own, so a refusal is known from two lines, its protocol
module's with the server's reply and nullmailer-send's verdict on the message:

    May  2 06:25:01 nas nullmailer[812]: smtp: Failed: 550 5.7.1 <root@nas>... sender blocked
    May  2 06:25:01 nas nullmailer[811]: Sending failed:  Permanent error in sending the message

A permanent error moves the message to the failed queue (nullmailer 2 says "Moving message … into
failed"); a temporary one ("Temporary error in sending the message") leaves it queued and retried.
The log names no recipient and no command: a sender refused (the usual case, "root@host" of a
machine with no domain) and a recipient refused read alike. Run by hand, nullmailer-send 2 prints
the envelope first ("From: <ann@example.com> to: <bob@example.org>"), which names the recipients.
Backed by nullmailer's logs pasted in public: forum threads of 2008 (a relay refusing to relay) and
2009 (Prodigy's and TPG's sender checks, one through KSystemLog's tab-separated view) and Chinese
notes on sending through 163.com with nullmailer-send 2."""

from __future__ import annotations

import re
from bisect import bisect_left

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, capped_evidence, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words, reply_code

FAILED_RE = lazy_re(r"\b(?:smtp|qmqp): Failed: (?P<reply>[45]\d\d[ -][^\n]{0,1000})$", re.MULTILINE)
VERDICT_RE = lazy_re(r"Sending failed:\s+(?P<kind>Permanent|Temporary) error in sending the message")
# nullmailer-send 2's envelope line: "From: <ann@example.com> to: <bob@example.org>" (several "to:").
ENVELOPE_RE = lazy_re(r"^From: <[^<>\n]{0,320}> to: (?P<to>[^\n]{1,4000})$", re.MULTILINE)
TO_RE = re.compile(r"<([^<>\s]{1,320})>")
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    text = source.text
    return "Failed: " in text and "error in sending the message" in text


def read(source: Source) -> Parsed | None:
    text = source.text
    failures: list[Failure] = []
    # Each list found once and looked up by position: a log of many errors costs a pass, not a
    # search of the rest of the text for each error.
    verdicts = list(VERDICT_RE().finditer(text))
    verdict_starts = [verdict.start() for verdict in verdicts]
    envelopes = list(ENVELOPE_RE().finditer(text)) if "> to: <" in text else []
    envelope_starts = [envelope.start() for envelope in envelopes]
    for error in FAILED_RE().finditer(text):
        if len(failures) >= MAX_FAILURES:
            break
        following = bisect_left(verdict_starts, error.end())
        if following == len(verdicts):
            break  # no verdict after this reply, nor after any later one: not nullmailer-send's failure
        verdict = verdicts[following]
        said = error.group("reply").strip()
        # The envelope printed last before this error is its message's.
        preceding = bisect_left(envelope_starts, error.start()) - 1
        recipients: list[str | None] = [None]
        if preceding >= 0:
            named = [to for to in TO_RE.findall(envelopes[preceding].group("to")) if ADDRESS_RE.fullmatch(to)]
            recipients = [*named] or [None]
        for recipient in recipients:
            failure = failure_from_words(recipient, [said])
            failure.reply = failure.reply or reply_code(said)
            if verdict.group("kind") == "Temporary":
                failure.action = "delayed"
            failure.evidence = capped_evidence([" ".join(error.group(0).split()), verdict.group(0)])
            failures.append(failure)
    return bounce(failures) if failures else None
