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
from ndr_atlas.formats.base import Source
from ndr_atlas.mime import parse_mime
from ndr_atlas_build.compile import compile_catalog

REPO = Path(__file__).resolve().parents[1]
FORMATS = Path(__file__).parent / "fixtures" / "formats"

# file, kind, the addresses it names with their action.
ADDRESSES: list[tuple[str, str, list[tuple[str | None, str | None]]]] = [
    ("nf-challenge-guest-list-dsn.eml", "challenge", [("giulia.marchetti@example.net", None)]),
    ("nf-challenge-verify-link.eml", "challenge", [("marco.deluca@example.net", None)]),
    # cPanel BoxTrapper's notice: the protected address rides in its link ("bxd.cgi?a=…&id=…"), read
    # alone, not glued to the link's path (wild set 45).
    ("nf-challenge-verify-link-param.eml", "challenge", [("davide.ricci@example.net", None)]),
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
    ("nf-autoreply-body-only-en.eml", "vacation", [("martin.hale@fabrikam.example", None)]),
    ("nf-autoreply-body-only-foreign-subject.eml", "vacation", [("ilze.berzina@example.lv", None)]),
    ("nf-relayed-dsn.eml", "delivered", [("archivio@legacy.example.net", "relayed")]),
    ("nf-delivered-exchange-it.eml", "delivered", [("soci@contoso.com", "delivered")]),
    ("nf-helpdesk-reply-quoting.eml", "quoted", [("ordini@fabrikam.example", None)]),
    ("nf-reply-outlook-quoting-en.eml", "quoted", [("partner@auditors.example", None)]),
    ("nf-helpdesk-ticket-en.eml", "quoted", [("ordini@fabrikam.example", None)]),
    # ZoneMTA's "from=newsletter@… to=acquisti@…": the address quoted is the to= field's, not from='s.
    ("nf-zonemta-log-in-helpdesk-mail.eml", "quoted", [("acquisti@northwind.example", None)]),
    ("nf-read-receipt-outlook-en.eml", "read-receipt", [("giorgio.ferri@fabrikam.com", "displayed")]),
    ("nf-read-receipt-outlook-it.eml", "read-receipt", [("anna.villa@contoso.com", "displayed")]),
    ("nf-autoreply-it-outlook.eml", "vacation", [("giulia.marchetti@contoso.com", None)]),
    ("nf-autoreply-pt-noheaders.eml", "vacation", [("rita.sousa@example.pt", None)]),
    ("nf-autoreply-nl-xautoreply.eml", "vacation", [("sanne.devries@example.nl", None)]),
    ("nf-expanded-dsn.eml", "delivered", [("tutti@example.org", "expanded")]),
    ("nf-dmarc-failure-arf.eml", "feedback", [("elena.ricci@example.org", None)]),
    ("nf-list-moderation-held.eml", "list-notice", [("marco@example.org", None)]),
    ("nf-list-probe-mlmmj.eml", "list-notice", [("paolo@example.net", None)]),
    ("nf-list-subscribe-confirm.eml", "list-notice", [("giada@example.org", None)]),
    ("nf-list-probe-mailman.eml", "list-notice", [("marco@example.org", None)]),
    ("nf-list-welcome-mailman.eml", "list-notice", [("giada@example.org", None)]),
    ("nf-relayed-dsn-fields-paste.txt", "delivered", [("archivio@example.com", "relayed")]),
    ("nf-iis-relayed-text.eml", "delivered", [("clienti@example.com", "relayed")]),
    ("nf-iis-succeeded-paste.txt", "delivered", [("clienti@example.com", "delivered")]),
    ("nf-quarantine-m365-en.eml", "quarantine", [("sara.conti@contoso.com", None)]),
    ("nf-quarantine-m365-it.eml", "quarantine", [("marco.esposito@fabrikam.com", None)]),
    ("nf-quarantine-digest-subject-paste.txt", "quarantine", []),
    (
        "nf-recall-report-en.eml",
        "recall",
        [
            ("giorgio.ferri@contoso.com", "recalled"),
            ("anna.villa@contoso.com", "not-recalled"),
            ("ufficio.acquisti@fabrikam.com", "not-recalled"),
        ],
    ),
    ("nf-recall-failure-classic-en.eml", "recall", [("anna.villa@contoso.com", "not-recalled")]),
    # The request names no address of its own: it goes to everyone the message went to.
    ("nf-recall-request-en.eml", "recall", []),
    # The same request passed on by a mailing list, with the list's List-Unsubscribe (and, from Mailman,
    # its List-Post and footer): still the recall's, not a newsletter or a person's post (wild set 197).
    ("nf-recall-request-list-unsubscribe-en.eml", "recall", []),
    ("nf-recall-request-list-en.eml", "recall", []),
    ("nf-quota-warning-m365-en.eml", "quota-warning", [("sara.conti@contoso.com", None)]),
    ("nf-quota-warning-exchange-it.eml", "quota-warning", [("carla.rossi@contoso.com", None)]),
    # Reports about domains, not mailboxes; mail whose addresses are its target or its examples.
    ("nf-dmarc-aggregate-zip.eml", "dmarc-report", []),
    ("nf-dmarc-aggregate-gzip.eml", "dmarc-report", []),
    ("nf-dmarc-aggregate-pasted.xml", "dmarc-report", []),
    ("nf-tlsrpt-gzip.eml", "tls-report", []),
    ("nf-tlsrpt-pasted.json", "tls-report", []),
    ("nf-phishing-fake-ndr-en.eml", "suspicious", []),
    ("nf-phishing-fake-ndr-it-paste.txt", "suspicious", []),
    # Pasted without headers (wild set 16): each says what it is; a paste names an address only where its
    # own fields or greeting do.
    ("nf-phishing-fake-ndr-diagnostic-paste.txt", "suspicious", []),
    ("nf-phishing-pending-click-paste.txt", "suspicious", []),
    # Titled by "pending" mails, not as a bounce: the address it names is its target, not read.
    ("nf-phishing-pending-emails.eml", "suspicious", []),
    ("nf-phishing-pending-mails-paste.txt", "suspicious", []),
    # A mail worm's fake bounce (W32/Sober's template), pasted plain and as a ticket import escaped it.
    ("nf-worm-fake-bounce-paste.txt", "suspicious", []),
    ("nf-worm-fake-bounce-escaped-paste.txt", "suspicious", []),
    ("nf-quota-exceeded-owner-paste.txt", "quota-warning", [("giulia.ferri@example.it", None)]),
    ("nf-quota-warning-exchange-old-paste.txt", "quota-warning", []),
    ("nf-list-held-mailman-paste.txt", "list-notice", []),
    ("nf-list-moderator-request-paste.txt", "list-notice", []),
    # ezmlm's notices: the paste names no member; the warning went to the member it is about.
    ("nf-list-ezmlm-timeout-paste.txt", "list-notice", []),
    ("nf-list-ezmlm-bounce-warning.eml", "list-notice", [("marta.rinaldi@example.net", None)]),
    ("nf-challenge-approved-senders-paste.txt", "challenge", []),
    ("nf-mdn-pasted-fields.txt", "read-receipt", [("paola.serra@example.net", "displayed")]),
    ("nf-tlsrpt-subject-and-json-paste.txt", "tls-report", []),
    ("nf-recall-failure-classic-paste.txt", "recall", []),
    ("nf-recall-request-paste.txt", "recall", []),
    ("nf-autoreply-body-paste-en.txt", "vacation", []),
    ("nf-autoreply-body-paste-zh.txt", "vacation", []),
    ("nf-autoreply-back-in-office-paste.txt", "vacation", []),
    ("nf-autoreply-on-leave-paste.txt", "vacation", []),
    ("nf-spamcop-report.eml", "feedback", [(None, None)]),
    ("nf-dmarc-failure-exim-text.eml", "feedback", [(None, None)]),
    ("nf-dmarc-failure-exim-text-paste.txt", "feedback", [(None, None)]),
    ("nf-abuse-report-words-paste.txt", "feedback", [(None, None)]),
    ("nf-newsletter-deliverability.eml", "bulk", []),
    ("nf-list-digest-mailman.eml", "bulk", []),
    ("nf-autoreply-helpdesk-ack-quoting.eml", "vacation", [("support@helpdesk.example.com", None)]),
    ("nf-autoreply-helpdesk-ack-unquoted.eml", "vacation", [("help@servicedesk.example.com", None)]),
    ("nf-autoreply-helpdesk-ack-unquoted-it.eml", "vacation", [("assistenza@example.it", None)]),
    ("nf-list-digest-mime.eml", "bulk", []),
    ("nf-calendar-declined-en.eml", "not-bounce", []),
    ("nf-password-expiry-it.eml", "not-bounce", []),
]
NOTES = {
    "challenge": "challenge-response",
    "read-receipt": "read receipt",
    "quoted": "quotes a delivery error",
    "dmarc-report": "DMARC aggregate report",
    "tls-report": "SMTP TLS report",
    "quarantine": "quarantine notification",
    "recall": "recall report",
    "quota-warning": "almost full",
    "suspicious": "phishing",
    "list-notice": "mailing list",
    "bulk": "newsletter",
    "not-bounce": "No delivery failure found",
}
NOTES_IT = {
    "challenge": "verifica del mittente",
    "read-receipt": "conferma di lettura",
    "quoted": "cita un errore",
    "dmarc-report": "rapporto aggregato DMARC",
    "tls-report": "rapporto SMTP TLS",
    "quarantine": "notifica di quarantena",
    "recall": "rapporto di richiamo",
    "quota-warning": "quasi piena",
    "suspicious": "phishing",
    "list-notice": "mailing list",
    "bulk": "newsletter",
    "not-bounce": "Nessun errore di recapito",
}


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
    mail = f"{head}\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n{body}\n--b1\nContent-Type: message/rfc822\n\n{bounce}\n--b1--\n"
    report = diagnose(mail, catalog)
    assert report.attached and [r.recipient for r in report.results] == ["luca.bianchi@example.net", "sara.conti@example.com"]


