"""OpenSMTPD's log of its outgoing deliveries (smtpd's mta.c, ``mta_log``): one line for each
attempt on an envelope, with its result and the server's reply (or smtpd's own error) as ``stat``.
Releases up to 5.x write

    relay: PermFail for 6430369adcce4408: session=…, from=<ann@example.com>, to=<bob@example.org>, rcpt=<->, source=…, relay=…, delay=0s, stat=550 Invalid recipient

and 6.x and later write

    … mta delivery evpid=6430369adcce4408 from=<ann@example.com> to=<bob@example.org> rcpt=<-> source="…" relay="…" delay=1s result="PermFail" stat="550 5.1.1 …"

and a delivery to a local mailbox (mda.c's ``mda_log``) writes the same fields without the quotes:

    … mda delivery evpid=f9293a5cb336a379 from=<ann@example.com> to=<bob@example.org> rcpt=<bob@example.org> user=bob delay=40s result=TempFail stat=Error (…)

``PermFail`` is a failure, ``TempFail`` an attempt the queue makes again (a delay); ``Ok`` lines are
deliveries and are not read. A record pasted into an issue is often broken over several lines (the
tracker's width, or the admin's own "lines wrapped for clarity": OpenSMTPD/OpenSMTPD#195, #1276): the
lines under a record's start are joined to it up to its ``stat=``. ``to`` is the envelope's recipient (``rcpt`` the one it was first
addressed to, ``<->`` when there is none). Admins paste these lines when no bounce is at hand
(OpenSMTPD/OpenSMTPD#541 quotes a PermFail, #546 a TempFail).

The delivery line does not say which command the reply answered. When the paste also holds the
refusing smtpd's own line for the session (smtp_session.c logs each refused command with its reply:
``smtp-in: Failed command on session …: "RCPT TO:<bob@example.org>" => 550 …`` in the debug log up to
5.x, ``… smtp failed-command command="RCPT TO:<bob@example.org> " result="550 …"`` after), as #541 and
#546 both show for a relay through a local filter, an RCPT TO for the same recipient with the same
reply code names the refused command."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, MAX_TEXT_CHARS, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# Each result as the two layouts print it, and whether it leaves the envelope in the queue.
RESULTS = {
    "relay: PermFail for ": False,
    "relay: TempFail for ": True,
    'result="PermFail"': False,
    'result="TempFail"': True,
    "result=PermFail": False,
    "result=TempFail": True,
}
# Where a record starts: every line of a record broken over several lines is joined to it.
RECORD_START_RE = lazy_re(r"\brelay: (?:Ok|PermFail|TempFail) for\b| m[dt]a delivery evpid=")
MAX_RECORD_LINES = 6
TO_RE = lazy_re(r"\bto=<(" + ADDRESS_RE.pattern + r")>")
# smtpd's line for a refused RCPT TO in either layout, cheap to rule out by its literal first.
FAILED_COMMAND_MARKERS = ("Failed command on session ", "smtp failed-command command=")
FAILED_RCPT_RE = lazy_re(
    r'(?:Failed command on session [0-9a-fA-F]{1,16}: "|failed-command command=")[Rr][Cc][Pp][Tt] [Tt][Oo]: ?<('
    + ADDRESS_RE.pattern
    + r')>[^"]{0,300}"(?: => |\s{1,10}result=")([45]\d\d)\b'
)
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    text = source.raw  # "relay: …" reads like a header field when the paste opens with it
    return "to=<" in text and "stat=" in text and any(marker in text for marker in RESULTS)


def read(source: Source) -> Parsed | None:
    failures: dict[str, Failure] = {}
    text = source.log_lines[:MAX_TEXT_CHARS]  # not a returned original that quotes these lines
    for line in records(text.split("\n")):
        marker = next((marker for marker in RESULTS if marker in line), None)
        to = TO_RE().search(line) if marker is not None else None
        if marker is None or to is None:
            continue
        failure = failure_from_words(to.group(1), [stat_of(line, quoted=marker.endswith('"'))])
        failure.evidence = [line.strip()]
        if RESULTS[marker]:
            failure.action = "delayed"
        failures[to.group(1).lower()] = failure  # a later attempt says more than an earlier one
        if len(failures) >= MAX_FAILURES:
            break
    if any(marker in text for marker in FAILED_COMMAND_MARKERS):
        name_refused_rcpt(text, failures)
    return bounce(list(failures.values()))


def name_refused_rcpt(text: str, failures: dict[str, Failure]) -> None:
    """RCPT for a failure whose recipient the paste shows refused at RCPT TO with the same reply code."""
    for refused in FAILED_RCPT_RE().finditer(text):
        failure = failures.get(refused.group(1).lower())
        if failure is not None and failure.command is None and failure.reply == refused.group(2):
            failure.command = "RCPT"


def records(lines: list[str]) -> list[str]:
    """The lines, each record broken over several lines joined back into one: a line that starts no
    record goes on the record above it until that record has reached its ``stat=``."""
    joined: list[str] = []
    parts = 0  # lines joined into the record still open (0: none open)
    for line in lines:
        if parts and line.strip() and parts < MAX_RECORD_LINES and RECORD_START_RE().search(line) is None:
            joined[-1] = joined[-1].rstrip() + " " + line.strip()
            parts += 1
        else:
            joined.append(line)
            parts = 1 if RECORD_START_RE().search(line) is not None else 0
        if parts and "stat=" in joined[-1]:
            parts = 0
    return joined


def stat_of(line: str, quoted: bool) -> str:
    """The line's last field: the reply or error, in quotes in the later layout."""
    stat = line.rpartition("stat=")[2].strip()
    return stat[1:-1] if quoted and len(stat) > 1 and stat[0] == stat[-1] == '"' else stat
