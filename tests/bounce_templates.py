"""Bounces of our own around one SMTP reply, for the table tests that check what a reply's words
mean: Postfix's plain-text report, as its bounce(8) template writes it, and an RFC 3464 report
that names the refused command in its readable part, as Postfix writes its DSNs."""

from __future__ import annotations

from typing import NamedTuple

from ndr_atlas.catalog import Catalog
from ndr_atlas.diagnose import diagnose

POSTFIX = """\
From: Mail Delivery System <MAILER-DAEMON@mail.example.com>
To: tom@example.com
Subject: Undelivered Mail Returned to Sender
Content-Type: text/plain

This is the mail system at host mail.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<{recipient}>: {line}
"""

# {status} is a whole "Status:" line or nothing; {dtype} the Diagnostic-Code's type.
DSN = """\
From: Mail Delivery System <MAILER-DAEMON@mail.example.com>
To: tom@example.com
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="rpt"

--rpt
Content-Type: text/plain

<bob@example.org>: {line}

--rpt
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.com

Final-Recipient: rfc822; bob@example.org
Action: failed
{status}Remote-MTA: dns; mx.example.org
Diagnostic-Code: {dtype}; {diagnostic}

--rpt--
"""


def said(reply: str, command: str, host: str = "mx.example.org") -> str:
    """Postfix's line for a reply of the remote server to one SMTP command."""
    return f"host {host}[198.51.100.7] said: {reply} (in reply to {command} command)"


def postfix_bounce(reply: str, command: str, recipient: str = "bob@example.org", host: str = "mx.example.org") -> str:
    """A Postfix report of one recipient refused with ``reply`` at ``command`` ("RCPT TO", "end of DATA")."""
    return POSTFIX.format(recipient=recipient, line=said(reply, command, host))


def postfix_own_words(line: str) -> str:
    """A Postfix report whose line is Postfix's own words ("host … refused to talk to me: …")."""
    return POSTFIX.format(recipient="bob@example.org", line=line)


def dsn_bounce(reply: str, command: str, status: str | None) -> str:
    """An RFC 3464 report of bob@example.org refused with ``reply`` at ``command``; ``status`` is
    the Status field's value, or None for a report without one."""
    field = f"Status: {status}\n" if status else ""
    return DSN.format(line=said(reply, command), status=field, dtype="smtp", diagnostic=reply)


def dsn_own_words(line: str, status: str) -> str:
    """An RFC 3464 report whose diagnostic is Postfix's own words (type X-Postfix)."""
    return DSN.format(line=line, status=f"Status: {status}\n", dtype="X-Postfix", diagnostic=line)


class Wording(NamedTuple):
    """A server's reply line, the command it answered and the reason it must lead to."""

    reply: str  # the server's whole reply line
    command: str  # "RCPT TO", "MAIL FROM", "end of DATA"
    reason: str


# The three forms a bounce carries a reply in: a Postfix text bounce naming the refused command, an
# RFC 3464 report whose Status is only the unspecific X.0.0, and one with no Status field at all.
def in_postfix_bounce(w: Wording) -> str:
    return postfix_bounce(w.reply, w.command)


def in_dsn_with_generic_status(w: Wording) -> str:
    return dsn_bounce(w.reply, w.command, f"{w.reply[0]}.0.0")


def in_dsn_without_status(w: Wording) -> str:
    return dsn_bounce(w.reply, w.command, None)


WRAPS = [in_postfix_bounce, in_dsn_with_generic_status, in_dsn_without_status]
WRAP_IDS = ["postfix", "dsn-x00", "dsn-nostatus"]


# The reasons of a hard bounce (the address itself is bad), when the reply is permanent.
HARD = frozenset({"userunknown", "hostunknown", "hasmoved", "notaccept"})


def check_reason(catalog: Catalog, text: str, reason: str, permanent: bool) -> None:
    """The bounce gives one failure, for bob@example.org, with this reason, hard when it should be."""
    results = diagnose(text, catalog).results
    assert [r.recipient for r in results] == ["bob@example.org"]
    assert results[0].reason == reason, (results[0].reason, results[0].page)
    assert results[0].hard_bounce == (reason in HARD and permanent)
