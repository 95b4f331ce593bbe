"""Outlook's message recall reports: the answer to "Recall This Message", classic ("Message Recall
Failure: …", "Message Recall Success: …", marked ``Content-Class: urn:content-classes:recallreport``)
or cloud-based ("Message Recall Report for message: …", one result per recipient). A recall that
failed ("could not be recalled", "Failed") is no delivery failure: the message was delivered.
So is the recall request itself, which Outlook sends to the recipients of the message taken back:
subject "Recall: <subject>", body "<sender> would like to recall the message, "<subject>"." (real
requests posted to public mailing lists by Outlook 2002 and by Exchange Online, wild set 67).

Read: the recipients the report lists, with "recalled" or "not-recalled" as their action (the
classic report names none: it is sent in the recipient's name, so its From). A request names no
recipient of its own: it goes to everyone the message went to."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, MACHINE_SENDER_RE, Address, Parsed, Source, carries_delivery_report

CONTENT_CLASS = "urn:content-classes:recallreport"
SUBJECT_RE = re.compile(r"^\s*(?:message )?recall (?:report|failure|success)\b", re.IGNORECASE)
PASTED_SUBJECT_RE = re.compile(r"^[ \t]*subject[ \t]*:[ \t]*(?:message )?recall (?:report|failure|success)\b", re.IGNORECASE | re.MULTILINE)
RECIPIENT_LINE_RE = re.compile(r"^\s*recipient\s*:", re.IGNORECASE)
RESULT_LINE_RE = re.compile(r"^\s*(?:recall )?(?:result|status)\s*:\s*(?P<result>\w+)", re.IGNORECASE)
# The request's own sentence, followed by the recalled message's subject in quotes.
REQUEST_NEEDLE = "would like to recall the message"
REQUEST_RE = re.compile(r"would like to recall the message,?[ \t]*[\"“]", re.IGNORECASE)


def recognise(source: Source) -> bool:
    said = source.header("Content-Class").strip().lower() == CONTENT_CLASS or bool(SUBJECT_RE.match(source.header("Subject")))
    # The cloud-based report repeats its title as its first line; a classic report copied from Outlook
    # keeps the title in the "From: / Sent: / To: / Subject:" block above it (as Microsoft's KB 185038
    # quotes one: "Subject: Message Recall Failure:" then "could not be recalled on …").
    said = said or bool(SUBJECT_RE.match(source.text[:1000].lstrip()[:100]))
    said = said or (source.message is None and PASTED_SUBJECT_RE.search(source.text[:1000]) is not None)
    said = said or is_request(source)
    return said and not carries_delivery_report(source)


def is_request(source: Source) -> bool:
    """Outlook's recall request: its sentence opens the body (a list footer or disclaimer may follow)."""
    head = source.text[:1000]
    return REQUEST_NEEDLE in head.lower() and REQUEST_RE.search(head) is not None


def read(source: Source) -> Parsed | None:
    if is_request(source) and not SUBJECT_RE.match(source.header("Subject")):
        return Parsed("recall", [], [])
    addresses: list[Address] = []
    for line in source.text.split("\n"):
        found = ADDRESS_RE.search(line) if RECIPIENT_LINE_RE.match(line) else None
        if found:
            addresses.append(Address(found.group(0)))
            continue
        result = RESULT_LINE_RE.match(line)
        if result and addresses and addresses[-1].action is None:
            addresses[-1].action = "recalled" if result.group("result").lower().startswith("succe") else "not-recalled"
    if not addresses:
        # The classic report lists no address: it comes from the recipient's mailbox, in its name.
        found = ADDRESS_RE.search(source.header("From"))
        if found and not MACHINE_SENDER_RE.search(found.group(0).lower()) and "microsoftexchange" not in found.group(0).lower():
            addresses.append(Address(found.group(0), action=classic_action(source)))
    return Parsed("recall", [], addresses)


def classic_action(source: Source) -> str | None:
    subject = source.header("Subject").lower()
    if "failure" in subject or "could not be recalled" in source.text.lower():
        return "not-recalled"
    return "recalled" if "success" in subject else None
