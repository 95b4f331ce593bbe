"""RFC 3464 delivery status notifications: the per-recipient fields of every
``message/delivery-status`` part (Final-Recipient, Action, Status, Diagnostic-Code, Remote-MTA),
completed with what the report's text says of the same recipient. Asked right after the readers of
mails that only look like reports (feedback, receipts, auto-replies …) and before almost every reading of
words: when a report carries these fields, they are the most exact statement of what failed."""

from __future__ import annotations

import re

from ndr_atlas.codes import REPLY_STATUS_RE, STATUS_RE, normalise_status
from ndr_atlas.formats import generic
from ndr_atlas.formats.base import (
    ADDRESS_RE,
    ONE_LABEL_ADDRESS,
    Address,
    Failure,
    MimePart,
    Parsed,
    Source,
    decode_bytes,
    failed_recipients_header,
    normalise_newlines,
    report_parts,
)
from ndr_atlas.formats.ironport import quoted_reply
from ndr_atlas.formats.returned import original_addressee
from ndr_atlas.formats.words import clean_diagnostic, enrich, find_remote_host, is_more_specific, mta_name, named_command

# Where a notice's own words end and the returned original begins, at the latest.
MAX_TEXT_DIAGNOSTIC_CHARS = 20_000
DIAGNOSTIC_REPLY_RE = re.compile(r"(?:^|;)\s*([45]\d\d)\b")
# Exchange's PidTagSupplementaryInfo ([MS-OXCMAIL] 2.2.3.7.1.2), written "<remote-mta #5.1.1 smtp;550 5.1.1 …>":
# the property of a .msg or winmail.dat report (msg.py, tnef.py), and the same value as the
# "X-Supplementary-Info:" field of the DSNs Exchange and Hotmail write ("< #5.5.0 smtp;550 Requested action
# not taken: mailbox unavailable (…)>" with no Diagnostic-Code, "< #2.0.0>" in a delivered one). grommunio's
# gromox writes the DSN's Remote-MTA value as it stands, with its type: "<dns; mx.example #5.1.1 smtp; 550 …>"
# (oxcmail.cpp, oxcmail_enum_dsn_rcpt_fields). Matched inside the angle brackets, the text to the end.
SUPPLEMENTARY_RE = re.compile(
    r"\s*(?:[A-Za-z][\w-]*\s*;\s*)?(?P<mta>[^\s#<>;]*)\s*#(?P<status>[245]\.\d{1,3}\.\d{1,3})(?:\s+(?P<diag>.*))?", re.DOTALL
)
# A notice that writes the server's reply in its text part and no Diagnostic-Code in its delivery-status
# part (the Mirapoint-style "Mail Delivery Service" template): "- SMTP protocol diagnostic: 550 <…>…" below
# the recipient's "<address>; Action: Failed; Status: 5.3.0 (…)" line, or "Remote MTA mx.example.org: SMTP
# diagnostic: 552 RCPT TO:<…> Mailbox disk quota exceeded" under it. Read only for a report of one failed
# recipient whose fields gave no words (X-Supplementary-Info, the other stand-in, comes first), and only
# when the text quotes one such reply.
TEXT_DIAGNOSTIC_MARK_RE = re.compile(r"\bSMTP (?:protocol )?diagnostic:", re.IGNORECASE)
# The reply runs on over the lines a mail program wrapped it to, up to the blank line below it.
TEXT_DIAGNOSTIC_RE = re.compile(
    r"\bSMTP (?:protocol )?diagnostic:[ \t]*(?P<said>(?P<reply>[45][0-5]\d)\b[^\n]*(?:\n[ \t]*\S[^\n]*){0,3})", re.IGNORECASE
)
BLANK_LINE_RE = re.compile(r"\n\s*\n")

