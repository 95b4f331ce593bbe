"""ndr_atlas.mime against the stdlib parser it replaces (email.message_from_string, compat32).

Every fixture and every file of the shared corpus must read the same with both, part by part;
hand-written cases pin the stdlib's quirks that parse.py relies on; Hypothesis checks that odd
input never makes it raise and still reads like the stdlib.
"""

from __future__ import annotations

import base64
import email
import email.message
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ndr_atlas.mime import MimePart, parse_mime
from ndr_atlas.parse import decode_bytes, normalise_newlines

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS_EMAILS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "emails"
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
CORPUS_FILES = sorted(p for p in CORPUS_EMAILS.rglob("*") if p.is_file()) if CORPUS_EMAILS.is_dir() else []
COMPARED_HEADERS = ("From", "Subject", "Auto-Submitted", "X-Failed-Recipients", "Content-Type")
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Part = email.message.Message | MimePart


def read_message(path: Path) -> str:
    """As parse.py reads a file: decoded, then newlines normalised to LF."""
    return normalise_newlines(decode_bytes(path.read_bytes()))


def squeeze(value: object) -> str:
    return " ".join(str(value).split())


def status_fields(part: Part) -> set[tuple[str, str]]:
    """(lowercased name, squeezed value) of every field of every block of a delivery-status part."""
    blocks = part.get_payload()
    assert isinstance(blocks, list)  # one part per block, as the stdlib
    return {(k.lower(), squeeze(v)) for block in blocks if not isinstance(block, str) for k, v in block.items()}


def summary(part: Part) -> dict[str, object]:
    """What parse.py can observe of one part."""
    ctype = part.get_content_type()
    info: dict[str, object] = {
        "content_type": ctype,
        "maintype": part.get_content_maintype(),
        "charset": part.get_content_charset(),
        "boundary": part.get_param("boundary"),
        "report_type": part.get_param("report-type"),
        "headers": {name: None if part.get(name) is None else squeeze(part.get(name)) for name in COMPARED_HEADERS},
        # Exact values too: MimePart keeps compat32's folding (newlines and all).
        "items": [(k, str(v)) for k, v in part.items()],
    }
    if ctype == "message/delivery-status":
        # Also compared block by block below (each block is a part of the walk); this is what parse.py reads.
        info["status_fields"] = status_fields(part)
    info["is_multipart"] = part.is_multipart()
    if not part.is_multipart():
        info["payload"] = part.get_payload()
        cte = str(part.get("Content-Transfer-Encoding", ""))
        if cte == cte.strip():  # Python < 3.12.9 / 3.13.2 does not strip the value (gh-98188); MimePart does, as 3.14 does
            info["decoded"] = part.get_payload(decode=True)
            payload = str(info["payload"])
            beyond_latin1 = not payload.isascii() and max(payload) > "\xff"
            if isinstance(part, email.message.Message) and (beyond_latin1 or cte.lower() == "quoted-printable"):
                # MimePart gives 8-bit text beyond Latin-1 back as its UTF-8 bytes (the stdlib: raw-unicode-escape),
                # and deletes blanks at the ends of quoted-printable lines first (RFC 2045 6.7; the stdlib does not).
                if beyond_latin1:
                    payload = payload.encode("utf-8", "surrogatepass").decode("latin-1")
                if cte.lower() == "quoted-printable":
                    payload = re.sub(r"[ \t]+(?=\n)", "", payload)
                stripped = email.message.Message()
                stripped["Content-Transfer-Encoding"] = cte
                stripped.set_payload(payload)
                info["decoded"] = stripped.get_payload(decode=True)
    else:
        assert part.get_payload(decode=True) is None
    return info


def assert_same_as_stdlib(text: str) -> MimePart:
    ours = parse_mime(text)
    expected = [summary(part) for part in email.message_from_string(text).walk()]
    actual = [summary(part) for part in ours.walk()]
    assert [p["content_type"] for p in actual] == [p["content_type"] for p in expected]
    for index, (mine, theirs) in enumerate(zip(actual, expected, strict=True)):
        assert mine == theirs, f"part {index} ({theirs['content_type']}) differs"
    return ours


