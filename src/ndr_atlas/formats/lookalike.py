"""Fake non-delivery reports (phishing): a mail titled like a bounce ("Undeliverable: …", "Mail
delivery failed"), or announcing the reader's "pending" or "undelivered" mails in its title, that
names no failed recipient's server reply and no SMTP code, but says incoming
messages are "pending" or "held" and asks the reader to "Release" or "Retrieve" them through a link.
Real reports never do: they tell the sender which address failed and what the server said, and
messages waiting for the reader are a quarantine's, whose notices ``quarantine`` reads first.

Some fakes paste a "Diagnostic-Code:" line or an SMTP reply under the request to look genuine
(netsolinc.com's Apr 2018 warning quotes one with "552-5.7.0[TSS04]"; fightback.ninja's "Email
Delivery Failure Scam" notes their "421 4.7.0 [TSS04]" gobbledegook). A code alone does not make
a report of them: one that says the reader's own *incoming* mail waits for their inbox and asks
to retrieve it, with no recipient field of a report, is still the fake.

A mail worm's fake bounce is the other kind: W32/Sober (2004-2005) mailed itself as "Mail
delivery_failed" with a made-up list of errors and the worm attached as "the original mail". Its
body is a template (McAfee's analysis of Sober.J, as Channel Insider quoted it: "This mail was
generated automatically. ... Giving_up_on_178.218.194.86.# 533: The original mail is attached.
Auto_Mail.System: [yahoo]"), the same in every copy the Perl bug tracker received in 2004 (tickets
32505, 32695, 32748, 32857): "Occured_Errors:", replies with underscores for spaces, and the
"Auto_Mail.System:" signature no mail system writes.

A help page's gallery of sample reports is the third kind: a hosting or vendor knowledge-base page
that shows the reader several reports to expect, each filled with placeholders instead of the values a
server writes. It announces them to the reader ("messages you may see", "common examples of this type
of bounce message", "Example 1:" … "Example 2:", "with a bounce message like:", Italian "un messaggio di
errore simile a uno dei seguenti"), shows at least two of them (report headings or SMTP replies, or two
numbered examples), and fills them with placeholders: a domain or address of the RFC 2606 reserved
"example" names, an RFC 5737 documentation address, a masked "xxx.xxx.xxx.xxx", a templated "Day, Month
Date, Year" or "Recipient Email Address". A server writes real values; a person pasting their own
report speaks of "I" and "my", and pastes one. Backed by four independent pages seen pasted (wild sets
286, 271 and 283: a SmarterMail host's KB page of three sample failures on "example_domain.com", a
TechNet page of "Example 1:" and "Example 2:" with "Day, Month Date, Year Time", Plesk's KB article on a
blacklisted IP with replies for 203.0.113.2, Microsoft's Italian page on relay errors quoting two Outlook
dialogs for someone@example.com). Its kind is "guide", as the guide reader gives.

Read: nothing (the address such a mail names is its target, not a failed recipient)."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_RE
from ndr_atlas.formats.base import (
    ADDRESS_RE,
    Parsed,
    Source,
    built_as_report,
    carries_delivery_report,
    folded,
    found_at_openings,
    lazy_re,
    may_say,
    names_a_report,
)
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
# A title that announces the reader's own mail waiting, the other dress of these fakes: not a bounce's
# title but "You have pending mails" (it.umn.edu's phishing example 242), "You have [4] pending emails
# on the mail queue!" (wipersoft.com), "Notification | You Have 10 Undelivered Emails"
# (codemonkeydesign.com), "Notification: Undelivered Email(s) in Inbox" (enigmasoftware.com).
PENDING_TITLE_RE = re.compile(
    r"\b(?:pending|undelivered) (?:incoming )?(?:e-?mails?|mails?|messages?)\b|\bundelivered e-?mail\(s\)", re.IGNORECASE
)
PENDING_TITLE_NEEDLES = ("pending", "undelivered")
# A paste's own "Subject:" line, among the header lines its writer copied above the body.
PASTED_SUBJECT_RE = re.compile(r"^subject:[ \t]*(.*)$", re.IGNORECASE | re.MULTILINE)
PASTED_HEAD_LINES = 12
# What it asks the reader to do about them.
# Fakes that list the waiting mail ask to "read", "view" or "review" it (hoax-slayer.net's "You have (5)
# new unread pending message. Click Here to Read", pcrisk.com's "Review" / "Delete" links, hoax-slayer's
# table of linked subjects "to view the messages").
ACTION_RE = re.compile(
    r"\b(?:release|retrieve|recover|restore|deliver|read|view|review)\b(?: the| your| all| pending| held| incoming| waiting)*"
    r" (?:messages?|e-?mails?|mails?)\b"
    r"|\bclick here to (?:read|view|review)\b"
    r"|\b(?:recupera|rilascia|sblocca|ricevi)(?:re)? (?:i |tutti i )?(?:messaggi|email)\b",
    re.IGNORECASE,
)


# Words every match of ACTION_RE, and of WAITING_RE, holds (see ``may_say``).
ACTION_NEEDLES = (
    "release", "retrieve", "recover", "restore", "deliver", "read", "view", "review", "click here",
    "recupera", "rilascia", "sblocca", "ricev",
)  # fmt: skip
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


# The reader's own incoming mail said to wait for their inbox: what a report to a sender never says.
INCOMING_RE = re.compile(
    r"\bincoming (?:messages?|e-?mails?)\b.{0,120}?\b(?:pending|held|on hold|queued|suspended|stuck|delivered)"
    r"|(?:un|not |could not be |couldn't be |failed to be )delivered (?:in)?to your (?:inbox|mailbox)"
    r"|messaggi in arrivo\b.{0,120}?\b(?:in sospeso|trattenuti|bloccati|non consegnati)",
    re.IGNORECASE | re.DOTALL,
)
INCOMING_OPENINGS = ("incoming", "undelivered", "not delivered", "could not be", "couldn't be", "failed to be", "messaggi")
# The fields that name a failed recipient in a report (RFC 3464, pasted or not).
RECIPIENT_FIELD_RE = re.compile(r"^\s*(?:final-recipient|original-recipient|x-failed-recipients)\s*:", re.IGNORECASE | re.MULTILINE)


# Sober's signature, and one of the lines its template opens the errors with.
WORM_SIGNATURE = "Auto_Mail.System:"
WORM_OPENINGS = ("Occured_Errors:", "This mail was generated automatically")


# A help page's gallery of sample reports (see the module's text). Where it is looked for: a page's top.
GALLERY_WINDOW = 20_000
# The page announcing samples to its reader, in each form seen: "… delivery failure messages you may
# see:", "… bounce message that you might see is:", "common examples of this type of bounce message",
# "with a bounce message like:", "un messaggio di errore simile a uno dei seguenti".
GALLERY_ANNOUNCED_RE = lazy_re(
    r"\b(?:messages?|bounces?|errors?|notices?|notifications?)\b[^\n.:]{0,60}?\byou[ \t]+(?:may|might|will)[ \t]+(?:see|receive|get)"
    r"(?:[ \t]+is)?[ \t]*:"
    r"|\b(?:common|typical)[ \t]+examples?[ \t]+of\b"
    r"|\b(?:bounce|error|failure|delivery[ \t]+failure)[ \t]+messages?[ \t]+(?:like|such[ \t]+as|similar[ \t]+to)"
    r"(?:[ \t]+(?:this|these|the[ \t]+following|one[ \t]+of[ \t]+the[ \t]+following))?[ \t]*:"
    r"|\bsimile[ \t]+a[ \t]+uno[ \t]+dei[ \t]+seguenti\b",
    re.IGNORECASE,
)
# Every match opens with one of these words (the pattern is tried only there: "message" holds in most texts).
GALLERY_ANNOUNCED_OPENINGS = ("message", "bounce", "error", "notice", "notification", "common", "typical", "failure", "delivery", "simile")
# A core of each form of the announcement, lower case: every match of GALLERY_ANNOUNCED_RE holds one.
GALLERY_ANNOUNCED_CORES = (
    lazy_re(r"you[ \t]+(?:may|might|will)[ \t]+(?:see|receive|get)"),
    lazy_re(r"examples?[ \t]+of"),
    lazy_re(r"messages?[ \t]+(?:like|such|similar)"),
    lazy_re(r"simile[ \t]+a"),
)
# Two numbered examples: "Example 1:" … "Example 2:".
NUMBERED_EXAMPLE_RE = lazy_re(r"\bExample[ \t]+([12])[ \t]*:", re.IGNORECASE)
# The placeholders a page fills its samples with; a report holds the values.
# Each placeholder form with a needle every match of it holds (lower-case): a form is searched for only in
# a text that holds its needle, so most reports are spared every search.
GALLERY_PLACEHOLDERS = (
    ("example", lazy_re(r"\bexample[_-]domain\b|[@.]example\.(?:com|net|org)\b", re.IGNORECASE)),
    ("x.x", lazy_re(r"(?<![\w.])(?:x{1,3}\.){3}x{1,3}(?![\w.])", re.IGNORECASE)),
    ("192.0.2.", lazy_re(r"(?<![\d.])192\.0\.2\.\d{1,3}(?![\d.])")),
    ("198.51.100.", lazy_re(r"(?<![\d.])198\.51\.100\.\d{1,3}(?![\d.])")),
    ("203.0.113.", lazy_re(r"(?<![\d.])203\.0\.113\.\d{1,3}(?![\d.])")),
    ("day,", lazy_re(r"\bDay,[ \t]+Month[ \t]+Date,[ \t]+Year\b", re.IGNORECASE)),
    ("address", lazy_re(r"\b(?:Sender|Recipient)[ \t]+E-?mail[ \t]+Address\b", re.IGNORECASE)),
)
# Where each form's matches open, when not at its needle (a masked address opens at any "x").
GALLERY_PLACEHOLDER_OPENINGS = {"example": ("example", "@example", ".example"), "x.x": ("x",), "address": ("sender", "recipient")}
# A sample's own line: a report's heading, or an SMTP reply.
GALLERY_HEADING_RE = lazy_re(
    r"\bcould not deliver message\b|\bdid not reach some or all\b|\bcould not be (?:delivered|reached)\b"
    r"|\bundeliverable\b|\bimpossibile inviare il messaggio\b",
    re.IGNORECASE,
)
GALLERY_SAMPLES = 2
# A person telling of their own mail ("I", "my", "me"; Italian "mio", "mia"): a paste, not a page.
GALLERY_FIRST_PERSON_RE = lazy_re(r"\bI\b|(?i:\b(?:my|me|mine|mio|mia|miei|mie)\b)")


def may_announce(text: str) -> bool:
    """Whether the text may hold a gallery's announcement: each form of it holds one of these cores, which
    the lower-cased text is searched for by their literal openings (most reports hold none)."""
    if not text.isascii():
        return True
    lowered = folded(text)
    return any(core().search(lowered) is not None for core in GALLERY_ANNOUNCED_CORES)


def has_placeholder(text: str) -> bool:
    """Whether the text holds one of a help page's placeholders (the forms' needles asked first)."""
    if not text.isascii():
        return any(pattern().search(text) is not None for _needle, pattern in GALLERY_PLACEHOLDERS)
    lowered = folded(text)
    return any(
        needle in lowered and found_at_openings(pattern(), text, GALLERY_PLACEHOLDER_OPENINGS.get(needle, (needle,)))
        for needle, pattern in GALLERY_PLACEHOLDERS
    )


def shows_sample_reports(source: Source) -> bool:
    """A help page's gallery of sample reports: announced to the reader, at least two samples, filled
    with placeholders, and no one's own mail told of."""
    # A mail whose headers or structure say it is a report is no help page.
    if source.report_like or built_as_report(source.message):
        return False
    text = source.text[:GALLERY_WINDOW]
    # The announcement first: reports hold placeholder-like names (example.com) far more often.
    if not may_announce(text) or not found_at_openings(GALLERY_ANNOUNCED_RE(), text, GALLERY_ANNOUNCED_OPENINGS):
        return False
    if not has_placeholder(text):
        return False
    # A person's "I" or "my" in the page's prose; a quoted reply may say "my" itself (qmail's "553 sorry,
    # that domain isn't in my list of allowed rcpthosts"), so lines with a reply are not asked.
    if any(GALLERY_FIRST_PERSON_RE().search(line) and not REPLY_RE.search(line) for line in text.split("\n")):
        return False
    numbered = {found.group(1) for found in NUMBERED_EXAMPLE_RE().finditer(text)}
    if len(numbered) >= GALLERY_SAMPLES:
        return True
    samples = 0
    for line in text.split("\n"):
        if GALLERY_HEADING_RE().search(line) or REPLY_RE.search(line):
            samples += 1
            if samples >= GALLERY_SAMPLES:
                return True
    return False


