"""The RTF body of an Outlook message (PidTagRtfCompressed), as the HTML or plain text it holds.

Outlook often saves a message, an NDR among them, with no plain-text body: only RTF, compressed as
[MS-OXRTFCP] says. That RTF usually wraps the original HTML (``\\fromhtml1``, [MS-OXRTFEX]) or the
original plain text (``\\fromtext``); either is taken back out. Other RTF gives its text runs.
Standard library only: this runs in the browser too.
"""

from __future__ import annotations

import binascii
import codecs
import re
import struct
from dataclasses import dataclass, replace

from ndr_atlas.limits import size_text

# [MS-OXRTFCP] 2.1.3.1.1: the 16-byte header, and the two kinds of content.
HEADER = struct.Struct("<IIII")
COMPRESSED = 0x75465A4C  # "LZFu"
UNCOMPRESSED = 0x414C454D  # "MELA"
# [MS-OXRTFCP] 2.1.2.1: what the 4096-byte dictionary holds before the first byte is read.
INITIAL_DICTIONARY = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
    b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
DICTIONARY_SIZE = 4096


class RtfError(ValueError):
    """A compressed RTF stream that cannot be read; the message says why."""


class RtfTooLarge(RtfError):
    """A compressed RTF stream that says or turns out to hold more than the caller's limit: LZFu
    writes up to 17 bytes for each 2-byte reference, so a stream can unpack to eight times its size."""


def decompress(data: bytes, limit: int | None = None) -> bytes:
    """The RTF that a PidTagRtfCompressed value holds; RtfError when the stream is damaged,
    RtfTooLarge (before unpacking it, or as soon as the output passes it) when it holds more than
    ``limit`` bytes."""
    if len(data) < HEADER.size:
        raise RtfError(f"the compressed RTF is {len(data)} bytes, shorter than its 16-byte header")
    compressed_size, raw_size, kind, crc = HEADER.unpack_from(data)
    # The stated size counts the content and the 12 header bytes after the size field itself.
    content = data[HEADER.size : compressed_size + 4]
    if compressed_size < 12 or compressed_size + 4 > len(data):
        raise RtfError(f"the compressed RTF says it is {compressed_size + 4} bytes, but {len(data)} are there")
    if limit is not None and raw_size > limit:  # RAWSIZE ([MS-OXRTFCP] 2.1.3.1.1): what the stream says it holds
        raise RtfTooLarge(f"the compressed RTF says it holds {size_text(raw_size)}, more than the {size_text(limit)} limit")
    if kind == UNCOMPRESSED:
        if len(content) < raw_size:
            raise RtfError(f"the uncompressed RTF says it is {raw_size} bytes, but {len(content)} are there")
        return content[:raw_size]
    if kind != COMPRESSED:
        raise RtfError(f"the compressed RTF has an unknown type {data[8:12]!r} (expected LZFu or MELA)")
    if rtf_crc(content) != crc:
        raise RtfError(f"the compressed RTF fails its CRC check (stored {crc:08X}, computed {rtf_crc(content):08X})")
    return lzfu(content, raw_size, limit)


def rtf_crc(data: bytes) -> int:
    """[MS-OXRTFCP] 2.1.3.2: CRC-32 with the usual table, started at 0 and not inverted at the end.
    binascii's CRC inverts on the way in and out; starting it at all ones undoes both."""
    return binascii.crc32(data, 0xFFFFFFFF) ^ 0xFFFFFFFF


def lzfu(content: bytes, raw_size: int, limit: int | None = None) -> bytes:
    """[MS-OXRTFCP] 2.2.3.2: each control byte says, bit by bit from the lowest, whether the next
    token is a literal byte or a big-endian reference (12-bit dictionary offset, 4-bit length - 2).
    A reference to the dictionary's write position ends the data. The output is checked against
    ``limit`` at each control byte (its eight tokens add at most 136 bytes), whatever RAWSIZE said."""
    dictionary = bytearray(INITIAL_DICTIONARY.ljust(DICTIONARY_SIZE, b"\x00"))
    write = len(INITIAL_DICTIONARY)
    out = bytearray()
    pos = 0
    while pos < len(content):
        if limit is not None and len(out) > limit:
            raise RtfTooLarge(f"the compressed RTF unpacks to more than the {size_text(limit)} limit")
        control = content[pos]
        pos += 1
        for bit in range(8):
            if control & (1 << bit) == 0:
                if pos >= len(content):
                    raise RtfError("the compressed RTF ends in the middle of a run")
                byte = content[pos]
                pos += 1
                out.append(byte)
                dictionary[write] = byte
                write = (write + 1) % DICTIONARY_SIZE
                continue
            if pos + 2 > len(content):
                raise RtfError("the compressed RTF ends in the middle of a reference")
            reference = (content[pos] << 8) | content[pos + 1]
            pos += 2
            offset, length = reference >> 4, (reference & 0xF) + 2
            if offset == write:
                if len(out) < raw_size:
                    raise RtfError(f"the compressed RTF gives {len(out)} bytes, but says it holds {raw_size}")
                return bytes(out[:raw_size])
            for step in range(length):  # byte by byte: a reference may overlap what it writes
                byte = dictionary[(offset + step) % DICTIONARY_SIZE]
                out.append(byte)
                dictionary[write] = byte
                write = (write + 1) % DICTIONARY_SIZE
    raise RtfError("the compressed RTF ends without its end marker")


# --- what the RTF says ----------------------------------------------------------------------

