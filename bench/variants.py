"""Transport variants: the same bounce, carried differently, must give the same answer.

Run from the repository:  .venv/bin/python bench/variants.py [--corpus DIR] [--variant NAME ...]
                          [--limit N] [--all-parts] [--json OUT] [--catalog catalog.json]

Real bounces from other sources differ from the corpus in how they were carried and written as
much as in the MTA that wrote them: a relay re-encodes a text part as base64, a mailing list wraps
long lines, a gateway drops the Subject, an admin forwards the report as an attachment. None of
that changes what failed. For every file of the corpus (the file list and labels of
``bench/accuracy.py``), each variant in ``VARIANTS`` rewrites the message and the library
diagnoses it again; the answer (kind, and per failure the recipient, status, reason, reply code
and hard/soft) is compared with the answer for the file as it is, and scored against the reference
labels as accuracy.py scores it. A variant that does not apply to a file (no text part to
re-encode, no returned original to drop) leaves it out of that variant's figures.

A variant is one small function from one message's text to its rewritten text (``None`` when it
does not apply), registered in ``VARIANTS``: to add one, write the function and add a line there.
Messages are handled as Latin-1 text with LF newlines, so every byte of the input survives a
round trip; what a function does not rewrite stays byte for byte as it was. ``tests/test_variants.py``
runs the same functions over the project's own fixtures.

As in accuracy.py, the files that differ are listed for the tune part only (``--all-parts`` lists
the holdout part's too): what goes wrong in the holdout part is not for tuning.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import email.message
import json
import quopri
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accuracy import DEFAULT_CORPUS, Answer, Case, answer_of, open_corpus, score  # bench/accuracy.py, beside this script

from ndr_atlas.catalog import Catalog
from ndr_atlas.formats.base import is_report_like
from ndr_atlas.mime import parse_mime
from ndr_atlas.parse import looks_like_mime

# --- a message as a tree that renders back to exactly its text ---------------------------------------

FIELD_NAME_RE = re.compile(r"^([\041-\071\073-\176]+)(:)")
MBOX_LINE_RE = re.compile(r"^From [^\n]*\n", re.MULTILINE)
# The returned original (or its headers): never rewritten as if it were the report's own text.
ORIGINAL_TYPES = frozenset({"message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers", "message/global-headers"})
STATUS_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})


@dataclass
class Part:
    """One message or body part: its header fields (each with its continuation lines), and its body as
    text, as a multipart's parts, or as an attached message. ``render`` gives back the exact input."""

    fields: list[str]
    head_newline: bool  # the header block ended with a newline (always, but at the very end of a file)
    body: str | None  # None: the text ended inside the header block
    default_type: str = "text/plain"
    preamble: str = ""
    parts: list[tuple[str, Part, str]] = field(default_factory=list)  # (delimiter line and newline before the part, part, newline after)
    tail: str = ""  # the closing delimiter and the epilogue
    inner: Part | None = None  # the attached message of a message/rfc822 part

    def header(self, name: str) -> str | None:
        for raw in self.fields:
            found = FIELD_NAME_RE.match(raw)
            if found and found.group(1).lower() == name.lower():
                return raw[found.end() :].strip()
        return None

    def content(self) -> email.message.Message:
        """Content-Type and its parameters, read by the standard library."""
        message = email.message.Message()
        message.set_default_type(self.default_type)
        value = self.header("Content-Type")
        if value is not None:
            message["Content-Type"] = " ".join(value.split())
        return message

    @property
    def ctype(self) -> str:
        return self.content().get_content_type()

    def is_multipart(self) -> bool:
        return bool(self.parts)

    def render(self) -> str:
        head = "\n".join(self.fields) + ("\n" if self.head_newline and self.fields else "")
        if self.body is None:
            return head
        if self.inner is not None:
            return head + "\n" + self.inner.render()
        if self.parts:
            inside = "".join(delimiter + part.render() + after for delimiter, part, after in self.parts)
            return head + "\n" + self.preamble + inside + self.tail
        return head + "\n" + self.body


