"""Reports as mail servers build them from the templates in their own source, each fixture written by
us after the template named beside it: who failed, the reason, and whether it is a failure or a delay
(the TABLE of test_formats.py holds the codes). A delay template must come out as a delay."""

from __future__ import annotations

from pathlib import Path

import pytest

from ndr_atlas import formats
from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas.formats.base import Source, normalise_newlines
from ndr_atlas.mime import parse_mime
from ndr_atlas_build.compile import compile_catalog

FORMATS = Path(__file__).parent / "fixtures" / "formats"

# file, recipient, reason, action, a piece of the diagnostic; the generator's source file in the comment.
CASES: list[tuple[str, str, str, str, str]] = [
    # chasquid internal/queue/dsn.go (multipart version): Final-Recipient fields, the text's technical details.
    ("chasquid-dsn-report.eml", "mario.sala@example.org", "spamdetected", "failed", "likely unsolicited mail"),
    ("chasquid-dsn-report.eml", "archivio@example.net", "networkerror", "failed", "connection refused"),
    # ... its text pasted alone: each error stays with its own recipient.
    ("chasquid-technical-details-paste.txt", "mario.sala@example.org", "spamdetected", "failed", "likely unsolicited mail"),
    ("chasquid-technical-details-paste.txt", "archivio@example.net", "networkerror", "failed", "connection refused"),
    # ... the older text-only template ("failed with error:"), Go's resolver error for a missing domain.
    ("chasquid-old-two-paste.txt", "anna.verdi@example.org", "mailboxfull", "failed", "Mailbox full"),
    ("chasquid-old-two-paste.txt", "ufficio@nonexistent-domain.invalid", "hostunknown", "failed", "no such host"),
    ("chasquid-failed.eml", "marco.neri@example.org", "userunknown", "failed", "User unknown"),
    # ... a recipient an alias hands to a command (queue.proto: Recipient type PIPE): the command's exit is a mailer error.
    ("chasquid-pipe-failed.eml", "assistenza@example.org", "mailererror", "failed", "exit status 1"),
    ("chasquid-pipe-failed.eml", "anna.verdi@example.org", "userunknown", "failed", "User unknown"),
    ("chasquid-pipe-paste.txt", "ordini@example.org", "mailererror", "failed", "exit status 2"),
    # Apache James server/mailet/mailets/.../DSNBounce.java: "Failed recipient(s):" / "Error message:".
    ("apache-james-dsnbounce.eml", "contratti@example.org", "authfailure", "failed", "sender is unauthenticated"),
    ("apache-james-dsnbounce-paste.txt", "contratti@example.org", "authfailure", "failed", "sender is unauthenticated"),
    ("apache-james-dsnbounce-paste.txt", "legale@example.org", "authfailure", "failed", "sender is unauthenticated"),
    # ... James's own errors (remote/delivery/MailDelivrer.java), which DSNBounce's getStatus maps to 5.1.2 and 4.4.1.
    ("apache-james-no-dns-entries-paste.txt", "ordini@example.invalid", "hostunknown", "failed", "no DNS entries for the hostname"),
    ("apache-james-no-mail-server-paste.txt", "ordini@example.org", "expired", "failed", "No mail server(s) available"),
    # ... a DNS lookup that kept failing for the time being (handleTemporaryResolutionException), retried until James gave up.
    (
        "apache-james-dns-lookup-temporary-paste.txt",
        "magazzino@fabrikam.example",
        "networkerror",
        "failed",
        "Temporary problem looking up mail server",
    ),
    # Stalwart crates/smtp/src/queue/dsn.rs: "<addr> (host '…' rejected command '…' with code 550 (5.1.1) '…')".
    ("stalwart-failed.eml", "franco.villa@example.org", "userunknown", "failed", "User unknown"),
    ("stalwart-delay.eml", "ordini@example.net", "expired", "delayed", "Connection timed out"),
    ("stalwart-mixed-paste.txt", "ordini@example.net", "expired", "delayed", "Connection refused"),
    ("stalwart-mixed-paste.txt", "franco.villa@example.org", "mailboxfull", "failed", "Mailbox full"),
    ("stalwart-failed-paste.txt", "info@unknown-host.invalid", "hostunknown", "failed", "Domain does not exist"),
    ("stalwart-delay-paste.txt", "ordini@example.net", "blocked", "delayed", "Greylisted"),
    # ... its own words for a secure connection it could not set up (TlsError, DaneError, MtaStsError).
    ("stalwart-own-errors-paste.txt", "a1@example.org", "failedstarttls", "failed", "invalid peer certificate"),
    ("stalwart-own-errors-paste.txt", "a2@example.net", "failedstarttls", "failed", "TLSA records"),
    ("stalwart-own-errors-paste.txt", "a3@example.com", "failedstarttls", "failed", "Policy requires TLS"),
    ("stalwart-own-errors-paste.txt", "a4@example.org", "undefined", "failed", "rate limited"),
    ("stalwart-own-errors-paste.txt", "a6@example.net", "blocked", "failed", "zen.spamhaus.org"),
    ("stalwart-dane-failed.eml", "franco.villa@example.org", "failedstarttls", "failed", "DANE failed to authenticate"),
    # maddy internal/dsn/dsn.go: "Delivery to <addr> failed with error: …".
    ("maddy-failed.eml", "paola.ricci@example.org", "userunknown", "failed", "does not exist"),
    ("maddy-text-paste.txt", "ufficio.tecnico@example.net", "spamdetected", "failed", "rejected as spam"),
    # ... an error of maddy's own, Go's dial error: no code at all, the recipient still named.
    ("maddy-dial-error-paste.txt", "archivio@example.net", "expired", "failed", "connection timed out"),
    # mox queue/dsn.go: "Delivery has failed permanently …" / "Delivery has been delayed …".
    ("mox-failed.eml", "tommaso.ricci@example.org", "userunknown", "failed", "no such user"),
    ("mox-delay-paste.txt", "tommaso.ricci@example.org", "toomanyconn", "delayed", "too many connections"),
    # ... mox's own smtpclient/gather.go errors: a null MX (errNoMail), a domain Go's resolver does not find.
    ("mox-null-mx-paste.txt", "info@example.org", "notaccept", "failed", "single dot for mx record"),
    ("mox-nxdomain-paste.txt", "info@nonexistent.example", "hostunknown", "failed", "no such host"),
    # Postal app/models/bounce_message.rb: an incoming route's bounce names "Rcpt To:" and no reason at all.
    ("postal-route-failed.eml", "support@helpdesk.example.com", "undefined", "failed", "cannot be delivered"),
    # OpenSMTPD usr.sbin/smtpd/bounce.c: the delay notice ("A message is delayed for more than …").
    ("opensmtpd-delayed.eml", "amministrazione@example.org", "expired", "delayed", "Temporary System Problem"),
    ("opensmtpd-delayed-paste.txt", "amministrazione@example.org", "networkerror", "delayed", "Network error on destination MXs"),
    # ... and queue.c's "Envelope expired" under that heading (OpenSMTPD/OpenSMTPD#1133): the end of the retries.
    ("opensmtpd-expired-under-delay-heading-paste.txt", "fatture@example.org", "expired", "failed", "Envelope expired"),
    (
        "opensmtpd-expired-under-delay-heading-paste.txt",
        "magazzino@example.net",
        "networkerror",
        "delayed",
        "Network error on destination MXs",
    ),
    # Dovecot lib-lda/mail-send.c: a Sieve reject (a disposition notification) and a quota reject (a DSN).
    ("dovecot-sieve-reject.eml", "ufficio.stampa@example.org", "undefined", "failed", "no longer accept mail"),
    ("dovecot-quota-dsn.eml", "redazione@example.org", "mailboxfull", "failed", "Quota exceeded"),
    # ... its storage errors in the reject text (src/lib-storage/mail-error.h).
    ("dovecot-mailbox-not-found-paste.txt", "archivio.storico@example.org", "userunknown", "failed", "Mailbox doesn't exist"),
    ("dovecot-disk-quota-paste.txt", "redazione@example.org", "mailboxfull", "failed", "Not enough disk quota"),
    # hMailServer ExternalDelivery.cpp: no MX for the domain (its own sentence), and retries used up ("Tried 4 time(s)").
    ("hmailserver-no-mail-servers-paste.txt", "acquisti@example.invalid", "hostunknown", "failed", "No mail servers appear to exists"),
    ("hmailserver-no-mail-servers-paste.txt", "logistica@example.org", "expired", "failed", "Temporary lookup failure"),
    # ... and its sentence when the DNS query itself failed at every retry (the same function's other branch).
    ("hmailserver-dns-failed-paste.txt", "ufficio.acquisti@fabrikam.example", "networkerror", "failed", "The DNS query has failed"),
    # ... and TCPConnection.cpp's refusal to connect to its own listening address (the MX leads back to it).
    ("hmailserver-connect-to-myself-paste.txt", "commerciale@fabrikam.example", "systemerror", "failed", "connecting to myself"),
    # Courier courier/module.dsn/dsndelayed.txt and dsn.c: "DELAYS IN DELIVERING YOUR MESSAGE", the " <<< " reply.
    ("courier-delayed.eml", "tesoreria@example.org", "mailboxfull", "delayed", "Mailbox over quota"),
    ("courier-delayed-paste.txt", "tesoreria@example.org", "mailboxfull", "delayed", "Mailbox over quota"),
    # Exim src/deliver.c: a failed pipe an alias or a .forward made is listed as "pipe to |<command>" over
    # "generated by <address>", the command named without its directory where the transport has a path.
    ("exim-pipe-command-name.eml", "turno@example.org", "mailererror", "failed", "pipe to |pagerd"),
    # Sendmail sendmail/savemail.c: a program recipient '"|<command>"' and "(reason: <exit status>)" above
    # "(expanded from: <alias>)", pasted with its closing quote lost.
    ("sendmail-program-recipient-paste.txt", "notizie@example.org", "mailererror", "failed", "(reason: 75)"),
]

