"""Charset labels that only a later Python knows (windows-874, ISO-8859-8-I, Windows-31J, csEUCKR) are
read alike by the CLI (CPython 3.11 here) and the browser (Pyodide, Python 3.14): found by the Pyodide
parity check (tests/test_pyodide_parity.py), where the CLI showed a Thai, Hebrew or Japanese server
reply as Latin-1 mojibake and the page showed it right. Fixtures: tests/fixtures/charsets/ (ours)."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ndr_atlas.decoding import LATER_CHARSET_NAMES, decode_bytes, python_charset
from ndr_atlas.formats.base import decoded_header

CHARSETS = Path(__file__).parent / "fixtures" / "charsets"

THAI = "ไม่พบผู้ใช้นี้ในระบบ"
HEBREW = "תיבת הדואר מלאה"
JAPANESE = "宛先のユーザーは存在しません"
KOREAN = "받는 사람이 없습니다"


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("windows-874", THAI, "cp874"),
        ("Windows-874", THAI, "cp874"),
        ("MS874", THAI, "cp874"),
        ("iso-8859-8-i", HEBREW, "iso8859_8"),
        ("ISO-8859-8-E", HEBREW, "iso8859_8"),
        ("ISO_8859-8-I", HEBREW, "iso8859_8"),
        ("Windows-31J", JAPANESE, "cp932"),
        ("csEUCKR", KOREAN, "euc_kr"),
    ],
)
def test_a_part_in_a_charset_python_named_late_is_read_in_it(label: str, text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), label) == text
    assert decoded_header(f"=?{label}?B?{codecs.encode(text.encode(codec), 'base64').decode().strip()}?=") == text


def test_other_labels_are_left_to_python() -> None:
    for label in ("utf-8", "iso-8859-8", "cp1252", "x-unknown", "windows-1255"):
        assert python_charset(label) == label
    assert decode_bytes("é".encode("cp1252"), "x-unknown") == "é"  # an unknown charset: UTF-8, else Latin-1, as before


def test_the_table_says_what_later_pythons_say() -> None:
    """Each name resolves to the codec a Python that knows it picks (3.12+ here; 3.11 knows none of them)."""
    for key, codec in LATER_CHARSET_NAMES.items():
        try:
            known = codecs.lookup(key).name
        except LookupError:
            assert sys.version_info < (3, 14), key
            continue
        assert known == codecs.lookup(codec).name, key


@pytest.mark.parametrize(
    ("fixture", "status", "reason", "words"),
    [
        ("thai-windows-874-bounce.eml", "5.1.1", "userunknown", THAI),
        ("hebrew-iso-8859-8-i-dsn.eml", "5.2.2", "mailboxfull", HEBREW),
        ("japanese-windows-31j-bounce.eml", "5.1.1", "userunknown", JAPANESE),
    ],
)
def test_the_cli_shows_the_server_reply_in_its_script(fixture: str, status: str, reason: str, words: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ndr_atlas", "diagnose", "--json", str(CHARSETS / fixture)], capture_output=True, text=True, check=True
    )
    [result] = json.loads(done.stdout)["results"]
    assert (result["status"], result["reason"], result["hard_bounce"]) == (status, reason, reason == "userunknown")
    assert words in result["diagnostic"]
