"""Python's smtplib refusing recipients, as applications log it: SMTPRecipientsRefused carries a
dict with one entry per refused recipient, the reply code and the server's text in a tuple (the
smtplib documentation: "recipients: a dictionary of exactly the same sort as SMTP.sendmail()
returns"), and Python prints it as its repr:

    smtplib.SMTPRecipientsRefused: {'bob@example.org': (550, b'5.1.1 <bob@example.org>: Recipient
    address rejected: User unknown'), 'ann@example.org': (452, b'4.2.2 Mailbox full')}

Several recipients stand on one line, each with its own reply; a web framework's error page shows
the dict alone under "Exception Value:" (Python 2 writes the key u'…' and the text as a str); a
multi-line reply comes with its line breaks written "\\n". Each entry is a failure of its own: the
scanner of lines would give the first address the replies of all. The key is the address the
application gave RCPT TO, as it gave it: a malformed one ("sales@/index.php", refused with 501) is
still the recipient the refusal is about. Backed by the smtplib
documentation and application logs, tracebacks and Django error pages pasted in issue threads.

SMTPSenderRefused is the refusal of MAIL FROM: its repr is the reply code, the reply and the sender
address (the documentation: "In addition to the attributes set by on all SMTPResponseException
exceptions, this sets 'sender' to the string that the SMTP server refused"):

    smtplib.SMTPSenderRefused: (552, b'5.3.4 Message size exceeds fixed limit', 'app@example.com')

The address is the sender's, so the failure names no recipient; the code and the reply are read
from the tuple (no line starts with them, so the scanner of lines misses the code).

Odoo prints the exception with its arguments one per line (its exception_to_unicode joins
``e.args`` with "\n" under "Mail delivery failed via SMTP server '…'.\n%s: %s" in ir_mail_server):
the code, the reply, then the refused sender on a line of its own; its error dialog shows the
message inside the repr of the exception's arguments, the line breaks written "\n":

    ('Mail Delivery Failed', "Mail delivery failed via SMTP server 'smtp.example.com'.\nSMTPSenderRefused: 550\n5.7.1 Sender rejected\nbounce+12-res.users-2@example.com")

SMTPDataError is the refusal of the message data (the documentation: "The SMTP server refused to
accept the message data"): ``sendmail`` raises ``SMTPDataError(code, resp)`` when DATA or the end of the
data is not answered 250/354 (its source). Its repr is the code and the reply, no address; a web
framework's error page puts the class name and the URL above it ("SMTPDataError at /contact/"):

    smtplib.SMTPDataError: (550, b'5.7.1 Message rejected as spam')

The failure is the DATA command's; the exception names no recipient (the paste's one address may).

With ``set_debuglevel(1)`` smtplib prints the session itself (its source, Lib/smtplib.py: ``send``
prints "send:" and the repr of what it sent, ``getreply`` each line as "reply:" and its repr, then
"reply: retcode (<code>); Msg: <the text>", the text a bytes literal since Python 3, bare and
spanning lines in Python 2; level 2 puts the time before each line). The commands go out as
smtplib writes them ("mail FROM:<…>", "rcpt TO:<…>", "data", then the message, whose reply is the
end of the data's): a refusal is a retcode of 4xx or 5xx after one of them, its recipient the
address of the "rcpt TO" it answers; a refused "mail FROM" names the sender, no recipient (Flask
tutorials' issues pasting a QQ "503 Error: need EHLO and AUTH first !" and a Gmail "530-5.5.1
Authentication Required" at "mail FROM").
"""

from __future__ import annotations

import re

from ndr_atlas.formats.base import Failure, Parsed, Source, lazy_re, quoted_error, unescaped_breaks
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words, refused_reply

