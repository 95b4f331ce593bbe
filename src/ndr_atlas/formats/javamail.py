"""JavaMail's SMTP errors (javax.mail, Jakarta Mail's com.sun.mail, Angus Mail's org.eclipse.angus.mail)
as Java applications log them: no report, an exception whose message is the server's whole reply,
chained under the SendFailedException the send threw:

    javax.mail.SendFailedException: Invalid Addresses;
      nested exception is:
        com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <bob@example.org>... User unknown

JavaMail's SMTPTransport builds them so (its source, mail/src/main/java/com/sun/mail/smtp/
SMTPTransport.java): ``rcptTo()`` sends "RCPT TO:<address>" for each recipient and, for every reply
that is not 250 or 251, chains ``new SMTPAddressFailedException(ia, cmd, retCode,
lastServerResponse)`` — the exception's message is the reply as read (``readServerResponse`` keeps
every line of a multi-line reply, each with its code, joined by a line break); ``issueSendCommand``
throws ``SMTPSendFailedException(cmd, ret, lastServerResponse, …)`` when the server refuses DATA or
the end of the data. MessagingException prints its chain with ";\\n  nested exception is:\\n\\t" between
the exceptions, so one SMTPAddressFailedException stands for each refused recipient. Spring's
MailSendException ("Failed messages: …") and logs that write the line breaks as "\\n" carry the same
text. For an address refused the recipient is the address the reply names and the command RCPT; a send
refused is the message's data (or, in JavaMail before SMTPSenderFailedException, MAIL FROM), and an
address its reply names is no recipient (the sender's, at MAIL FROM).

When MAIL FROM is refused, ``mailFrom()`` catches the SMTPSendFailedException of ``issueSendCommand``
and, for the codes that say the address is bad (550, 553, 503, 551, 501), chains an
``SMTPSenderFailedException`` for the sender's address with the same reply under it (the API's
documentation: "the message cannot be sent … includes the sender's address, which the mail server
rejected"); the trace then runs through ``SMTPTransport.mailFrom``. Either says the command was MAIL
FROM, not the data: one failure, with no recipient (Angus Mail's "SMTPSendFailedException: 501 5.1.7
Invalid address" at ``mailFrom``, then "Caused by: …SMTPSenderFailedException", in a Spring Boot
application's debug log).

Only a reply with no enhanced status and no cue word before its code ("SMTPAddressFailedException:
554 RCPT (bob@example.org) dosn't exist", a Coremail refusal logged by a Spring application) goes
unread by the scanner of lines; the exception names the code, the command and the failure outright.
Backed by JavaMail's source and by application logs and notes in several projects (a SQL dump of a
Spring application's mail log, a Java service's comment quoting 163.com's refusal, Spring Boot
projects' notes of Angus Mail's exception).

Two refusals come before any message is named, and the SMTPTransport source words them so: when AUTH
fails (its reply is not 235) the authenticator throws ``new AuthenticationFailedException(
getLastServerResponse())``, the server's reply whole ("javax.mail.AuthenticationFailedException: 535
5.7.8 Username and Password not accepted", Spring's MailAuthenticationException around it, logback's
"j.m." for the package); and when the greeting is not 220, ``openServer`` throws a MessagingException
of its own words with the reply code alone: "Could not connect to SMTP host: <host>, port: <port>,
response: <code>" (the code -1 when the server said nothing: no reply, no failure read). Neither names a
recipient: the addresses of the paste are the account's and the sender's."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, capped_evidence, lazy_re, unescaped_breaks
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import rcpt_reply_address, refused_reply

MARKERS = (
    "SMTPAddressFailedException",
    "SMTPSendFailedException",
    "SMTPSenderFailedException",
    "mail.AuthenticationFailedException",
    "j.m.AuthenticationFailedException",
    "Could not connect to SMTP host: ",
)
# The exception and the first line of the reply it carries: its code, then text, a dash of a
# multi-line reply, or nothing (a reply wrapped after its codes by whoever logged it). The reply
# runs to the line's end with no cap on its length: before "$", a cap was a filter, and a longer
# line (a long reply, a JSON log line) was not read at all (as phpmailer's, 781aa69). Searched in
# one line, and once the code matched, "[^\n]*$" cannot fail: one pass over the line.
EXCEPTION_RE = lazy_re(
    r"\bSMTP(?P<kind>AddressFailed|SendFailed|SenderFailed)Exception:[ \t]*(?P<code>[45]\d\d)(?P<rest>(?:[ -][^\n]*)?)$", 0
)
# AUTH refused: the exception carries the server's reply whole (javax.mail or jakarta.mail, logback's "j.m.").
AUTH_RE = lazy_re(r"(?:\bmail|\bj\.m)\.AuthenticationFailedException:[ \t]*(?P<code>[45]\d\d)(?P<rest>(?:[ -][^\n]*)?)$", 0)
# The greeting refused: openServer's own words and the reply code alone.
GREETING_RE = lazy_re(r"Could not connect to SMTP host: (?P<host>[^\s,]{1,255}), port: \d{1,5}, response: (?P<code>[45]\d\d)\b")
# The next line of a multi-line reply: the same code, a dash or a blank (RFC 5321, 4.2.1).
NEXT_LINE_RE = lazy_re(r"[ \t]*(?P<code>[45]\d\d)(?P<sep>[ -])(?P<text>[^\n]*)$")
# A stack frame or the next exception of the chain: where the reply has surely ended.
NOT_REPLY_RE = lazy_re(r"\s*(?:at |\.\.\. \d|Caused by|nested exception|[\w.$]+(?:Exception|Error)\b)")
# An enhanced status written alone after the code ("553 5.1.2"): a reply wrapped right after it.
CODES_ONLY_RE = lazy_re(r"[ -]*(?:[245]\.\d{1,3}\.\d{1,3})?[ \t]*")
# The frame of JavaMail's SMTPTransport that sent MAIL FROM: a send refused there is the sender's.
MAIL_FROM_FRAME_RE = lazy_re(r"\bSMTPTransport\.mailFrom\(")
# How far below a send refused its trace is read for that frame (the first frames of the exception).
FRAME_WINDOW = 600
MAX_REPLY_LINES = 20
MAX_EXCEPTIONS = 200


def recognise(source: Source) -> bool:
    return any(marker in source.text for marker in MARKERS)


def read(source: Source) -> Parsed | None:
    # Logs write the chain's line breaks as "\n" (a SQL column, a JSON string): read them as breaks.
    lines = unescaped_breaks(source.text).split("\n")
    failures: list[Failure] = []
    for index, line in enumerate(lines):
        if len(failures) >= MAX_EXCEPTIONS:
            break
        if "Could not connect to SMTP host: " in line:
            add_once(failures, greeting_refused(line))
            continue
        if "FailedException" not in line:
            continue
        refused_auth = AUTH_RE().search(line) if "AuthenticationFailedException" in line else None
        if refused_auth is not None:
            add_once(failures, auth_refused(lines, index, refused_auth))
            continue
        error = EXCEPTION_RE().search(line)
        if error is None:
            continue
        reply = [f"{error.group('code')}{error.group('rest')}".strip()]
        reply.extend(rest_of_reply(lines, index + 1, error.group("code"), error.group("rest")))
        kind = error.group("kind")
        mail_from = kind == "SenderFailed" or (kind == "SendFailed" and refused_at_mail_from(lines, index + 1))
        command = "RCPT" if kind == "AddressFailed" else "MAIL" if mail_from else None
        failure = refused_reply(rcpt_reply_address(" ".join(reply), command), reply, command)
        if command is None and ADDRESS_RE.search(" ".join(reply)) is not None:
            # An address in a send refused is the sender's, refused at MAIL FROM ("553 5.7.1 <noreply@…>:
            # Sender address rejected"): neither it nor another address of the paste is the recipient.
            failure.names_no_recipient = True
        if kind == "SenderFailed" and any(known.command in (None, "MAIL") and known.diagnostic == failure.diagnostic for known in failures):
            for known in failures:
                if known.diagnostic == failure.diagnostic:
                    known.command, known.names_no_recipient = "MAIL", True
            continue  # the sender's exception chained under the send refused: the same refusal
        failure.evidence = capped_evidence([" ".join(line.split())] + [" ".join(r.split()) for r in reply[1:]])
        if not any(
            (known.recipient, known.command, known.diagnostic) == (failure.recipient, failure.command, failure.diagnostic)
            for known in failures
        ):
            failures.append(failure)  # Spring prints the chain in its message and again as the root cause: one failure
    return bounce(failures)


def auth_refused(lines: list[str], index: int, error: re.Match[str]) -> Failure:
    """AUTH refused, its reply (a multi-line one too) in the exception: no message, no recipient."""
    reply = [f"{error.group('code')}{error.group('rest')}".strip()]
    reply.extend(rest_of_reply(lines, index + 1, error.group("code"), error.group("rest")))
    failure = refused_reply(None, reply, "AUTH")
    failure.names_no_recipient = True
    failure.evidence = capped_evidence([" ".join(lines[index].split())] + [" ".join(r.split()) for r in reply[1:]])
    return failure


def greeting_refused(line: str) -> Failure | None:
    """The greeting's reply code that openServer put in its words (none when the server said nothing)."""
    found = GREETING_RE().search(line)
    if found is None:
        return None
    failure = refused_reply(None, [found.group("code")], "CONN")
    failure.names_no_recipient = True
    failure.remote_host = found.group("host")
    failure.evidence = capped_evidence([found.group(0)])
    return failure


