"""A mail server's syslog file (``/var/log/mail.log``, ``maillog``) in which no Postfix, Exim,
Sendmail, OpenSMTPD or ZoneMTA delivery line shows up in the first lines: IMAP logins, filters and
milters can fill them. Every line is offered to those five readers (the ones that read one line at a
time), each skipping what is not its own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ndr_atlas.logs import exim, opensmtpd, postfix, sendmail, zonemta
from ndr_atlas.logs.base import ISO_TIME_RE, SYSLOG_TIME_RE, LogEvent, SyslogClock, has_marker

NAME = "mail-syslog"
TITLE = "Mail server syslog (Postfix, Exim, Sendmail, OpenSMTPD and ZoneMTA lines among others: dovecot, amavis, milters …)"

# Programs that log to the mail facility beside the MTA.
MAIL_PROGRAM_RE = re.compile(
    r" (?:postfix[\w.-]*/[\w./-]+|exim\d*|sendmail|sm-mta|dovecot|amavis[\w-]*|opendkim|opendmarc|spamd|rspamd|postgrey|"
    r"policyd-spf|postscreen|clamsmtpd|courier[\w-]*|cyrus/[\w-]+|saslauthd|smtpd|zone-?mta)(?:\[\d+\])?: "
)
LINES_NEEDED = 3


def sniff(head: list[str]) -> bool:
    """Most lines carry a syslog or RFC 3339 timestamp, and a few are from mail programs."""
    lines = [line for line in head if line.strip()]
    stamped = sum(1 for line in lines if SYSLOG_TIME_RE.match(line) or ISO_TIME_RE.match(line))
    mail = sum(1 for line in lines if MAIL_PROGRAM_RE.search(line))
    return bool(lines) and stamped * 2 >= len(lines) and mail >= min(LINES_NEEDED, len(lines))


def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
    for number, line in enumerate(lines, 1):
        for reader in (postfix, exim, sendmail, opensmtpd, zonemta):
            if has_marker(line, reader.MARKERS):
                yield from reader.line_events(number, line, clock)
