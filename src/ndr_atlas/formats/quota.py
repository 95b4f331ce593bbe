"""Mailbox-quota warnings: a mail service telling its own user that their mailbox is almost full
(Exchange and Microsoft 365's "Your mailbox is almost full.", "La cassetta postale è quasi piena.",
other servers' quota warnings). Nothing bounced yet; the words "mailbox full" and "undeliverable"
describe what will happen, so a careless reader takes the user for a failed recipient.

Read: the mailbox the warning is about (its To, or the first address of a pasted warning)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, NOTICE_WINDOW, Address, Parsed, Source, carries_delivery_report, may_say

# "Almost" or "nearly" full, or over a warning level: a full mailbox is what bounces say.
WARNING_RE = re.compile(
    r"mailbox is (?:almost|nearly) full|mailbox (?:size )?(?:has )?(?:reached|exceeded) (?:its|the) (?:size )?warning"
    r"|quota warning|cassetta postale è quasi piena|casella (?:di posta )?è quasi piena|postfach ist (?:fast|beinahe) voll"
    r"|boîte aux lettres est presque pleine|buzón (?:de correo )?está casi lleno|caixa de correio está quase cheia"
    r"|postvak is bijna vol",
    re.IGNORECASE,
)
# The warning says so in its subject or first lines.
TOP_CHARS = 1_000


WARNING_NEEDLES = ("full", "warning", "piena", "voll", "pleine", "lleno", "cheia", "bijna vol")


def recognise(source: Source) -> bool:
    subject, top = source.header("Subject"), source.text[:TOP_CHARS]
    said = (may_say(subject, WARNING_NEEDLES) and WARNING_RE.search(subject)) or (may_say(top, WARNING_NEEDLES) and WARNING_RE.search(top))
    return bool(said) and not carries_delivery_report(source)


def read(source: Source) -> Parsed | None:
    found = ADDRESS_RE.search(source.header("To")) or ADDRESS_RE.search(source.text[:NOTICE_WINDOW])
    return Parsed("quota-warning", [], [Address(found.group(0))] if found else [])