@pytest.mark.parametrize("name", ["nf-delayed-sendmail-dsn.eml", "nf-delayed-exim-warning.eml"])
def test_a_delay_warning_is_delayed_not_failed(catalog: Catalog, name: str) -> None:
    (result,) = diagnose(sample(name), catalog).results
    assert (result.action, result.permanent, result.hard_bounce) == ("delayed", False, False)


def test_a_delay_notice_quoting_a_5xx_refusal_is_not_permanent(catalog: Catalog) -> None:
    """Gmail keeps retrying after some 554 refusals and says so in a delay notice: the action is
    delayed, so the failure is not permanent (nor a hard bounce), whatever code it quotes."""
    text = (
        "Delivery to the following recipient has been delayed:\n\n"
        "     marta.rossi@example.org\n\n"
        "Message will be retried for 2 more day(s)\n\n"
        "Technical details of temporary failure:\n"
        "Google tried to deliver your message, but it was rejected by the server for the recipient domain "
        "example.org by mx.example.org. [192.0.2.25].\n\n"
        "The error that the other server returned was:\n"
        "554 Access refused: the sending server has a poor reputation here.\n"
    )
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.action, result.reply_code) == ("marta.rossi@example.org", "delayed", "554")
    assert (result.permanent, result.hard_bounce) == (False, False)


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
        # Exchange's Spanish "Delivery delayed:" is a noun, "Retraso en la entrega:".
        ("Retraso en la entrega: Presupuesto", True),
        ("Undelivered Mail Returned to Sender", False),
    ],
)
def test_delay_subjects(subject: str, delay: bool) -> None:
    assert words.is_delay_notice(subject, "") is delay


