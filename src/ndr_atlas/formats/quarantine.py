"""Quarantine notifications: a mail service's notice to its own user that messages addressed to them
are held in its quarantine (Microsoft 365's "You have N new messages in quarantine", Italian "messaggi
in quarantena", the digests of other filters: Trend Micro Hosted Email Security's is titled
"Trend Micro Hosted Email Security quarantined spam <date> <time> for <mailbox>", as a help desk's page
and a Trend Micro API sweep's output quote it), listing each held message's sender and subject with
"Release" and "Block sender" links. The subjects listed may well read "Undeliverable" or "Mail
delivery failed": nothing here failed, the messages wait for a decision.

Read: the mailbox whose quarantine it is (the notice's To)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, carries_delivery_report, may_say

# Microsoft 365 sends its notifications from this address (the sender name can be customised).
SENDERS = ("quarantine@messaging.microsoft.com",)
# Messages in (or held in) quarantine, in the languages such notices are sent in; Microsoft's
# notifications send the user to the portal's Quarantine page.
QUARANTINE_WORDS_RE = re.compile(
    r"messages? (?:in|to|held in) (?:your )?quarantine|quarantined messages?|quarantine (?:digest|summary|notification)"
    # Trend Micro Hosted Email Security's digest: "… quarantined spam <date> <time> for <mailbox>".
    r"|quarantined spam\b"
    r"|(?:placed|held|kept|stored) in (?:your |the )?(?:personal )?quarantine"
    r"|quarantine page|pagina quarantena|messaggi(?:o)? in quarantena|notifica di quarantena|nachrichten in (?:der |ihrer )?quarantäne"
    r"|messages? en quarantaine|mensajes? en cuarentena|mensage(?:m|ns) em quarentena|berichten in quarantaine",
    re.IGNORECASE,
)


# One of these stands in every text QUARANTINE_WORDS_RE matches, lower-cased (keep them in step; see ``may_say``).
QUARANTINE_NEEDLES = ("quarant", "quarent", "cuarent")


def recognise(source: Source) -> bool:
    sender = source.header("From").lower()
    subject = source.header("Subject")
    said = any(address in sender for address in SENDERS) or (
        may_say(subject, QUARANTINE_NEEDLES) and bool(QUARANTINE_WORDS_RE.search(subject))
    )
    if not said:
        window = source.notice
        said = may_say(window, QUARANTINE_NEEDLES) and bool(QUARANTINE_WORDS_RE.search(window))
    # A refusal that says the message was quarantined ("550 5.7.1 … quarantined") is a report.
    return said and not carries_delivery_report(source)


def read(source: Source) -> Parsed | None:
    found = ADDRESS_RE.search(source.header("To"))
    return Parsed("quarantine", [], [Address(found.group(0))] if found else [])
