"""Outlook .msg files: the message an OLE compound file holds, written out as the MIME text the parser reads.

Outlook keeps a message as MAPI properties ([MS-OXMSG]): one stream per string or binary property
(``__substg1.0_<id><type>``), the fixed-size ones packed in ``__properties_version1.0``, one storage
per recipient and per attachment, and an attached message as a storage of its own. A delivery
report (``REPORT.IPM.Note.NDR`` and friends) keeps its per-recipient fields in the recipient
table; they are written back as the ``message/delivery-status`` part that Exchange builds them from
([MS-OXCMAIL] 2.1.3.6 and 2.2.3.7.1), so an NDR saved from Outlook is read like any DSN.

The OLE reader is the optional ``olefile`` package, imported only when a .msg arrives: the rest of
the runtime stays standard library only.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ndr_atlas.decoding import readable_text
from ndr_atlas.diagnose import BODY_TOO_LARGE_FIELD, BODY_UNREADABLE_FIELD, OLE_MAGIC
from ndr_atlas.formats.rfc3464 import supplementary_info
from ndr_atlas.limits import MAX_INPUT_BYTES, size_text
from ndr_atlas.parse import decode_bytes, normalise_newlines
from ndr_atlas.rtf import RtfError, RtfTooLarge, body_of, decompress

NEEDS_OLEFILE = "This is an Outlook .msg file; reading it needs the optional olefile package: pip install 'ndr-atlas[msg]'"
# In the browser the package comes with the page: when it cannot load, saving as .eml is the way out.
NEEDS_OLEFILE_PAGE = {
    "en": "This is an Outlook .msg file, and the part of the diagnoser that reads .msg files could not be loaded. "
    "Reload the page and try again, or save the message as an .eml file and drop that.",
    "it": "Questo è un file .msg di Outlook e non è stato possibile caricare il componente del diagnostico che legge i file .msg. "
    "Ricaricate la pagina e riprovate, oppure salvate il messaggio come file .eml e trascinate quello.",
}
UNREADABLE = "This looks like an Outlook .msg file, but it is damaged or incomplete and cannot be read ({detail}); save the message again from Outlook"
UNREADABLE_PAGE = {
    "en": "This looks like an Outlook .msg file, but it is damaged or incomplete and cannot be read. Save the message again from Outlook.",
    "it": "Sembra un file .msg di Outlook, ma è danneggiato o incompleto e non si può leggere. Salvate di nuovo il messaggio da Outlook.",
}
# A compressed RTF body that unpacks to more than the input limit (MAX_INPUT_BYTES) is not unpacked.
TOO_LARGE = "This Outlook .msg file's only body cannot be read: {detail}; save the message as an .eml file and give that"
TOO_LARGE_PAGE = {
    "en": "This Outlook .msg file cannot be read: its body (stored as compressed RTF) would unpack to more than 25 MB, "
    "the most this diagnoser unpacks. Save the message as an .eml file and drop that.",
    "it": "Questo file .msg di Outlook non si può leggere: il suo corpo (salvato come RTF compresso) una volta decompresso "
    "supererebbe i 25 MB, il massimo che il diagnostico decomprime. Salvate il messaggio come file .eml e trascinate quello.",
}

NOT_A_MESSAGE = (
    "This is an OLE compound file (the format of Outlook .msg files, but also of old Word and Excel files) "
    "with no Outlook message in it; give the bounce as a .msg, .eml or pasted text"
)
NOT_A_MESSAGE_PAGE = {
    "en": "This file is in the format of Outlook .msg files (also used by old Word and Excel files), but holds no email. "
    "Drop the bounce as a .msg or .eml file, or paste its text.",
    "it": "Questo file è nel formato dei file .msg di Outlook (usato anche dai vecchi file di Word ed Excel), ma non contiene un'email. "
    "Trascinate il rapporto di mancato recapito come file .msg o .eml, oppure incollatene il testo.",
}


class MsgError(ValueError):
    """A .msg file that cannot be read; ``texts`` says the same for the page, in each language."""

    def __init__(self, message: str, texts: dict[str, str]) -> None:
        super().__init__(message)
        self.texts = texts


def is_msg(data: bytes) -> bool:
    return data.startswith(OLE_MAGIC)


# Property ids ([MS-OXPROPS]) and types ([MS-OXCDATA] 2.11.1).
PR_MESSAGE_CLASS = 0x001A
PR_SUBJECT = 0x0037
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_TRANSPORT_MESSAGE_HEADERS = 0x007D
PR_NDR_REASON_CODE = 0x0C04
PR_NDR_DIAG_CODE = 0x0C05
PR_SENDER_NAME = 0x0C1A
PR_SUPPLEMENTARY_INFO = 0x0C1B
PR_SENDER_EMAIL_ADDRESS = 0x0C1F
PR_NDR_STATUS_CODE = 0x0C20
PR_REMOTE_MTA = 0x0C21  # PidTagRemoteMessageTransferAgent (PR_DSN_REMOTE_MTA)
PR_DISPLAY_TO = 0x0E04
PR_BODY = 0x1000
PR_REPORT_TEXT = 0x1001
PR_RTF_COMPRESSED = 0x1009
PR_BODY_HTML = 0x1013
PR_DISPLAY_NAME = 0x3001
PR_ADDRTYPE = 0x3002
PR_EMAIL_ADDRESS = 0x3003
PR_ATTACH_DATA = 0x3701
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_MIME_TAG = 0x370E
PR_SMTP_ADDRESS = 0x39FE
PR_INTERNET_CPID = 0x3FDE
PR_MESSAGE_CODEPAGE = 0x3FFD
PR_SENDER_SMTP_ADDRESS = 0x5D01

PT_LONG = 0x0003
PT_SYSTIME = 0x0040
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_BINARY = 0x0102
PT_OBJECT = 0x000D

# An attached message stored as a storage in the file (PidTagAttachDataObject, [MS-OXMSG] 2.2.2.1), by
# its lower-case name as MsgReader.entries keys it.
EMBEDDED_ITEM = f"__substg1.0_{PR_ATTACH_DATA:04X}{PT_OBJECT:04X}".lower()
# The property stream starts with a header whose size depends on the object ([MS-OXMSG] 2.4.1).
TOP_HEADER, EMBEDDED_HEADER, SUB_HEADER = 32, 24, 8
# The delivery reports a message class names, and the Action each one reports ([MS-OXCMAIL] 2.1.3.6.1.1):
# REPORT.IPM.Note.NDR, .DR, .Delayed.DR, .Relayed.DR, .Expanded.DR (and REPORT.IPM.Note.Delayed elsewhere).
REPORT_ACTIONS = {"NDR": "failed", "DR": "delivered", "DELAYED": "delayed", "RELAYED": "relayed", "EXPANDED": "expanded"}
# PidTagSupplementaryInfo ("<remote-mta #5.1.1 smtp;550 5.1.1 …>") is read as the DSN reader reads the
# X-Supplementary-Info field (rfc3464.supplementary_info); gromox writes the same value in
# PidTagRemoteMessageTransferAgent.
# The type an RFC 3464 Remote-MTA value starts with ("dns; mx.example").
MTA_TYPE_RE = re.compile(r"^[A-Za-z][\w-]*\s*;\s*")
# Header fields of the transport headers that describe the original MIME body, which the .msg no longer has.
BODY_FIELD_RE = re.compile(r"^(?:content-[\w-]*|mime-version)\s*:", re.IGNORECASE)
ADDRESS_RE = re.compile(r"^[^\s@<>]{1,64}@[^\s@<>]{1,255}$")
# Attachments deeper than this are not opened: a message attached to a message attached to …
MAX_DEPTH = 4


def msg_to_text(data: bytes) -> str:
    """The message of a .msg file as RFC 5322 text with a MIME body; MsgError when it cannot be read."""
    try:
        import olefile  # optional: pip install 'ndr-atlas[msg]'; the page loads it with the engine
    except ImportError:
        in_browser = sys.platform == "emscripten"
        raise MsgError(NEEDS_OLEFILE_PAGE["en"] if in_browser else NEEDS_OLEFILE, NEEDS_OLEFILE_PAGE) from None
    try:
        return read_compound_file(olefile, data, 0)
    except MsgError:
        raise
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError … on damaged files
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise MsgError(UNREADABLE.format(detail=detail), UNREADABLE_PAGE) from None


# [MS-CFB] 2.2, the compound file header: its Sector Shift MUST be 9 (version 3) or 12 (version 4)
# and its Mini Sector Shift 6. olefile takes 2 ** shift as it stands and, for a damaged one, fails
# on its own debug line (2 ** 65535 has too many digits to print: Python's advice to raise its
# int_max_str_digits became the user's message).
SHIFTS_AT = 30
SECTOR_SHIFTS = (9, 12)
MINI_SECTOR_SHIFT = 6


def impossible_sector_size(data: bytes) -> bool:
    if len(data) < SHIFTS_AT + 4:
        return False  # olefile says what is missing
    sector, mini = struct.unpack_from("<HH", data, SHIFTS_AT)
    return sector not in SECTOR_SHIFTS or mini != MINI_SECTOR_SHIFT


def read_compound_file(olefile: Any, data: bytes, depth: int, rtf_left: list[int] | None = None) -> str:
    """The message of one .msg file (the one given, or one attached to it as a file). ``rtf_left``:
    how many bytes its compressed RTF bodies may still unpack to, shared with the file it is attached
    to (MAX_INPUT_BYTES for the whole file given)."""
    if impossible_sector_size(data):
        raise MsgError(UNREADABLE.format(detail="its header gives a sector size other than 512 or 4096 bytes"), UNREADABLE_PAGE)
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        reader = MsgReader(ole, olefile, [MAX_INPUT_BYTES] if rtf_left is None else rtf_left)
        reader.check_complete(len(data))
        if reader.stream(["__properties_version1.0"]) is None:
            raise MsgError(NOT_A_MESSAGE, NOT_A_MESSAGE_PAGE)
        return reader.message([], TOP_HEADER, depth)


@dataclass
class Recipient:
    address: str | None
    supplementary: str
    remote_mta: str
    status: str | None
    reported: bool  # the row carries report fields (an NDR's failed recipient)


class MsgReader:
    """Reads the MAPI properties of one compound file; paths are lists of storage names."""

    def __init__(self, ole: Any, olefile: Any, rtf_left: list[int] | None = None) -> None:
        self.ole = ole
        self.olefile = olefile  # the module, for a .msg attached as a file
        # What the compressed RTF bodies of the whole file (its attached items too) may still unpack
        # to: each alone within the limit, a file of many such items would unpack to eight times its size.
        self.rtf_left = [MAX_INPUT_BYTES] if rtf_left is None else rtf_left
        # Every entry by its path, once: olefile finds a path by scanning each storage's entries,
        # which grows with the square of the recipients and attachments when done per property.
        self.entries: dict[tuple[str, ...], Any] = {}
        # Embedded items (by the path of their storage) with a stream cut short, and what is wrong:
        # check_complete finds them, attachments skips them.
        self.damaged_items: dict[tuple[str, ...], str] = {}
        seen = {ole.root.sid}
        pending: list[tuple[tuple[str, ...], Any]] = [((), ole.root)]
        while pending:
            path, node = pending.pop()
            for kid in node.kids:
                if kid.sid in seen:  # a damaged directory can list a storage inside itself
                    raise MsgError(UNREADABLE.format(detail="its directory loops"), UNREADABLE_PAGE)
                seen.add(kid.sid)
                self.entries[(*path, kid.name.lower())] = kid
                pending.append(((*path, kid.name.lower()), kid))

    def check_complete(self, file_size: int) -> None:
        """Every stream reads back whole, and no more is read than the file holds. olefile reads
        what is there: in a file cut short, some stream comes back short. And it follows sector
        chains for as long as a stream claims to be: in a damaged file, a chain that loops and a
        huge stated size would read the same sectors for gigabytes. A stream cut short inside an
        embedded item (an attached message stored as a storage) only makes that item unreadable: it is
        skipped, as a damaged .msg attached as a file is, and the report around it is still read."""
        stated = sum(entry.size for entry in self.entries.values()) + self.ole.root.size
        minifat = (self.ole.num_mini_fat_sectors or 0) * self.ole.sector_size
        if stated > 2 * file_size or minifat > file_size:  # streams share no sector: all of them fit in the file
            raise MsgError(UNREADABLE.format(detail="its streams claim more bytes than the file has"), UNREADABLE_PAGE)
        for path, entry in self.entries.items():
            if entry.entry_type == self.olefile.STGTY_STREAM and len(self.read(entry)) != entry.size:
                item = self.embedded_item(path)
                if item is None:
                    raise MsgError(UNREADABLE.format(detail=f"the stream {'/'.join(path)} is cut short"), UNREADABLE_PAGE)
                self.damaged_items.setdefault(item, f"the stream {'/'.join(path[len(item) :])} is cut short")

    def embedded_item(self, path: tuple[str, ...]) -> tuple[str, ...] | None:
        """The storage of the innermost embedded item that holds this entry; None for the file's own."""
        for end in range(len(path) - 1, 0, -1):
            if path[end - 1] == EMBEDDED_ITEM and self.entries[path[:end]].entry_type == self.olefile.STGTY_STORAGE:
                return path[:end]
        return None

    # --- properties -----------------------------------------------------------------------

    def read(self, entry: Any) -> bytes:
        data: bytes = self.ole._open(entry.isectStart, entry.size).read()  # what openstream does once it found the entry
        return data

    def stream(self, path: list[str]) -> bytes | None:
        entry = self.entries.get(tuple(name.lower() for name in path))
        if entry is None or entry.entry_type != self.olefile.STGTY_STREAM:
            return None
        return self.read(entry)

    def fixed(self, where: list[str], header: int) -> dict[int, bytes]:
        """The fixed-size values of the property stream, by property id (8 bytes each)."""
        raw = self.stream([*where, "__properties_version1.0"]) or b""
        values: dict[int, bytes] = {}
        for offset in range(header, len(raw) - 15, 16):
            tag, _flags = struct.unpack_from("<II", raw, offset)
            values[tag >> 16] = raw[offset + 8 : offset + 16]
        return values

    def string(self, where: list[str], prop: int, codepage: str = "cp1252") -> str | None:
        unicode = self.stream([*where, f"__substg1.0_{prop:04X}{PT_UNICODE:04X}"])
        if unicode is not None:
            return unicode.decode("utf-16-le", "replace").split("\x00", 1)[0]
        eight_bit = self.stream([*where, f"__substg1.0_{prop:04X}{PT_STRING8:04X}"])
        if eight_bit is not None:
            try:
                return eight_bit.split(b"\x00", 1)[0].decode(codepage, "replace")
            except LookupError:  # a codec this Python lacks (Pyodide leaves some out)
                return eight_bit.split(b"\x00", 1)[0].decode("cp1252", "replace")
        return None

    def binary(self, where: list[str], prop: int) -> bytes | None:
        return self.stream([*where, f"__substg1.0_{prop:04X}{PT_BINARY:04X}"])

    def children(self, where: list[str], prefix: str) -> Iterator[list[str]]:
        """The recipient or attachment storages right under ``where``, in their numbered order."""
        parent = tuple(name.lower() for name in where)
        names = [entry.name for path, entry in self.entries.items() if len(path) == len(parent) + 1 and path[:-1] == parent]
        for name in sorted(n for n in names if n.startswith(prefix)):
            yield [*where, name]

    # --- the message ------------------------------------------------------------------------

    def message(self, where: list[str], header: int, depth: int) -> str:
        fixed = self.fixed(where, header)
        codepage = codepage_name(fixed)
        message_class = self.string(where, PR_MESSAGE_CLASS, codepage) or "IPM.Note"
        action = report_action(message_class)
        recipients = [self.recipient(path, codepage) for path in self.children(where, "__recip_version1.0_#")]
        parts: list[str] = []
        rtf_problem, too_large = "", False
        body = self.string(where, PR_BODY, codepage)
        report_text = self.string(where, PR_REPORT_TEXT, codepage)
        text = "\n\n".join(t for t in (report_text, body) if t and t.strip())
        if text:
            parts.append(text_part("text/plain", text))
        else:
            html = self.string(where, PR_BODY_HTML, codepage)
            if html is None:
                raw_html = self.binary(where, PR_BODY_HTML)
                html = decode_bytes(raw_html, internet_charset(fixed)) if raw_html is not None else None
            if html:
                parts.append(text_part("text/html", html))
            else:
                rtf_part, rtf_problem, too_large = self.rtf_body(where)
                parts.extend(rtf_part)
        reported = [r for r in recipients if r.reported]
        if action is not None and (reported or (recipients and action == "failed")):
            parts.append(delivery_status(reported or recipients, action))
        if depth < MAX_DEPTH:
            parts.extend(self.attachments(where, depth, codepage))
        headers = self.headers(where, fixed, codepage, recipients)
        if rtf_problem:
            # The damaged body was all there was to read: an error for the file given, while an item
            # attached inside it only goes without its body (the report around it is still read).
            if not parts and depth == 0 and too_large:
                raise MsgError(TOO_LARGE.format(detail=rtf_problem), TOO_LARGE_PAGE)
            if not parts and depth == 0:
                raise MsgError(UNREADABLE.format(detail=rtf_problem), UNREADABLE_PAGE)
            headers.append(f"{BODY_TOO_LARGE_FIELD if too_large else BODY_UNREADABLE_FIELD}: {rtf_problem}")
        subtype = "report; report-type=delivery-status" if action is not None else "mixed"
        return assemble(headers, subtype, parts)

    def rtf_body(self, where: list[str]) -> tuple[list[str], str, bool]:
        """The body Outlook kept only as compressed RTF (PidTagRtfCompressed), as the HTML or text it
        wraps; with what is wrong when the stream is damaged, and whether it is because the stream
        holds more than what the file's bodies have left of the input limit (it is then not unpacked
        further)."""
        raw = self.binary(where, PR_RTF_COMPRESSED)
        if raw is None:
            return [], "", False
        try:
            rtf = decompress(raw, self.rtf_left[0])
            self.rtf_left[0] -= len(rtf)
            content_type, text = body_of(rtf)
        except RtfTooLarge as exc:
            shared = self.rtf_left[0] < MAX_INPUT_BYTES  # the file's other bodies took part of the limit
            together = f"the compressed RTF bodies of this file unpack to more than the {size_text(MAX_INPUT_BYTES)} limit"
            return [], together if shared else str(exc), True
        except RtfError as exc:
            return [], str(exc), False
        return ([text_part(content_type, text)] if text.strip() else []), "", False

    def headers(self, where: list[str], fixed: dict[int, bytes], codepage: str, recipients: list[Recipient]) -> list[str]:
        """The transport headers as received, without the fields of the MIME body they described;
        else From, To, Subject and Date rebuilt from the message's properties."""
        transport = self.string(where, PR_TRANSPORT_MESSAGE_HEADERS, codepage)
        if transport and transport.strip():
            return header_fields(transport)
        fields: list[str] = []
        name = self.string(where, PR_SENDER_NAME, codepage) or ""
        address = self.string(where, PR_SENDER_SMTP_ADDRESS, codepage) or self.string(where, PR_SENDER_EMAIL_ADDRESS, codepage) or ""
        if name or address:
            fields.append("From: " + one_line(f'"{name}" <{address}>' if name and ADDRESS_RE.match(address) else name or address))
        to = self.string(where, PR_DISPLAY_TO, codepage) or ", ".join(r.address for r in recipients if r.address)
        if to:
            fields.append("To: " + one_line(to))
        subject = self.string(where, PR_SUBJECT, codepage)
        if subject is not None:
            fields.append("Subject: " + one_line(subject))
        submitted = fixed.get(PR_CLIENT_SUBMIT_TIME)
        if submitted is not None:
            fields.append("Date: " + filetime_to_rfc5322(struct.unpack("<Q", submitted)[0]))
        return fields

    def recipient(self, where: list[str], codepage: str) -> Recipient:
        fixed = self.fixed(where, SUB_HEADER)
        addrtype = (self.string(where, PR_ADDRTYPE, codepage) or "").upper()
        candidates = [self.string(where, PR_SMTP_ADDRESS, codepage)]
        candidates.append(self.string(where, PR_EMAIL_ADDRESS, codepage) if addrtype in ("SMTP", "") else None)
        candidates.append(self.string(where, PR_DISPLAY_NAME, codepage))
        address = next((c.strip().strip("'<>") for c in candidates if c and ADDRESS_RE.match(c.strip().strip("'<>"))), None)
        supplementary = one_line(self.string(where, PR_SUPPLEMENTARY_INFO, codepage) or "")
        remote_mta = one_line(self.string(where, PR_REMOTE_MTA, codepage) or "")
        status = status_from_code(fixed.get(PR_NDR_STATUS_CODE))
        reported = bool(supplementary or remote_mta or status) or PR_NDR_DIAG_CODE in fixed or PR_NDR_REASON_CODE in fixed
        return Recipient(address, supplementary, remote_mta, status, reported)

    def attachments(self, where: list[str], depth: int, codepage: str) -> Iterator[str]:
        """An attached message (a .msg inside, or an .eml's bytes) as message/rfc822; a delivery
        status or headers file as what it is. Other files say nothing about a bounce."""
        for path in self.children(where, "__attach_version1.0_#"):
            embedded = [*path, EMBEDDED_ITEM]
            key = tuple(name.lower() for name in embedded)
            entry = self.entries.get(key)
            if entry is not None and entry.entry_type == self.olefile.STGTY_STORAGE:
                if key in self.damaged_items:  # a stream of it is cut short: skipped, as a damaged .msg file below
                    continue
                try:
                    item = self.message(embedded, EMBEDDED_HEADER, depth + 1)
                except Exception:  # damaged in another way (olefile raises OSError, struct.error …): skipped too
                    continue
                yield "Content-Type: message/rfc822\n\n" + item
                continue
            data = self.binary(path, PR_ATTACH_DATA)
            if data is None:
                continue
            mime_type = (self.string(path, PR_ATTACH_MIME_TAG, codepage) or "").strip().lower()
            name = (self.string(path, PR_ATTACH_LONG_FILENAME, codepage) or self.string(path, PR_ATTACH_FILENAME, codepage) or "").lower()
            if is_msg(data):  # a .msg file attached as a file
                if depth + 1 < MAX_DEPTH:
                    try:
                        item = read_compound_file(self.olefile, data, depth + 1, self.rtf_left)
                    except Exception:  # an old Word or Excel file, or a damaged one: not a message to read
                        continue
                    yield "Content-Type: message/rfc822\n\n" + item
            elif mime_type == "message/rfc822" or name.endswith(".eml"):
                yield "Content-Type: message/rfc822\n\n" + normalise_newlines(decode_bytes(data))
            elif mime_type in ("message/delivery-status", "message/global-delivery-status", "text/rfc822-headers"):
                yield f"Content-Type: {mime_type}\n\n" + normalise_newlines(decode_bytes(data))


