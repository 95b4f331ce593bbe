"""winmail.dat (TNEF) files and mails whose only part is one: the report inside is read like a .msg
file's. The streams are made by tests/tnefwriter.py, our own writer of [MS-OXTNEF]."""

from __future__ import annotations

import base64
import random

import pytest

from conftest import LowerRtfLimit
from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import InputError, Report, diagnose_all
from ndr_atlas.tnef import read_tnef
from ndr_atlas_build.compile import compile_catalog
from tnefwriter import Item, attribute, smtp_row, tnef_bytes


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def one(data: bytes | str, catalog: Catalog) -> Report:
    (report,) = diagnose_all(data, catalog)
    return report


NDR_TEXT = (
    "Delivery has failed to these recipients or groups:\r\n\r\nluca.neri@partner.example\r\n"
    "The email address you entered couldn't be found.\r\n\r\nDiagnostic information for administrators:\r\n\r\n"
    "Generating server: EX02.contoso.example\r\n\r\nluca.neri@partner.example\r\n"
    "Remote Server returned '550 5.1.1 <luca.neri@partner.example>: Recipient address rejected: User unknown'\r\n"
)


def ndr(legacy_class: str = "IPM.Microsoft Mail.Non-Delivery", body: bool = True) -> Item:
    """An Exchange NDR as Exchange packs it in TNEF: the class in its Microsoft Mail form, the report
    fields in the recipient row."""
    props: dict[int, str | bytes | int] = {0x0037: "Undeliverable: Preventivo", 0x0C1A: "Microsoft Outlook"}
    if body:
        props[0x1000] = NDR_TEXT
    row = smtp_row(
        "luca.neri@partner.example",
        "luca.neri@partner.example",
        x0C1B="<mx.partner.example #5.1.1 smtp;550 5.1.1 <luca.neri@partner.example>: Recipient address rejected: User unknown>",
        x0C20=511,
    )
    return Item(legacy_class, props, [row])


def pure_tnef_mail(data: bytes) -> str:
    """A mail whose only part is the winmail.dat (Outlook's rich text format to a TNEF-capable server)."""
    return (
        "From: Microsoft Outlook <postmaster@contoso.example>\nTo: anna@contoso.example\nSubject: Undeliverable: Preventivo\n"
        "Date: Tue, 1 Dec 2026 09:14:09 +0000\nMIME-Version: 1.0\nX-MS-TNEF-Correlator: <a1b2@EX02.contoso.example>\n"
        'Content-Type: application/ms-tnef; name="winmail.dat"\nContent-Transfer-Encoding: base64\n\n'
        + base64.encodebytes(data).decode("ascii")
    )


def test_winmail_dat_of_an_ndr(catalog: Catalog) -> None:
    report = one(tnef_bytes(ndr()), catalog)
    assert report.kind == "bounce"
    assert [(r.recipient, r.reply_code, r.status, r.reason, r.remote_host) for r in report.results] == [
        ("luca.neri@partner.example", "550", "5.1.1", "userunknown", "mx.partner.example")
    ]
    assert report.results[0].hard_bounce


def test_winmail_dat_read_from_its_recipient_table_alone(catalog: Catalog) -> None:
    report = one(tnef_bytes(ndr(body=False)), catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("luca.neri@partner.example", "5.1.1", "userunknown")]


def test_the_mapi_class_of_the_properties_wins_and_legacy_prefixes_are_read() -> None:
    item = ndr("IPM.Microsoft Mail.Note")
    item.props[0x001A] = "REPORT.IPM.Note.NDR"
    assert read_tnef(tnef_bytes(item)).message_class == "REPORT.IPM.Note.NDR"
    receipt = Item("Microsoft Mail v3.0 IPM.Microsoft Mail.Read Receipt", {0x0037: "Read: Preventivo"})
    assert read_tnef(tnef_bytes(receipt)).message_class == "REPORT.IPM.Note.IPNRN"


def test_read_receipt_and_plain_mail_in_winmail_dat_are_no_failure(catalog: Catalog) -> None:
    receipt = Item("IPM.Microsoft Mail.Read Receipt", {0x0037: "Read: Preventivo", 0x1000: "Your message was read."})
    note = Item("IPM.Microsoft Mail.Note", {0x0037: "Preventivo", 0x1000: "Ciao Luca, in allegato il preventivo."})
    for item in (receipt, note):
        assert one(tnef_bytes(item), catalog).results == []


