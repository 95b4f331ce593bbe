"""What admins paste: a report's readable text copied out of a mail client, without its headers or
the delivery-status part that the client shows as an attachment.

The texts below are our own, written after the layouts the MTAs print (Postfix's bounce template,
an Exchange-style heading, a Gmail-style notice).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import diagnose

# Postfix's default bounce template wraps its sentences at 70 columns, so the words that say "this
# is a report" are split over two lines; the failure is an address and words, with no SMTP code.
POSTFIX_NO_CODE = """This is the mail system at host mx2.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<giulia.rossi@contoso-typo.example>: Host or domain name not found. Name service
    error for name=contoso-typo.example type=A: Host not found
"""

POSTFIX_REMOTE_REPLY = """This is the mail system at host relay.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<marco.villa@fabrikam.com> (expanded from <sales@example.net>): host
    mx1.fabrikam.com[203.0.113.25] said: 550 5.1.1 <marco.villa@fabrikam.com>:
    Recipient address rejected: User unknown in virtual mailbox table (in reply
    to RCPT TO command)
"""

# Gmail's notices as its web page shows them: the address in a sentence, the server's words below.
GMAIL_NOT_FOUND = """** Address not found **

Your message wasn't delivered to anna.neri@fabrikam-typo.example because the domain fabrikam-typo.example couldn't be found. Check for typos or unnecessary spaces and try again.

The response was:

DNS Error: 21377 DNS type 'mx' lookup of fabrikam-typo.example responded with code NXDOMAIN
Domain name not found: fabrikam-typo.example
"""
GMAIL_DELAYED = """** Delivery incomplete **

There was a temporary problem delivering your message to paolo.conti@example.org. Gmail will retry for 45 more hours. You'll be notified if the delivery fails permanently.

The response was:

The recipient server did not accept our requests to connect. [mx.example.org 198.51.100.7: timed out]
"""
POSTFIX_DELAYED = """This is the mail system at host mail.example.net.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<luca.fontana@example.com>: connect to mx.example.com[192.0.2.40]:25: Connection
    timed out
"""

# An address whose local part starts with a label's word ("recipient…", "destinatario…").
POSTFIX_LABEL_LIKE_ADDRESS = """The mail system

<recipient.desk@fabrikam.com>: host mx.fabrikam.com[203.0.113.9] said: 550
    5.7.1 <noreply@example.net> sender rejected (in reply to MAIL FROM command)
<destinatario2@fabrikam.com>: host mx.fabrikam.com[203.0.113.9] said: 550 5.1.1
    unknown user (in reply to RCPT TO command)
"""
# Sendmail's transcript, pasted from the report's body: only its section rules say it is a report.
SENDMAIL_TRANSCRIPT = """   ----- Transcript of session follows -----
550 fabrikam-old.example (smtp)... 550 Host unknown
554 <chiara.russo@fabrikam-old.example>... 550 Host unknown (Authoritative answer from name server)

   ----- Unsent message follows -----
