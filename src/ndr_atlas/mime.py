"""A small, fast MIME reader with the behaviour of ``email.message_from_string`` (compat32) for what parse.py uses.

Why it exists: the stdlib feedparser reads a message line by line through a stack of generators
and builds a ``Message`` object for every part of it, including every part of the returned
original message that most bounces carry; profiling put it at about 40 % of our run time.
This module finds the header block and the multipart boundaries with ``re``/``str.find`` over
the one shared string, keeps parts as offsets into it, and works out a part's payload only
when asked (so an attached ``message/rfc822`` is parsed only if someone walks into it).

It follows the stdlib's rules, quirks included (which lines count as headers, first header
wins in ``get``, one newline before a boundary belongs to the boundary, a declared boundary
that never occurs leaves the body as text, ...) so that swapping it in changes no result.
The differences that remain are deliberate and listed in the docstring of ``MimePart``.
Only the standard library is used: the same code runs in Pyodide.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterator

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Literal, TypeVar, overload

    _T = TypeVar("_T")

__all__ = ["MimePart", "parse_mime"]

# The header block as the feedparser sees it: every line matching its headerRE (a "From " line,
# a field name followed by ":", or a continuation line), up to the first line that doesn't.
_HEADER_BLOCK_RE = re.compile(r"(?:(?:From |[\041-\071\073-\176]*:|[\t ])[^\n]*(?:\n|\Z))*")
# One field of a header block that has only fields and continuation lines: name, then the value
# (without the blanks after the colon) with its continuation lines, as compat32 keeps it.
_FIELD_RE = re.compile(r"^([\041-\071\073-\176]+):[ \t]*(.*(?:\n[ \t].*)*)", re.MULTILINE)
# What may follow "--boundary" on a delimiter line (feedparser's boundaryendRE).
_DELIMITER_TAIL_RE = re.compile(r"(--)?[ \t]*(?:\n|\Z)")
# RFC 2231 pieces of a parameter: name*, name*0, name*0* (utils.rfc2231_continuation).
_RFC2231_NAME_RE = re.compile(r"^(?P<name>\w+)\*((?P<num>[0-9]+)\*?)?$", re.ASCII)
_QP_TRAILING_BLANKS_RE = re.compile(rb"[ \t]+(?=\n)")
_UUENCODE = frozenset({"x-uuencode", "uuencode", "uue", "x-uue"})
# Multiparts nested deeper than this are not split: their body is read as text, as Postfix refuses
# mail nested deeper than its mime_nesting_limit (100 by default, postconf(5)) and Sun Messaging
# Server's MTA_DECODE_LEVELS_MAX hands deeper multiparts over as text. Each level looks for its own
# closing line through the rest of the text, so unbounded nesting costs the square of the text.
MIME_NESTING_LIMIT = 100


class MimePart:
    """One message or body part; the subset of ``email.message.Message`` (compat32) that parse.py uses.

    Deliberate differences from the stdlib (none of them matters to parse.py):

    * ``get_payload`` has no index argument ``i``, and returns a str payload as it is even when it
      holds lone surrogates (the stdlib re-decodes it); header values stay str in that case too
      (the stdlib returns ``Header`` objects).
    * RFC 2231 parameters (``name*0=``, ``name*=``) come back as their raw joined string, never
      percent-decoded nor as a (charset, language, value) tuple; ``get_param_text`` gives them as
      ``collapse_rfc2231_value`` does.
    * The Content-Transfer-Encoding value is stripped before use, as in Python 3.12.9, 3.13.2 and
      3.14 (gh-98188) but not 3.11: "base64 " with a trailing blank decodes.
    * Only LF ends a line (the input is normalised); the stdlib also ends lines at a lone CR.
    * Quoted-printable lines lose their trailing blanks before decoding, as RFC 2045 6.7 asks.
    * 8-bit text with characters beyond Latin-1 (the input was UTF-8) decodes to its UTF-8 bytes,
      not to the stdlib's raw-unicode-escape ("\\u03b4"), which no charset reads back.
    * A multipart nested more than MIME_NESTING_LIMIT parts deep keeps its body as text.
    """

    __slots__ = ("_ctype", "_default_type", "_depth", "_end", "_first", "_headers", "_payload", "_start", "_strip_last", "_text")

    def __init__(
        self, text: str, start: int, end: int, headers: list[tuple[str, str]], default_type: str, strip_last: bool, depth: int = 0
    ) -> None:
        self._text = text  # the whole input, shared by every part; the body is text[start:end]
        self._start = start
        self._end = end
        self._headers = headers
        # Message.get returns the first occurrence: build from the end so the first one is written last.
        self._first = {name.lower(): value for name, value in reversed(headers)}
        self._default_type = default_type
        # The newline before a boundary line belongs to the boundary: the stdlib takes it off
        # the payload of the last message it created in the part (see _payload_of).
        self._strip_last = strip_last
        self._ctype: str | None = None
        self._payload: list[MimePart] | str | None = None
        self._depth = depth  # how many multipart or message parts hold this one

    def __repr__(self) -> str:
        return f"<MimePart {self.get_content_type()} {self._end - self._start} chars>"

    # --- headers ------------------------------------------------------------------------

    if TYPE_CHECKING:

        @overload
        def get(self, name: str) -> str | None: ...
        @overload
        def get(self, name: str, failobj: _T) -> str | _T: ...

    def get(self, name: str, failobj: object = None) -> object:
        return self._first.get(name.lower(), failobj)

    def __getitem__(self, name: str) -> str | None:
        return self._first.get(name.lower())

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._first

    def get_all(self, name: str) -> list[str] | None:
        lowered = name.lower()
        values = [v for k, v in self._headers if k.lower() == lowered]
        return values or None

    def keys(self) -> list[str]:
        return [k for k, _ in self._headers]

    def items(self) -> list[tuple[str, str]]:
        return list(self._headers)

    # --- content type and parameters ----------------------------------------------------

    def get_default_type(self) -> str:
        return self._default_type

    def get_content_type(self) -> str:
        if self._ctype is None:
            value = self._first.get("content-type")
            if value is None:
                self._ctype = self._default_type
            else:
                ctype = value.partition(";")[0].strip().lower()
                self._ctype = ctype if ctype.count("/") == 1 else "text/plain"  # RFC 2045 5.2: invalid means text/plain
        return self._ctype

    def get_content_maintype(self) -> str:
        return self.get_content_type().split("/")[0]

    def get_content_subtype(self) -> str:
        return self.get_content_type().split("/")[1]

    if TYPE_CHECKING:

        @overload
        def get_param(self, param: str, failobj: None = None, header: str = "content-type", unquote: bool = True) -> str | None: ...
        @overload
        def get_param(self, param: str, failobj: _T, header: str = "content-type", unquote: bool = True) -> str | _T: ...

    def get_param(self, param: str, failobj: object = None, header: str = "content-type", unquote: bool = True) -> object:
        value = self._first.get(header.lower())
        if value is None:
            return failobj
        wanted = param.lower()
        if wanted not in value.lower():
            return failobj  # whatever the chunk it names, the parameter's name stands in the value
        pieces: list[tuple[int, str]] = []
        for index, chunk in enumerate(_split_params(value)):
            name, sep, raw = chunk.partition("=")
            name, raw = (name.strip(), raw.strip()) if sep else (chunk.strip(), "")
            if index == 0:  # the type itself: utils.decode_params leaves it as it is
                if name.lower() == wanted:
                    return _unquote(raw) if unquote else raw
                continue
            rfc2231 = _RFC2231_NAME_RE.match(name)
            if rfc2231:
                if rfc2231.group("name").lower() == wanted:
                    pieces.append((int(rfc2231.group("num") or 0), _unquote(raw)))
                continue
            if name.lower() == wanted:
                # decode_params stores '"' + quote(unquote(v)) + '"' and get_param unquotes that
                stored = '"' + _quote(_unquote(raw)) + '"'
                return _unquote(stored) if unquote else stored
        if pieces:  # the stdlib puts RFC 2231 parameters after all the others, so they lose to a plain one
            return "".join(piece for _, piece in sorted(pieces))  # by number, then text, as utils.decode_params
        return failobj

    def get_param_text(self, param: str, header: str = "content-type") -> str | None:
        """A parameter's value as email.utils.collapse_rfc2231_value gives it (Message.get_filename's
        reading): RFC 2231 sections joined in order, each *-marked one percent-decoded (section 4:
        name*=utf-8''x%2Emsg, name*0*=…), and an extended value's charset'language' prefix read."""
        value = self._first.get(header.lower())
        if value is None or param.lower() not in value.lower():
            return None
        wanted = param.lower()
        pieces: list[tuple[int, str, bool]] = []
        for index, chunk in enumerate(_split_params(value)):
            name, sep, raw = chunk.partition("=")
            name, raw = (name.strip(), raw.strip()) if sep else (chunk.strip(), "")
            rfc2231 = _RFC2231_NAME_RE.match(name) if index else None
            if rfc2231:
                if rfc2231.group("name").lower() == wanted:
                    pieces.append((int(rfc2231.group("num") or 0), _unquote(raw), name.endswith("*")))
            elif name.lower() == wanted:
                return self.get_param(param, header=header)  # a plain parameter wins, as in get_param
        return _collapse_rfc2231(pieces) if pieces else None

    def get_boundary(self) -> str | None:
        boundary = self.get_param("boundary")
        if boundary is None:
            return None
        return _unquote(boundary).rstrip()  # collapse_rfc2231_value unquotes once more; boundaries may not end in blanks

    if TYPE_CHECKING:

        @overload
        def get_content_charset(self) -> str | None: ...
        @overload
        def get_content_charset(self, failobj: _T) -> str | _T: ...

    def get_content_charset(self, failobj: object = None) -> object:
        charset = self.get_param("charset")
        if charset is None or not charset.isascii():
            return failobj
        return charset.lower()

    # --- payload --------------------------------------------------------------------------

    def _kind(self) -> str:
        """How the stdlib reads the body: 'status' (header blocks), 'message', 'multipart' or 'text'."""
        ctype = self.get_content_type()
        if ctype == "message/delivery-status":  # exactly this type: message/global-delivery-status is a 'message'
            return "status"
        maintype = ctype.split("/")[0]
        return maintype if maintype in ("multipart", "message") else "text"

    def _payload_of(self) -> list[MimePart] | str:
        if self._payload is None:
            text, start, end = self._text, self._start, self._end
            kind = self._kind()
            if kind == "status":
                self._payload = _split_blocks(text, start, end, self._strip_last)
            elif kind == "message":
                # The inner message inherits the duty to drop the boundary's newline (the stdlib drops
                # it from the last message created, which is inside the inner one).
                self._payload = [_parse(text, start, end, "text/plain", self._strip_last, self._depth + 1)]
            elif kind == "multipart" and self._depth < MIME_NESTING_LIMIT:
                child_type = "message/rfc822" if self.get_content_type() == "multipart/digest" else "text/plain"
                # A multipart with a str payload keeps its last newline: the stdlib trims the epilogue instead.
                self._payload = _split_multipart(text, start, end, self.get_boundary(), child_type, self._depth + 1)
            else:
                if self._strip_last and end > start and text[end - 1] == "\n":
                    end -= 1
                self._payload = text[start:end]
        return self._payload

    def is_multipart(self) -> bool:
        kind = self._kind()
        if kind == "text":
            return False  # no need to slice the body out just to answer this
        return kind in ("message", "status") or isinstance(self._payload_of(), list)

    if TYPE_CHECKING:

        @overload
        def get_payload(self, *, decode: Literal[False] = False) -> list[MimePart] | str: ...
        @overload
        def get_payload(self, *, decode: Literal[True]) -> bytes | None: ...
        @overload
        def get_payload(self, *, decode: bool) -> list[MimePart] | str | bytes | None: ...

    def get_payload(self, *, decode: bool = False) -> list[MimePart] | str | bytes | None:
        payload = self._payload_of()
        if isinstance(payload, list):
            return None if decode else payload
        if not decode:
            return payload
        return self._decode(payload)

    def decoded_body(self) -> bytes:
        """The body's bytes after its Content-Transfer-Encoding, whatever the part's type: the stdlib
        reads a message/delivery-status part as blocks of fields even when it is base64, and a
        message/global-delivery-status part (RFC 6533) as one attached message."""
        return self._decode(self._text[self._start : self._end])

    def _decode(self, payload: str) -> bytes:
        try:
            raw = payload.encode("ascii", "surrogateescape")
        except UnicodeEncodeError:  # not RFC-compliant (8-bit text)
            # Characters beyond Latin-1 mean the input was read as UTF-8: its bytes are those (the
            # stdlib's raw-unicode-escape would turn them into "\u03b4" escapes). Latin-1 text is
            # given back byte for byte, as the stdlib does, for the declared charset to decode.
            raw = payload.encode("latin-1") if max(payload) <= "\xff" else payload.encode("utf-8", "surrogatepass")
        # Stripped as by the stdlib of 3.12.9, 3.13.2 and 3.14 (gh-98188); 3.11 compares it unstripped.
        cte = self._first.get("content-transfer-encoding", "").strip().lower()
        if cte == "quoted-printable":
            # RFC 2045 6.7 (3): blanks at the end of an encoded line were added on the way and are
            # deleted, so a soft line break "= " still joins its lines (the stdlib keeps them).
            return quopri.decodestring(_QP_TRAILING_BLANKS_RE.sub(b"", raw) if b" \n" in raw or b"\t\n" in raw else raw)
        if cte == "base64":
            return _decode_base64(b"".join(raw.splitlines()))
        if cte in _UUENCODE:
            try:
                return _decode_uu(raw)
            except ValueError:  # binascii.Error is a ValueError too
                return raw
        return raw

    def raw_body(self) -> str:
        """The body as it stands in the input (for a message/rfc822 part: the attached message)."""
        return self._text[self._start : self._end]

    def walk(self) -> Iterator[MimePart]:
        """This part, then every sub-part depth-first, like Message.walk (iterative: no recursion limit)."""
        stack: list[MimePart] = [self]
        while stack:
            part = stack.pop()
            yield part
            if part.is_multipart():
                children = part._payload_of()
                if isinstance(children, list):
                    stack.extend(reversed(children))


