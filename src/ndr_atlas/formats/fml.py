"""fml, the mailing-list manager (fml.org): its errors to posters (not a member, a mail loop, a
duplicated Message-ID, a spammer). ``X-MLServer`` names it, the sender is the list's
``-admin@`` address and the Message-ID ends in ``.FML``. Each line naming an address in angle
brackets is about that address; the original follows ``Original mail as follows:``."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import before_marker, failure_from_words

ORIGINAL_MARKERS = ("Original mail as follows:",)
ANGLED_RE = lazy_re(r"<(?P<addr>" + ADDRESS_RE.pattern + r")>")


def recognise(source: Source) -> bool:
    return bool(source.header("X-MLServer")) and "-admin@" in source.header("From") and ".FML" in source.header("Message-ID")


def read(source: Source) -> Parsed | None:
    lines = [line for line in before_marker(source.text, ORIGINAL_MARKERS).split("\n") if line.strip()]
    subject = source.header("Subject").strip()
    failures = []
    for index, line in enumerate(lines):
        found = ANGLED_RE().search(line)
        if found:
            # The line, the list's explanation under it, and the subject (fml puts the error's name there).
            failures.append(failure_from_words(found.group("addr"), [line, *lines[index + 1 : index + 3], subject]))
    return bounce(failures)
