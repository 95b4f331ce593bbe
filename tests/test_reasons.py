"""How a failure's reason is decided: the refused SMTP command, the code's reason and the catalog's
wording, the way Sisimai decides it; and the literal needles that spare most regex searches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bounce_templates import postfix_bounce
from ndr_atlas.catalog import Catalog, Needles, anchored_search, catalog_from_data, fold
from ndr_atlas.diagnose import Diagnosis, diagnose
from ndr_atlas.parse import mostly_foreign, named_command, parse_message, smtp_command
from ndr_atlas.reasons import Evidence, decide, provider_reason
from ndr_atlas_build.compile import compile_catalog, first_sentence
from ndr_atlas_build.load import load_catalog_dir
from ndr_atlas_build.needles import rule_anchors, rule_needles, top_level_alternatives


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("host mx.example.org[192.0.2.7] said: 550 5.1.1 <bob@example.org>: User unknown (in reply to RCPT TO command)", "RCPT"),
        ("host mx.example.org[192.0.2.7] said: 550 Unknown user bob@example.org (in reply to end of DATA command)", "DATA"),
        ("SMTP error from remote mail server after RCPT TO:<bob@example.org>:", "RCPT"),
        ("SMTP error from remote mail server after end of data:", "DATA"),
        ("SMTP error from remote mail server after initial connection:", "CONN"),
        ("SMTP error from remote server for TEXT command, host: mx.example.org", "DATA"),
        (">>> MAIL From:<alice@example.com> SIZE=1234", "MAIL"),
        ("Connected to 192.0.2.9 but my name was rejected.", "EHLO"),
        ("Connected to 192.0.2.9 but sender was rejected.", "MAIL"),
        ("connect to mx.example.org[192.0.2.7]:25: server refused to talk to me: 421 Service not available", "CONN"),
        ("Sorry, no SMTP connection got far enough; most progress was RCPT TO response", "RCPT"),
        ("mail-inbound.example.org [192.0.2.25] did not like our RCPT TO:", "RCPT"),
        ("mx.example.org [192.0.2.9] did not like our final DATA:", "DATA"),
        ("The error that the other server returned was: 550 550 5.1.1 <bob@example.org>... User Unknown (state 14).", "RCPT"),
        ("The error that the other server returned was: 554 554 5.7.0 Header error (state 18).", "DATA"),
        ("192.0.2.25 does not like recipient.", "RCPT"),
        ("Connected to 192.0.2.25 but connection died. Possible duplicate! 192.0.2.25 failed after I sent the message.", "DATA"),
        # Postfix's smtpd_recipient_restrictions and Exchange Online's edge blocking answer RCPT TO with it.
        ("550 5.1.1 <bob@example.org>: Recipient address rejected", "RCPT"),
        # Yahoo closes the remote reply with the stage it answered.
        ("Remote host said: 554 5.7.9 Message not accepted for policy reasons. [RCPT_TO]", "RCPT"),
        ("Remote host said: 552 1 Requested mail action aborted, mailbox not found [MAIL_FROM]", "MAIL"),
        ("Remote host said: 554 Message not allowed [PH01] Email not accepted for policy reasons [DATA]", "DATA"),
        # Nodemailer's client (ZoneMTA, WildDuck) when the server answers its connection with a refusal.
        ('SMTPERR src=192.0.2.10 error="Invalid greeting. response=554 5.7.0 Blocked - see https://filter.example.net"', "CONN"),
        ("Error: Invalid greeting. response=421 4.7.0 Too many connections: 421 4.7.0 Too many connections", "CONN"),
        # SwiftMailer and Symfony Mailer name the reply they waited for: 354 only answers DATA, 334 and 235 AUTH.
        ('Expected response code 354 but got code "554", with message "554 5.7.1 Message rejected"', "DATA"),
        ('Expected response code "235" but got code "535", with message "535 5.7.8 Authentication failed".', "AUTH"),
        ('Expected response code 250 but got code "550", with message "550 5.1.1 User unknown"', None),
        ("The greeting card was invalid", None),
        ("Please send mail after the meeting", None),
    ],
)
def test_smtp_command_as_mtas_print_it(text: str, command: str | None) -> None:
    assert smtp_command(text) == command


POSTFIX = """\
This is the mail system at host mail.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

                   The mail system

<bob@example.org>: host mx.example.org[192.0.2.7] said: 550 Unknown user
    bob@example.org (in reply to {command} command)