DSN_TYPES = ("message/delivery-status", "message/global-delivery-status")
# Actions that are no failure: RFC 3464's delivered, relayed and expanded, and Postfix's
# "deliverable", the answer of an address verification (sendmail -bv, Postfix's sent.c).
NOT_FAILED_ACTIONS = ("delivered", "relayed", "expanded", "deliverable")
REPORT_TYPES = ("delivery-status", "global-delivery-status")
# The Action value as its first word (RFC 3464 2.3.3: failed, delayed, delivered, relayed, expanded),
# with the variants reporters write: "failure" for failed (Sisimai's RFC1894 module corrects it so),
# "expired" (read as a queue that gave up, see reasons.py) and Postfix's "deliverable". Any other value
# ("fail", "bounced") says nothing Sisimai trusts: it keeps no Action then and calls a group whose status
# is of class 4 or 5 "failed" (Sisimai::Fact), so the status decides here too.
ACTION_RE = re.compile(r"(failed|delayed|delivered|relayed|expanded|expired|deliverable|failure)\b")
ACTION_VARIANTS = {"failure": "failed"}
# Where a group names its recipient, in order: the address as the reporting MTA had it, the one the
# sender gave (RFC 3461 ORCPT), and Sendmail's address after alias expansion when the final one is a
# program or a file ("Final-Recipient: X-Unix; |/usr/bin/procmail").
RECIPIENT_FIELDS = ("final-recipient", "original-recipient", "x-actual-recipient")
# A group starts again when one of these comes a second time: reports that leave out the blank line
# between recipients (RFC 3464 2.1 asks for it) still name each one.
GROUP_FIELDS = frozenset({"final-recipient", "original-recipient", "action", "status"})
# RFC 6533 3: a non-ASCII character of a "utf-8" address written as "\x{HEX}" (in xtext and unitext).
UNITEXT_ESCAPE_RE = re.compile(r"\\x\{([0-9A-Fa-f]{1,6})\}")
# RFC 3461 5: the two printable characters that xtext must encode ("+" and "="), as ORCPT carries them.
XTEXT_ESCAPE_RE = re.compile(r"\+(2B|3D)")
# An internationalised address (RFC 6531) as a DSN field holds it, alone: any local part without
# blanks or delimiters. Only the field's value is searched, never a report's prose.
UTF8_ADDRESS_RE = re.compile(r"[^\s<>@;,:\"()\[\]]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
# A character of an unquoted local part (RFC 5322 atext and the dot), as ADDRESS_RE reads one.
LOCAL_PART_CHAR_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]")
LOCAL_PART_MAX = 64  # the longest local part ADDRESS_RE takes (RFC 5321 4.5.3.1.1)
# The longest local part read whole beyond that: a header line holds at most 998 characters (RFC
# 5322 2.1.1), and a local part is not folded. RFC 5321's 256-octet path is exceeded by the X.400
# names gateways write (a 370-character one in a public test report of the RIPE database's mail
# handling); a longer run is no address at all, and is not copied into the result.
LONG_LOCAL_PART_MAX = 998
# RFC 3464 2.3.2: the field holds the address the reporting MTA had, a host of a local network with
# a one-label name among them ("rfc822; x@x-laptop", "rfc822; root@backup"). Only a field whose whole
# value is that one address is read so; in prose such a word is no address. A bracket left unclosed
# by a cut paste still leaves the address readable.
LOCAL_ADDRESS_RE = re.compile(r"\s*(?:rfc822|utf-8)\s*;\s*<?(" + ONE_LABEL_ADDRESS + r")>?\s*", re.IGNORECASE)

# Exim writes the address the sender used as each recipient's Final-Recipient (deliver.c,
# print_dsn_addr_action, walks up to the top parent), while its text and X-Failed-Recipients name
# the address an alias or a .forward made of it, the one that failed: "  bob@example.net" over
# "    (generated from info@example.org)" ("ultimately generated from" past one level). Sisimai's
# Exim module reads the text's address as the recipient and the other as its alias.
GENERATED_FROM = "generated from"
GENERATED_FROM_RE = re.compile(
    r"^[ \t]+<?(?P<child>"
    + ADDRESS_RE.pattern
    + r")>?[ \t]*\n[ \t]+\((?:ultimately )?generated from <?(?P<parent>"
    + ADDRESS_RE.pattern
    + r")>?\)",
    re.MULTILINE,
)
# The same block when the addresses belong to a one-label host ("  debian@localhost" / "    (generated
# from root@localhost)" / "    Unrouteable address"): Debian's Exim on a machine named "localhost" or
# "lang" writes them so, and no address pattern of the text reader takes a domain without a dot. Read
# only for a Final-Recipient that is such an address, whose failure the text did not otherwise explain.
LOCAL_PART = r"[^\s<>@;,:\"()\[\]]{1,64}"
ONE_LABEL_DOMAIN = r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
LOCAL_GENERATED_FROM_RE = re.compile(
    r"^[ \t]+<?(?P<child>"
    + LOCAL_PART
    + ONE_LABEL_DOMAIN
    + r")>?[ \t]*\n[ \t]+\((?:ultimately )?generated from <?(?P<parent>"
    + LOCAL_PART
    + ONE_LABEL_DOMAIN
    + r")>?\)",
    re.MULTILINE,
)
# Exim's heading over the failed addresses, and how many lines under one may be its words.
EXIM_FAILED_HEADING = "following address(es) failed"
MAX_EXIM_BLOCK_LINES = 12


