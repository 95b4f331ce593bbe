"""JMAP EmailSubmission objects as JSON (RFC 8621, section 7), pasted alone or in a mail body: what
a JMAP server says of a message it sent, recipient by recipient. ``deliveryStatus`` maps each
recipient address to a DeliveryStatus object: ``smtpReply`` (the last SMTP reply for that recipient,
or the one a DSN gave), ``delivered`` ("queued": still in the server's queue, its reply may change;
"yes"; "no": delivery failed for good; "unknown": relayed on, the end not known) and ``displayed``.
Servers that refuse a recipient while the message is submitted (Stalwart) report it the same way.
The object stands alone, in an ``EmailSubmission/get`` response's ``list`` or in the method
responses around it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ndr_atlas.formats import esp
from ndr_atlas.formats.base import Address, Failure, Parsed, Source

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("deliveryStatus", "smtpReply", "undoStatus", "delivered", "emailId")
MARKER = '"deliveryStatus"'
MAX_DEPTH = 6  # {"methodResponses": [["EmailSubmission/get", {"list": [{…}]}, "0"]]} is four deep


def recognise(source: Source) -> bool:
    return any(text.find(MARKER, 0, esp.MARKER_WINDOW) >= 0 and esp.has_keys(text, KEYS, needed=3) for text in source.payload_texts)


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    delivered: list[Address] = []
    for value in esp.json_values(source.text):
        for submission in submissions(value):
            for recipient, status in submission["deliveryStatus"].items():
                address = esp.address(recipient)
                if address is None or not isinstance(status, dict):
                    continue
                state = esp.text_of(status.get("delivered")).lower()
                reply = esp.text_of(status.get("smtpReply")).strip()
                if state == "no" or (state == "queued" and reply[:1] == "4"):
                    failures.append(failure(address, state, reply))
                elif state == "yes":
                    delivered.append(Address(address, action="delivered"))
        if failures or delivered:
            break
    return esp.outcome(failures, [], delivered)


def submissions(value: Any) -> Iterator[dict[str, Any]]:
    """The objects with a ``deliveryStatus`` map in the value, however the response wraps them."""
    return esp.objects_where(value, lambda item: isinstance(item.get("deliveryStatus"), dict), MAX_DEPTH)


def failure(address: str, state: str, reply: str) -> Failure:
    # "queued" with a 4xx reply: the server is still trying; "no": it gave up or was refused.
    words = reply or "JMAP: delivery to this recipient failed (delivered: no), no SMTP reply given"
    evidence = [f'deliveryStatus "{address}": delivered: {state}', f"smtpReply: {reply}" if reply else ""]
    return esp.reply_failure(address, words, action="failed" if state == "no" else "delayed", evidence=evidence)
