"""Automatic replies (RFC 3834 ``Auto-Submitted: auto-replied``, vacation and out-of-office
messages, in the languages mail programs write them): not delivery failures. An auto-reply that
looks like a report is left to the readers of reports, unless the error it holds is the echoed
request's: quoted under "> ", or after the acknowledgement a ticketing system opens with ("Your
request has been received", then the customer's "our mail came back with 550 …" repeated as is)."""

from __future__ import annotations

import re

from ndr_atlas.codes import search_reply_status
from ndr_atlas.formats import generic
from ndr_atlas.formats.base import ADDRESS_RE, Address, Parsed, Source, attaches_a_message, may_say, names_a_report
from ndr_atlas.formats.words import BOUNCE_CUES_RE, cue_text, has_bounce_cues

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

# How helpdesk and ticketing systems acknowledge a request in their auto-replies (Zendesk's "Your
# request (#…) has been received", Freshdesk's and Jira Service Management's "We've received your
# request", OTRS's and osTicket's ticket numbers, "Thank you for contacting …"), in English, Italian,
# German, French and Spanish; searched in cue_text (lower-cased, single spaces). Only the text before
# the first error or report word counts: the echoed request comes after it, a report opens with its own.
ACKNOWLEDGEMENT_RE = re.compile(
    r"(?:request|ticket|case|enquiry|inquiry)\b[^.!?]{0,80}?\b(?:has|have) been (?:received|logged|registered|created|opened)"
    r"|we(?:'ve| have)? received your (?:request|ticket|enquiry|inquiry|message|e-?mail)"
    r"|thank(?:s| you) for contacting"
    r"|(?:assigned|created) (?:a )?(?:ticket|case)|(?:ticket|case|request) (?:number|no\.|id\b|#)"
    r"|richiesta[^.!?]{0,80}?\b(?:è|e'|é) stat[ao] (?:ricevut|registrat|pres[ao] in carico|apert)"
    r"|abbiamo ricevuto (?:la|il) (?:sua|tua|vostra|suo|tuo|vostro) (?:richiesta|segnalazione|messaggio|e-?mail)"
    r"|grazie per aver(?:ci)? contattat|(?:numero (?:di |del )?ticket|ticket (?:numero|n\.))"
    r"|ihre anfrage[^.!?]{0,80}?\b(?:eingegangen|erhalten)|wir haben ihre (?:anfrage|nachricht|e-mail) erhalten|ticketnummer"
    r"|votre demande a (?:bien )?été (?:reçue|enregistrée)|nous avons (?:bien )?reçu votre|numéro de ticket"
    r"|su solicitud ha sido (?:recibida|registrada)|hemos recibido su|número de ticket"
)


