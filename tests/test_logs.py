"""``ndr-atlas logs``: every reader on its fixtures, the classification by the catalog, the CLI's JSON
and summary in both languages, errors, gzip, UTF-16, --since, and a linear-time guard."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.logs import Classifier, LogFormatError, LogRun, detect, read_log
from ndr_atlas.logs.base import parse_since, parse_time
from ndr_atlas.logs.opening import LogFile

LOGS = Path(__file__).parent / "fixtures" / "logs"
JSON_FIELDS = {
    "file",
    "line",
    "time",
    "recipient",
    "domain",
    "status",
    "reply_code",
    "reason",
    "hard_bounce",
    "deferred",
    "entry",
    "page",
    "remote_host",
    "connector",
    "diagnostic",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def rows(catalog: Catalog, name: str | Path, since: str | None = None) -> list[tuple[int, str | None, str | None, bool, str]]:
    """(line, recipient, status, deferred, page) of each failure found in a log."""
    path = name if isinstance(name, Path) else LOGS / name
    return [
        (f.line, f.recipient, f.status, f.deferred, f.page) for f in read_log(str(path), catalog, parse_since(since) if since else None)
    ]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ndr_atlas", *args], input=stdin, capture_output=True, text=True, timeout=120)


# --- each reader on its fixtures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "reader"),
    [
        ("exo-trace-detail.csv", "exo-trace-detail"),
        ("exo-trace-detail-utf16.csv", "exo-trace-detail"),
        ("exo-message-trace.csv", "exo-message-trace"),
        ("exo-summary-report.csv", "exo-summary-report"),
        ("exo-extended-report.csv", "exchange-tracking"),
        ("MSGTRK2026120410-1.LOG", "exchange-tracking"),
        ("get-messagetrackinglog.csv", "exchange-tracking"),
        ("get-messagetrackinglog-lists-lost.csv", "exchange-tracking"),
        ("get-messagetrackinglog-joined.csv", "exchange-tracking"),
        ("SEND20261204-1.LOG", "exchange-smtp-send"),
        ("postfix-syslog.log", "postfix"),
        ("postfix-iso.log", "postfix"),
        ("postfix-smtputf8.log", "postfix"),
        ("postfix-syslog.log.1.gz", "postfix"),
        ("postfix-journal-cat.log", "postfix"),
        ("postfix-retries.log", "postfix"),
        ("postfix-softbounce.log", "postfix"),
        ("exim-mainlog", "exim"),
        ("exim-syslog.log", "exim"),
        ("exim-retries-mainlog", "exim"),
        ("sendmail.log", "sendmail"),
        ("sendmail-retries.log", "sendmail"),
        ("opensmtpd-maillog", "opensmtpd"),
        ("opensmtpd-mda-maillog", "opensmtpd"),
        ("qmail-current", "qmail"),
        ("stalwart.log.2026-11-30", "stalwart"),
        ("asyncos-mail.current", "asyncos"),
        ("asyncos-bounces.current", "asyncos"),
        ("zonemta.log", "zonemta"),
        ("maddy.log", "maddy"),
        ("pmta-acct.csv", "pmta-acct"),
        ("pmta-acct-noheader.csv", "pmta-acct"),
    ],
)
def test_each_fixture_is_told_by_its_reader(fixture: str, reader: str) -> None:
    with LogFile(str(LOGS / fixture)) as log:
        assert detect(log.head).NAME == reader


def test_postfix_bounces_and_deferrals(catalog: Catalog) -> None:
    found = rows(catalog, "postfix-syslog.log")
    assert found == [
        (5, "j.rossi@example-shop.it", "5.1.1", False, "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (7, "anna.bianchi@mail.example.net", "4.4.1", True, "codes/5.4.1/#postfix-connection-timed-out"),
        (9, "marco@example.org", "4.7.28", True, "codes/5.7.28/#gmail-unsolicited-rate-limit"),
        (10, "nobody@mx1.corp.example", "5.1.1", False, "codes/5.1.1/#generic-userunknown-no-such-user"),
        (11, "info@no-such-domain.example", "5.4.4", False, "codes/5.4.4/#postfix-host-not-found"),
        (12, "ceo@partner.example.com", "5.7.1", False, "codes/5.7.1/#spamhaus-zen"),  # "blocked using Spamhaus": the Spamhaus ZEN variant
        (13, "full.box@example-shop.it", "4.2.2", True, "codes/5.2.2/#generic-mailboxfull-over-quota"),
    ]  # status=sent, status=expired (no recipient), other programs' lines: not failures


def test_postfix_soft_bounces_are_deferrals(catalog: Catalog) -> None:
    """soft_bounce = yes logs "dsn=4.x.x, status=SOFTBOUNCE" where Postfix would have bounced: the
    mail stays queued (postconf(5) soft_bounce; global/bounce.c), so each is a deferral with the
    dsn= status, and the remote server's 5xx reply is kept as its text."""
    found = rows(catalog, "postfix-softbounce.log")
    assert found == [
        (4, "nadia.ferri@contoso.com", "4.1.1", True, "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (5, "ordini@northwind.example", "4.7.1", True, "codes/5.7.1/#generic-spamdetected-message-looks-like-spam"),
        (7, "gianni@relay1.fabrikam.example", "4.1.1", True, "codes/5.1.1/#generic-userunknown-no-such-user"),
    ]  # status=sent and the other programs' lines: no deliveries that failed
    first = next(iter(read_log(str(LOGS / "postfix-softbounce.log"), catalog)))
    assert (first.reply_code, first.hard_bounce) == ("550", False)
    assert first.diagnostic.startswith("host mx1.contoso.com[192.0.2.25] said: 550 5.1.1 <nadia.ferri@contoso.com>")


def test_postfix_records_without_the_syslog_prefix(catalog: Catalog) -> None:
    """journalctl -o cat prints Postfix's records alone ("QUEUEID: to=<…>, relay=…"): read as its
    syslog lines are, the delivered recipient and the queue's own lines left out."""
    found = rows(catalog, "postfix-journal-cat.log")
    assert [(line, recipient, status, deferred) for line, recipient, status, deferred, _ in found] == [
        (2, "magazzino@fabrikam.example", "5.1.1", False),
        (3, "acquisti@example.org", "4.2.2", True),
    ]


def test_non_ascii_local_parts_are_masked_like_ascii_ones(catalog: Catalog) -> None:
    """The same refusal quoting each recipient (SMTPUTF8 addresses as Postfix logs them): one
    classification for all four, the local part masked whole whatever its script, each failure
    keeping its own recipient."""
    classifier = Classifier(catalog)
    failures = list(LogRun(str(LOGS / "postfix-smtputf8.log"), classifier).failures())
    assert [(f.line, f.recipient, f.page) for f in failures] == [
        (2, "anna.marini@example.com", "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (3, "josé@example.com", "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (4, "maría.lópez@example.com", "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (5, "用户@example.com", "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
    ]
    assert len(classifier.memo) == 1
    ((_, _, masked, *_),) = classifier.memo
    assert "<recipient@example.com>" in masked


@pytest.mark.parametrize(
    ("unit", "tail"),
    [
        (" status=bounced (", ""),  # verdicts opened again and again, the line never closed by ")"
        (" postfix/smtp[7]: to=<bob@example.org>,", " status=bounced"),  # records begun, none with a verdict
    ],
    ids=["verdicts", "record-starts"],
)
def test_postfix_line_of_many_verdicts_or_record_starts_is_read_in_linear_time(unit: str, tail: str) -> None:
    """A hostile line of a Postfix log: each verdict or record start is not a scan to the line's end."""
    from ndr_atlas.formats.postfixlog import delivery_of
    from test_hostile_input import HANG_GUARD_S, superlinear, time_limit

    head = "Dec  4 10:15:02 mx1 postfix/smtp[7]: 4RxYz1ABC: to=<bob@example.org>,"
    small, big = (head + unit * count + tail for count in (300, 3_000))
    assert delivery_of(big) is None
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(delivery_of, small, big, repeats=(5, 25))
    assert ratio is None, f"10x the line costs {ratio:.0f}x"


def test_postfix_text_in_parentheses_ends_at_the_line_end() -> None:
    from ndr_atlas.formats.postfixlog import delivery_of

    line = (
        "4RxYz1ABC: to=<bob@example.org>, relay=mx.example.org[192.0.2.7]:25, dsn=5.1.1, status=bounced (host said: 550 no (#5.1.1) )  \n"
    )
    delivery = delivery_of(line)
    assert delivery is not None and (delivery.text, delivery.status, delivery.service) == ("host said: 550 no (#5.1.1) ", "5.1.1", None)
    assert delivery_of(line.replace(") )", ") ) trailing")) is None


def test_postfix_iso_timestamps_and_a_cut_line(catalog: Catalog) -> None:
    failures = list(read_log(str(LOGS / "postfix-iso.log"), catalog))
    assert [(f.line, f.recipient, f.reason) for f in failures] == [
        (1, "luca.verdi@example.com", "userunknown"),
        (3, "helpdesk@example.net", "blocked"),
        (4, "ops@example.net", "mailboxfull"),
    ]
    assert failures[0].time == "2026-12-04T08:00:01.114503+01:00"
    assert failures[0].page.endswith("#gmail-nosuchuser") and failures[0].hard_bounce
    assert failures[0].remote_host == "mx1.example.com" and failures[0].connector == "postfix-out/smtp"


def test_exim_failures_and_deferrals(catalog: Catalog) -> None:
    failures = list(read_log(str(LOGS / "exim-mainlog"), catalog))
    assert [(f.line, f.recipient, f.status, f.deferred) for f in failures] == [
        (2, "bob@example.com", "5.1.1", False),
        (4, "ann@example.org", "4.7.1", True),
        (5, "ghost@nowhere.example", "5.4.4", False),
        (6, "dave@slow.example", "4.4.7", True),  # a deferral with no code: inferred in class 4
        (7, "Eve.Smith@example.net", "5.3.4", False),
        (9, "frank@example.com", None, True),
    ]
    assert failures[0].remote_host == "mx.example.com" and failures[0].connector == "remote_smtp"
    assert failures[2].page == "codes/5.4.4/#exim-unrouteable-address"
    assert failures[4].page.endswith("#postfix-message-size-exceeds-fixed-limit") and failures[4].reason == "mesgtoobig"
    syslog = list(read_log(str(LOGS / "exim-syslog.log"), catalog))
    assert [(f.recipient, f.reply_code, f.deferred) for f in syslog] == [
        ("bob@example.com", "550", False),
        ("ann@example.org", "421", True),
    ]


@pytest.mark.parametrize("fixture", ["postfix-retries.log", "exim-retries-mainlog", "sendmail-retries.log"])
def test_a_deferral_then_a_failure_of_the_same_delivery(catalog: Catalog, fixture: str) -> None:
    # Each attempt is a line and an event at its time: the deferral stays a deferral, and the failure
    # reported is the last line's (5.1.1), not the deferral's code (as diagnose reads the same paste).
    assert [(line, recipient, status, deferred) for line, recipient, status, deferred, _ in rows(catalog, fixture)] == [
        (1, "bob@example.com", "4.2.2", True),
        (2, "bob@example.com", "5.1.1", False),
    ]


def test_sendmail_multi_recipient_line_and_its_own_wording(catalog: Catalog) -> None:
    found = rows(catalog, "sendmail.log")
    assert [(line, recipient, status, deferred) for line, recipient, status, deferred, _ in found] == [
        (2, "bob@example.com", "5.1.1", False),
        (4, "ann@example.org", "4.7.1", True),  # dsn=4.0.0 says less than the reply's 4.7.1
        (4, "ben@example.org", "4.7.1", True),
        (6, "ops@down.example", "4.0.0", True),
    ]
    assert found[3][4] == "codes/5.4.1/#sendmail-deferred-connection-refused"


def test_powermta_accounting_bounces_and_transient_failures(catalog: Catalog) -> None:
    """b and rb records are failures, t records deferrals; d (delivered) and f (feedback) records are
    not failures. The reply comes from dsnDiag without its "smtp;" type, the status from the reply or
    else from dsnStatus, the host from dsnMta, the virtual MTA as the connector."""
    failures = list(read_log(str(LOGS / "pmta-acct.csv"), catalog))
    assert [(f.line, f.recipient, f.status, f.reply_code, f.deferred, f.reason) for f in failures] == [
        (3, "j.rossi@example-shop.it", "5.1.1", "550", False, "userunknown"),
        (4, "marco@example.org", "4.7.28", "421", True, "blocked"),
        (6, "full.box@example-shop.it", "5.2.2", "552", False, "mailboxfull"),
        (7, "info@no-such-domain.example", "5.1.2", "550", False, "hostunknown"),
    ]
    assert (failures[0].remote_host, failures[0].connector, failures[0].time) == (
        "mx.example-shop.it",
        "vmta-news",
        "2026-12-04T08:00:02+01:00",
    )
    assert failures[0].diagnostic.startswith("550 5.1.1 <j.rossi@example-shop.it>")
    # Without the header line the default record fields are read, in PowerMTA's order.
    assert [(f.line, f.recipient, f.status) for f in read_log(str(LOGS / "pmta-acct-noheader.csv"), catalog)] == [
        (1, "carla.fonti@example-shop.it", "5.1.1"),
        (3, "info@no-such-domain.example", "5.1.2"),
    ]


def test_trace_detail_reads_led_fqdn_and_connector(catalog: Catalog) -> None:
    failures = list(read_log(str(LOGS / "exo-trace-detail.csv"), catalog))
    assert [(f.line, f.recipient, f.status, f.deferred, f.entry) for f in failures] == [
        (4, "buyer@fornitore.example.it", "4.4.316", True, "connector-connection-refused"),
        (5, "buyer@fornitore.example.it", "5.4.316", False, "connector-connection-refused"),
        (6, "old.colleague@contoso.example", "5.1.10", False, "recipient-null-mx-or-not-found"),
        (7, "contracts@partner.example", "4.4.317", True, "connector-cannot-connect"),
    ]
    first = failures[0]
    assert first.remote_host == "mail.fornitore.example.it" and first.connector == "Outbound to Fornitore (TLS)"
    assert first.diagnostic.startswith("450 4.4.316 Connection refused [Message=Socket error code 10061]")
    assert first.time == "2026-12-04T09:58:11.457000+00:00" and first.reply_code == "450"


def test_utf16_export_from_an_italian_session(catalog: Catalog) -> None:
    failures = list(read_log(str(LOGS / "exo-trace-detail-utf16.csv"), catalog))
    assert [(f.line, f.recipient, f.status, f.time) for f in failures] == [
        (3, "amministrazione@cliente.example.it", "4.4.316", "2026-12-04T10:58:11"),  # 04/12: day first
        (4, "mario.rossi@esempio.example.it", "5.7.708", "2026-12-13T16:20:05"),
    ]
    assert failures[0].connector == "Verso Cliente"


def test_utf16_without_bom_and_utf8_with_bom(catalog: Catalog, tmp_path: Path) -> None:
    text = (LOGS / "exo-trace-detail.csv").read_text(encoding="utf-8")
    (tmp_path / "le.csv").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "be.csv").write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    (tmp_path / "bom.csv").write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode())
    expected = rows(catalog, "exo-trace-detail.csv")
    assert len(expected) == 4
    for name in ("le.csv", "be.csv", "bom.csv"):
        assert [row[1:] for row in rows(catalog, tmp_path / name)] == [row[1:] for row in expected], name


def test_csv_saved_again_by_a_european_excel(catalog: Catalog, tmp_path: Path) -> None:
    """Semicolons instead of commas, as Excel saves a CSV in an Italian or German locale."""
    import csv as csv_module

    source = (LOGS / "exo-trace-detail.csv").read_text(encoding="utf-8").splitlines()
    rows_in = list(csv_module.reader(source[1:]))
    with (tmp_path / "excel.csv").open("w", newline="", encoding="utf-8-sig") as handle:
        csv_module.writer(handle, delimiter=";").writerows(rows_in)
    assert [row[1:] for row in rows(catalog, tmp_path / "excel.csv")] == [row[1:] for row in rows(catalog, "exo-trace-detail.csv")]


def test_message_trace_export_without_codes(catalog: Catalog) -> None:
    failures = list(read_log(str(LOGS / "exo-message-trace.csv"), catalog))
    # Pending is deferred, Failed failed; Delivered and FilteredAsSpam are no delivery failure. The
    # subject spanning two lines does not shift the line numbers.
    # Its times carry no zone: Microsoft documents the cmdlet's time stamps as UTC, so they are read so.
    assert [(f.line, f.recipient, f.deferred, f.status, f.time) for f in failures] == [
        (2, "buyer@fornitore.example.it", True, None, "2026-12-04T09:58:02+00:00"),
        (3, "old.colleague@contoso.example", False, None, "2026-12-04T11:02:44+00:00"),
        (7, "lead@prospect.example", False, None, "2026-12-04T14:40:00+00:00"),
    ]
    assert failures[2].remote_host == "198.51.100.88" and failures[0].entry is None


def test_admin_center_summary_report(catalog: Catalog) -> None:
    failures = list(read_log(str(LOGS / "exo-summary-report.csv"), catalog))
    assert [(f.line, f.recipient, f.deferred) for f in failures] == [
        (2, "buyer@fornitore.example.it", True),
        (3, "old.colleague@contoso.example", False),  # its second recipient was delivered
    ]
    assert failures[0].connector == "Outbound to Fornitore (TLS)"


def test_exchange_tracking_log_multi_recipient_rows_and_dsn(catalog: Catalog) -> None:
    failures = list(read_log(str(LOGS / "MSGTRK2026120410-1.LOG"), catalog))
    assert [(f.line, f.recipient, f.status, f.reason, f.deferred) for f in failures] == [
        (7, "laura@example.com", "5.1.1", "userunknown", False),  # one FAIL row, two recipients, two statuses
        (7, "piero@example.com", "5.2.2", "mailboxfull", False),
        (9, "acquisti@partner.example", "4.4.0", "toomanyconn", True),
        (10, "lost@partner.example", "5.4.1", "filtered", False),  # a DSN with a status of its own
    ]  # the DSN row that reports line 7's FAIL is not counted twice
    assert failures[0].remote_host == "mx.example.com" and failures[0].connector == "Internet Mail"


def test_extended_report_and_get_messagetrackinglog(catalog: Catalog) -> None:
    extended = list(read_log(str(LOGS / "exo-extended-report.csv"), catalog))
    assert [(f.line, f.recipient, f.status, f.deferred) for f in extended] == [
        (3, "buyer@fornitore.example.it", "4.4.316", True),
        (4, "old.colleague@contoso.example", "5.1.10", False),
        (4, "gone@contoso.example", "5.1.10", False),  # the status field holds one status per recipient
    ]
    assert extended[0].remote_host == "mail.fornitore.example.it"
    tracking = list(read_log(str(LOGS / "get-messagetrackinglog.csv"), catalog))
    # Export-Csv of the raw objects writes "System.String[]" for lists: the row is kept, recipient unknown.
    assert [(f.line, f.recipient, f.status, f.deferred) for f in tracking] == [
        (3, "laura@example.com", "5.1.1", False),
        (4, None, None, True),
    ]


def test_mail_log_whose_first_64_kb_hold_no_delivery(catalog: Catalog, tmp_path: Path) -> None:
    """IMAP logins can fill the start of /var/log/mail.log: every line is then offered to each MTA reader."""
    logins = "".join(
        f"Dec  4 09:{n // 60 % 60:02d}:{n % 60:02d} mx1 dovecot: imap-login: Login: user=<user{n}@corp.example>, method=PLAIN, "
        f"rip=10.0.4.{n % 250}, lip=10.0.0.5, mpid={4000 + n}, TLS, session=<Ab{n:06d}Cd>\n"
        for n in range(800)
    )
    mixed = tmp_path / "mail.log"
    mixed.write_text(logins + (LOGS / "postfix-syslog.log").read_text() + (LOGS / "exim-syslog.log").read_text())
    with LogFile(str(mixed)) as log:
        assert len("".join(log.head)) > 60_000
        assert detect(log.head).NAME == "mail-syslog"
    found = [(line - 800, recipient, status) for line, recipient, status, _, _ in rows(catalog, mixed)]
    assert found == [(line, recipient, status) for line, recipient, status, _, _ in rows(catalog, "postfix-syslog.log")] + [
        (16, "bob@example.com", "5.1.1"),
        (17, "ann@example.org", "4.3.2"),
    ]
    (tmp_path / "auth.log").write_text("".join(f"Dec  4 09:00:{n:02d} host sshd[{n}]: Accepted publickey for admin\n" for n in range(50)))
    with LogFile(str(tmp_path / "auth.log")) as log, pytest.raises(LogFormatError, match="Known formats"):
        detect(log.head)
    # A log whose lines hold commas is still no CSV export: the error lists the log formats.
    (tmp_path / "other.log").write_text("".join(f"Dec  4 09:00:{n:02d} host app[{n}]: user=a, action=b, result=c\n" for n in range(50)))
    with LogFile(str(tmp_path / "other.log")) as log, pytest.raises(LogFormatError, match="not a log or export this tool knows"):
        detect(log.head)


def test_same_answer_as_diagnose_for_the_same_error(catalog: Catalog) -> None:
    """The readers only find failures: the page and reason are the ones ``diagnose`` gives."""
    failure = next(iter(read_log(str(LOGS / "postfix-syslog.log"), catalog)))
    proc = run("diagnose", "--json", "--per-recipient", stdin=f"Final-Recipient: rfc822; {failure.recipient}\n\n{failure.diagnostic}\n")
    assert proc.returncode == 0, proc.stderr
    diagnosed = json.loads(proc.stdout.splitlines()[0])
    assert (diagnosed["page"], diagnosed["reason"]) == (failure.page, failure.reason)


def test_gzip_and_truncated_gzip(catalog: Catalog, tmp_path: Path) -> None:
    assert rows(catalog, "postfix-syslog.log.1.gz") == rows(catalog, "postfix-syslog.log")
    postfix_log(tmp_path / "big.log", 20_000)
    data = gzip.compress((tmp_path / "big.log").read_bytes())
    (tmp_path / "cut.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(LogFormatError, match="stopped at line"):
        list(read_log(str(tmp_path / "cut.gz"), catalog))
    (tmp_path / "stub.gz").write_bytes(data[:100])
    with pytest.raises(LogFormatError, match="cannot read: Compressed file ended"):
        list(read_log(str(tmp_path / "stub.gz"), catalog))


# --- times and --since ----------------------------------------------------------------------------


def test_times_as_exports_write_them() -> None:
    assert parse_time("12/4/2026 1:15:09 PM").isoformat() == "2026-12-04T13:15:09"  # type: ignore[union-attr]
    assert parse_time("04/12/2026 13:15:09").isoformat() == "2026-12-04T13:15:09"  # type: ignore[union-attr]
    assert parse_time("13.12.2026 08:00:00").isoformat() == "2026-12-13T08:00:00"  # type: ignore[union-attr]
    assert parse_time("2026-12-04T09:58:02.1130000Z").isoformat() == "2026-12-04T09:58:02.113000+00:00"  # type: ignore[union-attr]
    assert parse_time("not a time") is None


def test_since_filters_by_time(catalog: Catalog) -> None:
    everything = rows(catalog, "postfix-iso.log")
    # 10:00 UTC is 11:00 at +01:00: only the 11:02 bounce is at or after it.
    assert [r[0] for r in rows(catalog, "postfix-iso.log", "2026-12-04T10:00Z")] == [4]
    assert rows(catalog, "postfix-iso.log", "2026-12-01") == everything
    assert rows(catalog, "postfix-iso.log", "2027-01-01") == []
    with pytest.raises(ValueError, match="--since"):
        parse_since("last tuesday")
    proc = run("logs", "--json", "--since", "2026-12-04T10:00Z", str(LOGS / "postfix-iso.log"), str(LOGS / "exo-trace-detail.csv"))
    assert proc.returncode == 0, proc.stderr
    times = [json.loads(line)["time"] for line in proc.stdout.splitlines()]
    assert times == [
        "2026-12-04T11:02:10.250000+01:00",
        "2026-12-05T09:58:40.001000+00:00",
        "2026-12-04T11:02:45+00:00",
        "2026-12-04T12:30:00+00:00",
    ]
    assert run("logs", "--since", "yesterday-ish", str(LOGS / "postfix-iso.log")).returncode == 2


def test_since_accepts_an_age(catalog: Catalog, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    lines = [
        f"{(now - timedelta(hours=hours)).isoformat()} mx postfix/smtp[1]: A{hours}: to=<u{hours}@example.com>, relay=none, "
        f"delay=1, dsn=4.4.1, status=deferred (connect to mx.example.com[192.0.2.1]:25: Connection timed out)\n"
        for hours in (50, 30, 2)
    ]
    (tmp_path / "recent.log").write_text("".join(lines))
    assert [r[1] for r in rows(catalog, tmp_path / "recent.log", "24h")] == ["u2@example.com"]
    assert [r[1] for r in rows(catalog, tmp_path / "recent.log", "2d")] == ["u30@example.com", "u2@example.com"]


# --- the command line -----------------------------------------------------------------------------


def test_cli_json_one_line_per_failure() -> None:
    proc = run("logs", "--json", str(LOGS / "sendmail.log"), str(LOGS / "exo-trace-detail-utf16.csv"))
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == 6 and all(set(line) == JSON_FIELDS for line in lines)
    assert lines[0] == {
        "file": str(LOGS / "sendmail.log"),
        "line": 2,
        "time": "2026-12-04T10:15:02",
        "recipient": "bob@example.com",
        "domain": "example.com",
        "status": "5.1.1",
        "reply_code": None,
        "reason": "userunknown",
        "hard_bounce": True,
        "deferred": False,
        "entry": "bad-destination-mailbox",
        "page": "codes/5.1.1/#generic-userunknown-no-such-user",
        "remote_host": "mx.example.com",
        "connector": "esmtp",
        "diagnostic": "User unknown",
    }
    assert lines[4]["connector"] == "Verso Cliente" and lines[4]["deferred"] is True and lines[4]["hard_bounce"] is False


def test_cli_json_summary_object() -> None:
    proc = run("logs", "--json", "--summary", str(LOGS / "postfix-syslog.log"), str(LOGS / "exim-mainlog"))
    assert proc.returncode == 0, proc.stderr
    *failures, last = (json.loads(line) for line in proc.stdout.splitlines())
    summary = last["summary"]
    assert len(failures) == summary["failures"] == 13 and summary["deferred"] == 6 and summary["files"] == 2
    first_code = summary["by_code"][0]
    assert first_code["code"] == "5.1.1" and first_code["count"] == 3
    assert first_code["page"].endswith("/codes/5.1.1/") and first_code["title"].startswith("Bad destination mailbox")
    assert summary["by_domain"]["example-shop.it"] == 2 and summary["top_recipients"]["j.rossi@example-shop.it"] == 1
    assert summary["first_seen"] == "2026-12-03T23:58:41" and summary["last_seen"] == "2026-12-04T10:25:40"
    assert summary["by_remote"]["mx.example-shop.it"] == 2 and summary["by_remote"]["connector: remote_smtp"] == 1


def test_cli_summary_in_both_languages() -> None:
    files = [str(LOGS / "postfix-syslog.log"), str(LOGS / "exo-message-trace.csv")]
    english = run("logs", *files)
    assert english.returncode == 0, english.stderr
    out = english.stdout
    assert out.startswith("Summary: 2 files, 22 lines, 10 failed or deferred deliveries (6 failed, 4 deferred)")
    for heading in ("By code", "By reason", "By recipient domain", "By remote host or connector", "Recipients that failed most"):
        assert f"\n{heading}\n" in out
    assert "fix: https://ndr-atlas.github.io/ndr-atlas/codes/5.1.1/" in out
    assert "No error code in this export" in out
    assert "Recipient address does not exist [userunknown]" in out  # reasons by name, machine name beside
    italian = run("logs", "--lang", "it", *files)
    out = italian.stdout
    assert out.startswith("Riepilogo: 2 file, 22 righe, 10 recapiti non riusciti o rimandati")
    for heading in (
        "Per codice",
        "Per motivo",
        "Per dominio del destinatario",
        "Per server remoto o connettore",
        "Destinatari con più errori",
    ):
        assert f"\n{heading}\n" in out
    assert "soluzione: https://ndr-atlas.github.io/ndr-atlas/it/codes/5.1.1/" in out
    assert "Nessun codice di errore" in out
    assert "L'indirizzo del destinatario non esiste [userunknown]" in out


def test_cli_errors_name_the_formats_and_the_columns(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Just some notes\nabout nothing in particular\n")
    (tmp_path / "other.csv").write_text("Name,Mailbox,Size,Items\nAnna,anna@contoso.example,1024,10\n")
    (tmp_path / "archive.zip").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    proc = run(
        "logs",
        str(tmp_path / "notes.txt"),
        str(LOGS / "sendmail.log"),
        str(tmp_path / "other.csv"),
        str(tmp_path / "archive.zip"),
        str(tmp_path / "missing.log"),
    )
    assert proc.returncode == 2
    errors = proc.stderr.splitlines()
    assert len(errors) == 4 and all(line.startswith("ndr-atlas: ") for line in errors)
    assert "notes.txt: not a log or export this tool knows. Known formats:" in errors[0] and "Postfix" in errors[0] and "Exim" in errors[0]
    assert "other.csv: a CSV file whose columns match no known export; found columns: Name, Mailbox, Size, Items" in errors[1]
    assert "Get-MessageTraceDetailV2 | Export-Csv: Date, Event, Detail, RecipientAddress" in errors[1]
    assert "looks binary" in errors[2] and "missing.log: cannot read" in errors[3]
    assert "Summary: 1 file, " in proc.stdout and "4 unreadable files" in proc.stdout  # the good file is still read
    assert run("logs").returncode == 2  # no file: usage error


def test_a_log_cut_at_its_commas_is_not_called_a_csv_export(tmp_path: Path) -> None:
    """A log line of a format no reader knows (an appliance's key=value event, its message quoting
    Sendmail's fields) has commas but no header: the error says which formats are known, not
    "columns" that are a log line's fields."""
    trimmed = tmp_path / "appliance.log"
    trimmed.write_text(
        'time=10:50:36.931 device_id=GW0001 log_id=0003008733 type=event subtype=smtp msg="to=postmaster,'
        ' delay=00:00:50, mailer=local, dsn=5.1.1, stat=User unknown"\n'
    )
    proc = run("logs", str(trimmed))
    assert proc.returncode == 2
    assert "not a log or export this tool knows. Known formats:" in proc.stderr and "CSV file" not in proc.stderr


def test_stdin_is_read_as_a_log() -> None:
    proc = run("logs", "--json", "-", stdin=(LOGS / "exim-mainlog").read_text())
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["recipient"] for line in proc.stdout.splitlines()][:2] == ["bob@example.com", "ann@example.org"]


def test_progress_on_stderr_when_asked() -> None:
    proc = run("logs", "--json", "--progress", str(LOGS / "postfix-syslog.log"))
    assert proc.returncode == 0 and "postfix-syslog.log: postfix, 15 lines, 7 failures" in proc.stderr


# --- streaming: time grows with the input, and no more ----------------------------------------------


def postfix_log(path: Path, messages: int) -> int:
    """A Postfix log with a bounce every fourth message, each to a different recipient; with up to 4,001
    domains most bounces are classified afresh (the memo of classifications does not hide the work)."""
    with path.open("w") as handle:
        for n in range(messages):
            handle.write(
                f"Dec  4 10:{n // 60 % 60:02d}:{n % 60:02d} mx postfix/qmgr[7]: Q{n:08X}: from=<a@corp.example>, size=1000, nrcpt=1\n"
            )
            if n % 4 == 0:
                handle.write(
                    f"Dec  4 10:{n // 60 % 60:02d}:{n % 60:02d} mx postfix/smtp[8]: Q{n:08X}: to=<user{n}@d{n % 4001}.example>, "
                    f"relay=mx.d{n % 4001}.example[192.0.2.{n % 250}]:25, delay=1, dsn=5.1.1, status=bounced (host "
                    f"mx.d{n % 4001}.example[192.0.2.{n % 250}] said: 550 5.1.1 <user{n}@d{n % 4001}.example>: User unknown "
                    f"(in reply to RCPT TO command))\n"
                )
            else:
                handle.write(
                    f"Dec  4 10:{n // 60 % 60:02d}:{n % 60:02d} mx postfix/smtp[8]: Q{n:08X}: to=<user{n}@d{n % 4001}.example>, "
                    f"relay=mx.d{n % 4001}.example[192.0.2.1]:25, delay=1, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n"
                )
    return path.stat().st_size


def seconds_per_byte(catalog: Catalog, path: Path, size: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        run_ = LogRun(str(path), Classifier(catalog))
        count = sum(1 for _ in run_.failures())
        best = min(best, (time.thread_time() - started) / size)
        assert count > 0
    return best


def test_time_per_byte_stays_flat_from_1x_to_100x(catalog: Catalog, tmp_path: Path) -> None:
    small = postfix_log(tmp_path / "small.log", 400)
    large = postfix_log(tmp_path / "large.log", 40_000)
    assert 90 < large / small < 110
    seconds_per_byte(catalog, tmp_path / "small.log", small)  # warm-up: the catalog's rules compile on first use
    ratio = seconds_per_byte(catalog, tmp_path / "large.log", large) / seconds_per_byte(catalog, tmp_path / "small.log", small)
    print(f"\nlogs: time per byte at 100x / at 1x = {ratio:.2f}")
    assert ratio < 4, ratio


@pytest.mark.parametrize(
    "fixture", ["SEND20261204-1.LOG", "qmail-current", "stalwart.log.2026-11-30", "asyncos-mail.current", "zonemta.log", "maddy.log"]
)
def test_readers_that_follow_deliveries_across_lines_stay_linear(catalog: Catalog, tmp_path: Path, fixture: str) -> None:
    """Sessions and delivery numbers kept between lines: the log repeated 100 times more costs about
    100 times more, not more per byte."""
    text = (LOGS / fixture).read_text(encoding="utf-8")
    sizes = {}
    for name, copies in (("small", 10), ("large", 1000)):
        (tmp_path / name).write_text(text * copies, encoding="utf-8")
        sizes[name] = (tmp_path / name).stat().st_size
    seconds_per_byte(catalog, tmp_path / "small", sizes["small"])  # warm-up
    ratio = seconds_per_byte(catalog, tmp_path / "large", sizes["large"]) / seconds_per_byte(catalog, tmp_path / "small", sizes["small"])
    assert ratio < 4, ratio


def peak_memory(path: Path, catalog: Catalog) -> int:
    """The most memory reading the log at ``path`` held at once."""
    import tracemalloc

    tracemalloc.start()
    for _ in LogRun(str(path), Classifier(catalog)).failures():
        pass
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def test_memory_stays_flat_from_1x_to_100x(catalog: Catalog, tmp_path: Path) -> None:
    postfix_log(tmp_path / "small.log", 400)
    postfix_log(tmp_path / "large.log", 40_000)
    peak_memory(tmp_path / "small.log", catalog)
    small, large = peak_memory(tmp_path / "small.log", catalog), peak_memory(tmp_path / "large.log", catalog)
    print(f"\nlogs: peak memory {small / 1e6:.1f} MB at 1x, {large / 1e6:.1f} MB at 100x")
    assert large < 3 * small + 4_000_000, (small, large)


@pytest.mark.skipif(shutil.which("gzip") is None, reason="needs gzip")
def test_gzip_made_by_the_gzip_program(catalog: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "exim-mainlog"
    shutil.copy(LOGS / "exim-mainlog", target)
    subprocess.run(["gzip", "-9", str(target)], check=True)
    assert os.path.exists(str(target) + ".gz")
    assert rows(catalog, tmp_path / "exim-mainlog.gz") == rows(catalog, "exim-mainlog")


def test_browser_report_groups_add_up_to_the_summary(catalog: Catalog) -> None:
    """What the "Analyse logs" page receives from its worker: groups and hourly counts that add up."""
    from ndr_atlas.logs.report import LogReport

    report = LogReport(catalog)
    for name in ("postfix-syslog.log", "exo-trace-detail.csv", "notes-that-do-not-exist.log"):
        report.open(str(LOGS / name), name)
        steps = [json.loads(report.step(4))]
        while not steps[-1]["done"]:
            steps.append(json.loads(report.step(4)))
        assert steps[-1]["position"] == 1.0
    result = json.loads(report.result())
    assert result["summary"]["failures"] == 11 and result["summary"]["unreadable"] == 1
    assert result["errors"] == [{"file": "notes-that-do-not-exist.log", "error": "cannot read: No such file or directory"}]
    assert sum(group["count"] for group in result["groups"]) == 11
    assert sum(count for _, _, _, count in result["hours"]) == 11
    assert result["formats"] == {"postfix-syslog.log": "postfix", "exo-trace-detail.csv": "exo-trace-detail"}
    assert result["codes"]["4.4.316|connector-connection-refused"]["page"] == "codes/4.4.316/"


def test_browser_report_says_which_times_are_as_in_the_export(catalog: Catalog) -> None:
    """A time an export wrote without its zone: Get-MessageTraceV2's are UTC (Microsoft documents its
    output so) and say it; Get-MessageTraceDetailV2's from Windows PowerShell 5, whose zone its
    documentation does not state, are marked as in the export; a syslog time is the server's clock."""
    from ndr_atlas.logs.report import LogReport

    report = LogReport(catalog)
    for name in ("exo-message-trace.csv", "exo-trace-detail-utf16.csv", "exo-trace-detail.csv", "postfix-syslog.log"):
        report.open(str(LOGS / name), name)
        while not json.loads(report.step())["done"]:
            pass
    groups = json.loads(report.result())["groups"]
    notes = {(g["first"], g["first_note"]) for g in groups} | {(g["last"], g["last_note"]) for g in groups}
    assert ("2026-12-04T11:02:44+00:00", None) in notes  # Get-MessageTraceV2, UTC
    assert ("2026-12-04T10:58:11", "export") in notes  # Get-MessageTraceDetailV2 from PowerShell 5
    assert ("2026-12-04T09:58:11.457000+00:00", None) in notes  # the same with its zone (PowerShell 7)
    assert ("2026-12-03T23:58:41", None) in notes  # syslog
    assert {note for time, note in notes if note} == {"export"}
    assert all(note is None or not time.endswith("+00:00") for time, note in notes)


# Two deferrals by greylisting (our own hosts): a variant of the 5.7.1 entry, under a 4.7.1 code.
GREYLISTED_LOG = (
    "Dec  4 08:10:02 relay7 postfix/smtp[3310]: 7HtQ2p1xyz: to=<laura.bianchi@ditta-lontana.example>,"
    " relay=mx2.ditta-lontana.example[198.51.100.44]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=4.7.1,"
    " status=deferred (host mx2.ditta-lontana.example[198.51.100.44] said: 451 4.7.1 Greylisted,"
    " please retry in 300 seconds (in reply to RCPT TO command))\n"
    "Dec  4 08:10:09 relay7 postfix/smtp[3312]: 7HtQ2p2abc: to=<ufficio.acquisti@fornitore-lento.example>,"
    " relay=mail.fornitore-lento.example[203.0.113.71]:25, delay=0.5, delays=0.1/0/0.3/0.1, dsn=4.7.1,"
    " status=deferred (host mail.fornitore-lento.example[203.0.113.71] said: 450 4.7.1"
    " <ufficio.acquisti@fornitore-lento.example>: Recipient address rejected: Greylisted for 5 minutes"
    " (in reply to RCPT TO command))\n"
)


def test_browser_report_titles_a_variant_by_its_own_title(catalog: Catalog, tmp_path: Path) -> None:
    """A row whose failures matched an entry's variant (greylisting, a variant of the 5.7.1 entry,
    under 4.7.1) carries the variant's titles and page, in both languages, as the diagnoser shows
    it, not the entry's generic title."""
    from ndr_atlas.logs.report import LogReport

    (tmp_path / "maillog").write_text(GREYLISTED_LOG)
    report = LogReport(catalog)
    report.open(str(tmp_path / "maillog"), "maillog")
    while not json.loads(report.step())["done"]:
        pass
    codes = json.loads(report.result())["codes"]
    [(key, row)] = codes.items()
    entry = next(e for e in catalog.entries if e.id == row["entry"])
    variant = next(v for v in entry.variants if v.id == "greylisting-generic")
    assert key == f"4.7.1|{entry.id}"
    assert row["page"] == f"{entry.page}#greylisting-generic"
    assert row["titles"] == variant.titles and row["titles"]["en"].startswith("Greylisting")
    assert row["titles"]["en"] != entry.titles["en"] and row["titles"]["it"] != entry.titles["it"]


def test_cli_summary_titles_a_variant_as_the_logs_page_does(tmp_path: Path) -> None:
    """``--summary`` titled the greylisting row by its entry (5.7.1's generic title) and linked the
    entry, while the logs page titles it by the variant: both now title and link it from the same
    place (summary.CodeRow), in both languages, in the text and in the JSON summary."""
    entry = next(e for e in load_catalog().entries if any(v.id == "greylisting-generic" for v in e.variants))
    variant = next(v for v in entry.variants if v.id == "greylisting-generic")
    (tmp_path / "maillog").write_text(GREYLISTED_LOG)
    for lang, prefix in (("en", ""), ("it", "it/")):
        out = run("logs", "--lang", lang, str(tmp_path / "maillog")).stdout
        [row] = [line for line in out.splitlines() if line.startswith("  4.7.1 ")]
        assert variant.titles[lang] in row and entry.titles[lang] not in row, row
        assert f"https://ndr-atlas.github.io/ndr-atlas/{prefix}{entry.page}#greylisting-generic\n" in out
        summary = json.loads(run("logs", "--json", "--summary", "--lang", lang, str(tmp_path / "maillog")).stdout.splitlines()[-1])
        [code] = summary["summary"]["by_code"]
        assert code["title"] == variant.titles[lang] and code["page"].endswith(f"{entry.page}#greylisting-generic")


def test_a_row_whose_failures_matched_different_pages_is_titled_by_the_entry(catalog: Catalog, tmp_path: Path) -> None:
    """Greylisting (a variant of the 5.7.1 entry) and a plain 4.7.1 refusal under the same entry: the
    row covers both, so it has the entry's title and page, on the command line and the page alike."""
    from ndr_atlas.logs.report import LogReport
    from ndr_atlas.logs.summary import Summary

    refusal = GREYLISTED_LOG.splitlines(keepends=True)[0].replace(
        "451 4.7.1 Greylisted, please retry in 300 seconds", "450 4.7.1 Service unavailable, try later"
    )
    (tmp_path / "maillog").write_text(GREYLISTED_LOG + refusal.replace("08:10:02", "08:11:30"))
    summary = Summary()
    for failure in read_log(str(tmp_path / "maillog"), catalog):
        summary.add(failure)
    pages = {failure.page for failure in read_log(str(tmp_path / "maillog"), catalog)}
    [row] = summary.codes.values()
    entry = next(e for e in catalog.entries if any(v.id == "greylisting-generic" for v in e.variants))
    assert len(pages) == 2 and row.count == 3
    assert (row.titles, row.page) == (entry.titles, entry.page)
    report = LogReport(catalog)
    report.open(str(tmp_path / "maillog"), "maillog")
    while not json.loads(report.step())["done"]:
        pass
    [shown] = json.loads(report.result())["codes"].values()
    assert (shown["titles"], shown["page"]) == (entry.titles, entry.page)


def test_get_messagetrackinglog_times_are_marked_as_in_the_export() -> None:
    """Get-MessageTrackingLog | Export-Csv writes its Timestamp without a zone, and Microsoft documents
    no zone for the cmdlet's output (only the raw files' date-time, UTC with its Z): its times were
    printed bare. They are marked as the trace detail's are, in both languages; the raw MSGTRK file's
    times keep their UTC offset and no mark."""
    for lang, mark in (("en", "(time as in the export)"), ("it", "(ora come nell'esportazione)")):
        out = run("logs", "--lang", lang, str(LOGS / "get-messagetrackinglog.csv")).stdout
        assert f"2026-12-04T10:00:03 {mark} → 2026-12-04T10:05:40 {mark}" in out.splitlines()[1]
        times = [line for line in out.splitlines() if "→" in line][1:]
        assert times and all(line.count(mark) == 2 for line in times), times
        raw = run("logs", "--lang", lang, str(LOGS / "MSGTRK2026120410-1.LOG")).stdout
        assert "+00:00 → " in raw and mark not in raw


def test_browser_report_marks_get_messagetrackinglog_times_as_in_the_export(catalog: Catalog) -> None:
    from ndr_atlas.logs.report import LogReport

    report = LogReport(catalog)
    for name in ("get-messagetrackinglog.csv", "MSGTRK2026120410-1.LOG", "exo-extended-report.csv"):
        report.open(str(LOGS / name), name)
        while not json.loads(report.step())["done"]:
            pass
    groups = json.loads(report.result())["groups"]
    notes = {(g["first"], g["first_note"]) for g in groups} | {(g["last"], g["last_note"]) for g in groups}
    assert ("2026-12-04T10:00:03", "export") in notes and ("2026-12-04T10:05:40", "export") in notes
    assert {note for time, note in notes if time.endswith("+00:00")} == {None}  # the raw file and the extended report


def test_a_failure_without_a_code_names_the_export_only_for_an_export_without_codes(catalog: Catalog, tmp_path: Path) -> None:
    """An Exim deferral with no code, or a Get-MessageTrackingLog row whose status Export-Csv lost, was
    titled "No error code in this export (Get-MessageTraceDetailV2 or the extended report has it)":
    that is said only of the exports that have no code column (Get-MessageTraceV2, the summary
    report); other rows say no code was given. A row mixing both says the latter."""
    from ndr_atlas.logs.report import LogReport

    def no_code_title(*names: str, lang: str = "en") -> str:
        out = run("logs", "--lang", lang, *(str(LOGS / name) for name in names)).stdout
        [row] = [line for line in out.splitlines() if line.startswith("  - ")]
        return row.removeprefix("  - ").strip().split("  ", 1)[1].strip()  # after the count

    assert no_code_title("exim-mainlog").startswith("No error code given (")
    assert no_code_title("get-messagetrackinglog.csv", lang="it").startswith("Nessun codice di errore indicato (")
    assert no_code_title("exo-message-trace.csv").startswith("No error code in this export (Get-MessageTraceDetailV2")
    assert no_code_title("exo-summary-report.csv", lang="it").startswith("Nessun codice di errore in questa esportazione (")
    assert no_code_title("exo-message-trace.csv", "exim-mainlog").startswith("No error code given (")
    for names, title in ((("exim-mainlog",), "No error code given"), (("exo-summary-report.csv",), "No error code in this export")):
        report = LogReport(catalog)
        for name in names:
            report.open(str(LOGS / name), name)
            while not json.loads(report.step())["done"]:
                pass
        shown = json.loads(report.result())["codes"]["-|"]["titles"]
        assert shown["en"].startswith(title) and shown["it"].startswith("Nessun codice di errore")


def test_cli_summary_counts_one_in_the_singular(tmp_path: Path) -> None:
    """ "1 lines", "1 failed or deferred deliveries", Italian "1 rimandati": one is singular."""
    (tmp_path / "maillog").write_text(GREYLISTED_LOG.splitlines(keepends=True)[0])
    assert run("logs", str(tmp_path / "maillog")).stdout.startswith(
        "Summary: 1 file, 1 line, 1 failed or deferred delivery (0 failed, 1 deferred)"
    )
    italian = run("logs", "--lang", "it", str(tmp_path / "maillog")).stdout
    assert italian.startswith("Riepilogo: 1 file, 1 riga, 1 recapito non riuscito o rimandato (0 non riusciti, 1 rimandato)")
    assert "; 0 non riusciti, 1 rimandato)" in italian


def test_opensmtpd_failures_and_deferrals_in_both_layouts(catalog: Catalog) -> None:
    """5.x's "relay: PermFail|TempFail for …" and 6.x's "mta delivery … result=…" lines; Ok lines and
    the other programs' lines are no failures."""
    assert rows(catalog, "opensmtpd-maillog") == [
        (4, "marco.villa@example.net", "5.1.1", False, "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (6, "archivio@example.org", "4.2.2", True, "codes/5.2.2/"),
        (7, "paola.sanna@example.org", "5.3.4", False, "codes/5.3.4/#sendmail-message-size-exceeds-fixed-maximum"),
        (9, "acquisti@fabrikam.example", "4.7.0", True, "codes/5.7.0/"),
    ]
    [first] = [f for f in read_log(str(LOGS / "opensmtpd-maillog"), catalog) if f.line == 9]
    assert (first.remote_host, first.reply_code) == ("mx.fabrikam.example", "421")


def test_opensmtpd_local_deliveries_with_unquoted_result(catalog: Catalog) -> None:
    """mda.c's mda_log: "mda delivery … result=TempFail stat=…", result and stat unquoted; Ok is delivered."""
    assert [(line, rcpt, status, deferred) for line, rcpt, status, deferred, _ in rows(catalog, "opensmtpd-mda-maillog")] == [
        (3, "archivio@example.org", "4.2.2", True),
        (4, "m.galli@example.org", "5.1.1", False),
    ]


def test_qmail_failures_and_deferrals_take_the_recipient_of_their_delivery(catalog: Catalog) -> None:
    """A delivery's recipient is on its "starting delivery N" line; "success" ends it with no failure;
    a failure whose start is not in the file has no recipient rather than another delivery's."""
    assert rows(catalog, "qmail-current") == [
        (8, "marco.villa@example.net", "5.1.1", False, "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (11, "archivio@example.com", "4.2.2", True, "codes/5.2.2/#generic-mailboxfull-over-quota"),
        (16, "acquisti@fabrikam.example", "4.4.1", True, "codes/5.4.1/#qmail-smtp-connection-failed"),
        (18, "ordini@contoso.example", "5.7.1", False, "codes/5.1.8/#qmail-remote-sender-rejected"),
        (19, None, "5.1.2", False, "codes/5.1.2/#qmail-couldnt-find-host"),
    ]
    failures = {f.line: f for f in read_log(str(LOGS / "qmail-current"), catalog)}
    assert failures[8].time == "2026-03-04T09:12:42+00:00"  # the TAI64N label
    assert (failures[8].remote_host, failures[8].reply_code, failures[8].reason) == ("198.51.100.20", "550", "userunknown")
    assert (failures[18].remote_host, failures[18].reason) == ("203.0.113.45", "rejected")
    assert "Remote host said: 550 5.1.1 <marco.villa@example.net>: Recipient address rejected" in failures[8].diagnostic


def test_qmail_lines_through_splogger_carry_their_unix_time(catalog: Catalog, tmp_path: Path) -> None:
    """splogger's syslog lines: the syslog stamp, "qmail:", then the Unix time qmail-send wrote."""
    log = tmp_path / "maillog"
    log.write_text(
        "Mar  4 09:12:41 mx qmail: 1772615561.204118 starting delivery 12: msg 88 to remote bob@example.org\n"
        "Mar  4 09:12:42 mx qmail: 1772615562.311002 delivery 12: failure: "
        "Remote_host_said:_552_5.2.2_<bob@example.org>:_Mailbox_full/Giving_up_on_192.0.2.7./\n"
    )
    [failure] = read_log(str(log), catalog)
    assert (failure.recipient, failure.status, failure.reason, failure.remote_host) == (
        "bob@example.org",
        "5.2.2",
        "mailboxfull",
        "192.0.2.7",
    )
    assert failure.time == "2026-03-04T09:12:42+00:00"


def test_stalwart_dsn_events_name_the_recipient_they_are_about(catalog: Catalog) -> None:
    """The event's own "to = \"…\"" after the message's list of recipients; connection, queue and
    IMAP events are no failures."""
    assert rows(catalog, "stalwart.log.2026-11-30") == [
        (4, "giulia.marino@example.org", "5.1.1", False, "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (5, "uffici@example.net", "4.2.2", True, "codes/5.2.2/#generic-mailboxfull-over-quota"),
        (8, "amministrazione@fabrikam.example", "5.3.4", False, "codes/5.3.4/#sendmail-message-size-exceeds-fixed-maximum"),
    ]
    first = next(iter(read_log(str(LOGS / "stalwart.log.2026-11-30"), catalog)))
    assert (first.remote_host, first.reply_code, first.time) == ("mx.example.org", "550", "2026-11-30T07:02:12+00:00")


def test_asyncos_mail_log_names_each_recipient_by_its_message_and_recipient_ids(catalog: Catalog) -> None:
    """The mail log's "Bounced:"/"Delayed:" lines name the recipient by MID and RID, its address is on
    the line that logged it when the message came in; a verdict on a message whose arrival is not in the
    file has no recipient rather than another's; deliveries and the appliance's other lines are no failures."""
    assert rows(catalog, "asyncos-mail.current") == [
        (15, "amministrazione@fabrikam.example", "5.1.1", False, "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (16, "ordini@northwind.example", "5.1.2", False, "codes/5.1.2/"),  # no server answered ('000'): AsyncOS's own status
        (17, "magazzino@example.net", "4.2.2", True, "codes/5.2.2/"),
        (26, None, "4.7.0", False, "codes/5.7.0/"),
        (27, "magazzino@example.net", "4.2.2", False, "codes/5.2.2/"),  # given up after its delays
    ]
    failures = {f.line: f for f in read_log(str(LOGS / "asyncos-mail.current"), catalog)}
    assert failures[15].time == "2026-12-04T10:15:03"  # AsyncOS's own time, with its year
    assert (failures[15].reply_code, failures[16].reply_code, failures[16].reason) == ("550", None, "hostunknown")
    assert failures[16].diagnostic == "Bad destination host: DNS Hard Error looking up northwind.example (MX):  NXDomain"


def test_asyncos_bounce_log_names_the_recipient_on_the_line(catalog: Catalog) -> None:
    assert rows(catalog, "asyncos-bounces.current") == [
        (3, "contabilita@fabrikam.example", "5.1.0", False, "codes/5.1.0/"),
        (4, "segreteria@example.net", "4.4.0", True, "codes/5.4.0/"),
        (5, "info@no-such-domain.example", "5.1.2", False, "codes/5.1.2/"),
    ]


def test_zonemta_deferred_and_rejected_attempts(catalog: Catalog) -> None:
    """DEFERRED is retried, REJECTED is final whatever the reply's class; ACCEPTED and the sender's other
    lines are no failures; the server is named when ``mx`` brackets its address."""
    assert rows(catalog, "zonemta.log") == [
        (3, "giulia.rossi@example.org", "4.7.0", True, "codes/421/#generic-toomanyconn-too-many-connections"),
        (4, "marco.bianchi@example.net", "5.1.1", False, "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (5, "ufficio@example.it", "5.7.1", True, "codes/5.7.1/#spamhaus-zen"),
        (6, "info@nonexistent.example", "4.0.0", True, "codes/450/"),
        (8, "contabilita@fabrikam.example", "4.4.2", False, "codes/5.4.2/"),
    ]
    failures = {f.line: f for f in read_log(str(LOGS / "zonemta.log"), catalog)}
    assert (failures[5].remote_host, failures[4].remote_host, failures[8].reply_code) == ("mx.example.it", None, "421")


def test_maddy_attempts_take_their_verdict_from_the_reply_or_the_next_line(catalog: Catalog) -> None:
    """5xx fails, 4xx is deferred; an attempt with no reply code fails when the queue's next line on its
    message gives up on its recipient ("not delivered, permanent error"), else it is deferred, the last
    one of the file too. A refused RCPT of the submission endpoint counts as well."""
    assert rows(catalog, "maddy.log") == [
        (7, "giulia.conti@example.org", "5.1.1", False, "codes/5.1.1/#postfix-user-unknown-virtual-mailbox"),
        (9, "info@fabrikam.example", "5.4.1", False, "codes/5.4.1/#go-dial-tcp-refused"),
        (11, "amministrazione@example.net", "4.2.2", True, "codes/5.2.2/#generic-mailboxfull-over-quota"),
        (12, "archivio@example.com", "4.4.1", True, "codes/5.4.1/#go-dial-tcp-timeout"),
        (15, "magazzino@fabrikam.example", "5.1.1", False, "codes/5.1.1/#postfix-user-unknown-local-recipient"),
        (16, "ufficio@example.org", "4.1.2", True, "codes/5.1.2/#go-dns-lookup-no-such-host"),
    ]
    first = next(iter(read_log(str(LOGS / "maddy.log"), catalog)))
    assert (first.remote_host, first.reply_code, first.time) == ("mx.example.org", "550", "2026-12-04T10:15:01.002000+00:00")


def test_the_log_readers_read_what_diagnose_reads_in_the_same_lines(catalog: Catalog) -> None:
    """One grammar, two users: the recipients, codes and deferrals of the pasted lines' fixtures."""
    from ndr_atlas.diagnose import diagnose

    formats = Path(__file__).parent / "fixtures" / "formats"
    for paste in ("asyncos-mail-log-paste.txt", "asyncos-bounce-log-paste.txt", "zonemta-log-paste.txt", "maddy-queue-log-paste.txt"):
        pasted = {(r.recipient, r.reply_code, r.action == "delayed") for r in diagnose((formats / paste).read_bytes(), catalog).results}
        logged = {(f.recipient, f.reply_code, f.deferred) for f in read_log(str(formats / paste), catalog)}
        assert pasted and logged == pasted, paste  # (two empty readings would agree too)


@pytest.mark.parametrize(("module", "cap", "unit"), [("asyncos", "MAX_OPEN", "message"), ("maddy", "MAX_HELD", "attempt")])
def test_state_kept_between_lines_stays_bounded(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, cap: str, unit: str
) -> None:
    """Messages that never finish (AsyncOS) or attempts whose verdict never comes (maddy): what is kept
    for them is bounded, so 100 times more of them costs no more memory."""
    import importlib

    monkeypatch.setattr(importlib.import_module(f"ndr_atlas.logs.{module}"), cap, 100)

    def write(path: Path, count: int) -> None:
        with path.open("w") as handle:
            for n in range(count):
                if module == "asyncos":
                    handle.write(f"Fri Dec  4 10:15:01 2026 Info: MID {n} ICID 7 RID 0 To: <user{n}@d{n}.example>\n")
                else:
                    handle.write(
                        f'2026-12-04T10:15:01.002Z queue: delivery attempt failed\t{{"msg_id":"m{n}","rcpt":"user{n}@d{n % 50}.example",'
                        f'"reason":"dial tcp 192.0.2.{n % 250}:25: i/o timeout"}}\n'
                    )

    write(tmp_path / "small.log", 300)
    write(tmp_path / "large.log", 30_000)
    peak_memory(tmp_path / "small.log", catalog)
    small, large = peak_memory(tmp_path / "small.log", catalog), peak_memory(tmp_path / "large.log", catalog)
    assert large < 2 * small + 2_000_000, (unit, small, large)


def test_exchange_send_protocol_log_pairs_each_reply_with_its_command(catalog: Catalog) -> None:
    """Two sessions interleaved: a RCPT refused among pipelined commands fails only its recipient; a
    refusal after DATA fails the recipients accepted in that transaction (not the one refused at RCPT);
    a refused greeting names no recipient; a 4xx is a deferral."""
    found = [
        (f.line, f.recipient, f.status, f.deferred, f.connector, f.remote_host) for f in read_log(str(LOGS / "SEND20261204-1.LOG"), catalog)
    ]
    assert found == [
        (17, "bob@example.org", "5.1.1", False, "Outbound to Internet", "203.0.113.5"),
        (32, "vendite@fabrikam.example", "4.7.1", True, "Partner relay", "198.51.100.20"),
        (35, "acquisti@fabrikam.example", "5.7.1", False, "Partner relay", "198.51.100.20"),
        (41, None, "5.7.1", False, "Outbound to Internet", "203.0.113.77"),
    ]


# The head of Exchange's send protocol log and one session's rows under it, written where a test wants them.
EXCHANGE_SEND_HEAD = (
    "#Software: Microsoft Exchange Server\n#Log-type: SMTP Send Protocol Log\n"
    "#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n"
)

# A session's opening: connected, greeted, EHLO accepted.
EXCHANGE_SEND_GREETING = [("+", ""), ("<", "220 mx.example.org ESMTP"), (">", "EHLO mail.contoso.com"), ("<", "250 mx.example.org")]


def exchange_send_log(path: Path, rows: list[tuple[str, str]]) -> str:
    """A send protocol log of one session (``rows``: event and data), written to ``path``."""
    path.write_text(
        EXCHANGE_SEND_HEAD
        + "".join(
            f"2026-12-05T09:00:{n:02d}.000Z,Outbound to Internet,08DD1A2B3C4D5E90,{n},192.0.2.10:51000,203.0.113.5:25,{event},{data},\n"
            for n, (event, data) in enumerate(rows)
        ),
        encoding="utf-8",
    )
    return str(path)


def test_exchange_send_protocol_log_reads_a_refused_data_command_and_rset(catalog: Catalog, tmp_path: Path) -> None:
    """A refusal of DATA itself (before any 354) is about the recipients accepted in the transaction;
    RSET ends that transaction, so a later refusal is about the next transaction's recipients only."""
    rows = [
        *EXCHANGE_SEND_GREETING,
        (">", "MAIL FROM:<ann.rossi@contoso.com>"),
        (">", "RCPT TO:<bob@example.org>"),
        ("<", "250 2.1.0 Ok"),
        ("<", "250 2.1.5 Ok"),
        (">", "DATA"),
        ("<", "451 4.3.0 Try again later"),
        (">", "RSET"),
        ("<", "250 2.0.0 Ok"),
        (">", "MAIL FROM:<ann.rossi@contoso.com>"),
        (">", "RCPT TO:<carla.neri@example.org>"),
        ("<", "250 2.1.0 Ok"),
        ("<", "250 2.1.5 Ok"),
        (">", "BDAT 1200 LAST"),
        ("<", "554 5.7.1 Message rejected as spam"),
        ("-", ""),
    ]
    log = exchange_send_log(tmp_path / "SEND20261205-1.LOG", rows)
    found = [(f.line, f.recipient, f.status, f.deferred) for f in read_log(str(log), catalog)]
    assert found == [(13, "bob@example.org", "4.3.0", True), (21, "carla.neri@example.org", "5.7.1", False)]


def test_exchange_send_protocol_log_refused_data_after_every_recipient_refused(catalog: Catalog, tmp_path: Path) -> None:
    """Refused with every recipient refused before it ("554 5.5.1 no valid recipients"), DATA's refusal
    is their consequence: the recipient's refusal is the one failure (ndr_atlas.smtpdialog)."""
    rows = [
        *EXCHANGE_SEND_GREETING,
        (">", "MAIL FROM:<ann.rossi@contoso.com>"),
        (">", "RCPT TO:<bob@example.org>"),
        (">", "DATA"),
        ("<", "250 2.1.0 Ok"),
        ("<", "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown"),
        ("<", "554 5.5.1 Error: no valid recipients"),
        ("-", ""),
    ]
    log = exchange_send_log(tmp_path / "SEND20261205-2.LOG", rows)
    found = [(f.line, f.recipient, f.status) for f in read_log(str(log), catalog)]
    assert found == [(12, "bob@example.org", "5.1.1")]


def test_exchange_send_protocol_log_fails_a_transactions_recipients_once(catalog: Catalog, tmp_path: Path) -> None:
    """A refused BDAT chunk ends the transaction (RFC 3030: no chunk after a refused one): chunks
    refused again before the next MAIL FROM fail its recipients no more, so a log of many refusals
    gives as many failures as rows, not as many as rows times the recipients."""
    rows = [*EXCHANGE_SEND_GREETING]
    rows += [(">", "MAIL FROM:<ann.rossi@contoso.com>"), ("<", "250 2.1.0 Ok")]
    for name in ("bob", "carla", "dario"):
        rows += [(">", f"RCPT TO:<{name}@example.org>"), ("<", "250 2.1.5 Ok")]
    rows += [(">", "BDAT 1200 LAST"), ("<", "554 5.7.1 Message rejected as spam")] * 3
    rows += [("-", "")]
    log = exchange_send_log(tmp_path / "SEND20261205-3.LOG", rows)
    found = [(f.line, f.recipient) for f in read_log(str(log), catalog)]
    assert found == [(17, "bob@example.org"), (17, "carla@example.org"), (17, "dario@example.org")]


def test_an_exchange_receive_protocol_log_is_not_taken_for_a_send_log() -> None:
    head = [
        "#Software: Microsoft Exchange Server",
        "#Log-type: SMTP Receive Protocol Log",
        "#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context",
        "2026-12-04T10:15:02.101Z,EX1\\Default Frontend EX1,08DD1A2B3C4D5E80,0,192.0.2.10:25,198.51.100.7:50111,+,,",
    ]
    with pytest.raises(LogFormatError, match="not a log or export this tool knows"):
        detect(head)


@pytest.mark.parametrize("fixture", ["opensmtpd-maillog", "zonemta.log"])
def test_line_by_line_logs_in_a_mail_syslog_are_read(catalog: Catalog, tmp_path: Path, fixture: str) -> None:
    """OpenSMTPD's and ZoneMTA's lines after many IMAP logins: the mail syslog reader offers every line
    to them too."""
    logins = "".join(
        f"Mar  4 0{n // 3600 + 7}:{n // 60 % 60:02d}:{n % 60:02d} relay dovecot: imap-login: Login: user=<u{n}@example.com>\n"
        for n in range(1000)
    )
    mixed = tmp_path / "maillog"
    mixed.write_text(logins + (LOGS / fixture).read_text())
    with LogFile(str(mixed)) as log:
        assert detect(log.head).NAME == "mail-syslog"
    assert [(line - 1000, recipient) for line, recipient, _, _, _ in rows(catalog, mixed)] == [
        (line, recipient) for line, recipient, _, _, _ in rows(catalog, fixture)
    ]


def test_damaged_gzip_is_a_clear_error(catalog: Catalog, tmp_path: Path) -> None:
    """Deflate data that zlib cannot decode raises zlib.error, neither an OSError nor an EOFError:
    it stopped the run with a traceback, at the file's start and in its middle alike."""
    postfix_log(tmp_path / "big.log", 20_000)
    data = gzip.compress((tmp_path / "big.log").read_bytes())
    header = data[:10]
    (tmp_path / "start.gz").write_bytes(header + b"\xff" * 200)  # a deflate block of the reserved type 3
    with pytest.raises(LogFormatError, match=r"cannot read: .*invalid block type"):
        list(read_log(str(tmp_path / "start.gz"), catalog))
    middle = len(data) // 2
    (tmp_path / "middle.gz").write_bytes(data[:middle] + b"\xff" * 200 + data[middle + 200 :])
    with pytest.raises(LogFormatError, match=r"stopped at line [1-9]"):
        list(read_log(str(tmp_path / "middle.gz"), catalog))


def test_a_status_field_that_is_no_status_gives_way_to_the_text(catalog: Catalog, tmp_path: Path) -> None:
    """A damaged line's "dsn=5.1.x" reached the catalog, which reads a status's digits, and the whole
    run stopped with a ValueError; it is now read as a line without the field (the text's status)."""
    line = (
        "Dec  4 10:00:0{n} mx postfix/smtp[8]: Q{n}: to=<user{n}@example.org>, relay=mx.example.org[192.0.2.1]:25, delay=1, "
        "dsn={dsn}, status=bounced (host mx.example.org[192.0.2.1] said: 550 5.1.1 <user{n}@example.org>: User unknown "
        "(in reply to RCPT TO command))\n"
    )
    log = tmp_path / "damaged.log"
    log.write_text("".join(line.format(n=n, dsn=dsn) for n, dsn in enumerate(["5.1.x", "5.1.1.1", "5.1.\ufffd", "5.1.1"])))
    assert [(r[1], r[2]) for r in rows(catalog, log)] == [(f"user{n}@example.org", "5.1.1") for n in range(4)]


def test_a_csv_value_past_the_field_limit_is_a_clear_error(catalog: Catalog, tmp_path: Path) -> None:
    """A quote left open in an export (the rest of the file one value) or a record with a value over
    the csv module's 128 KB limit raised csv.Error out of the run (a traceback in the CLI): it is a
    LogFormatError naming the line, after the rows read before it."""
    export = tmp_path / "trace.csv"
    export.write_text(
        '"Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageId","MessageTraceId"\n'
        '"12/4/2026 11:02:44 AM","hr@contoso.example","anna.neri@contoso.example","Benvenuta","Failed","","10.0.0.4","1021","<a@contoso.example>","1"\n'
        '"12/4/2026 11:03:10 AM","hr@contoso.example","' + "riga senza fine\n" * 20_000,
        encoding="utf-8",
    )
    found = []
    with pytest.raises(LogFormatError, match=r"stopped at line [1-9]\d*: .*quote left open"):
        for failure in read_log(str(export), catalog):
            found.append(failure.recipient)
    assert found == ["anna.neri@contoso.example"]
    accounting = tmp_path / "acct.csv"
    accounting.write_text(
        "type,timeLogged,orig,rcpt,dsnAction,dsnStatus,dsnDiag\n"
        'b,2026-12-04 08:00:01+0100,news@mailer.example.net,luca.verdi@example.com,failed,5.1.1,"smtp;550 ' + "x" * 200_000 + '"\n',
        encoding="utf-8",
    )
    with pytest.raises(LogFormatError, match="stopped at line 2"):
        list(read_log(str(accounting), catalog))


def bounces_to_many_domains(count: int) -> str:
    """Postfix bounces (our own hosts), one recipient at each of ``count`` domains."""
    return "".join(
        f"Dec  4 09:{n // 60:02d}:{n % 60:02d} relay7 postfix/smtp[51{n:03d}]: 8Qz{n:04d}abc: to=<ufficio@negozio{n}.example>,"
        f" relay=mx.negozio{n}.example[198.51.100.{n % 250 + 1}]:25, delay=0.3, delays=0.1/0/0.1/0.1, dsn=5.1.1,"
        f" status=bounced (host mx.negozio{n}.example[198.51.100.{n % 250 + 1}] said: 550 5.1.1 <ufficio@negozio{n}.example>:"
        " Recipient address rejected: User unknown (in reply to RCPT TO command))\n"
        for n in range(count)
    )


def test_cli_summary_says_when_a_list_is_cut_to_its_most_frequent(tmp_path: Path) -> None:
    """The lists by domain, host and recipient show the 25 (recipients: 10) most frequent, and did not
    say so: with 30 domains the summary read as if there were 25."""
    (tmp_path / "maillog").write_text(bounces_to_many_domains(30))
    out = run("logs", str(tmp_path / "maillog")).stdout
    assert "\nBy recipient domain (the 25 most frequent of 30)\n" in out
    assert "\nBy remote host or connector (the 25 most frequent of 30)\n" in out
    assert "\nRecipients that failed most (the 10 most frequent of 30)\n" in out
    assert "\nBy reason\n" in out
    italian = run("logs", "--lang", "it", str(tmp_path / "maillog")).stdout
    assert "\nPer dominio del destinatario (i 25 più frequenti su 30)\n" in italian


def test_cli_summary_prints_times_to_the_second() -> None:
    """The summary printed first and last times with Python's six digits of fractions
    ("2026-12-04T10:00:03.771000+00:00" for a tracking log's ".771Z"): it prints them to the second,
    in the whole run's line and in each code's; ``--json`` keeps each failure's time whole."""
    for name, first, last in (
        ("MSGTRK2026120410-1.LOG", "2026-12-04T10:00:03+00:00", "2026-12-04T10:06:00+00:00"),
        ("postfix-iso.log", "2026-12-04T08:00:01+01:00", "2026-12-04T11:02:10+01:00"),
    ):
        out = run("logs", str(LOGS / name)).stdout
        times = [line for line in out.splitlines() if "→" in line]
        assert times[0].endswith(f": {first} → {last}"), times[0]
        assert len(times) > 2 and not any(re.search(r":\d\d\.\d", line) for line in times), times
    lines = run("logs", "--json", str(LOGS / "MSGTRK2026120410-1.LOG")).stdout.splitlines()
    assert json.loads(lines[0])["time"] == "2026-12-04T10:00:03.771000+00:00"


LOST = LOGS / "get-messagetrackinglog-lists-lost.csv"  # Export-Csv of the raw objects: lists as "System.String[]"
JOINED = LOGS / "get-messagetrackinglog-joined.csv"  # the same messages exported as the notice says


def test_an_export_that_lost_its_recipients_says_so_once(catalog: Catalog) -> None:
    """Get-MessageTrackingLog | Export-Csv writes the Recipients list as "System.String[]" (Export-Csv
    writes each property by its ToString()): its failures were counted with no recipient and no
    domain, silently. The summary says so once for the whole run, naming the files and how many
    failures, with the Select-Object that joins the lists, in both languages; the other exports of
    the run and an export made with that command have no such note."""
    from ndr_atlas.logs.summary import JOIN_LISTS

    assert [(f.line, f.recipient, f.domain, f.deferred, f.notice) for f in read_log(str(LOST), catalog)] == [
        (4, None, None, False, "recipients-lost"),
        (6, None, None, True, "recipients-lost"),
    ]  # line 5, the DSN that reports line 4's FAIL with no status of its own, is not counted
    for lang, note, found in (
        ("en", "Note: ", "(3 failed or deferred deliveries without recipient or domain)"),
        ("it", "Nota: ", "(3 recapiti non riusciti o rimandati senza destinatario né dominio)"),
    ):
        out = run("logs", "--lang", lang, str(LOST), str(LOGS / "postfix-iso.log"), str(LOGS / "get-messagetrackinglog.csv")).stdout
        [notice] = [line for line in out.splitlines() if line.startswith(note)]
        assert notice.startswith(f"{note}{LOST}, {LOGS / 'get-messagetrackinglog.csv'}: Export-Csv "), notice
        assert '"System.String[]"' in notice and found in notice and "Recipients" in notice
        assert out.count("System.String[]") == 1 and f"\n  {JOIN_LISTS}\n" in out
        assert out.index(notice) < out.index("\n\n" + ("By code" if lang == "en" else "Per codice"))
    for names in ((JOINED,), (LOGS / "postfix-iso.log", LOGS / "MSGTRK2026120410-1.LOG")):
        out = run("logs", *map(str, names)).stdout
        assert "Note: " not in out and "System.String[]" not in out


def test_an_export_made_as_the_notice_says_keeps_its_recipients(catalog: Catalog) -> None:
    """The command the notice gives (Recipients and RecipientStatus joined with ";") makes an export
    whose recipients and statuses are read one by one, the columns it selects being the reader's."""
    from ndr_atlas.logs.summary import JOIN_LISTS

    assert [(f.line, f.recipient, f.status, f.deferred, f.remote_host) for f in read_log(str(JOINED), catalog)] == [
        (3, "marta.galli@clienti-nord.example", "5.1.1", False, "mx.clienti-nord.example"),
        (3, "ufficio.legale@clienti-nord.example", "5.2.2", False, "mx.clienti-nord.example"),
        (4, "contabilita@fornitore-sud.example", "4.4.0", True, "mail.fornitore-sud.example"),
    ]
    header = JOINED.read_text().splitlines()[0]
    selected = [*JOIN_LISTS.split("Select-Object ", 1)[1].split(",@{", 1)[0].split(","), "Recipients", "RecipientStatus"]
    assert header == ",".join(f'"{name}"' for name in selected)


def test_the_json_keeps_its_fields_and_the_notice_goes_to_stderr() -> None:
    """--json prints the failures with the same fields as before and --json --summary the same
    object; the notice is written once on stderr, in the language asked for."""
    proc = run("logs", "--json", str(LOST), str(LOGS / "get-messagetrackinglog.csv"))
    assert proc.returncode == 0 and all(set(json.loads(line)) == JSON_FIELDS for line in proc.stdout.splitlines())
    assert "System.String[]" not in proc.stdout and proc.stderr.count("ndr-atlas: Note: ") == 1
    summary = run("logs", "--json", "--summary", "--lang", "it", str(LOST))
    assert set(json.loads(summary.stdout.splitlines()[-1])["summary"]) == set(
        json.loads(run("logs", "--json", "--summary", str(LOGS / "exim-mainlog")).stdout.splitlines()[-1])["summary"]
    )
    assert summary.stderr.count("ndr-atlas: Nota: ") == 1 and "(2 recapiti non riusciti o rimandati " in summary.stderr


def test_browser_report_carries_the_notice_once(catalog: Catalog) -> None:
    from ndr_atlas.logs.report import LogReport

    report = LogReport(catalog)
    for path in (LOST, LOGS / "postfix-iso.log", LOGS / "get-messagetrackinglog.csv", JOINED):
        report.open(str(path), path.name)
        while not json.loads(report.step())["done"]:
            pass
    assert json.loads(report.result())["notices"] == [
        {"notice": "recipients-lost", "files": [LOST.name, "get-messagetrackinglog.csv"], "count": 3}
    ]
