"""Courier's delivery status notice, read from its text (pasted, or a notice whose delivery-status part
is gone), when it reports a relayed or delivered recipient: the notice is made of sections, each
opened by a rule line and a centred banner that says what happened to the recipients listed under
it. Courier's source writes them from fixed templates (courier/module.dsn/dsnfailed.txt,
dsndelayed.txt, dsnrelayed.txt, dsndelivered.txt, printed by dsn.c): "UNDELIVERABLE MAIL" (failed),
"DELAYS IN DELIVERING YOUR MESSAGE" (delayed), "MESSAGE DELIVERED TO A MAIL GATEWAY" (relayed, no
receipt possible) and "MESSAGE DELIVERED SUCCESSFULLY" (a return receipt). A final notice can hold a
receipt section, a relayed one and a failed one together (dsn.c's three passes; courierdsn.html's own
sample relays one recipient and fails another), so a recipient is a failure only under the failed
banner: the `` <<< 250 ok`` of a relayed recipient is no refusal, yet the transcript scanner read it
as one. Each recipient is `` <address>:``, then the peer, the command sent (`` >>> ``) and the reply
(`` <<< ``) on the lines under it (dsn.c's format_del_info), which the generic scanner reads well.

Read: a notice with only failed and delayed sections is left to the scanner (None). Otherwise the
relayed and delivered sections are cut out and the rest is read by the scanner; a failed section
whose recipients a paste cut off is one failure of a recipient the text does not name; a notice of
receipts and relays only is a delivery."""

from __future__ import annotations

import re

from ndr_atlas.formats import generic
from ndr_atlas.formats.base import ADDRESS_RE, Address, Failure, Parsed, Source, lazy_re, may_say

# The banner of each section, as the templates centre it on a line of its own, and what it says.
BANNERS = {
    "UNDELIVERABLE MAIL": "failed",
    "DELAYS IN DELIVERING YOUR MESSAGE": "delayed",
    "MESSAGE DELIVERED TO A MAIL GATEWAY": "relayed",
    "MESSAGE DELIVERED SUCCESSFULLY": "delivered",
}
NEEDLES = tuple(banner.lower() for banner in BANNERS)
BANNER_RE = lazy_re(r"^[ \t]{0,40}(" + "|".join(map(re.escape, BANNERS)) + r")[ \t]*$", re.MULTILINE)
# A recipient: " <address>:" on a line of its own (print_receipient, then ":").
RECIPIENT_RE = lazy_re(r"^[ \t]{0,4}<(?P<addr>" + ADDRESS_RE.pattern + r")>:[ \t]*$")
# The footer (dsnfooter.txt) after the last section.
FOOTER = "If your message was also sent to additional recipients"
MAX_SECTIONS = 8
MAX_DETAIL_LINES = 12


def recognise(source: Source) -> bool:
    return may_say(source.text, NEEDLES) and BANNER_RE().search(source.text) is not None


def read(source: Source) -> Parsed | None:
    text = source.text
    footer = text.find(FOOTER)
    banners = []
    for found in BANNER_RE().finditer(text):
        if 0 <= footer < found.start():
            break
        banners.append(found)
        if len(banners) >= MAX_SECTIONS:
            break
    actions = [BANNERS[banner.group(1)] for banner in banners]
    if not any(action in ("relayed", "delivered") for action in actions):
        return None  # failed and delayed sections only: the scanner reads them as they are
    kept: list[str] = []
    addresses: list[Address] = []
    previous = 0
    for index, (banner, action) in enumerate(zip(banners, actions, strict=True)):
        end = banners[index + 1].start() if index + 1 < len(banners) else (footer if footer > banner.end() else len(text))
        if action in ("relayed", "delivered"):
            kept.append(text[previous : banner.start()])
            addresses.extend(Address(address, action=action) for address, _ in recipients(text[banner.end() : end]))
            previous = end
    kept.append(text[previous:])
    if not any(action in ("failed", "delayed") for action in actions):
        return Parsed("delivered", [], addresses) if addresses else None
    parsed = generic.read(Source("".join(kept), None))
    failures = [] if parsed is None else [f for f in parsed.failures if f.recipient not in {a.address for a in addresses}]
    if "failed" in actions and not any(f.action == "failed" for f in failures):
        unnamed = Failure(None, diagnostic="UNDELIVERABLE MAIL", evidence=["UNDELIVERABLE MAIL"])
        unnamed.names_no_recipient = True  # the addresses left in the text are the relayed or delivered ones
        failures.append(unnamed)
    return Parsed("bounce", failures) if failures else None


def recipients(section: str) -> list[tuple[str, list[str]]]:
    """Each recipient line of a section and the lines under it, up to a blank line or the next one."""
    found: list[tuple[str, list[str]]] = []
    lines = section.split("\n")
    index = 0
    while index < len(lines):
        match = RECIPIENT_RE().match(lines[index])
        index += 1
        if match is None:
            continue
        details: list[str] = []
        while index < len(lines) and len(details) < MAX_DETAIL_LINES:
            line = lines[index]
            if not line.strip() or RECIPIENT_RE().match(line):
                break
            details.append(line.strip())
            index += 1
        found.append((match.group("addr"), details))
    return found