def test_exchange_spanish_delay_words_pasted_without_subject() -> None:
    """Exchange's Spanish delay notice says the message is not delivered yet and will be retried."""
    text = "Este mensaje aún no se entregó. Se seguirá tratando de realizar la entrega."
    assert words.is_delay_notice("", text)
    assert not words.is_delay_notice("", "No se pudo entregar el mensaje a estos destinatarios.")


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


# (file, its heading above the failed recipients, its reason line) — masqmail's wordings
# (words.FAILED_RECIPIENTS_HEADINGS), and reasons in words of FAILURE_WORDS_RE.
HEADINGS = [
    ("rcpt-heading-de.eml", "Die Zustellung zu den folgenden Empfängern ist permanent fehlgeschlagen:", "Postfach existiert nicht"),
    ("rcpt-heading-fr.eml", "L'expédition vers les destinataires suivants a échoué et a été abandonnée :", "boîte aux lettres inexistante"),
    ("rcpt-heading-it.eml", "L'invio ai seguenti destinatari è fallito in modo permanente:", None),
]


@pytest.mark.parametrize(("name", "heading", "reason"), HEADINGS, ids=[name for name, _, _ in HEADINGS])
def test_a_localized_heading_is_what_says_it_is_a_report(catalog: Catalog, name: str, heading: str, reason: str | None) -> None:
    """The heading says the listed address failed, and so do the reason's own words ("existiert nicht",
    "inexistante"); with neither, nothing does (the Italian sample's "inesistente" stays)."""
    text = sample(name).decode("utf-8")
    assert heading in text and diagnose(text, catalog).bounce
    if reason is not None:
        assert reason in text and diagnose(text.replace(heading, "Hinweis:"), catalog).bounce
        assert diagnose(text.replace(heading, "Hinweis:").replace(reason, "siehe unten"), catalog).kind == "not-bounce"


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


# --- notices that a careless reader takes for failures (formats/authreport, quarantine, recall, quota,
# lookalike, listnotice, bulk; conversation for a person's new mail) -----------------------------------


def test_exchanges_delivery_delayed_notice_stays_a_delay(catalog: Catalog) -> None:
    """Exchange's "Delivery delayed:" DSN follows the design of the other delay warnings: a result, delayed."""
    (result,) = diagnose(sample("nf-delayed-exchange-en.eml"), catalog).results
    assert (result.recipient, result.action, result.permanent, result.hard_bounce) == ("segreteria@fabrikam.com", "delayed", False, False)


def test_the_held_subjects_a_quarantine_notice_lists_are_not_failures(catalog: Catalog) -> None:
    """The notice lists "Mail delivery failed" and "Messaggio non recapitato" as subjects of held mail."""
    for name in ("nf-quarantine-m365-en.eml", "nf-quarantine-m365-it.eml"):
        text = sample(name).decode("utf-8")
        assert "delivery failed" in text.lower() or "non recapitato" in text.lower()
        assert diagnose(text, catalog).kind == "quarantine"


def test_a_refusal_that_names_the_quarantine_is_still_a_failure(catalog: Catalog) -> None:
    data = sample("postfix-dsn.eml").replace(
        b"Subject: Undelivered Mail Returned to Sender", b"Subject: Message quarantined: messages in quarantine"
    )
    assert diagnose(data, catalog).kind == "bounce"


def test_a_quota_warning_with_an_smtp_reply_is_a_report(catalog: Catalog) -> None:
    """A warning's words beside a real refusal ("452 4.2.2") do not hide the refusal."""
    text = sample("nf-quota-warning-m365-en.eml").decode("utf-8")
    text = text.replace("49.2 GB of 50 GB used", "<sara.conti@contoso.com>: host mx.contoso.com said: 452 4.2.2 Mailbox full")
    assert diagnose(text, catalog).kind == "bounce"


def test_a_fake_report_with_a_servers_reply_is_read_as_a_report(catalog: Catalog) -> None:
    """What makes the lookalike is that it gives no reply: with one, the readers of reports decide."""
    text = sample("nf-phishing-fake-ndr-it-paste.txt").decode("utf-8")
    text = text.replace("in sospeso e non consegnati nella tua casella.", "550 5.1.1 <marco.esposito@fabrikam.com>: User unknown")
    assert diagnose(text, catalog).kind != "suspicious"


def test_a_fake_that_pasted_a_diagnostic_code_is_still_the_fake(catalog: Catalog) -> None:
    """The code it pastes names no recipient; a report's reply for an address makes it a report again."""
    text = sample("nf-phishing-fake-ndr-diagnostic-paste.txt").decode("utf-8")
    assert "Diagnostic-Code:" in text and diagnose(text, catalog).kind == "suspicious"
    refused = text.replace("mailbox storage sync pending (queue 7)", "<laura.ricci@example.org>: mailbox full")
    assert diagnose(refused, catalog).kind == "bounce"
    with_field = text.replace("Diagnostic-Code:", "Final-Recipient: rfc822; laura.ricci@example.org\nDiagnostic-Code:")
    assert diagnose(with_field, catalog).kind != "suspicious"


def test_a_recipients_mailbox_over_its_limit_is_a_failure_the_owners_a_warning(catalog: Catalog) -> None:
    """ "Your mailbox has exceeded …" is said to its owner; the same words with a server's reply are a report."""
    text = sample("nf-quota-exceeded-owner-paste.txt").decode("utf-8")
    assert diagnose(text, catalog).kind == "quota-warning"
    refused = text.replace("Dear giulia.ferri@example.it,", "<giulia.ferri@example.it>: host mx.example.it said: 552 5.2.2 Mailbox full")
    assert diagnose(refused, catalog).kind == "bounce"


