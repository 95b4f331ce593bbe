"""Exim's main log pasted alone, when the error of a failed or deferred address is Exim's own (a
local transport or router that failed) and carries no SMTP reply for the scanner of lines to find:

    2025-02-14 18:12:33.501 [47012] 1tixMn-00000000C5j-1wRa ** bob@example.org F=<ann@example.org>
    R=dovecot_user T=dovecot_delivery: Child process of dovecot_delivery transport returned 127 …

The Exim specification (chapter "Log files", "Logging message reception and delivery") flags a
delivery that failed with "**" and one deferred with "==", after the message id; the address, the
router (R=), transport (T=) and host (H=) fields follow, then ": " and the error. A line may start
with syslog's own fields, and with the time's fraction and the process id when log_selector adds
them (+millisec, +pid). Lines whose errors all quote a remote server's reply are left to the
scanner of lines, which reads them already; a paste that has one without is read here whole.
Backed by the specification and such a line pasted in drlight17/mta-log-parser#22."""

from __future__ import annotations

import re
from itertools import islice

from ndr_atlas.formats.base import Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import EXIM_LOG_TIME, EXIM_MESSAGE_ID, failure_from_words

LINE_RE = lazy_re(
    r"(?:^|\s)"
    + EXIM_LOG_TIME
    + r" (?:\[\d{1,10}\] )?"
    + EXIM_MESSAGE_ID
    + r" (?P<flag>\*\*|==) (?P<addr>\S{1,320})(?P<rest>[^\n]{0,4000})",
    re.MULTILINE,
)
REPLY_RE = lazy_re(r"(?:^|[\s:])[45]\d\d[\s-]")
# The fields before the error: R=router, T=transport, H=host, F=<sender>, P=<return path>, "defer (-44)".
FIELDS_END = ": "
MAX_FAILURES = 200
MAX_WRAPPED_LINES = 8


def wrapped_rest(text: str, end: int) -> str:
    """The indented lines under a log line: the same entry, wrapped by a mail program or a page."""
    rest: list[str] = []
    # Only the window the wrapped lines can fill is split: a long log would be split again for each entry.
    for line in text[end : end + (MAX_WRAPPED_LINES + 1) * 4001].split("\n")[1 : MAX_WRAPPED_LINES + 1]:
        if not line[:1].isspace() or not line.strip():
            break
        rest.append(line.strip())
    return " " + " ".join(rest) if rest else ""


def recognise(source: Source) -> bool:
    text = source.text
    return (" ** " in text or " == " in text) and LINE_RE().search(text) is not None


def read(source: Source) -> Parsed | None:
    text = source.text
    found = [(line, line.group("rest") + wrapped_rest(text, line.end())) for line in islice(LINE_RE().finditer(text), MAX_FAILURES)]
    if all(REPLY_RE().search(rest) for _, rest in found):
        return None  # every error quotes a server's reply: the scanner of lines reads those
    failures: list[Failure] = []
    for line, rest in found:
        address = line.group("addr").rstrip(":")
        _, _, error = rest.partition(FIELDS_END)
        failure = failure_from_words(address if "@" in address else None, [error or rest])
        failure.evidence = [line.group(0).strip()]
        if line.group("flag") == "==":
            failure.action = "delayed"  # Exim keeps the message and tries the address again
        failures.append(failure)
    return bounce(failures)
