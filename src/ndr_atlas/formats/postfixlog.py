"""Postfix's mail log lines, the grammar once for ``diagnose`` (lines pasted: the scanner of lines in
``formats.logpaste`` and ``words.mark_delayed`` read them) and for ``ndr-atlas logs`` (``logs.postfix``
reads log files with ``delivery_of``). A delivery agent (smtp, lmtp, local, virtual, pipe …) logs each
recipient and attempt after the message's queue ID, its fields in a fixed order, the delivery's status
in ``dsn=`` and its verdict in ``status=``, then the server's reply or Postfix's own words in
parentheses (smtp(8), MAILLOG_README):

    Dec  4 10:15:02 mx1 postfix/smtp[2101]: 4QxY1k0abc: to=<bob@example.com>, relay=mx.example.com[203.0.113.5]:25,
        delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.1.1, status=bounced (host mx.example.com[203.0.113.5] said: 550 5.1.1 …)

A refusal by one MX host before the next was tried is logged ``QUEUEID: host mx…[…] said: …`` with no
``to=``: the record of the same queue ID says how that delivery ended. Not a reader of its own (no
``recognise``/``read``): a pasted line is read by ``formats.logpaste``, whose layout of the scanner of
lines this module tells what the fields say."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, ONE_LABEL_ADDRESS, lazy_re

# The verdict: "status=sent", "status=deferred" (the message stays queued to be tried again),
# "status=bounced" or "status=expired" (given up).
DEFERRED = "status=deferred"
BOUNCED = "status=bounced"
EXPIRED = "status=expired"
# With soft_bounce = yes (postconf(5): "keep mail queued that would otherwise be returned to the
# sender"), a delivery Postfix would have bounced is logged "status=SOFTBOUNCE" instead: its dsn=
# status turned into 4.x.x, its action "delayed", the recipient handed to the defer service and the
# message left queued (global/bounce.c, bounce_append_intern), the remote server's 5xx reply kept in
# the parentheses. A deferral, not a bounce.
SOFTBOUNCE = "status=SOFTBOUNCE"
# "dsn=4.7.0, status=deferred": Postfix writes the delivery's status just before its verdict.
DEFERRED_DSN_RE = re.compile(r"\bdsn=([245]\.\d{1,3}\.\d{1,3}), (?:" + DEFERRED + "|" + SOFTBOUNCE + r")\b")
# A delivery record whose outcome is no failure: sent (delivered), deliverable (an address probe passed).
DELIVERED_RE = re.compile(r", status=(?:sent|deliverable)\b")
# A record after its queue ID: "QUEUEID: to=<bob@…>" (a delivery of that recipient, however long the
# line runs) or "QUEUEID: host mx…[…] said:" (one MX host's refusal), at the start of a pasted line or
# after syslog's "postfix/smtp[123]: ".
RECORD_RE = re.compile(r"(?:^|\]: )(?P<qid>[0-9A-Za-z]{5,24}): (?P<field>to=<|host )")

# The logging service: "postfix/smtp[123]:", "postfix-out/smtp[123]:", "postfix/submission/smtpd[9]:"
# (multiple instances).
SERVICE = r"postfix[\w.-]*(?:/[\w.-]+)+"
SIGNATURE_RE = lazy_re(r" " + SERVICE + r"\[\d+\]: ")
# The same record without the syslog prefix, the message alone: "QUEUEID: to=<bob@…>, relay=…"
# (`journalctl -u postfix -o cat`, which prints "only the actual message of each journal entry with
# no metadata", and log lines trimmed before pasting). Postfix writes to= then orig_to= then relay=.
BARE_QUEUE_ID = r"^[0-9A-Za-z]{5,24}: "
BARE_RECORD_RE = lazy_re(BARE_QUEUE_ID + r"to=<[^>]*>, (?:orig_to=<[^>]*>, )?relay=")
# A delivery that failed or was deferred, as the syslog line of its delivery agent logs it. (Address
# verification probes, "status=undeliverable", carry no mail: they are not deliveries.)
# The text runs to the line's end, whose ")" closes it (checked by delivery_of: a pattern that
# backtracked from the end to a ")" for each verdict word of a long line cost the square of the line),
# and the address and the fields before the verdict (orig_to=, relay=, delay=, delays=, dsn=) are
# bounded: a line of many "to=<" with no verdict after them was scanned to its end from each.
DELIVERY_RE = lazy_re(
    r"(?: (?P<service>" + SERVICE + r")\[\d+\]: (?:[0-9A-Za-z]+: )?|" + BARE_QUEUE_ID + r")"
    r"to=<(?P<to>[^>]{0,2000})>,(?P<fields>.{0,4000}?)"
    rf" (?P<verdict>{BOUNCED}|{DEFERRED}|{SOFTBOUNCE}) \((?P<text>.*)"
)
# One MX host's greeting refusal, logged after the queue ID with no "to=" record: "QUEUEID: host
# mx…[…] refused to talk to me: 554 …" (smtp_proto.c, smtp_helo). With smtp_skip_5xx_greeting = yes,
# Postfix's default (mail_params.h: DEF_SMTP_SKIP_5XX 1), a 5xx greeting is a soft error: smtp_helo
# turns its status to 4.x.x ("STR(resp->dsn_buf)[0] = '4'"), the next MX host is tried, and the
# delivery is deferred when none takes it ("dsn=4.0.0, status=deferred (host … refused to talk to me:
# 550 …)", as logged in ActiveCampaign/smtp-field-manual#60). The line alone names no verdict; only a
# "to=" record saying "status=bounced" (logged with smtp_skip_5xx_greeting = no) would.
GREETING_REFUSED_RE = lazy_re(r"(?:^|\]: |\s)[0-9A-Za-z]{5,24}: host [A-Za-z0-9.-]{1,253}\[[^\]\s]{1,64}\] refused to talk to me: [45]")
FIELD_RE = lazy_re(r" (relay|dsn)=([^,\s]+)")
# The server Postfix's own words name when relay= names none: "host mx…[…] said:", "connect to mx…[…]".
HOST_IN_TEXT_RE = lazy_re(r"(?:host|connect to) ([A-Za-z0-9.-]+)\[")
NO_RELAY = ("none", "local", "virtual", "")


def deferred(line: str) -> bool:
    """The Postfix log line says the delivery is deferred (or soft-bounced: kept queued), and not also
    that it was given up."""
    return (DEFERRED in line or SOFTBOUNCE in line) and BOUNCED not in line and EXPIRED not in line


def soft_bounced(text: str) -> bool:
    """The text's Postfix log line says soft_bounce = yes kept a delivery queued that Postfix would
    have bounced ("status=SOFTBOUNCE"), and not also that the delivery was given up."""
    return SOFTBOUNCE in text and BOUNCED not in text and EXPIRED not in text


def greeting_skipped(text: str) -> bool:
    """The text is a Postfix log record of one MX host's greeting refusal, or of one host's temporary
    reply (``host_skipped``), and of no verdict: a delivery Postfix, by default, defers and tries again
    (see GREETING_REFUSED_RE)."""
    return (
        "refused to talk to me" in text and BOUNCED not in text and EXPIRED not in text and GREETING_REFUSED_RE().search(text) is not None
    ) or host_skipped(text)


# One MX host's temporary reply, logged after the queue ID with no "to=" record: "QUEUEID: host
# mx…[…] said: 421-4.7.0 … (in reply to end of DATA command)". smtp_trouble.c (smtp_bulk_fail,
# smtp_rcpt_fail) writes it only for a soft error at a server that is not the last one to try: "soft
# error, non-final server: log an informational record why the host is being skipped"
# (msg_info("%s: %s", queue_id, reason)), the recipient kept for the next host; the last host's
# soft error is deferred, and a hard error bounced, each in a "to=" record of its own.
HOST_SAID_4XX_RE = lazy_re(r"(?:^|\]: |\s)[0-9A-Za-z]{5,24}: host [A-Za-z0-9.-]{1,253}\[[^\]\s]{1,64}\] said: 4\d\d[ -]")


def host_skipped(text: str) -> bool:
    """The text is a Postfix log record of one host's temporary (4xx) reply alone, with no verdict (no
    "to=" record saying bounced or expired): the host was skipped and the delivery will be tried again
    (see HOST_SAID_4XX_RE)."""
    return " said: 4" in text and BOUNCED not in text and EXPIRED not in text and HOST_SAID_4XX_RE().search(text) is not None


def deferred_status(text: str) -> str | None:
    """The status of a delivery the text's Postfix log line says is deferred ("dsn=4.7.0, status=deferred",
    "dsn=4.1.1, status=SOFTBOUNCE")."""
    logged = DEFERRED_DSN_RE.search(text)
    return logged.group(1) if logged else None


def queue_ids(lines: list[str]) -> set[str]:
    """The queue IDs of the Postfix delivery records ("QUEUEID: to=<bob@…>") among the lines."""
    found: set[str] = set()
    for line in lines:
        if ": to=<" in line:
            record = RECORD_RE.search(line)
            if record is not None and record.group("field") == "to=<":
                found.add(record.group("qid"))
    return found


# smtpd's record of a refused command (smtpd_check.c, log_whatsup): "NOQUEUE: reject: RCPT from
# host[ip]: 550 5.7.23 <bob@…>: Recipient address rejected: …; from=<ann@…> to=<bob@…> proto=ESMTP
# helo=<…>" (the queue ID instead of NOQUEUE once the message has one). Its to= field is the recipient.
REJECT_MARK = ": reject: "
REJECT_TO_RE = lazy_re(r"; from=<[^<>\n]{0,320}> to=<(?P<addr>" + ADDRESS_RE.pattern + r")>")
# pypolicyd-spf (the SPF policy service Postfix asks) logs its verdict on a line of its own,
# "policyd-spf[123]: 550 5.7.23 Message rejected due to: SPF fail - not authorized. Please see
# http://www.openspf.net/Why?s=mfrom;id=<sender>;ip=…;r=<receiver>" (its reason text, policydspf's
# source): the address in the URL is the envelope sender, and the refusal is smtpd's record above.
POLICYD_SPF_RE = lazy_re(r"\bpolicyd-spf\[\d+\]: ")


def rejected_recipient(line: str) -> str | None:
    """The recipient of smtpd's record of a refused command (its to= field), None for any other line."""
    if REJECT_MARK not in line:
        return None
    found = REJECT_TO_RE().search(line)
    return found.group("addr") if found else None


