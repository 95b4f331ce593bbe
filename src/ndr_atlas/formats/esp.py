"""What the readers of sending services' event payloads (JSON webhooks and event exports of
Mailgun, Postmark, SparkPost, Mandrill, Brevo, Mailjet) share: the payload found in a paste or a
mail body without ever raising, and a failure built from the receiver's reply an event quotes, or from the service's own class of the
event in our words when the reply quotes no code.
Each service's module says how to recognise its own keys and which fields hold what. SendGrid's
and Amazon SES's readers find their events their own way and take the status rule (``status_in``) from here."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from ndr_atlas.codes import REPLY_STATUS_RE, STATUS_RE, normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, PAYLOAD_WINDOW, Address, Failure, Parsed, Source
from ndr_atlas.formats.words import LEADING_REPLY_RE, clean_diagnostic, find_remote_host, is_more_specific, named_command

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

# A payload is the body: its keys come within the first few kilobytes.
MARKER_WINDOW = PAYLOAD_WINDOW
# How many "{" or "[" to try before giving up: the payload is the body, not buried in prose.
MAX_TRIES = 20
# Projects keep payloads as literals of their own language (a Python dict, a JavaScript object) and
# people paste them so: a comma before the closing bracket is what keeps most of them from being JSON.
TRAILING_COMMA_RE = re.compile(r",\s*(?=[}\]])")


def has_keys(text: str, keys: tuple[str, ...], needed: int = 1) -> bool:
    """At least ``needed`` of the quoted JSON keys near the top of the text. Most messages hold no
    ``":`` at all, and one search of it spares them the search of each key."""
    if text.find('":', 0, MARKER_WINDOW) < 0:
        return False
    return sum(text.find(f'"{key}"', 0, MARKER_WINDOW) >= 0 for key in keys) >= needed


def carries_keys(source: Source, keys: tuple[str, ...]) -> bool:
    """Two of a payload's keys in the raw input, or in a mail's decoded body (base64, QP)."""
    return any(has_keys(text, keys, needed=2) for text in source.payload_texts)


def outcome(failures: list[Failure], complaints: list[Address], delivered: list[Address]) -> Parsed | None:
    """What a batch of events says, failures first: a bounce, else a complaint, else deliveries."""
    if failures:
        return Parsed("bounce", failures)
    if complaints:
        return Parsed("feedback", [], complaints)
    return Parsed("delivered", [], delivered) if delivered else None


def json_values(text: str) -> Iterator[Any]:
    """The JSON values (objects, arrays) in the text, in order; broken or too deeply nested ones are skipped."""
    decoder = json.JSONDecoder()
    position = 0
    for _ in range(MAX_TRIES):
        starts = [i for i in (text.find("{", position), text.find("[", position)) if i >= 0]
        if not starts:
            return
        start = min(starts)
        try:
            value, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            position = start + 1
            continue
        yield value
        position = end


def without_trailing_commas(text: str) -> str | None:
    """The text with the commas before a closing bracket dropped, or None when it has none: a second
    reading for a payload that is not JSON only because of them (tried after the text as it is)."""
    if "," not in text:
        return None
    relaxed = TRAILING_COMMA_RE.sub("", text)
    return relaxed if relaxed != text else None


# Python's own words for JSON's true, false and null, outside strings (Python Language Reference, 2.3.1
# "Keywords"); a test keeps its payload as a dict literal, and anyone may paste one printed by Python.
PYTHON_CONSTANTS = {"True": "true", "False": "false", "None": "null"}
PYTHON_WORD_RE = re.compile(r"\b(?:True|False|None)\b")
# A literal kept in a test or pasted is short; the character walk below is not worth a large input.
MAX_LITERAL_CHARS = 10 * PAYLOAD_WINDOW


def from_python_literal(text: str) -> str | None:
    """The text of a Python literal read as JSON, or None when it holds nothing of Python's own:
    ``True``/``False``/``None`` outside strings, ``#`` comments to the end of the line, adjacent string
    literals written as one (Python Language Reference, 2.4.2 "String literal concatenation"), often
    inside parentheses that only group them (6.2.3 "Parenthesized forms"), and single-quoted strings. Projects keep webhook payloads so in their tests (django-anymail's
    ``raw_event = {...}``, Djrill's ``mandrill_events = [...]``), and people paste them as they are."""
    if len(text) > MAX_LITERAL_CHARS:
        return None
    if "#" not in text and "'" not in text and not PYTHON_WORD_RE.search(text) and not re.search(r"[\"']\s+[\"']", text):
        return None
    starts = [k for k in (text.find("{"), text.find("[")) if k >= 0]
    if not starts:
        return None
    out: list[str] = [text[: min(starts)]]  # the words before the payload stay as they are
    i, n = min(starts), len(text)
    pending_string = False  # a string just closed: a next one after blanks only continues it
    while i < n:
        ch = text[i]
        if ch in "\"'":
            quote = ch
            j = i + 1
            chunk: list[str] = []
            while j < n and text[j] != quote:
                if text[j] == "\\" and j + 1 < n:
                    nxt = text[j + 1]
                    chunk.append(nxt if nxt == "'" else "\\" + nxt)  # JSON has no \\' escape
                    j += 2
                    continue
                if text[j] == "\n":
                    return None  # a quote that is not a string's (an apostrophe in prose): not a literal
                chunk.append('\\"' if text[j] == '"' else text[j])
                j += 1
            if j >= n:
                return None
            if pending_string:  # join it to the string before, dropping the blanks (and comments) between
                while out and out[-1].isspace():
                    out.pop()
                out.pop()  # the string's closing quote, its own item: a join copies no string written so far
            else:
                out.append('"')
            out += ("".join(chunk), '"')
            pending_string = True
            i = j + 1
            continue
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch.isspace():
            out.append(ch)
            i += 1
            continue
        if ch in "()":  # parentheses around a long string written in pieces: grouping only, no JSON of their own
            i += 1
            continue
        pending_string = False
        word = PYTHON_WORD_RE.match(text, i)
        if word and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            out.append(PYTHON_CONSTANTS[word.group(0)])
            i = word.end()
            continue
        out.append(ch)
        i += 1
    converted = "".join(out)
    return converted if converted != text else None


