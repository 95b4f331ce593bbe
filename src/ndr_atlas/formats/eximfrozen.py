"""Exim's notice that a message is frozen: the mail its ``freeze_tell`` option sends (often to the
postmaster) when it stops trying to deliver a message until an admin thaws it. Nothing has failed:
the message stays on the queue, so its addresses are deliveries still pending, a delay.

Two notices, both written by ``moan_tell_someone`` (``src/moan.c``), which prints the subject, the
body's sentence and, when it is given addresses, ``The following address(es) have yet to be
delivered:`` with one line an address: two spaces, the address, `` <parent>`` when it was
generated from another, then ``: <system error>`` and ``: <message>`` when the address has them.

* ``src/deliver.c``, subject ``Message frozen``: ``Message <id> has been frozen<why>.`` then
  ``The sender is <sender>.``, ``<why>`` being `` by the system filter`` (and the filter's own
  text on the next lines) or `` (delivery error message)`` (a bounce that could not be delivered),
  over the addresses still to deliver.
* ``src/receive.c``, subject ``Message frozen on arrival``: ``Message <id> was frozen on arrival by
  <what>.`` then ``The sender is <sender>.``, with no address list: the message as a whole is held.

Pasted (a mailing-list post, an issue), the notice may lose its indentation and have a long line
wrapped, its error on the next line: that line goes with the address before it."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, MAX_TEXT_CHARS, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.words import failure_from_words

FROZEN = "has been frozen"
FROZEN_ON_ARRIVAL = "was frozen on arrival by "
HEADING = "The following address(es) have yet to be delivered:"
SENDER_LINE = "The sender is "
# deliver.c's and receive.c's sentence: the message id, then how it came to be frozen.
OPENING_RE = lazy_re(r"\bMessage \S{1,80} (?:has been frozen|was frozen on arrival by )[^\n]{0,500}", re.IGNORECASE)
# moan.c's address line: the address, its parent, then its error(s) after ": ".
ITEM_RE = lazy_re(
    r"^[ \t>]{0,8}<?(?P<addr>" + ADDRESS_RE.pattern + r")>?[ \t]*(?:<[^<>\s]{1,320}>[ \t]*)?(?::[ \t]*(?P<error>.{0,2000}))?$"
)
# Lines of a wrapped error joined to its address, at most; and addresses read, at most.
MAX_WRAPPED = 3
MAX_WHY_CHARS = 1000  # the filter's text between the sentence and "The sender is", at most
MAX_ITEMS = 1000


def recognise(source: Source) -> bool:
    text = source.text
    return (FROZEN in text and HEADING in text) or (FROZEN_ON_ARRIVAL in text and SENDER_LINE in text)


def read(source: Source) -> Parsed | None:
    text = source.text[:MAX_TEXT_CHARS]
    opening = OPENING_RE().search(text)
    if opening is None:
        return None
    sentence = why_frozen(text, opening)
    heading = text.find(HEADING, opening.end())
    if heading < 0:
        if FROZEN_ON_ARRIVAL not in sentence or SENDER_LINE not in text[opening.end() :]:
            return None
        # Frozen on arrival: no address is named, the whole message is held.
        return Parsed("bounce", [held(None, sentence, [sentence])])
    failures = [held(addr, sentence, lines) for addr, lines in items(text[heading + len(HEADING) :].split("\n"))]
    return Parsed("bounce", failures) if failures else None


def why_frozen(text: str, opening: re.Match[str]) -> str:
    """The sentence, with the system filter's own text that deliver.c puts on the lines after it,
    up to "The sender is"."""
    end = text.find(SENDER_LINE, opening.end(), opening.end() + MAX_WHY_CHARS)
    why = text[opening.start() : end] if end >= 0 else opening.group(0)
    return " ".join(line.strip() for line in why.split("\n") if line.strip())


def items(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The addresses under the heading, each with its error's lines (the wrapped rest of a line
    that lost its indentation in a paste joined to it)."""
    found: list[tuple[str, list[str]]] = []
    wrapped = 0
    for line in lines:
        if not line.strip():
            if found:
                break  # the list ends the notice: a blank line after it is the end
            continue
        item = ITEM_RE().match(line.rstrip())
        if item is not None:
            error = (item.group("error") or "").strip()
            found.append((item.group("addr"), [error] if error else []))
            wrapped = 0
            if len(found) >= MAX_ITEMS:
                break
        elif found and wrapped < MAX_WRAPPED:
            found[-1][1].append(line.strip())
            wrapped += 1
        else:
            break
    return found


def held(recipient: str | None, sentence: str, error: list[str]) -> Failure:
    """A delivery Exim holds: the address's own error when the notice gives one, else why the
    message was frozen."""
    failure = failure_from_words(recipient, error if error else [sentence])
    failure.action = "delayed"
    failure.evidence = [sentence, *failure.evidence] if error and error != [sentence] else [sentence]
    return failure