"""


def test_unknown_user_refused_at_rcpt_is_userunknown_and_hard(catalog: Catalog) -> None:
    result = diagnose(POSTFIX.format(command="RCPT TO"), catalog).results[0]
    assert (result.recipient, result.command, result.reason, result.hard_bounce) == ("bob@example.org", "RCPT", "userunknown", True)
    assert result.page.startswith("codes/5.1.1/")


def test_unknown_user_refused_only_after_data_is_filtered_and_soft(catalog: Catalog) -> None:
    # Japanese mobile carriers refuse unknown addresses only after the content: a filter's doing.
    result = diagnose(POSTFIX.format(command="end of DATA"), catalog).results[0]
    assert (result.command, result.reason, result.hard_bounce) == ("DATA", "filtered", False)
    assert result.page.startswith("codes/5.1.1/")  # the page still explains the unknown address


def test_a_stated_bad_mailbox_code_stays_userunknown_after_data(catalog: Catalog) -> None:
    text = POSTFIX.replace("550 Unknown user", "550 5.1.1 Unknown user").format(command="end of DATA")
    assert diagnose(text, catalog).results[0].reason == "userunknown"


QMAIL_DSN = """\
Final-Recipient: rfc822; bob@example.org
Action: failed
Status: 5.0.0
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; {reply}
"""


@pytest.mark.parametrize(
    ("reply", "reason", "hard"),
    [
        # X.1.0 reads as Sisimai's status table reads it (an unknown user, as X.1.1), here found in the
        # reply behind a generic 5.0.0; checked against Sisimai 4.25 on these very texts.
        ("550 #5.1.0 Address rejected.", "userunknown", True),
        ("550 5.1.0 Address rejected (in reply to RCPT TO command)", "userunknown", True),
        # Refused at MAIL FROM: the sender's address, whatever the code.
        ("550 5.1.0 <alice@example.com> sender rejected (in reply to MAIL FROM command)", "rejected", False),
        # Exchange's "Sender denied" is its own page (the sender is refused), and SPF has its own code's page.
        ("550 5.1.0 Sender denied", "rejected", False),
        ("550 5.1.0 <bob@example.org>: Recipient address rejected: SPF Permanent Error", "authfailure", False),
    ],
)
def test_an_address_status_code_is_an_unknown_user_unless_the_sender_is_named(
    catalog: Catalog, reply: str, reason: str, hard: bool
) -> None:
    result = diagnose(QMAIL_DSN.format(reply=reply), catalog).results[0]
    assert (result.recipient, result.status, result.reason, result.hard_bounce) == ("bob@example.org", "5.1.0", reason, hard)


@pytest.mark.parametrize("command", [" (in reply to RCPT TO command)", ""])
def test_an_exim_sender_callout_that_failed_is_the_senders_rejection(catalog: Catalog, command: str) -> None:
    # Exim's "verify = sender" quotes what the sender's own server said of the sender ("No Such User
    # Here"): Exim's words name the reason, never the recipient's unknown user (no hard bounce).
    reply = "550-Verification failed for <alice@example.com> 550-No Such User Here 550 Sender verify failed"
    text = POSTFIX.replace("550 Unknown user\n    bob@example.org (in reply to {command} command)", reply + command)
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.hard_bounce) == ("bob@example.org", "rejected", False)
    assert result.page.endswith("#exim-sender-verify-failed")


# What a standard code alone stands for, as Sisimai 5's status table (smtp/status) names it. Where
# Microsoft gives a code its own meaning the catalog follows Microsoft, as Sisimai's Microsoft table
# does (5.1.10 RecipientNotFound, 5.5.4 "Invalid domain name", 5.2.4, 5.7.12, 5.1.4), so those are not
# here; nor 5.7.10 (encryption needed: "failedstarttls" says more than "securityerror") and 4.4.8
# (Microsoft's own code for an MX host its MTA-STS policy does not allow).
SISIMAI_STATUS_TABLE = {
    "4.2.4": "filtered", "4.4.3": "systemerror", "5.4.3": "systemerror", "4.7.12": "securityerror",
    "5.1.0": "userunknown", "5.1.1": "userunknown", "5.1.2": "hostunknown", "5.1.3": "userunknown", "5.1.6": "hasmoved",
    "5.1.7": "rejected", "5.1.8": "rejected", "5.1.9": "systemerror", "4.1.9": "systemerror", "5.2.1": "filtered",
    "5.2.2": "mailboxfull", "5.2.3": "exceedlimit", "5.3.4": "mesgtoobig", "5.4.4": "hostunknown", "5.5.6": "syntaxerror",
    "5.6.6": "contenterror", "5.7.2": "securityerror", "5.7.13": "suspend", "5.7.15": "securityerror",
    "5.7.17": "hasmoved", "5.7.18": "hasmoved", "5.7.19": "securityerror", "5.7.25": "requireptr", "5.7.26": "authfailure",
    "5.7.27": "notaccept", "5.7.28": "spamdetected",
}  # fmt: skip


@pytest.mark.parametrize(("code", "reason"), sorted(SISIMAI_STATUS_TABLE.items()))
def test_a_standard_code_alone_names_the_reason_of_sisimais_status_table(catalog: Catalog, code: str, reason: str) -> None:
    reply = ("550 " if code[0] == "5" else "450 ") + code + " Something odd happened"
    report = QMAIL_DSN.replace("Status: 5.0.0", f"Status: {code}").format(reply=reply)
    assert diagnose(report, catalog).results[0].reason == reason


@pytest.mark.parametrize(("code", "reason"), [("5.2.4", "systemerror"), ("5.7.12", "rejected")])
def test_the_permanent_twin_keeps_microsofts_reading(catalog: Catalog, code: str, reason: str) -> None:
    # 4.2.4 and 4.7.12 read as Sisimai's status table names them; their twins, one catalog entry each,
    # keep the reading of Sisimai's Microsoft table (list expansion problem, sender not authenticated).
    report = QMAIL_DSN.replace("Status: 5.0.0", f"Status: {code}").format(reply=f"550 {code} Something odd happened")
    assert diagnose(report, catalog).results[0].reason == reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # 5.7.1 is a vague "not authorized": the words say what the policy was.
        ("550 5.7.1 This message was not accepted due to domain (example.com) owner DMARC policy", "authfailure"),
        ("550 5.7.1 <alice@example.com>: Sender address rejected: Access denied (in reply to MAIL FROM command)", "rejected"),
        ("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", "blocked"),
        ("550 5.2.2 <bob@example.org>: Mailbox full", "mailboxfull"),
        ("552 5.3.4 Message size exceeds fixed limit", "mesgtoobig"),
    ],
)
def test_code_and_wording_together(catalog: Catalog, line: str, reason: str) -> None:
    assert diagnose(line, catalog).results[0].reason == reason


def test_a_providers_own_code_names_its_reason(catalog: Catalog) -> None:
    line = "550-5.2.1 The email account that you tried to reach is disabled. Learn more at https://support.google.com/mail/?p=DisabledUser"
    result = diagnose(line, catalog).results[0]
    assert result.reason == "suspend" and result.page.endswith("#gmail-disabled-user")


KDDI_REPORT = """\
From: Mail Delivery System <MAILER-DAEMON@{reporter}>
Subject: Undelivered Mail Returned to Sender
Content-Type: text/plain

This is the mail system at host {reporter}.

