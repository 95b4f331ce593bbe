"""Fake non-delivery reports (phishing): a mail titled like a bounce ("Undeliverable: …", "Mail
delivery failed") that names no failed recipient's server reply and no SMTP code, but says incoming
messages are "pending" or "held" and asks the reader to "Release" or "Retrieve" them through a link.
Real reports never do: they tell the sender which address failed and what the server said, and
messages waiting for the reader are a quarantine's, whose notices ``quarantine`` reads first.

Read: nothing (the address such a mail names is its target, not a failed recipient)."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_RE
from ndr_atlas.formats.base import NOTICE_WINDOW, Parsed, Source, carries_delivery_report, found_at_openings, may_say, names_a_report
from ndr_atlas.formats.words import has_bounce_cues

# Incoming messages said to wait: "4 incoming messages … pending", "messages are held on the server",
# Italian "messaggi in arrivo … in sospeso", "trattenuti".
WAITING_RE = re.compile(
    r"(?:messages?|e-?mails?)\b.{0,80}?\b(?:pending|held|on hold|queued|suspended|stuck"
    r"|(?:un|not |could not be |couldn't be |failed to be )delivered (?:in)?to your (?:inbox|mailbox))"
    r"|pending (?:incoming )?(?:messages?|e-?mails?)"
    r"|messaggi\b.{0,80}?\b(?:in sospeso|trattenuti|bloccati|non consegnati)",
    re.IGNORECASE | re.DOTALL,
)
# What it asks the reader to do about them.
ACTION_RE = re.compile(
    r"\b(?:release|retrieve|recover|restore|deliver)\b(?: the| your| all| pending| held| incoming)* (?:messages?|e-?mails?|mails?)\b"
    r"|\b(?:recupera|rilascia|sblocca|ricevi)(?:re)? (?:i |tutti i )?(?:messaggi|email)\b",
    re.IGNORECASE,
)


# Words every match of ACTION_RE, and of WAITING_RE, holds (see ``may_say``).
ACTION_NEEDLES = ("release", "retrieve", "recover", "restore", "deliver", "recupera", "rilascia", "sblocca", "ricev")
# The words every match of WAITING_RE opens with (ACTION_RE's open with ACTION_NEEDLES).
WAITING_OPENINGS = ("messag", "email", "e-mail", "pending")
WAITING_NEEDLES = (
    "pending",
    "held",
    "on hold",
    "queued",
    "suspended",
    "stuck",
    "delivered",
    "sospeso",
    "trattenuti",
    "bloccati",
    "non consegnati",
)


def recognise(source: Source) -> bool:
    window = source.text[:NOTICE_WINDOW]
    if not may_say(window, WAITING_NEEDLES, ACTION_NEEDLES):  # "deliver" stands in most reports: the waiting words first
        return False  # most messages: no words of a fake's request at all
    if carries_delivery_report(source):
        return False  # a real report's parts or codes (cheap to see in most real ones)
    if source.message is not None:
        titled = names_a_report(source.header("From"), source.header("Subject"))
    else:  # pasted: its first line is its title
        titled = names_a_report("", next((line for line in window.split("\n") if line.strip()), ""))
    if not (titled or has_bounce_cues(window)):
        return False
    if not (found_at_openings(ACTION_RE, window, ACTION_NEEDLES) and found_at_openings(WAITING_RE, window, WAITING_OPENINGS)):
        return False
    # An SMTP reply code of any form is what a real report carries.
    return not any(REPLY_RE.search(line) for line in window.split("\n"))


def read(source: Source) -> Parsed | None:
    return Parsed("suspicious", [])
