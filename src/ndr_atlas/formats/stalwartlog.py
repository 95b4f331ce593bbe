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
from collections.abc import Iterator

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


class DsnEvent:
    """What one DSN event says: the recipient it is about, the server's reply code and its words
    (``code`` and ``details`` as one text), the server, whether the queue still retries, and the
    event's own text. ``logs.stalwart`` reads Stalwart's log files with it too. (A plain class:
    ``dataclasses`` would import ``inspect`` at every start of the CLI.)"""

    __slots__ = ("delayed", "host", "recipient", "reply", "text", "words")

    def __init__(self, event: re.Match[str]) -> None:
        fields = event.group("fields")
        recipient = RECIPIENT_RE().search(fields)
        code = CODE_RE().search(fields)
        said = DETAILS_RE().search(fields)
        host = HOST_RE().search(fields)
        self.recipient = recipient.group("addr") if recipient else None
        self.reply = code.group("code") if code else None
        self.words = " ".join(part for part in (self.reply, said.group("said") if said else None) if part)
        self.host = host.group("host") if host else None
        self.delayed = event.group("kind") == "temp"
        self.text = event.group(0).strip()


def dsn_events(text: str) -> Iterator[DsnEvent]:
    """The DSN events of a text, in order."""
    return (DsnEvent(event) for event in EVENT_RE().finditer(text))


def recognise(source: Source) -> bool:
    return PERMANENT in source.text or TEMPORARY in source.text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for event in dsn_events(source.text):
        failure = failure_from_words(event.recipient, [event.words])
        failure.reply = failure.reply or event.reply
        failure.remote_host = failure.remote_host or event.host
        failure.evidence = [event.text]
        if event.delayed:
            failure.action = "delayed"  # the queue keeps the message and tries again
        failures.append(failure)
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(failures)