<{recipient}>: host {server}[192.0.2.44] said: {reply} (in reply to end of DATA command)
"""


def kddi(
    catalog: Catalog,
    reply: str,
    recipient: str = "someone@ezweb.ne.jp",
    server: str = "lsean.ezweb.ne.jp",
    reporter: str = "mail.example.com",
) -> Diagnosis:
    text = KDDI_REPORT.format(reply=reply, recipient=recipient, server=server, reporter=reporter)
    return diagnose(text, catalog).results[0]


def test_provider_is_found_by_recipient_domain_then_servers(catalog: Catalog) -> None:
    assert catalog.provider_of(["ezweb.ne.jp", None, None]) == "au / KDDI"
    assert catalog.provider_of(["example.com", "lsean.ezweb.ne.jp", None]) == "au / KDDI"  # the answering server
    assert catalog.provider_of(["example.com", None, "msmx.au.com"]) == "au / KDDI"  # the reporting server
    assert catalog.provider_of(["notezweb.ne.jp", "ezweb.ne.jp.example.com", None]) is None  # whole labels only
    assert catalog.provider_of([None, None, None]) is None


def test_a_providers_reading_of_common_words_applies_only_to_its_mail(catalog: Catalog) -> None:
    # au/KDDI: with the address quoted, "User unknown" is a missing mailbox even after DATA ...
    at_kddi = kddi(catalog, "550 <someone@ezweb.ne.jp>: User unknown")
    assert (at_kddi.reason, at_kddi.hard_bounce, at_kddi.page) == ("userunknown", True, "codes/5.1.1/#kddi-user-unknown")
    # ... without it, the recipient's reception filter refused the mail.
    filtered = kddi(catalog, "550 : User unknown")
    assert (filtered.reason, filtered.hard_bounce, filtered.page) == ("filtered", False, "codes/5.2.1/#kddi-reception-filter")
    # Elsewhere the same words after DATA are read the general way, and no KDDI page is given.
    elsewhere = kddi(catalog, "550 <someone@example.org>: User unknown", recipient="someone@example.org", server="mx.example.org")
    assert elsewhere.reason == "filtered" and "kddi" not in elsewhere.page


def test_a_variant_match_is_summed_up_in_its_own_words(catalog: Catalog) -> None:
    # The entry's summary (5.2.1: a disabled mailbox) would contradict what au/KDDI meant.
    result = kddi(catalog, "550 : User unknown")
    assert result.summaries["en"].startswith("When an au by KDDI customer") and result.summaries["en"].endswith(".")
    assert result.summaries["it"].startswith("Quando un cliente au by KDDI")


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Gmail refused it at `RCPT TO`. Check the address.", "Gmail refused it at `RCPT TO`."),
        (
            "Codes like 5.1.1 and hosts like `cox.net` stay whole, e.g. here. Then more.",
            "Codes like 5.1.1 and hosts like `cox.net` stay whole, e.g. here.",
        ),
        ("One sentence only", "One sentence only"),
    ],
)
def test_first_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


def test_a_providers_own_words_outweigh_a_relaying_mtas_code(catalog: Catalog) -> None:
    reply = "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 : User unknown"
    result = kddi(catalog, reply, server="msmx.au.com")
    assert (result.status, result.reason, result.page) == ("5.1.351", "filtered", "codes/5.2.1/#kddi-reception-filter")


def test_a_plainer_statement_beside_a_providers_reading_wins(catalog: Catalog) -> None:
    result = kddi(catalog, "The user(s) account is disabled. <someone@ezweb.ne.jp>: user unknown")
    assert result.reason == "suspend" and result.page.endswith("#kddi-user-unknown")


@pytest.mark.parametrize(
    ("line", "page", "reason"),
    [
        # The relaying MTA's vague or unrelated status does not hide the provider's own code.
        (
            "<bob@laposte.net>: host smtpz4.laposte.net[160.92.124.66] said: 550 5.5.0 Adresse destinataire invalide. "
            "Invalid recipient. LPN007_416 (in reply to end of DATA command)",
            "codes/5.1.1/#orange-invalid-recipient",
            "userunknown",
        ),
        (
            "<bob@cox.net>: host cxr.mx.a.cloudfilter.net[192.0.2.7] said: 550 5.1.0 <alice@example.com> sender rejected. "
            "AUP#CXBL (in reply to MAIL FROM command)",
            "codes/5.7.1/#cox-ip-blocked",
            "blocked",
        ),
    ],
)
def test_a_providers_own_code_names_the_page_whatever_the_status(catalog: Catalog, line: str, page: str, reason: str) -> None:
    result = diagnose(line, catalog).results[0]
    assert (result.page, result.reason) == (page, reason)


@pytest.mark.parametrize(
    ("sample", "page", "reason"),
    [
        ("mms-gateway-original-only.eml", "codes/5.1.1/#verizon-mms-no-valid-recipients", "userunknown"),
        # "not listed in" the address book is no block list: Domino's own words for an unknown user,
        # named outright as Sisimai's Notes and Domino modules name them (no SMTP stage to go by).
        ("lotus-notes-failure-reasons.eml", "codes/5.1.1/#domino-not-listed-in-directory", "userunknown"),
    ],
)
def test_reports_that_name_no_code(catalog: Catalog, sample: str, page: str, reason: str | None) -> None:
    data = (Path(__file__).parent / "fixtures" / "formats" / sample).read_bytes()
    result = diagnose(data, catalog).results[0]
    assert result.page == page
    assert reason is None or result.reason == reason


@pytest.mark.parametrize(
    ("text", "action"),
    [
        # qmail-remote: the domain has neither an MX nor an address record.
        ("<bob@example.org>:\nSorry, I couldn't find a mail exchanger or IP address. (#5.4.4)\n", "failed"),
        # OpenSMTPD's delay notice for the same lookup, pasted: the one address it names, still being tried.
        (
            "A message is delayed for more than 4 hours for the following\nlist of recipients:\n\nbob@example.org: No MX found for domain\n",
            "delayed",
        ),
    ],
)
def test_a_domain_with_nowhere_to_deliver_does_not_accept_mail(catalog: Catalog, text: str, action: str) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.action) == ("bob@example.org", "notaccept", action)


# An IBM Domino report of our own: Domino folds its X-Notes diagnostic wherever the line is full,
# even inside a word, and wraps the remote server's refusal in "SMTP Protocol Returned a Permanent
# Error".
DOMINO_DSN = """From: Postmaster@notes.contoso.example
To: alice@example.com
Subject: DELIVERY FAILURE: Error transferring to mx1.fabrikam.example
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="==IFJRGLKFGIR25201"

--==IFJRGLKFGIR25201
Content-Type: text/plain; charset=UTF-8

Your message

  Subject: Quarterly figures

was not delivered to:

  luca.bassi@fabrikam.example

because:

  Error transferring to mx1.fabrikam.example; SMTP Protocol Returned a Permanent Error {reply}

--==IFJRGLKFGIR25201
Content-Type: message/delivery-status

Reporting-MTA: dns;notes.contoso.example

Final-Recipient: rfc822;luca.bassi@fabrikam.example
Action: failed
Status: 5.0.0
Remote-MTA: smtp;mx1.fabrikam.example
Diagnostic-Code: X-Notes; Error transferring to mx1.fabri
 kam.example; SMTP Protocol Returned a Permanent Error {reply}

