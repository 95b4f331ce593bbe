"""Mail that is no delivery failure is never reported as one, and says what it is and which address
it concerns; recipients are found in every form reports write them.

The samples are ours (tests/fixtures/formats/nf-*.eml, rcpt-*.eml), written after the layouts of
challenge-response filters, read receipts, auto-replies, delivery and delay notices, list servers and
people's replies; test_formats.py's TABLE holds their kind and failures, this file what else they say.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas.formats import words
from ndr_atlas_build.compile import compile_catalog

REPO = Path(__file__).resolve().parents[1]
FORMATS = Path(__file__).parent / "fixtures" / "formats"

# file, kind, the addresses it names with their action.
ADDRESSES: list[tuple[str, str, list[tuple[str | None, str | None]]]] = [
    ("nf-challenge-guest-list-dsn.eml", "challenge", [("giulia.marchetti@example.net", None)]),
    ("nf-challenge-verify-link.eml", "challenge", [("marco.deluca@example.net", None)]),
    ("nf-challenge-held-until-confirm.eml", "challenge", [("luisa.conte@example.net", None)]),
    ("nf-challenge-spam-blocker-de.eml", "challenge", [("jonas.weber@fabrikam.de", None)]),
    ("nf-challenge-mittenti-autorizzati-it.eml", "challenge", [("roberta.galli@example.it", None)]),
    ("nf-challenge-server-confirmation-dsn.eml", "challenge", [("amministrazione@fabrikam.example", None)]),
    ("nf-mdn-displayed.eml", "read-receipt", [("paola.serra@example.net", "displayed")]),
    ("nf-mdn-not-read-exchange.eml", "read-receipt", [("andrea.colombo@contoso.com", "deleted")]),
    ("nf-read-receipt-text-de.eml", "read-receipt", [("sabine.krueger@fabrikam.de", "displayed")]),
    ("nf-autoreply-de-outlook.eml", "vacation", [("lena.schulz@fabrikam.de", None)]),
    ("nf-autoreply-fr-xautoreply.eml", "vacation", [("hugo.lefevre@example.fr", None)]),
    ("nf-autoreply-es-no-headers.eml", "vacation", [("lucia.romero@example.es", None)]),
    ("nf-autoreply-ja.eml", "vacation", [("sato.hanako@example.jp", None)]),
    ("nf-autoreply-delivery-subject-en.eml", "vacation", [("tom.baker@contoso.com", None)]),
    ("nf-relayed-dsn.eml", "delivered", [("archivio@legacy.example.net", "relayed")]),
    ("nf-delivered-exchange-it.eml", "delivered", [("soci@contoso.com", "delivered")]),
    ("nf-helpdesk-reply-quoting.eml", "quoted", [("ordini@fabrikam.example", None)]),
    ("nf-reply-outlook-quoting-en.eml", "quoted", [("partner@auditors.example", None)]),
]
NOTES = {"challenge": "challenge-response", "read-receipt": "read receipt", "quoted": "quotes a delivery error"}
NOTES_IT = {"challenge": "verifica del mittente", "read-receipt": "conferma di lettura", "quoted": "cita un errore"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def sample(name: str) -> bytes:
    return (FORMATS / name).read_bytes()


@pytest.mark.parametrize(("name", "kind", "expected"), ADDRESSES, ids=[name for name, _, _ in ADDRESSES])
def test_a_non_failure_says_what_it_is_and_names_its_address(
    catalog: Catalog, name: str, kind: str, expected: list[tuple[str | None, str | None]]
) -> None:
    report = diagnose(sample(name), catalog)
    assert (report.kind, report.results) == (kind, [])
    assert [(a.address, a.action) for a in report.addresses] == expected
    if kind in NOTES:
        assert NOTES[kind] in report.note("en") and NOTES_IT[kind] in report.note("it")


def test_the_vendors_name_is_not_needed_to_see_a_challenge(catalog: Catalog) -> None:
    """The words decide: the same notice from an unknown service is still a challenge."""
    data = sample("nf-challenge-verify-link.eml").replace(b"spamarrest.com", b"filter.example.net")
    assert diagnose(data, catalog).kind == "challenge"


def test_a_persons_own_mail_about_confirming_is_no_challenge(catalog: Catalog) -> None:
    """Challenge words in a mail a person wrote (no automated headers, no report) say nothing."""
    data = sample("nf-challenge-mittenti-autorizzati-it.eml")
    data = data.replace(b"Filtro antispam <no-reply@filtro.example.it>", b"Roberta Galli <roberta.galli@example.it>")
    assert diagnose(data, catalog).kind == "not-bounce"


@pytest.mark.parametrize(
    "refusal",
    [
        "Recipient address rejected: User unknown.",
        # A restricted group's refusal names a list of allowed senders, but asks nothing of the sender.
        "5.7.1 The group only accepts messages from people on its allowed senders list.",
    ],
)
def test_a_real_refusal_with_the_same_layout_is_still_a_failure(catalog: Catalog, refusal: str) -> None:
    """The confirmation request replaced by an ordinary refusal: the same DSN is a failure again."""
    data = sample("nf-challenge-server-confirmation-dsn.eml").decode("utf-8")
    data, count = re.subn(r"Sending server requires confirmation.*?mail\s+server\.", refusal, data, flags=re.DOTALL)
    assert count == 2  # the text part and the Diagnostic-Code
    report = diagnose(data, catalog)
    assert [r.recipient for r in report.results] == ["amministrazione@fabrikam.example"]


def test_a_sieve_reject_mdn_is_a_failure_not_a_receipt(catalog: Catalog) -> None:
    """RFC 5429: a Sieve "reject" answers with an MDN whose disposition is automatic and "deleted"."""
    data = sample("nf-mdn-displayed.eml").replace(
        b"manual-action/MDN-sent-manually; displayed", b"automatic-action/MDN-sent-automatically; deleted"
    )
    data = data.replace(
        b"This is a Return Receipt for the mail that you sent to paola.serra@example.net.",
        b"Your message to <paola.serra@example.net> was automatically rejected:\nMailbox quota exceeded",
    )
    report = diagnose(data, catalog)
    assert report.kind == "bounce" and [r.recipient for r in report.results] == ["paola.serra@example.net"]


def test_a_reply_whose_own_words_hold_the_report_is_read_as_one(catalog: Catalog) -> None:
    """A gateway that put "RE:" before a report's subject: no quoting, so the report is read."""
    text = sample("nf-helpdesk-reply-quoting.eml").decode("utf-8")
    head, _, body = text.partition("\n\n")
    own = body.split("Il 04/12/2026")[1].split("\n", 1)[1].replace("> ", "").replace(">\n", "\n")
    report = diagnose(head + "\n\n" + own, catalog)
    assert report.kind == "bounce" and [r.recipient for r in report.results] == ["ordini@fabrikam.example"]


