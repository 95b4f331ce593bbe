"""The bytes a user gives (a dropped or named file, a log, standard input) as text: the one place that
knows byte order marks, the "Unicode" text Windows saves without one, what to fall back to, and when
bytes are no text at all. Standard library only: the browser runs it in Pyodide.

Its callers: ``diagnose.as_text`` (a whole input at once: UTF-8, else Latin-1, never fails),
``logs.opening.LogFile`` (a stream: told from its first bytes, then decoded as it is read) and
``formats.base`` (a MIME part's or encoded word's bytes in their declared charset: ``decode_bytes``,
``python_charset``). ``readable_text`` is the last step of every whole input (``as_text``, a .msg
attached to a mail).
"""

from __future__ import annotations

import codecs
import re

# Byte order marks and the codec that reads (and drops) each. UTF-32LE's mark opens with UTF-16LE's,
# so the UTF-32 marks are tried first.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Enough of the start of a text to tell UTF-16 without a mark.
UTF16_SAMPLE = 4096


def bom_encoding(head: bytes) -> str | None:
    """The codec named by the byte order mark ``head`` opens with, or None."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding
    return None


def wide_encoding(head: bytes) -> str | None:
    """UTF-32 or UTF-16 by its byte order mark, or UTF-16 without one: ASCII with a NUL after (or
    before) each character. Text Windows saves as "Unicode" (Notepad; Windows PowerShell 5's
    ``Out-File``, ``>`` and ``Export-Csv -Encoding Unicode``) is UTF-16LE with a mark; other tools
    leave the mark out. None for anything else (UTF-8, with or without its mark, and 8-bit text)."""
    encoding = bom_encoding(head)
    if encoding is not None:
        return None if encoding == "utf-8-sig" else encoding
    sample = head[:UTF16_SAMPLE]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
        return "utf-16-be"
    return None


def stream_encoding(head: bytes) -> str:
    """The codec for a stream that opens with ``head``, to decode as it is read: UTF-32 or UTF-16
    (``wide_encoding``), UTF-8 without its mark, else UTF-8 (bytes that are not, replaced)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return wide_encoding(head) or "utf-8"


# Charset labels Python's codec registry learnt after 3.11 (Lib/encodings/aliases.py): the browser's
# Python (Pyodide, 3.14) reads a part so labelled as Thai, Hebrew or Japanese, the CLI's 3.11 as
# Latin-1; resolved here, both read it alike. Each is an IANA-registered charset name: windows-874
# (Thai, Windows and Outlook), ISO-8859-8-I/-E (Hebrew: ISO-8859-8's bytes in logical/explicit order),
# Windows-31J (Japanese: JavaMail's name for code page 932), csEUCKR (EUC-KR). CPython gh-61456,
# gh-62824, gh-102388 and gh-131358 added them; keys as python_charset writes them.
LATER_CHARSET_NAMES = {
    "windows_874": "cp874",
    "ms874": "cp874",
    "874": "cp874",
    "iso_8859_8_i": "iso8859_8",
    "iso_8859_8_e": "iso8859_8",
    "windows_31j": "cp932",
    "cseuckr": "euc_kr",
}


def python_charset(charset: str) -> str:
    """The codec for a MIME charset label, the same under every Python the classifier runs on."""
    key = "_".join(re.findall(r"[0-9a-z]+", charset.lower()))
    return LATER_CHARSET_NAMES.get(key, charset)


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode with the declared charset when it works, else UTF-8, else Latin-1 (never fails)."""
    for candidate in (charset and python_charset(charset), "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def normalise_newlines(text: str) -> str:
    """CR LF and a lone CR made LF: the one line end the readers split on."""
    if "\r" not in text:  # (most texts, already LF: one scan instead of two)
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def readable_text(text: str) -> str:
    """A whole message's decoded text as the readers take it: no byte order mark at its start, no
    NULs (a wide text's stray ones, an Outlook property's terminators) and LF line ends.
    ``diagnose.as_text`` ends with it for every input, and ``msg.attached_item_text`` for a .msg
    attached to a mail, so both read alike. The mark is dropped once: a UTF-8 file's (Notepad writes
    one; decode_bytes keeps it as U+FEFF) and a paste's alike, so a header block still opens the
    text; a second U+FEFF is text (a zero-width no-break space, Unicode 15 section 23.8)."""
    return normalise_newlines(text.removeprefix("\ufeff").replace("\x00", ""))


# Control bytes that text never has in quantity (tab, line ends and form feed are text's own).
CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
NOT_CONTROL = bytes(b for b in range(256) if b not in CONTROL_BYTES)


def control_heavy(sample: bytes) -> bool:
    """Archives, images, programs: more control bytes than any text has (a stray NUL is fine).
    ``sample`` is a text's first bytes as UTF-8 or 8-bit (a wide text: decoded, then encoded as UTF-8)."""
    control = len(sample.translate(None, NOT_CONTROL))
    return control > max(8, len(sample) // 20)