def parse_mime(text: str) -> MimePart:
    """Read one whole message (LF newlines); never raises, whatever the input."""
    return _parse(text, 0, len(text), "text/plain", False)


def _parse(text: str, start: int, end: int, default_type: str, strip_last: bool, depth: int = 0) -> MimePart:
    """The part in text[start:end]: its headers now, its payload when asked."""
    match = _HEADER_BLOCK_RE.match(text, start, end)
    block_end = match.end() if match else start  # the pattern can match empty, so it always matches
    block = text[start:block_end]
    body_start = block_end
    if block_end < end and text[block_end] == "\n":
        body_start += 1  # the blank line separating headers and body is not part of either
    from_line = None
    if block[:1] in (" ", "\t", ":") or block.startswith("From ") or "\n:" in block or "\nFrom " in block:
        headers, from_line = _parse_headers(block)
    else:
        # The usual case, every line a field or a continuation: one regex pass, no Python loop per line.
        headers = [(name, value.rstrip("\r\n")) for name, value in _FIELD_RE.findall(block)]
    if from_line is not None:
        # A "From " line closing the header block is pushed back as the first body line, after the
        # blank line was already consumed; rare, so a copy is fine.
        newline = "\n" if text[block_end - 1 : block_end] == "\n" else ""
        text = from_line + newline + text[body_start:end]
        return MimePart(text, 0, len(text), headers, default_type, strip_last, depth)
    return MimePart(text, body_start, end, headers, default_type, strip_last, depth)


