"""The block of a report between its marker lines, where many readers find the failed recipients:
a heading line (``This message was created automatically by …``) opens it, a line that starts
quoting the original (``--- The header of the original message …``) closes it."""

from __future__ import annotations

from ndr_atlas.formats.base import Failure, Parsed
from ndr_atlas.formats.words import before_marker


def marked_text(text: str, start: str, ends: tuple[str, ...] = ()) -> str | None:
    """The text from the first ``start`` up to the first of ``ends`` (or the end of the text); None
    when ``start`` is not there."""
    begin = text.find(start)
    return None if begin < 0 else before_marker(text[begin:], ends)


def marked_lines(text: str, start: str, ends: tuple[str, ...] = (), *, after_start: bool = False) -> list[str] | None:
    """The stripped lines of ``marked_text``, from the line after the marker's with ``after_start``;
    None when ``start`` is not there."""
    marked = marked_text(text, start, ends)
    if marked is None:
        return None
    lines = [line.strip() for line in marked.split("\n")]
    return lines[1:] if after_start else lines


def bounce(failures: list[Failure]) -> Parsed | None:
    """The reading of a report: a bounce when it named failed recipients, nothing otherwise."""
    return Parsed("bounce", failures) if failures else None