# What an auto-reply's own text says of itself, in the first person, as pasted without its headers:
# the out-of-office sentence ("I am out of the office until …", as Lotus Notes, Outlook and people's
# own texts write it), the "This is an automated response to your message" line Lotus Notes adds, and
# QQ Mail's and others' "这是来自QQ邮箱的假期自动回复邮件" / "【自动回复】" / "This is an automatic reply email".
# Also the absence said by its end or its kind, as out-of-office templates write it ("I'm currently on
# vacation until …", "I'm on leave until …", "I'll be back in the office on …"; German "Ich werde am …
# wieder im Büro sein", "Ich bin vom … bis … nicht im Büro"), and as an en/de Outlook reply posted to a
# GitHub thread did ("Ich bin am 17. Juli wieder im Büro." / "I'll be back at the office on June 17th.").
# The same first-person absence in French ("je suis absent(e) du bureau du … au …", pro.orange.fr; "je suis
# en vacances jusqu'au …", OQLF; "je ne suis pas au bureau jusqu'à …", HR Square), Italian ("Sarò assente
# dal … al …", fastitalianlearning.com; "Sono in vacanza. Ritornerò il …", italianodellafinanza.it),
# Spanish ("estoy de vacaciones", LanguageTool's template; "me encuentro ausente de la oficina", QuillBot's)
# Dutch ("Ik ben afwezig tot en met 12 juli", glowi.be; "Vanaf 5 januari ben ik weer bereikbaar", BVO) and
# Portuguese ("de 16 a 30 de Agosto estarei fora do escritório", VICE; "Não estou no escritório", Magnetik).
PASTED_SELF_RE = re.compile(
    r"\b(?:i am|i['’]m|i will be|i['’]ll be) (?:currently )?(?:out of (?:the )?office|away from (?:the|my) office"
    r"|on (?:vacation|holiday|(?:annual |parental |sick |maternity |paternity )?leave) until)\b"
    r"|\bi(?:['’]ll| will) be back (?:in|at) (?:the|my) office\b|\bich (?:bin|werde)\b[^\n]{0,60}?\b(?:wieder|nicht) im büro\b"
    r"|\bje suis (?:actuellement )?(?:absente?\b|absent\(e\)|en (?:vacances|congés?)\b)|\bje ne suis (?:actuellement )?pas au bureau\b"
    r"|\b(?:sono|sarò) (?:attualmente )?(?:assente|in (?:ferie|vacanza)|fuori (?:ufficio|sede))\b"
    r"|\b(?:estoy|estaré|me encuentro) (?:actualmente )?(?:de vacaciones|ausente|fuera de (?:la )?oficina)\b"
    r"|\bik ben (?:afwezig|met vakantie|op vakantie)\b|\bben ik (?:weer|opnieuw) bereikbaar\b"
    r"|\b(?:estou|estarei) (?:ausente|de férias|fora do escritório)\b|\bnão estou no escritório\b"
    r"|\bthis is an? automat(?:ed|ic) (?:response|reply)\b|自动回复|自動回覆|自動返信",
    re.IGNORECASE,
)
PASTED_SELF_NEEDLES = (
    "out of", "away from", "automat", "until", "back in", "back at", "im büro", "je suis", "je ne suis", "sono ", "sarò",
    "estoy", "estaré", "me encuentro", "ik ben", "ben ik", "estou", "estarei", "自动回复", "自動回覆", "自動返信",
)  # fmt: skip
PASTED_WINDOW = 1_500


def recognise(source: Source) -> bool:
    message = source.message
    if message is None:
        # Pasted alone: the reply's words about itself, and nothing of a report.
        return states_own_absence(source.text)
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
        # No header or subject word says so (a Mailtraq autoresponder's "Automatic Response" with only
        # its own X-POST-MessageClass, an Outlook reply whose subject prefix is Latvian): the text opens
        # with its writer's absence in the first person, as a paste's does, from a sender and in a
        # structure no report has (wild sets 112 and 97). Nothing else says it is no person's mail, so
        # neither an attached message nor an error anywhere in its text (beyond the paste's window) may be
        # there: "I am out of the office until …, so please look at the bounce below" passes a report on.
        return (
            not source.report_like
            and not names_a_report(source.header("From"), "")
            and not attaches_a_message(message)
            and states_own_absence(source.text)
        )
    if not source.report_like and not has_bounce_cues(source.text) and search_reply_status(source.text[:CUES_CHARS]) is None:
        return True
    # The echoed request's subject may name a report ("Received: Emails undeliverable"): only the
    # sender and the structure of a report override an error that is only quoted.
    built_as_report = message.get_content_type() == "multipart/report" or any(
        message.get(name) is not None for name in ("X-Failed-Recipients", "X-MS-Exchange-Message-Is-Ndr")
    )
    if built_as_report or names_a_report(source.header("From"), ""):
        return False
    return error_only_quoted(source.text[:CUES_CHARS]) or acknowledges_request(source.text)


def states_own_absence(text: str) -> bool:
    """The text opens with the reply's words about itself (PASTED_SELF_RE) and holds nothing of a report,
    also below its opening (a person's "I am out of the office until …, so please look at the bounce below")."""
    window = text[:PASTED_WINDOW]
    if not (may_say(window, PASTED_SELF_NEEDLES) and PASTED_SELF_RE.search(window)):
        return False
    return not has_bounce_cues(text) and search_reply_status(text[:CUES_CHARS]) is None


def acknowledges_request(text: str) -> bool:
    """The auto-reply opens by acknowledging a request, before any error or report word: what follows
    is the request repeated, its error the customer's."""
    words = cue_text(text)
    ends = [found.start() for found in (search_reply_status(words), BOUNCE_CUES_RE.search(words)) if found is not None]
    return ACKNOWLEDGEMENT_RE.search(words[: min([*ends, CUES_CHARS])]) is not None


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
