"""From input text to one diagnosis per failed recipient, each linked to its catalog page."""

from __future__ import annotations

import re
from collections.abc import Container

from ndr_atlas.catalog import Catalog, Match
from ndr_atlas.codes import class_meaning
from ndr_atlas.decoding import control_heavy, decode_bytes, readable_text, wide_encoding
from ndr_atlas.formats.base import NON_FAILURE_KINDS, Source
from ndr_atlas.formats.conversation import opens_as_reply
from ndr_atlas.formats.generic import ADDRESS_REPLY_RE, BARE_REPLY_RE, SENDER_FIELD_LINE_RE, header_block_recipient, sole_recipient
from ndr_atlas.formats.pec import is_transport_envelope
from ndr_atlas.formats.personal import is_persons_note
from ndr_atlas.formats.words import (
    CLIENT_ERROR_RE,
    DIAGNOSTIC_JOIN,
    SESSION_REPLY,
    gave_up,
    has_bounce_cues,
    is_client_error,
    is_delay_notice,
    is_short,
    mark_delayed,
    named_command,
    without_status_prefixes,
)
from ndr_atlas.forwarded import (
    CARRIER_KINDS,
    FORWARD_MARKER_RE,
    MAX_FORWARDS,
    attached_bounce,
    attached_report,
    forwarded_report,
    quoted_bounce,
    quoted_report_body,
    unread_outlook_item,
)
from ndr_atlas.limits import MAX_INPUT_BYTES, size_text
from ndr_atlas.mime import parse_mime
from ndr_atlas.parse import (
    Address,
    Failure,
    Parsed,
    looks_like_mime,
    mime_head,
    read_message,
    read_pasted,
    split_mbox,
    without_blank_lines_above,
)
from ndr_atlas.reasons import TEMPORARY_CODE_REASONS, Evidence, decide, provider_reason
from ndr_atlas.record import Record
from ndr_atlas.verdict import LANGS, is_permanent, verdict

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

INDEX_PAGE = "codes/"

