"""mox's queue listing, pasted (``mox queue list``): one line a queued message, as mox's ctl.go
prints it, ``%5d %s from:%s to:%s next %s last %s error %q``: its id, the time it was queued, the
sender, the recipient, when the next attempt is due, how long ago the last one was, and the last
attempt's error in Go's quoting ("" before any attempt). A message stays listed only while mox
still tries to deliver it (a permanent failure removes it and sends the report), so each error is
a delivery being retried, as in Postfix's ``mailq`` (see postfixqueue.py). Older versions and
pastes may leave out the queued time (mjl-/mox#136)."""

from __future__ import annotations

from ndr_atlas.formats.base import MAX_TEXT_CHARS, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# "  202 2026-12-05T09:14:02Z from:ann@example.com to:bob@example.org next 3m53s last 11m3s error "…""
ENTRY_RE = lazy_re(
    r"^[ \t]*\d{1,12}[ \t]+(?:\S{1,40}[ \t]+)?from:\S{0,320}[ \t]+to:(?P<addr>\S{1,320})[ \t]+next[ \t]+\S{1,40}"
    r"[ \t]+last(?:[ \t]+\S{1,40})?[ \t]+error[ \t]+\"(?P<error>(?:[^\"\\\n]|\\.){0,4000})\"",
    0,
)
MAX_FAILURES = 500


def recognise(source: Source) -> bool:
    text = source.raw  # its heading line ("messages:") reads as a header field when the paste opens with it
    return " to:" in text and " next " in text and ' error "' in text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for line in source.raw[:MAX_TEXT_CHARS].split("\n"):
        found = ENTRY_RE().match(line)
        if found is None or not found.group("error") or "@" not in found.group("addr"):
            continue  # not yet attempted: nothing failed so far
        failure = failure_from_words(found.group("addr"), [found.group("error").replace('\\"', '"')])
        failure.action = "delayed"
        failure.evidence = [line.strip()]
        failures.append(failure)
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(failures)
