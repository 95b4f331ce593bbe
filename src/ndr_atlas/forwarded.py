"""A bounce forwarded as an attachment: a user's mail (to the helpdesk, say) that carries the report
as an attached message (``message/rfc822``, or an ``.eml`` file).

A real report carries an attached message too, the original it returns; that one is never read as
the report. The attached message is looked at only when the mail itself is no bounce at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from ndr_atlas.formats.base import Parsed, decode_bytes, normalise_newlines, report_parts
from ndr_atlas.mime import MimePart, parse_mime
from ndr_atlas.parse import parse_message

# A forward of a forward of …: deeper than this, nobody is looking for a bounce.
MAX_DEPTH = 3


def attached_bounce(message: MimePart, depth: int = 0) -> Parsed | None:
    """The report of the first attached message that is a bounce (or carries one), else None."""
    for raw in attached_messages(message):
        parsed = parse_message(raw)
        if parsed.kind == "bounce":
            return parsed
        if parsed.kind == "not-bounce" and depth + 1 < MAX_DEPTH:
            inner = attached_bounce(parse_mime(raw), depth + 1)
            if inner is not None:
                return inner
    return None


def attached_messages(message: MimePart) -> Iterator[str]:
    """The messages attached to this one (not those inside them), as text."""
    for part in report_parts(message):
        if part is message:
            continue
        if part.get_content_type() == "message/rfc822":
            raw = part.raw_body()
            if raw.strip():
                yield raw
        elif is_eml_file(part):
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and data.strip():
                yield normalise_newlines(decode_bytes(data))


def is_eml_file(part: MimePart) -> bool:
    """An .eml sent as a plain file (application/octet-stream and the like), named so."""
    if part.get_content_maintype() in ("multipart", "message", "text"):
        return False
    name = part.get_param("filename", header="content-disposition") or part.get_param("name") or ""
    return name.strip().lower().endswith(".eml")
