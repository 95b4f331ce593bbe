"""A webmail provider's outgoing server refusing the sender's own account or message, as mail
libraries and web mail print the refusal: Zoho Mail's "550 5.4.6 Unusual sending activity
detected" (an outgoing-mail block of the account, not the routing loop RFC 3463 gives 5.4.6) and
Yahoo's "554 6.6.0 Error sending message for delivery" (a class-6 number, no RFC 3463 status).
The texts are ours: our addresses, hosts and wording around the providers' replies."""

from __future__ import annotations

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import Diagnosis, diagnose
from ndr_atlas_build.compile import compile_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def failures(text: str, catalog: Catalog) -> list[Diagnosis]:
    return [d for d in diagnose(text.encode("utf-8"), catalog).results if d.action == "failed"]


ZOHO_PAGE = "codes/5.4.6/#zoho-unusual-sending-activity"
YAHOO_PAGE = "codes/554/#yahoo-error-sending-message"


@pytest.mark.parametrize(
    "text",
    [
        # A PHP mailer's exception in an application log, the reply's HTML links kept.
        '[2026-03-04 09:12:55] local.ERROR: Expected response code "250" but got code "550", with message '
        '"550 5.4.6 Unusual sending activity detected. <a href=https://www.zoho.com/mail/help/usage-policy.html '
        'target=_blank>Learn more.</a> To unblock <a href=https://mail.zoho.com/UnblockMe target=_blank>Click here.</a>"\n',
        # Zoho's web mail, as a user quotes it in a forum post.
        "Since this morning every message I send from my Zoho account ends with:\n\n"
        "Unable to send message;Reason:550 5.4.6 Unusual sending activity detected.\n\n"
        "I only sent the monthly invoices to our clients. How do I get it unblocked?\n",
    ],
)
def test_zoho_unusual_sending_activity_is_the_account_block_page(catalog: Catalog, text: str) -> None:
    (d,) = failures(text, catalog)
    assert d.page == ZOHO_PAGE
    assert d.status == "5.4.6"
    assert d.reply_code == "550"
    # No phrase list holds the words: the 5.4.6 status decides, as Sisimai's status table does.
    assert d.reason == "networkerror"
    assert d.hard_bounce is False


def test_a_real_routing_loop_keeps_the_loop_page(catalog: Catalog) -> None:
    text = (
        "<info@example.org>: mail for example.org loops back to myself\n"
        "Final-Recipient: rfc822; info@example.org\nAction: failed\nStatus: 5.4.6\n"
        "Diagnostic-Code: X-Postfix; mail forwarding loop for info@example.org\n"
    )
    (d,) = failures(text, catalog)
    assert d.status == "5.4.6"
    assert d.page != ZOHO_PAGE


@pytest.mark.parametrize(
    ("text", "reply", "command"),
    [
        # Nodemailer's error as a Node application prints it (the reply after the message data).
        (
            "Mailer failed for order 10442\n"
            "Error: Message failed: 554 6.6.0 Error sending message for delivery.\n"
            "    at SMTPConnection._formatError (/srv/shop/node_modules/nodemailer/lib/smtp-connection/index.js:790:19)\n",
            "554",
            "DATA",
        ),
        # A .NET client's exception quoted in prose, with no reply code.
        (
            "Sending through smtp.mail.yahoo.com on port 587 now fails with "
            "`MailKit.Net.Smtp.SmtpCommandException: 6.6.0 Error sending message for delivery` "
            "although the login succeeds and the message shows up in Drafts.\n",
            None,
            None,
        ),
    ],
)
def test_yahoo_error_sending_message(catalog: Catalog, text: str, reply: str | None, command: str | None) -> None:
    (d,) = failures(text, catalog)
    assert d.page == YAHOO_PAGE
    assert d.reason == "rejected"
    assert d.reply_code == reply
    assert d.command == command
    # 6.6.0 is no RFC 3463 status: never reported as the failure's status.
    assert d.status != "6.6.0"
    assert d.status is None or d.status_inferred
    assert d.hard_bounce is False
