"""Stalwart's log lines for the delivery status notifications its queue sends, pasted alone:

    2024-09-20T10:38:44Z INFO DSN permanent failure notification (delivery.dsn-perm-fail) queueId = 1974…,
    from = "ann@example.com", to = ["bob@example.org"], size = 2238, total = 1, to = "bob@example.org",
    hostname = "mx.example.org", code = 550, details = "5.1.1 Mailbox does not exist", total = 64

Each event is logged as its description, its id in brackets and its fields as ``key = value``.
``delivery.dsn-perm-fail`` is the notice of a delivery that failed for good, ``delivery.dsn-temp-fail``
of one that is still retried (Stalwart's list of telemetry events: "DSN permanent failure
notification", "DSN temporary failure notification"). The message's recipients come first as a list
(``to = [...]``); the recipient the notice is about follows as a single string (``to = "…"``), then
the server that answered (``hostname``), its reply code (``code``) and its words or Stalwart's own
(``details``), the fields a webhook of the same events carries too. Backed by that list and by such
a line pasted in stalwartlabs/stalwart#777."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

PERMANENT = "(delivery.dsn-perm-fail)"
TEMPORARY = "(delivery.dsn-temp-fail)"
EVENT_RE = lazy_re(r"\(delivery\.dsn-(?P<kind>perm|temp)-fail\)(?P<fields>[^\n]{0,4000})")
RECIPIENT_RE = lazy_re(r"\bto = \"(?P<addr>" + ADDRESS_RE.pattern + r")\"")
HOST_RE = lazy_re(r"\bhostname = \"(?P<host>[^\"\s]{1,255})\"")
CODE_RE = lazy_re(r"\bcode = (?P<code>[2-5]\d\d)\b")
DETAILS_RE = lazy_re(r"\bdetails = \"(?P<said>(?:[^\"\\]|\\.){0,2000})\"", re.DOTALL)
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    return PERMANENT in source.text or TEMPORARY in source.text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for event in EVENT_RE().finditer(source.text):
        fields = event.group("fields")
        recipient = RECIPIENT_RE().search(fields)
        code = CODE_RE().search(fields)
        said = DETAILS_RE().search(fields)
        words = [part for part in (code.group("code") if code else "", said.group("said") if said else "") if part]
        failure = failure_from_words(recipient.group("addr") if recipient else None, [" ".join(words)])
        failure.reply = failure.reply or (code.group("code") if code else None)
        host = HOST_RE().search(fields)
        failure.remote_host = failure.remote_host or (host.group("host") if host else None)
        failure.evidence = [event.group(0).strip()]
        if event.group("kind") == "temp":
            failure.action = "delayed"  # the queue keeps the message and tries again
        failures.append(failure)
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(failures)
