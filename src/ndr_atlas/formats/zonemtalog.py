"""ZoneMTA's log of its outgoing deliveries (zone-eu/zone-mta, ``lib/sender.js``,
``handleSenderError``): one line for each attempt that did not deliver, with the bounce category
ZoneMTA gave the server's reply (``config/bounces.txt``: ``network``, ``dns``, ``blacklist``,
``rate`` …) in brackets, and the reply itself in parentheses at the end of the line:

    … 1984e8a65b30004db0.001 DEFERRED[network] from=ann@example.com to=bob@example.org src=192.0.2.1 mx=mx.example.org[198.51.100.7] id=<…> (554 …)
    … 158e0fdcc80000ab4b.001 REJECTED[rate] from=ann@example.com to=bob@example.org mx=mx.example.org (421 …)

``mx`` names the server as ``name[address]`` once ZoneMTA reached one, and only the recipient's domain
when it did not (a DNS failure). ``DEFERRED`` is an attempt the queue makes again (a delay, whatever the reply's class: the rule of
``bounces.txt`` that matched the reply decides, and some defer a 5xx, as the one for a Spamcop listing);
``REJECTED`` is the end of the delivery, and the bounce ZoneMTA sends the sender follows. ``to`` is the
envelope's recipient; older releases print the same fields without ``src`` and ``id``. Admins
paste these lines when no bounce is at hand (zone-eu/zone-mta#53 quotes a REJECTED line, #406 and #447
DEFERRED ones, Mailtrain-org/mailtrain#297 two DEFERRED[dns] lines)."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, MAX_TEXT_CHARS, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# The verdict and the category, then the fields: "DEFERRED[network] from=…".
VERDICT_RE = lazy_re(r"\b(DEFERRED|REJECTED)\[[A-Za-z0-9_-]{0,40}\] from=")
RECIPIENT_RE = lazy_re(r"^(" + ADDRESS_RE.pattern + r")$")
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    text = source.raw  # the line reads like a header field when the paste opens with it
    return ("DEFERRED[" in text or "REJECTED[" in text) and " to=" in text and " mx=" in text


def read(source: Source) -> Parsed | None:
    failures: dict[str, Failure] = {}
    text = source.log_lines  # an attached message is ndr_atlas.forwarded's
    for line in text[:MAX_TEXT_CHARS].split("\n"):
        attempt = attempt_of(line)
        if attempt is None:
            continue
        failure = failure_from_words(attempt.recipient, [attempt.reply])
        failure.evidence = [line.strip()]
        if failure.remote_host is None:
            failure.remote_host = attempt.host
        if attempt.deferred:
            failure.action = "delayed"
        else:
            # ZoneMTA's own verdict: the delivery ended, a 4xx reply too (the last one when its retries
            # ran out, or a deferral it gave up at once), and the bounce to the sender follows.
            failure.final = True
        failures[attempt.recipient.lower()] = failure  # a later attempt says more than an earlier one
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(list(failures.values()))


class Attempt:
    """What one ``DEFERRED``/``REJECTED`` line says: the recipient (``to``), the reply in the closing
    parentheses, the server when ``mx`` names one as ``name[address]``, and whether the queue tries
    again. ``logs.zonemta`` reads ZoneMTA's log files with it too. (A plain class, as
    formats.stalwartlog's DsnEvent.)"""

    __slots__ = ("deferred", "host", "recipient", "reply")

    def __init__(self, recipient: str, reply: str, host: str | None, deferred: bool) -> None:
        self.recipient = recipient
        self.reply = reply
        self.host = host
        self.deferred = deferred


def attempt_of(line: str) -> Attempt | None:
    """The attempt a log line reports, if it names its recipient and the reply."""
    verdict = VERDICT_RE().search(line)
    if verdict is None:
        return None
    fields, _, said = line[verdict.end() :].partition(" (")
    to = next((field[3:] for field in fields.split(" ") if field.startswith("to=")), "")
    mx = next((field[3:] for field in fields.split(" ") if field.startswith("mx=")), "")
    recipient = RECIPIENT_RE().match(to)
    if recipient is None or not said:
        return None
    reply = said.rstrip()
    reply = reply[:-1] if reply.endswith(")") else reply  # the parenthesis that closes the line
    host = (mx.partition("[")[0] or None) if "[" in mx else None  # "name[address]" once connected, else the domain
    return Attempt(recipient.group(1), reply, host, verdict.group(1) == "DEFERRED")
