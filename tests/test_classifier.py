"""Parsing and matching on our own realistic samples: pasted NDRs (EN/IT), .eml DSNs, error lines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import REPLY_CONTINUATION_RE, REPLY_DASH_RE, InputError, diagnose, diagnose_all
from ndr_atlas.formats import generic, returned
from ndr_atlas.formats.base import may_say
from ndr_atlas.formats.rfc3464 import failure_from_fields
from ndr_atlas.formats.words import (
    REMOTE_HOST_NEEDLES,
    REMOTE_HOST_RES,
    REMOTE_MTA_RE,
    SMTP_COMMAND_RE,
    command_matches,
    find_remote_host,
    mta_name,
)
from ndr_atlas.parse import error_on_line, recipient_on_line
from ndr_atlas_build.compile import compile_catalog

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def rows(report):  # type: ignore[no-untyped-def]
    return [(r.recipient, r.reply_code, r.status, r.page.split("#")[0]) for r in report.results]


def test_english_outlook_paste(catalog: Catalog) -> None:
    report = diagnose((FIXTURES / "ndr-en-outlook-paste.txt").read_text(), catalog)
    assert report.kind == "bounce"
    assert rows(report) == [
        ("alex.wilber@fabrikam.com", "550", "5.4.316", "codes/4.4.316/"),
        ("lee.gu@contoso.com", "550", "5.1.1", "codes/5.1.1/"),
    ]
    first = report.results[0]
    assert first.remote_host == "mail.fabrikam.com"
    assert first.entry == "connector-connection-refused"
    assert first.hard_bounce is False and first.reason == "expired"
    assert "Remote Server returned '550 5.4.316" in first.evidence[0]
    assert report.results[1].hard_bounce is True and report.results[1].reason == "userunknown"


def test_italian_outlook_paste(catalog: Catalog) -> None:
    report = diagnose((FIXTURES / "ndr-it-outlook-paste.txt").read_text(), catalog)
    assert rows(report) == [
        ("magazzino@fabrikam.it", "550", "5.4.316", "codes/4.4.316/"),
        ("ufficio.acquisti@fabrikam.it", "550", "5.4.312", "codes/4.4.312/"),
    ]
    assert report.results[0].titles["it"].startswith("Connessione rifiutata")


def test_crlf_and_cr_copies_give_the_same_answer(catalog: Catalog) -> None:
    text = (FIXTURES / "ndr-en-outlook-paste.txt").read_text()
    expected = rows(diagnose(text, catalog))
    assert rows(diagnose(text.replace("\n", "\r\n"), catalog)) == expected
    assert rows(diagnose(text.replace("\n", "\r").encode("utf-8"), catalog)) == expected


def test_message_trace_line(catalog: Catalog) -> None:
    report = diagnose((FIXTURES / "message-trace-lines.txt").read_text(), catalog)
    assert rows(report) == [(None, "450", "4.4.316", "codes/4.4.316/")]
    assert report.results[0].remote_host == "mail.contoso.com"


def test_a_failure_no_entry_explains_is_titled_by_what_it_gave(catalog: Catalog) -> None:
    """No code and no known words: the title says so, not a made-up "5.0.0"; a code the catalog
    lacks is named as given."""
    wordless = diagnose("Your message to bob@example.org could not be delivered.\nThe frobnicator declined it.\n", catalog)
    result = wordless.results[0]
    assert (result.recipient, result.status, result.reply_code, result.entry) == ("bob@example.org", None, None, None)
    assert result.titles == {
        "en": "No status code; wording not in the catalog",
        "it": "Nessun codice di stato; testo dell'errore non presente nel catalogo",
    }
    # A reply code no entry names: its class's status is inferred, the title names the code the server gave.
    coded = diagnose("Your message to bob@example.org could not be delivered.\n559 frobnicator says no\n", catalog).results[0]
    assert (coded.status, coded.status_inferred, coded.reply_code, coded.entry) == ("5.0.0", True, "559", None)
    assert coded.titles == {"en": "Code 559 (not in the catalog)", "it": "Codice 559 (non presente nel catalogo)"}


@pytest.mark.parametrize(
    ("line", "status", "page"),
    [
        ("LED=450 4.4.312 DNS query failed. The error was: DNS query failed with error: ErrorRetry", "4.4.312", "codes/4.4.312/"),
        ("450 4.4.315 Connection timed out [LastAttemptedServerName=mail.contoso.com]", "4.4.315", "codes/4.4.315/"),
        ("450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]", "4.4.317", "codes/4.4.317/"),
        ("450 4.4.318 Connection was closed abruptly", "4.4.318", "codes/4.4.318/"),
        ("450 4.7.320 Certificate validation failed", "4.7.320", "codes/4.7.320/"),
        ("550 5.4.317 Message expired, cannot connect to remote server", "5.4.317", "codes/4.4.317/"),
    ],
)
def test_connector_errors(catalog: Catalog, line: str, status: str, page: str) -> None:
    (result,) = diagnose(line, catalog).results
    assert (result.status, result.page.split("#")[0]) == (status, page)


@pytest.mark.parametrize(
    ("line", "status", "page", "reason"),
    [
        # The outbound spam policy stopping an automatic forward to an outside address.
        (
            "Remote Server returned '550 5.7.520 Access denied, Your organization does not allow external forwarding."
            " Please contact your administrator for further assistance. AS(7555) [DB7PR02MB4410.eurprd02.prod.outlook.com]'",
            "5.7.520",
            "codes/5.7.520/",
            "policyviolation",
        ),
        # A scanner signed in to smtp.office365.com as one mailbox, sending as another address.
        (
            "host smtp.office365.com[203.0.113.40] said: 550 5.7.60 SMTP; Client does not have permissions to send as"
            " this sender [PA4PR08MB6021.eurprd08.prod.outlook.com] (in reply to end of DATA command)",
            "5.7.60",
            "codes/5.7.60/",
            "rejected",
        ),
        # The same refusal from an older Exchange server, with 5.7.1: not the 5.7.1 page.
        ("550 5.7.1 Client does not have permission to send as this sender", "5.7.1", "codes/5.7.60/", "rejected"),
        # The mailbox store's form, with the unspecific 5.2.0 and with its own 5.2.252.
        (
            "Remote Server returned '554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied;"
            " Failed to process message due to a permanent exception with message Cannot submit message.'",
            "5.2.0",
            "codes/5.7.60/#exo-send-as-denied",
            "rejected",
        ),
        (
            "554 5.2.252 SendAsDenied; front.desk@contoso.com not allowed to send as billing@contoso.com;"
            " STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied",
            "5.2.252",
            "codes/5.7.60/#exo-send-as-denied",
            "rejected",
        ),
        # Outlook for Windows: no SMTP code, only the MAPI error, in English and in Italian.
        ("Error is [0x80070005-0x000004dc-0x00000524].", "5.7.60", "codes/5.7.60/#exo-send-as-denied", "rejected"),
        ("L'errore è [0x80070005-0x000004dc-0x00000524].", "5.7.60", "codes/5.7.60/#exo-send-as-denied", "rejected"),
        # Reject Direct Send: anonymous mail from the tenant's own domain, refused in the SMTP session.
        (
            "host fabrikam-com.mail.protection.outlook.com[203.0.113.61] said: 550 5.7.68 TenantInboundAttribution;"
            " Direct Send not allowed for this organization from unauthorized sources (in reply to RCPT TO command)",
            "5.7.68",
            "codes/5.7.68/",
            "rejected",
        ),
        # A partner connector locked to its gateway's IP addresses, as a message trace shows it.
        (
            "{[{LED=550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the"
            " message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or"
            " RestrictDomainsToCertificate set};{MSG=};{FQDN=fabrikam-com.mail.protection.outlook.com};{IP=203.0.113.15}]}",
            "5.7.51",
            "codes/5.7.51/",
            "blocked",
        ),
        # A scanner relaying anonymously through Exchange Server to an outside address.
        (
            "<alice@fabrikam.com>: host exch01.contoso.com[192.0.2.30] said: 550 5.7.54 SMTP; Unable to relay recipient"
            " in non-accepted domain (in reply to RCPT TO command)",
            "5.7.54",
            "codes/5.7.54/",
            "norelaying",
        ),
        # Two organizations' mail flow rules redirecting the same message.
        (
            "Remote Server returned '550 5.7.128 TRANSPORT.RULES.RejectMessage; The transport rule loop count was exceeded"
            " and the message was rejected [DB9PR03MB7321.eurprd03.prod.outlook.com]'",
            "5.7.128",
            "codes/5.7.128/",
            "policyviolation",
        ),
        # A mailbox that accepts mail only from the senders listed on it.
        (
            "#550 5.7.129 RESOLVER.RST.RestrictedToRecipientsPermission; not authorized to send to recipient ceo@fabrikam.com ##",
            "5.7.129",
            "codes/5.7.129/",
            "rejected",
        ),
        # A server outside Microsoft 365 refused the message as spam; 5.7.350 wraps its reply.
        (
            "550 5.7.350 Remote server returned message detected as spam -> 550 5.7.1 Message content scored too high"
            " by the content filter",
            "5.7.350",
            "codes/5.7.350/",
            "spamdetected",
        ),
    ],
)
def test_microsoft_365_sender_side_refusals(catalog: Catalog, line: str, status: str, page: str, reason: str) -> None:
    (result,) = diagnose(line, catalog).results
    assert (result.status, result.page, result.reason, result.hard_bounce) == (status, page, reason, False)
    assert result.permanent


@pytest.mark.parametrize(
    ("line", "status", "page", "reason"),
    [
        # Microsoft's troubleshooting pages for one component string each, under a code the catalog has.
        (
            "Remote Server returned '550 5.2.0 RESOLVER.ADR.BadPrimary; recipient primary SMTP address is missing or invalid'",
            "5.2.0",
            "codes/5.2.0/#exo-resolver-bad-primary",
            "systemerror",
        ),
        (
            "Remote Server returned '550 5.6.0 APPROVAL.InvalidExpiry; Cannot read expiry policy."
            " [Stage: OnCreatedEvent][Agent: Approval Processing Agent]'",
            "5.6.0",
            "codes/5.6.0/#exo-approval-invalid-expiry",
            "systemerror",
        ),
        (
            "Remote Server returned '554 4.3.2 mailbox busy; STOREDRV.Deliver.Exception:StoragePermanentException."
            "MapiExceptionMaxObjsExceeded; Failed to process message due to a permanent exception'",
            "4.3.2",
            "codes/5.3.2/#exo-folder-item-limit",
            "mailboxfull",
        ),
        (
            "550 5.7.1 Unable To Relay: Blocked by Customer Allow list",
            "5.7.1",
            "codes/5.7.1/#exo-blocked-by-customer-allow-list",
            "blocked",
        ),
        (
            "Remote Server returned '550 5.7.1 TRANSPORT.RULES.RejectMessage; the message was rejected by organization policy"
            " [AS8PR02MB9811.eurprd02.prod.outlook.com]'",
            "5.7.1",
            "codes/5.7.1/#exo-transport-rule-reject-message",
            "policyviolation",
        ),
        (
            "554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent"
            " exception with message [BeginDiagnosticData]WASCL UserAction verdict is not None. Actual verdict is"
            " RefuseQuota.[EndDiagnosticData] [Hostname=PA4PR08MB7020.eurprd08.prod.outlook.com]",
            "5.2.0",
            "codes/5.1.8/#exo-outbound-spam-exception",
            "spamdetected",
        ),
        (
            "Remote Server returned '554 5.2.0 STOREDRV.Deliver.Exception:ObjectNotFoundException.MapiExceptionNotFound;"
            " Failed to process message due to a permanent exception with message Cannot get ID from name'",
            "5.2.0",
            "codes/5.2.0/#exo-clutter-folder-missing",
            "systemerror",
        ),
        (
            "host contoso-com.mail.protection.outlook.com[192.0.2.44] said: 554 5.6.0 Invalid message content"
            " (in reply to end of DATA command)",
            "5.6.0",
            "codes/5.6.0/#exo-rule-scan-deferred-invalid-content",
            "contenterror",
        ),
        # Exchange Server's Content Filter agent, as a Postfix relay reports it.
        (
            "<bob@fabrikam.com>: host mx.fabrikam.com[198.51.100.7] said: 550 5.7.1 Message rejected as spam by Content"
            " Filtering. (in reply to end of DATA command)",
            "5.7.1",
            "codes/5.7.1/#exchange-content-filter-rejected",
            "spamdetected",
        ),
        # The same Content Filter agent on premises, quarantining instead of rejecting.
        (
            "<sales@fabrikam.com>: host ex2019.fabrikam.com[198.51.100.12] said: 550 5.2.1 Content Filter agent quarantined"
            " this message (in reply to end of DATA command)",
            "5.2.1",
            "codes/5.2.1/#exchange-content-filter-quarantined",
            "spamdetected",
        ),
        # A device that relays through a retired Microsoft smart host.
        (
            "host mail.global.frontbridge.com[203.0.113.80] said: 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35."
            " (in reply to RCPT TO command)",
            "4.4.62",
            "codes/4.4.62/",
            "networkerror",
        ),
    ],
)
def test_microsoft_component_strings(catalog: Catalog, line: str, status: str, page: str, reason: str) -> None:
    (result,) = diagnose(line, catalog).results
    assert (result.status, result.page, result.reason, result.hard_bounce) == (status, page, reason, False)


def test_microsoft_365_user_part_alone_says_spam_in_words(catalog: Catalog) -> None:
    """The newer report's first lines, pasted without the administrators' part: no code, the words decide."""
    text = "Your message to bob@fabrikam.com couldn't be delivered.\nfabrikam.com suspects your message is spam and rejected it.\n"
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.page) == (
        "bob@fabrikam.com",
        "spamdetected",
        "codes/5.7.1/#generic-spamdetected-message-looks-like-spam",
    )


def test_an_anonymous_client_is_not_a_missing_send_as_right(catalog: Catalog) -> None:
    """Exchange's AnonymousSendAsDenied: the client never signed in, a different problem from 5.7.60."""
    (result,) = diagnose("550 5.7.1 Anonymous client does not have permission to send as this sender", catalog).results
    assert not result.page.startswith("codes/5.7.60/")