def failures_from_dsn(message: MimePart) -> tuple[list[Failure], list[Address], bool]:
    """Per-recipient fields of every message/delivery-status part: the failures, and the recipients
    delivered, relayed or expanded."""
    failures: list[Failure] = []
    delivered: list[Address] = []
    saw_delivered = False  # a delivered row may name no address: the report is still "delivered"
    by_recipient: dict[str, int] = {}  # lower-cased address: its index in failures
    seen_delivered: set[str] = set()
    # A report forwarded as an attachment is read by ndr_atlas.forwarded, not here.
    for part in status_parts(message):
        for fields in delivery_status_groups(part):
            address = recipient_of(fields)
            action = action_of(fields)
            if action in NOT_FAILED_ACTIONS:
                if address and address.lower() not in seen_delivered:
                    seen_delivered.add(address.lower())
                    delivered.append(Address(address, action=action))
                saw_delivered = True
                continue
            failure = failure_from_fields(fields, address, action)
            # The same recipient twice (two delivery-status parts, a repeated group): the more exact status stays.
            at = by_recipient.get(address.lower()) if address else None
            if at is None:
                if address:
                    by_recipient[address.lower()] = len(failures)
                failures.append(failure)
            elif failure.status and (failures[at].status is None or is_more_specific(failure.status, str(failures[at].status))):
                failures[at] = failure
    return failures, delivered, saw_delivered


def status_parts(message: MimePart) -> list[MimePart]:
    """The delivery-status parts of a report (not of the messages attached to it). A multipart/report
    of report-type delivery-status whose second part, the machine-readable one (RFC 6522), is
    labelled text/plain gives that part."""
    parts = [part for part in report_parts(message) if part.get_content_type() in DSN_TYPES]
    if parts:
        return parts
    for part in report_parts(message):
        if part.get_content_type() == "multipart/report" and str(part.get_param("report-type", "")).lower() in REPORT_TYPES:
            children = part.get_payload()
            if isinstance(children, list) and len(children) > 1 and children[1].get_content_type() == "text/plain":
                parts.append(children[1])
    return parts


def action_of(fields: dict[str, str]) -> str:
    """The group's Action ("failed (permanent)" reads as "failed", "failure" as "failed"). With none, or
    one outside RFC 3464's list ("Action: fail"), a success status (class 2, RFC 3463) says delivered;
    anything else is taken for a failure."""
    stated = ACTION_RE.match(fields.get("action", "").strip().lower())
    if stated:
        return ACTION_VARIANTS.get(stated.group(1), stated.group(1))
    return "delivered" if fields.get("status", "").lstrip().startswith("2.") else "failed"


def recipient_of(fields: dict[str, str]) -> str | None:
    """The recipient a group of fields names: a local delivery may name only the mailbox
    ("Final-Recipient: LOCAL;<bob>"), a gateway an X.400 name: the next field then has the address."""
    for name in RECIPIENT_FIELDS:
        address = field_address(fields.get(name, ""))
        if address:
            return address
    return None


def field_address(value: str) -> str | None:
    """The address of one recipient field ("rfc822; a@example.org", "utf-8; \\x{3B4}@example.gr",
    a display name and angle brackets around it), its xtext and unitext escapes decoded."""
    if "\\x{" in value:
        value = UNITEXT_ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)) if int(m.group(1), 16) <= 0x10FFFF else m.group(0), value)
    if "+" in value:
        value = XTEXT_ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), value)
    # A UTF-8 address first where the value is not ASCII: the ASCII pattern would find only the
    # tail of "jürgen.müller@example.de".
    searched = value if value.isascii() else (value.partition(";")[2] or value)
    found = None if value.isascii() else UTF8_ADDRESS_RE.search(searched)
    if found is None:
        searched = value
        found = ADDRESS_RE.search(value)
    if found:
        start = found.start()
        if found.group(0).rfind("@") == LOCAL_PART_MAX and found.group(0)[0] != '"':
            # A local part longer than the 64 characters an address pattern takes (an X.400 name
            # a gateway wrote as one, "G=ann/S=lee/O=…/@example.org"): the field's value is that one
            # address (RFC 3464 2.3.2), so it is read whole, not from its last 64 characters.
            floor = max(0, start - (LONG_LOCAL_PART_MAX - LOCAL_PART_MAX))
            whole = start
            while whole > floor and LOCAL_PART_CHAR_RE.match(searched, whole - 1):
                whole -= 1
            if not (whole == floor and floor and LOCAL_PART_CHAR_RE.match(searched, floor - 1)):
                start = whole  # else longer than any path: the 64 characters, as before
        return searched[start : found.end()]
    local = LOCAL_ADDRESS_RE.fullmatch(value)
    return local.group(1) if local else None