def recognise(source: Source) -> bool:
    if shows_sample_reports(source):
        return True
    window = source.notice
    if WORM_SIGNATURE in window and any(opening in window for opening in WORM_OPENINGS):
        return True  # a worm's template, whatever the errors it made up
    if not may_say(window, WAITING_NEEDLES, ACTION_NEEDLES):  # "deliver" stands in most reports: the waiting words first
        return False  # most messages: no words of a fake's request at all
    fake: bool | None = None  # worked out once, and only for a text that gets that far
    if carries_delivery_report(source):
        fake = fake_with_a_code(source, window)
        if not fake:
            return False  # a real report's parts or codes (cheap to see in most real ones)
    if source.message is not None:
        subject = source.header("Subject")
        titled = names_a_report(source.header("From"), subject)
    else:  # pasted: its first line is its title, or the "Subject:" line copied with it
        subject = pasted_subject(window)
        titled = names_a_report("", next((line for line in window.split("\n") if line.strip()), "")) or names_a_report("", subject)
    titled = titled or (may_say(subject, PENDING_TITLE_NEEDLES) and PENDING_TITLE_RE.search(subject) is not None)
    if not (titled or has_bounce_cues(window)):
        return False
    if not (found_at_openings(ACTION_RE, window, ACTION_NEEDLES) and found_at_openings(WAITING_RE, window, WAITING_OPENINGS)):
        return False
    # An SMTP reply code of any form is what a real report carries, unless the text is a fake that pasted one.
    if fake is None:
        fake = fake_with_a_code(source, window)
    return fake or not any(REPLY_RE.search(line) for line in window.split("\n"))


