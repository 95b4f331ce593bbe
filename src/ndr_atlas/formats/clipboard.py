"""What mail programs add to a report's text when it is copied or converted to plain text, taken
out before any reader looks at it.

* Outlook's conversion of an HTML mail to plain text (copying the whole item, forwarding or saving
  it as text) writes each link's target after its text: ``bob@example.org<mailto:bob@example.org>``.
  The target repeats the address, glued to it, so an address line no longer reads as one.
* Outlook on the web, the new Outlook and Outlook for Mac keep the HTML's zero-width spaces and
  non-breaking spaces (Exchange Online's report banner uses both).
* A report copied out of a plain-text reply or forward has every line quoted with "> " (the
  usual quoting of plain-text mail, RFC 3676 section 4.5): the indentation that ties a server's
  wrapped reply to its recipient starts after the quote, so the quote is taken off. A reply to a
  reply quotes it again (">> ", one ">" per level: the quote depth of the same section), so every
  level that quotes all the lines is taken off.
* A report pasted into a Markdown editor (GitHub, GitLab, Discourse, chat tools) from a rendered
  mail keeps its links as Markdown links: ``[<bob@example.org>](mailto:bob@example.org)``, a host as
  ``[mx.example.org](http://mx.example.org/)[192.0.2.1]``. The link's text is what the report said;
  the target is taken off. An address set in bold or as code (``**bob@example.org**``, or between
  backticks) loses the markers, which a report never writes around an address. The fence lines of
  a code block ("```", "```text", "~~~") are the editor's markup too: a report never prints one, and
  left in place they run on into the server's reply as if they were its words. So are the backticks
  around a line set whole as inline code ("`Feedback-Type: abuse`", each line of a report marked
  so on Reddit or GitHub): without them a field or a reply starts its line again.
* A report pasted into a web forum's editor (phpBB, vBulletin, FluxBB, MyBB) and copied back out
  of the post's source keeps the forum's BBCode: ``[color=#333333]``/``[font=…]`` around whole
  paragraphs, which glue themselves to the first and last words (``[/FONT][/COLOR]Reporting-MTA:``),
  and ``[email]bob@example.org[/email]`` or ``[email="bob@example.org"]bob@example.org[/email]`` around
  an address, which hides it from a recipient line (``<[EMAIL=…]bob@…[/EMAIL]>:``). The tags are
  the forum's markup (FluxBB's help.php, NBBC's tag reference); the text between them is the report's.
* A report turned into Markdown by a tool (an issue tracker's import of its old tickets, as Perl's
  rt.perl.org tickets on GitHub; a converter from plain text) keeps every ASCII punctuation mark
  escaped with a backslash, as CommonMark allows for any of them (spec, section 2.4 "Backslash
  escapes"): ``550 5\\.1\\.1 \\<bob@example.org>\\.\\.\\. User unknown``. The same tools write HTML
  character references where a character would turn into markup: ``&#8203;`` (a zero-width space)
  after each "@" and ":" so that no mention or link forms, ``&nbsp;`` for a leading space, ``&lt;``
  and ``&gt;`` for an address's brackets. Both are decoded; the escapes only when a text has
  several, as no report writes a backslash before a dot or a hyphen on its own.
* A web page that drops a report's newlines (a paste site's clone or index view, a forum's preview)
  leaves Exim's report on one line: "… The following address(es) failed: bob@example.org host
  mx.example.org [192.0.2.1] SMTP error from remote mail server after RCPT TO:<…>: 550 … ------ This
  is a copy of the message …". No line of a report is longer than RFC 5322's 998 characters, so
  such a line gets Exim's layout back: each failed address on its line, its error indented below
  (Exim's bounce template), and the returned copy's heading on its own line.
* The same page flattening leaves Sendmail's report with its headings inside a line ("… from
  mail.example.net ----- The following addresses had permanent fatal errors ----- <bob@…> -----
  Transcript of session follows ----- ... while talking to mx.example.org.: >>> RCPT To:<bob@…> <<<
  550 …"). Sendmail writes each heading, each command it sent (">>> ") and each reply it read
  ("<<< ") on a line of its own (savemail.c, usersmtp.c), so a heading that shares its line with
  other text gets those line breaks back, and the reply its code at the start of a line.
* An SMTP session copied from a client's protocol log prints the server's lines after "S: " and
  the client's after "C: ", the notation of RFC 5321's examples (Appendix D) that MailKit's
  ProtocolLogger also writes: a server's reply line keeps its code first once "S: " is taken off.
* Gmail's web page sets the address of its sentence in bold ("Your message wasn't delivered to
  <b>bob@example.org</b> because the address couldn't be found …"); copied as text out of some
  browsers and tickets the bold's edge takes the space with it, and the address runs into the next
  word: "… delivered to bob@example.orgbecause the address …", "… to bob@example.networkbecause the
  domain …" (two unrelated issue reports pasted so). The space goes back where Gmail's sentence
  goes on: no top-level domain ends in "because" followed by "the address" or "the domain".
* A report copied out of a message's source view ("View source", "Show original") where its part
  was sent quoted-printable keeps the encoding (RFC 2045, section 6.7): each long line is cut with a
  soft break ("=" at its end) and every "=" of the text is written "=3D", so a recipient, a host or a
  server's reply is split in two ("mailbox una=" / "vailable"). When a text shows soft breaks and
  escapes together, the breaks are joined and the escapes decoded, as a mail program would.
* A blog or CMS page that "smartens" its text turns the hyphens of a report's rules into typographic
  dashes and its three dots into an ellipsis: WordPress's wptexturize writes "---" as an em dash,
  "--" as an en dash and "..." as "…", as Kramdown does, so Sendmail's "----- Transcript of session
  follows -----" reads "—– Transcript of session follows —–" and its "... while talking to" "…
  while talking to". A run of two or more dashes with an em or en dash among them is a rule drawn
  in hyphens, never prose (a sentence's dash stands alone): it gets its hyphens back (three for an
  em dash, two for an en dash), and in a text where one did, so does each ellipsis its three dots.
* A mail program or a list archive that re-wraps a quoted text at about 75 columns cuts one line of
  a report or a log over several. Two lines say by their own grammar that they go on: Sendmail's
  ``    (reason: …)`` under a failed address, which savemail.c writes as one line with its closing
  parenthesis (its reason shortened to MAXSHORTSTR), and a Postfix delivery record
  (``Oct  5 07:29:12 host postfix/smtp[123]: QUEUEID: to=<…>, relay=…, delay=…, delays=…, dsn=…,
  status=bounced (…)``), one line per recipient and attempt (MAILLOG_README), its fields in that
  order and its status's text in parentheses. A "(reason: " left open at its line's end, or a
  record whose status has not come or whose parenthesis is open, goes on with the lines below it
  (a record: only with lines that start with its next field, until its status comes), up to a
  blank line, the next timestamped line or a few lines at most.
* A web page that renders a report's lines as paragraphs of their own (GitHub's issue text, a list
  archive's page) sets a blank line after each: a Postfix recipient's entry, "<bob@x>: host … said:
  553" with its wrapped reply indented by four spaces under it (bounce_notify_util.c, bounce_print_wrap),
  comes out as the entry's line, a blank, an indented line, a blank, an indented line … Postfix never
  separates the lines of one entry so: an entry's line after a blank line, followed by two or more
  lines indented by four spaces, each after exactly one blank line, gets those blank lines taken out.
  Any other double-spaced text (a post's bullets, a guide's indented paragraphs) stays as it is.
* A poster who quotes a whole report in a post puts marks around it: quotation marks
  (``"This is an automatically generated Delivery Status Notification. … admin@example.org"``) or
  Markdown emphasis (``_This message was created automatically … Status: 5.0.0_``; CommonMark,
  section 6.2: a run of ``*`` or ``_`` with no space after the opening run and none before the
  closing one). The marks glue to the report's first word and to its last address or field, so a
  recipient line or a ``Status:`` field no longer reads as one; a pair that wraps the whole paste,
  and appears nowhere else in it, is taken off.
"""

