"""What every reader shares: the failure record, the message as readers see it (``Source``), and
the readable text of a report without its returned original."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from itertools import islice

from ndr_atlas.catalog import fold
from ndr_atlas.codes import search_reply_status
from ndr_atlas.decoding import decode_bytes, normalise_newlines, python_charset
from ndr_atlas.formats import clipboard
from ndr_atlas.mime import MimePart
from ndr_atlas.record import Record

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Protocol, TypeVar

    T = TypeVar("T")
else:
    Protocol = object  # ``Reader`` is a protocol for type checkers only: at run time a plain class

# Text beyond this many characters is not read: bounces put their diagnosis first, and the
# cap keeps hostile pastes (megabytes of HTML) bounded in time.
MAX_TEXT_CHARS = 400_000
MAX_DIAGNOSTIC_CHARS = 1_000
MAX_CONTEXT_CHARS = 10_000
# Lines of the report kept as evidence per failure: enough for a whole multi-line reply that a
# Sendmail transcript quotes after the DSN fields.
MAX_EVIDENCE_LINES = 12


def capped_evidence(lines: list[str]) -> list[str]:
    """Evidence as the readers keep it: MAX_EVIDENCE_LINES lines of MAX_DIAGNOSTIC_CHARS at most each
    (a reader that reads a line of any length keeps no more of it than the diagnostic does)."""
    return [line[:MAX_DIAGNOSTIC_CHARS] for line in lines[:MAX_EVIDENCE_LINES]]


# An address as reports print it: a quoted local part keeps its quotes and may hold spaces
# ("a..b"@example.org, "john doe"@example.org: RFC 5321 4.1.2), "user%host@relay" is one address,
# and a domain may be internationalised (bücher.example). Its last label is ASCII or letters beyond
# ASCII only (例子.广告), never a mix: Japanese or Chinese words run on after "bob@example.jp" (no
# blank between them in those scripts) are not taken for part of it.
# The quoted form is a second top-level branch, not a group around the local part: a pattern that
# starts with a character class is scanned for much faster. Embed it inside a group only.
_DOMAIN = r"@[\w-]{1,63}(?:\.[\w-]{1,63})*\.(?:[A-Za-z0-9-]{1,63}|[^\W\d_A-Za-z]{1,63})"
# A local part may be internationalised too (RFC 6531/6532: josé@, δοκιμή@, 用户@): letters and
# digits of any script (\w), never the blanks, punctuation and symbols that stand around an address
# in prose (no-break space, «», “”, —, →, 、。「」, fullwidth ：＜＞). Not an explicit range of
# characters beyond Latin-1: each pattern that embeds this one would then be compiled into a table
# of 65,536 entries (measured: +120 ms at every start of the CLI); so a local part of symbols (🐈@) is not read.
# A local part never starts with an apostrophe here: "'bob@example.org'" is an address in quotes.
# A quoted local part may hold an "@" ("a@b"@example.org): only an "@" right after its closing quote ends it.
# It may also be empty (""@example.org): RFC 5321 4.1.2, Quoted-string = DQUOTE *QcontentSMTP DQUOTE.
ADDRESS_RE = re.compile(r"[\w.!#$%&*+/=?^`{|}~-][\w.!#$%&'*+/=?^`{|}~-]{0,63}" + _DOMAIN + r"|\"[^\"\\\t\n\r]{0,62}\"" + _DOMAIN)
# An address at a one-label host ("root@canary", "zulip@localhost"), which ADDRESS_RE does not take: for
# the fields that hold nothing but an address (a Postfix log's "to=<…>", a DSN's Final-Recipient),
# where a host's bare name is still an address.
ONE_LABEL_ADDRESS = r"[^\s<>@;,:\"()\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# A mailbox as a local sending program (msmtp, sSMTP) was given it on its command line or in the mail:
# its domain may be a host's bare name with no dot ("root@nas01"), which ADDRESS_RE does not take.
HOST_MAILBOX_RE = re.compile(r"[^\s@<>()\"']{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*")
# An old source route before the address inside angle brackets ("<@relay.example.org:bob@example.org>",
# RFC 5321 4.1.2 A-d-l, still echoed by Sendmail and relays): line patterns put it after their "<".
SOURCE_ROUTE = r"(?:@[\w.-]{1,255}(?:,@[\w.-]{1,255}){0,8}:)?"
# Patterns used inside functions, compiled once: the catalog's few hundred rules would otherwise
# push them out of the re module's cache and have them compiled again and again.
HTML_BREAK_RE = re.compile(r"<br\s*/?>|</(?:p|div|tr|li|h\d)>", re.IGNORECASE)
HTML_LINE_START_TAGS_RE = re.compile(r"^(?:[ \t]*<(?!script|style)[a-zA-Z/][^>]{0,2000}>)+", re.MULTILINE)
HTML_TAG_RE = re.compile(r"<(?:script|style)\b[^>]*>.*?</(?:script|style)\s*>|<[^>]{0,2000}>", re.IGNORECASE | re.DOTALL)
# How reports are titled and who sends them (searched in lower-cased Subject and From), also in the
# languages of the mail programs a report is forwarded from.
REPORT_SUBJECT_RE = re.compile(
    r"undeliver|delivery|failure|returned|non recapitabile|bounce|rejected|failed|user unknown|mancata consegna|"
    r"unzustellbar|non remis|no se puede entregar|não entregue|onbestelbaar|address not found|message not delivered"
)
REPORT_SENDER_RE = re.compile(
    r"mailer-daemon|mail-daemon|postmaster|mail delivery|microsoftexchange|microsoft outlook|mail administrator|"
    r"delivery subsystem|sistema di consegna"
)


# The records below are plain classes (``Record``: equality and repr), not dataclasses: importing
# ``dataclasses`` (and ``inspect`` with it) and generating each class's methods took a fifth of the CLI's start.


class Failure(Record):
    """One failed (or delayed) recipient as read from the report."""

    def __init__(
        self,
        recipient: str | None,
        status: str | None = None,
        reply: str | None = None,
        remote_host: str | None = None,
        diagnostic: str = "",
        action: str = "failed",
        command: str | None = None,
        reporting_host: str | None = None,
        evidence: list[str] | None = None,
        context: str = "",
        retry: str = "server",
    ) -> None:
        self.recipient = recipient
        self.status = status
        self.reply = reply
        self.remote_host = remote_host
        self.diagnostic = diagnostic
        self.action = action
        self.command = command  # the SMTP command refused (RCPT, MAIL, DATA, EHLO, CONN …), when stated
        self.reporting_host = reporting_host  # the domain of the report's sender (the MTA that gave up)
        self.evidence: list[str] = [] if evidence is None else evidence
        # More of the report for the match rules to read when it printed no error line of its own.
        self.context = context
        # Who tries a delayed delivery again: the sending server (a delay notice, a log's
        # deferral, a server's reply), or the application that was refused (its SMTP client error).
        self.retry = retry
        # The format names no recipient by design (a refused MAIL FROM: the address it names is the
        # sender), so no address of the text may be taken for one.
        self.names_no_recipient = False
        # The source itself states that delivery ended (a log's own verdict, ZoneMTA's "REJECTED"):
        # no reading of a paste or of a delay heading makes a temporary reply in it a delay.
        self.final = False

    def for_recipient(self, recipient: str | None, context: str) -> Failure:
        """The same failure for another recipient, with other context (the evidence list is shared)."""
        return Failure(
            recipient, self.status, self.reply, self.remote_host, self.diagnostic, self.action, self.command, self.reporting_host,
            self.evidence, context, self.retry,
        )  # fmt: skip


class Address(Record):
    """An address a report that is not a failure is about: the complained-about recipient of a
    feedback report, the person whose auto-reply it is, the recipient a DSN says was delivered."""

    def __init__(self, address: str | None, action: str | None = None, feedback_type: str | None = None) -> None:
        self.address = address  # None when the report does not say
        self.action = action  # delivered, relayed, expanded (DSN Action)
        self.feedback_type = feedback_type  # abuse, fraud, not-spam … (ARF Feedback-Type, SES complaint)


# The kinds of message that are no failure but say what they are (each has its note in ndr_atlas.diagnose):
# forwarded, they are named as such, not as "no report".
NON_FAILURE_KINDS = (
    "feedback", "vacation", "delivered", "challenge", "read-receipt", "quoted", "dmarc-report", "tls-report",
    "quarantine", "recall", "quota-warning", "suspicious", "list-notice", "bulk", "log-summary", "guide",
)  # fmt: skip


class Parsed(Record):
    """What one message turned out to be, and its failures."""

    def __init__(self, kind: str, failures: list[Failure], addresses: list[Address] | None = None) -> None:
        # "bounce", "not-bounce", and the kinds that are no failure: "feedback", "vacation", "delivered",
        # "challenge" (held until the sender confirms), "read-receipt", "quoted" (a person's mail quoting an error),
        # and the notices of NON_FAILURE_KINDS
        self.kind = kind
        self.failures = failures
        self.addresses: list[Address] = [] if addresses is None else addresses  # for the kinds that are not failures


# More encoded words than a header field or file name has: the value is kept as it stands, since the
# standard library's email.header.decode_header costs the square of their number (50,000 words: 3 s).
MAX_ENCODED_WORDS = 200


def decoded_header(value: str) -> str:
    """A header field's value with its RFC 2047 encoded words decoded: an MTA that may not send
    UTF-8 writes a failed "josé@example.com" in X-Failed-Recipients as "=?UTF-8?B?…?="."""
    if "=?" not in value or value.count("=?") > MAX_ENCODED_WORDS:
        return value
    import email.errors  # only such values need them: not imported at start
    import email.header

    try:
        words = [(word, python_charset(charset) if charset else charset) for word, charset in email.header.decode_header(value)]
        return str(email.header.make_header(words))
    except (LookupError, ValueError, UnicodeError, email.errors.HeaderParseError):
        return value  # an unknown charset or a broken word: the value as it stands


# The longest local part ADDRESS_RE reads before an address's "@" (64 characters, quotes included).
LOCAL_PART_MAX = 64


def search_address(text: str, start: int = 0) -> re.Match[str] | None:
    """``ADDRESS_RE.search(text, start)``, the same match, found faster in a long text: every address
    holds an "@", so none opens more than LOCAL_PART_MAX characters before the first one at or after
    ``start``, and the characters above it (where the pattern is tried at every letter) are not searched."""
    at = text.find("@", start)
    return None if at < 0 else ADDRESS_RE.search(text, max(start, at - LOCAL_PART_MAX))


def distinct_addresses(text: str) -> list[str]:
    """The addresses a text names, each once whatever its case, as first written."""
    named: dict[str, str] = {}
    for address in ADDRESS_RE.findall(text):
        named.setdefault(address.lower(), address)
    return list(named.values())


def failed_recipients_header(source: Source) -> list[str]:
    """The addresses of the report's X-Failed-Recipients (Exim's list, folded after each comma)."""
    return ADDRESS_RE.findall(decoded_header(source.header("X-Failed-Recipients")))


def strip_html(text: str) -> str:
    """Turn an HTML body into plain lines; tags are dropped, never interpreted."""
    text = HTML_BREAK_RE.sub("\n", text)
    import html  # only HTML bodies need it: not imported at start

    # Tags that open a line leave nothing (readers look for markers at the start of lines); others
    # leave a space between the words they separated. Non-breaking spaces read as spaces.
    text = HTML_LINE_START_TAGS_RE.sub("", text)
    return html.unescape(HTML_TAG_RE.sub(" ", text)).replace("\xa0", " ")


def looks_like_html(text: str) -> bool:
    # A table cell closed in markup is HTML whatever wraps it: Microsoft 365's report is a set of
    # tables, and a fragment copied out of a page's source has no <html> or <body> around it.
    head = text[:5000].lower()
    return (
        "<html" in head or "<body" in head or ("<div" in head and "</div>" in head) or "<p>" in head or ("<td" in head and "</td>" in head)
    )


def report_parts(message: MimePart) -> Iterator[MimePart]:
    """The message and its parts, without going into attached messages: the returned original
    is never parsed unless something needs it. Depth-first, as MimePart.walk, and iterative like it:
    a tree nested deeper than the recursion limit is walked too."""
    stack = [message]
    while stack:
        part = stack.pop()
        yield part
        if part.get_content_maintype() == "multipart":
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed(payload))


def is_eml_file(part: MimePart) -> bool:
    """An .eml sent as a plain file (application/octet-stream and the like), named so."""
    if part.get_content_maintype() in ("multipart", "message", "text"):
        return False
    return attached_file_name(part).strip().lower().endswith(".eml")


def attached_file_name(part: MimePart) -> str:
    """The file name a part is attached under (Content-Disposition's filename, else Content-Type's name),
    an RFC 2231 extended value percent-decoded as Message.get_filename does (name*=utf-8''x%2Emsg is
    x.msg, RFC 2231 section 4; MimePart.get_param_text), its RFC 2047 encoded words decoded: though RFC 2047 (section 5) keeps them out of parameters, mail
    programs write a non-ASCII name so, name="=?UTF-8?B?…?=" (Gmail, mailpile/Mailpile#595; a koi8-r
    name and filename, smiley22/S22.Imap#28)."""
    return decoded_header(part.get_param_text("filename", header="content-disposition") or part.get_param_text("name") or "")


# An Outlook item attached to a mail as a file (a .msg): Outlook types an attached file by its
# extension (Microsoft's MAPI documentation, "Attached files and messages": application/octet-stream
# by default), for .msg its own application/vnd.ms-outlook; other programs send a plain file named
# *.msg. forwarded.py reads it as a dropped .msg is (msg.py), when the bytes are an OLE compound file.
OUTLOOK_ITEM_TYPE = "application/vnd.ms-outlook"


def is_outlook_item(part: MimePart) -> bool:
    if part.get_content_type() == OUTLOOK_ITEM_TYPE:
        return True
    if part.get_content_maintype() in ("multipart", "message", "text"):
        return False
    return attached_file_name(part).strip().lower().endswith(".msg")


def attaches_a_message(message: MimePart) -> bool:
    """A message is attached to this one (``message/rfc822``, an ``.eml`` file, or an Outlook item as
    a ``.msg`` file): the mail passes one on."""
    return any(
        part is not message and (part.get_content_type() == "message/rfc822" or is_eml_file(part) or is_outlook_item(part))
        for part in report_parts(message)
    )


# The attached original, or its header alone: not the report's own text.
ATTACHED_ORIGINAL_TYPES = ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers")


def iter_report_parts(message: MimePart) -> list[MimePart]:
    """Text parts of the report itself; the attached original (message/rfc822) is skipped. Where a
    multipart has a text/plain part, the HTML ones under it are left out. Depth-first with a stack,
    as report_parts: a tree nested deeper than the recursion limit is read too."""
    if not message.is_multipart():
        readable = message.get_content_maintype() in ("text", "multipart") or message.get_content_type() == "application/octet-stream"
        return [message] if readable else []
    found: list[MimePart] = []
    stack = [(message, False)]  # a part, and whether a multipart above it has a text/plain part of its own
    while stack:
        part, under_plain = stack.pop()
        ctype = part.get_content_type()
        if part.is_multipart():
            children = [
                child
                for child in part.get_payload()
                if isinstance(child, MimePart) and child.get_content_type() not in ATTACHED_ORIGINAL_TYPES
            ]
            under_plain = under_plain or any(child.get_content_type() == "text/plain" and not child.is_multipart() for child in children)
            stack.extend((child, under_plain) for child in reversed(children))
        elif ctype == "text/plain" or (ctype == "text/html" and not under_plain):
            found.append(part)
    return found


# Transfer encodings that leave the body's characters as they stand in the input.
IDENTITY_ENCODINGS = frozenset({"", "7bit", "8bit", "binary"})


def unencoded_text(part: MimePart, payload: object) -> str | None:
    """The text of an 8-bit part whose characters the input's decoding already read (UTF-8: some
    beyond Latin-1, as in a Japanese or Russian report sent unencoded); None for every other part.
    Its decoded bytes would be the stdlib's raw-unicode-escape of those characters ("\\u30e6")."""
    if not isinstance(payload, str) or payload.isascii() or max(payload) <= "\xff":
        return None
    if str(part.get("Content-Transfer-Encoding", "")).strip().lower() not in IDENTITY_ENCODINGS:
        return None
    return normalise_newlines(payload)


def part_text(part: MimePart) -> str | None:
    """A leaf part's text, decoded (its transfer encoding, then its charset); None for a multipart."""
    unencoded = unencoded_text(part, part.get_payload())
    if unencoded is not None:
        return unencoded
    raw = part.get_payload(decode=True)
    return decode_bytes(raw, part.get_content_charset()) if isinstance(raw, bytes) else None


def report_text(message: MimePart) -> str:
    """The human-readable text of a report, without the returned original message."""
    chunks: list[str] = []
    size = 0  # of the chunks so far: summed again at each part, it cost 4,000 parts 16 million additions
    for part in iter_report_parts(message):
        payload = part.get_payload()
        if part.get_content_maintype() == "multipart" and isinstance(payload, str):
            chunks.append(normalise_newlines(payload))  # a boundary that never occurs: read it as text
            size += len(chunks[-1])
            continue
        text = unencoded_text(part, payload)
        if text is None:
            raw = part.get_payload(decode=True)
            if not isinstance(raw, bytes):
                continue
            text = normalise_newlines(decode_bytes(raw, part.get_content_charset()))
        if part.get_content_type() == "text/html":
            text = strip_html(text)
        chunks.append(text)
        size += len(text)
        if size > MAX_TEXT_CHARS:
            break
    return "\n".join(chunks)[:MAX_TEXT_CHARS]


# A person's forward or reply ("FW: Undeliverable: …", Outlook's Italian "I:", German "WG:" …):
# its subject quotes a report's title, but the mail is a person's, not the report.
USER_PREFIX_RE = re.compile(r"\s*(?:fw|fwd|i|tr|wg|rv|enc|doorst|vs|re|r|aw|sv|antw|rif)\s*:", re.IGNORECASE)


def is_report_like(message: MimePart) -> bool:
    return (
        message.get_content_type() == "multipart/report"
        or names_a_report(str(message.get("From", "")), str(message.get("Subject", "")))
        or bool(message.get("X-Failed-Recipients"))
        # Exchange and Microsoft 365 mark their own reports so, empty, in every language (the header
        # name is a constant of Exchange's transport; Sisimai's Office365 module reads it too).
        or message.get("X-MS-Exchange-Message-Is-Ndr") is not None
    )


def names_a_report(sender: str, subject: str) -> bool:
    """A report's sender, or a report's title that is not a person's forward or reply of one."""
    subject = subject.lower()
    return bool(REPORT_SENDER_RE.search(sender.lower())) or (bool(REPORT_SUBJECT_RE.search(subject)) and not USER_PREFIX_RE.match(subject))


REPORT_PART_TYPES = ("message/delivery-status", "message/global-delivery-status")


def carries_delivery_report(source: Source) -> bool:
    """The message is built as a delivery report (RFC 3464 fields, X-Failed-Recipients) or its text
    holds an SMTP reply with its status ("550 5.1.1"): whatever else its words say, its failures are
    for the readers of reports. Notices that only look like reports hold neither."""
    return built_as_report(source.message) or search_reply_status(source.notice) is not None


def built_as_report(message: MimePart | None) -> bool:
    """The message is built as a delivery report: an ``X-Failed-Recipients`` header or a part of
    ``REPORT_PART_TYPES`` (a pasted text, with no MIME tree, is not). The first half of
    ``carries_delivery_report``, for readers of notices whose words may hold a reply anyway."""
    if message is None:
        return False
    last, answer = _last_built[0]
    if message is last:
        return answer
    built = bool(message.get("X-Failed-Recipients")) or any(part.get_content_type() in REPORT_PART_TYPES for part in report_parts(message))
    _last_built[0] = (message, built)
    return built


# The last message ``built_as_report`` was asked about and its answer: the readers of notices ask of the
# same message one after another (each walk of its parts cost a few microseconds, 800 times a corpus).
_last_built: list[tuple[MimePart | None, bool]] = [(None, False)]


# How much of a notice's text is read for the words that say what it is: notices say so first.
NOTICE_WINDOW = 5_000


def may_say(text: str, *needle_sets: tuple[str, ...]) -> bool:
    """Whether the text may match case-insensitive patterns all of whose matches hold one of the
    (lower-case) needles of their set (one set per pattern, all to be matched): a few substring
    searches spare most texts the patterns. The one needle check of every reader, for a whole
    notice or a single line alike. A text beyond ASCII with a needle beyond ASCII is always
    searched (only the pattern knows how Unicode folds case)."""
    if not text.isascii() and not all(map(str.isascii, (needle for needles in needle_sets for needle in needles))):
        return True
    lowered = folded(text)
    for needles in needle_sets:  # a loop, not all() over a generator: most calls ask of one set
        if not any(map(lowered.__contains__, needles)):
            return False
    return True


def may_say_each(text: str, needle_sets: tuple[tuple[str, ...], ...]) -> list[bool]:
    """``may_say(text, needles)`` for each set in turn, the text folded once: for a reader that
    tries several patterns in order, each with its own needles."""
    if text.isascii():
        lowered = folded(text)
        return [any(map(lowered.__contains__, needles)) for needles in needle_sets]
    return [may_say(text, needles) for needles in needle_sets]


# The last text folded and its fold: callers ask of the same line or notice for several needle sets
# in turn (an identity test costs less than a cache's hashing of a whole notice).
_last_folded: list[str] = ["", ""]


def folded(text: str) -> str:
    """The text lower-cased the way case-insensitive patterns fold ASCII letters: lower() does
    so once the few letters beyond ASCII that the patterns take for an ASCII one are made plain."""
    if text is not _last_folded[0]:
        _last_folded[:] = [text, fold(text)]
    return _last_folded[1]


def found_at_openings(pattern: re.Pattern[str], text: str, openings: tuple[str, ...]) -> bool:
    """Whether ``pattern.search(text)`` finds a match, for a case-insensitive pattern every match of
    which opens with one of the (lower-case) words: on ASCII text, the pattern is tried only where
    one of them stands (``match`` at a position sees the characters before it, for ``\\b``), not at
    every character; other text is searched whole."""
    if not text.isascii():
        return pattern.search(text) is not None
    return matched_where_found(pattern, text, text.lower(), openings)


def matched_where_found(pattern: re.Pattern[str], text: str, looked_in: str, openings: tuple[str, ...]) -> bool:
    """Whether ``pattern`` matches ``text`` at a position where one of the openings stands in
    ``looked_in`` (the text itself, or its fold: the same length, position for position)."""
    for opening in openings:
        start = looked_in.find(opening)
        while start >= 0:
            if pattern.match(text, start) is not None:
                return True
            start = looked_in.find(opening, start + 1)
    return False


def search_at_openings(pattern: re.Pattern[str], text: str, openings: tuple[str, ...]) -> re.Match[str] | None:
    """``pattern.search(text)``, the same match, for a case-insensitive pattern every match of which
    opens with one of the (lower-case) words: on ASCII text, the pattern is tried only where one of
    them stands, leftmost first (the match ``search`` finds is the one at the leftmost position where
    the pattern matches); other text is searched whole. A long alternation of labels is otherwise
    tried at every character of the text."""
    if not text.isascii():
        return pattern.search(text)
    lowered = text.lower()
    starts: set[int] = set()
    for opening in openings:
        start = lowered.find(opening)
        while start >= 0:
            starts.add(start)
            start = lowered.find(opening, start + 1)
    for start in sorted(starts):
        found = pattern.match(text, start)
        if found is not None:
            return found
    return None


# Senders that are machines, not people: their mail is never a person's reply.
MACHINE_SENDER_RE = re.compile(r"mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounce|notification|autorespon|daemon|verify@|confirm@")


def is_automated(message: MimePart, by_subject: bool = True) -> bool:
    """The headers say a program wrote the message (RFC 3834 Auto-Submitted, the auto-responders' own
    headers, a bulk or auto-reply Precedence, a machine's sender, a report's structure; and, unless
    ``by_subject`` is False, a report's subject, which a person's reply to a report repeats)."""
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        (bool(auto) and not auto.startswith("no"))
        or any(message.get(name) for name in ("X-Autoreply", "X-Autorespond"))
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or message.get_content_type() == "multipart/report"
        or bool(message.get("X-Failed-Recipients"))
        or bool(MACHINE_SENDER_RE.search(str(message.get("From", "")).lower()))
        or (by_subject and is_report_like(message))
    )