def _parse_headers(block: str) -> tuple[list[tuple[str, str]], str | None]:
    """Header fields as feedparser._parse_headers and compat32 header_source_parse make them.

    Returns the fields and the "From " line to push back into the body, if any.
    """
    lines = block.split("\n")
    if lines[-1] == "":
        lines.pop()
    headers: list[tuple[str, str]] = []
    name = ""
    value: list[str] = []
    last = len(lines) - 1
    for lineno, line in enumerate(lines):
        if line[:1] in (" ", "\t"):
            if name:  # a continuation with nothing to continue is dropped
                value.append(line)
            continue
        if name:
            headers.append((name, "\n".join(value).rstrip("\r\n")))
            name = ""
        if line.startswith("From "):
            if lineno == 0 or lineno != last:
                continue  # the mbox envelope line, or one misplaced among the fields: ignored
            return headers, line  # most likely the first line of the body
        colon = line.find(":")
        if colon > 0:  # ":value" without a name is dropped
            name = line[:colon]
            value = [line[colon + 1 :].lstrip(" \t")]
    if name:
        headers.append((name, "\n".join(value).rstrip("\r\n")))
    return headers, None


def _next_delimiter(text: str, separator: str, pos: int, end: int) -> tuple[int, int, bool] | None:
    """The next "--boundary" line at or after pos: (line start, next line start, closing?)."""
    at = text.find(separator, pos, end)
    while at >= 0:
        if at == pos or text[at - 1] == "\n":  # pos is always the start of a line
            tail = _DELIMITER_TAIL_RE.match(text, at + len(separator), end)
            if tail:
                return at, tail.end(), tail.group(1) is not None
        at = text.find(separator, at + 1, end)
    return None