--==IFJRGLKFGIR25201--
"""


@pytest.mark.parametrize(
    ("reply", "status", "reason"),
    [
        ("550 5.1.1 <luca.bassi@fabrikam.example>... User unknown", "5.1.1", "userunknown"),
        # The reply's own words cut by Domino's folding: only its code is left to go by.
        ("550 5.1.1 Unknown R\n ecipient", "5.1.1", "userunknown"),
    ],
)
def test_dominos_transfer_wrapper_leaves_the_cause_to_the_reply_it_carries(catalog: Catalog, reply: str, status: str, reason: str) -> None:
    # "SMTP Protocol Returned a Permanent Error" is in Sisimai's NotAccept list, but Domino writes it
    # before whatever the remote server answered; the reply after it names the cause.
    [result] = diagnose(DOMINO_DSN.format(reply=reply), catalog).results
    assert (result.recipient, result.status, result.reason) == ("luca.bassi@fabrikam.example", status, reason)


def test_the_wrapper_phrase_alone_still_reads_as_not_accepting_mail(catalog: Catalog) -> None:
    [result] = diagnose(postfix_bounce("550 SMTP Protocol Returned a Permanent Error", "RCPT TO"), catalog).results
    assert result.reason == "notaccept"


def test_host_bound_rules_are_not_general_wording(catalog: Catalog) -> None:
    bound = {id(rule) for entry in catalog.entries for v in entry.variants if v.hosts for rule in v.rules}
    assert bound, "the catalog has host-bound provider variants"
    assert not any(id(rule) in bound for rules in catalog.worded.values() for rule in rules)


def test_the_reporting_server_is_the_reports_sender() -> None:
    text = KDDI_REPORT.format(reply="550 Unknown user", recipient="a@example.org", server="mx.example.org", reporter="Bounce.Example.NET")
    assert [f.reporting_host for f in parse_message(text).failures] == ["bounce.example.net"]


def test_a_command_named_above_an_unquoted_recipient_is_its_own() -> None:
    # GMX quotes the address on a line of its own; the error line is the first to name it plainly.
    text = (
        "This message was created automatically by mail delivery software.\n"
        "A message that you sent could not be delivered to one or more of its recipients.\n"
        '"bob@example.org":\nSMTP error from remote server after RCPT command:\nhost: mx.example.org\n'
        "5.2.2 <bob@example.org>... Mailbox Full\n"
    )
    assert [(f.recipient, f.command) for f in parse_message(text).failures] == [("bob@example.org", "RCPT")]


def test_an_exim_reply_with_no_enhanced_status_after_the_host() -> None:
    text = (
        "This message was created automatically by mail delivery software.\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n"
        "  bob@example.org\n"
        "    SMTP error from remote mail server after MAIL FROM:<alice@example.com> SIZE=2048:\n"
        "    host mx4.example.org [192.0.2.22]: 550 NN-222 Messages from 203.0.113.2 are not accepted\n"
    )
    failure = parse_message(text).failures[0]
    assert (failure.recipient, failure.reply, failure.command, failure.remote_host) == ("bob@example.org", "550", "MAIL", "mx4.example.org")


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("SMTP:RCPT host 192.0.2.8: 553 5.3.0 <bob@example.org>... No such user here", "RCPT"),
        ("550 5.7.1 DATA rejected by content filter", "DATA"),
        ("550 DATABASE@EXAMPLE.JP is not a valid address", None),
        ("550 <bob@mail.example.org>: relay via EMAIL.EXAMPLE.COM denied", None),
        ("host mx.example.org said: 550 User unknown (in reply to RCPT TO command) DATA", "RCPT"),  # words first
    ],
)
def test_a_command_named_in_capitals(text: str, command: str | None) -> None:
    assert named_command(text) == command


def test_decide_falls_back_in_sisimai_order() -> None:
    base = Evidence(status=None, status_reason=None, wording=frozenset(), command=None, action="failed")
    assert decide(base) is None
    assert decide(Evidence("4.4.7", "expired", frozenset({"networkerror"}), None, "delayed")) == "networkerror"
    assert decide(Evidence("5.6.0", "contenterror", frozenset(), "DATA", "failed")) == "contenterror"
    assert decide(Evidence("5.7.0", "securityerror", frozenset({"spamdetected"}), "DATA", "failed")) == "spamdetected"
    assert decide(Evidence(None, None, frozenset(), None, "delayed")) == "expired"
    assert decide(Evidence(None, None, frozenset(), "EHLO", "failed")) == "blocked"
    # Wording of an unknown user with a code that is about something else: the code's words win.
    assert decide(Evidence("5.1.1", "userunknown", frozenset({"userunknown", "norelaying"}), "RCPT", "failed")) == "norelaying"
    # A reply code that names the command's syntax (401-407, 501-507), nothing else deciding: as Sisimai's
    # SyntaxError test; a greeting refused so stays the client's block, and 500 / 550 say nothing of syntax.
    for reply, command, reason in (("501", "MAIL", "syntaxerror"), ("503", None, "syntaxerror"), ("404", None, "syntaxerror"),
                                   ("501", "EHLO", "blocked"), ("500", None, None), ("550", None, None)):  # fmt: skip
        assert decide(Evidence("5.0.0", None, frozenset(), command, "failed", reply)) == reason, reply
    # Reply 525, user account disabled (RFC 5248): a suspended account whatever the words, as Sisimai's
    # Suspend test reads it, but not when it answers the sender's own login.
    assert decide(Evidence("5.0.0", None, frozenset({"securityerror"}), "RCPT", "failed", "525")) == "suspend"
    assert decide(Evidence("5.0.0", None, frozenset({"securityerror"}), "AUTH", "failed", "525")) == "securityerror"
    # Answering STARTTLS or the greeting, no mailbox is named yet: the code's own reason stands.
    assert decide(Evidence("5.7.10", "failedstarttls", frozenset(), "STARTTLS", "failed", "525")) == "failedstarttls"
    assert decide(Evidence("5.0.0", None, frozenset({"blocked"}), "EHLO", "failed", "525")) == "blocked"


def test_mostly_foreign_text() -> None:
    assert mostly_foreign("邮件无法发送到您指定的地址中。 <bob@example.org>:")
    assert not mostly_foreign("Your message was rejected: mailbox full. <bob@example.org>")


# --- needles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (r"user (?:unknown|not found)", ["not found", "unknown"]),
        (r"\bno such (?:user|mailbox)\b", ["no such "]),
        (r"(?:over )?quota exceeded", ["quota exceeded"]),
        (r"mailbox (?:is )?full", ["mailbox "]),
        (r"a?b?c?", []),
        (r"Relay access denied", ["relay access denied"]),
        # Letters that match only their own upper and lower case, and scripts without case, make needles;
        # a letter re pairs with others (Greek sigma, Cyrillic ve) ends one.
        (r"\bBenutzer unbekannt\b|\bEmpfänger unbekannt\b", ["benutzer unbekannt", "empfänger unbekannt"]),
        (r"用户不存在|宛先不明", ["宛先不明", "用户不存在"]),
        (r"ΓΡΑΜΜΑΤΟΚΙΒΩΤΙΟ ΠΛΗΡΕΣ", ["ατο"]),  # most Greek letters have a third case-insensitive match
        (r"адрес не найден", [" не най"]),  # д has one too (Cyrillic Extended-C)
    ],
)
def test_rule_needles(pattern: str, needles: list[str]) -> None:
    assert rule_needles(pattern) == needles


def catalog_patterns() -> list[str]:
    return [rule["text"] for loaded in load_catalog_dir() for rule in loaded.data["match"] if rule.get("text")]


def catalog_examples() -> list[str]:
    return [text for loaded in load_catalog_dir() for text in loaded.data["examples"]]


def test_needles_never_rule_out_a_text_the_pattern_matches() -> None:
    """Soundness on every example of the catalog, and on the same texts in upper case and with the
    Unicode letters that case-insensitive matching pairs with ASCII i and s."""
    patterns = [(p, re.compile(p, re.IGNORECASE), rule_needles(p)) for p in catalog_patterns()]
    texts = catalog_examples()
    texts += [t.upper() for t in texts] + [t.replace("s", "\u017f").replace("I", "\u0131") for t in texts]
    checked = 0
    for pattern, compiled, needles in patterns:
        for text in texts:
            if needles and compiled.search(text):
                checked += 1
                assert not needles or any(n in fold(text) for n in needles), (pattern, text)
    assert checked > 300


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="äÄéÉσςΣвВ\u1c80用户 ux", max_size=20))
def test_non_ascii_needles_sound_on_generated_text(core: str) -> None:
    for pattern in (r"(?:ä|é)\w* user|σας ä", r"вв用户|\bÄÉ\b", r"[ä]?x用户"):
        compiled, needles = re.compile(pattern, re.IGNORECASE), rule_needles(pattern)
        for text in (core, f"x{core}ä user", f"ΣΑΣ {core} Ä", f"ᲀВ用户{core}"):
            if compiled.search(text):
                assert not needles or any(n in fold(text) for n in needles), (pattern, text, needles)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeiksuxyz IKS\u017f\u0131\u0130\u212a", max_size=20))
def test_needles_sound_on_generated_text(core: str) -> None:
    for pattern in (r"(?:ski|kis)\w* (?:user|sux)", r"\bus(?:er)? ?kis"):
        compiled, needles = re.compile(pattern, re.IGNORECASE), rule_needles(pattern)
        for text in (core, f"user {core} ski user", f"ki{core}sux"):
            if compiled.search(text):
                assert not needles or any(n in fold(text) for n in needles), (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"(?<!\.\.\. )\buser unknown\b(?! in (?:local|relay) )", ["user unknown"]),  # assertions come first
        (r"\b(?:OFR|LPN|OUK)(?:[A-Z0-9]{3})?[_-]?41[68]", ["lpn", "ofr", "ouk"]),
        (r"(?:mailbox|address) (?:is )?full", ["address", "mailbox"]),  # an anchor ends with its group
        (r"(?:over )?quota exceeded", []),  # a match may open with either
        (r"\w+ unknown", []),
        (r"(?:abc)+ def", ["abc"]),
        (r"no(?:t)? such", []),  # "no" is too short to be worth a search
        (r"\bEmpfänger unbekannt", ["empfänger unbekannt"]),
        (r"ΓΡΑΜΜΑ", []),  # Γ is matched by no other letter, but Ρ is: the anchor "γ" is too short
    ],
)
def test_rule_anchors(pattern: str, anchors: list[str]) -> None:
    assert rule_anchors(pattern) == anchors


def test_anchored_search_finds_what_search_finds(catalog: Catalog) -> None:
    """For every pattern the compiled catalog searches (each rule's, or each of its alternatives),
    on every example of the catalog that holds one of its needles (as the runtime asks: as written,
    in upper case, and with the Unicode letters case-insensitive matching pairs with ASCII i, k and
    s): searching only where an anchor opens answers as searching everywhere; and the anchors the
    catalog carries are those the pattern gives."""
    texts = catalog_examples()
    texts += [t.upper() for t in texts] + [t.replace("s", "\u017f").replace("I", "\u0131").replace("k", "\u212a") for t in texts]
    present = [Needles(text) for text in texts]
    searched = [(rule.needles, rule.pattern, rule.anchors) for _, _, rule in catalog.rules if rule.pattern and not rule.parts]
    searched += [(needles, part, anchors) for _, _, rule in catalog.rules for needles, part, anchors in rule.parts]
    anchored = matched = 0
    for needles, pattern, anchors in searched:
        assert list(anchors) == rule_anchors(pattern), pattern
        if not anchors:
            continue
        anchored += 1
        compiled = re.compile(pattern, re.IGNORECASE)
        for text, held in zip(texts, present, strict=True):
            if needles and not held.any_of(needles):
                continue
            found = compiled.search(text) is not None
            matched += found
            assert anchored_search(compiled, text, held, anchors) == found, (pattern, text)
    assert anchored > 1000 and matched > 1000


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeiksuxyz .IKS\u017f\u0131\u0130\u212aäÄσΣ", max_size=24))
def test_anchored_search_sound_on_generated_text(core: str) -> None:
    """Also where folding changes a text's length (the dotted capital I) and around look-behinds."""
    for pattern in (r"(?<!x )\bski(?:es)?\b", r"(?:use|kis)er ?k", r"(?<![ä.])\bäsk(?!x)", r"(?:kis)+ s"):
        compiled, anchors = re.compile(pattern, re.IGNORECASE), tuple(rule_anchors(pattern))
        assert anchors, pattern
        for text in (core, f"x ski {core} user", f"{core}ÄS. kis", f"x {core}"):
            assert anchored_search(compiled, text, Needles(text), anchors) == (compiled.search(text) is not None), (pattern, text)


def test_candidates_are_every_rule_its_codes_allow_best_first(catalog: Catalog) -> None:
    """RuleIndex.candidates scores rules by kind of status, not rule by rule: it must give what asking
    every rule's ``potential`` gives, for every code the catalog names and codes it does not (each
    class, generic or not), with no reply, a reply no rule names, and every reply the index names."""
    statuses: list[str | None] = [None, *(f"{digit}.{subject}" for digit in "245" for subject in ("0.0", "1.0", "9.99", "7.654"))]
    for _, _, rule in catalog.rules:
        statuses += sorted(rule.statuses) + [f"{prefix}.{number}" for prefix, lo, hi in rule.ranges for number in (lo, hi)]
    compared = 0
    for index in [catalog.general, catalog.by_provider, *(catalog.own_mail_index((host,)) for host in catalog.host_rules)]:
        for status in dict.fromkeys(statuses):
            for reply in [None, "599", *sorted(index.replies)]:
                expected: dict[int, list[int]] = {}
                for order, (_, _, rule) in enumerate(index.rules):
                    potential = rule.potential(status, reply, index.any_status)
                    if potential:
                        expected.setdefault(potential, []).append(order)
                got = [(group.potential, list(group.orders)) for group in index.candidates(status, reply)]
                assert got == sorted(expected.items(), reverse=True), (status, reply)
                compared += 1
    assert compared > 1000


def test_temporary_refusals_that_ended_in_a_bounce_expired() -> None:
    base = dict(status=None, status_reason=None, wording=frozenset(), action="failed")
    assert decide(Evidence(**base, command=None, reply="421")) == "expired"  # type: ignore[arg-type]
    # …unless the server refused the session itself, at the greeting.
    assert decide(Evidence(**base, command="CONN", reply="421")) == "blocked"  # type: ignore[arg-type]
    assert decide(Evidence(**base, command=None, reply="550")) is None  # type: ignore[arg-type]


def test_a_pasted_error_line_alone_does_not_count_as_after_data(catalog: Catalog) -> None:
    # One line says nothing of the SMTP stage: the unknown user stays unknown (and a hard bounce)…
    result = diagnose("550 Unknown user bob@example.org", catalog).results[0]
    assert (result.reason, result.hard_bounce) == ("userunknown", True)
    # …while a whole report that names no command follows Sisimai: not refused at RCPT, so filtered.
    report = (
        "This is a delivery failure notification from mail.example.com.\n\n"
        "Your message could not be delivered to the following recipient:\n\n"
        "<bob@example.org>:\n550 Unknown user bob@example.org\n\n"
        "The remote server refused the message after its content was sent to it.\n"
        "Please check the address and try again.\n"
    )
    assert diagnose(report, catalog).results[0].reason == "filtered"


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        (r"a|b(c|d)", ["a", "b(c|d)"]),
        (r"[|]x|y", ["[|]x", "y"]),
        (r"\|a|b", [r"\|a", "b"]),
        (r"(?:x|y)z", ["(?:x|y)z"]),
        (r"[]|]a|b", ["[]|]a", "b"]),
        (r"(?<!a|b)c|d", ["(?<!a|b)c", "d"]),
    ],
)
def test_top_level_alternatives(pattern: str, parts: list[str]) -> None:
    assert top_level_alternatives(pattern) == parts


