"""The user-facing sentences Exchange and Exchange Online print for each kind of failure, as admins
paste them: often the sentence alone, with no code and no heading. Each one must still give a
failure, on the page of the code Microsoft documents for it, with the code inferred and flagged.

The sentences are the ones Microsoft's pages quote (the 5.x.x troubleshooting articles, the
restricted-users page in English, German, Spanish and Portuguese, the Outlook for Mac size-limit article, the sample NDR of Microsoft
Graph's message resource) or that public pastes show above the code; the report around them is
our own text in Exchange Online's newer layout.
"""

from __future__ import annotations

import pytest

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import diagnose

# (sentence, page, status inferred, reason, hard bounce)
SENTENCES: list[tuple[str, str, str, str, bool]] = [
    (
        "Your message can't be delivered because delivery to this address is restricted.",
        "codes/5.7.1/#exo-sentence-delivery-restricted",
        "5.7.1",
        "securityerror",
        False,
    ),
    (
        "Your message wasn't delivered due to a permission or security issue. It may have been rejected by a "
        "moderator, the address may only accept e-mail from certain senders, or another restriction may be "
        "preventing delivery.",
        "codes/5.7.1/#exo-sentence-delivery-restricted",
        "5.7.1",
        "securityerror",
        False,
    ),
    (
        "Your message couldn't be delivered to a public folder because delivery to this address is restricted to authenticated senders.",
        "codes/5.7.135/#exo-sentence-public-folder-restricted",
        "5.7.135",
        "rejected",
        False,
    ),
    (
        "fabrikam.com couldn’t confirm that your message was sent from a trusted location.",
        "codes/5.7.23/#exo-sentence-spf-untrusted-location",
        "5.7.23",
        "authfailure",
        False,
    ),
    (
        "The recipient's mailbox is full and can't accept messages now. Please try resending your message "
        "later, or contact the recipient directly.",
        "codes/5.2.2/",
        "5.2.2",
        "mailboxfull",
        False,
    ),
    (
        "Your message couldn't be delivered because you weren't recognized as a valid sender. The most common "
        "reason for this is that your email address is suspected of sending spam and it's no longer allowed "
        "to send messages outside of your organization. Contact your email admin for assistance.",
        "codes/5.1.8/",
        "5.1.8",
        "rejected",
        False,
    ),
    (
        "Ihre Nachricht konnte nicht übermittelt werden, weil Sie nicht als gültiger Absender erkannt wurden.",
        "codes/5.1.8/",
        "5.1.8",
        "rejected",
        False,
    ),
    ("No se pudo entregar el mensaje porque el remitente no es válido.", "codes/5.1.8/", "5.1.8", "rejected", False),
    (
        "A mensagem não pôde ser entregue porque você não foi reconhecido como um remetente válido.",
        "codes/5.1.8/",
        "5.1.8",
        "rejected",
        False,
    ),
    (
        "The group vendite only accepts messages from people in its organization or on its allowed senders "
        "list, and your email address isn't on the list.",
        "codes/5.7.1/#exchange-resolver-not-authorized",
        "5.7.1",
        "rejected",
        False,
    ),
    (
        "Your message couldn't be delivered. Despite repeated attempts to deliver your message, querying the "
        "Domain Name System (DNS) for the recipient's domain location information failed.",
        "codes/5.4.7/#exo-sentence-repeated-attempts",
        "5.4.7",
        "expired",
        False,
    ),
    (
        "Your message wasn't delivered. Despite repeated attempts to deliver your message, a connection to "
        "the remote server couldn't be made.",
        "codes/5.4.7/#exo-sentence-repeated-attempts",
        "5.4.7",
        "expired",
        False,
    ),
    (
        "Your message wasn't delivered to anyone because it's too large. The limit is 35 MB. Your message is 48 MB.",
        "codes/5.3.4/#exchange-sentence-too-large",
        "5.3.4",
        "mesgtoobig",
        False,
    ),
    ("Your message couldn't be sent because it's too large.", "codes/5.3.4/#exchange-sentence-too-large", "5.3.4", "mesgtoobig", False),
    (
        "Your message contains invalid characters (bare line feed characters) which the email servers at fabrikam.com don't support.",
        "codes/5.6.11/#exo-sentence-bare-line-feeds",
        "5.6.11",
        "contenterror",
        False,
    ),
    (
        "It appears that your email program added invalid characters (bare line feed characters) into your message when you sent it.",
        "codes/5.6.11/#exo-sentence-bare-line-feeds",
        "5.6.11",
        "contenterror",
        False,
    ),
    (
        "STOREDRV.Submission.Exception:MessageSubmissionExceededException.MapiExceptionMaxSubmissionExceeded; "
        "Message size exceeds maximum size limit.",
        "codes/5.3.4/#exchange-sentence-too-large",
        "5.3.4",
        "mesgtoobig",
        False,
    ),
]

