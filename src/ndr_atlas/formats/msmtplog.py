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
Fastmail, a Russian wiki page on a Yandex refusal).

msmtp also says why on its standard error, which a terminal, a cron mail or a script's log catches
(msmtp.c): the same refusal, then each line of the server's reply:

    msmtp: recipient address bob@example.org not accepted by the server
    msmtp: server message: 550 5.1.1 <bob@example.org>: Recipient address rejected
    msmtp: could not send mail (account default from /etc/msmtprc)

The first line names the refused recipient (RCPT), the refused sender ("envelope from address …":
no recipient failed, MAIL) or the refused mail ("the server did not accept the mail": DATA, the
recipients only on the command line); a reply pasted alone names none. The address is the one
given to msmtp, which may be a bare local name ("root") or a host's name with no dot in it. Server
messages after another error (authentication, TLS) are no delivery's failure and are left to the
scanner of lines. Backed by msmtp's terminal output pasted in public: a Nextcloud setup script's
issue, a kernel mailing-list reply, a RAID-monitoring how-to's comments, Chinese notes on NetEase
and on a Zabbix sender, Russian notes on a Yandex refusal."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, HOST_MAILBOX_RE, Failure, Parsed, Source, lazy_re, unescaped_breaks
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import refused_reply, reply_code

# One entry, from its recipients to its error; a pasted line may wrap between fields. Every part is
# bounded, so a long paste costs a scan per entry, never a search through all of it.
ENTRY_RE = lazy_re(
    r"\brecipients=(?P<rcpts>[^\s']{1,2000})(?:\s+mailsize=\d{1,12})?\s+smtpstatus=(?P<code>\d{3})"
    r"(?:\s+smtpmsg='(?P<msg>[^\n]{0,4000}?)'(?=\s+(?:errormsg|exitcode)=|\s*$))?(?:\s+errormsg='(?P<err>[^'\n]{0,1000})')?",
    re.MULTILINE,
)
REFUSED_RE = lazy_re(r"^(?P<who>recipient|envelope from) address (?P<addr>\S{1,320}) not accepted", re.IGNORECASE)
MAX_ENTRIES = 200


# msmtp's terminal lines: the program's name starts the line (or follows a prompt, a comment's "#").
TERMINAL_RE = lazy_re(r"(?<![\w/.-])msmtp: (?P<said>[^\n]{1,1200})$", re.MULTILINE)
SERVER_MESSAGE = "server message: "
REFUSED_MAIL = "the server did not accept the mail"
MAX_CONTINUED = 3  # lines a narrow terminal or a mail archive wrapped a server message onto


def recognise(source: Source) -> bool:
    text = source.text
    return ("smtpstatus=" in text and "recipients=" in text) or "msmtp: " + SERVER_MESSAGE in text


def read(source: Source) -> Parsed | None:
    if "smtpstatus=" not in source.text:
        return read_terminal(source.text)
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
            failure = refused_reply(recipient, lines, command)
            failure.reply = failure.reply or code
            failure.evidence = [" ".join(entry.group(0).split())]
            failures.append(failure)
        if len(failures) >= MAX_ENTRIES:
            break
    return bounce(failures)


def read_terminal(text: str) -> Parsed | None:
    """msmtp's error lines as its terminal shows them: a refusal, then the server's reply."""
    failures: list[Failure] = []
    refusal: str | None = None  # the error line the server messages below it belong to
    said: list[str] = []
    evidence: list[str] = []

    def close() -> None:
        if not said or len(failures) >= MAX_ENTRIES:
            return
        refused = REFUSED_RE().match(refusal or "")
        command: str | None = None
        recipient: str | None = None
        if refused and refused.group("who").lower() == "envelope from":
            command = "MAIL"
        elif refused:
            address = refused.group("addr")
            recipient = address if ADDRESS_RE.fullmatch(address) or HOST_MAILBOX_RE.fullmatch(address) else None
            command = "RCPT"
        elif refusal == REFUSED_MAIL:
            command = "DATA"
        elif refusal is not None:
            return  # authentication, TLS, a connection: no delivery was refused
        failure = refused_reply(recipient, [" ".join(said)], command)  # at MAIL FROM, the line's address is the sender's
        failure.evidence = evidence[:8]
        failures.append(failure)

    lines = text.split("\n")
    for index, line in enumerate(lines):
        found = TERMINAL_RE().search(line)
        if not found:
            continue
        words = found.group("said").strip()
        if words.startswith(SERVER_MESSAGE):
            reply = words[len(SERVER_MESSAGE) :].strip()
            # A multi-line reply: "550-…" then "550 …", each on its own "server message" line.
            continued = said and (code := reply_code(reply)) is not None and code == reply_code(said[0]) and said[-1][3:4] == "-"
            if not continued:
                close()
                said, evidence = [], []
            said.append(reply)
            evidence.append(" ".join(line.split()))
            for follow in lines[index + 1 : index + 1 + MAX_CONTINUED]:  # a line wrapped by the paste
                if not follow.strip() or "msmtp:" in follow:
                    break
                said.append(follow.strip())
            continue
        close()
        said, evidence = [], []
        refusal = words
    close()
    return bounce(failures) if failures else None