def parse(text: str, default_type: str = "text/plain") -> Part:
    """The tree of one message (LF newlines); anything unexpected stays text, never raises."""
    body: str | None
    if text.startswith("\n"):
        head, body = "", text[1:]
    else:
        end = text.find("\n\n")
        head, body = (text, None) if end < 0 else (text[: end + 1], text[end + 2 :])
    fields: list[str] = []
    for line in head.split("\n")[:-1] if head.endswith("\n") else head.split("\n"):
        if line[:1] in (" ", "\t") and fields:
            fields[-1] += "\n" + line
        elif line or head:
            fields.append(line)
    part = Part(fields, head.endswith("\n") or body is not None, body, default_type)  # a field added to a part without any ends its line
    if body is None:
        return part
    ctype = part.ctype
    if ctype in ("message/rfc822", "message/global"):
        part.inner = parse(body)
    elif ctype.startswith("multipart/"):
        split_multipart(part, body, "message/rfc822" if ctype == "multipart/digest" else "text/plain")
    return part


def split_multipart(part: Part, body: str, child_type: str) -> None:
    boundary = part.content().get_boundary()
    if not boundary:
        return
    delimiters = list(re.finditer(r"^--" + re.escape(boundary.rstrip()) + r"(--)?[ \t]*$", body, re.MULTILINE))
    if not delimiters:
        return
    part.preamble = body[: delimiters[0].start()]
    for number, delimiter in enumerate(delimiters):
        if delimiter.group(1):  # the closing delimiter: the rest is epilogue
            part.tail = body[delimiter.start() :]
            return
        end = delimiters[number + 1].start() if number + 1 < len(delimiters) else len(body)
        region = body[delimiter.end() : end]
        lead = "\n" if region.startswith("\n") else ""
        region = region[len(lead) :]
        after = "\n" if region.endswith("\n") and number + 1 < len(delimiters) else ""
        region = region[: len(region) - len(after)]
        part.parts.append((body[delimiter.start() : delimiter.end()] + lead, parse(region, child_type), after))


def walk(part: Part, into_originals: bool = False, inside: bool = False) -> Iterator[tuple[Part, bool]]:
    """Every part with whether it belongs to a returned original; originals only when asked."""
    yield part, inside
    if part.inner is not None and into_originals:
        yield from walk(part.inner, into_originals, True)
    for _, child, _ in part.parts:
        within = inside or child.ctype in ORIGINAL_TYPES
        if within and not into_originals:
            continue
        yield from walk(child, into_originals, within)


def set_field(part: Part, name: str, value: str) -> None:
    """Replace the first field of that name (its name kept as written), or add it."""
    for index, raw in enumerate(part.fields):
        found = FIELD_NAME_RE.match(raw)
        if found and found.group(1).lower() == name.lower():
            part.fields[index] = f"{found.group(1)}: {value}"
            return
    part.fields.append(f"{name}: {value}")


def drop_fields(part: Part, *names: str) -> bool:
    wanted = {name.lower() for name in names}
    kept = [raw for raw in part.fields if not ((found := FIELD_NAME_RE.match(raw)) and found.group(1).lower() in wanted)]
    dropped = len(kept) != len(part.fields)
    part.fields = kept
    return dropped


def with_param(value: str, name: str, new: str | None) -> str:
    """A Content-Type value with one parameter set to ``new`` (or removed when None)."""
    pattern = re.compile(r";\s*" + name + r"\s*=\s*(?:\"[^\"]*\"|[^;\s]*)", re.IGNORECASE)
    value = pattern.sub("", " ".join(value.split()))
    return value if new is None else f"{value}; {name}={new}"


# --- text parts: decoded, rewritten, encoded again -----------------------------------------------------


def decoded(part: Part) -> bytes | None:
    """The body's bytes after its transfer encoding; None when it cannot be decoded."""
    raw = (part.body or "").encode("latin-1")
    cte = (part.header("Content-Transfer-Encoding") or "").strip().lower()
    if cte == "base64":
        try:
            return base64.b64decode(b"".join(raw.split()), validate=True)
        except binascii.Error:
            return None
    if cte == "quoted-printable":
        return quopri.decodestring(raw)
    return raw


