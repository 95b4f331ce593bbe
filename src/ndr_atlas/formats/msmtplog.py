"""msmtp's log (its ``logfile`` or syslog): no report, one line of name=value fields per mail it
tried to hand to its SMTP server, which users paste when a cron job's or a device's mail went
nowhere:

    Dec 02 06:15:02 host=smtp.example.net tls=on auth=on user=ann@example.com from=ann@example.com
    recipients=bob@example.org,carl@example.org mailsize=812 smtpstatus=554 smtpmsg='554-Transaction
    failed\\n554 Reject due to policy restrictions.' errormsg='the server did not accept the mail'
    exitcode=EX_UNAVAILABLE

The fields say who failed and when: ``errormsg`` names the refused recipient ("recipient address
bob@example.org not accepted by the server", at RCPT), or the refused sender ("envelope from
address … not accepted by the server", at MAIL: no recipient failed), or the refused mail ("the
server did not accept the mail", after DATA: every address of ``recipients=`` failed).
``smtpstatus`` is the server's reply code and ``smtpmsg`` its text, a multi-line reply joined with
``\\n`` written out. ``user=`` and ``from=`` are the sender's addresses: the scanner of lines took
them for the recipient. Backed by msmtp's manual (the log file option) and its logs pasted in public
(a home-automation add-on's issue sending through web.de, a blog post on a cron job refused by
Fastmail, a Russian wiki page on a Yandex refusal)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re, unescaped_breaks
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# One entry, from its recipients to its error; a pasted line may wrap between fields. Every part is
# bounded, so a long paste costs a scan per entry, never a search through all of it.
ENTRY_RE = lazy_re(
    r"\brecipients=(?P<rcpts>[^\s']{1,2000})(?:\s+mailsize=\d{1,12})?\s+smtpstatus=(?P<code>\d{3})"
    r"(?:\s+smtpmsg='(?P<msg>[^\n]{0,4000}?)'(?=\s+(?:errormsg|exitcode)=|\s*$))?(?:\s+errormsg='(?P<err>[^'\n]{0,1000})')?",
    re.MULTILINE,
)
REFUSED_RE = lazy_re(r"^(?P<who>recipient|envelope from) address (?P<addr>\S{1,320}) not accepted", re.IGNORECASE)
MAX_ENTRIES = 200


def recognise(source: Source) -> bool:
    text = source.text
    return "smtpstatus=" in text and "recipients=" in text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for entry in ENTRY_RE().finditer(source.text):
        code = entry.group("code")
        if code.startswith("2"):
            continue  # a mail the server accepted
        said = unescaped_breaks(entry.group("msg") or "").splitlines()  # the reply's lines, joined with "\\n" written out
        error = entry.group("err") or ""
        lines = said or [f"{code} {error}"]
        refused = REFUSED_RE().match(error)
        command: str | None
        if refused and refused.group("who").lower() == "envelope from":
            recipients: list[str | None] = [None]
            command = "MAIL"
        elif refused:
            recipients = [refused.group("addr") if ADDRESS_RE.fullmatch(refused.group("addr")) else None]
            command = "RCPT"
        else:
            listed = [name for name in entry.group("rcpts").split(",") if ADDRESS_RE.fullmatch(name)]
            recipients = [*listed] or [None]
            command = "DATA" if "did not accept the mail" in error else None
        for recipient in recipients:
            failure = failure_from_words(recipient, lines)
            failure.reply = failure.reply or code
            failure.command = command or failure.command
            failure.evidence = [" ".join(entry.group(0).split())]
            failures.append(failure)
        if len(failures) >= MAX_ENTRIES:
            break
    return bounce(failures)
