"""Cisco Secure Email / IronPort (AsyncOS) bounces in its plain layout, without a delivery-status
part: "The following message to <address> was undeliverable." and, under "The reason for the
problem:", AsyncOS's own status and words ("5.1.0 - Unknown address error") followed by the
receiver's reply as AsyncOS quotes it (``550-'5.1.1 …'``), or its own cause ("'timeout'"). Amazon
SES mails the same layout. (Markers from such bounces posted to public mailing lists, and from
Sisimai's notes on the layout; the DSN form of the same bounce is read by rfc3464.)
"""

from __future__ import annotations

import re

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

HEADING = "The reason for the problem:"
MESSAGE_RE = lazy_re(r"^The following message to <([^<>\s]{1,320})> was undeliverable\.", re.MULTILINE)
# AsyncOS's own status opening the reason: "5.4.7 - Delivery expired (message too old) 'timeout'".
OWN_STATUS_RE = lazy_re(r"^([245]\.\d{1,3}\.\d{1,3}) - ")
# The receiver's reply code as AsyncOS quotes it after its own status and words, in the plain layout
# and in the Diagnostic-Code of its DSN alike: "5.3.0 - Other mail system problem 550-'SPF check
# failed …'", "5.1.0 - Unknown address error 550-\"5.1.1 …\"".
QUOTED_REPLY_RE = lazy_re(r"(?:^|;)\s*[245]\.\d{1,3}\.\d{1,3} - [^\n'\"]{1,80}? ([45]\d\d)-['\"]")


def quoted_reply(diagnostic: str) -> str | None:
    """The reply code an AsyncOS diagnostic quotes after its own status and words, if it is one."""
    found = QUOTED_REPLY_RE().search(diagnostic)
    return found.group(1) if found else None


def recognise(source: Source) -> bool:
    return HEADING in source.text and "was undeliverable." in source.text


def read(source: Source) -> Parsed | None:
    text = source.text
    matches = list(MESSAGE_RE().finditer(text))
    failures = []
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        failure = reason_of(match.group(1), text[match.end() : end])
        if failure is not None:
            failures.append(failure)
    return bounce(failures)


def reason_of(address: str, block: str) -> Failure | None:
    """The failure of one recipient: the lines under the heading up to the first blank line."""
    start = block.find(HEADING)
    if start < 0:
        return None
    lines = []
    for line in block[start + len(HEADING) :].lstrip("\n").split("\n"):
        if not line.strip():
            break
        lines.append(line)
    if not lines:
        return None
    failure = failure_from_words(address, lines)
    own = OWN_STATUS_RE().match(lines[0].strip())
    if failure.status is None and own is not None:  # the receiver's quoted status says more; AsyncOS's own stands alone
        failure.status = normalise_status(own.group(1))
    return failure