NOT_A_BOUNCE = {
    "en": "No delivery failure found. Paste the whole non-delivery report (the bounce message, "
    'including the part headed "Diagnostic information for administrators"), the .eml file, '
    'or the error line from message trace, such as "550 5.1.1 ...".',
    "it": "Nessun errore di recapito trovato. Incollate l'intero rapporto di mancato recapito "
    '(il messaggio di ritorno, compresa la parte "Informazioni di diagnostica per gli '
    'amministratori"), il file .eml oppure la riga di errore della traccia messaggi, '
    'ad esempio "550 5.1.1 ...".',
}
KIND_NOTES = {
    "feedback": {
        "en": "This is a feedback-loop (spam complaint) report, not a delivery failure: a recipient marked your "
        "message as spam. The address exists, so do not count it as a bounce: stop mailing it. To diagnose a message "
        "that bounced, paste the non-delivery report it caused.",
        "it": "Questo è un rapporto di feedback (segnalazione di spam), non un mancato recapito: un destinatario ha "
        "segnalato il vostro messaggio come spam. L'indirizzo esiste, quindi non va contato come respinto: smettete di "
        "scrivergli. Per diagnosticare un messaggio respinto, incollate il rapporto di mancato recapito che ha generato.",
    },
    "vacation": {
        "en": "This is an automatic reply (out of office), not a delivery failure: the message reached the mailbox. "
        "If a message of yours bounced, paste the non-delivery report it caused (the whole message, or its .eml file).",
        "it": "Questa è una risposta automatica (fuori sede), non un mancato recapito: il messaggio è arrivato nella "
        "casella. Se un vostro messaggio è stato respinto, incollate il rapporto di mancato recapito che ha generato "
        "(il messaggio intero o il suo file .eml).",
    },
    "delivered": {
        "en": "This delivery status notification reports a successful delivery, not a failure: nothing needs fixing "
        "for the addresses it lists. If delivery to another recipient failed, paste the report that says so.",
        "it": "Questa notifica sullo stato del recapito segnala una consegna riuscita, non un errore: per gli indirizzi "
        "che elenca non c'è nulla da correggere. Se il recapito a un altro destinatario non è riuscito, incollate il "
        "rapporto che lo segnala.",
    },
    "challenge": {
        "en": "This is a challenge-response (sender verification) request, not a delivery failure: the "
        "recipient's filter holds the message until the sender confirms or is added to the allowed senders.",
        "it": "Questa è una richiesta di verifica del mittente (challenge-response), non un mancato recapito: "
        "il filtro del destinatario trattiene il messaggio finché il mittente non conferma o non viene "
        "aggiunto ai mittenti autorizzati.",
    },
    "read-receipt": {
        "en": "This is a read receipt (message disposition notification), not a delivery failure: the message was "
        "delivered, and the receipt says what the recipient's mail program did with it (displayed, deleted). If a "
        "message of yours bounced, paste the non-delivery report it caused.",
        "it": "Questa è una conferma di lettura (notifica di disposizione del messaggio), non un mancato recapito: il "
        "messaggio è stato recapitato e la conferma indica cosa ne ha fatto il programma di posta del destinatario "
        "(aperto, eliminato). Se un vostro messaggio è stato respinto, incollate il rapporto di mancato recapito che "
        "ha generato.",
    },
    "dmarc-report": {
        "en": "This is a DMARC aggregate report (RFC 7489): a receiving mail service's daily count of the messages it saw "
        "with your domain in the From, and whether they passed SPF and DKIM. It is not a delivery failure. Open the "
        'attached XML in a DMARC report viewer: a "fail" row is a message that failed authentication, not a bounce.',
        "it": "Questo è un rapporto aggregato DMARC (RFC 7489): il conteggio giornaliero, da parte di un servizio di posta "
        "ricevente, dei messaggi visti con il vostro dominio nel mittente (From) e dell'esito dei controlli SPF e DKIM. "
        'Non è un mancato recapito. Aprite l\'XML allegato con un visualizzatore di rapporti DMARC: una riga "fail" '
        "indica un messaggio che non ha superato l'autenticazione, non un messaggio respinto.",
    },
    "log-summary": {
        "en": "This is pflogsumm's summary of a Postfix log: counts of the mail a server received, delivered, deferred, "
        "bounced and rejected over a day or a week, with the reasons grouped. It is not a delivery failure. To see why "
        "one message failed, paste the bounce it caused or the log lines of its queue ID.",
        "it": "Questo è il riepilogo di un log di Postfix prodotto da pflogsumm: i conteggi dei messaggi che un server ha "
        "ricevuto, consegnato, rinviato, restituito e rifiutato in un giorno o in una settimana, con le cause raggruppate. "
        "Non è un mancato recapito. Per sapere perché un messaggio non è stato recapitato, incollate il rapporto di "
        "mancato recapito che ha generato o le righe del log con il suo ID di coda.",
    },
    "tls-report": {
        "en": "This is an SMTP TLS report (RFC 8460): a sending mail service's daily count of the TLS sessions it opened "
        "to your mail servers, and of those that failed (an expired certificate, a name mismatch, an MTA-STS policy). "
        "It is not a delivery failure; failed sessions mean the TLS setup of your servers needs a look.",
        "it": "Questo è un rapporto SMTP TLS (RFC 8460): il conteggio giornaliero, da parte di un servizio di posta mittente, "
        "delle sessioni TLS aperte verso i vostri server di posta e di quelle non riuscite (certificato scaduto, nome non "
        "corrispondente, criterio MTA-STS). Non è un mancato recapito; le sessioni non riuscite indicano che la "
        "configurazione TLS dei vostri server va controllata.",
    },
    "quarantine": {
        "en": "This is a quarantine notification, not a delivery failure: messages sent to this mailbox are held by its "
        "mail service's filter, not refused. Review or release them in the quarantine itself (in Microsoft 365: the "
        "Microsoft Defender portal, Quarantine page), not through links in an email you did not expect.",
        "it": "Questa è una notifica di quarantena, non un mancato recapito: i messaggi inviati a questa casella sono "
        "trattenuti dal filtro del servizio di posta, non respinti. Esaminateli o rilasciateli dalla quarantena stessa "
        "(in Microsoft 365: portale di Microsoft Defender, pagina Quarantena), non dai link di un'email inattesa.",
    },
    "recall": {
        "en": "This is an Outlook message recall, not a delivery failure: the message was delivered. Either its sender "
        'asks to take it back ("… would like to recall the message"), or a recall report says whether it could be '
        "taken back from each recipient's mailbox.",
        "it": "Questo è il richiamo di un messaggio di Outlook, non un mancato recapito: il messaggio è stato recapitato. "
        'O il mittente chiede di ritirarlo ("… would like to recall the message"), o un rapporto di richiamo dice se è '
        "stato possibile ritirarlo dalla casella di ogni destinatario.",
    },
    "quota-warning": {
        "en": "This is a mail service's warning to its own user that the mailbox is almost full; nothing has bounced yet. "
        "Free up space (empty Deleted Items, archive old mail) or raise the quota before messages to it come back.",
        "it": "Questo è un avviso del servizio di posta al proprio utente: la cassetta postale è quasi piena, ma nessun "
        "messaggio è ancora stato respinto. Liberate spazio (svuotate Posta eliminata, archiviate la posta vecchia) o "
        "aumentate la quota prima che i messaggi indirizzati alla casella tornino indietro.",
    },
    "suspicious": {
        "en": "This looks like a non-delivery report but is not one: it names no failed recipient with a real server's "
        'reply. It either asks you to release or retrieve "pending" messages through a link, which real reports never '
        'do, or follows a mail worm\'s template, with the worm attached as "the original mail". Treat it as probable '
        "phishing or malware: do not click its links or open its attachment, and report it to your IT or security team.",
        "it": "Sembra un rapporto di mancato recapito ma non lo è: non indica nessun destinatario con la risposta di un vero "
        'server. O chiede di rilasciare o recuperare messaggi "in sospeso" tramite un link, cosa che i veri rapporti non '
        'fanno mai, o segue il modello di un worm di posta, allegato come "messaggio originale". Trattatelo come '
        "probabile phishing o malware: non cliccate sui link, non aprite l'allegato e segnalatelo al reparto IT o sicurezza.",
    },
    "list-notice": {
        "en": "This is a mailing list's own notice (a probe after bounces, a message held for the moderator, a "
        "subscription to confirm), not a delivery failure. If a probe carries a returned message, drop that message "
        "itself here to diagnose it.",
        "it": "Questo è un avviso di una mailing list (un messaggio di prova dopo alcuni rimbalzi, un messaggio in attesa "
        "del moderatore, un'iscrizione da confermare), non un mancato recapito. Se il messaggio di prova contiene un "
        "rapporto di ritorno, trascinate qui quel rapporto per la diagnosi.",
    },
    "bulk": {
        "en": "This is a newsletter or mailing-list message, not a delivery failure: any error codes in it are part of "
        "what it says. Paste the bounce itself (the whole message, or the .eml file) to diagnose it.",
        "it": "Questo è un messaggio di una newsletter o di una mailing list, non un mancato recapito: gli eventuali codici "
        "di errore fanno parte del testo. Per la diagnosi incollate il rapporto stesso (il messaggio intero, oppure il "
        "file .eml).",
    },
    "guide": {
        "en": "This text explains bounces (an article, a help page or a list of common codes); it reports no message "
        "that failed. To diagnose a bounce, paste the non-delivery report you received (the whole message, or its "
        ".eml file), or the error line from message trace.",
        "it": "Questo testo spiega i messaggi respinti (un articolo, una pagina di aiuto o un elenco di codici comuni); "
        "non segnala alcun messaggio non recapitato. Per la diagnosi incollate il rapporto di mancato recapito "
        "ricevuto (il messaggio intero o il suo file .eml) oppure la riga di errore della traccia messaggi.",
    },
    "quoted": {
        "en": "This is a person's email that quotes a delivery error; it is not a report itself. "
        "Paste the bounce it quotes (the whole message, or the .eml file) to diagnose it.",
        "it": "Questa è l'email di una persona che cita un errore di recapito; non è essa stessa un rapporto. "
        "Incollate il messaggio di ritorno citato (intero, oppure il file .eml) per la diagnosi.",
    },
}
# Outlook .msg files whose only body, compressed RTF, is damaged: msg.py says so in this field of the
# message it writes out, and the report says so beside the diagnosis made from the rest.
BODY_UNREADABLE_FIELD = "X-Ndr-Atlas-Unreadable-Body"
BODY_UNREADABLE_NOTE = {
    "en": "The body of this Outlook message (stored as compressed RTF) is damaged and could not be read; "
    "what is shown comes from the rest of the message.",
    "it": "Il corpo di questo messaggio di Outlook (salvato come RTF compresso) è danneggiato e non si può leggere; "
    "quanto mostrato viene dal resto del messaggio.",
}
# .msg files whose only body, compressed RTF, would unpack to more than MAX_INPUT_BYTES: not unpacked,
# said in this field instead (the report is then made from the rest, as for a damaged one).
BODY_TOO_LARGE_FIELD = "X-Ndr-Atlas-Body-Too-Large"
BODY_TOO_LARGE_NOTE = {
    "en": "The body of this Outlook message (stored as compressed RTF) would unpack to more than 25 MB, the most "
    "this diagnoser unpacks, so it was not read; what is shown comes from the rest of the message.",
    "it": "Il corpo di questo messaggio di Outlook (salvato come RTF compresso) una volta decompresso supererebbe "
    "i 25 MB, il massimo che il diagnostico decomprime, quindi non è stato letto; quanto mostrato viene dal resto del messaggio.",
}
# Pasted words of a report whose details (recipient, SMTP reply) mail programs show as an attachment.
INCOMPLETE_PASTE = {
    "en": "This looks like a non-delivery report, but the text you pasted names no failed recipient "
    "or SMTP error: mail programs often show those details as an attachment. Drop the report itself "
    "here (the .eml file, or the .msg dragged out of Outlook), or paste its full source (Gmail: "
    '"Show original"; Outlook on the web: "View message source").',
    "it": "Sembra un rapporto di mancato recapito, ma nel testo incollato non c'è nessun destinatario "
    "non raggiunto né alcun errore SMTP: spesso i programmi di posta mostrano questi dettagli come "
    "allegato. Trascinate qui il rapporto stesso (il file .eml, oppure il file .msg trascinato fuori da "
    'Outlook) o incollatene il sorgente completo (Gmail: "Mostra originale"; Outlook sul web: '
    '"Visualizza origine messaggio").',
}
# The same paste when its words say delivery is only late (a delay warning: "Delivery is delayed to these
# recipients or groups", "THIS IS A WARNING MESSAGE ONLY", "could not send message for past 4 hours"):
# nothing has failed yet, and its details say which recipient waits and why.
INCOMPLETE_DELAY = {
    "en": "This looks like a delay warning: the sending server has not delivered the message yet and is "
    "still trying, so nothing has failed so far. The text you pasted names no recipient or SMTP error: mail "
    "programs often show those details as an attachment. To see which recipient is waiting and why, drop "
    "the notice itself here (the .eml file, or the .msg dragged out of Outlook), or paste its full source "
    '(Gmail: "Show original"; Outlook on the web: "View message source").',
    "it": "Sembra un avviso di ritardo: il server di invio non ha ancora recapitato il messaggio e continua "
    "a riprovare, quindi finora non è fallito nulla. Nel testo incollato non ci sono né il destinatario né "
    "l'errore SMTP: spesso i programmi di posta mostrano questi dettagli come allegato. Per sapere quale "
    "destinatario è in attesa e perché, trascinate qui l'avviso stesso (il file .eml, oppure il file .msg "
    'trascinato fuori da Outlook) o incollatene il sorgente completo (Gmail: "Mostra originale"; Outlook sul '
    'web: "Visualizza origine messaggio").',
}
QUOTED_NOTE = {
    "en": "Read from the bounce quoted in this email (a report forwarded inline).",
    "it": "Letto dal rapporto di mancato recapito riportato nel testo di questa email (inoltrato nel corpo del messaggio).",
}
ATTACHED_NOTE = {
    "en": "Read from the bounce attached to this email (a report forwarded as an attachment).",
    "it": "Letto dal rapporto di mancato recapito allegato a questa email (inoltrato come allegato).",
}