def test_mail_whose_only_part_is_the_winmail_dat(catalog: Catalog) -> None:
    report = one(pure_tnef_mail(tnef_bytes(ndr())), catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("luca.neri@partner.example", "5.1.1", "userunknown")]


def test_ndr_forwarded_as_an_outlook_item_inside_winmail_dat(catalog: Catalog) -> None:
    forward = Item("IPM.Microsoft Mail.Note", {0x0037: "FW: Undeliverable: Preventivo", 0x1000: "Can you look at this?"}, [], [ndr()])
    report = one(pure_tnef_mail(tnef_bytes(forward)), catalog)
    assert report.attached
    assert [(r.recipient, r.status) for r in report.results] == [("luca.neri@partner.example", "5.1.1")]


def test_ordinary_mail_with_a_winmail_dat_is_read_as_it_is(catalog: Catalog) -> None:
    """The text of an ordinary mail is in its MIME parts too: the winmail.dat beside them changes nothing."""
    note = tnef_bytes(Item("IPM.Microsoft Mail.Note", {0x0037: "Preventivo", 0x1000: "Ciao"}))
    mail = (
        'From: anna@contoso.example\nTo: luca@partner.example\nSubject: Preventivo\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nCiao Luca, il preventivo.\n--b\nContent-Type: application/ms-tnef\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(note).decode("ascii")
        + "--b--\n"
    )
    assert one(mail, catalog).results == []


def test_stream_ending_without_its_last_checksum_or_in_garbage_still_reads(catalog: Catalog) -> None:
    """Real winmail.dat files lose the last checksum or end in stray bytes: what was read stands."""
    data = tnef_bytes(ndr()) + attribute(2, 0x9002, 0x0006, b"\x01\x00", checksum=False)
    assert one(data, catalog).results[0].status == "5.1.1"
    assert one(tnef_bytes(ndr()) + b"\x4b\x41\x4b\x44\x31\x32\x33\x34\x35\x36\x37\x38", catalog).results[0].status == "5.1.1"


def test_damaged_winmail_dat_is_a_clear_error_or_reads_never_a_crash(catalog: Catalog) -> None:
    data = tnef_bytes(ndr())
    with pytest.raises(InputError, match=r"winmail\.dat"):
        one(data[:20], catalog)
    rng = random.Random(11)
    for _ in range(300):
        damaged = bytearray(data[: rng.randrange(6, len(data) + 1)])
        for _ in range(rng.randrange(1, 6)):
            damaged[rng.randrange(6, len(damaged))] = rng.randrange(256)
        try:
            one(bytes(damaged), catalog)
        except InputError:
            pass


def test_bounce_with_a_winmail_dat_beside_its_own_report_is_read_from_the_report(catalog: Catalog) -> None:
    """A mail system that adds the returned message's winmail.dat beside its own notice (Amazon
    WorkMail does): the notice is the report, whatever the winmail.dat holds."""
    inner = tnef_bytes(ndr())
    mail = (
        "From: MAILER-DAEMON@mx.example\nTo: anna@contoso.example\nSubject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n'
        "An error occurred while trying to deliver the mail to the following recipients:\nsara@fabrikam.example\n"
        "550 5.2.2 <sara@fabrikam.example>: Mailbox full\n"
        "--b\nContent-Type: application/ms-tnef\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(inner).decode("ascii")
        + "--b--\n"
    )
    assert [(r.recipient, r.status) for r in one(mail, catalog).results] == [("sara@fabrikam.example", "5.2.2")]


def test_compressed_rtf_bodies_of_a_stream_share_the_limit(lowered_rtf_limit: LowerRtfLimit) -> None:
    """As in a .msg file: each attached item's body within the limit (lowered here), the stream's
    bodies together stay within it too, and the rest of the message is still given."""
    import ndr_atlas.tnef
    from msgwriter import expanding_rtf
    from ndr_atlas.tnef import tnef_to_text

    unpacked = lowered_rtf_limit(ndr_atlas.tnef, 16 * 1024)
    items: list[dict[int, str | bytes | int] | Item] = [
        Item("IPM.Microsoft Mail.Note", {0x1009: expanding_rtf(12 * 1024)}) for _ in range(4)
    ]
    text = tnef_to_text(tnef_bytes(Item("IPM.Microsoft Mail.Non-Delivery", ndr().props, ndr().recipients, items)))
    assert "luca.neri@partner.example" in text and text.count("message/rfc822") == 4
    assert 0 < sum(unpacked) <= 16 * 1024
