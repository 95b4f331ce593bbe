"""The generic text scanner, the last reader of the registry: it walks the human-readable text
line by line and pairs each SMTP error with the recipient named closest before it; reports with
no code at all give their listed recipients with the words printed under them. The other readers
use it too, for the text beside their machine-readable parts. It knows no mail log's grammar: a
log's records are read by ``formats.logpaste``, which hands the scanner a ``Layout`` that knows them."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_RE, REPLY_STATUS_RE, STATUS_RE, normalise_status
from ndr_atlas.formats.base import (
    ADDRESS_RE,
    MAX_DIAGNOSTIC_CHARS,
    MAX_EVIDENCE_LINES,
    SOURCE_ROUTE,
    Failure,
    Parsed,
    Source,
    de_encapsulated,
    failed_recipients_header,
    imcea_addresses,
    lazy_re,
    may_say,
    names_a_report,
    remembered_per_line,
    search_at_openings,
    whole_imcea,
    without_log_field_name,
)
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.googleworkspace import HEADING_RE as GMAIL_HEADING_RE
from ndr_atlas.formats.returned import (
    ORIGINAL_FIRST_CHARS,
    ORIGINAL_HEADING_RE,
    ORIGINAL_MESSAGE_RE,
    addressee_in_text,
    failure_of_returned_original,
    header_block_recipient,
    opens_original,
)
from ndr_atlas.formats.words import (
    FAILURE_WORDS_RE,
    QUEUE_TOO_LONG,
    RECIPIENT_REFUSED_WORDS,
    SESSION_REPLY,
    carried_codes,
    clean_diagnostic,
    find_remote_host,
    has_bounce_cues,
    is_more_specific,
    mostly_foreign,
    named_command,
    opens_with_status,
    reply_code,
    smtp_command,
)

# A line that names only a recipient: "bob@example.org", "<bob@example.org>:", "bob@x (bob@x)",
# or a recipient and a dash before the reason ("bob@example.org - no such user here", MDaemon), or
# the reason in a column of its own ("bob@example.org    Mailbox unknown", as the "Message not
# delivered to the following:" reports of flufl.bounce's Yale detector and SimpleMatch print it).
# Not the address to write to about the report: Netscape Messaging Server signs "Please reply to
# Postmaster@… / if you feel this message to be in error." (flufl.bounce's Netscape detector skips it),
# nor Postfix's "For further assistance, please send mail to postmaster." where a site's template
# names its postmaster's address and the line wraps before it ("send mail to postmaster@example.net.",
# bounce(5) failure_template; wild set165/s08, and set132/s08's "<postmaster@…>" on the sentence's line);
# nor the sender the report greets ("Hello anna@example.net,", as Yahoo's and other notices open).
RECIPIENT_LINE_RE = re.compile(
    r"^[\s>*-]*(?:\"[^\"]{0,100}\"\s*|(?![\w .'-]{0,60}?\b(?:from|by|sender|reply to|send mail to|[Hh]ello|[Dd]ear)\s)[\w .'-]{0,60}\s)?<?"
    + SOURCE_ROUTE
    + r"'?(?P<addr>"
    + ADDRESS_RE.pattern
    + r")'?>?"
    r"(?:\s*\(.{0,200}\)|\s+<[^<>\s]{3,254}>|\s*\[[^\]]{0,200}\])?\s*[:.,]?\s*(?:\.\.\..{0,200}|\s-\s.{1,200}|(?<=\s\s)[A-Za-z].{0,200})?$"
)
# A recipient as Outlook shows it in a report it renders: the display name, then the address in
# brackets ("Vicky Rossi (Sales) (vicky.rossi@example.org)"); no label, no colon (not a header line).
NAMED_RECIPIENT_LINE_RE = re.compile(
    r"^[\s>*-]*(?![\w .'-]{0,60}?\b(?:from|by|sender)\s)[^\s@()<>:][^@<>:\n]{0,120}?\s\((?P<addr>" + ADDRESS_RE.pattern + r")\)\s*$"
)
# Labelled recipients in reports of every layout.
LABELLED_RECIPIENT_RE = re.compile(
    r"(?:Final-Recipient|Original-Recipient|X-Failed-Recipients|Recipient Address|Recipient|"
    r"Indirizzo destinatario|Your message to|Il messaggio per|RCPT TO|Failed recipient|"
    # Microsoft 365's newer report in German: "Ihre Nachricht an x@y konnte nicht zugestellt werden."
    # (public copies in fschulze/jumpnbump#3 and a German shop project's notes, see wild sets 93 and 141).
    r"Ihre Nachricht an|"
    r"Destinatario|Intended recipient|Original recipient|Failed address|Unknown recipient|Invalid recipient|dda:SMTP=|;SMTP=|deliver message to|deliver mail to|could not be delivered to|"
    r"failed to deliver to|deliver your message to|Local mailbox|"
    # Exim's delay warning (its default warn_message): "The address to which the message has not yet been
    # delivered is:", the address below it or, as a mail program may rewrap it, on the same line.
    r"has not yet been delivered (?:is|are)|"
    # "The message addressed to 'bob@example.org' …", "(Was addressed to bob@example.org)" (flufl.bounce's SimpleMatch).
    r"addressed to|"
    # Python's smtplib: "SMTPRecipientsRefused: {'bob@example.org': (550, b'…')}" (its documentation).
    r"SMTPRecipientsRefused: \{|"
    # Gmail's and others' sentences: "wasn't delivered to x@y because", "problem delivering your message to x@y".
    r"(?:wasn't|was not|couldn't be|could not be) delivered to|delivering your message to|"
    # Gmail's in Italian (see formats/googleworkspace.py).
    r"non è stato recapitato a|Impossibile recapitare il messaggio a|"
    # … and in German ("Ihre Nachricht wurde nicht an x@y zugestellt, weil …"), and in Chinese
    # ("由于系统找不到电子邮件地址 x@y，或该地址无法接收邮件，因此无法递送您的邮件。", see words.FOREIGN_FAILURE_CUES).
    r"Nachricht wurde nicht an|系统找不到电子邮件地址|"
    # … and in Spanish ("Tu mensaje no se ha entregado a x@y porque …", see words.FOREIGN_FAILURE_CUES).
    r"no se ha entregado a|"
    # "Recipient:" in the languages of words.FOREIGN_FAILURE_CUES' notices ("收件人：" with a full-width colon).
    r"Empfänger|Destinataire|Destinatário|Ontvanger|Odbiorca|Příjemce|Получатель|收件人|宛先|수신자|받는 사람)"
    # A label that ends in a letter must end there: "<recipient55@x>" is an address, not "Recipient" + "55@x".
    r"(?:(?<=[A-Za-z])(?![\w.%+-])|(?<![A-Za-z]))\s*[:：]?\s*(?:rfc822\s*;\s*)?'?<?"
    + SOURCE_ROUTE
    + r"(?P<addr>"
    + ADDRESS_RE.pattern
    + r")",
    re.IGNORECASE,
)
# What every match of LABELLED_RECIPIENT_RE opens with, lower-cased (keep them in step): on ASCII text
# the pattern is tried only where one of them stands (``search_at_openings``), not at every character.
LABEL_OPENINGS = (
    "final-recipient", "original", "x-failed-recipients", "recipient", "indirizzo destinatario", "your message to",
    "il messaggio per", "rcpt to", "failed", "ihre nachricht an", "destinat", "intended recipient", "unknown recipient",
    "invalid recipient", "dda:smtp=", ";smtp=", "deliver", "could", "local mailbox", "has not yet been delivered",
    "addressed to", "smtprecipientsrefused: {", "wasn't", "was not", "non è stato recapitato a", "impossibile recapitare",
    "nachricht wurde nicht an", "系统找不到电子邮件地址", "no se ha entregado a", "empfänger", "ontvanger", "odbiorca",
    "příjemce", "получатель", "收件人", "宛先", "수신자", "받는 사람",
)  # fmt: skip
# One of these stands in every text LABELLED_RECIPIENT_RE matches, lower-cased (keep them in step;
# see ``may_say``): most lines with an address are spared the search.
LABEL_NEEDLES = (
    "recipient",
    "destinatario",
    "your message to",
    "il messaggio per",
    "ihre nachricht an",  # Microsoft 365's German "Ihre Nachricht an x@y konnte nicht zugestellt werden."
    "rcpt to",
    "failed address",
    "smtp=",
    "deliver",
    "local mailbox",
    "recapit",  # Gmail's Italian "non è stato recapitato a", "Impossibile recapitare il messaggio a"
    "nicht an",  # Gmail's German "Ihre Nachricht wurde nicht an"
    "找不到电子邮件地址",  # Gmail's Chinese "由于系统找不到电子邮件地址"
    "no se ha entregado a",  # Gmail's Spanish "Tu mensaje no se ha entregado a"
    "addressed to",
    *(
        "empfänger",
        "destinataire",
        "destinatário",
        "ontvanger",
        "odbiorca",
        "příjemce",
        "получатель",
        "收件人",
        "宛先",
        "수신자",
        "받는 사람",
    ),
)
# "Undeliverable Address: x@y", "Unknown user: x@y", "Delivery failed 20 attempts: x@y" — any short
# label about a recipient or an address, except the sender's.
GENERIC_LABEL_RE = re.compile(
    r"^(?!.{0,40}?\b(?:sender|from|reply|return|envelope|mittente)\b)(?=[^:]{0,60}\b(?:address|recipient|user(?:id)?|mailbox|attempts?|failed|full|error-for)\b)"
    r"[A-Za-z][\w '-]{0,60}:\s*(?:\[SMTP:)?<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\]?\s*$",
    re.IGNORECASE,
)
# One of these stands in every text GENERIC_LABEL_RE matches, lower-cased (keep them in step).
GENERIC_LABEL_NEEDLES = ("address", "recipient", "user", "mailbox", "attempt", "failed", "full", "error-for")
# "<bob@example.org>: Sorry, …" — Postfix, qmail and many others put the reason after the address.
# "<bob@example.org>: …", and Exim's "anna@example.org <bob@example.org>: malformed address …"
# (two addresses run together: the one in brackets is the address it could not use).
# Postfix names an alias's target first: "<bob@example.org> (expanded from <sales@example.org>): …".
# A reply that quotes the report puts its quote marks first ("> > <bob@…>: …", RFC 3676 4.5).
ANGLE_COLON_RE = re.compile(
    r"^[\s>]*(?:[^\s<>@]{1,64}@[^\s<>@]{1,255}\s+(?=<))?<?"
    + SOURCE_ROUTE
    + r"(?P<addr>"
    + ADDRESS_RE.pattern
    + r")>?(?:\s*\(expanded from [^()]{1,300}\))?\s*:\s"
)
# Postfix wraps "<%s> (expanded from <%s>): %s" at 79 columns, breaking at a space and indenting
# the rest by 4 (bounce_notify_util.c, bounce_print_wrap): with long addresses the first line ends
# at "(expanded from" and the next opens with "<alias>): …". The address on the first line failed.
EXPANDED_FROM_WRAP = "(expanded from"
EXPANDED_FROM_WRAP_RE = re.compile(r"^[\s>]*<" + SOURCE_ROUTE + r"(?P<addr>" + ADDRESS_RE.pattern + r")>\s+\(expanded from$")
# RFC 3464's per-recipient fields as a report's text shows them, lower-cased: a DSN is issued for
# its Final-Recipient, and the Original-Recipient under it names the same delivery (the ORCPT).
FINAL_RECIPIENT = "final-recipient:"
ORIGINAL_RECIPIENT = "original-recipient:"
# Exim names a pipe, file or autoreply an alias or .forward made ("  pipe to |/usr/bin/ticket") and,
# on the next line, the address that made it ("    generated by helpdesk@example.org"): that
# address is the failed recipient (deliver.c, print_address_information; X-Failed-Recipients names
# it too). An address forwarded elsewhere says "(generated from …)": the address above it failed.
GENERATED_BY_RE = re.compile(r"^generated by <?(?P<addr>" + ADDRESS_RE.pattern + r")>?$")
EXIM_GENERATED_RE = re.compile(r"^(?:pipe|save|mail) to \S")
# A line naming the sender, not a recipient ("A message sent by", "From:" …): the next address is skipped.
SENDER_CONTEXT_RE = re.compile(r"(?:sent by|\bsender|\bmittente|envelope-from|return-path)\s*:?\s*$", re.IGNORECASE)
# One of these stands in every text SENDER_CONTEXT_RE matches, lower-cased (keep them in step).
SENDER_CONTEXT_NEEDLES = ("sent by", "sender", "mittente", "envelope-from", "return-path")
# "bob@example.org on Thu, 26 Nov 2026 …" (Exchange 2003) names a recipient too, and so does Outlook's
# "'bob@example.org' on 14/10/2019 8:15" in any language ("en", "am" …): the address quoted, a short
# word, a numeric date (formats/unreached.py).
RECIPIENT_ON_DATE_RE = re.compile(
    r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s+on\s+\w{3},"
    r"|^\s*'<?(?P<quoted>" + ADDRESS_RE.pattern + r")>?'\s+\w{1,12}\s+\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b"
)
# A line no header field can be (RFC 5322, 2.1.1: at most 998 characters): a whole report that a
# web page or a paste flattened onto one line after its "From:" ("From: MAILER-DAEMON@… Subject: …
# <bob@…>: host … said: 553 …"), read for its error like any other text.
MAX_HEADER_LINE_CHARS = 998
# Header lines of a pasted message (Outlook writes them in the user's language): never recipients.
HEADER_LINE_RE = re.compile(
    r"^(?:From|To|Cc|Sent|Date|Subject|Reply-To|Return-Path|Message-ID|Da|A|Inviato|Oggetto|De|À|Envoyé|Objet|"
    r"Von|An|Gesendet|Betreff|Para|Enviado|Asunto|Van|Aan|Verzonden|Onderwerp)\s*:",
    re.IGNORECASE,
)
# The same header block as Thunderbird's forward table ("moz-email-headers-table": each label in a
# <th>, its value in a <td>) reads once copied from a web page or a webmail: the label alone on its
# line, its value on the next one ("Para:" / "info@example.org"). That value is never a recipient.
HEADER_LABEL_ALONE_RE = re.compile(HEADER_LINE_RE.pattern + r"$", re.IGNORECASE)
# Chinese mail programs (Outlook, Foxmail, Coremail's "-----原始邮件-----") head a quoted or forwarded
# message with "发件人:", "发送时间:", "收件人:", "主题:": the "收件人:" (To) right under "发送时间:" (Sent)
# is that header block's, not a notice's "Recipient:" label (as a Winmail help page's pasted bounce and
# a Coremail quote on LKML print the block). Notices put no sent time above their "收件人：".
QUOTED_TO_LABEL = "收件人"
QUOTED_SENT_LABEL = "发送时间"
# The same headers as a webmail's reading pane shows them, the label with no colon and the address
# alone after it: "To bob@example.org" (SOGo), "À bob@example.fr" (Roundcube), "An bob@example.de"
# (T-Online), or a sender's name and address. The bounce's own addressee is its sender, never a
# failed recipient.
PANE_HEADER_LINE_RE = re.compile(
    r"^(?:(?:From|To|Cc|Reply-To|Da|A|De|À|Von|An|Para|Van|Aan)\s+<?(?:" + ADDRESS_RE.pattern + r")>?"
    r"|(?:From|Reply-To|Da|De|Von|Van)\s+[^<>@\s][^<>@]{0,80}<(?:" + ADDRESS_RE.pattern + r")>)$",
    re.IGNORECASE,
)
# A status with no reply code in front counts only where reports put one: "#5.1.1", "Status: 5.1.1".
# (Zoho quotes the remote reply as "[Status: Error, Address: <…>, ResponseCode 421, , 4.7.0 …]", the
# status after an empty field; its reader needs Zoho's header, a paste has none.)
BARE_STATUS_CONTEXT_RE = re.compile(r"(?:^|[#(\[;:'\"=]|Status code|status|ResponseCode [45]\d\d, ,)\s*$", re.IGNORECASE)
# Postfix quotes a server's reply after "said:" ("host mx.example.org[192.0.2.1] said: 554 …",
# smtp_trouble.c). A log line states its status before it ("dsn=5.0.0, status=bounced (host … said:
# 554 delivery error: …)"): the reply code follows "said:", however long the line runs before it.
SAID_REPLY_RE = re.compile(r"\b(?:said|refused to talk to me):\s*([45][0-5]\d)(?=[ -]\S|$)", re.IGNORECASE)
# Postfix's greeting refusal, "host mx.example.org[…] refused to talk to me: 554 …" (smtp_proto.c):
# its code follows it as the code of any other reply follows "said:".
REFUSED_TO_TALK = "refused to talk to me:"
TRAILING_CODE_RE = re.compile(r"\b[45]\d\d(?:[ -][245]\.\d{1,3}\.\d{1,3})?$")
TRAILING_REPLY_RE = re.compile(r"\b[45]\d\d$")
WRAPPED_STATUS_RE = re.compile(r"[45]\.\d{1,3}\.\d{1,3}\b")
WRAPPED_CODE_RE = re.compile(r"(?:^|[\s\"'(:])([45][0-5]\d)$")
# Sendmail's transcript names the server before its lines (savemail.c): "... while talking to mx.example.org.:".
# Sendmail's alone, but read here: its DSNs (the RFC 3464 reader) and its pasted transcripts both quote it.
SENDMAIL_TALKING_TO = "... while talking to "
# Sendmail puts the address a 450, 550 or 553 reply is about before its text, "550 5.1.1 name... User
# unknown" (err.c, fmtmsg: the envelope's e_to and "... "), in its transcripts as in its SMTP replies.
# A name with no domain there (a double bounce's "MAILER-DAEMON", "postmaster") is a local address.
# Read so only in a text Sendmail wrote (its DSN's headings, savemail.c, or its transcript's server
# line): elsewhere "550 5.7.1 Blocked... see <url>" is a server's own words, not a name.
SENDMAIL_TEXT_MARKS = ("Transcript of session follows", "addresses had permanent fatal errors", SENDMAIL_TALKING_TO)
SENDMAIL_ADDRESSEE_RE = re.compile(r"^(?:<<< )?(?:450|550|553)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?<?(?P<name>[^\s@<>\"|/]+?)>?\.\.\. ")
# How far below an error line a wrapped "(in reply to … command)" may still belong to it.
COMMAND_LINES_AFTER = 4
SEPARATOR_LINE_RE = re.compile(r"[-=_*# ]{3,}.{0,40}")
# A code followed by a status the patterns above could not read; an IPv4 address after the code
# ("521 192.0.2.45 is blocked", "550 198.51.100.7 rejected") is no status.
MALFORMED_STATUS_RE = re.compile(r"\d{3}[ -](?![1-9]\d{1,2}(?:\.\d{1,3}){3}\b)\d+\.\d")
# Cheap tests that spare the costlier patterns most lines of a report.
DIGIT_RE = re.compile(r"\d")
REPLY_DIGITS_RE = re.compile(r"[45][0-5]\d")
STATUS_START_RE = re.compile(r"[245]\.\d")
DATA_CHAR_RE = re.compile(r"[0-9@.]")
REMOTE_HINT_RE = re.compile(r"host|server|connect|does not like|remote[- ]mta")  # searched in lower-cased lines
# A server's name on a line of its own, under a recipient and above the error it gave: a bare name, or
# Courier's peer line "     mx.example.org [192.0.2.7]:" above its " >>> " command and " <<< " reply
# lines (module.dsn/dsn.c: format_del_info prints the peer as "%s:", the same peer printremotemta
# writes as the Remote-MTA field a pasted text part no longer has).
HOSTNAME_LINE_RE = re.compile(r"^\s*(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+){2,})(?:\s+\[[0-9A-Fa-f:.]+\]:)?\s*$")
# A reply code with no enhanced status, where MTAs print one: at the start of the line or after
# "said:", "refused to talk to me:" (or its "to me:" wrapped below), "returned '", "<<<", Exchange
# Online's arrow ("Remote server returned message detected as spam -> 550 …"), Exim's "after RCPT
# TO:<…>:" (smtp.c), PHPMailer's "SMTP code: 550" (its error text's label for the reply code,
# src/PHPMailer.php), Exchange's own line for a recipient, "#550 … ##" or "mx.example.org #550 … ##"
# (the same line exchange2007.py reads under its heading), Gmail's words before the remote server's
# reply when a paste joins them on one line ("The response was: 550 …", "The response from the
# remote server was:", Italian "La risposta del server remoto è:", Spanish "La respuesta fue:", as
# formats/googleworkspace.py reads them; Chinese "以下为远程服务器的响应：" and "响应如下：", as a Chinese blog post and
# cloudflare_temp_email#280 quote real Gmail notices; a Chinese application's own "发送失败"/"投递失败"
# ("sending failed", "delivery failed", maybe with a full-width colon) before the reply it logged, as
# PMail's log in Jinnrry/PMail#220 and a NetEase reply quoted in a Java project's test show it), pasted alone …
BARE_REPLY_RE = re.compile(
    # A reply that quotes the report puts quote marks before each line ("> 550 …", RFC 3676 4.5).
    r"^(?:>[ \t]?){0,8}(?:.{0,200}?(?:said|to me:|returned|replied|reply|response (?:from the remote server )?was|risposta del server remoto è|respuesta fue"
    r"|以下为远程服务器的响应：|响应如下：|发送失败|投递失败|response|answer|error|error[ _]code|smtp code|responsecode|failed with|reason|<<<|->"
    r"|#(?=[45][0-5]\d .{0,600}##)"
    # A Diagnostic-Code's value follows its type ("smtp;", RFC 3464 2.3.6); SendGrid's DSN writes the
    # reply with no type ("Diagnostic-Code: 550 permanent failure for one or more recipients").
    r"|diagnostic-code:\s*(?:[\w-]{1,20}\s*;)?|host [\w.-]{1,253} \[[\w.:]{2,45}\]"
    # The Diagnostic-Code's value alone, as ESP exports and postmaster pages print it: its type
    # "smtp;" (RFC 3464, 2.3.6) glued to the reply ("smtp;554 Message not allowed - [PH01] …").
    r"|\bsmtp\s*;"
    # Exim's log line: "SMTP error from remote mail server after RCPT TO:<bob@example.org>: 451 …".
    r"|after (?:RCPT TO|MAIL FROM):<[^<>\s]{0,320}>(?: [\w=.+-]{1,80}){0,4}|after end of data"
    # Python's smtplib exceptions print the code and the reply as a tuple: "SMTPDataError: (554, b'…')",
    # "SMTPRecipientsRefused: {'bob@example.org': (550, b'…')}" (the smtplib documentation), or the
    # dict alone as a web framework's error page shows the exception's value (Python 2: "{u'…': (…)}").
    r"|\{u?'[^'\s]{1,320}': "
    # … or the exception's arguments alone after an application's own words, in any language
    # ("smtp failed: (550, b'…')"): Python 3 prints the reply as a bytes literal.
    r"|(?=\([45][0-5]\d, b['\"])"
    # SwiftMailer's and Symfony Mailer's exception: 'Expected response code 250 but got code "554", with
    # message "554 …"' (AbstractSmtpTransport::assertResponseCode).
    r"|with message \""
    # MailSo's exception (RainLoop, SnappyMail: the webmail's log and its "Can't send message" notice):
    # 'Failed to add recipient "bob@example.org": 550 …', the address in double or single quotes.
    + "".join(rf"|{words} [\"'][^\"'\s]{{1,320}}[\"']:" for words in map(re.escape, RECIPIENT_REFUSED_WORDS))
    # Nodemailer's debug log marks the server's lines "S: " after the connection's id ("[#cid] S: 554 …",
    # its lib/shared createDefaultLogger).
    + r"|\] S:)\s*[:'：]?\s*\(?|['\"(\[]?"
    # A reply listed as an item of a help page's or a post's list ("- 554 …", "5) 550 …", "1. 550 …").
    r"|(?:[-*•]|\d{1,2}[.)])[ \t])\s*([45][0-5]\d)"
    # After the code: its text, a comma or bracket, a colon, the end of the line (or trailing blanks,
    # as a wrapped exception message leaves them: 'with message "550 ' / '5.7.1 …'), or Roundcube's
    # closing parenthesis ('SMTP Error (550): Failed to add recipient "…" (…)', its localisation's
    # smtprecipientserror / smtpfromerror texts).
    r"(?:[ \t-]+(?=\S)|[,\]]|:(?=\s|$)|\)(?=:)|[ \t]*$)",
    re.IGNORECASE,
)
# The recipient, then the reply its server gave: Postfix's bounce(8) prints a recipient's line as
# "<%s>: %s" (bounce_notify_util.c), and mail logs and summaries print a refusal the same way, with
# or without the brackets ("<bob@example.org>: 550 Requested action not taken: mailbox unavailable",
# "bob@example.org: 552 Mailbox is full"). Read in pasted text only: in a report its headers name,
# the format's reader (and its delivery-status fields) say how its lines go together.
ADDRESS_REPLY_RE = re.compile(r"^(?:>[ \t]?){0,8}\s*<?(?:" + ADDRESS_RE.pattern + r")>?:[ \t]+([45][0-5]\d)(?:[ \t-]+(?=\S)|[ \t]*$)")
# Exim's "SMTP error from remote mail server after RCPT TO:<bob@example.org>: 550 …" (smtp.c), read
# however long the log line runs before it (a TLS cipher field "X=…" makes it run past the 200
# characters BARE_REPLY_RE allows a line before its cue). The command is any that Exim's smtp
# transport names there: the greeting ("initial connection"), EHLO/HELO with its name, STARTTLS,
# AUTH, MAIL FROM, RCPT TO, DATA, "end of data", "sending data block", "pipelined" before them. A
# short error stays on its line ("after initial connection: 554 mx.example.org"), and a report
# pasted flat puts every error on one.
EXIM_AFTER_REPLY_RE = re.compile(
    r"SMTP error from remote (?:mail )?server after (?:pipelined )?(?:(?:RCPT TO|MAIL FROM):<[^<>\s]{0,320}>"
    r"(?: [\w=.+-]{1,80}){0,4}|end of data|DATA|initial connection|(?:EHLO|HELO) [^\s:]{1,255}|STARTTLS|AUTH(?: [\w-]{1,40})?"
    r"|sending data block):\s*([45][0-5]\d)(?=[ -]\S|$)",
    re.IGNORECASE,
)
EXIM_AFTER_CUE = "error from remote"


def exim_after_reply(line: str) -> re.Match[str] | None:
    """The reply code at the end of Exim's "SMTP error from remote mail server after RCPT TO:<…>: 550"
    (the cue tested first: the pattern runs only on Exim's own lines)."""
    return EXIM_AFTER_REPLY_RE.search(line) if EXIM_AFTER_CUE in line.lower() else None


class Layout:
    """What a report format's reader tells the scanner about its layout; this one tells nothing. A
    reader whose reports print an error in parts apart, or name the recipient in a way of their own,
    passes a Layout of its own to ``failures_from_text``. The scanner keeps only markers that many
    formats share, and those of a format whose reports also reach it through other readers (a
    Sendmail or Exchange DSN through the RFC 3464 reader, a paste that no reader recognises)."""

    def words_below(self, lines: list[str], below: int, error_line: str) -> list[str]:
        """Lines further down that belong to the error read on ``error_line`` (its block ends
        before ``lines[below]``)."""
        return []

    def unnamed_recipient(self, lines: list[str]) -> str | None:
        """The recipient of the report's one error when no line names it."""
        return None

    def unnamed_error(self, unnamed: Failure, named: list[Failure]) -> None:
        """An error read before any recipient, when the recipients have errors of their own: it
        repeats what theirs say and is dropped, unless the layout gives some of it to them."""

    # A mail log's records (formats/logpaste.py knows their grammars; the scanner none): one line per
    # recipient and attempt, each naming its delivery.

    def logged_deliveries(self, lines: list[str]) -> set[str]:
        """The deliveries (queue IDs) whose records are among the lines."""
        return set()

    def record_on(self, line: str, logged: set[str]) -> re.Match[str] | None:
        """The record of one of those deliveries the line is."""
        return None

    def passed_over(self, line: str, record: re.Match[str] | None, logged: set[str]) -> bool:
        """The line is a record that says nothing of its recipient's failure (a delivery that went
        through, one host's refusal that the delivery's own record tells the outcome of)."""
        return False

    def record_recipient(self, line: str, record: re.Match[str] | None) -> str | None:
        """The recipient a log record names in a field of its own."""
        return None

    def other_record(self, line: str) -> bool:
        """The line is a record of something no address names (a local name): what was read above is
        no part of it."""
        return False

    def attempt(self, line: str, record: re.Match[str] | None) -> str | None:
        """The delivery whose attempt the recipient's line records."""
        return None

    def logged_recipient(self, line: str) -> str | None:
        """The recipient of a record on the line, wherever a listing ends at the next recipient."""
        return None

    def given_up(self, line: str) -> bool:
        """The line is a record whose verdict is that the delivery was given up, whatever its words."""
        return False


PLAIN = Layout()


def failures_from_text(
    text: str, known_recipients: list[str] | None = None, report_like: bool = False, layout: Layout = PLAIN
) -> list[Failure]:
    """Pair every SMTP error in the text with the recipient named closest before it.

    ``report_like``: the message's headers already say it is a bounce (sender, subject).
    ``layout``: what the reader of the report's format knows of its layout.
    """
    lines = every_line = text.split("\n")
    for index, line in enumerate(lines):
        # Most lines cannot open the original: their first character is none a heading opens with.
        if line.lstrip()[:1] in ORIGINAL_FIRST_CHARS and opens_original(line):
            lines = lines[:index]
            break
    cue_words = None if report_like else has_bounce_cues(text)  # asked again below: worked out once
    has_cues = report_like or bool(cue_words) or len(lines) <= 3
    known = {a.lower() for a in known_recipients or []}
    sendmail_text = any(mark in text for mark in SENDMAIL_TEXT_MARKS)
    failures: dict[str | None, Failure] = {}
    order: list[str | None] = []
    listed: list[tuple[str, int]] = []  # recipients named without an error, with their line
    pipes: set[str] = set()  # addresses whose pipe, file or autoreply failed (Exim lists only those)
    current: str | None = None
    last_host: str | None = None
    last_command: str | None = None  # named on a line above the error (Exim, Sendmail transcripts)
    latest: Failure | None = None  # the failure read last, and the line after its error
    refused_at_rcpt: set[str] = set()  # recipients whose RCPT TO a transcript shows refused
    logged = layout.logged_deliveries(lines)  # a mail log's deliveries whose records are pasted
    plain = layout is PLAIN  # no layout of a format's own: its per-line hooks say nothing (not asked, 5,000 lines a corpus)
    attempts: dict[str, str] = {}  # the delivery of each recipient's last logged attempt
    errors_alone: list[tuple[str, Failure]] = []  # each error read with no recipient, on its own (with its line)
    latest_line = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        index += 1
        # (A header line has its colon, a reading pane's an address: most lines have neither.)
        if (
            not stripped
            or (":" in stripped and len(stripped) <= MAX_HEADER_LINE_CHARS and HEADER_LINE_RE.match(stripped))
            or ("@" in stripped and PANE_HEADER_LINE_RE.match(stripped))
            or (stripped.startswith(QUOTED_TO_LABEL) and previous_text_line(lines, index - 1).startswith(QUOTED_SENT_LABEL))
            or ("@" in stripped and HEADER_LABEL_ALONE_RE.match(previous_text_line(lines, index - 1)))
        ):
            continue
        mentioned = smtp_command(stripped)  # (it looks for COMMAND_HINT_RE first: most lines name none)
        if (
            mentioned is None
            and stripped.startswith(SESSION_REPLY)
            and previous_text_line(lines, index - 1).startswith(SENDMAIL_TALKING_TO)
        ):
            mentioned = "CONN"  # Sendmail's transcript: a reply before any ">>>" command is the server's greeting
        greeting_rest = stripped.lstrip("> ").startswith(GREETING_TAILS) and greeting_wrapped(
            previous_text_line(lines, index - 1), stripped
        )
        if mentioned is None and greeting_rest:
            mentioned = "CONN"  # Postfix wrapped "host mx…[…] refused" / "to talk to me: 554 …": the greeting refused
        record = None if plain else layout.record_on(stripped, logged)
        if not plain and layout.passed_over(stripped, record, logged):
            continue
        recipient = None if plain else layout.record_recipient(stripped, record)
        recipient = recipient or (recipient_on_line(stripped) if "@" in stripped else None)
        if recipient is None and stripped.startswith("generated by "):
            recipient = generated_by(stripped, previous_text_line(lines, index - 1))
            if recipient:
                pipes.add(recipient)
        if (
            recipient
            and may_say(previous_text_line(lines, index - 1), SENDER_CONTEXT_NEEDLES)
            and SENDER_CONTEXT_RE.search(previous_text_line(lines, index - 1))
        ):
            recipient = None  # "A message sent by <x@y>": the sender, not a recipient
        if recipient and (
            attribution_line(stripped) or contact_wrapped_above(stripped, stripped.find(recipient), previous_text_line(lines, index - 1))
        ):
            recipient = None  # "On …, Ann <ann@x> wrote:", or a desk's address under "contact us at": no recipient
        if recipient and continues_address_list(lines, index - 1):
            recipient = None  # the rest of a forwarded or quoted header block's Cc:/To: list, not a recipient of its own
        if (
            recipient
            and stripped[:19].lower() == ORIGINAL_RECIPIENT
            and previous_text_line(lines, index - 1)[:16].lower() == FINAL_RECIPIENT
        ):
            recipient = None  # RFC 3464, 2.3.1-2.3.2: the DSN is about the Final-Recipient; the original is what it was sent as
        if recipient and (
            names_sender(stripped, recipient)
            or sender_wrapped_below(stripped, recipient, lines, index)
            or sender_wrapped_above(stripped, recipient, previous_text_line(lines, index - 1))
        ):
            recipient = None  # "<me@x>: Sender address rejected": the error is about the sender
        if recipient and recipient.lower().startswith("mailer-daemon@"):
            # The reporting daemon itself ("Mail Delivery System <Mailer-Daemon@…>", the sender
            # line of a webmail's reading pane or conversation list) is never a failed recipient.
            recipient = None
        if recipient is None and (
            (not plain and layout.other_record(stripped))
            or (sendmail_text and current is not None and names_other_address(stripped, current))
        ):
            current = None  # not the address above
            last_host = None
            last_command = None
        if recipient and current is not None and recipient != current:
            last_host = None  # the next recipient's block: what was said above was about another
            last_command = None
        current = recipient or current
        if mentioned:
            last_command = mentioned
            if latest is not None and latest.command is None and index - latest_line <= COMMAND_LINES_AFTER:
                latest.command = mentioned  # Postfix wraps "(in reply to …)" under the error
                if (
                    errors_alone
                    and latest.recipient is None
                    and errors_alone[-1][1].command is None
                    and not OPENING_REPLY_RE.search(stripped)
                ):
                    errors_alone[-1][1].command = mentioned  # (a line with a reply of its own names its own command)
        if not DATA_CHAR_RE.search(stripped):
            continue  # no digit, address or dotted name: no code, recipient or server on this line
        if recipient:
            listed.append((recipient, index - 1))
        else:  # (a line with a recipient has an "@": it is never a host name alone)
            host = HOSTNAME_LINE_RE.match(stripped)
            if host and current:
                last_host = host.group("host")
                continue
        found = error_on_line(stripped, has_cues, not report_like) or (greeting_reply(stripped) if greeting_rest else None)
        if not found:
            # Exim and qmail name the server on a line of its own above the SMTP error, and Postfix may
            # wrap "<bob@…>: host mx.example.org[…] said:" before the code.
            if REMOTE_HINT_RE.search(stripped.lower()):
                last_host = find_remote_host(stripped) or last_host
                if latest is not None and latest.recipient == current and index - latest_line <= COMMAND_LINES_AFTER:
                    # Delivery-status fields name the server after the error ("Remote MTA mx…: SMTP
                    # diagnostic: … RCPT TO:<bob@…>" under bob's error).
                    latest.remote_host = latest.remote_host or last_host
                    diagnosed = MTA_DIAGNOSTIC_RE.search(stripped)
                    if diagnosed is not None:
                        merge_mta_diagnostic(latest, diagnosed, stripped)
            continue
        reply, status = found
        above = previous_text_line(lines, index - 1)  # the error line's lead-in, if any
        if reply is None and status is not None and index >= 2 and STATUS_START_RE.match(stripped):
            reply = code_ending(lines[index - 2], status)
        # The lines of a multi-line reply above the one read as the error (its status may stand on
        # its last line only, "553 information. (#5.7.1)"), not yet part of an error read before.
        block = [*reply_lines_above(lines, index - 1, latest_line, reply), stripped]
        wrap_width = MAX_WRAP_COLUMNS  # the widest a hard wrap of the reply's lines may run (see wider_wrap)
        # SMTP multi-line replies and wrapped diagnostics continue on the following lines, up to
        # another reply (opens_other_reply).
        while index < len(lines) and not opens_other_reply(lines[index], reply):
            joined = (
                is_continuation(lines[index], reply, block[-1])
                or logged_continuation(stripped, lines[index], reply)
                or (opens_with_status(lines[index], status) and not recipient_on_line(lines[index].strip()))
                or ends_with_code_only(block[-1], lines[index], current)
            )
            hard_wrapped = not joined and is_wrapped_rest(lines[index - 1], lines[index], wrap_width)
            if not (joined or hard_wrapped or is_said_rest(block, lines, index)):
                break
            if hard_wrapped:
                wrap_width = wider_wrap(lines[index - 1], lines[index], wrap_width)
            block.append(lines[index].strip())
            index += 1
        if index < len(lines) and QUEUE_TOO_LONG in lines[index]:
            # qmail-send ends the paragraph of a delivery it gave up on with its queue note (qmail-send.c):
            # the error above it was the last of many temporary ones, read from a paste without the
            # recipient line the qmail reader needs.
            block.append(lines[index].strip())
            index += 1
        block.extend(layout.words_below(lines, index, stripped))  # a layout may print more of the error further down
        if status is None and reply:  # Postfix wraps "said: 550" / "    5.1.1 …": the status opens the next line
            wrapped = REPLY_STATUS_RE.search(" ".join(block[:2]))
            if wrapped and wrapped.group(1) == reply:
                status = normalise_status(wrapped.group(2))
            else:
                status = hashed_status(" ".join(block), reply)
        if any("#" in line for line in block):
            # Exchange's "Remote Server returned '554 5.4.0 <mx… #5.4.14 smtp; 554 5.4.14 …>'", pasted
            # without the report around it: the remote server's own codes, as the Exchange reader reads them.
            reply, status = carried_codes(" ".join(block), reply, status)
        owner = choose_recipient(stripped, current, known, above)
        if owner is not None and owner == current and recipient is None and last_command == "DATA" and owner in refused_at_rcpt:
            # A transcript's DATA reply after a recipient the server refused at RCPT TO is not about
            # that recipient: DATA goes only to the recipients it accepted (RFC 5321, 3.3).
            owner = None
        if owner is not None and last_command == "RCPT":
            refused_at_rcpt.add(owner)
        diagnostic = clean_diagnostic(
            logged_reply_lines(
                " ".join(map(without_session_marker, block)) if len(stripped) <= MAX_HEADER_LINE_CHARS else from_the_reply(stripped, reply)
            )
        )
        failure = failures.get(owner)
        attempt = layout.attempt(stripped, record) if recipient is not None and recipient == owner else None
        if attempt is not None and owner is not None:
            if failure is not None and attempts.get(owner) == attempt:
                # A later attempt at the same delivery: its line is the outcome (a deferral, then a refusal
                # for good or the retries running out), not a code to merge with the earlier line's.
                failure = failures[owner] = Failure(recipient=owner)
            attempts[owner] = attempt
        if failure is None:
            failure = Failure(recipient=owner)
            failures[owner] = failure
            order.append(owner)
        merge_error(failure, reply, status, diagnostic, block)
        remote_host = find_remote_host(" ".join(block)) or last_host
        command = named_command(" ".join(block)) or last_command
        failure.remote_host = failure.remote_host or remote_host
        failure.command = failure.command or command
        if owner is None and len(errors_alone) <= MAX_UNNAMED_REFUSALS:
            alone = Failure(recipient=None, remote_host=remote_host, command=command)
            merge_error(alone, reply, status, diagnostic, block)
            errors_alone.append((stripped, alone))
        latest, latest_line = failure, index
    if not failures and has_cues:
        if not listed and known:
            # Nothing to read from a listing, and the recipients are known (a DSN's fields): what
            # follows would find nothing, whatever the cue words (not looked for: a long text's cost).
            return []
        # A report in a language the cue words do not cover (Chinese, Russian …) is trusted on the
        # word of its headers (sender, subject) alone.
        if cue_words is None:
            cue_words = has_bounce_cues(text)
        strong = cue_words or (report_like and mostly_foreign(text))
        from_listing = failures_from_listing(lines, listed, strong_cues=strong, layout=layout)
        if not from_listing and not listed and not known and cue_words:
            # The alias a program recipient came from is named outright; the returned original's
            # addressee only stands for the recipient in a message the headers call a report.
            return failure_of_expanded_alias(lines) or (failure_of_returned_original(every_line) if report_like else [])
        return from_listing
    # Recipients that a report lists as failed but for which it printed no code of their own.
    if failures and has_cues:
        for recipient, _ in listed:
            key = recipient
            if key not in failures and None in failures and len([r for r in order if r]) == 0:
                # One anonymous error and one named recipient: they belong together.
                unnamed = failures.pop(None)
                order.remove(None)
                unnamed.recipient = recipient
                failures[recipient] = unnamed
                order.append(recipient)
    if failures and has_cues and listed:
        # A report that quotes the remote server's reply for some recipients and states its own
        # verdict in words for the others (SmarterMail's "Reason: The mailbox is full", MailEnable's
        # unregistered domain): each of those is a failure too, with the words printed under it.
        named = {key.lower() for key in failures if key}
        for recipient, start in listed:
            if recipient.lower() not in named:
                stated = failure_in_words_below(lines, recipient, start, recipient in pipes or layout.given_up(lines[start]), layout)
                if stated is not None:
                    failures[recipient] = stated
                    order.append(recipient)
                named.add(recipient.lower())
    if list(failures) == [None] and not listed and not known:
        # An error with no recipient named anywhere in the report (old Sendmail transcripts): the
        # address a program or file recipient was expanded from, else the returned original's one addressee.
        alias = expanded_alias(lines)
        original = addressee_in_text(every_line) if alias is None else None
        if alias is not None:
            failures[None].recipient = alias[0]
            failures[None].evidence.extend([*program_lines(lines, alias[1]), lines[alias[1]].strip()])
        elif original is not None:
            failures[None].recipient = original[0]
            failures[None].evidence.append(original[2])
    if list(failures) == [None]:
        # A layout may name the recipient in a way of its own (Microsoft 365's graphic line).
        pictured = layout.unnamed_recipient(lines)
        if pictured is not None:
            failures[None].recipient = pictured
        elif not listed and not known:
            # Header fields are never translated: below the error, under a heading in any language,
            # the returned original's own From:/To: block names whom it was sent to.
            below = header_block_recipient(every_line[latest_line:])
            if below is not None:
                failures[None].recipient = below
    if list(failures) == [None] and failures[None].recipient is None and not listed and not known:
        # A summary of several bounces with every address left out: each distinct refusal on its own.
        apart = distinct_refusals(errors_alone, text)
        if apart:
            return apart
    if None in failures and len(order) > 1:
        # An error printed before any recipient (a host-level line such as "550 mx.example.org
        # (smtp)... Host unknown") repeats what the named recipients' own errors say.
        unnamed = failures.pop(None)
        order.remove(None)
        layout.unnamed_error(unnamed, [failures[key] for key in order])
    return [failures[key] for key in order]


# A paste of more refusals than this with no recipient is not split (and a hostile one costs no more).
MAX_UNNAMED_REFUSALS = 20
# A reply code that opens its line, its log record's reply ("said: 550"), a field's value
# ("Diagnostic-Code: smtp; 550") or a parenthesis ("@example.com (550-5.7.1 …)").
OPENING_REPLY_RE = re.compile(r"(?:^[>\s]*|[:;(]\s*)([45][0-5]\d)(?=[ -]|$)")
CODES_RE = re.compile(r"\b[45][0-5]\d(?:[ -][245]\.\d{1,3}\.\d{1,3})?(?=[ -]|$)|\b[245]\.\d{1,3}\.\d{1,3}\b")
REFUSAL_WORD_RE = re.compile(r"[a-z0-9]+")
SAME_OPENING_WORDS = 8  # a reply quoted twice opens with the same words, however each quote wraps it
SAME_WORDS_SHARE = 0.8  # or most of the shorter quote's words are the longer one's


def refusal_words(failure: Failure) -> list[str]:
    """The words of a refusal's text after its reply code, its codes left out."""
    opening = OPENING_REPLY_RE.search(failure.diagnostic)
    rest = failure.diagnostic[opening.start(1) :] if opening else failure.diagnostic
    return REFUSAL_WORD_RE.findall(CODES_RE.sub(" ", rest).lower())


def same_refusal(one: Failure, other: Failure, one_words: list[str], other_words: list[str]) -> bool:
    """Whether two errors read with no recipient are the same reply quoted twice (a notice's words and
    its DSN's Diagnostic-Code; a multi-line reply's lines): same codes, and the same words."""
    if one.reply != other.reply or (one.status and other.status and one.status != other.status):
        return False
    shorter, longer = sorted((one_words, other_words), key=len)
    if not shorter or longer[: min(len(shorter), SAME_OPENING_WORDS)] == shorter[:SAME_OPENING_WORDS]:
        return True
    return len(set(shorter) & set(longer)) >= SAME_WORDS_SHARE * len(set(shorter))


def distinct_refusals(unnamed: list[tuple[str, Failure]], text: str) -> list[Failure] | None:
    """The errors of a paste that names no address at all, one failure per distinct refusal: an admin's
    summary of a batch of bounces (several Diagnostic-Code lines, Postfix records cut before "to=",
    "@gmail.com (550-5.7.1 …), @yahoo.com (553 5.7.2 …)"). Each must open with its own reply code
    (OPENING_REPLY_RE); the same reply quoted twice stays one failure. None: keep the one failure."""
    if len(unnamed) < 2 or len(unnamed) > MAX_UNNAMED_REFUSALS or ADDRESS_RE.search(text):
        return None
    groups: list[tuple[Failure, list[str]]] = []
    for line, piece in unnamed:
        if piece.reply is None or all(opening.group(1) != piece.reply for opening in OPENING_REPLY_RE.finditer(line)):
            return None  # a code in prose, a status alone: not a refusal of its own
        words = refusal_words(piece)
        same = next((group for group in groups if same_refusal(group[0], piece, group[1], words)), None)
        if same is None:
            groups.append((piece, words))
        else:
            merge_error(same[0], piece.reply, piece.status, piece.diagnostic, piece.evidence)
    return [group[0] for group in groups] if len(groups) > 1 else None


# Blank lines skipped looking up: an HTML report rendered as text doubles them (one per paragraph).
MAX_BLANK_LINES_UP = 8


def previous_text_line(lines: list[str], index: int) -> str:
    """The closest non-empty line before ``index``, across a few blank ones."""
    for back in range(index - 1, max(index - 1 - MAX_BLANK_LINES_UP, -1), -1):
        if lines[back].strip():
            return lines[back].strip()
    return ""


def from_sentence_start(heading: str) -> str:
    """A heading line that goes on from a sentence wrapped above it starts with that sentence's tail
    (Exim's deliver.c: "recipients. This is a permanent error. The following address(es) failed:"):
    it is quoted from its first whole sentence."""
    if heading[:1].islower():
        end = heading.find(". ")
        if 0 < end < len(heading) - 2:
            return heading[end + 2 :]
    return heading


def failures_from_listing(lines: list[str], listed: list[tuple[str, int]], strong_cues: bool, layout: Layout = PLAIN) -> list[Failure]:
    """Reports with no SMTP code at all: each listed recipient with the text printed under it."""
    failures: dict[str, Failure] = {}
    tied: set[str] = set()  # recipients read from a line of their own ("<bob@x>: reason")
    previous_start = -1
    for recipient, start in listed:
        key = recipient.lower()
        above, previous_start = previous_start, start
        # A paste often names the recipient in the user's own words first ("I wrote to bob@x and
        # got:"); the report's line that starts with the address and a colon says why it failed.
        own_line = ":" in lines[start] and bool(ANGLE_COLON_RE.match(lines[start]))
        if key in failures and (key in tied or not own_line):
            continue
        if own_line:
            tied.add(key)
        # The heading above the recipient ("Delivery … has been delayed:") and the text under it,
        # across blank lines, up to the next recipient or the quoted original.
        heading = previous_text_line(lines, start)
        # Gmail's heading between asterisks, in the sender's language ("** Messaggio troppo grande
        # **"): the notice's own verdict, where the sentence under it may not give one.
        starred = heading.startswith("** ") and bool(GMAIL_HEADING_RE().match(heading))
        usable = (
            heading
            # Text between the previous recipient and this one is the previous one's reason (Exim's
            # "  bob@x\n    Unrouteable address\n  ann@x\n    retry time not reached …").
            and not (above >= 0 and any(line.strip() for line in lines[above + 1 : start]))
            and not recipient_on_line(heading)
            and (starred or not SEPARATOR_LINE_RE.fullmatch(heading))
            # A heading introduces the list or says what failed; "The mail system" signs the letter.
            # Exim's "pipe to |/usr/bin/ticket" above "generated by" says that a program failed.
            and (heading.endswith(":") or bool(FAILURE_WORDS_RE.search(heading)) or bool(EXIM_GENERATED_RE.match(heading)) or starred)
        )
        block = [from_sentence_start(heading), lines[start].strip()] if usable else [lines[start].strip()]
        for line in lines[start + 1 : start + 12]:
            stripped = line.strip()
            if not stripped:
                continue
            other = recipient_on_line(stripped) or layout.logged_recipient(stripped)
            if (other and other.lower() != key) or len(block) >= 8:
                break
            block.append(stripped)
        text = " ".join(block)
        own_text = " ".join(block[1:] if usable else block)  # the heading above is not evidence enough
        if not strong_cues and not FAILURE_WORDS_RE.search(ADDRESS_RE.sub(" ", own_text)):
            continue  # an address with no word of failure near it, in a text that never says so either
        earlier = failures.get(key)  # the same recipient listed above: what it said of the server still holds
        failures[key] = Failure(
            recipient=recipient,
            diagnostic=clean_diagnostic(text),
            evidence=block[:8],
            command=named_command(own_text) or (earlier.command if earlier else None),
            # The heading may name the server ("mx.example.org gave this error:").
            remote_host=find_remote_host(text) or (earlier.remote_host if earlier else None),
        )
    return list(failures.values())


# Exim's log writes a multi-line reply on the error's one line with "\n" (two characters, its escape
# for a line break) between the reply's lines: "550-5.7.1 … is not authorized\n550-5.7.1 to send email …"
# (wild set156/s07, an Exim ** line pasted in a forum; the same escape in mysociety/alaveteli#3745's and
# an Exim-log test task's lines). Not the log reader's alone: a JSON string or a Python repr pasted
# writes a reply's line breaks the same way (wild set136/s05, set155/s03), so the scanner keeps it.
WRITTEN_REPLY_BREAK_RE = lazy_re(r"\\n(?=[245]\d\d[ -])")


def logged_reply_lines(text: str) -> str:
    """The text with the written breaks between a logged reply's lines made blanks, as between the
    lines of a reply printed on several: its words read on across them."""
    return WRITTEN_REPLY_BREAK_RE().sub(" ", text) if "\\n" in text else text


def failure_in_words_below(
    lines: list[str], recipient: str, start: int, listed_failed: bool = False, layout: Layout = PLAIN
) -> Failure | None:
    """The report's own verdict on a recipient's line or right under it ("Reason: The mailbox is
    full"), in the lines that follow it without a blank; None when they say nothing of a failure (a
    list of delivered recipients, the next section's heading after a blank line). ``listed_failed``:
    the layout says it failed whatever its words (Exim's "pipe to |…" / "generated by" item, whose
    words are the program's: "Child process of address_pipe transport returned 69")."""
    block = [lines[start].strip()]
    for line in lines[start + 1 : start + 8]:
        stripped = line.strip()
        if not stripped or recipient_on_line(stripped) or layout.logged_recipient(stripped):
            break
        block.append(stripped)
    # Its own line counts too: "Sorry, unable to deliver your message to <address> for".
    own_text = " ".join(block)
    if not listed_failed and not FAILURE_WORDS_RE.search(ADDRESS_RE.sub(" ", own_text)):
        return None
    return Failure(
        recipient=recipient,
        diagnostic=clean_diagnostic(" ".join(block)),
        evidence=block,
        command=named_command(own_text),
        remote_host=find_remote_host(own_text),
    )


# Sendmail names the address a delivery to a program or a file came from under it:
# '"|/usr/bin/procmail"' / '(reason: …)' / '(expanded from: <bob@example.org>)' (savemail.c).
EXPANDED_FROM_RE = re.compile(r"\(expanded from:?\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\)", re.IGNORECASE)
# Lines above it that may hold the reason ("(reason: Can't create output)").
EXPANDED_REASON_LINES = 3
# The failed recipient a program delivery made, as savemail.c prints it above that line: the quoted
# command ('"|/usr/bin/procmail -a x"', its closing quote lost when a paste wraps it) and the
# "(reason: …)" under it (the program's exit status, or why it could not run).
PROGRAM_RECIPIENT_RE = re.compile(r'^"?\|\S|^\(reason: ', re.IGNORECASE)


def program_lines(lines: list[str], at: int) -> list[str]:
    """The program recipient and its reason printed right above the "(expanded from: …)" line at ``at``."""
    above = [line.strip(" \t#*") for line in lines[max(0, at - EXPANDED_REASON_LINES) : at]]
    return [line for line in above if PROGRAM_RECIPIENT_RE.match(line)]


def expanded_alias(lines: list[str]) -> tuple[str, int] | None:
    """The one address the report says its failed program or file recipient was expanded from, and
    its line; None unless exactly one. (Called only where no recipient address is listed at all.)"""
    found: dict[str, int] = {}
    for index, line in enumerate(lines):
        if "expanded from" in line.lower():
            match = EXPANDED_FROM_RE.search(line)
            if match:
                found.setdefault(match.group("addr").lower(), index)
    return next(iter(found.items())) if len(found) == 1 else None


def failure_of_expanded_alias(lines: list[str]) -> list[Failure]:
    """A report that lists only a program or a file as failed ('"|/usr/local/bin/filter"'): the
    address it was expanded from, with the words printed above it."""
    alias = expanded_alias(lines)
    if alias is None:
        return []
    address, at = alias
    above = [line.strip(" \t#*|") for line in lines[max(0, at - EXPANDED_REASON_LINES) : at + 1]]
    said = [line for line in above if line and FAILURE_WORDS_RE.search(line)] or [above[-1]]
    # The failed program and its reason say more than a heading ("permanent fatal errors").
    program = program_lines(lines, at)
    evidence = said + [line for line in program if line not in said]
    return [Failure(recipient=address, diagnostic=clean_diagnostic(" ".join(program or said)), evidence=evidence)]


def generated_by(line: str, above: str) -> str | None:
    """The address that made the pipe, file or autoreply named on the line above (Exim)."""
    generated = GENERATED_BY_RE.match(line)
    return generated.group("addr") if generated and EXIM_GENERATED_RE.match(above) else None


# The returned original's fields that tell whether it is itself a report (a forward of one).
ORIGINAL_FROM_RE = re.compile(r"^\s*From:\s*(.*)$", re.IGNORECASE)
ORIGINAL_SUBJECT_RE = re.compile(r"^\s*Subject:\s*(.*)$", re.IGNORECASE)


def failure_of_pasted_original(text: str) -> list[Failure]:
    """A pasted report that names no recipient in its own words ("Your message could not be
    delivered"), with the returned original's headers pasted under it: their one addressee, as
    ``failure_of_returned_original`` gives it for a mail. Not when the report's own part names an
    address as a recipient, has no word of a report, or is itself under a forward's heading, nor when
    the text below is a report itself (a forward)."""
    lines = text.split("\n")
    found = addressee_in_text(lines)
    if found is None:
        return []
    own = lines[: found[1]]
    if not has_bounce_cues("\n".join(own)) or any("@" in line and recipient_on_line(line.strip()) for line in own):
        return []
    if any(ORIGINAL_HEADING_RE.search(line) or opens_original(line) for line in own):
        return []  # a forward's "-----Original Message-----" above: the report is quoted, read as such
    below = lines[found[1] + 1 : found[1] + 12]
    sender = next((m.group(1) for m in map(ORIGINAL_FROM_RE.match, below) if m), "")
    subject = next((m.group(1) for m in map(ORIGINAL_SUBJECT_RE.match, below) if m), "")
    return [] if names_a_report(sender, subject) else failure_of_returned_original(lines)


@remembered_per_line
def recipient_on_line(line: str) -> str | None:
    if "@" not in line:
        return None
    if line.endswith(EXPANDED_FROM_WRAP):
        wrapped = EXPANDED_FROM_WRAP_RE.match(line)
        if wrapped:
            return wrapped.group("addr")
    labelled = (
        (search_at_openings(LABELLED_RECIPIENT_RE, line, LABEL_OPENINGS) if may_say(line, LABEL_NEEDLES) else None)
        or (GENERIC_LABEL_RE.match(line) if ":" in line and may_say(line, GENERIC_LABEL_NEEDLES) else None)
        or (ANGLE_COLON_RE.match(line) if ":" in line else None)
    )
    if labelled:
        return labelled.group("addr")
    if len(line) <= 320:
        plain = RECIPIENT_LINE_RE.match(line) or NAMED_RECIPIENT_LINE_RE.match(line)
        if plain and not looked_up_name_at(line, plain.start("addr")):
            return plain.group("addr")
        dated = RECIPIENT_ON_DATE_RE.match(line)
        if dated:
            return dated.group("addr") or dated.group("quoted")
    return None


# Sendmail prints its own code, the address, "..." and then what the remote server replied.
# qmail-smtpd's status at the end of its reply, "(#5.7.1)", glued to the last word by some patches.
HASHED_STATUS_RE = re.compile(r"\(#([245]\.\d{1,3}\.\d{1,3})\)")
SENDMAIL_QUOTED_REPLY_RE = re.compile(r"^\s*[45]\d\d <?[^\s<>]{1,320}>?\.\.\. ([45][0-5]\d)(?=[ -]\S)")


# A multi-line reply's first line may follow a report's own words on the same line: Gmail's old
# "PERM_FAILURE: SMTP Error (state 12): 553-Message filtered. …".
OPENED_REPLY_RE = re.compile(r":\s+(?P<reply>[45]\d\d)-\S")
# How far above its last line a multi-line reply is looked for.
MAX_REPLY_LINES_ABOVE = 12


def names_other_address(line: str, current: str) -> bool:
    """The line is Sendmail's reply about a local name that is not the recipient read above (nor its
    local part or domain): "550 5.1.1 MAILER-DAEMON... User unknown" under another recipient is the
    bounce of a bounce, no part of that recipient's failure."""
    if "... " not in line:
        return False
    named = SENDMAIL_ADDRESSEE_RE.match(line)
    if named is None:
        return False
    name = named.group("name").lower()
    local, _, domain = current.lower().rpartition("@")
    return name not in (current.lower(), local, domain)


def without_session_marker(line: str) -> str:
    """A transcript's reply line without the "<<< " its reporting MTA put before it: the server said
    what follows. Courier's DSN prints each reply line so in its text part and the same reply
    without it as the Diagnostic-Code (module.dsn/dsn.C, format_del_info and print_smtp_info), and
    Sendmail's transcript marks its replies the same way (usersmtp.c): the diagnostic is the reply."""
    return line.removeprefix(SESSION_REPLY)


def from_the_reply(line: str, reply: str | None) -> str:
    """A report flattened onto one line, from its error on: its headers and greeting are no diagnostic."""
    found = re.search(rf"(?:^|\s){reply}[ -]", line) if reply else None
    return line[found.start() :] if found else line


def reply_lines_above(lines: list[str], at: int, first_free: int, reply: str | None) -> list[str]:
    """The lines of the same multi-line reply just above line ``at`` (RFC 5321, 4.2.1: every line but
    the last has a hyphen after the code), back to the line that opens it, none before ``first_free``."""
    if not reply:
        return []
    above: list[str] = []
    index = at - 1
    while index >= max(first_free, at - MAX_REPLY_LINES_ABOVE):
        line = lines[index].strip().removeprefix(SESSION_REPLY)
        if line.startswith(f"{reply}-"):
            above.insert(0, line)
        else:
            opened = OPENED_REPLY_RE.search(line)
            if opened is not None and opened.group("reply") == reply:
                above.insert(0, line[opened.start("reply") :])
            break
        index -= 1
    return above


@remembered_per_line
def error_on_line(line: str, has_cues: bool, pasted: bool = False) -> tuple[str | None, str | None] | None:
    """The (reply code, enhanced status) an error line carries, if it is one (``pasted``: the text is
    no report its headers name, and a recipient's "<address>: 550 …" line counts too)."""
    if not DIGIT_RE.search(line):
        return None
    # Both status patterns start with a look-behind, so the regex engine tries them at every
    # character: a plain search for the start of a status spares them most lines with digits.
    statuses = STATUS_START_RE.search(line) is not None
    for match in REPLY_STATUS_RE.finditer(line) if statuses else ():
        reply, status = match.group(1), normalise_status(match.group(2))
        if reply[0] in "45" or status[0] in "45":
            return reply, status
    for match in STATUS_RE.finditer(line) if statuses else ():
        if match.group(1) in "45" and BARE_STATUS_CONTEXT_RE.search(line[: match.start()][-20:]):
            reply_match = (
                REPLY_RE.search(line[: match.start()])
                or (BARE_REPLY_RE.match(line) if has_cues else None)
                or (SAID_REPLY_RE.search(line, match.end()) if "said:" in line or REFUSED_TO_TALK in line else None)
                or exim_after_reply(line)
            )
            return (reply_match.group(1) if reply_match else None), normalise_status(match.group(0))
    if has_cues and REPLY_DIGITS_RE.search(line):  # the code both patterns need: most lines with digits have none
        quoted = SENDMAIL_QUOTED_REPLY_RE.match(line)
        if quoted:  # "554 <bob@example.org>... 550 Host unknown": the second code is the server's
            return quoted.group(1), None
        bare = BARE_REPLY_RE.match(line) or exim_after_reply(line) or (ADDRESS_REPLY_RE.match(line) if pasted and "@" in line else None)
        if bare and not MALFORMED_STATUS_RE.match(line[bare.start(1) :]):
            return bare.group(1), None
    return None


def hashed_status(reply_text: str, reply: str) -> str | None:
    """The status qmail-smtpd and its patches state at the end of a reply, "(#5.7.1)", once a relay
    wrapped the reply onto lines of its own (qmail-smtpd.c: "553 sorry, that domain isn't in my list
    of allowed rcpthosts (#5.7.1)"); only of the reply's own class."""
    hashed = HASHED_STATUS_RE.search(reply_text)
    return normalise_status(hashed.group(1)) if hashed and hashed.group(1)[0] == reply[0] else None


def code_ending(above: str, status: str) -> str | None:
    """The reply code the line above ends with, where a reply wrapped right after its code and the
    status opens the next line ('with message "550' / '5.7.1 Command rejected', as a forum or a
    mail program wraps a long exception message; Postfix's "said: 550" / "5.1.1 …" the same way).
    Only a code of the status's own class."""
    found = WRAPPED_CODE_RE.search(above.rstrip())
    return found.group(1) if found and found.group(1)[0] == status[0] else None


def ends_with_code_only(previous: str, line: str, recipient: str | None = None) -> bool:
    """Postfix wraps "said: 550" / "    <bob@example.org>: User unknown": the indented line after a
    bare code is the reply's text, even when it starts with an address. A web page or a paste may
    drop the indent: then the line must open with the recipient's own address, as Postfix echoes it
    (another recipient's block opens with its own). A mail program that wraps the report again at 72
    columns may also cut between the reply code and its status ("said: 550" / "5.1.1" / "    <bob@…>"):
    the status left alone at the start of a line is the same reply's, and so is the text below it."""
    if not line.strip():
        return False
    if TRAILING_REPLY_RE.search(previous) and WRAPPED_STATUS_RE.match(line):
        return previous.rstrip()[-3] == line.lstrip()[0]  # "550" / "5.1.1", never "550" / "4.2.2"
    if not (TRAILING_CODE_RE.search(previous) or WRAPPED_STATUS_RE.fullmatch(previous.strip())):
        return False
    return line[:1] in " \t" or (recipient is not None and line.lower().startswith(f"<{recipient.lower()}>:"))


# A relay, a mailing list or an old mail program that hard-wraps lines at this many columns or more
# (72, 76, 78) moves the word that would not fit to the start of the next line, unindented.
WRAP_COLUMNS = 72
MAX_WRAP_COLUMNS = 80
# Exim breaks the error text of its bounce after a colon once the line is past this many characters
# (deliver.c, print_address_error: "':' && isspace(*s) && count > 45"), and indents the rest, an
# indent a paste may lose: "554 5.7.1 <bob@example.org>: Recipient address rejected:" / "Recipient
# address rejected for policy reasons".
EXIM_COLON_BREAK = 45
SENTENCE_END = (".", "!", "?", ":", ";")
FIELD_LINE_RE = re.compile(r"^>?\s*[A-Za-z][\w-]{1,60}:\s")


def is_wrapped_rest(previous: str, line: str, width: int = MAX_WRAP_COLUMNS) -> bool:
    """The line holds the rest of the one above, cut where a hard wrap cut it: the line above is as
    long as a wrap leaves it (``width`` at most), its sentence is not over, and the first word here
    would not have fit."""
    above = previous.rstrip()
    if not line.strip() or line[:1] in " \t" or len(above) > width:
        return False
    exim_break = above.endswith(":") and len(above.lstrip()) > EXIM_COLON_BREAK
    if above.endswith(":") and line[:1].islower():
        pass  # "… not taken:" / "mailbox unavailable": a heading's next line would not start in lower case
    elif above.endswith(SENTENCE_END) and not above.endswith("...") and not exim_break:  # Sendmail's "<bob@example.org>..." goes on
        return False
    if not exim_break and len(above) + 1 + len(line.split()[0]) <= WRAP_COLUMNS:
        return False
    stripped = line.strip()
    return not (
        recipient_on_line(stripped)
        or FIELD_LINE_RE.match(stripped)  # "Status: 5.1.1", "Last-Attempt-Date: …": a field of its own
        or error_on_line(stripped, False)  # an error line of its own
        or HEADER_LINE_RE.match(stripped)
        or SEPARATOR_LINE_RE.fullmatch(stripped)
        or (stripped[:1] in ORIGINAL_FIRST_CHARS and ORIGINAL_MESSAGE_RE.match(stripped))
    )


# A paste wrapped wider than a mail program wraps (a web page's or a forum's column, a terminal's):
# once two lines of a reply show the wrap, the width is read from them, never past this.
MAX_PASTE_WRAP_COLUMNS = 100


def wider_wrap(previous: str, line: str, width: int) -> int:
    """The widest the wrap of a reply's lines may run once ``line`` joined ``previous``: a hard wrap
    cut ``previous`` because the first word of ``line`` would have run past its width, so that width
    is under where that word would have ended ("… messages from [192.0.2.1] weren't" (80) / "sent.
    Please contact … their network is" (82) / "on our block list (S3150)."). The lines below may be
    as long as that (at least ``MAX_WRAP_COLUMNS``, the widest any line shows no more)."""
    words = line.split()
    if not words:
        return width
    cut = len(previous.rstrip()) + len(words[0])  # the wrap's width is below this + 1
    bound = min(cut, MAX_PASTE_WRAP_COLUMNS) if width == MAX_WRAP_COLUMNS else min(cut, width)
    return max(MAX_WRAP_COLUMNS, bound)


# Postfix's "host <name>[<ip>] refused to talk to me: <reply>" (smtp_proto.c), wrapped inside its
# words ("… refused" / "to talk to me: 554 …", "… refused to talk" / "to me: 550 …") with its indent
# lost, or quoted with "> ": each way to split it, the end of one line and the start of the next.
GREETING_WORDS = "refused to talk to me:".split()
GREETING_SPLITS = tuple((" " + " ".join(GREETING_WORDS[:cut]), " ".join(GREETING_WORDS[cut:])) for cut in range(1, len(GREETING_WORDS)))
GREETING_TAILS = tuple(tail for _, tail in GREETING_SPLITS)  # tested first: few lines open with one


def greeting_wrapped(previous: str, line: str) -> bool:
    """The line goes on Postfix's greeting refusal that the line above broke off."""
    rest = line.lstrip("> ")
    return any(previous.endswith(head) and rest.startswith(tail) for head, tail in GREETING_SPLITS)


# The reply code after the wrapped rest of the greeting refusal: "me: 421 …" under "… refused to talk
# to" has no cue the error patterns know ("said:", "to me:"), the code follows it all the same.
GREETING_REPLY_RE = re.compile(r"\s*([45][0-5]\d)(?=[ -]\S|$)")


def greeting_reply(line: str) -> tuple[str | None, str | None] | None:
    """The (reply code, None) a line that goes on a wrapped greeting refusal states after its words
    (a reply with an enhanced status is read by error_on_line already)."""
    rest = line.lstrip("> ")
    for tail in GREETING_TAILS:
        if rest.startswith(tail):
            found = GREETING_REPLY_RE.match(rest, len(tail))
            return (found.group(1), None) if found else None
    return None


# Postfix indents the lines of a reply it wraps and closes the reply with "(in reply to RCPT TO
# command)" (smtp_trouble.c); a web page or a forum paste may drop the indent.
# A line that names the server in brackets and ends with its code alone: Postfix's "…[192.0.2.1]
# said: 550 5.7.1", Exim's "host mx.example.org [192.0.2.1]: 550 5.7.1". The reply's words were
# wrapped to the lines below.
BARE_CODE_AFTER_HOST_RE = re.compile(r"\]\s*(?:said)?:\s*[45]\d\d(?:[ -][245]\.\d{1,3}\.\d{1,3})?$", re.IGNORECASE)
IN_REPLY_TO = "(in reply to "
# How far below a wrapped line the closing "(in reply to … command)" may be.
SAID_REST_LINES = 4


def is_said_rest(block: list[str], lines: list[str], index: int) -> bool:
    """The unindented line is still the text of a reply that Postfix's "said:" or Exim's
    "host … [192.0.2.1]:" opened: the server's line ended with its code alone, or the closing
    "(in reply to … command)" is this line or one of the next few, or this line ends a closing that
    was itself wrapped."""
    line = lines[index]
    stripped = line.strip()
    if not stripped:
        return False
    bare = BARE_CODE_AFTER_HOST_RE.search(block[0]) is not None
    if not bare and not SAID_REPLY_RE.search(block[0]):
        return False
    read = " ".join(block).lower()
    if IN_REPLY_TO in read:  # "(in reply to MAIL" / "FROM command)"
        return "command)" not in read and stripped.lower().endswith("command)") and len(stripped) < 40
    # "said: 550 Message was not" / "accepted … mailbox bob@example.org is" / "… (in reply to RCPT TO command)"
    if closing_ahead(lines, index):
        return True
    if not bare or line[:1] in " \t":  # an indented line is the scanner's own continuation
        return False
    if (
        recipient_on_line(stripped)
        or FIELD_LINE_RE.match(stripped)
        or HEADER_LINE_RE.match(stripped)
        or error_on_line(stripped, False)
        or SEPARATOR_LINE_RE.fullmatch(stripped)
        or (stripped[:1] in ORIGINAL_FIRST_CHARS and ORIGINAL_MESSAGE_RE.match(stripped))
    ):
        return False
    return len(block) <= SAID_REST_LINES  # a code alone is no reply: its words are below


def closing_ahead(lines: list[str], index: int) -> bool:
    """Whether the reply's "(in reply to … command)" closes it within the next few lines, before a
    blank line, another recipient's "<address>:" line or a delivery-status field."""
    for ahead in lines[index : index + SAID_REST_LINES]:
        line = ahead.strip()
        if not line or line.startswith("<"):
            return False
        if IN_REPLY_TO in line.lower():  # before the field test: "unavailable: user not found (in reply to …"
            return True
        if FIELD_LINE_RE.match(line):
            return False
    return False


INTRO_LINE_RE = re.compile(
    r"\b(?:error|said|following|host|address(?:es)?|recipients?|reason|transcript|delivery|message)\b", re.IGNORECASE
)


# The prefix of a client's debug log line that holds a server's reply, up to "] S: " (Nodemailer).
LOGGED_REPLY_CUE = "] S: "


def logged_continuation(error_line: str, line: str, reply: str | None) -> bool:
    """The next line of a multi-line reply in a client's debug log: the same prefix as the line read
    as the error (time, level, "[#cid]"), with or without its "S: ", then the same reply code."""
    at = error_line.find(LOGGED_REPLY_CUE) if reply else -1
    if at < 0:
        return False
    stripped = line.strip()
    prefix = error_line[: at + 2]
    if not stripped.startswith(prefix):
        return False
    rest = stripped[len(prefix) :].removeprefix("S: ")
    return rest.startswith(f"{reply}-") or rest.startswith(f"{reply} ")


# Exim breaks an error it prints in a report after a colon and a space once the line holds more than
# 45 characters, and goes on on the next line, indented (deliver.c, print_address_error): the line
# after such a break is the same error, whatever it says.
EXIM_BREAK_AFTER_CHARS = 45


def opens_other_reply(line: str, reply: str | None) -> bool:
    """The line opens with a reply code other than the error's ("451 4.7.1 …" read, "550 5.7.1 …"
    under it): another reply, of another attempt or server, never the rest of this one (RFC 5321,
    4.2.1: every line of a multi-line reply carries the same code)."""
    if not reply:
        return False
    stripped = line.strip().removeprefix(SESSION_REPLY)
    code = reply_code(stripped)
    return code is not None and code != reply and stripped[3:4] in ("", " ", "-")


def is_continuation(line: str, reply: str | None, previous: str = "") -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    # A session transcript quotes each line of the reply.
    stripped = stripped.removeprefix(SESSION_REPLY)
    if reply and stripped.startswith(reply) and stripped[3:4] in (" ", "-"):
        return True
    # A line ending in ":" usually introduces the next part ("SMTP error from remote mail server
    # after RCPT TO:"); one that does not say so is still the reply's text ("… a valid From:"), and
    # so is one that Exim's break after a colon above left there.
    introduces = (
        stripped.endswith(":")
        and bool(INTRO_LINE_RE.search(stripped))
        and not (previous.endswith(":") and len(previous) > EXIM_BREAK_AFTER_CHARS)
    )
    # Exim's next item may be a pipe or file an alias made ("  pipe to |/usr/bin/ticket"), not an address.
    return (
        line[:1] in " \t"
        and not recipient_on_line(stripped)
        and len(stripped) < 400
        and not introduces
        and not (stripped[:1] in "psm" and EXIM_GENERATED_RE.match(stripped))
    )


# An address the error itself calls the sender: "<me@x>: Sender address rejected", "not allowed to
# send as boss@x", "on behalf of …", "MAIL FROM:<me@x>", a log line's "from=<me@x>" (Postfix's qmgr,
# ZoneMTA, Haraka), Exim's sender check "550-Verification failed for <me@x>" (its last line says
# "Sender verify failed", or "Invalid sender <me@x>" for a cached callout), Roundcube's 'Failed to set
# sender "me@x"', Postfix's sender login check "Sender address rejected: not owned by user me@x"
# (smtpd_check.c, reject_sender_login_mismatch: the SASL login the sender address is not owned by).
# Exim's failed sender callout quotes its own dialogue in the reply, "550-Called: 192.0.2.1",
# "550-Sent: RCPT TO:<me@x>", "550-Response: 550 5.1.1 <me@x>: …" (verify.c writes "Called:/Sent:/
# Response:" only when the address verified is not a recipient): the address there is the sender.
# Never the recipient of a one-line paste.
# "Rejected by header based Anti-Spoofing policy: <addr>": the address Mimecast names is the header
# From it judged spoofed (Mimecast's DOC-1369, the catalog's mimecast-policy-violation variant), the sender.
# Postfix's RHSBL refusal of the envelope sender, "554 5.7.1 Service unavailable; Sender address [me@x]
# blocked using dbl.example" (postconf(5), default_rbl_reply: "$rbl_class [$rbl_what] blocked using
# $rbl_domain", the class "Sender address" for reject_rhsbl_sender), brackets the address: the sender.
SENDER_BEFORE_RE = re.compile(
    r"(?:send(?:ing)? as|on behalf of|\bsender(?: address)?|mail from|\bfrom=|\benvelope[-_ ]?from=?|\bverification failed for|\bnot owned by user"
    r"|\banti-spoofing policy"
    r"|\b[45]\d\d-sent:\s*rcpt to|\b[45]\d\d-response:\s*[45]\d\d(?:[ -][45]\.\d{1,3}\.\d{1,3})?)\s*:?\s*[<\"\[]?$",
    re.IGNORECASE,
)
REPLY_LINE_START_RE = re.compile(r"[45]\d\d[ -]")
# After the address: "<me@x>: Sender address rejected" (Postfix's smtpd_sender_restrictions reply), also
# when the address stands as "label <me@x>" inside the reply's brackets, as a forum's link markup turned
# into text leaves it ("<me@x <me@x>>: Sender address rejected"): both addresses are the sender's.
SENDER_AFTER_WINDOW = 370  # the bracketed address's longest form and the words after it
SENDER_AFTER_RE = re.compile(r"^(?:[ \t]{1,4}<[^<>\s]{1,320}>)?>{0,2}\s*(?::|\.\.\.)?\s*(?:sender\b|not allowed to send\b)", re.IGNORECASE)


def choose_recipient(line: str, current: str | None, known: set[str], above: str = "") -> str | None:
    """The recipient an error line is about: a known one it names, else the one read above, else the
    first address it names that neither it nor its lead-in on the line ``above`` calls the sender."""
    # "to=bob@example.org": the address pattern takes a log field's name along ("=" may stand in a local part).
    in_line = [(without_log_field_name(match.group()), match.start(), match.end()) for match in ADDRESS_RE.finditer(line)]
    for address, _, _ in in_line:
        if address.lower() in known:
            return address
    if current:
        return current
    senders = {
        address.lower()
        for address, start, end in in_line
        if sender_at(line, start, end)
        or contact_at(line, start)
        or contact_wrapped_above(line, start, above)
        or attribution_line(line)
        or (start < MAIL_REPLY_WINDOW and sender_wrapped_above(line, address, above))
    }
    return next((address for address, _, _ in in_line if address.lower() not in senders), None)


def sender_at(line: str, start: int, end: int) -> bool:
    # A log's bare "from=me@x" field (ZoneMTA's delivery lines: "from=me@x[envelope@x]" in older
    # releases; the other SENDER_LOG_FIELD_RE names): "=" may stand in a local part, so the address
    # pattern takes the field's name along and SENDER_BEFORE_RE sees nothing before it. Every address
    # of that field is the sender.
    # (Looked for within one address's length before it: a line of addresses with no space stays linear.)
    window = max(0, start - 330)
    field = max(line.rfind(" ", window, start), line.rfind("\t", window, start)) + 1 or window
    if SENDER_LOG_FIELD_RE.match(line, field):
        return True
    return bool(
        SENDER_BEFORE_RE.search(line[max(0, start - 40) : start])
        or SENDER_AFTER_RE.match(line[end : end + SENDER_AFTER_WINDOW])
        or in_reply_to_mail_from(line, start, end)
    )


# The reply to MAIL FROM accepts or refuses the reverse-path alone: no recipient is named to the server
# before RCPT TO (RFC 5321 3.3, 4.1.1.2). An address in that reply's words is the sender's, whatever
# words it has: Sendmail's check_mail ruleset answers "553 5.1.8 <me@x>... Domain of sender address
# me@x does not exist" and, for an access map's REJECT of the envelope sender, "550 5.7.1 <me@x>...
# Access denied" (cf/m4/proto.m4). The line names the command it answers: Postfix "(in reply to MAIL
# FROM command)", Exim "after MAIL FROM:<me@x> SIZE=…:", PHPMailer "MAIL FROM command failed:" (see
# words.named_command). An address before the reply code is the report's own ("<bob@x>: host … said:
# 550 …", Postfix's recipient). (Both looked for within a few hundred characters of the address: a
# long line of addresses stays linear.)
MAIL_REPLY_WINDOW = 330


def in_reply_to_mail_from(line: str, start: int, end: int) -> bool:
    """The address at ``start`` stands in the words of a reply the line says answered MAIL FROM."""
    window = max(0, start - MAIL_REPLY_WINDOW)
    if REPLY_RE.search(line, window, start) is None:
        return False
    return named_command(line[window : end + MAIL_REPLY_WINDOW]) == "MAIL"


# The address a refusal asks the sender to write to ("… or contact toda@rx.t-online.de if obsolete",
# "Ask your postmaster … to contact tosa@rx.t-online.de", as T-Online's refusals word it; "[" opens
# the markdown link a forum makes of it): the receiving side's desk, never the recipient. So is the
# desk a text gives as "contact us at" (a blocklist's delisting answer, Trend Micro's "ask them to
# contact us at dul@mail-abuse.com"; a list managers' guide's "please contact us at info@…": wild
# set252/s26, set218/s03) and the one AT&T's block asks the error to be forwarded to ("… _is_blocked.
# For assistance forward this error to abuse_rbl@abuse-att.net": wild set253/s19; AT&T's refusals
# name that abuse mailbox as the contact for a delisting).
CONTACT_BEFORE_RE = re.compile(
    r"(?:\bcontact(?:\s+(?:us|them)\s+at)?|\bforward\s+(?:this|the)\s+(?:error|message)\s+to)\s+\[?$", re.IGNORECASE
)
CONTACT_WINDOW = 40  # the longest lead-in above ("forward this message to ") and its blanks


def contact_at(line: str, start: int) -> bool:
    return bool(CONTACT_BEFORE_RE.search(line[max(0, start - CONTACT_WINDOW) : start]))


def contact_wrapped_above(line: str, start: int, above: str) -> bool:
    """A desk's address that opens its line, its lead-in ending the line above ("… then ask them to
    contact us at" / "dul@mail-abuse.com", as the text wrapped it)."""
    return not line[:start].strip(" \t>[<") and contact_at(above.rstrip() + " ", len(above.rstrip()) + 1)


# A mail client's attribution line above a quoted message ("On Sat, Dec 3, 2022 at 5:21 PM, Ann Lee
# <ann@example.org> wrote:", the convention of Gmail, Thunderbird, Apple Mail and mutt): it names the
# quoted text's author, never a failed recipient.
ATTRIBUTION_LINE_RE = re.compile(r"^[\s>]*On\s[^\n]{1,300}?\swrote:\s*$")


def attribution_line(line: str) -> bool:
    return "wrote:" in line and ATTRIBUTION_LINE_RE.match(line) is not None


# The address-list fields of a message's header block (RFC 5322 3.6.2, 3.6.3 and 3.6.6: From, Sender,
# Reply-To, To, Cc, Bcc and their Resent- forms), with the labels Outlook writes them under in other
# languages (HEADER_LINE_RE's), as a forwarded or quoted message's header block opens them.
ADDRESS_FIELD_LINE_RE = re.compile(
    r"(?:From|To|Cc|Bcc|Reply-To|Sender|Resent-(?:From|Sender|To|Cc|Bcc)|Da|A|De|À|Von|An|Para|Van|Aan)\s*:", re.IGNORECASE
)
# The quote marks a reply puts before each line ("> ", "> > ").
LEADING_QUOTE_MARKS_RE = re.compile(r"[ \t]*(?:>[ \t]?)*")
# How far below its field's line a list of addresses is followed (a long Cc: of a patch thread runs
# over a dozen lines).
FOLDED_LIST_LINES = 16


def continues_address_list(lines: list[str], at: int) -> bool:
    """The line at ``at`` carries on the address list of a header field above it, in the header block
    of a forwarded or quoted message: a field's value may run over several lines (RFC 5322 2.2.3,
    folding; a mail program's forward re-wraps it, Gmail's "---------- Forwarded message ---------"
    with "Cc: a@x, \"B\" <b@y>," and the rest of the list on the lines below), and the list's
    addresses are separated by commas (3.4, address-list). So the lines from the field's own down to
    the one above this each hold a comma, the field's ends with one, and no line between is blank:
    a display name wrapped over a line end ("…, Simon" / "Horman <simon@x>") stays in the list. Its
    address is that message's addressee, never a failed recipient; a line with a reply code of its
    own (an error under a "To:" line) is no part of such a list."""
    if CODES_RE.search(lines[at]):
        return False
    for back in range(at - 1, max(-1, at - 1 - FOLDED_LIST_LINES), -1):
        text = LEADING_QUOTE_MARKS_RE.sub("", lines[back], count=1).strip()
        if "," not in text:
            return False
        if ADDRESS_FIELD_LINE_RE.match(text):
            return text.endswith(",") and "@" in text
    return False


# Postfix's DNS failure names the host name it looked up ("Name service error for name=mx.example.org
# type=A: Host not found", smtp_addr.c); a name built from a quoted address ("user@domain" in front of a
# relay's host) holds an "@", and the address pattern takes it, "name=" included: it is no recipient.
LOOKED_UP_NAME = "name service error for name="


def looked_up_name_at(line: str, start: int) -> bool:
    lead = len(LOOKED_UP_NAME) - len("name=")
    return line[max(0, start - lead) : start + len("name=")].lower() == LOOKED_UP_NAME


# A log's field that names the sender, its name run on before the address ("from=ann@example.com",
# "user=ann@example.com", as msmtp logs them; "envelope-from=ann@example.com", a key of the
# Received-SPF header field, RFC 7208 9.1): never the recipient.
SENDER_LOG_FIELD_RE = re.compile(r"(?:from|user|sender|mail_?from|envelope[-_]?from)=", re.IGNORECASE)
# A header field that names the sender, opening a pasted line: From and its Outlook labels in other
# languages (HEADER_LINE_RE: "Da:", "De:", "Von:", "Van:"), Sender, Resent-From and Resent-Sender (RFC
# 5322 3.6.2, 3.6.6), Return-Path (the envelope sender, RFC 5321 4.4), Envelope-From and
# X-Envelope-From (the envelope sender as delivery agents record it). Every address of the line is
# the sender's, wherever else the paste names it.
SENDER_FIELD_LINE_RE = re.compile(
    r"\s*>?\s*(?:from|da|de|von|van|sender|resent-from|resent-sender|return-path|(?:x-)?envelope-from)\s*:", re.IGNORECASE
)
# The same label alone on its line, its value on the next one, as a web page or a webmail's reading
# pane gives a header block copied as text (HEADER_LABEL_ALONE_RE: "Sender:" / "bounces+…@…").
SENDER_LABEL_ALONE_RE = re.compile(SENDER_FIELD_LINE_RE.pattern + r"\s*$", re.IGNORECASE)


# Header fields whose value is a message identifier, not a mailbox (RFC 5322 3.6.4: a msg-id is
# "<" id-left "@" id-right ">", which reads like an address): a paste that keeps the returned
# original's Message-ID or References line names no recipient there.
MESSAGE_ID_FIELDS = ("message-id:", "in-reply-to:", "references:", "resent-message-id:", "content-id:")


def names_message_ids(line: str) -> bool:
    return line.lstrip(" \t>").lower().startswith(MESSAGE_ID_FIELDS)


def sole_recipient(text: str) -> str | None:
    """The one address a short pasted error names, unless the error calls it the sender."""
    named: dict[str, str] = {}
    senders: set[str] = set()
    label_above = False  # the text line above is a sender field's label alone
    above = ""  # the text line above
    for line in text.split("\n"):
        if names_message_ids(line):
            continue
        sender_line = label_above or SENDER_FIELD_LINE_RE.match(line) is not None or attribution_line(line)
        previous = above
        if line.strip():
            label_above = SENDER_LABEL_ALONE_RE.match(line) is not None
            above = line
        for match in ADDRESS_RE.finditer(line):
            address = without_log_field_name(match.group())  # "to=bob@example.org" names bob@example.org
            key = address.lower()
            sender_field = SENDER_LOG_FIELD_RE.match(match.group())
            if sender_field:
                # "from=me@x", "user=me@x": the address the field holds is the sender's wherever else
                # the paste names it (msmtp's errormsg='envelope from address me@x not accepted …').
                senders.add(key[sender_field.end() :])
            if (
                sender_field
                or sender_line
                or sender_at(line, match.start(), match.end())
                or contact_at(line, match.start())
                or contact_wrapped_above(line, match.start(), previous)
                or key.startswith(("mailer-daemon@", "postmaster@"))
            ):
                senders.add(key)
            named.setdefault(key, address)
    candidates = [address for key, address in named.items() if key not in senders]
    if len(candidates) != 1:
        return None
    # The tail of an IMCEA-encapsulated address stands for it (base.whole_imcea), and that for the
    # Internet address it encapsulates (base.de_encapsulated).
    return de_encapsulated(whole_imcea(candidates[0], imcea_addresses(text)))


def sender_wrapped_below(line: str, address: str, lines: list[str], below: int) -> bool:
    """A reply whose words about the address went on the next line ("550 5.1.7 <me@x>:" /
    "Sender address rejected: …", as a report or a paste wraps it): the address is the sender's."""
    if below >= len(lines) or not REPLY_LINE_START_RE.match(line):
        return False
    return names_sender(f"{line} {lines[below].strip()}", address)


def sender_wrapped_above(line: str, address: str, above: str) -> bool:
    """A reply whose lead-in, ending in a colon, stands on the line above and calls the address the
    sender ("SMTP error from remote mail server after MAIL FROM:<me@x> SIZE=1234:" / "550 5.7.1 <me@x>...
    Access denied", as Exim prints it, and a paste keeps it). The lead-in's end and the reply's start
    are read: the address is looked for in a few hundred characters, however long the lines."""
    return above.endswith(":") and names_sender(f"{above[-MAIL_REPLY_WINDOW:]} {line[:MAIL_REPLY_WINDOW]}", address)


def names_sender(line: str, address: str) -> bool:
    """Whether the line calls the address the sender, in any of its mentions (Sendmail's "553 5.1.8
    <me@x>... Domain of sender address me@x does not exist" says so in its second)."""
    start = line.find(address)
    while start >= 0:
        if sender_at(line, start, start + len(address)):
            return True
        start = line.find(address, start + len(address))
    return False


# The notices that print "<address>; Failed; 5.2.2 (mailbox full)" and under it the remote server's
# reply as "Remote MTA mx.example.org: SMTP diagnostic: 552 RCPT TO:<bob@…> Mailbox disk quota
# exceeded": the Remote-MTA and Diagnostic-Code fields of the DSN written as text, the reply verbatim.
MTA_DIAGNOSTIC_RE = re.compile(r"\bRemote MTA [^\s:]+: SMTP diagnostic:\s*(?P<said>(?P<reply>[45][0-5]\d)\b.*)$", re.IGNORECASE)


def merge_mta_diagnostic(failure: Failure, diagnosed: re.Match[str], line: str) -> None:
    """The server's reply a "Remote MTA …: SMTP diagnostic: …" line quotes under the recipient's
    listed status: its words, and its code when of the status's own class (a 4xx under a 5.x.x
    status is no reply of this failure's)."""
    reply = diagnosed.group("reply")
    if failure.status is not None and failure.status[0] != reply[0]:
        reply = None
    merge_error(failure, reply, None, clean_diagnostic(diagnosed.group("said")), [line])


def merge_error(failure: Failure, reply: str | None, status: str | None, diagnostic: str, block: list[str]) -> None:
    """Keep the most specific code seen for the recipient and every distinct diagnostic."""
    if status and (failure.status is None or is_more_specific(status, failure.status)):
        failure.status = status
        # A catch-all status ("554 5.0.0 Service unavailable", Sendmail's own line after the server
        # refused the DATA with "<<< 550 Unknown user …") leaves the server's reply code as it was.
        if reply and not (failure.reply and status.endswith(".0.0")):
            failure.reply = reply
    if reply and failure.reply is None:
        failure.reply = reply
    if diagnostic and diagnostic not in failure.diagnostic:
        joined = f"{failure.diagnostic} | {diagnostic}" if failure.diagnostic else diagnostic
        failure.diagnostic = joined[:MAX_DIAGNOSTIC_CHARS]
    for line in block:
        if line not in failure.evidence and len(failure.evidence) < MAX_EVIDENCE_LINES:
            failure.evidence.append(line[:MAX_DIAGNOSTIC_CHARS])


def recognise(source: Source) -> bool:
    return True  # the last resort: every message


def read_with_layout(source: Source, layout: Layout) -> Parsed | None:
    """A report read by the scanner with its reader's layout; None when no failure is found, so that
    the next reader (at last the scanner alone) gets the message."""
    text = source.text
    if source.message is None:  # pasted text: no headers to go by
        failures = failures_from_text(text, layout=layout)
        return bounce(failures)
    failures = failures_from_text(text, failed_recipients_header(source), source.report_like, layout)
    return Parsed("bounce", failures) if failures and (source.report_like or has_bounce_cues(text)) else None


def read(source: Source) -> Parsed | None:
    return read_as_last_resort(source, PLAIN)


def read_as_last_resort(source: Source, layout: Layout) -> Parsed:
    """The scanner's answer, with a layout (formats/logpaste.py's for a mail log's lines): a bounce
    with the failures found, else "not a bounce"."""
    text = source.text
    if source.message is None:  # pasted text: an error line or a report's words, no headers to go by
        failures = failures_from_text(text, layout=layout) or failure_of_pasted_original(text)
        return Parsed("bounce", failures) if failures else Parsed("not-bounce", [])
    known = failed_recipients_header(source)
    failures = failures_from_text(text, known, source.report_like, layout) if text else []
    if failures and (source.report_like or has_bounce_cues(text)):
        return Parsed("bounce", failures)
    return Parsed("not-bounce", [])
