"""ndr_atlas.decoding: one way from the bytes a user gives to text, for the diagnoser and the log readers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ndr_atlas.decoding import bom_encoding, control_heavy, decode_bytes, readable_text, stream_encoding, wide_encoding

TEXT = "Dec  4 10:00:01 mx postfix/smtp[42]: 4F1A: to=<zoë@example.org>, status=bounced (550 5.1.1 unknown)\n"


@pytest.mark.parametrize(
    ("data", "wide", "stream"),
    [
        (TEXT.encode("utf-32"), "utf-32", "utf-32"),  # the machine's own order, with its BOM
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32", "utf-32"),
        (TEXT.encode("utf-16"), "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le", "utf-16-le"),  # no BOM: a NUL after each ASCII character
        (TEXT.encode("utf-16-be"), "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF8 + TEXT.encode(), None, "utf-8-sig"),
        (TEXT.encode(), None, "utf-8"),
        (TEXT.encode("latin-1"), None, "utf-8"),
        (b"", None, "utf-8"),
    ],
)
def test_each_encoding_is_told_from_the_first_bytes(data: bytes, wide: str | None, stream: str) -> None:
    assert wide_encoding(data) == wide
    assert stream_encoding(data) == stream
    if data and wide is not None:
        assert data.decode(wide) == TEXT  # the codec drops the BOM


def test_utf32_little_endian_is_not_taken_for_utf16() -> None:
    """UTF-32LE's BOM (FF FE 00 00) opens with UTF-16LE's (FF FE): the longer one is tried first."""
    data = codecs.BOM_UTF32_LE + "ok\n".encode("utf-32-le")
    assert bom_encoding(data) == "utf-32"
    assert data.decode(stream_encoding(data)) == "ok\n"


def test_the_fallback_is_the_declared_charset_then_utf8_then_latin1() -> None:
    assert decode_bytes("è".encode("cp1252"), "cp1252") == "è"
    assert decode_bytes("è".encode(), "no-such-charset") == "è"
    assert decode_bytes(b"caf\xe9") == "café"  # not UTF-8: Latin-1, never an error


def test_control_bytes_in_quantity_are_binary_a_stray_nul_is_not() -> None:
    assert not control_heavy(TEXT.encode() * 10 + b"\x00")
    assert not control_heavy(b"\t\r\n\x0c" * 100)
    assert control_heavy(b"PK\x03\x04" + bytes(range(32)) * 20)


def test_readable_text_is_the_last_step_of_every_whole_input() -> None:
    """One clean-up for a dropped file (diagnose.as_text) and a .msg attached to a mail
    (msg.attached_item_text): NULs dropped, CR LF and a lone CR made LF."""
    from ndr_atlas.diagnose import as_text

    raw = "Subject: Undeliverable\r\n\r\nrelay.example.net\x00 said:\r550 5.1.1 no such user\r\n"
    want = "Subject: Undeliverable\n\nrelay.example.net said:\n550 5.1.1 no such user\n"
    assert readable_text(raw) == want
    assert as_text(raw) == want
    assert as_text(raw.encode("utf-16")) == want


def test_a_byte_order_mark_is_dropped_once_from_files_and_pastes(tmp_path: Path) -> None:
    """A UTF-8 file with its mark (Notepad's "UTF-8 with BOM") and a paste that kept one open with
    their header or their first words, not U+FEFF: an .eml's header block is read as one."""
    from ndr_atlas.catalog import load_catalog
    from ndr_atlas.diagnose import as_text, diagnose
    from ndr_atlas.parse import looks_like_mime

    eml = (
        "From: MAILER-DAEMON@mx.contoso.example (Mail Delivery System)\r\nTo: <lia.conti@contoso.example>\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
        "<piero.sala@tailspin.example>: host mx.tailspin.example[203.0.113.9] said: 550 5.1.1\r\n"
        "    <piero.sala@tailspin.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)\r\n"
    )
    paste = "550 5.1.1 <piero.sala@tailspin.example>: Recipient address rejected: User unknown\n"
    for text in (eml, paste):
        for given in (codecs.BOM_UTF8 + text.encode(), "\ufeff" + text):
            assert as_text(given) == readable_text(text), given[:8]
    assert looks_like_mime(as_text(codecs.BOM_UTF8 + eml.encode()))
    assert as_text("\ufeff\ufeffword") == "\ufeffword"  # once
    catalog = load_catalog()
    (tmp_path / "bounce.eml").write_bytes(codecs.BOM_UTF8 + eml.encode())
    (tmp_path / "bounce.txt").write_bytes(codecs.BOM_UTF8 + paste.encode())
    for name in ("bounce.eml", "bounce.txt"):
        [result] = diagnose((tmp_path / name).read_bytes(), catalog).results
        assert (result.recipient, result.status, result.reply_code) == ("piero.sala@tailspin.example", "5.1.1", "550"), name