# --- every fixture and every corpus email --------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[str(p.relative_to(FIXTURES)) for p in FIXTURE_FILES])
def test_fixture_reads_like_the_stdlib(path: Path) -> None:
    assert_same_as_stdlib(read_message(path))


@pytest.mark.parametrize("path", CORPUS_FILES or [None], ids=[str(p.relative_to(CORPUS_EMAILS)) for p in CORPUS_FILES] or ["absent"])
def test_corpus_email_reads_like_the_stdlib(path: Path | None) -> None:
    if path is None:
        pytest.skip(f"../shared/corpus is absent: no {CORPUS_EMAILS}")
    assert_same_as_stdlib(read_message(path))


def test_the_corpus_has_reports_to_compare() -> None:
    """The comparison is worth something only if it met delivery-status parts and attached messages."""
    if not CORPUS_FILES:
        pytest.skip(f"../shared/corpus is absent: no {CORPUS_EMAILS}")
    seen = {part.get_content_type() for path in CORPUS_FILES for part in parse_mime(read_message(path)).walk()}
    assert {"multipart/report", "message/delivery-status", "message/rfc822", "multipart/alternative"} <= seen


# --- hand-written edge cases ----------------------------------------------------------------------

REPORT = """\
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: someone@example.com
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="outer-1"

This is a MIME-encapsulated message.

--outer-1
Content-Type: multipart/alternative; boundary=inner-2

--inner-2
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Your message could not be deliv=
ered to =C3=A0 user.
--inner-2
Content-Type: text/html; charset=utf-8

<p>Your message could not be delivered.</p>
--inner-2--

--outer-1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; user@example.net
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <user@example.net>:
    Recipient address rejected

--outer-1
Content-Type: message/rfc822

From: someone@example.com
Subject: Hello
Content-Type: multipart/mixed; boundary=orig-3

--orig-3
Content-Type: text/plain

hi
--orig-3
Content-Type: message/delivery-status

Final-Recipient: rfc822; forwarded@example.net
Action: failed
Status: 5.2.2
--orig-3--
--outer-1--
epilogue
"""


def test_report_with_nested_alternative_status_and_returned_message() -> None:
    message = assert_same_as_stdlib(REPORT)
    types = [part.get_content_type() for part in message.walk()]
    assert types == [
        "multipart/report",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "message/delivery-status",
        "text/plain",  # its two blocks of fields, as with the stdlib
        "text/plain",
        "message/rfc822",
        "multipart/mixed",
        "text/plain",
        "message/delivery-status",
        "text/plain",
    ]
    assert message.get_param("report-type") == "delivery-status"
    assert message.get_boundary() == "outer-1"
    parts = list(message.walk())
    assert parts[2].get_payload(decode=True) == "Your message could not be delivered to à user.".encode()
    assert parts[2].get_content_charset() == "utf-8"
    assert parts[4].is_multipart() and parts[4].get_payload(decode=True) is None
    assert parts[5].items() == [("Reporting-MTA", "dns; mx.example.org")]
    assert parts[6].get("Diagnostic-Code") == "smtp; 550 5.1.1 <user@example.net>:\n    Recipient address rejected"
    assert parts[6].get_payload() == ""
    # The DSN inside the returned message is found by walking, like with the stdlib.
    assert parts[11].get("Final-Recipient") == "rfc822; forwarded@example.net"


def test_returned_message_is_parsed_only_when_asked() -> None:
    message = parse_mime(REPORT)
    top = message.get_payload()
    assert isinstance(top, list)
    returned = top[2]
    assert returned.get_content_type() == "message/rfc822"
    assert returned.is_multipart()  # known from the type alone, as the stdlib's payload is always a list
    assert returned._payload is None  # nothing read yet
    inner = returned.get_payload()
    assert isinstance(inner, list) and len(inner) == 1
    assert inner[0].get("Subject") == "Hello"
    assert returned.get_payload(decode=True) is None


def test_declared_boundary_that_never_occurs_leaves_text() -> None:
    text = "Content-Type: multipart/mixed; boundary=nowhere\n\nDelivery failed for x@example.com\n--elsewhere\n"
    message = assert_same_as_stdlib(text)
    assert message.get_content_maintype() == "multipart"
    assert not message.is_multipart()
    assert message.get_payload() == "Delivery failed for x@example.com\n--elsewhere\n"
    assert message.get_payload(decode=True) == b"Delivery failed for x@example.com\n--elsewhere\n"
    assert [p.get_content_type() for p in message.walk()] == ["multipart/mixed"]


