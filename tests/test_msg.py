"""Outlook .msg files and bounces forwarded as attachments, through diagnose_all and the CLI.

The .msg fixtures (tests/fixtures/msg/) are made by tests/msgwriter.py, our own writer of the
format; the first test checks the committed files are exactly what it writes.
"""

from __future__ import annotations

import json
import random
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import olefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LowerRtfLimit
from msgwriter import (
    BUILDERS,
    EXCHANGE_HTML,
    FIXTURES,
    POSTFIX_TEXT,
    Attachment,
    Message,
    String8,
    compound_file,
    compress_rtf,
    damaged_rtf,
    exchange_ndr,
    expanding_rtf,
    html_in_rtf,
    msg_bytes,
    rtf_only_ndr,
    smtp_recipient,
    spec_crc,
    text_in_rtf,
)
from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import NOT_A_BOUNCE, InputError, Report, diagnose_all
from ndr_atlas.formats.base import report_text
from ndr_atlas.mime import parse_mime
from ndr_atlas.msg import NEEDS_OLEFILE, NEEDS_OLEFILE_PAGE, msg_to_text
from ndr_atlas.rtf import RtfError, RtfTooLarge, body_of, decompress, rtf_crc
from ndr_atlas_build.compile import compile_catalog

TESTS = Path(__file__).parent
EML = TESTS / "fixtures" / "forwarded-ndr.eml"
FORWARD_NOTE = "Read from the bounce attached to this email"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def rows(report: Report) -> list[tuple[str | None, str | None, str | None, str, str | None]]:
    return [(r.recipient, r.reply_code, r.status, r.reason, r.remote_host) for r in report.results]


def one(data: bytes | str, catalog: Catalog) -> Report:
    (report,) = diagnose_all(data, catalog)
    return report


def cli(*args: str, hide_olefile: bool = False) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process; hide_olefile runs it as on a machine without the package."""
    hide = "import sys; sys.modules['olefile'] = None; " if hide_olefile else "import sys; "
    code = hide + "from ndr_atlas.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


# --- the writer and its fixtures --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_committed_fixtures_are_what_the_writer_makes(name: str) -> None:
    assert (FIXTURES / name).read_bytes() == msg_bytes(BUILDERS[name]()), f"run: python tests/msgwriter.py ({name} is stale)"


def test_writer_output_is_a_valid_compound_file_for_olefile() -> None:
    with olefile.OleFileIO(str(FIXTURES / "exchange-ndr.msg"), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        names = {"/".join(path) for path in ole.listdir()}
        assert "__properties_version1.0" in names
        assert "__recip_version1.0_#00000001/__substg1.0_0C1B001F" in names  # the second row's PR_SUPPLEMENTARY_INFO
        assert "__attach_version1.0_#00000000/__substg1.0_3701000D/__substg1.0_0037001F" in names  # the original's subject
        assert ole.root.clsid == "00020D0B-0000-0000-C000-000000000046"
        assert ole.openstream("__substg1.0_001A001F").read().decode("utf-16-le") == "REPORT.IPM.Note.NDR"


# --- .msg through diagnose_all ----------------------------------------------------------------


def test_exchange_ndr_msg(catalog: Catalog) -> None:
    report = one((FIXTURES / "exchange-ndr.msg").read_bytes(), catalog)
    assert report.kind == "bounce" and not report.attached and report.note("en") == ""
    assert rows(report) == [
        ("bob.lee@fabrikam.example", "550", "5.1.1", "userunknown", "mx.fabrikam.example"),
        ("carla.neri@northwind.example", "552", "5.2.2", "mailboxfull", "mx.northwind.example"),
    ]
    assert report.results[0].page.startswith("codes/5.1.1/")
    assert report.results[0].hard_bounce and not report.results[1].hard_bounce
    # The recipient table's fields are what the diagnosis quotes.
    assert "Status: 5.1.1" in report.results[0].evidence
    assert "Remote-Mta: dns; mx.fabrikam.example" in report.results[0].evidence


def test_ndr_msg_read_from_its_recipient_table_alone(catalog: Catalog) -> None:
    """Outlook often keeps no body for an NDR: the recipient rows say it all."""
    data = msg_bytes(exchange_ndr(body=False))
    assert "Delivery has failed" not in report_text(parse_mime(msg_to_text(data)))
    report = one(data, catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [
        ("bob.lee@fabrikam.example", "5.1.1", "userunknown"),
        ("carla.neri@northwind.example", "5.2.2", "mailboxfull"),
    ]


def test_ndr_msg_whose_supplementary_info_names_the_mta_type(catalog: Catalog) -> None:
    """grommunio's gromox stores a DSN's Remote-MTA value with its type ("dns; host") in the row's
    supplementary info and remote MTA, and the status as 100*class+10*subject+detail with a
    detail over 9 set to 0 (oxcmail.cpp): the full status is only in the supplementary info."""
    row = smtp_recipient(
        "acquisti@fornitore.example",
        "acquisti@fornitore.example",
        x0C1B="<dns; fornitore-example.mail.protection.outlook.example #5.7.509 smtp; 550 5.7.509 Access denied, sending domain "
        "VERDI.EXAMPLE does not pass DMARC verification and has a DMARC policy of reject.>",
        x0C21="dns; fornitore-example.mail.protection.outlook.example",
        x0C20=570,
        x0C04=0,
    )
    report = one(msg_bytes(Message("REPORT.IPM.Note.NDR", {0x0037: "Undelivered Mail Returned to Sender"}, [row])), catalog)
    assert rows(report) == [
        ("acquisti@fornitore.example", "550", "5.7.509", "authfailure", "fornitore-example.mail.protection.outlook.example")
    ]
    evidence = report.results[0].evidence
    assert "Status: 5.7.509" in evidence and "Remote-Mta: dns; fornitore-example.mail.protection.outlook.example" in evidence
    assert report.results[0].diagnostic.startswith("550 5.7.509 Access denied")


def test_ndr_msg_with_status_code_only_and_ansi_strings(catalog: Catalog) -> None:
    """An older Outlook file: 8-bit strings in the message's code page, a row with only the
    numeric PR_NDR_STATUS_CODE and Exchange's own wording in PR_SUPPLEMENTARY_INFO."""
    message = Message(
        "REPORT.IPM.Note.NDR",
        {0x0037: String8("Non recapitabile: Perché no?".encode("cp1252")), 0x3FFD: 1252, 0x0C1A: "System Administrator"},
        [
            {
                0x3001: String8(b"mario.rossi@example.net"),
                0x3002: String8(b"SMTP"),
                0x3003: String8(b"mario.rossi@example.net"),
                0x0C20: 544,
                0x0C1B: String8(b"Remote Server returned '554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain'"),
            }
        ],
    )
    text = msg_to_text(msg_bytes(message))
    assert "Subject: Non recapitabile: Perché no?" in text
    (result,) = one(msg_bytes(message), catalog).results
    assert (result.recipient, result.status, result.reply_code) == ("mario.rossi@example.net", "5.4.4", "554")
    assert result.page.startswith("codes/5.4.4/")