def test_the_mailbox_store_refusal_is_not_the_generic_mailbox_page(catalog: Catalog) -> None:
    """SendAsDenied beats the 5.2.0 beside it; another 5.2.0 STOREDRV error keeps its own page."""
    (other,) = diagnose("554 5.2.0 STOREDRV.Deliver.Exception:ObjectNotFoundException; Failed to process message", catalog).results
    assert other.page.split("#")[0] == "codes/5.2.0/"


def test_untrusted_root_lands_on_its_variant(catalog: Catalog) -> None:
    (result,) = diagnose(
        "450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mx.fabrikam.com]", catalog
    ).results
    assert result.page.startswith("codes/4.4.317/#")


def test_postfix_dsn_eml(catalog: Catalog) -> None:
    report = diagnose((FIXTURES / "dsn-postfix.eml").read_bytes(), catalog)
    assert rows(report) == [("mario.rossi@example.net", "550", "5.4.316", "codes/4.4.316/")]
    assert report.results[0].remote_host == "mx.example.net"
    assert any(line.startswith("Diagnostic-Code:") for line in report.results[0].evidence)


def test_not_a_bounce(catalog: Catalog) -> None:
    report = diagnose((FIXTURES / "not-a-bounce.txt").read_text(), catalog)
    assert (report.kind, report.results, report.bounce) == ("not-bounce", [], False)
    assert "No delivery failure found" in report.note("en")
    assert "Nessun errore di recapito" in report.note("it")