def test_multipart_without_boundary_parameter_is_text() -> None:
    message = assert_same_as_stdlib("Content-Type: multipart/mixed\n\n--x\nbody\n--x--\n")
    assert message.get_payload() == "--x\nbody\n--x--\n"


def test_closing_delimiter_before_any_part_keeps_only_the_preamble() -> None:
    message = assert_same_as_stdlib("Content-Type: multipart/mixed; boundary=b\n\npreamble\n--b--\nlost\n")
    assert message.get_payload() == "preamble\n"


def test_unterminated_multipart() -> None:
    text = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nfirst\n--b\n\nsecond, cut short\n\n"
    message = assert_same_as_stdlib(text)
    assert [p.get_payload() for p in message.walk()][1:] == ["first", "second, cut short\n"]


def test_outer_boundary_ends_an_unterminated_inner_multipart() -> None:
    text = (
        "Content-Type: multipart/mixed; boundary=A\n\n--A\n"
        "Content-Type: multipart/alternative; boundary=B\n\n--B\n\ninner, never closed\n\n"
        "--A\n\nafter\n--A--\n"
    )
    message = assert_same_as_stdlib(text)
    assert [p.get_payload() for p in message.walk() if not p.is_multipart()] == ["inner, never closed\n", "after"]


def test_delimiter_lines_with_blanks_and_in_a_row() -> None:
    text = 'Content-Type: multipart/mixed; boundary="a b"\n\n--a b \t\n--a b\n\none\n--a b\n--a b--\ntwo\n--a b--  \nepilogue\n'
    message = assert_same_as_stdlib(text)
    assert [p.get_payload() for p in message.walk()][1:] == ["one", "two"]


def test_digest_parts_default_to_message() -> None:
    text = (
        "Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: first\n\nbody one\n--d\nContent-Type: text/plain\n\nplain\n--d--\n"
    )
    message = assert_same_as_stdlib(text)
    assert [p.get_content_type() for p in message.walk()] == ["multipart/digest", "message/rfc822", "text/plain", "text/plain"]


def test_content_type_rules() -> None:
    assert parse_mime("Subject: x\n\nbody").get_content_type() == "text/plain"
    assert parse_mime('Content-Type: TEXT/HTML; charset="ISO-8859-1"\n\n').get_content_type() == "text/html"
    assert parse_mime("Content-Type: bogus\n\n").get_content_type() == "text/plain"
    assert parse_mime("Content-Type: a/b/c\n\n").get_content_type() == "text/plain"
    message = assert_same_as_stdlib('Content-Type: Text/Plain; Charset="ISO-8859-1"; format=flowed; name="a;b.txt"\n\n')
    assert message.get_content_charset() == "iso-8859-1"
    assert message.get_param("name") == "a;b.txt"
    assert message.get_param("format") == "flowed"
    assert message.get_param("missing", "default") == "default"
    assert parse_mime('Content-Type: text/plain; charset="utf-8\xe9"\n\n').get_content_charset() is None  # not ASCII


def test_rfc2231_parameters_are_returned_raw() -> None:
    message = parse_mime('Content-Type: multipart/mixed; boundary*0="ab"; boundary*1=cd\n\n--abcd\n\nx\n--abcd--\n')
    assert message.get_param("boundary") == "abcd"
    assert message.is_multipart()
    assert_same_as_stdlib(message_text := 'Content-Type: multipart/mixed; boundary*0="ab"; boundary*1=cd\n\n--abcd\n\nx\n--abcd--\n')
    assert parse_mime(message_text).get_boundary() == "abcd"
    assert parse_mime("Content-Type: text/plain; name*=utf-8''a%20b\n\n").get_param("name") == "utf-8''a%20b"


