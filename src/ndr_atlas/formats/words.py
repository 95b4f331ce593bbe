"""Words and small readers shared by the format readers: cue words, the SMTP command refused, the
remote server, diagnostic clean-up, which status code says more."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ndr_atlas.codes import REPLY_STATUS_RE, normalise_status
from ndr_atlas.formats import exchange_labels, eximlog, postfixlog
from ndr_atlas.formats.base import (
    ADDRESS_RE,
    MAX_DIAGNOSTIC_CHARS,
    MAX_EVIDENCE_LINES,
    Failure,
    found_at_openings,
    lazy_re,
    matched_where_found,
    may_say,
    may_say_each,
    remembered_per_line,
)

# A report says it is one near its top: cue words are looked for this far only.
CUES_WINDOW = 20_000
# Words that say a delivery failed, for reports that print no SMTP code at all.
FAILURE_WORDS_RE = re.compile(
    r"unknown|not exist|doesn't exist|no such|not found|not listed|full|quota|exceed|reject|denied|fail|invalid|disabled|suspended|"
    r"expired|timed? ?out|retry|unable|could not|couldn't|cannot|can't|refused|unreachable|blocked|spam|"
    r"not (?:be )?delivered|undeliver|delayed|no longer|inactive|too (?:large|big|long)|permanent|error|"
    r"inesistente|sconosciut|piena|rifiutat|non recapitabile|"
    # The same words in the other languages of FOREIGN_FAILURE_CUES' notices, and their verdicts.
    r"unbekannt|existiert nicht|\bvoll\b|nicht zugestellt|inconnu|inexistant|pleine|n'existe pas|"
    r"desconocid|no existe|lleno|desconhecid|não existe|cheia|onbekend|bestaat niet|\bvol\b|"
    r"nie istnieje|pełna|neexistuje|plná|не найден|не существует|переполнен|не доставлен|"
    r"不存在|已满|容量满|宛先不明|容量超過|존재하지 않|초과",
    re.IGNORECASE,
)
# The heading above the failed (or deferred) recipients in reports written in another language than
# English, lower-cased, up to where the wordings for "failed" and "delayed" part. Only wordings a
# vendor ships: masqmail's failure and warning templates (tpl/failmsg.tpl.de, .fr, .it and
# warnmsg.tpl.*). Exchange's own headings are in exchange_labels.py.
FAILED_RECIPIENTS_HEADINGS = (
    "zustellung zu den folgenden empfängern ist permanent fehlgeschlagen",  # de, failed
    "zu folgenden empfängern nicht zugestellt werden",  # de, deferred ("konnte bis jetzt … nicht zugestellt werden")
    "l'expédition vers les destinataires suivants",  # fr, "… a échoué" / "… a été différée"
    "l'invio ai seguenti destinatari",  # it, "… è fallito" / "… è stato ritardato"
)
# The heading of the report Outlook (or the Exchange mailbox server) writes when it could not send a
# message at all, per language of the sender's Outlook (read by unreached.py, where each one's source
# is named): Outlook does not retry, so whatever code it quotes, the report is a failure.
OUTLOOK_UNREACHED_HEADINGS = (
    "The following recipient(s) could not be reached:",
    "The following recipient(s) cannot be reached:",
    "No se puede localizar a los destinatarios siguientes:",
    "Folgende(r) Empfänger kann/können nicht erreicht werden:",
)
# "Could not be delivered" as small MTAs, hosting panels and national providers write it in their
# own language (translated Exim and Postfix templates, webmail notices), lower-cased: the sentence
# or subject word of a report, never a reason. Each is listed by two or more public guides to such
# notices or bounce-filter word lists (the NDR subjects of German, French, Spanish, Japanese and
# Chinese help pages: GMX, Yahoo DE, arobase.org, BIGLOBE, emailhost.com.cn …), or quoted from a
# hosting company's own notice in two public pastes at least (the French "Ceci est un message
# d'echec … l'email n'a pu etre envoye", which that notice writes without accents). Gmail's German
# sentence for an unknown address is one too: a real notice in Delta Chat's tests, Sisimai's word list.
# So is the verb of Gmail's Chinese notices ("…，因此无法递送您的邮件。", "could not deliver your
# message"), as pasted in lavas-project/lavas#247 and quoted in a Chinese blog post about spoofed mail.
# And Gmail's Spanish sentence ("Tu mensaje no se ha entregado a x@y porque …"), in three real notices
# pasted in public repositories (its delay says "todavía no se ha entregado": not this cue).
FOREIGN_FAILURE_CUES = (
    "nicht zugestellt werden", "unzustellbar", "zustellung fehlgeschlagen", "weil die adresse nicht gefunden wurde",
    "n'a pas pu être remis", "n'a pas pu être délivré", "n'a pas pu être distribué", "non délivré", "non remis",
    "échec de la remise", "échec de distribution", "n'a pu être envoyé", "n'a pu etre envoye", "message d'echec",
    "impossibile recapitare", "non è stato consegnato", "messaggio non recapitato",
    "no se ha podido entregar", "no se pudo entregar", "tu mensaje no se ha entregado a", "no pudo ser entregado", "mensaje no entregado", "correo no entregado",
    "não foi possível entregar", "não pôde ser entregue", "mensagem não entregue", "falha na entrega",
    "kon niet worden afgeleverd", "onbestelbaar", "niet afgeleverd",
    "nie mogła zostać dostarczona", "nie została dostarczona", "nie można dostarczyć", "niedostarczon",
    "nebylo možné doručit", "nemohla být doručena", "nedoručiteln",
    "не может быть доставлено", "не удалось доставить", "недоставленное", "не доставлено",
    "退信", "被退回", "无法送达", "投递失败", "無法送達", "无法递送",
    "配信できません", "送信できませんでした", "配送できませんでした", "配信不能", "宛先不明",
    "전달되지 못했습니다", "발송 실패", "전송 실패",
)  # fmt: skip
# The commands Postfix names after a reply it quotes, "(in reply to RCPT TO command)" (smtp_trouble.c).
POSTFIX_REPLY_COMMANDS = "RCPT TO|MAIL FROM|end of DATA|DATA|HELO|EHLO|STARTTLS|AUTH|BDAT"
# Webmails' SMTP clients' words for a recipient the server refused at RCPT, before its address and
# reply: Roundcube's 'SMTP Error (550): Failed to add recipient "…" (…)' (rcube_smtp.php) and MailSo's
# (RainLoop, SnappyMail) NegativeResponseException 'Failed to add recipient "…": 550 …'
# (Smtp/SmtpClient.php). Lower case; a bounce cue, a client error and a reply's cue alike, so another
# client's wording is added here once.
RECIPIENT_REFUSED_WORDS = ("failed to add recipient",)
# Lower-case words, searched in lower-cased text: three times faster than a case-insensitive search.
# Every alternative opens with a plain letter (no group): the regex engine then skips the characters
# no alternative starts with (keep it so, here and in DELAY_WORDS_RE).
BOUNCE_CUES_RE = re.compile(
    r"undeliver|delivery (?:has )?failed|couldn'?t be delivered|could not be delivered|not be delivered|"
    r"non recapitabil|recapito non|returned mail|mail delivery (?:failed|subsystem)|"
    r"delivery status notification|failure notice|permanent(?:ly)? (?:error|fatal)|diagnostic-code|"
    r"final-recipient|remote server returned|said:|mailer-daemon|message expired|retry timeout|"
    # Postfix's other wording for a server's reply, to its greeting or EHLO (smtp_proto.c: "host %s
    # refused to talk to me: %s"); "to me:" may be wrapped (or quoted with "> ") onto the next line.
    r"refused to talk|"
    # Postfix's line for a recipient reached through an alias ("<%s> (expanded from <%s>): %s",
    # bounce_notify_util.c): only its bounce and delay reports print it.
    r"expanded from <|"
    # The close of a reply Postfix quotes (smtp_trouble.c: "(in reply to %s command)"), also where a
    # paste cut off the "said:" above it; cue_text joins it where the report wrapped it.
    r"in reply to (?:" + POSTFIX_REPLY_COMMANDS.lower() + r") command\)|"
    # RFC 5321, 3.1 and 4.2.3: a server that refuses the session answers its greeting with "554 No
    # SMTP service here" instead of 220; a client's log or session transcript of that reply has no
    # report's words (OpenSMTPD's debug log, email-verify's and forward-email's transcripts of GMX,
    # mail.com and IONOS greetings).
    r"no smtp service|"
    # Python's smtplib exceptions for a server's refusal (SMTPResponseException and its subclasses
    # carry the reply code and text; SMTPRecipientsRefused a dict of them per recipient).
    r"smtpdataerror|smtprecipientsrefused|smtpsenderrefused|smtpresponseexception|"
    # … and their arguments printed alone, as an application logs str(exc) after its own words
    # ("smtp failed: (550, b'…')", "邮件发送失败：… (550, b'…')"): Python 3 gives the reply as bytes.
    r"\([45][0-5]\d, b['\"]|"
    r"unable to deliver|failed to deliver to|delivery to the following|could not deliver|error details|"
    r"informazioni di diagnostica|diagnostic information|did not reach|following address|permanent failure|"
    r"failed recipient|could not be sent|cannot be delivered|non è stato recapitato|delivery failure|"
    r"was not (?:yet )?(?:been )?delivered|were not (?:yet )?(?:been )?delivered|has not (?:yet )?(?:been )?delivered|"
    r"wasn't delivered|weren't delivered|problem delivering your message|"
    # Exchange's delay notice: "This message hasn't been delivered yet. Delivery will continue to be attempted."
    r"hasn'?t (?:yet )?been delivered|"
    # Outlook.com's refusal of a blocked network ("550 5.7.1 Unfortunately, messages from [192.0.2.1]
    # weren't sent. Please contact your Internet service provider …"), pasted alone.
    r"weren'?t sent\. please contact your internet service provider|"
    # Exchange Online's sentence for 5.6.11 ("Your message contains invalid characters (bare line feed
    # characters) which the email servers at … don't support."), pasted with its "How to Fix It" text
    # but without the heading above it (an SMTP library's issue, a project's source comment).
    r"invalid characters \(bare line feed characters\)|"
    # Gmail's classic notice: "Google tried to deliver your message, but it was rejected by the server …".
    r"google tried to deliver your message|"
    # Google Groups' refusal of a post ("the group you tried to contact (sales) may not exist, or you may
    # not have permission to post"), pasted without its DSN subject in several threads (OpenHunting/
    # openhunt#39, AICC/CMI-5_Spec_Current#288, legalese/legalese.github.io#215).
    r"the group you tried to contact|"
    r"failure reasons|malformed (?:recipient )?address|incorrectly constructed|"
    # Sendmail's section rules, and the sentence of SES-style notices.
    r"transcript of session follows|unsent message follows|error occurred while trying to deliver|"
    # Netscape Messaging Server's list heading (flufl.bounce's Netscape and Caiwireless detectors),
    # and Exim's notice of a message its local_scan function refused (also flufl.bounce's mail.ru pattern).
    r"recipients did not receive this message|message that you sent was rejected|"
    # Exim's line for a remote refusal (deliver.c), in English whatever language its template is in.
    r"smtp error from remote |"
    # A webmail's refused send at RCPT (RECIPIENT_REFUSED_WORDS), in its log lines or notice.
    + "".join(re.escape(words) + " |" for words in RECIPIENT_REFUSED_WORDS)
    # amavisd-new's notice to the sender of a message it stopped (spam, banned or infected content).
    + r"delivery of the email was stopped|"
    # Sympa's heading over every reason of its delivery status notification
    # (delivery_status_notification.tt2: "Impossible to distribute your message for list '…'").
    r"impossible to distribute your message"
    # Exchange's headings in every language of its table (exchange_labels.py), and the localized
    # headings above the failed recipients of other MTAs (FAILED_RECIPIENTS_HEADINGS) and of Outlook's own report.
    + "".join("|" + re.escape(cue) for cue in (*exchange_labels.report_cues(), *FAILED_RECIPIENTS_HEADINGS, *FOREIGN_FAILURE_CUES))
    + "".join("|" + re.escape(heading.lower()) for heading in OUTLOOK_UNREACHED_HEADINGS),
)
# RFC 3464's MTA-name shape ("Reporting-MTA: dns; mx.example.org", Remote-MTA alike): the host is
# a DNS name (with a dot; \w: internationalized names too) or an address literal ("[192.0.2.1]",
# "[IPv6:2001:db8::1]"), maybe followed by a comment; other name types ("x-local-hostname; …",
# "smtp; …") and "dns;" alone name none.
MTA_NAME_RE = re.compile(r"\s*dns\s*;\s*(?:\[(?:IPv6:)?(?P<literal>[0-9A-Fa-f.:]{2,45})\]|(?P<name>[\w-]+(?:\.[\w-]+)+))", re.IGNORECASE)


def mta_name(value: str) -> str | None:
    """The host an MTA-name field's value names ("dns; mx.example.org"), lower-cased."""
    match = MTA_NAME_RE.match(value)
    if match is None:
        return None
    return (match["literal"] or match["name"]).lower()