def supplementary_info(value: str) -> tuple[str, str, str] | None:
    """The remote MTA, status and server reply of a supplementary-info value (SUPPLEMENTARY_RE); None
    when the value is not written so."""
    text = value.strip()
    if len(text) < 2 or text[0] != "<" or text[-1] != ">":
        return None
    found = SUPPLEMENTARY_RE.fullmatch(text[1:-1])
    if found is None:
        return None
    return found.group("mta"), found.group("status"), (found.group("diag") or "").strip()


def failure_from_fields(fields: dict[str, str], recipient: str | None, action: str = "failed") -> Failure:
    """One recipient's failure from its delivery-status fields (names lower-cased)."""
    status_match = STATUS_RE.search(fields.get("status", ""))
    # Courier writes no Diagnostic-Code when the connection itself failed: its words go in an
    # "X-Network-Error:" field instead (module.dsn/dsn.c, print_network_error: "No such domain.").
    diagnostic = fields.get("diagnostic-code", "") or fields.get("x-network-error", "")
    # Exchange and Hotmail may write the server's reply only in their X-Supplementary-Info field.
    supplementary = None if diagnostic else supplementary_info(fields.get("x-supplementary-info", ""))
    if supplementary:
        diagnostic = supplementary[2]
    failure = Failure(recipient=recipient, action=action)
    diag_codes = REPLY_STATUS_RE.search(diagnostic)
    status = normalise_status(status_match.group(0)) if status_match else None
    if status is None and supplementary:
        status = normalise_status(supplementary[1])
    failure.status = preferred_status(status, normalise_status(diag_codes.group(2)) if diag_codes else None)
    reply = diag_codes.group(1) if diag_codes else None
    if reply is None:
        bare = DIAGNOSTIC_REPLY_RE.search(diagnostic)
        reply = bare.group(1) if bare else quoted_reply(diagnostic)  # Cisco AsyncOS: "5.3.0 - … 550-'…'"
    failure.reply = reply
    failure.command = named_command(diagnostic)
    failure.diagnostic = clean_diagnostic(diagnostic)
    failure.remote_host = mta_name(fields.get("remote-mta", "")) or find_remote_host(diagnostic)
    # The MTA that gave up; the report's From (set later, parse.read_message) names it first.
    failure.reporting_host = mta_name(fields.get("reporting-mta", ""))
    # PowerMTA adds its own reading of the reply (X-PowerMTA-BounceCategory: bad-mailbox): the
    # catalog's PowerMTA variants read it where the Status is only 5.0.0, as Sisimai's PowerMTA module does.
    failure.evidence = [
        f"{name.title()}: {value}"
        for name, value in fields.items()
        if name in ("final-recipient", "action", "status", "diagnostic-code", "x-network-error", "remote-mta", "x-powermta-bouncecategory")
        or (name == "x-supplementary-info" and supplementary)
    ]
    return failure


def preferred_status(field: str | None, said: str | None) -> str | None:
    """The Status field is the reporting MTA's summary; the server's reply (a Diagnostic-Code, or the
    reply the report prints) quotes what the remote server said, so its code wins unless it says
    less (X.Y.0) or another class."""
    if said is None:
        return field
    if field is None:
        return said
    if field[0] == said[0] and (not said.endswith(".0") or is_more_specific(said, field)):
        return said
    return field


def delivery_status_groups(part: MimePart) -> list[dict[str, str]]:
    """The per-recipient field groups of a delivery-status part (the first group is per-message)."""
    payload = part.get_payload()
    encoded = str(part.get("Content-Transfer-Encoding", "")).strip().lower() in ("base64", "quoted-printable")
    if isinstance(payload, list) and not encoded and part.get_content_type() == "message/delivery-status":
        groups: list[dict[str, str]] = []
        for block in payload:
            if isinstance(block, MimePart):
                groups.extend(split_groups([(k.lower(), " ".join(str(v).split())) for k, v in block.items()]))
        return recipient_groups(groups)
    # Fields to read as text: an encoded part (the stdlib reads its blocks before decoding), a
    # message/global-delivery-status part (read as one attached message), a mislabelled text part.
    return field_groups(normalise_newlines(decode_bytes(part.decoded_body(), part.get_content_charset())))


