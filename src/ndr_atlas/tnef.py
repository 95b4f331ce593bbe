"""TNEF (winmail.dat, application/ms-tnef): the Outlook message Exchange and Outlook pack in it,
written out as the MIME text the parser reads, as msg.py does for a .msg file.

A TNEF stream ([MS-OXTNEF] 2.1.3) is a signature, a key and a run of attributes (level, id, length,
data, checksum). The message's MAPI properties stand in attMsgProps, its recipient table in
attRecipTable, each attachment's properties in attAttachment; an attached Outlook item is itself a
TNEF stream in PidTagAttachDataObject. A report keeps its class in attMessageClass, in the legacy
form for the classes of Microsoft Mail ("IPM.Microsoft Mail.Non-Delivery" for REPORT.IPM.Note.NDR,
[MS-OXTNEF] 2.3.3.4), and its per-recipient fields in the recipient rows, as in a .msg file.

A winmail.dat reaches the user as a file of its own or as the only part of a mail ("pure TNEF"
from Outlook's rich text format); either way the report inside is read like a .msg file's.
Standard library only.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

from ndr_atlas.limits import MAX_INPUT_BYTES
from ndr_atlas.msg import (
    ADDRESS_RE,
    CODEPAGES,
    PR_ADDRTYPE,
    PR_ATTACH_DATA,
    PR_ATTACH_FILENAME,
    PR_ATTACH_LONG_FILENAME,
    PR_ATTACH_MIME_TAG,
    PR_BODY,
    PR_BODY_HTML,
    PR_CLIENT_SUBMIT_TIME,
    PR_DISPLAY_NAME,
    PR_DISPLAY_TO,
    PR_EMAIL_ADDRESS,
    PR_INTERNET_CPID,
    PR_MESSAGE_CLASS,
    PR_NDR_DIAG_CODE,
    PR_NDR_REASON_CODE,
    PR_NDR_STATUS_CODE,
    PR_REMOTE_MTA,
    PR_REPORT_TEXT,
    PR_RTF_COMPRESSED,
    PR_SENDER_EMAIL_ADDRESS,
    PR_SENDER_NAME,
    PR_SENDER_SMTP_ADDRESS,
    PR_SMTP_ADDRESS,
    PR_SUBJECT,
    PR_SUPPLEMENTARY_INFO,
    PR_TRANSPORT_MESSAGE_HEADERS,
    Recipient,
    assemble,
    delivery_status,
    filetime_to_rfc5322,
    header_fields,
    one_line,
    report_action,
    status_from_code,
    text_part,
)
from ndr_atlas.parse import decode_bytes, normalise_newlines
from ndr_atlas.rtf import RtfError, body_of, decompress

TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"  # 0x223E9F78, little-endian
UNREADABLE = "This looks like a winmail.dat (TNEF) file, but it is damaged or incomplete and cannot be read ({detail})"
UNREADABLE_PAGE = {
    "en": "This looks like a winmail.dat file from Outlook, but it is damaged or incomplete and cannot be read. "
    "Save the message again from Outlook as a .msg or .eml file.",
    "it": "Sembra un file winmail.dat di Outlook, ma è danneggiato o incompleto e non si può leggere. "
    "Salvate di nuovo il messaggio da Outlook come file .msg o .eml.",
}

# Attributes ([MS-OXTNEF] 2.1.3.2): the id's low word; the level says message (1) or attachment (2).
ATT_SUBJECT, ATT_MESSAGE_CLASS, ATT_BODY = 0x8004, 0x8008, 0x800C
ATT_ATTACH_DATA, ATT_ATTACH_TITLE = 0x800F, 0x8010
ATT_ATTACH_REND_DATA, ATT_MSG_PROPS, ATT_RECIP_TABLE, ATT_ATTACHMENT, ATT_OEM_CODEPAGE = 0x9002, 0x9003, 0x9004, 0x9005, 0x9007
LEVEL_MESSAGE, LEVEL_ATTACHMENT = 1, 2

# The Microsoft Mail class names attMessageClass may hold, and the MAPI classes they stand for
# ([MS-OXTNEF] 2.3.3.4); a class may come with a prefix ("Microsoft Mail v3.0 IPM.Microsoft Mail.Read Receipt").
LEGACY_CLASSES = {
    "IPM.Microsoft Mail.Note": "IPM.Note",
    "IPM.Microsoft Mail.Read Receipt": "REPORT.IPM.Note.IPNRN",
    "IPM.Microsoft Mail.Non-Delivery": "REPORT.IPM.Note.NDR",
    "IPM.Microsoft Schedule.MtgReq": "IPM.Schedule.Meeting.Request",
    "IPM.Microsoft Schedule.MtgRespP": "IPM.Schedule.Meeting.Resp.Pos",
    "IPM.Microsoft Schedule.MtgRespN": "IPM.Schedule.Meeting.Resp.Neg",
    "IPM.Microsoft Schedule.MtgRespA": "IPM.Schedule.Meeting.Resp.Tent",
    "IPM.Microsoft Schedule.MtgCncl": "IPM.Schedule.Meeting.Canceled",
}

# Property types ([MS-OXCDATA] 2.11.1) and the bytes a fixed-size value takes in a TNEF property
# list, padding included ([MS-OXTNEF] 2.1.3.4).
PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x001E, 0x001F, 0x0102, 0x000D
MV_FLAG = 0x1000
FIXED_SIZES = {
    0x0001: 4,
    0x0002: 4,
    0x0003: 4,
    0x0004: 4,
    0x0005: 8,
    0x0006: 8,
    0x0007: 8,
    0x000A: 4,
    0x000B: 4,
    0x0014: 8,
    0x0040: 8,
    0x0048: 16,
}
VARIABLE = (PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT)
# An attached item nested deeper than this is not opened; no list holds more values than this.
MAX_DEPTH = 4
MAX_VALUES = 100_000
# A mail whose part is a winmail.dat ("Content-Type: application/ms-tnef").
TNEF_PART_RE = re.compile(r"application/(?:vnd\.)?ms-tnef", re.IGNORECASE)
BODY_FIELD_RE = re.compile(r"^(?:content-[\w-]*|mime-version)\s*:", re.IGNORECASE)

Value = str | bytes | int


class TnefError(ValueError):
    """A TNEF stream that cannot be read; ``texts`` says the same for the page, in each language."""

    def __init__(self, detail: str) -> None:
        super().__init__(UNREADABLE.format(detail=detail))
        self.texts = UNREADABLE_PAGE


def is_tnef(data: bytes) -> bool:
    return data.startswith(TNEF_SIGNATURE)


@dataclass
class TnefAttachment:
    props: dict[int, Value] = field(default_factory=dict)
    data: bytes | None = None
    title: str = ""


@dataclass
class TnefMessage:
    props: dict[int, Value] = field(default_factory=dict)
    legacy_class: str = ""
    subject: str = ""
    body: str = ""
    recipients: list[dict[int, Value]] = field(default_factory=list)
    attachments: list[TnefAttachment] = field(default_factory=list)
    codepage: str = "cp1252"

    @property
    def message_class(self) -> str:
        mapi = self.props.get(PR_MESSAGE_CLASS)
        if isinstance(mapi, str) and mapi.strip():
            return mapi.strip()
        legacy = self.legacy_class.strip()
        for name, mapped in LEGACY_CLASSES.items():
            if legacy.lower().endswith(name.lower()):
                return mapped
        return legacy or "IPM.Note"

    def text(self, prop: int) -> str | None:
        value = self.props.get(prop)
        return value if isinstance(value, str) else None


def read_tnef(data: bytes) -> TnefMessage:
    """The message of a TNEF stream; TnefError when it is not one or is damaged."""
    if not is_tnef(data):
        raise TnefError("it does not start with the TNEF signature")
    message = TnefMessage()
    offset = 6  # signature and key
    current: TnefAttachment | None = None
    while len(data) - offset >= 9:  # fewer bytes after the last attribute are stray ones
        level, attr, length = struct.unpack_from("<BII", data, offset)
        start = offset + 9
        if level not in (LEVEL_MESSAGE, LEVEL_ATTACHMENT) or start + length > len(data):
            break  # real files end in garbage, or lose the last checksum: what was read before stands
        value = data[start : start + length]
        offset = start + length + 2  # the checksum is not checked: a wrong one still reads
        attr_id = attr & 0xFFFF
        if level == LEVEL_MESSAGE:
            if attr_id == ATT_OEM_CODEPAGE and len(value) >= 4:
                message.codepage = CODEPAGES.get(struct.unpack_from("<I", value)[0], "cp1252")
            elif attr_id == ATT_MESSAGE_CLASS:
                message.legacy_class = cstring(value, message.codepage)
            elif attr_id == ATT_SUBJECT:
                message.subject = cstring(value, message.codepage)
            elif attr_id == ATT_BODY:
                message.body = cstring(value, message.codepage)
            elif attr_id == ATT_MSG_PROPS:
                message.props.update(property_list(value, message.codepage))
            elif attr_id == ATT_RECIP_TABLE:
                message.recipients = recipient_rows(value, message.codepage)
        elif level == LEVEL_ATTACHMENT:
            if attr_id == ATT_ATTACH_REND_DATA or current is None:
                current = TnefAttachment()
                message.attachments.append(current)
            if attr_id == ATT_ATTACH_DATA:
                current.data = value
            elif attr_id == ATT_ATTACH_TITLE:
                current.title = cstring(value, message.codepage)
            elif attr_id == ATT_ATTACHMENT:
                current.props.update(property_list(value, message.codepage))
    if not (message.props or message.legacy_class or message.recipients or message.body):
        raise TnefError("it is cut short before its message")
    return message


def cstring(value: bytes, codepage: str) -> str:
    raw = value.split(b"\x00", 1)[0]
    try:
        return raw.decode(codepage, "replace")
    except LookupError:
        return raw.decode("cp1252", "replace")


class Cursor:
    """Reads a property list's values one after the other, never past its end."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, size: int) -> bytes:
        if size < 0 or self.pos + size > len(self.data):
            raise TnefError("a property list is cut short")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def long(self) -> int:
        value: int = struct.unpack("<I", self.take(4))[0]
        return value

    def count(self) -> int:
        value = self.long()
        if value > MAX_VALUES:
            raise TnefError("a property list claims more values than a file holds")
        return value


