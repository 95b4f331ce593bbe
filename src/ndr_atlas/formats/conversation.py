"""A person's reply that quotes a delivery error (a helpdesk answering "your mail to … was refused
with 550 5.1.1 …", a colleague replying to a forwarded bounce): no report of its own. The error is
in the quoted part, under "> " or below the reply's attribution line ("On … wrote:", "-----Original
Message-----", an Outlook "From:/Sent:" block), not in the writer's own words.

A reply pasted without its headers is told by its layout: the writer's attribution line ("Anna
wrote:", "On Mon, … Anna wrote:"), the mail it answers quoted under "> " (RFC 3676, section 4.5) with
the error in the quote only, and the writer's own words, above the attribution or below the quote,
naming none. A quote attributed to a mail system ("Mail Delivery Subsystem wrote:") is a report
forwarded inline (ndr_atlas.forwarded), not a person's reply.

Recognised by headers: a reply's subject ("Re:", "AW:", "R:", "Sv:" …) from a person, not a program,
with no report structure; or a person's new mail with none of a report's words (a helpdesk ticket
that cites "550 5.1.1" in a sentence), "quoted" too when it names an error. A bounce attached to the reply is read instead (ndr_atlas.forwarded). A reply whose own words hold the error (a gateway that put "RE:" before a
report's subject) is passed on to the readers of reports.

A patch mail (``git format-patch`` / ``git send-email``: the commit message, its ``Signed-off-by:``
trailer, a ``---`` line, the diffstat and the diff, git-format-patch(1) and the kernel's
submitting-patches.rst) whose commit message cites a bounce ("Emails to … bounce: 550 …", a
maintainer dropping a dead address) is a person's mail too, pasted, sent or quoted in a reply: no
report. A report that returns a patch mail opens with its own words above the returned message's
header block, and is passed on to the readers of reports.
"""

from __future__ import annotations

import re

from ndr_atlas.formats import generic, recall
from ndr_atlas.formats.base import (
    ADDRESS_RE,
    MACHINE_SENDER_RE,
    REPORT_SENDER_RE,
    Address,
    MimePart,
    Parsed,
    Source,
    built_as_report,
    is_automated,
    names_a_report,
    report_parts,
)
from ndr_atlas.formats.words import has_bounce_cues

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
# A reply's attribution line, unquoted, ending the line: "Anna Neri wrote:", "On 3 Mar, bob@x writes:".
# German mail programs put the writer's name after the verb: Thunderbird's "Am 20.07.2005 um 14:12
# schrieb Jiri Slaby:", KMail's "Am Mittwoch, 20. Juli 2005 14:12 schrieb Jiri Slaby:". Gmail's ISO-dated
# attribution of some locales names no verb: "2015-02-09 12:14 GMT-08:00 <anna@example.org>:" (a date,
# a time and the writer's address, right above the quote).
ATTRIBUTION_RE = re.compile(
    r"^(?!\s*>)(?:.{1,200}\b(?:wrote|writes|ha scritto|schrieb|a écrit|escribió|escreveu|schreef)\s*:"
    r"|.{1,200}\bschrieb\s[^:<>\n]{1,80}:"
    r"|\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}\b.{0,40}<[^<>@\s]+@[^<>@\s]+>\s*:)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
ATTRIBUTION_VERBS = ("wrote", "writes", "scritto", "schrieb", "écrit", "escribió", "escreveu", "schreef")
GMAIL_ISO_ATTRIBUTION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}\b", re.MULTILINE)
# An attribution line wrapped before its verb, as plain-text mail programs wrap at 72-78 characters
# (Gmail's "On Mon, Jul 13, 2015 at 5:48 PM, Grant Ridder <grant@example.org>" / "wrote:"): joined.
WRAPPED_VERB_RE = re.compile(
    r"^((?!\s*>)[^\n]*\S)[ \t]*\n[ \t]*((?:wrote|writes|ha scritto|schrieb|a écrit|escribió|escreveu|schreef)\s*:[ \t]*)$",
    re.IGNORECASE | re.MULTILINE,
)
# An mbox "From_" line (RFC 4155, section 2 and appendix A): "From ", the envelope sender (an address,
# or a word such as MAILER-DAEMON), and the date in asctime() form ("Thu Aug 26 08:51:34 2004"); in a
# message's body, mboxrd escapes it as ">From ". A message pasted whole from an mbox file opens with
# one: its leading ">" is escaping, not a quote mark (RFC 3676, section 4.5).
MBOX_FROM_RE = re.compile(
    r"^>*From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} "
    r"\d{1,2}:\d{2}(?::\d{2})? (?:[A-Z]{1,5} )?\d{4}[ \t]*$"
)
# A header field of that pasted message's own header block ("From: MAILER-DAEMON@…", "Subject: failure
# notice"), as RFC 5322 (section 2.2) writes one; MAX_HEADER_LINES of them are looked at.
HEADER_FIELD_RE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9-]{0,76})[ \t]*:[ \t]*(?P<value>.*)$")
MAX_HEADER_LINES = 12
# The writer's own words a pasted reply has besides its quote: a sentence or two, not a stray line.
OWN_WORDS_MIN = 8
# A patch mail's parts (git-format-patch(1)): the commit message's Signed-off-by trailer, the "---" line
# that ends the commit message, and below it the diffstat's summary line or the diff's first header.
SIGNED_OFF_RE = re.compile(r"^\s*Signed-off-by:[ \t]*\S")
DIFFSTAT_RE = re.compile(r"^\s*\d+ files? changed(?:, \d+ (?:insertions?\(\+\)|deletions?\(-\)))*\s*$|^diff --git a/")
# How far below the trailer the "---" line may be (other trailers: Acked-by, Reviewed-by, Cc …), and how
# far below it the diffstat's summary or the first diff header (one diffstat line per file changed).
TRAILERS_MAX = 30
DIFFSTAT_WINDOW = 200
PATCH_TEXT_CHARS = 200_000
# A header field of the patch mail's own (or a returned message's) header block above its commit message.
PATCH_HEADER_RE = re.compile(r"^(?:From|To|Cc|Subject|Date|Message-I[Dd]|In-Reply-To|References)[ \t]*:")
MESSAGE_TYPES = ("message/rfc822", "message/delivery-status", "message/global", "message/global-delivery-status")
# A list server adds RFC 2369's List-Post to the posts it distributes, not to its own notices (which
# Mailman marks X-List-Administrivia); a bounce of a list notice may carry the notice's List-Id.


