"""What Microsoft 365 admins and helpdesk staff paste: Exchange Online's non-delivery reports as
Outlook for Windows, the new Outlook / Outlook on the web and Outlook for Mac copy them, in the
modern layout ("Your message to … couldn't be delivered.", "More Info for Email Admins") and the
classic one ("Delivery has failed to these recipients or groups:") in several languages, and a
message trace's events copied from the Exchange admin center.

The fixtures in tests/fixtures/pastes/ are our own texts, written after the layouts Microsoft
documents; each file's name says layout, client, language and case. The modern layout appears in
English, and once in Estonian with the words a public Exchange Online report prints (its sender's
line in the original's details has no colon after its label); no Microsoft source we could check
gives its headings in other languages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import diagnose
from ndr_atlas.formats import clipboard

PASTES = Path(__file__).parent / "fixtures" / "pastes"

# Per fixture, per failed recipient: (recipient, status, reply code, page, reason, hard bounce).
UNKNOWN_5_1_10 = ("5.1.10", "550", "codes/5.1.10/", "userunknown", True)
GROUP_AUTH_REQUIRED = ("5.7.1", "550", "codes/5.7.1/", "securityerror", False)
EDGE_BLOCKED = ("5.4.1", "550", "codes/5.4.1/", "userunknown", True)  # directory-based edge blocking: no such address
EXPIRED = ("4.4.7", "550", "codes/5.4.7/", "expired", False)
TENANT_IP_BLOCKED = ("5.7.708", "550", "codes/5.7.708/", "speeding", False)
UNREGISTERED_DOMAIN = ("5.7.750", "550", "codes/5.7.750/", "rejected", False)
FORWARDING_BLOCKED = ("5.7.520", "550", "codes/5.7.520/", "policyviolation", False)  # the sender's own outbound policy
REMOTE_SPAM = ("5.7.350", "550", "codes/5.7.350/", "spamdetected", False)  # Exchange Online quoting the remote refusal
SEND_AS_DENIED = ("5.2.0", "554", "codes/5.7.60/#exo-send-as-denied", "rejected", False)  # SendAsDenied beats its 5.2.0

EXPECTED: dict[str, list[tuple[str | None, str, str | None, str, str, bool]]] = {
    # Modern layout.
    "modern-owa-en-recipient-not-found.txt": [("ilaria.sala@contoso.com", *UNKNOWN_5_1_10)],
    "modern-outlook-windows-en-group-auth-required.txt": [("all-staff@contoso.com", *GROUP_AUTH_REQUIRED)],
    "modern-outlook-mac-en-expired.txt": [("orders@example.org", *EXPIRED)],
    "modern-new-outlook-en-tenant-blocked-708.txt": [("paolo.conti@example.org", *TENANT_IP_BLOCKED)],
    "modern-owa-en-unregistered-domain-750.txt": [("anna.neri@example.org", *UNREGISTERED_DOMAIN)],
    "modern-outlook-windows-en-edge-blocked.txt": [("info@fabrikam.com", *EDGE_BLOCKED)],
    "modern-outlook-windows-en-send-as-denied.txt": [("orders@fabrikam.com", *SEND_AS_DENIED)],
    # The sender's line of the original's details printed without a colon ("Saatja aadress"): the
    # graphic line says whose address that is, and the recipient is the one it pictures.
    "modern-outlook-windows-et-sender-line-without-colon.txt": [
        ("tiit.tamm@fabrikam.ee", "5.1.1", "550", "codes/5.1.1/#postfix-user-unknown-virtual-mailbox", "userunknown", True)
    ],
    # The recipient's server refused it: its words come lines below "Status code:", after "<server> gave this error:".
    "modern-outlook-windows-en-remote-blocklist.txt": [
        ("ordini@fabrikam.example", "5.7.1", "550", "codes/5.7.1/#spamhaus-zen", "blocked", False)
    ],
    # Classic layout.
    "classic-outlook-windows-en-three-recipients.txt": [
        ("grant.steel@contoso.com", *UNKNOWN_5_1_10),
        ("board@contoso.com", *GROUP_AUTH_REQUIRED),
        ("sales@fabrikam.com", *EDGE_BLOCKED),
    ],
    "classic-outlook-windows-it-several.txt": [
        ("marco.ferri@contoso.it", *UNKNOWN_5_1_10),
        ("commerciale@contoso.it", *GROUP_AUTH_REQUIRED),
        ("ordini@fabrikam.it", *EDGE_BLOCKED),
    ],
    "classic-outlook-windows-it-forwarding-and-spam.txt": [
        ("paola.greco.casa@example.net", *FORWARDING_BLOCKED),
        ("acquisti@fabrikam.it", *REMOTE_SPAM),
    ],
    "classic-owa-de-expired-and-unknown.txt": [("lukas.hoffmann@fabrikam.de", *UNKNOWN_5_1_10), ("bestellung@example.org", *EXPIRED)],
    "classic-outlook-mac-fr-group.txt": [("direction@contoso.fr", *GROUP_AUTH_REQUIRED)],
    "classic-new-outlook-es-tenant-blocked.txt": [("pedidos@example.org", *TENANT_IP_BLOCKED)],
    # The layout of a refusal by the recipient's server: "<server> rejected your message to the
    # following email addresses:" … "<server> gave this error:", then (in full) the classic admin section.
    "remote-refusal-outlook-windows-en-unknown-user.txt": [
        ("sales.team@fabrikam.com", "5.1.1", "550", "codes/5.1.1/#postfix-user-unknown-virtual-mailbox", "userunknown", True)
    ],
    # The German one with the server's words and no code: the code is inferred from them.
    "remote-refusal-owa-de-spf-fail.txt": [
        ("vertrieb@fabrikam.de", "5.7.23", None, "codes/5.7.23/#policyd-spf-fail", "authfailure", False)
    ],
    # Message trace in the Exchange admin center: the events name no recipient of their own.
    "trace-eac-en-message-events.txt": [(None, *UNKNOWN_5_1_10)],
    "trace-eac-it-fail-event.txt": [(None, *EDGE_BLOCKED)],
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def paste(name: str) -> str:
    return (PASTES / name).read_text(encoding="utf-8")


def test_every_paste_fixture_is_checked() -> None:
    assert sorted(p.name for p in PASTES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_pasted_microsoft_365_report(catalog: Catalog, name: str) -> None:
    report = diagnose(paste(name), catalog)
    assert report.kind == "bounce"
    found = [(r.recipient, r.status, r.reply_code, r.page, r.reason, r.hard_bounce) for r in report.results]
    assert found == EXPECTED[name]
    for result in report.results:
        assert result.status_inferred == (result.reply_code is None)  # stated wherever the report prints a code
        assert result.permanent == (result.status or "")[:1].startswith("5")
        assert "MicrosoftExchange" not in (result.recipient or "")  # the header block's sender is no recipient


def test_the_modern_layout_copied_from_its_admin_section_on(catalog: Catalog) -> None:
    """A helpdesk copies only "More Info for Email Admins" and below: the recipient is the one of
    "Recipient Address:", not the sender above it."""
    text = paste("modern-owa-en-recipient-not-found.txt")
    [result] = diagnose(text[text.index("More Info for Email Admins") :], catalog).results
    assert (result.recipient, result.status, result.reason) == ("ilaria.sala@contoso.com", "5.1.10", "userunknown")


def test_the_modern_layout_copied_down_to_how_to_fix_it_only(catalog: Catalog) -> None:
    """Only the top of the report, above "More Info for Email Admins": no code at all. The headline
    "… wasn't found at …" is Exchange Online's own for 5.1.10, so the address does not exist (hard),
    not a filter's doing."""
    text = paste("modern-owa-en-recipient-not-found.txt")
    [result] = diagnose(text[: text.index("More Info for Email Admins")], catalog).results
    assert (result.recipient, result.status, result.status_inferred) == ("ilaria.sala@contoso.com", "5.1.10", True)
    assert (result.reason, result.hard_bounce, result.page) == ("userunknown", True, "codes/5.1.10/#exo-modern-recipient-not-found")


