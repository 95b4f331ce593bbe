"""Automatic replies (RFC 3834 ``Auto-Submitted: auto-replied``, vacation and out-of-office
messages, in the languages mail programs write them): not delivery failures. An auto-reply that
looks like a report is left to the readers of reports, unless the error it holds is only in the lines
it quotes under "> " (a helpdesk's acknowledgement echoing a customer's "our mail came back with 550
…"): its own words hold none."""

from __future__ import annotations

import re

from ndr_atlas.codes import search_reply_status
from ndr_atlas.formats import generic
from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, names_a_report
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
QUOTE_MARK_RE = re.compile(r"^[ \t]*>[ \t]?")
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
    if not said:
        return False
    if not source.report_like and not has_bounce_cues(source.text) and search_reply_status(source.text[:CUES_CHARS]) is None:
        return True
    # The echoed request's subject may name a report ("Received: Emails undeliverable"): only the
    # sender and the structure of a report override an error that is only quoted.
    built_as_report = message.get_content_type() == "multipart/report" or any(
        message.get(name) is not None for name in ("X-Failed-Recipients", "X-MS-Exchange-Message-Is-Ndr")
    )
    return not built_as_report and not names_a_report(source.header("From"), "") and error_only_quoted(source.text[:CUES_CHARS])


def error_only_quoted(text: str) -> bool:
    """The text quotes an SMTP error under "> " and its own lines name none."""
    lines = text.split("\n")
    quoted = "\n".join(QUOTE_MARK_RE.sub("", line) for line in lines if QUOTE_MARK_RE.match(line))
    if not quoted or (search_reply_status(quoted) is None and not generic.failures_from_text(quoted)):
        return False
    own = "\n".join(line for line in lines if not QUOTE_MARK_RE.match(line))
    return search_reply_status(own) is None and not generic.failures_from_text(own)


def read(source: Source) -> Parsed | None:
    """The replying person's address: the From of the auto-reply."""
    found = ADDRESS_RE.search(source.header("From"))
    return Parsed("vacation", [], [Address(found.group(0))] if found else [])