# A control word (letters, an optional signed number, one space eaten as its delimiter), a control
# symbol (\' with two hex digits, or any other character), a brace, or a run of plain text.
TOKEN_RE = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.DOTALL)
# Destinations whose text is not the message's ([MSFT-RTF]): tables of fonts, colours, styles,
# document information, pictures and objects. Groups starting with \* are skipped unless known.
SKIPPED = frozenset(
    b"fonttbl colortbl stylesheet info pict object header footer headerl headerr footerl footerr listtable "
    b"listoverridetable rsidtbl generator xmlnstbl themedata colorschememapping latentstyles datastore "
    b"fldinst filetbl revtbl pgdsctbl author operator title subject pntext pntxta pntxtb listtext".split()
)
BREAKS = {b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"row": "\n", b"tab": "\t", b"cell": "\t"}
SYMBOLS = {b"emdash": "\u2014", b"endash": "\u2013", b"lquote": "\u2018", b"rquote": "\u2019"}
SYMBOLS |= {b"ldblquote": "\u201c", b"rdblquote": "\u201d", b"bullet": "\u2022", b"emspace": " ", b"enspace": " "}
ESCAPED = {b"\\": "\\", b"{": "{", b"}": "}", b"~": "\u00a0", b"_": "-", b"\n": "\n", b"\r": "\n"}
# How far into the document the \fromhtml or \fromtext word may stand ([MS-OXRTFEX] 2.2.3.1 wants
# it in the header, before any text).
HEADER_TOKENS = 10


@dataclass(frozen=True)
class Group:
    skip: bool = False  # a destination whose text is not the message's
    htmlrtf: bool = False  # [MS-OXRTFEX] 2.1.3.1.3: RTF added by the conversion, not in the HTML
    unicode_skip: int = 1  # \ucN: the fallback characters that follow each \uN


def body_of(rtf: bytes) -> tuple[str, str]:
    """The body the RTF holds, as (content type, text): the HTML it wraps as text/html, else its
    text as text/plain."""
    html = encapsulation(rtf) == b"fromhtml"
    return ("text/html" if html else "text/plain"), text_of(rtf, html)


def encapsulation(rtf: bytes) -> bytes | None:
    """``fromhtml`` or ``fromtext`` when the RTF header says it wraps HTML or plain text."""
    for count, found in enumerate(TOKEN_RE.finditer(rtf)):
        if count > HEADER_TOKENS or found.group(6):
            return None
        word = found.group(1)
        if (word == b"fromhtml" and found.group(2) == b"1") or word == b"fromtext":
            return word
    return None


def text_of(rtf: bytes, html: bool) -> str:
    """The text runs of the RTF. For wrapped HTML, the \\htmltag groups are kept (they hold the
    tags) and the \\htmlrtf parts dropped, which rebuilds the original HTML ([MS-OXRTFEX] 2.2.3.2)."""
    codepage = "cp1252"
    stack: list[Group] = []
    state = Group()
    out: list[str] = []
    pending = bytearray()  # \'hh bytes, decoded together: a character may take two of them
    fallback = 0  # characters still to drop after a \uN (its stand-in for readers without Unicode)
    group_start = optional = False  # at a group's first token; after its \* (an optional destination)

    def emit(text: str) -> None:
        if pending:
            out.append(pending.decode(codepage, "replace"))
            pending.clear()
        out.append(text)

    for found in TOKEN_RE.finditer(rtf):
        word, number, hex_byte, symbol, brace, text = found.groups()
        first, group_start = group_start, False
        destination, optional = optional, False
        if brace == b"{":
            stack.append(state)
            group_start, fallback = True, 0
        elif brace == b"}":
            state = stack.pop() if stack else state
            fallback = 0
        elif symbol == b"*" and first:
            optional = True
        elif destination and not (html and word == b"htmltag"):
            state = replace(state, skip=True)  # an optional destination this reader does not know
        elif word == b"htmlrtf":
            state = replace(state, htmlrtf=number != b"0")
        elif word in SKIPPED:
            state = replace(state, skip=True)
        elif word == b"ansicpg" and number:
            codepage = codec_of(int(number))
        elif word == b"uc" and number:
            state = replace(state, unicode_skip=min(int(number), 8))
        elif state.skip or state.htmlrtf or (destination and word == b"htmltag"):
            continue
        elif fallback and (word or hex_byte or symbol):
            fallback -= 1
        elif fallback and text:
            dropped = min(fallback, len(text))
            fallback -= dropped
            if text[dropped:]:
                emit(text[dropped:].decode(codepage, "replace"))
        elif word == b"u" and number:
            emit(chr(int(number) % 0x10000))
            fallback = state.unicode_skip
        elif word is not None:
            emit(BREAKS.get(word) or SYMBOLS.get(word, ""))
        elif hex_byte is not None:
            pending.append(int(hex_byte, 16))
        elif symbol is not None:
            emit(ESCAPED.get(symbol, ""))
        elif text is not None:
            emit(text.decode(codepage, "replace"))
    emit("")
    # \uN gives UTF-16 units: a character beyond the first plane comes as two of them.
    return "".join(out).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def codec_of(codepage: int) -> str:
    """The Python codec of an \\ansicpg code page; Windows-1252 when this Python lacks it (Pyodide
    leaves some out)."""
    name = "utf-8" if codepage == 65001 else f"cp{codepage}"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


__all__ = ["RtfError", "RtfTooLarge", "body_of", "decompress"]