def recognise(source: Source) -> bool:
    message = source.message
    if message is None:
        return pasted_reply(source.text) is not None or is_patch_mail(source.text)
    if is_list_post(message):
        # Outlook's recall request, passed on by a list like any post, is the recall's (formats/recall.py).
        return not recall.is_request(source)
    if REPLY_SUBJECT_RE.match(source.header("Subject")):
        return not is_automated(message, by_subject=False) or is_list_reply(message)
    # A person's own new mail (a helpdesk ticket: "we get 550 5.1.1 when sending to …") that names an
    # error in a sentence, with none of a report's words: read below, else passed on as before.
    # A sender to call a person is needed: a text read as a message (no header fields) is no one's mail.
    if not source.automated and is_patch_mail(source.text):
        return True  # a patch mail (git send-email) citing a bounce in its commit message, whoever sent it
    said_by_person = bool(ADDRESS_RE.search(source.header("From"))) and not source.automated
    return said_by_person and not has_bounce_cues(source.text)


def is_list_post(message: MimePart) -> bool:
    """A person's post that a mailing list distributed: a discussion of a bounce ("my users get this
    back: <…> said: 550 5.1.1 …"), whatever its subject says. A bounce the list passed on names a
    program as its sender, or is built as a report."""
    if not message.get("List-Post") or message.get("X-List-Administrivia"):
        return False
    return written_by_a_person(message)


def is_list_reply(message: MimePart) -> bool:
    """A person's reply that a list distributed (RFC 2919 List-Id) with the "Precedence: bulk" or
    "list" the list server adds to every post it sends on (Majordomo's and Mailman's; sendmail's own
    precedence classes read "list" as "originated as part of a mailing list" and "bulk" as a broadcast
    like one): the precedence is the list's, the reply is still the person's."""
    return bool(message.get("List-Id")) and not message.get("X-List-Administrivia") and written_by_a_person(message)


def written_by_a_person(message: MimePart) -> bool:
    """A person's address as the sender, and none of a program's or a report's marks."""
    sender = str(message.get("From", "")).lower()
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    return (
        bool(ADDRESS_RE.search(sender))
        and not MACHINE_SENDER_RE.search(sender)
        and not REPORT_SENDER_RE.search(sender)
        and (not auto or auto.startswith("no"))
        and message.get_content_type() != "multipart/report"
        and not built_as_report(message)
    )