def test_rules_searched_by_alternative_answer_as_the_whole_pattern(catalog: Catalog) -> None:
    """Every split rule, on every example of the catalog (and on the examples in upper case): the
    alternatives searched one by one, needles first, agree with one search of the whole pattern."""
    texts = catalog_examples()
    texts += [t.upper() for t in texts]
    split = [rule for _, _, rule in catalog.rules if rule.parts]
    assert len(split) > 50
    agreed = 0
    for rule in split:
        assert rule.text is not None
        for text in texts:
            expected = rule.text.search(text) is not None
            assert rule.matches(text, Needles(text)) is expected, (rule.pattern, text)
            agreed += expected
    assert agreed > 200


def test_the_reporting_mta_names_whose_mail_it_is_when_no_from_does(catalog: Catalog) -> None:
    # A report saved without its From header: the delivery-status part still names the MTA that gave up,
    # and MessageLabs' own "542 <address> Rejected" reads as its unknown recipient.
    report = (
        "Subject: Mail Delivery Failure\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
        "--b1\nContent-Type: text/plain\n\nI was unable to deliver your message to the following addresses:\n\n"
        "bob@example.org\n\nReason: 542 bob@example.org Rejected\n\n"
        "--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; server-7.bemta-3.messagelabs.com\n\n"
        "Action: failed\nFinal-Recipient: rfc822; bob@example.org\nDiagnostic-Code: smtp; 542 bob@example.org Rejected\n"
        "Status: 5.0.0\n\n--b1--\n"
    )
    [result] = diagnose(report, catalog).results
    assert (result.recipient, result.reason, result.hard_bounce) == ("bob@example.org", "userunknown", True)
    assert result.page == "codes/5.1.1/#messagelabs-invalid-recipient"