@pytest.mark.parametrize("address", ["lena.vogt@example.de", "**lena.vogt@example.de**"])
def test_the_modern_headline_copied_from_a_german_mailbox(catalog: Catalog, address: str) -> None:
    """The same headline as the sender's mailbox in German writes it ("Ihre Nachricht an … konnte
    nicht zugestellt werden." and "… wurde nicht in … gefunden"), copied alone, as public copies show
    it: in a note, and in a GitHub comment that sets the address in bold. No code: the headline is
    Exchange Online's own for 5.1.10, so the address does not exist."""
    text = (
        f"Ihre Nachricht an {address} konnte nicht zugestellt werden.\n"
        "lena.vogt wurde nicht in example.de gefunden,\n"
        "oder das Postfach ist nicht verfügbar.\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.status, result.status_inferred) == ("lena.vogt@example.de", "5.1.10", True)
    assert (result.reason, result.hard_bounce, result.page) == ("userunknown", True, "codes/5.1.10/#exo-modern-recipient-not-found")


def test_a_german_host_not_found_in_dns_is_not_the_recipient_headline(catalog: Catalog) -> None:
    """The phrase "wurde nicht in DNS gefunden" names no domain: not the 5.1.10 headline."""
    text = "Ihre Nachricht an lena.vogt@example.de konnte nicht zugestellt werden.\nDer Host wurde nicht in DNS gefunden.\n"
    assert all(r.page != "codes/5.1.10/#exo-modern-recipient-not-found" for r in diagnose(text, catalog).results)


def test_the_address_pictured_as_the_senders_is_never_the_recipient(catalog: Catalog) -> None:
    """The graphic line pictures the sender left of the product and the recipient right of it
    (Microsoft's "Fix-it owner indicator"). When the report writes the recipient's address nowhere
    whole, the error is paired with the sender's line of the original's details: no recipient then,
    rather than the sender's own address."""
    text = paste("modern-outlook-windows-et-sender-line-without-colon.txt")
    text = "\n".join(line for line in text.split("\n") if "tiit.tamm@" not in line or line.startswith("Teatatud"))
    text = text.replace("<tiit.tamm@fabrikam.ee>", "<recipient>")
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.status, result.reason) == (None, "5.1.1", "userunknown")


