"""Amazon SES notifications as JSON (bounce, delivery delay, reject, complaint, delivery), in a
mail body (SNS e-mail subscriptions, with or without SNS's own envelope) or pasted alone.

Layout from Amazon's "Amazon SNS notification contents for Amazon SES" and "Contents of event data
that Amazon SES publishes": a top-level object with ``notificationType`` (``eventType`` under event
publishing) and a ``bounce``, ``deliveryDelay``, ``reject``, ``complaint`` or ``delivery`` object;
SNS wraps it as a JSON string in ``Message``. A bounce lists ``bouncedRecipients`` (``emailAddress``,
and when the receiver sent a DSN ``status``, ``action``, ``diagnosticCode``); ``bounceType`` /
``bounceSubType`` say what SES made of it. A delivery delay (event publishing only) lists
``delayedRecipients`` of the same shape, with a ``delayType``; a reject (SES found a virus and sent
nothing) names only its ``reason``, the recipients being the ``mail`` object's ``destination``.
``reportingMTA`` names the receiver's host when the receiver sent a DSN, and one of SES's own
``*.amazonses.com`` hosts when SES wrote the bounce; ``remoteMtaIp`` is the receiver's address.
People often paste only the inner object (``"bounce": {...}``, cut out of a log or a webhook
payload): its ``bouncedRecipients`` / ``delayedRecipients`` / ``complainedRecipients`` list names
the type just as well.
One text can hold several notifications: Amazon's Firehose destination writes the event records one
after another ("follows each JSON record with a newline character", from "Contents of event data that
Amazon SES publishes to Firehose"), and a log or a test fixture keeps them in a JSON array. Every
notification in the text counts; the same failure written twice is one.
Printed by JavaScript or Python (Node's ``util.inspect`` of an SNS envelope, a ``repr``), the JSON of
``Message`` sits in a single-quoted string with each of its ``'`` written ``\\'``: read as ``'``. SES of
2012 wrote its diagnostics as Cisco AsyncOS does (``smtp; 5.1.2 - Bad destination host '…'``, a reply
code quoted after the words: ``550-'…'``); its own status there says more than ``5.0.0``.
"""

from __future__ import annotations

import json

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import ADDRESS_RE, Address, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.esp import status_in, without_trailing_commas
from ndr_atlas.formats.ironport import OWN_STATUS_RE, quoted_reply
from ndr_atlas.formats.words import clean_diagnostic, find_remote_host, is_more_specific, named_command

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

# (Opened by the quote, not by the backslash that may stand before it: only asked yes or no, the
# search finds a marker all the same, and the regex engine skips from quote to quote.)
MARKER_RE = lazy_re(r'"(?:notificationType|eventType|bouncedRecipients|delayedRecipients|complainedRecipients)\\?"\s*:')
# The inner object pasted alone: which list it carries says which notification it belongs to.
INNER_KINDS = {"bouncedRecipients": "Bounce", "delayedRecipients": "DeliveryDelay", "complainedRecipients": "Complaint"}
REPLY_RE = lazy_re(r"(?:^|;)\s*([45]\d\d)\b")
# A notification printed by JavaScript or Python (Node's util.inspect of an SNS envelope, a repr)
# keeps the JSON of ``Message`` in a single-quoted string, where each ' of the JSON is written \'
# (ECMAScript's and Python's string-literal escapes); JSON has no such escape. An even run of
# backslashes before it is escaped backslashes, not part of it.
QUOTE_ESCAPE_RE = lazy_re(r"(?<!\\)((?:\\\\)*)\\'")
# What SES's bounce sub-types mean, in our words (from the bounce-types table of Amazon's guide):
# the catalog reads these words when the receiver sent no DSN of its own.
SUBTYPE_WORDS = {
    "noemail": "the address does not exist",
    "suppressed": "the address is on the Amazon SES suppression list after recent hard bounces",
    "onaccountsuppressionlist": "the address is on the account's suppression list",
    "mailboxfull": "the recipient has a full mailbox",
    "messagetoolarge": "the message is too large for the recipient's server",
    "contentrejected": "the recipient's server rejected the message content",
    "attachmentrejected": "the recipient's server rejected an attachment of the message",
}
# What SES's delay types mean (from the event-data reference), likewise.
DELAY_WORDS = {
    "internalfailure": "an internal Amazon SES problem delays the message",
    "general": "a generic failure occurred during the SMTP conversation",
    "mailboxfull": "the recipient's mailbox is full",
    "spamdetected": "the recipient's server answered that the message looks like spam",
    "recipientservererror": "the recipient's server has a temporary problem",
    "ipfailure": "the recipient's provider blocks or throttles the sending IP address",
    "transientcommunicationfailure": "a temporary communication failure with the recipient's server",
    "byoiphostnamelookupunavailable": "Amazon SES could not look up the DNS host name of the sending IP address",
    "undetermined": "Amazon SES could not determine the reason for the delay",
    "sendingdeferral": "Amazon SES deferred sending internally",
}
# How many "{" that open no notification to try before giving up: the notifications are the body,
# not buried in prose.
MAX_TRIES = 20
# How many notifications one text may hold (a Firehose file, a pasted log): the rest are left unread.
MAX_NOTIFICATIONS = 500


