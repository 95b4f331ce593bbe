"""Bounces of our own around one SMTP reply, for the table tests that check what a reply's words
mean: Postfix's plain-text report, as its bounce(8) template writes it."""

from __future__ import annotations

POSTFIX = """\
From: Mail Delivery System <MAILER-DAEMON@mail.example.com>
To: tom@example.com
Subject: Undelivered Mail Returned to Sender
Content-Type: text/plain

This is the mail system at host mail.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<{recipient}>: host {host}[198.51.100.7] said: {reply} (in reply to {command} command)
"""


def postfix_bounce(reply: str, command: str, recipient: str = "bob@example.org", host: str = "mx.example.org") -> str:
    """A Postfix report of one recipient refused with ``reply`` at ``command`` ("RCPT TO", "end of DATA")."""
    return POSTFIX.format(recipient=recipient, host=host, reply=reply, command=command)
