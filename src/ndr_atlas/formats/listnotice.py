"""A mailing list's own notices to a member or poster: the probe a list sends after bounces from a
member ("This is a probe message", Mailman's "… mailing list probe message", carrying one returned
message as a sample), "your message is held for moderator approval" (Mailman, Google Groups), "confirm
your subscription". None is a failure of the mail it answers, even with a bounce attached: a probe's
sample is the list's business, and a probe that bounces is what the list acts on.

Recognised by the list's headers (RFC 2369 ``List-Id``, Mailman's ``X-Mailman-Version`` and
``X-BeenThere``, Google Groups' ``X-Google-Group-Id``) and the notice's words, by mlmmj's
signature, which its notices carry without list headers, by ezmlm's, with or without headers, or,
pasted without any header, by Mailman's own sentences for a held post; read: the address the
notice was sent to (the member or the poster). A list's welcome to a new member is one of them."""

from __future__ import annotations

import re

from ndr_atlas.formats import conversation
from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, carries_delivery_report, may_say, search_at_openings
from ndr_atlas.formats.words import has_bounce_cues

LIST_FIELDS = ("List-Id", "X-Mailman-Version", "X-BeenThere", "X-Google-Group-Id", "X-List-Administrivia")
NOTICE_WORDS_RE = re.compile(
    r"\bprobe message\b|held (?:until the list moderator|for (?:moderation|moderator approval))"
    r"|await(?:s|ing) (?:the )?moderator(?:'s)? approval|pending (?:moderator )?approval|confirm your subscription"
    r"|subscription (?:request|confirmation)|in attesa (?:dell'approvazione|di approvazione) (?:del|di un) moderatore"
    # Mailman's welcome to a new member (2.1 and 3 alike: 'Welcome to the "Sales" mailing list').
    r'|welcome to the "?[^"\n]{1,80}"? mailing list',
    re.IGNORECASE,
)
# What every match of NOTICE_WORDS_RE opens with (keep them in step): in a notice's text the pattern is
# tried only where one of them stands.
NOTICE_OPENINGS = (
    "probe message", "held ", "await", "pending ", "confirm your subscription", "subscription ", "in attesa ", "welcome to the ",
)  # fmt: skip


# mlmmj signs every notice it writes itself, its probes among them ("Hi, this is the mlmmj program
# managing the mailinglist <list>", the opening of each file in its listtexts), and sets no List-Id
# on them: the probe says "Some messages to you could not be delivered" about the member's mail.
MLMMJ_RE = re.compile(r"\bthis is the mlmmj program managing the mailing ?list\b", re.IGNORECASE)
MLMMJ_NEEDLES = ("mlmmj",)  # a literal test spares every other message the case-blind search

# ezmlm opens every notice it writes with the list's text/top, which ezmlm-make writes as "Hi! This is
# the ezmlm program. I'm managing the <list>@<host> mailing list." (ezmlm-make.c): its warnings that a
# member's mail bounces, its moderation timeouts ("the list moderators … have failed to act on your
# post. Thus, I'm returning it to you."), its confirmations. A whole sentence no report writes, kept in
# a paste too (kavi.com's help quotes the timeout; an oss-security post quotes the bounce warning).
EZMLM_RE = re.compile(r"\bthis is the ezmlm program\. i'm managing the\b", re.IGNORECASE)
EZMLM_NEEDLES = ("ezmlm",)


# Mailman's own sentences for a held post, to the poster (templates/en/postheld.txt: "Is being held
# until the list moderator can review it for approval.") and to the moderators (postauth.txt, and
# Mailman 3's list:admin:action:post: "As list administrator, your authorization is requested for the
# following mailing list posting:"): whole sentences no report writes, so they are enough in a paste
# whose list headers were left behind.
MAILMAN_HELD_RE = re.compile(
    r"\bis being held until the list moderator can review it\b"
    r"|\bas list (?:administrator|moderator)(?:/moderator)?, your authorization is requested for the\s+following mailing list posting\b",
    re.IGNORECASE,
)
MAILMAN_HELD_NEEDLES = ("until the list moderator", "your authorization is requested")


def recognise(source: Source) -> bool:
    message = source.message
    window = source.notice
    if may_say(window, MAILMAN_HELD_NEEDLES) and MAILMAN_HELD_RE.search(window):
        return not source.report_like and not has_bounce_cues(window) and not carries_delivery_report(source)
    if may_say(window, EZMLM_NEEDLES) and EZMLM_RE.search(window):
        # A warning that quotes the member's bounce carries its report: that one is left to the readers of reports.
        return not source.report_like and not carries_delivery_report(source)
    if message is None:
        return False
    if may_say(window, MLMMJ_NEEDLES) and MLMMJ_RE.search(window):
        return not source.report_like and not carries_delivery_report(source)
    if not any(map(message.get, LIST_FIELDS)):
        return False
    subject = source.header("Subject")
    # A member's reply that the list passed on, telling others of the list's notices in its own words
    # ("I get 'Your message to … awaits moderator approval' on every reply"): the list's List-Id, but a
    # person's "Re:" mail. The list's own notices carry their own subjects, never a reply's (Mailman's
    # Hold.py and hold.py: "Your message to <list> awaits moderator approval"; "<list> mailing list probe
    # message"; "Welcome to the <list> mailing list"), and are sent from the list's -owner or -bounces
    # address; such a reply is left to ndr_atlas.formats.conversation.
    if conversation.REPLY_SUBJECT_RE.match(subject) and conversation.is_list_reply(message):
        return False
    said = NOTICE_WORDS_RE.search(subject) or search_at_openings(NOTICE_WORDS_RE, source.notice, NOTICE_OPENINGS)
    # A report about a list notice ("Non-Delivery: Your message to … awaits moderator approval") is a
    # report, told by its sender and subject or, without them, by its words.
    if not said or source.report_like or has_bounce_cues(source.text):
        return False
    # The probe's sample bounce is attached whole (message/rfc822): its report fields are not the notice's.
    return "probe" in said.group(0).lower() or not carries_delivery_report(source)


def read(source: Source) -> Parsed | None:
    found = ADDRESS_RE.search(source.header("To")) if source.message is not None else None
    return Parsed("list-notice", [], [Address(found.group(0))] if found else [])