def attached_item_text(data: bytes) -> str | None:
    """The message of an Outlook item attached to a mail as a file (a .msg), as a dropped .msg is
    read (msg_to_text, then decoding.readable_text as diagnose's as_text ends); None when
    the file is no .msg or cannot be read (damaged, or olefile missing): the mail stays as it is."""
    if not is_msg(data):
        return None
    try:
        text = msg_to_text(data)
    except MsgError:
        return None
    return readable_text(text)


# --- helpers ------------------------------------------------------------------------------


def report_action(message_class: str) -> str | None:
    """The DSN Action of a report's message class (REPORT.IPM.Note.NDR → failed, …Delayed.DR →
    delayed); None for other classes (read receipts are no delivery reports)."""
    parts = message_class.strip().upper().split(".")
    if len(parts) < 3 or parts[0] != "REPORT":
        return None
    if parts[-1] == "DR" and parts[-2] in REPORT_ACTIONS:
        return REPORT_ACTIONS[parts[-2]]
    return REPORT_ACTIONS.get(parts[-1])


def status_from_code(raw: bytes | None) -> str | None:
    """PidTagNonDeliveryReportStatusCode holds the Status as a number (511 for 5.1.1); only a
    three-digit value reads back without doubt."""
    if raw is None:
        return None
    value = struct.unpack("<i", raw[:4])[0]
    text = str(value)
    return f"{text[0]}.{text[1]}.{text[2]}" if len(text) == 3 and text[0] in "245" else None