def property_list(data: bytes, codepage: str) -> dict[int, Value]:
    """A TNEF property list ([MS-OXTNEF] 2.1.3.4): the strings, numbers and binaries by property id."""
    cursor = Cursor(data)
    return properties(cursor, cursor.count(), codepage)


def recipient_rows(data: bytes, codepage: str) -> list[dict[int, Value]]:
    cursor = Cursor(data)
    return [properties(cursor, cursor.count(), codepage) for _ in range(cursor.count())]


def properties(cursor: Cursor, count: int, codepage: str) -> dict[int, Value]:
    values: dict[int, Value] = {}
    for _ in range(count):
        ptype, prop = struct.unpack("<HH", cursor.take(4))
        if prop >= 0x8000:  # a named property: its name follows the tag
            cursor.take(16)
            if cursor.long() == 1:
                cursor.take(padded(cursor.long()))
            else:
                cursor.take(4)
        base = ptype & ~MV_FLAG
        if base in VARIABLE:
            items = []
            for _ in range(cursor.count()):
                size = cursor.long()
                items.append(cursor.take(padded(size))[:size])
            if ptype & MV_FLAG or not items:
                continue  # a list of strings says nothing about a bounce
            values[prop] = variable_value(base, items[0], codepage)
        elif base in FIXED_SIZES:
            times = cursor.count() if ptype & MV_FLAG else 1
            raw = b"".join(cursor.take(FIXED_SIZES[base]) for _ in range(times))
            if not ptype & MV_FLAG and base in (0x0003, 0x0040):
                values[prop] = struct.unpack_from("<i" if base == 0x0003 else "<Q", raw)[0]
        else:
            raise TnefError(f"a property has the unknown type 0x{ptype:04X}")
    return values


