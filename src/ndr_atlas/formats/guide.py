"""A text that explains bounces rather than reports one: a deliverability article, a help page or a
list of common codes, pasted whole or in part ("Hard bounce: permanent error … For example: 550 5.1.1
The email account that you tried to reach does not exist"). Such texts quote replies as examples,
words the scanner of lines would take for a failure, and name no one whose mail failed.

Told by the vocabulary of senders and mailing services, which no mail server writes in a report:
"hard bounce" and "soft bounce" both, in a text that names no address at all (a report names at
least its recipient or the returned message's people) and carries no report structure (no
delivery-status part, no X-Failed-Recipients). Backed by two independent guides seen pasted (a
deliverability guide listing "550 5.1.1 — User unknown (hard bounce — remove address)" and its
neighbours, and a mailing service's knowledge-base article quoting one Gmail reply as an example).

A list of codes says so by its shape too, in any language: many different replies or status codes,
each followed by an explanation (a sentence on its own line, or on the code's line after the code)
that names no address. A report quotes one reply per failed recipient, next to the recipient's
address, and explains nothing between them; a log has no sentences at all. Backed by hosting and
mailbox providers' help pages seen pasted in four languages (an Exchange code list, a "Remote host
said:" list, a German hosted-Exchange error table, a Polish provider's list of replies).
Its kind is "guide"."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, REPORT_PART_TYPES, Parsed, Source, lazy_re, may_say, report_parts

# Both terms, in any of the spellings guides use ("hard bounce", "hard-bounced", "soft bounces").
HARD_RE = lazy_re(r"\bhard[ -]?bounce", re.IGNORECASE)
SOFT_RE = lazy_re(r"\bsoft[ -]?bounce", re.IGNORECASE)
NEEDLES = ("hard bounce", "hard-bounce", "hardbounce")
SOFT_NEEDLES = ("soft bounce", "soft-bounce", "softbounce")
# A reply code with its enhanced status ("550 5.1.1", "550-5.1.1"), or either alone, as a word of its
# own, and the word after it: lists give one code several wordings ("550 5.1.1 Unknown recipient",
# "550 5.1.1 RESOLVER.ADR.RecipNotFound"), each a reply of its own.
CODE_RE = lazy_re(
    r"(?<![\w.,/:-])(?:([45]\d\d)(?:[ -]([245]\.\d{1,3}\.\d{1,3}))?|([245]\.\d{1,3}\.\d{1,3}))(?![\w%]|[.,:/-]\d)[ \t:;-]{0,3}(\w{0,40})"
)
# A word of a sentence: two letters or more, of any script.
WORD_RE = lazy_re(r"[^\W\d_]{2,}")
# Different explained codes that make a list: a report with this many different replies names each
# failed recipient beside its reply, which a list's explanations do not.
LIST_CODES = 4
# Different words that make a line a sentence of explanation, and the words after a code on its line that do.
SENTENCE_WORDS = 6
EXPLAINED_CODE_WORDS = 8


def recognise(source: Source) -> bool:
    text = source.text
    names_both = may_say(text, NEEDLES, SOFT_NEEDLES)
    if not names_both and not has_different_codes(text):
        return False
    message = source.message
    if message is not None and (
        message.get("X-Failed-Recipients") or any(part.get_content_type() in REPORT_PART_TYPES for part in report_parts(message))
    ):
        return False
    if names_both and HARD_RE().search(text) is not None and SOFT_RE().search(text) is not None and ADDRESS_RE.search(text) is None:
        return True
    return explains_codes(text)


def has_different_codes(text: str) -> bool:
    """Whether the text holds LIST_CODES different codes at least: the cheap check before the lines are read."""
    seen: set[tuple[str, ...]] = set()
    for found in CODE_RE().finditer(text):
        seen.add(found.groups(""))
        if len(seen) >= LIST_CODES:
            return True
    return False


def explains_codes(text: str) -> bool:
    """Whether LIST_CODES different codes, on lines with no address, are each followed by an
    explanation: the rest of their line, or the next line with words before the next code."""
    lines = [line for line in text.split("\n") if line.strip()]
    explained: set[tuple[str, ...]] = set()
    for index, line in enumerate(lines):
        found = CODE_RE().search(line)
        if found is None or "@" in line or (index and "@" in lines[index - 1]):
            continue
        after = line[found.end() :]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if is_sentence(after, EXPLAINED_CODE_WORDS) or is_sentence(following, SENTENCE_WORDS):
            explained.add(found.groups(""))
            if len(explained) >= LIST_CODES:
                return True
    return False


def is_sentence(text: str, words: int) -> bool:
    """A sentence of explanation: as many different words, no address and no code of its own."""
    return "@" not in text and len({word.casefold() for word in WORD_RE().findall(text)}) >= words and CODE_RE().search(text) is None


def read(source: Source) -> Parsed | None:
    return Parsed("guide", [])