def delivery_status(recipients: list[Recipient], action: str) -> str:
    """The message/delivery-status part of a report, one field group per recipient row."""
    groups = []
    for recipient in recipients:
        fields = [f"Final-Recipient: rfc822; {recipient.address or 'unknown'}", f"Action: {action}"]
        found = supplementary_info(recipient.supplementary)
        status = found[1] if found else recipient.status
        if status:
            fields.append(f"Status: {status}")
        remote_mta = MTA_TYPE_RE.sub("", recipient.remote_mta) or (found[0] if found else "")
        if remote_mta:
            fields.append(f"Remote-MTA: dns; {remote_mta}")
        diagnostic = found[2] if found else recipient.supplementary
        if diagnostic:
            fields.append("Diagnostic-Code: " + (diagnostic if ";" in diagnostic[:20] else f"smtp; {diagnostic}"))
        groups.append("\n".join(fields))
    return "Content-Type: message/delivery-status\n\n" + "\n\n".join(groups) + "\n"


def text_part(content_type: str, text: str) -> str:
    """A text body part, base64 in UTF-8: no character of the property is lost on the way."""
    encoded = base64.encodebytes(normalise_newlines(text).encode("utf-8")).decode("ascii")
    return f"Content-Type: {content_type}; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{encoded}"


def assemble(headers: list[str], subtype: str, parts: list[str]) -> str:
    boundary = "ndr-atlas-msg"
    while any(boundary in part for part in parts):
        boundary += "-x"
    body = "".join(f"--{boundary}\n{part.rstrip(chr(10))}\n" for part in parts) + f"--{boundary}--\n"
    head = [*headers, "MIME-Version: 1.0", f'Content-Type: multipart/{subtype}; boundary="{boundary}"']
    return "\n".join(head) + "\n\n" + body


