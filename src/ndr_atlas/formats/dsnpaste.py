"""Delivery-status fields pasted as text: a report copied out of a mail program keeps the
``Final-Recipient:`` / ``Action:`` / ``Status:`` / ``Diagnostic-Code:`` lines of its
message/delivery-status part (RFC 3464 §2.3) but loses the part itself.

The generic scanner reads such a paste line by line, looking for SMTP codes. A local error has no
reply code, so the only line with a code it finds is ``Status: 5.0.0`` and the words are lost:
Postfix writes them in ``Diagnostic-Code: X-Postfix; User unknown in virtual alias table`` (and in
its own text, with no code). Nor does it read ``Action: delayed``. Here the scanner's failures are
kept as they are; each takes its recipient's Action, and one that got no reply code and no words of
its own takes the words of its recipient's Diagnostic-Code, or, when the fields have none (Exim
writes only ``Status: 5.0.0``), the words the report prints under the address above the fields
(``retry time not reached for any host after a long failure period``). Fields that name only
deliveries, relays or expansions make a "delivered" notice.

A recipient's fields are one group (between blank lines, or between two recipients' fields), in any
order: a Status written above the group's Final-Recipient still gives a failure the scanner found a
reply but no status for, and a paste of several groups whose Status or Diagnostic-Code stand above
their recipients is read group by group, the scanner pairing each line with the address above it."""

from __future__ import annotations

import itertools
import re

from ndr_atlas.formats import generic
from ndr_atlas.formats.base import ONE_LABEL_ADDRESS, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.rfc3464 import (
    RECIPIENT_FIELDS,
    delivered_from_field_text,
    failure_from_fields,
    failures_from_field_text,
    field_address,
    field_groups,
    preferred_status,
    recipient_of,
)
from ndr_atlas.formats.words import BARE_STATUS_RE

# Fewer lines than a recipient's Final-Recipient, Action and Status with one field more are no
# paste whose every line stands apart: the lines of a short note may.
MIN_SPACED_LINES = 4

# The first delivery-status field of the paste: the report's own words are above it.
FIRST_FIELD_RE = lazy_re(r"^(?:Reporting-MTA|Arrival-Date|Final-Recipient|Original-Recipient|Action):", re.MULTILINE | re.IGNORECASE)

# A Final-Recipient value that is one "rfc822" address at a one-label host, bare or in one pair of
# angle brackets, nothing else: Postfix names a local recipient at its bare $myhostname or
# "localhost" ("rfc822; zulip@localhost"), and the field is always an address (RFC 3464 2.3.2).
# The scanner, reading prose, takes no address without a dot in its domain.
ONE_LABEL_FINAL_RE = lazy_re(
    r"rfc822[ \t]*;[ \t]*(?:<(?P<angled>" + ONE_LABEL_ADDRESS + r")>|(?P<bare>" + ONE_LABEL_ADDRESS + r"))", re.IGNORECASE
)


def recognise(source: Source) -> bool:
    # Pasted text, or a "message" with no header at all (pasted text read as MIME): a whole message
    # is rfc3464's, or its family's when the fields are written in its text (Bigfoot, Facebook).
    pasted = source.message is None or not source.message.items()
    return pasted and "final-recipient:" in source.text.lower()


def single_spaced(text: str) -> str:
    """The paste as the report wrote it, when a web forum gave each of its lines a paragraph of its
    own (a blank line after every line, pastes on Spectrum's and T-Mobile's community forums): one
    blank line dropped, two or more kept as one, and the indent common to every line (the forum's
    code block) taken off, as it is from a paste whose lines are not spaced. RFC 3464 §2.1
    separates a report's groups of fields with one blank line, so read as they are the fields would
    fall apart, each a group of its own."""
    import textwrap  # only a paste of delivery-status fields needs it: not imported at every run's start

    lines = text.strip("\n").split("\n")
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if len(filled) < MIN_SPACED_LINES or any(later == earlier + 1 for earlier, later in itertools.pairwise(filled)):
        # Single-spaced, but indented as a whole (a Markdown code block, an HTML page's <pre> in its
        # layout: a knowledge-base page's report, a shop's help page): the fields read from column one.
        return textwrap.dedent(text)
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line.strip():
            kept.append(line)
        elif index + 1 < len(lines) and not lines[index + 1].strip() and kept and kept[-1] != "":
            kept.append("")  # the first of two or more blank lines: a blank line the report had
    return textwrap.dedent("\n".join(kept)) + "\n"