# Diagnosis and Report are plain classes, not dataclasses: importing ``dataclasses`` (and ``inspect``
# with it) and generating each class's methods took a fifth of the CLI's start.


class Diagnosis(Record):
    """One failed recipient, diagnosed."""

    def __init__(
        self,
        recipient: str | None,
        status: str | None,
        status_inferred: bool,
        reply_code: str | None,
        reason: str,
        permanent: bool,
        hard_bounce: bool,
        entry: str | None,
        page: str,
        remote_host: str | None,
        diagnostic: str,
        action: str,
        command: str | None,
        titles: dict[str, str],
        summaries: dict[str, str],
        reason_titles: dict[str, str],
        evidence: list[str] | None = None,
        retry: str = "server",
    ) -> None:
        self.recipient = recipient
        self.status = status
        self.status_inferred = status_inferred
        self.reply_code = reply_code
        self.reason = reason  # Sisimai's machine name ("userunknown"); people read reason_titles
        self.permanent = permanent  # 5.x.x (or 5xx) rather than 4.x.x: a fact apart from hard_bounce
        self.hard_bounce = hard_bounce  # the address itself is bad: remove it from lists
        self.entry = entry
        self.page = page
        self.remote_host = remote_host
        self.diagnostic = diagnostic
        self.action = action
        self.command = command  # the SMTP command the server refused, when the bounce says
        self.titles = titles
        self.summaries = summaries
        self.reason_titles = reason_titles  # the reason's name per language
        self.evidence: list[str] = [] if evidence is None else evidence
        self.retry = retry  # who tries a delayed delivery again: the sending "server" or the "application"

    def verdict(self, lang: str) -> str:
        return verdict(self.permanent, self.hard_bounce, self.action, lang, self.retry)

    def to_json(self) -> dict[str, Any]:
        """Every field, in the order above (copies of its lists and dicts), and the verdicts."""
        return {
            **{name: copied(value) for name, value in vars(self).items()},
            "verdicts": {lang: self.verdict(lang) for lang in LANGS},
        }


