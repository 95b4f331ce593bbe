"""Sendmail version 5 and the appliances built on it: the subject ``Returned mail: …``, no
delivery-status part; after ``----- Transcript of session follows -----`` each failure as
``<code> <address>... <reply>`` (the server's own reply code after the dots is the one that counts),
the session as ``>>> command`` / ``<<< reply``; the original after ``----- Unsent message follows
-----`` (or ``----- No message was collected -----``). A report that names no address, only
``<code> <host> (smtp)... Deferred: …``, is about the unsent message's ``To:``. (Markers from
Sendmail 5's savemail.c as Sisimai's V5sendmail module quotes it.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.returned import first_to_address
from ndr_atlas.formats.words import SESSION_REPLY, SESSION_SENT, failure_from_words, reply_code, smtp_command

START = "----- Transcript of session follows -----"
ENDS = ("   ----- Unsent message follows -----", "  ----- No message was collected -----")
FAILED_RE = lazy_re(r"^[45]\d\d <(?P<addr>" + ADDRESS_RE.pattern + r")>\.\.\.\s*(?P<reply>.*)$")
SESSION_ERROR_RE = lazy_re(r"^[45]\d\d [^<>\s]+ \([a-z]+\)\.\.\. ")
TALKING_RE = lazy_re(r"^.{0,40}[Ww]hile talking to (?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\.?:")


def recognise(source: Source) -> bool:
    return source.header("Subject").startswith("Returned mail: ")


def read(source: Source) -> Parsed | None:
    text = source.text
    start = text.find(START)
    cut = min((i for i in (text.find(end) for end in ENDS) if i > start), default=-1)
    if start < 0 or cut < 0:
        return None  # Sendmail 5 always returns the message or says none was collected
    lines = [line for line in text[start:cut].split("\n")[1:] if line.strip()]
    failures = []
    command = reply = talking_to = None
    for line in lines:
        talking = TALKING_RE().match(line)
        if talking:
            talking_to = talking.group("host")
        failed = FAILED_RE().match(line)
        if failed:
            # The remote server's reply after the dots, else what it answered in the session.
            words = [failed.group("reply")] if failed.group("reply") else [reply or line]
            failure = failure_from_words(failed.group("addr"), words)
            failure.reply = failure.reply or reply_code(line)  # the reply after the dots gives none: the line's own
            failure.command = failure.command or command
            failure.remote_host = failure.remote_host or talking_to
            failures.append(failure)
            command = reply = None
        elif line.startswith(SESSION_SENT):
            command = smtp_command(line)
        elif line.startswith(SESSION_REPLY):
            reply = line.removeprefix(SESSION_REPLY)
    if not failures:
        session = next((line for line in lines if SESSION_ERROR_RE().match(line)), None)
        to = first_to_address(text[cut:])
        if session and to:
            failures.append(failure_from_words(to, [session]))
    return bounce(failures)