MARKER = "SMTPRecipientsRefused"
SENDER_MARKER = "SMTPSenderRefused"
DATA_MARKER = "SMTPDataError"
# One entry: the quoted address, then (code, the reply as a bytes or str literal in either quotes).
# The key is the address as the application passed it, empty too: sendmail() sends "rcpt TO:<>" for
# an empty one and files the server's refusal under '' (a form's missing address).
ENTRY_RE = lazy_re(
    r"u?'(?P<addr>[^'\s@]{1,64}@[^'\s@]{1,255}|)':\s*\((?P<code>[245]\d\d),\s*b?(?:'(?P<single>(?:[^'\\\n]|\\.){0,2000})'"
    r"|\"(?P<double>(?:[^\"\\\n]|\\.){0,2000})\")\)"
)
# SMTPSenderRefused's tuple: (code, the reply as a bytes or str literal, the refused sender).
SENDER_RE = lazy_re(
    r"SMTPSenderRefused:?\s*\((?P<code>[245]\d\d),\s*b?(?:'(?P<single>(?:[^'\\\n]|\\.){0,2000})'"
    r"|\"(?P<double>(?:[^\"\\\n]|\\.){0,2000})\")"
)
# SMTPDataError's tuple: (code, the reply as a bytes or str literal); a framework's page may put " at <URL>"
# and line breaks between the class name and the tuple.
DATA_RE = lazy_re(
    r"SMTPDataError(?: at [^\n]{0,300})?:?\s{0,20}\((?P<code>[245]\d\d),\s*b?(?:'(?P<single>(?:[^'\\\n]|\\.){0,2000})'"
    r"|\"(?P<double>(?:[^\"\\\n]|\\.){0,2000})\")"
)
# Odoo's layout: the code alone after the class name, then a line break, real or written "\n".
ODOO_SENDER_RE = lazy_re(r"SMTPSenderRefused: (?P<code>[245]\d\d)(?=\\n|\r?\n)")
# The last of Odoo's lines: the refused sender alone (before the repr's closing quote).
LONE_ADDRESS_RE = lazy_re(r"<?[^\s@<>'\"]{1,64}@[^\s@<>'\"]{1,255}>?[\"')]*")
ODOO_WINDOW = 2000
MAX_ENTRIES = 200
DEBUG_CUE = "reply: retcode ("
# smtplib's debug lines (the time first at debug level 2): what it sent, and the code and text of a reply.
SEND_RE = lazy_re(r"^(?:[\d:.]+ )?send: [bu]?(?P<q>['\"])(?P<said>.{0,2000})(?P=q)[ \t]*$")
RETCODE_RE = lazy_re(
    r"^(?:[\d:.]+ )?reply: retcode \((?P<code>\d{3})\); Msg: (?:b(?P<q>['\"])(?P<quoted>.{0,4000})(?P=q)|(?P<bare>.{0,4000}))$"
)
# The debug lines that are no part of a reply's text printed bare (Python 2's multi-line replies).
DEBUG_LINE_RE = lazy_re(r"^(?:[\d:.]+ )?(?:send|reply|connect|data):|^Traceback|^\s*$")
# smtplib's commands and the SMTP command each stands for; anything else sent after "data" is the message.
SENT_COMMANDS = {"mail": "MAIL", "rcpt": "RCPT", "data": "DATA", "ehlo": "EHLO", "helo": "HELO"}
SENT_ADDRESS_RE = lazy_re(r"<(?P<address>[^<>\s]{1,320}@[^<>\s]{1,255})>")
MAX_BARE_LINES = 10


def recognise(source: Source) -> bool:
    text = source.text
    return (
        (MARKER in text and "': (" in text)
        or (SENDER_MARKER in text and (": (" in text or ODOO_SENDER_RE().search(text) is not None))
        or (DATA_MARKER in text and "(" in text)
        or (DEBUG_CUE in text and "send: " in text)
    )