def test_unknown_code_gets_class_meaning(catalog: Catalog) -> None:
    (result,) = diagnose("550 5.9.254 Something nobody documented", catalog).results
    assert result.entry is None or result.page.startswith("codes/550/")
    if result.entry is None:
        assert result.page == "codes/"
        assert "Permanent failure" in result.summaries["en"]
        assert "Errore permanente" in result.summaries["it"]


def test_reply_code_without_status_infers_it(catalog: Catalog) -> None:
    (result,) = diagnose("550 Requested action not taken: mailbox unavailable", catalog).results
    assert result.reply_code == "550"
    assert result.status_inferred is True
    assert result.status is not None and result.status.startswith("5.")


def test_empty_and_binary_input(catalog: Catalog) -> None:
    assert diagnose("", catalog).results == []
    assert diagnose("   \n\n  ", catalog).kind == "not-bounce"
    with pytest.raises(InputError, match="binary"):
        diagnose(b"\x00\x01\x02PK\x03\x04" * 100, catalog)


def test_html_and_script_are_text(catalog: Catalog) -> None:
    hostile = "<html><body><script>alert(1)</script><p>Remote Server returned '550 5.1.1 <img src=x onerror=alert(1)>@x'</p></body></html>"
    report = diagnose(hostile, catalog)
    assert all("<script" not in r.diagnostic for r in report.results)