def test_spamcop_complaint_names_its_feedback_type(catalog: Catalog) -> None:
    report = diagnose(sample("nf-spamcop-report.eml"), catalog)
    assert [(a.address, a.feedback_type) for a in report.addresses] == [(None, "abuse")]
    # The same words pasted alone (no From header): the version line says it.
    body = sample("nf-spamcop-report.eml").decode("utf-8").split("\n\n", 1)[1]
    assert diagnose(body, catalog).kind == "feedback"


def test_an_absence_said_by_its_end_is_an_auto_reply_in_either_language(catalog: Catalog) -> None:
    """The German and the English sentence of the same reply each say it alone; beside a server's
    refusal they leave the paste a report."""
    text = sample("nf-autoreply-back-in-office-paste.txt").decode("utf-8")
    german, english = text.split("\n\n")[1], text.split("\n\n")[2]
    assert [diagnose(part, catalog).kind for part in (german, english)] == ["vacation", "vacation"]
    refused = english + "\n<anna.keller@example.org>: host mx.example.org said: 550 5.1.1 User unknown\n"
    assert diagnose(refused, catalog).kind == "bounce"


# An absence in the first person as each language's out-of-office templates write it, pasted alone (our
# sentences, after the templates cited in formats/autoreply.py).
ABSENCE_SENTENCES = [
    "Je suis absente du bureau jusqu'au 8 janvier inclus ; je lirai votre message à mon retour.",
    "Bonjour, je ne suis pas au bureau cette semaine. Pour toute urgence, écrivez à l'accueil.",
    "Buongiorno, sarò assente fino al 7 gennaio. Per urgenze scrivete all'ufficio acquisti.",
    "Grazie per la mail, sono in ferie e rientro lunedì 12.",
    "Gracias por su mensaje. Me encuentro fuera de la oficina hasta el 9 de enero.",
    "Hola, estoy de vacaciones sin acceso al correo hasta el día 15.",
    "Dank voor uw bericht. Ik ben afwezig tot en met 6 januari.",
    "Vanaf maandag 11 januari ben ik weer bereikbaar.",
    "Olá, estarei fora do escritório de 2 a 9 de janeiro, com acesso limitado ao e-mail.",
    "Obrigado pela sua mensagem. Estou de férias até dia 12.",
]


@pytest.mark.parametrize("sentence", ABSENCE_SENTENCES)
def test_an_absence_in_another_language_pasted_alone_is_an_auto_reply(catalog: Catalog, sentence: str) -> None:
    assert diagnose(sentence, catalog).kind == "vacation"
    refused = sentence + "\n\n<ufficio@example.org>: host mx.example.org said: 550 5.1.1 User unknown\n"
    assert diagnose(refused, catalog).kind == "bounce"


def test_an_abuse_reports_sentence_names_its_feedback_type(catalog: Catalog) -> None:
    report = diagnose(sample("nf-abuse-report-words-paste.txt"), catalog)
    assert [(a.address, a.feedback_type) for a in report.addresses] == [(None, "abuse")]
    # A delivery report that quotes the sentence stays a report.
    text = sample("nf-abuse-report-words-paste.txt").decode("utf-8")
    refused = "<abuse@example.org>: host mx.example.org said: 550 5.1.1 User unknown\n\n" + text
    assert diagnose(refused, catalog).kind == "bounce"


@pytest.mark.parametrize(
    ("sentence", "feedback_type"),
    [
        # RFC 5965's example sentence, other feedback types filling in their own name (our own lines).
        ("This is an email abuse report for an email message received from IP 192.0.2.44 on Mon, 30 Nov 2026 09:14:02 -0500", "abuse"),
        ("This is a Microsoft email abuse report for an email message received from IP 192.0.2.44 on 11/30/2026", "abuse"),
        ("This is an opt-out report for an email message received from IP 192.0.2.89 on Thu, 3 Dec 2026 08:02:11 +0100.", "opt-out"),
        (
            "This is a spf/dkim authentication-failure report for an email message received from IP 192.0.2.127 on Wed, 2 Dec 2026.",
            "auth-failure",
        ),
        ("This is a fraud report for an email message received from IP 192.0.2.7 on Tue, 1 Dec 2026 10:00:00 +0000", "fraud"),
        ("This is an email virus report for an e-mail message received from IP 192.0.2.9 on Tue, 1 Dec 2026", "virus"),
        ("This is a feedback report for an email message received from IP 192.0.2.9 on Tue, 1 Dec 2026", "other"),
    ],
)
def test_a_feedback_reports_first_sentence_pasted_alone_names_its_type(catalog: Catalog, sentence: str, feedback_type: str) -> None:
    report = diagnose("Got this from the loop today:\n\n" + sentence + "\n", catalog)
    assert (report.kind, [(a.address, a.feedback_type) for a in report.addresses]) == ("feedback", [(None, feedback_type)])
    refused = sentence + "\n\n<abuse@example.org>: host mx.example.org said: 550 5.1.1 User unknown\n"
    assert diagnose(refused, catalog).kind == "bounce"


def test_an_auto_replys_words_beside_a_report_leave_it_a_report(catalog: Catalog) -> None:
    """ "This is an automated response" pasted with a server's refusal is the refusal's report."""
    text = sample("nf-autoreply-body-paste-en.txt").decode("utf-8")
    refused = text + "\n<sales@example.org>: host mx.example.org said: 550 5.1.1 User unknown\n"
    assert diagnose(refused, catalog).kind == "bounce"