# A Remote-MTA field within a text: its value is read by mta_name.
REMOTE_MTA_RE = re.compile(r"Remote-MTA:(?P<field>\s*dns\s*;\s*\S*)", re.IGNORECASE)
REMOTE_HOST_RES = (
    re.compile(r"LastAttemptedServerName=(?P<host>[A-Za-z0-9.-]+)"),
    re.compile(r"Remote Server at (?P<host>[A-Za-z0-9.-]+)", re.IGNORECASE),
    re.compile(r"Server at (?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,}) \(", re.IGNORECASE),
    # "host mx.example.org[192.0.2.1]", and CommuniGate Pro's "host mx.example.org says:"; \w: internationalized names too (mx.пример.рф).
    re.compile(r"\bhost (?P<host>[\w-]+(?:\.[\w-]+)+)(?: ?\[| says:)"),
    # ... and the same with "host" left at the end of the line above (Postfix wraps its lines).
    re.compile(r"^\s*(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\[[0-9A-Fa-f.:]{2,45}\] said:"),
    REMOTE_MTA_RE,
    # "Remote MTA ims1c.cp.tin.it: SMTP diagnostic: …" (the notices TIN/Virgilio users get, as a public guide quotes one).
    re.compile(r"\bRemote MTA (?P<host>[\w-]+(?:\.[\w-]+)+): SMTP diagnostic:"),
    re.compile(r"(?:Remote server|Server remoto|Receiving server|Server di ricezione)\s*:\s*(?P<host>[A-Za-z0-9.-]+)", re.IGNORECASE),
    re.compile(r"\bconnect to (?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\["),
    # Stalwart quotes the name: "(host 'mx.example.org' rejected command …)", "(connection to 'mx.example.org' failed: …)".
    re.compile(r"\b(?:host|connection to) '(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)'"),
    re.compile(r"\bConnected to (?P<host>[0-9]{1,3}(?:\.[0-9]{1,3}){3})\b"),
    re.compile(r"^(?P<host>[0-9]{1,3}(?:\.[0-9]{1,3}){3}) does not like"),  # qmail names the server by IP
    # Exchange Online and Outlook.com name the server that refused the message (exchange_labels.py).
    re.compile(r"(?:^|\s)(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+) (?:gave this error|hat diesen Fehler ausgegeben):"),
)
# How a report quotes the SMTP session it held, as Sendmail (5 and 8), Bigfoot, EZweb and others
# print it: what the reporting MTA sent after ">>> ", what the remote server replied after "<<< ".
SESSION_SENT = ">>> "
SESSION_REPLY = "<<< "
# The SMTP command a server refused, as MTAs print it: Postfix "(in reply to RCPT TO command)", Exim
# "after end of data", 1&1 "for TEXT command", Sendmail transcripts ">>> DATA", qmail "but sender was
# rejected". Where a failure happened decides some reasons (an unknown user refused only after DATA
# is a content filter's doing, as Sisimai counts it).
SMTP_COMMAND_RE = re.compile(
    r"in reply to (?:the )?(?P<reply>" + POSTFIX_REPLY_COMMANDS + r")\b"
    r"|\bafter (?:pipelined |the )?(?P<after>RCPT TO|MAIL FROM|end of data|DATA|initial connection|HELO|EHLO|STARTTLS|AUTH|sending data block|"
    r"RCPT|MAIL|connect)\b"
    r"|\bfor (?P<for>TEXT|RCPT TO|MAIL FROM|DATA) (?:command|response)\b|most progress was (?P<progress>RCPT TO|MAIL FROM|DATA) response"
    r"|^\s*>>> (?P<sent>RCPT|MAIL|DATA|HELO|EHLO|STARTTLS|AUTH|\.)(?:\s|$|\b)"
    r"|\bbut (?P<qmail>sender|my name|connection) was rejected|(?P<greeting>refused to talk to me)"
    r"|\(state (?P<gmail>6|8|9|12|13|14|15|17|18)\)"
    r"|\bdid not like our (?:final )?(?P<dma>RCPT TO|MAIL FROM|DATA|EHLO|HELO|STARTTLS|AUTH)\b"
    r"|\bdoes not like (?P<qmail_rcpt>recipient)\b|\bfailed after I sent (?P<qmail_data>the message)\b"
    # Postfix's recipient restrictions and Exchange Online's edge blocking (DBEB) both answer RCPT TO so.
    r"|\b(?P<rcpt_rejected>Recipient) address rejected\b"
    # Yahoo's notices close the remote reply with the stage it answered: "… [RCPT_TO]".
    r"|\[(?P<ymail>RCPT_TO|MAIL_FROM|DATA)\]"
    # Nodemailer's SMTP client (ZoneMTA, WildDuck, Forward Email) when the server refuses its greeting:
    # "Invalid greeting. response=554 …", the error's command set to CONN (lib/smtp-connection).
    r"|\b(?P<nodemailer>invalid greeting)\. response="
    # SwiftMailer's and Symfony Mailer's exception names the reply they waited for: 354 answers DATA
    # alone, 334 and 235 AUTH alone (RFC 5321 4.3.2, RFC 4954); 250 and 220 answer several commands.
    r"|\bexpected response code \"?(?P<expected>354|334|235)\b",
    re.IGNORECASE,
)
# The words SMTP_COMMAND_RE's alternatives open with (but the one that only matches at the start),
# lower-cased: keep them in step.
SMTP_COMMAND_OPENINGS_RE = re.compile(
    r"in reply to |after |for |most progress was |but |refused to talk to me|\(state |did not like our "
    r"|does not like recipient|failed after i sent the message|recipient address rejected|\[rcpt_to\]|\[mail_from\]|\[data\]"
    r"|invalid greeting|expected response code"
)
COMMAND_NAMES = {
    "rcpt to": "RCPT",
    "rcpt_to": "RCPT",
    "mail_from": "MAIL",
    "rcpt": "RCPT",
    "mail from": "MAIL",
    "mail": "MAIL",
    "sender": "MAIL",
    "end of data": "DATA",
    "data": "DATA",
    "text": "DATA",
    "sending data block": "DATA",
    ".": "DATA",
    "bdat": "DATA",
    "initial connection": "CONN",
    "connect": "CONN",
    "connection": "CONN",
    "refused to talk to me": "CONN",
    "invalid greeting": "CONN",  # nodemailer: the server's greeting was not a 220
    "354": "DATA",  # SwiftMailer / Symfony Mailer: the reply code they expected
    "334": "AUTH",
    "235": "AUTH",
    "recipient": "RCPT",  # qmail: "… does not like recipient."
    "the message": "DATA",  # qmail: "… failed after I sent the message."
    "helo": "HELO",
    "ehlo": "EHLO",
    "my name": "EHLO",
    "starttls": "STARTTLS",
    "auth": "AUTH",
    # Gmail's older relay reports end the remote reply with the stage it reached: "(state 14)".
    "6": "MAIL",
    "8": "AUTH",
    "9": "AUTH",
    "12": "AUTH",
    "13": "EHLO",
    "14": "RCPT",
    "15": "DATA",
    "17": "DATA",
    "18": "DATA",
}
# A command named in capitals on its own ("SMTP:RCPT host …", "DATA rejected"), as some MTAs put it:
# not inside an address or a word (DATABASE@…, EMAIL.EXAMPLE).
BARE_COMMAND_RE = re.compile(r"(?<![A-Za-z0-9@._-])(RCPT|MAIL FROM|DATA|HELO|EHLO|STARTTLS)(?![A-Za-z0-9@_-])")
BARE_COMMAND_HINTS = ("RCPT", "MAIL FROM", "DATA", "HELO", "EHLO", "STARTTLS")
COMMAND_HINT_RE = re.compile(
    r"reply|after|for |>>>|progress|rejected|talk|AFTER|FOR |\(state |not like|_TO\]|_FROM\]|\[DATA\]|greeting|xpected response"
)  # MTAs print these in lower case
# RFC 3464 2.3.6: a Diagnostic-Code opens with its type: "smtp", "x400" or a private "X-" one
# (X-Postfix, X-Unix, X-Local, X-Notes …).
DIAGNOSTIC_TYPE_RE = re.compile(r"^(?:Diagnostic-Code:\s*)?(?:smtp|x400|x-[a-z0-9-]{1,30})\s*;\s*", re.IGNORECASE)
# Exchange's line for the remote server's reply: "Remote Server returned '550 Requested action not
# taken …'" (2013+) and "<date> - Remote Server at mx.example.org (203.0.113.5) returned '…'"
# (2007/2010). ``said`` is the reply inside the quotes, so that a bare reply code opens the words as
# the remote server said them; ``at`` is the remote server named after "at". The one reading of the
# line: the Exchange 2007 reader and clean_diagnostic both use it.
REMOTE_RETURNED_RE = re.compile(
    r"^(?:[^']{0,80} - )?Remote Server (?:at (?P<at>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?: \([^()']{0,60}\))? )?"
    r"returned ?'(?P<said>.*?)'?$",
    re.IGNORECASE,
)
# One of these stands in every text REMOTE_RETURNED_RE matches, lower-cased (keep them in step).
REMOTE_RETURNED_NEEDLES = ("remote server ",)


