"""amavisd-new's notices about a message it stopped (its virus, banned-file and spam notifications to
the sender, the recipients and the administrator, and the text part of its own nondelivery report),
read from their own words when no delivery-status part comes with them (a paste, an admin's copy).

Every template of amavisd-new lists the recipients the message was not delivered to under the same
heading, ``The message WAS NOT relayed to:`` (macro ``%N``), each as ``<address>:`` and, indented
on the line below, the SMTP response amavisd-new gave or got for it; its nondelivery report adds
``[host] said:`` after the address when the response came from the MTA it passes mail back to:

    The message WAS NOT relayed to:
    <bob@example.org>:
       250 2.7.0 Ok, discarded, id=01234-05 - INFECTED: Eicar-Test-Signature

The list ends at a blank line or at the template's next heading (``Virus scanner output:``, ``This
nondelivery report was generated …``). amavisd-new's own response to a message it stopped says
"Ok, discarded" with a 2xx code when it drops the message (D_DISCARD: it accepted it from the MTA,
so the code says nothing of the recipient) and "Reject" with a 5xx code when it refuses it; what
follows the id (``- INFECTED: <name>``, ``- BANNED: <name>``, ``- spam``) is the category, which
the catalog reads. A 2xx code is therefore not kept as the failure's code. With its delivery-status
part, rfc3464 reads the report first.

Backed by amavisd-new's templates (template-virus-admin.txt: "The message WAS NOT relayed
to:[\\n%N]", "Virus scanner output:[\\n  %v]"; template-virus-sender.txt) and by its nondelivery
report as the shared corpus holds it (a tune-part report: "The message WAS NOT relayed to:",
"<address>: [127.0.0.1] said:", the MTA's 550 5.1.1 under it)."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, capped_evidence, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

HEADING = "WAS NOT relayed to:"
HEADING_RE = lazy_re(r"^\s*The message WAS NOT relayed to:\s*$", 8)  # re.MULTILINE
# One recipient of the list: "<address>:", or "<address>: [host] said:" in the nondelivery report.
RECIPIENT_RE = lazy_re(r"^\s*<(?P<addr>" + ADDRESS_RE.pattern + r")>:(?:\s+\[(?P<host>[^\]\s]{1,255})\] said:)?\s*$")
# The response under it: an SMTP reply code, then its words.
RESPONSE_RE = lazy_re(r"^\s+(?P<reply>[245]\d\d)[ -]\S")
MAX_RECIPIENTS = 200


def recognise(source: Source) -> bool:
    return HEADING in source.text and HEADING_RE().search(source.text) is not None


def read(source: Source) -> Parsed | None:
    heading = HEADING_RE().search(source.text)
    if heading is None:
        return None
    failures: list[Failure] = []
    lines = source.text[heading.end() :].split("\n")
    index = 0
    while index < len(lines) and len(failures) < MAX_RECIPIENTS:
        line = lines[index]
        if not line.strip():
            if failures:
                break  # a blank line ends the list
            index += 1
            continue
        named = RECIPIENT_RE().match(line)
        if named is None:
            break  # the template's next heading
        response = lines[index + 1] if index + 1 < len(lines) else ""
        if RESPONSE_RE().match(response) is None:
            break
        failures.append(failure_for(named.group("addr"), named.group("host"), response))
        index += 2
    return bounce(failures) if failures else None


def failure_for(address: str, host: str | None, response: str) -> Failure:
    """The failure of one listed recipient: the response's words; its codes only when they are a refusal."""
    failure = failure_from_words(address, [response])
    if failure.reply is not None and failure.reply.startswith("2"):
        failure.reply = None  # amavisd-new's "Ok, discarded": it took the message and dropped it
    if failure.status is not None and failure.status.startswith("2"):
        failure.status = None
    if host is not None:
        failure.remote_host = host
    failure.evidence = capped_evidence([response.strip()])
    return failure
