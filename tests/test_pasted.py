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