# The "to=" field holds the recipient as Postfix delivers to it (log_adhoc.c: "to=<%s>"), an address
# whatever its domain: a host that appends its own bare name ($myorigin = $myhostname, "canary") logs
# "to=<root@canary>". An address with a one-label domain, the field closed right after it.
DOTLESS_ADDRESS_RE = lazy_re(ONE_LABEL_ADDRESS + r"(?=>)")


def recipient_of(line: str, record: re.Match[str]) -> str | None:
    """The address of a Postfix delivery record's "to=" field (a record RECORD_RE found in the line)."""
    if record.group("field") != "to=<":
        return None
    address = ADDRESS_RE.match(line, record.end()) or DOTLESS_ADDRESS_RE().match(line, record.end())
    return address.group() if address else None


class Delivery:
    """What one delivery agent's line of a failed or deferred delivery says: the recipient (``to=``),
    the text in the closing parentheses, the status (``dsn=``), the server (``relay=``, else the one
    the text names), whether it is deferred, and the logging service (None for a record logged
    without its syslog prefix). (A plain class, as
    formats.zonemtalog's Attempt.)"""

    __slots__ = ("deferred", "host", "recipient", "service", "status", "text")

    def __init__(self, recipient: str | None, text: str, status: str | None, host: str | None, deferred: bool, service: str | None) -> None:
        self.recipient = recipient
        self.text = text
        self.status = status
        self.host = host
        self.deferred = deferred
        self.service = service


def delivery_of(line: str) -> Delivery | None:
    """The failed or deferred delivery a syslog line of Postfix reports, if it reports one."""
    found = DELIVERY_RE().search(line)
    if found is None:
        return None
    text = found.group("text").rstrip()
    if not text.endswith(")") or line[found.end() :].strip():
        return None  # the parentheses do not close the line
    text = text[:-1]
    fields = dict(FIELD_RE().findall(found.group("fields")))
    relay = fields.get("relay", "none").split("[")[0]
    if relay in NO_RELAY:
        host = HOST_IN_TEXT_RE().search(text)
        relay = host.group(1) if host else ""
    return Delivery(
        recipient=found.group("to") or None,
        text=text,
        status=fields.get("dsn"),
        host=relay or None,
        deferred=found.group("verdict") != BOUNCED,
        service=found.group("service"),
    )