@remembered_per_line
def smtp_command(text: str) -> str | None:
    """The last SMTP command the text says was refused (RCPT, MAIL, DATA, EHLO, CONN …), if any."""
    if not COMMAND_HINT_RE.search(text):
        return None  # most lines of a report name no command: a cheap literal test spares the full pattern
    found = None
    for match in command_matches(text):
        word = next(value for value in match.groups() if value)
        found = COMMAND_NAMES.get(word.lower(), found)
    return found


def command_matches(text: str) -> Iterator[re.Match[str]]:
    """What ``SMTP_COMMAND_RE.finditer(text)`` gives, found faster on ASCII text: the pattern is
    case-insensitive, so the regex engine would try it at every character; it is tried only where
    one of the words its alternatives open with stands (and at the start, where ">>> DATA" may)."""
    if not text.isascii():  # lower-casing folds case as the pattern does on ASCII text only
        yield from SMTP_COMMAND_RE.finditer(text)
        return
    lowered = text.lower()
    found = SMTP_COMMAND_RE.match(text)
    next_from = 0
    if found is not None:
        yield found
        next_from = found.end()
    while (opening := SMTP_COMMAND_OPENINGS_RE.search(lowered, next_from)) is not None:
        found = SMTP_COMMAND_RE.match(text, opening.start())
        if found is None:
            next_from = opening.start() + 1
        else:
            yield found
            next_from = found.end()


def named_command(diagnostic: str) -> str | None:
    """The refused command of one failure's own text: stated in words, else named in capitals
    (the last one named, as the session went on)."""
    found = smtp_command(diagnostic)
    if found is None and any(map(diagnostic.__contains__, BARE_COMMAND_HINTS)):
        names = BARE_COMMAND_RE.findall(diagnostic)
        found = COMMAND_NAMES[names[-1].lower()] if names else None
    return found