def test_a_refusal_copied_without_its_admin_section(catalog: Catalog) -> None:
    """Only the top of the report: the server's own words under "gave this error:", and its name."""
    text = paste("remote-refusal-outlook-windows-en-unknown-user.txt")
    report = diagnose(text[text.index("mx1.fabrikam.com rejected") : text.index("Diagnostic information")], catalog)
    [result] = report.results
    assert (result.recipient, result.status, result.reason, result.hard_bounce) == ("sales.team@fabrikam.com", "5.1.1", "userunknown", True)
    assert result.remote_host == "mx1.fabrikam.com"
    assert result.command == "RCPT"  # "Recipient address rejected" answers RCPT TO


@pytest.mark.parametrize("email", ["e-mail", "email"])
def test_an_on_premises_exchange_report_copied_without_its_admin_section(catalog: Catalog, email: str) -> None:
    """Exchange 2007-2016's heading and its sentence for an unknown address, the technical part with
    RESOLVER.ADR.RecipNotFound cut off: the sentence alone says the address does not exist."""
    text = (
        "Delivery has failed to these recipients or groups:\n\n"
        "Paolo Greco (paolo.greco@example.org)\n"
        f"The {email} address you entered couldn't be found. Please check the recipient's {email} address "
        "and try to resend the message. If the problem continues, please contact your helpdesk.\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.hard_bounce) == ("paolo.greco@example.org", "userunknown", True)


def test_a_pasted_report_forwarded_inline_by_a_user(catalog: Catalog) -> None:
    note = "Hi, I can't write to the all-staff list of Contoso, could you have a look?\n\nDiego\n\n-----Original Message-----\n"
    report = diagnose(note + paste("modern-outlook-windows-en-group-auth-required.txt"), catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("all-staff@contoso.com", "5.7.1", "securityerror")]


def test_a_report_forwarded_to_the_helpdesk_as_plain_text(catalog: Catalog) -> None:
    """Outlook's plain-text forward keeps its "<mailto:…>" in the mail's own text part: the
    report in it is read as in a paste."""
    mail = (
        "From: Giulia Romano <giulia.romano@contoso.it>\nTo: Helpdesk <helpdesk@contoso.it>\n"
        "Subject: I: Non recapitabile: Listino 2027\nDate: Thu, 3 Dec 2026 09:20:11 +0000\n"
        "Message-ID: <DB9PR10MB7354F00D@DB9PR10MB7354.EURPRD10.PROD.OUTLOOK.COM>\nMIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n'
        "Ciao, mi è tornato indietro questo messaggio, potete controllare?\n\nGiulia\n\n________________________________\n"
    )
    report = diagnose((mail + paste("classic-outlook-windows-it-several.txt")).encode("utf-8"), catalog)
    assert [(r.recipient, r.status) for r in report.results] == [(r[0], r[1]) for r in EXPECTED["classic-outlook-windows-it-several.txt"]]


def test_outlooks_link_targets_and_invisible_characters_are_taken_out() -> None:
    assert clipboard.tidy("bob@contoso.com<mailto:bob@contoso.com> (bob@contoso.com<mailto:BOB@contoso.com>)") == (
        "bob@contoso.com (bob@contoso.com)"
    )
    assert clipboard.tidy("Sales (sales@fabrikam.com)<mailto:sales@fabrikam.com>") == "Sales (sales@fabrikam.com)"
    # A link whose text is a name keeps its target as the address.
    assert clipboard.tidy("Bob Kelly<mailto:bob@contoso.com?subject=Hi>") == "Bob Kelly <bob@contoso.com>"
    assert clipboard.tidy("Status code:\u00a0550\u200b 5.1.10") == "Status code: 550 5.1.10"


def test_a_report_quoted_whole_is_unquoted_and_a_reply_is_not() -> None:
    quoted = "> Delivery failed:\n>\n>   bob@example.org\n>     550 5.1.1 User unknown\n"
    assert clipboard.tidy(quoted) == "Delivery failed:\n\n  bob@example.org\n    550 5.1.1 User unknown\n"
    # A reply with words of its own keeps its quoting: what is quoted is someone else's text.
    reply = "Could you check this?\n> 550 5.1.1 User unknown\n"
    assert clipboard.tidy(reply) == reply


def test_the_cli_reads_a_pasted_classic_report_in_italian() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "ndr_atlas", "diagnose", "--json", "-"],
        input=paste("classic-outlook-windows-it-several.txt"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    line = json.loads(run.stdout)
    assert (line["bounce"], line["kind"]) == (True, "bounce")
    assert [(r["recipient"], r["status"], r["reply_code"], r["page"], r["reason"], r["hard_bounce"]) for r in line["results"]] == [
        (recipient, *rest) for recipient, *rest in EXPECTED["classic-outlook-windows-it-several.txt"]
    ]


def test_outlooks_own_report_of_a_missing_send_as_right(catalog: Catalog) -> None:
    """Outlook's own "did not reach" report names no SMTP code, only its MAPI error: that error is
    enough to land on the Send As page, whatever the language of the words above it."""
    text = (Path(__file__).parent / "fixtures" / "formats" / "outlook-unreached-de-sendas-paste.txt").read_text(encoding="utf-8")
    [result] = diagnose(text, catalog).results
    assert (result.page, result.reason, result.hard_bounce) == ("codes/5.7.60/#exo-send-as-denied", "rejected", False)
    assert result.titles["it"].startswith("Exchange Online: nessuna autorizzazione")


def test_the_remote_servers_words_below_a_bare_code_are_read_without_the_details_section(catalog: Catalog) -> None:
    """Copied down to "More Info for Email Admins" only: the remote server's own words, not the bare
    "Status code:" line, decide the page and the reason, and the server is named."""
    full = (PASTES / "modern-outlook-windows-en-remote-blocklist.txt").read_text(encoding="utf-8")
    top = full[: full.index("Original Message Details")]
    (result,) = diagnose(top, catalog).results
    assert (result.recipient, result.status, result.page, result.reason, result.remote_host) == (
        "ordini@fabrikam.example",
        "5.7.1",
        "codes/5.7.1/#spamhaus-zen",
        "blocked",
        "mx1.fabrikam.example",
    )
    assert "blocked using zen.spamhaus.org" in result.diagnostic


# Only the part of a classic report above its details, as Outlook renders it: the recipient as its
# display name with the address in brackets, then Exchange's sentence for the sender (here a full
# mailbox), in the languages seen pasted. Our own texts, in Exchange's layout.
USER_PART_ONLY = [
    "Delivery has failed to these recipients or groups:\n\nElena Ricci (Ufficio Acquisti) (elena.ricci@example.org)\n"
    "The recipient's mailbox is full and can't accept messages now. Please try resending this message later, "
    "or contact the recipient directly.\n",
    "Échec de la remise pour ces destinataires ou groupes :\n\nElena Ricci (elena.ricci@example.org)\n"
    "La boîte aux lettres du destinataire est pleine et ne peut pas accepter de messages pour l’instant. "
    "Essayez de renvoyer votre message ultérieurement ou contactez directement le destinataire.\n",
    "No se ha podido realizar la entrega a estos destinatarios o listas de distribución:\n\nelena.ricci@example.org\n"
    "El buzón del destinatario está lleno y no puede aceptar mensajes. Intente reenviarlo más tarde "
    "o póngase en contacto con el destinatario directamente.\n",
]


@pytest.mark.parametrize("text", USER_PART_ONLY)
def test_the_sentence_for_the_sender_alone_names_a_full_mailbox(catalog: Catalog, text: str) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.page) == ("elena.ricci@example.org", "mailboxfull", "codes/5.2.2/")
    assert result.reply_code is None and result.status_inferred


