"""Outlook's own error when the SMTP server refused a message as it was being sent (Outlook,
Outlook Express, Windows Live Mail): no report, a line of the Send/Receive window that users paste,
in the client's language:

    The message could not be sent because one of the recipients was rejected by the server. The
    rejected e-mail address was 'bob@example.org'. Subject 'Quote', Account: 'example.org', Server:
    'smtp.example.org', Protocol: SMTP, Server Response: '550 5.7.1 <bob@example.org>: Relay access
    denied', Port: 25, Secure(SSL): No, Server Error: 550, Error Number: 0x800CCC79

    Impossibile inviare il messaggio. Uno dei destinatari non è stato accettato dal server.
    L'indirizzo di posta elettronica non accettato è "bob@example.org". Oggetto '…', Account: '…',
    Server: '…', Protocollo: SMTP, Risposta del server: '553 5.7.1 …', Porta: 25, Protezione (SSL):
    No, Errore del server: 553, Numero di errore: 0x800CCC79

Read by its structure, whatever the language: the error number says whom the server refused
(0x800CCC79, IXP_E_SMTP_REJECTED_RECIPIENTS: a recipient, at RCPT; 0x800CCC78,
IXP_E_SMTP_REJECTED_SENDER: the sender, at MAIL, so no recipient failed), the server's reply is the
quoted text that opens with a reply code and runs up to the port field, the server is the quoted
name before ", Protocol: SMTP", and the refused recipient is the first address before the reply.
Error numbers as Microsoft's imnxport.h defines them; the message as Microsoft's support article on
550/553 relay errors quotes it (English and Italian in single quotes, German and Portuguese in double) and as forum posts paste it (English,
2008-2009; Italian, a blog's list of common errors)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

ERROR_NUMBER_RE = lazy_re(r"\b0x800CCC7(?P<which>[89])\b", re.IGNORECASE)
COMMANDS = {"8": "MAIL", "9": "RCPT"}
MAX_ERROR_CHARS = 3000
# "…, Server Response: '550 …', Port: 25," in any language: the reply ends where the port field
# begins (a reply may quote an apostrophe: "553 sorry, that domain isn't in my list …"). Microsoft's
# German and Portuguese pages of its support article quote the fields in double quotes.
REPLY_RE = lazy_re(r"(?P<q>['\"])(?P<reply>[245]\d\d\b[^\n]{0,1000}?)(?P=q),\s*[^,:'\"\n]{1,40}:\s*\d{1,5}\s*,")
REPLY_ALONE_RE = lazy_re(r"'(?P<reply>[245]\d\d\b[^'\n]{0,1000})'|\"(?P<double>[245]\d\d\b[^\"\n]{0,1000})\"")
SERVER_RE = lazy_re(r"['\"](?P<host>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10})['\"],\s*[^,:'\"\n]{1,30}:\s*SMTP\s*,")
# The quotes Outlook puts around the refused address, in one language or another.
QUOTES = "'\"“”«»<> "


def recognise(source: Source) -> bool:
    text = source.text
    return ("0x800CCC7" in text or "0x800ccc7" in text) and "SMTP" in text and ERROR_NUMBER_RE().search(text) is not None


def read(source: Source) -> Parsed | None:
    text = source.text
    # The error's own last field; the Send/Receive window may name the number before it too
    # ("Task 'x - Sending' reported error (0x800CCC79) : 'The message could not be sent …'").
    numbers = list(ERROR_NUMBER_RE().finditer(text))
    if not numbers:
        return None
    number = numbers[-1]
    # The error is one line, a few hundred characters; a paste may break it where the window wrapped it.
    start = max(text.rfind("\n\n", 0, number.start()) + 1, number.start() - MAX_ERROR_CHARS)
    error = " ".join(text[start : number.end()].split())
    said = REPLY_RE().search(error) or REPLY_ALONE_RE().search(error)
    if said is None:
        return None
    which = number.group("which")
    recipient = None
    if COMMANDS[which] == "RCPT":
        refused = ADDRESS_RE.search(error, 0, said.start())
        recipient = refused.group(0).strip(QUOTES) if refused else None
        if recipient is None:
            return None
    reply = said.group("reply") or said.group("double")
    failure = failure_from_words(recipient, [reply])
    failure.command = COMMANDS[which]
    server = SERVER_RE().search(error, 0, said.start())
    failure.remote_host = server.group("host") if server else failure.remote_host
    failure.evidence = [reply, number.group(0)]
    return bounce([failure])