def clean_diagnostic(text: str) -> str:
    text = " ".join(text.split())
    text = DIAGNOSTIC_TYPE_RE.sub("", text)
    if may_say(text, REMOTE_RETURNED_NEEDLES):  # (most diagnostics are no Exchange line: the pattern is spared them)
        text = REMOTE_RETURNED_RE.sub(r"\g<said>", text)
    return text[:MAX_DIAGNOSTIC_CHARS]


# Words one of REMOTE_HOST_RES needs (lower case): a text with none of them is spared the patterns.
REMOTE_HOST_NEEDLES = (
    "server",
    "host",
    "remote-mta",
    "remote mta",
    "connect",
    "does not like",
    "said:",
    "gave this error",
    "diesen fehler",
)


# For each of REMOTE_HOST_RES, in order, the words (lower-cased) one of which every text it matches
# holds: keep them in step.
REMOTE_HOST_WORDS = (
    ("lastattemptedservername=",),
    ("remote server at ",),
    ("server at ",),
    ("host ",),
    ("] said:",),
    ("remote-mta:",),
    ("remote mta ",),
    ("remote server", "server remoto", "receiving server", "server di ricezione"),
    ("connect to ",),
    ("host '", "connection to '"),
    ("connected to ",),
    (" does not like",),
    (" gave this error:", " hat diesen fehler ausgegeben:"),
)


def find_remote_host(text: str) -> str | None:
    if not may_say(text, REMOTE_HOST_NEEDLES):
        return None
    for pattern, possible in zip(REMOTE_HOST_RES, may_say_each(text, REMOTE_HOST_WORDS), strict=True):
        if not possible:
            continue  # a pattern is searched only where the words all its matches hold stand
        match = pattern.search(text)
        host = None if match is None else mta_name(match["field"]) if pattern is REMOTE_MTA_RE else match["host"].rstrip(".")
        if host:
            return host
    return None


def is_more_specific(new: str, old: str) -> bool:
    """5.1.10 beats 5.1.1 beats 5.0.0: a longer, non-generic detail says more."""

    def weight(code: str) -> tuple[int, int]:
        _, subject, detail = code.split(".")
        return (0 if subject == "0" and detail == "0" else 1, len(detail))

    return weight(new) > weight(old)


@functools.lru_cache(maxsize=8)  # asked of the same report text by the text scan and by parse_message
def has_bounce_cues(text: str) -> bool:
    """Words that say delivery failed ("undeliverable", "non recapitabile" …) near the top of the text."""
    return found_anywhere(BOUNCE_CUES_RE, cue_text(text))


@functools.lru_cache(maxsize=8)  # the cue words and the delay words are looked for in the same text
def cue_text(text: str) -> str:
    """The top of a text, lower-cased, in single spaces: reports wrap their sentences anywhere
    ("could not\nbe delivered")."""
    return " ".join(text[:CUES_WINDOW].split()).lower()


# What notices of a delay (not yet a failure) say in their own words: Gmail's "Delivery incomplete …
# Gmail will retry", Exchange's "has been delayed", Postfix's "THIS IS A WARNING ONLY", Sendmail's
# "could not send message for past 4 hours", OpenSMTPD's "temporary failure report".
DELAY_WORDS_RE = re.compile(
    r"will (?:retry|continue (?:trying|to try)|keep trying|try again)|temporary problem delivering|"
    r"has been delayed|have been delayed|is being delayed|was delayed|is delayed for more than|delivery (?:is )?delayed|delivery incomplete|"
    r"not yet been delivered|this is a warning only|could not send message for past|"
    r"temporary failure report|do not need to re-?send|this is a warning message only|delivery attempts will continue|"
    r"still (?:being )?(?:retried|trying)|no action is required on your part|"
    # Postfix's delay template (bounce(5), delay_template): "It will be retried until it is 5 day(s) old."
    r"will be retried until|"
    # Exchange's delay notice ("This message hasn't been delivered yet. Delivery will continue to be
    # attempted.") and PP's (ISODE) warning ("Delivery will continue to be attempted up to a total
    # elapsed time of 168 hours"): the same sentence, pasted without the notice's subject.
    r"delivery will continue to be attempted|"
    # Exim's report of addresses it is still trying: "This is a temporary error. The following
    # address(es) deferred:" (where its failure says "This is a permanent error … failed:").
    r"this is a temporary error|following address\(es\) deferred|"
    # "ancora" is what makes it a delay: Gmail's Italian failure says "non è stato recapitato a".
    r"non è (?:ancora stato|stato ancora) recapitato|noch nicht zugestellt|n'a pas encore été remis|"
    r"todavía no se ha entregado|aún no se (?:ha )?entregado|aún no se entregó|ainda não foi entregue|"
    # masqmail's warning templates (warnmsg.tpl, .de, .fr, .it)
    r"could not yet be delivered|has been defer+ed|bis jetzt zu folgenden empfängern nicht zugestellt|"
    r"zustellung wird weiterhin versucht|destinataires suivants a été différée|"
    r"d'autres tentatives d'envoi vont être effectuées|seguenti destinatari (?:e'|è) stato ritardato|"
    r"la spedizione verra' ritentata|"
    # Exchange's delay notice quotes this line in every language of its headings (pasted delay
    # notices in English, Danish and Polish); its failure reports quote "550 4.4.7 QUEUE.Expired".
    r"400 4\.4\.7 message delayed|"
    # Gmail's delay notice heads its details "Technical details of temporary failure:" (its failure,
    # "… of permanent failure:"); pasted alone, that heading is all the paste says of a delay.
    r"technical details of temporary failure"
)


def says_delayed(text: str) -> bool:
    """The report's words say delivery is only delayed (searched near the top, in single spaces)."""
    return found_anywhere(DELAY_WORDS_RE, cue_text(text))


class Phrases:
    """A pattern that is an alternation of plain phrases, and perhaps a few patterns, taken apart once:
    its phrases, and its other alternatives as one smaller pattern. Whether it occurs in a text is
    then asked of the phrases as substrings (str's search skips along the text) before the rest: the
    regex engine tries each of a hundred alternatives at every position, ~50 µs a report's cue text.
    Where each of the other alternatives opens with plain characters ("will (?:retry|…)"), the rest is
    tried only where one of those openings stands, not at every position either."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.openings: tuple[str, ...] = ()
        branches = top_level_branches(pattern.pattern) if exact_when_taken_apart(pattern) else None
        if branches is None:
            self.phrases: tuple[str, ...] = ()
            self.rest: re.Pattern[str] | None = pattern
            return
        phrases = [plain_phrase(branch) for branch in branches]
        self.phrases = tuple(phrase for phrase in phrases if phrase is not None)
        others = [branch for branch, phrase in zip(branches, phrases, strict=True) if phrase is None]
        self.rest = re.compile("|".join(others), pattern.flags) if others else None
        openings = [plain_opening(branch) for branch in others]
        if all(openings):
            self.openings = tuple(dict.fromkeys(openings))

    def found_in(self, text: str) -> bool:
        """``pattern.search(text) is not None``."""
        if any(map(text.__contains__, self.phrases)):
            return True
        rest = self.rest
        if rest is None:
            return False
        if not self.openings:
            return rest.search(text) is not None
        # Every match of the rest opens with one of the openings: ``match`` where each stands finds
        # a match wherever ``search`` would (it sees the text before the position, for look-behinds).
        return matched_where_found(rest, text, text, self.openings)


def exact_when_taken_apart(pattern: re.Pattern[str]) -> bool:
    """Its alternatives may be searched apart: no flag but Unicode's (a case-insensitive or verbose
    pattern's phrases are no plain substrings), and no alternative refers to another's group."""
    source = pattern.pattern
    return pattern.flags == re.UNICODE and "(?P=" not in source and "(?(" not in source and re.search(r"\\\d", source) is None


# What cuts a pattern into its alternatives: an escape, a character class (a "]" right after its "[" or
# "[^" is one of its characters), a parenthesis or a "|". Read token by token, not character by character.
PATTERN_TOKEN_RE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.DOTALL)
# An alternative that is plain characters: none with a meaning of its own, an escape only of punctuation.
PLAIN_PHRASE_RE = re.compile(r"(?:[^.^$*+?{}\[\]\\|()]|\\[^\w])+")
ESCAPED_RE = re.compile(r"\\(.)", re.DOTALL)
# The plain characters an alternative opens with (PLAIN_PHRASE_RE's, from its start), and each of them
# (an escape is one character).
PLAIN_OPENING_RE = re.compile(r"(?:[^.^$*+?{}\[\]\\|()]|\\[^\w])*")
ESCAPE_OR_CHAR_RE = re.compile(r"\\.|.", re.DOTALL)


def top_level_branches(source: str) -> list[str]:
    """The pattern's alternatives at its top level (its "|" outside groups and character classes)."""
    branches: list[str] = []
    depth = 0
    start = 0
    for token in PATTERN_TOKEN_RE.finditer(source):
        char = token.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(source[start : token.start()])
            start = token.end()
    branches.append(source[start:])
    return branches