def relaxed_readings(text: str) -> Iterator[str]:
    """Second readings of a payload that is not JSON as it stands: without the commas before a closing
    bracket, then as a Python literal (whose dicts often keep such commas too)."""
    if (relaxed := without_trailing_commas(text)) is not None:
        yield relaxed
    if (python := from_python_literal(text)) is not None:
        yield without_trailing_commas(python) or python


def records(text: str, is_record: Any) -> list[dict[str, Any]]:
    """The objects of the first JSON value that holds any ``is_record`` accepts: the value itself, the
    items of a list, or the list under one key of a wrapper object ({"mandrill_events": [...]}); read
    again without trailing commas, then as a Python literal, when the text as it is holds none."""
    found = first_records(text, is_record)
    if not found:
        for relaxed in relaxed_readings(text):
            found = first_records(relaxed, is_record)
            if found:
                break
    return found


def first_records(text: str, is_record: Any) -> list[dict[str, Any]]:
    for value in json_values(text):
        candidates: list[Any] = value if isinstance(value, list) else [value]
        if isinstance(value, dict) and not is_record(value):
            for inner in value.values():
                if isinstance(inner, list):
                    candidates = inner
                    break
        found = [item for item in candidates if isinstance(item, dict) and is_record(item)]
        if found:
            return found
    return []


def objects_where(value: Any, wanted: Callable[[dict[str, Any]], bool], max_depth: int, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The objects in a decoded JSON value that ``wanted`` accepts, however a response or an
    application wraps them (objects and lists, at most ``max_depth`` deep); one accepted is not
    looked into."""
    if depth > max_depth:
        return
    if isinstance(value, dict):
        if wanted(value):
            yield value
            return
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from objects_where(item, wanted, max_depth, depth + 1)


def address(value: object) -> str | None:
    found = ADDRESS_RE.search(value) if isinstance(value, str) else None
    return found.group(0) if found else None


def text_of(value: object) -> str:
    """A field as text: strings as they are, numbers written out, anything else (lists, objects) nothing."""
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def status_in(stated: str, words: str) -> tuple[str | None, re.Match[str] | None]:
    """The status a field of the event states, unless the receiver's words quote one of the same
    class that says more (or the field states none), as in a DSN; and the words' reply-and-status match."""
    found = STATUS_RE.search(stated)
    status = normalise_status(found.group(0)) if found else None
    codes = REPLY_STATUS_RE.search(words)
    if codes:
        said = normalise_status(codes.group(2))
        if status is None or (status[0] == said[0] and is_more_specific(said, status)):
            status = said
    return status, codes


def explained(reply: str, summary: str, meaning: str | None, *, code_within: int = 12) -> str:
    """The words an event gives the catalog: the receiver's reply when a code opens it (a digit within
    its first ``code_within`` characters, past a diagnostic type such as ``smtp;``), else the service's
    summary, what the service's class of the event means in our words, and its own text in brackets."""
    if any(ch.isdigit() for ch in reply[:code_within]):
        return reply
    return summary + (f": {meaning}" if meaning else "") + (f" ({reply})" if reply else "")


def reply_failure(
    recipient: str | None,
    words: str,
    *,
    status: str = "",
    reply: str = "",
    action: str = "failed",
    evidence: list[str],
    remote_host: str | None = None,
    recipient_refused: bool = False,
) -> Failure:
    """A failure from the receiver's words as the event quotes them and the codes the event states
    in fields of its own; a more specific status in the words wins, as in a DSN. ``recipient_refused``:
    the service's own class of the event says the receiver refused the address itself (Mailjet's
    ``error_related_to: recipient``, Postmark's HardBounce …), which is a refusal at RCPT when the
    words name no command; an event is one record, not a report whose silence on the stage means
    the message got further."""
    found_status, codes = status_in(status, words)
    if found_status is None:  # services that keep the reply code apart start the words with the status
        leading = STATUS_RE.match(words.strip())
        found_status = normalise_status(leading.group(0)) if leading else None
    found_reply = reply if len(reply) == 3 and reply[0] in "45" and reply.isdigit() else None
    if found_reply is None and codes:
        found_reply = codes.group(1)
    if found_reply is None:
        # A code opens the reply, or is not the reply's; a diagnostic type glued to it ("smtp;550 …",
        # as Mandrill's diag and Postmark's Details write it) is no part of the reply.
        bare = LEADING_REPLY_RE.search(clean_diagnostic(words)[:20])
        found_reply = bare.group(1) if bare else None
    return Failure(
        recipient=recipient,
        status=found_status,
        reply=found_reply,
        remote_host=remote_host or find_remote_host(words),
        diagnostic=clean_diagnostic(words),
        action=action,
        command=named_command(words) or ("RCPT" if recipient_refused else None),
        evidence=[line for line in evidence if line],
    )
