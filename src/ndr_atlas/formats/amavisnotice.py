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
"<address>: [127.0.0.1] said:", the MTA's 550 5.1.1 under it).

Its notice to the sender of a message it blocked as spam has no such list: "A message from <sender>",
the recipients on a "to:" line (more than one run on, comma-separated, or indented below), a blank
line, "was considered unsolicited bulk e-mail (UBE).", then "Our internal reference code for your
message is …". The message was not delivered to those recipients; the sentence is the catalog's
spam wording. A paste that lost the opening lines still says it, with no recipient. Backed by two
such notices from two docker-mailserver installations as their senders got them (wild set 253: s07
with the opening cut, s08 whole)."""

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
# amavisd-new's spam notice to the sender: its verdict sentence and the template line under it.
UBE = "was considered unsolicited bulk e-mail (UBE)"
UBE_REFERENCE = "Our internal reference code for your message is"
UBE_FROM_RE = lazy_re(r"^[ \t]*A message from <[^<>\n]{0,320}>[ \t]*$", 8)  # re.MULTILINE
UBE_TO_RE = lazy_re(r"^[ \t]*(?:to:[ \t]+)?(?P<list>[^\n]{1,2000})$")
UBE_ADDRESS_RE = lazy_re(r"<?(?P<addr>" + ADDRESS_RE.pattern + r")>?")


def recognise(source: Source) -> bool:
    text = source.text
    if HEADING in text and HEADING_RE().search(text) is not None:
        return True
    return UBE in text and UBE_REFERENCE in text


def read(source: Source) -> Parsed | None:
    heading = HEADING_RE().search(source.text)
    if heading is None:
        return spam_notice(source.text) if UBE in source.text and UBE_REFERENCE in source.text else None
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


def spam_notice(text: str) -> Parsed | None:
    """amavisd-new's notice that it blocked a message as spam: one failure a recipient of its "to:"
    line(s), or one with no recipient when the paste lost them; the verdict sentence is the words."""
    verdict = text.find(UBE)
    if verdict < 0 or text.find(UBE_REFERENCE, verdict) < 0:
        return None
    openings = list(UBE_FROM_RE().finditer(text, 0, verdict))
    opening = openings[-1] if openings else None  # the last "A message from <…>" before the verdict
    recipients: list[str | None] = []
    if opening is not None:
        for line in text[opening.end() : verdict].split("\n"):
            if not line.strip():
                continue
            listed = UBE_TO_RE().match(line)
            addresses = addresses_alone(listed.group("list")) if listed else None
            if not addresses:
                break  # not a line of addresses: the list is over
            recipients.extend(address for address in addresses if address not in recipients)
            if len(recipients) >= MAX_RECIPIENTS:
                break
    line_end = text.find("\n", verdict)
    sentence = text[verdict : line_end if line_end >= 0 else len(text)].strip()
    failures = []
    for recipient in recipients or [None]:
        failure = failure_from_words(recipient, [sentence])
        failure.evidence = capped_evidence([sentence])
        failures.append(failure)
    return bounce(failures)


def addresses_alone(text: str) -> list[str] | None:
    """The addresses of a line that holds nothing else (separated by commas or blanks), else None."""
    found: list[str] = []
    for token in text.replace(",", " ").split():
        named = UBE_ADDRESS_RE().fullmatch(token)
        if named is None:
            return None
        found.append(named.group("addr"))
    return found or None
