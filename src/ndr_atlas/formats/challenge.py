"""Challenge-response and sender-verification notices: the recipient's filter (Boxbe, SpamArrest,
Bluebottle, ChoiceMail, TMDA, a server that "requires confirmation" of the sending server …) holds
the message until the sender proves to be a person or asks to be allowed. The message is not
refused for good, and the address is not bad: not a delivery failure, even when the notice comes
dressed as a delivery-status report (Boxbe sends "Action: failed" with "Sender not pre-approved").

Read: the address whose filter holds the message (the report's recipient, else the protected
person's Reply-To or From, else the returned original's To).
"""

from __future__ import annotations

import re

from ndr_atlas.formats import generic
from ndr_atlas.formats.base import ADDRESS_RE, MACHINE_SENDER_RE, Address, Parsed, Source, found_at_openings, report_parts
from ndr_atlas.formats.returned import ORIGINAL_TYPES, original_to_field
from ndr_atlas.formats.rfc3464 import failures_from_dsn

# Services that do nothing else: a notice from them is a challenge whatever it says.
CHALLENGE_SERVICES = ("boxbe.com", "spamarrest.com", "bluebottle.com", "antispam.uol.com.br")
# How these notices ask the sender to act, searched in the lower-cased text: a request to confirm,
# verify or add oneself so that the held message goes through. The English wordings are those bounce
# classifiers list for these services ("sender not pre-approved", "requires confirmation", "to complete
# this verification", "click on the following link"); the others say the same in the languages such
# filters write. Words that only describe a list of allowed senders are not enough: a restricted
# group's refusal ("only accepts messages from … its allowed senders list") is a failure.
CHALLENGE_WORDS_RE = re.compile(
    r"sender not pre-approved|requires? (?:your )?confirmation|to complete (?:this|the) verification"
    r"|click (?:on )?(?:the )?(?:following )?link(?: below)? to (?:verify|confirm|be added|deliver|release)"
    r"|verify (?:that )?you are (?:a )?(?:human|real person|not a (?:robot|spammer))"
    r"|add yourself to my|(?:has been|was) waitlisted|challenge[- ]response"
    # EarthLink spamBlocker's notice, quoted alike by two who received it (itseemstome.com, mollymcmahan
    # .wordpress.com): "If you would like to be added to my list of approved senders, please fill out …"
    r"|(?:like|want|wish) to be added to my (?:list of )?approved senders"
    r"|(?:is|are|has been|will be) (?:being )?held (?:until|pending) (?:you|your|the sender)|to release your message"
    r"|(?:awaiting|pending) (?:your )?(?:confirmation|verification)"
    # German, French, Italian, Spanish, Portuguese
    r"|bestätigen sie (?:bitte )?(?:ihre|dass sie)|absender(?:adresse)? (?:zu )?(?:bestätigen|verifizieren)|bestätigungslink"
    r"|confirmer (?:votre|que vous)|vérifier (?:votre adresse|que vous)"
    r"|confermare (?:il tuo|il vostro|la tua|la vostra|che sei|di essere)|in attesa (?:di|della) (?:conferma|verifica)"
    r"|confirm(?:e|ar) (?:su|tu) (?:dirección|mensaje|correo)|verifi(?:que|car) que (?:usted )?(?:es|eres)"
    r"|confirm(?:e|ar) (?:seu|o seu|sua) (?:endereço|e-?mail|mensagem)"
)
# One of these stands in every text CHALLENGE_WORDS_RE matches (keep them in step).
CHALLENGE_NEEDLES = (
    "pre-approved", "confirm", "verif", "add yourself", "waitlisted", "challenge", "held ", "release",
    "bestätig", "conferm", "in attesa", "click", "vérif", "approved senders",
)  # fmt: skip
# What every match of CHALLENGE_WORDS_RE opens with, one entry or more per alternative (keep them in
# step too): the pattern is tried only where one of them stands, not at every character of the window.
CHALLENGE_OPENINGS = (
    "sender not pre-approved", "require", "to complete ", "click ", "verif", "add yourself", "was waitlisted",
    "challenge", "like to be added", "want to be added", "wish to be added", "is ", "are ", "has been ", "will be ",
    "to release your message", "awaiting ", "pending ", "bestätig", "absender", "confirm", "vérifier ", "confermare ",
    "in attesa ",
)  # fmt: skip
# The address a notice asks the sender to write to, to confirm ("luisa-confirm+123@…", "verify@…").
CONFIRM_ADDRESS_RE = re.compile(r"confirm|verif|challenge|release")
# Only the top of the text is read: a challenge says so first.
WORDS_WINDOW = 8_000
# A link in the notice ("http://…/cgi-sys/bxd.cgi?a=nick@example.org&id=…", cPanel BoxTrapper's): "/",
# "?", "=" and "&" are an address's characters too, so the path would be read as its local part; split
# at them (RFC 3986's delimiters), an address the link carries as a parameter is read alone.
LINK_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>\"]+", re.IGNORECASE)
LINK_DELIMITERS_RE = re.compile(r"[/?=&#:;]")


def recognise(source: Source) -> bool:
    message = source.message
    if message is not None:
        sender = (source.header("From") + " " + source.header("Return-Path") + " " + source.header("Reply-To")).lower()
        if any(map(sender.__contains__, CHALLENGE_SERVICES)):
            return True
        head = source.head.lower()
        if any(map(head.__contains__, CHALLENGE_SERVICES)):
            return True
        if not source.automated:
            return False  # a person's own mail may well talk of confirming things
    window = source.text[:WORDS_WINDOW].lower()
    # The pattern runs only where one of its words stands (most reports hold none of them), and there
    # only where one of its matches may open (the window is lower-cased, as the openings are).
    return any(map(window.__contains__, CHALLENGE_NEEDLES)) and found_at_openings(CHALLENGE_WORDS_RE, window, CHALLENGE_OPENINGS)


def read(source: Source) -> Parsed | None:
    held = held_address(source)
    return Parsed("challenge", [], [Address(held)] if held else [])  # a paste of the notice alone may name no one


def held_address(source: Source) -> str | None:
    """The address whose filter holds the message: the report's recipient, else the protected
    person's Reply-To, else the first address the notice names (not the sender it writes to, not a
    confirmation address), else its From, else the returned original's To."""
    if source.message is not None:
        failures, _, _ = failures_from_dsn(source.message)
        for failure in failures:
            if failure.recipient:
                return failure.recipient
    for failure in generic.failures_from_text(source.text, None, True):
        if failure.recipient:
            return failure.recipient
    written_to = {a.lower() for a in ADDRESS_RE.findall(source.header("To"))}
    candidates = [
        *ADDRESS_RE.findall(source.header("Reply-To")),
        *ADDRESS_RE.findall(unlinked(source.text[:WORDS_WINDOW])),
        *ADDRESS_RE.findall(source.header("From")),
    ]
    for address in candidates:
        lowered = address.lower()
        if lowered not in written_to and not MACHINE_SENDER_RE.search(lowered) and not CONFIRM_ADDRESS_RE.search(lowered):
            if not any(map(lowered.__contains__, CHALLENGE_SERVICES)):
                return address
    if source.message is not None:
        for part in report_parts(source.message):
            if part.get_content_type() in ORIGINAL_TYPES:
                found = ADDRESS_RE.search(original_to_field(part))
                if found:
                    return found.group(0)
    return None


def unlinked(text: str) -> str:
    """The text with its links split at their delimiters: an address a link carries stands alone."""
    if "://" not in text:
        return text
    return LINK_RE.sub(lambda link: LINK_DELIMITERS_RE.sub(" ", link.group(0)), text)