def split_groups(fields: list[tuple[str, str]]) -> list[dict[str, str]]:
    """One block's fields as groups: a recipient's fields repeated start the next recipient's group."""
    groups: list[dict[str, str]] = [{}]
    for name, value in fields:
        current = groups[-1]
        if name in GROUP_FIELDS and name in current:
            groups.append(current := {})
        current[name] = value
    return groups


def field_groups(text: str) -> list[dict[str, str]]:
    """Delivery-status fields written as text, one group per blank-line-separated block, only the
    groups that name a recipient (continuation lines joined)."""
    groups: list[dict[str, str]] = []
    for chunk in BLANK_LINE_RE.split(text):
        fields: list[tuple[str, str]] = []
        for line in chunk.split("\n"):
            if line[:1] in (" ", "\t") and fields:
                fields[-1] = (fields[-1][0], fields[-1][1] + " " + line.strip())
            elif ":" in line:
                name, _, value = line.partition(":")
                fields.append((name.strip().lower(), value.strip()))
        groups.extend(split_groups(fields))
    return recipient_groups(groups)


def recipient_groups(groups: list[dict[str, str]]) -> list[dict[str, str]]:
    """The groups that name a recipient, each with the per-message Reporting-MTA above it. A part
    in which no group names one gives its groups that have the other two fields RFC 3464 2.3
    requires of a recipient, Action and Status: the report's reader names their recipient."""
    reporting = None
    kept: list[dict[str, str]] = []
    unnamed: list[dict[str, str]] = []
    for group in groups:
        reporting = group.get("reporting-mta", reporting)
        named = any(name in group for name in RECIPIENT_FIELDS)
        if named or ("action" in group and "status" in group):
            if reporting and "reporting-mta" not in group:
                group["reporting-mta"] = reporting
            (kept if named else unnamed).append(group)
    return kept or unnamed


def failures_from_field_text(text: str) -> list[Failure]:
    """The failures of delivery-status fields a report prints in its text instead of a
    message/delivery-status part (Bigfoot, Facebook)."""
    failures = []
    for fields in field_groups(text):
        address = recipient_of(fields)
        action = action_of(fields)
        if address and action not in NOT_FAILED_ACTIONS:
            failures.append(failure_from_fields(fields, address, action))
    return failures


def delivered_from_field_text(text: str) -> list[Address]:
    """The recipients that delivery-status fields written as text say were delivered, relayed or
    expanded, each with its action."""
    delivered: dict[str, Address] = {}
    for fields in field_groups(text):
        address = recipient_of(fields)
        action = action_of(fields)
        if address and action in NOT_FAILED_ACTIONS:
            delivered.setdefault(address.lower(), Address(address, action=action))
    return list(delivered.values())


def recognise(source: Source) -> bool:
    # Any MIME message: finding its delivery-status parts is the check (read() passes on when none),
    # and costs less than searching the whole text, returned original included, for their type.
    return source.message is not None


def read(source: Source) -> Parsed | None:
    assert source.message is not None  # recognise() said so
    failures, delivered, saw_delivered = failures_from_dsn(source.message)
    if failures:
        text = source.text
        known = [f.recipient for f in failures if f.recipient] + failed_recipients_header(source)
        undiagnosed = [failure for failure in failures if not failure.diagnostic]
        text_failures = generic.failures_from_text(text, known, source.report_like) if text else []
        by_recipient = {(f.recipient or "").lower(): f for f in text_failures}
        if GENERATED_FROM in text:
            adopt_generated_addresses(failures, text, by_recipient)
        if EXIM_FAILED_HEADING in text:
            explain_local_addresses(failures, text, by_recipient)
        for failure in failures:
            extra = by_recipient.get((failure.recipient or "").lower())
            if extra is None and len(text_failures) == 1 and len(failures) == 1:
                extra = text_failures[0]
            if extra:
                enrich(failure, extra)
                # A recipient field with no address ("Final-Recipient: rfc822;"): the report's one failure names it.
                failure.recipient = failure.recipient or extra.recipient
        if len(failures) == 1 and undiagnosed and failures[0].reply is None:
            quote_text_diagnostic(failures[0], text)
        if len(failures) == 1 and not failures[0].recipient:
            # No recipient field at all: the returned original's one addressee is the failed recipient.
            failures[0].recipient = original_addressee(source.message)
        return Parsed("bounce", failures, delivered)
    if saw_delivered:
        return Parsed("delivered", [], delivered)
    return None