# The notification is the body: its type comes within the first few kilobytes (after SNS's envelope fields).
MARKER_WINDOW = 20_000


def recognise(source: Source) -> bool:
    # The raw message first (cheap); its decoded text when a relay re-encoded the body (base64, QP).
    return has_marker(source.raw) or (source.message is not None and has_marker(source.text))


def has_marker(text: str) -> bool:
    if all(text.find(word, 0, MARKER_WINDOW) < 0 for word in ("tionType", "eventType", "Recipients")):
        return False  # a literal test spares most messages the pattern
    return bool(MARKER_RE().search(text, 0, MARKER_WINDOW))


def read(source: Source) -> Parsed | None:
    notifications = find_notifications(source.text)  # capped at MAX_TEXT_CHARS, like every reader's text
    if not notifications and (relaxed := without_trailing_commas(source.text)) is not None:
        notifications = find_notifications(relaxed)  # a Python or JavaScript literal of them
    if not notifications and (unescaped := without_quote_escapes(source.text)) is not None:
        notifications = find_notifications(unescaped)  # printed by JavaScript or Python: \' in the JSON
        if not notifications and (relaxed := without_trailing_commas(unescaped)) is not None:
            notifications = find_notifications(relaxed)
    failures: dict[tuple[object, ...], Failure] = {}
    for notification in notifications:
        for failure in notification_failures(notification):
            key = (failure.recipient, failure.status, failure.reply, failure.diagnostic, failure.action)
            failures.setdefault(key, failure)  # a notification sent (or pasted) twice is one failure
    if failures:
        return bounce(list(failures.values()))
    # No failure anywhere: the first complaint or delivery says what the text is, with the addresses
    # of every notification of that kind.
    kinds = [kind_of(notification) for notification in notifications]
    first = next((kind for kind in kinds if kind in ("complaint", "delivery")), None)
    if first is None:
        return None
    addresses = [
        a for notification, kind in zip(notifications, kinds, strict=True) if kind == first for a in addresses_of(notification, kind)
    ]
    return Parsed("feedback" if first == "complaint" else "delivered", [], addresses)


def without_quote_escapes(text: str) -> str | None:
    """The text with each string-literal escape \\' written as a plain ', or None when it has none."""
    if "\\'" not in text:
        return None
    relaxed = QUOTE_ESCAPE_RE().sub(r"\1'", text)
    return relaxed if relaxed != text else None


def kind_of(notification: dict[str, Any]) -> str:
    """The notification's type in lower case ("bounce", "deliverydelay", "complaint" ...), if its object is there."""
    kind = str(notification.get("notificationType") or notification.get("eventType") or "").lower()
    key = {"deliverydelay": "deliveryDelay"}.get(kind, kind)
    return kind if isinstance(notification.get(key), dict) else ""


def notification_failures(notification: dict[str, Any]) -> list[Failure]:
    """The failed or delayed recipients of one bounce, delivery delay or reject notification."""
    kind = kind_of(notification)
    if kind == "bounce":
        return bounce_failures(notification["bounce"])
    if kind == "deliverydelay":
        return delay_failures(notification["deliveryDelay"])
    if kind == "reject":
        return reject_failures(notification["reject"], notification.get("mail"))
    return []


def addresses_of(notification: dict[str, Any], kind: str) -> list[Address]:
    """Who complained (with the feedback type), or who got the message, in a complaint or delivery notification."""
    if kind == "complaint":
        complaint = notification["complaint"]
        feedback = str(complaint.get("complaintFeedbackType") or "") or None
        people = [r.get("emailAddress") for r in listed(complaint, "complainedRecipients")]
        return [Address(a, feedback_type=feedback) for a in people if a and isinstance(a, str)]
    recipients = notification["delivery"].get("recipients")
    # A list of addresses; anything else (a number, an object) names no one and must not stop the others.
    return [Address(a, action="delivered") for a in recipients if isinstance(a, str)] if isinstance(recipients, list) else []


def find_notifications(text: str) -> list[dict[str, Any]]:
    """The JSON objects in the text that are SES notifications (or SNS's envelopes of them), in order."""
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    misses = 0
    start = text.find("{")
    while start >= 0 and misses < MAX_TRIES and len(found) < MAX_NOTIFICATIONS:
        try:
            value, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):  # broken, or nested too deep (as esp.json_values skips them)
            misses += 1
            start = text.find("{", start + 1)
            continue
        if isinstance(value, dict) and isinstance(value.get("Message"), str):
            try:  # SNS: the notification is a JSON string inside
                value = json.loads(value["Message"])
            except (ValueError, RecursionError):  # a broken envelope: the ones after it still count
                misses += 1
                start = text.find("{", end)
                continue
        notification = None
        if isinstance(value, dict) and ("notificationType" in value or "eventType" in value):
            notification = value
        elif isinstance(value, dict):
            notification = inner_notification(value)
        if notification is None:
            misses += 1
            start = text.find("{", start + 1)
            continue
        found.append(notification)
        start = text.find("{", end)  # the next one starts after this one
    return found


