"""TransWARE Active!hunter: an ``X-AHMailID`` header; under ``----- The following addresses had
permanent fatal errors -----`` each recipient as ``>>> name <address>``, then the server's reply
under ``----- Transcript of session follows -----``."""

from __future__ import annotations

from ndr_atlas.formats.base import Parsed, Source
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import listed_failures

START = "----- The following addresses had permanent fatal errors -----"
ENDS = ("Content-type: message/rfc822", "Content-Type: message/rfc822")


def recognise(source: Source) -> bool:
    return bool(source.header("X-AHMailID"))


def read(source: Source) -> Parsed | None:
    failures = listed_failures(source.text, START, ENDS)
    return bounce(failures)
