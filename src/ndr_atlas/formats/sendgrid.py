"""SendGrid Event Webhook records as JSON (pasted alone, or the body of a mail): a list of events,
each with ``email``, ``event`` and SendGrid's ``sg_event_id`` / ``sg_message_id``. ``bounce``
(``type`` "bounce" or "blocked") carries the receiver's words in ``reason`` and the code in
``status``; ``deferred`` carries them in ``response``; ``dropped`` names SendGrid's own ``reason``
(a suppression list, an invalid address); ``delivered`` and ``spamreport`` are not failures. (Fields
from SendGrid's Event Webhook reference; Sisimai's SendGrid module reads the same ones.) A bounce's
``bounce_classification`` (SendGrid's class of the receiver's reply) and a drop's ``reason`` are
passed on as words; what they mean is the catalog's (``catalog/variants/sendgrid-*.yaml``).
SendGrid's suppression lists, as its API returns them and people paste them, are read too: the
Bounces and Blocks lists (v3 ``GET /v3/suppression/bounces`` and ``/blocks``, the Web API v2's
``bounces.get.json``) hold one object per address with ``email``, ``status``, ``reason`` (the
receiver's reply, or SendGrid's own words when no receiver spoke) and ``created`` (a Unix time in
v3, a date in v2), and no ``event``: each is a recipient SendGrid gave up on. (Fields from
SendGrid's "Retrieve all bounces" / "Retrieve all blocks" v3 references and its v2 Bounces pages.)
The v2 API answers in XML too (``bounces.get.xml``, shown beside the JSON on its Bounces page): a
``<bounces>`` element with one ``<bounce>`` per address holding the same four fields as elements.
SendGrid's mailed bounce is an RFC 3464 report and is read by rfc3464."""

from __future__ import annotations

import re

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import ADDRESS_RE, Address, Failure, Parsed, Source
from ndr_atlas.formats.esp import status_in
from ndr_atlas.formats.words import LEADING_REPLY_RE, clean_diagnostic, find_remote_host, named_command

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

MARKERS = ('"sg_event_id"', '"sg_message_id"')
LISTED_FIELDS = ('"email"', '"reason"', '"status"', '"created"')  # a suppression list's record, all four
MARKER_WINDOW = 20_000
# The v2 XML answer: a <bounces> list of <bounce> elements, each with the four fields as elements.
XML_LIST_RE = re.compile(r"<bounces>\s*<bounce>", re.IGNORECASE)
XML_RECORD_RE = re.compile(r"<bounce>(.{0,4000}?)</bounce>", re.IGNORECASE | re.DOTALL)
# A field's value may hold "<" and ">" (the reader's text has XML's entities read already).
XML_FIELD_RE = re.compile(r"<(email|status|reason|created)>(.{0,2000}?)</\1>", re.IGNORECASE | re.DOTALL)
FAILED_EVENTS = {"bounce": "failed", "dropped": "failed", "deferred": "delayed"}


def recognise(source: Source) -> bool:
    head = source.raw[:MARKER_WINDOW]
    if any(map(head.__contains__, MARKERS)) and '"event"' in head:
        return True
    return all(map(head.__contains__, LISTED_FIELDS)) or bool(XML_LIST_RE.search(head))


def read(source: Source) -> Parsed | None:
    events = find_events(source.text)
    if not events:
        records = esp.records(source.text, is_listed) or xml_records(source.text)
        listed = [listed_failure(r) for r in records]
        return Parsed("bounce", listed) if listed else None
    failures = [failure_of(e) for e in events if str(e.get("event")) in FAILED_EVENTS and ADDRESS_RE.fullmatch(str(e.get("email", "")))]
    if failures:
        return Parsed("bounce", failures)
    reports = [Address(str(e["email"]), feedback_type="abuse") for e in events if e.get("event") == "spamreport" and e.get("email")]
    if reports:
        return Parsed("feedback", [], reports)
    delivered = [Address(str(e["email"]), action="delivered") for e in events if e.get("event") == "delivered" and e.get("email")]
    return Parsed("delivered", [], delivered) if delivered else None


def find_events(text: str) -> list[dict[str, Any]]:
    """The event objects of the first JSON array or object in the text that holds any (esp.records)."""
    return esp.records(text, lambda item: "event" in item)


def failure_of(event: dict[str, Any]) -> Failure:
    kind = str(event.get("event"))
    words = str(event.get("reason") or event.get("response") or "")
    if kind == "dropped":  # SendGrid's own decision, not a receiver's reply
        words = f"SendGrid dropped the message: {words}" if words else "SendGrid dropped the message"
    status, codes = status_in(str(event.get("status") or ""), words)
    reply = codes.group(1) if codes else None
    if reply is None and kind != "dropped":
        bare = LEADING_REPLY_RE.search(words)
        reply = bare.group(1) if bare else None
    if kind == "bounce" and event.get("type") == "blocked":
        words = f"{words} (SendGrid: blocked)"
    evidence = [f"event: {kind}" + (f", type: {event['type']}" if event.get("type") else "")]
    if words:
        evidence.append(words)
    # SendGrid's own class of a bounce or block ("Invalid Address", "Reputation" ...): the catalog's
    # SendGrid variants read it beside the receiver's words (catalog/variants/sendgrid-*.yaml).
    classification = " ".join(str(event.get("bounce_classification") or "").split())
    if kind == "bounce" and classification:
        evidence.append(f"SendGrid bounce classification: {classification}")
    return Failure(
        recipient=str(event["email"]),
        status=status,
        reply=reply,
        remote_host=find_remote_host(words),
        diagnostic=clean_diagnostic(words),
        action=FAILED_EVENTS[kind],
        command=named_command(words),
        evidence=evidence,
    )


def is_listed(item: dict[str, Any]) -> bool:
    """One address of a suppression list: its four fields, no event, an address in ``email``."""
    fields = ("email", "reason", "status", "created")
    return "event" not in item and all(key in item for key in fields) and bool(ADDRESS_RE.fullmatch(str(item["email"]).strip()))


def xml_records(text: str) -> list[dict[str, Any]]:
    """The addresses of a v2 XML list (``<bounces><bounce><email>…``), as the JSON list's records."""
    if not XML_LIST_RE.search(text):
        return []
    import html  # its table of entities costs every run's start more than this reader's whole work: only here

    records = []
    for element in XML_RECORD_RE.finditer(text):
        fields = {m.group(1).lower(): html.unescape(m.group(2).strip()) for m in XML_FIELD_RE.finditer(element.group(1))}
        if is_listed(fields):
            records.append(fields)
    return records


def listed_failure(record: dict[str, Any]) -> Failure:
    """A suppression list's address: the reply SendGrid kept for it (v2 could store a bare reply code as its status)."""
    words = str(record.get("reason") or "").strip()
    status, codes = status_in(str(record.get("status") or ""), words)
    reply = codes.group(1) if codes else None
    if reply is None:
        bare = LEADING_REPLY_RE.search(words)
        reply = bare.group(1) if bare else None
    failure = Failure(
        recipient=str(record["email"]).strip(),
        status=status,
        reply=reply,
        remote_host=find_remote_host(words),
        diagnostic=clean_diagnostic(words) if words else "SendGrid listed the address as bounced",
        action="failed",
        command=named_command(words),
        evidence=[f"SendGrid suppression list: status {record.get('status')}", *([words] if words else [])],
    )
    failure.final = True  # SendGrid lists an address once it stopped trying it: a 4.x.x there is no delay
    return failure