def test_mbox_with_two_messages(catalog: Catalog) -> None:
    eml = (FIXTURES / "dsn-postfix.eml").read_text()
    mbox = (
        "From MAILER-DAEMON Wed Nov 25 14:02:11 2026\n"
        + eml
        + "\nFrom MAILER-DAEMON Wed Nov 25 14:05:00 2026\n"
        + eml.replace("mario.rossi", "luca.bianchi")
    )
    reports = diagnose_all(mbox, catalog)
    assert [r.results[0].recipient for r in reports] == ["mario.rossi@example.net", "luca.bianchi@example.net"]


@pytest.mark.parametrize(
    ("line", "codes"),
    [
        # Yahoo writes a colon after the reply code.
        ("550: 5.1.1 <bob@example.org>... User Unknown", ("550", "5.1.1")),
        # A hash before the enhanced status, with or without the colon (two public reports quote them).
        ("550: #5.1.0 Address rejected", ("550", "5.1.0")),
        ("550 #5.1.0 Address rejected.", ("550", "5.1.0")),
        # Microsoft's announcement and help pages write a semicolon after the reply code.
        ("550; 5.7.515 Access denied, sending domain example.com does not meet the required authentication level.", ("550", "5.7.515")),
        # Zoho labels both codes.
        ("bob@example.org Invalid Address, ERROR_CODE :550, ERROR_CODE :5.2.1 <bob@example.org>... User Unknown", ("550", "5.2.1")),
        # Exim names the server before a reply with no enhanced status.
        ("host mx4.example.org [192.0.2.22]: 550 Administrative prohibition", ("550", None)),
        # Old Sendmail: its own code, then the server's.
        ("554 <bob@example.org>... 550 Host unknown (Authoritative answer from name server)", ("550", None)),
    ],
)
def test_reply_codes_as_mtas_write_them(line: str, codes: tuple[str, str | None]) -> None:
    assert error_on_line(line, True) == codes


@pytest.mark.parametrize(
    ("line", "address"),
    [
        ("Error-for:  bob@example.org", "bob@example.org"),  # LISTSERV's error report
        ("\tRecipient: [SMTP:bob@example.org]", "bob@example.org"),  # MailEnable
        ("anna@example.org <bob@example.org>: malformed address: <bob@example.org> may not follow anna@example.org", "bob@example.org"),
        (" Local mailbox bob@example.org is unavailable: user not found", "bob@example.org"),  # Mail.Ru
        ("Sorry, unable to deliver your message to bob@example.org for", "bob@example.org"),
        ("Failed to deliver to '<bob@example.org>'", "bob@example.org"),
        ("Sender: alice@example.com", None),
    ],
)
def test_recipient_lines_as_mtas_write_them(line: str, address: str | None) -> None:
    assert recipient_on_line(line.strip()) == address


# Every label LABELLED_RECIPIENT_RE knows, and every word GENERIC_LABEL_RE looks for.
RECIPIENT_LABELS = (
    "Final-Recipient", "Original-Recipient", "X-Failed-Recipients", "Recipient Address", "Recipient", "Indirizzo destinatario",
    "Your message to", "Il messaggio per", "RCPT TO", "Failed recipient", "Destinatario", "Intended recipient", "Original recipient",
    "Failed address", "Unknown recipient", "Invalid recipient", "dda:SMTP=", ";SMTP=", "deliver message to", "deliver mail to",
    "could not be delivered to", "failed to deliver to", "deliver your message to", "Local mailbox", "wasn't delivered to",
    "was not delivered to", "couldn't be delivered to", "delivering your message to",
)  # fmt: skip
LABEL_WORDS = ("address", "recipient", "user", "mailbox", "attempt", "attempts", "failed", "full", "error-for")


