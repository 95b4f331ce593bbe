"""Seznam.cz (Czech webmail): its report names the recipient only in a sentence, in Czech and in
English (``Vaše zpráva pro <bob@example.cz> ze dne … nemohla být doručena.`` / ``You message for
<bob@example.cz> from … could not be delivered.``), then gives the error under ``Důvod / Reason:``
and a rule line (``5.1.1 szn; User hasn't got the service mapped``); the sentences on the class of
the failure after a blank line (``Permanent Failure - Bad destination mailbox address``) are not
the server's words. (Layout as Seznam's own help pages show it.)"""

from __future__ import annotations

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import RULE_LINE_RE, failure_from_words

REASON = "Důvod / Reason:"
SENTENCE_RE = lazy_re(r"(?:Vaše zpráva pro|You message for|Your message for) <(?P<addr>" + ADDRESS_RE.pattern + r")>")
# The error opens with its enhanced status and no reply code: "5.1.1 szn; …".
OPENING_STATUS_RE = lazy_re(r"^\s*(?P<status>[245]\.\d{1,3}\.\d{1,3})\s")
# A longer error is no longer the server's reply.
MAX_REASON_LINES = 6


def recognise(source: Source) -> bool:
    return REASON in source.text


def read(source: Source) -> Parsed | None:
    text = source.text
    recipients = dict.fromkeys(found.group("addr") for found in SENTENCE_RE().finditer(text[: text.find(REASON)]))
    words: list[str] = []  # the error's lines, up to the blank line before the class sentences
    for line in text[text.find(REASON) + len(REASON) :].split("\n"):
        if not line.strip() or RULE_LINE_RE.match(line):
            if words:
                break
            continue
        words.append(line)
        if len(words) >= MAX_REASON_LINES:
            break
    return bounce([failure_of(address, words) for address in recipients])


def failure_of(address: str, words: list[str]) -> Failure:
    failure = failure_from_words(address, words)
    opening = OPENING_STATUS_RE().match(words[0]) if words else None
    if failure.status is None and opening is not None:
        failure.status = normalise_status(opening.group("status"))
    return failure
