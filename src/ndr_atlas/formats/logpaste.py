"""Mail log lines pasted (or mailed) as text: the records of Postfix, Sendmail, Exim and Postal read
through their grammars (``formats.postfixlog``, ``formats.eximlog``), the errors in them by the
generic scanner with this module's ``generic.Layout``.

Each of these MTAs logs a line per recipient and attempt, the delivery it belongs to named on it
(Postfix's and Sendmail's queue ID, Exim's message id): the last line of a delivery says how it
ended, a line of another recipient's record is no part of the one above it, and a record that says
the delivery went through is no failure. Logs that a reader of their own reads whole (ZoneMTA,
OpenSMTPD, qmail-send, msmtp, maddy, Stalwart, AsyncOS, IIS, PowerMTA …) are read before this one;
a text with none of these records is left to the scanner alone. Like the scanner, the last resort
of the texts it recognises: it always answers.

Exim's main log pasted alone, when the error of a failed or deferred address is Exim's own (a local
transport or router that failed) and carries no SMTP reply for the scanner of lines, is read line by
line through ``eximlog``'s grammar first:

    2025-02-14 18:12:33.501 [47012] 1tixMn-00000000C5j-1wRa ** bob@example.org F=<ann@example.org>
    R=dovecot_user T=dovecot_delivery: Child process of dovecot_delivery transport returned 127 …

Lines whose errors all quote a remote server's reply are left to the scanner, which reads them
already; a paste that has one without is read that way whole. Backed by the Exim specification
("Log files") and such a line pasted in drlight17/mta-log-parser#22."""

from __future__ import annotations

import re
from itertools import islice

from ndr_atlas.formats import eximlog, generic, postfixlog
from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import clean_diagnostic, failure_from_words, is_more_specific, named_command

# Sendmail logs each delivery attempt on a line of its own, "QUEUEID: to=<recipients>, …, stat=…"
# (the syslog equates to= and stat=: Costales, "sendmail", 4th ed., 14.6): a line whose to= is a local name with no
# domain (the double bounce of a return to "MAILER-DAEMON" or "postmaster") is that name's record, and
# its stat= is no part of the address logged above it (wild set156/s10).
SENDMAIL_LOCAL_RECORD_RE = lazy_re(r"\]: [0-9A-Za-z]{8,20}: to=[^\s,@<>\"|/]+, (?:[a-z]+=[^,]*, ){0,12}stat=")
SENDMAIL_STAT = "stat="

# Postal's smtp_sender log names the recipient before the error it logs for it ("[ID] Sending
# message 1::24017 to bob@example.org", then "[ID] Net::SMTPFatalError: 550 …": its SMTPSender).
POSTAL_SENDING_RE = lazy_re(r"Sending message \d{1,12}::\d{1,12} to\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")", re.IGNORECASE)
POSTAL_SENDING_CUE_RE = lazy_re(r"sending message \d{1,12}::", re.IGNORECASE)

# A Postfix or Sendmail delivery record ("QUEUEID: to=<bob@…>"), within a line.
POSTFIX_RECORD = ": to=<"
# The syslog tag of a Postfix service ("postfix/smtpd[123]: "): its smtpd records a refused command.
POSTFIX_SERVICE = "postfix/"


# smtpd's record of a refused command (smtpd_check.c, log_whatsup: "QUEUEID: reject: CMD from
# client[addr]: REPLY; from=<…> to=<…> proto=… helo=<…>", NOQUEUE before the message has a queue ID),
# matched by its own grammar whatever the syslog daemon put before it ("postfix/smtpd[123]: ", or
# "[postfix/smtpd] " as some print the tag). Its reply is what smtpd told the client: a 4xx reject
# is temporary (SMTPD_ACCESS_README; postconf(5), the *_reject_code parameters and
# soft_bounce: "reject codes 5xx ... 4xx"), so the client keeps the message and tries again
# (RFC 5321, 4.2.1). The record says so itself, whatever words a person wrote around the paste.
REJECT_RECORD_RE = lazy_re(
    r"\b(?:NOQUEUE|[0-9A-Za-z]{5,24}): reject: [A-Z][A-Z-]{1,19} from [^\s\[\]]{1,255}\[[^\]\s]{1,64}\](?::\d{1,5})?: (?P<code>[245]\d\d)[ -]"
)


def temporary_reject(diagnostic: str) -> bool:
    """The error is smtpd's record of a refused command, and each such record in it has a 4xx reply."""
    if postfixlog.REJECT_MARK not in diagnostic:
        return False
    codes = [found.group("code") for found in islice(REJECT_RECORD_RE().finditer(diagnostic), MAX_FAILURES)]
    return bool(codes) and all(code[0] == "4" for code in codes)


def logged_recipient(line: str) -> str | None:
    """The recipient of a Postfix delivery record ("QUEUEID: to=<bob@…>, …"): each record is one line
    of its own (MAILLOG_README), so the line under another recipient's record is no part of its text."""
    if POSTFIX_RECORD not in line:
        return None
    record = postfixlog.RECORD_RE.search(line)
    return postfixlog.recipient_of(line, record) if record is not None else None