def copied(value: object) -> object:
    """A copy of a field's list or dict (of strings); anything else as it is."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


class Report(Record):
    """One message: what it is, and its diagnosed failures."""

    def __init__(
        self,
        kind: str,
        results: list[Diagnosis],
        addresses: list[Address] | None = None,
        attached: bool = False,
        quoted: bool = False,
        body_unreadable: bool = False,
        kind_note: dict[str, str] | None = None,
        unread_attachment: str | None = None,
    ) -> None:
        self.kind = kind
        self.results = results
        # What a report that is not a failure is about: the complained-about address and feedback type
        # (feedback), the replying address (vacation), the recipients and their action (delivered).
        self.addresses: list[Address] = [] if addresses is None else addresses
        self.attached = attached  # read from a bounce attached to the input (forwarded as an attachment)
        self.quoted = quoted  # read from a bounce quoted in the input's text (forwarded inline)
        self.body_unreadable = body_unreadable  # a .msg whose compressed RTF body is damaged
        self.body_too_large = False  # … or holds more than MAX_INPUT_BYTES (body_unreadable too)
        # The note the reading itself gave a report with no failure (IncompletePaste's), else the kind's.
        self.kind_note = kind_note
        # The file name of an attached Outlook item (.msg) that could not be read; kind_note says why.
        self.unread_attachment = unread_attachment

    @property
    def bounce(self) -> bool:
        return bool(self.results)

    def note(self, lang: str) -> str:
        kind_note = self.kind_note or (INCOMPLETE_PASTE if self.kind == "incomplete" else KIND_NOTES.get(self.kind, NOT_A_BOUNCE))
        notes = [] if self.results else [kind_note]
        notes += [ATTACHED_NOTE] if self.attached and self.results else []
        notes += [QUOTED_NOTE] if self.quoted and self.results else []
        notes += [BODY_TOO_LARGE_NOTE if self.body_too_large else BODY_UNREADABLE_NOTE] if self.body_unreadable else []
        return " ".join(note.get(lang, note["en"]) for note in notes)

    def to_json(self) -> dict[str, Any]:
        return {
            "bounce": self.bounce,
            "kind": self.kind,
            "attached": self.attached,
            "quoted": self.quoted,
            "body_unreadable": self.body_unreadable,
            "results": [r.to_json() for r in self.results],
            "addresses": [{"address": a.address, "action": a.action, "feedback_type": a.feedback_type} for a in self.addresses],
        }


class InputError(ValueError):
    """Input that cannot be read as text at all (binary, too large, a damaged .msg). ``texts``, when
    set, says the same for the web page in each language (the message itself speaks to the CLI)."""

    def __init__(self, message: str, texts: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.texts = texts or {}


# Outlook .msg files are OLE compound files; msg.py reads them, imported only when one comes.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"  # a winmail.dat ([MS-OXTNEF] 2.1.3.1)
BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\x7fELF", b"GIF8", b"\x89PNG", b"MZ", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")


def looks_binary(head: bytes) -> bool:
    """Archives, images, programs: a binary format's magic number, or control bytes in quantity."""
    return head.startswith(BINARY_MAGIC) or control_heavy(head)


BINARY_INPUT = "input looks binary (not an email or text); give a .eml file or pasted text"


def as_text(data: bytes | str) -> str:
    if isinstance(data, bytes):
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(f"input is {size_text(len(data))}; the limit is {size_text(MAX_INPUT_BYTES)}")
        # Text Windows saves as "Unicode" (UTF-16 or UTF-32): its ASCII's NULs would otherwise read as
        # a binary file's control bytes, so it is decoded before the control bytes are counted.
        encoding = None if data.startswith(OLE_MAGIC) else wide_encoding(data[:8192])
        if data.startswith(OLE_MAGIC):
            data = msg_text(data)
        elif data.startswith(TNEF_SIGNATURE):
            data = tnef_text(data)
        elif encoding:
            data = data.decode(encoding, "replace")
            if looks_binary(data[:8192].encode("utf-8", "replace")):
                raise InputError(BINARY_INPUT)
        elif looks_binary(data[:8192]):
            raise InputError(BINARY_INPUT)
        else:
            data = decode_bytes(data)
    elif looks_binary(data[:8192].encode("utf-8", "replace")):
        raise InputError(BINARY_INPUT)
    data = readable_text(data)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"input is {size_text(len(data))}; the limit is {size_text(MAX_INPUT_BYTES)}")
    return data


def msg_text(data: bytes) -> str:
    """An Outlook .msg file's message, written out as MIME text for the parser."""
    from ndr_atlas.msg import MsgError, msg_to_text  # only a .msg needs it (and the optional olefile)

    try:
        return msg_to_text(data)
    except MsgError as exc:
        raise InputError(str(exc), exc.texts) from None


def tnef_text(data: bytes) -> str:
    """A winmail.dat's message, written out as MIME text for the parser."""
    from ndr_atlas.tnef import TnefError, tnef_to_text  # only a winmail.dat needs it

    try:
        return tnef_to_text(data)
    except TnefError as exc:
        raise InputError(str(exc), exc.texts) from None


