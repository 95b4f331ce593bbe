"""Microsoft Graph message resources as JSON: what an application that reads a mailbox through
Graph's ``/messages`` endpoint logs, stores or prints of a report it fetched, pasted alone or in a
mail body. The report travels whole in the message's ``body`` (an itemBody: ``contentType``
"text" or "html", and the ``content``), beside its ``subject`` and its ``from`` / ``sender``
recipients (``{"emailAddress": {"name": …, "address": …}}``), as Microsoft's reference pages
"message resource type", "itemBody resource type" and "recipient resource type" define them. A
list response carries the messages in ``value``; an application may print the list alone.

Each message is read as the mail it stands for (its From, its Subject, its body as a part of that
content type) by the readers that read mail, so a Postfix, Exchange or Gmail notice fetched through
Graph gives what the notice itself gives. ``bodyPreview`` (the first 255 characters) is no report.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextvars import ContextVar

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Failure, Parsed, Source, normalise_newlines, read_nested_at_most

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

# The message's own keys Graph always returns: two at least beside the body's (a fetched message).
KEYS = ("subject", "bodyPreview", "internetMessageId", "receivedDateTime", "sentDateTime", "toRecipients", "parentFolderId")
BODY_MARKER = '"contentType"'
MAX_DEPTH = 4  # {"value": [{…}]} and an application's own wrapper around it
MAX_MESSAGES = 20
# Each body is read by every reader, this one among them: a body that is Graph JSON again (an
# application that mails its own log) is read, one nested deeper is not. Every level reads its whole
# text again, and a paste nesting hundreds (quotes escaped as \u0022, which grows the text only
# linearly) cost minutes and ran into the recursion limit.
MAX_NESTING = 2
NESTING: ContextVar[int] = ContextVar("graphmessage_nesting", default=0)


def recognise(source: Source) -> bool:
    return any(text.find(BODY_MARKER, 0, esp.MARKER_WINDOW) >= 0 and esp.has_keys(text, KEYS, needed=2) for text in source.payload_texts)


def read(source: Source) -> Parsed | None:
    return read_nested_at_most(NESTING, MAX_NESTING, read_messages, source)


def read_messages(source: Source) -> Parsed | None:
    from ndr_atlas.parse import parse_message  # the readers of mail, asked of each message: not at import (a cycle)

    failures: list[Failure] = []
    other: Parsed | None = None
    # The input as it came (``payload_texts``), not ``source.text``: an HTML body's tags in the JSON
    # would make that a paste of HTML, its "<bob@example.org>" dropped as a tag.
    for text in source.payload_texts:
        for value in esp.json_values(text):
            for message in itertools.islice(messages(value), MAX_MESSAGES):
                parsed = parse_message(as_mail(message))
                if parsed.failures:
                    failures.extend(parsed.failures)
                elif other is None and parsed.kind != "not-bounce":
                    other = parsed
            if failures or other is not None:
                break
        if failures or other is not None:
            break
    if failures:
        return Parsed("bounce", failures)
    return other


def messages(value: Any) -> Iterator[dict[str, Any]]:
    """The objects in the value with a message body (an itemBody with text content)."""
    return esp.objects_where(value, is_message, MAX_DEPTH)


def is_message(value: dict[str, Any]) -> bool:
    body = value.get("body")
    return isinstance(body, dict) and isinstance(body.get("content"), str) and ("subject" in value or "from" in value)


def as_mail(message: dict[str, Any]) -> str:
    """The message as RFC 5322 text: From, Subject, the body's type, the body."""
    body = message["body"]
    html = esp.text_of(body.get("contentType")).lower() == "html"
    lines = []
    sender = message.get("from") or message.get("sender")
    mailbox = sender.get("emailAddress") if isinstance(sender, dict) else None
    if isinstance(mailbox, dict):
        name = one_line(esp.text_of(mailbox.get("name")))
        address = one_line(esp.text_of(mailbox.get("address")))
        if address:
            lines.append(f"From: {name} <{address}>" if name and name != address else f"From: <{address}>")
    subject = one_line(esp.text_of(message.get("subject")))
    if subject:
        lines.append(f"Subject: {subject}")
    lines += ["MIME-Version: 1.0", f"Content-Type: text/{'html' if html else 'plain'}; charset=utf-8", "", ""]
    return "\n".join(lines) + normalise_newlines(body["content"])


def one_line(value: str) -> str:
    return " ".join(value.split())