def test_msg_forwarding_an_eml_ndr(catalog: Catalog) -> None:
    report = one((FIXTURES / "forwarded-ndr-eml.msg").read_bytes(), catalog)
    assert report.attached and report.kind == "bounce"
    assert rows(report) == [("orders@supplier.example", "550", "5.1.1", "userunknown", "mx1.supplier.example")]
    assert report.note("en").startswith(FORWARD_NOTE)
    assert report.note("it").startswith("Letto dal rapporto di mancato recapito allegato")
    assert report.to_json()["attached"] is True


def test_msg_forwarding_an_ndr_msg(catalog: Catalog) -> None:
    """Outlook's "Forward as attachment" of an NDR: the NDR is an embedded message."""
    forward = Message(
        "IPM.Note",
        {0x0037: "FW: Undeliverable: Quarterly figures", 0x0C1A: "Anna Bianchi", 0x1000: "Can you look at this? Anna"},
        [smtp_recipient("Helpdesk", "helpdesk@contoso.example")],
        [Attachment({0x3001: "Undeliverable: Quarterly figures"}, exchange_ndr())],
    )
    report = one(msg_bytes(forward), catalog)
    assert report.attached
    assert [r.status for r in report.results] == ["5.1.1", "5.2.2"]


def test_msg_that_is_not_a_bounce(catalog: Catalog) -> None:
    data = (FIXTURES / "not-a-bounce.msg").read_bytes()
    assert "café" in report_text(parse_mime(msg_to_text(data)))  # the HTML body, stored as bytes in UTF-8, is read
    report = one(data, catalog)
    assert report.kind == "not-bounce" and report.results == [] and not report.attached
    assert report.note("en").startswith("No delivery failure found")


def test_ole_file_that_holds_no_message(catalog: Catalog) -> None:
    from msgwriter import compound_file

    with pytest.raises(InputError, match="no Outlook message") as caught:
        diagnose_all(compound_file({"WordDocument": b"\x00" * 600}, clsid=b"\x00" * 16), catalog)
    assert set(caught.value.texts) == {"en", "it"}


@pytest.mark.parametrize("cut", [100, 600, 3000, 8000, -600])
def test_truncated_msg_is_a_clear_error(catalog: Catalog, cut: int) -> None:
    data = (FIXTURES / "exchange-ndr.msg").read_bytes()[:cut]
    with pytest.raises(InputError, match=r"damaged or incomplete") as caught:
        diagnose_all(data, catalog)
    assert "Outlook .msg" in caught.value.texts["en"] and "Outlook" in caught.value.texts["it"]


@pytest.mark.parametrize(("sector_shift", "mini_shift"), [(0xFFFF, 6), (9, 0xFFFF), (13, 6), (9, 7)])
def test_impossible_sector_size_is_a_clear_error(catalog: Catalog, sector_shift: int, mini_shift: int) -> None:
    """A header whose sector shifts [MS-CFB] 2.2 forbids: olefile's own debug line failed to print
    2 ** 65535, and the user was told to "use sys.set_int_max_str_digits()"."""
    data = bytearray((FIXTURES / "exchange-ndr.msg").read_bytes())
    struct.pack_into("<HH", data, 30, sector_shift, mini_shift)
    with pytest.raises(InputError, match=r"damaged or incomplete .*sector size") as caught:
        diagnose_all(bytes(data), catalog)
    assert "sys." not in str(caught.value) and set(caught.value.texts) == {"en", "it"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=40))
def test_damaged_msg_never_crashes(catalog: Catalog, seed: int, changes: int) -> None:
    """Random bytes overwritten anywhere in a .msg: a diagnosis or a clear InputError, nothing else."""
    data = bytearray((FIXTURES / "exchange-ndr.msg").read_bytes())
    chance = random.Random(seed)
    for _ in range(changes):
        data[chance.randrange(8, len(data))] = chance.randrange(256)  # the magic stays: it is read as a .msg
    try:
        reports = diagnose_all(bytes(data), catalog)
    except InputError as exc:
        assert str(exc)
        return
    assert all(r.page.startswith("codes/") for report in reports for r in report.results)


