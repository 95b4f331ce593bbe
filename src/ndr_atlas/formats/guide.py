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
Its kind is "guide"."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, built_as_report, lazy_re, may_say

# Both terms, in any of the spellings guides use ("hard bounce", "hard-bounced", "soft bounces").
HARD_RE = lazy_re(r"\bhard[ -]?bounce", re.IGNORECASE)
SOFT_RE = lazy_re(r"\bsoft[ -]?bounce", re.IGNORECASE)
NEEDLES = ("hard bounce", "hard-bounce", "hardbounce")
SOFT_NEEDLES = ("soft bounce", "soft-bounce", "softbounce")


def recognise(source: Source) -> bool:
    text = source.text
    if not may_say(text, NEEDLES, SOFT_NEEDLES):
        return False
    if built_as_report(source.message):
        return False
    return HARD_RE().search(text) is not None and SOFT_RE().search(text) is not None and ADDRESS_RE.search(text) is None


def read(source: Source) -> Parsed | None:
    return Parsed("guide", [])