# Every pattern a needle check guards, with the needles (or, for REMOTE_HOST_RES, the index of its words).
NEEDLE_CHECKED = [
    ("lookalike", "ACTION_RE", "ACTION_NEEDLES"),
    ("lookalike", "WAITING_RE", "WAITING_NEEDLES"),
    ("success", "SUCCESS_HEADING_RE", "SUCCESS_NEEDLES"),
    ("quota", "WARNING_RE", "WARNING_NEEDLES"),
    ("quarantine", "QUARANTINE_WORDS_RE", "QUARANTINE_NEEDLES"),
    ("receipt", "RECEIPT_WORDS_RE", "RECEIPT_NEEDLES"),
    ("generic", "LABELLED_RECIPIENT_RE", "LABEL_NEEDLES"),
    ("generic", "GENERIC_LABEL_RE", "GENERIC_LABEL_NEEDLES"),
    ("words", "REMOTE_RETURNED_RE", "REMOTE_RETURNED_NEEDLES"),
    ("generic", "SENDER_CONTEXT_RE", "SENDER_CONTEXT_NEEDLES"),
    *(("words", f"REMOTE_HOST_RES[{index}]", "") for index in range(13)),
]


def needle_checked(module: str, pattern: str, needles: str) -> tuple[re.Pattern[str], list[tuple[str, ...]]]:
    """The compiled pattern and the needle sets every text it matches must pass."""
    import importlib

    reader = importlib.import_module(f"ndr_atlas.formats.{module}")
    if pattern.startswith("REMOTE_HOST_RES["):
        index = int(pattern[len("REMOTE_HOST_RES[") : -1])
        return reader.REMOTE_HOST_RES[index], [reader.REMOTE_HOST_NEEDLES, reader.REMOTE_HOST_WORDS[index]]
    compiled = getattr(reader, pattern)
    compiled = compiled if isinstance(compiled, re.Pattern) else compiled()
    if pattern == "GENERIC_LABEL_RE":  # its needles stand in its look-ahead, which hypothesis cannot generate through
        compiled = re.compile(positive_lookahead(compiled.pattern), compiled.flags)
    return compiled, [getattr(reader, needles)]


