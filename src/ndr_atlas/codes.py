"""SMTP reply codes and enhanced status codes: recognising them and their generic meaning."""

from __future__ import annotations

import re

# An enhanced status code (RFC 3463): class.subject.detail, class 2, 4 or 5. The patterns below open
# with their digits and look behind them from there ("(?<![\d.][245])": no digit or dot before the
# class digit): a pattern that opens with a look-behind is tried at every character, one that opens
# with a digit class skips to the next digit of that class.
# A Java artifact's version in a stack frame is no status: "~[spring-context-support-5.0.7.RELEASE.jar:5.0.7.RELEASE]",
# "~[jakarta.mail-2.0.2.jar!/:na]", "~[spring-core-5.3.31.jar:5.3.31]" (Spring's and logback's frames, Maven's
# RELEASE qualifier): not followed by ".RELEASE" or ".jar", nor right after a ".jar:".
STATUS_RE = re.compile(r"([245])(?<![\d.][245])(?<!\.jar:[245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d|\.(?:RELEASE|jar)\b)")
# A reply code followed by an enhanced status code: "550 5.1.1", "550-5.1.1", "550-'5.7.1", "450 4.4.316";
# "550: 5.1.1" (Yahoo) and "550: #5.1.0", "550 #5.1.0" (a hash before the status, as Exchange prints its own);
# "550 cuda_nsu 5.1.1": a Barracuda gateway puts its "no such user" tag between the two;
# "550; 5.7.515": Microsoft writes its own rejections so in its announcements and help pages.
REPLY_STATUS_RE = re.compile(r"([2345]\d\d)(?<![\d.]\d\d\d)(?:[ -]+|[:;] ?)(?:cuda_nsu )?['\"#]?([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)")
# The same without its opening look-behind: a pattern that opens with one is tried at every character,
# one that opens with a digit class skips to the next 2-5 (keep the two in step).
REPLY_STATUS_CANDIDATE_RE = re.compile(r"[2345]\d\d(?:[ -]+|[:;] ?)(?:cuda_nsu )?['\"#]?[245]\.\d{1,3}\.\d{1,3}(?![\d]|\.\d)")


def search_reply_status(text: str) -> re.Match[str] | None:
    """``REPLY_STATUS_RE.search(text)``, found faster in a long text: each place where the pattern
    without its look-behind matches is tried whole (``match`` at a position sees the characters
    before it), from the first on, as ``search`` would."""
    start = 0
    while True:
        candidate = REPLY_STATUS_CANDIDATE_RE.search(text, start)
        if candidate is None:
            return None
        found = REPLY_STATUS_RE.match(text, candidate.start())
        if found is not None:
            return found
        start = candidate.start() + 1


# A bare reply code at the start of an SMTP reply text: "554 Transaction failed".
REPLY_RE = re.compile(r"([45][0-5]\d)(?<![\d.\-:/]\d\d\d)(?:[ -](?=\S)|$)")

SUBJECTS = {
    "en": {
        "0": "other or undefined status",
        "1": "addressing",
        "2": "mailbox",
        "3": "mail system",
        "4": "network and routing",
        "5": "mail delivery protocol",
        "6": "message content or media",
        "7": "security or policy",
    },
    "it": {
        "0": "stato diverso o non definito",
        "1": "indirizzamento",
        "2": "cassetta postale",
        "3": "sistema di posta",
        "4": "rete e instradamento",
        "5": "protocollo di consegna",
        "6": "contenuto o formato del messaggio",
        "7": "sicurezza o criteri",
    },
}

CLASS_MEANING = {
    "en": {
        "2": "Success: the server reports the message as handled.",
        "4": "Transient failure: the server may accept the message later; the sending server retries.",
        "5": "Permanent failure: the server will not accept this message as it is; retrying unchanged will fail again.",
    },
    "it": {
        "2": "Esito positivo: il server segnala il messaggio come gestito.",
        "4": "Errore temporaneo: il server potrebbe accettare il messaggio più tardi; il server di invio riprova.",
        "5": "Errore permanente: il server non accetterà il messaggio così com'è; un nuovo invio identico fallirà ancora.",
    },
}


def normalise_status(code: str) -> str:
    """Drop leading zeros in each part ("5.01.001" is written "5.1.1" in the catalog)."""
    return ".".join(str(int(part)) for part in code.split("."))


def class_meaning(code: str, lang: str) -> str:
    """Generic meaning of a status or reply code from its class digit and subject."""
    texts = CLASS_MEANING.get(lang, CLASS_MEANING["en"])
    meaning = texts.get(code[:1], "")
    parts = code.split(".")
    if len(parts) == 3:
        subject = SUBJECTS.get(lang, SUBJECTS["en"]).get(parts[1])
        if subject:
            label = "Subject" if lang != "it" else "Ambito"
            meaning = f"{meaning} {label}: {subject}."
    return meaning
