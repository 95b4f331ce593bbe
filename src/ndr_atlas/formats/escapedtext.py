"""A report held in a string literal of a program: a double-quoted PHP, JavaScript, Java, C# or
Python string whose line breaks are the escapes ``\\r\\n`` / ``\\n`` (C's escapes, which all these
languages share for a double-quoted string), as source code, a test fixture or a program's output
keeps the text of a notice it fetched or stores:

    'body' => "\\nThis is the mail system at host mx.example.net.\\r\\n\\r\\nI'm sorry to have …
    \\r\\n<bob@example.org>: host mx.example.org[192.0.2.1] said: 550\\r\\n    5.1.1 User unknown …"

The literal is unescaped (``\\n``, ``\\r``, ``\\t``, ``\\"``, ``\\'``, ``\\\\``, ``\\/``) and read as the
text it stands for by the readers that read a pasted text, as ``graphmessage`` reads the body of a
Microsoft Graph message. JSON event payloads, Graph messages and the other formats whose values are
escaped strings are read by their own readers before this one; this one stands just above the
log reader and the generic scanner, which would otherwise see the notice as one long line with the
escapes glued into its words. Backed by two such texts: a Zimbra GetMsgResponse object in a JavaScript test fixture
(wild set233/s26) and an inbox record seeded by a PHP controller (wild set252/s22), both holding a
Postfix notice.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from ndr_atlas.formats.base import MAX_TEXT_CHARS, Failure, Parsed, Source, read_nested_at_most
from ndr_atlas.formats.words import has_bounce_cues

# A literal is a report's text only with several line breaks in it (a notice's lines; a reply's own
# continuation lines, "550-5.7.1 …\r\n550 5.7.1 …", are read by the scanner already).
MIN_LINE_BREAKS = 3
LINE_BREAK = "\\n"
MIN_LITERAL_CHARS = 80
MAX_LITERALS = 20
ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
# What ends the run of plain characters inside a literal: an escape, its closing quote, a line break.
LITERAL_STOP_RE = re.compile(r'[\\"\n]')
ESCAPES = {"n": "\n", "r": "", "t": "\t", '"': '"', "'": "'", "\\": "\\", "/": "/"}
# A literal's text is read by every reader, this one among them: a text that is a literal again (a
# program printing its own source) is read once more, no deeper.
MAX_NESTING = 2
NESTING: ContextVar[int] = ContextVar("escapedtext_nesting", default=0)


def recognise(source: Source) -> bool:
    return any(text.count(LINE_BREAK, 0, MAX_TEXT_CHARS) >= MIN_LINE_BREAKS and '"' in text for text in texts_of(source))


def read(source: Source) -> Parsed | None:
    return read_nested_at_most(NESTING, MAX_NESTING, read_literals, source)


def texts_of(source: Source) -> tuple[str, ...]:
    """The input as it came (the paste, or the whole mail), and a mail's decoded text parts: a
    relay may have re-encoded a body that holds the literal."""
    return (source.raw,) if source.message is None else (source.raw, source.text)


def read_literals(source: Source) -> Parsed | None:
    from ndr_atlas.parse import parse_message  # the readers of text, asked of each literal: not at import (a cycle)

    failures: list[Failure] = []
    for text in texts_of(source):
        for literal in report_literals(text[:MAX_TEXT_CHARS]):
            failures.extend(parse_message(literal).failures)
        if failures:
            return Parsed("bounce", failures)
    return None


def report_literals(text: str) -> list[str]:
    """The unescaped text of each double-quoted literal with several line breaks and the words of a
    report near its top, in the order they come (MAX_LITERALS at most)."""
    found: list[str] = []
    for literal in literals(text):
        if literal.count(LINE_BREAK) < MIN_LINE_BREAKS or len(literal) < MIN_LITERAL_CHARS:
            continue
        unescaped = ESCAPE_RE.sub(lambda m: ESCAPES.get(m.group(1), m.group(0)), literal)
        if has_bounce_cues(unescaped):
            found.append(unescaped.lstrip("\n"))
            if len(found) >= MAX_LITERALS:
                break
    return found


def literals(text: str) -> list[str]:
    """The inside of each double-quoted string literal on a line, read left to right once as a lexer
    does: a backslash takes the character after it, a quote closes the literal, a line break ends an
    unclosed one (no language lets a double-quoted literal run over a raw line break but PHP, whose
    report texts are written with escapes all the same)."""
    found: list[str] = []
    i = text.find('"')
    while i >= 0:
        start = pos = i + 1
        while True:
            stop = LITERAL_STOP_RE.search(text, pos)
            if stop is None:
                return found
            char = stop.group()
            if char == "\\":
                pos = stop.end() + 1
                continue
            # A closing quote ends the literal; a raw line break too, and it was none. The next quote
            # after either opens the next one.
            if char == '"' and text.count(LINE_BREAK, start, stop.start()) >= MIN_LINE_BREAKS:
                found.append(text[start : stop.start()])
            i = text.find('"', stop.end())
            break
    return found