def encode_body(part: Part, data: bytes, cte: str | None = None) -> None:
    """Write bytes back as the body: in the given transfer encoding, else the part's own."""
    own = (part.header("Content-Transfer-Encoding") or "").strip().lower()
    cte = cte or own
    if cte == "base64":
        text = base64.encodebytes(data).decode("ascii")
    elif cte == "quoted-printable":
        text = quopri.encodestring(data).decode("ascii")
        if data.endswith(b"\n") and not text.endswith("\n"):
            text += "\n"
    else:
        text = data.decode("latin-1")
        if not data.isascii():
            cte = "8bit"
    if cte and cte != own:
        set_field(part, "Content-Transfer-Encoding", cte)
    part.body = text


def report_text_parts(message: Part, kinds: tuple[str, ...] = ("text/plain", "text/html")) -> Iterator[Part]:
    """The report's own text parts (not the returned original's, not attachments with a file name)."""
    for part, _ in walk(message):
        if (
            part.ctype in kinds
            and not part.is_multipart()
            and part.body is not None
            and "filename" not in (part.header("Content-Disposition") or "")
        ):
            yield part


def charset_of(part: Part) -> str | None:
    charset = part.content().get_content_charset()
    return charset.lower() if charset else None


def text_of(part: Part) -> tuple[str, str] | None:
    """The part's text and the charset it was decoded with; None when the declared one does not fit."""
    data = decoded(part)
    if data is None:
        return None
    charset = charset_of(part) or ("us-ascii" if data.isascii() else None)
    if charset is None:
        return None
    try:
        return data.decode(charset), charset
    except (LookupError, UnicodeDecodeError):
        return None


def recharset(part: Part, text: str, charset: str) -> None:
    set_field(part, "Content-Type", with_param(part.header("Content-Type") or part.ctype, "charset", charset))
    encode_body(part, text.encode(charset))


TextRewrite = Callable[[str], str]


def rewrite_text(message: Part, rewrite: TextRewrite, kinds: tuple[str, ...] = ("text/plain",)) -> bool:
    """Rewrite the decoded text of the report's text parts, encoded again as they were."""
    changed = False
    for part in report_text_parts(message, kinds):
        found = text_of(part)
        if found is None:
            continue
        text, charset = found
        new = rewrite(text)
        if new != text:
            encode_body(part, new.encode(charset, "surrogateescape"))
            changed = True
    return changed


# --- the variants ----------------------------------------------------------------------------------------

Variant = Callable[[str], "str | None"]


def on_tree(change: Callable[[Part], bool]) -> Variant:
    """A variant made of a change to the message's tree (the change says whether it did anything)."""

    def variant(text: str) -> str | None:
        if not looks_like_mime(text):
            return None  # pasted text: it has no parts to rewrite
        message = parse(text)
        return message.render() if change(message) else None

    variant.__doc__ = change.__doc__
    variant.__name__ = change.__name__
    return variant


def reencode_text_parts(message: Part, encoding: str) -> bool:
    """Every text part of the report re-encoded with this transfer encoding, where it had another."""
    changed = False
    for part in report_text_parts(message, ("text/plain", "text/html", "text/rfc822-headers")):
        data = decoded(part)
        if data is not None and (part.header("Content-Transfer-Encoding") or "").strip().lower() != encoding:
            encode_body(part, data, encoding)
            changed = True
    return changed


@on_tree
def text_as_base64(message: Part) -> bool:
    """Every text part of the report re-encoded as base64 (as relays that re-encode 8-bit text do)."""
    return reencode_text_parts(message, "base64")


@on_tree
def text_as_quoted_printable(message: Part) -> bool:
    """Every text part of the report re-encoded as quoted-printable."""
    return reencode_text_parts(message, "quoted-printable")


@on_tree
def charset_to_latin1(message: Part) -> bool:
    """UTF-8 and US-ASCII text parts re-encoded as ISO-8859-1 (or Windows-1252), where every character fits."""
    changed = False
    for part in report_text_parts(message):
        found = text_of(part)
        if found is None or found[1] not in ("utf-8", "utf8", "us-ascii"):
            continue
        for target in ("iso-8859-1", "windows-1252"):
            try:
                found[0].encode(target)
            except UnicodeEncodeError:
                continue
            recharset(part, found[0], target)
            changed = True
            break
    return changed


@on_tree
def charset_to_utf8(message: Part) -> bool:
    """Text parts in US-ASCII, ISO-8859-x or Windows-125x re-encoded as UTF-8."""
    changed = False
    for part in report_text_parts(message):
        found = text_of(part)
        if found is None or not re.match(r"us-ascii|iso-8859-|windows-125|latin|cp125", found[1]):
            continue
        recharset(part, found[0], "utf-8")
        changed = True
    return changed


