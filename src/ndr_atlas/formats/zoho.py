"""Zoho Mail (an ``X-ZohoMail`` header): after ``This message was created automatically by mail
delivery software.`` each failure as ``<address> Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1
<reply>`` (the reply code and the status each after ``ERROR_CODE :``), or, when the remote server
could not be reached, ``[Status: Error, Address: <address>, ResponseCode 421, , Host not
reachable.]``, where the text after the empty field may open with the remote server's status
(``ResponseCode 421, , 4.7.0 [TS02] …``). (Markers as Sisimai's Zoho module records them.)"""

from __future__ import annotations

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import failure_from_words

START = "This message was created automatically by mail delivery"
ERROR_LINE_RE = lazy_re(r"^(?P<addr>" + ADDRESS_RE.pattern + r") (?P<words>.*ERROR_CODE :.*)$")
STATUS_LINE_RE = lazy_re(r"^\[Status: [^,\]]{1,40}, Address: <(?P<addr>" + ADDRESS_RE.pattern + r")>,(?P<words>.*)$")
ERROR_CODE_RE = lazy_re(r"(?:ERROR_CODE :|ResponseCode )(?P<code>[45]\d\d\b|[245]\.\d{1,3}\.\d{1,3})")
# The remote server's own status opens the reply text after an empty field: "ResponseCode 421, , 4.7.0 …".
RESPONSE_STATUS_RE = lazy_re(r"ResponseCode [45]\d\d, , (?P<status>[245]\.\d{1,3}\.\d{1,3})\b")


def recognise(source: Source) -> bool:
    return bool(source.header("X-ZohoMail"))


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, START)
    if lines is None:
        return None
    failures = []
    for index, line in enumerate(lines):
        found = ERROR_LINE_RE().match(line) or STATUS_LINE_RE().match(line)
        if not found:
            continue
        words = found.group("words")
        if line.startswith("[Status:"):
            words = " ".join([words, *bracket_rest(lines, index + 1, words)])
        failure = failure_from_words(found.group("addr"), [words])
        for code in (m.group("code") for m in ERROR_CODE_RE().finditer(words)):
            if "." in code:
                failure.status = failure.status or normalise_status(code)
            else:
                failure.reply = failure.reply or code
        stated = RESPONSE_STATUS_RE().search(words)
        if stated and failure.status is None:
            failure.status = normalise_status(stated.group("status"))
        failures.append(failure)
    return bounce(failures)


# How many lines a relay's hard wrap may spread the bracketed status over.
BRACKET_LINES = 4


def bracket_rest(lines: list[str], start: int, words: str) -> list[str]:
    """The lines a hard wrap moved the rest of a "[Status: …]" item to, up to its closing bracket."""
    if words.rstrip().endswith("]"):
        return []
    rest: list[str] = []
    for line in lines[start : start + BRACKET_LINES]:
        if not line.strip() or line.startswith("[Status:"):
            break
        rest.append(line.strip())
        if line.rstrip().endswith("]"):
            break
    return rest
