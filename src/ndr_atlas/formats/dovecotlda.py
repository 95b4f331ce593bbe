"""Dovecot's local delivery agent in a mail log: no report of its own, the lines ``deliver`` (Dovecot
1.x) or ``dovecot-lda`` (2.x, logged as ``lda``) writes for each mail it was handed, the user first:

    deliver(ann@example.org): msgid=<1@example.net>: save failed to INBOX: Quota exceeded (mailbox for user is full)
    deliver(ann@example.org): msgid=<1@example.net>: rejected: Quota exceeded (mailbox for user is full)

A mail it cannot save it either leaves to the MTA to retry (its exit code a temporary failure, only
"save failed" logged) or refuses for good, writing "rejected:" and the reason and sending the sender
a rejection itself: that line is the failure, its user the failed recipient (a local name when the
system's users receive, not an address). Dovecot 1.0 puts its own time and level after the user
("deliver(ann@example.org): Feb 10 17:33:45 Info: msgid=…: Rejected: …"), syslog its host and time
before. Backed by two of these logs pasted in public (a mail-log parser's test data, a pastebin of a
Dovecot 1.0 log) and a log analyser's rule for the same line ("deliver(…): msgid=<…>: rejected: Quota
exceeded (…)")."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, capped_evidence, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# "deliver(user)" or "lda(user)", Dovecot 2's process and session ids after it, then the message's id
# and the verdict; "rejected:" may be capitalised (Dovecot 1.0).
REJECTED_RE = lazy_re(
    r"\b(?:deliver|lda)\((?P<user>[^()\s]{1,320})\)(?:<[^<>\s]{0,64}>){0,2}:[^\n]{0,80}?\bmsgid=[^\n]{0,1000}?: "
    r"[Rr]ejected: (?P<why>[^\n]{1,1000})$",
    re.MULTILINE,
)
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    text = source.text
    return ("deliver(" in text or "lda(" in text) and "msgid=" in text and "ejected: " in text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    seen: set[str] = set()
    for line in REJECTED_RE().finditer(source.text):
        user = line.group("user")
        if user.lower() in seen or len(failures) >= MAX_FAILURES:
            continue
        seen.add(user.lower())
        failure = failure_from_words(user if ADDRESS_RE.fullmatch(user) else None, [line.group("why").strip()])
        failure.evidence = capped_evidence([" ".join(line.group(0).split())])
        failures.append(failure)
    return bounce(failures) if failures else None