def fold(raw: str, width: int = 76) -> str:
    """One header field unfolded, then folded again before whitespace so lines keep within width."""
    unfolded = raw.replace("\n", "")
    pieces = re.split(r"(?<=\S)(?=[ \t])", unfolded)
    lines = [pieces[0]]
    for piece in pieces[1:]:
        if len(lines[-1]) + len(piece) > width and lines[-1].strip():
            lines.append(piece)
        else:
            lines[-1] += piece
    return "\n".join(lines)


def status_blocks(part: Part, change: Callable[[str], str]) -> bool:
    """Apply a change to every field of a delivery-status part's blocks (header syntax, RFC 3464)."""
    if part.ctype not in STATUS_TYPES or part.body is None:
        return False
    lines = part.body.split("\n")
    fields: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t") and fields and fields[-1]:
            fields[-1] += "\n" + line
        else:
            fields.append(line)
    new = "\n".join(change(raw) if FIELD_NAME_RE.match(raw) else raw for raw in fields)
    part.body, changed = new, new != part.body
    return changed


@on_tree
def headers_refolded(message: Part) -> bool:
    """Header fields of the message, of its parts and of the returned original refolded at 76 columns."""
    changed = False
    for part, _ in walk(message, into_originals=True):
        new = [fold(raw) if FIELD_NAME_RE.match(raw) else raw for raw in part.fields]
        changed |= new != part.fields
        part.fields = new
    return changed


@on_tree
def status_fields_refolded(message: Part) -> bool:
    """The delivery-status fields (Diagnostic-Code, Final-Recipient …) refolded at 76 columns."""
    return any([status_blocks(part, fold) for part, _ in walk(message)])


def lower_name(raw: str) -> str:
    found = FIELD_NAME_RE.match(raw)
    return raw if found is None else found.group(1).lower() + raw[found.end(1) :]


@on_tree
def header_names_lowercased(message: Part) -> bool:
    """Every field name in lower case: message and part headers, status fields, the returned original's."""
    changed = False
    for part, _ in walk(message, into_originals=True):
        new = [lower_name(raw) for raw in part.fields]
        changed |= new != part.fields
        part.fields = new
        changed |= status_blocks(part, lower_name)
    return changed


def hard_wrap(text: str, width: int) -> str:
    """Lines longer than width broken at the last blank before it, as old MTAs and mailing lists do."""
    out: list[str] = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", 0, width + 1)
            if cut <= len(line) - len(line.lstrip()) or not line[cut:].strip():  # no blank to break at, or only trailing ones
                break
            out.append(line[:cut].rstrip())
            line = line[cut + 1 :]
        out.append(line)
    return "\n".join(out)


@on_tree
def body_wrapped_72(message: Part) -> bool:
    """The report's plain text hard-wrapped at 72 columns (not the status fields nor the original)."""
    return rewrite_text(message, lambda text: hard_wrap(text, 72))


@on_tree
def body_wrapped_78(message: Part) -> bool:
    """The report's plain text hard-wrapped at 78 columns."""
    return rewrite_text(message, lambda text: hard_wrap(text, 78))


def crlf_newlines(text: str) -> str | None:
    """Every line ended with CRLF, as on the wire."""
    return text.replace("\n", "\r\n")


def mbox_wrapped(text: str) -> str | None:
    """In an mbox: a "From " line first, body lines starting with "From " escaped as ">From " (mboxrd)."""
    if text.startswith("From "):
        return None
    escaped = re.sub(r"^(>*From )", r">\1", text, flags=re.MULTILINE)
    return "From MAILER-DAEMON Thu Dec  3 10:12:03 2026\n" + escaped + ("" if escaped.endswith("\n") else "\n") + "\n"


FORWARD_BOUNDARY = "=_ndr-atlas-forward-7f3a9c"


