"""Find the failed recipients in a bounce: MIME delivery reports, pasted NDR text, error lines.

The parser is deliberately general: it reads RFC 3464 ``message/delivery-status`` fields where
they exist and otherwise walks the human-readable text line by line, pairing each SMTP error
with the recipient named closest before it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ndr_atlas.codes import REPLY_RE, REPLY_STATUS_RE, STATUS_RE, normalise_status
from ndr_atlas.mime import MimePart, parse_mime

# Text beyond this many characters is not read: bounces put their diagnosis first, and the
# cap keeps hostile pastes (megabytes of HTML) bounded in time.
MAX_TEXT_CHARS = 400_000
MAX_DIAGNOSTIC_CHARS = 1_000
MAX_CONTEXT_CHARS = 10_000
# A report says it is one near its top: cue words are looked for this far only.
CUES_WINDOW = 20_000

ADDRESS_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")
# A line that names only a recipient: "bob@example.org", "<bob@example.org>:", "bob@x (bob@x)",
# or a recipient and a dash before the reason ("bob@example.org - no such user here", MDaemon).
RECIPIENT_LINE_RE = re.compile(
    r"^[\s>*-]*(?:\"[^\"]{0,100}\"\s*|(?![\w .'-]{0,60}?\b(?:from|by|sender)\s)[\w .'-]{0,60}\s)?<?(?P<addr>" + ADDRESS_RE.pattern + r")>?"
    r"(?:\s*\(.{0,200}\)|\s+<[^<>\s]{3,254}>|\s*\[[^\]]{0,200}\])?\s*[:.,]?\s*(?:\.\.\..{0,200}|\s-\s.{1,200})?$"
)
# Labelled recipients in reports of every layout.
LABELLED_RECIPIENT_RE = re.compile(
    r"(?:Final-Recipient|Original-Recipient|X-Failed-Recipients|Recipient Address|Recipient|"
    r"Indirizzo destinatario|Your message to|Il messaggio per|RCPT TO|Failed recipient|"
    r"Destinatario|Intended recipient|Original recipient|Failed address|Unknown recipient|Invalid recipient|dda:SMTP=|;SMTP=|deliver message to|deliver mail to|could not be delivered to|"
    r"failed to deliver to|deliver your message to|Local mailbox)\s*:?\s*(?:rfc822\s*;\s*)?'?<?(?P<addr>"
    + ADDRESS_RE.pattern
    + r")",
    re.IGNORECASE,
)
# Words that say a delivery failed, for reports that print no SMTP code at all.
FAILURE_WORDS_RE = re.compile(
    r"unknown|not exist|doesn't exist|no such|not found|not listed|full|quota|exceed|reject|denied|fail|invalid|disabled|suspended|"
    r"expired|timed? ?out|retry|unable|could not|couldn't|cannot|can't|refused|unreachable|blocked|spam|"
    r"not (?:be )?delivered|undeliver|delayed|no longer|inactive|too (?:large|big|long)|permanent|error|"
    r"inesistente|sconosciut|piena|rifiutat|non recapitabile",
    re.IGNORECASE,
)
# "Undeliverable Address: x@y", "Unknown user: x@y", "Delivery failed 20 attempts: x@y" — any short
# label about a recipient or an address, except the sender's.
GENERIC_LABEL_RE = re.compile(
    r"^(?!.{0,40}?\b(?:sender|from|reply|return|envelope|mittente)\b)(?=[^:]{0,60}\b(?:address|recipient|user|mailbox|attempts?|failed|full|error-for)\b)"
    r"[A-Za-z][\w '-]{0,60}:\s*(?:\[SMTP:)?<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\]?\s*$",
    re.IGNORECASE,
)
# "<bob@example.org>: Sorry, …" — Postfix, qmail and many others put the reason after the address.
# "<bob@example.org>: …", and Exim's "anna@example.org <bob@example.org>: malformed address …"
# (two addresses run together: the one in brackets is the address it could not use).
ANGLE_COLON_RE = re.compile(r"^\s*(?:[^\s<>@]{1,64}@[^\s<>@]{1,255}\s+(?=<))?<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*:\s")
# Where the quoted original message starts: nothing after it belongs to the report.
ORIGINAL_MESSAGE_RE = re.compile(
    r"^\s*(?:Original message headers:|Intestazioni originali del messaggio:|Original Message Headers|"
    r"En-têtes de message d'origine|Encabezados de mensajes originales|Ursprungshuvuden|Cabeçalhos da mensagem original|"
    r"Ursprüngliche Nachrichtenkopfzeilen|Oorspronkelijke berichtkoppen"
    r"|[-=_*]{3,}[ -]*(?:[\w ,.']{0,30}?)(?:original|returned mail|copy of|unsent message|undelivered message|"
    r"messaggio originale|message headers|message follows|rejected message)"
    r"|(?:Below this line is a copy|Included is a copy|Original message follows)"
    r"|Content-Type:\s*message/rfc822|Content-Type:\s*text/rfc822-headers)",
    re.IGNORECASE,
)
# A line naming the sender, not a recipient ("A message sent by", "From:" …): the next address is skipped.
SENDER_CONTEXT_RE = re.compile(r"(?:sent by|\bsender|\bmittente|envelope-from|return-path)\s*:?\s*$", re.IGNORECASE)
# "bob@example.org on Thu, 26 Nov 2026 …" (Exchange 2003) names a recipient too.
RECIPIENT_ON_DATE_RE = re.compile(r"^\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s+on\s+\w{3},")
# Header lines of a pasted message (Outlook writes them in the user's language): never recipients.
HEADER_LINE_RE = re.compile(
    r"^(?:From|To|Cc|Sent|Date|Subject|Reply-To|Return-Path|Message-ID|Da|A|Inviato|Oggetto|De|À|Envoyé|Objet|"
    r"Von|An|Gesendet|Betreff|Para|Enviado|Asunto|Van|Aan|Verzonden|Onderwerp)\s*:",
    re.IGNORECASE,
)
# A status with no reply code in front counts only where reports put one: "#5.1.1", "Status: 5.1.1".
BARE_STATUS_CONTEXT_RE = re.compile(r"(?:^|[#(\[;:'\"=]|Status code|status)\s*$", re.IGNORECASE)
# Lower-case words, searched in lower-cased text: three times faster than a case-insensitive search.
BOUNCE_CUES_RE = re.compile(
    r"undeliver|delivery (?:has )?failed|couldn'?t be delivered|could not be delivered|not be delivered|"
    r"non recapitabil|recapito non|returned mail|mail delivery (?:failed|subsystem)|"
    r"delivery status notification|failure notice|permanent(?:ly)? (?:error|fatal)|diagnostic-code|"
    r"final-recipient|remote server returned|said:|mailer-daemon|message expired|retry timeout|"
    r"unable to deliver|delivery to the following|could not deliver|error details|"
    r"informazioni di diagnostica|diagnostic information|did not reach|following address|permanent failure|"
    r"failed recipient|could not be sent|cannot be delivered|non è stato recapitato|delivery failure|"
    r"(?:was|were|has) not (?:yet )?(?:been )?delivered|"
    r"informations de diagnostic|diagnostische gegevens|información de diagnóstico|diagnoseinformationen|"
    r"non remis|no se puede entregar|unzustellbar|onbestelbaar|não é possível entregar|"
    r"failure reasons|malformed (?:recipient )?address|incorrectly constructed",
)
REMOTE_HOST_RES = (
    re.compile(r"LastAttemptedServerName=(?P<host>[A-Za-z0-9.-]+)"),
    re.compile(r"Remote Server at (?P<host>[A-Za-z0-9.-]+)", re.IGNORECASE),
    re.compile(r"Server at (?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,}) \(", re.IGNORECASE),
    re.compile(r"\bhost (?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+) ?\["),
    re.compile(r"Remote-MTA:\s*dns;\s*(?P<host>[A-Za-z0-9.-]+)", re.IGNORECASE),
    re.compile(r"(?:Remote server|Server remoto|Receiving server|Server di ricezione)\s*:\s*(?P<host>[A-Za-z0-9.-]+)", re.IGNORECASE),
    re.compile(r"\bconnect to (?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\["),
    re.compile(r"\bConnected to (?P<host>[0-9]{1,3}(?:\.[0-9]{1,3}){3})\b"),
    re.compile(r"^(?P<host>[0-9]{1,3}(?:\.[0-9]{1,3}){3}) does not like"),  # qmail names the server by IP
)
# The SMTP command a server refused, as MTAs print it: Postfix "(in reply to RCPT TO command)", Exim
# "after end of data", 1&1 "for TEXT command", Sendmail transcripts ">>> DATA", qmail "but sender was
# rejected". Where a failure happened decides some reasons (an unknown user refused only after DATA
# is a content filter's doing, as Sisimai counts it).
SMTP_COMMAND_RE = re.compile(
    r"in reply to (?:the )?(?P<reply>RCPT TO|MAIL FROM|end of DATA|DATA|HELO|EHLO|STARTTLS|AUTH|BDAT)\b"
    r"|\bafter (?:pipelined |the )?(?P<after>RCPT TO|MAIL FROM|end of data|DATA|initial connection|HELO|EHLO|STARTTLS|AUTH|sending data block|"
    r"RCPT|MAIL|connect)\b"
    r"|\bfor (?P<for>TEXT|RCPT TO|MAIL FROM|DATA) (?:command|response)\b|most progress was (?P<progress>RCPT TO|MAIL FROM|DATA) response"
    r"|^\s*>>> (?P<sent>RCPT|MAIL|DATA|HELO|EHLO|STARTTLS|AUTH|\.)(?:\s|$|\b)"
    r"|\bbut (?P<qmail>sender|my name|connection) was rejected|(?P<greeting>refused to talk to me)"
    r"|\(state (?P<gmail>6|8|9|12|13|14|15|17|18)\)"
    r"|\bdid not like our (?:final )?(?P<dma>RCPT TO|MAIL FROM|DATA|EHLO|HELO|STARTTLS|AUTH)\b"
    r"|\bdoes not like (?P<qmail_rcpt>recipient)\b|\bfailed after I sent (?P<qmail_data>the message)\b",
    re.IGNORECASE,
)
COMMAND_NAMES = {
    "rcpt to": "RCPT",
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
# Lines of the report kept as evidence per failure: enough for a whole multi-line reply that a
# Sendmail transcript quotes after the DSN fields.
MAX_EVIDENCE_LINES = 12
COMMAND_HINT_RE = re.compile(r"reply|after|for |>>>|progress|rejected|talk|AFTER|FOR |\(state |not like")  # MTAs print these in lower case
TRAILING_CODE_RE = re.compile(r"\b[45]\d\d(?:[ -][245]\.\d{1,3}\.\d{1,3})?$")
# How far below an error line a wrapped "(in reply to … command)" may still belong to it.
COMMAND_LINES_AFTER = 4


def smtp_command(text: str) -> str | None:
    """The last SMTP command the text says was refused (RCPT, MAIL, DATA, EHLO, CONN …), if any."""
    if not COMMAND_HINT_RE.search(text):
        return None  # most lines of a report name no command: a cheap literal test spares the full pattern
    found = None
    for match in SMTP_COMMAND_RE.finditer(text):
        word = next(value for value in match.groups() if value)
        found = COMMAND_NAMES.get(word.lower(), found)
    return found


def named_command(diagnostic: str) -> str | None:
    """The refused command of one failure's own text: stated in words, else named in capitals
    (the last one named, as the session went on)."""
    found = smtp_command(diagnostic)
    if found is None and any(hint in diagnostic for hint in BARE_COMMAND_HINTS):
        names = BARE_COMMAND_RE.findall(diagnostic)
        found = COMMAND_NAMES[names[-1].lower()] if names else None
    return found


# Patterns used inside functions, compiled once: the catalog's few hundred rules would otherwise
# push them out of the re module's cache and have them compiled again and again.
HTML_BREAK_RE = re.compile(r"<br\s*/?>|</(?:p|div|tr|li|h\d)>", re.IGNORECASE)
MBOX_SEPARATOR_RE = re.compile(r"^From [^\n]*\n", re.MULTILINE)
HEADER_FIELD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{1,60}:[ \t]", re.MULTILINE)
MIME_HEADER_RE = re.compile(
    r"^(?:Received|Return-Path|Message-ID|MIME-Version|Content-Type|Delivered-To|X-[A-Za-z-]+):", re.MULTILINE | re.IGNORECASE
)
SEPARATOR_LINE_RE = re.compile(r"[-=_*# ]{3,}.{0,40}")
MALFORMED_STATUS_RE = re.compile(r"\d{3}[ -]\d+\.\d")
DIAGNOSTIC_TYPE_RE = re.compile(r"^(?:Diagnostic-Code:\s*)?(?:smtp|x-unix|x-postfix)\s*;\s*", re.IGNORECASE)
REMOTE_RETURNED_RE = re.compile(r"^Remote Server returned\s*'(.*?)'?$", re.IGNORECASE)
AUTO_REPLY_SUBJECT_RE = re.compile(
    r"out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|risposta automatica|fuori sede|vacation"
)
REPORT_SUBJECT_RE = re.compile(r"undeliver|delivery|failure|returned|non recapitabile|bounce|rejected|failed|user unknown")
DIAGNOSTIC_REPLY_RE = re.compile(r"(?:^|;)\s*([45]\d\d)\b")
BLANK_LINE_RE = re.compile(r"\n\s*\n")
# Cheap tests that spare the costlier patterns most lines of a report.
DIGIT_RE = re.compile(r"\d")
DATA_CHAR_RE = re.compile(r"[0-9@.]")
REMOTE_HINT_RE = re.compile(r"host|server|connect|does not like|remote-mta")  # searched in lower-cased lines
HOSTNAME_LINE_RE = re.compile(r"^\s*(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+){2,})\s*$")
# A reply code with no enhanced status, where MTAs print one: at the start of the line or after
# "said:", "refused to talk to me:", "returned '", "<<<" …
BARE_REPLY_RE = re.compile(
    r"^(?:.{0,200}?(?:said|talk to me|returned|replied|reply|response|answer|error|error[ _]code|responsecode|failed with|<<<"
    r"|diagnostic-code:\s*[\w-]{1,20}\s*;|host [\w.-]{1,253} \[[\w.:]{2,45}\])\s*[:']?\s*|['\"(\[]?)\s*([45][0-5]\d)(?:[ -](?=\S)|[,\]]|$)",
    re.IGNORECASE,
)
HTML_TAG_RE = re.compile(r"<(?:script|style)\b[^>]*>.*?</(?:script|style)\s*>|<[^>]{0,2000}>", re.IGNORECASE | re.DOTALL)


@dataclass
class Failure:
    """One failed (or delayed) recipient as read from the report."""

    recipient: str | None
    status: str | None = None
    reply: str | None = None
    remote_host: str | None = None
    diagnostic: str = ""
    action: str = "failed"
    command: str | None = None  # the SMTP command refused (RCPT, MAIL, DATA, EHLO, CONN …), when stated
    reporting_host: str | None = None  # the domain of the report's sender (the MTA that gave up)
    evidence: list[str] = field(default_factory=list)
    # More of the report for the match rules to read when it printed no error line of its own.
    context: str = ""


@dataclass
class Parsed:
    """What one message turned out to be, and its failures."""

    kind: str  # "bounce", "not-bounce", "feedback", "vacation", "delivered"
    failures: list[Failure]


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode with the declared charset when it works, else UTF-8, else Latin-1 (never fails)."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_html(text: str) -> str:
    """Turn an HTML body into plain lines; tags are dropped, never interpreted."""
    text = HTML_BREAK_RE.sub("\n", text)
    import html  # only HTML bodies need it: not imported at start

    return html.unescape(HTML_TAG_RE.sub(" ", text))


def looks_like_html(text: str) -> bool:
    head = text[:5000].lower()
    return "<html" in head or "<body" in head or ("<div" in head and "</div>" in head) or "<p>" in head


def split_mbox(text: str) -> list[str]:
    """Split an mbox ("From " separator lines) into messages; other text is one message."""
    if not text.startswith("From "):
        return [text]
    parts = MBOX_SEPARATOR_RE.split(text)
    return [part for part in parts if part.strip()]


def looks_like_mime(text: str) -> bool:
    """True when the text starts with RFC 5322 header fields rather than pasted prose."""
    first = text.lstrip("\n")[:2000]
    header_lines = HEADER_FIELD_RE.findall(first)
    return bool(HEADER_FIELD_RE.match(first)) and len(header_lines) >= 2 and bool(MIME_HEADER_RE.search(first))


def parse_text(text: str) -> Parsed:
    """Read pasted report text (no headers) or a single error line; newlines already LF (``as_text``)."""
    text = text[:MAX_TEXT_CHARS]
    if looks_like_html(text):
        text = strip_html(text)
    failures = failures_from_text(text)
    if failures:
        return Parsed("bounce", failures)
    return Parsed("not-bounce", [])


def failures_from_text(text: str, known_recipients: list[str] | None = None, report_like: bool = False) -> list[Failure]:
    """Pair every SMTP error in the text with the recipient named closest before it.

    ``report_like``: the message's headers already say it is a bounce (sender, subject).
    """
    lines = every_line = text.split("\n")
    for index, line in enumerate(lines):
        if ORIGINAL_MESSAGE_RE.match(line):
            lines = lines[:index]
            break
    has_cues = report_like or has_bounce_cues(text) or len(lines) <= 3
    known = {a.lower() for a in known_recipients or []}
    failures: dict[str | None, Failure] = {}
    order: list[str | None] = []
    listed: list[tuple[str, int]] = []  # recipients named without an error, with their line
    current: str | None = None
    last_host: str | None = None
    last_command: str | None = None  # named on a line above the error (Exim, Sendmail transcripts)
    latest: Failure | None = None  # the failure read last, and the line after its error
    latest_line = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        index += 1
        if not stripped or HEADER_LINE_RE.match(stripped):
            continue
        mentioned = smtp_command(stripped)
        recipient = recipient_on_line(stripped)
        if recipient and previous_text_line(lines, index - 1) and SENDER_CONTEXT_RE.search(previous_text_line(lines, index - 1)):
            recipient = None  # "A message sent by <x@y>": the sender, not a recipient
        if recipient and current is not None and recipient != current:
            last_host = None  # the next recipient's block: what was said above was about another
            last_command = None
        current = recipient or current
        if mentioned:
            last_command = mentioned
            if latest is not None and latest.command is None and index - latest_line <= COMMAND_LINES_AFTER:
                latest.command = mentioned  # Postfix wraps "(in reply to …)" under the error
        if not DATA_CHAR_RE.search(stripped):
            continue  # no digit, address or dotted name: no code, recipient or server on this line
        found = None
        if recipient:
            listed.append((recipient, index - 1))
            found = error_on_line(stripped, has_cues)
            if not found:
                continue
        host = HOSTNAME_LINE_RE.match(stripped)
        if host and current:
            last_host = host.group("host")
            continue
        found = found or error_on_line(stripped, has_cues)
        if not found:
            # Exim and qmail name the server on a line of its own above the SMTP error.
            if REMOTE_HINT_RE.search(stripped.lower()):
                last_host = find_remote_host(stripped) or last_host
                if (
                    latest is not None
                    and latest.remote_host is None
                    and latest.recipient == current
                    and index - latest_line <= COMMAND_LINES_AFTER
                ):
                    latest.remote_host = last_host  # delivery-status fields name the server after the error
            continue
        reply, status = found
        block = [stripped]
        # SMTP multi-line replies and wrapped diagnostics continue on the following lines.
        while index < len(lines) and (is_continuation(lines[index], reply) or ends_with_code_only(block[-1], lines[index])):
            block.append(lines[index].strip())
            index += 1
        owner = choose_recipient(stripped, current, known)
        diagnostic = clean_diagnostic(" ".join(block))
        failure = failures.get(owner)
        if failure is None:
            failure = Failure(recipient=owner)
            failures[owner] = failure
            order.append(owner)
        merge_error(failure, reply, status, diagnostic, block)
        failure.remote_host = failure.remote_host or find_remote_host(" ".join(block)) or last_host
        failure.command = failure.command or named_command(" ".join(block)) or last_command
        latest, latest_line = failure, index
    if not failures and has_cues:
        # A report in a language the cue words do not cover (Chinese, Russian …) is trusted on the
        # word of its headers (sender, subject) alone.
        strong = has_bounce_cues(text) or (report_like and mostly_foreign(text))
        from_listing = failures_from_listing(lines, listed, strong_cues=strong)
        if not from_listing and not listed and not known and report_like and has_bounce_cues(text):
            return failure_of_returned_original(every_line)
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
    if list(failures) == [None] and not listed and not known:
        # An error with no recipient named anywhere in the report (old Sendmail transcripts): the
        # returned original's one addressee.
        original = returned_original_recipient(every_line)
        if original is not None:
            failures[None].recipient = original[0]
            failures[None].evidence.append(original[2])
    if None in failures and len(order) > 1:
        # An error printed before any recipient (a host-level line such as "550 mx.example.org
        # (smtp)... Host unknown") repeats what the named recipients' own errors say.
        failures.pop(None)
        order.remove(None)
    return [failures[key] for key in order]


@functools.lru_cache(maxsize=8)  # asked of the same report text by the text scan and by parse_message
def has_bounce_cues(text: str) -> bool:
    """Words that say delivery failed ("undeliverable", "non recapitabile" …) near the top of the text."""
    return bool(BOUNCE_CUES_RE.search(text[:CUES_WINDOW].lower()))


def mostly_foreign(text: str) -> bool:
    """True when most letters of the text are not ASCII (a report in a script we have no cue words for)."""
    sample = text[:5000]
    if sample.isascii():
        return False
    letters = sum(c.isalpha() for c in sample)
    return letters > 0 and sum(c.isalpha() and not c.isascii() for c in sample) * 3 > letters


def previous_text_line(lines: list[str], index: int) -> str:
    """The closest non-empty line before ``index``."""
    for back in range(index - 1, max(index - 4, -1), -1):
        if lines[back].strip():
            return lines[back].strip()
    return ""


def failures_from_listing(lines: list[str], listed: list[tuple[str, int]], strong_cues: bool) -> list[Failure]:
    """Reports with no SMTP code at all: each listed recipient with the text printed under it."""
    failures: dict[str, Failure] = {}
    for recipient, start in listed:
        key = recipient.lower()
        if key in failures:
            continue
        # The heading above the recipient ("Delivery … has been delayed:") and the text under it,
        # across blank lines, up to the next recipient or the quoted original.
        heading = previous_text_line(lines, start)
        usable = heading and not recipient_on_line(heading) and not SEPARATOR_LINE_RE.fullmatch(heading)
        block = [heading, lines[start].strip()] if usable else [lines[start].strip()]
        for line in lines[start + 1 : start + 12]:
            stripped = line.strip()
            if not stripped:
                continue
            other = recipient_on_line(stripped)
            if (other and other.lower() != key) or len(block) >= 8:
                break
            block.append(stripped)
        text = " ".join(block)
        own_text = " ".join(block[1:] if usable else block)  # the heading above is not evidence enough
        if not strong_cues and not FAILURE_WORDS_RE.search(ADDRESS_RE.sub(" ", own_text)):
            continue  # an address with no word of failure near it, in a text that never says so either
        failures[key] = Failure(recipient=recipient, diagnostic=clean_diagnostic(text), evidence=block[:8])
    return list(failures.values())


# "Original Message:" and the like, above the returned message's own headers.
ORIGINAL_HEADING_RE = re.compile(r"\boriginal message\b|\bmessage d'origine\b|\bmessaggio originale\b", re.IGNORECASE)
ORIGINAL_TO_RE = re.compile(r"^\s*To:\s*(.*)$", re.IGNORECASE)


def returned_original_recipient(lines: list[str]) -> tuple[str, int, str] | None:
    """The one address the returned original was sent to, the line of its heading ("Original
    Message:", "----- Unsent message follows -----") and its "To:" line; None unless exactly one."""
    for index, line in enumerate(lines):
        if not (ORIGINAL_HEADING_RE.search(line) or ORIGINAL_MESSAGE_RE.match(line)):
            continue
        for below in lines[index + 1 : index + 12]:
            to = ORIGINAL_TO_RE.match(below)
            if to:
                addresses = list(dict.fromkeys(a.lower() for a in ADDRESS_RE.findall(to.group(1))))
                return (addresses[0], index, below.strip()) if len(addresses) == 1 else None
        return None
    return None


def failure_of_returned_original(lines: list[str]) -> list[Failure]:
    """A report that names no recipient at all (a phone carrier's "could not be delivered to
    mobile"): the one address the returned original was sent to, with the report's own words."""
    found = returned_original_recipient(lines)
    if found is None:
        return []
    address, heading, to_line = found
    said = [text.strip() for text in lines[:heading] if text.strip() and FAILURE_WORDS_RE.search(text)][:4]
    return [Failure(recipient=address, diagnostic=clean_diagnostic(" ".join(said)), evidence=[*said, to_line])]


def recipient_on_line(line: str) -> str | None:
    if "@" not in line:
        return None
    labelled = LABELLED_RECIPIENT_RE.search(line) or GENERIC_LABEL_RE.match(line) or ANGLE_COLON_RE.match(line)
    if labelled:
        return labelled.group("addr")
    if len(line) <= 320:
        plain = RECIPIENT_LINE_RE.match(line) or RECIPIENT_ON_DATE_RE.match(line)
        if plain:
            return plain.group("addr")
    return None


# Sendmail prints its own code, the address, "..." and then what the remote server replied.
SENDMAIL_QUOTED_REPLY_RE = re.compile(r"^\s*[45]\d\d <?[^\s<>]{1,320}>?\.\.\. ([45][0-5]\d)(?=[ -]\S)")


def error_on_line(line: str, has_cues: bool) -> tuple[str | None, str | None] | None:
    """The (reply code, enhanced status) an error line carries, if it is one."""
    if not DIGIT_RE.search(line):
        return None
    for match in REPLY_STATUS_RE.finditer(line):
        reply, status = match.group(1), normalise_status(match.group(2))
        if reply[0] in "45" or status[0] in "45":
            return reply, status
    for match in STATUS_RE.finditer(line):
        if match.group(1) in "45" and BARE_STATUS_CONTEXT_RE.search(line[: match.start()][-20:]):
            reply_match = REPLY_RE.search(line[: match.start()]) or (BARE_REPLY_RE.match(line) if has_cues else None)
            return (reply_match.group(1) if reply_match else None), normalise_status(match.group(0))
    if has_cues:
        quoted = SENDMAIL_QUOTED_REPLY_RE.match(line)
        if quoted:  # "554 <bob@example.org>... 550 Host unknown": the second code is the server's
            return quoted.group(1), None
        bare = BARE_REPLY_RE.match(line)
        if bare and not MALFORMED_STATUS_RE.match(line[bare.start(1) :]):
            return bare.group(1), None
    return None


def ends_with_code_only(previous: str, line: str) -> bool:
    """Postfix wraps "said: 550" / "    <bob@example.org>: User unknown": the indented line after a
    bare code is the reply's text, even when it starts with an address."""
    return line[:1] in " \t" and bool(line.strip()) and bool(TRAILING_CODE_RE.search(previous))


INTRO_LINE_RE = re.compile(
    r"\b(?:error|said|following|host|address(?:es)?|recipients?|reason|transcript|delivery|message)\b", re.IGNORECASE
)


def is_continuation(line: str, reply: str | None) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if stripped.startswith("<<< "):  # a Sendmail transcript quotes each line of the reply
        stripped = stripped[4:]
    if reply and stripped.startswith(reply) and stripped[3:4] in (" ", "-"):
        return True
    # A line ending in ":" usually introduces the next part ("SMTP error from remote mail server
    # after RCPT TO:"); one that does not say so is still the reply's text ("… a valid From:").
    introduces = stripped.endswith(":") and bool(INTRO_LINE_RE.search(stripped))
    return line[:1] in " \t" and not recipient_on_line(stripped) and len(stripped) < 400 and not introduces


def choose_recipient(line: str, current: str | None, known: set[str]) -> str | None:
    in_line = [a for a in ADDRESS_RE.findall(line)]
    for address in in_line:
        if address.lower() in known:
            return address
    if current:
        return current
    return in_line[0] if in_line else None


def merge_error(failure: Failure, reply: str | None, status: str | None, diagnostic: str, block: list[str]) -> None:
    """Keep the most specific code seen for the recipient and every distinct diagnostic."""
    if status and (failure.status is None or is_more_specific(status, failure.status)):
        failure.status = status
        if reply:
            failure.reply = reply
    if reply and failure.reply is None:
        failure.reply = reply
    if diagnostic and diagnostic not in failure.diagnostic:
        joined = f"{failure.diagnostic} | {diagnostic}" if failure.diagnostic else diagnostic
        failure.diagnostic = joined[:MAX_DIAGNOSTIC_CHARS]
    for line in block:
        if line not in failure.evidence and len(failure.evidence) < MAX_EVIDENCE_LINES:
            failure.evidence.append(line[:MAX_DIAGNOSTIC_CHARS])


def is_more_specific(new: str, old: str) -> bool:
    """5.1.10 beats 5.1.1 beats 5.0.0: a longer, non-generic detail says more."""

    def weight(code: str) -> tuple[int, int]:
        _, subject, detail = code.split(".")
        return (0 if subject == "0" and detail == "0" else 1, len(detail))

    return weight(new) > weight(old)


def clean_diagnostic(text: str) -> str:
    text = " ".join(text.split())
    text = DIAGNOSTIC_TYPE_RE.sub("", text)
    text = REMOTE_RETURNED_RE.sub(r"\1", text)
    return text[:MAX_DIAGNOSTIC_CHARS]


def find_remote_host(text: str) -> str | None:
    for pattern in REMOTE_HOST_RES:
        match = pattern.search(text)
        if match:
            return match.group("host").rstrip(".")
    return None


# --- MIME messages --------------------------------------------------------------------------


def parse_message(raw: str) -> Parsed:
    """Read one whole message (headers and MIME body); newlines already LF (``as_text``)."""
    return read_message(parse_mime(raw[: MAX_TEXT_CHARS * 10]))


def read_message(message: MimePart) -> Parsed:
    """Read one parsed message: its report, and who sent it."""
    parsed = read_report(message)
    sender = ADDRESS_RE.search(str(message.get("From", "")))
    if sender:
        for failure in parsed.failures:
            failure.reporting_host = sender.group(0).rpartition("@")[2].lower()
    return parsed


def read_report(message: MimePart) -> Parsed:
    report_like = is_report_like(message)
    kind = message_kind(message, report_like)
    if kind in ("feedback", "vacation"):
        return Parsed(kind, [])
    dsn_failures, delivered_only = failures_from_dsn(message)
    text = report_text(message)
    known = [f.recipient for f in dsn_failures if f.recipient] + ADDRESS_RE.findall(str(message.get("X-Failed-Recipients", "")))
    text_failures = failures_from_text(text, known, report_like) if text else []
    if dsn_failures:
        by_recipient = {(f.recipient or "").lower(): f for f in text_failures}
        for failure in dsn_failures:
            extra = by_recipient.get((failure.recipient or "").lower())
            if extra is None and len(text_failures) == 1 and len(dsn_failures) == 1:
                extra = text_failures[0]
            if extra:
                enrich(failure, extra)
        return Parsed("bounce", dsn_failures)
    if delivered_only:
        return Parsed("delivered", [])
    failed_header = ADDRESS_RE.findall(str(message.get("X-Failed-Recipients", "")))
    named = {a.lower() for a in failed_header}
    if text_failures and failed_header and not any(f.recipient and f.recipient.lower() in named for f in text_failures):
        # The header is the MTA's own list; the text named someone else (often the sender).
        context = " ".join(text[:MAX_CONTEXT_CHARS].split())
        text_failures = [dataclasses.replace(text_failures[0], recipient=a, context=context) for a in failed_header]
    if text_failures and (report_like or has_bounce_cues(text)):
        return Parsed("bounce", text_failures)
    if failed_header:  # Exim names the failed recipients in a header even when its text is unusual
        return Parsed(
            "bounce",
            [
                Failure(
                    recipient=a,
                    diagnostic=clean_diagnostic(text[:MAX_DIAGNOSTIC_CHARS]),
                    evidence=[f"X-Failed-Recipients: {a}"],
                    context=" ".join(text[:MAX_CONTEXT_CHARS].split()),
                )
                for a in failed_header
            ],
        )
    return Parsed("not-bounce", [])


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


def message_kind(message: MimePart, report_like: bool) -> str:
    """feedback (ARF), vacation (auto-reply), or bounce; an auto-reply that looks like a report is a bounce."""
    content_type = message.get_content_type()
    report_type = (message.get_param("report-type") or "") if content_type == "multipart/report" else ""
    if isinstance(report_type, str) and report_type.lower() == "feedback-report":
        return "feedback"
    if any(part.get_content_type() == "message/feedback-report" for part in report_parts(message)):
        return "feedback"
    auto = str(message.get("Auto-Submitted", "")).lower()
    subject = str(message.get("Subject", "")).lower()
    auto_reply = auto.startswith("auto-replied") or message.get("X-Autoreply") or message.get("X-Autorespond")
    if (auto_reply or AUTO_REPLY_SUBJECT_RE.search(subject)) and not report_like:
        return "vacation"
    return "bounce"


DSN_TYPES = ("message/delivery-status", "message/global-delivery-status")


def report_parts(message: MimePart) -> Iterator[MimePart]:
    """The message and its parts, without going into attached messages: the returned original
    is never parsed unless something needs it."""
    yield message
    if message.get_content_maintype() == "multipart":
        payload = message.get_payload()
        if isinstance(payload, list):
            for part in payload:
                yield from report_parts(part)


def is_report_like(message: MimePart) -> bool:
    sender = str(message.get("From", "")).lower()
    subject = str(message.get("Subject", "")).lower()
    return (
        message.get_content_type() == "multipart/report"
        or any(word in sender for word in ("mailer-daemon", "postmaster", "mail delivery", "microsoftexchange"))
        or bool(REPORT_SUBJECT_RE.search(subject))
        or bool(message.get("X-Failed-Recipients"))
    )


def failures_from_dsn(message: MimePart) -> tuple[list[Failure], bool]:
    """Per-recipient fields of every message/delivery-status part; (failures, only-delivered)."""
    failures: list[Failure] = []
    saw_delivered = False
    # A report forwarded as an attachment is read by forwarded.py, not here.
    status_parts = [part for part in report_parts(message) if part.get_content_type() in DSN_TYPES]
    for part in status_parts:
        for fields in delivery_status_groups(part):
            # A local delivery may name only the mailbox ("Final-Recipient: LOCAL;<bob>"): the
            # Original-Recipient then has the address.
            address = ADDRESS_RE.search(fields.get("final-recipient", "")) or ADDRESS_RE.search(fields.get("original-recipient", ""))
            action = fields.get("action", "failed").strip().lower().split()[0] if fields.get("action", "").strip() else "failed"
            if action in ("delivered", "relayed", "expanded"):
                saw_delivered = True
                continue
            status_match = STATUS_RE.search(fields.get("status", ""))
            diagnostic = fields.get("diagnostic-code", "")
            failure = Failure(recipient=address.group(0) if address else None, action=action)
            diag_codes = REPLY_STATUS_RE.search(diagnostic)
            status = normalise_status(status_match.group(0)) if status_match else None
            # The Status field is the reporting MTA's summary; the Diagnostic-Code quotes what the
            # remote server said, so its code wins unless it says less (X.Y.0) or another class.
            if diag_codes:
                said = normalise_status(diag_codes.group(2))
                if status is None or (status[0] == said[0] and not said.endswith(".0")) or is_more_specific(said, status):
                    if status is None or status[0] == said[0]:
                        status = said
            failure.status = status
            reply = diag_codes.group(1) if diag_codes else None
            if reply is None:
                bare = DIAGNOSTIC_REPLY_RE.search(diagnostic)
                reply = bare.group(1) if bare else None
            failure.reply = reply
            failure.command = named_command(diagnostic)
            failure.diagnostic = clean_diagnostic(diagnostic)
            failure.remote_host = find_remote_host("Remote-MTA: " + fields.get("remote-mta", "")) or find_remote_host(diagnostic)
            failure.evidence = [
                f"{name.title()}: {value}"
                for name, value in fields.items()
                if name in ("final-recipient", "action", "status", "diagnostic-code", "remote-mta")
            ]
            duplicate = next(
                (f for f in failures if f.recipient and failure.recipient and f.recipient.lower() == failure.recipient.lower()), None
            )
            if duplicate is None:
                failures.append(failure)
            elif failure.status and (duplicate.status is None or is_more_specific(failure.status, duplicate.status)):
                failures[failures.index(duplicate)] = failure
    return failures, saw_delivered and not failures


def delivery_status_groups(part: MimePart) -> list[dict[str, str]]:
    """The per-recipient field groups of a delivery-status part (the first group is per-message)."""
    payload = part.get_payload()
    groups: list[dict[str, str]] = []
    if isinstance(payload, list):
        for block in payload:
            if isinstance(block, MimePart):
                groups.append({k.lower(): " ".join(str(v).split()) for k, v in block.items()})
    else:
        raw = part.get_payload(decode=True)
        text = normalise_newlines(decode_bytes(raw) if isinstance(raw, bytes) else str(payload))
        for chunk in BLANK_LINE_RE.split(text):
            fields: dict[str, str] = {}
            last = ""
            for line in chunk.split("\n"):
                if line[:1] in (" ", "\t") and last:
                    fields[last] += " " + line.strip()
                elif ":" in line:
                    name, _, value = line.partition(":")
                    last = name.strip().lower()
                    fields[last] = value.strip()
            if fields:
                groups.append(fields)
    return [g for g in groups if "final-recipient" in g or "original-recipient" in g]


def report_text(message: MimePart) -> str:
    """The human-readable text of a report, without the returned original message."""
    chunks: list[str] = []
    for part in iter_report_parts(message):
        payload = part.get_payload()
        if part.get_content_maintype() == "multipart" and isinstance(payload, str):
            chunks.append(normalise_newlines(payload))  # a boundary that never occurs: read it as text
            continue
        raw = part.get_payload(decode=True)
        if not isinstance(raw, bytes):
            continue
        text = normalise_newlines(decode_bytes(raw, part.get_content_charset()))
        if part.get_content_type() == "text/html":
            text = strip_html(text)
        chunks.append(text)
        if sum(len(c) for c in chunks) > MAX_TEXT_CHARS:
            break
    return "\n".join(chunks)[:MAX_TEXT_CHARS]


def iter_report_parts(message: MimePart) -> list[MimePart]:
    """Text parts of the report itself; the attached original (message/rfc822) is skipped."""
    if not message.is_multipart():
        readable = message.get_content_maintype() in ("text", "multipart") or message.get_content_type() == "application/octet-stream"
        return [message] if readable else []
    parts: list[MimePart] = []
    has_plain = False
    for part in message.get_payload():
        if not isinstance(part, MimePart):
            continue
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            continue
        if part.is_multipart():
            parts.extend(iter_report_parts(part))
        elif ctype == "text/plain":
            has_plain = True
            parts.append(part)
        elif ctype == "text/html":
            parts.append(part)
    if has_plain:
        parts = [p for p in parts if p.get_content_type() != "text/html"] or parts
    return parts
