"""Roundcube's SMTP errors, as webmail users paste them: no report, the message box Roundcube shows
when its SMTP client was refused while sending, in the language of the user's interface:

    SMTP Error (550): Failed to add recipient "bob@example.org" (5.1.1 <bob@example.org>: User unknown).
    Erreur SMTP (451) : échec lors de l'ajout du destinataire « bob@example.org » (Temporary local problem)
    SMTP Error: [554] 5.7.1 Message rejected as spam

Roundcube builds them so (its source, program/lib/Roundcube/rcube_smtp.php): a refused MAIL FROM sets
the label ``smtpfromerror`` with the reply's code and text (``$code``, ``$msg``) and the sender
(``$from``); a refused RCPT TO sets ``smtptoerror`` with the refused recipient (``$to``); a refused
DATA sets ``smtperror`` with ``$msg`` = ``sprintf('[%d] %s', code, text)``. The labels' texts are in
program/localization/<locale>/messages.inc: 'SMTP Error ($code): Failed to set sender "$from" ($msg).',
'SMTP Error ($code): Failed to add recipient "$to" ($msg).', 'SMTP Error: $msg' in en_US, and in the
other locales the same shape with their own words ('Error SMTP ($code): …' in es_ES, 'Erreur SMTP
($code) : … « $to » ($msg)' in fr_FR, 'SMTP Fehler' in de_CH, 'Errore SMTP' in it_IT, 'Erro SMTP' in
pt_BR, 'SMTP-fout' in nl_NL: the table below, one row per locale read). The connection and login
errors (``smtpconnerror``, ``smtpautherror``) name no sender or recipient and no reply text: no
failure of the message's delivery, they are left to the other readers.

The error is shown at once to the user who pressed "Send": a 4xx code asks that user to send again
later (RFC 5321, 4.2.1), a delay, not a failure. Backed by Roundcube's source (rcube_smtp.php and the
localisation files named) and by issues pasting these errors (roundcube/roundcubemail#6572, the
'[%d] %s' form in Spanish; #7448, a Spanish 451; outroll/vesta#2028, an English 451 at RCPT;
dirtsimple/poste.io#26, an unknown user at RCPT)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import Failure, Parsed, Source, capped_evidence, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import refused_reply

# Per locale of Roundcube's messages.inc: the words its labels open with, then the words of
# smtpfromerror and of smtptoerror before the quoted address (lower case; es_ES words its smtptoerror
# "No se ha podido establecer remitente" though it names the recipient, $to).
LOCALES = (
    ("SMTP Error", "failed to set sender", "failed to add recipient"),  # en_US
    ("Error SMTP", "no se ha podido asignar el emisor", "no se ha podido establecer remitente"),  # es_ES
    ("Erreur SMTP", "impossible de définir l'expéditeur", "échec lors de l'ajout du destinataire"),  # fr_FR
    ("SMTP Fehler", "der absender", "der empfänger"),  # de_CH
    ("Errore SMTP", "fallita l'impostazione del mittente", "fallito l'inserimento del destinatario"),  # it_IT
    ("Erro SMTP", "falha ao definir o remetente", "falha ao adicionar o destinatário"),  # pt_BR
    ("SMTP-fout", "afzender", "ontvanger"),  # nl_NL
)
PREFIXES = "|".join(re.escape(prefix) for prefix, _, _ in LOCALES)
# A label with its code: "SMTP Error (550): …", the French typography's blank before the colon.
CODE_RE = lazy_re(r"(?<![\w-])(?:" + PREFIXES + r") \((?P<code>[45][0-5]\d)\) ?: (?P<rest>[^\n]{1,2000})")
# smtperror's reply to DATA: "SMTP Error: [554] 5.7.1 …" (sprintf('[%d] %s')).
DATA_RE = lazy_re(r"(?<![\w-])(?:" + PREFIXES + r") ?: \[(?P<code>[45][0-5]\d)\] (?P<msg>[^\n]{1,2000})")
# The sender or recipient in the label's quotes: straight, typographic or French guillemets.
QUOTED_RE = lazy_re(r"[\"“«„] ?(?P<quoted>[^\"”»“\n]{1,320}?) ?[\"”»“]")
ADDRESS_LIKE_RE = lazy_re(r"^[^\s@]{1,64}@[^\s@]{1,255}$")
MAX_ERRORS = 50


def recognise(source: Source) -> bool:
    text = source.text
    return any(prefix in text for prefix, _, _ in LOCALES)


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for line in source.text.split("\n"):
        if len(failures) >= MAX_ERRORS:
            break
        failure = line_failure(line)
        if failure is None:
            continue
        if not any((f.recipient, f.command, f.diagnostic) == (failure.recipient, failure.command, failure.diagnostic) for f in failures):
            failures.append(failure)
    return bounce(failures)


def line_failure(line: str) -> Failure | None:
    """The failure one line of Roundcube's error states, or None for a line that states none."""
    data = DATA_RE().search(line)
    if data is not None:
        return refused(None, data.group("code"), data.group("msg"), "DATA", data.group(0))
    labelled = CODE_RE().search(line)
    if labelled is None:
        return None
    rest = labelled.group("rest")
    quoted = QUOTED_RE().search(rest)
    before = (rest[: quoted.start()] if quoted else rest).lower()
    command = None
    if any(to_words in before for _, _, to_words in LOCALES):
        command = "RCPT"
    elif any(from_words in before for _, from_words, _ in LOCALES):
        command = "MAIL"
    said = reply_text(rest[quoted.end() :] if quoted else rest)
    if said is None:
        return None  # a connection or login error: its words name no reply of a server to the message
    address = quoted.group("quoted").strip() if quoted else ""
    recipient = address if command == "RCPT" and ADDRESS_LIKE_RE().match(address) else None
    return refused(recipient, labelled.group("code"), said, command, labelled.group(0))


def reply_text(after: str) -> str | None:
    """The server's reply ($msg) in the parentheses that close the label's text; None when there are none."""
    opening = after.find("(")
    closing = after.rfind(")")
    if opening < 0 or closing <= opening:
        return None
    said = after[opening + 1 : closing].strip()
    return said or None


def refused(recipient: str | None, code: str, said: str, command: str | None, line: str) -> Failure:
    text = said if said.startswith(code) else f"{code} {said}"
    failure = refused_reply(recipient, [text], command)
    failure.reply = code  # the code of the label is the server's reply code (rcube_smtp.php: getResponse)
    failure.names_no_recipient = command in ("MAIL", "DATA")  # the address of a refused MAIL FROM is the sender's
    failure.evidence = capped_evidence([" ".join(line.split())])
    if code[0] == "4":
        failure.action = "delayed"  # shown to the user at once, who has to send again later
        failure.retry = "application"
    return failure