def forwarded_as_attachment(text: str) -> str | None:
    """The whole bounce attached (message/rfc822) to a user's multipart/mixed mail to the helpdesk."""
    if not looks_like_mime(text):
        return None
    subject = " ".join((parse(text).header("Subject") or "Undeliverable").split())
    return (
        "From: Maria Bianchi <maria@example.net>\n"
        "To: Helpdesk <helpdesk@example.net>\n"
        f"Subject: FW: {subject}\n"
        "Date: Thu, 3 Dec 2026 10:20:00 +0100\n"
        "Message-ID: <fw-20261203102000@example.net>\n"
        "MIME-Version: 1.0\n"
        f'Content-Type: multipart/mixed; boundary="{FORWARD_BOUNDARY}"\n\n'
        f"--{FORWARD_BOUNDARY}\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Hi, I got this back when I wrote to a customer. Can you check?\n\n"
        f"--{FORWARD_BOUNDARY}\n"
        "Content-Type: message/rfc822\n"
        'Content-Disposition: attachment; filename="Undeliverable.eml"\n\n'
        f"{text}{'' if text.endswith(chr(10)) else chr(10)}"
        f"--{FORWARD_BOUNDARY}--\n"
    )


@on_tree
def report_as_mixed(message: Part) -> bool:
    """multipart/report relabelled multipart/mixed (report-type dropped), as some gateways rewrite it."""
    changed = False
    for part, _ in walk(message):
        if part.ctype == "multipart/report":
            value = with_param(part.header("Content-Type") or "", "report-type", None)
            set_field(part, "Content-Type", re.sub(r"(?i)multipart/report", "multipart/mixed", value, count=1))
            changed = True
    return changed


def is_returned_original(part: Part) -> bool:
    """An attached message or its headers, unless it is itself a report (a bounce forwarded whole)."""
    if part.ctype not in ORIGINAL_TYPES:
        return False
    inner = part.inner.render() if part.inner is not None else part.body or ""
    return not is_report_like(parse_mime(inner))


@on_tree
def original_dropped(message: Part) -> bool:
    """The returned original (message/rfc822 or its headers) left out of the report; an attached
    report stays, since it is the report itself."""
    changed = False
    for part, _ in walk(message):
        kept = [entry for entry in part.parts if not is_returned_original(entry[1])]
        if kept and len(kept) != len(part.parts):
            part.parts = kept
            changed = True
    return changed


@on_tree
def subject_and_from_removed(message: Part) -> bool:
    """The report's Subject and From fields removed, as some gateways strip them."""
    return drop_fields(message, "Subject", "From")


def trailing_blanks_added(text: str) -> str | None:
    """A blank added at the end of every line that has text (empty lines stay empty: they end headers)."""
    return re.sub(r"(?<=\S)$", " ", text, flags=re.MULTILINE)


def trailing_blanks_removed(text: str) -> str | None:
    """Blanks at the ends of lines removed."""
    return re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)


# The registry: name -> function from one message's text (Latin-1, LF) to its variant, or None.
VARIANTS: dict[str, Variant] = {
    "base64": text_as_base64,
    "quoted-printable": text_as_quoted_printable,
    "charset-latin1": charset_to_latin1,
    "charset-utf8": charset_to_utf8,
    "refold-headers": headers_refolded,
    "refold-status-fields": status_fields_refolded,
    "lowercase-names": header_names_lowercased,
    "wrap-72": body_wrapped_72,
    "wrap-78": body_wrapped_78,
    "crlf": crlf_newlines,
    "mbox": mbox_wrapped,
    "forwarded-attachment": forwarded_as_attachment,
    "report-as-mixed": report_as_mixed,
    "original-dropped": original_dropped,
    "no-subject-from": subject_and_from_removed,
    "trailing-blanks-added": trailing_blanks_added,
    "trailing-blanks-removed": trailing_blanks_removed,
}


def as_message_text(data: bytes) -> str:
    """A file as the variants see it: every byte one character, newlines LF."""
    return data.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")


