"""The DragonFly Mail Agent's (dma) syslog lines, pasted: what its queue logged about a delivery.

dma names each queued message's delivery in the syslog tag (``setlogident``): ``dma[QUEUEID]`` while
the message is queued, ``dma[QUEUEID.RCPTID]`` (a pid may follow in brackets) for one recipient's
delivery, whose first line names that recipient (dma.c, ``deliver``; mail.c logs the same id first):

    dma[1c3f9.2a0b]: <ann@example.org> trying delivery
    dma[1c3f9.2a0b]: trying remote delivery to mx.example.org [192.0.2.7] pref 10
    dma[1c3f9.2a0b]: remote delivery to mx.example.org [192.0.2.7] failed after RCPT TO: 550 5.1.1 …
    dma[1c3f9.2a0b]: delivery failed, bouncing as 1c3fa

net.c's ``READ_REMOTE_CHECK`` writes the server's refusal of a command ("connect", "MAIL FROM",
"RCPT TO", "DATA", "final DATA"): a 5xx reply as ``remote delivery to HOST [ADDR] failed after CMD:
REPLY`` (the delivery failed for good: dma bounces), any other as ``remote delivery deferred: HOST
[ADDR] failed after CMD: REPLY`` (dma tries again). Older releases (``expect_response``) wrote
``remote delivery failed after CMD: REPLY`` and ``remote delivery deferred: failed after CMD:
REPLY`` (a 500 or 502), the server named by the tag's ``trying remote delivery to HOST [ADDR]``
line. A later ``<addr> delivery successful`` of the same tag ends a deferred delivery.

Lines pasted in a GitHub issue's blockquote (``> `` before each) or a code span are read the same:
the tag is found anywhere in its line. Backed by dma's source (corecode/dma: dma.c, mail.c, net.c,
util.c) and by such logs pasted in corecode/dma#143 and msimerson/Mail-Toaster-6#608."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import refused_reply

MARKER = " dma["
ATTEMPT = "remote delivery to"
# The tag and the message of one of dma's lines: dma[QUEUEID.RCPTID] or dma[QUEUEID.RCPTID][PID].
LINE_RE = lazy_re(r"\bdma\[(?P<tag>[0-9A-Za-z]{1,40}(?:\.[0-9A-Za-z]{1,40})?)\](?:\[\d{1,10}\])?: (?P<said>[^\n]{0,4000})")
TRYING_RE = lazy_re(r"<(?P<addr>" + ADDRESS_RE.pattern + r")> trying delivery")
QUEUED_RE = lazy_re(r"mail to=<(?P<addr>" + ADDRESS_RE.pattern + r")> queued as (?P<tag>[0-9A-Za-z]{1,40}\.[0-9A-Za-z]{1,40})")
SERVER_RE = lazy_re(r"trying remote delivery to (?P<host>[^\s\[\]]{1,255}) \[(?P<ip>[0-9A-Fa-f.:]{2,45})\]")
# net.c's refusal of a command, the current wording and the older one.
REFUSED_RE = lazy_re(
    r"remote delivery (?:to (?P<host>[^\s\[\]]{1,255}) \[[0-9A-Fa-f.:]{2,45}\] |(?P<deferred>deferred: )"
    r"(?:(?P<deferred_host>[^\s\[\]]{1,255}) \[[0-9A-Fa-f.:]{2,45}\] )?)?failed after (?P<command>[A-Za-z][A-Za-z ]{0,19}): "
    r"(?P<reply>[^\n]{1,2000})"
)
COMMANDS = {"connect": "CONN", "MAIL FROM": "MAIL", "RCPT TO": "RCPT", "DATA": "DATA", "final DATA": "DATA"}
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    text = source.log_lines
    return MARKER in text and ATTEMPT in text


class Delivery:
    """One recipient's delivery (one tag): its recipient, the server last tried, its last failure,
    whether it ended delivered."""

    __slots__ = ("delivered", "failure", "host", "recipient")

    def __init__(self) -> None:
        self.recipient: str | None = None
        self.host: str | None = None
        self.failure: Failure | None = None
        self.delivered = False


def read(source: Source) -> Parsed | None:
    deliveries: dict[str, Delivery] = {}
    for line in source.log_lines.split("\n"):
        found = LINE_RE().search(line) if "dma[" in line else None
        if found is None:
            continue
        said = found.group("said")
        queued = QUEUED_RE().match(said) if said.startswith("mail to=<") else None
        if queued is not None:  # mail.c names the recipient's delivery id when it queues the mail
            deliveries.setdefault(queued.group("tag"), Delivery()).recipient = queued.group("addr")
            continue
        delivery = deliveries.setdefault(found.group("tag"), Delivery())
        if said.endswith("trying delivery"):
            trying = TRYING_RE().match(said)
            delivery.recipient = trying.group("addr") if trying else delivery.recipient
        elif said.startswith("trying remote delivery to "):
            server = SERVER_RE().match(said)
            delivery.host = server.group("host") if server else delivery.host
        elif said.startswith("remote delivery "):
            refused = REFUSED_RE().match(said)
            if refused is not None:
                delivery.failure = failure_of(refused, delivery.host, line)
                delivery.delivered = False
        elif said.endswith("delivery successful"):
            delivery.delivered = True
        if len(deliveries) > 4 * MAX_FAILURES:
            break
    failures: list[Failure] = []
    for delivery in deliveries.values():
        if delivery.failure is None or delivery.delivered or delivery.recipient is None:
            continue
        delivery.failure.recipient = delivery.recipient
        failures.append(delivery.failure)
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(failures)


def failure_of(refused: re.Match[str], host: str | None, line: str) -> Failure:
    """The failure one refusal line logs: the reply, the command it answered, the server, a delay
    when dma defers the delivery (any reply but a 5xx)."""
    reply = refused.group("reply").strip()
    failure = refused_reply(None, [reply], COMMANDS.get(refused.group("command").strip()))
    failure.remote_host = refused.group("host") or refused.group("deferred_host") or host or failure.remote_host
    failure.evidence = [line.strip().lstrip(">` \t").rstrip("` \t")]
    if refused.group("deferred") is not None:
        failure.action = "delayed"  # dma keeps the message and tries again
    else:
        failure.final = True  # dma's own verdict: it bounces the message
    return failure
