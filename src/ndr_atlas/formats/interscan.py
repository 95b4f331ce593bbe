"""Trend Micro InterScan Messaging Security Suite and Trend Micro's hosted Email Security: from
``"InterScan MSS"`` or ``"InterScan Notification"``, or with the subject ``Mail could not be
delivered`` (or its Japanese forms); the session as ``Sent <<< RCPT TO:<address>`` and ``Received
>>> 550 5.1.1 …`` lines, or (the hosted service) ``Unable to deliver message to <address>`` with the
server's ``Received >>>`` reply, if any, below it. (Markers as Sisimai's TrendMicro module records
them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.words import failure_from_words

SUBJECTS = ("Mail could not be delivered", "メッセージを配信できません。", "メール配信に失敗しました")
SENT_RE = lazy_re(r"^\s*Sent\s+<<<\s+(?P<command>[A-Z]{4})\b.*<(?P<addr>" + ADDRESS_RE.pattern + r")>")
RECEIVED_RE = lazy_re(r"^\s*Received\s+>>>\s+(?P<reply>[45]\d\d\s.+)$")
UNABLE_RE = lazy_re(r"^\s*Unable to deliver (?:the )?message to <(?P<addr>" + ADDRESS_RE.pattern + r")>")
SENDERS = ('"InterScan MSS"', '"InterScan Notification"')


def recognise(source: Source) -> bool:
    return source.header("From").startswith(SENDERS) or source.header("Subject").strip() in SUBJECTS


def read(source: Source) -> Parsed | None:
    failures: dict[str, Failure] = {}
    current: tuple[str, str] | None = None  # (address, command) of the last command sent
    unable: dict[str, str] = {}  # the hosted service's "Unable to deliver message to <address>" lines
    for line in source.text.split("\n"):
        sent = SENT_RE().match(line) or UNABLE_RE().match(line)
        if sent:
            current = (sent.group("addr"), sent.groupdict().get("command") or "")
            if "command" not in sent.groupdict():
                unable.setdefault(current[0], line)
            continue
        said = RECEIVED_RE().match(line)
        if said and current and current[0].lower() not in failures:
            failure = failure_from_words(current[0], [said.group("reply")])
            failure.command = {"RCPT": "RCPT", "MAIL": "MAIL", "DATA": "DATA"}.get(current[1], failure.command)
            failures[current[0].lower()] = failure
    for address, line in unable.items():  # no reply under it: the notice's own words
        failures.setdefault(address.lower(), failure_from_words(address, [line]))
    return Parsed("bounce", list(failures.values())) if failures else None