def make_variant(name: str, data: bytes) -> bytes | None:
    """The file rewritten by one variant (each message of an mbox alike); None when it does not apply
    or changes nothing."""
    text = as_message_text(data)
    variant = VARIANTS[name]
    if text.startswith("From ") and name != "mbox":  # an mbox: its messages one by one, the "From " lines kept
        pieces = MBOX_LINE_RE.split(text)
        separators = MBOX_LINE_RE.findall(text)
        out = pieces[0]
        for separator, message in zip(separators, pieces[1:], strict=True):
            out += separator + (variant(message) or message)
        made: str | None = out
    else:
        # Blank lines stored above a message's headers are not part of it (the classifier skips them,
        # parse.without_blank_lines_above): the variant rewrites the message below them.
        body = text.lstrip(" \t\n")
        above = text[: len(text) - len(body)]
        if above and not above.endswith("\n"):  # spaces opening the first header line are its own
            body, above = text[above.rfind("\n") + 1 :], above[: above.rfind("\n") + 1]
        rewritten = variant(body)
        made = None if rewritten is None else above + rewritten
    if made is None or made == text:
        return None
    return made.encode("latin-1")


# --- comparing answers -----------------------------------------------------------------------------------

COMPARED = ("recipient", "status", "reason", "reply_code", "hard_bounce")


def outcome(answer: Answer) -> tuple[str, list[tuple[Any, ...]]]:
    """What must not change: the kind, and each failure's recipient, status, reason, reply code, hard/soft."""
    rows = [tuple((r.get(k) or "").lower() if k == "recipient" else r.get(k) for k in COMPARED) for r in answer.results]
    return answer.kind, sorted(rows, key=repr)


def difference(before: Answer, after: Answer) -> str:
    """What changed, shortly: the kind, failures gone or added, fields changed per recipient."""
    kind_a, rows_a = outcome(before)
    kind_b, rows_b = outcome(after)
    said: list[str] = []
    if kind_a != kind_b:
        said.append(f"kind {kind_a} -> {kind_b}")
    by_a = {row[0]: row for row in rows_a}
    by_b = {row[0]: row for row in rows_b}
    if len(by_a) == len(rows_a) and len(by_b) == len(rows_b):
        for who in sorted(by_a.keys() | by_b.keys()):
            a, b = by_a.get(who), by_b.get(who)
            if a is None or b is None:
                row = a or b
                assert row is not None
                said.append(f"{'lost' if b is None else 'added'} {' '.join(str(v) for v in row)}")
            elif a != b:
                said.append(
                    f"{who or '(no address)'}: " + ", ".join(f"{k} {x} -> {y}" for k, x, y in zip(COMPARED, a, b, strict=True) if x != y)
                )
    else:
        said.append(f"{rows_a} -> {rows_b}")
    return "; ".join(said)


@dataclass
class VariantRun:
    name: str
    applied: int = 0
    same: int = 0
    applied_files: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)  # (file, what differs)
    answers: dict[str, Answer] = field(default_factory=dict)  # every file: the variant's answer, else the original's
    seconds: float = 0.0


def bounce_files(cases: list[Case]) -> list[Case]:
    """Files the reference says hold at least one failure."""
    return [case for case in cases if case.rows]


def with_result(cases: list[Case], answers: dict[str, Answer]) -> int:
    return sum(1 for case in bounce_files(cases) if answers[case.id].results)


def run(corpus: Path, cases: list[Case], catalog: Catalog, names: list[str]) -> tuple[dict[str, Answer], list[VariantRun]]:
    originals: dict[str, Answer] = {}
    datas: dict[str, bytes] = {}
    for case in cases:
        datas[case.id] = (corpus / "emails" / case.id).read_bytes()
        originals[case.id] = answer_of(datas[case.id], catalog)
    runs = []
    for name in names:
        record = VariantRun(name, answers=dict(originals))
        started = time.perf_counter()
        for case in cases:
            made = make_variant(name, datas[case.id])
            if made is None:
                continue
            answer = answer_of(made, catalog)
            record.applied += 1
            record.applied_files.append(case.id)
            record.answers[case.id] = answer
            if outcome(answer) == outcome(originals[case.id]):
                record.same += 1
            else:
                record.changed.append((case.id, difference(originals[case.id], answer)))
        record.seconds = time.perf_counter() - started
        runs.append(record)
    return originals, runs


def pct(ok: int, n: int) -> str:
    return f"{100.0 * ok / n:5.1f}%" if n else f"{'-':>6}"