@pytest.mark.parametrize("quote", ["'", "\u2018"])
def test_the_reply_behind_exchanges_front_end_proxy_wrapper(catalog: Catalog, quote: str) -> None:
    """Exchange's front end answers with a fixed status of its own and quotes the reply of the server
    behind it ("550 5.7.0 Proxy session setup failed on Frontend with '554 5.4.4 …'"): the quoted
    reply is the failure's status and reply, as the page it links to. A web page that quotes the
    report may turn the quote mark into a typographic one."""
    text = (
        "Delivery has failed to these recipients or groups:\n\n"
        "carla.villa@fabrikam.example\n"
        "A problem occurred while delivering this message to this email address.\n\n"
        "Diagnostic information for administrators:\n\n"
        "Generating server: EX02.contoso.example\n\n"
        "carla.villa@fabrikam.example\n"
        f"Remote Server returned '550 5.7.0 Proxy session setup failed on Frontend with {quote}554 5.4.4 "
        "SMTPSEND.DNS.NonExistentDomain; nonexistent domain''\n\n"
        "Original message headers:\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.status, result.reply_code, result.reason) == (
        "carla.villa@fabrikam.example",
        "5.4.4",
        "554",
        "hostunknown",
    )
    assert result.page == "codes/5.4.4/#exchange-smtpsend-nonexistent-domain"


def test_a_generic_reply_behind_the_proxy_wrapper_keeps_the_wrappers_status() -> None:
    """When the quoted reply is itself a generic X.Y.0 (Exchange's "Primary target IP address
    responded with" wrapper), the front end's status stays: the quoted one says no more."""
    from ndr_atlas.formats.words import carried_status

    rest = " Proxy session setup failed on Frontend with '451 4.4.0 Primary target IP address responded with: \"421 4.3.2 busy\"'"
    assert carried_status(rest, "450", "4.4.101") == ("450", "4.4.101")
    assert carried_status(" Proxy session setup failed on Frontend with '554 5.4.4 nonexistent domain'", "550", "5.7.0") == ("554", "5.4.4")
    # A quoted reply of the other class does not replace the front end's status.
    assert carried_status(" Proxy session setup failed on Frontend with '451 4.4.4 try later'", "550", "5.7.0") == ("550", "5.7.0")
