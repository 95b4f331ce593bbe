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
commands (RFC 2920, 3.1). A 4xx or 5xx reply to RCPT TO is about that recipient; one to DATA, to the
end of the data (the reply after DATA's 354; the message itself is not logged) or to a BDAT chunk is
about every recipient the server accepted in that transaction (MAIL FROM or RSET starts the next);
one to the greeting, EHLO or MAIL FROM refuses the mail before any recipient. That pairing is
``ndr_atlas.smtpdialog``'s, which reads a pasted SMTP session too. Exchange queues a message refused
with 4xx and tries again: such a row is a deferral."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, column_key, data_rows, parse_time
from ndr_atlas.smtpdialog import CONNECT, END_OF_DATA, Dialog

NAME = "exchange-smtp-send"
TITLE = "Exchange Server SMTP send protocol log (ProtocolLog\\SmtpSend\\SEND*.LOG: #Fields: date-time,connector-id,session-id,…,event,data,context)"

# A command at the start of what Exchange sent: its verb, and RCPT TO's address.
COMMAND_RE = re.compile(r"(EHLO|HELO|STARTTLS|MAIL FROM|RCPT TO|DATA|BDAT|RSET|QUIT|AUTH|X-ANONYMOUSTLS|XEXCH50)\b", re.IGNORECASE)
RCPT_RE = re.compile(r"RCPT TO:\s*<([^<>\s]{1,320})>", re.IGNORECASE)
# Exchange writes a reply of several lines as one row ("250-mx.example.org Hello … PIPELINING CHUNKING").
REPLY_RE = re.compile(r"[2-5]\d\d(?=[ -]|$)")
# Sessions open at once: far above a Transport service's outbound connections, so a log cut before
# the sessions end cannot grow it without bound.
MAX_SESSIONS = 5_000


def sniff(head: list[str]) -> bool:
    for line in head[:20]:
        text = line.lstrip("\ufeff")
        if text.startswith("#Log-type: SMTP Send Protocol Log"):
            return True
        if text.startswith("#Fields: ") and "session-id" in text and "sequence-number" in text and "event-id" not in text:
            return "#Log-type: SMTP Receive" not in "".join(head[:20])
    return False


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    sessions: OrderedDict[str, Dialog] = OrderedDict()  # by session-id: its commands waiting, its recipients accepted
    for number, row in data_rows(lines):
        event = row.get("event", "").strip()
        key = row.get(column_key("session-id"), "")
        if event == "+":
            sessions[key] = Dialog(CONNECT)  # the greeting is the first reply
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
        answered = session.answered(reply.group(0)) if reply else None
        if reply is None or answered is None:
            continue  # not a reply, or a reply to nothing this log holds
        command, recipient, _ = answered
        code = reply.group(0)
        if command == "DATA" and code == "354":
            session.sent(END_OF_DATA)  # the message itself is not logged: the next reply is to its end
            continue
        if code[0] in "23":
            continue
        for failed in session.refused(command, recipient):
            yield failure(number, row, failed, data)


def sent(session: Dialog, data: str) -> None:
    command = COMMAND_RE.match(data)
    if command is None:
        return
    verb = " ".join(command.group(1).upper().split())
    address = RCPT_RE.match(data) if verb == "RCPT TO" else None
    session.sent(verb, address.group(1) if address else None)


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
