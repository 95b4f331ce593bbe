"""Oracle Communications (formerly Sun Java System / iPlanet) Messaging Server: the subject
``Delivery Notification: …`` or a MIME boundary ``Boundary_(ID_…)``; after ``This report relates to a
message you sent with the following header fields:`` each failure as indented ``Recipient address:``
(the final address, as a DSN's Final-Recipient; an ``Original address:`` line may follow it), ``Reason:``, ``Diagnostic code: smtp;<reply>`` and ``Remote system:
dns;<host> (TCP|…)`` lines. Its delivery-status part, when present, is read first by rfc3464; this
reads the report's text when the part is missing. (Markers as Sisimai's MessagingServer module
records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

START = "This report relates to a message you sent with the following header fields:"
FIELD_RE = lazy_re(r"^\s{1,8}(?P<name>Recipient address|Reason|Diagnostic code|Remote system):\s*(?P<value>.*)$")
REMOTE_RE = lazy_re(r"^dns;\s*(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def recognise(source: Source) -> bool:
    return source.header("Subject").startswith("Delivery Notification: ") or "Boundary_(ID_" in source.header("Content-Type")


def read(source: Source) -> Parsed | None:
    start = source.text.find(START)
    if start < 0:
        return None
    rows: list[dict[str, str]] = []
    for line in source.text[start:].split("\n"):
        found = FIELD_RE().match(line)
        if not found:
            continue
        name, value = found.group("name"), found.group("value").strip()
        if name == "Recipient address":
            address = ADDRESS_RE.search(value)
            if address:
                rows.append({"address": address.group(0)})
        elif rows:
            rows[-1][name] = value
    failures = [failure_of(row) for row in rows]
    return bounce(failures)


def failure_of(row: dict[str, str]) -> Failure:
    diagnostic = row.get("Diagnostic code", "").partition(";")[2] or row.get("Diagnostic code", "")
    failure = failure_from_words(row["address"], [diagnostic or row.get("Reason", "")])
    remote = REMOTE_RE().match(row.get("Remote system", ""))
    failure.remote_host = failure.remote_host or (remote.group("host") if remote else None)
    if diagnostic and row.get("Reason"):
        failure.evidence.append(row["Reason"])
    return failure
