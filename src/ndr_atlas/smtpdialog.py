"""An SMTP client's commands paired with the server's replies, and whom a refusal is about: what a
session shows line by line when no report says who failed. Used by the reader of an SMTP session
pasted as it went (``formats.smtpsession``) and by the reader of Exchange's send protocol log
(``logs.exchange_protocol``); each reader finds the commands and replies in its own lines.

Each reply answers the oldest command still waiting for one (RFC 5321, 4.1; a client that pipelines
sends several and the replies keep their order, RFC 2920, 3.1). MAIL FROM and RSET start a new mail
transaction (RFC 5321, 3.3 and 4.1.1.5): the recipients accepted before are done with. A refusal of
RCPT TO is about its recipient; one of DATA, of the end of the data or of a BDAT chunk (RFC 3030) is
about every recipient the server accepted in that transaction, or names none when it accepted
none and refused none (when it refused every recipient, the refusal of DATA that a pipelining client
sent with them is their consequence, "554 5.5.1 no valid recipients", RFC 2920 3.1, and fails no one
more), and it ends the transaction; a refused greeting, EHLO or MAIL FROM refuses the mail before any recipient and names none.
A refusal of any other command (STARTTLS, AUTH, QUIT …) fails no delivery of its own."""

from __future__ import annotations

from collections import deque

# The reply to opening the connection (the greeting), and to the end of the data after DATA's 354:
# what the pairing waits for although the client sent no command line.
CONNECT = "CONNECT"
END_OF_DATA = "END OF DATA"
# Commands whose refusal refuses the mail itself, before or without any recipient.
MAIL_REFUSED = (CONNECT, "HELO", "EHLO", "LHLO", "MAIL FROM")
# Commands whose refusal is about every recipient accepted in the transaction.
DATA_REFUSED = ("DATA", END_OF_DATA, "BDAT")
# The refused command as Sisimai names it (its "command" of a failure): LMTP's LHLO is EHLO's place.
COMMAND_NAMES = {CONNECT: "CONN", "LHLO": "EHLO", "MAIL FROM": "MAIL", "RCPT TO": "RCPT", END_OF_DATA: "DATA", "BDAT": "DATA"}
# Commands waiting for their reply: a pipelined group is a few dozen at most, so more is a session
# whose replies the text does not hold (the oldest are let go).
MAX_PENDING = 1_000
# Recipients accepted in one transaction: servers must take 100 (RFC 5321, 4.5.3.1.8) and rarely take
# more than a thousand, so one refusal after the data stands for at most that many failures.
MAX_ACCEPTED = 1_000


class Dialog:
    """One session: the commands waiting for their reply, as (command, its recipient, its line),
    the recipients accepted in the current transaction and whether it refused one. (A plain class:
    ``dataclasses`` would import ``inspect`` at every start of the CLI.)"""

    __slots__ = ("accepted", "pending", "recipient_refused")

    def __init__(self, *waiting: str) -> None:
        self.pending: deque[tuple[str, str | None, str]] = deque((command, None, "") for command in waiting)
        self.accepted: list[str] = []
        self.recipient_refused = False

    def sent(self, command: str, recipient: str | None = None, line: str = "") -> None:
        """The client sent ``command`` (upper case, "MAIL FROM", "RCPT TO" with ``recipient``)."""
        if command in ("MAIL FROM", "RSET"):
            self.accepted, self.recipient_refused = [], False  # a new mail transaction
        if len(self.pending) >= MAX_PENDING:
            self.pending.popleft()
        self.pending.append((command, recipient, line))

    def answered(self, code: str) -> tuple[str, str | None, str] | None:
        """The command a reply with ``code`` answers, None when no command waits; a recipient whose
        RCPT TO the server accepts joins the transaction."""
        if not self.pending:
            return None
        command = self.pending.popleft()
        if command[0] == "RCPT TO":
            if code[:1] in ("2", "3") and command[1] and len(self.accepted) < MAX_ACCEPTED:
                self.accepted.append(command[1])
            elif code[:1] in ("4", "5"):
                self.recipient_refused = True
        return command

    def refused(self, command: str, recipient: str | None) -> list[str | None]:
        """Whom the refusal of ``command`` is about (None: the mail, no recipient named); [] for a
        command whose refusal fails no delivery."""
        if command == "RCPT TO":
            return [recipient]
        if command in DATA_REFUSED:
            failed: list[str | None] = [*self.accepted] or ([] if self.recipient_refused else [None])
            # The refusal ends the transaction (RFC 5321, 3.3; RFC 3030, 2: no chunk after a refused
            # one): its recipients fail once, not again at each refusal that follows before MAIL FROM.
            self.accepted, self.recipient_refused = [], True
            return failed
        if command in MAIL_REFUSED:
            return [None]
        return []


def command_name(command: str) -> str:
    """The refused command as a failure names it: "RCPT", "MAIL", "DATA", "CONN", "EHLO" …"""
    return COMMAND_NAMES.get(command, command)
