"""GMX and mail.com (an ``X-GMX-Antispam`` header): after ``This message was created automatically by
mail delivery software.`` each recipient as ``"address":`` (or ``<address>``), then ``SMTP error from
remote server after RCPT command:``, ``host: <server>`` and the reply, or ``Reason:`` and the reason
on the next line; the original after ``--- The header of the original message is following. ---``.
Markers as Sisimai's GMX module records them.

Also the platform's own refusal pasted bare: the servers of GMX, WEB.DE and 1&1 / IONOS end a refusal
with a line pointing to their postmaster's page, "554-Transaction failed" / "554-Reject due to policy
restrictions." / "554 For explanation visit https://postmaster.web.de/en/case?c=hi…", a multi-line reply
(RFC 5321 4.2.1: each line but the last has "-" after its code). Its last line names no failure, so the
scanner of lines, which looks for the failure's words on the line of the final code, misses the reply
when it stands alone under a person's sentence. Read here as one failure with the reply's code, only in
a paste that names no address (where an address is named, the readers of its context pair the reply
with its recipient). Backed by RFC 5321 and six pastes of the same reply in the wild sets (set207
s40–s42, set216 s14 and s17, set239 s09), from the GMX, WEB.DE, 1&1 and IONOS hosts."""

from __future__ import annotations

import re

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re, may_say, search_address
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import blocks_under, failure_from_words, find_remote_host, named_command

START = "This message was created automatically by mail delivery software"
ENDS = ("--- The header of the original message is following. ---",)
RECIPIENT_RE = lazy_re(r"^(?:\"(?P<quoted>" + ADDRESS_RE.pattern + r")\"|<(?P<angled>" + ADDRESS_RE.pattern + r")>):?\s*$")
HOST_RE = lazy_re(r"^host:\s*(?P<host>[A-Za-z0-9.-]{1,253})")
# GMX quotes the remote server's status without its reply code: "5.1.1 <address>... User Unknown".
LEADING_STATUS_RE = lazy_re(r"^(?P<status>[245]\.\d{1,3}\.\d{1,3})\s")


# The last line of the platform's refusal: its code, "For explanation visit" and the postmaster's page
# on a host of the platform ("postmaster.gmx.net/de/case?…", "www.gmx.net/mail/senderguidelines?…",
# "postmaster.web.de/en/case?…", "postmaster.1und1.de/de/case?…", "www.ionos.com/help/…"). Searched in
# a paragraph's lines joined, as a paste wraps the reply anywhere.
EXPLANATION_RE = lazy_re(
    r"(?<![\w.-])(?P<code>[45]\d\d)[ -]For explanation visit https?://(?:www\.)?(?:postmaster\.)?"
    r"(?:gmx|web|1und1|ionos)\.(?:net|de|com|at|ch)/",
    re.IGNORECASE,
)
EXPLANATION_NEEDLES = ("explanation visit",)
# What a paste puts before a line of the reply: a quotation's ">", a code span's backticks, an indent.
QUOTING_RE = lazy_re(r"^[\s>`]+|`+\s*$")


def recognise(source: Source) -> bool:
    return bool(source.header("X-GMX-Antispam")) or (source.message is None and may_say(source.text, EXPLANATION_NEEDLES))


def read(source: Source) -> Parsed | None:
    if source.message is None:
        return read_pasted_reply(source.text)
    lines = marked_lines(source.text, START, ENDS)
    if lines is None:
        return None
    found = [(m.group("quoted") or m.group("angled"), i) for i, m in enumerate(RECIPIENT_RE().match(line) for line in lines) if m]
    failures = []
    for address, below in blocks_under(lines, found):
        block = [line for line in below if line and line != "Reason:"]
        failure = failure_from_words(address, block)
        host = next((m.group("host") for m in (HOST_RE().match(line) for line in block) if m), None)
        failure.remote_host = host or failure.remote_host
        stated = next((m.group("status") for m in (LEADING_STATUS_RE().match(line) for line in block) if m), None)
        failure.status = failure.status or (normalise_status(stated) if stated else None)
        failures.append(failure)
    return bounce(failures)


def read_pasted_reply(text: str) -> Parsed | None:
    """The platform's refusal pasted bare: the paragraph holding its explanation line, from the first
    line of the reply (the first "554-" or "554 " of the same code) to the paragraph's end (a wrapped
    URL, Postfix's "(in reply to end of DATA command)"). None when the paste names an address."""
    if search_address(text) is not None:
        return None
    for paragraph in text.split("\n\n"):
        joined = " ".join(QUOTING_RE().sub("", line) for line in paragraph.split("\n"))
        joined = " ".join(joined.split())
        explanation = EXPLANATION_RE().search(joined)
        if explanation is None:
            continue
        code = explanation.group("code")
        first = re.search(r"(?<![\w.-])" + code + r"[ -]", joined)
        reply = joined[first.start() if first is not None else explanation.start() :]
        failure = failure_from_words(None, [reply])
        failure.reply = failure.reply or code
        # The words before the reply say where and when it came: "host smtp.ionos.de[…] said:", qmail's
        # "… failed after I sent the message." (refused at DATA).
        failure.remote_host = failure.remote_host or find_remote_host(joined)
        failure.command = failure.command or named_command(joined)
        return bounce([failure])
    return None
