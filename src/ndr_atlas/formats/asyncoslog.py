"""Cisco Secure Email (IronPort AsyncOS) log lines pasted alone: the appliance's verdict on each
recipient it gave up on (``Bounced``) or will try again (``Delayed``). Layouts from the AsyncOS user
guides, chapter "Logging" (the mail log's and the bounce log's examples):

the mail log, the recipient named by its message and recipient IDs,

    Mon Mar 31 20:00:27 2003 Info: Bounced: DCID 3 MID 4 to RID 0 - 5.1.0 - Unknown address error ('550', ['<george@example.com>... Relaying denied']) []

with the address on the line that logged the recipient when the message came in
(``Info: MID 4 ICID 5 RID 0 To: <george@example.com>``), when the paste holds it;

the bounce log, envelope sender and recipient on the line,

    Thu Dec 26 18:36:59 2003 Info: Bounced: 45346670:0 From:<news@example.com> To:<ann@example.org> Reason: "5.1.0 - Unknown address error" Response: "('550', ['There is no such active account.'])"

AsyncOS's own status and words come first (its reading of what happened, as in its bounce mails:
formats/ironport.py), then the receiver's reply as a Python tuple: the code, ``'000'`` when no server
answered (``('000', ['DNS Hard Error looking up example.net (MX): NXDomain'])``), and its lines. The
receiver's own status, when its reply has one, says more; AsyncOS's stands when it is the only one.
Log collectors print the mail log's lines with ``From: <…> To: <…>`` after the IDs too: the ``To`` of
the line names the recipient whichever layout it is in."""

from __future__ import annotations

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, MAX_TEXT_CHARS, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

MARKERS = ("Info: Bounced: ", "Info: Delayed: ")
VERDICT_RE = lazy_re(r"\bInfo: (?P<verdict>Bounced|Delayed): (?P<rest>.+)$")
# The recipient's IDs: "MID 4 to RID 0" (mail log), "45346670:0" opening the bounce log's line.
IDS_RE = lazy_re(r"\bMID (?P<mid>\d{1,20}) (?:to )?RID \[?(?P<rid>\d{1,6})\]?|^(?P<bmid>\d{1,20}):(?P<brid>\d{1,6})\b")
TO_RE = lazy_re(r"\bTo: ?<(?P<addr>" + ADDRESS_RE.pattern + r")>")
# The mail log's line for each recipient of an incoming message: "Info: MID 4 ICID 5 RID 0 To: <addr>".
INJECTED_RE = lazy_re(r"\bInfo: MID (?P<mid>\d{1,20}) ICID \d{1,20} RID (?P<rid>\d{1,6}) To: <(?P<addr>" + ADDRESS_RE.pattern + r")>")
# AsyncOS's own status and words: "- 5.1.2 - Bad destination host (" or 'Reason: "5.1.0 - Unknown address error"'.
OWN_RE = lazy_re(r"(?:^|[\s\"])(?P<status>[245]\.\d{1,3}\.\d{1,3}) - (?P<words>[A-Za-z][^\"'()\[\]]{0,100}?)\s*(?=[\"(]|$)")
# The receiver's reply as AsyncOS prints it: ('550', ['line', "line"]). Its opening is searched for,
# then its end from there: one regex ``\[(.*?)\]\s*\)`` would scan the rest of the line from every
# opening that has no end, a cost that grows with the square of a hostile line.
RESPONSE_OPEN_RE = lazy_re(r"\(\s*'(?P<code>\d{3})',\s*\[")
RESPONSE_CLOSE_RE = lazy_re(r"\]\s*\)")
QUOTED_RE = lazy_re(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
MAX_FAILURES = 500


def recognise(source: Source) -> bool:
    text = source.raw
    return any(marker in text for marker in MARKERS) and ("RID " in text or "Reason:" in text)


def read(source: Source) -> Parsed | None:
    text = source.log_lines[:MAX_TEXT_CHARS]  # not a returned original that quotes these lines
    injected = {(m.group("mid"), m.group("rid")): m.group("addr") for m in INJECTED_RE().finditer(text)}
    failures: dict[str, Failure] = {}
    for line in text.split("\n"):
        if "Info: " not in line:
            continue
        verdict = verdict_of(line)
        if verdict is None:
            continue
        recipient = verdict.recipient or (injected.get(verdict.ids) if verdict.ids else None)
        failure = failure_from_words(recipient, [verdict.words])
        if failure.status is None:  # the receiver's quoted status says more; AsyncOS's own stands alone
            failure.status = normalise_status(verdict.status)
        failure.evidence = [line.strip()]
        if verdict.delayed:
            failure.action = "delayed"
        key = (failure.recipient or "").lower() or (":".join(verdict.ids) if verdict.ids else line)
        failures[key] = failure  # a later verdict on the same recipient says more than an earlier one
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(list(failures.values()))


class Verdict:
    """What one ``Bounced``/``Delayed`` line says: the recipient when the line names it, the
    recipient's IDs (MID, RID) when it does not, AsyncOS's own status, the words to classify (the
    receiver's reply with its code, or AsyncOS's own words when no server answered), and whether the
    appliance tries again. ``logs.asyncos`` reads the appliance's log files with it too. (A plain
    class, as formats.stalwartlog's DsnEvent.)"""

    __slots__ = ("delayed", "ids", "recipient", "reply", "status", "words")

    def __init__(
        self, delayed: bool, ids: tuple[str, str] | None, recipient: str | None, status: str, words: str, reply: str | None
    ) -> None:
        self.delayed = delayed
        self.ids = ids
        self.recipient = recipient
        self.status = status
        self.words = words
        self.reply = reply


def verdict_of(line: str) -> Verdict | None:
    """The verdict of a log line, if it states one with AsyncOS's own status and words."""
    verdict = VERDICT_RE().search(line)
    if verdict is None:
        return None
    rest = verdict.group("rest")
    own = OWN_RE().search(rest)
    if own is None:
        return None
    to = TO_RE().search(rest)
    found = IDS_RE().search(rest)
    ids = (found.group("mid") or found.group("bmid"), found.group("rid") or found.group("brid")) if found else None
    said, code = response_of(rest, own.end())
    if code is not None and code != "000":
        words = f"{code} {said}".strip()
    else:  # no server answered: AsyncOS's own words, then its detail ("DNS Hard Error looking up …")
        words = f"{own.group('words')}: {said}" if said else own.group("words")
    return Verdict(
        verdict.group("verdict") == "Delayed",
        ids,
        to.group("addr") if to else None,
        own.group("status"),
        words,
        code if code != "000" else None,
    )


def response_of(rest: str, start: int) -> tuple[str, str | None]:
    """The receiver's reply after ``start``: its lines joined and its code; ("", None) when there is none."""
    opening = RESPONSE_OPEN_RE().search(rest, start)
    closing = RESPONSE_CLOSE_RE().search(rest, opening.end()) if opening else None
    if opening is None or closing is None:
        return "", None
    lines = rest[opening.end() : closing.start()]
    return " ".join(a or b for a, b in QUOTED_RE().findall(lines)), opening.group("code")
