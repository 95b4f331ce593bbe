"""Lines of the transaction log of the IIS SMTP service (and of Exchange 2000/2003, built on it),
pasted when a message left no report. Delivering outbound, the service logs each command it sent
and each reply it got as records whose user name field is ``OutboundConnectionCommand`` or
``OutboundConnectionResponse``, in the log formats Microsoft documents for the SMTP service
("Log Formats", Windows Server 2003): the W3C extended format, its default (fields separated by
spaces, spaces inside a field written ``+``), and the IIS format (fields separated by commas)::

    2026-03-02 10:12:01 203.0.113.25 OutboundConnectionCommand SMTPSVC1 MAIL01 - 0 RCPT - TO:<bob@example.org> 0 0 4 0 310 SMTP - - - -
    2026-03-02 10:12:01 203.0.113.25 OutboundConnectionResponse SMTPSVC1 MAIL01 - 0 - - 550+5.1.1+User+unknown 0 0 21 0 330 SMTP - - - -
    203.0.113.25, OutboundConnectionResponse, 3/2/2026, 10:12:01, SMTPSVC1, MAIL01, -, 47, 0, 21, 0, 0, -, -, 550 5.1.1 User unknown,

A 4xx or 5xx reply is the failure of what the command logged before it from the same server asked
for: the recipient of a ``RCPT``, every recipient of the session not refused already after ``DATA``
or ``BDAT`` (the service pipelines, so not every command has its own reply line), none after
``MAIL`` or the greeting. The remote server is the record's client IP field. Seen in two public
pastes of such logs (W3C with a 550 5.7.60 after BDAT, IIS format)."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

COMMAND = "OutboundConnectionCommand"
RESPONSE = "OutboundConnectionResponse"
VERBS = {"HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "QUIT", "RSET", "STARTTLS", "AUTH", "XEXCH50", "TURN", "ETRN"}
RCPT_TO_RE = lazy_re(r"\bTO:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?", 0)
# A W3C field holding a reply with words: its spaces written "+" ("550+5.7.60+SMTP;+Client+…").
W3C_REPLY_RE = lazy_re(r"^[245]\d\d[+-]\S")
MAX_SESSIONS = 256
MAX_RECIPIENTS = 1000


class Session:
    """What one remote server was last asked, and the recipients of the message under way. (A plain
    class: ``dataclasses`` would import ``inspect`` at every start of the CLI.)"""

    def __init__(self) -> None:
        self.verb: str | None = None
        self.recipient: str | None = None
        self.recipients: list[str] = []
        self.refused: set[str] = set()


def recognise(source: Source) -> bool:
    return RESPONSE in source.text and COMMAND in source.text


def fields_of(line: str) -> tuple[str, str, str, str] | None:
    """(remote server, record kind, verb, argument or reply text) of one record, None for other lines."""
    if ", " + COMMAND + "," in line or ", " + RESPONSE + "," in line:
        # IIS format: client IP, kind, date, time, service, computer, server IP, time taken, bytes
        # received, bytes sent, status, Win32 status, operation, target, parameters (which may hold commas).
        parts = [part.strip() for part in line.split(",")]
        if len(parts) < 15:
            return None
        return parts[0], parts[1], parts[12].upper(), ",".join(parts[14:]).strip(" ,")
    tokens = line.split()
    kind_at = next((i for i, token in enumerate(tokens) if token in (COMMAND, RESPONSE)), None)
    if kind_at is None or kind_at == 0:
        return None
    after = tokens[kind_at + 1 : kind_at + 12]
    if tokens[kind_at] == COMMAND:
        at = next((i for i, token in enumerate(after) if token.upper() in VERBS), None)
        if at is None:
            return None
        argument = next((token for token in after[at + 1 :] if token != "-"), "")
        return tokens[kind_at - 1], COMMAND, after[at].upper(), argument.replace("+", " ")
    reply = next((token for token in after if W3C_REPLY_RE().match(token)), "")
    return tokens[kind_at - 1], RESPONSE, "", reply.replace("+", " ")


def read(source: Source) -> Parsed | None:
    sessions: dict[str, Session] = {}
    failures: list[Failure] = []
    for line in source.text.split("\n"):
        if "OutboundConnection" not in line:
            continue
        record = fields_of(line)
        if record is None:
            continue
        server, kind, verb, text = record
        session = sessions.get(server)
        if session is None:
            if len(sessions) >= MAX_SESSIONS:
                sessions.pop(next(iter(sessions)))
            session = sessions[server] = Session()
        if kind == COMMAND:
            session.verb = verb
            if verb == "MAIL":
                session.recipients, session.refused, session.recipient = [], set(), None
            elif verb == "RCPT":
                named = RCPT_TO_RE().search(text)
                session.recipient = named.group("addr") if named else None
                if session.recipient and len(session.recipients) < MAX_RECIPIENTS:
                    session.recipients.append(session.recipient)
            continue
        if not text or text[0] not in "45":
            continue
        failures.extend(failed(session, server, text, line.strip()))
    return bounce(failures)


def failed(session: Session, server: str, reply: str, line: str) -> list[Failure]:
    """The failures one refusing reply stands for, by what the server had last been asked."""
    if session.verb == "RCPT":
        who: list[str | None] = [session.recipient]
        if session.recipient:
            session.refused.add(session.recipient)
        command = "RCPT"
    elif session.verb in ("DATA", "BDAT"):
        who = [r for r in session.recipients if r not in session.refused] or [None]
        command = "DATA"
    else:
        who = [None]
        command = "MAIL" if session.verb == "MAIL" else "CONN" if session.verb in (None, "HELO", "EHLO") else session.verb
    found = []
    for recipient in who:
        failure = failure_from_words(recipient, [reply])
        failure.command = command
        failure.remote_host = server
        failure.action = "delayed" if reply.startswith("4") else "failed"
        failure.evidence = [line]
        found.append(failure)
    return found