def _split_multipart(text: str, start: int, end: int, boundary: str | None, child_type: str, depth: int) -> list[MimePart] | str:
    """The sub-parts of text[start:end], or the body as str when the stdlib would keep it as text."""
    if boundary is None or "\n" in boundary or "\r" in boundary:
        return text[start:end]  # no boundary, or one no line can match: all of it is text
    separator = "--" + boundary
    delimiter = _next_delimiter(text, separator, start, end)
    if delimiter is None:
        return text[start:end]  # declared but never used
    if delimiter[2]:
        return text[start : delimiter[0]]  # a closing line before any opening one: the stdlib keeps the preamble only
    parts: list[MimePart] = []
    while delimiter is not None and not delimiter[2]:
        part_start = delimiter[1]
        delimiter = _next_delimiter(text, separator, part_start, end)
        while delimiter is not None and delimiter[0] == part_start:
            # Delimiter lines in a row (closing ones too) make no empty parts in the stdlib.
            part_start = delimiter[1]
            delimiter = _next_delimiter(text, separator, part_start, end)
        part_end = delimiter[0] if delimiter is not None else end  # an unterminated last part runs to the end
        parts.append(_parse(text, part_start, part_end, child_type, True, depth))
    return parts


def _split_blocks(text: str, start: int, end: int, strip_last: bool) -> list[MimePart]:
    """A message/delivery-status body: one part per block of fields, blocks separated by an empty line.

    As the feedparser: each block runs to the next empty line, which is then consumed; an empty
    line right after that starts an empty block; there is always at least one block.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    while True:
        if pos < end and text[pos] == "\n":
            stop = pos
        else:
            found = text.find("\n\n", pos, end)
            stop = found + 1 if found >= 0 else end
        spans.append((pos, stop))
        pos = stop + 1
        if pos >= end:
            break
    last = len(spans) - 1  # the boundary's newline comes off the last block only (the last message created)
    return [_parse(text, a, b, "text/plain", strip_last and i == last) for i, (a, b) in enumerate(spans)]


def _split_params(value: str) -> list[str]:
    """message._parseparam, without its quadratic slicing: ';'-separated chunks, quotes respected."""
    chunks: list[str] = []
    start = 0
    size = len(value)
    while True:
        end = value.find(";", start)
        scanned, quotes = start, 0
        while end > start:
            # The stdlib counts '"' minus '\\"' from the chunk start on every try; we count only the new stretch.
            quotes += value.count('"', scanned, end) - value.count('\\"', scanned, end)
            scanned = end
            if quotes % 2 == 0:
                break
            end = value.find(";", end + 1)
        if end < 0:
            end = size
        chunk = value[start:end]
        if "=" in chunk:
            name, _, rest = chunk.partition("=")
            chunk = name.strip().lower() + "=" + rest.strip()
        chunks.append(chunk.strip())
        if end >= size:
            return chunks
        start = end + 1


def _unquote(value: str) -> str:
    """email.utils.unquote."""
    if len(value) > 1:
        if value.startswith('"') and value.endswith('"'):
            return value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
        if value.startswith("<") and value.endswith(">"):
            return value[1:-1]
    return value


_PERCENT_RE = re.compile(r"%([0-9A-Fa-f]{2})")


def _collapse_rfc2231(pieces: list[tuple[int, str, bool]]) -> str:
    """email.utils.decode_params then collapse_rfc2231_value, for one parameter's (number, text,
    *-marked) sections: the marked ones percent-decoded to octets, then, when any was marked, the
    octets after the charset'language' prefix read in that charset (US-ASCII when there is no prefix)."""
    extended = any(encoded for _, _, encoded in pieces)
    value = "".join(_PERCENT_RE.sub(lambda m: chr(int(m.group(1), 16)), text) if encoded else text for _, text, encoded in sorted(pieces))
    if not extended:
        return value
    charset, _language, text = value.split("'", 2) if value.count("'") >= 2 else ("us-ascii", "", value)
    try:
        return str(text.encode("raw-unicode-escape"), charset, "replace")
    except LookupError:  # a charset Python does not know (or an empty one): the octets as they stand
        return _unquote(text)


def _quote(value: str) -> str:
    """email.utils.quote."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _decode_base64(data: bytes) -> bytes:
    """email._encoded_words.decode_b: fix the padding, then ignore stray characters, then give up."""
    missing = len(data) % 4
    try:
        return base64.b64decode((data + b"==="[: 4 - missing]) if missing else data, validate=True)
    except binascii.Error:
        pass
    for candidate in (data, data + b"=="):
        try:
            return base64.b64decode(candidate, validate=False)
        except binascii.Error:
            continue
    return data  # length 1 more than a multiple of 4: undecodable, returned as is (bpo-27397)


def _decode_uu(encoded: bytes) -> bytes:
    """email.message._decode_uu (the uu module is gone from the stdlib)."""
    decoded: list[bytes] = []
    lines = iter(encoded.splitlines())
    for line in lines:
        if line.startswith(b"begin "):
            mode, _, _path = line.removeprefix(b"begin ").partition(b" ")
            try:
                int(mode, base=8)
            except ValueError:
                continue
            break
    else:
        raise ValueError("`begin` line not found")
    for line in lines:
        if not line:
            raise ValueError("Truncated input")
        if line.strip(b" \t\r\n\f") == b"end":
            break
        try:
            decoded.append(binascii.a2b_uu(line))
        except binascii.Error:
            # Workaround for broken uuencoders by /Fredrik Lundh (as the stdlib)
            nbytes = (((line[0] - 32) & 63) * 4 + 5) // 3
            decoded.append(binascii.a2b_uu(line[:nbytes]))
    return b"".join(decoded)