"""
LISTED_UNDER_A_SENTENCE = """An error occurred while trying to deliver the mail to the following recipients:
ugo.marino@example.com
"""

# The words of a report whose recipient and reply are only in its attachment.
WORDS_ONLY = [
    "This message could not be delivered.\n",
    "Delivery has failed to these recipients or groups:\n\nThe message couldn't be delivered. Please try again later.\n",
    "Il messaggio non è stato recapitato.\n\nThis is an automatically generated Delivery Status Notification.\n",
]

CHAT = [
    "Ciao Luca, ci vediamo domani alle 10 per la revisione del contratto?\n",
    # A reply that mentions bounces far below its first lines is a conversation, not a report.
    "Hello team,\n\n" + "Notes from the weekly meeting follow.\n" * 120 + "Last week one newsletter was undeliverable.\n",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_postfix_report_text_with_no_code(catalog: Catalog) -> None:
    report = diagnose(POSTFIX_NO_CODE, catalog)
    assert report.kind == "bounce"
    [failure] = report.results
    assert failure.recipient == "giulia.rossi@contoso-typo.example"
    assert failure.reason == "hostunknown" and failure.hard_bounce
    assert failure.status_inferred
    assert failure.diagnostic.startswith("<giulia.rossi@contoso-typo.example>: Host or domain name not found")  # not the signature above


def test_postfix_report_text_with_the_remote_reply(catalog: Catalog) -> None:
    [failure] = diagnose(POSTFIX_REMOTE_REPLY, catalog).results
    assert failure.recipient == "marco.villa@fabrikam.com"
    assert (failure.reply_code, failure.status, failure.reason) == ("550", "5.1.1", "userunknown")
    assert failure.remote_host == "mx1.fabrikam.com"
    assert failure.command == "RCPT"


def test_gmail_notice_names_its_recipient_in_a_sentence(catalog: Catalog) -> None:
    [failure] = diagnose(GMAIL_NOT_FOUND, catalog).results
    assert failure.recipient == "anna.neri@fabrikam-typo.example"
    assert failure.page == "codes/5.4.4/#gmail-dns-error" and failure.permanent
    assert "responded with code NXDOMAIN" in failure.diagnostic


@pytest.mark.parametrize(("text", "recipient"), [(GMAIL_DELAYED, "paolo.conti@example.org"), (POSTFIX_DELAYED, "luca.fontana@example.com")])
def test_a_delay_notice_without_codes_is_a_delay(catalog: Catalog, text: str, recipient: str) -> None:
    [result] = diagnose(text, catalog).results
    assert result.recipient == recipient
    assert (result.action, result.permanent, result.hard_bounce) == ("delayed", False, False)
    assert result.verdict("en").startswith("Temporary failure")


def test_a_failure_without_codes_stays_permanent(catalog: Catalog) -> None:
    [result] = diagnose(POSTFIX_NO_CODE, catalog).results
    assert (result.action, result.permanent) == ("failed", True)


def test_an_address_that_starts_like_a_label_is_read_whole(catalog: Catalog) -> None:
    results = diagnose(POSTFIX_LABEL_LIKE_ADDRESS, catalog).results
    assert [(r.recipient, r.command) for r in results] == [("recipient.desk@fabrikam.com", "MAIL"), ("destinatario2@fabrikam.com", "RCPT")]


def test_sendmail_transcript_pasted_alone(catalog: Catalog) -> None:
    [result] = diagnose(SENDMAIL_TRANSCRIPT, catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("chiara.russo@fabrikam-old.example", "550", "hostunknown")


def test_recipients_listed_under_a_sentence(catalog: Catalog) -> None:
    [result] = diagnose(LISTED_UNDER_A_SENTENCE, catalog).results
    assert result.recipient == "ugo.marino@example.com" and result.permanent


@pytest.mark.parametrize("text", WORDS_ONLY)
def test_a_reports_words_without_details_say_what_to_paste(catalog: Catalog, text: str) -> None:
    report = diagnose(text, catalog)
    assert (report.kind, report.results) == ("incomplete", [])
    assert ".eml" in report.note("en") and ".msg" in report.note("en") and "Show original" in report.note("en")
    assert "Mostra originale" in report.note("it") and "allegato" in report.note("it")


@pytest.mark.parametrize("text", CHAT)
def test_ordinary_mail_is_no_report(catalog: Catalog, text: str) -> None:
    report = diagnose(text, catalog)
    assert (report.kind, report.results) == ("not-bounce", [])
    assert report.note("en").startswith("No delivery failure found")


def test_the_cli_names_the_incomplete_paste_in_both_languages() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ndr_atlas", "diagnose", *args, "-"], input=WORDS_ONLY[0], capture_output=True, text=True, timeout=120
        )

    as_json = run("--json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == {"file": "-", "bounce": False, "kind": "incomplete", "results": []}
    assert "Drop the report itself here" in run().stdout
    assert "Trascinate qui il rapporto stesso" in run("--lang", "it").stdout
