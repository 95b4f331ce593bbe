"""Exchange Server's SMTP send protocol log (the ``SEND*.LOG`` files in the Transport service's
``ProtocolLog\\SmtpSend`` folder, "#Log-type: SMTP Send Protocol Log"): every line of every outgoing
SMTP session, one row each, the sessions of several connectors interleaved:

    #Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context
    2026-12-04T10:15:02.310Z,Outbound to Internet,08DD1A2B3C4D5E70,7,192.0.2.10:51000,203.0.113.5:25,>,RCPT TO:<bob@example.org>,
    2026-12-04T10:15:02.402Z,Outbound to Internet,08DD1A2B3C4D5E70,8,192.0.2.10:51000,203.0.113.5:25,<,550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown,

The event is ``>`` for a line Exchange sent, ``<`` for the server's reply, ``+``/``-`` for the
connection opening and closing, ``*`` for Exchange's own notes. No row says which recipient a reply
is about: the session does. Within a session (its ``session-id``) each reply answers the oldest
command still waiting, as Exchange pipelines MAIL FROM and RCPT TO and replies keep the order of
commands (RFC 2920, 3.1). A 4xx or 5xx reply to RCPT TO is about that recipient; one to the end of
the data (the reply after DATA's 354; the message itself is not logged) or to a BDAT chunk is about
every recipient the server accepted in that transaction; one to the greeting, EHLO or MAIL FROM
refuses the mail before any recipient. Exchange queues a message refused with 4xx and tries again:
such a row is a deferral."""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, column_key, data_rows, parse_time

NAME = "exchange-smtp-send"
TITLE = "Exchange Server SMTP send protocol log (ProtocolLog\\SmtpSend\\SEND*.LOG: #Fields: date-time,connector-id,session-id,…,event,data,context)"

# A command at the start of what Exchange sent: its verb, and RCPT TO's address.
COMMAND_RE = re.compile(r"(EHLO|HELO|STARTTLS|MAIL FROM|RCPT TO|DATA|BDAT|RSET|QUIT|AUTH|X-ANONYMOUSTLS|XEXCH50)\b", re.IGNORECASE)
RCPT_RE = re.compile(r"RCPT TO:\s*<([^<>\s]{1,320})>", re.IGNORECASE)
# Exchange writes a reply of several lines as one row ("250-mx.example.org Hello … PIPELINING CHUNKING").
REPLY_RE = re.compile(r"[2-5]\d\d(?=[ -]|$)")
# A refusal of these refuses the mail itself, not one recipient.
MAIL_REFUSED = ("CONNECT", "EHLO", "HELO", "MAIL FROM")
# Sessions open at once: far above a Transport service's outbound connections, so a log cut before
# the sessions end cannot grow it without bound.
MAX_SESSIONS = 5_000
# Commands waiting for their reply in one session: a pipelined group is a few dozen at most.
MAX_PENDING = 1_000


@dataclass
class Session:
    pending: deque[tuple[str, str | None]] = field(default_factory=deque)  # (command, its recipient)
    accepted: list[str] = field(default_factory=list)  # recipients accepted in this transaction


def sniff(head: list[str]) -> bool:
    for line in head[:20]:
        text = line.lstrip("\ufeff")
        if text.startswith("#Log-type: SMTP Send Protocol Log"):
            return True
        if text.startswith("#Fields: ") and "session-id" in text and "sequence-number" in text and "event-id" not in text:
            return "#Log-type: SMTP Receive" not in "".join(head[:20])
    return False


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    sessions: OrderedDict[str, Session] = OrderedDict()
    for number, row in data_rows(lines):
        event = row.get("event", "").strip()
        key = row.get(column_key("session-id"), "")
        if event == "+":
            sessions[key] = Session(pending=deque([("CONNECT", None)]))
            if len(sessions) > MAX_SESSIONS:
                sessions.popitem(last=False)
            continue
        if event == "-":
            sessions.pop(key, None)
            continue
        session = sessions.get(key)
        data = row.get("data", "").strip()
        if session is None or event not in ("<", ">") or not data:
            continue
        if event == ">":
            sent(session, data)
            continue
        reply = REPLY_RE.match(data)
        if reply is None or not session.pending:
            continue  # not a reply, or a reply to nothing this log holds
        command, recipient = session.pending.popleft()
        code = reply.group(0)
        if command == "DATA" and code == "354":
            session.pending.appendleft(("END OF DATA", None))  # the message itself is not logged
            continue
        if code[0] in "23":
            if command == "RCPT TO" and recipient:
                session.accepted.append(recipient)
            continue
        for failed in refused(command, recipient, session.accepted):
            yield failure(number, row, failed, data)


def sent(session: Session, data: str) -> None:
    command = COMMAND_RE.match(data)
    if command is None:
        return
    verb = " ".join(command.group(1).upper().split())
    if verb == "MAIL FROM":
        session.accepted = []  # a new transaction
    address = RCPT_RE.match(data) if verb == "RCPT TO" else None
    if len(session.pending) >= MAX_PENDING:
        session.pending.popleft()  # a session whose replies this log does not hold
    session.pending.append((verb, address.group(1) if address else None))


def refused(command: str, recipient: str | None, accepted: list[str]) -> list[str | None]:
    """Whom a refused command's reply is about; [] for a command whose refusal fails no delivery."""
    if command == "RCPT TO":
        return [recipient]
    if command in ("END OF DATA", "BDAT"):
        return [*accepted] or [None]
    if command in MAIL_REFUSED:
        return [None]
    return []


def failure(number: int, row: dict[str, str], recipient: str | None, data: str) -> LogEvent:
    reply, status = codes_in(data)
    remote = row.get(column_key("remote-endpoint"), "").strip()
    return LogEvent(
        line=number,
        time=parse_time(row.get(column_key("date-time"), "")),
        recipient=recipient,
        diagnostic=data,
        deferred=data[:1] == "4",
        status=status,
        reply=reply,
        remote_host=remote.rsplit(":", 1)[0].strip("[]") if remote else None,
        connector=row.get(column_key("connector-id")) or None,
    )
