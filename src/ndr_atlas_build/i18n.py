"""Interface strings of the generated pages, per language (the catalog holds the content)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "meaning": "What it means",
        "causes": "Why it happens",
        "sender_fix": "What the sender can do",
        "admin_fix": "What the admin can do",
        "variants": "What remote servers say",
        "examples": "Examples",
        "related": "Related codes",
        "sources": "Sources",
        "codes": "Codes",
        "range_codes": "The {n} codes of this range explained here",
        "reply_codes": "SMTP reply",
        "reason": "Reason",
        "hard": "Hard bounce",
        "soft": "Soft bounce",
        "hard_long": "the address itself is bad: remove it from your lists",
        "soft_long": "the address may still be valid: the failure points to another cause",
        "outcome": "What the codes mean",
        "outcome_link": "permanent or temporary, hard or soft",
        "facts_anchor": "two-facts",
        "facts_title": "Permanent or temporary, hard or soft: two separate facts",
        "facts_text": """Every result states two facts, and neither follows from the other.

- **Permanent or temporary failure.** The class of the code tells: `5.x.x` (or a `5xx` reply,
  when there is no enhanced code) is a permanent failure: the server will not take this message
  as it is, and the sending server stops trying. `4.x.x` (or `4xx`) is a temporary failure: the
  sending server keeps retrying for a while, and the message may still get through. When a
  final report quotes a `4.x.x` code (`550 4.4.7`), those retries are over and this message was
  not delivered; the cause is still a temporary one, so sending it again later can work.
- **Whether the address itself is bad: hard or soft bounce.** A *hard bounce* means the address
  will never work: the mailbox, its domain or its mail service does not exist or takes no mail
  (the reasons {hard}, with a permanent code). Remove such addresses from your lists. Any other
  failure is a *soft bounce*: nothing in it shows that the address is bad, and mail to it can
  arrive once the cause is fixed. A refusal given after the server read the message (the reason
  `filtered`) counts as soft even when its words say the user is unknown, because content filters
  often answer that way: check the address before you remove it.

So `550 5.4.316` with the reason `expired` is a permanent failure and a soft bounce: the server
gave up on this message, but the address is good. Fix the cause and send the message again.""",
        "reasons_list": "Every reason",
        "facts_more": "what this means",
        "origin": "Source",
        "standard": "Standard",
        "microsoft": "Microsoft (Exchange, Microsoft 365)",  # origin: microsoft holds Exchange Server's codes too (5.7.54)
        "provider": "Remote providers",
        "range": "Range",
        "provider_label": "Sent by",
        "hosts_label": "Read this way only for mail of",
        "hosts_note": "the recipient's domain, the server that answered or the one that sent the report",
        "index_title": "Error codes",
        "index_intro": "Every code in the atlas. Type in the box to narrow the table by code, words of the title or reason; pick a source to show only standard codes, Microsoft's (Exchange and Microsoft 365) or providers'.",
        "filter": "Filter codes",
        "filter_placeholder": "e.g. 5.1.1, relay, quota",
        "all_sources": "All sources",
        "code": "Code",
        "title": "Title",
        "bounce": "Bounce",
        "no_match": "No code matches the filter.",
        "reasons_title": "Reasons",
        "reasons_intro": "Every entry has a reason from the vocabulary of Sisimai 5, the best-known bounce classifier, so results can be compared with other tools. The diagnoser decides the reason of each failure as Sisimai does, from its code, the words of the reply and the SMTP stage at which it was refused, so it can differ from the reason of the code's page: an unknown address refused only after `DATA` is `filtered`.",
        "reason_page_intro": "Codes and server texts whose reason is",
        "also_called": "Also called",
        "entries": "entries",
        "variants_count": "remote-server texts",
        "reply_group": "SMTP reply codes",
        "edit_note": "This page is generated from",
        "diagnose_cta": "Got a bounce? Paste it into the [diagnoser](../diagnose.md).",
        "redirect": "This code is explained on the page of",
    },
    "it": {
        "meaning": "Che cosa significa",
        "causes": "Perché succede",
        "sender_fix": "Cosa può fare il mittente",
        "admin_fix": "Cosa può fare l'amministratore",
        "variants": "Cosa rispondono i server remoti",
        "examples": "Esempi",
        "related": "Codici correlati",
        "sources": "Fonti",
        "codes": "Codici",
        "range_codes": "I {n} codici di questo intervallo spiegati qui",
        "reply_codes": "Risposta SMTP",
        "reason": "Motivo",
        "hard": "Hard bounce",
        "soft": "Soft bounce",
        "hard_long": "l'indirizzo stesso non è valido: toglietelo dalle vostre liste",
        "soft_long": "l'indirizzo può essere ancora valido: l'errore indica un'altra causa",
        "outcome": "Che cosa indicano i codici",
        "outcome_link": "permanente o temporaneo, hard o soft",
        "facts_anchor": "due-informazioni",
        "facts_title": "Permanente o temporaneo, hard o soft: due informazioni distinte",
        "facts_text": """Ogni risultato riporta due informazioni, e nessuna delle due discende dall'altra.