def test_base64_with_bad_padding_and_stray_characters() -> None:
    for body in ("aGVsbG8gd29ybGQ", "aGVsbG8g\nd29ybGQ=\n", "aGVs*bG8gd29ybGQ=", "aGVsbG8gd29ybGQ=====", "aGVsb", "!!!!"):
        message = assert_same_as_stdlib(f"Content-Transfer-Encoding: base64\n\n{body}")
        assert isinstance(message.get_payload(decode=True), bytes)
    assert parse_mime("Content-Transfer-Encoding: BASE64\n\naGVsbG8gd29ybGQ").get_payload(decode=True) == b"hello world"


def test_quoted_printable_soft_breaks() -> None:
    message = assert_same_as_stdlib("Content-Transfer-Encoding: quoted-printable\n\n550 5.1.1 mail=\nbox unavail=\n=C3=A0ble =3D x\n")
    assert message.get_payload(decode=True) == "550 5.1.1 mailbox unavailàble = x\n".encode()


def test_eight_bit_body_and_other_encodings() -> None:
    assert_same_as_stdlib("Content-Type: text/plain; charset=utf-8\n\nCasella piena: è così\n")
    message = assert_same_as_stdlib("Content-Transfer-Encoding: 8bit\n\nè\n")
    assert message.get_payload(decode=True) == "è\n".encode("raw-unicode-escape")
    uu = "begin 644 a.txt\n%:&5L;&\\`\n`\nend\n"
    assert parse_mime(f"Content-Transfer-Encoding: x-uuencode\n\n{uu}").get_payload(decode=True) == b"hello"
    assert_same_as_stdlib(f"Content-Transfer-Encoding: x-uuencode\n\n{uu}")
    assert_same_as_stdlib("Content-Transfer-Encoding: x-uuencode\n\nno begin line\n")


def test_header_folding_and_odd_header_lines() -> None:
    text = (
        "From sender@example.com Mon Jan  1 00:00:00 2024\n"
        "Subject: a long\n  folded\n\tsubject\n"
        " \n"
        ":no name\n"
        "X-Empty:\n"
        "X-Failed-Recipients: a@example.com,\n b@example.com\n"
        "\nbody\n"
    )
    message = assert_same_as_stdlib(text)
    assert message.get("subject") == "a long\n  folded\n\tsubject\n "
    assert message.get("X-Empty") == ""
    assert message.get("x-failed-recipients") == "a@example.com,\n b@example.com"
    assert [k for k, _ in message.items()] == ["Subject", "X-Empty", "X-Failed-Recipients"]


def test_duplicated_headers_first_wins() -> None:
    message = assert_same_as_stdlib("Subject: first\nsubject: second\nSUBJECT: third\n\n")
    assert message.get("Subject") == "first"
    assert message["SUBJECT"] == "first"
    assert message.get_all("subject") == ["first", "second", "third"]
    assert message.items() == [("Subject", "first"), ("subject", "second"), ("SUBJECT", "third")]
    assert "subject" in message and "x-other" not in message
    assert message.get("X-Other", "") == ""
    assert message.get("X-Other") is None


def test_empty_input() -> None:
    message = assert_same_as_stdlib("")
    assert message.items() == []
    assert message.get_payload() == ""
    assert message.get_payload(decode=True) == b""
    assert [p.get_content_type() for p in message.walk()] == ["text/plain"]


@pytest.mark.parametrize(
    "text",
    [
        "Subject: only headers",
        "Subject: only headers\n",
        "Subject: x\nDelivery failed: no blank line\nmore\n",
        "This is the mail system at host mx.example.org.\n\nI'm sorry to have to inform you...\n",
        "\nbody after a blank first line\n",
        "Subject: x\nFrom nobody Mon Jan  1 00:00:00 2024\n\nbody\n",
        "Subject: x\nFrom nobody\nnot a header\n\nbody\n",
        "Subject: x\nFrom nobody\nX: y\n\nbody\n",
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nSubject: x\nFrom nobody\n\nbody\n--b--\n",
        "Content-Type: message/rfc822\n\nSubject: inner\n\ninner body\n",
        "Content-Type: message/rfc822\n\n",
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner\n\n\n--b--\n",
        "Content-Type: multipart/mixed; boundary=b\n\n--b\n",
        "Content-Type: multipart/mixed; boundary=\n\n--\n\nempty boundary\n----\n",
        'Content-Type: multipart/mixed; boundary="<b>"\n\n--b\n\nunquoted twice\n--b--\n',
        "Content-Type: message/delivery-status\n\n\nFinal-Recipient: rfc822; a@b.c\n\n\n\nAction: failed\nnot a field\nX: y\n",
    ],
)
def test_awkward_shapes_read_like_the_stdlib(text: str) -> None:
    assert_same_as_stdlib(text)


