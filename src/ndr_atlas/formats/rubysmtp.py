"""Ruby's Net::SMTP errors as Rails applications and their error trackers report them: no report, the
exception class, the server's reply whole as its message, and a backtrace through net/smtp.rb:

    Net::SMTPFatalError (550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown
    ):
      /usr/lib/ruby/3.2.0/net/smtp.rb:1076:in `check_response'
      /usr/lib/ruby/3.2.0/net/smtp.rb:1046:in `getok'
      /usr/lib/ruby/3.2.0/net/smtp.rb:962:in `rcptto'

net/smtp.rb raises from ``check_response`` the class its Response names for the reply code
(``exception_class``: SMTPServerBusy for 4xx, SMTPSyntaxError for 50x, SMTPAuthenticationError for
53x, SMTPFatalError for the other 5xx, SMTPUnknownError), with the reply as read, every line and its
final line break, for message; the method that sent the command is the frame under ``getok`` /
``check_response``: ``mailfrom`` (MAIL FROM), ``rcptto`` (RCPT TO), ``data`` (the end of the
data). Error trackers print the class and the message on their own lines or side by side
(Honeybadger's "Net::SMTPFatalError - 550 …", Airbrake's "**Error type:** `Net::SMTPFatalError`"
and "**Error message:** `` 550 … ``", Bugsnag's class heading with the message under it, GlitchTip's
"Net::SMTPServerBusy 450 4.1.2 … (Net::SMTPServerBusy)"). Rails' own log puts "Sent mail to
<address>" (ActionMailer's log subscriber) above the error of that delivery. The refused MAIL FROM
names the sender, no recipient. Backed by net/smtp.rb and ActionMailer's source and by issues that
error trackers opened in several projects (cuttlefish, exercism, zeitkit, evercam, hitobito,
one-click-orgs).

When the mail server is not even reached, net/smtp.rb's ``tcp_socket`` lets the socket's error
through: Ruby's ``Errno::ECONNREFUSED`` with the message its socket library writes,
``Connection refused - connect(2) for "<host>" port <port>`` (``for nil port 25`` with no host set).
No server said anything, so no reply is read: the failure is the connection itself, at the
connection stage, for the one recipient the application names ("Unable to send email to
'<name> <address>'": Zammad's note on the article; ActionMailer's "Sent mail to <address>"). It is
read only where the refused port is a mail port (25, 465, 587, 2525) or the backtrace or the line
names SMTP (net/smtp.rb, Zammad's ``Channel::Driver::Smtp``, "SMTP server"). Backed by that
message format and by issues of Rails applications and mail tools that quote it whole (zammad
#1239, postal #169 and #523, southy #5, abilitysheet #174, mikel/mail #726)."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, capped_evidence, lazy_re, logged_error
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words, reply_code

CUE = "Net::SMTP"
# The exception classes and the reply codes net/smtp.rb raises each one for.
CLASS_RE = lazy_re(r"\bNet::SMTP(?P<kind>FatalError|ServerBusy|SyntaxError|AuthenticationError|UnknownError)\b")
FIRST_DIGITS = {"FatalError": "5", "ServerBusy": "4", "SyntaxError": "50", "AuthenticationError": "53", "UnknownError": ""}
# The reply after the class: on its line or on the next few, after the trackers' labels and quotes.
# Only its code is looked for in the window (a code, then a blank, a dash or the line's end); the
# reply then runs to its line's end, however long. A whole reply matched within the window ended
# at the window's end, and a cap of 1,000 characters before "$" filtered longer lines (as
# phpmailer's, 781aa69).
REPLY_RE = lazy_re(r"(?<![\w.:/-])(?P<reply>[45][0-5]\d)(?=[ -]|$)", 8)  # re.MULTILINE
# How far below (or beside) the class its message's code is looked for.
REPLY_WINDOW = 400
# A frame of net/smtp.rb's that sent the refused command (with or without the quotes around its name).
FRAME_RE = lazy_re(r"net/smtp\.rb:\d+:in [`'‘]?(?:Net::SMTP#)?(?P<method>mailfrom|rcptto|data|helo|ehlo|starttls|auth\w*|authenticate)\b")
COMMANDS = {"mailfrom": "MAIL", "rcptto": "RCPT", "data": "DATA", "helo": "HELO", "ehlo": "EHLO", "starttls": "STARTTLS"}
# ActionMailer's log line for the delivery the error belongs to.
SENT_TO_RE = lazy_re(r"^Sent mail to (?P<to>[^\s(]{3,320}) \(", 8)
# What a tracker or a log closes the message with: blanks, backticks and asterisks (Markdown), a
# bracket the message did not open (Rails' "Net::SMTPFatalError (550 …\n):"), the class named again.
CLOSING_MARKS = "`*"
CLASS_AGAIN_RE = lazy_re(r"\(Net::SMTP\w{1,40}\)$")
CLASS_AGAIN_CHARS = 52
# The commands whose refusal is about the session or the sender: no address is the recipient's.
SESSION_COMMANDS = ("MAIL", "HELO", "EHLO", "STARTTLS", "AUTH")
MAX_ERRORS = 50
# Ruby's socket error when nothing listens on the mail server's port, as net/smtp.rb lets it through.
REFUSED_CUE = "Errno::ECONNREFUSED"
REFUSED_RE = lazy_re(r"\bConnection refused - connect\(2\)(?: for (?:\\?\"(?P<host>[^\"\\\s]{1,255})\\?\"|nil) port (?P<port>\d{1,5}))?")
MAIL_PORTS = ("25", "465", "587", "2525")
# What names the SMTP client around the error: net/smtp.rb's frame, Zammad's channel driver, "SMTP".
SMTP_CONTEXT_RE = lazy_re(r"net/smtp\.rb|Channel::Driver::Smtp|\bSMTP\b")
# Zammad's note on the article ("Unable to send email to 'Max Muster <max@example.com>': …").
UNABLE_TO_SEND_RE = lazy_re(r"\bUnable to send email to '(?P<to>[^'\n]{1,400})'")


def recognise(source: Source) -> bool:
    text = source.text
    return (CUE in text and CLASS_RE().search(text) is not None) or (REFUSED_CUE in text and REFUSED_RE().search(text) is not None)


def read(source: Source) -> Parsed | None:
    text = source.text
    if CUE not in text or CLASS_RE().search(text) is None:
        return connection_refused(text)
    failures: list[Failure] = []
    frame = FRAME_RE().search(text)
    method = frame.group("method").lower() if frame else ""
    command = "AUTH" if method.startswith("auth") else COMMANDS.get(method)
    sent = SENT_TO_RE().search(text)
    for error in CLASS_RE().finditer(text):
        if len(failures) >= MAX_ERRORS:
            break
        said = reply_after(text, error.end(), FIRST_DIGITS[error.group("kind")])
        if said is None:
            continue
        failure = failure_from_words(None, [said])
        failure.reply = failure.reply or reply_code(said)
        failure.command = command or failure.command  # the frame, else what the reply's words name ("Recipient address rejected")
        failure.names_no_recipient = failure.command in SESSION_COMMANDS
        named = ADDRESS_RE.search(said)
        if failure.command == "RCPT" and named is not None:
            failure.recipient = named.group(0)
        elif failure.command is None and named is None and sent is not None and ADDRESS_RE.fullmatch(sent.group("to")):
            failure.recipient = sent.group("to")  # the one address the delivery was for
        failure.evidence = capped_evidence([said])
        if not any((f.recipient, f.diagnostic) == (failure.recipient, failure.diagnostic) for f in failures):
            failures.append(failure)  # the class named twice (heading and message, title and body): one error
    return bounce(failures)


def reply_after(text: str, start: int, digits: str) -> str | None:
    """The server's reply the exception carried: the first reply at or below its class whose code is
    of the class's range, up to the end of its line, without what the tracker closed it with."""
    for found in REPLY_RE().finditer(text, start, start + REPLY_WINDOW):
        if not found.group("reply").startswith(digits):
            continue
        end = text.find("\n", found.start())
        said = text[found.start() : end if end >= 0 else len(text)]
        said = logged_error(without_closing(said))
        return said or None
    return None