def plain_opening(branch: str) -> str:
    """The plain characters every match of an alternative opens with ("" when it opens otherwise): its
    leading plain characters (escaped punctuation included), less the last one when a quantifier
    follows it ("couldn'?t" opens with "couldn", "defer+ed" with "defe")."""
    run = PLAIN_OPENING_RE.match(branch)
    plain = run.group() if run else ""
    chars = ESCAPE_OR_CHAR_RE.findall(plain)
    if chars and len(plain) < len(branch) and branch[len(plain)] in "*+?{":
        chars.pop()
    return "".join(char[-1] for char in chars)


def plain_phrase(branch: str) -> str | None:
    """The text an alternative matches when it is plain characters (escaped punctuation included), else None."""
    if PLAIN_PHRASE_RE.fullmatch(branch) is None:
        return None  # empty, or a class (\d, \w), an anchor (\b), a group, a quantifier, a reference …
    return ESCAPED_RE.sub(r"\1", branch) if "\\" in branch else branch


_phrases: dict[int, Phrases] = {}


def found_anywhere(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern.search(text) is not None``, its plain phrases looked for as substrings first (``Phrases``)."""
    taken_apart = _phrases.get(id(pattern))
    if taken_apart is None or taken_apart.pattern is not pattern:
        taken_apart = _phrases[id(pattern)] = Phrases(pattern)
    return taken_apart.found_in(text)


# A warning that delivery is late and still being tried, not a failure: its subject ("Warning: message …
# delayed 24 hours", "Delayed Mail (still being retried)", "Delivery Status Notification (Delay)", the
# Exchange "Delivery delayed:" in its languages) or its words (DELAY_WORDS_RE).
DELAY_SUBJECT_RE = re.compile(
    r"\bdelay(?:ed)?\b|still being retried|could not send message for past|not yet been delivered|could not yet send"
    r"|verzögert|retardé|ritardat|retras[oóa]|atrasad|vertraagd|遅延",
    re.IGNORECASE,
)


def is_delay_notice(subject: str, text: str) -> bool:
    """The report says delivery is only late (a warning; the MTA keeps trying)."""
    return bool(DELAY_SUBJECT_RE.search(subject)) or says_delayed(text)


def mark_delayed(failures: list[Failure], subject: str, text: str, pasted: bool = False) -> None:
    """In a delay warning, a recipient whose error is temporary (4xx, 4.x.x, or no code) is delayed,
    not failed: reports written as text have no DSN "Action: delayed" to say so. In a ``pasted``
    server reply alone (``is_bare_reply``), a paste with no report's words (``states_no_verdict``) or
    an application's SMTP client error (``is_client_error``), a recipient refused with a 4xx code is
    delayed too. So, anywhere, is one whose Postfix log line
    says ``status=deferred`` or logs a host's 5xx greeting alone (``postfixlog.greeting_skipped``), or
    whose Exim log line is flagged ``==``, or not flagged ``**`` at all.
    A ``final`` failure (its log said the delivery ended) stays failed."""
    for failure in failures:
        if failure.action == "failed" and not failure.final and postfixlog.deferred(failure.diagnostic):
            # "dsn=4.0.0, status=deferred": Postfix's own verdict, whatever the server replied (it defers
            # a 5xx greeting, "refused to talk to me: 554 5.7.0 …", to try again later); its dsn= field
            # is the delivery's status, where the reply's own code may be permanent.
            logged = postfixlog.deferred_status(failure.diagnostic)
            if logged is not None and logged[0] == "4":
                failure.status = logged
            if (failure.status or "")[:1] == "4":
                failure.action = "delayed"
        elif failure.action == "failed" and not failure.final and postfixlog.greeting_skipped(failure.diagnostic):
            # A 5xx greeting logged alone: Postfix skips the host and defers (smtp_skip_5xx_greeting),
            # its status turned to the 4 class (X.0.0 from the reply's class when the reply states none,
            # as smtp_chat_resp makes it).
            status = failure.status or (f"{failure.reply[0]}.0.0" if failure.reply else "")
            if status[:1] == "5":
                failure.status = "4" + status[1:]
            failure.action = "delayed"
    if not any(may_be_delayed(f) and not gave_up(f) for f in failures):
        return
    for failure in failures:
        if may_be_delayed(failure) and (
            postfixlog.deferred(failure.diagnostic) or eximlog.deferred(failure.diagnostic) or eximlog.logged_unfailed(failure.diagnostic)
        ):
            failure.action = "delayed"
    if is_delay_notice(subject, text):
        for failure in failures:
            if may_be_delayed(failure) and not gave_up(failure):
                failure.action = "delayed"
    elif pasted:
        retry = pasted_retry(text)
        for failure in failures:
            if may_be_delayed(failure) and (failure.status or failure.reply or "5")[0] == "4" and not gave_up(failure):
                if who := retry or asked_to_retry(failure, text):
                    failure.action = "delayed"
                    failure.retry = who


# A server's 4xx reply that says itself to come back ("451 4.7.1 Try again later", rspamd's greylisting
# reply; "421 4.7.0 Try again later, closing connection"): a transient refusal the sending server
# answers by queueing the message and trying again (RFC 5321, 4.2.1 and 4.5.4.1).
TRY_LATER_RE = re.compile(r"\btry (?:again )?later\b")


# Postfix's own words for a recipient it put off because the destination is throttled or dead
# ("delivery temporarily suspended: host mx.example.org[192.0.2.25] refused to talk to me: 421 …",
# qmgr's dead-destination reason, logged with status=deferred and printed in its delay warnings): the
# message stays queued. Written on the failure's line or wrapped just above the host's reply.
SUSPENDED = "delivery temporarily suspended"
# How far above a failure's first line its own wrapped words are looked for (one or two lines).
SUSPENDED_ABOVE_CHARS = 160


# RFC 5321's own text of the 421 reply (4.2.3, "<domain> Service not available, closing transmission
# channel"; 3.8, a server shutting down answers 421 to any command and closes the session): the session
# ended on a transient reply, and the client queues the message and tries again (4.2.1). A relay's log line
# quoting it ("server said: 421 gmx.net Service closing transmission channel - command timeout") tells
# of a deferral, whatever words the log puts before it.
CLOSING_CHANNEL = "closing transmission channel"


def closed_channel(failure: Failure) -> bool:
    """The failure's reply is a 421 in RFC 5321's words: the server closed the session for now."""
    return failure.reply == "421" and CLOSING_CHANNEL in failure.diagnostic.lower()


def asked_to_retry(failure: Failure, text: str) -> str | None:
    """Who tries again ("server") when a pasted 4xx failure's own reply asks to try again later or
    closed the session with RFC 5321's 421 (``closed_channel``), or Postfix's own line says it put the
    delivery off (``says_suspended``), and no words of the paste say the message was given up (a report
    quoting the last 4xx reply it got says so); else None."""
    if TRY_LATER_RE.search(failure.diagnostic.lower()) is None and not closed_channel(failure) and not says_suspended(failure, text):
        return None
    if GAVE_UP_RE.search(cue_text(text)):
        return None
    return "server"


def says_suspended(failure: Failure, text: str) -> bool:
    """Whether Postfix's "delivery temporarily suspended" stands in the failure's own error, or on the
    lines just above its first line in the same paragraph (a quoted paste wraps Postfix's words before
    the host's reply, "> delivery temporarily suspended: host …" over "> … refused to talk to me: 421 …")."""
    if SUSPENDED in failure.diagnostic.lower():
        return True
    first = failure.diagnostic.split(DIAGNOSTIC_JOIN, 1)[0].strip()
    at = text.find(first) if first else -1
    if at < 0:
        return False
    above = text[max(0, at - SUSPENDED_ABOVE_CHARS) : at]
    above = above[above.rfind("\n\n") + 1 :]
    return SUSPENDED in " ".join(above.split()).lower()


def pasted_retry(text: str) -> str | None:
    """Who tries again after a 4xx in a paste that is no report (``Failure.retry``), None for a report's
    words. An application refused for now has to send again itself (its SMTP client error says so);
    a server's reply or log line pasted alone tells of a message its sending server queued and retries
    (RFC 5321, 4.2.1), as a service's error line with no report's words does."""
    if is_client_error(text):
        return "application"
    return "server" if is_bare_reply(text) or states_no_verdict(text) else None


# The words an MTA writes for a recipient when its retries have run out: the end, whatever the class of
# the last temporary reply beside them or a delay heading above them. OpenSMTPD's queue.c "Envelope
# expired" (printed under its delay heading by the bug of OpenSMTPD/OpenSMTPD#1133), Exchange's "550
# 4.4.7 QUEUE.Expired; message expired", Exim's "retry timeout exceeded" and "retry time not reached for
# any host after a long failure period" (its specification, chapter "Retry configuration"), qmail-send's
# "this message has been in the queue too long", Sendmail's "Message could not be delivered for 5 days"
# and "Message will be deleted from queue", Cisco AsyncOS's "5.x.1 - Maximum number of delivery attempts
# exceeded" above the last reply it got (allegro/allegro-api#2054; an LKML thread quoting Intel's gateway).
RETRIES_RAN_OUT_RE = re.compile(
    r"envelope expired|queue\.expired|\bmessage expired\b|retry timeout exceeded|retry time not reached for any host after a long"
    r"|in the queue too long|could not be delivered for \d+ (?:days?|hours?)|will be deleted from (?:the )?queue"
    r"|maximum number of delivery attempts exceeded",
    re.IGNORECASE,
)
GAVE_UP_NEEDLES = ("expired", "retry time", "queue", "could not be delivered for", "delivery attempts")
# What every match of RETRIES_RAN_OUT_RE opens with (keep them in step): it is tried only there.
GAVE_UP_OPENINGS = (
    "envelope expired", "queue.expired", "message expired", "retry time", "in the queue too long", "could not be delivered for ",
    "will be deleted from ", "maximum number of delivery attempts exceeded",
)  # fmt: skip


def may_be_delayed(failure: Failure) -> bool:
    """A failure that the words of its report or log may still call a delay: failed, its log did not say
    the delivery ended (``final``), and no permanent code (``is_permanent``)."""
    return failure.action == "failed" and not failure.final and not is_permanent(failure)


def gave_up(failure: Failure) -> bool:
    """The recipient's own error says the retries ran out: a failure, not a delay."""
    return may_say(failure.diagnostic, GAVE_UP_NEEDLES) and found_at_openings(RETRIES_RAN_OUT_RE, failure.diagnostic, GAVE_UP_OPENINGS)


# Error lines are joined by " | " in a failure's diagnostic.
DIAGNOSTIC_JOIN = " | "


# qmail-send's note under the last error of a delivery it gave up on (qmail-send.c: "I'm not going to
# try again; this message has been in the queue too long.").
QUEUE_TOO_LONG = "this message has been in the queue too long"
# A server's 4xx reply pasted alone ("421 4.7.1 … deferred due to excessive volume. Try again later") is
# a deferral, not a failure: RFC 5321 (4.2.1, 4.5.4.1) has the sending server queue the message and
# retry it, and only a report saying the retries ran out makes it a failure. "Alone": a line or a few
# (as a reply wraps), none of them the words of a report that gave up, which quotes the last 4xx reply
# it got ("… has been in the queue too long", "retry timeout exceeded", "Message expired").
# A paste this short may be one error line or reply alone ("Relay access denied", "452 4.2.2 …").
SHORT_PASTE_LINES = 5
SHORT_PASTE_CHARS = 1000
GAVE_UP_RE = re.compile(
    r"retry time|too long|gave up|giving up|give up|expired|not going to try|no longer|exhausted|maximum time|"
    r"undeliver|could not be delivered|couldn't be delivered|could not deliver|unable to deliver|not delivered(?! yet)|"
    r"delivery (?:has )?failed|failed permanently|permanent|bounced|returned to (?:the )?sender|returned mail|"
    r"non recapitabil|non è stato recapitato|mail delivery failed"
)


# A server's reply opens with its three-digit code, then a space, a hyphen (more lines follow) or
# nothing (RFC 5321, 4.2: Reply-code [ SP textstring ] CRLF, Reply-code "-" ... on all lines but the last;
# the first digit 2 to 5, 4.2.1).
REPLY_CODE_RE = re.compile(r"[2-5][0-9][0-9](?![0-9])")


def reply_code(said: str) -> str | None:
    """The reply code a server's reply (or one line of it) opens with: its first three characters,
    when they are such a code."""
    found = REPLY_CODE_RE.match(said)
    return found.group(0) if found else None


def is_short(text: str) -> bool:
    """A text of a few short lines: an error line or a server's reply, not a whole report."""
    stripped = text.strip()
    return 0 < len(stripped) <= SHORT_PASTE_CHARS and stripped.count("\n") < SHORT_PASTE_LINES


def is_bare_reply(text: str) -> bool:
    """The text is a server's reply pasted alone: short, and with no words of a report that gave up."""
    return is_short(text) and not GAVE_UP_RE.search(" ".join(text.split()).lower())


def states_no_verdict(text: str) -> bool:
    """A paste with no word of a report at all (no failure cue, nothing given up): a log excerpt or a
    sending service's error line ("temporary SMTP delivery error when sending to …"), where a 4xx
    reply means the message is still queued (RFC 5321, 4.2.1: a transient failure)."""
    return not has_bounce_cues(text) and not GAVE_UP_RE.search(cue_text(text)) and not mostly_foreign(text)


# The exceptions and debug lines of the SMTP client libraries applications send with, each quoting
# the reply the server gave it (their documentation and sources name them): Python's smtplib
# (SMTPRecipientsRefused, SMTPDataError …), Ruby's Net::SMTP (SMTPFatalError for 5xx, SMTPServerBusy
# for 4xx), JavaMail / Jakarta Mail (SMTPAddressFailedException, SMTPSendFailedException), .NET
# (System.Net.Mail.SmtpException, SmtpFailedRecipientException) and MailKit (SmtpCommandException),
# Nodemailer (its errors' "responseCode"), PHPMailer ("SMTP ERROR: RCPT TO command failed: …"),
# SwiftMailer and Symfony Mailer ('Expected response code 250 but got code "451"').
CLIENT_ERROR_RE = re.compile(
    r"\bsmtp(?:recipientsrefused|dataerror|senderrefused|responseexception)\b|\([45][0-5]\d, b['\"]|net::smtp(?:fatalerror|serverbusy)\b|"
    r"smtp(?:addressfailed|sendfailed)exception\b|\bsmtp(?:failedrecipient|command)?exception\b|"
    r"\bresponsecode: [45]|smtp error: \w+(?: \w+)? command failed|expected response code|"
    # Webmails' SMTP clients (RECIPIENT_REFUSED_WORDS): MailSo's 'NegativeResponseException: …'.
    # (Roundcube's 'SMTP Error (450): …', in any of its locales, is formats/roundcube.py's, which marks
    # its 4xx the user's to send again itself.)
    + "|".join(rf"negativeresponseexception: {words}" for words in map(re.escape, RECIPIENT_REFUSED_WORDS))
)


def is_client_error(text: str) -> bool:
    """The text is an application's SMTP client error, not a report: the client was refused while
    it talked to the server and nothing says the message was given up; a 4xx reply asks it to try
    again later (RFC 5321, 4.2.1)."""
    lowered = text[:20_000].lower()
    return bool(CLIENT_ERROR_RE.search(lowered)) and not GAVE_UP_RE.search(cue_text(text))


def is_permanent(failure: Failure) -> bool:
    return (failure.status or "").startswith("5") or (failure.reply or "").startswith("5")


# Runs of characters beyond ASCII: mostly_foreign counts the letters among them.
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


def mostly_foreign(text: str) -> bool:
    """True when most letters of the text are not ASCII (a report in a script we have no cue words for)."""
    sample = text[:5000]
    if sample.isascii():
        return False
    letters = sum(map(str.isalpha, sample))  # map, not a generator: thousands of characters
    return letters > 0 and sum(map(str.isalpha, "".join(NON_ASCII_RE.findall(sample)))) * 3 > letters


def enrich(failure: Failure, extra: Failure) -> None:
    """Fill what the machine-readable part left out with what the text says."""
    if extra.status and (failure.status is None or is_more_specific(extra.status, failure.status)):
        if failure.status is None or failure.status[0] == extra.status[0]:
            failure.status = extra.status
    failure.reply = failure.reply or extra.reply
    failure.remote_host = failure.remote_host or extra.remote_host
    failure.command = failure.command or extra.command
    if extra.diagnostic and extra.diagnostic not in failure.diagnostic:
        if not failure.diagnostic:
            failure.diagnostic = extra.diagnostic
    for line in extra.evidence:
        if line not in failure.evidence and len(failure.evidence) < MAX_EVIDENCE_LINES:
            failure.evidence.append(line)


# An SMTP reply code that opens a line or follows "said:" in a quoted reply ("550 - Requested action …").
LEADING_REPLY_RE = re.compile(r"(?:^|\s|:)([45][0-5]\d)(?:[ -]|$)")
# An enhanced status with no reply code, where MTAs print one: "<host #5.1.1>", "(#5.1.1)", "Status: 5.1.1".
BARE_STATUS_RE = re.compile(r"(?:#|\bStatus:\s*)([245]\.\d{1,3}\.\d{1,3})\b", re.IGNORECASE)


def before_marker(text: str, markers: tuple[str, ...]) -> str:
    """The text above the first of the markers (where a report starts quoting the original)."""
    cut = min((i for i in (text.find(m) for m in markers) if i >= 0), default=len(text))
    return text[:cut]


def after_marker(text: str, markers: tuple[str, ...]) -> str | None:
    """The text after the first of the markers found (a report's heading), None when none is there."""
    found = [(i, marker) for marker in markers if (i := text.find(marker)) >= 0]
    if not found:
        return None
    start, marker = min(found)
    return text[start + len(marker) :]


def failure_from_words(recipient: str | None, lines: list[str]) -> Failure:
    """A failure read from a report's words: its lines about the recipient, and any SMTP code in them
    (the status is left to the catalog to infer when none is stated)."""
    kept = [line.strip() for line in lines if line.strip()]
    text = " ".join(kept)
    reply = status = None
    codes = REPLY_STATUS_RE.search(text)
    if codes:
        reply, status = carried_status(text[codes.end() :], codes.group(1), normalise_status(codes.group(2)))
    else:
        bare = LEADING_REPLY_RE.search(text)
        reply = bare.group(1) if bare else None
        stated = BARE_STATUS_RE.search(text)
        status = normalise_status(stated.group(1)) if stated else None
    return Failure(
        recipient=recipient,
        status=status,
        reply=reply,
        remote_host=find_remote_host(text),
        diagnostic=clean_diagnostic(text),
        command=named_command(text),
        evidence=kept[:MAX_EVIDENCE_LINES],
    )


def refused_reply(recipient: str | None, lines: list[str], command: str | None) -> Failure:
    """The failure of a server's reply (``lines``, its code first) that an application's SMTP client
    logged, refused at ``command`` when the client names it (else at the command its words name); the
    code the reply opens with is its reply code when the words give none. Refused at MAIL FROM, the
    message failed for every recipient and the address the reply names is the sender's: the failure
    names no recipient, and no address of the text may be taken for one."""
    failure = failure_from_words(recipient, lines)
    failure.reply = failure.reply or (reply_code(lines[0]) if lines else None)
    failure.command = command or failure.command
    failure.names_no_recipient = command == "MAIL"
    return failure


def rcpt_reply_address(said: str, command: str | None) -> str | None:
    """The refused recipient a server's reply names ("550 5.1.1 <bob@example.org>: Recipient address
    rejected"), read only in the reply to RCPT TO: a refused MAIL FROM's reply names the sender, and
    so may a reply to a command not named."""
    named = ADDRESS_RE.search(said) if command == "RCPT" else None
    return named.group(0) if named else None


# Exchange Server's front-end transport (2013 and later, and Exchange Online) wraps the reply of the
# server it proxied to in its own: "<reply> <status> Proxy session setup failed on Frontend with
# '<that server's reply>'" (the prefix and the "{0} '{1}'" layout are Exchange's SmtpResponse
# ProxySessionProtocolFailurePrefixString; Microsoft's 4.4.7 NDR page says to record the error that
# follows this string). Web pages that quote it turn the quote mark into a typographic one.
PROXY_WRAPPER_RE = re.compile(
    r"\s*Proxy session setup failed on Frontend with\s+['\u2018\u2019]([45]\d\d)[ -]([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)",
    re.IGNORECASE,
)


def carried_status(rest: str, reply: str, status: str) -> tuple[str, str]:
    """A generic status (``554 5.0.0``) gives way to the more specific one of the same class that the
    remote server's own reply carries after it (``… #5.0.0 smtp; 550-5.7.1 …``, as relays and Exchange
    quote it). So does a subject's generic detail (``554 5.7.0 < #5.7.133 smtp;550 5.7.133 …``): RFC
    3463 makes ``X.Y.0`` the "other or undefined" status of its subject, which a detail of the same
    subject carried after it refines. The reply code goes with the status: the carried reply is what the
    remote server answered (Sisimai's reply search finds that 550 before the wrapper's 554 too)."""
    proxied = PROXY_WRAPPER_RE.match(rest)
    if proxied:
        # Exchange's front end quotes the reply it got from the next server behind a fixed status of
        # its own ("550 5.7.0 Proxy session setup failed on Frontend with '554 5.4.4 …'"): the
        # quoted reply, when it names a detail of the same class, is the status the failure has.
        said = normalise_status(proxied.group(2))
        if said[0] == status[0] and not said.endswith(".0"):
            return proxied.group(1), said
    _, subject, detail = status.split(".")
    if detail != "0":
        return reply, status
    for later in REPLY_STATUS_RE.finditer(rest):
        said = normalise_status(later.group(2))
        if said[0] != status[0]:
            continue
        if subject == "0" and is_more_specific(said, status):
            return later.group(1), said
        if said.split(".")[1] == subject and not said.endswith(".0"):
            return later.group(1), said
    return reply, status


# A host name as Exchange prints the server beside a reply it carried over ("mx.example.org #550 …",
# "<mx.example.org #5.1.1 smtp;…>"): letters, digits and hyphens, at least one dot.
HOST_NAME = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
# The address Exchange may print after that name when it knows it ("<mx.example.org (192.0.2.7) #5.1.1
# smtp;550 …>", the layout of two public reports: a Canadian ISP's relay, 2010, and a Brazilian host's
# Exchange, 2017). Outlook renders a Gmail DSN into the same line with Gmail's Remote-MTA wording in
# place of the name: the host with its final dot and "(address, the server for the domain example.org.)"
# ("Remote-MTA: dns; mx1.example.org. (192.0.2.7, the server for the domain example.org.)", as Gmail's
# delivery-status parts write it: wild set271/s22, set274/s01, set275/s01, set282/s20; set282/s21 in
# Outlook's line).
HOST_ADDRESS = r"\.?(?: \([0-9A-Fa-f.:]{3,45}(?:, the server for the domain [A-Za-z0-9.-]{1,255})?\))?"
# The reply a remote server gave, as Exchange 2013+ carries it inside its own line: "Remote Server
# returned '554 5.4.4 <mx.example.org #5.4.4 smtp; 550 5.4.4 Unable to relay>'". The 554 in front is
# Exchange's wrapper; the code after "smtp;" is what the remote server answered, so it is the reply when
# the wrapper names the status the failure has (carried_status already takes it when the wrapper's
# status is a generic X.Y.0 that the carried one refines).
CARRIED_REPLY_RE = lazy_re(
    r"<(?:" + HOST_NAME + HOST_ADDRESS + r")? ?#(?P<status>[245]\.\d{1,3}\.\d{1,3}) (?:smtp|x-[\w-]+) ?; ?(?P<reply>[45][0-5]\d)(?=[ -])",
    re.IGNORECASE,
)


def carried_codes(text: str, reply: str | None, status: str | None) -> tuple[str | None, str | None]:
    """The remote server's own reply and status where Exchange carried them inside its line, "554 5.4.0
    <mx.example.org #5.4.14 smtp; 554 5.4.14 …>" (see CARRIED_REPLY_RE; Microsoft's "How to interpret an
    Exchange NDR" reads the part after "smtp;" as what the remote server responded): a generic status
    of Exchange's own gives way to the carried one that refines it (carried_status), and the carried
    reply code stands when its status is the failure's. Unchanged without such a wrapper. The Exchange
    reader and the generic scanner (a "Remote Server returned" line pasted alone) both read it so."""
    carried = CARRIED_REPLY_RE().search(text) if reply and status else None
    if carried is None or reply is None or status is None:
        return reply, status
    reply, status = carried_status(text[carried.start() :], reply, status)
    if normalise_status(carried.group("status")) == status:
        reply = carried.group("reply")
    return reply, status


# A line that is an address alone, as lists of failed recipients print it: "bob@example.org",
# "<bob@example.org>", ">>> Bob <bob@example.org>". The word before "<" is a display name, never the
# name of a field that holds a message identifier ("Message-ID: <…@…>" of the returned original, when
# a paste lost the rule above it): RFC 5322 3.6.4, a msg-id is no mailbox.
ADDRESS_LINE_RE = lazy_re(
    r"^\s*(?:>>>\s*)?(?:(?!(?i:(?:resent-)?message-id|in-reply-to|references|content-id):)[^<>\s]{1,80}\s+(?=<))?<?(?P<addr>"
    + ADDRESS_RE.pattern
    + r")>?\s*$"
)
# An address line whose local part or domain was masked with asterisks or "[redacted]" before posting.
MASKED_ADDRESS_LINE_RE = lazy_re(r"^\s*<?(?=[^\s<>]{0,80}(?:\*\*|\[redacted\]))[^\s<>@]{1,64}@[^\s<>@]{1,255}>?\s*$", re.IGNORECASE)
# Rules and headings between the parts of such a report ("-------server message", "----- … -----").
RULE_LINE_RE = re.compile(r"^\s*[-=_*]{3,}")


def recipient_blocks(lines: list[str], line_re: re.Pattern[str]) -> list[tuple[str, list[str]]]:
    """Each line ``line_re`` matches, as its address (group ``addr``) and the lines under it up to
    the next such line (or the end): the block of words a report prints for that recipient."""
    return blocks_under(lines, [(m.group("addr"), i) for i, m in enumerate(line_re.match(line) for line in lines) if m])


def blocks_under(lines: list[str], found: list[tuple[str, int]]) -> list[tuple[str, list[str]]]:
    """Each recipient found (its address and line), with the lines under it up to the next one's."""
    if not found:
        return []  # (zip(strict=True) below would raise: one end, no recipient)
    ends = [first for _, first in found[1:]] + [len(lines)]
    return [(address, lines[first + 1 : end]) for (address, first), end in zip(found, ends, strict=True)]


# A header field that holds message identifiers (RFC 5322 3.6.4), whose value a mail program folds
# onto the next lines ("Message-ID:" then " <id@host>", "References: <a@host>" then " <b@host>").
MESSAGE_ID_FIELD_RE = re.compile(r"(?:resent-)?message-id|in-reply-to|references|content-id", re.IGNORECASE)


def message_id_lines(lines: list[str]) -> set[int]:
    """The indexes of folded lines (RFC 5322 2.2.3: a line that opens with a blank) that go on with a
    field holding message identifiers: a msg-id there is no mailbox, however alone on its line."""
    held: set[int] = set()
    in_field = False
    for i, line in enumerate(lines):
        if line[:1] in (" ", "\t") and line.strip():
            if in_field:
                held.add(i)
            continue
        name = line.split(":", 1)[0] if ":" in line[:40] else ""
        in_field = MESSAGE_ID_FIELD_RE.fullmatch(name) is not None
    return held


def listed_failures(text: str, start: str, ends: tuple[str, ...], line_re: re.Pattern[str] | None = None) -> list[Failure]:
    """Reports that list failed recipients under a heading (``start``) up to the returned original
    (``ends``): each address line, with the lines under it up to the next address. When the reasons
    come after the whole list instead (one block for every recipient), every recipient gets them."""
    begin = text.find(start)
    if begin < 0:
        return []
    lines = before_marker(text[begin:], ends).split("\n")[1:]
    held = message_id_lines(lines)
    matches = enumerate((line_re or ADDRESS_LINE_RE()).match(line) for line in lines)
    found: list[tuple[str | None, list[str]]] = [*blocks_under(lines, [(m.group("addr"), i) for i, m in matches if m and i not in held])]
    if not found:
        # Only the recipient's line, masked before the report was posted ("bob@*******.***", or
        # GitHub's "***@***.***" in mail replies to an issue): the failure stands, with no recipient.
        masked = [i for i, line in enumerate(lines) if "@" in line and MASKED_ADDRESS_LINE_RE().match(line)]
        found = [(None, lines[masked[0] + 1 :])] if masked else []
    blocks = [[line for line in block if line.strip()] for _, block in found]
    shared = next((block for block in reversed(blocks) if block), [])
    failures = []
    for (address, _), block in zip(found, blocks, strict=True):
        words = [line for line in (block or shared) if not RULE_LINE_RE.match(line)]
        failures.append(failure_from_words(address, words))
    return failures


# Clients that strip the reply code of each line of a multi-line reply keep the enhanced status code
# that opens it: Python's smtplib (SMTP.getreply keeps line[4:]) and Go's net/textproto (ReadResponse)
# print "550 5.7.1 Our system has …" / "5.7.1 this message does not meet …". A line that opens with
# the failure's code goes on with its reply; once the lines are joined, the code repeated after text
# (not after its reply code) is a line prefix, not words of the reply.
def opens_with_status(line: str, status: str | None) -> bool:
    return bool(status) and line.strip().startswith(f"{status} ")


def continuation_status_re(status: str) -> re.Pattern[str]:
    """The status between blanks, after a word that is not a reply code ("550 5.1.1" keeps it). The literal
    opens the pattern and the look-behinds check what stands before it from its end: a pattern
    opening with a look-behind is tried at every character, this one only where the literal stands."""
    literal = f" {re.escape(status)} "
    return re.compile(rf"{literal}(?<=\S{literal})(?<![45]\d\d{literal})(?<![45]\d\d-{literal})")


def without_status_prefixes(text: str, status: str | None) -> str:
    """The joined reply without the line prefixes a code-stripping client left (only when the code recurs)."""
    if not status or text.count(status) < 2 or f" {status} " not in text:  # (every prefix the pattern takes is " <status> ")
        return text
    return continuation_status_re(status).sub(" ", text)
