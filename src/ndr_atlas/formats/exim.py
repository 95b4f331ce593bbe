"""Reports that name their failed recipients in an ``X-Failed-Recipients`` header (Exim, and MTAs
that copy it): the header is the MTA's own list, the text gives each failure's words."""

from __future__ import annotations

import dataclasses

from ndr_atlas.formats import generic
from ndr_atlas.formats.base import ADDRESS_RE, MAX_CONTEXT_CHARS, MAX_DIAGNOSTIC_CHARS, Failure, Parsed, Source
from ndr_atlas.formats.words import clean_diagnostic


def recognise(source: Source) -> bool:
    return source.message is not None and bool(source.message.get("X-Failed-Recipients"))


def read(source: Source) -> Parsed | None:
    failed = ADDRESS_RE.findall(source.header("X-Failed-Recipients"))
    if not failed:
        return None
    text = source.text
    failures = generic.failures_from_text(text, failed, source.report_like) if text else []
    named = {a.lower() for a in failed}
    context = " ".join(text[:MAX_CONTEXT_CHARS].split())
    if failures and not any(f.recipient and f.recipient.lower() in named for f in failures):
        # The text named someone else (often the sender): the header's addresses failed.
        failures = [dataclasses.replace(failures[0], recipient=a, context=context) for a in failed]
    if failures:
        return Parsed("bounce", failures)
    # Exim names the failed recipients in the header even when its text is unusual.
    return Parsed(
        "bounce",
        [
            Failure(recipient=a, diagnostic=clean_diagnostic(text[:MAX_DIAGNOSTIC_CHARS]), evidence=[f"X-Failed-Recipients: {a}"], context=context)
            for a in failed
        ],
    )