def quote_text_diagnostic(failure: Failure, text: str) -> None:
    """The reply the notice's text quotes (TEXT_DIAGNOSTIC_RE) for its one failure that the fields left
    without words: its code, when of the status's own class, its words and its command. A text that
    quotes more than one such reply says not which is this failure's."""
    text = text[:MAX_TEXT_DIAGNOSTIC_CHARS]
    if len(TEXT_DIAGNOSTIC_MARK_RE.findall(text)) != 1:
        return
    found = TEXT_DIAGNOSTIC_RE.search(text)
    if found is None:
        return
    said, reply = found.group("said"), found.group("reply")
    if failure.status is None or failure.status[0] == reply[0]:
        failure.reply = reply
        # Its enhanced code, as a Diagnostic-Code's would be (preferred_status): "550 5.7.1 …" under "Status: 5.0.0".
        codes = REPLY_STATUS_RE.search(said)
        failure.status = preferred_status(failure.status, normalise_status(codes.group(2)) if codes else None)
    said = clean_diagnostic(said)
    if said and said not in failure.diagnostic:
        failure.diagnostic = f"{failure.diagnostic} | {said}" if failure.diagnostic else said
    failure.command = failure.command or named_command(said)


def explain_local_addresses(failures: list[Failure], text: str, failed_in_text: dict[str, Failure]) -> None:
    """A Final-Recipient of a one-label host (Exim's "rfc822;root@localhost", its Status 5.0.0 and no
    Diagnostic-Code) takes the words Exim printed for it, or for the one address made of it ("(generated
    from …)"), in "The following address(es) failed:" (deliver.c, print_address_error): the text reader
    takes no address without a dot, so it found none of them. The text is read once for all of them."""
    unexplained = [
        failure
        for failure in failures
        if not failure.diagnostic
        and failure.recipient
        and "." not in failure.recipient.rpartition("@")[2]
        and failure.recipient.lower() not in failed_in_text
    ]
    if not unexplained:
        return
    made_of: dict[str, dict[str, str]] = {}  # parent address: the addresses made of it, by their lower case
    for generated in LOCAL_GENERATED_FROM_RE.finditer(text):
        made_of.setdefault(generated.group("parent").lower(), {})[generated.group("child").lower()] = generated.group("child")
    blocks = address_blocks(text)
    for failure in unexplained:
        recipient = (failure.recipient or "").lower()
        made = made_of.get(recipient, {})
        if len(made) > 1:
            continue  # an alias that became several addresses: which one's words are these is not said
        address = next(iter(made.values()), failure.recipient or "")
        lines = [line for line in blocks.get(address.lower(), []) if not line.startswith("(")]
        if not lines:
            continue
        failure.recipient = address
        failure.diagnostic = clean_diagnostic(" ".join(lines))
        failure.evidence += [line for line in [address, *lines] if line not in failure.evidence]


def address_blocks(text: str) -> dict[str, list[str]]:
    """The lines indented under each address where Exim lists it alone on an indented line (the first
    such line of an address), by the address in lower case."""
    lines = text.split("\n")
    blocks: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if not line[:1].isspace():
            continue
        address = line.strip().strip("<>").lower()
        if address in blocks:
            continue
        indent = len(line) - len(line.lstrip())
        block = []
        for below in lines[index + 1 : index + 1 + MAX_EXIM_BLOCK_LINES]:
            if not below.strip() or len(below) - len(below.lstrip()) <= indent:
                break
            block.append(below.strip())
        blocks[address] = block
    return blocks


def adopt_generated_addresses(failures: list[Failure], text: str, failed_in_text: dict[str, Failure]) -> None:
    """A Final-Recipient that Exim's text shows only as the parent of the one address that failed
    ("(generated from …)") is that address's failure: it names the address the failure is about."""
    children: dict[str, list[str]] = {}
    for found in GENERATED_FROM_RE.finditer(text):
        children.setdefault(found.group("parent").lower(), []).append(found.group("child"))
    listed = {(f.recipient or "").lower() for f in failures}
    for failure in failures:
        made = children.get((failure.recipient or "").lower(), [])
        if len(made) == 1 and made[0].lower() not in listed and made[0].lower() in failed_in_text:
            failure.recipient = made[0]