def add_once(failures: list[Failure], failure: Failure | None) -> None:
    """A failure not already read (Spring prints the exception in its message and again as the cause)."""
    if failure is not None and not any(
        (known.command, known.reply, known.diagnostic) == (failure.command, failure.reply, failure.diagnostic) for known in failures
    ):
        failures.append(failure)


def refused_at_mail_from(lines: list[str], start: int) -> bool:
    """The trace under a send refused runs through ``SMTPTransport.mailFrom``: the MAIL FROM command."""
    below = "\n".join(lines[start : start + 12])[:FRAME_WINDOW]
    return MAIL_FROM_FRAME_RE().search(below) is not None


def rest_of_reply(lines: list[str], start: int, code: str, first: str) -> list[str]:
    """The lines of the reply below its first: those of a multi-line reply (its code and a dash on each
    line before the last), or the one line a log wrapped a reply onto after its codes alone."""
    rest: list[str] = []
    more = first.startswith("-")
    for line in lines[start : start + MAX_REPLY_LINES]:
        if more:
            following = NEXT_LINE_RE().match(line)
            if following is None or following.group("code") != code:
                break
            rest.append(line.strip())
            more = following.group("sep") == "-"
            continue
        if not rest and CODES_ONLY_RE().fullmatch(first) and line.strip() and NOT_REPLY_RE().match(line) is None:
            rest.append(line.strip())  # "…SMTPAddressFailedException: 553 5.1.2" / "    The recipient address <…> …"
        break
    return rest