def positive_lookahead(pattern: str) -> str:
    """The body of the first ``(?=…)`` of a pattern: every text the pattern matches opens with a
    match of it, so needles found in every match of the body are found in every match of the pattern."""
    start = pattern.index("(?=") + 3
    depth, at = 1, start
    while depth:
        if pattern[at] == "\\":
            at += 1
        elif pattern[at] == "[":
            at = pattern.index("]", at + 2)
        else:
            depth += {"(": 1, ")": -1}.get(pattern[at], 0)
        at += 1
    return pattern[start : at - 1]


def test_every_remote_host_pattern_has_its_words() -> None:
    from ndr_atlas.formats.words import REMOTE_HOST_RES, REMOTE_HOST_WORDS

    assert len(REMOTE_HOST_RES) == len(REMOTE_HOST_WORDS) == 13


@pytest.mark.parametrize(("module", "pattern", "needles"), NEEDLE_CHECKED)
def test_needle_checks_never_rule_out_a_text_their_pattern_matches(module: str, pattern: str, needles: str) -> None:
    """A reader's cheap substring check (``may_say``, the one needle check of every reader) before
    its pattern must pass every text the pattern matches, within ASCII and beyond."""
    from ndr_atlas.formats.base import may_say

    compiled, needle_sets = needle_checked(module, pattern, needles)

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(compiled, fullmatch=True))
    def check(text: str) -> None:
        assert may_say(text, *needle_sets)

    check()


def postfix_report(host: str, to: str, recipient: str, remote: str, said: str, status: str, diagnostic: str, boundary: str) -> str:
    """A Postfix bounce (our own hosts): ``said`` is the text part's lines about the recipient, under
    "<recipient>: host <remote>…", and the delivery-status part carries the status and diagnostic."""
    return (
        f"From: MAILER-DAEMON@{host} (Mail Delivery System)\nTo: {to}\n"
        "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\n\n'
        f"--{boundary}\nContent-Type: text/plain\n\nThis is the mail system at host {host}.\n\n"
        "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n"
        f"<{recipient}>: host {said}\n\n"
        f"--{boundary}\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; {host}\n\n"
        f"Final-Recipient: rfc822; {recipient}\nAction: failed\nStatus: {status}\n"
        f"Remote-MTA: dns; {remote}\n"
        f"Diagnostic-Code: smtp; {diagnostic}\n\n--{boundary}--\n"
    )


def relayed_to_exchange_online(status: str, said: str, command: str) -> str:
    """A Postfix bounce of a message that Exchange Online refused, as Postfix writes it."""
    remote = "example-org.mail.protection.outlook.com"
    lines = f"{remote}[192.0.2.25] said:\n    550 {status} {said} (in reply to {command} command)"
    return postfix_report("mail.example.com", "alice@example.com", "bob@example.org", remote, lines, status, f"550 {status} {said}", "B1")


@pytest.mark.parametrize("command", ["MAIL FROM", "RCPT TO", "end of DATA"])
def test_a_vendors_own_code_gives_its_entrys_reason(catalog: Catalog, command: str) -> None:
    """Exchange's 5.7.900-999 (a mail flow rule refused the message) is Microsoft's own code: its
    entry's reason stands, as a provider variant's does, whatever generic words the reply holds
    ("message refused" after DATA reads as "rejected" in a standard code's reply)."""
    [result] = diagnose(relayed_to_exchange_online("5.7.901", "Delivery not authorized, message refused", command), catalog).results
    assert (result.status, result.entry, result.reason) == ("5.7.901", "mail-flow-rule-rejected", "policyviolation")
    [expired] = diagnose(
        "550 5.4.300 Message expired -> 451 4.4.397 Error communicating with target host. -> 421 4.4.2 Connection dropped", catalog
    ).results
    assert (expired.entry, expired.reason) == ("message-expired-5-4-300", "expired")


@pytest.mark.parametrize(("command", "reason"), [("MAIL FROM", "rejected"), ("end of DATA", "rejected")])
def test_a_standard_code_is_still_decided_from_the_evidence(catalog: Catalog, command: str, reason: str) -> None:
    """The same words with RFC 3463's 5.7.1 (whose entry says "securityerror"): the words and the
    refused command decide, as before."""
    [result] = diagnose(relayed_to_exchange_online("5.7.1", "Delivery not authorized, message refused", command), catalog).results
    assert (result.status, result.entry, result.reason) == ("5.7.1", "delivery-not-authorized", reason)
    assert catalog.status_reason("5.7.1") != reason


def given_up_after(status: str, reply: str, said: str) -> str:
    """A Postfix bounce sent after the queue lifetime ran out on a temporary refusal (our own hosts)."""
    lines = f"mx.example.org[192.0.2.31] refused to talk to me: {reply} {status}\n    {said}"
    return postfix_report(
        "lists.example.net",
        "choir-bounces@lists.example.net",
        "nora@example.org",
        "mx.example.org",
        lines,
        status,
        f"{reply} {status} {said}",
        "B2",
    )


@pytest.mark.parametrize(
    ("status", "reply", "said", "reason"),
    [
        # Sisimai's status table names a temporary 4.7.1 or 4.2.1 "blocked" where their permanent twins
        # (one catalog entry each) stand for "securityerror" and "filtered".
        ("4.7.1", "450", "<nora@example.org>: delivery refused, come back later", "blocked"),
        ("5.7.1", "550", "<nora@example.org>: delivery refused, come back later", "securityerror"),
        ("4.2.1", "450", "<nora@example.org>: not accepting messages for now", "blocked"),
        ("5.2.1", "550", "<nora@example.org>: not accepting messages for now", "filtered"),
    ],
)
def test_a_temporary_code_stands_for_sisimais_own_reason(catalog: Catalog, status: str, reply: str, said: str, reason: str) -> None:
    [result] = diagnose(given_up_after(status, reply, said), catalog).results
    assert (result.recipient, result.status, result.reason) == ("nora@example.org", status, reason)


