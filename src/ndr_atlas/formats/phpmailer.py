"""PHPMailer's SMTP errors (PHP) as applications and their users paste them: no report, the library's
debug line for the command the server refused and its error for the recipients it could not add:

    2024-05-02 09:14:07 CLIENT -> SERVER: RCPT TO:<bob@example.org>
    2024-05-02 09:14:07 SMTP ERROR: RCPT TO command failed: 550 5.1.1 <bob@example.org>: User unknown
    SMTP Error: The following recipients failed: bob@example.org: <bob@example.org>: User unknown

PHPMailer's SMTP class builds them so (its source, src/SMTP.php ``sendCommand``): for a reply whose
code is not the one expected it sets the error "<command> command failed" (the command as the class
names it: "MAIL FROM", "RCPT TO", "DATA", "DATA END" for the end of the data, "EHLO", "HELO" …) and,
with SMTPDebug on, prints "SMTP ERROR: " . that error . ": " . the reply as read (every line of a
multi-line reply, each with its code), after its "CLIENT -> SERVER: " line of the command it sent;
the debug output's default prefix is the time. PHPMailer ``smtpSend`` then throws the language
string "SMTP Error: The following recipients failed: " with each refused address, followed since
5.2.10 or so by ": " and the reply's text without its codes (older releases list the addresses
alone). The command named is the one refused, the address of the RCPT TO line above a refusal its
recipient; a refused MAIL FROM names the sender, no recipient. Backed by PHPMailer's source and by
issues pasting its output (PHPMailer/PHPMailer#254, an Exim "451 Temporary local problem" for a
RCPT TO; PHPMailer/PHPMailer#763, qmail's "553 sorry, your envelope recipient domain must exist
(#5.7.1)" under "The following recipients failed"; a help-desk's issue quoting the list alone)."""

from __future__ import annotations

from ndr_atlas.formats.base import Failure, Parsed, Source, capped_evidence, lazy_re, logged_error
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words, rcpt_reply_address, refused_reply, reply_code

ERROR_CUE = "SMTP ERROR: "
LIST_CUE = "The following recipients failed: "
# PHPMailer's names of the commands it sends, and the SMTP command each one is.
COMMANDS = {
    "MAIL FROM": "MAIL",
    "RCPT TO": "RCPT",
    "DATA": "DATA",
    "DATA END": "DATA",
    "EHLO": "EHLO",
    "HELO": "HELO",
    "STARTTLS": "STARTTLS",
    "AUTH": "AUTH",
}
# The reply runs to the end of the line (an application's log that quoted it closes its quote there
# or before: logged_error). No cap on its length: before the line's end ("$"), a cap was a filter,
# and a line longer than the cap (a long reply, a JSON log line) was not read at all. Each pattern is
# searched in one line, and once "SMTP ERROR: … command failed: 5xx" matched, "[^\n]*$" cannot
# fail: one pass over the line, however long.
ERROR_RE = lazy_re(
    r"SMTP ERROR: (?P<command>MAIL FROM|RCPT TO|DATA END|DATA|EHLO|HELO|STARTTLS|AUTH) command failed: "
    r"(?P<reply>[45][0-5]\d(?:[ -][^\n]*)?)$",
    0,
)
# The next line of a multi-line reply as the debug output prints it: its time prefix, then the code.
NEXT_LINE_RE = lazy_re(r"(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d )?[ \t]*(?P<code>[45][0-5]\d)(?P<sep>[ -])(?P<text>[^\n]*)$")
# The RCPT TO line the debug output printed before the server's reply to it.
SENT_RCPT_RE = lazy_re(r"CLIENT -> SERVER: RCPT TO:\s*<(?P<address>[^>\s]{1,320})>")
# One address of the list the exception names, with the reply's text PHPMailer puts after it.
# (Pages that echo ErrorInfo after PHPMailer's example, "Mailer Error: " with no line break, run the
# next error on after the address: "bob@example.orgMailer Error: SMTP Error: …".)
# PHPMailer 5.x's setError appends the last SMTP error to the message in a paragraph of its own,
# "<p>" . lang('smtp_error') ("SMTP server error: ") . the reply without its code . "</p>" (its
# source, class.phpmailer.php SetError; class.smtp.php keeps "smtp_msg" as the reply after its code):
# "… failed: bob@example.org<p>SMTP server error: 5.7.1 <bob@example.org>: Relay access denied</p>".
# The paragraph follows the list's last address, the one whose RCPT TO was refused last (after a
# blank or a line break once the page that showed the error is read as HTML, its tags dropped).
LISTED_RE = lazy_re(
    r"The following recipients failed: (?P<address>[^\s:,;<>\"']{1,320}@[^\s:,;<>\"']{1,255}?)(?=Mailer Error:|[\s:,;<>\"']|$)"
    r"(?:: (?P<said>[^\n]+)|(?:<p>|\s{1,8})SMTP server error: (?P<paragraph>(?:[^\n<]|<(?!/p>)){1,2000}))?"
)
MAX_ERRORS = 200
MAX_REPLY_LINES = 20