TNEF_PART_RE = re.compile(r"application/(?:vnd\.)?ms-tnef", re.IGNORECASE)


def diagnose_with_tnef(text: str, catalog: Catalog) -> Report:
    """A mail that gives no failure of its own but carries a winmail.dat with a report (or an Outlook
    item forwarding one) is read from the message the winmail.dat holds (tnef.unwrap_mail)."""
    report = diagnose_message(text, catalog)
    if report.results or not TNEF_PART_RE.search(text):
        return report
    from ndr_atlas.tnef import unwrap_mail

    inner = unwrap_mail(text)
    if inner == text:
        return report
    tnef_report = diagnose_message(inner, catalog)
    return tnef_report if tnef_report.results else report


def diagnose_all(data: bytes | str, catalog: Catalog) -> list[Report]:
    """Diagnose every message of the input (several for an mbox, one otherwise); a mail that carries
    its report in a winmail.dat part is read from the message the winmail.dat holds."""
    text = as_text(data)
    reports = [diagnose_with_tnef(message, catalog) for message in split_mbox(text)]
    if isinstance(data, bytes) and data.startswith(OLE_MAGIC):
        damaged, too_large = body_unreadable(text, BODY_UNREADABLE_FIELD), body_unreadable(text, BODY_TOO_LARGE_FIELD)
        for report in reports if damaged or too_large else []:
            report.body_unreadable, report.body_too_large = True, too_large
    return reports


def body_unreadable(msg_text: str, field: str = BODY_UNREADABLE_FIELD) -> bool:
    """Whether the .msg reader found the message's compressed RTF body damaged, or too large to unpack
    (it says so in a header field)."""
    head = msg_text.split("\n\n", 1)[0].lower()
    return any(line.startswith(field.lower() + ":") for line in head.split("\n"))


def diagnose(data: bytes | str, catalog: Catalog) -> Report:
    """Diagnose one input; an mbox's messages are pooled into one report."""
    reports = diagnose_all(data, catalog)
    if len(reports) == 1:
        return reports[0]
    results = [r for report in reports for r in report.results]
    return Report("bounce" if results else reports[0].kind, results, [a for report in reports for a in report.addresses])


# Where the words of a report ("could not be delivered", "Undeliverable") must stand in a paste
# that gave no failure, to say that its details are missing rather than that it is no report.
INCOMPLETE_CUES_CHARS = 3000


# Kinds a reader recognised for sure as no failure: a report they quote (an auto-reply quoting the
# message it answers, a challenge summarising the held mail) is not one the user forwarded.
NOT_FORWARDS = tuple(kind for kind in NON_FAILURE_KINDS if kind != "quoted")


def diagnose_message(text: str, catalog: Catalog, forwards_taken_off: int = 0) -> Report:
    """One message; ``forwards_taken_off``: the inline forward blocks already taken off above ``text``
    (a forward of a forward is read through, a text made of forward blocks only to a few of them)."""
    mime = looks_like_mime(text)
    if not mime and forwards_taken_off < MAX_FORWARDS:
        inline = forwarded_inline(text, catalog, forwards_taken_off)
        if inline is not None:
            return inline
    forwarded = None
    if mime:
        # Parsed once, its text worked out once: read, then searched for an attached or quoted bounce.
        head = mime_head(without_blank_lines_above(text))
        message = parse_mime(head)
        readable = Source(head, message)
        parsed = read_message(readable)
        # A user's mail with the bounce attached (sent on to the helpdesk): the attached report is read.
        if parsed.kind == "not-bounce":
            forwarded = attached_bounce(message)
        elif parsed.kind in CARRIER_KINDS:
            forwarded = attached_report(message)
    else:
        readable = Source(text, None)
        parsed = read_pasted(readable)
    if forwarded is not None:
        parsed = forwarded
    quoted = None
    if parsed.kind not in ("bounce", *NOT_FORWARDS) and forwarded is None:
        # A report forwarded inline: quoted under "-----Original Message-----" in a pasted text or a mail.
        quoted = quoted_bounce(readable.text)
        if quoted is not None:
            parsed = quoted
    if parsed.kind == "not-bounce" and not mime:
        # Read as the readers read it: without what copying added (quote marks, fences, "S: ").
        parsed = read_words(readable.text, catalog) or parsed
    if parsed.kind == "bounce" and not mime and forwarded is None and quoted is None:
        name_the_one_recipient(parsed.failures, text)
    # A pasted error line alone says nothing of the SMTP stage, unlike a whole report that names none.
    excerpt = is_excerpt(text if mime else readable.text)
    # A mail with no failure whose attached Outlook item could not be read: the note names it and says why.
    unread = unread_outlook_item(message) if mime and parsed.kind == "not-bounce" and forwarded is None else None
    return Report(
        parsed.kind,
        [diagnose_failure(f, catalog, excerpt) for f in parsed.failures],
        parsed.addresses,
        attached=forwarded is not None,
        quoted=quoted is not None,
        kind_note=parsed.note if isinstance(parsed, IncompletePaste) else unread[1] if unread else None,
        unread_attachment=unread[0] if unread else None,
    )


def forwarded_inline(text: str, catalog: Catalog, forwards_taken_off: int = 0) -> Report | None:
    """A paste that forwards a report under a forward block ("-----Original Message-----" and a
    From: / Subject: block naming a report), below the forwarder's own note: the report read as the
    same report pasted alone is, when that gives a failure. Read as a whole instead, the note and the
    block's fields stand before the report's lines: the scanner takes the forward marker for the
    returned original's heading and stops there (so a Status: field below it is lost to a reader of
    the report's words), and the block's addresses (its "Da:" and "A:") crowd the recipient's."""
    found = forwarded_report(text)
    if found is None:
        return None
    note, body = found
    if note.strip() and (read_pasted(Source(note, None)).kind == "bounce" or reads_above(note, catalog)):
        return None  # the report's own words stand above the marker: it heads the returned original
    report = diagnose_message(body, catalog, forwards_taken_off + 1)
    if report.kind == "not-bounce" and not_a_report_below(body):
        return report  # a mail that is no report, forwarded under a block whose title names one
    if report.kind in ("not-bounce", "incomplete"):
        return None  # no reading of its own: the whole text is read as before
    # A notice that is no failure (an auto-reply, a delivery notice, a person's mail quoting an
    # error) stays one under a block that names a report: its own text says what it is.
    report.quoted = report.kind == "bounce"
    return report