def test_a_providers_reason_gives_way_to_the_expiry_and_to_plainer_words() -> None:
    """reasons.provider_reason: a temporary reply the sender gave up retrying is the expiry (a permanent
    one keeps the provider's reason); a provider's "user unknown" on its own hosts gives way to a
    plainer reason its words state, and on a relaying host's code it stands."""

    def evidence(reply: str, gave_up: bool, wording: set[str]) -> Evidence:
        return Evidence(status=None, status_reason=None, wording=wording, command="RCPT", action="failed", reply=reply, gave_up=gave_up)

    assert provider_reason(evidence("450", True, set()), "blocked", own_hosts=False) == "expired"
    assert provider_reason(evidence("550", True, set()), "blocked", own_hosts=False) == "blocked"
    assert provider_reason(evidence("450", False, set()), "blocked", own_hosts=False) == "blocked"
    assert provider_reason(evidence("550", False, {"suspend", "userunknown"}), "userunknown", own_hosts=True) == "suspend"
    assert provider_reason(evidence("550", False, {"suspend", "userunknown"}), "userunknown", own_hosts=False) == "userunknown"
    assert provider_reason(evidence("550", False, {"blocked"}), "userunknown", own_hosts=True) == "userunknown"  # not plainer


# Patterns whose occurrence ``words.found_anywhere`` asks of their plain phrases first (``words.Phrases``).
TAKEN_APART = [("words", "BOUNCE_CUES_RE"), ("words", "DELAY_WORDS_RE")]


@pytest.mark.parametrize(("module", "pattern"), TAKEN_APART)
def test_phrases_taken_apart_find_what_the_whole_pattern_finds(module: str, pattern: str) -> None:
    """``found_anywhere`` answers as ``pattern.search``: in texts that hold a match somewhere among
    other words, in texts that do not, and in the cue text of every fixture."""
    import importlib

    from ndr_atlas.formats.words import Phrases, cue_text, found_anywhere

    compiled = getattr(importlib.import_module(f"ndr_atlas.formats.{module}"), pattern)
    taken_apart = Phrases(compiled)
    assert taken_apart.phrases and taken_apart.rest is not None  # both halves exercised below

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=60), st.from_regex(compiled, fullmatch=True), st.text(max_size=60), st.booleans())
    def check(before: str, matched: str, after: str, keep: bool) -> None:
        text = before + (matched if keep else "") + after
        assert found_anywhere(compiled, text) == (compiled.search(text) is not None)

    check()
    fixtures = Path(__file__).parent / "fixtures"
    for path in sorted(fixtures.rglob("*")):
        if path.is_file():
            text = cue_text(path.read_bytes().decode("utf-8", "replace"))
            assert found_anywhere(compiled, text) == (compiled.search(text) is not None), path


def test_phrases_split_patterns_as_the_build_does_and_keep_what_cannot_be_split_whole() -> None:
    """The runtime's cut of a pattern at its top-level "|" is the build's (``top_level_alternatives``)
    for every pattern of the catalog; a plain phrase is only plain characters (escaped punctuation
    read as itself); a pattern whose alternatives cannot be searched apart is searched whole."""
    from ndr_atlas.catalog import load_catalog
    from ndr_atlas.formats.words import Phrases, found_anywhere, plain_phrase, top_level_branches

    for _, _, rule in load_catalog().rules:
        if rule.pattern:
            assert top_level_branches(rule.pattern) == top_level_alternatives(rule.pattern)
    assert top_level_branches(r"a[|\]]b|c(d|e)|\|x|[]|]y|[^]|]z") == [r"a[|\]]b", "c(d|e)", r"\|x", "[]|]y", "[^]|]z"]
    assert plain_phrase(r"in reply to \(data\)") == "in reply to (data)"
    assert [plain_phrase(branch) for branch in (r"a\d", r"a\b", "colou?r", "a.b", "", r"\_")] == [None] * 6
    for whole in (re.compile("abc|def", re.IGNORECASE), re.compile(r"(a)x|\1y"), re.compile("(?P<a>a)x|(?P=a)y")):
        assert Phrases(whole).rest is whole and not Phrases(whole).phrases
    mixed = re.compile(r"plain words|colou?r|\(550, b'")
    assert Phrases(mixed).phrases == ("plain words", "(550, b'")
    assert [found_anywhere(mixed, text) for text in ("some plain words", "a color", "(550, b'x", "nothing")] == [True, True, True, False]


def test_labelled_recipients_are_tried_only_where_a_label_opens() -> None:
    """Every match of ``LABELLED_RECIPIENT_RE`` in ASCII text opens with one of ``LABEL_OPENINGS``, and
    ``search_at_openings`` finds the match ``search`` finds on every line of every fixture."""
    from ndr_atlas.formats.base import search_at_openings
    from ndr_atlas.formats.generic import LABEL_OPENINGS, LABELLED_RECIPIENT_RE

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(LABELLED_RECIPIENT_RE, fullmatch=True))
    def opens_with_a_label(text: str) -> None:
        label = text[:40]  # (a label in letters beyond ASCII: text searched whole)
        assert not label.isascii() or label.lower().startswith(LABEL_OPENINGS)

    opens_with_a_label()

    def same(line: str) -> None:
        found, expected = search_at_openings(LABELLED_RECIPIENT_RE, line, LABEL_OPENINGS), LABELLED_RECIPIENT_RE.search(line)
        assert (found and (found.span(), found.groupdict())) == (expected and (expected.span(), expected.groupdict())), line

    for path in sorted((Path(__file__).parent / "fixtures").rglob("*")):
        if path.is_file():
            for line in path.read_bytes().decode("utf-8", "replace").split("\n"):
                if "@" in line:  # (recipient_on_line reads no other line)
                    same(line.strip())
    same("Final-Recipient: rfc822; recipient55@example.org (Recipient: bob@example.org)")
    same("I wrote to could-not@example.org; the report: could not be delivered to <bob@example.org>")
