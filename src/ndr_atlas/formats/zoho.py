"""Zoho Mail (an ``X-ZohoMail`` header): after ``This message was created automatically by mail
delivery software.`` each failure as ``<address> Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1
<reply>`` (the reply code and the status each after ``ERROR_CODE :``), or, when the remote server
could not be reached, ``[Status: Error, Address: <address>, ResponseCode 421, , Host not
reachable.]``. (Markers as Sisimai's Zoho module records them.)"""

from __future__ import annotations

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import failure_from_words

START = "This message was created automatically by mail delivery"
ERROR_LINE_RE = lazy_re(r"^(?P<addr>" + ADDRESS_RE.pattern + r") (?P<words>.*ERROR_CODE :.*)$")
STATUS_LINE_RE = lazy_re(r"^\[Status: [^,\]]{1,40}, Address: <(?P<addr>" + ADDRESS_RE.pattern + r")>,(?P<words>.*)$")
ERROR_CODE_RE = lazy_re(r"(?:ERROR_CODE :|ResponseCode )(?P<code>[45]\d\d\b|[245]\.\d{1,3}\.\d{1,3})")


def recognise(source: Source) -> bool:
    return bool(source.header("X-ZohoMail"))


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, START)
    if lines is None:
        return None
    failures = []
    for line in lines:
        found = ERROR_LINE_RE().match(line) or STATUS_LINE_RE().match(line)
        if not found:
            continue
        failure = failure_from_words(found.group("addr"), [found.group("words")])
        for code in (m.group("code") for m in ERROR_CODE_RE().finditer(found.group("words"))):
            if "." in code:
                failure.status = failure.status or normalise_status(code)
            else:
                failure.reply = failure.reply or code
        failures.append(failure)
    return bounce(failures)