def carries_message(part: MimePart) -> bool:
    """An attached message or report (read by ndr_atlas.forwarded, not here)."""
    name = str(part.get_param("filename", header="content-disposition") or part.get_param("name") or "").lower()
    return part.get_content_type() in MESSAGE_TYPES or name.endswith((".eml", ".msg"))


def reply_layout(text: str) -> tuple[str, list[str]] | None:
    """A pasted reply's parts: the text above a person's attribution line and the lines below it,
    when quoted lines ("> ") follow it and the writer's own words (OWN_WORDS_MIN) go with them;
    else None."""
    if ">" not in text or ":" not in text:
        return None  # most pastes: no quote
    lowered = text.lower()
    if not any(verb in lowered for verb in ATTRIBUTION_VERBS) and not GMAIL_ISO_ATTRIBUTION_RE.search(text):
        return None  # no attribution line to find
    text = WRAPPED_VERB_RE.sub(r"\1 \2", text)
    attribution = ATTRIBUTION_RE.search(text)
    if attribution is None or REPORT_SENDER_RE.search(attribution.group(0).lower()):
        return None
    before, after = text[: attribution.start()], text[attribution.end() :].split("\n")
    if not any(line.lstrip().startswith(">") for line in after):
        return None
    own = before + "\n" + "\n".join(line for line in after if not line.lstrip().startswith(">"))
    if len(own.split()) < OWN_WORDS_MIN:
        return None  # the quote alone: a report passed on under a reply's attribution
    return before, after


def opens_as_reply(text: str) -> bool:
    """A paste that opens with a person's attribution line, the answered mail quoted right below it
    (a bottom-posted or interleaved reply, RFC 3676 4.5 quote marks), with words of the writer's own."""
    layout = reply_layout(text)
    return layout is not None and layout_opens_as_reply(*layout)


def layout_opens_as_reply(before: str, after: list[str]) -> bool:
    """``opens_as_reply`` of a layout already found: nothing above the attribution, a quote right below."""
    first_below = next((line for line in after if line.strip()), "")
    return not before.strip() and first_below.lstrip().startswith(">")


def pasted_reply(text: str) -> str | None:
    """The text to name addresses from when a paste is a person's reply that quotes an error, with
    the writer's own words around it; None for any other text.

    The error quoted alone under the attribution, the writer's own words naming none, is a reply
    wherever the attribution stands. A paste that opens as a reply (``opens_as_reply``) is the
    person's reply whatever its own words cite: they quote the error they got ("they did not get
    mine either: <…>: 554 5.7.1 …"), where a report opens with its own words."""
    layout = reply_layout(text)
    if layout is None:
        return None
    before, after = layout
    if layout_opens_as_reply(before, after):
        whole = QUOTE_MARKS_RE.sub("", text)
        return whole if has_bounce_cues(whole) or generic.failures_from_text(whole) else None
    own = before + "\n" + "\n".join(line for line in after if not line.lstrip().startswith(">"))
    if has_bounce_cues(own) or generic.failures_from_text(own):
        return None
    quote = QUOTE_MARKS_RE.sub("", "\n".join(line for line in after if line.lstrip().startswith(">")))
    return quote if has_bounce_cues(quote) or generic.failures_from_text(quote) else None


def is_patch_mail(text: str) -> bool:
    """A patch mail, pasted or quoted under "> " (git-format-patch(1)): a Signed-off-by trailer, then a
    "---" line with a diffstat or a diff below it, and above the commit message no words of a report
    (a report that returned the patch opens with its own words, above the returned header block)."""
    if "Signed-off-by:" not in text:
        return False
    lines = QUOTE_MARKS_RE.sub("", text[:PATCH_TEXT_CHARS]).split("\n")
    for index, line in enumerate(lines):
        if not SIGNED_OFF_RE.match(line):
            continue
        below = lines[index + 1 : index + 1 + TRAILERS_MAX]
        cut = next((number for number, trailer in enumerate(below) if trailer.strip() == "---"), None)
        if cut is None:
            continue
        start = index + 2 + cut
        if not any(DIFFSTAT_RE.match(stat) for stat in lines[start : start + DIFFSTAT_WINDOW]):
            continue
        # The commit message starts below the last header field above the trailer (the mail's own
        # header block, or a returned message's); what stands above that block is the report's words, if any.
        fields = [number for number in range(index) if PATCH_HEADER_RE.match(lines[number])]
        if not fields:
            return True
        block = fields[-1]
        while block > 0 and (PATCH_HEADER_RE.match(lines[block - 1]) or folded_field_line(lines[block - 1])):
            block -= 1
        above = "\n".join(lines[:block])
        return not (has_bounce_cues(above) or generic.failures_from_text(above))
    return False