def test_a_mailman_notice_pasted_with_a_bounce_is_the_bounce(catalog: Catalog) -> None:
    text = sample("nf-list-held-mailman-paste.txt").decode("utf-8")
    refused = "Undelivered Mail Returned to Sender\n\n<moderatore@example.net>: host mx.example.net said: 550 5.1.1 User unknown\n\n" + text
    assert diagnose(refused, catalog).kind == "bounce"


def test_a_probe_is_not_read_from_its_sample_but_the_sample_alone_is_a_bounce(catalog: Catalog) -> None:
    data = sample("nf-list-probe-mailman.eml").decode("utf-8")
    assert diagnose(data, catalog).results == []
    returned = data.split("Content-Type: message/rfc822\nMIME-Version: 1.0\n\n", 1)[1].rsplit("\n--", 1)[0]
    (result,) = diagnose(returned, catalog).results
    assert (result.recipient, result.status) == ("marco@example.org", "4.2.2")


def test_a_bounce_passed_on_by_a_list_is_still_read(catalog: Catalog) -> None:
    """List servers add List-Unsubscribe to the bounces they pass on: the report's sender still says report."""
    data = sample("postfix-dsn.eml").replace(b"\nSubject:", b"\nList-Unsubscribe: <mailto:leave@lists.example.net>\nSubject:", 1)
    assert [r.recipient for r in diagnose(data, catalog).results] == ["luca.bianchi@example.net", "sara.conti@example.com"]


def test_a_newsletter_without_one_click_is_read_as_a_report_when_titled_as_one(catalog: Catalog) -> None:
    """List-Unsubscribe alone is also on bounces a list passed on: then a report's title or words decide."""
    data = sample("nf-newsletter-deliverability.eml").replace(b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\n", b"")
    assert diagnose(data, catalog).kind == "bounce"


def test_a_list_discussion_citing_an_error_is_the_lists(catalog: Catalog) -> None:
    """The helpdesk question sent to a mailing list instead: list mail with no report's words."""
    data = sample("nf-helpdesk-ticket-en.eml").replace(
        b"\nSubject:", b"\nList-Id: <postmaster-help.lists.example.net>\nList-Unsubscribe: <mailto:leave@lists.example.net>\nSubject:", 1
    )
    assert diagnose(data, catalog).kind == "bulk"


def test_a_helpdesk_acknowledgement_echoing_the_error_unquoted_is_an_auto_reply(catalog: Catalog) -> None:
    """A ticketing system repeats the customer's words as they are, without "> ": the error after its
    acknowledgement is still the customer's, and the answer names the replying address."""
    data = sample("nf-autoreply-helpdesk-ack-quoting.eml").replace(b"\n> ", b"\n")
    report = diagnose(data, catalog)
    assert (report.kind, report.results, [a.address for a in report.addresses]) == ("vacation", [], ["support@helpdesk.example.com"])


def test_a_helpdesk_acknowledgement_marked_by_x_autoreply_is_an_auto_reply(catalog: Catalog) -> None:
    """The autoresponders' own header instead of RFC 3834's: the same answer."""
    data = sample("nf-autoreply-helpdesk-ack-unquoted.eml").replace(b"Auto-Submitted: auto-replied", b"X-Autoreply: yes")
    report = diagnose(data, catalog)
    assert (report.kind, report.results, [a.address for a in report.addresses]) == ("vacation", [], ["help@servicedesk.example.com"])


@pytest.mark.parametrize(
    "opening",
    [
        "We've received your request and a member of our team will answer it shortly.",
        "Thank you for contacting the Service Desk.",
        "Ihre Anfrage ist bei uns eingegangen und hat die Ticketnummer SD-7731.",
        "Votre demande a bien été enregistrée sous le numéro SD-7731.",
        "Hemos recibido su solicitud con el número SD-7731.",
        "La sua richiesta è stata presa in carico con il numero SD-7731.",
    ],
)
def test_ticketing_acknowledgements_in_their_languages(catalog: Catalog, opening: str) -> None:
    data = sample("nf-autoreply-helpdesk-ack-unquoted.eml").decode("utf-8")
    data = data.replace("Your request has been received and logged as SD-7731.", opening)
    assert diagnose(data, catalog).kind == "vacation"


def exim_bounce_relayed_bare() -> str:
    """Exim's bounce (marked auto-replied, as Exim marks them) after a relay dropped the headers that say report."""
    data = sample("exim-bounce.eml").decode("utf-8")
    data = data.replace("X-Failed-Recipients: paolo.greco@example.net\n", "")
    data = data.replace("From: Mail Delivery System <Mailer-Daemon@smtp.example.org>", "From: Relay <relay@example.org>")
    return data.replace("Subject: Mail delivery failed: returning message to sender", "Subject: Returned: Bozza del contratto")


def test_an_auto_reply_whose_own_words_hold_the_error_is_read_as_a_report(catalog: Catalog) -> None:
    """Auto-Submitted alone is no acknowledgement: a report's own words before the error keep it a report."""
    report = diagnose(exim_bounce_relayed_bare(), catalog)
    assert [(r.recipient, r.reply_code, r.status) for r in report.results] == [("paolo.greco@example.net", "550", "5.1.1")]


def test_an_acknowledgement_after_the_error_does_not_make_a_report_an_auto_reply(catalog: Catalog) -> None:
    """Only the text before the first error or report word is the auto-reply's own: an acknowledgement
    in the returned message (a bounced ticket reply) leaves the report a report."""
    data = exim_bounce_relayed_bare().replace("ti mando la bozza", "your request has been received. Ti mando la bozza")
    report = diagnose(data, catalog)
    assert [(r.recipient, r.reply_code, r.status) for r in report.results] == [("paolo.greco@example.net", "550", "5.1.1")]


def test_a_bounce_of_a_digest_is_a_bounce(catalog: Catalog) -> None:
    """A report about a digest quotes the digest's subject, and a list may pass it on with its List-Id:
    the report's own title and structure still say report."""
    data = sample("exchange-classic-en.eml").replace(
        b"\nSubject: Undeliverable: Budget 2027",
        b"\nList-Id: <soci.lists.example.net>\nSubject: Undeliverable: soci Digest, Vol 3, Issue 12",
        1,
    )
    assert diagnose(data, catalog).kind == "bounce"


def test_a_list_notice_bounced_is_a_bounce(catalog: Catalog) -> None:
    """A report about a moderation notice ("Undeliverable: … awaits moderator approval") is a report."""
    data = sample("nf-list-moderation-held.eml").decode("utf-8")
    data = data.replace("From: soci-owner@lists.example.net", "From: MAILER-DAEMON@mail.example.org")
    data = data.replace(
        "Your mail to 'Soci' with the subject", "<marco@example.org>: host mail.example.org said: 550 5.1.1 User unknown\n\nYour mail"
    )
    assert [r.recipient for r in diagnose(data, catalog).results] == ["marco@example.org"]


def test_a_tickets_bounce_attached_is_read_from_the_attachment(catalog: Catalog) -> None:
    """A person's new mail citing an error, with the bounce attached: the attachment is read."""
    ticket = sample("nf-helpdesk-ticket-en.eml").decode("utf-8")
    head, _, body = ticket.partition("\n\n")
    head = head.replace("Content-Type: text/plain; charset=us-ascii", 'Content-Type: multipart/mixed; boundary="b1"')
    bounce = sample("postfix-dsn.eml").decode("utf-8")
    mail = f"{head}\n\n--b1\nContent-Type: text/plain\n\n{body}\n--b1\nContent-Type: message/rfc822\n\n{bounce}\n--b1--\n"
    report = diagnose(mail, catalog)
    assert report.attached and [r.recipient for r in report.results] == ["luca.bianchi@example.net", "sara.conti@example.com"]


def test_cli_names_the_new_kinds() -> None:
    files = [
        f"tests/fixtures/formats/{name}" for name in ("nf-recall-report-en.eml", "nf-phishing-fake-ndr-en.eml", "nf-tlsrpt-pasted.json")
    ]
    proc = run_cli("diagnose", "--json", *files)
    assert proc.returncode == 0, proc.stderr
    objects = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(o["kind"], o["bounce"], len(o.get("addresses", []))) for o in objects] == [
        ("recall", False, 3),
        ("suspicious", False, 0),
        ("tls-report", False, 0),
    ]
    readable = run_cli("diagnose", "--lang", "it", files[1]).stdout
    assert "probabile phishing" in readable


