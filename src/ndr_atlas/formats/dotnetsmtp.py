""".NET's SMTP client errors (System.Net.Mail.SmtpClient) as applications log them: no report, an
exception whose message is .NET's own words for the reply code, then the server's reply without
its code, and a stack trace that names the command the server refused:

    System.Net.Mail.SmtpFailedRecipientException: Mailbox unavailable. The server response was:
    5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual mailbox table
       at System.Net.Mail.RecipientCommand.CheckResponse(SmtpStatusCode statusCode, String response)

.NET writes "<words for the code> The server response was: <reply>" (its resource strings
MailServerResponse and one per SmtpStatusCode: "Mailbox unavailable." for 450 and 550, "Transaction
failed." for 554 …), so the words give the reply code back. The frame RecipientCommand is the RCPT
command, DataStopCommand and DataCommand the message's data; MailCommand is the sender refused at
MAIL FROM: the message failed with no recipient named (an address in the reply is the sender's), as
the JavaMail and smtplib readers report a refused sender. Backed by .NET's resource strings
and by application logs pasted in issue threads (an ASP.NET mailer's "Transaction failed. The
server response was: Relay access denied.", a campaign tool's "… 5.7.1 Relay access denied", a
mailer refused at MAIL FROM).

MailKit, the other SMTP client of .NET programs, throws SmtpCommandException with the server's text
alone as its message ("MailKit.Net.Smtp.SmtpCommandException: 5.1.1 <bob@example.org>: Recipient
address rejected …", its SmtpClient: ``throw new SmtpCommandException (…, response.StatusCode,
mailbox, response.Response)``); the method in the trace names the command (OnRecipientNotAccepted
RCPT, OnMessageNotAccepted DATA, OnSenderNotAccepted MAIL), and the status code's name when a log
prints the exception's properties ("StatusCode: MailboxUnavailable") gives the reply code. With no
such name the text still opens with the server's enhanced status when it sent one (MailKit's
SmtpStream.ReadResponse keeps everything after the three digits and their separator), and that
status is the failure's: "SmtpCommandException: 4.4.1 Connection timed out" is a refusal for now."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_RE, normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import refused_reply

MARKER = "The server response was:"
MAILKIT_MARKER = "SmtpCommandException:"
# .NET's words for each reply code (SmtpStatusCode) that refuses a message or a recipient.
CODE_OF_WORDS = {
    "Service not available, closing transmission channel.": "421",
    "Error in processing.": "451",
    "Insufficient system storage.": "452",
    "Syntax error, command unrecognized.": "500",
    "Syntax error in parameters or arguments.": "501",
    "Command not implemented.": "502",
    "Bad sequence of commands.": "503",
    "Command parameter not implemented.": "504",
    "Mailbox unavailable.": "550",  # also MailboxBusy's words (450): a 4.x.x status in the reply says so
    "User not local; please try a different path.": "551",
    "Exceeded storage allocation.": "552",
    "Mailbox name not allowed.": "553",
    "Transaction failed.": "554",
}
ERROR_RE = lazy_re(
    r"(?P<words>" + "|".join(re.escape(words) for words in CODE_OF_WORDS) + r")\s+" + re.escape(MARKER) + r"[ \t]*(?P<reply>[^\n]{0,1000})"
)
# The command class in the stack trace below the message, as .NET names it.
COMMAND_FRAME_RE = lazy_re(r"System\.Net\.Mail\.(?P<command>RecipientCommand|DataStopCommand|DataCommand|MailCommand)\.")
COMMANDS = {"RecipientCommand": "RCPT", "DataStopCommand": "DATA", "DataCommand": "DATA", "MailCommand": "MAIL"}
STATUS_4XX_RE = lazy_re(r"^4\.\d{1,3}\.\d{1,3}\b")
# The enhanced status a reply opens with once its code was taken off ("4.4.1 Connection timed out").
LEADING_STATUS_RE = lazy_re(r"^([245]\.\d{1,3}\.\d{1,3})(?=\s|$)")
MAILKIT_ERROR_RE = lazy_re(r"MailKit\.Net\.Smtp\.SmtpCommandException:[ \t]*(?P<reply>[^\n]{1,1000})")
MAILKIT_FRAME_RE = lazy_re(r"MailKit\.Net\.Smtp\.SmtpClient\.On(?P<command>RecipientNotAccepted|MessageNotAccepted|SenderNotAccepted)\b")
MAILKIT_COMMANDS = {"RecipientNotAccepted": "RCPT", "MessageNotAccepted": "DATA", "SenderNotAccepted": "MAIL"}
# MailKit's SmtpStatusCode names for the codes that refuse a recipient or a message.
MAILKIT_STATUS_RE = lazy_re(r"\bStatusCode\W{1,3}(?P<name>[A-Z][A-Za-z]{2,40})\b")
MAILKIT_CODES = {
    "ServiceNotAvailable": "421",
    "MailboxBusy": "450",
    "ErrorInProcessing": "451",
    "InsufficientStorage": "452",
    "MailboxUnavailable": "550",
    "UserNotLocalTryAlternatePath": "551",
    "ExceededStorageAllocation": "552",
    "MailboxNameNotAllowed": "553",
    "TransactionFailed": "554",
}
# How far below the message the trace may name the command.
FRAME_WINDOW = 1500


def recognise(source: Source) -> bool:
    return MARKER in source.text or MAILKIT_MARKER in source.text


def read(source: Source) -> Parsed | None:
    text = source.text
    if MARKER not in text:
        return read_mailkit(text)
    error = ERROR_RE().search(text)
    if error is None:
        return None
    said = error.group("reply").strip()
    if not said:
        return None  # the words for a code and nothing from the server: a dropped connection, no refusal
    frame = COMMAND_FRAME_RE().search(text, error.end(), error.end() + FRAME_WINDOW)
    command = COMMANDS[frame.group("command")] if frame else None
    if REPLY_RE.match(said) is None:  # .NET took the code off the reply: put back the one its words stand for
        code = CODE_OF_WORDS[error.group("words")]
        said = f"{'450' if code == '550' and STATUS_4XX_RE().match(said) else code} {said}"
    return refusal(said, command, error.group(0))


def read_mailkit(text: str) -> Parsed | None:
    error = MAILKIT_ERROR_RE().search(text)
    if error is None:
        return None
    frame = MAILKIT_FRAME_RE().search(text, error.end(), error.end() + FRAME_WINDOW)
    command = MAILKIT_COMMANDS[frame.group("command")] if frame else None
    said = error.group("reply").strip()
    named = MAILKIT_STATUS_RE().search(text, error.end(), error.end() + FRAME_WINDOW)
    code = MAILKIT_CODES.get(named.group("name")) if named else None
    if code and REPLY_RE.match(said) is None:
        said = f"{code} {said}"
    return refusal(said, command, error.group(0))


def refusal(said: str, command: str | None, exception: str) -> Parsed | None:
    """The one failure a client's exception reports: the server's reply ``said`` (its code put back),
    for the address it names, refused at ``command`` (when the stack trace names it)."""
    # Refused at MAIL FROM, the message failed for every recipient, and the address the reply names
    # is the sender's (as JavaMail's SMTPSenderFailedException and smtplib's SMTPSenderRefused read).
    recipient = ADDRESS_RE.search(said) if command != "MAIL" else None
    failure = refused_reply(recipient.group(0) if recipient else None, [said], command)
    leading = LEADING_STATUS_RE().match(said) if failure.status is None else None
    if leading:
        failure.status = normalise_status(leading.group(1))
    failure.evidence = [" ".join(exception.split())]
    return bounce([failure])
