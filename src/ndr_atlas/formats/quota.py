"""Mailbox-quota warnings: a mail service telling its own user that their mailbox is almost full
(Exchange and Microsoft 365's "Your mailbox is almost full.", "La cassetta postale è quasi piena.",
other servers' quota warnings). Nothing bounced yet; the words "mailbox full" and "undeliverable"
describe what will happen, so a careless reader takes the user for a failed recipient.

Read: the mailbox the warning is about (its To, or the first address of a pasted warning)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, carries_delivery_report, may_say

# "Almost" or "nearly" full, or over a warning level: a full mailbox is what bounces say. Also the
# reader's own mailbox over its limit, said to them in the second person: Exchange's "Your mailbox has
# exceeded one or more size limits set by your administrator", and the phishing copies of such notices
# ("Your Mailbox Has Exceeded It Storage Limit As Set By Your Administrator …", support.telesites.net;
# "you have exceeded your E-mail Quota Limit", pastebin 8hAL9zWr). A report about a recipient says
# "the recipient's mailbox", and states its code (a notice holding one is left to the report readers).
# Exchange closes its warnings, the older "You are exceeding the size limit set on your mailbox by the
# system administrator." (laxmanmcse.blogspot.com) and the later "Your mailbox has exceeded one or more
# size limits …" (mail.exchange.uconn.edu's FAQ) alike, with "Items in all of your mailbox folders …
# count against your size limit": said to the mailbox's owner, never in a report to a sender.
WARNING_RE = re.compile(
    r"mailbox is (?:almost|nearly) full|mailbox (?:size )?(?:has )?(?:reached|exceeded) (?:its|the) (?:size )?warning"
    r"|your (?:e-?mail )?mailbox has exceeded (?:one or more |its |it |the )?(?:storage |size |quota )?limits?"
    r"|you have exceeded your (?:e-?mail |mailbox )?(?:quota|storage) limit"
    r"|quota warning|cassetta postale è quasi piena|casella (?:di posta )?è quasi piena|postfach ist (?:fast|beinahe) voll"
    r"|boîte aux lettres est presque pleine|buzón (?:de correo )?está casi lleno|caixa de correio está quase cheia"
    r"|postvak is bijna vol|folders count against your (?:mailbox )?size limit",
    re.IGNORECASE,
)
# The warning says so in its subject or first lines.
TOP_CHARS = 1_000


# One of these stands in every text WARNING_RE matches, lower-cased (keep them in step; see ``may_say``).
WARNING_NEEDLES = (
    "mailbox is almost", "mailbox is nearly", "its warning", "the warning", "size warning", "quota warning", "quasi piena",
    "mailbox has exceeded", "you have exceeded your", "count against your",
    "postfach ist", "presque pleine", "casi lleno", "quase cheia", "bijna vol",
)  # fmt: skip


def recognise(source: Source) -> bool:
    subject, top = source.header("Subject"), source.text[:TOP_CHARS]
    said = (may_say(subject, WARNING_NEEDLES) and WARNING_RE.search(subject)) or (may_say(top, WARNING_NEEDLES) and WARNING_RE.search(top))
    return bool(said) and not carries_delivery_report(source)


def read(source: Source) -> Parsed | None:
    found = ADDRESS_RE.search(source.header("To")) or ADDRESS_RE.search(source.notice)
    return Parsed("quota-warning", [], [Address(found.group(0))] if found else [])
