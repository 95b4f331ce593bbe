"""Nodemailer's SMTP errors (Node.js) as applications log them: no report, the library's label for the
command the server refused, then the server's reply whole:

    Error: Mail command failed: 553 Local user only,163 smtp5,… 1630777785
    Error: Recipient command failed: 550 5.1.1 <bob@example.org>: Recipient address rejected

Nodemailer's SMTP connection (lib/smtp-connection) builds these in ``_formatError(message, code,
response, command)``: the message, ": " and the response, with the code ``EENVELOPE`` and the
command it refused: "Mail command failed" for MAIL FROM (``_actionMAIL``), "Recipient command
failed" for RCPT TO (``_actionRCPT``). The label is not a local program's failure (the "command
failed:" of Sisimai's MailerError list): the words after it are the server's reply to that command.
When every recipient was refused, ``_actionRCPT`` ends the envelope with ``_formatError("Can't send
mail - all recipients were rejected", 'EENVELOPE', str)``: the same form, the last RCPT TO's reply
after the label ("Error: Can't send mail - all recipients were rejected: 550 5.7.1 Service
unavailable; client [192.0.2.7] blocked using zen.spamhaus.org"; people retyping it in an issue
write the apostrophe curly).
Backed by Nodemailer's source and by the errors quoted in projects' notes, docs and tests (Mailtrap's
troubleshooting pages, "Mail command failed: 550 5.7.1 Sending from domain is not allowed"; a
weather-report GitHub Action's issue with smtp.163.com's "553 Local user only"; notes quoting
Gmail's "530-5.7.0 Authentication Required" and a "501 5.1.7 Bad sender address syntax"; for the
refused envelope, Nodemailer's own issues #1089 and #1555, a Spamhaus block and a multi-line
"550-Requested action not taken: mailbox unavailable" quoted in a sentence).
When the server refuses the message after its data, ``_actionSMTPStream`` writes
``_formatError('Message failed', 'EMESSAGE', str, 'DATA')``, and over LMTP ``_actionLMTPStream``
writes "Message failed for recipient " and the recipient before the colon, the same form again
(the source of every Nodemailer release since 2016): "Error: Message failed: 554 DT:SPM 126 smtp2,…"
as a crawler's issue pasted NetEase's spam refusal, and "Message failed: 451 Temporary local problem
- please try later" as a forwarding service's user pasted the errors it showed.

Nodemailer 0.x talked SMTP through simplesmtp (lib/client.js), whose ``_onError(err, type, data)``
names the error (``err.name``), keeps the server's reply whole in ``err.data`` (the lines of a
multi-line reply joined by CRLF) and the stage in ``err.stage``: "Mail from command failed - " and the
reply for MAIL FROM (``SenderError``), "Data command failed - " and the reply for DATA, and for RCPT
TO, when every recipient was refused, "Can't send mail - all recipients were rejected" with the last
reply in ``data`` alone (``RecipientError``). Node's console prints such an object as
``{ [RecipientError: Can't send mail - all recipients were rejected] name: 'RecipientError', data:
'550-Verification failed for <…>\r\n550 unable to verify sender address', stage: 'rcpt' }``, the
CRLFs escaped in the quoted string (Nodemailer's issue #697; #271 quotes the two names with no
reply). The reply is read from that ``data`` field."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, capped_evidence, lazy_re, logged_error
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import rcpt_reply_address, refused_reply

# Nodemailer's labels and the command each one names.
COMMANDS = {"mail": "MAIL", "recipient": "RCPT", "data": "DATA", "all recipients were rejected": "RCPT", "message": "DATA"}
ERROR_RE = lazy_re(
    r"(?:\b(?P<label>Mail|Recipient|Data)(?: from)? command failed|Can[\'\u2019]t send mail - (?P<envelope>all recipients were rejected)"
    r"|\b(?P<message>Message) failed(?: for recipient (?P<lmtp>[^\s:]{1,320}))?)(?:: | - )"  # " - ": 0.x's "Mail from command failed - 550 …"
    r"(?P<reply>[45][0-5]\d(?:[ -][^\n]*)?)",  # to the line's end: a cap cut a longer reply short (781aa69)
)
# Nodemailer 0.x's error object as the console prints it: the name and message in brackets, then its
# fields; the server's reply in the data field, a quoted JavaScript string (its CRLFs escaped).
OLD_OBJECT_RE = lazy_re(
    r"\[(?:RecipientError|SenderError|Error): (?P<words>Can[\'\u2019]t send mail - all recipients were rejected|Mail from command failed|Data command failed)"
)
OLD_DATA_RE = lazy_re(r"\bdata: '(?P<reply>[45][0-5]\d(?:[ -](?:[^'\\\n]|\\.){0,4000})?)'")
OLD_FIELDS_WINDOW = 2000  # the fields of one printed error object
# An escaped line break, quote or backslash in the data string.
ESCAPED_RE = lazy_re(r"\\(?:r\\n|n|r|\'|\\)")
# The cues of recognise: the labels' common tail, the refused envelope's words, 0.x's error names.
CUES = ("command failed: ", "command failed - ", "all recipients were rejected: ", "Message failed", "[RecipientError: ", "[SenderError: ")
MAX_ERRORS = 200


def recognise(source: Source) -> bool:
    return any(cue in source.text for cue in CUES)


def unescaped(data: str) -> str:
    """A JavaScript string's contents as the console printed them, its escapes undone (a line break as a blank)."""
    return ESCAPED_RE().sub(lambda escape: " " if escape.group(0)[1] in "rn" else escape.group(0)[1], data)


def with_old_errors(text: str) -> str:
    """The text with each of Nodemailer 0.x's printed error objects put as the one line its current
    release would log (its words, ": " and the reply from the object's data field), in place of the
    object's bracketed name and message (which repeats the reply of a refused MAIL FROM or DATA)."""
    parts: list[str] = []
    last = 0
    for count, found in enumerate(OLD_OBJECT_RE().finditer(text)):
        data = OLD_DATA_RE().search(text, found.end(), found.end() + OLD_FIELDS_WINDOW)
        if count >= MAX_ERRORS or data is None:
            continue
        line_end = text.find("\n", found.end())
        parts += [text[last : found.start()], f"{found.group('words')}: {unescaped(data.group('reply'))}\n"]
        last = len(text) if line_end < 0 else line_end + 1
    return "".join(parts) + text[last:] if parts else text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for error in ERROR_RE().finditer(with_old_errors(source.text)):
        if len(failures) >= MAX_ERRORS:
            break
        said = logged_error(error.group("reply"))
        command = COMMANDS[(error.group("label") or error.group("envelope") or error.group("message")).lower()]
        # An LMTP refusal names its recipient before the reply; the reply to RCPT TO names the refused
        # recipient when it names one ("550 5.1.1 <bob@…>: Recipient address rejected"); no other
        # address of the text is taken: the refused MAIL FROM names the sender, not a recipient.
        lmtp = ADDRESS_RE.search(error.group("lmtp") or "")
        failure = refused_reply(lmtp.group(0) if lmtp else rcpt_reply_address(said, command), [said], command)
        # The reply alone: the label is the library's, and its "command failed:" is no server's word.
        failure.evidence = capped_evidence([said])
        if not any((f.command, f.diagnostic) == (failure.command, failure.diagnostic) for f in failures):
            failures.append(failure)  # the same error logged twice is one failure
    return bounce(failures)
