"""A small writer of Outlook .msg files, for tests only: an OLE compound file ([MS-CFB], version 3)
holding MAPI properties laid out as [MS-OXMSG] says. It writes what Outlook writes for the
properties it is given, nothing more.

`python tests/msgwriter.py` (re)writes the fixtures of tests/fixtures/msg/; test_msg.py checks the
committed files are what this writer makes.
"""

from __future__ import annotations

import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

# --- the compound file ([MS-CFB]) ---------------------------------------------------------------

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
# Outlook's class id for message files, on the root storage.
MSG_CLSID = bytes.fromhex("0b0d020000000000c000000000000046")

Tree = dict[str, "bytes | Tree"]


@dataclass
class Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = ENDOFCHAIN
    size: int = 0


def compound_file(tree: Tree, clsid: bytes = MSG_CLSID) -> bytes:
    """The bytes of a compound file whose root storage holds ``tree`` (name → bytes or subtree)."""
    entries = [Entry("Root Entry", ROOT)]

    def add(parent: int, children: Tree) -> None:
        for name, node in children.items():
            if len(name) > 31:
                raise ValueError(f"name too long for a compound file: {name}")
            entries.append(Entry(name, STORAGE if isinstance(node, dict) else STREAM, b"" if isinstance(node, dict) else node))
            index = len(entries) - 1
            entries[parent].children.append(index)
            if isinstance(node, dict):
                add(index, node)

    add(0, tree)
    for entry in entries:  # siblings form a binary search tree: shorter names first, then by upper case
        ordered = sorted(entry.children, key=lambda i: (len(entries[i].name), entries[i].name.upper()))
        entry.child = balanced(entries, ordered)

    # Small streams live in the mini stream (64-byte sectors), large ones in sectors of their own.
    mini = bytearray()
    minifat: list[int] = []
    large: list[Entry] = []
    for entry in entries:
        if entry.kind != STREAM or not entry.data:
            continue
        entry.size = len(entry.data)
        if entry.size >= MINI_CUTOFF:
            large.append(entry)
            continue
        count = -(-entry.size // MINI_SECTOR)
        entry.start = len(minifat)
        minifat += [len(minifat) + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
        mini += entry.data.ljust(count * MINI_SECTOR, b"\x00")

    def sectors(size: int) -> int:
        return -(-size // SECTOR)

    dir_count = sectors(len(entries) * 128)
    minifat_count = sectors(len(minifat) * 4)
    mini_count = sectors(len(mini))
    large_counts = [sectors(e.size) for e in large]
    content = dir_count + minifat_count + mini_count + sum(large_counts)
    fat_count = 1
    while fat_count * (SECTOR // 4) < content + fat_count:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("file too large for this writer (no DIFAT sectors)")

    fat: list[int] = [FATSECT] * fat_count

    def run(count: int) -> int:
        first = len(fat)
        fat.extend([len(fat) + i + 1 for i in range(count - 1)] + [ENDOFCHAIN] if count else [])
        return first if count else ENDOFCHAIN

    dir_start = run(dir_count)
    minifat_start = run(minifat_count)
    mini_start = run(mini_count)
    for entry, count in zip(large, large_counts, strict=True):
        entry.start = run(count)
    entries[0].start, entries[0].size = mini_start, len(mini)
    fat += [FREESECT] * (fat_count * (SECTOR // 4) - len(fat))

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        MAGIC,
        b"\x00" * 16,
        0x003E,
        3,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,
        fat_count,
        dir_start,
        0,
        MINI_CUTOFF,
        minifat_start if minifat_count else ENDOFCHAIN,
        minifat_count,
        ENDOFCHAIN,
        0,
    )
    header += struct.pack("<109I", *(list(range(fat_count)) + [FREESECT] * (109 - fat_count)))

    unused = entry_bytes(Entry("", 0), b"\x00" * 16)
    directory = b"".join(entry_bytes(e, clsid if e.kind == ROOT else b"\x00" * 16) for e in entries) + unused * (
        dir_count * SECTOR // 128 - len(entries)
    )
    body = struct.pack(f"<{len(fat)}I", *fat) + directory
    body += struct.pack(f"<{len(minifat)}I", *minifat).ljust(minifat_count * SECTOR, b"\xff")
    body += bytes(mini).ljust(mini_count * SECTOR, b"\x00")
    for entry, count in zip(large, large_counts, strict=True):
        body += entry.data.ljust(count * SECTOR, b"\x00")
    return header + body


def balanced(entries: list[Entry], ordered: list[int]) -> int:
    if not ordered:
        return NOSTREAM
    middle = len(ordered) // 2
    root = ordered[middle]
    entries[root].left = balanced(entries, ordered[:middle])
    entries[root].right = balanced(entries, ordered[middle + 1 :])
    return root


def entry_bytes(entry: Entry, clsid: bytes) -> bytes:
    name = entry.name.encode("utf-16-le")
    name_size = len(name) + 2 if entry.name else 0
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name.ljust(64, b"\x00"),
        name_size,
        entry.kind,
        1,  # black: every node, as a tree this small needs no balancing colours
        entry.left,
        entry.right,
        entry.child,
        clsid,
        0,
        0,
        0,
        entry.start if entry.kind in (STREAM, ROOT) else 0,
        entry.size,
    )


# --- MAPI properties in a .msg ([MS-OXMSG]) -----------------------------------------------------

PT_LONG, PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT, PT_SYSTIME = 0x0003, 0x001E, 0x001F, 0x0102, 0x000D, 0x0040


@dataclass
class String8:
    """A property stored as 8-bit text in the message's code page (PT_STRING8)."""

    data: bytes


@dataclass
class Systime:
    """A FILETIME property (PT_SYSTIME): 100 ns intervals since 1601."""

    value: int


Value = str | bytes | int | String8 | Systime


@dataclass
class Attachment:
    props: dict[int, Value] = field(default_factory=dict)
    message: Message | None = None  # an attached Outlook item (PidTagAttachMethod afEmbeddedMessage)


@dataclass
class Message:
    message_class: str
    props: dict[int, Value] = field(default_factory=dict)
    recipients: list[dict[int, Value]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


def message_tree(message: Message, embedded: bool = False) -> Tree:
    tree: Tree = {}
    props: dict[int, Value] = {0x001A: message.message_class, **message.props}
    counts = struct.pack("<IIII", len(message.recipients), len(message.attachments), len(message.recipients), len(message.attachments))
    header = b"\x00" * 8 + counts + (b"" if embedded else b"\x00" * 8)
    tree["__properties_version1.0"] = header + property_entries(props, tree)
    for number, recipient in enumerate(message.recipients):
        sub: Tree = {}
        sub["__properties_version1.0"] = b"\x00" * 8 + property_entries({0x3000: number, **recipient}, sub)
        tree[f"__recip_version1.0_#{number:08X}"] = sub
    for number, attachment in enumerate(message.attachments):
        sub = {}
        method = 5 if attachment.message else 1  # afEmbeddedMessage, afByValue
        entries = property_entries({0x0E21: number, 0x3705: method, **attachment.props}, sub)
        if attachment.message:
            entries += struct.pack("<IIII", (0x3701 << 16) | PT_OBJECT, 6, 0xFFFFFFFF, 0)
            sub["__substg1.0_3701000D"] = message_tree(attachment.message, embedded=True)
        sub["__properties_version1.0"] = b"\x00" * 8 + entries
        tree[f"__attach_version1.0_#{number:08X}"] = sub
    if not embedded:  # the named property map; these messages name none
        tree["__nameid_version1.0"] = {"__substg1.0_00020102": b"", "__substg1.0_00030102": b"", "__substg1.0_00040102": b""}
    return tree


def property_entries(props: dict[int, Value], streams: Tree) -> bytes:
    """The 16-byte entries of a property stream; variable-length values go to streams of their own."""
    out = b""
    for prop, value in props.items():
        flags = 6  # readable, writable
        if isinstance(value, bool | int):
            out += struct.pack("<IIi4x", (prop << 16) | PT_LONG, flags, value)
        elif isinstance(value, Systime):
            out += struct.pack("<IIQ", (prop << 16) | PT_SYSTIME, flags, value.value)
        elif isinstance(value, str):
            data = value.encode("utf-16-le")
            streams[f"__substg1.0_{prop:04X}{PT_UNICODE:04X}"] = data
            out += struct.pack("<IIII", (prop << 16) | PT_UNICODE, flags, len(data) + 2, 0)
        elif isinstance(value, String8):
            streams[f"__substg1.0_{prop:04X}{PT_STRING8:04X}"] = value.data
            out += struct.pack("<IIII", (prop << 16) | PT_STRING8, flags, len(value.data) + 1, 0)
        else:
            streams[f"__substg1.0_{prop:04X}{PT_BINARY:04X}"] = value
            out += struct.pack("<IIII", (prop << 16) | PT_BINARY, flags, len(value), 0)
    return out


def msg_bytes(message: Message) -> bytes:
    return compound_file(message_tree(message))


# --- compressed RTF ([MS-OXRTFCP]) and RTF that wraps HTML or text ([MS-OXRTFEX]) ---------------

RTF_DICTIONARY = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
    b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)


def spec_crc(data: bytes) -> int:
    """[MS-OXRTFCP] 2.1.3.2, bit by bit from the polynomial: written apart from the reader's on purpose."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0xEDB88320 if crc & 1 else 0)
    return crc


def compress_rtf(rtf: bytes, compressed: bool = True) -> bytes:
    """A PidTagRtfCompressed value: 'LZFu' with the longest dictionary match at each byte (greedy,
    as [MS-OXRTFCP] 2.2.3.1 does), or the uncompressed 'MELA' form."""
    if not compressed:
        return struct.pack("<IIII", len(rtf) + 12, len(rtf), 0x414C454D, 0) + rtf
    dictionary = bytearray(RTF_DICTIONARY.ljust(4096, b"\x00"))
    write = len(RTF_DICTIONARY)
    tokens: list[bytes | None] = []  # a literal byte, a reference (2 bytes), or None for the end

    def put(data: bytes) -> None:
        nonlocal write
        for byte in data:
            dictionary[write] = byte
            write = (write + 1) % 4096

    pos = 0
    while pos < len(rtf):
        best_offset, best_length = 0, 0
        doubled = bytes(dictionary) + bytes(dictionary[:17])
        for length in range(min(17, len(rtf) - pos), 1, -1):
            start = doubled.find(rtf[pos : pos + length])
            # A match may not run over the write position: the reader overwrites it while copying.
            while start != -1 and (start >= 4096 or start == write or (write - start) % 4096 < length):
                start = doubled.find(rtf[pos : pos + length], start + 1)
            if start != -1:
                best_offset, best_length = start, length
                break
        if best_length:
            tokens.append(struct.pack(">H", (best_offset << 4) | (best_length - 2)))
            put(rtf[pos : pos + best_length])
            pos += best_length
        else:
            tokens.append(rtf[pos : pos + 1])
            put(rtf[pos : pos + 1])
            pos += 1
    tokens.append(None)
    content = b""
    for run in range(0, len(tokens), 8):
        control, body = 0, b""
        for bit, token in enumerate(tokens[run : run + 8]):
            if token is None:
                control |= 1 << bit
                body += struct.pack(">H", write << 4)
            elif len(token) == 2:
                control |= 1 << bit
                body += token
            else:
                body += token
        content += bytes([control]) + body
    return struct.pack("<IIII", len(content) + 12, len(rtf), 0x75465A4C, spec_crc(content)) + content


def rtf_escape(text: str) -> str:
    """Text as RTF text: braces and backslashes escaped, Windows-1252 characters as \\'hh, others as \\uN?."""
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\par\n")
        elif ord(char) < 128:
            out.append(char)
        else:
            try:
                out.append("".join(f"\\'{byte:02x}" for byte in char.encode("cp1252")))
            except UnicodeEncodeError:
                out.append(f"\\u{ord(char) if ord(char) < 32768 else ord(char) - 65536}?")
    return "".join(out)


RTF_HEAD = (
    "{{\\rtf1\\ansi\\ansicpg1252\\{kind} \\deff0{{\\fonttbl\n{{\\f0\\fswiss\\fcharset0 Arial;}}\n{{\\f1\\fmodern Courier New;}}}}\n"
    "{{\\colortbl\\red0\\green0\\blue0;\\red0\\green0\\blue255;}}\n{{\\*\\generator Microsoft Exchange Server;}}\n"
    "{{\\*\\formatConverter converted from {source};}}\n\\viewkind5\\viewscale100\n"
)


def html_in_rtf(html: str) -> bytes:
    """HTML wrapped in RTF as Outlook wraps it ([MS-OXRTFEX] 2.1.3): each tag in a {\\*\\htmltag}
    group, the text between as RTF text, and RTF-only paragraph marks inside \\htmlrtf … \\htmlrtf0."""
    out = [RTF_HEAD.format(kind="fromhtml1", source="html"), "{\\*\\htmltag64}"]
    for piece in re.split(r"(<[^>]*>)", html):
        if piece.startswith("<"):
            out.append(f"{{\\*\\htmltag{tag_flags(piece)} {rtf_escape(piece)}}}")
            if re.match(r"</p>|<br", piece, re.IGNORECASE):
                out.append("\\htmlrtf \\par\n\\htmlrtf0 ")
        elif piece:
            out.append("\\htmlrtf {\\f0\\fs20 \\htmlrtf0 " + rtf_escape(piece) + "\\htmlrtf }\\htmlrtf0 ")
    return ("".join(out) + "}").encode("ascii")


def tag_flags(tag: str) -> int:
    """The HTMLTAG parameter: the tag's place (head or body) and kind; readers ignore it."""
    return 72 if tag.lower().startswith(("<p", "</p")) else 2 if tag.lower().startswith(("<head", "</head", "<style")) else 8


def text_in_rtf(text: str) -> bytes:
    """Plain text wrapped in RTF ([MS-OXRTFEX] 2.1.3.1.2): \\fromtext, the text in one font."""
    return (RTF_HEAD.format(kind="fromtext", source="text") + "\\uc1\\pard\\plain\\f1\\fs20 " + rtf_escape(text) + "}").encode("ascii")


# --- the fixtures -----------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "msg"
# 1 Dec 2026 09:14:05 UTC as a FILETIME.
SENT = Systime(134405900450000000)


def smtp_recipient(name: str, address: str, **report: Value) -> dict[int, Value]:
    return {0x3001: name, 0x3002: "SMTP", 0x3003: address, 0x39FE: address, 0x0C15: 1, **{int(k[1:], 16): v for k, v in report.items()}}


def original_message() -> Message:
    """The message that bounced, as Exchange attaches it to the NDR."""
    return Message(
        "IPM.Note",
        {
            0x0037: "Quarterly figures",
            0x0C1A: "Anna Bianchi",
            0x0C1F: "anna.bianchi@contoso.example",
            0x5D01: "anna.bianchi@contoso.example",
            0x0E04: "Bob Lee; Carla Neri",
            0x0039: SENT,
            0x1000: "Hi Bob, hi Carla,\r\nthe figures for Q3 are attached.\r\nAnna\r\n",
        },
        [smtp_recipient("Bob Lee", "bob.lee@fabrikam.example"), smtp_recipient("Carla Neri", "carla.neri@northwind.example")],
    )


EXCHANGE_HEADERS = (
    "Received: from AM9PR01MB7788.eurprd01.prod.exchangelabs.com (2603:10a6:20b:1::12)\r\n"
    " by DB9PR01MB1234.eurprd01.prod.exchangelabs.com with HTTPS; Tue, 1 Dec 2026\r\n"
    " 09:14:09 +0000\r\n"
    "MIME-Version: 1.0\r\n"
    "From: Microsoft Outlook\r\n"
    "\t<MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.example>\r\n"
    "To: <anna.bianchi@contoso.example>\r\n"
    "Date: Tue, 1 Dec 2026 09:14:09 +0000\r\n"
    'Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="8f3c2a71-5d9e-4c1b-a0e2-7b6d5c4e3f21"\r\n'
    "X-MS-Exchange-Message-Is-Ndr:\r\n"
    "Content-Language: en-US\r\n"
    "Message-ID: <5e1b2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e@AM9PR01MB7788.eurprd01.prod.exchangelabs.com>\r\n"
    "In-Reply-To: <AM9PR01MB7788A1B2C3D4E5F6@AM9PR01MB7788.eurprd01.prod.exchangelabs.com>\r\n"
    "Subject: Undeliverable: Quarterly figures\r\n"
    "Auto-Submitted: auto-replied\r\n"
    "\r\n"
)

EXCHANGE_BODY = (
    "Delivery has failed to these recipients or groups:\r\n\r\n"
    "Bob Lee (bob.lee@fabrikam.example)\r\n"
    "The email address you entered couldn't be found. Check the address and try again.\r\n\r\n"
    "Carla Neri (carla.neri@northwind.example)\r\n"
    "The recipient's mailbox is full and can't accept messages now.\r\n\r\n"
    "Diagnostic information for administrators:\r\n\r\n"
    "Generating server: AM9PR01MB7788.eurprd01.prod.exchangelabs.com\r\n\r\n"
    "bob.lee@fabrikam.example\r\n"
    "Remote Server returned '550 5.1.1 <bob.lee@fabrikam.example>: Recipient address rejected: User unknown in virtual mailbox table'\r\n\r\n"
    "carla.neri@northwind.example\r\n"
    "Remote Server returned '552 5.2.2 <carla.neri@northwind.example>: Mailbox full'\r\n"
)


def exchange_ndr(body: bool = True) -> Message:
    """An Exchange Online NDR as Outlook for Windows saves it: two failed recipients in the
    recipient table, the transport headers, the report text and the original attached."""
    props: dict[int, Value] = {
        0x0037: "Undeliverable: Quarterly figures",
        0x007D: EXCHANGE_HEADERS,
        0x0039: SENT,
        0x0C1A: "Microsoft Outlook",
    }
    if body:
        props[0x1000] = EXCHANGE_BODY
    return Message(
        "REPORT.IPM.Note.NDR",
        props,
        [
            smtp_recipient(
                "Bob Lee",
                "bob.lee@fabrikam.example",
                x0C1B="<mx.fabrikam.example #5.1.1 smtp;550 5.1.1 <bob.lee@fabrikam.example>: "
                "Recipient address rejected: User unknown in virtual mailbox table>",
                x0C21="mx.fabrikam.example",
                x0C20=511,
                x0C05=0,  # MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN
                x0C04=0,  # MAPI_REASON_TRANSFER_FAILED
            ),
            smtp_recipient(
                "Carla Neri",
                "carla.neri@northwind.example",
                x0C1B="<mx.northwind.example #5.2.2 smtp;552 5.2.2 <carla.neri@northwind.example>: Mailbox full>",
                x0C21="mx.northwind.example",
                x0C20=522,
                x0C04=0,
            ),
        ],
        [Attachment({0x3001: "Quarterly figures"}, original_message())],
    )


FORWARDED_DSN = """Return-Path: <>
Received: from mail-sor-f41.google.example (mail-sor-f41.google.example [192.0.2.41])
        by mx.contoso.example with ESMTPS id 7H2KQ1; Mon, 30 Nov 2026 16:20:44 +0100
Date: Mon, 30 Nov 2026 07:20:43 -0800 (PST)
From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>
To: marco.verdi@contoso.example
Subject: Delivery Status Notification (Failure)
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; boundary="000000000000b1c2d3e4f5a6b7c8"; report-type=delivery-status
Message-ID: <65f1a2b3.c4d5e6f7@mx.google.example>

--000000000000b1c2d3e4f5a6b7c8
Content-Type: text/plain; charset="UTF-8"

** Address not found **

Your message wasn't delivered to orders@supplier.example because the address couldn't be found, or is unable to receive mail.

The response from the remote server was:
550 5.1.1 <orders@supplier.example>: Recipient address rejected: User unknown in local recipient table

--000000000000b1c2d3e4f5a6b7c8
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.example

Final-Recipient: rfc822; orders@supplier.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx1.supplier.example. (203.0.113.25, the server for the domain supplier.example.)
Diagnostic-Code: smtp; 550 5.1.1 <orders@supplier.example>: Recipient address rejected: User unknown in local recipient table
Last-Attempt-Date: Mon, 30 Nov 2026 07:20:43 -0800 (PST)

--000000000000b1c2d3e4f5a6b7c8
Content-Type: text/rfc822-headers

From: Marco Verdi <marco.verdi@contoso.example>
To: orders@supplier.example
Subject: Ordine 2026/118
Date: Mon, 30 Nov 2026 16:20:40 +0100

--000000000000b1c2d3e4f5a6b7c8--
""".replace("\n", "\r\n")


def forwarded_eml() -> Message:
    """A user's mail to the helpdesk with the bounce attached as an .eml file."""
    return Message(
        "IPM.Note",
        {
            0x0037: "FW: Delivery Status Notification (Failure)",
            0x0C1A: "Marco Verdi",
            0x0C1F: "marco.verdi@contoso.example",
            0x5D01: "marco.verdi@contoso.example",
            0x0E04: "Helpdesk",
            0x0039: SENT,
            0x1000: "Ciao,\r\nI cannot write to our supplier any more, I get the message attached. Can you check?\r\n\r\nMarco\r\n",
        },
        [smtp_recipient("Helpdesk", "helpdesk@contoso.example")],
        [
            Attachment(
                {
                    0x3701: FORWARDED_DSN.encode("utf-8"),
                    0x3704: "DELIVE~1.EML",
                    0x3707: "Delivery Status Notification (Failure).eml",
                    0x370E: "message/rfc822",
                }
            )
        ],
    )


NOTE_HEADERS = (
    "Received: from mx.fabrikam.example (198.51.100.20) by mx.contoso.example; Tue, 1 Dec 2026 10:02:31 +0000\r\n"
    "From: Bob Lee <bob.lee@fabrikam.example>\r\n"
    "To: Anna Bianchi <anna.bianchi@contoso.example>\r\n"
    "Subject: Lunch on Friday?\r\n"
    "Date: Tue, 1 Dec 2026 11:02:28 +0100\r\n"
    "Message-ID: <c0ffee01.lunch@fabrikam.example>\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: text/html; charset="utf-8"\r\n'
    "\r\n"
)


def plain_note() -> Message:
    """An ordinary received mail with only an HTML body (stored as bytes, as Outlook does)."""
    html = "<html><body><p>Hi Anna,</p><p>shall we meet at the café at 12:30 on Friday? The delivery of the new chairs failed again, by the way.</p><p>Bob</p></body></html>"
    return Message(
        "IPM.Note",
        {
            0x0037: "Lunch on Friday?",
            0x007D: NOTE_HEADERS,
            0x1013: html.encode("utf-8"),
            0x3FDE: 65001,  # PidTagInternetCodepage: UTF-8
        },
        [smtp_recipient("Anna Bianchi", "anna.bianchi@contoso.example")],
    )


EXCHANGE_HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style>p.diag { font-family: Consolas, monospace; }</style></head>
<body>
<p><b><font color="#000066" size="3">Your message to bob.lee@fabrikam.example couldn’t be delivered.</font></b></p>
<p>bob.lee wasn’t found at fabrikam.example.</p>
<table><tr><td>Anna Bianchi</td><td>Office 365 → fabrikam.example</td></tr></table>
<p><b>Action Required</b><br>Unknown To address</p>
<p>Diagnostic information for administrators:</p>
<p class="diag">Generating server: AM9PR01MB7788.eurprd01.prod.exchangelabs.com<br>
bob.lee@fabrikam.example<br>
Remote Server returned &#39;550 5.1.1 &lt;bob.lee@fabrikam.example&gt;: Recipient address rejected: User unknown in virtual mailbox table&#39;</p>
</body></html>"""


def rtf_only_ndr(rtf: bytes) -> Message:
    """An NDR kept as an ordinary note, its body only in PidTagRtfCompressed: what Outlook saves
    for a report that came in as plain mail (no recipient table to read the failure from)."""
    return Message(
        "IPM.Note",
        {0x0037: "Undeliverable: Quarterly figures", 0x007D: EXCHANGE_HEADERS, 0x0039: SENT, 0x1009: rtf},
        [smtp_recipient("Anna Bianchi", "anna.bianchi@contoso.example")],
    )


def exchange_ndr_rtf_html() -> Message:
    """Exchange's HTML NDR, wrapped in RTF and compressed (LZFu), as the only body."""
    return rtf_only_ndr(compress_rtf(html_in_rtf(EXCHANGE_HTML)))


POSTFIX_TEXT = """This is the mail system at host mx.contoso.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<dario.russo@tailspin.example>: host mx.tailspin.example[203.0.113.7] said:
    550 5.1.1 <dario.russo@tailspin.example>: Recipient address rejected: User
    unknown in local recipient table (in reply to RCPT TO command)

Subject: Perché il listino è cambiato?
"""


def postfix_ndr_rtf_text() -> Message:
    """A Postfix bounce whose plain text Outlook kept only as RTF (\\fromtext), stored uncompressed (MELA)."""
    headers = (
        "Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.contoso.example (Mail Delivery System)\r\n"
        "To: anna.bianchi@contoso.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Date: Tue, 1 Dec 2026 10:40:12 +0100 (CET)\r\nAuto-Submitted: auto-replied\r\n\r\n"
    )
    return Message(
        "IPM.Note",
        {
            0x0037: "Undelivered Mail Returned to Sender",
            0x007D: headers,
            0x0039: SENT,
            0x1009: compress_rtf(text_in_rtf(POSTFIX_TEXT), compressed=False),
        },
        [smtp_recipient("Anna Bianchi", "anna.bianchi@contoso.example")],
    )


def damaged_rtf(rtf: bytes) -> bytes:
    """A compressed RTF stream with one byte of its content changed, as a damaged disk or a bad copy leaves it."""
    stream = bytearray(compress_rtf(rtf))
    stream[40] ^= 0x20
    return bytes(stream)


def expanding_rtf(output: int, raw_size: int | None = None) -> bytes:
    """An LZFu stream that unpacks to ``output`` bytes from about an eighth as many: every token a
    17-byte reference ([MS-OXRTFCP] 2.2.3.2, the longest one), never to the write position (that
    would end the data), then the end marker. Its header claims ``raw_size`` (the output by default).
    ``output`` is at least 2."""
    write, produced, tokens = len(RTF_DICTIONARY), 0, []
    while produced < output:
        left = output - produced  # at least 2 (a reference's shortest) left for the last one
        length = left if left <= 17 else 17 if left >= 19 else 15
        tokens.append(struct.pack(">H", (((write + 2048) % 4096) << 4) | (length - 2)))
        write, produced = (write + length) % 4096, produced + length
    tokens.append(struct.pack(">H", write << 4))
    content = b"".join(b"\xff" + b"".join(tokens[run : run + 8]) for run in range(0, len(tokens), 8))
    size = produced if raw_size is None else raw_size
    return struct.pack("<IIII", len(content) + 12, size, 0x75465A4C, spec_crc(content)) + content


def exchange_ndr_rtf_damaged() -> Message:
    """The Exchange NDR with its recipient table, and a damaged compressed RTF body instead of a text one."""
    message = exchange_ndr(body=False)
    message.props[0x1009] = damaged_rtf(html_in_rtf(EXCHANGE_HTML))
    return message


BUILDERS = {
    "exchange-ndr.msg": exchange_ndr,
    "forwarded-ndr-eml.msg": forwarded_eml,
    "not-a-bounce.msg": plain_note,
    "exchange-ndr-rtf-html.msg": exchange_ndr_rtf_html,
    "postfix-ndr-rtf-text.msg": postfix_ndr_rtf_text,
    "exchange-ndr-rtf-damaged.msg": exchange_ndr_rtf_damaged,
}


def main() -> int:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        (FIXTURES / name).write_bytes(msg_bytes(build()))
        print(f"wrote {FIXTURES / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