def postal_recipient(line: str) -> str | None:
    """The recipient Postal's smtp_sender log names before the error it logs for it."""
    found = POSTAL_SENDING_RE().search(line) if "@" in line and "::" in line else None
    return found.group("addr") if found else None


def bounced_record(line: str) -> bool:
    """A Postfix delivery record whose verdict is that the delivery was given up ("status=bounced",
    "status=expired"): a failure whatever the words in its parentheses ("mail for … loops back to myself")."""
    return (postfixlog.BOUNCED in line or postfixlog.EXPIRED in line) and logged_recipient(line.strip()) is not None


def logged_attempt(line: str, record: re.Match[str] | None) -> str | None:
    """The delivery a mail log's line of one recipient is an attempt of: the queue ID of a Postfix or
    Sendmail record ("QUEUEID: to=<bob@…>, …, status=deferred"), or the message id of an Exim line
    flagged "==" or "**". Each of these MTAs logs a line per recipient and attempt (Postfix's
    MAILLOG_README and smtp(8), Sendmail's op.me "stat=", the Exim specification's "Log files"), so
    the last line of a delivery says how it ended."""
    if record is not None:
        return record.group("qid") if record.group("field") == "to=<" else None
    if eximlog.FAILED not in line and eximlog.DEFERRED not in line:
        return None
    entry = eximlog.entry_of(line)
    return entry.message_id if entry is not None else None


class LogLayout(generic.Layout):
    """The records of a mail log, for the scanner (see ``generic.Layout``)."""

    def logged_deliveries(self, lines: list[str]) -> set[str]:
        return postfixlog.queue_ids(lines)  # queue IDs of the Postfix log records ("QUEUEID: to=<…>") pasted

    def record_on(self, line: str, logged: set[str]) -> re.Match[str] | None:
        return postfixlog.RECORD_RE.search(line) if logged and (POSTFIX_RECORD in line or ": host " in line) else None

    def passed_over(self, line: str, record: re.Match[str] | None, logged: set[str]) -> bool:
        if record is None:
            # pypolicyd-spf's verdict: smtpd's reject record of the same refusal names the recipient;
            # the only address on this line is the sender, in its "Why?s=mfrom;id=<sender>" URL.
            return "policyd-spf[" in line and postfixlog.POLICYD_SPF_RE().search(line) is not None
        if record.group("field") == "host " and record.group("qid") in logged:
            return True  # one MX host's refusal: its queue ID's "to=" record tells the recipient and the outcome
        # A delivery that went through ("status=sent"): no failure of its recipient.
        return postfixlog.DELIVERED_RE.search(line, record.end()) is not None

    def record_recipient(self, line: str, record: re.Match[str] | None) -> str | None:
        if record is None and postfixlog.REJECT_MARK in line:
            return postfixlog.rejected_recipient(line)
        return (postfixlog.recipient_of(line, record) if record is not None else None) or postal_recipient(line)

    def other_record(self, line: str) -> bool:
        # A Sendmail record of a local name ("to=postmaster, … stat=User unknown"): not the address above.
        return " to=" in line and SENDMAIL_LOCAL_RECORD_RE().search(line) is not None

    def attempt(self, line: str, record: re.Match[str] | None) -> str | None:
        return logged_attempt(line, record)

    def logged_recipient(self, line: str) -> str | None:
        return logged_recipient(line) or postal_recipient(line)

    def given_up(self, line: str) -> bool:
        return bounced_record(line)


LAYOUT = LogLayout()


def recognise(source: Source) -> bool:
    """A record of one of the logs this module knows: a Postfix or Sendmail delivery record, Postfix
    smtpd's record of a refused command, an Exim line flagged "**" or "==", Postal's "Sending message" line."""
    text = source.text
    return (
        POSTFIX_RECORD in text
        or (
            postfixlog.REJECT_MARK in text
            and POSTFIX_SERVICE in text
            and (postfixlog.SIGNATURE_RE().search(text) is not None or REJECT_RECORD_RE().search(text) is not None)
        )
        or (SENDMAIL_STAT in text and SENDMAIL_LOCAL_RECORD_RE().search(text) is not None)
        or eximlog.FAILED in text
        or eximlog.DEFERRED in text
        or ("::" in text and POSTAL_SENDING_CUE_RE().search(text) is not None)
    )


# A server's reply code in an Exim line's error.
REPLY_RE = lazy_re(r"(?:^|[\s:])[45]\d\d[\s-]")
MAX_FAILURES = 200
MAX_WRAPPED_LINES = 8


def wrapped_rest(text: str, end: int) -> str:
    """The indented lines under a log line: the same entry, wrapped by a mail program or a page."""
    rest: list[str] = []
    # Only the window the wrapped lines can fill is split: a long log would be split again for each entry.
    for line in text[end : end + (MAX_WRAPPED_LINES + 1) * 4001].split("\n")[1 : MAX_WRAPPED_LINES + 1]:
        if not line[:1].isspace() or not line.strip():
            break
        rest.append(line.strip())
    return " " + " ".join(rest) if rest else ""


