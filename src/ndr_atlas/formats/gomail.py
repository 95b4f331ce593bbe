"""Gomail's send errors (gopkg.in/gomail.v2 and its forks) as Go applications log them: no report, the
library's words, the index of the message in the batch, then the server's reply as Go's net/smtp
gives it:

    gomail: could not send email 1: 550 5.1.1 <bob@example.org>: Recipient address rejected

Gomail's SendError prints ``fmt.Sprintf("gomail: could not send email %d: %v", err.Index+1,
err.Cause)`` (its send.go), and the cause of a refusal is net/smtp's textproto.Error, printed
``fmt.Sprintf("%03d %s", e.Code, e.Msg)``: the reply code and the server's text. Gomail wraps what
MAIL FROM, RCPT TO, DATA and the end of the data returned alike, so the error names no command.
Without a cue word before the code the scanner of lines leaves such a line unread. Backed by
gomail's source and by errors quoted in projects' notes and READMEs (a Supabase Auth deployment's
notes quoting Resend's refusal, a Go notification service's FAQ quoting a mail provider's 501, an
Auth log quoted in a Spanish decision record, a Go test's comment quoting Amazon SES).

An application's own sender passed to gomail may name the command before net/smtp's error: Gogs'
mailer (its Sender.Send, as Gitea had it too) returns ``fmt.Errorf("Rcpt: %v", err)``, and likewise
"Mail: ", "Data: " and "Close: " (the end of the data), so its log reads "gomail: could not send
email 1: Rcpt: 550 Mailbox not found or access denied" (a Gogs issue's log, QQ Mail's refusal).
Other Go senders write the same words lowercase ("rcpt: %v", "mail: %v"). The label names the
command; the reply after it is read as before."""

from __future__ import annotations

from ndr_atlas.formats.base import Failure, Parsed, Source, capped_evidence, lazy_re, logged_error
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import rcpt_reply_address, refused_reply

MARKER = "gomail: could not send email"
# The reply runs to the line's end (logged_error then ends it where a log closed its quote): a cap
# of 1,000 characters cut a longer one short, before the quote's end (phpmailer's cap, 781aa69).
ERROR_RE = lazy_re(r"gomail: could not send email \d{1,9}: (?:(?P<label>(?i:mail|rcpt|data|close)): )?(?P<reply>[45]\d\d(?:[ -][^\n]*)?)")
# The sender's label and the command it names (Close: the reply to the end of the data).
COMMANDS = {"mail": "MAIL", "rcpt": "RCPT", "data": "DATA", "close": "DATA"}
MAX_ERRORS = 200


def recognise(source: Source) -> bool:
    return MARKER in source.text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for error in ERROR_RE().finditer(source.text):
        if len(failures) >= MAX_ERRORS:
            break
        # A log may quote the error (logfmt's err="…", a JSON string); inside, a multi-line reply
        # (net/textproto's ReadResponse joins its lines with a line break) has them written "\n".
        said = logged_error(error.group("reply"))
        # No address taken from the text when no command is named: one there may be the sender's. The
        # reply to RCPT TO names the refused recipient when it names one.
        command = COMMANDS[error.group("label").lower()] if error.group("label") else None
        failure = refused_reply(rcpt_reply_address(said, command), [said], command)
        failure.evidence = capped_evidence([" ".join(error.group(0).split())])
        failures.append(failure)
    return bounce(failures)