def test_the_cheap_word_tests_never_spare_a_line_a_pattern_would_match() -> None:
    """recipient_on_line, error_on_line, opens_original and smtp_command skip a costly pattern on an ASCII line that
    lacks every word (the reply code, the start) all its matches hold. On every label the patterns know
    and every line of the fixtures, as written, in upper case and in title case: whenever the pattern
    matches, the words are there."""
    lines = [f"{label}: <bob@example.org>" for label in RECIPIENT_LABELS] + [f"Unknown {word}: bob@example.org" for word in LABEL_WORDS]
    assert all(generic.LABELLED_RECIPIENT_RE.search(line) for line in lines[: len(RECIPIENT_LABELS)])
    assert all(generic.GENERIC_LABEL_RE.match(line) for line in lines[len(RECIPIENT_LABELS) :])
    headings = [*returned.EXCHANGE_ORIGINAL_HEADINGS, "----- Original message -----", "Below this line is a copy of the message."]
    headings += ["Included is a copy", "Original message follows", "Content-Type: message/rfc822", "Content-Type: text/rfc822-headers"]
    assert all(returned.opens_original(heading) for heading in headings)
    rules = [
        "-" * 70,
        "=" * 40 + " original",
        "------ This is a copy of the message, including all the headers. ------",
        "*** Rejected message ***",
    ]
    lines += headings + rules + [rule.replace("-", "_") for rule in rules]
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file():
            lines += [line.strip() for line in path.read_bytes().decode("utf-8", "replace").splitlines()]
    matched = 0
    for line in lines:
        for variant in (line, line.upper(), line.title()):
            if generic.LABELLED_RECIPIENT_RE.search(variant):
                matched += 1
                assert may_say(variant, generic.LABEL_NEEDLES), variant
            if generic.GENERIC_LABEL_RE.match(variant):
                matched += 1
                assert ":" in variant and may_say(variant, generic.GENERIC_LABEL_NEEDLES), variant
            if not variant.isascii():
                continue
            if generic.ANGLE_COLON_RE.match(variant):
                assert ":" in variant
            if generic.BARE_REPLY_RE.match(variant) or generic.SENDMAIL_QUOTED_REPLY_RE.match(variant):
                matched += 1
                assert generic.REPLY_DIGITS_RE.search(variant), variant
            if generic.REPLY_STATUS_RE.search(variant) or generic.STATUS_RE.search(variant):
                matched += 1
                assert generic.STATUS_START_RE.search(variant), variant
            if REPLY_CONTINUATION_RE.search(variant):
                assert REPLY_DASH_RE.search(variant), variant
        for variant in (line, line.upper(), line.lower(), line.title(), f"  {line}"):
            assert returned.opens_original(variant) == bool(returned.ORIGINAL_MESSAGE_RE.match(variant)), variant
            assert spans(command_matches(variant)) == spans(SMTP_COMMAND_RE.finditer(variant)), variant
            assert find_remote_host(variant) == next(hosts(variant), None), variant
    assert matched > 500
    commands = 0
    for path in sorted(FIXTURES.rglob("*")):  # whole reports too: a failure's joined lines are searched at once
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            for variant in (text, text.upper(), " ".join(text.split())):
                commands += len(spans(SMTP_COMMAND_RE.finditer(variant)))
                assert spans(command_matches(variant)) == spans(SMTP_COMMAND_RE.finditer(variant)), path
    assert commands > 100


def hosts(text: str) -> Iterator[str]:
    """What find_remote_host reads, every pattern asked in turn (only its gate of common words kept)."""
    if may_say(text, REMOTE_HOST_NEEDLES):
        for pattern in REMOTE_HOST_RES:
            match = pattern.search(text)
            host = None if match is None else mta_name(match["field"]) if pattern is REMOTE_MTA_RE else match["host"].rstrip(".")
            if host:
                yield host


def spans(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(match.span(), match.groups()) for match in matches]


def test_a_local_final_recipient_takes_the_original_recipients_address(catalog: Catalog) -> None:
    dsn = (
        "From: MAILER-DAEMON@mail.example.org\nTo: alice@example.com\nSubject: Delivery failure\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nFailed to deliver to '<bob@example.org>'\nLOCAL module(account bob) reports:\n"
        " account is full (quota exceeded)\n\n"
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.org\n\n"
        "Original-Recipient: rfc822;<bob@example.org>\nFinal-Recipient: LOCAL;<bob>\nAction: failed\nStatus: 5.0.0\n\n--B--\n"
    )
    result = diagnose(dsn, catalog).results[0]
    assert (result.recipient, result.reason) == ("bob@example.org", "mailboxfull")


# Two separate facts: permanent or temporary (the code's class) and whether the address is bad.
@pytest.mark.parametrize(
    ("text", "permanent", "hard", "english", "italian"),
    [
        (
            "550 5.4.316 Message expired, connection refused(Socket error code 10061)",
            True,
            False,
            "Permanent failure · address may still be valid (soft bounce): fix the cause and resend",
            "Errore permanente · l'indirizzo può essere ancora valido (soft bounce): risolvete la causa e reinviate il messaggio",
        ),
        # A 4xx reply pasted alone is a deferral: the sending server queues the message and retries it.
        (
            "450 4.4.316 Connection refused [Message=Socket error code 10061]",
            False,
            False,
            "Temporary failure · address may still be valid (soft bounce): the sending server is still retrying",
            "Errore temporaneo · l'indirizzo può essere ancora valido (soft bounce): il server di invio sta ancora riprovando",
        ),
        # The same class of reply quoted by a report that gave up: a failure, temporary by its code.
        (
            "<anna@example.org>:\n451 4.3.0 Temporary failure, try again later\n"
            "I am not going to try again; this message has been in the queue too long.",
            False,
            False,
            "Temporary failure · address may still be valid (soft bounce): resend later, or once the cause is fixed",
            "Errore temporaneo · l'indirizzo può essere ancora valido (soft bounce): reinviate più tardi, o dopo aver risolto la causa",
        ),
        (
            "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",
            True,
            True,
            "Permanent failure · address is bad (hard bounce): remove it from your lists",
            "Errore permanente · l'indirizzo non è valido (hard bounce): toglietelo dalle vostre liste",
        ),
        # No enhanced status code: the reply code's class decides.
        (
            "452 Requested action not taken: mailbox full",
            False,
            False,
            "Temporary failure · address may still be valid (soft bounce): the sending server is still retrying",
            "Errore temporaneo · l'indirizzo può essere ancora valido (soft bounce): il server di invio sta ancora riprovando",
        ),
    ],
)
def test_permanent_and_hard_are_separate_facts(
    catalog: Catalog, text: str, permanent: bool, hard: bool, english: str, italian: str
) -> None:
    (result,) = diagnose(text, catalog).results
    assert (result.permanent, result.hard_bounce) == (permanent, hard)
    assert (result.verdict("en"), result.verdict("it")) == (english, italian)
    assert result.to_json()["verdicts"] == {"en": english, "it": italian}


