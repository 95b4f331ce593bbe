"""formats/dsnpaste.py: a recipient's delivery-status fields read as one group whatever their order
(RFC 3464 2.3 lists them after Final-Recipient but, as in any header block, sets no order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas.formats import dsnpaste
from ndr_atlas.formats.base import Source
from ndr_atlas_build.compile import compile_catalog

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read(text: str) -> list[tuple[str | None, str | None, str | None, str, str | None]]:
    parsed = dsnpaste.read(Source(text, None))
    assert parsed is not None
    return [(f.recipient, f.reply, f.status, f.action, f.remote_host) for f in parsed.failures]


def test_a_status_above_the_final_recipient_is_its_groups() -> None:
    """The scanner finds the Diagnostic-Code's reply (no enhanced status) under the recipient; the
    group's Status, written above its Final-Recipient, gives the status."""
    assert read(fixture("dsn-fields-status-first-paste.txt")) == [
        ("tommaso.ferri@example.net", "550", "5.1.1", "failed", "mx2.example.net")
    ]


def test_two_groups_with_their_codes_above_their_recipients() -> None:
    text = fixture("dsn-fields-two-groups-codes-first-paste.txt")
    expected = [
        ("davide.rinaldi@example.net", "552", "5.2.2", "failed", "mx.example.net"),
        ("irene.marchi@example.com", "421", "4.4.7", "delayed", "mx.example.com"),
    ]
    assert read(text) == expected
    # The same groups without the blank line between them: the second Status starts the next group.
    assert read(text.replace("example.net\n\nAction: delayed", "example.net\nAction: delayed")) == expected


def test_the_groups_diagnosed(catalog: Catalog) -> None:
    report = diagnose(fixture("dsn-fields-two-groups-codes-first-paste.txt"), catalog)
    assert [(r.recipient, r.reply_code, r.status, r.action, r.reason) for r in report.results] == [
        ("davide.rinaldi@example.net", "552", "5.2.2", "failed", "mailboxfull"),
        ("irene.marchi@example.com", "421", "4.4.7", "delayed", "expired"),
    ]


def test_the_usual_order_is_read_by_the_scanner_as_before() -> None:
    """Exim writes Action above Final-Recipient, its codes below: no code above a recipient."""
    text = fixture("dsn-fields-two-groups-codes-first-paste.txt")
    assert dsnpaste.codes_before_recipient(text)
    assert not dsnpaste.codes_before_recipient(fixture("dsn-fields-pasted.txt"))
    assert not dsnpaste.codes_before_recipient(fixture("exim-fields-paste.txt"))


def test_a_group_without_words_takes_the_reports_words_above_the_fields() -> None:
    text = (
        "This is the mail system at host relay.example.org.\n\n"
        "<davide.rinaldi@example.net>: host mx.example.net[192.0.2.10] said: 550 5.1.1 User unknown (in reply to RCPT TO command)\n\n"
        "Reporting-MTA: dns; relay.example.org\n\n"
        "Status: 5.0.0\nAction: failed\nFinal-Recipient: rfc822; davide.rinaldi@example.net\n\n"
        "Status: 4.4.7\nAction: delayed\nDiagnostic-Code: smtp; 421 mx.example.com: connection timed out\n"
        "Final-Recipient: rfc822; irene.marchi@example.com\n"
    )
    assert read(text) == [
        ("davide.rinaldi@example.net", "550", "5.1.1", "failed", "mx.example.net"),
        ("irene.marchi@example.com", "421", "4.4.7", "delayed", None),
    ]