from __future__ import annotations

import functools
import re

# "<mailto:bob@example.org>" or "<mailto:bob@example.org?subject=…>", as Outlook writes a link's target.
MAILTO_RE = re.compile(r"<mailto:([^<>\s?]{1,320})(?:\?[^<>\s]{0,500})?>", re.IGNORECASE)
# Zero-width space, non-joiner and joiner, word joiner and the byte-order mark: invisible, not spaces.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
SPACES = "\u00a0\u202f"  # no-break and narrow no-break spaces
# A Markdown link "[text](target)" on one line whose target is a mailto: or web address.
MARKDOWN_LINK_RE = re.compile(r"\[([^\[\]\n]{1,400})\]\(((?:mailto:|https?://)[^()\s]{1,500})\)", re.IGNORECASE)
# A Markdown code fence on a line of its own ("```", "```text", "~~~~~"), quoted or not. The line goes
# whole, its newline with it: a blank line left in its place would make a fenced paste of a few lines
# look longer than the same lines pasted bare (a short paste is one error, not a whole report).
FENCE_LINE_RE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[\w+-]{0,20}[ \t]*(?:\n|$)", re.MULTILINE)
# A whole line set as one inline code span ("`Reporting-MTA: dns; mx.example.org`  "), quoted or not;
# Markdown's two spaces of a line break may follow.
INLINE_CODE_LINE_RE = re.compile(r"^([ \t>]*)`([^`\n]{1,2000})`[ \t]*$", re.MULTILINE)
# One inline code span over several lines: its opening backtick starts a line, its closing one ends a
# later line, no backtick between ("`host mx.example.org[192.0.2.1] said: 550-5.7.1 …" wrapped as the
# report wraps it, then "… (in reply to end of DATA command)`"). CommonMark (0.31, section 6.1) lets a
# code span hold line endings; GitHub issues quote a report's wrapped reply so (five issues seen). Left
# in, the backtick stands before the reply's code and the line no longer starts with it.
MULTILINE_CODE_SPAN_RE = re.compile(r"^([ \t>]*)`(?!`)([^`\n]{0,2000}+(?:\n[^`\n]{0,2000}+){1,200}+)`[ \t]*$", re.MULTILINE)
# "S: " before a server's reply line ("S: 550-Requested action not taken …"), quoted or not.
SERVER_LINE_RE = re.compile(r"^([ \t>]*)S: (?=[2-5]\d\d(?:[ -]|$))", re.MULTILINE)
# BBCode's [email=address]text[/email] (quoted or not), then any of the formatting tags forums write.
BBCODE_EMAIL_RE = re.compile(r"\[email=([\"']?)([^\]\[\"'\n]{1,320})\1\]([^\[\]\n]{0,400})\[/email\]", re.IGNORECASE)
BBCODE_TAG_RE = re.compile(r"\[/?(?:b|i|u|s|color|font|size|quote|code|email|url|highlight|indent)(?:=[^\[\]\n]{0,200})?\]", re.IGNORECASE)
# An HTML character reference that a Markdown conversion writes: decimal, hexadecimal, or one of the
# names it uses ("&#8203;", "&nbsp;", "&lt;"); the HTML module's full table is not needed.
CHAR_REF_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(nbsp|lt|gt|amp|quot|apos));")
CHAR_REF_NAMES = {"nbsp": "\u00a0", "lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# A CommonMark backslash escape of an ASCII punctuation mark ("\.", "\-", "\<", "\_").
MARKDOWN_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Escaped dots, hyphens and brackets a text must show before it is read as escaped Markdown: an
# address and a status code alone carry three ("bob\-x@example\.org", "5\.1\.1").
MARKDOWN_ESCAPES_MIN = 3
# A quoted-printable soft line break: "=" at the very end of a line (not a base64 line's "==" padding).
QP_SOFT_BREAK_RE = re.compile(r"=(?<!==)\n")  # (the "=" first, then what stands before it: tried at each "=" only)
# A run of quoted-printable escapes ("=3D", "=C3=A8"): the hex digits upper case, as RFC 2045 writes them.
QP_ESCAPES_RE = re.compile(r"(?:=[0-9A-F]{2})+")
# Soft breaks a text must show, besides one escape, before it is read as quoted-printable.
QP_SOFT_BREAKS_MIN = 2
# Gmail's sentence with the space after its bold address lost in copying: "… delivered to
# bob@example.orgbecause the address …" (the address part is the shortest that leaves "because").
GLUED_BECAUSE_RE = re.compile(r"(wasn['’]t delivered to <?[^\s@<>]{1,64}@[^\s@<>]{1,255}?)because(?= the (?:address|domain)\b)")
# Marks around a whole pasted report: quotation marks (straight, typographic, German, French), then
# Markdown's emphasis runs, longest first.
WRAP_QUOTES = (('"', '"'), ("\u201c", "\u201d"), ("\u201e", "\u201c"), ("\u00ab", "\u00bb"))
WRAP_EMPHASIS = ("**", "__", "*", "_")
# A run of two or more dashes (figure dash, en dash, em dash, horizontal bar, hyphen); with an em or
# en dash among it, a rule of hyphens that a page's typography turned into dashes. (One class, told
# apart in untextured: "[…]*[\u2013\u2014][…]*" retried every start of a long run of hyphens.)
TEXTURED_RULE_RE = re.compile(r"[\u2012-\u2015-]{2,}")
TEXTURED_HYPHENS = {"\u2014": "---", "\u2013": "--", "\u2015": "---", "\u2012": "-", "-": "-"}
ELLIPSIS = "\u2026"
# An address between the same Markdown markers: "**bob@x**", "`bob@x`".
MARKED_ADDRESS_RE = re.compile(r"(\*\*|`)([^\s*`<>@]{1,64}@[^\s*`<>@]{1,255})\1")


# Exim's heading above its failed addresses, and the heading of the copy it returns.
EXIM_FAILED_HEADING = "The following address(es) failed:"
EXIM_COPY_HEADING = "------ This is a copy of the message"
FLAT_LINE_CHARS = 998  # RFC 5322, 2.1.1: no line of a message is longer


@functools.cache
def exim_flat_entry_re() -> re.Pattern[str]:
    """A failed address in a flattened Exim report: followed by the host that refused it or the error."""
    from ndr_atlas.formats.base import ADDRESS_RE  # (base imports this module: asked once, when first needed)

    return re.compile(r" <?(" + ADDRESS_RE.pattern + r")>? (?=host [^\s\[\]]{1,255} \[[0-9A-Fa-f.:]{2,45}\]|SMTP error from remote)")


def exim_unflattened(text: str) -> str:
    """Exim's report, flattened onto one over-long line, with its line breaks back (else the text)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if len(line) > FLAT_LINE_CHARS and EXIM_FAILED_HEADING in line:
            head, heading, rest = line.partition(EXIM_FAILED_HEADING)
            rest, copy_heading, copy = rest.partition(EXIM_COPY_HEADING)
            rest = exim_flat_entry_re().sub(lambda match: "\n\n" + match.group(1) + "\n    ", rest)
            lines[index] = head + heading + rest + ("\n\n" + copy_heading + copy if copy_heading else "")
    return "\n".join(lines)


SENDMAIL_TRANSCRIPT_HEADING = "----- Transcript of session follows -----"
# A heading of Sendmail's report ("----- The following addresses had permanent fatal errors -----"),
# or a command sent or a reply read in its transcript, inside a flattened line.
SENDMAIL_HEADING_RE = re.compile(r"[ \t]*(-{5} \S[^\n]{0,80}? -{5})[ \t]*")
SENDMAIL_TRANSCRIPT_RE = re.compile(r"[ \t]+(>>>|<<<|\.\.\. while talking to) ")


def sendmail_unflattened(text: str) -> str:
    """Sendmail's report flattened into lines that hold its headings, with its line breaks back."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if SENDMAIL_TRANSCRIPT_HEADING in line and line.strip() != SENDMAIL_TRANSCRIPT_HEADING:
            line = SENDMAIL_HEADING_RE.sub(lambda match: "\n" + match.group(1) + "\n", line)
            lines[index] = SENDMAIL_TRANSCRIPT_RE.sub(lambda match: "\n" + match.group(1) + " ", line).strip("\n")
    return "\n".join(lines)


def tidy(text: str) -> str:
    """The text without the link targets, invisible characters and quoting that copying added."""
    text = quoted_printable_undone(text)
    if text.lstrip()[:1] in WRAP_OPENERS:
        text = unwrapped(text)
    if opens_emphasis(text):
        text = emphasis_unwrapped(text)
    if "&" in text and ("&#" in text or "&nbsp;" in text or "&lt;" in text or "&gt;" in text):
        text = CHAR_REF_RE.sub(character, text)
    if "\\" in text and text.count("\\.") + text.count("\\-") + text.count("\\<") >= MARKDOWN_ESCAPES_MIN:
        text = MARKDOWN_ESCAPE_RE.sub(r"\1", text)
    if text.startswith(">") or "\n>" in text:
        text = unquoted(text)
    if "mailto:" in text or "MAILTO:" in text:
        text = MAILTO_RE.sub(lambda match: link_target(text, match), text)
    # (A mark of two or three characters is looked for only in a text that holds its rarest one: a
    # search for one character skips along at C speed, one for a few characters steps through the text.)
    if "]" in text and "](" in text:
        text = MARKDOWN_LINK_RE.sub(markdown_link_text, text)
    if ("`" in text and "```" in text) or ("~" in text and "~~~" in text):
        text = FENCE_LINE_RE.sub("", text)
    if "`" in text:
        text = INLINE_CODE_LINE_RE.sub(r"\1\2", MULTILINE_CODE_SPAN_RE.sub(r"\1\2", text))
    if "[" in text and "[/" in text:
        text = BBCODE_TAG_RE.sub("", BBCODE_EMAIL_RE.sub(bbcode_email_text, text))
    if "S: " in text:
        text = SERVER_LINE_RE.sub(r"\1", text)
    if "\u2013" in text or "\u2014" in text:
        text = untextured(text)
    if EXIM_FAILED_HEADING in text and len(text) > FLAT_LINE_CHARS:
        text = exim_unflattened(text)
    if SENDMAIL_TRANSCRIPT_HEADING in text:
        text = sendmail_unflattened(text)
    if "\n\n " in text or "\n\n\t" in text:
        text = double_spacing_undone(text)
    if REASON_OPEN in text or POSTFIX_SERVICE_TAG in text:
        text = wrapped_lines_rejoined(text)
    if "IMCEA" in text or "imcea" in text:
        text = imcea_rejoined(text)
    if "because the " in text and "t delivered to " in text:
        text = GLUED_BECAUSE_RE.sub(r"\1 because", text)
    if (("*" in text and "**" in text) or "`" in text) and "@" in text:
        text = MARKED_ADDRESS_RE.sub(r"\2", text)
    if not text.isascii():
        # str.replace, not a translate table: a table is looked up character by character (a quarter
        # of a millisecond on a 5 KB report), replace skips a text that lacks the character at C speed.
        for invisible in INVISIBLE:
            text = text.replace(invisible, "")
        for space in SPACES:
            text = text.replace(space, " ")
    return text


# Indented lines, each after exactly one blank line, a double-spaced entry needs under its first line.
DOUBLE_SPACED_INDENTED_MIN = 2
# A Postfix recipient's entry: "<bob@x>: …" or "<bob@x> (expanded from <alias@x>): …" (bounce_notify_util.c),
# its address as a page may leave it (emptied by an archive's address hiding, or a Markdown link).
# An address inside may hold a bracketed one, as a Markdown mailto: link turned into text leaves it
# ("<bob@x <bob@x>>: …", markdown_link_text below).
POSTFIX_ENTRY_RE = re.compile(r"<(?:[^<>\n]|<[^<>\n]{0,320}>){0,640}>(?: \(expanded from <[^<>\n]{0,320}>\))?: \S")
POSTFIX_INDENT = "    "  # bounce_print_wrap's indentation of an entry's wrapped lines


def double_spacing_undone(text: str) -> str:
    """The text with the blank lines taken out of each double-spaced Postfix entry: the entry's line
    after a blank line (or first), then at least two lines indented by four spaces, each after exactly
    one blank line, the entry ending at the text's end or at a blank line not followed by another such
    line."""
    # Only a line that starts with "<" opens an entry: found by substring search, not line by line.
    starts = [0] if text.startswith("<") else []
    found = text.find("\n<")
    while found >= 0:
        starts.append(found + 1)
        found = text.find("\n<", found + 1)
    # An entry's line after a blank line (or first): asked of the text itself, the lines split only for one.
    starts = [start for start in starts if not start or not text[text.rfind("\n", 0, start - 1) + 1 : start - 1].strip()]
    starts = [start for start in starts if POSTFIX_ENTRY_RE.match(text, start)]  # the pattern never crosses a line
    if not starts:
        return text
    lines = text.split("\n")
    drop: set[int] = set()
    index = 0  # the first line a new entry may open on (an entry's block holds no line opening with "<")
    line_number, counted_to = 0, 0
    for start in starts:
        line_number += text.count("\n", counted_to, start)
        counted_to = start
        if line_number < index:
            continue
        below: list[int] = []  # the blank lines between the entry's lines
        at = line_number + 2
        while at < len(lines) and not lines[at - 1].strip() and lines[at].startswith(POSTFIX_INDENT) and lines[at].strip():
            below.append(at - 1)
            at += 2
        # The block ends where its last indented line is followed by the text's end or a blank line.
        closed = at - 1 >= len(lines) or not lines[at - 1].strip()
        if len(below) >= DOUBLE_SPACED_INDENTED_MIN and closed:
            drop.update(below)
            index = at - 1
    return "\n".join(line for number, line in enumerate(lines) if number not in drop) if drop else text


# Sendmail's "(reason: …)" under a failed address (savemail.c: "    (reason: %s)", one line).
REASON_OPEN = "(reason: "
# A Postfix record's opening: syslog's timestamp (BSD or RFC 3339), the host, the service's tag and
# pid, the queue ID ("Oct  5 07:29:12 mx postfix/smtp[123]: AFEC9839: "), quoted or not.
POSTFIX_RECORD_START_RE = re.compile(
    r"^([ \t>]*)(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[\d.:+Z-]{0,16}) \S{1,255} "
    r"postfix[\w/-]{0,40}\[\d{1,10}\]: [0-9A-Za-z]{5,24}:(?: |$)"
)
# A record's field at the start of a continuation line ("to=<…>,", "relay=…", "delays=…").
POSTFIX_FIELD_RE = re.compile(r"(?:orig_to|to|relay|delay|delays|dsn|status|conn_use)=")
POSTFIX_STATUS = "status="
POSTFIX_SERVICE_TAG = "postfix/"
WRAP_CONTINUATIONS_MAX = 8  # lines a wrapped record or reason takes at most


def open_parentheses(text: str) -> int:
    return text.count("(") - text.count(")")


def postfix_record_open(record: str) -> bool:
    """The record has not reached its status, or the status's parenthesis is still open."""
    at = record.find(POSTFIX_STATUS)
    if at < 0:
        return True
    tail = record[at:]
    return "(" not in tail or open_parentheses(tail) > 0


def continuation(line: str, quote: str) -> str | None:
    """The line's text after the quoting its record's first line has, or None when it stops the record."""
    stripped = line.lstrip(" \t")
    if quote:
        if not stripped.startswith(quote):
            return None
        stripped = stripped[len(quote) :].lstrip(" \t")
    if not stripped or stripped.startswith(">") or POSTFIX_RECORD_START_RE.match(stripped):
        return None
    return stripped.rstrip()


def wrapped_lines_rejoined(text: str) -> str:
    """The text with each wrapped "(reason: …)" and Postfix delivery record back on one line."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        start = POSTFIX_RECORD_START_RE.match(line)
        reason_at = line.find(REASON_OPEN)
        if start is not None and postfix_record_open(line):
            quote = start.group(1).replace(" ", "").replace("\t", "")
            record = line.rstrip()
            for _ in range(WRAP_CONTINUATIONS_MAX):
                if index >= len(lines) or not postfix_record_open(record):
                    break
                rest = continuation(lines[index], quote)
                if rest is None:
                    break
                awaiting_status = POSTFIX_STATUS not in record
                if awaiting_status and not POSTFIX_FIELD_RE.match(rest):
                    break
                if not awaiting_status and "(" not in record[record.find(POSTFIX_STATUS) :] and not rest.startswith("("):
                    break
                record = f"{record} {rest}"
                index += 1
            out.append(record)
        elif reason_at >= 0 and open_parentheses(line[reason_at:]) > 0:
            quote = line[: len(line) - len(line.lstrip(" \t>"))].replace(" ", "").replace("\t", "")
            joined = line.rstrip()
            for _ in range(WRAP_CONTINUATIONS_MAX):
                if index >= len(lines) or open_parentheses(joined[reason_at:]) <= 0:
                    break
                rest = continuation(lines[index], quote)
                if rest is None or rest.startswith(("<", "-----", REASON_OPEN)):
                    break
                joined = f"{joined} {rest}"
                index += 1
            out.append(joined)
        else:
            out.append(line)
    return "\n".join(out)


# An IMCEA-encapsulated address ("IMCEAEX-_o=ExchangeLabs_ou=…-Luca+20Neri@contoso.com", base.IMCEA_RE)
# runs far past a line's usual length; a report or a mail program that wraps its lines cuts it
# anywhere, though the address holds no break (MS-OXCMAIL 2.1.3.1.8: "Encapsulated addresses MUST
# NOT include line breaks"). A line that ends inside one, before its "@", goes on with the first word
# of the next line when that word holds the rest of it (up to its "@"). Only a run that opens with
# "IMCEA" is tried: a text of many "IMCEA"s is scanned once.
IMCEA_WRAPPED_RE = re.compile(
    r"(?<![A-Za-z0-9=_+-])(IMCEA[A-Za-z0-9]{1,16}-[A-Za-z0-9=_+-]{1,2000}+)[ \t]*\n[ \t>]*(?=[A-Za-z0-9=_+-]{1,2000}+(?:@|[ \t]*\n))",
    re.IGNORECASE,
)
IMCEA_MAX_WRAPS = 4


def imcea_rejoined(text: str) -> str:
    for _ in range(IMCEA_MAX_WRAPS):
        joined = IMCEA_WRAPPED_RE.sub(r"\1", text)
        if joined == text:
            break
        text = joined
    return text


def untextured(text: str) -> str:
    """The text with the hyphens of its rules back where a page's typography made dashes of them (a
    run of two or more dashes, an em or en dash among them), and, if it did, its ellipses three dots."""
    rules = 0

    def hyphens(match: re.Match[str]) -> str:
        nonlocal rules
        run = match.group(0)
        if "\u2013" not in run and "\u2014" not in run:
            return run
        rules += 1
        return "".join(TEXTURED_HYPHENS[dash] for dash in run)

    text = TEXTURED_RULE_RE.sub(hyphens, text)
    return text.replace(ELLIPSIS, "...") if rules else text


WRAP_OPENERS = frozenset(opening[0] for opening, _ in WRAP_QUOTES) | frozenset("*_")


def unwrapped(text: str) -> str:
    """The text without the pair of quotation marks or emphasis markers a poster put around all of it;
    else the text. A pair counts only when its marks appear nowhere else in the text (a quoted name,
    an address with an underscore) and an emphasis run touches the words it wraps, as CommonMark asks."""
    body = text.strip()
    for opening, closing in WRAP_QUOTES:
        if len(body) > 2 and body.startswith(opening) and body.endswith(closing):
            marks = body.count(opening) if opening == closing else body.count(opening) + body.count(closing)
            return body[1:-1].strip() if marks == 2 else text
    for marker in WRAP_EMPHASIS:
        inner = body[len(marker) : -len(marker)]
        if (
            len(body) > 2 * len(marker)
            and body.startswith(marker)
            and body.endswith(marker)
            and inner[:1] not in ("", " ", "\t", "\n", marker[0])
            and inner[-1:] not in (" ", "\t", "\n", marker[0])
            and marker[0] not in inner
        ):
            return inner
    return text


# A line that opens a Markdown emphasis run: its marker ("_", "__", "*", "**") first, a character of
# the emphasised text right after it (CommonMark, "Emphasis and strong emphasis": a left-flanking run).
# The paragraph may stand indented by up to three spaces (CommonMark, "Paragraphs": the indentation is
# stripped, four would make a code block), as a post that pastes Exim's item keeps its two spaces
# ("  **pipe to |/usr/local/bin/helpdesk" … "Permission denied**", wild set283/s29).
EMPHASIS_INDENT_MAX = 3
EMPHASIS_AT_LINE_START_RE = re.compile(r" {0,3}(?:__?|\*\*?)(?=[^\s_*])")  # matched at the text's start
# The same after a newline: a literal first character, which the engine looks for before trying the rest
# (measured: half the time of the substring tests it replaces).
EMPHASIS_AFTER_NEWLINE_RE = re.compile(r"\n {0,3}(?:__?|\*\*?)(?=[^\s_*])")
EMPHASIS_MARKERS = ("__", "**", "_", "*")


def opens_emphasis(text: str) -> bool:
    """Whether a line opens an emphasis run: at the text's start or after a newline (a multi-line "^"
    would be tried at every character of the text; a newline is looked for as a literal)."""
    return EMPHASIS_AT_LINE_START_RE.match(text) is not None or EMPHASIS_AFTER_NEWLINE_RE.search(text) is not None


def emphasis_indent(line: str) -> int:
    """The spaces before a line's text, when a paragraph may still open there (three at most), else -1."""
    spaces = len(line) - len(line.lstrip(" "))
    return spaces if spaces <= EMPHASIS_INDENT_MAX else -1