def padded(size: int) -> int:
    return size + (-size % 4)


def variable_value(base: int, raw: bytes, codepage: str) -> Value:
    if base == PT_UNICODE:
        return raw.decode("utf-16-le", "replace").split("\x00", 1)[0]
    if base == PT_STRING8:
        return cstring(raw, codepage)
    if base == PT_OBJECT:
        return raw[16:]  # after the interface id: for an attached item, its own TNEF stream
    return raw


# --- the message as MIME text ----------------------------------------------------------------


def tnef_to_text(data: bytes, transport_headers: str = "", depth: int = 0, rtf_left: list[int] | None = None) -> str:
    """The message of a winmail.dat as RFC 5322 text with a MIME body, as msg.py writes a .msg
    file's; the headers of the mail it came in when given (TNEF keeps none of its own)."""
    message = read_tnef(data)
    return message_text(message, transport_headers, depth, rtf_left)


def message_text(message: TnefMessage, transport_headers: str, depth: int, rtf_left: list[int] | None = None) -> str:
    """``rtf_left``: what the compressed RTF bodies of the whole stream (its attached items too) may
    still unpack to, shared as msg.py shares it: each within the limit, many would unpack to eight times
    the stream's size."""
    rtf_left = [MAX_INPUT_BYTES] if rtf_left is None else rtf_left
    action = report_action(message.message_class)
    recipients = [recipient(row) for row in message.recipients]
    parts: list[str] = []
    body = message.text(PR_BODY) or message.body
    text = "\n\n".join(t for t in (message.text(PR_REPORT_TEXT), body) if t and t.strip())
    if text:
        parts.append(text_part("text/plain", text))
    else:
        raw_html = message.props.get(PR_BODY_HTML)
        html = raw_html if isinstance(raw_html, str) else ""
        if isinstance(raw_html, bytes):
            cpid = message.props.get(PR_INTERNET_CPID)
            html = decode_bytes(raw_html, CODEPAGES.get(cpid) if isinstance(cpid, int) else None)
        if html:
            parts.append(text_part("text/html", html))
        else:
            rtf = message.props.get(PR_RTF_COMPRESSED)
            if isinstance(rtf, bytes):
                try:
                    unpacked = decompress(rtf, rtf_left[0])
                    rtf_left[0] -= len(unpacked)
                    content_type, rtf_text = body_of(unpacked)
                except RtfError:
                    rtf_text = ""
                if rtf_text.strip():
                    parts.append(text_part(content_type, rtf_text))
    reported = [r for r in recipients if r.reported]
    if action is not None and (reported or (recipients and action == "failed")):
        parts.append(delivery_status(reported or recipients, action))
    if depth < MAX_DEPTH:
        parts.extend(attachment_parts(message, depth, rtf_left))
    subtype = "report; report-type=delivery-status" if action is not None else "mixed"
    return assemble(headers(message, transport_headers, recipients), subtype, parts)


