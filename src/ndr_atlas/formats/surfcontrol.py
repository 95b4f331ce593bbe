"""Websense SurfControl E-mail Filter: ``X-SEF-Processed`` and ``X-Mailer: SurfControl E-mail
Filter``; after ``Your message could not be sent.`` the recipient as ``Addressed To: <address>``,
then the attempt as ``<address>: [<server IP>], <reply>``. Pasted without its headers, the notice
is known by its opening and the transcript sentence under it, its own words."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce, marked_lines
from ndr_atlas.formats.words import failure_from_words

START = "Your message could not be sent."
TRANSCRIPT = "A transcript of the attempts to send the message follows."
ADDRESSED_RE = lazy_re(r"^Addressed To:\s*<?(?P<addr>" + ADDRESS_RE.pattern + r")>?")
ATTEMPT_RE = lazy_re(r"^(?P<addr>" + ADDRESS_RE.pattern + r"):\s*\[(?P<host>[0-9A-Fa-f.:]{2,45})\],\s*(?P<reply>.+)$")


def recognise(source: Source) -> bool:
    if source.message is None:
        return START in source.text and TRANSCRIPT in source.text
    return bool(source.header("X-SEF-Processed")) and source.header("X-Mailer").strip() == "SurfControl E-mail Filter"


def read(source: Source) -> Parsed | None:
    lines = marked_lines(source.text, START, ("Content-Type: message/rfc822",))
    if lines is None:
        return None
    addressed = [m.group("addr") for m in (ADDRESSED_RE().match(line) for line in lines) if m]
    attempts = {m.group("addr").lower(): m for m in (ATTEMPT_RE().match(line) for line in lines) if m}
    failures = []
    for address in dict.fromkeys(addressed):
        attempt = attempts.get(address.lower())
        failure = failure_from_words(address, [attempt.group("reply")] if attempt else [line for line in lines if line][:6])
        failure.remote_host = attempt.group("host") if attempt else failure.remote_host
        failures.append(failure)
    return bounce(failures)
