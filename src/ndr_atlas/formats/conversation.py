"""A person's reply that quotes a delivery error (a helpdesk answering "your mail to … was refused
with 550 5.1.1 …", a colleague replying to a forwarded bounce): no report of its own. The error is
in the quoted part, under "> " or below the reply's attribution line ("On … wrote:", "-----Original
Message-----", an Outlook "From:/Sent:" block), not in the writer's own words.

Recognised by headers: a reply's subject ("Re:", "AW:", "R:", "Sv:" …) from a person, not a program,
with no report structure. A bounce attached to the reply is read instead (ndr_atlas.forwarded). A reply whose own words hold the error (a gateway that put "RE:" before a
report's subject) is passed on to the readers of reports.
"""

from __future__ import annotations

import re

from ndr_atlas.formats import generic
from ndr_atlas.formats.base import Address, MimePart, Parsed, Source, is_automated, report_parts

# Reply prefixes as mail programs write them: English, German (AW), Italian (R, Rif), Scandinavian
# (Sv, Vs), Dutch (Antw), Polish (Odp), Turkish (Ynt), Chinese; "RE[2]:" and "Re: Re:" too.
REPLY_SUBJECT_RE = re.compile(r"^\s*(?:re|aw|r|rif|sv|vs|antw|odp|ynt|回复|答复)(?:\[\d+\])?\s*[:：]", re.IGNORECASE)
# Where the quoted part of a reply starts.
QUOTE_START_RE = re.compile(
    r"^\s*(?:>"
    r"|-{2,}\s*(?:original message|messaggio originale|ursprüngliche nachricht|message d'origine|mensaje original"
    r"|mensagem original|oorspronkelijk bericht|原始邮件)"
    r"|(?:on|il|am|le|el|em|op)\b.{0,200}\b(?:wrote|ha scritto|schrieb|a écrit|escribió|escreveu|schreef)\s*:?\s*$"
    r"|(?:from|da|von|de|van)\s*:.{0,200}$)",
    re.IGNORECASE,
)
QUOTE_MARKS_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
MESSAGE_TYPES = ("message/rfc822", "message/delivery-status", "message/global", "message/global-delivery-status")


def recognise(source: Source) -> bool:
    message = source.message
    if message is None or not REPLY_SUBJECT_RE.match(source.header("Subject")):
        return False
    return not is_automated(message, by_subject=False)


def carries_message(part: MimePart) -> bool:
    """An attached message or report (read by ndr_atlas.forwarded, not here)."""
    name = str(part.get_param("filename", header="content-disposition") or part.get_param("name") or "").lower()
    return part.get_content_type() in MESSAGE_TYPES or name.endswith((".eml", ".msg"))


def read(source: Source) -> Parsed | None:
    lines = source.text.split("\n")
    cut = next((index for index, line in enumerate(lines) if QUOTE_START_RE.match(line)), len(lines))
    own, quoted = "\n".join(lines[:cut]), "\n".join(lines[cut:])
    if generic.failures_from_text(own):
        return None  # the error is in its own words: a report with a reply's subject
    assert source.message is not None  # recognise() said so
    if any(carries_message(part) for part in report_parts(source.message) if part is not source.message):
        return Parsed("not-bounce", [])  # the attached message is read instead (ndr_atlas.forwarded)
    failures = generic.failures_from_text(QUOTE_MARKS_RE.sub("", quoted))
    if not failures:
        return Parsed("not-bounce", [])
    return Parsed("quoted", [], [Address(f.recipient) for f in failures if f.recipient] or [Address(None)])