def emphasis_unwrapped(text: str) -> str:
    """The text without the emphasis markers a poster put around a pasted report inside a post: a run
    that opens at a line's start and closes at the end of the same or a later line ("_This message was
    created automatically …" … "Status: 5.0.0_"), the marker's character nowhere between (CommonMark,
    "Emphasis and strong emphasis": a run opens left-flanking and closes right-flanking; as for a run
    around the whole paste, one more marker inside, an address's underscore among them, leaves the text
    as it is). Left in place, the closing marker glues itself to the report's last word or field value."""
    lines = text.split("\n")
    for marker in EMPHASIS_MARKERS:
        index = 0
        while index < len(lines):
            closing = emphasis_close(lines, index, marker)
            if closing is None:
                index += 1
                continue
            indent = emphasis_indent(lines[index])
            lines[index] = lines[index][:indent] + lines[index][indent + len(marker) :]
            end = lines[closing].rstrip()
            lines[closing] = end[: len(end) - len(marker)]
            index = closing + 1
    return "\n".join(lines)


def emphasis_close(lines: list[str], start: int, marker: str) -> int | None:
    """The line that closes the emphasis run ``marker`` opens at the start of ``lines[start]`` (after up to
    three spaces), if any."""
    line = lines[start]
    mark = marker[0]
    indent = emphasis_indent(line)
    if indent < 0 or not line.startswith(marker, indent) or line[indent + len(marker) : indent + len(marker) + 1] in ("", " ", "\t", mark):
        return None
    if indent and not line[indent + len(marker) : indent + len(marker) + 1].isalnum():
        return None  # an indented run opens on a word of the report ("  **pipe to"), not on a drawing ("  __//__")
    for index in range(start, len(lines)):
        body = lines[index].rstrip()
        first = indent + len(marker) if index == start else 0
        if len(body) > first + len(marker) and body.endswith(marker) and body[-len(marker) - 1] not in (" ", "\t", mark):
            if mark not in body[first : len(body) - len(marker)]:
                return index
        if mark in body[first:]:
            return None  # another marker of the same kind: not one run around the lines
    return None