def test_missing_olefile_is_a_clear_error(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "olefile", None)  # import olefile now raises ImportError
    data = (FIXTURES / "exchange-ndr.msg").read_bytes()
    with pytest.raises(InputError) as caught:
        diagnose_all(data, catalog)
    assert str(caught.value) == NEEDS_OLEFILE
    assert "pip install 'ndr-atlas[msg]'" in str(caught.value)
    assert caught.value.texts == NEEDS_OLEFILE_PAGE
    # In the browser (Pyodide) there is no pip to run: the page's own wording.
    monkeypatch.setattr(sys, "platform", "emscripten")
    with pytest.raises(InputError) as caught:
        diagnose_all(data, catalog)
    assert str(caught.value) == NEEDS_OLEFILE_PAGE["en"] and "pip" not in str(caught.value)


def test_olefile_is_imported_only_for_a_msg() -> None:
    """Neither olefile nor the .msg reader is loaded for an .eml: the CLI starts as fast as before."""
    code = (
        "import sys; from ndr_atlas.catalog import load_catalog; from ndr_atlas.diagnose import diagnose_all;"
        f"diagnose_all(open({str(EML)!r}, 'rb').read(), load_catalog()); print([m for m in ('olefile', 'ndr_atlas.msg') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "[]", proc.stderr


# --- an .eml with the bounce attached ---------------------------------------------------------


def test_eml_forwarding_a_bounce_as_attachment(catalog: Catalog) -> None:
    report = one(EML.read_bytes(), catalog)
    assert report.attached and report.note("en").startswith(FORWARD_NOTE)
    assert rows(report) == [("info@tailspin.example", "550", "5.1.1", "userunknown", "mx.tailspin.example")]
    assert report.results[0].command == "RCPT"


def test_eml_attached_as_a_file(catalog: Catalog) -> None:
    """Some clients attach the bounce as an .eml file (application/octet-stream, base64)."""
    import base64

    text = EML.read_text()
    head, _, rest = text.partition("--------------fwd0a1b2c3d4e5f6\nContent-Type: message/rfc822")
    inner = rest.split("\n\n", 1)[1].rsplit("\n--------------fwd0a1b2c3d4e5f6--", 1)[0]
    encoded = base64.encodebytes(inner.encode()).decode()
    as_file = (
        head + "--------------fwd0a1b2c3d4e5f6\nContent-Type: application/octet-stream\n"
        'Content-Disposition: attachment; filename="bounce.eml"\nContent-Transfer-Encoding: base64\n\n'
        + encoded
        + "\n--------------fwd0a1b2c3d4e5f6--\n"
    )
    report = one(as_file, catalog)
    assert report.attached and [r.recipient for r in report.results] == ["info@tailspin.example"]


def test_a_real_bounce_is_read_from_itself_not_its_returned_original(catalog: Catalog) -> None:
    """A DSN returns the original as message/rfc822; even when that original is itself a bounce
    (a bounce of a bounce), the report is the outer one."""
    outer = (TESTS / "fixtures" / "dsn-postfix.eml").read_text()
    inner = EML.read_text().split('filename="Mail delivery failed.eml"\n\n', 1)[1].rsplit("\n--------------fwd", 1)[0]
    boundary = "4F1A2B3C4D.1764075731/mx1.example.org"
    returned = outer.replace(
        "Content-Type: text/rfc822-headers\n\nReturn-Path: <anna@example.org>",
        f"Content-Type: message/rfc822\n\n{inner}\n\n--{boundary}\nContent-Type: text/rfc822-headers\n\nReturn-Path: <anna@example.org>",
    )
    assert "info@tailspin.example" in returned
    report = one(returned, catalog)
    assert not report.attached and report.note("en") == ""
    assert [r.recipient for r in report.results] == ["mario.rossi@example.net"]


def test_forward_of_a_mail_that_is_no_bounce(catalog: Catalog) -> None:
    text = EML.read_text().replace("X-Failed-Recipients: info@tailspin.example\n", "")
    text = text.split("This message was created automatically")[0] + "See you on Friday.\n\n--------------fwd0a1b2c3d4e5f6--\n"
    report = one(text, catalog)
    assert report.kind == "not-bounce" and not report.attached


# --- an .eml with an Outlook item (.msg) attached ---------------------------------------------


def mail_with_item(item: bytes, content_type: str = "application/vnd.ms-outlook", own_report: bool = False) -> str:
    """A user's mail to the helpdesk with a .msg file attached (our addresses and words); with
    ``own_report`` the mail is a delivery report of its own (a DSN) that also carries the item."""
    import base64

    boundary = "----=_item_7c1e2f"
    encoded = base64.encodebytes(item).decode()
    if own_report:
        head = (
            "From: Mail Delivery System <MAILER-DAEMON@mx.contoso.example>\nTo: anna.bianchi@contoso.example\n"
            "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
            f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\n\n'
            f"--{boundary}\nContent-Type: text/plain\n\nI could not deliver your message to <dario.fo@tailspin.example>.\n\n"
            f"--{boundary}\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.contoso.example\n\n"
            "Final-Recipient: rfc822; dario.fo@tailspin.example\nAction: failed\nStatus: 5.2.2\n"
            "Diagnostic-Code: smtp; 552 5.2.2 <dario.fo@tailspin.example>: Mailbox full\n\n"
        )
    else:
        head = (
            "From: Anna Bianchi <anna.bianchi@contoso.example>\nTo: helpdesk@contoso.example\n"
            "Subject: FW: can't write to Bob\nMIME-Version: 1.0\n"
            f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
            f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\nHi, I got the message attached when I wrote to Bob. Anna\n\n"
        )
    return (
        head + f'--{boundary}\nContent-Type: {content_type}; name="Undeliverable Quarterly figures.msg"\n'
        'Content-Disposition: attachment; filename="Undeliverable Quarterly figures.msg"\nContent-Transfer-Encoding: base64\n\n'
        + encoded
        + f"\n--{boundary}--\n"
    )


@pytest.mark.parametrize("content_type", ["application/vnd.ms-outlook", "application/octet-stream"])
def test_eml_with_an_ndr_msg_attached(catalog: Catalog, content_type: str) -> None:
    """The .msg is read as it would be dropped alone: its recipient table gives the failures."""
    report = one(mail_with_item(msg_bytes(exchange_ndr(body=False)), content_type), catalog)
    assert report.attached and report.note("en").startswith(FORWARD_NOTE)
    assert rows(report) == [
        ("bob.lee@fabrikam.example", "550", "5.1.1", "userunknown", "mx.fabrikam.example"),
        ("carla.neri@northwind.example", "552", "5.2.2", "mailboxfull", "mx.northwind.example"),
    ]


def test_eml_with_a_msg_forwarding_an_eml_ndr(catalog: Catalog) -> None:
    """A .msg that forwards the bounce as an .eml, attached to a mail: read through both."""
    report = one(mail_with_item(msg_bytes(BUILDERS["forwarded-ndr-eml.msg"]())), catalog)
    assert report.attached
    assert rows(report) == [("orders@supplier.example", "550", "5.1.1", "userunknown", "mx1.supplier.example")]


def test_a_reports_own_failures_win_over_an_attached_msg(catalog: Catalog) -> None:
    report = one(mail_with_item(msg_bytes(exchange_ndr()), own_report=True), catalog)
    assert not report.attached
    assert [(r.recipient, r.status) for r in report.results] == [("dario.fo@tailspin.example", "5.2.2")]


ITEM_NAME = "Undeliverable Quarterly figures.msg"


def test_eml_with_a_msg_that_is_no_bounce_or_is_damaged(catalog: Catalog) -> None:
    ordinary = one(mail_with_item(msg_bytes(BUILDERS["not-a-bounce.msg"]())), catalog)
    assert ordinary.kind == "not-bounce" and not ordinary.attached and ordinary.unread_attachment is None
    assert ordinary.note("en") == NOT_A_BOUNCE["en"]  # read, and no bounce: nothing to say of the item
    data = msg_bytes(exchange_ndr())
    for damaged in (data[:1536], data[:8] + bytes(len(data) - 8)):
        report = one(mail_with_item(damaged, "application/octet-stream"), catalog)
        assert report.kind == "not-bounce" and report.results == [] and not report.attached
        # Not the plain "no delivery failure" answer: the attachment named, what went wrong, what to do.
        assert report.unread_attachment == ITEM_NAME
        assert report.note("en").startswith(f'The Outlook item attached to this email ("{ITEM_NAME}") is damaged')
        assert "save it again" in report.note("en")
        assert report.note("it").startswith(f'L\'elemento di Outlook allegato a questa email ("{ITEM_NAME}") è danneggiato')
    # Typed as an Outlook item but no OLE file: damaged too. Only named *.msg: some other file, left alone.
    typed = one(mail_with_item(b"not an OLE file at all"), catalog)
    assert typed.unread_attachment == ITEM_NAME and "is damaged" in typed.note("en")
    named = one(mail_with_item(b"not an OLE file at all", "application/octet-stream"), catalog)
    assert named.kind == "not-bounce" and named.unread_attachment is None and named.note("en") == NOT_A_BOUNCE["en"]
    # An OLE file with no Outlook message in it (an old Word file named .msg).
    word = one(mail_with_item(compound_file({"WordDocument": b"\x00" * 600}, clsid=b"\x00" * 16)), catalog)
    assert word.unread_attachment == ITEM_NAME and "holds no email" in word.note("en")


def test_eml_with_a_msg_attached_without_olefile(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """No crash where olefile is missing: the mail gives no failure, and its note says why the item was not read."""
    monkeypatch.setitem(sys.modules, "olefile", None)
    report = one(mail_with_item(msg_bytes(exchange_ndr())), catalog)
    assert report.kind == "not-bounce" and report.results == []
    assert report.unread_attachment == ITEM_NAME
    assert "pip install 'ndr-atlas[msg]'" in report.note("en") and "pip install 'ndr-atlas[msg]'" in report.note("it")
    monkeypatch.setattr(sys, "platform", "emscripten")  # the page: its own words, no pip
    report = one(mail_with_item(msg_bytes(exchange_ndr())), catalog)
    assert "Reload the page" in report.note("en") and "Ricaricate la pagina" in report.note("it")


def test_cli_json_names_an_attached_msg_it_could_not_read(tmp_path: Path) -> None:
    data = msg_bytes(exchange_ndr())
    path = tmp_path / "fw.eml"
    path.write_text(mail_with_item(data[:1536]), encoding="utf-8")
    proc = cli("diagnose", "--json", str(path))
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert obj["bounce"] is False and obj["unread_attachment"] == ITEM_NAME
    assert "is damaged" in obj["note"]["en"] and "danneggiato" in obj["note"]["it"]


# --- the CLI ----------------------------------------------------------------------------------


def test_cli_reads_msg_files_in_a_folder(tmp_path: Path) -> None:
    for name in BUILDERS:
        shutil.copy(FIXTURES / name, tmp_path / name)
    shutil.copy(EML, tmp_path / EML.name)
    proc = cli("diagnose", "--json", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    by_file = {Path(obj["file"]).name: obj for obj in map(json.loads, proc.stdout.splitlines())}
    assert set(by_file) == {*BUILDERS, EML.name}
    assert [r["status"] for r in by_file["exchange-ndr.msg"]["results"]] == ["5.1.1", "5.2.2"]
    assert "attached" not in by_file["exchange-ndr.msg"]
    assert by_file["forwarded-ndr-eml.msg"]["attached"] is True
    assert by_file["forwarded-ndr-eml.msg"]["note"]["en"].startswith(FORWARD_NOTE)
    assert by_file["forwarded-ndr.eml"]["results"][0]["recipient"] == "info@tailspin.example"
    assert by_file["not-a-bounce.msg"] == {
        "file": by_file["not-a-bounce.msg"]["file"],
        "bounce": False,
        "kind": "not-bounce",
        "results": [],
    }


def test_cli_readable_output_says_the_bounce_was_attached() -> None:
    proc = cli("diagnose", "--lang", "it", str(EML))
    assert proc.returncode == 0, proc.stderr
    assert "Letto dal rapporto di mancato recapito allegato a questa email" in proc.stdout
    assert "Destinatario: info@tailspin.example" in proc.stdout


def test_cli_without_olefile_says_so_once_and_goes_on(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "exchange-ndr.msg", tmp_path / "a.msg")
    shutil.copy(EML, tmp_path / "b.eml")
    proc = cli("diagnose", "--json", str(tmp_path), hide_olefile=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"ndr-atlas: {tmp_path / 'a.msg'}: {NEEDS_OLEFILE}"
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert lines[0]["error"].endswith("pip install 'ndr-atlas[msg]'")
    assert lines[1]["results"][0]["recipient"] == "info@tailspin.example"


def test_cli_damaged_msg_is_one_line_no_traceback(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.msg"
    damaged.write_bytes((FIXTURES / "exchange-ndr.msg").read_bytes()[:5000])
    proc = cli("diagnose", str(damaged))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.strip().count("\n") == 0
    assert "damaged or incomplete" in proc.stderr


@pytest.mark.parametrize(
    ("message_class", "kind"),
    [("REPORT.IPM.Note.DR", "delivered"), ("REPORT.IPM.Note.Delayed.DR", "bounce"), ("REPORT.IPM.Note.IPNNRN", "not-bounce")],
)
def test_other_report_classes(catalog: Catalog, message_class: str, kind: str) -> None:
    """A delivery receipt is no failure, a delay is a (soft) one, a read receipt is no delivery report."""
    row = smtp_recipient("Bob Lee", "bob.lee@fabrikam.example", x0C1B="<mx.fabrikam.example #4.4.7 smtp;451 4.4.7 Message delayed>")
    if message_class == "REPORT.IPM.Note.DR":
        row[0x0C1B] = "<mx.fabrikam.example #2.0.0 smtp;250 2.0.0 OK queued as 4F1A2B>"
    report = one(msg_bytes(Message(message_class, {0x0037: "Report: Quarterly figures"}, [row])), catalog)
    assert report.kind == kind
    if kind == "bounce":
        assert [(r.status, r.action, r.hard_bounce) for r in report.results] == [("4.4.7", "delayed", False)]


def test_msg_attached_as_a_file(catalog: Catalog) -> None:
    """A .msg sent as a plain file attachment (by value) inside another .msg."""
    forward = Message(
        "IPM.Note",
        {0x0037: "FW: Undeliverable: Quarterly figures", 0x1000: "See the attached file."},
        [smtp_recipient("Helpdesk", "helpdesk@contoso.example")],
        [
            Attachment(
                {0x3701: (FIXTURES / "exchange-ndr.msg").read_bytes(), 0x3707: "Undeliverable.msg", 0x370E: "application/vnd.ms-outlook"}
            )
        ],
    )
    report = one(msg_bytes(forward), catalog)
    assert report.attached and [r.recipient for r in report.results] == ["bob.lee@fabrikam.example", "carla.neri@northwind.example"]


def test_time_per_recipient_stays_flat() -> None:
    """A report to a big list: 50 times the recipients and attachments take about 50 times as long
    to read, not 2,500 times (a path lookup per property once grew with the square: 20x per item).
    Timed after olefile has opened the file (its own duplicate check grows a little faster than
    linear) and with the garbage collector off, so only this reader's work is compared."""
    import gc
    import io
    import time

    from ndr_atlas.msg import TOP_HEADER, MsgReader

    def seconds_per_item(count: int) -> float:
        rows = [
            smtp_recipient(f"User {i}", f"user{i}@example.org", x0C1B=f"<mx.example.org #5.1.1 smtp;550 5.1.1 user{i} unknown>")
            for i in range(count)
        ]
        files = [Attachment({0x3701: b"notes", 0x3707: f"notes-{i}.txt"}) for i in range(count)]
        data = msg_bytes(Message("REPORT.IPM.Note.NDR", {0x0037: "Undeliverable"}, rows, files))
        best = float("inf")
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            gc.disable()
            try:
                for _ in range(3):
                    start = time.thread_time()
                    reader = MsgReader(ole, olefile)
                    reader.check_complete(len(data))
                    reader.message([], TOP_HEADER, 0)
                    best = min(best, time.thread_time() - start)
            finally:
                gc.enable()
        return best / count

    assert seconds_per_item(1000) < 4 * seconds_per_item(20)


def patched_entry(data: bytes, index: int, offset: int, value: int) -> bytes:
    """The file with one 4-byte field of one directory entry changed (128-byte entries; child id
    at 76, stream size at 120), as a damaged or hostile file would have it."""
    import struct

    patched = bytearray(data)
    first_directory_sector = struct.unpack_from("<I", patched, 48)[0]
    struct.pack_into("<I", patched, 512 * (first_directory_sector + 1) + 128 * index + offset, value)
    return bytes(patched)


@pytest.mark.parametrize(
    ("index", "offset", "value", "says"),
    [
        (0, 76, 0, "directory loops"),  # the root storage lists itself as its child: a walk would never end
        (1, 120, 0xFFFFFFF0, "claim more bytes"),  # a stream that says it is 4 GB: olefile would read on and on
    ],
)
def test_hostile_directory_is_a_clear_error(catalog: Catalog, index: int, offset: int, value: int, says: str) -> None:
    import signal

    def give_up(signum: int, frame: object) -> None:
        raise TimeoutError("the reader did not stop")

    data = patched_entry((FIXTURES / "not-a-bounce.msg").read_bytes(), index, offset, value)
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(30)  # a safety net against a hang, not a speed test
    try:
        with pytest.raises(InputError, match=says):
            diagnose_all(data, catalog)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- bodies kept only as compressed RTF ([MS-OXRTFCP], [MS-OXRTFEX]) -------------------------------

RTF_FIXTURES = ("exchange-ndr-rtf-html.msg", "postfix-ndr-rtf-text.msg", "exchange-ndr-rtf-damaged.msg")


def lzfu_stream(content: bytes, raw_size: int) -> bytes:
    return struct.pack("<IIII", len(content) + 12, raw_size, 0x75465A4C, spec_crc(content)) + content


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # A reference (offset 0, length 4 + 2) into the initial dictionary, four literals, the end
        # marker (a reference to the write position, 207 + 6 + 4 = 217): control byte 0b00100001.
        (bytes.fromhex("21 0004 20 68 69 7d 0d90"), b"{\\rtf1 hi}"),
        # A reference that reads what it writes: one 'a' at 207, then 5 bytes from 207 on.
        (bytes.fromhex("06 61 0cf3 0d50"), b"aaaaaa"),
    ],
)
def test_hand_assembled_lzfu_streams(content: bytes, expected: bytes) -> None:
    assert decompress(lzfu_stream(content, len(expected))) == expected


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000) | st.text(alphabet="{}\\rtf1 abc\r\n", max_size=3000).map(str.encode))
def test_compressed_rtf_round_trip(data: bytes) -> None:
    """The writer's compressor (tests/msgwriter.py) and the reader agree, in both forms."""
    assert decompress(compress_rtf(data)) == data
    assert decompress(compress_rtf(data, compressed=False)) == data
    assert rtf_crc(data) == spec_crc(data)


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda s: s[:40] + bytes([s[40] ^ 1]) + s[41:], "fails its CRC check"),
        (lambda s: s[:-5], "says it is"),
        (lambda s: s[:8] + b"ABCD" + s[12:], "unknown type"),
        (lambda s: s[:10], "shorter than its 16-byte header"),
        (lambda s: s[:4] + struct.pack("<I", 99999) + s[8:], "says it holds 99999"),
    ],
)
def test_damaged_compressed_rtf_is_a_clear_error(damage: Callable[[bytes], bytes], says: str) -> None:
    stream = compress_rtf(html_in_rtf(EXCHANGE_HTML))
    with pytest.raises(RtfError, match=says):
        decompress(damage(stream))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_damaged_rtf_never_crashes(data: st.DataObject) -> None:
    """Random bytes changed anywhere, CRC recomputed or not: RtfError or some bytes, nothing else."""
    stream = bytearray(compress_rtf(text_in_rtf(POSTFIX_TEXT)))
    for _ in range(data.draw(st.integers(1, 6))):
        stream[data.draw(st.integers(16, len(stream) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        struct.pack_into("<I", stream, 12, spec_crc(bytes(stream[16:])))
    try:
        rtf = decompress(bytes(stream))
    except RtfError:
        return
    body_of(rtf)


def test_rtf_text_runs() -> None:
    """Plain RTF: destinations skipped, breaks kept, \\'hh in the \\ansicpg code page, \\uN with its
    \\ucN fallback dropped, a character beyond the first plane from its two UTF-16 halves."""
    rtf = (
        b"{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
        b"{\\stylesheet{\\s0 Normal;}}{\\*\\generator Riched20;}{\\info{\\title Hidden}}\\pard\\f0 "
        b"\\'cf\\'f0\\'e8\\'e2\\'e5\\'f2\\tab A\\line B\\par "
        b"\\uc2\\u26085\\'93\\'fa x \\uc1\\u-10179?\\u-8704? \\{ok\\} \\\\ end\\par}"
    )
    assert body_of(rtf) == ("text/plain", "\u041f\u0440\u0438\u0432\u0435\u0442\tA\nB\n\u65e5 x \U0001f600 {ok} \\ end\n")


def test_rtf_wrapping_html_or_text_gives_the_original_back() -> None:
    assert body_of(html_in_rtf(EXCHANGE_HTML)) == ("text/html", EXCHANGE_HTML)
    assert body_of(text_in_rtf(POSTFIX_TEXT)) == ("text/plain", POSTFIX_TEXT)
    # Without \fromhtml1 in its header, htmltag groups are optional destinations like any other.
    plain = html_in_rtf("<p>one</p>").replace(b"\\fromhtml1", b"")
    assert body_of(plain) == ("text/plain", "one")


def test_ndr_msg_with_only_an_rtf_html_body(catalog: Catalog) -> None:
    data = (FIXTURES / "exchange-ndr-rtf-html.msg").read_bytes()
    text = report_text(parse_mime(msg_to_text(data)))
    assert "Remote Server returned '550 5.1.1 <bob.lee@fabrikam.example>" in text and "couldn\u2019t be delivered" in text
    assert "htmltag" not in text and "p.diag" not in text  # no RTF and no style sheet left in the text
    report = one(data, catalog)
    assert report.kind == "bounce" and not report.body_unreadable and report.note("en") == ""
    assert rows(report) == [("bob.lee@fabrikam.example", "550", "5.1.1", "userunknown", None)]


def test_ndr_msg_with_only_an_rtf_text_body(catalog: Catalog) -> None:
    data = (FIXTURES / "postfix-ndr-rtf-text.msg").read_bytes()
    assert "Subject: Perché il listino è cambiato?" in report_text(parse_mime(msg_to_text(data)))
    assert rows(one(data, catalog)) == [("dario.russo@tailspin.example", "550", "5.1.1", "userunknown", "mx.tailspin.example")]


def test_plain_text_body_is_preferred_to_the_rtf_one() -> None:
    message = exchange_ndr()
    message.props[0x1009] = compress_rtf(text_in_rtf("Something else entirely"))
    assert "Something else entirely" not in msg_to_text(msg_bytes(message))
    message.props[0x1000] = "  \r\n"  # an empty text body: the RTF one is read
    assert "Something else entirely" in report_text(parse_mime(msg_to_text(msg_bytes(message))))


def test_damaged_rtf_body_the_rest_is_still_read(catalog: Catalog) -> None:
    report = one((FIXTURES / "exchange-ndr-rtf-damaged.msg").read_bytes(), catalog)
    assert report.body_unreadable
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [
        ("bob.lee@fabrikam.example", "5.1.1", "userunknown"),
        ("carla.neri@northwind.example", "5.2.2", "mailboxfull"),
    ]
    assert report.note("en").startswith("The body of this Outlook message (stored as compressed RTF) is damaged")
    assert report.note("it").startswith("Il corpo di questo messaggio di Outlook (salvato come RTF compresso) è danneggiato")


def test_damaged_rtf_body_with_nothing_else_is_a_clear_error(catalog: Catalog) -> None:
    data = msg_bytes(rtf_only_ndr(damaged_rtf(html_in_rtf(EXCHANGE_HTML))))
    with pytest.raises(InputError, match=r"damaged or incomplete.*fails its CRC check") as caught:
        diagnose_all(data, catalog)
    assert set(caught.value.texts) == {"en", "it"}


def test_an_attached_item_that_cannot_be_read_leaves_the_report_readable(catalog: Catalog) -> None:
    """What only an attachment holds (an old Word file, a compound file with no message, attached to
    the returned original; an embedded item whose only body is a damaged compressed RTF) is skipped or
    left without its body: the report around it is still read, not refused as a whole."""
    expected = [("bob.lee@fabrikam.example", "5.1.1"), ("carla.neri@northwind.example", "5.2.2")]
    word = compound_file({"WordDocument": b"\x00" * 600}, clsid=b"\x00" * 16)
    for attachment in (
        Attachment(props={0x3701: word, 0x3707: "listino.doc"}),
        Attachment(message=rtf_only_ndr(damaged_rtf(html_in_rtf(EXCHANGE_HTML)))),
    ):
        message = exchange_ndr()
        message.attachments.append(attachment)
        assert [(r.recipient, r.status) for r in one(msg_bytes(message), catalog).results] == expected


def test_an_embedded_item_with_a_stream_cut_short_leaves_the_report_readable(catalog: Catalog) -> None:
    """The returned original stored as a storage in the report (not as a .msg file) with one of its
    streams cut short (its stated size past its sector chain): that item is skipped, as a damaged
    .msg attached as a file is, and the report's recipient table is still read. The same damage to a
    stream of the report itself still refuses the file."""
    data = msg_bytes(exchange_ndr())
    with olefile.OleFileIO(data) as ole:
        ids = {tuple(name.lower() for name in path): ole._find(path) for path in ole.listdir()}
    item_body = ids[("__attach_version1.0_#00000000", "__substg1.0_3701000d", "__substg1.0_1000001f")]
    report = one(patched_entry(data, item_body, 120, 2560), catalog)
    assert [(r.recipient, r.status) for r in report.results] == [
        ("bob.lee@fabrikam.example", "5.1.1"),
        ("carla.neri@northwind.example", "5.2.2"),
    ]
    with pytest.raises(InputError, match=r"the stream __substg1.0_1000001f is cut short"):
        diagnose_all(patched_entry(data, ids[("__substg1.0_1000001f",)], 120, 2560), catalog)


def test_compressed_rtf_is_not_unpacked_past_the_limit() -> None:
    """LZFu writes up to 17 bytes per 2-byte reference ([MS-OXRTFCP] 2.2.3.2): a stream may hold eight
    times its size. Bounded by what its header claims (RAWSIZE) before unpacking, and by the running
    output whatever RAWSIZE says."""
    stream = expanding_rtf(64 * 1024)
    assert len(stream) < 9 * 1024 and len(decompress(stream)) == 64 * 1024 == len(decompress(stream, 64 * 1024))
    with pytest.raises(RtfTooLarge, match=r"says it holds 65536 bytes, more than the 8192 bytes limit"):
        decompress(stream, 8 * 1024)
    lying = expanding_rtf(64 * 1024, raw_size=100)  # a small RAWSIZE: the output is what stops it
    with pytest.raises(RtfTooLarge, match=r"unpacks to more than the 8192 bytes limit"):
        decompress(lying, 8 * 1024)
    with pytest.raises(RtfTooLarge, match=r"says it holds 100 MB, more than the 25 MB limit"):
        decompress(expanding_rtf(1000, raw_size=100 * 1024 * 1024), 25 * 1024 * 1024)


def test_rtf_body_over_the_input_limit_is_a_clear_error(catalog: Catalog) -> None:
    """The only body claims more than the 25 MB the CLI reads: a clear error, not the text built."""
    data = msg_bytes(rtf_only_ndr(expanding_rtf(1000, raw_size=30 * 1024 * 1024)))
    with pytest.raises(InputError, match=r"only body cannot be read: the compressed RTF says it holds 30 MB, more than the 25 MB limit"):
        diagnose_all(data, catalog)
    try:
        diagnose_all(data, catalog)
    except InputError as exc:
        assert "would unpack to more than 25 MB, the most this diagnoser unpacks" in exc.texts["en"]
        assert "una volta decompresso supererebbe i 25 MB, il massimo che il diagnostico decomprime" in exc.texts["it"]
    # Attached to a mail: the note names the item and says why it was not read.
    report = one(mail_with_item(data, "application/octet-stream"), catalog)
    assert report.unread_attachment == ITEM_NAME and report.results == []
    assert report.note("en").startswith(f'The Outlook item attached to this email ("{ITEM_NAME}") was not read: its body')
    assert "would unpack to more than 25 MB, the most this diagnoser unpacks" in report.note("en")
    assert "una volta decompresso supererebbe i 25 MB, il massimo che il diagnostico decomprime" in report.note("it")


def test_rtf_body_that_unpacks_past_the_limit_the_rest_is_still_read(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream whose RAWSIZE is small but whose output runs past the limit (lowered here, so the
    stream stays small) stops unpacking; the recipient table still gives the failures, and the note says why."""
    import ndr_atlas.msg

    monkeypatch.setattr(ndr_atlas.msg, "MAX_INPUT_BYTES", 16 * 1024)
    message = exchange_ndr(body=False)
    message.props[0x1009] = expanding_rtf(64 * 1024, raw_size=100)
    report = one(msg_bytes(message), catalog)
    assert report.body_unreadable and report.body_too_large and report.to_json()["body_unreadable"] is True
    assert [(r.recipient, r.status) for r in report.results] == [
        ("bob.lee@fabrikam.example", "5.1.1"),
        ("carla.neri@northwind.example", "5.2.2"),
    ]
    assert report.note("en").startswith("The body of this Outlook message (stored as compressed RTF) would unpack to more than 25 MB")
    assert "una volta decompresso supererebbe i 25 MB, il massimo che il diagnostico decomprime" in report.note("it")


def test_compressed_rtf_bodies_of_a_file_share_the_limit(catalog: Catalog, lowered_rtf_limit: LowerRtfLimit) -> None:
    """Each body alone within the limit (lowered here), a file of many attached items, embedded or
    attached as .msg files, would unpack to eight times its size: the file's bodies share the limit,
    and the report is still read."""
    import ndr_atlas.msg

    unpacked = lowered_rtf_limit(ndr_atlas.msg, 16 * 1024)
    message = exchange_ndr()
    for n in range(4):
        item = rtf_only_ndr(expanding_rtf(12 * 1024))
        message.attachments.append(Attachment(message=item) if n % 2 else Attachment(props={0x3701: msg_bytes(item), 0x3707: f"{n}.msg"}))
    report = one(msg_bytes(message), catalog)
    assert [r.recipient for r in report.results] == ["bob.lee@fabrikam.example", "carla.neri@northwind.example"]
    assert 0 < sum(unpacked) <= 16 * 1024


def test_an_eml_cannot_claim_a_damaged_rtf_body(catalog: Catalog) -> None:
    """The field msg.py writes is believed only for a .msg, never for an .eml that carries it."""
    eml = EML.read_text(encoding="utf-8")
    report = one("X-Ndr-Atlas-Unreadable-Body: yes\n" + eml, catalog)
    assert not report.body_unreadable and "RTF" not in report.note("en")


def test_cli_diagnoses_rtf_only_msgs(tmp_path: Path) -> None:
    for name in RTF_FIXTURES:
        shutil.copy(FIXTURES / name, tmp_path / name)
    proc = cli("diagnose", "--json", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    by_file = {Path(obj["file"]).name: obj for obj in map(json.loads, proc.stdout.splitlines())}
    html, text, damaged = (by_file[name] for name in RTF_FIXTURES)
    assert [(r["recipient"], r["status"], r["reason"]) for r in html["results"]] == [("bob.lee@fabrikam.example", "5.1.1", "userunknown")]
    assert [(r["recipient"], r["status"], r["reason"]) for r in text["results"]] == [
        ("dario.russo@tailspin.example", "5.1.1", "userunknown")
    ]
    assert "note" not in html and "body_unreadable" not in html
    assert [r["status"] for r in damaged["results"]] == ["5.1.1", "5.2.2"]
    assert damaged["body_unreadable"] is True and "compressed RTF" in damaged["note"]["en"]
    readable = cli("diagnose", "--lang", "it", str(tmp_path / "exchange-ndr-rtf-damaged.msg"))
    assert readable.returncode == 0 and "Traceback" not in readable.stderr
    assert "Il corpo di questo messaggio di Outlook (salvato come RTF compresso) è danneggiato" in readable.stdout
    assert "Destinatario: bob.lee@fabrikam.example" in readable.stdout


@pytest.mark.parametrize("word", ["=?UTF-8?B?UmFwcG9ydG8gUXVhbGl0w6AubXNn?=", "=?UTF-8?Q?Rapporto_Qualit=C3=A0.msg?="])
def test_msg_attached_under_an_encoded_name(catalog: Catalog, word: str) -> None:
    """An application/octet-stream part named "Rapporto Qualità.msg" in RFC 2047 encoded words (B or Q,
    as mail programs write a non-ASCII name) is the Outlook item it names."""
    mail = mail_with_item(msg_bytes(exchange_ndr(body=False)), "application/octet-stream")
    report = one(mail.replace("Undeliverable Quarterly figures.msg", word), catalog)
    assert report.attached
    assert [row[0] for row in rows(report)] == ["bob.lee@fabrikam.example", "carla.neri@northwind.example"]