# The reader that answers first, where a generator's layout has a reader of its own.
READ_BY: list[tuple[str, str]] = [
    ("chasquid-dsn-report.eml", "chasquid"),
    ("chasquid-technical-details-paste.txt", "chasquid"),
    ("chasquid-old-two-paste.txt", "chasquid"),
    ("chasquid-failed.eml", "chasquid"),
    ("chasquid-pipe-failed.eml", "chasquid"),
    ("chasquid-pipe-paste.txt", "chasquid"),
    ("apache-james-dsnbounce-paste.txt", "jamesdsn"),
    ("apache-james-dsnbounce.eml", "rfc3464"),
    ("opensmtpd-delayed-paste.txt", "opensmtpd"),
    ("opensmtpd-expired-under-delay-heading-paste.txt", "opensmtpd"),
    ("opensmtpd-delayed.eml", "rfc3464"),
    ("postal-route-failed.eml", "postal"),
    ("stalwart-mixed-paste.txt", "stalwart"),
    ("maddy-dial-error-paste.txt", "maddy"),
    ("maddy-text-paste.txt", "maddy"),
    ("maddy-failed.eml", "rfc3464"),
    ("stalwart-own-errors-paste.txt", "stalwart"),
    ("stalwart-failed.eml", "rfc3464"),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


@pytest.mark.parametrize(("name", "recipient", "reason", "action", "words"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_generator_template(catalog: Catalog, name: str, recipient: str, reason: str, action: str, words: str) -> None:
    report = diagnose((FORMATS / name).read_bytes(), catalog)
    (result,) = [r for r in report.results if r.recipient == recipient]
    assert (result.reason, result.action) == (reason, action)
    assert words in result.diagnostic


@pytest.mark.parametrize(("name", "module"), READ_BY, ids=[name for name, _ in READ_BY])
def test_generator_read_by(name: str, module: str) -> None:
    data = normalise_newlines((FORMATS / name).read_text("utf-8"))
    source = Source(data, parse_mime(data))
    answered = next(reader for reader in formats.READERS if reader.recognise(source) and reader.read(source) is not None)
    assert getattr(answered, "__name__", "").rsplit(".", 1)[-1] == module


def test_chasquid_errors_stay_with_their_recipients(catalog: Catalog) -> None:
    # The generic reading of the text gave the timed-out recipient the other one's 550 and spam verdict.
    report = diagnose((FORMATS / "chasquid-dsn-report.eml").read_bytes(), catalog)
    timed_out = next(r for r in report.results if r.recipient == "archivio@example.net")
    assert timed_out.reply_code is None
    assert "unsolicited" not in timed_out.diagnostic


def test_stalwart_line_gives_server_command_and_codes(catalog: Catalog) -> None:
    # "<addr> (host 'mx' rejected command 'RCPT TO:<addr>' with code 550 (5.1.1) '…')": every part has its field.
    report = diagnose((FORMATS / "stalwart-failed-paste.txt").read_bytes(), catalog)
    refused = next(r for r in report.results if r.recipient == "franco.villa@example.org")
    assert (refused.remote_host, refused.command, refused.reply_code, refused.status) == ("mx1.example.org", "RCPT", "550", "5.1.1")


def test_stalwart_zero_status_is_no_status(catalog: Catalog) -> None:
    # Stalwart prints "(0.0.0)" when the server's reply carried no enhanced code: that is no status.
    text = b"Your message could not be delivered to the following recipients:\n\n<bob@example.org> (host 'mx.example.org' rejected transaction with code 554 (0.0.0) 'Message refused')\n"
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.status_inferred) == ("bob@example.org", "554", True)


def test_chasquid_timed_out_recipient_expired(catalog: Catalog) -> None:
    # A recipient chasquid kept retrying until the message expired, its last error naming no reason of its own.
    text = (
        b"Delivery of your message to the following recipient(s) failed permanently:\n\n  - bob@example.org\n\n"
        b'Technical details:\n- "bob@example.org" (EMAIL) failed repeatedly and timed out, last error:\n    unexpected EOF\n'
    )
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.action, result.page) == (
        "bob@example.org",
        "expired",
        "failed",
        "codes/5.4.7/#chasquid-timed-out",
    )


@pytest.mark.parametrize(("name", "action"), [("opensmtpd-delivered-paste.txt", "delivered"), ("opensmtpd-relayed-paste.txt", "relayed")])
def test_opensmtpd_success_notice_pasted_is_no_failure(catalog: Catalog, name: str, action: str) -> None:
    # bounce.c's notice_success / notice_relay use the failure notice's layout, "address: 250 …" lines included.
    report = diagnose((FORMATS / name).read_bytes(), catalog)
    assert (report.kind, report.results) == ("delivered", [])
    assert [(a.address, a.action) for a in report.addresses] == [("amministrazione@example.org", action)]


def test_stalwart_delivered_recipients_are_no_failures(catalog: Catalog) -> None:
    # "Successfully delivered message", and the delivered section of "Partially delivered message".
    success = diagnose((FORMATS / "stalwart-success-paste.txt").read_bytes(), catalog)
    assert (success.kind, success.results, [a.address for a in success.addresses]) == ("delivered", [], ["franco.villa@example.org"])
    partial = diagnose((FORMATS / "stalwart-partial-paste.txt").read_bytes(), catalog)
    assert [(r.recipient, r.reason) for r in partial.results] == [("ordini@example.net", "userunknown")]


def test_stalwart_report_wrapped_by_a_mail_program(catalog: Catalog) -> None:
    # Wrapped at 72 columns: the delay rule (82 characters) and a long recipient line break in two.
    text = (
        b"Your message could not be delivered to some recipients:\n\n"
        b"    ----- There was a temporary problem delivering to these\naddresses -----\n"
        b"<ordini@example.net> (connection to 'mx.example.net' failed: Connection\nrefused)\n\n"
        b"    ----- Delivery to the following addresses failed -----\n"
        b"<franco.villa@example.org> (host 'mx1.example.org' rejected transaction\nwith code 552 (5.2.2) 'Mailbox full')\n"
    )
    results = diagnose(text, catalog).results
    assert [(r.recipient, r.action, r.reply_code) for r in results] == [
        ("ordini@example.net", "delayed", None),
        ("franco.villa@example.org", "failed", "552"),
    ]


def test_stalwart_first_release_wording(catalog: Catalog) -> None:
    # stalwartlabs/smtp-server src/queue/dsn.rs: "There has been a delay delivering …" and its rule, and
    # the delivered rule spelt "succesful". The delayed recipient stays delayed, the delivered one no failure.
    delay = b"There has been a delay delivering your message to the following recipients:\n\n<ordini@example.net> (connection to 'mx.example.net' failed: Connection refused (os error 111))\n"
    (result,) = diagnose(delay, catalog).results
    assert (result.recipient, result.action) == ("ordini@example.net", "delayed")
    mixed = (
        b"Your message could not be delivered to some recipients:\n\n"
        b"    ----- Delivery to the following addresses was succesful -----\n"
        b"<franco.villa@example.org> (delivered to 'mx1.example.org' with code 250 (2.0.0) 'Ok: queued')\n\n"
        b"    ----- There has been a delay delivering to these addresses -----\n"
        b"<ordini@example.net> (host 'mx.example.net' rejected command 'RCPT TO:<ordini@example.net>' with code 451 (4.7.1) 'Try again later')\n"
    )
    report = diagnose(mixed, catalog)
    assert [(r.recipient, r.action, r.reply_code) for r in report.results] == [("ordini@example.net", "delayed", "451")]
    assert [(a.address, a.action) for a in report.addresses] == [("franco.villa@example.org", "delivered")]