def recognise(source: Source) -> bool:
    text = source.text
    return (ERROR_CUE in text and " command failed: " in text) or LIST_CUE in text


def read(source: Source) -> Parsed | None:
    lines = source.text.split("\n")
    failures: list[Failure] = []
    sent_to: str | None = None
    for index, line in enumerate(lines):
        if len(failures) >= MAX_ERRORS:
            break
        sent = SENT_RCPT_RE().search(line)
        if sent is not None:
            sent_to = sent.group("address")
            continue
        error = ERROR_RE().search(line)
        if error is None:
            continue
        reply = [logged_error(error.group("reply"))]
        reply.extend(rest_of_reply(lines, index + 1, error.group("reply")))
        command = COMMANDS[error.group("command")]
        refused_to = sent_to if command == "RCPT" else None  # the address of the RCPT TO line above the refusal
        failure = refused_reply(refused_to or rcpt_reply_address(" ".join(reply), command), reply, command)
        failure.names_no_recipient = command != "RCPT"  # nor does the refusal of DATA, EHLO … name a recipient
        failure.evidence = capped_evidence(reply)
        if not any((f.recipient, f.command, f.diagnostic) == (failure.recipient, failure.command, failure.diagnostic) for f in failures):
            failures.append(failure)
        sent_to = None
    for listed in LISTED_RE().finditer(source.text):
        address = listed.group("address")
        if any(f.recipient == address for f in failures):
            continue  # the debug line above gave its reply whole, codes and all
        unnamed = next((f for f in failures if f.command == "RCPT" and f.recipient is None), None)
        if unnamed is not None:
            unnamed.recipient = address  # a debug line without its RCPT TO line above: the list names whom
            continue
        said = logged_error(listed.group("said") or listed.group("paragraph") or "")
        failure = failure_from_words(address, [said] if said else [])
        failure.command = "RCPT"  # PHPMailer lists the addresses its RCPT TO commands could not add
        failure.evidence = capped_evidence([" ".join(listed.group(0).split())])
        failures.append(failure)
        if len(failures) >= MAX_ERRORS:
            break
    return bounce(failures)


def rest_of_reply(lines: list[str], start: int, first: str) -> list[str]:
    """The lines of a multi-line reply below its first (its code and a dash on each line but the last)."""
    rest: list[str] = []
    code, more = reply_code(first), first[3:4] == "-"
    for line in lines[start : start + MAX_REPLY_LINES]:
        if not more:
            break
        following = NEXT_LINE_RE().match(line)
        if following is None or following.group("code") != code:
            break
        rest.append(f"{code}{following.group('sep')}{following.group('text')}".strip())
        more = following.group("sep") == "-"
    return rest