# Exchange Online's newer layout, down to "How to Fix It": the part a user copies from Outlook.
MODERN_NDR = """From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>
Sent: Friday, December 4, 2026 10:05 AM
To: Megan Bowen <megan.bowen@contoso.com>
Subject: Undeliverable: Quarterly figures

Your message to ordini@fabrikam.com couldn't be delivered.
{sentence}
megan.bowen	Office 365	ordini
Sender		Action Required

How to Fix It
Forward this message to your email admin.
"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(("sentence", "page", "status", "reason", "hard"), SENTENCES)
def test_a_sentence_pasted_alone(catalog: Catalog, sentence: str, page: str, status: str, reason: str, hard: bool) -> None:
    report = diagnose(sentence, catalog)
    assert report.kind == "bounce"
    [result] = report.results
    assert (result.page, result.status, result.status_inferred) == (page, status, True)
    assert (result.reason, result.hard_bounce, result.action) == (reason, hard, "failed")


@pytest.mark.parametrize(("sentence", "page", "status", "reason", "hard"), SENTENCES)
def test_a_sentence_inside_a_modern_report(catalog: Catalog, sentence: str, page: str, status: str, reason: str, hard: bool) -> None:
    report = diagnose(MODERN_NDR.format(sentence=sentence), catalog)
    assert report.kind == "bounce"
    [result] = report.results
    assert result.recipient == "ordini@fabrikam.com"
    assert (result.page, result.status, result.status_inferred) == (page, status, True)
    assert (result.reason, result.hard_bounce, result.action) == (reason, hard, "failed")


def test_the_refusal_heading_alone_asks_for_the_rest() -> None:
    """The heading of the layout for a refusal by the recipient's server names no cause: it stays an
    incomplete paste, with a note saying what to paste, never a guessed page."""
    report = diagnose("Your message wasn't delivered because the recipient's email provider rejected it.", load_catalog())
    assert (report.kind, report.results) == ("incomplete", [])


def test_the_public_folder_sentence_is_not_the_restricted_address_one(catalog: Catalog) -> None:
    """Both sentences say "delivery to this address is restricted"; only the longer one is 5.7.135."""
    [result] = diagnose(SENTENCES[2][0], catalog).results
    assert result.page.startswith("codes/5.7.135/")


# The user part of a 5.6.11 report copied without the heading above it: the sentence, then several
# long paragraphs of advice (our own words) that alone name no failure.
BARE_LINE_FEEDS_USER_PART = """Your message contains invalid characters (bare line feed characters) which the email servers at fabrikam.com don't support.

How to Fix It
Lines in a message must end with a carriage return and a line feed. Some scripts, scanners and older programs end them with a line feed alone, and such a message can only travel to a server that offers chunking, which this one does not offer.

Send the message again from a different program, or ask the person who looks after the device that created it to update it. If that is not possible, ask the recipient's email admin whether their server can accept chunked transfers, and forward this report to your own email admin if you need more help with it.

Microsoft 365 does not change the line endings of a message on its way out, because doing so would break the signatures that prove where it came from.
"""


def test_the_bare_line_feeds_user_part_copied_without_its_heading(catalog: Catalog) -> None:
    report = diagnose(BARE_LINE_FEEDS_USER_PART, catalog)
    assert report.kind == "bounce"
    [result] = report.results
    assert (result.page, result.status, result.reason, result.hard_bounce) == (
        "codes/5.6.11/#exo-sentence-bare-line-feeds",
        "5.6.11",
        "contenterror",
        False,
    )