def read(source: Source) -> Parsed | None:
    text = single_spaced(source.text)
    fields = {(f.recipient or "").lower(): f for f in failures_from_field_text(text)} or unnamed_fields(text)
    if not fields:
        # Fields that name no failure at all: a delivery, relay or expansion notice pasted with its
        # fields. The scanner would take its "250 2.0.0" lines and words ("does not support DSN") for errors.
        delivered = delivered_from_field_text(text)
        return Parsed("delivered", [], delivered) if delivered else None
    if len(fields) > 1 and codes_before_recipient(text):
        return Parsed("bounce", failures_of_whole_groups(text, fields))
    failures = generic.failures_from_text(text)
    if not failures:
        return None
    above: dict[str, Failure] | None = None  # the report's words above the fields, read when first needed
    others: dict[str, str] | None = None  # the other recipient fields' addresses, read when first needed
    for failure in failures:
        stated = fields.get((failure.recipient or "").lower())
        if stated is None and failure.recipient:
            # The scanner took the address of the line nearest the reply: Sendmail's X-Actual-Recipient
            # (the mailbox after alias expansion) or an Original-Recipient. The report is about its
            # Final-Recipient (RFC 3464 2.3.2), as rfc3464 reads the same fields in a MIME part.
            if others is None:
                others = other_recipients(text)
            final = others.get(failure.recipient.lower())
            if final is not None and final.lower() in fields:
                failure.recipient = final
                stated = fields[final.lower()]
        if stated is None and len(fields) == 1 and len(failures) == 1:
            stated = next(iter(fields.values()))
            if failure.recipient and stated.recipient and stated.recipient.lower() in one_label_final_recipients(text):
                # The scanner cannot read the field's address (no dot in its domain): the one it
                # gave is a guess from elsewhere (the returned original's To:). The field names the
                # recipient the report is about (RFC 3464 2.3.2).
                failure.recipient = stated.recipient
        if stated is None:
            continue
        if failure.recipient is None:
            # The scanner names a recipient only where a line labels it its own way ("rfc822;");
            # the Final-Recipient field's address-type may be any (RFC 3464 §2.3.2: "utf-8", "x400").
            failure.recipient = stated.recipient
        failure.action = stated.action  # "delayed" is said only here
        if failure.status is None and stated.status:
            # The group read whole: its Status written above its Final-Recipient (RFC 3464 sets no
            # order) went to no recipient in the scanner, which pairs a line with the one named above it.
            failure.status = stated.status
        if stated.status and failure.status and stated.status[0] != failure.status[0]:
            # The field is the reporting MTA's verdict for this recipient: Postfix retries a server
            # that greets with a 5XX (smtp_skip_5xx_greeting), so its text quotes "554 5.7.1" while
            # the fields say "Action: delayed" / "Status: 4.7.1".
            failure.status = stated.status
        if failure.reply or not BARE_STATUS_RE.fullmatch(failure.diagnostic.strip()):
            continue  # the server's reply or the report's words are there already
        # No server reply and no words: the Diagnostic-Code's, else the report's above the fields.
        if not stated.diagnostic and above is None:
            above = report_words(text)
        words = stated if stated.diagnostic else words_above(above or {}, failure.recipient, len(fields))
        if words is not None and words.diagnostic:
            failure.diagnostic = words.diagnostic
            failure.evidence += [line for line in words.evidence if line not in failure.evidence]
            if words is not stated:
                # The report's own copy of the server's reply gives the code the fields lack, as a
                # Diagnostic-Code would ("<<< 550 5.7.1 …" over "Status: 5.5.0").
                failure.reply = words.reply
                failure.status = preferred_status(failure.status, words.status)
    return Parsed("bounce", failures)


