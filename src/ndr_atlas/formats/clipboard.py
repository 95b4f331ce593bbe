"""What mail programs add to a report's text when it is copied or converted to plain text, taken
out before any reader looks at it.

* Outlook's conversion of an HTML mail to plain text (copying the whole item, forwarding or saving
  it as text) writes each link's target after its text: ``bob@example.org<mailto:bob@example.org>``.
  The target repeats the address, glued to it, so an address line no longer reads as one.
* Outlook on the web, the new Outlook and Outlook for Mac keep the HTML's zero-width spaces and
  non-breaking spaces (Exchange Online's report banner uses both).
* A report copied out of a plain-text reply or forward has every line quoted with "> " (the
  usual quoting of plain-text mail, RFC 3676 section 4.5): the indentation that ties a server's
  wrapped reply to its recipient starts after the quote, so the quote is taken off.
"""

from __future__ import annotations

import re

# "<mailto:bob@example.org>" or "<mailto:bob@example.org?subject=…>", as Outlook writes a link's target.
MAILTO_RE = re.compile(r"<mailto:([^<>\s?]{1,320})(?:\?[^<>\s]{0,500})?>", re.IGNORECASE)
# Zero-width space, non-joiner and joiner, word joiner and the byte-order mark: invisible, not spaces.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
SPACES = "\u00a0\u202f"  # no-break and narrow no-break spaces


def tidy(text: str) -> str:
    """The text without the link targets, invisible characters and quoting that copying added."""
    if text.startswith(">") or "\n>" in text:
        text = unquoted(text)
    if "mailto:" in text or "MAILTO:" in text:
        text = MAILTO_RE.sub(lambda match: link_target(text, match), text)
    if not text.isascii():
        # str.replace, not a translate table: a table is looked up character by character (a quarter
        # of a millisecond on a 5 KB report), replace skips a text that lacks the character at C speed.
        for invisible in INVISIBLE:
            text = text.replace(invisible, "")
        for space in SPACES:
            text = text.replace(space, " ")
    return text


def link_target(text: str, match: re.Match[str]) -> str:
    """Nothing when the text before the link ends with its target ("bob@x", "Bob (bob@x)"); else
    the target, kept as an address."""
    address = match.group(1)
    before = text[max(0, match.start() - len(address) - 2) : match.start()].rstrip(")]>\"'")
    return "" if before.lower().endswith(address.lower()) else f" <{address}>"


def unquoted(text: str) -> str:
    """One level of "> " quoting taken off when every line that has text is quoted, else the text."""
    lines = text.split("\n")
    if any(line.strip() and not line.startswith(">") for line in lines):
        return text
    return "\n".join(line[2:] if line.startswith("> ") else line[1:] for line in lines)