def quoted_printable_undone(text: str) -> str:
    """A pasted text with its quoted-printable encoding undone, when it shows soft breaks and escapes
    together; else the text as it stands. Run before HTML tags are dropped: a soft break may cut a tag."""
    # (Counted first: every soft break is an "=\n", and most texts have fewer than the minimum.)
    if (
        "=" in text
        and text.count("=\n") >= QP_SOFT_BREAKS_MIN
        and QP_ESCAPES_RE.search(text)
        and len(QP_SOFT_BREAK_RE.findall(text)) >= QP_SOFT_BREAKS_MIN
    ):
        return QP_ESCAPES_RE.sub(qp_bytes, QP_SOFT_BREAK_RE.sub("", text))
    return text


def qp_bytes(match: re.Match[str]) -> str:
    """The characters a run of escapes stands for: UTF-8, else Latin-1 (any byte is a character there)."""
    raw = bytes.fromhex(match.group(0).replace("=", ""))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def character(match: re.Match[str]) -> str:
    """The character a reference stands for; a number out of Unicode's range stays as written."""
    decimal, hexadecimal, name = match.groups()
    if name:
        return CHAR_REF_NAMES[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)


def link_target(text: str, match: re.Match[str]) -> str:
    """Nothing when the text before the link ends with its target ("bob@x", "Bob (bob@x)"); else
    the target, kept as an address."""
    address = match.group(1)
    before = text[max(0, match.start() - len(address) - 2) : match.start()].rstrip(")]>\"'")
    return "" if before.lower().endswith(address.lower()) else f" <{address}>"