def without_closing(said: str) -> str:
    """The message without what closed it (blanks and CLOSING_MARKS, brackets it did not open, the
    class named again), taken off from its end: a pattern that matched the blanks of a long reply
    from each of their starts cost the cube of their number. A bracket the reply opened stays
    ("550 … (#5.1.1)")."""
    said = without_closing_marks(said)
    unopened = said.count(")") - said.count("(")
    while unopened > 0 and said.endswith(")") and CLASS_AGAIN_RE().search(said[-CLASS_AGAIN_CHARS:]) is None:
        said = without_closing_marks(said[:-1])
        unopened -= 1
    again = CLASS_AGAIN_RE().search(said)
    return without_closing_marks(said[: again.start()]) if again is not None else said


def without_closing_marks(said: str) -> str:
    """The text without the blanks, backticks and asterisks at its end."""
    end = len(said)
    while end and (said[end - 1].isspace() or said[end - 1] in CLOSING_MARKS):
        end -= 1
    return said[:end]


def connection_refused(text: str) -> Parsed | None:
    """Ruby's refused connection to the mail server: one failure at the connection stage, with no
    reply, for the recipient the application names, when the port or the words around it are SMTP's."""
    refused = REFUSED_RE().search(text)
    if refused is None:
        return None
    line_start = text.rfind("\n", 0, refused.start()) + 1
    line_end = text.find("\n", refused.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if refused.group("port") not in MAIL_PORTS and SMTP_CONTEXT_RE().search(text) is None:
        return None
    recipient = None
    unable = UNABLE_TO_SEND_RE().search(text)
    sent = SENT_TO_RE().search(text)
    if unable is not None:
        named = [found.group(0) for found in ADDRESS_RE.finditer(unable.group("to"))]
        recipient = named[0] if len(named) == 1 else None
    elif sent is not None and ADDRESS_RE.fullmatch(sent.group("to")):
        recipient = sent.group("to")
    said = text[refused.start() : refused.end()]
    failure = failure_from_words(recipient, [said])
    failure.command = "CONN"
    failure.retry = "application"
    failure.evidence = capped_evidence([line.strip()])
    return bounce([failure])
