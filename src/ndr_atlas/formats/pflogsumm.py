"""pflogsumm's summary of a Postfix log (pflogsumm.pl by James S. Seymour; its man page names the
problem reports "message bounce detail (by relay)", "message deferral detail" and "message reject
detail"), pasted or mailed by the cron job the man page suggests. It counts a day or a week of mail
under fixed headings: "Grand Totals" with its "received / delivered / deferred / bounced / rejected"
lines, "Per-Hour Traffic Summary", the host and sender tables, then the problem reports, each
printed as its heading over a dashed underline, or as "<heading>: none" when it is empty
(pflogsumm's print_nested_hash, kept by its ports: "message reject warning detail", "message hold
detail", "message discard detail", "smtp delivery failures", "Fatal Errors", "Panics", "Master
daemon messages"). Under "message reject detail" stand the refusals Postfix logged ("Sender address
rejected: User unknown in virtual mailbox table (total: 3)") and the hosts or addresses they
concerned, words a careless reader takes for a bounce. The report states no failure of one message:
its kind is "log-summary".

Recognised when the text opens with pflogsumm's own lines (its title, a heading, a "Grand Totals"
count) and holds two of its headings; or when a few lines of a person's question stand above the
summary (an issue "Rejected messages: … I saw that some messages started to be rejected" over the
pasted "messages / 87 received / … / message reject detail" block, wild set233 s15), so long as those
lines say nothing of a failed delivery: no bounce words, no SMTP code. A bounce that returns cron's
mail of the summary says so above it ("I wasn't able to deliver your message", "<addr>: … #5.1.1") and
stays that bounce."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_RE, STATUS_RE
from ndr_atlas.formats.base import Parsed, Source, built_as_report, lazy_re, may_say
from ndr_atlas.formats.words import has_bounce_cues

# pflogsumm's headings, as print_nested_hash and its siblings print them ("top 10 " before those
# limited by a count), alone on their line or followed by ": none".
HEADING_RE = lazy_re(
    r"^[ \t]*(?:top \d+ )?(?P<name>grand totals|per-(?:hour|day) traffic (?:summary|daily average)"
    r"|host/domain summary: message(?:s)? (?:delivery|received)|(?:senders|recipients) by message (?:count|size)"
    r"|message deferral detail|message bounce detail \(by relay\)|message reject detail|message reject warning detail"
    r"|message hold detail|message discard detail|smtp delivery failures|fatal errors|panics|master daemon messages)"
    r"(?::[ \t]*none)?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A line of pflogsumm's own: its title, a heading's dashed underline, the "messages" label and the
# counts of "Grand Totals" ("     87   received", "     10   rejected (18%)", "   706   bytes received").
OWN_LINE_RE = lazy_re(
    r"^[ \t]*(?:postfix log summaries for\b.*|-{4,}|messages"
    r"|\d+[kmg]?[ \t]+(?:received|delivered|forwarded|deferred|bounced|rejected|reject warnings|held|discarded"
    r"|bytes received|bytes delivered|senders|sending hosts/domains|recipients|recipient hosts/domains)\b.*)[ \t]*$",
    re.IGNORECASE,
)
NEEDLES = (
    "grand totals", "traffic summary", "host/domain summary", "by message count", "deferral detail",
    "bounce detail", "reject detail", "reject warning detail", "hold detail", "discard detail",
    "smtp delivery failures", "fatal errors", "panics", "master daemon messages",
)  # fmt: skip
HEADINGS_NEEDED = 2
# Where the summary itself begins after a person's lines: its title, the "messages" label of "Grand
# Totals" or one of its first counts (a heading is HEADING_RE's). Not the dashed underline, which
# a person's text may draw too.
START_RE = lazy_re(r"^[ \t]*(?:postfix log summaries for\b.*|messages[ \t]*|\d+[kmg]?[ \t]+(?:received|delivered)\b.*)$", re.IGNORECASE)
# A person's question above the summary: a few short lines (an issue's title and a paragraph or two).
SEARCHED_LINES = 40
PREAMBLE_LINES = 10
PREAMBLE_CHARS = 1500


def recognise(source: Source) -> bool:
    if built_as_report(source.message):
        return False
    text = source.text
    if not may_say(text, NEEDLES):
        return False
    lines = text.split("\n", SEARCHED_LINES)[:SEARCHED_LINES]
    first = next((line for line in lines if line.strip()), "")
    if not (HEADING_RE().match(first) or OWN_LINE_RE().match(first) or asked_above(lines)):
        return False  # a notice, or a mail that quotes a summary further down, is read for what it is
    return len({found.group("name").lower() for found in HEADING_RE().finditer(text)}) >= HEADINGS_NEEDED


def asked_above(lines: list[str]) -> bool:
    """A person's few lines, with no word or code of a failed delivery, above the summary's start."""
    start = next((at for at, line in enumerate(lines) if HEADING_RE().match(line) or START_RE().match(line)), None)
    if start is None:
        return False
    above = [line for line in lines[:start] if line.strip()]
    preamble = "\n".join(above)
    if len(above) > PREAMBLE_LINES or len(preamble) > PREAMBLE_CHARS:
        return False
    return not (has_bounce_cues(preamble) or STATUS_RE.search(preamble) or REPLY_RE.search(preamble))


def read(source: Source) -> Parsed | None:
    return Parsed("log-summary", [])