def read(source: Source) -> Parsed | None:
    if MARKER not in source.text:
        return sender_refused(source.text) or data_refused(source.text) or debug_session(source.text)
    failures: dict[str, Failure] = {}
    for entry in ENTRY_RE().finditer(source.text):
        address = entry.group("addr")
        if address.lower() in failures:
            continue  # a page or log that prints the exception twice
        failure = failure_from_words(address or None, [reply_of(entry)])
        failure.command = failure.command or "RCPT"  # sendmail() collects the refusals of RCPT TO
        failure.evidence = [entry.group(0)]
        failures[address.lower()] = failure
        if len(failures) >= MAX_ENTRIES:
            break
    return bounce(list(failures.values()))


def reply_of(found: re.Match[str]) -> str:
    """The code and the reply of an entry or of SMTPSenderRefused's tuple, its literal read as text."""
    said = found.group("single") if found.group("single") is not None else found.group("double")
    return f"{found.group('code')} {quoted_error(said)}"


def sender_refused(text: str) -> Parsed | None:
    """The refusal of MAIL FROM that SMTPSenderRefused carries, as a failure with no recipient."""
    found = SENDER_RE().search(text)
    if found is None:
        return odoo_sender_refused(text)
    failure = failure_from_words(None, [reply_of(found)])
    failure.command = failure.command or "MAIL"
    failure.evidence = [found.group(0)]
    failure.names_no_recipient = True
    return bounce([failure])


def data_refused(text: str) -> Parsed | None:
    """The refusal of the message data that SMTPDataError carries: DATA, no recipient named."""
    found = DATA_RE().search(text) if DATA_MARKER in text else None
    if found is None:
        return None
    failure = refused_reply(None, [reply_of(found)], "DATA")
    failure.evidence = [" ".join(found.group(0).split())]
    return bounce([failure])


def odoo_sender_refused(text: str) -> Parsed | None:
    """Odoo's SMTPSenderRefused: the code, the reply's lines, the refused sender last."""
    found = ODOO_SENDER_RE().search(text)
    if found is None:
        return None
    said: list[str] = []
    for line in unescaped_breaks(text[found.end() : found.end() + ODOO_WINDOW]).split("\n")[1:]:
        if not line.strip() or LONE_ADDRESS_RE().fullmatch(line.strip()):
            break  # the sender's line (or the end of the message) closes the reply
        said.append(line.strip())
    if not said:
        return None
    failure = failure_from_words(None, [f"{found.group('code')} {' '.join(' '.join(said).split())}"])
    failure.command = failure.command or "MAIL"
    failure.evidence = [text[found.start() : found.end()] + " " + " ".join(said)]
    failure.names_no_recipient = True
    return bounce([failure])


def debug_session(text: str) -> Parsed | None:
    """The refusals in smtplib's debug output: each retcode of 4xx or 5xx after the command it answers."""
    if DEBUG_CUE not in text:
        return None
    lines = text.split("\n")
    failures: list[Failure] = []
    command: str | None = None
    recipient: str | None = None
    for index, line in enumerate(lines):
        sent = SEND_RE().match(line)
        if sent is not None:
            said = quoted_error(sent.group("said"))
            verb = said.split(" ", 1)[0].split(":", 1)[0].lower()
            if verb in SENT_COMMANDS:
                command = SENT_COMMANDS[verb]
                named = SENT_ADDRESS_RE().search(said) if command == "RCPT" else None
                recipient = named.group("address") if named else None
            elif command != "DATA":
                command = recipient = None  # rset, quit, auth …: no refusal of the message read here
            continue
        reply = RETCODE_RE().match(line)
        if reply is None or reply.group("code")[0] not in "45" or command not in ("MAIL", "RCPT", "DATA"):
            continue
        words = quoted_error(reply.group("quoted")) if reply.group("quoted") is not None else reply.group("bare").strip()
        if reply.group("bare") is not None:
            for following in lines[index + 1 : index + 1 + MAX_BARE_LINES]:
                if DEBUG_LINE_RE().match(following):
                    break
                words = f"{words} {following.strip()}"
        failure = refused_reply(recipient, [f"{reply.group('code')} {words}"], command)
        failure.evidence = [" ".join(line.split())]
        failures.append(failure)
        command = recipient = None
    return bounce(failures)