# What an admin pastes: only the readable text of the notice (no header fields, no attachment).
PASTED: list[tuple[str, str, list[tuple[str | None, str | None]]]] = [
    ("nf-dmarc-aggregate-gzip.eml", "dmarc-report", []),
    ("nf-dmarc-aggregate-zip.eml", "dmarc-report", []),
    ("nf-tlsrpt-gzip.eml", "tls-report", []),
    ("nf-dmarc-failure-arf.eml", "feedback", [(None, None)]),
    ("nf-quarantine-m365-en.eml", "quarantine", []),
    ("nf-quarantine-m365-it.eml", "quarantine", []),
    ("nf-quota-warning-m365-en.eml", "quota-warning", [("sara.conti@contoso.com", None)]),
    ("nf-quota-warning-exchange-it.eml", "quota-warning", [("carla.rossi@contoso.com", None)]),
    (
        "nf-recall-report-en.eml",
        "recall",
        [
            ("giorgio.ferri@contoso.com", "recalled"),
            ("anna.villa@contoso.com", "not-recalled"),
            ("ufficio.acquisti@fabrikam.com", "not-recalled"),
        ],
    ),
    ("nf-phishing-fake-ndr-en.eml", "suspicious", []),
    ("nf-read-receipt-outlook-en.eml", "read-receipt", [(None, "displayed")]),
    ("nf-read-receipt-outlook-it.eml", "read-receipt", [(None, "displayed")]),
    ("nf-mdn-not-read-exchange.eml", "read-receipt", [(None, "deleted")]),
    ("nf-relayed-dsn.eml", "delivered", [("archivio@legacy.example.net", "relayed")]),
    ("nf-expanded-dsn.eml", "delivered", [("tutti@example.org", "expanded")]),
    ("nf-delivered-exchange-it.eml", "delivered", [("soci@contoso.com", "delivered")]),
    ("exchange-relayed-receipt.eml", "delivered", [("ugo.rossi@fabrikam.com", "relayed")]),
]


def readable_text(name: str) -> str:
    raw = sample(name).decode("utf-8")
    return Source(raw, parse_mime(raw)).text


@pytest.mark.parametrize(("name", "kind", "expected"), PASTED, ids=[name for name, _, _ in PASTED])
def test_a_notices_text_pasted_alone_is_still_no_failure(
    catalog: Catalog, name: str, kind: str, expected: list[tuple[str | None, str | None]]
) -> None:
    report = diagnose(readable_text(name), catalog)
    assert (report.kind, report.results) == (kind, [])
    assert [(a.address, a.action) for a in report.addresses] == expected


def test_a_success_notice_that_also_names_a_failure_is_a_report(catalog: Catalog) -> None:
    text = readable_text("nf-relayed-dsn.eml").replace(
        "   ----- Transcript of session follows -----",
        "   ----- The following addresses had permanent fatal errors -----\n<ufficio@legacy.example.net>\n"
        "    (reason: 550 5.1.1 User unknown)\n\n   ----- Transcript of session follows -----",
    )
    assert [r.recipient for r in diagnose(text, catalog).results] == ["ufficio@legacy.example.net"]