def test_global_delivery_status_reads_as_one_message_like_the_stdlib() -> None:
    text = (
        "Content-Type: multipart/report; report-type=global-delivery-status; boundary=b\n\n--b\n"
        "Content-Type: message/global-delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; ü@example.net\nAction: failed\nStatus: 5.1.1\n--b--\n"
    )
    message = assert_same_as_stdlib(text)
    status = next(p for p in message.walk() if p.get_content_type() == "message/global-delivery-status")
    inner = status.get_payload()
    assert isinstance(inner, list) and len(inner) == 1
    # Only the per-message block is read as fields; the per-recipient blocks are the inner body.
    assert inner[0].items() == [("Reporting-MTA", "dns; mx.example.org")]
    assert inner[0].get_payload() == "Final-Recipient: rfc822; ü@example.net\nAction: failed\nStatus: 5.1.1"


@pytest.mark.parametrize(
    ("body", "blocks"),
    [
        ("", 1),
        ("A: 1", 1),
        ("A: 1\n\nB: 2\n", 2),
        ("A: 1\n\n", 1),
        ("A: 1\n\n\n", 2),
        ("\nA: 1\n", 2),
        ("A: 1\n \nB: 2\n", 1),
        ("A: 1\nnot a field\nB: 2\n\nC: 3", 2),
    ],
)
def test_delivery_status_blocks(body: str, blocks: int) -> None:
    message = assert_same_as_stdlib("Content-Type: message/delivery-status\n\n" + body)
    payload = message.get_payload()
    assert isinstance(payload, list) and len(payload) == blocks