# Microsoft 365's connector queue errors read alike (Microsoft Learn's mail flow intelligence: each
# is retried for 24 hours, then returned as "550 5.4.31x Message expired, …"): by their code and in
# the final report, expired; Microsoft 365's own deferral reply in its own mail, networkerror (the
# reading of Sisimai's Microsoft table), for the DNS failure as for the refused connection.
EXO_HOST = "host contoso-com.mail.protection.outlook.com[52.101.0.1] said: "


@pytest.mark.parametrize(
    ("text", "reason", "page"),
    [
        ("Remote Server returned '550 5.4.312 Message expired, DNS query failed'", "expired", "codes/4.4.312/"),
        ("Remote Server returned '550 5.4.316 Message expired, connection refused(Socket error code 10061)'", "expired", "codes/4.4.316/"),
        ("LED=450 4.4.312 DNS query failed. The error was: DNS query failed with error: ServerFailure", "expired", "codes/4.4.312/"),
        ("LED=450 4.4.316 Connection refused [Message=Socket error code 10061]", "expired", "codes/4.4.316/"),
        (
            f"<bob@contoso.com>: {EXO_HOST}450 4.4.312 DNS query failed. The error was: DNS query failed with error: InfoNoRecords",
            "networkerror",
            "codes/4.4.312/#exo-dns-query-failed",
        ),
        (
            f"<bob@contoso.com>: {EXO_HOST}450 4.4.316 Connection refused [Message=Socket error code 10061]",
            "networkerror",
            "codes/4.4.316/#exo-connection-refused",
        ),
    ],
)
def test_connector_dns_failure_reads_like_its_siblings(catalog: Catalog, text: str, reason: str, page: str) -> None:
    (result,) = diagnose(text, catalog).results
    assert (result.reason, result.page, result.hard_bounce) == (reason, page, False)


def test_an_expired_message_in_a_final_report_failed_but_is_not_permanent(catalog: Catalog) -> None:
    """Exchange's final report for a message that sat in its queue too long: "550 4.4.7 QUEUE.Expired".
    Decided, not an oversight: the message is no longer retried, so the action is "failed" (and the
    verdict says to resend, not that the server is retrying); but `permanent` is the code's class
    (README: "5.x.x, or a 5xx reply when there is no status"), and RFC 3463 gives class 4 to "persistence
    of some temporary condition has caused abandonment … If this code accompanies a delivery failure
    report, sending in the future may be successful". The enhanced status is the more precise of the
    two codes and wins over the 550, as for every reply; the address is fine (`expired` is soft)."""
    (result,) = diagnose("550 4.4.7 QUEUE.Expired; message expired", catalog).results
    assert (result.status, result.reply_code, result.reason) == ("4.4.7", "550", "expired")
    assert (result.action, result.permanent, result.hard_bounce) == ("failed", False, False)
    assert result.verdict("en") == "Temporary failure · address may still be valid (soft bounce): resend later, or once the cause is fixed"
    assert result.verdict("it") == (
        "Errore temporaneo · l'indirizzo può essere ancora valido (soft bounce): reinviate più tardi, o dopo aver risolto la causa"
    )


def test_a_temporary_unknown_user_is_not_a_hard_bounce(catalog: Catalog) -> None:
    (result,) = diagnose("450 4.1.1 <ann@example.org>: Recipient address rejected: User unknown in local recipient table", catalog).results
    assert (result.reason, result.permanent, result.hard_bounce) == ("userunknown", False, False)


def test_delayed_report_says_the_server_is_still_retrying(catalog: Catalog) -> None:
    (result,) = diagnose((FIXTURES / "formats" / "delayed-dsn.eml").read_text(), catalog).results
    assert (result.action, result.permanent, result.hard_bounce) == ("delayed", False, False)
    assert result.verdict("en").endswith("the sending server is still retrying")
    assert result.verdict("it").endswith("il server di invio sta ancora riprovando")


def test_reasons_have_names_people_read(catalog: Catalog) -> None:
    (result,) = diagnose("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", catalog).results
    assert result.reason == "userunknown"
    assert result.reason_titles == {"en": "Recipient address does not exist", "it": "L'indirizzo del destinatario non esiste"}
    # Every reason the schema allows and every one the classifier can give has both names.
    compiled = compile_catalog()
    allowed = set(json.loads((Path(__file__).parents[1] / "src/ndr_atlas_build/entry.schema.json").read_text())["$defs"]["reason"]["enum"])
    assert allowed | {"onhold", "suppressed"} <= set(compiled["reasons"])
    assert all(names["en"] and names["it"] and names["en"] != names["it"] for names in compiled["reasons"].values())
    # A catalog without names still answers with the machine name.
    bare = catalog_from_data({"entries": compiled["entries"]})
    assert bare.reason_titles("userunknown") == {"en": "userunknown", "it": "userunknown"}


