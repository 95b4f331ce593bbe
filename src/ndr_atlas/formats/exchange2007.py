"""Exchange 2007 and later (on premises and Microsoft 365) classic reports read from their text,
for when the delivery-status part is missing (a report copied from Outlook, a forwarded one):
under ``Diagnostic information for administrators:`` (in the sender's language, exchange_labels)
and ``Generating server: <reporting server>``, one block per failed recipient: the address alone
on a line, then the error in one of the forms Exchange versions print:

* ``#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##`` (2007/2010, its own verdict), which 2010
  may follow with the recipient itself (``##rfc822;bob@example.org``) instead of an address line,
* ``mx.example.org #550 5.1.1 <reply> ##`` (2010, the remote server before the reply),
* ``#< #5.1.1 smtp;550 5.1.1 <reply>> #SMTP#`` or ``#<mx.example.org #5.1.1 smtp;…> #SMTP#`` (a
  reply Exchange carried over from another MTA's report),
* ``Remote Server returned '550 5.1.1 <reply>'``, the remote server's name on the line above (2013+).

The block ends at the next address, and the section at the original's headers. (Layout as
Sisimai's Exchange2007 and Office365 modules record it, and Microsoft's "DSNs and NDRs in
Exchange" pages.)

A report copied from its ``Generating server:`` line down (in the sender's language, exchange_labels)
has lost the heading above it, not its blocks: the section is read from that label when no heading
is there. Seen so in two independent pastes (wild sets 205 and 217: an English one quoted in a
Graph issue, a French Exchange 2013 one in an administrator's note)."""

from __future__ import annotations

import re

from ndr_atlas.formats import exchange_labels
from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import (
    CARRIED_REPLY_RE,
    HOST_NAME,
    REMOTE_RETURNED_RE,
    after_marker,
    before_marker,
    clean_diagnostic,
    failure_from_words,
)

ADMIN_HEADINGS = tuple(labels.admin_heading for labels in exchange_labels.LABELS if labels.admin_heading)
GENERATING_LABELS = exchange_labels.generating_server_labels()
ENDS = (*exchange_labels.original_header_headings(), "Content-Type: message/rfc822", "Content-Type: text/rfc822-headers")
ADDRESS_LINE_RE = lazy_re(r"^<?(?P<addr>" + ADDRESS_RE.pattern + r")>?$")
# A recipient Exchange knew only by its legacy X.500 name (a stale Auto-Complete entry, a mailbox
# moved between organisations): "IMCEAEX-_O=…_cn=Recipients_cn=…-Lucy+20Q@contoso.com", its local
# part longer than an address allows. As public reports show it (Exchange 2007 to Exchange Online,
# in English, Spanish and Hungarian) and as Microsoft's X.500 conversion guidance names it.
IMCEA_LINE_RE = lazy_re(r"^(?P<addr>IMCEA[A-Z0-9]{1,10}-[^\s@<>]{1,900}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,10})$")
# Exchange 2010 may name the recipient only after the reply: "#550 5.7.1 … ##rfc822;bob@example.org".
AFTER_REPLY_RE = lazy_re(r"##\s*rfc822;\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$", re.IGNORECASE)
HOST_LINE_RE = lazy_re(r"^(?P<host>" + HOST_NAME + r")$")
# "mx.example.org #550 …" and "#<mx.example.org #5.1.1 smtp;…": the server named beside the reply.
HOST_BESIDE_RE = lazy_re(r"^(?P<host>" + HOST_NAME + r") #[<45]|^#<(?P<inner>" + HOST_NAME + r") #[245]\.")
# The wrappers around the reply: "#", "##", "#< #5.1.1 smtp;", "> #SMTP#".
WRAPPER_RE = lazy_re(
    r"^(?:" + HOST_NAME + r" )?#(?:<(?:" + HOST_NAME + r")? ?#[245]\.\d{1,3}\.\d{1,3} (?:smtp|x-[\w-]+) ?; ?)?|(?:> ?#SMTP#|\s?##)$",
    re.IGNORECASE,
)
# The status Exchange gives the recipient in "#< #5.5.0 smtp;554 …>": it stands when the carried-over
# reply has no enhanced status of its own ("#< #5.5.0 SMTP; 554-mx.example.org> #SMTP#").
WRAPPER_STATUS_RE = lazy_re(r"^#<(?:" + HOST_NAME + r")? ?#(?P<status>[245]\.\d{1,3}\.\d{1,3}) (?:smtp|x-[\w-]+) ?;", re.IGNORECASE)


def recognise(source: Source) -> bool:
    text = source.text
    return any(map(text.__contains__, ADMIN_HEADINGS)) or any(map(text.__contains__, GENERATING_LABELS))


def read(source: Source) -> Parsed | None:
    below = after_marker(source.text, ADMIN_HEADINGS)
    if below is None:
        below = after_marker(source.text, GENERATING_LABELS)  # copied from the server's line down
    if below is None:
        return None
    lines = [line.strip() for line in before_marker(below, ENDS).split("\n")]
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        found = ADDRESS_LINE_RE().match(line) or (IMCEA_LINE_RE().match(line) if line.startswith("IMCEA") else None)
        after = None if found else AFTER_REPLY_RE().search(line)
        if found:
            blocks.append((found.group("addr"), []))
        elif after:
            blocks.append((after.group("addr"), [line[: after.start()] + "##"]))
        elif line and blocks:
            blocks[-1][1].append(line)
    failures = []
    for address, block in blocks:
        if not block:
            continue
        host = None
        said = []
        quoted = []  # the report's own lines, the reply first and the server's name after it
        for line in block:
            alone = HOST_LINE_RE().match(line)
            beside = HOST_BESIDE_RE().match(line)
            if alone:
                host = alone.group("host")
                continue
            if beside:
                host = beside.group("host") or beside.group("inner")
            returned = REMOTE_RETURNED_RE.match(line) if "returned" in line.lower() else None
            if returned and returned.group("at"):
                host = host or returned.group("at")
            said.append(WRAPPER_RE().sub("", returned.group("said") if returned else line))
            quoted.append(line)
        failure = failure_from_words(address, said)
        wrapped = next((m.group("status") for m in map(WRAPPER_STATUS_RE().match, quoted) if m), None)
        failure.status = failure.status or wrapped
        carried = CARRIED_REPLY_RE().search(" ".join(said)) if failure.status else None
        if carried and carried.group("status") == failure.status:
            failure.reply = carried.group("reply")
        failure.diagnostic = clean_diagnostic(" ".join(said))
        failure.remote_host = host or failure.remote_host
        failure.evidence = [*quoted, *([host] if host and host not in " ".join(quoted) else [])]
        failures.append(failure)
    return bounce(failures)
