"""Success notices read from their words: the text of a delivery status notification that reports
a delivery, a relay or a list expansion, pasted without its ``message/delivery-status`` fields (read
by ``rfc3464`` when they are there). Sendmail heads its list "The following addresses had successful
delivery notifications" and writes "relayed; expect no further notifications"; Postfix's success
notice says the message "was successfully delivered to the destination(s) listed below"; Exchange
"Your message has been delivered to the following recipients:" (Italian "Il messaggio è stato
recapitato ai destinatari seguenti:") and "Delivery to these recipients or groups is complete".

Read: the addresses listed under the heading, each "delivered", "relayed" or "expanded" as its line
says. A notice that also names a failure or a delay, or quotes a 4xx/5xx reply, is left to the readers
of reports."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_RE
from ndr_atlas.formats.base import ADDRESS_RE, NOTICE_WINDOW, Address, Parsed, Source, may_say

SUCCESS_HEADING_RE = re.compile(
    r"following addresses had successful delivery notifications|successfully delivered to the destination"
    r"|your message has been delivered to the following recipients|delivery to these recipients or groups is complete"
    r"|il messaggio è stato recapitato ai destinatari seguenti",
    re.IGNORECASE,
)
# Words of a failure or a delay in the same notice: then it is a report with a success among failures.
NOT_ONLY_SUCCESS_RE = re.compile(
    r"fatal error|could not be delivered|couldn't be delivered|undeliver|has failed|failed to|non recapitabil"
    r"|non è stato recapitato|delayed|warning|deferred|ritard",
    re.IGNORECASE,
)
# The listing ends at a Sendmail rule line ("   ----- Transcript … -----") or the returned original.
RULE_RE = re.compile(r"^\s*-{3,}")


SUCCESS_NEEDLES = (
    "successful delivery notif",
    "successfully delivered",
    "has been delivered to the following",
    "is complete",
    "recapitato ai destinatari",
)


def recognise(source: Source) -> bool:
    window = source.text[:NOTICE_WINDOW]
    if not may_say(window, SUCCESS_NEEDLES):
        return False
    heading = SUCCESS_HEADING_RE.search(window)
    if heading is None or NOT_ONLY_SUCCESS_RE.search(window):
        return False
    return not any(code.startswith(("4", "5")) for line in window.split("\n") for code in REPLY_RE.findall(line))


def read(source: Source) -> Parsed | None:
    window = source.text[:NOTICE_WINDOW]
    heading = SUCCESS_HEADING_RE.search(window)
    assert heading is not None  # recognise() said so
    # Exchange's "is complete, but no delivery notification was sent by the destination server": relayed.
    default = "relayed" if heading.group(0).lower().endswith("complete") else "delivered"
    addresses: dict[str, Address] = {}
    for line in window[heading.end() :].split("\n")[1:]:
        if RULE_RE.match(line) and addresses:
            break
        lowered = line.lower()
        action = "relayed" if "relayed" in lowered else "expanded" if "expanded" in lowered else default
        for found in ADDRESS_RE.findall(line):
            known = addresses.setdefault(found.lower(), Address(found, action=action))
            if action != "delivered":
                known.action = action
    return Parsed("delivered", [], list(addresses.values())) if addresses else None