def test_qmails_giving_up_on_a_host_is_not_an_expiry(catalog: Catalog) -> None:
    """qmail-remote ends every permanent refusal with "Giving up on <IP>."; the server's reply names
    the error, not a queue that ran out (qmail says "in the queue too long" for that)."""
    text = (
        "Hi. This is the qmail-send program at mail.example.it.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
        "<archivio@example.net>:\n192.0.2.41 failed after I sent the message.\n"
        "Remote host said: 552 5.2.2 Mailbox quota exceeded\nGiving up on 192.0.2.41.\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.status, result.reason, result.entry) == ("5.2.2", "mailboxfull", "mailbox-full")
    [expired] = diagnose("451 Server did not respond, giving up on 192.0.2.45", catalog).results
    assert expired.reason == "expired"


@pytest.mark.parametrize(
    ("value", "host"),
    [
        ("dns; mx.example.org", "mx.example.org"),
        ("dns;mx.example.org", "mx.example.org"),
        ("  DNS ;   MX.Example.ORG  ", "mx.example.org"),
        ("dns; mx.example.org. (192.0.2.25, the server for the domain example.org.)", "mx.example.org"),
        ("dns; mx.example.org [192.0.2.25]", "mx.example.org"),
        ("dns;mx.example.org (TCP|192.0.2.1|51842|192.0.2.25|25)", "mx.example.org"),
        ("dns; [192.0.2.25]", "192.0.2.25"),
        ("dns; [IPv6:2001:db8::25]", "2001:db8::25"),
        ("dns; mx.пример.рф", "mx.пример.рф"),
        ("dns;", None),
        ("dns;   ", None),
        ("", None),
        ("x-local-hostname; mx.example.org", None),
        ("smtp; mx.example.org", None),
        ("X-Unix; mirapoint", None),
        ("mx.example.org", None),  # no type at all
        ("dns; private/dovecot-lmtp", None),  # Postfix's socket path, not a host
        ("dns; localhost", None),
    ],
)
def test_the_mta_name_shape_is_read_by_one_function(value: str, host: str | None) -> None:
    """RFC 3464's "dns; host" shape, as Reporting-MTA and Remote-MTA both write it: the same
    reading for both fields, and for a Remote-MTA line in a text."""
    assert mta_name(value) == host
    fields = {"final-recipient": "rfc822; bob@example.org", "action": "failed", "status": "5.1.1"}
    failure = failure_from_fields({**fields, "reporting-mta": value, "remote-mta": value}, "bob@example.org")
    assert (failure.reporting_host, failure.remote_host) == (host, host)
    assert find_remote_host(f"Remote-MTA: {value}") == host


def test_a_remote_mta_the_shape_does_not_name_leaves_the_host_to_the_diagnostic(catalog: Catalog) -> None:
    dsn = (
        "From: MAILER-DAEMON@relay.example.com\nTo: alice@example.com\nSubject: Undelivered Mail Returned to Sender\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.com\n\n"
        "Final-Recipient: rfc822; bob@example.org\nAction: failed\nStatus: 5.1.1\n"
        "Remote-MTA: x-local-hostname; mailstore-3\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: host mx.example.org[192.0.2.25] said: user unknown\n\n"
        "Final-Recipient: rfc822; carol@example.org\nAction: failed\nStatus: 5.1.1\n"
        "Remote-MTA: DNS; [IPv6:2001:db8::25]\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--B--\n"
    )
    results = diagnose(dsn, catalog).results
    assert [(r.recipient, r.remote_host) for r in results] == [("bob@example.org", "mx.example.org"), ("carol@example.org", "2001:db8::25")]


@pytest.mark.parametrize(
    "line",
    [
        "'bob@example.org' - 550 5.1.1 User unknown",
        "Could not deliver to 'bob@example.org': 550 5.1.1 User unknown",
        "    'bob@example.org'",
        "<'bob@example.org'>",
        "'bob@example.org' (550 5.1.1 User unknown)",
    ],
)
def test_an_address_in_single_quotes_is_the_address_without_them(catalog: Catalog, line: str) -> None:
    """Outlook and many scripts quote an address with apostrophes; no real local part starts with one."""
    (result,) = diagnose(f"Delivery has failed.\n{line}\n550 5.1.1 User unknown\n", catalog).results
    assert result.recipient == "bob@example.org"


def test_an_apostrophe_inside_a_local_part_is_kept(catalog: Catalog) -> None:
    (result,) = diagnose("Delivery has failed.\no'brien@example.org\n550 5.1.1 User unknown\n", catalog).results
    assert result.recipient == "o'brien@example.org"


def test_a_reply_code_with_a_colon_after_it_is_read(catalog: Catalog) -> None:
    """Yahoo's older notices and some appliances write "554: delivery error: …"."""
    text = (
        "Sorry, we were unable to deliver your message to the following address.\n\n<frank@yahoo.example>:\n"
        "554: delivery error: dd This user doesn't have a yahoo.example account (frank@yahoo.example) [0]\n"
    )
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("frank@yahoo.example", "554", "userunknown")


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # Sendmail's "(reason: …)" line with a reply that has no enhanced status of its own.
        (
            "----- The following addresses had permanent fatal errors -----\n<a2@example.org>\n    (reason: 552 Mailbox quota exceeded)\n",
            "552",
        ),
        # The colon at the end of the line, the words wrapped under it.
        ("<admin@example.org>: host mx.example.org[192.0.2.9] said: 554:\n    Recipient address rejected: Access denied\n", "554"),
        # A run of spaces or a tab after the code, as a web page or a mail client lays the reply out.
        ("<frank@yahoo.example>:\n554    delivery error: dd This user doesn't have a yahoo.example account\n", "554"),
        ("<frank@yahoo.example>:\n554\tdelivery error: dd This user doesn't have a yahoo.example account\n", "554"),
    ],
)
def test_a_bare_reply_code_after_reason_or_before_a_line_break_is_read(catalog: Catalog, text: str, reply: str) -> None:
    (result,) = diagnose(text, catalog).results
    assert result.reply_code == reply


