"""Reports that say "Your message did not reach some or all of the intended recipients": the ones
Outlook and the Exchange mailbox server write themselves when a message could not be sent at all
(a refused submission, an SMTP server that refused it at once, a Send As right missing), and
hMailServer's bounces, which copy the layout. No delivery-status part, often no status code:

    Your message did not reach some or all of the intended recipients.
       Subject: …
       Sent: …
    The following recipient(s) could not be reached:
       'bob@example.org' on 14/10/2019 8:15        (Outlook: the address or a display name, "on <date>")
          Server error: '550 5.1.1 User unknown'
    bob@example.org                                (hMailServer: the address alone)
       Error Type: SMTP
       Remote server replied: 550 5.1.1 …

Under the heading, one block per recipient up to the next recipient line; the block's words are the
failure. Headings per language of the sender's Outlook, each where it was seen: English in
Microsoft's KB 195671 and hMailServer's template (a public issue quotes it); Spanish in three
reports pasted in public (two Outlook installations); German in one, the same layout. Italian
and French are left out: no source we could check gives their wording."""

from __future__ import annotations

import re

from ndr_atlas.formats import exchange_labels
from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import OUTLOOK_UNREACHED_HEADINGS, after_marker, before_marker, clean_diagnostic, failure_from_words

HEADINGS = OUTLOOK_UNREACHED_HEADINGS
# Where the report's own words end: the returned original, or its headers.
ENDS = (
    *exchange_labels.original_header_headings(),
    "-----Original Message-----",
    "Content-Type: message/rfc822",
    "Content-Type: text/rfc822-headers",
)
# Outlook's line for a recipient: who, then "on" (en), "en" (es) or "am" (de) and the date it was sent.
# Quoted, the word before the date may be any language's ("dnia", "le" …). What follows the date and
# time on the same line is the failure's first words: a web page or a forum that joined the report's
# lines leaves "User1 on 12/6/2007 3:49 PMThe message could not be delivered … <host #5.2.2>".
DATED_RE = lazy_re(
    r"^\s*(?:(?P<quoted>'[^'\n]{1,300}')\s+\w{1,12}|(?P<who>\S.*?)\s+(?:on|en|am))\s+(?:\w+,?\s+)?\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)?(?P<rest>.*)"
)
# hMailServer's: the address alone, or followed by its error when a paste joined the lines.
# Outlook quotes the server's reply after a label of its own language: "Server error: '451 …'",
# "Error del servidor: '501 …'". The reply is what the catalog reads.
QUOTED_REPLY_RE = lazy_re(r"^\s*[^'\d]{1,40}:\s*'(?P<reply>[245]\d\d\b[^']*)'?\s*$")
ADDRESS_FIRST_RE = lazy_re(r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?(?:\s*$|\s+(?P<rest>Error Type:.*))")


# In a language we have no heading for, Outlook's layout itself: a quoted recipient and its date, the
# reply quoted under it after a label ("'bob@example.org' dnia 03.12.2026 09:12" / "Błąd serwera: '550 …'").
LAYOUT_RE = lazy_re(
    r"^\s*'[^'\n]{1,300}'\s+\w{1,12}\s+\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b[^\n]{0,40}\n\s*[^'\d\n]{1,40}:\s*'[245]\d\d\b",
    re.MULTILINE,
)


def recognise(source: Source) -> bool:
    text = source.text
    return any(map(text.__contains__, HEADINGS)) or ("'" in text and bool(LAYOUT_RE().search(text)))


def read(source: Source) -> Parsed | None:
    below = after_marker(source.text, HEADINGS)
    if below is None:
        layout = LAYOUT_RE().search(source.text)
        if layout is None:
            return None
        below = source.text[layout.start() :]
    lines = before_marker(below, ENDS).split("\n")
    found: list[tuple[str | None, int, str]] = []  # recipient, line, what follows it on that line
    for index, line in enumerate(lines):
        dated = DATED_RE().match(line)
        if dated:
            # A double quote is left in place: it may open a quoted local part that holds an "@"
            # ('"relay@a.example"@b.example', RFC 5321 4.1.2), which ADDRESS_RE reads whole.
            named = ADDRESS_RE.search((dated.group("quoted") or dated.group("who")).strip("'<> "))
            found.append((named.group(0) if named else None, index, dated.group("rest")))
            continue
        listed = ADDRESS_FIRST_RE().match(line)
        if listed:
            found.append((listed.group("addr"), index, listed.group("rest") or ""))
    failures: list[Failure] = []
    for number, (recipient, first, rest) in enumerate(found):
        end = found[number + 1][1] if number + 1 < len(found) else len(lines)
        block = [rest, *(unquoted(line) for line in lines[first + 1 : end])]
        failure = failure_from_words(recipient, block)
        hmailserver_details(failure, block)
        failures.append(failure)
    return bounce(failures)


# hMailServer's error block under a recipient (SMTPClientConnection.cpp, the message it sets on the
# recipient): "Error Type: SMTP", then either "Remote server (<address>) issued an error." /
# "hMailServer sent: <command>" / "Remote server replied: <reply>", or its own words after "Error:" or
# "Error Description:"; its delivery attempts ("Tried 4 time(s)") and the template's closing signature
# "hMailServer" follow. The diagnostic is the reply, or those words; the server is the one named.
HMAIL_ERROR_TYPE = "Error Type:"
HMAIL_SAID = ("Remote server replied:", "Error Description:", "Error:")
HMAIL_AFTER_RE = lazy_re(r"^(?:Tried \d+ time\(s\)|hMailServer|Additional information:.*)$")
HMAIL_SERVER_RE = lazy_re(r"\bRemote server \((?P<host>[^()\s]{1,255})\) issued an error\b")


def hmailserver_details(failure: Failure, block: list[str]) -> None:
    lines = [line.strip() for line in block if line.strip()]
    if not any(line.startswith(HMAIL_ERROR_TYPE) for line in lines):
        return
    server = HMAIL_SERVER_RE().search(" ".join(lines))
    if server:
        failure.remote_host = server.group("host")
    for index, line in enumerate(lines):
        label = next((label for label in HMAIL_SAID if line.startswith(label)), None)
        if label is None:
            continue
        said = [line[len(label) :].strip()]
        for more in lines[index + 1 :]:
            if HMAIL_AFTER_RE().match(more):
                break
            said.append(more)
        if said[0]:
            failure.diagnostic = clean_diagnostic(" ".join(said))
        return


def unquoted(line: str) -> str:
    quoted = QUOTED_REPLY_RE().match(line)
    return quoted.group("reply") if quoted else line
