"""Automatic replies (RFC 3834 ``Auto-Submitted: auto-replied``, vacation and out-of-office
messages, in the languages mail programs write them): not delivery failures. An auto-reply that
looks like a report is left to the readers of reports."""

from __future__ import annotations

import re

from ndr_atlas.codes import search_reply_status
from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source
from ndr_atlas.formats.words import has_bounce_cues

# The subject prefix Outlook / Exchange give an automatic reply in their languages ("Automatic reply:",
# "Risposta automatica:", "Automatische Antwort:" …), and the autoresponders' "Auto:" / "Autoreply:".
AUTO_REPLY_PREFIX_RE = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|auto|risposta automatica|automatische antwort"
    r"|réponse automatique|respuesta automática|resposta automática|automatisch antwoord|automatiskt svar|automatisk svar"
    r"|odpowiedź automatyczna|自動応答|自动回复|自動回覆|out of office(?: reply)?|abwesenheitsnotiz)\s*[:：]",
    re.IGNORECASE,
)
# Where an SMTP error ("550 5.1.1 …") says a text is a report's, not an absence notice.
CUES_CHARS = 5000
# Words of an absence anywhere in the subject.
AUTO_REPLY_SUBJECT_RE = re.compile(
    r"out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|autorespon|risposta automatica|fuori sede|fuori ufficio|vacation"
    r"|abwesenheit|abwesend|urlaub|absence|absent du bureau|congés|fuera de la oficina|ausente|vacaciones|férias|afwezig|vakantie|不在"
)


def recognise(source: Source) -> bool:
    message = source.message
    if message is None:
        return False
    subject = source.header("Subject")
    if AUTO_REPLY_PREFIX_RE.match(subject) or message.get("X-Autoreply") or message.get("X-Autorespond"):
        # Said by the headers a report never writes: only a report's own structure overrides it.
        return message.get_content_type() != "multipart/report" and not message.get("X-Failed-Recipients")
    auto = source.header("Auto-Submitted").lower()
    precedence = source.header("Precedence").strip().lower()
    if AUTO_REPLY_SUBJECT_RE.search(subject.lower()):
        return not source.report_like
    # RFC 3834's field alone is no absence: MTAs mark their bounces "auto-replied" too (Exim does), and
    # a relay may have stripped the sender and subject that would say it is a report.
    said = auto.startswith("auto-replied") or precedence == "auto_reply"
    return said and not source.report_like and not has_bounce_cues(source.text) and search_reply_status(source.text[:CUES_CHARS]) is None


def read(source: Source) -> Parsed | None:
    """The replying person's address: the From of the auto-reply."""
    found = ADDRESS_RE.search(source.header("From"))
    return Parsed("vacation", [], [Address(found.group(0))] if found else [])