- **Errore permanente o temporaneo.** Lo indica la classe del codice: `5.x.x` (o una risposta
  `5xx`, quando manca il codice esteso) è un errore permanente: il server non accetterà il
  messaggio così com'è e il server di invio smette di riprovare. `4.x.x` (o `4xx`) è un errore
  temporaneo: il server di invio continua a riprovare per un certo tempo e il messaggio può
  ancora arrivare. Se un rapporto di mancato recapito definitivo riporta un codice `4.x.x`
  (`550 4.4.7`), i tentativi sono già finiti e questo messaggio non è stato consegnato; la causa
  resta temporanea, quindi un nuovo invio più avanti può andare a buon fine.
- **Se l'indirizzo stesso non è valido: hard o soft bounce.** Un *hard bounce* significa che
  l'indirizzo non funzionerà mai: la casella, il suo dominio o il suo servizio di posta non esiste
  o non accetta posta (i motivi {hard}, con un codice permanente). Togliete questi indirizzi dalle
  vostre liste. Ogni altro errore è un *soft bounce*: niente indica che l'indirizzo non sia
  valido, e la posta può arrivare una volta risolta la causa. Un rifiuto dato dopo che il server
  ha letto il messaggio (il motivo `filtered`) conta come soft anche quando il testo parla di
  utente sconosciuto, perché spesso sono i filtri sui contenuti a rispondere così: verificate
  l'indirizzo prima di toglierlo.