def inner_notification(value: dict[str, Any]) -> dict[str, Any] | None:
    """A ``bounce`` / ``deliveryDelay`` / ``complaint`` object pasted without its envelope, wrapped as SES would."""
    for key, kind in INNER_KINDS.items():
        if isinstance(value.get(key), list):
            return {"notificationType": kind, kind[0].lower() + kind[1:]: value}
    return None


def listed(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = obj.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def bounce_failures(event: dict[str, Any]) -> list[Failure]:
    bounce_type = str(event.get("bounceType") or "")
    subtype = str(event.get("bounceSubType") or "")
    words = SUBTYPE_WORDS.get(subtype.lower())
    summary = f"Amazon SES: {bounce_type or 'Undetermined'} bounce, {subtype or 'Undetermined'}" + (f": {words}" if words else "")
    return [recipient_failure(row, event, summary, "failed") for row in listed(event, "bouncedRecipients")]


def delay_failures(delay: dict[str, Any]) -> list[Failure]:
    delay_type = str(delay.get("delayType") or "")
    words = DELAY_WORDS.get(delay_type.lower())
    summary = f"Amazon SES: delivery delayed, {delay_type or 'Undetermined'}" + (f": {words}" if words else "")
    until = str(delay.get("expirationTime") or "")
    summary += f"; SES keeps trying until {until}" if until else ""
    return [recipient_failure(row, delay, summary, "delayed") for row in listed(delay, "delayedRecipients")]


def reject_failures(reject: dict[str, Any], mail: object) -> list[Failure]:
    """SES refused to send the message at all (it found a virus): every destination failed, no receiver spoke."""
    reason = str(reject.get("reason") or "")
    summary = "Amazon SES rejected the message and did not send it: it contains a virus" + (f" ({reason})" if reason else "")
    destinations = mail.get("destination") if isinstance(mail, dict) else None
    addresses = [ADDRESS_RE.search(str(a)) for a in destinations] if isinstance(destinations, list) else []
    found: list[str | None] = [a.group(0) for a in addresses if a]
    found = found or [None]  # no destination listed: the failure still stands
    return [Failure(recipient=address, diagnostic=summary, evidence=[summary]) for address in found]


def recipient_failure(row: dict[str, Any], event: dict[str, Any], summary: str, action: str) -> Failure:
    """One recipient of a bounce or delay: the receiver's own DSN words when SES relays them, else SES's summary."""
    found = ADDRESS_RE.search(str(row.get("emailAddress") or ""))
    diagnostic = str(row.get("diagnosticCode") or "")
    status, codes = status_in(str(row.get("status") or ""), diagnostic)  # the receiver's own code says more than the summary
    own = OWN_STATUS_RE().match(diagnostic.partition(";")[2].strip() if ";" in diagnostic else diagnostic.strip())
    if codes is None and own is not None:  # SES of 2012 (AsyncOS): "smtp; 5.1.2 - Bad destination host '…'"
        said = normalise_status(own.group(1))
        if status is None or (status[0] == said[0] and is_more_specific(said, status)):
            status = said
    reply = codes.group(1) if codes else None
    if reply is None:
        bare = REPLY_RE().search(diagnostic)
        # SES of 2012 wrote its diagnostics as Cisco AsyncOS does: "smtp; 5.1.0 - Unknown address error 550-'…'".
        reply = bare.group(1) if bare else quoted_reply(diagnostic)
    reporting = str(event.get("reportingMTA") or "").partition(";")[2].strip() or None
    if reporting is not None and reporting.lower().rstrip(".").endswith("amazonses.com"):
        reporting = None  # SES's own sending host, not the receiver
    remote_ip = str(event.get("remoteMtaIp") or "") or None
    return Failure(
        recipient=found.group(0) if found else None,
        status=status,
        reply=reply,
        remote_host=(find_remote_host(diagnostic) or reporting or remote_ip) if diagnostic else None,
        diagnostic=clean_diagnostic(diagnostic) if diagnostic else summary,
        # A Bounce notification means SES stopped trying, whatever Action the receiver's DSN wrote
        # (a relay's "delayed" copied into a Transient bounce); a delay has its own DeliveryDelay event.
        action=action,
        command=named_command(diagnostic),
        evidence=[summary, *([f"diagnosticCode: {diagnostic}"] if diagnostic else [])],
    )