def label_figures(cases: list[Case], answers: dict[str, Answer]) -> dict[str, float | None]:
    tally = score(cases, answers)[0]
    return {metric: tally.pct("overall", metric) for metric in ("recipient", "reason", "status", "hard_bounce")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Does the same bounce, carried differently, give the same answer?")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"corpus folder (default {DEFAULT_CORPUS})")
    parser.add_argument("--catalog", help="compiled catalog.json to use instead of the packaged one")
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS), help="only this variant (repeatable)")
    parser.add_argument("--limit", type=int, default=50, help="differing files to list (0: all)")
    parser.add_argument("--all-parts", action="store_true", help="list the holdout part's differing files too (not for tuning)")
    parser.add_argument("--json", dest="json_out", type=Path, help="write every figure and differing file to this JSON file")
    args = parser.parse_args(argv)
    opened = open_corpus(args.corpus, args.catalog, "variants")
    if opened is None:
        return 2
    catalog, cases = opened
    names = args.variant or list(VARIANTS)
    originals, runs = run(args.corpus, cases, catalog, names)
    split = {case.id: case.split for case in cases}
    bounces = len(bounce_files(cases))
    out = sys.stdout.write
    out(f"NDR Atlas transport variants: {len(cases)} files, {len(names)} variants; {bounces} files hold failures by the reference\n\n")
    out(
        f"{'variant':<24}{'applied':>8}{'same':>8}{'agree':>8}{'tune':>8}{'holdout':>8}   labels: {'recipient':>9}{'reason':>8}{'status':>8}{'hard':>8}"
        f"{'with a result':>15}\n"
    )
    base = label_figures(cases, originals)

    def labels(figures: dict[str, float | None]) -> str:
        return "".join(f"{'-' if v is None else f'{v:.1f}%':>{w}}" for v, w in zip(figures.values(), (9, 8, 8, 8), strict=True))

    out(f"{'(as it is)':<24}{'':>8}{'':>8}{'':>8}{'':>8}{'':>8}   {'':8}{labels(base)}{with_result(cases, originals):>9}/{bounces}\n")
    report: dict[str, Any] = {
        "files": len(cases),
        "bounce_files": bounces,
        "original": {"labels": base, "with_result": with_result(cases, originals)},
        "variants": {},
    }
    for record in runs:
        applied_by = Counter(split[file] for file in record.applied_files)
        changed_by = Counter(split[file] for file, _ in record.changed)
        figures = label_figures(cases, record.answers)
        parts = {p: pct(applied_by[p] - changed_by[p], applied_by[p]) for p in ("tune", "holdout")}
        out(
            f"{record.name:<24}{record.applied:>8}{record.same:>8}{pct(record.same, record.applied):>8}{parts['tune']:>8}{parts['holdout']:>8}   "
            f"{'':8}{labels(figures)}{with_result(cases, record.answers):>9}/{bounces}\n"
        )
        report["variants"][record.name] = {
            "applied": record.applied,
            "same": record.same,
            "pct": round(100.0 * record.same / record.applied, 2) if record.applied else None,
            "by_part": {p: {"applied": applied_by[p], "same": applied_by[p] - changed_by[p]} for p in ("tune", "holdout")},
            "labels": figures,
            "with_result": with_result(cases, record.answers),
            "seconds": round(record.seconds, 3),
            "changed": [{"file": file, "split": split[file], "difference": what} for file, what in record.changed],
        }
    total_applied = sum(r.applied for r in runs)
    total_same = sum(r.same for r in runs)
    out(f"{'all variants':<24}{total_applied:>8}{total_same:>8}{pct(total_same, total_applied):>8}\n")
    no_result = [case.id for case in bounce_files(cases) if not originals[case.id].results]
    shown_files = [f for f in no_result if split[f] == "tune" or args.all_parts]
    hidden = len(no_result) - len(shown_files)
    out(
        f"\nBounce files with no failure found as they are: {len(no_result)}"
        + (f" ({', '.join(shown_files)})" if shown_files else "")
        + (f" ({hidden} of the holdout part, not listed)" if hidden else "")
        + "\n"
    )

    listed = [(r.name, file, what) for r in runs for file, what in r.changed if args.all_parts or split[file] == "tune"]
    if not args.all_parts:
        out("Differing files below are of the tune part only (--all-parts lists the holdout part's too).\n")
    shown = listed if args.limit <= 0 else listed[: args.limit]
    out(f"\nDiffering files ({len(listed)}; showing {len(shown)}; --limit 0 for all):\n")
    for name, file, what in shown:
        out(f"  {name:<22} {file}  {what}\n")
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