def recipient(row: dict[int, Value]) -> Recipient:
    """A recipient row, read as msg.py reads one of a .msg file."""

    def text(prop: int) -> str:
        value = row.get(prop)
        return value.strip().strip("'<>") if isinstance(value, str) else ""

    addrtype = text(PR_ADDRTYPE).upper()
    candidates = [text(PR_SMTP_ADDRESS), text(PR_EMAIL_ADDRESS) if addrtype in ("SMTP", "") else "", text(PR_DISPLAY_NAME)]
    address = next((c for c in candidates if ADDRESS_RE.match(c)), None)
    info, mta = row.get(PR_SUPPLEMENTARY_INFO), row.get(PR_REMOTE_MTA)
    supplementary = one_line(info) if isinstance(info, str) else ""
    remote_mta = one_line(mta) if isinstance(mta, str) else ""
    code = row.get(PR_NDR_STATUS_CODE)
    status = status_from_code(struct.pack("<i", code)) if isinstance(code, int) else None
    reported = bool(supplementary or remote_mta or status) or PR_NDR_DIAG_CODE in row or PR_NDR_REASON_CODE in row
    return Recipient(address, supplementary, remote_mta, status, reported)


def headers(message: TnefMessage, transport_headers: str, recipients: list[Recipient]) -> list[str]:
    """The headers of the mail the stream came in, else those the message's properties keep."""
    for source in (transport_headers, message.text(PR_TRANSPORT_MESSAGE_HEADERS) or ""):
        if source.strip():
            return header_fields(source)
    fields: list[str] = []
    name = message.text(PR_SENDER_NAME) or ""
    address = message.text(PR_SENDER_SMTP_ADDRESS) or message.text(PR_SENDER_EMAIL_ADDRESS) or ""
    if name or address:
        fields.append("From: " + one_line(f'"{name}" <{address}>' if name and ADDRESS_RE.match(address) else name or address))
    to = message.text(PR_DISPLAY_TO) or ", ".join(r.address for r in recipients if r.address)
    if to:
        fields.append("To: " + one_line(to))
    subject = message.text(PR_SUBJECT) or message.subject
    if subject:
        fields.append("Subject: " + one_line(subject))
    submitted = message.props.get(PR_CLIENT_SUBMIT_TIME)
    if isinstance(submitted, int) and submitted > 0:
        fields.append("Date: " + filetime_to_rfc5322(submitted))
    return fields


