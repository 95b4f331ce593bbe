"""Gmail and Google Workspace notices in the newer layout when they carry no delivery-status
fields (``mailer-daemon@googlemail.com``): a heading between asterisks (``** Message not
delivered **``, ``** Address not found **``, ``** Delivery incomplete **``), Google's own list of
failed recipients in ``X-Failed-Recipients`` when it adds one, a sentence that may name the recipient (``Your message wasn't delivered to <address> because …``, ``… delivering your
message to <address>.``), and the server's reply after ``The response was:`` or ``The response
from the remote server was:``. When no sentence names the recipient (a refused ``Send mail as``
account), the returned original's ``To:`` does. (Markers as Sisimai's GoogleWorkspace module
records them.)

Gmail writes the notice in the language of the sender's account. In Italian the sentence is ``Il
tuo messaggio non è stato recapitato a <address> perché …`` (``Impossibile recapitare il
messaggio a <address> perché …`` for a message too large) and the reply follows ``La risposta del
server remoto è:``: as copied from real Gmail notices in a public test suite (a production
mailbox's DSNs), and the sentence as two public projects that imitate Gmail's notice print it. In
Spanish it is ``Tu mensaje no se ha entregado a <address> porque …`` and the reply follows ``La
respuesta fue:``, as real Gmail notices pasted in public repositories print them.

Pasted without its headers (no ``From:`` to name Google), a notice is still Google's when its heading
opens the text and Google's own words follow it: its words for the reply, a sentence above, or a
link to Google's help pages. A ``** Message blocked **`` notice whose reply has no code at all
(``Message rejected. For more information, go to …``) has nothing else for the other readers to
find, as real notices pasted into public repositories show."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, MimePart, Parsed, Source, failed_recipients_header, lazy_re, report_parts
from ndr_atlas.formats.words import before_marker, clean_diagnostic, failure_from_words

# Any script: Google translates the heading ("** Address not found **", "** Indirizzo non trovato **" …).
HEADING_RE = lazy_re(r"^[ \t]*\*\* (?P<heading>[^\W\d_][^*\n]{1,60}) \*\*[ \t]*$", re.MULTILINE)
# A paste that opens with the heading (blank lines and indentation above it aside).
OPENING_HEADING_RE = lazy_re(r"\A\s*\*\* [^\W\d_][^*\n]{1,60} \*\*[ \t]*$", re.MULTILINE)
NAMED_RE = lazy_re(
    r"(?:wasn't delivered to|delivering your message to|couldn't be delivered to|Your message to|non è stato recapitato a"
    r"|Impossibile recapitare il messaggio a|no se ha entregado a)\s+(?P<addr>" + ADDRESS_RE.pattern + ")"
)
RESPONSE_MARKERS = (
    "The response from the remote server was:",
    "The response was:",
    "La risposta del server remoto è:",
    "La respuesta fue:",
)
# The server's reply as a paragraph of its own, whatever words introduce it: "550 5.1.1 <…>: …".
REPLY_PARAGRAPH_RE = lazy_re(r"^[245]\d\d[ -]\S")
ENDS = ("Content-Type: message/rfc822", "Content-Type: text/rfc822-headers")
DELAYED_HEADINGS = ("Delivery incomplete",)
# Google's words in a notice, besides its reply markers and sentences: the links to its help pages.
HELP_LINK = "https://support.google.com/"
ORIGINAL_TYPES = ("message/rfc822", "text/rfc822-headers")


def recognise(source: Source) -> bool:
    if "mailer-daemon@googlemail.com" in source.header("From").lower() and "** " in source.text:
        return True
    return pasted_notice(source)


def pasted_notice(source: Source) -> bool:
    """A notice pasted without its headers: Google's heading opens it and Google's words follow."""
    if source.message is not None and source.message.items():
        return False
    text = source.text
    if OPENING_HEADING_RE().match(text) is None:
        return False
    return any(marker in text for marker in (*RESPONSE_MARKERS, HELP_LINK)) or NAMED_RE().search(text) is not None


def read(source: Source) -> Parsed | None:
    text = before_marker(source.text, ENDS)
    heading = HEADING_RE().search(text)
    if heading is None:
        return None
    body = text[heading.end() :]
    # Google's own list first (X-Failed-Recipients), then the sentence, then the original's To:.
    listed = failed_recipients_header(source)
    named = [m.group("addr") for m in NAMED_RE().finditer(body)]
    recipients = list(dict.fromkeys(listed or named or notice_addresses(source, body))) or original_recipients(source)
    if not recipients:
        return None
    reply = server_reply(body)
    sentence = [line for line in body.split("\n\n") if line.strip()][:1]
    failures = []
    for address in recipients:
        # A coded reply of the remote server says more than Google's sentence, which only translates
        # its status ("… because the address couldn't be found"); an uncoded one ("Unspecified Error
        # (SENT_SECOND_EHLO) …") may say less, and the sentence stays.
        coded = bool(reply) and bool(REPLY_PARAGRAPH_RE().match(reply[0].strip()))
        failure = failure_from_words(address, [heading.group(0), *reply] if coded else [heading.group(0), *sentence, *reply])
        failure.diagnostic = clean_diagnostic(" ".join(reply)) if reply else failure.diagnostic
        if heading.group("heading") in DELAYED_HEADINGS:
            failure.action = "delayed"
        failures.append(failure)
    return Parsed("bounce", failures)


def notice_addresses(source: Source, body: str) -> list[str]:
    """In a language we have no sentence for, the addresses the notice itself names (not its reader's)."""
    reader = {address.lower() for address in ADDRESS_RE.findall(source.header("To"))}
    return [address for address in ADDRESS_RE.findall(body) if address.lower() not in reader]


def server_reply(body: str) -> list[str]:
    """The lines of the server's reply: after Google's words for it, else the paragraph that opens with a reply code."""
    response = next((body.split(marker, 1)[1] for marker in RESPONSE_MARKERS if marker in body), None)
    if response is not None:
        paragraph = response.lstrip().split("\n\n", 1)[0]
    else:
        paragraph = next((p.strip() for p in body.split("\n\n") if REPLY_PARAGRAPH_RE().match(p.strip())), "")
    return [line for line in paragraph.split("\n") if line.strip()]


def original_recipients(source: Source) -> list[str]:
    """The To: of the returned original (its headers part), when the notice names no one."""
    if source.message is None:
        return []
    for part in report_parts(source.message):
        if part.get_content_type() not in ORIGINAL_TYPES:
            continue
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload and isinstance(payload[0], MimePart) else None
        to = inner.get("To", "") if inner is not None else ""
        if not to and isinstance(payload, str):
            found = re.search(r"^To:\s*(.+)$", payload, re.MULTILINE)
            to = found.group(1) if found else ""
        if to:
            return list(dict.fromkeys(ADDRESS_RE.findall(str(to))))
    return []