def pasted_subject(window: str) -> str:
    """The "Subject:" line among the first lines of a paste (its copied headers), else ""."""
    head = "\n".join(window.split("\n", PASTED_HEAD_LINES)[:PASTED_HEAD_LINES])
    found = PASTED_SUBJECT_RE.search(head)
    return found.group(1) if found else ""


def fake_with_a_code(source: Source, window: str) -> bool:
    """A text that holds an SMTP code, but says the reader's incoming mail waits for their inbox,
    asks to retrieve it, and names no failed recipient as a report does (no recipient field, no reply
    for an address, no MIME report)."""
    message = source.message
    if message is not None and (message.get("X-Failed-Recipients") or message.get_content_type() == "multipart/report"):
        return False
    if not may_say(window, INCOMING_OPENINGS) or RECIPIENT_FIELD_RE.search(window):
        return False
    if not (found_at_openings(INCOMING_RE, window, INCOMING_OPENINGS) and found_at_openings(ACTION_RE, window, ACTION_NEEDLES)):
        return False
    # A reply that names the recipient it refused ("550 5.1.1 <bob@…>: User unknown") is a report's line;
    # the fake's code stands alone (the address it names is its target's, in its sentences).
    return not any(REPLY_RE.search(line) and ADDRESS_RE.search(line) for line in window.split("\n"))


def read(source: Source) -> Parsed | None:
    if shows_sample_reports(source):
        return Parsed("guide", [])
    return Parsed("suspicious", [])
