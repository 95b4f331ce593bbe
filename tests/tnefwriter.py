"""A small writer of TNEF streams (winmail.dat), for tests only: attributes and MAPI property lists
laid out as [MS-OXTNEF] 2.1.3 says. It writes what it is given, nothing more."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SIGNATURE = 0x223E9F78
IID_IMESSAGE = bytes.fromhex("0703020000000000c000000000000046")

Value = str | bytes | int


@dataclass
class Item:
    """A message: its class as attMessageClass writes it, MAPI properties, recipient rows and
    attachments (an Item attached is an Outlook item, by PidTagAttachDataObject)."""

    legacy_class: str
    props: dict[int, Value] = field(default_factory=dict)
    recipients: list[dict[int, Value]] = field(default_factory=list)
    attachments: list[dict[int, Value] | Item] = field(default_factory=list)


def attribute(level: int, attr_id: int, attr_type: int, data: bytes, checksum: bool = True) -> bytes:
    tail = struct.pack("<H", sum(data) & 0xFFFF) if checksum else b""
    return struct.pack("<BII", level, (attr_type << 16) | attr_id, len(data)) + data + tail


def padded(data: bytes) -> bytes:
    return data + b"\x00" * (-len(data) % 4)


def property_list(props: dict[int, Value]) -> bytes:
    out = struct.pack("<I", len(props))
    for prop, value in props.items():
        if isinstance(value, int):
            out += struct.pack("<HHi", 0x0003, prop, value)
        elif isinstance(value, str):
            data = value.encode("utf-16-le") + b"\x00\x00"
            out += struct.pack("<HHII", 0x001F, prop, 1, len(data)) + padded(data)
        else:
            out += struct.pack("<HHII", 0x0102, prop, 1, len(value)) + padded(value)
    return out


def tnef_bytes(item: Item) -> bytes:
    out = struct.pack("<IH", SIGNATURE, 0x0001)
    out += attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += attribute(1, 0x9007, 0x0006, struct.pack("<II", 1252, 0))  # attOemCodepage
    out += attribute(1, 0x8008, 0x0007, item.legacy_class.encode("ascii") + b"\x00")  # attMessageClass
    out += attribute(1, 0x9003, 0x0006, property_list(item.props))  # attMsgProps
    if item.recipients:
        rows = struct.pack("<I", len(item.recipients)) + b"".join(property_list(row) for row in item.recipients)
        out += attribute(1, 0x9004, 0x0006, rows)  # attRecipTable
    for attachment in item.attachments:
        out += attribute(2, 0x9002, 0x0006, struct.pack("<HiHH", 1, -1, 1, 0))  # attAttachRendData
        if isinstance(attachment, Item):
            data = IID_IMESSAGE + tnef_bytes(attachment)
            props = struct.pack("<I", 2) + struct.pack("<HHi", 0x0003, 0x3705, 5)  # PidTagAttachMethod afEmbeddedMessage
            props += struct.pack("<HHII", 0x000D, 0x3701, 1, len(data)) + padded(data)  # PidTagAttachDataObject
            out += attribute(2, 0x9005, 0x0006, props)
        else:
            out += attribute(2, 0x9005, 0x0006, property_list(attachment))  # attAttachment
    return out


def smtp_row(name: str, address: str, **report: Value) -> dict[int, Value]:
    return {0x0C15: 1, 0x3001: name, 0x3002: "SMTP", 0x3003: address, 0x39FE: address, **{int(k[1:], 16): v for k, v in report.items()}}