# Lines whose address is never the failed recipient: a header field that holds addresses, as a
# pasted report shows its own or the returned message's (its sender, the report's addressee, the
# mailbox that forwarded it: Resent-From and Resent-Sender, RFC 5322 3.6.6), and a report's greeting
# of its addressee ("Hello anna@example.net,").
NOT_RECIPIENT_LINE_RE = re.compile(
    r"\s*>?\s*(?:(?:from|to|cc|bcc|reply-to|sender|resent-from|resent-sender|return-path|delivered-to|x-original-to|envelope-to)\s*:"
    r"|(?:hello|hi|dear)\b)",
    re.IGNORECASE,
)


def name_the_one_recipient(failures: list[Failure], text: str) -> None:
    """A paste whose one failure names no recipient, its layout broken (a log line wrapped over
    indented lines puts "to=<bob@example.org>" lines above the error): the one address the paste
    names, unless it names it as the sender, is the recipient. Not where the format names none by
    design (Python's SMTPSenderRefused: the address on a line of its own is the sender). The lines
    of header fields are left out, but for those naming the sender (From:, Sender:, Return-Path: …):
    ``sole_recipient`` reads them, and takes their address nowhere else in the paste."""
    if len(failures) == 1 and failures[0].recipient is None and not failures[0].names_no_recipient:
        kept = (line for line in text.split("\n") if not NOT_RECIPIENT_LINE_RE.match(line) or SENDER_FIELD_LINE_RE.match(line))
        failures[0].recipient = sole_recipient("\n".join(kept))


def read_words(text: str, catalog: Catalog) -> Parsed | None:
    """A paste no reader took, by its words alone: a person's note about a bounce (no failure of its
    own, see personal.py; a report forwarded under it is read by words_failure), an error line or two,
    or a report's words without its details (say what to paste, unless the words say what failed)."""
    head = text.lstrip()[:INCOMPLETE_CUES_CHARS]  # (all of a short paste)
    cues = has_bounce_cues(head)
    short = is_short_paste(text)
    # A short paste's reply code counts with its words ("550 Requested action not taken: mailbox unavailable").
    reply = next(filter(None, map(opening_reply, text.split("\n"))), None) if short else None
    matched = catalog.match(None, reply, " ".join(head.split())) is not None
    if is_persons_note(text) and not FORWARD_MARKER_RE.search(text) and (matched or cues):
        return Parsed("quoted", [], [Address(sole_recipient(text))])
    if short and matched:
        # A pasted error line or two: the one address it names is the recipient ("bob@x: No MX found").
        joined = " ".join(text.split())
        failure = Failure(recipient=sole_recipient(text), reply=reply, diagnostic=joined, evidence=[text.strip()])
        # The line may still name its stage, wrapped as Postfix wraps it ("(in reply to end of" / "DATA command)").
        failure.command = named_command(joined)
        mark_delayed([failure], "", text, pasted=True)
        return Parsed("bounce", [failure])
    if cues:
        said = words_failure(head, catalog, text)
        return Parsed("bounce", [said]) if said is not None else IncompletePaste(text)
    if not short and is_client_error(head):
        return client_error_in_prose(head)
    return None


# The lines of an application's SMTP client error read out of a longer paste: a few are enough (an
# exception is one line, a chained one two or three).
CLIENT_ERROR_LINES = 3


def client_error_in_prose(text: str) -> Parsed | None:
    """An application's SMTP client error (words.CLIENT_ERROR_RE: SwiftMailer's 'Expected response code
    250 but got code "550", with message "550 …"' from AbstractSmtpTransport::assertResponseCode,
    smtplib's, Net::SMTP's, JavaMail's …) quoted in a paste of prose with no report's words around it
    (a code comment, a question in any language): its lines are read as the same lines pasted alone
    are. A paste of prose that only names a library's exception class has no reply to read: no failure."""
    lines = [line for line in text.split("\n") if CLIENT_ERROR_RE.search(line.lower())][:CLIENT_ERROR_LINES]
    if not lines:
        return None
    parsed = read_pasted(Source("\n".join(lines), None))
    return parsed if parsed.kind == "bounce" else None


class IncompletePaste(Parsed):
    """A report's words pasted without its details (no failed recipient, no SMTP error): its note says
    what to paste instead, worded for a delay warning when the words say delivery is only late."""

    def __init__(self, text: str) -> None:
        super().__init__("incomplete", [])
        self.note = INCOMPLETE_DELAY if is_delay_notice("", text) else INCOMPLETE_PASTE


# A report's line of words is short: MTAs wrap theirs near 80 characters, and Google's group notice,
# one of the longest, runs its paragraph to some 210; an article's paragraph runs on far longer.
WORDS_LINE_CHARS = 240


def not_a_report_below(body: str) -> bool:
    """Whether the text under a forward block that names a report ("Mail Delivery System",
    "Undelivered Mail Returned to Sender") is plainly no report, though the title says so: a person's
    reply (it opens with its attribution line over the quoted mail, conversation.opens_as_reply) or a
    PEC transport envelope (pec.is_transport_envelope). Read whole, the title's words would make an
    address of its text (a list footer's "majordomo@…", the envelope's addressee) a failed
    recipient. A report's own lines that read nothing alone (a bare "554 …" reply, a provider's
    sentence) still count the title's words with them."""
    return opens_as_reply(body) or is_transport_envelope(body)