def test_feedback_report_fields_pasted_alone(catalog: Catalog) -> None:
    text = (
        "Feedback-Type: abuse\nUser-Agent: ExampleFBL/1.0\nVersion: 1\nOriginal-Mail-From: <news@contoso.com>\n"
        "Original-Rcpt-To: <paola.serra@example.net>\nArrival-Date: Fri, 04 Dec 2026 10:00:00 +0000\nSource-IP: 198.51.100.60\n"
    )
    report = diagnose(text, catalog)
    assert report.kind == "feedback"
    assert [(a.address, a.feedback_type) for a in report.addresses] == [("paola.serra@example.net", "abuse")]


def test_every_kind_that_is_no_failure_says_what_it_is_in_both_languages() -> None:
    from ndr_atlas.diagnose import KIND_NOTES
    from ndr_atlas.formats.base import NON_FAILURE_KINDS

    assert set(KIND_NOTES) == set(NON_FAILURE_KINDS)
    for kind in NON_FAILURE_KINDS:
        assert KIND_NOTES[kind]["en"] and KIND_NOTES[kind]["it"] and KIND_NOTES[kind]["en"] != KIND_NOTES[kind]["it"], kind


@pytest.mark.parametrize(
    "text",
    [
        # Other wordings of the same lure: messages that "could not be delivered to your inbox", "stuck".
        "Mail Delivery Failure\n\nWe could not deliver 7 incoming messages to your inbox.\n7 incoming messages could not be "
        "delivered to your mailbox because of a storage error.\n\nClick below to recover your messages:\n\nRecover Messages\n",
        "Undeliverable messages\n\nYour emails are stuck on the server since 03/12/2026.\nRetrieve the messages now, or "
        "they will be deleted in 24 hours.\n",
        "Mancata consegna\n\nCi sono 3 messaggi in arrivo non consegnati nella tua casella.\nRecupera i messaggi qui: Recupera\n",
    ],
)
def test_fake_reports_in_other_words_are_suspicious(catalog: Catalog, text: str) -> None:
    report = diagnose(text, catalog)
    assert (report.kind, report.results) == ("suspicious", [])


def test_a_quarantine_digest_of_another_filter(catalog: Catalog) -> None:
    """A filter's digest ("placed in your personal Quarantine") listing an "Undeliverable" subject."""
    text = (
        "End User Digest: 2 New Messages\n\nThe emails listed below have been placed in your personal Quarantine.\n\n"
        "Score  From                         Subject\n91     postmaster@mail.example.org  Undeliverable: Ordine 4471\n"
        "88     offers@shop.example.net       Sconto del 70%\n\nRelease | Release and Allow Sender | Not Spam\n"
    )
    assert diagnose(text, catalog).kind == "quarantine"


def test_a_persons_inline_forward_of_a_bounce_without_cue_words_is_still_read(catalog: Catalog) -> None:
    """A person's new mail is "quoted" only when no bounce is forwarded in it: a German report with no
    English cue word, forwarded inline, is read from the quoted text."""
    raw = sample("rcpt-heading-de.eml").decode("utf-8")
    original = parse_mime(raw)
    mail = (
        "From: Giulia Marchetti <giulia.marchetti@contoso.com>\nTo: helpdesk@contoso.com\nSubject: WG: bitte prüfen\n"
        "Date: Fri, 4 Dec 2026 10:00:00 +0100\nMessage-ID: <fw1@contoso.com>\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\nKannst du das prüfen?\n\n-----Original Message-----\n"
        f"From: {original.get('From')}\nSent: Friday, December 4, 2026 09:00\nTo: giulia.marchetti@contoso.com\n"
        f"Subject: {original.get('Subject')}\n\n{Source(raw, original).text}"
    )
    report = diagnose(mail, catalog)
    assert report.quoted and report.results and report.results == diagnose(raw, catalog).results


@pytest.mark.parametrize(
    "text",
    [
        "Tiene 2 mensajes en cuarentena\n\nRemitente: avisos@ejemplo.invalid\nAsunto: Undeliverable: pedido 4411\n"
        "Liberar | Bloquear remitente\n\nRemitente: envios@ejemplo.invalid\nAsunto: Mail delivery failed\nLiberar | Bloquear remitente\n",
        "Você tem 2 mensagens em quarentena\n\nRemetente: avisos@exemplo.invalid\nAssunto: Undeliverable: pedido 4411\n"
        "Liberar | Bloquear remetente\n",
    ],
)
def test_a_quarantine_digest_in_spanish_or_portuguese_is_told_by_its_words(catalog: Catalog, text: str) -> None:
    # Pasted without its headers: only the body's words say what it is.
    assert diagnose(text, catalog).kind == "quarantine"


def test_an_absence_said_only_by_the_body_yields_to_a_report(catalog: Catalog) -> None:
    """A mail whose only sign of an auto-reply is its body's first-person absence is one, unless a
    server's refusal stands beside the words or a mailer daemon sent it."""
    text = sample("nf-autoreply-body-only-en.eml").decode("utf-8")
    assert diagnose(text, catalog).kind == "vacation"
    refused = text.replace("Thank you,", "<orders@fabrikam.example>: host mx.fabrikam.example said: 550 5.1.1 User unknown\n")
    assert diagnose(refused, catalog).kind == "bounce"
    daemon = text.replace(
        'From: "Martin Hale" <martin.hale@fabrikam.example>', "From: Mail Delivery System <MAILER-DAEMON@gw.fabrikam.example>"
    )
    assert diagnose(daemon, catalog).kind != "vacation"


@pytest.mark.parametrize(
    "name",
    ["absence-words-person-attaches-bounce.eml", "absence-words-person-quotes-bounce-below.eml"],
)
def test_a_persons_mail_that_says_they_are_away_passes_on_the_bounce_it_carries(catalog: Catalog, name: str) -> None:
    """A person's mail that opens with their absence ("I am out of the office until Thursday, so could
    you look at …") and carries a bounce, attached (message/rfc822) or quoted far below the paste's
    window, is no auto-reply: the bounce is read."""
    report = diagnose(sample(name), catalog)
    assert report.kind == "bounce"
    assert [(r.recipient, r.status) for r in report.results] == [("orders@supplier-rossi.example", "5.1.1")]


