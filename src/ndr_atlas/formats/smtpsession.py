"""An SMTP session pasted as it went: the client's commands and the server's replies one per line,
as swaks prints them or as someone typed them in telnet, nc or ``openssl s_client``:

    -> RCPT TO:<bob@example.org>
    <** 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown

    RCPT TO:<bob@example.org>
    550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown

No report says who failed: the session does. Each reply answers the oldest command still waiting
for one (RFC 5321, 4.1 and, for a client that pipelines, RFC 2920, 3.1); a reply to RCPT TO is about
that recipient, the reply to DATA, to the end of the data (the line "." after DATA's 354) or to a
BDAT chunk is about every recipient the server accepted in that transaction (RFC 5321, 3.3), and a
refused greeting, EHLO or MAIL FROM refuses the mail before any recipient: the pairing of
``ndr_atlas.smtpdialog``, which reads Exchange's send protocol log too. A 5xx reply fails the recipients it is about; a 4xx one is a delay that
the client itself has to try again (a person at a terminal or a test tool queues nothing). A "503
bad sequence" after the session was refused is its consequence, not another failure.

swaks marks each line of its transcript with a prefix (its manual, OUTPUT OPTIONS, "transaction
hints"): " ->" and " ~>" (TLS) a line it sent, "**>" and "*~>" one it sent unexpectedly; "<- " and
"<~ " a reply it expected, "<**" and "<~*" one it did not (a refusal); "===" and "***" its own
notes and errors. A typed session has no marks: a line that starts with a command is the client's,
one that starts with a reply code the server's. Backed by the swaks manual, RFC 5321 and sessions
pasted in public: swaks transcripts in docker-mailserver's pull requests and on a test service's
page, telnet/nc/openssl sessions in issues of OpenSMTPD and Excision-Mail and in a thread on an
Outlook.com block. Logs that mark lines otherwise (PHPMailer's "CLIENT -> SERVER:", MailKit's
"C:"/"S:", Sendmail's ">>>"/"<<<") are read by the scanner of lines as before."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, MAX_EVIDENCE_LINES, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words
from ndr_atlas.smtpdialog import CONNECT, END_OF_DATA, MAIL_REFUSED, Dialog, command_name

# swaks' transaction hints (its manual, OUTPUT OPTIONS): sent by swaks, then received from the server.
SENT_HINTS = ("->", "~>", "**>", "*~>")
RECEIVED_HINTS = ("<**", "<~*", "<-", "<~")
# The commands a session sends (RFC 5321, 4.1.1; AUTH and STARTTLS from their RFCs), at the start of a line.
COMMAND_RE = lazy_re(r"(?P<verb>helo|ehlo|lhlo|mail from|rcpt to|data|bdat|rset|quit|noop|vrfy|auth|starttls)\b", re.IGNORECASE)
# A reply line: its code, then "-" on every line of a multi-line reply but the last (RFC 5321, 4.2.1).
REPLY_RE = lazy_re(r"(?P<code>[2-5]\d\d)(?P<more>-?)(?:[ \t]|$)")
# A RCPT TO line, in a typed session or after a swaks hint: what the recognise() looks for.
RCPT_LINE_RE = lazy_re(r"^[ \t]*(?:(?:->|~>|\*\*>|\*~>)[ \t]+)?rcpt to[ \t]*:", re.IGNORECASE | re.MULTILINE)
# swaks' hint for a reply it did not expect, opening a line: a refusal even before any RCPT TO.
REFUSED_HINT_RE = lazy_re(r"^[ \t]*<(?:\*\*|~\*)[ \t]+[45]\d\d[ \t-]", re.MULTILINE)
RCPT_ADDRESS_RE = lazy_re(r"rcpt to\s*:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")", re.IGNORECASE)
DATA_END_LINE = "."
BAD_SEQUENCE = "503"
MAX_LINES = 20_000
MAX_FAILURES = 200
GREETING_CODES = ("220", "421", "554")
# A typed line is a command only as a command is written: the verbs that take no argument alone on
# their line, HELO/EHLO with a name at most, MAIL FROM and RCPT TO with their colon (not a sentence
# that starts with "Data" or "Mail").
BARE_VERBS = ("DATA", "QUIT", "RSET", "NOOP", "STARTTLS")
GREETING_VERBS = ("HELO", "EHLO", "LHLO")
PATH_VERBS = ("MAIL FROM", "RCPT TO")


def recognise(source: Source) -> bool:
    text = source.text[:200_000]
    # Substring tests first: most texts hold neither a swaks refusal mark nor a RCPT command.
    hinted = ("<**" in text or "<~*" in text) and REFUSED_HINT_RE().search(text) is not None
    return hinted or (("RCPT" in text or "rcpt" in text or "Rcpt" in text) and RCPT_LINE_RE().search(text) is not None)


def read(source: Source) -> Parsed | None:
    lines = source.text.split("\n")[:MAX_LINES]
    hinted = any(line.lstrip().startswith(RECEIVED_HINTS) for line in lines)
    dialog = Dialog()  # the commands waiting for their reply, the recipients accepted (ndr_atlas.smtpdialog)
    failures: list[Failure] = []
    reply_lines: list[str] = []
    in_data = refused = greeted = mail_sent = False
    for raw in lines:
        sent, said = split_line(raw.strip(), hinted)
        if in_data:
            if sent == DATA_END_LINE or (hinted and said is not None):
                in_data = False
                dialog.sent(END_OF_DATA, None, DATA_END_LINE)
            if said is None:
                continue
        if sent is not None:
            command = COMMAND_RE().match(sent)
            if command is not None and (hinted or typed_command(command.group("verb"), sent[command.end() :])):
                verb = " ".join(command.group("verb").upper().split())
                path = RCPT_ADDRESS_RE().match(sent) if verb == "RCPT TO" else None
                dialog.sent(verb, path.group("addr") if path else None, sent)
                mail_sent = mail_sent or verb == "MAIL FROM"
            continue
        if said is None:
            continue
        reply = REPLY_RE().match(said)
        if reply is None:
            continue
        reply_lines.append(said)
        if reply.group("more"):
            continue  # a multi-line reply goes on
        code, words, reply_lines = reply.group("code"), reply_lines, []
        # No command waiting: the greeting (RFC 5321, 4.3.2: 220, or 554 / 421 refusing the session), or a reply to a line not read.
        verb, recipient, line = dialog.answered(code) or ((CONNECT if not greeted and code in GREETING_CODES else ""), None, "")
        greeted = True
        if verb == "DATA" and code == "354":
            in_data = True
            continue
        if code[0] in "23":
            continue
        if refused and code == BAD_SEQUENCE:
            continue  # "need MAIL command": the refusal above, not another failure
        for failed in dialog.refused(verb, recipient)[: MAX_FAILURES - len(failures)]:
            failures.append(session_failure(failed, verb, code, line, words))
            refused = refused or verb != "RCPT TO"
        if len(failures) >= MAX_FAILURES:
            break
    if not hinted and not mail_sent:
        # A typed session gives MAIL FROM before RCPT TO (RFC 5321, 3.3); a "RCPT TO:<…>" that only
        # opens a line of a report wrapped there (Exim's "after RCPT TO:<…>: host …") is no session.
        return None
    return bounce(failures)


def typed_command(verb: str, rest: str) -> bool:
    """A line of a typed session that is the command it starts with, not a sentence."""
    upper = " ".join(verb.upper().split())
    if upper in BARE_VERBS:
        return not rest.strip()
    if upper in GREETING_VERBS:
        return len(rest.split()) <= 1
    if upper in PATH_VERBS:
        return rest.lstrip().startswith(":")
    return bool(rest.strip()) and len(rest.split()) <= 3


def split_line(line: str, hinted: bool) -> tuple[str | None, str | None]:
    """What the client sent, or what the server said, on one line of the session; (None, None) for
    anything else (swaks' own notes, the command that ran it, a person's words)."""
    if hinted:
        for hint in RECEIVED_HINTS:
            if line.startswith(hint):
                return None, line[len(hint) :].strip()
        for hint in SENT_HINTS:
            if line.startswith(hint) and line[len(hint) : len(hint) + 1] in (" ", "\t", ""):
                return line[len(hint) :].strip(), None
        return None, None
    if REPLY_RE().match(line):
        return None, line
    return line, None


def session_failure(recipient: str | None, verb: str, code: str, line: str, words: list[str]) -> Failure:
    failure = failure_from_words(recipient, words)
    failure.reply = failure.reply or code
    failure.command = command_name(verb)
    failure.evidence = [text for text in (line, *words) if text][:MAX_EVIDENCE_LINES]
    if code[0] == "4":
        failure.action, failure.retry = "delayed", "application"
    # A refused greeting, EHLO or MAIL FROM is about the session or the sender: an address the paste
    # names elsewhere (the sender's, one in RCPT TO after it) is not the failed recipient.
    failure.names_no_recipient = verb in MAIL_REFUSED
    return failure
