"""sSMTP's errors on its terminal (and in the cron mail or script log that catches them): sSMTP is a
send-only ``sendmail`` replacement with no queue and no report, so a refusal is only a line on
standard error, the program's name first (``prog = basename(argv[0])``: ``ssmtp``, or ``sendmail``
when it is called through that link):

    ssmtp: RCPT TO:<bob@example.org> (550 5.1.1 <bob@example.org>: Recipient address rejected)
    sendmail: 553 5.7.1 <ann@example.com>: Sender address rejected: not owned by user

Its ssmtp.c writes ``die("RCPT TO:<%s> (%s)", p, buf)`` when the server refuses a recipient (the
address as sent, then the server's reply in parentheses) and ``die("%s", buf)`` when it refuses the
sender, the data or the mail after it (the reply alone, no address, no command). The address is the
one written in the mail or on the command line: often a local name with no dot in its domain
(``postmaster@ubuntu``), a display name left in (``Report@host`` after a blank), or no address at
all, which the scanner of lines never takes for a recipient. Backed by sSMTP's source (ssmtp.c,
``die()`` and ``main()``) and by its errors pasted in public: a Ubuntu forum thread of an
apt-listchanges run, a vnStat cron script's output, a SARG report mail, a shell script's comment
quoting a Dutch provider's refusal of the sender, a Canadian ISP's sender check."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, HOST_MAILBOX_RE, Failure, Parsed, Source, capped_evidence, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words, reply_code

# The program's name starts the line, or follows a prompt, a comment's "#" or a quote's ">" (never a
# path's "/" or a word: "imsmtp:", "/usr/sbin/sendmail:" are other programs' words).
PROGRAM = r"(?<![\w/.-])(?:ssmtp|sendmail): "
# "RCPT TO:<address> (reply)": the reply may hold parentheses of its own and, pasted from a narrow
# terminal, run on over a few lines; it ends at the ")" that closes a line.
RCPT_RE = lazy_re(
    PROGRAM + r"RCPT TO:<(?P<addr>[^<>\n]{0,320})> \((?P<reply>[45]\d\d(?:[ -][^\n]{0,1000}?)?"
    r"(?:\n[^\n]{0,1000}?){0,3})\)[^\S\n]*$",
    re.MULTILINE,
)
# "reply" alone: the sender, the data or the mail refused.
REPLY_RE = lazy_re(PROGRAM + r"(?P<reply>[45]\d\d[ -][^\n]{0,1000})$", re.MULTILINE)
MAX_ERRORS = 200


def recognise(source: Source) -> bool:
    text = source.text
    if "ssmtp: " not in text and "sendmail: " not in text:
        return False
    return REPLY_RE().search(text) is not None or ("RCPT TO:<" in text and RCPT_RE().search(text) is not None)


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for error in RCPT_RE().finditer(source.text):
        if len(failures) >= MAX_ERRORS:
            break
        said = " ".join(error.group("reply").split())
        address = error.group("addr").strip()
        recipient = address if ADDRESS_RE.fullmatch(address) or HOST_MAILBOX_RE.fullmatch(address) else None
        failure = failure_from_words(recipient, [said])
        failure.reply = failure.reply or reply_code(said)
        failure.command = "RCPT"
        failure.evidence = capped_evidence([" ".join(error.group(0).split())])
        failures.append(failure)
    if not failures:
        for error in REPLY_RE().finditer(source.text):
            if len(failures) >= MAX_ERRORS:
                break
            said = error.group("reply").strip()
            # No address: the reply is to MAIL FROM, DATA or the data's end, and names the sender if any.
            failure = failure_from_words(None, [said])
            failure.reply = failure.reply or reply_code(said)
            failure.evidence = capped_evidence([" ".join(error.group(0).split())])
            failures.append(failure)
    return bounce(failures)
