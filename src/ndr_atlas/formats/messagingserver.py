"""Oracle Communications (formerly Sun Java System / iPlanet) Messaging Server: the subject
``Delivery Notification: …`` or a MIME boundary ``Boundary_(ID_…)``; after ``This report relates to a
message you sent with the following header fields:`` each failure as indented ``Recipient address:``
(the final address, as a DSN's Final-Recipient; an ``Original address:`` line may follow it), ``Reason:``, ``Diagnostic code: smtp;<reply>`` and ``Remote system:
dns;<host> (TCP|…)`` lines. Its delivery-status part, when present, is read first by rfc3464; this
reads the report's text when the part is missing. (Markers as Sisimai's MessagingServer module
records them.)

The MTA builds each notice from return_prefix.txt (the "This report relates to …" lines) and one
file per delivery status, return_<status>.txt: failed, bounced, timedout, delayed, deferred,
delivered, forwarded (Sun Java System Messaging Server 6 2005Q4 Administration Guide, "To Construct
and Modify Status Notifications"; 6.3 guide 10.10). So the sentence after the header fields says
what became of the recipients listed under it: return_failed.txt's "Your message cannot be delivered
to the following recipients:" and return_bounced.txt's "Your message is being returned." (the
guide's defaults) are failures, but a notice saying the message "has been successfully delivered"
(PMDF's "Delivery Notification: Delivery has been successful") names deliveries, not failures, and
one whose subject says "Delivery has been delayed" names recipients still being tried."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Address, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# return_prefix.txt's sentence, as far as a mail program's wrapping leaves it on one line (the guide
# prints its default over two: "… with the following" / "header fields: %H").
START = "This report relates to a message you sent"
FIELD_RE = lazy_re(r"^\s{1,8}(?P<name>Recipient address|Reason|Diagnostic code|Remote system):\s*(?P<value>.*)$")
REMOTE_RE = lazy_re(r"^dns;\s*(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
# The status sentence of return_<status>.txt, at the start of its line after the header fields.
HEADING_PREFIX = "Your message "
# A notice that the message reached its recipients ("has been successfully delivered to the following
# recipients", return_delivered.txt as PMDF V6 prints it): "has been" with no "not" between.
DELIVERED_RE = lazy_re(r"\bhas been (?:successfully )?delivered\b", re.IGNORECASE)
DELIVERED_SUBJECT = "Delivery Notification: Delivery has been successful"
DELAYED_SUBJECT = "Delivery Notification: Delivery has been delayed"


def recognise(source: Source) -> bool:
    return source.header("Subject").startswith("Delivery Notification: ") or "Boundary_(ID_" in source.header("Content-Type")


def read(source: Source) -> Parsed | None:
    start = source.text.find(START)
    if start < 0:
        return None
    subject = source.header("Subject").strip()
    rows: list[dict[str, str]] = []
    heading = ""
    for line in source.text[start:].split("\n"):
        if line.startswith(HEADING_PREFIX):
            heading = line
            continue
        found = FIELD_RE().match(line)
        if not found:
            continue
        name, value = found.group("name"), found.group("value").strip()
        if name == "Recipient address":
            address = ADDRESS_RE.search(value)
            if address:
                rows.append({"address": address.group(0), "state": state_of(heading, subject)})
        elif rows:
            rows[-1][name] = value
    failures = [failure_of(row) for row in rows if row["state"] != "delivered"]
    delivered = [Address(row["address"], action="delivered") for row in rows if row["state"] == "delivered"]
    if delivered and not failures:
        return Parsed("delivered", [], delivered)
    return bounce(failures)


def state_of(heading: str, subject: str) -> str:
    """What became of the recipients under a status sentence: delivered, delayed or failed (the
    sentence of any other status, or none, as it was read before: a failure)."""
    if DELIVERED_RE().search(heading) or (not heading and subject.startswith(DELIVERED_SUBJECT)):
        return "delivered"
    return "delayed" if subject.startswith(DELAYED_SUBJECT) else "failed"


def failure_of(row: dict[str, str]) -> Failure:
    diagnostic = row.get("Diagnostic code", "").partition(";")[2] or row.get("Diagnostic code", "")
    failure = failure_from_words(row["address"], [diagnostic or row.get("Reason", "")])
    remote = REMOTE_RE().match(row.get("Remote system", ""))
    failure.remote_host = failure.remote_host or (remote.group("host") if remote else None)
    if diagnostic and row.get("Reason"):
        failure.evidence.append(row["Reason"])
    if row["state"] == "delayed":
        failure.action = "delayed"
    return failure