Per questo `550 5.4.316` con il motivo `expired` è un errore permanente e insieme un soft bounce:
il server ha rinunciato a questo messaggio, ma l'indirizzo è buono. Risolvete la causa e inviate
di nuovo il messaggio.""",
        "reasons_list": "Tutti i motivi",
        "facts_more": "che cosa significa",
        "origin": "Fonte",
        "standard": "Standard",
        "microsoft": "Microsoft (Exchange, Microsoft 365)",  # origin: microsoft holds Exchange Server's codes too (5.7.54)
        "provider": "Provider remoti",
        "range": "Intervallo",
        "provider_label": "Inviato da",
        "hosts_label": "Letto così solo per la posta di",
        "hosts_note": "il dominio del destinatario, il server che ha risposto o quello che ha inviato il rapporto",
        "index_title": "Codici di errore",
        "index_intro": "Tutti i codici dell'atlante. Scrivete nella casella per restringere la tabella per codice, parole del titolo o motivo; scegliete una fonte per vedere solo i codici standard, quelli di Microsoft (Exchange e Microsoft 365) o quelli dei provider.",
        "filter": "Filtra i codici",
        "filter_placeholder": "es. 5.1.1, relay, quota",
        "all_sources": "Tutte le fonti",
        "code": "Codice",
        "title": "Titolo",
        "bounce": "Tipo",
        "no_match": "Nessun codice corrisponde al filtro.",
        "reasons_title": "Motivi",
        "reasons_intro": "Ogni voce ha un motivo preso dal vocabolario di Sisimai 5, il classificatore di bounce più diffuso, così i risultati si possono confrontare con altri strumenti. Il diagnostico stabilisce il motivo di ogni errore come fa Sisimai, dal codice, dalle parole della risposta e dalla fase SMTP in cui è arrivato il rifiuto, per cui può differire dal motivo della pagina del codice: un indirizzo inesistente rifiutato solo dopo `DATA` è `filtered`.",
        "reason_page_intro": "Codici e testi dei server con motivo",
        "also_called": "Detto anche",
        "entries": "voci",
        "variants_count": "testi di server remoti",
        "reply_group": "Codici di risposta SMTP",
        "edit_note": "Questa pagina è generata da",
        "diagnose_cta": "Avete ricevuto un rapporto di mancato recapito? Incollatelo nel [diagnostico](../diagnose.md).",
        "redirect": "Questo codice è spiegato nella pagina di",
    },
}

SUBJECTS = {
    "en": {
        "0": "X.0 Other or undefined",
        "1": "X.1 Addressing",
        "2": "X.2 Mailbox",
        "3": "X.3 Mail system",
        "4": "X.4 Network and routing",
        "5": "X.5 Mail delivery protocol",
        "6": "X.6 Message content",
        "7": "X.7 Security and policy",
    },
    "it": {
        "0": "X.0 Altro o non definito",
        "1": "X.1 Indirizzamento",
        "2": "X.2 Cassetta postale",
        "3": "X.3 Sistema di posta",
        "4": "X.4 Rete e instradamento",
        "5": "X.5 Protocollo di consegna",
        "6": "X.6 Contenuto del messaggio",
        "7": "X.7 Sicurezza e criteri",
    },
}

REASONS = {
    "authfailure": ("SPF, DKIM or DMARC authentication failed", "Autenticazione SPF, DKIM o DMARC non superata"),
    "badreputation": ("Poor reputation of the sending IP or domain", "Cattiva reputazione dell'IP o del dominio di invio"),
    "blocked": ("Sending IP or host is blocked", "L'IP o l'host di invio è bloccato"),
    "contenterror": ("Malformed message content or headers", "Contenuto o intestazioni del messaggio non validi"),
    "exceedlimit": ("A size or count limit was exceeded", "Superato un limite di dimensione o di numero"),
    "expired": (
        "Delivery keeps failing: the sending server retries until its time runs out",
        "Il recapito continua a fallire: il server di invio riprova fino alla scadenza dei tentativi",
    ),
    "failedstarttls": ("TLS (STARTTLS) connection failed", "La connessione TLS (STARTTLS) non è riuscita"),
    "filtered": ("Rejected by a filter on the receiving side", "Rifiutato da un filtro del destinatario"),
    "hasmoved": ("Mailbox has moved", "La cassetta postale è stata spostata"),
    "hostunknown": ("Recipient domain does not exist", "Il dominio del destinatario non esiste"),
    "mailboxfull": ("Recipient's mailbox is full", "La cassetta postale del destinatario è piena"),
    "mailererror": ("A local mail program failed", "Un programma di posta locale ha restituito un errore"),
    "mesgtoobig": ("Message is too big", "Il messaggio è troppo grande"),
    "networkerror": ("DNS or network failure", "Errore DNS o di rete"),
    "norelaying": ("Relaying was refused", "Inoltro (relay) rifiutato"),
    "notaccept": ("Destination accepts no mail", "La destinazione non accetta posta"),
    "notcompliantrfc": ("Message breaks the email standards", "Il messaggio non rispetta gli standard della posta"),
    "policyviolation": ("Rejected by the recipient's policy", "Rifiutato dai criteri del destinatario"),
    "rejected": ("Sender address was rejected", "L'indirizzo del mittente è stato rifiutato"),
    "requireptr": ("Sending IP has no valid reverse DNS (PTR)", "L'IP di invio non ha un DNS inverso (PTR) valido"),
    "securityerror": ("A security requirement was not met", "Un requisito di sicurezza non è stato soddisfatto"),
    "spamdetected": ("Message was judged to be spam", "Il messaggio è stato giudicato spam"),
    "speeding": ("Sending too fast: rate limited", "Invio troppo rapido: limitazione della frequenza"),
    "suspend": ("Recipient account is suspended or disabled", "L'account del destinatario è sospeso o disattivato"),
    "syntaxerror": ("SMTP command syntax error", "Errore di sintassi in un comando SMTP"),
    "systemerror": ("An error on the receiving system", "Errore sul sistema di destinazione"),
    "systemfull": ("Receiving system is out of space", "Il sistema di destinazione ha esaurito lo spazio"),
    "toomanyconn": ("Too many connections at once", "Troppe connessioni contemporanee"),
    "userunknown": ("Recipient address does not exist", "L'indirizzo del destinatario non esiste"),
    "virusdetected": ("A virus was found in the message", "Nel messaggio è stato trovato un virus"),
    "onhold": ("Not enough information to decide", "Informazioni insufficienti per decidere"),
    "suppressed": (
        "Not sent: the address is on a suppression list",
        "Non inviato: l'indirizzo è in una lista di soppressione",
    ),
    "undefined": ("The cause could not be classified", "Non è stato possibile classificare la causa"),
}


# The words admins, helpdesks and postmasters use for each reason (what they type in the site
# search), written on the reason's page under its title: "blacklisted" is not in "Sending IP or host
# is blocked", nor "relay access denied" in "Relaying was refused". The page is weighted in the
# search (pages.py), so these words lead to it before a code page that uses them once.
REASON_KEYWORDS = {
    "authfailure": (
        "SPF fail, DKIM fail, DMARC fail, authentication failed, unauthenticated sender, spoofing",
        "SPF non superato, DKIM non valido, DMARC non superato, autenticazione fallita, mittente non autenticato",
    ),
    "badreputation": ("poor reputation, low reputation, IP reputation, sender score", "reputazione scarsa, reputazione dell'IP"),
    "blocked": (
        "blocked IP, blacklisted, blacklist, blocklisted, blocklist, DNSBL, RBL, Spamhaus listing",
        "IP bloccato, blacklist, lista nera, blocklist, DNSBL, RBL, IP in lista Spamhaus",
    ),
    "contenterror": ("malformed message, invalid header, bad MIME", "messaggio malformato, intestazione non valida, MIME non valido"),
    "exceedlimit": ("limit exceeded, too many recipients, size limit", "limite superato, troppi destinatari, limite di dimensione"),
    "expired": (
        "timeout, timed out, retry time exceeded, message expired, delivery delayed",
        "timeout, tempo scaduto, messaggio scaduto, recapito ritardato",
    ),
    "failedstarttls": (
        "TLS handshake failed, STARTTLS error, certificate error",
        "handshake TLS non riuscito, errore STARTTLS, errore di certificato",
    ),
    "filtered": ("rejected by a filter, content filter, transport rule", "filtro, filtro dei contenuti, regola di trasporto"),
    "hasmoved": ("address moved, user has moved, forwarding address", "indirizzo cambiato, utente trasferito, nuovo indirizzo"),
    "hostunknown": (
        "domain not found, host unknown, no MX record, NXDOMAIN",
        "dominio inesistente, dominio non trovato, nessun record MX, NXDOMAIN",
    ),
    "mailboxfull": (
        "mailbox full, over quota, quota exceeded, storage full, insufficient storage",
        "casella piena, casella postale piena, quota superata, spazio esaurito",
    ),
    "mailererror": ("local delivery failed, pipe failed, program error", "recapito locale non riuscito, errore del programma di recapito"),
    "mesgtoobig": (
        "message too large, message too big, attachment too large, size limit exceeded",
        "messaggio troppo grande, allegato troppo grande, dimensione massima superata",
    ),
    "networkerror": (
        "DNS error, network error, connection timed out, no route to host",
        "errore DNS, errore di rete, connessione scaduta, host non raggiungibile",
    ),
    "norelaying": (
        "relay access denied, relay denied, relaying denied, unable to relay, relay not permitted",
        "relay negato, inoltro negato, relay non consentito, inoltro non permesso",
    ),
    "notaccept": ("null MX, does not accept mail, no mail service", "MX nullo, non accetta posta, nessun servizio di posta"),
    "notcompliantrfc": (
        "RFC violation, non-compliant message, duplicate header",
        "violazione RFC, messaggio non conforme, intestazione duplicata",
    ),
    "policyviolation": (
        "policy violation, rejected by policy, not authorized",
        "violazione dei criteri, rifiutato per criteri, non autorizzato",
    ),
    "rejected": ("sender rejected, sender address rejected, sender denied", "mittente rifiutato, indirizzo del mittente rifiutato"),
    "requireptr": (
        "no reverse DNS, no PTR record, rDNS missing, reverse lookup failed",
        "DNS inverso mancante, nessun record PTR, rDNS mancante",
    ),
    "securityerror": (
        "security error, authentication required, TLS required",
        "errore di sicurezza, autenticazione richiesta, TLS obbligatorio",
    ),
    "spamdetected": ("spam detected, marked as spam, junk, spam filter", "spam rilevato, segnalato come spam, posta indesiderata"),
    "speeding": (
        "rate limited, throttled, too many messages, sending limit",
        "limitazione della frequenza, troppi messaggi, limite di invio",
    ),
    "suspend": (
        "account disabled, account suspended, mailbox disabled, inactive account",
        "account disattivato, account sospeso, casella disattivata, account inattivo",
    ),
    "syntaxerror": ("syntax error, command not recognized, bad command", "errore di sintassi, comando non riconosciuto"),
    "systemerror": ("server error, internal error, system error", "errore del server, errore interno, errore di sistema"),
    "systemfull": ("disk full, insufficient system storage, server out of space", "disco pieno, spazio su disco esaurito"),
    "toomanyconn": ("too many connections, connection limit", "troppe connessioni, limite di connessioni"),
    "userunknown": (
        "user unknown, recipient not found, no such user, invalid recipient, mailbox unavailable",
        "utente sconosciuto, destinatario inesistente, destinatario non trovato, indirizzo inesistente, casella inesistente",
    ),
    "virusdetected": ("virus detected, malware, infected attachment", "virus rilevato, malware, allegato infetto"),
    "suppressed": ("suppression list, suppressed address, bounce list", "lista di soppressione, indirizzo soppresso"),
}


def reason_keywords(reason: str, lang: str) -> str:
    en, it = REASON_KEYWORDS.get(reason, ("", ""))
    return it if lang == "it" else en


def reason_title(reason: str, lang: str) -> str:
    en, it = REASONS.get(reason, (reason, reason))
    return it if lang == "it" else en


# Provider names are proper nouns and stay as written, except these generic descriptions.
GENERIC_PROVIDERS = {
    "Many mail servers": "Molti server di posta",
    "SPF check (generic)": "Controllo SPF (generico)",
    "Greylisting (generic)": "Greylisting (generico)",
    "DNS blocklist": "Blocklist DNS",
}


def provider_name(provider: str, lang: str) -> str:
    return GENERIC_PROVIDERS.get(provider, provider) if lang == "it" else provider
