"""What an admin pastes: the text a mail client shows of a bounce, without its headers or attachments.

Used by ``bench/accuracy.py --as-pasted`` to score the paste box's case on the same corpus: the
human-readable parts of the report (``text/plain``; ``text/html`` reduced to its text when a
message has no plain part), up to the returned original or its headers, which a mail client shows
as an attachment. The delivery-status fields are not visible in Outlook, Gmail or Thunderbird, so
they are left out too: what is scored is what the words of the report alone give.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
from email.message import Message

ATTACHED = ("message/rfc822", "text/rfc822-headers", "message/delivery-status", "message/global-delivery-status")


def visible_text(data: bytes) -> str:
    """The report's readable body as a mail client shows it ('' when it has none)."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    plain: list[str] = []
    markup: list[str] = []
    for part in readable_parts(message):
        text = decoded(part)
        (plain if part.get_content_type() == "text/plain" else markup).append(text)
    if plain:
        return "\n".join(plain)
    return "\n".join(html_to_text(text) for text in markup)


def readable_parts(message: Message) -> list[Message]:
    """The text parts in order, stopping at the first attached original or report part."""
    parts: list[Message] = []
    for part in message.walk():
        kind = part.get_content_type()
        if kind in ATTACHED:
            break
        if kind in ("text/plain", "text/html") and not part.get_filename():
            parts.append(part)
    return parts


def decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:
        return payload.decode("utf-8", "replace")


def html_to_text(markup: str) -> str:
    """The text a mail client shows of an HTML body. Its own, not the parser's ``strip_html``: the
    bench must not hand the parser text shaped by the parser's own assumptions."""
    markup = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</(?:p|div|tr|li|h\d)\s*>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


# How Outlook quotes a mail it forwards inline, in English and in Italian (the rule line and header
# block of Outlook for Windows and Outlook on the web).
FORWARD_HEADS = (
    "Hi, I got this back when I wrote to a customer. Can you check?\n\n"
    "________________________________\nFrom: Mail Delivery System <MAILER-DAEMON@mail.example.net>\n"
    "Sent: Thursday, December 3, 2026 10:12 AM\nTo: Maria Bianchi <maria@example.net>\n"
    "Subject: Undelivered Mail Returned to Sender\n\n",
    "Ciao, mi è tornato indietro questo messaggio, potete controllare?\n\n"
    "-----Messaggio originale-----\nDa: Microsoft Outlook <postmaster@example.net>\n"
    "Inviato: giovedì 3 dicembre 2026 10:12\nA: Maria Bianchi <maria@example.net>\n"
    "Oggetto: Non recapitabile: offerta\n\n",
)


def forwarded_inline(text: str, variant: int) -> str:
    """The pasted report as a user forwards it to the helpdesk, quoted under Outlook's header block."""
    return FORWARD_HEADS[variant % len(FORWARD_HEADS)] + text