def reads_above(above: str, catalog: Catalog) -> bool:
    """Whether the text above a forward marker is a report's notice itself (its words read by the
    catalog), not a person's note over a forwarded one."""
    return bool(above.strip()) and not is_persons_note(above) and catalog.match(None, None, " ".join(above.split())) is not None


def words_failure(text: str, catalog: Catalog, whole: str = "") -> Failure | None:
    """A report pasted without its recipient line (masked, or cut off before it) whose words the
    catalog still reads ("Host or domain name not found", a group that "may not exist"): one failure,
    with the line (or the two lines a wrapped sentence spans) that says it, for the addressee of the
    returned original's header block below it if the paste has one, else unnamed. A delay notice's
    words say nothing of how it will end: it stays a paste to complete."""
    forward = FORWARD_MARKER_RE.search(text)
    if forward is not None and reads_above(text[: forward.start()], catalog):
        # The report's own words stand above the marker: it heads the returned original, as Google
        # Groups' "----- Original message -----" does (Sisimai's GoogleGroups module cuts there), and
        # the original's header block below it names the recipient.
        forward = None
    if forward is not None:
        # A forward's words are a report's only under a header block that names one, and they are
        # read as the same text pasted alone would be: with a report's words, and no other kind of mail.
        quoted = quoted_report_body(text[forward.end() :])
        if quoted is None or not has_bounce_cues(quoted[:INCOMPLETE_CUES_CHARS]) or read_pasted(Source(quoted, None)).kind != "not-bounce":
            return None
        text = quoted
    if is_delay_notice("", text) or catalog.match(None, None, " ".join(text.split())) is None:
        return None
    lines = [line.strip(" >\t") for line in text.split("\n")]
    found: Failure | None = None
    found_line = ""
    reasons: set[str] = set()
    for index, line in enumerate(lines):
        if not line or len(line) > WORDS_LINE_CHARS:
            continue  # a paragraph of prose that mentions an error is no report's line
        below = lines[index + 1] if index + 1 < len(lines) else ""
        for said in (line, f"{line} {below}" if below and len(below) <= WORDS_LINE_CHARS else line):
            match = catalog.match(None, None, said)
            if match is not None:
                reasons.add(match.reason)
                if found is None:
                    # The addressee of the returned original below, else the one address the line itself
                    # names beside its error (Exim's "bob@example.org is undeliverable: Unrouteable address").
                    recipient = header_block_recipient(lines[index + 1 :]) or sole_recipient(line)
                    found = Failure(recipient=recipient, reply=opening_reply(line), diagnostic=said, evidence=[said])
                    found_line = line
                break
    if found is not None and found.recipient is None and len(whole) > len(text):
        # The returned original's header block may start beyond the top read for words (long ARC and
        # DKIM fields push its To: down): looked for in the rest of the paste, below the same line.
        rest = whole.split("\n")
        at = next((i for i, line in enumerate(rest) if line.strip(" >\t") == found_line), None)
        if at is not None:
            # Quote marks off, the indentation of folded fields kept: it joins them to their field.
            found.recipient = header_block_recipient([QUOTE_MARKS_RE.sub("", line) for line in rest[at + 1 : at + 1 + BLOCK_LINES]])
    # Words of several failures ("mailbox full … user unknown … domain not found") are a page that
    # explains bounces, not one report whose recipient line is missing.
    return found if len(reasons) == 1 else None


# How far below a report's words its returned original's header block is looked for.
BLOCK_LINES = 400
QUOTE_MARKS_RE = re.compile(r"^(?:>[ \t]?)+")


def opening_reply(line: str) -> str | None:
    """The reply code an SMTP reply line opens with (RFC 5321, 4.2: the code comes first), or prints
    after a label ("said:", "error:") or after the recipient ("<bob@example.org>: 550 …"), quoted
    (">") or in code marks as a paste shows it."""
    line = line.strip(" >`\t")
    found = BARE_REPLY_RE.match(line) or (ADDRESS_REPLY_RE.match(line) if "@" in line else None)
    return found.group(1) if found else None


# The code that starts each line but the last of a multi-line SMTP reply ("550-5.7.1 "), when it
# follows text on the same joined line (a Sendmail transcript adds "<<< ").
REPLY_CONTINUATION_RE = re.compile(r" (?<=\S )(?:<<< )?[45]\d\d-(?:[245]\.\d{1,3}\.\d{1,3} ?)?")  # the blank first: tried at blanks only
# What it needs, found fast (a pattern that starts with a look-behind is tried at every character).
REPLY_DASH_RE = re.compile(r"[45]\d\d-")


def is_short_paste(text: str) -> bool:
    return is_short(text) and not looks_like_mime(text)


# A line that holds the server's reply: its reply code or enhanced status code.
REPLY_ON_LINE_RE = re.compile(r"[245](?<![\d.][245])(?:\d\d|\.\d{1,3}\.\d{1,3})(?![\d.])")  # (the digit first: see codes.STATUS_RE)


def is_excerpt(text: str) -> bool:
    """A pasted error line or two, cut out of a report or a log: short, and no line besides those
    that hold the server's reply says what a report says ("was undeliverable", "Failed to deliver
    to"). A short report pasted whole names its SMTP stage or not as its .eml does, and is read as
    that is (test_reasons: a whole report that names no command is not refused at RCPT)."""
    return is_short_paste(text) and not any(has_bounce_cues(line) for line in text.split("\n") if not REPLY_ON_LINE_RE.search(line))


