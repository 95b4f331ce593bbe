"""A list of SMTP codes with what each means: a help page, a wiki or a knowledge-base article that
lists the replies a sender may meet ("5.2.2 - The recipient has exceeded their mailbox storage
quota.", "Remote host said: 552 Requested action not taken: exceeded storage allocation" and a line
on what to do), pasted whole. It quotes failure replies as examples and names no one whose mail
failed; unlike the articles ``guide`` knows, it need not say "hard bounce" and "soft bounce".

Told by the number of different failure codes in a text that names no address: a report is about
the recipients it names, and each of them failed for one reason, so a report whose addresses were
all taken out still states one or two codes (the server's reply and the sending server's own
status, an older attempt's 4xx under the last 5xx), not a range of them. Four different enhanced
status codes of failure (4.x.x / 5.x.x), or four different failure reply codes, make the list. A
text built as a report (X-Failed-Recipients, a delivery-status part), or holding a report's
per-recipient fields or mail log records, is left to their readers: redacted logs and field pastes
do name many codes.

Backed by four independent pastes in our wild sets: a host's list of Exchange 2013 NDR codes
("4.4.2 - …" to "5.7.1 - …", set 204), a hosting wiki's "Remote host said: 550 …" replies each with
its meaning (set 204), a Polish provider's help page on why a message was not delivered (550 5.1.1,
5.2.1, 5.7.1, 5.7.0; set 207) and a vendor knowledge-base article on rejections by third-party
servers (550, 521, 553, 554; set 207).

A list may name addresses too (placeholders such as user@example.com, or example replies quoted
whole); it then says so by its shape: many different replies, each followed by an explanation (a
sentence on the next line, or on the code's own line after the code) on lines that name no address.
A report quotes one reply per failed recipient beside the recipient's address and explains nothing
between them; a log has no sentences at all. Backed by the same help pages and by an Italian and a
German provider's (wild sets 204, 205, 207, 211).

Pasted alone (no header fields), a shorter list says so too: three or more lines that open with
different final replies (a 4xx/5xx code and a space, not the hyphen of a multi-line reply's
continuation), after a bullet or a "Reason:" label, in a text that names no address. A report's own
reply, its address cut, stands once, or as one multi-line reply whose lines repeat the code with
hyphens. Backed by five hosting help pages seen pasted (wild set 205: a Hosted Exchange error table,
two German FAQs of delivery errors, a provider-by-provider list, a vendor's "Reason: 550 …" list).
An address that is a placeholder names no one: one at the bare name "domain" ("userid@domain.com",
"%email@domain.tld%"), or a template's variable ("%alias@…", a "%" opening it). A report names the
address the mail was sent to; a list writes one where each reply of its kind puts the recipient's. Backed
by two independent pages seen pasted (wild sets 211 and 276: a Korean blog's list of replies by cause
with "userid@domain.com", a German host's list of typical replies by provider with "%email@domain.tld%").

Its kind is "guide"."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_RE, STATUS_RE
from ndr_atlas.formats.base import Parsed, Source, built_as_report, lazy_re, search_address

# Different failure codes of one kind that make a list of them.
MIN_CODES = 4
# A reply code with its enhanced status ("550 5.1.1", "550-5.1.1"), or either alone, as a word of its
# own, and the word after it: lists give one code several wordings ("550 5.1.1 Unknown recipient",
# "550 5.1.1 RESOLVER.ADR.RecipNotFound"), each a reply of its own.
EXAMPLE_REPLY_RE = lazy_re(
    r"(?<![\w.,/:-])(?:([45]\d\d)(?:[ -]([245]\.\d{1,3}\.\d{1,3}))?|([245]\.\d{1,3}\.\d{1,3}))(?![\w%]|[.,:/-]\d)[ \t:;-]{0,3}(\w{0,40})"
)
# Where a code may open: 2, 4 or 5 and two digits, or a dot and a digit ("550", "5.1"). Every match of
# EXAMPLE_REPLY_RE, STATUS_RE and REPLY_RE opens at one, and none opens inside one (a digit or a dot
# before it: their look-behinds refuse both), so the text is scanned once for these places and each
# pattern is tried there alone: a pattern that opens with a look-behind is tried at every character,
# one that opens with a character set lets the engine skip to the next 2, 4 or 5.
CODE_OPENING_RE = lazy_re(r"[245](?:\d\d|\.\d)")
# A line that opens with a final SMTP failure reply, after a list's bullet or a "Reason:" label:
# "550 5.1.1 user unknown", "  • Reason: 553 Relay denied", "554 5.7.1 : Relay access denied".
LISTED_REPLY_RE = lazy_re(
    r"^[ \t]*(?:[•*·–-][ \t]*)?(?:reason:[ \t]*)?([45]\d\d) (?:([45]\.\d{1,3}\.\d{1,3})\b)?[ \t:]*(\S[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
# How many different such lines make a pasted list (or different replies, each explained, make a
# list in any text), and how much of a reply's wording tells them apart.
LISTED_REPLIES = 3
WORDING_CHARS = 40
# A word of a sentence: two letters or more, of any script.
WORD_RE = lazy_re(r"[^\W\d_]{2,}")
# Different words that make a line a sentence of explanation, and the words after a code on its line that do.
SENTENCE_WORDS = 6
EXPLAINED_REPLY_WORDS = 8

# What a report or a log states per recipient: RFC 3464's per-recipient and per-message fields at a
# line's start (a "> " quote or an indent before them), a mail log's "status=" / "dsn=" / "stat="
# record fields, Postfix's "(in reply to … command)" and Exim's "SMTP error from remote mail server".
REPORT_MARKS_RE = lazy_re(
    r"^[ \t>]*(?:final-recipient|original-recipient|diagnostic-code|action|remote-mta|reporting-mta"
    r"|x-failed-recipients)[ \t]*:|\b(?:status|dsn|stat)=[245]|\(in reply to |smtp error from remote",
    re.IGNORECASE | re.MULTILINE,
)


def recognise(source: Source) -> bool:
    if (source.message is None or not source.message.keys()) and lists_replies(source.notice):
        return True
    if built_as_report(source.message):
        return False  # (cheap, and the answer whatever the text says: asked before the text is read)
    text = source.text
    openings = code_openings(text)
    if len(openings) < min(MIN_CODES, LISTED_REPLIES):
        return False  # too few codes for either list (most texts): no address search
    names_no_one = names_only_placeholders(text)
    if not (lists_codes(text, openings) if names_no_one else has_different_replies(text, openings)):
        return False
    if REPORT_MARKS_RE().search(text) is not None:
        return False  # a report's per-recipient fields or log records: their readers', whatever else it quotes
    return names_no_one or explains_replies(text)


# A placeholder address: a template's variable ("%email@domain.tld%") or a mailbox at the bare name
# "domain" ("userid@domain.com"), matched on one address as ADDRESS_RE found it.
PLACEHOLDER_ADDRESS_RE = lazy_re(r"%.*|[^@]*@domain\.[a-z]{2,6}", re.IGNORECASE)


def names_only_placeholders(text: str) -> bool:
    """Whether every address the text names is a placeholder (none at all in most lists). The addresses
    are looked for as ``search_address`` does, from near each next "@": almost every text's first one is a
    real address, which ends the test at once."""
    found = search_address(text)
    while found is not None:
        if PLACEHOLDER_ADDRESS_RE().fullmatch(found.group(0)) is None:
            return False
        found = search_address(text, found.end())
    return True


def code_openings(text: str) -> list[int]:
    """Where a code may open in the text (CODE_OPENING_RE), in order: one scan for every check."""
    return [found.start() for found in CODE_OPENING_RE().finditer(text)]


def lists_codes(text: str, openings: list[int]) -> bool:
    """At least MIN_CODES different enhanced status codes of failure, or different failure reply codes
    (``openings``: the text's ``code_openings``)."""
    statuses: set[str] = set()
    replies: set[str] = set()
    for start in openings:
        status = STATUS_RE.match(text, start)
        if status is not None and status.group(1) != "2":
            statuses.add(status.group(0))
            if len(statuses) >= MIN_CODES:
                return True
        reply = REPLY_RE.match(text, start)
        if reply is not None:
            replies.add(reply.group(1))
            if len(replies) >= MIN_CODES:
                return True
    return False


def lists_replies(window: str) -> bool:
    """The pasted text opens LISTED_REPLIES or more lines with different final failure replies and
    names no address."""
    listed: set[tuple[str, str, str]] = set()
    for found in LISTED_REPLY_RE().finditer(window):
        reply, status, wording = found.groups()
        listed.add((reply, status or "", wording.strip().lower()[:WORDING_CHARS]))
        if len(listed) >= LISTED_REPLIES:
            return search_address(window) is None
    return False


def has_different_replies(text: str, openings: list[int]) -> bool:
    """Whether the text quotes LISTED_REPLIES different replies at least: the cheap check before its
    lines are read (``openings``: the text's ``code_openings``; each reply found as ``finditer`` finds
    them, the next looked for after the last one's end)."""
    seen: set[tuple[str, ...]] = set()
    end = 0
    for start in openings:
        found = EXAMPLE_REPLY_RE().match(text, start) if start >= end else None
        if found is None:
            continue
        end = found.end()
        if is_continued(found):
            continue
        seen.add(found.groups(""))
        if len(seen) >= LISTED_REPLIES:
            return True
    return False


def explains_replies(text: str) -> bool:
    """Whether LISTED_REPLIES different replies, on lines with no address (nor one on the line above), are
    each followed by an explanation: the rest of their line, or the next line that is not empty."""
    lines = [line for line in text.split("\n") if line.strip()]
    explained: set[tuple[str, ...]] = set()
    for index, line in enumerate(lines):
        found = EXAMPLE_REPLY_RE().search(line)
        if found is None or is_continued(found) or "@" in line or (index and "@" in lines[index - 1]):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if is_sentence(line[found.end() :], EXPLAINED_REPLY_WORDS) or is_sentence(following, SENTENCE_WORDS):
            explained.add(found.groups(""))
            if len(explained) >= LISTED_REPLIES:
                return True
    return False


def is_continued(found: re.Match[str]) -> bool:
    """A line of a multi-line reply that goes on below ("550-5.7.26 This mail is unauthenticated, …",
    RFC 5321 4.2.1): one reply, whose lines each read as a sentence."""
    return found.group(1) is not None and found.string[found.start() + 3 : found.start() + 4] == "-"


def is_sentence(text: str, words: int) -> bool:
    """A sentence of explanation: as many different words, no address and no reply of its own."""
    return (
        "@" not in text and len({word.casefold() for word in WORD_RE().findall(text)}) >= words and EXAMPLE_REPLY_RE().search(text) is None
    )


def read(source: Source) -> Parsed | None:
    return Parsed("guide", [])