def exim_own_errors(text: str) -> Parsed | None:
    """Exim's "**" / "==" lines of a paste, one failure per message and address, when one of their
    errors is Exim's own; None when every error quotes a server's reply (the scanner reads those)."""
    found = [
        (line, rest)
        for line in islice(eximlog.LINE_RE().finditer(text), MAX_FAILURES)
        if eximlog.names_a_delivery(line.group("addr").rstrip(":"), rest := line.group("rest") + wrapped_rest(text, line.end()))
    ]
    if not found or all(REPLY_RE().search(rest) for _, rest in found):
        return None  # every error quotes a server's reply: the scanner of lines reads those
    # One failure per message and address: a later line of the same delivery is its outcome (a
    # deferral, then "**" when a retry was refused or the retries ran out).
    failures: dict[tuple[str, str], Failure] = {}
    for line, rest in found:
        address = line.group("addr").rstrip(":")
        _, _, error = rest.partition(eximlog.FIELDS_END)
        failure = failure_from_words(address if "@" in address else None, [error or rest])
        failure.evidence = [line.group(0).strip()]
        if line.group("flag") == eximlog.DEFERRED_FLAG:
            failure.action = "delayed"  # Exim keeps the message and tries the address again
        failures[line.group("id"), address] = failure
    return bounce(list(failures.values()))


def read(source: Source) -> Parsed | None:
    text = source.text
    own = exim_own_errors(text) if eximlog.FAILED in text or eximlog.DEFERRED in text else None
    parsed = own if own is not None else generic.read_as_last_resort(source, LAYOUT)
    failures: list[Failure] = []
    named = {failure.recipient for failure in parsed.failures}
    for failure in parsed.failures:
        failures.append(failure)
        # Another delivery's record the scanner read as the rest of this one's reply is read on its own.
        for line in own_record_only(failure):
            for record in generic.failures_from_text(line, layout=LAYOUT):
                if record.recipient and record.recipient not in named:
                    named.add(record.recipient)
                    own_record_only(record)
                    failures.append(record)
    parsed.failures[:] = failures
    for failure in parsed.failures:
        if failure.action == "failed" and not (failure.reply or "4").startswith("5") and temporary_reject(failure.diagnostic):
            failure.action = "delayed"  # smtpd refused for now: the client that sent it tries again
            failure.retry = "server"
        elif failure.action == "failed" and not failure.final and postfixlog.soft_bounced(failure.diagnostic):
            soft_bounce(failure)
    return parsed


def own_record_only(failure: Failure) -> list[str]:
    """A failure read from a Postfix delivery record that closes on its own line keeps none of the
    syslog lines under it but its own delivery's and its recipient's: Postfix logs each recipient and
    attempt on one line (MAILLOG_README), so the next lines are other records (another delivery's,
    "Host offered STARTTLS", cleanup's message-id), never the rest of the reply, even when one of them
    closes "(in reply to RCPT TO command)" as the scanner's reading of a wrapped reply expects of a
    greeting refusal, which has no such closing (wild set252/s15: the next recipient's "User unknown"
    and RCPT were taken for a "554 5.7.1 … Mail refused" greeting's). Returns the delivery records
    among the lines dropped: each is a delivery of its own, read apart."""
    if len(failure.evidence) < 2:
        return []
    first, *under = failure.evidence
    record = postfixlog.RECORD_RE.search(first)
    if record is None or postfixlog.delivery_of(first) is None:
        return []
    others = [line for line in under if other_delivery(line, record.group("qid"), failure.recipient)]
    if not others:
        return []
    for line in others:
        words = " ".join(line.split())
        failure.diagnostic = failure.diagnostic.replace(" | " + words, "").replace(" " + words, "")
    failure.evidence = [first, *(line for line in under if line not in others)]
    failure.command = named_command(clean_diagnostic(failure.diagnostic))
    return [line for line in others if postfixlog.delivery_of(line) is not None]


def other_delivery(line: str, queue_id: str, recipient: str | None) -> bool:
    """The line is a Postfix syslog line of another delivery than the queue ID's, and not of the recipient."""
    if postfixlog.SIGNATURE_RE().search(line) is None:
        return False
    record = postfixlog.RECORD_RE.search(line)
    return (record is None or record.group("qid") != queue_id) and logged_recipient(line) != recipient


def soft_bounce(failure: Failure) -> None:
    """A delivery Postfix would have bounced, kept queued by soft_bounce = yes (postconf(5): "keep mail
    queued that would otherwise be returned to the sender"; global/bounce.c logs it "SOFTBOUNCE" with
    its dsn= turned into 4.x.x): a delay, whose reason is the remote server's reply, not the softened
    status. Postfix's dsn= is the status, as for any deferral, unless it says no more than its class
    (4.0.0: Postfix read no code from "550 #5.1.0 Address rejected") and the reply states a code of its
    own, which the scanner read and keeps, as for the same record bounced ("#5.1.0": the unknown
    address it is, wild set252/s15)."""
    failure.action = "delayed"
    failure.retry = "server"
    logged = postfixlog.deferred_status(failure.diagnostic)
    stated = failure.status or ""
    if logged is not None and not (stated[:1] == "5" and is_more_specific(stated, logged)):
        failure.status = logged
