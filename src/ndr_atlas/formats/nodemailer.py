"""Nodemailer's SMTP errors (Node.js) as applications log them: no report, the library's label for the
command the server refused, then the server's reply whole:

    Error: Mail command failed: 553 Local user only,163 smtp5,… 1630777785
    Error: Recipient command failed: 550 5.1.1 <bob@example.org>: Recipient address rejected

Nodemailer's SMTP connection (lib/smtp-connection) builds these in ``_formatError(message, code,
response, command)``: the message, ": " and the response, with the code ``EENVELOPE`` and the
command it refused: "Mail command failed" for MAIL FROM (``_actionMAIL``), "Recipient command
failed" for RCPT TO (``_actionRCPT``). The label is not a local program's failure (the "command
failed:" of Sisimai's MailerError list): the words after it are the server's reply to that command.
Backed by Nodemailer's source and by the errors quoted in projects' notes, docs and tests (Mailtrap's
troubleshooting pages, "Mail command failed: 550 5.7.1 Sending from domain is not allowed"; a
weather-report GitHub Action's issue with smtp.163.com's "553 Local user only"; notes quoting
Gmail's "530-5.7.0 Authentication Required" and a "501 5.1.7 Bad sender address syntax")."""

from __future__ import annotations

from ndr_atlas.formats.base import Failure, Parsed, Source, lazy_re, logged_error
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# Nodemailer's labels and the command each one names.
COMMANDS = {"mail": "MAIL", "recipient": "RCPT", "data": "DATA"}
ERROR_RE = lazy_re(
    r"\b(?P<label>Mail|Recipient|Data) command failed: (?P<reply>[45][0-5]\d(?:[ -][^\n]{0,1000})?)",
)
MAX_ERRORS = 200


def recognise(source: Source) -> bool:
    return "command failed: " in source.text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for error in ERROR_RE().finditer(source.text):
        if len(failures) >= MAX_ERRORS:
            break
        said = logged_error(error.group("reply"))
        # No address taken from the text: the refused MAIL FROM names the sender, not a recipient.
        failure = failure_from_words(None, [said])
        failure.reply = failure.reply or said[:3]
        failure.command = COMMANDS[error.group("label").lower()]
        # The reply alone: the label is the library's, and its "command failed:" is no server's word.
        failure.evidence = [said]
        if not any((f.command, f.diagnostic) == (failure.command, failure.diagnostic) for f in failures):
            failures.append(failure)  # the same error logged twice is one failure
    return bounce(failures)