def test_a_message_over_the_size_limit_is_not_a_full_mailbox(catalog: Catalog) -> None:
    """A bare 552 leans to a full mailbox (RFC 5321's "exceeded storage allocation"); the words
    "message size exceeds maximum message size" (a webmail provider's 552, go-smtp's SIZE refusal)
    say the message itself is too big."""
    text = (
        "This is the mail system at host relay.example.com.\n\n"
        "<nadia@example.org>: host mx2.example.org[192.0.2.61] said:\n"
        "    552 message size exceeds maximum message size (in reply to end of DATA command)\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("nadia@example.org", "552", "mesgtoobig")
    assert result.page.endswith("#generic-mesgtoobig-message-too-big")


@pytest.mark.parametrize("said", ["550 spam content detected", "550 Message contained spam content"])
def test_spam_content_wordings_are_spam_detected(catalog: Catalog, said: str) -> None:
    """A relay's "spam content detected" and a host's "Message contained spam content" name the
    content filter's verdict; a bare 550 says nothing of it."""
    text = (
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        "  tomas@example.org\n"
        "    host mx1.example.org [192.0.2.27]\n"
        f"    SMTP error from remote mail server after end of data:\n    {said}\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("tomas@example.org", "550", "spamdetected")
    assert result.page.endswith("#generic-spamdetected-message-looks-like-spam")


def test_a_transcripts_remote_reply_beats_sendmails_own_x00_summary(catalog: Catalog) -> None:
    """Two lines of a Sendmail transcript: the remote server's "<<< 552 …" is the reply; Sendmail's
    "554 5.0.0 … Service unavailable" says only that the message failed."""
    text = "<<< 552 Requested mail action aborted: exceeded storage allocation\n554 5.0.0 <anna@example.org>... Service unavailable\n"
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("anna@example.org", "552", "mailboxfull")
    # A summary with a status of its own keeps its reply.
    text = "<<< 550 Requested action not taken\n550 5.1.1 <anna@example.org>... User unknown\n"
    (result,) = diagnose(text, catalog).results
    assert (result.status, result.reply_code, result.reason) == ("5.1.1", "550", "userunknown")


def test_postfix_reply_text_that_lost_its_indent_is_still_the_replys(catalog: Catalog) -> None:
    """Copied from a web page: "said: 550 5.7.1" and the reply's text on the next line, unindented,
    opening with the same recipient; the next recipient's own block is not taken for it."""
    text = (
        "<ugo@example.org>: host mx.example.org[192.0.2.4] said: 550 5.7.1\n"
        "<ugo@example.org>: Recipient address rejected: Unknown user (in reply to RCPT TO command)\n"
        "<eva@example.net>: host mx.example.net[192.0.2.8] said: 550 5.7.1\n"
        "<ivo@example.net>: Relay access denied (in reply to RCPT TO command)\n"
    )
    ugo, eva, ivo = diagnose(text, catalog).results
    assert (ugo.recipient, ugo.reason, ugo.command) == ("ugo@example.org", "userunknown", "RCPT")
    assert "Unknown user" not in eva.diagnostic and eva.recipient == "eva@example.net"
    assert ivo.recipient == "ivo@example.net"


@pytest.mark.parametrize(
    "said",
    [
        "550 dnsbl.example.net Listed by CSS, see https://check.spamhaus.org/query/ip/192.0.2.81",
        "550 5.7.1 Rejected: Listed by XBL, see https://check.spamhaus.org/query/ip/192.0.2.81",
        "550 bl.example.net Listed by PBL",
    ],
)
def test_spamhaus_zen_txt_text_is_blocked_even_without_the_zone(catalog: Catalog, said: str) -> None:
    """An MTA that quotes the TXT record of a Spamhaus ZEN hit ("Listed by CSS, see …") names the
    block list even when the zone's name is missing or rewritten: the sending IP is blocked, and a
    5.7.1 beside it does not make it a security error."""
    text = (
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        "  rosa@example.org\n"
        "    host mx1.example.org [192.0.2.27]\n"
        f"    SMTP error from remote mail server after RCPT TO:<rosa@example.org>:\n    {said}\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("rosa@example.org", "550", "blocked")
    assert result.page.endswith("#spamhaus-zen")
    assert not result.hard_bounce


def test_microsoft_semicolon_reply_keeps_its_reply_code(catalog: Catalog) -> None:
    """Microsoft writes its high-volume sender rejection "550; 5.7.515 Access denied, …" in its
    announcement (2025) and help pages; pasted so, the reply code 550 is read with the status."""
    text = "550; 5.7.515 Access denied, sending domain news.example.com does not meet the required\nauthentication level.\n"
    result = diagnose(text, catalog).results[0]
    assert (result.reply_code, result.status, result.reason) == ("550", "5.7.515", "authfailure")