def attachment_parts(message: TnefMessage, depth: int, rtf_left: list[int] | None = None) -> list[str]:
    """An attached Outlook item or mail as message/rfc822, a delivery status or headers file as what it is."""
    parts: list[str] = []
    for attachment in message.attachments:
        props = attachment.props
        embedded = props.get(PR_ATTACH_DATA)
        data = embedded if isinstance(embedded, bytes) else attachment.data
        if data is None:
            continue
        mime_type = str(props.get(PR_ATTACH_MIME_TAG) or "").strip().lower()
        name = str(props.get(PR_ATTACH_LONG_FILENAME) or props.get(PR_ATTACH_FILENAME) or attachment.title).lower()
        if is_tnef(data):  # an attached Outlook item
            try:
                parts.append("Content-Type: message/rfc822\n\n" + tnef_to_text(data, depth=depth + 1, rtf_left=rtf_left))
            except TnefError:
                continue
        elif mime_type == "message/rfc822" or name.endswith(".eml"):
            parts.append("Content-Type: message/rfc822\n\n" + normalise_newlines(decode_bytes(data)))
        elif mime_type in ("message/delivery-status", "message/global-delivery-status", "text/rfc822-headers"):
            parts.append(f"Content-Type: {mime_type}\n\n" + normalise_newlines(decode_bytes(data)))
    return parts


def unwrap_mail(text: str) -> str:
    """A mail whose report (or forwarded report) travels in a winmail.dat part, as the message the
    winmail.dat holds under the mail's own headers; any other mail as it is."""
    if not TNEF_PART_RE.search(text):
        return text
    from ndr_atlas.mime import parse_mime  # only a mail that names a TNEF part needs it

    root = parse_mime(text)
    # The mail's own winmail.dat: the whole body, or a part of its multipart/mixed body; never one
    # of a message it returns or forwards, nor beside a delivery report of its own.
    children = root.get_payload() if root.get_content_type() == "multipart/mixed" else []
    for part in [root, *children] if isinstance(children, list) else [root]:
        if not TNEF_PART_RE.fullmatch(part.get_content_type()):
            continue
        data = part.get_payload(decode=True) or b""
        if not is_tnef(data):
            continue
        try:
            message = read_tnef(data)
        except TnefError:
            return text
        inner = any(isinstance(item := a.props.get(PR_ATTACH_DATA), bytes) and is_tnef(item) for a in message.attachments)
        if report_action(message.message_class) is None and not inner:
            return text  # an ordinary mail: its text is in the MIME parts too
        head = text.split("\n\n", 1)[0]
        return message_text(message, head, 0)
    return text


__all__ = ["TNEF_SIGNATURE", "TnefError", "is_tnef", "read_tnef", "tnef_to_text", "unwrap_mail"]