def report_with_base64_attachment(size: int) -> tuple[str, bytes]:
    line = base64.b64encode(b"x" * 57).decode() + "\n"
    body = line * (size // len(line))
    text = (
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n\nThe message was too big.\n--b\n"
        "Content-Type: message/rfc822\n\nSubject: big\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
        f"{body}--b--\n"
    )
    return text, b"x" * 57 * (size // len(line))


def parse_and_decode(text: str) -> list[object]:
    return [part.get_payload(decode=True) for part in parse_mime(text).walk()]


def cost_ratio(function: Callable[[str], object], small: str, big: str) -> float:
    """Best-of-3 time on ``big`` over best-of-3 time on ``small`` (same run, no absolute duration)."""
    times = []
    for text in (small, big):
        best = float("inf")
        for _ in range(3):
            start = time.thread_time()
            function(text)
            best = min(best, time.thread_time() - start)
        times.append(best)
    return times[1] / times[0]


def test_two_megabyte_body_costs_linear_time() -> None:
    """A 2 MB attachment costs about 100x what a 20 KB one does (a quadratic parser: 10,000x)."""
    small, _ = report_with_base64_attachment(20_000)
    big, expected = report_with_base64_attachment(2_000_000)
    assert parse_and_decode(big)[-1] == expected
    assert cost_ratio(parse_and_decode, small, big) < 100 * 5
    plain = parse_mime("Subject: big\n\n" + "A" * 2_000_000)
    assert plain.get_payload() == "A" * 2_000_000
    ratio = cost_ratio(lambda body: parse_mime("Subject: big\n\n" + body).get_payload(), "A" * 20_000, "A" * 2_000_000)
    assert ratio < 100 * 5


def test_deep_nesting_does_not_hit_the_recursion_limit() -> None:
    text = "Content-Type: message/rfc822\n\n" * 5000 + "Subject: bottom\n\nbody\n"
    parts = list(parse_mime(text).walk())
    assert len(parts) == 5001
    assert parts[-1].get("Subject") == "bottom"


# --- never raises, and still reads like the stdlib ------------------------------------------------

FRAGMENTS = [
    "Content-Type: multipart/mixed; boundary=b\n",
    'Content-Type: multipart/report; report-type=delivery-status;\n boundary="b"\n',
    "Content-Type: multipart/alternative; boundary=c\n",
    "Content-Type: multipart/digest; boundary=b\n",
    "Content-Type: message/rfc822\n",
    "Content-Type: message/delivery-status\n",
    "Content-Type: message/global-delivery-status\n",
    'Content-Type: text/plain; charset="utf-8"\n',
    "Content-Type: text/html; charset=iso-8859-1\n",
    "Content-Type: multipart/mixed\n",
    "Content-Type: garbage\n",
    "Content-Transfer-Encoding: base64\n",
    "Content-Transfer-Encoding: quoted-printable\n",
    "Content-Transfer-Encoding: x-uuencode\n",
    "Final-Recipient: rfc822; a@example.com\n",
    "Action: failed\n",
    "Subject: x\n",
    "From: MAILER-DAEMON\n",
    "From nobody\n",
    "begin 644 x\n",
    "end\n",
    " folded\n",
    "\t\n",
    ":\n",
    "--b\n",
    "--b--\n",
    "--b \n",
    "--c\n",
    "--c--\n",
    "--\n",
    "\n",
    "\n\n",
    "aGVsbG8",
    "=C3=A0=\n",
    "=",
    "é",
    "\x00",
    ";",
    '"',
    "\\",
]
MIMEISH = st.lists(
    st.sampled_from(FRAGMENTS) | st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=12), max_size=60
).map("".join)


def exercise(message: MimePart) -> None:
    """Every method, on every part."""
    for part in message.walk():
        part.get_content_type()
        part.get_content_maintype()
        part.get_content_subtype()
        part.get_content_charset()
        part.get_param("boundary")
        part.get_param("report-type")
        part.get_boundary()
        part.get("From", "")
        part.get_all("Received")
        part.items()
        part.is_multipart()
        part.get_payload()
        part.get_payload(decode=True)
        repr(part)


@FUZZ
@given(MIMEISH)
def test_mime_like_garbage_never_raises(text: str) -> None:
    exercise(parse_mime(text))


@FUZZ
@given(st.text(st.characters() | st.characters(categories=["Cs"]), max_size=2000))
def test_any_text_never_raises(text: str) -> None:
    exercise(parse_mime(text))  # CR, lone surrogates and all


@FUZZ
@given(MIMEISH)
def test_mime_like_garbage_reads_like_the_stdlib(text: str) -> None:
    assert_same_as_stdlib(text)


@pytest.mark.parametrize(
    "field",
    [
        "Content-Type: application/octet-stream; name*=utf-8''Non%20recapitabile%2Emsg",
        "Content-Type: application/octet-stream; name*0*=utf-8''Rapporto%20qualit%C3%A0; name*1*=%2E%6d%73%67",
        "Content-Type: application/octet-stream; name*0*=utf-8''Undeliverable; name*1=\"%2Emsg\"",  # unmarked: as it stands
        'Content-Type: application/octet-stream; name*0="a%2E"; name*1=msg',  # no section marked: no decoding
        "Content-Type: application/octet-stream; name*=x%2Emsg",  # no charset'language' prefix
        "Content-Type: application/octet-stream; name*=iso-8859-1'it'r%E0pporto.msg",
        "Content-Type: application/octet-stream; name*=x-no-such-charset''r%E0pporto.msg",
        "Content-Type: application/octet-stream; name*=''r%E0pporto%ZZ.msg",  # an empty charset: the octets as they stand
        "Content-Type: application/octet-stream; name=\"plain%2Emsg\"; name*=utf-8''other.msg",  # the plain one wins
        "Content-Type: application/octet-stream",
    ],
)
def test_param_text_reads_rfc2231_values_as_the_stdlib(field: str) -> None:
    """get_param_text gives what Message.get_filename's collapse_rfc2231_value gives (RFC 2231
    section 4: *-marked sections percent-decoded, the charset'language' prefix read)."""
    stdlib = email.message_from_string(field + "\n\n")
    raw = stdlib.get_param("name")
    expected = None if raw is None else email.utils.collapse_rfc2231_value(raw)
    assert parse_mime(field + "\n\n").get_param_text("name") == expected