def header_fields(transport: str) -> list[str]:
    """The header fields of PidTagTransportMessageHeaders, each with its continuation lines,
    except those of the MIME body (Content-*, MIME-Version)."""
    fields: list[str] = []
    keep = False
    for line in normalise_newlines(transport).split("\n"):
        if not line.strip():
            if fields:
                break  # the headers end at the first blank line
            continue
        if line[0] in " \t":
            if keep and fields:
                fields[-1] += "\n" + line
            continue
        keep = ":" in line and not BODY_FIELD_RE.match(line)
        if keep:
            fields.append(line)
    return fields


def one_line(value: str) -> str:
    return " ".join(value.split())


def codepage_name(fixed: dict[int, bytes]) -> str:
    """The Python codec of the message's 8-bit strings (PidTagMessageCodepage), Windows-1252 by default."""
    raw = fixed.get(PR_MESSAGE_CODEPAGE)
    if raw is not None:
        name = CODEPAGES.get(struct.unpack("<I", raw[:4])[0])
        if name:
            return name
    return "cp1252"


def internet_charset(fixed: dict[int, bytes]) -> str | None:
    """The charset of a binary HTML body (PidTagInternetCodepage)."""
    raw = fixed.get(PR_INTERNET_CPID)
    return CODEPAGES.get(struct.unpack("<I", raw[:4])[0]) if raw is not None else None


CODEPAGES = {
    65001: "utf-8",
    1252: "cp1252",
    1250: "cp1250",
    1251: "cp1251",
    28591: "latin-1",
    28592: "iso-8859-2",
    28605: "iso-8859-15",
    20127: "ascii",
    932: "cp932",
    936: "gbk",
    949: "cp949",
    950: "cp950",
    50220: "iso-2022-jp",
}


def filetime_to_rfc5322(value: int) -> str:
    """A FILETIME (100 ns since 1601) as an RFC 5322 date."""
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    try:
        moment = datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=value // 10)
    except OverflowError:
        moment = datetime(1601, 1, 1, tzinfo=UTC)
    return format_datetime(moment)


__all__ = ["NEEDS_OLEFILE", "NEEDS_OLEFILE_PAGE", "OLE_MAGIC", "MsgError", "attached_item_text", "is_msg", "msg_to_text"]
