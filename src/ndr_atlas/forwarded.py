"""A bounce forwarded by a user: a mail (to the helpdesk, say) that carries the report as an
attached message (``message/rfc822``, an ``.eml`` file, or an Outlook ``.msg`` file), or quotes it
in its text under a forward marker ("-----Original Message-----" and a "From:" / "Subject:" block).

A real report carries an attached or quoted message too, the original it returns; that one is never
read as the report. The forwarded report is looked for only when the mail itself gave no failure,
and a quoted one only under a header block that names a report's sender or title.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from ndr_atlas.formats.base import (
    NON_FAILURE_KINDS,
    OUTLOOK_ITEM_TYPE,
    REPORT_PART_TYPES,
    Parsed,
    attached_file_name,
    decode_bytes,
    is_eml_file,
    is_outlook_item,
    names_a_report,
    normalise_newlines,
    report_parts,
)
from ndr_atlas.mime import MimePart, parse_mime
from ndr_atlas.parse import parse_message, parse_text

# A forward of a forward of …: deeper than this, nobody is looking for a bounce.
MAX_DEPTH = 3
# Kinds of a mail that talks about errors without being a report (a list post, a person's reply): a
# delivery report attached to it whole is still the report its writer passed on.
CARRIER_KINDS = ("bulk", "quoted")


def attached_bounce(message: MimePart, depth: int = 0) -> Parsed | None:
    """The report of the first attached message that is a bounce (or carries one); else the first
    attached report of another kind (a feedback report, an auto-reply …); else None."""
    other = None
    for raw in attached_messages(message):
        parsed = parse_message(raw)
        if parsed.kind == "bounce":
            return parsed
        if parsed.kind == "not-bounce" and depth + 1 < MAX_DEPTH:
            inner = attached_bounce(parse_mime(raw), depth + 1)
            if inner is not None and inner.kind == "bounce":
                return inner
            other = other or inner
        elif parsed.kind in CARRIER_KINDS and depth + 1 < MAX_DEPTH and (inner := attached_report(parse_mime(raw))) is not None:
            return inner
        elif parsed.kind in NON_FAILURE_KINDS:
            other = other or parsed
    return other


def attached_report(message: MimePart) -> Parsed | None:
    """The failures of an attached message built as a delivery report (a delivery-status part,
    RFC 3464 and RFC 6533, as RFC 6522's ``multipart/report`` carries it; or Exim's
    ``X-Failed-Recipients``), else None. A list post or a person's reply that attaches one passes the
    report on, whatever its own words are about (a patch review attaching the bounce of one copy)."""
    for raw in attached_messages(message):
        attached = parse_mime(raw)
        if not built_as_report(attached):
            continue
        parsed = parse_message(raw, attached)
        if parsed.kind == "bounce":
            return parsed
    return None


def built_as_report(message: MimePart) -> bool:
    return bool(message.get("X-Failed-Recipients")) or any(part.get_content_type() in REPORT_PART_TYPES for part in report_parts(message))


def attached_messages(message: MimePart) -> Iterator[str]:
    """The messages attached to this one (not those inside them), as text."""
    for part in report_parts(message):
        if part is message:
            continue
        if part.get_content_type() == "message/rfc822":
            raw = part.raw_body()
            if raw.strip():
                yield raw
        elif is_eml_file(part):
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and data.strip():
                yield normalise_newlines(decode_bytes(data))
        elif is_outlook_item(part):
            data = part.get_payload(decode=True)
            from ndr_atlas.msg import attached_item_text  # only a mail with a .msg attached needs it (and olefile)

            text = attached_item_text(data) if isinstance(data, bytes) else None
            if text is not None and text.strip():
                yield text


# What the report says of an attached Outlook item that could not be read, when the mail gave no
# failure of its own: which file, why, and what to do (the page's own words where olefile is a
# download of the page, not a package to install).
ITEM_UNREADABLE = {
    "en": 'The Outlook item attached to this email ("{name}") is damaged or incomplete and could not be read, so a '
    "bounce in it could not be diagnosed. Open the attachment in Outlook and save it again, or save the item it holds "
    "as an .eml file, and drop that here alone.",
    "it": 'L\'elemento di Outlook allegato a questa email ("{name}") è danneggiato o incompleto e non si può leggere, quindi '
    "un eventuale rapporto di mancato recapito al suo interno non è stato analizzato. Aprite l'allegato in Outlook e "
    "salvatelo di nuovo, oppure salvate il messaggio che contiene come file .eml, e trascinate qui solo quello.",
}
ITEM_TOO_LARGE = {
    "en": 'The Outlook item attached to this email ("{name}") was not read: its body (stored as compressed RTF) would '
    "unpack to more than 25 MB, the most this diagnoser unpacks. Save the attached item as an .eml file and drop that here alone.",
    "it": 'L\'elemento di Outlook allegato a questa email ("{name}") non è stato letto: il suo corpo (salvato come RTF '
    "compresso) una volta decompresso supererebbe i 25 MB, il massimo che il diagnostico decomprime. Salvate "
    "l'elemento allegato come file .eml e trascinate qui solo quello.",
}
ITEM_NOT_A_MESSAGE = {
    "en": 'The file attached to this email as an Outlook item ("{name}") holds no email (its format is also that of old '
    "Word and Excel files), so nothing in it was diagnosed. Drop the bounce itself here as a .msg or .eml file.",
    "it": 'Il file allegato a questa email come elemento di Outlook ("{name}") non contiene un\'email (il suo formato è anche '
    "quello dei vecchi file di Word ed Excel), quindi non è stato analizzato. Trascinate qui il rapporto stesso come "
    "file .msg o .eml.",
}
ITEM_NEEDS_OLEFILE = {
    "en": 'The Outlook item attached to this email ("{name}") was not read: reading .msg files needs the optional '
    "olefile package (pip install 'ndr-atlas[msg]'). Install it and run again, or save the attached item as an .eml "
    "file and give that alone.",
    "it": 'L\'elemento di Outlook allegato a questa email ("{name}") non è stato letto: per leggere i file .msg serve il '
    "pacchetto facoltativo olefile (pip install 'ndr-atlas[msg]'). Installatelo e riprovate, oppure salvate l'elemento "
    "allegato come file .eml e analizzate solo quello.",
}
ITEM_NEEDS_OLEFILE_PAGE = {
    "en": 'The Outlook item attached to this email ("{name}") was not read: the part of the diagnoser that reads .msg '
    "files could not be loaded. Reload the page and try again, or save the attached item as an .eml file and drop "
    "that here alone.",
    "it": 'L\'elemento di Outlook allegato a questa email ("{name}") non è stato letto: non è stato possibile caricare il '
    "componente del diagnostico che legge i file .msg. Ricaricate la pagina e riprovate, oppure salvate l'elemento "
    "allegato come file .eml e trascinate qui solo quello.",
}
MAX_NAME_CHARS = 120


def unread_outlook_item(message: MimePart) -> tuple[str, dict[str, str]] | None:
    """The first Outlook item attached to this mail that could not be read (damaged, not an Outlook
    file although typed as one, holding no email, or olefile missing): its file name and the note
    that says so, in each language; None when there is none."""
    for part in report_parts(message):
        if part is message or not is_outlook_item(part):
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data.strip():
            continue
        from ndr_atlas.msg import NEEDS_OLEFILE_PAGE, NOT_A_MESSAGE_PAGE, TOO_LARGE_PAGE, MsgError, is_msg, msg_to_text

        if not is_msg(data) and part.get_content_type() != OUTLOOK_ITEM_TYPE:
            continue  # a file named *.msg that is no Outlook file at all: not an item that failed
        texts = ITEM_UNREADABLE
        if is_msg(data):
            try:
                msg_to_text(data)
                continue
            except MsgError as exc:
                if exc.texts is NEEDS_OLEFILE_PAGE:
                    texts = ITEM_NEEDS_OLEFILE_PAGE if sys.platform == "emscripten" else ITEM_NEEDS_OLEFILE
                elif exc.texts is NOT_A_MESSAGE_PAGE:
                    texts = ITEM_NOT_A_MESSAGE
                elif exc.texts is TOO_LARGE_PAGE:
                    texts = ITEM_TOO_LARGE
        name = " ".join(attached_file_name(part).split())
        name = name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1] + "…"
        return name, {lang: text.format(name=name or "?") for lang, text in texts.items()}
    return None


# A forward written into the text (Outlook's "-----Original Message-----" or its rule and "From:"
# block, Gmail's "---------- Forwarded message ---------", Apple Mail's "Begin forwarded message:",
# Thunderbird's and GMX's "-------- Original-Nachricht --------" / "-------- Message original --------"),
# in the languages of the mail programs our readers use.
FORWARD_MARKER_RE = re.compile(
    r"^[ \t>]*(?:-{2,}\s*(?:Original Message|Forwarded message|Messaggio originale|Messaggio inoltrato|"
    r"Message d'origine|Message original|Message transféré|Ursprüngliche Nachricht|Original-Nachricht|Weitergeleitete Nachricht|"
    r"Mensaje original|Mensaje reenviado|Mensagem original|Mensagem encaminhada|Oorspronkelijk bericht|"
    r"Doorgestuurd bericht)\s*-{2,}|_{10,}|(?:Begin forwarded message|Inizio messaggio inoltrato)\s*:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# The quoted message's header block: "From:" and "Subject:" as each language's mail program writes them.
QUOTED_HEADER_RE = re.compile(
    r"^[ \t>]*\*?(?P<name>From|Da|Mittente|De|Von|Van|Sent|Inviato|Envoyé|Gesendet|Enviado|Verzonden|Date|Data|Datum|Fecha|"
    r"To|A|À|Pour|An|Para|Aan|Cc|Subject|Oggetto|Objet|Sujet|Betreff|Asunto|Assunto|Onderwerp)\*?\s*:[ \t]*(?P<value>.*)$",
    re.IGNORECASE,
)
SENDER_NAMES = ("from", "da", "mittente", "de", "von", "van")
SUBJECT_NAMES = ("subject", "oggetto", "objet", "sujet", "betreff", "asunto", "assunto", "onderwerp")
MAX_FORWARDS = 5  # markers looked at in one text
MAX_HEADER_LINES = 12


def quoted_bounce(text: str) -> Parsed | None:
    """The report quoted under a forward marker whose header block says it is one, else None."""
    for count, marker in enumerate(FORWARD_MARKER_RE.finditer(text)):
        if count >= MAX_FORWARDS:
            break
        body = quoted_report_body(text[marker.end() :])
        if body is not None:
            parsed = parse_text(body)
            if parsed.kind == "bounce":
                return parsed
    return None


def forwarded_report(text: str) -> tuple[str, str] | None:
    """A paste that forwards a report inline: the text above its first forward marker whose header
    block names a report (the forwarder's note), and the report under that block, as it reads pasted
    alone. None when no marker's block names a report."""
    for count, marker in enumerate(FORWARD_MARKER_RE.finditer(text)):
        if count >= MAX_FORWARDS:
            break
        body = quoted_report_body(text[marker.end() :])
        if body is not None and body.strip():
            return text[: marker.start()], body
    return None


def quoted_report_body(after_marker: str) -> str | None:
    """The text under a quoted header block that names a report sender or a report title."""
    lines = after_marker.lstrip("\n").split("\n")
    fields: dict[str, str] = {}
    block_end = 0
    for line in lines[:MAX_HEADER_LINES]:
        field = QUOTED_HEADER_RE.match(line)
        if field is None:
            break
        fields.setdefault(field.group("name").lower(), field.group("value"))
        block_end += 1
    sender = next((fields[name] for name in SENDER_NAMES if name in fields), "")
    subject = next((fields[name] for name in SUBJECT_NAMES if name in fields), "")
    if not names_a_report(sender, subject):
        return None
    # Quoting with "> " (plain-text replies) is taken off, so the report reads as it was sent; the blank
    # line that ends the header block is not the report's, whose readers may look at its first line.
    # Only a quoted body is unquoted: a report's own lines may start with ">" (Sendmail's transcript
    # writes each command it sent as ">>> RCPT To:<…>", savemail.c), and its stage is read there.
    body = lines[block_end:]
    if not all(line.startswith(">") for line in body if line.strip()):
        return "\n".join(body).lstrip("\n")
    return "\n".join(line[2:] if line.startswith("> ") else line.lstrip(">") for line in body).lstrip("\n")