def diagnose_failure(failure: Failure, catalog: Catalog, excerpt: bool = False) -> Diagnosis:
    # Servers wrap long replies: match rules see the words joined by single spaces, and evidence
    # lines already quoted in the diagnostic are not searched twice.
    diagnostic = " ".join(failure.diagnostic.split())
    extra = [line for line in (" ".join(e.split()) for e in failure.evidence) if line not in diagnostic]
    text = " ".join([diagnostic, *extra, " ".join(failure.context.split())]).replace(DIAGNOSTIC_JOIN, " ")
    if "-" in text and REPLY_DASH_RE.search(text):  # a multi-line reply's "550-5.7.1" line prefixes would split its sentences
        text = REPLY_CONTINUATION_RE.sub(" ", text)
    text = without_status_prefixes(text, failure.status)
    # Whose mail this is decides which providers' own readings of common words apply.
    domain = (failure.recipient or "").rpartition("@")[2] or None
    hosts = catalog.own_hosts([domain, failure.remote_host, failure.reporting_host])
    match: Match | None = catalog.match(failure.status, failure.reply, text, hosts)
    # The reason reads the server's own reply where there is one, as Sisimai reads its Diagnostic-Code.
    # ... and the rest of a multi-line reply whose first line alone the DSN field kept (Sendmail).
    if failure.reply and diagnostic:
        rest = [line for line in extra if line.removeprefix(SESSION_REPLY).startswith(failure.reply + "-")]
        if rest:
            diagnostic = REPLY_CONTINUATION_RE.sub(" ", " ".join([diagnostic, *rest]))
    reason = decide_reason(failure, match, catalog.wording(diagnostic or text), catalog, excerpt)
    status, inferred = failure.status, False
    if status is None and match is not None:
        status, inferred = infer_status(match, failure.reply, failure.action == "delayed"), True
    elif status is None and failure.reply:
        status, inferred = f"{failure.reply[0]}.0.0", True
    permanent = is_permanent(status, failure.reply, failure.action)
    hard = is_hard_bounce(reason, permanent)
    if match is not None:
        entry, page = match.entry.id, match.page
        titles = dict(match.variant.titles if match.variant else match.entry.titles)
        # A variant's own first sentence: the entry's summary may not fit what this server meant.
        summaries = dict(match.variant.summaries if match.variant and match.variant.summaries else match.entry.summaries)
    else:
        code = status or failure.reply or ("4.0.0" if failure.action == "delayed" else "5.0.0")
        entry, page = None, INDEX_PAGE
        titles = unlisted_titles(failure.status or failure.reply)
        summaries = {lang: class_meaning(code, lang) for lang in ("en", "it")}
    return Diagnosis(
        recipient=failure.recipient,
        status=status,
        status_inferred=inferred,
        reply_code=failure.reply,
        reason=reason,
        permanent=permanent,
        hard_bounce=hard,
        entry=entry,
        page=page,
        remote_host=failure.remote_host,
        diagnostic=failure.diagnostic,
        action=failure.action,
        command=failure.command,
        titles=titles,
        summaries=summaries,
        reason_titles=catalog.reason_titles(reason),
        evidence=failure.evidence,
        retry=failure.retry,
    )


def decide_reason(failure: Failure, match: Match | None, wording: Container[str], catalog: Catalog, excerpt: bool = False) -> str:
    """A provider's own code names its reason, as a vendor's own enhanced code does (Microsoft's
    5.7.509); otherwise code, wording and SMTP command decide it."""
    stated = failure.status
    evidence = Evidence(
        status=stated,
        # A temporary code naming only its subject (4.4.0 "other network status") gives no reason.
        status_reason=(TEMPORARY_CODE_REASONS.get(stated) or catalog.status_reason(stated))
        if stated and not (stated[0] == "4" and stated.endswith(".0"))
        else None,
        wording=wording,
        command=failure.command,
        action=failure.action,
        reply=failure.reply,
        excerpt=excerpt,
        gave_up=gave_up(failure),
    )
    if match is not None and match.variant is not None and match.variant.origin != "standard":
        # A variant marked expired_last (qmail's own sentences: Sisimai's qmail module reads the refused
        # command and its tables first, qmail-send's "in the queue too long" only when none decides)
        # keeps its reason under a temporary reply the sender gave up on.
        return provider_reason(evidence, match.reason, bool(match.variant.hosts), not match.variant.expired_last)
    if match is not None and match.entry.is_vendor_code(stated):
        # Only that vendor issues the code, and its entry says what the vendor means by it: as with
        # a provider variant, the code is not second-guessed from generic words ("rejected").
        return match.reason
    return decide(evidence) or (match.reason if match is not None else "undefined")


def unlisted_titles(code: str | None) -> dict[str, str]:
    """The title of a failure no catalog entry explains: its code, or that it gave none."""
    if code:
        return {"en": f"Code {code} (not in the catalog)", "it": f"Codice {code} (non presente nel catalogo)"}
    return {
        "en": "No status code; wording not in the catalog",
        "it": "Nessun codice di stato; testo dell'errore non presente nel catalogo",
    }


# A hard bounce is one that retrying can never fix: the address, its domain or its mail service is
# gone (Sisimai's definition, so results compare with other tools). The catalog's soft/hard must
# agree (rule CAT017).
HARD_REASONS = frozenset({"userunknown", "hostunknown", "hasmoved", "notaccept"})


def is_hard_bounce(reason: str, permanent: bool) -> bool:
    """Hard when the reason says so and the failure is permanent (a 4.1.1 may still clear)."""
    return reason in HARD_REASONS and permanent


def infer_status(match: Match, reply: str | None, delayed: bool = False) -> str:
    """The entry's code in the class the reply code gives (4xx → 4.x.x; a delay with no code: 4),
    else its first code."""
    codes = [c for c in match.entry.codes if "." in c]
    wanted = reply[0] if reply else ("4" if delayed else None)
    if not codes:
        return f"{wanted}.0.0" if wanted else "5.0.0"
    if wanted:
        for code in codes:
            if code[0] == wanted:
                return code
        return wanted + codes[0][1:]
    return codes[0]


__all__ = ["Diagnosis", "InputError", "Report", "diagnose", "diagnose_all"]