def markdown_link_text(match: re.Match[str]) -> str:
    """The link's text; for a mailto: link whose text does not hold its address, the text and the
    address in angle brackets."""
    label, target = match.group(1), match.group(2)
    if not target.lower().startswith("mailto:"):
        return label
    address = target[len("mailto:") :].split("?", 1)[0]
    return label if address.lower() in label.lower() else f"{label} <{address}>"


def bbcode_email_text(match: re.Match[str]) -> str:
    """The tag's text; its address in angle brackets after it when the text does not hold it."""
    address, label = match.group(2).strip(), match.group(3)
    return label if address.lower() in label.lower() else f"{label} <{address}>"


QUOTE_DEPTH_MAX = 8  # levels taken off at most: a report is not quoted deeper in practice
# A command in an SMTP transcript (">>> RCPT To:<…>"): Sendmail's marker, not a level of quoting.
TRANSCRIPT_COMMAND_RE = re.compile(r"^>>> [A-Za-z]{4}\b", re.MULTILINE)


def unquoted(text: str) -> str:
    """Each level of "> " quoting taken off while every line that has text is quoted, else the text."""
    for _ in range(QUOTE_DEPTH_MAX):
        lines = text.split("\n")
        if any(line.strip() and not line.startswith(">") for line in lines) or TRANSCRIPT_COMMAND_RE.search(text):
            break
        text = "\n".join(line[2:] if line.startswith("> ") else line[1:] for line in lines)
    return text