def test_a_reply_with_the_bounce_attached_is_read_from_the_attachment(catalog: Catalog) -> None:
    """A reply that carries the bounce as an attached message is not "quoted": the attachment is read."""
    reply = sample("nf-helpdesk-reply-quoting.eml").decode("utf-8")
    head, _, body = reply.partition("\n\n")
    head = head.replace("Content-Type: text/plain; charset=utf-8; format=flowed", 'Content-Type: multipart/mixed; boundary="b1"')
    bounce = sample("postfix-dsn.eml").decode("utf-8")
    mail = f'{head}\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n{body}\n--b1\nContent-Type: message/rfc822\n\n{bounce}\n--b1--\n'
    report = diagnose(mail, catalog)
    assert report.attached and [r.recipient for r in report.results] == ["luca.bianchi@example.net", "sara.conti@example.com"]


@pytest.mark.parametrize("name", ["nf-delayed-sendmail-dsn.eml", "nf-delayed-exim-warning.eml"])
def test_a_delay_warning_is_delayed_not_failed(catalog: Catalog, name: str) -> None:
    (result,) = diagnose(sample(name), catalog).results
    assert (result.action, result.permanent, result.hard_bounce) == ("delayed", False, False)


def test_a_permanent_error_in_a_delay_subject_stays_failed(catalog: Catalog) -> None:
    """Only temporary errors become "delayed": a 5xx named in a warning is still a failure."""
    data = sample("nf-delayed-exim-warning.eml").replace(b"451 4.7.1 Greylisted, please try again later", b"550 5.1.1 User unknown")
    (result,) = diagnose(data, catalog).results
    assert (result.action, result.status) == ("failed", "5.1.1")