def lazy_re(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled when first used: most readers never read most messages, and compiling
    every reader's patterns at import would slow every start of the CLI."""

    @functools.cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled


# A line break or a tab written as two characters, as logs and programs quote an error: a JSON string,
# a SQL column, a Python repr ("\r\n" before "\r").
WRITTEN_BREAK_RE = lazy_re(r"\\(?:r\\n|[nrt])")


def unescaped_breaks(text: str) -> str:
    """The text with its line breaks and tabs written as two characters ("\\n", "\\r\\n", "\\r",
    "\\t") made real: the lines of an error a log or a program quoted."""
    if "\\" not in text:
        return text
    return WRITTEN_BREAK_RE().sub(lambda written: "\t" if written.group(0) == "\\t" else "\n", text)


def quoted_error(text: str) -> str:
    """The error text a log or a program quoted, on one line: breaks and tabs, real or written as two
    characters, read as blanks, and runs of white space made one blank."""
    return " ".join(unescaped_breaks(text).split())


# Where a log that quoted an application's error closes its quote: a JSON string ('", ', '"}'), a
# logfmt value ('" next_key='), a JavaScript object's or call's ("'}", "');"), the line's end.
QUOTE_END_RE = lazy_re(r"[\"'`](?:[,}\]);]|\s+\w[\w.-]{0,40}=|\s*$)")


def logged_error(said: str) -> str:
    """The server's reply an application's error carried (gomail's "could not send email 1: 550 …",
    Nodemailer's "Recipient command failed: 550 …"), up to where the log that quoted the error
    closed its quote, on one line (quoted_error)."""
    end = QUOTE_END_RE().search(said)
    return quoted_error(said[: end.start()] if end else said)


# Japanese, Chinese and Korean write no blank between words, so their prose runs on into an
# address ("宛先user@example.jpは"): ideographs, kana or hangul before a local part in other
# scripts are words of the sentence. (Applied to what the readers found, not in ADDRESS_RE: a range
# of characters beyond Latin-1 there would slow the compiling of every pattern that embeds it.)
GLUED_PROSE_RE = lazy_re(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]+")


def unglued(address: str) -> str:
    """The address without the East Asian words run on before it; an address whose local part is
    wholly in those scripts (用户@例子.广告) stays whole."""
    if address.isascii():
        return address
    local = address.rpartition("@")[0]
    prose = GLUED_PROSE_RE().match(local)
    if prose is None or prose.end() == len(local) or GLUED_PROSE_RE().search(local, prose.end()) is not None:
        return address
    return address[prose.end() :]


# Exchange writes an address of another type than SMTP as an SMTP address by IMCEA encapsulation
# (MS-OXCMAIL 2.1.3.1.8): "IMCEA" (any case), the original type ("EX" for a legacy X.500 name, "SMTP",
# "NOTES", "X400", "FAX", "INVALID" …), "-", the original address with "/" written "_" and every octet
# but letters, digits, "-" and "=" written "+XX" (its hex value), then "@" and the encapsulating domain.
# De-encapsulated (MS-OXCMAIL 2.2.3.1.2), "IMCEASMTP-bob+40example+2Eorg@contoso.com" is bob@example.org.
# (Only a run that opens with "IMCEA" is tried, and the run is never backtracked: a text of many is read once.)
IMCEA_RE = lazy_re(
    r"(?<![A-Za-z0-9=_+-])IMCEA(?P<type>[A-Za-z0-9]{1,16})-(?P<encoded>[A-Za-z0-9=_+-]{1,2000}+)@(?P<domain>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*+)",
    re.IGNORECASE,
)
IMCEA_ESCAPE_RE = re.compile(r"\+([0-9A-Fa-f]{2})")


def de_encapsulated(address: str) -> str:
    """The address an IMCEA-encapsulated one stands for, when it is an Internet address
    (``IMCEASMTP-bob+40example+2Eorg@…`` is bob@example.org); any other address as it is. An
    ``IMCEAEX-`` address (a legacy X.500 name, no Internet address) stays whole, as Exchange printed
    it: Microsoft's guidance has the admin turn that whole string into the X500 proxy to add."""
    found = IMCEA_RE().fullmatch(address) if address[:5].upper() == "IMCEA" else None
    if found is None or found.group("type").upper() == "EX":
        return address
    octets = IMCEA_ESCAPE_RE.sub(lambda escape: chr(int(escape.group(1), 16)), found.group("encoded").replace("_", "/"))
    try:
        original = octets.encode("latin-1").decode("utf-8")  # each "+XX" one octet of the original
    except UnicodeDecodeError:
        return address
    return original if ADDRESS_RE.fullmatch(original) else address


# How many IMCEA-encapsulated addresses of a text are looked at: a report names a few.
MAX_IMCEA_ADDRESSES = 50


def imcea_addresses(text: str) -> tuple[str, ...]:
    """The IMCEA-encapsulated addresses of the text (``base.IMCEA_RE``)."""
    if "IMCEA" not in text and "imcea" not in text:
        return ()
    # (As the readers see the text: rejoined where a line's wrap cut one, clipboard.imcea_rejoined.)
    return tuple(found.group() for found in islice(IMCEA_RE().finditer(clipboard.imcea_rejoined(text)), MAX_IMCEA_ADDRESSES))


def whole_imcea(address: str, encapsulated: tuple[str, ...]) -> str:
    """The IMCEA-encapsulated address of the text that the address is the tail of: an ``IMCEAEX-``
    address runs far past the 64 characters of a local part, so the address pattern of a reader finds
    only its end ("…_cn=Recipients_cn=…-Luca+20Neri@contoso.com"), which stands for the whole."""
    for whole in encapsulated:
        if len(whole) > len(address) and whole.endswith(address) and "@" in address:
            return whole
    return address


# Mail logs write a recipient as a name=value field, without angle brackets in Sendmail's log
# ("to=bob@example.org, delay=…": most of its lines are name=value pairs, IBM's guide to sendmail
# logging) and in Zimbra's LMTP test tool ("rcpt=bob@example.org response=552 …"). "=" may stand in a
# local part, so the address pattern takes the field's name along; it is no part of the address.
# A program's keyword argument quotes the value (Python's "send(to='bob@example.org', …)"): "'" may stand
# in a local part too, so the quote comes along with the name; it is no part of the address either.
LOG_FIELD_NAME_RE = re.compile(r"(?:to|rcpt|recipient|orig_to)=['\"]?(?=[^=@]+@)", re.IGNORECASE)


# Python prints the recipients smtplib refused as a dict ("{'bob@example.org': (550, b'…')}",
# SMTPRecipientsRefused.recipients as its documentation describes it; Python 2 writes the key
# "u'…'"), and a web framework's error page shows that dict alone. "{" and "'" may stand in a local
# part, so the address pattern takes the brace and the quote along; they are no part of the address.
PYTHON_DICT_KEY_RE = re.compile(r"\{u?'(?=[^'{}]+$)")


def without_python_dict_key(address: str) -> str:
    """The address without the brace and quote of a Python dict's key written before it."""
    if not address.startswith("{"):
        return address
    key = PYTHON_DICT_KEY_RE.match(address)
    return address[key.end() :] if key else address


def without_log_field_name(address: str) -> str:
    """The address without the name of the log field it was written in (``to=``, ``rcpt=``)."""
    if "=" not in address:
        return address
    field = LOG_FIELD_NAME_RE.match(address)
    return address[field.end() :] if field else address


# A batch of bounces repeats its lines: each MTA's boilerplate, the same reply in every copy of a
# report. A reader of one line that depends on nothing else (``remembered_per_line``) answers once for
# each of the last LINE_MEMO_SIZE lines it read of up to LINE_MEMO_CHARS characters (a longer one is
# read again each time: what is kept stays small).
LINE_MEMO_SIZE = 4096
LINE_MEMO_CHARS = 500


def remembered_per_line(read: Callable[..., T]) -> Callable[..., T]:
    """``read`` (a pure function of a line and a few flags), its answers for short lines remembered."""
    remembered = functools.lru_cache(maxsize=LINE_MEMO_SIZE)(read)

    def read_line(line: str, *flags: object, **named: object) -> T:
        return read(line, *flags, **named) if named or len(line) > LINE_MEMO_CHARS else remembered(line, *flags)

    return functools.update_wrapper(read_line, read)


# How far into a message the readers of sending services' event payloads (JSON) look for their keys.
PAYLOAD_WINDOW = 20_000


class _WorkedOutOnce:
    """A value of a ``Source`` worked out the first time a reader asks, then kept in the instance's own
    attributes, where every later read finds it as a plain attribute (a descriptor with ``__get__``
    only gives way to them). A ``property`` that tests a cache attribute is a Python call at every
    read: the readers read a message's text some 30 times, its notice, header block and flags more."""

    def __init__(self, work: Callable[[Source], object]) -> None:
        self.work = work
        self.name = work.__name__
        self.__doc__ = work.__doc__

    def __get__(self, source: Source | None, owner: type | None = None) -> object:
        if source is None:
            return self
        value = source.__dict__[self.name] = self.work(source)
        return value


if TYPE_CHECKING:
    worked_out_once = property  # what type checkers see: a read-only property of the value's type
else:
    worked_out_once = _WorkedOutOnce


class Source:
    """One message as the readers see it: its MIME tree (None for pasted text) and its readable
    text, worked out once and only when a reader asks (``worked_out_once``: not cached_property,
    whose lock costs more than the work on a small message in Python 3.11)."""

    def __init__(self, raw: str, message: MimePart | None) -> None:
        self.raw = raw  # the whole message or paste, newlines LF
        self.message = message
        self._headers: dict[str, str] = {}

    def header(self, name: str) -> str:
        """The header field's value ("" when absent, or for a paste), remembered by name: the readers
        ask for the same few fields (From, Subject, Return-Path …) about 30 times a message."""
        value = self._headers.get(name)
        if value is None:
            value = self._headers[name] = str(self.message.get(name, "")) if self.message is not None else ""
        return value

    @worked_out_once
    def head(self) -> str:
        """The message's header block as raw text ("" for a paste): a marker in any Received line
        is found with one substring test, without collecting the fields."""
        end = self.raw.find("\n\n")
        return "" if self.message is None else self.raw if end < 0 else self.raw[:end]

    @worked_out_once
    def text(self) -> str:
        """The report's own words: its text parts (MIME), or the paste with HTML tags dropped."""
        if self.message is not None:
            return clipboard.tidy(report_text(self.message))
        text = clipboard.quoted_printable_undone(self.raw[:MAX_TEXT_CHARS])
        return clipboard.tidy(strip_html(text) if looks_like_html(text) else text)

    @property
    def log_lines(self) -> str:
        """Where pasted log lines are read: the raw input (a line may open a paste like a header
        field), but a multipart mail's own text parts only, so lines quoted in an attached or
        returned message are not taken for the mail's own."""
        return self.text if self.message is not None and self.message.is_multipart() else self.raw

    @worked_out_once
    def notice(self) -> str:
        """The top of the text, where a notice says what it is (NOTICE_WINDOW): one string for every
        reader that asks, so the fold ``may_say`` makes of it (``folded``) is made once."""
        return self.text[:NOTICE_WINDOW]

    @worked_out_once
    def payload_texts(self) -> tuple[str, ...]:
        """The raw input and, for a mail, its decoded text (a relay may have re-encoded the body):
        those that hold a quoted JSON key (``":``) near their top, where an event payload's keys come.
        Worked out once for all the payload readers: most messages hold none."""
        texts = (self.raw,) if self.message is None else (self.raw, self.text)
        return tuple(text for text in texts if text.find('":', 0, PAYLOAD_WINDOW) >= 0)

    @worked_out_once
    def automated(self) -> bool:
        """``is_automated`` of the message (False for a paste), worked out once: several readers ask."""
        return self.message is not None and is_automated(self.message)

    @worked_out_once
    def report_like(self) -> bool:
        """The headers already say it is a report (sender, subject, multipart/report)."""
        return self.message is not None and is_report_like(self.message)


class Reader(Protocol):
    """A report-format module (``formats/<family>.py``): how to recognise the family's reports
    cheaply, and how to read their failures. ``read`` returns None when the message is not one
    after all, or holds nothing the reader can use: the next reader then gets it."""

    def recognise(self, source: Source) -> bool: ...

    def read(self, source: Source) -> Parsed | None: ...


def read_nested_at_most(depth: ContextVar[int], most: int, read: Callable[[Source], Parsed | None], source: Source) -> Parsed | None:
    """``read(source)`` unless ``most`` readings of the same kind are already under way: readers that hand
    a text they unwrapped (a Graph body, a string literal) to every reader again meet it once more when it
    holds itself, and read it that many levels deep, no deeper."""
    nesting = depth.get()
    if nesting >= most:
        return None
    token = depth.set(nesting + 1)
    try:
        return read(source)
    finally:
        depth.reset(token)