def unnamed_fields(text: str) -> dict[str, Failure]:
    """The one recipient's fields of a paste whose poster took the address out ("Final-Recipient:
    rfc822; removed by mod", "rfc822;"): its Action still says whether delivery failed or is only
    delayed. Keyed "", the key of a failure the scanner names no recipient for."""
    groups = [group for group in field_groups(text) if "action" in group]
    if len(groups) != 1 or recipient_of(groups[0]) is not None:
        return {}
    action = (groups[0]["action"].split() or [""])[0].lower()
    return {"": failure_from_fields(groups[0], None, action)} if action in ("failed", "delayed") else {}


def one_label_final_recipients(text: str) -> set[str]:
    """The addresses at a one-label host (lower-cased) that a group's Final-Recipient names, its
    value one "rfc822" address alone (ONE_LABEL_FINAL_RE)."""
    found: set[str] = set()
    for group in field_groups(text):
        value = ONE_LABEL_FINAL_RE().fullmatch(group.get("final-recipient", "").strip())
        if value is not None:
            found.add((value.group("angled") or value.group("bare")).lower())
    return found


def other_recipients(text: str) -> dict[str, str]:
    """Each address a group of fields names in another recipient field than its own (lower-cased):
    that group's recipient."""
    others: dict[str, str] = {}
    for group in field_groups(text):
        own = recipient_of(group)
        if own is None:
            continue
        for name in RECIPIENT_FIELDS:
            address = field_address(group.get(name, ""))
            if address and address.lower() != own.lower():
                others.setdefault(address.lower(), own)
    return others


def words_above(above: dict[str, Failure], recipient: str | None, recipients: int) -> Failure | None:
    """The words the report prints for this recipient above its fields: under its address (Exim), or,
    the fields naming one recipient only, the one failure the text names no address for: Sendmail's
    transcript quotes the server ("<<< 550 5.7.1 …") after the host it talked to, not the address
    (savemail.c)."""
    named = above.get((recipient or "").lower())
    if named is None and recipients == 1 and list(above) == [""]:
        return above[""]
    return named


def report_words(text: str) -> dict[str, Failure]:
    """The failures the report's text above its fields names, with the words printed under each."""
    first = FIRST_FIELD_RE().search(text)
    above = text[: first.start()] if first else ""
    return {(f.recipient or "").lower(): f for f in generic.failures_from_text(above)} if above.strip() else {}


# The per-recipient fields that carry a code, which RFC 3464 2.3 lists after the recipient's but does
# not require to come after it (fields are "name: value" lines of a header block, in any order): a
# report or a mail program may write Status and Diagnostic-Code before the Final-Recipient of their
# group. (Exim writes Action first, a field with no code the scanner reads: no matter.)
CODE_FIELDS = frozenset({"status", "diagnostic-code"})


def codes_before_recipient(text: str) -> bool:
    """Some group of the paste writes its Status or Diagnostic-Code before its recipient's field."""
    for group in field_groups(text):
        if not any(name in group for name in RECIPIENT_FIELDS):
            continue  # a group that names no recipient field at all (see unnamed_fields): no order to read
        for name in group:
            if name in RECIPIENT_FIELDS:
                break
            if name in CODE_FIELDS:
                return True
    return False


def failures_of_whole_groups(text: str, fields: dict[str, Failure]) -> list[Failure]:
    """A paste of several groups whose codes come before their group's recipient: the scanner pairs
    each line with the recipient named above it, so a group's Status or Diagnostic-Code would go to
    the group above. Each group (the fields between blank lines, or between two recipients' fields) is read
    whole instead, as the RFC 3464 reader reads a delivery-status part; the report's words above the
    fields give a group with no reply and no words of its own the recipient's reply and words, as they
    do in a paste in the usual order."""
    above = report_words(text)
    failures: list[Failure] = []
    for stated in fields.values():
        words = words_above(above, stated.recipient, len(fields))
        if words is not None and not stated.reply and (not stated.diagnostic or BARE_STATUS_RE.fullmatch(stated.diagnostic.strip())):
            stated.reply = words.reply
            stated.diagnostic = words.diagnostic or stated.diagnostic
            stated.status = preferred_status(stated.status, words.status)
            stated.remote_host = stated.remote_host or words.remote_host
            stated.command = stated.command or words.command
            stated.evidence = [*words.evidence, *(line for line in stated.evidence if line not in words.evidence)]
        failures.append(stated)
    return failures