@pytest.mark.parametrize(
    ("subject", "delay"),
    [
        ("Warning: message 1vQwAb delayed 24 hours", True),
        ("Delayed Mail (still being retried)", True),
        ("Zustellung verzögert: Angebot", True),
        ("Recapito ritardato: Offerta", True),
        ("Undelivered Mail Returned to Sender", False),
    ],
)
def test_delay_subjects(subject: str, delay: bool) -> None:
    assert words.is_delay_notice(subject, "") is delay


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ndr_atlas", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_cli_names_the_address_of_each_kind() -> None:
    files = [f"tests/fixtures/formats/{name}" for name in ("nf-challenge-held-until-confirm.eml", "nf-mdn-displayed.eml")]
    proc = run_cli("diagnose", "--json", *files)
    assert proc.returncode == 0, proc.stderr
    objects = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(o["kind"], o["bounce"], o["addresses"]) for o in objects] == [
        ("challenge", False, [{"address": "luisa.conte@example.net", "action": None, "feedback_type": None}]),
        ("read-receipt", False, [{"address": "paola.serra@example.net", "action": "displayed", "feedback_type": None}]),
    ]
    summary = run_cli("diagnose", "--summary", *files).stdout
    assert "challenge: luisa.conte@example.net" in summary and "read-receipt displayed: paola.serra@example.net" in summary
    readable = run_cli("diagnose", "--lang", "it", files[0]).stdout
    assert "verifica del mittente" in readable and "luisa.conte@example.net" in readable


# (file, its heading above the failed recipients) — masqmail's wordings (words.FAILED_RECIPIENTS_HEADINGS).
HEADINGS = [
    ("rcpt-heading-de.eml", "Die Zustellung zu den folgenden Empfängern ist permanent fehlgeschlagen:"),
    ("rcpt-heading-fr.eml", "L'expédition vers les destinataires suivants a échoué et a été abandonnée :"),
    ("rcpt-heading-it.eml", "L'invio ai seguenti destinatari è fallito in modo permanente:"),
]


@pytest.mark.parametrize(("name", "heading"), HEADINGS, ids=[name for name, _ in HEADINGS])
def test_a_localized_heading_is_what_says_it_is_a_report(catalog: Catalog, name: str, heading: str) -> None:
    """The German and French samples carry no failure word we know besides their heading: without it,
    nothing says the listed address failed (the Italian one says "inesistente", a known word)."""
    text = sample(name).decode("utf-8")
    assert heading in text and diagnose(text, catalog).bounce
    if not name.endswith("-it.eml"):
        assert diagnose(text.replace(heading, "Hinweis:"), catalog).kind == "not-bounce"


def test_every_localized_heading_is_a_report_cue() -> None:
    for heading in words.FAILED_RECIPIENTS_HEADINGS:
        assert words.has_bounce_cues(f"Mail\n{heading.capitalize()}:\n")


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        (
            "rcpt-heading-de.eml",
            "Die Zustellung zu den folgenden Empfängern ist permanent fehlgeschlagen:",
            "Die Mail konnte bis jetzt zu folgenden Empfängern nicht zugestellt werden:",
        ),
        (
            "rcpt-heading-fr.eml",
            "L'expédition vers les destinataires suivants a échoué et a été abandonnée :",
            "L'expédition vers les destinataires suivants a été différée :",
        ),
    ],
)
def test_a_localized_warning_is_delayed(catalog: Catalog, name: str, old: str, new: str) -> None:
    text = sample(name).decode("utf-8").replace(old, new)
    (result,) = diagnose(text, catalog).results
    assert result.action == "delayed"


def test_cli_json_says_a_delay_warning_is_delayed() -> None:
    proc = run_cli("diagnose", "--json", "tests/fixtures/formats/nf-delayed-exim-warning.eml", "tests/fixtures/formats/postfix-dsn.eml")
    assert proc.returncode == 0, proc.stderr
    objects = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [[(r["recipient"], r["action"]) for r in o["results"]] for o in objects] == [
        [("listini@fabrikam.example", "delayed")],
        [("luca.bianchi@example.net", "failed"), ("sara.conti@example.com", "failed")],
    ]


def test_an_auto_reply_quoting_a_bounce_is_still_an_auto_reply(catalog: Catalog) -> None:
    """The bounce under the auto-reply's quoted original is its writer's, not the sender's: no failure."""
    quoted = (
        "\n-----Original Message-----\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
        "Sent: Monday, 30 November 2026 08:00\nTo: lena.schulz@fabrikam.de\nSubject: Undelivered Mail Returned to Sender\n\n"
        "<bob@example.net>: host mx.example.net[203.0.113.5] said: 550 5.1.1 <bob@example.net>:\n"
        "    Recipient address rejected: User unknown (in reply to RCPT TO command)\n"
    )
    report = diagnose(sample("nf-autoreply-de-outlook.eml").decode("utf-8") + quoted, catalog)
    assert (report.kind, report.results) == ("vacation", [])
