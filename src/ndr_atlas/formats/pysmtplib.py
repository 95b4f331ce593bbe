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
"""

from __future__ import annotations

import re

from ndr_atlas.formats.base import Failure, Parsed, Source, lazy_re, quoted_error, unescaped_breaks
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

MARKER = "SMTPRecipientsRefused"
SENDER_MARKER = "SMTPSenderRefused"
# One entry: the quoted address, then (code, the reply as a bytes or str literal in either quotes).
ENTRY_RE = lazy_re(
    r"u?'(?P<addr>[^'\s@]{1,64}@[^'\s@]{1,255})':\s*\((?P<code>[245]\d\d),\s*b?(?:'(?P<single>(?:[^'\\\n]|\\.){0,2000})'"
    r"|\"(?P<double>(?:[^\"\\\n]|\\.){0,2000})\")\)"
)
# SMTPSenderRefused's tuple: (code, the reply as a bytes or str literal, the refused sender).
SENDER_RE = lazy_re(
    r"SMTPSenderRefused:?\s*\((?P<code>[245]\d\d),\s*b?(?:'(?P<single>(?:[^'\\\n]|\\.){0,2000})'"
    r"|\"(?P<double>(?:[^\"\\\n]|\\.){0,2000})\")"
)
# Odoo's layout: the code alone after the class name, then a line break, real or written "\n".
ODOO_SENDER_RE = lazy_re(r"SMTPSenderRefused: (?P<code>[245]\d\d)(?=\\n|\r?\n)")
# The last of Odoo's lines: the refused sender alone (before the repr's closing quote).
LONE_ADDRESS_RE = lazy_re(r"<?[^\s@<>'\"]{1,64}@[^\s@<>'\"]{1,255}>?[\"')]*")
ODOO_WINDOW = 2000
MAX_ENTRIES = 200


def recognise(source: Source) -> bool:
    text = source.text
    return (MARKER in text and "': (" in text) or (SENDER_MARKER in text and (": (" in text or ODOO_SENDER_RE().search(text) is not None))


def read(source: Source) -> Parsed | None:
    if MARKER not in source.text:
        return sender_refused(source.text)
    failures: dict[str, Failure] = {}
    for entry in ENTRY_RE().finditer(source.text):
        address = entry.group("addr")
        if address.lower() in failures:
            continue  # a page or log that prints the exception twice
        failure = failure_from_words(address, [reply_of(entry)])
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