def absence_attaching(item: bytes, content_type: str) -> str:
    """The body-only absence (our sample) sent as a person's mail with an Outlook item attached as a .msg file."""
    import base64

    head, body = sample("nf-autoreply-body-only-en.eml").decode("utf-8").split("\n\n", 1)
    head = head.replace("Content-Type: text/plain; charset=us-ascii", 'Content-Type: multipart/mixed; boundary="away-5c1"')
    return (
        f"{head}\n\n--away-5c1\nContent-Type: text/plain; charset=us-ascii\n\n{body}\nThe report I got is attached.\n\n"
        f'--away-5c1\nContent-Type: {content_type}; name="Undeliverable.msg"\nContent-Disposition: attachment; filename="Undeliverable.msg"\n'
        f"Content-Transfer-Encoding: base64\n\n{base64.encodebytes(item).decode()}\n--away-5c1--\n"
    )


@pytest.mark.parametrize("content_type", ["application/vnd.ms-outlook", "application/octet-stream"])
def test_an_absence_that_attaches_an_outlook_msg_passes_it_on(catalog: Catalog, content_type: str) -> None:
    """An Outlook item attached as a .msg file counts as an attached message (formats/base.attaches_a_message),
    as message/rfc822 and .eml files do: the first-person absence alone does not make the mail an auto-reply."""
    from msgwriter import exchange_ndr, msg_bytes

    data = msg_bytes(exchange_ndr(body=False))
    report = diagnose(absence_attaching(data, content_type), catalog)
    assert (report.kind, report.attached) == ("bounce", True)
    assert [(r.recipient, r.status) for r in report.results] == [
        ("bob.lee@fabrikam.example", "5.1.1"),
        ("carla.neri@northwind.example", "5.2.2"),
    ]
    damaged = diagnose(absence_attaching(data[:1536], content_type), catalog)  # not taken for an auto-reply either
    assert damaged.kind == "not-bounce" and damaged.unread_attachment == "Undeliverable.msg"


def test_a_pasted_absence_with_a_bounce_quoted_below_its_opening_passes_the_bounce_on(catalog: Catalog) -> None:
    """The same mail's text pasted alone: the bounce quoted beyond the window the absence is looked for in is read."""
    text = sample("absence-words-person-quotes-bounce-below.eml").decode("utf-8").split("\n\n", 1)[1]
    report = diagnose(text, catalog)
    assert (report.kind, report.quoted) == ("bounce", True)
    assert [(r.recipient, r.status) for r in report.results] == [("orders@supplier-rossi.example", "5.1.1")]


# A non-failure pasted by someone whose mail bounced: its note says what it is and what to paste instead.
WHAT_TO_PASTE = {kind: name for name, kind, _ in ADDRESSES if kind in {"vacation", "delivered", "read-receipt", "feedback"}}


@pytest.mark.parametrize(("kind", "name"), sorted(WHAT_TO_PASTE.items()))
def test_a_non_failure_note_says_what_to_paste_instead(catalog: Catalog, kind: str, name: str) -> None:
    report = diagnose(sample(name), catalog)
    assert report.kind == kind and not report.results
    assert "paste the" in report.note("en") and "incollate il rapporto" in report.note("it")


def test_every_kind_of_non_failure_is_tried_for_what_to_paste() -> None:
    assert set(WHAT_TO_PASTE) == {"vacation", "delivered", "read-receipt", "feedback"}


# The three shapes of "built as a delivery report", and one that is not (a reply in the words alone).
BUILT_AS_REPORT = [
    (
        "From: Mail Delivery System <mailer-daemon@mx.fabrikam.example>\nTo: ugo@example.org\n"
        "Subject: Mail delivery failed\nX-Failed-Recipients: nadia@contoso.com\n\nA message could not be delivered.\n",
        True,
    ),
    (
        "From: postmaster@example.net\nTo: ugo@example.org\nSubject: Delivery Status Notification\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\n'
        "Undeliverable.\n--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; example.net\n\n"
        "Final-Recipient: rfc822; nadia@contoso.com\nAction: failed\nStatus: 5.1.1\n\n--b1--\n",
        True,
    ),
    (
        "From: Ugo <ugo@example.org>\nTo: help@fabrikam.example\nSubject: hard bounce vs soft bounce?\n\n"
        "We got 550 5.1.1 for one address. Is that a hard bounce or a soft bounce?\n",
        False,
    ),
]


@pytest.mark.parametrize(("raw", "built"), BUILT_AS_REPORT)
def test_built_as_report_is_the_structure_not_the_words(raw: str, built: bool) -> None:
    """``base.built_as_report``: X-Failed-Recipients or a delivery-status part; ``carries_delivery_report``
    adds a reply with its status in the text, and the guide and log-summary readers give way to the structure."""
    from ndr_atlas.formats import base, guide, pflogsumm

    message = parse_mime(raw)
    assert base.built_as_report(message) is built
    assert base.built_as_report(None) is False
    assert base.carries_delivery_report(Source(raw, message)) is True  # the third holds "550 5.1.1"
    hard_and_soft = raw.replace("\n\n", "\n\nA hard bounce or a soft bounce: the guide.\n", 1)
    assert guide.recognise(Source(hard_and_soft, parse_mime(hard_and_soft))) is (not built)
    summary = raw.replace("\n\n", "\n\nGrand Totals\n------------\nmessage bounce detail (by relay)\n", 1)
    assert pflogsumm.recognise(Source(summary, parse_mime(summary))) is (not built)
