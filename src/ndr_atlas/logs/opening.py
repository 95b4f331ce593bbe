"""Opening a log as a stream of text lines: gzip or not, in the encoding its first bytes tell
(ndr_atlas.decoding: UTF-8 with or without BOM, UTF-16 with or without one, as Windows PowerShell 5
writes with ``Out-File`` and ``Export-Csv -Encoding Unicode``, or UTF-32). Lines end with LF, CRLF
or a lone CR (classic Mac OS, and some exports); a line longer than MAX_LINE_CHARS is cut there."""

from __future__ import annotations

import functools
import gzip
import io
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO, TextIO

from ndr_atlas.decoding import control_heavy, stream_encoding
from ndr_atlas.logs.base import LogFormatError

GZIP_MAGIC = b"\x1f\x8b"
# Enough of the start of a file to tell its format (a CSV header, a few dozen log lines).
HEAD_BYTES = 64 * 1024
BUFFER_BYTES = 1 << 20
# A log line or CSV row is a few hundred characters, an export's row with many recipients some
# thousands: a longer "line" is no record (a JSON document, a log whose line ends were lost). Only
# its first MAX_LINE_CHARS are kept, so one huge line costs neither memory nor time.
MAX_LINE_CHARS = 1 << 20


class LogFile:
    """A log opened for streaming: ``head`` (its first lines, to tell the format) and ``lines()``."""

    def __init__(self, name: str) -> None:
        self.name = name
        raw: BinaryIO
        if name == "-":
            raw = sys.stdin.buffer
            self.modified = datetime.now()
        else:
            raw = open(name, "rb")
            self.modified = datetime.fromtimestamp(os.fstat(raw.fileno()).st_mtime)
        self._raw = raw
        stream: BinaryIO = raw
        magic = raw.read(2)
        if magic == GZIP_MAGIC:
            stream = gzip.GzipFile(fileobj=Prepended(magic, raw), mode="rb")  # type: ignore[assignment]
            magic = b""
        head = magic + read_fully(stream, HEAD_BYTES - len(magic))
        self.compressed = stream is not raw
        self.encoding = stream_encoding(head)
        text = head.decode(self.encoding, errors="replace")
        # The last line of the head may be cut short; formats are told from whole lines.
        self.head = text.splitlines()[:-1] if len(head) >= HEAD_BYTES else text.splitlines()
        self.binary = looks_binary(head, text, self.encoding)
        if len(head) >= HEAD_BYTES and not self.binary and "\n" not in text and "\r" not in text:
            self.close()
            raise LogFormatError(
                f"no line end in the first {HEAD_BYTES // 1024} KB: not a log or export, which hold one record a line"
                " (a JSON document, or a log whose line ends were lost?)"
            )
        whole = io.BufferedReader(Prepended(head, stream), BUFFER_BYTES)  # type: ignore[type-var]
        self.text: TextIO = io.TextIOWrapper(whole, encoding=self.encoding, errors="replace", newline="")

    def position(self) -> float:
        try:
            size = os.fstat(self._raw.fileno()).st_size
            return min(1.0, self._raw.tell() / size) if size else 1.0
        except (OSError, ValueError, io.UnsupportedOperation):
            return 0.0

    def lines(self) -> Iterator[str]:
        return bounded_lines(self.text, MAX_LINE_CHARS)

    def close(self) -> None:
        if self._raw is not sys.stdin.buffer:
            self._raw.close()

    def __enter__(self) -> LogFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bounded_lines(text: TextIO, limit: int) -> Iterator[str]:
    """Each line of ``text`` with its line end; a line longer than ``limit`` characters is cut there,
    the rest read (``limit`` characters at a time) up to its line end and dropped: each line is one,
    as the line numbers count them, and the time stays linear in the size."""
    readline = functools.partial(text.readline, limit)
    split_crlf = False  # the last piece read filled the limit with a CR: a LF alone next is its line end
    for line in iter(readline, ""):
        if split_crlf:
            split_crlf = False
            if line == "\n":
                continue
        if len(line) == limit:
            rest = line
            while len(rest) == limit and rest[-1] not in "\r\n":
                rest = readline()
            split_crlf = len(rest) == limit and rest[-1] == "\r"
        yield line


def read_fully(stream: BinaryIO, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Prepended(io.RawIOBase):
    """The bytes already read to tell the format, then the rest of the stream."""

    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        self.first = memoryview(first)
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        if self.first:
            size = min(len(buffer), len(self.first))
            buffer[:size] = self.first[:size]
            self.first = self.first[size:]
            return size
        chunk = self.rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def looks_binary(head: bytes, text: str, encoding: str) -> bool:
    """An archive, an image, a program: control bytes that text never has in quantity. A UTF-16 or
    UTF-32 text is judged by its characters (its ASCII's NULs are no control bytes)."""
    if not head:
        return False
    wide = encoding not in ("utf-8", "utf-8-sig")
    return control_heavy(text[:8192].encode("utf-8", "replace") if wide else head[:8192])