def folded_field_line(line: str) -> bool:
    """A header field's continuation line (RFC 5322 2.2.3 folding): blanks first, then words."""
    return line[:1] in (" ", "\t") and bool(line.strip())


def read(source: Source) -> Parsed | None:
    if is_patch_mail(source.text):
        # A person's patch mail citing a bounce in its commit message: the addresses it names, no failure.
        failures = generic.failures_from_text(QUOTE_MARKS_RE.sub("", source.text))
        return Parsed("quoted", [], [Address(f.recipient) for f in failures if f.recipient] or [Address(None)])
    if source.message is None:
        quote = pasted_reply(source.text)
        if quote is None:
            return None
        failures = generic.failures_from_text(quote)
        return Parsed("quoted", [], [Address(f.recipient) for f in failures if f.recipient] or [Address(None)])
    if is_list_post(source.message):
        mentioned = mentioned_error(source)
        if mentioned is None and not any(carries_message(part) for part in report_parts(source.message) if part is not source.message):
            # A person's post that a list distributed is a discussion, whatever its quote holds: a
            # report quoted two levels deep under an Outlook header block ("> > To: …") must not
            # make the post's quoted addresses failed recipients for the scanner further down.
            return Parsed("not-bounce", [])
        return mentioned
    if not REPLY_SUBJECT_RE.match(source.header("Subject")):
        return mentioned_error(source)
    if opens_with_report(source.text):
        return None  # a report posted whole under the reply's subject: for the readers of reports
    lines = source.text.split("\n")
    cut = next((index for index, line in enumerate(lines) if QUOTE_START_RE.match(line) and not MBOX_FROM_RE.match(line)), len(lines))
    own, quoted = "\n".join(lines[:cut]), "\n".join(lines[cut:])
    if generic.failures_from_text(own):
        return None  # the error is in its own words: a report with a reply's subject
    if any(carries_message(part) for part in report_parts(source.message) if part is not source.message):
        return Parsed("not-bounce", [])  # the attached message is read instead (ndr_atlas.forwarded)
    failures = generic.failures_from_text(QUOTE_MARKS_RE.sub("", quoted))
    if not failures:
        return Parsed("not-bounce", [])
    return Parsed("quoted", [], [Address(f.recipient) for f in failures if f.recipient] or [Address(None)])


def opens_with_report(text: str) -> bool:
    """The text opens with a message's own header block, below the mbox From_ line it was pasted with
    (RFC 4155), whose sender or subject names a report ("From: MAILER-DAEMON@…", "Subject: failure
    notice"): a bounce posted whole (a list member passing on what came back), not a reply that quotes
    one. The report's readers read it; ndr_atlas.forwarded reads one under a forward marker."""
    lines = text.lstrip("\n").split("\n")
    start = 1 if lines and MBOX_FROM_RE.match(lines[0]) else 0
    fields: dict[str, str] = {}
    for line in lines[start : start + MAX_HEADER_LINES]:
        field = HEADER_FIELD_RE.match(line)
        if field is None:
            break
        fields.setdefault(field.group("name").lower(), field.group("value"))
    return bool(fields) and names_a_report(fields.get("from", ""), fields.get("subject", ""))


def mentioned_error(source: Source) -> Parsed | None:
    """A person's new mail that cites an error in its own words: "quoted", with the address it names;
    None when it names none (nothing to say beyond "no report")."""
    assert source.message is not None  # recognise() said so
    if any(carries_message(part) for part in report_parts(source.message) if part is not source.message):
        return None  # the attached message is read instead (ndr_atlas.forwarded)
    failures = generic.failures_from_text(QUOTE_MARKS_RE.sub("", source.text))
    if not failures:
        return None
    return Parsed("quoted", [], [Address(f.recipient) for f in failures if f.recipient] or [Address(None)])
