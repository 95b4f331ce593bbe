"""Hostile and broken input, in Python: fuzzing (Hypothesis), size, regex safety of every rule."""

from __future__ import annotations

import base64
import email.message
import random
import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import InputError, diagnose, diagnose_all
from ndr_atlas.mime import MimePart
from ndr_atlas_build.compile import compile_catalog

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = [p.read_bytes() for p in sorted(FIXTURES.rglob("*")) if p.is_file()]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: Python's re has no timeout, so an alarm interrupts it."""

    def interrupt(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_report(data: bytes | str, catalog: Catalog) -> None:
    try:
        reports = diagnose_all(data, catalog)
    except InputError:
        return  # a clear refusal is a valid answer
    for report in reports:
        for result in report.results:
            assert result.page.startswith("codes/")
            assert result.reason


@FUZZ
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(catalog: Catalog, text: str) -> None:
    check_report(text, catalog)


@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(catalog: Catalog, data: bytes) -> None:
    check_report(data, catalog)


@FUZZ
@given(st.sampled_from(SAMPLES), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 40), st.binary(max_size=20)), max_size=12))
def test_mutated_bounces_never_raise(catalog: Catalog, sample: bytes, edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(sample)
    for position, length, replacement in edits:
        position %= max(len(data), 1)
        data[position : position + length] = replacement
    check_report(bytes(data), catalog)


header_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=60)
CONTENT_TYPES = ["text/plain", "text/html", "message/delivery-status", "message/rfc822", "text/rfc822-headers", "application/octet-stream"]


@st.composite
def mime_trees(draw: st.DrawFn, depth: int = 0) -> email.message.Message:
    if depth < 3 and draw(st.booleans()):
        subtype = draw(st.sampled_from(["report", "mixed", "alternative"]))
        message = email.message.Message()
        message["Content-Type"] = f'multipart/{subtype}; boundary="b{depth}{draw(st.integers(0, 999))}"; report-type=delivery-status'
        for _ in range(draw(st.integers(0, 3))):
            message.attach(draw(mime_trees(depth + 1)))
        return message
    part = email.message.Message()
    part["Content-Type"] = (
        f"{draw(st.sampled_from(CONTENT_TYPES))}; charset={draw(st.sampled_from(['utf-8', 'iso-2022-jp', 'x-bogus', 'gb2312']))}"
    )
    body = draw(
        st.one_of(
            st.text(max_size=400),
            st.just(
                "Final-Recipient: rfc822; bob@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n"
            ),
            st.just("Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822;\nAction: \nStatus: 9.9.9\n"),
        )
    )
    part.set_payload(body)
    return part


@FUZZ
@given(mime_trees(), header_text)
def test_random_mime_trees_never_raise(catalog: Catalog, tree: email.message.Message, subject: str) -> None:
    tree["Subject"] = subject
    tree["From"] = "MAILER-DAEMON@example.org"
    tree["MIME-Version"] = "1.0"
    try:
        raw = tree.as_string()
    except Exception:  # the generator itself cannot serialise some trees; nothing to test then
        return
    check_report(raw, catalog)
    check_report(raw[: len(raw) // 2], catalog)  # truncated MIME


# Timings are this thread's CPU time: on a busy machine a run longer than the scheduler's slice is
# always paused for other work, and wall time would count the pause against the big input alone.
def best_time(function, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        function()
        best = min(best, time.thread_time() - start)
    return best


def best_times(functions: list[Callable[[], object]], repeat: int) -> list[float]:
    """The best time of each function over ``repeat`` rounds, the functions taking turns in each round."""
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            start = time.thread_time()
            function()
            best[index] = min(best[index], time.thread_time() - start)
    return best


@pytest.mark.parametrize(
    "name",
    [
        "ndr-en-outlook-paste.txt",
        "dsn-postfix.eml",
        # Pasted logs and sessions: readers that look across lines (wrapped entries, delivery numbers, sessions).
        "formats/exim-main-log-local-failure-paste.txt",
        "formats/qmail-send-log-paste.txt",
        "formats/swaks-rcpt-and-data-refused-paste.txt",
        "formats/stalwart-dsn-log-paste.txt",
        "formats/nullmailer-failed-log-paste.txt",
        "formats/dovecot-lda-rejected-log-paste.txt",
        # Terminal errors, a list's rejection notice and a request log's form fields.
        "formats/ssmtp-rcpt-refused-paste.txt",
        "formats/msmtp-terminal-refused-paste.txt",
        "formats/mailman-nonmember-rejected-paste.txt",
        "formats/mailgun-legacy-bounced-form.txt",
    ],
)
def test_time_per_byte_stays_flat(catalog: Catalog, name: str) -> None:
    """Linear, not quadratic: 10× and 100× larger inputs cost at most a few times more per byte."""
    sample = (FIXTURES / name).read_text()
    body = sample.split("\n\n", 1)[1] if name.endswith(".eml") else sample
    base = len(sample)
    per_byte = []
    for factor in (1, 10, 100):
        text = sample + ("\n" + body) * (factor - 1)
        elapsed = best_time(lambda text=text: diagnose(text, catalog))
        per_byte.append(elapsed / (base * factor))
    assert per_byte[1] < per_byte[0] * 4 + 1e-7
    assert per_byte[2] < per_byte[0] * 4 + 1e-7


def test_ten_megabyte_input(catalog: Catalog) -> None:
    """10 MB costs no more per byte than 100 KB of the same text (only the head is read), and the
    26 MB one is refused."""
    rng = random.Random(7)
    words = ["550", "5.1.1", "user", "unknown", "<b@x.org>", "Remote", "Server", "returned", "<script>", "\n"]
    big = " ".join(rng.choice(words) for _ in range(1_700_000))
    assert len(big) > 10_000_000
    small = big[: len(big) // 100]
    with time_limit(HANG_GUARD_S):
        report = diagnose(big, catalog)
        ratio = superlinear(lambda text: diagnose(text, catalog), small, big)
    assert report.kind in ("bounce", "not-bounce")
    assert ratio is None, f"10 MB costs {ratio:.0f}x what 100 KB does"
    with pytest.raises(InputError, match="limit"):
        diagnose("x" * (26 * 1024 * 1024), catalog)


# Hostile texts of a given length: long runs of what the patterns look for.
ADVERSARIAL: list[tuple[str, str]] = [
    ("a", ""),
    (" ", ""),
    ("\t \t", ""),
    ("550 ", ""),
    ("5.1.1 ", ""),
    ("@", ""),
    ("user@", ""),
    ("x.", "!"),
    ("<", ">"),  # n "<" then n ">"
    ("Recipient address rejected: ", ""),
    ("ab", "\n"),
    ("'550 x", " SMTP, Error Number: 0x800CCC79"),  # Outlook's send error (formats/outlooksend.py)
    ("'a@b.co': (550, b'x", " SMTPRecipientsRefused"),  # Python smtplib's refused recipients (formats/pysmtplib.py)
    ("SMTPSenderRefused: 550\\nx ", ""),  # Odoo's SMTPSenderRefused, line breaks written "\\n" (formats/pysmtplib.py)
    ("Mailbox unavailable. The server response was: ", ""),  # .NET SmtpClient (formats/dotnetsmtp.py)
    ("MailKit.Net.Smtp.SmtpCommandException: StatusCode ", ""),  # MailKit (formats/dotnetsmtp.py)
    ("b,2026-01-01 00:00:00,", "\n"),  # PowerMTA accounting records (formats/pmtaacct.py)
    ("`550-x\n", "y`"),  # lines that open a code span, one closing it at the end (formats/clipboard.py)
]
ADVERSARIAL_LENGTH = 20_000


def adversarial(unit: str, tail: str, length: int) -> str:
    if unit == "<":
        return "<" * (length // 2) + ">" * (length // 2)
    return unit * (length // len(unit)) + tail


# Not a speed limit: a runaway (exponential) pattern would otherwise hang the suite forever.
HANG_GUARD_S = 60
# A linear cost may grow this much more than the input between the small and the big text
# (caches, allocation, and a busy machine: up to 3x was seen at load 4-8 on two cores); a quadratic
# one grows by the size factor itself (10x or 100x here), still twice the line at 10x.
SLACK = 5


def superlinear(run: Callable[[str], object], small: str, big: str, repeats: tuple[int, ...] = (1, 5, 25)) -> float | None:
    """None when ``run`` costs about linearly more on ``big`` than on ``small``; else the ratio of
    the two times. Both are measured here, in the same run: no duration is compared with a
    constant. A pass that looks superlinear is measured again, best of 5, before it counts (the
    machine may have been busy: best of 5, then of 25), and a linear scan of ``big``, measured in
    the same round, sets the noise floor. ``repeats``: the best-of counts of the rounds; a single
    timing can also make a quadratic cost look linear (a small run slowed by a busy machine), so
    a check that must see one starts at best of 5."""
    factor = len(big) / len(small)
    ratio = None
    for repeat in repeats:
        # Interleaved, so that a spell of load on the machine slows the small and the big run alike.
        scan, t_small, t_big = best_times([lambda: NEVER_FOUND.search(big), lambda: run(small), lambda: run(big)], repeat)
        if t_big <= factor * SLACK * t_small + 50 * scan:
            return None
        ratio = t_big / max(t_small, 1e-9)
    return ratio


NEVER_FOUND = re.compile("qqqqqqqq")


def test_every_match_rule_is_linear_on_adversarial_text(catalog: Catalog) -> None:
    slow = []
    for entry in catalog.entries:
        rules = list(entry.rules) + [r for v in entry.variants for r in v.rules]
        for rule in rules:
            pattern = rule.text
            if pattern is None:
                continue
            for unit, tail in ADVERSARIAL:
                small = adversarial(unit, tail, ADVERSARIAL_LENGTH // 10)
                big = adversarial(unit, tail, ADVERSARIAL_LENGTH)
                try:
                    with time_limit(HANG_GUARD_S):
                        ratio = superlinear(pattern.search, small, big)
                except TimeoutError:
                    slow.append(f"{entry.id}: {pattern.pattern!r} on {big[:12]!r}… never ends")
                    continue
                if ratio is not None:
                    slow.append(f"{entry.id}: {pattern.pattern!r} on {big[:12]!r}…: 10x the text costs {ratio:.0f}x")
    assert slow == []


def test_parser_is_linear_on_adversarial_text(catalog: Catalog) -> None:
    headers = "From: a@b\nSubject: x\nMIME-Version: 1.0\nContent-Type: text/plain\n\n"
    slow = []
    for unit, tail in ADVERSARIAL:
        small = adversarial(unit, tail, ADVERSARIAL_LENGTH // 10)
        big = adversarial(unit, tail, ADVERSARIAL_LENGTH)
        for prefix in ("", headers):
            with time_limit(HANG_GUARD_S):
                ratio = superlinear(lambda text, prefix=prefix: diagnose(prefix + text, catalog), small, big)  # type: ignore[misc]
            if ratio is not None:
                slow.append(f"{prefix[:5]!r}+{big[:12]!r}…: 10x the text costs {ratio:.0f}x")
    assert slow == []


def test_superlinear_catches_a_quadratic_cost() -> None:
    """The ratio check can fail: a quadratic function is caught, a linear one is not."""
    quadratic = re.compile(r"a*b")  # on "aaa…": scans to the end from every start, n^2 steps
    # 30x the text: the quadratic costs ~900x, far above the 120x allowed, so a busy machine's
    # noise on the small run cannot hide it.
    # Best of 5 from the first round: one slowed small run (a busy machine) must not pass it as linear.
    assert superlinear(quadratic.search, "a" * 200, "a" * 6000, repeats=(5, 25)) is not None
    assert superlinear(NEVER_FOUND.search, "a" * 200, "a" * 6000) is None


def test_catastrophic_pattern_is_caught_by_the_time_limit() -> None:
    """The hang guard really interrupts a runaway pattern (so the tests above can fail)."""
    with pytest.raises(TimeoutError), time_limit(0.5):
        re.search(r"(a+)+$", "a" * 40 + "!")


# The keys each sending service's JSON reader looks for, so that hostile payloads reach its parser.
SERVICE_KEYS = (
    '"event-data": {"event": "failed", "severity": "permanent", "recipient": "a@example.org", "delivery-status": ',
    '"RecordType": "Bounce", "TypeCode": 1, "Type": "HardBounce", "Email": "a@example.org", "Details": ',
    '"msys": {"message_event": {"type": "bounce", "rcpt_to": "a@example.org", "bounce_class": "10", "raw_reason": ',
    '"event": "hard_bounce", "msg": {"email": "a@example.org", "_version": "v", "bounce_description": "x", "diag": ',
    '"event": "hard_bounce", "email": "a@example.org", "ts_event": 1, "ts_epoch": 2, "reason": ',
    '"event": "bounce", "email": "a@example.org", "mj_campaign_id": 1, "mj_contact_id": 2, "error": ',
    '"type": "email.bounced", "created_at": "x", "data": {"email_id": "e", "to": ["a@example.org"], "bounce": ',
)
# What follows the keys, repeated: unclosed objects and strings, brackets, a valid event many times.
SERVICE_TAILS = ('{"a":', "[", '"550 5.1.1 ', "{", '{"event": "bounce", "email": "a@example.org"}, ')


def test_service_json_readers_are_linear_on_hostile_payloads(catalog: Catalog) -> None:
    """Mailgun, Postmark, SparkPost, Mandrill, Brevo, Mailjet and Resend payloads that open and never close,
    or repeat an event thousands of times: 10x the text costs about 10x, and nothing raises."""
    slow = []
    for keys in SERVICE_KEYS:
        for tail in SERVICE_TAILS:
            small = "{" + keys + tail * (ADVERSARIAL_LENGTH // 10 // len(tail))
            big = "{" + keys + tail * (ADVERSARIAL_LENGTH * 5 // len(tail))
            with time_limit(HANG_GUARD_S):
                report = diagnose(big, catalog)
                ratio = superlinear(lambda text: diagnose(text, catalog), small, big)
            assert report.kind in ("bounce", "not-bounce", "incomplete")
            if ratio is not None:
                slow.append(f"{keys[:20]!r}+{tail!r}…: 50x the text costs {ratio:.0f}x")
    assert slow == []


# A delivery-status part made of what the RFC 3464 reader splits and decodes: groups with no blank
# line between them, unitext and xtext escapes, UTF-8 addresses; plain, global and base64-encoded.
DSN_HEAD = (
    "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\nMIME-Version: 1.0\n"
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: {ctype}\n{cte}\n'
)
DSN_UNITS = [
    "Final-Recipient: rfc822; a{n}@example.com\nAction: failed\nStatus: 5.1.1\n",
    "Final-Recipient: utf-8; \\x{{3B4}}\\x{{\n",
    "Original-Recipient: rfc822;x+2B+3D+2B\n",
    "Final-Recipient: utf-8; δδδδδδδδδδδδδδδδδδδδ@\n",
]


@pytest.mark.parametrize("ctype", ["message/delivery-status", "message/global-delivery-status", "base64"])
def test_delivery_status_fields_are_linear(catalog: Catalog, ctype: str) -> None:
    def message(count: int) -> str:
        body = "".join(unit.format(n=i) for i in range(count) for unit in DSN_UNITS)
        if ctype == "base64":
            head = DSN_HEAD.format(ctype="message/delivery-status", cte="Content-Transfer-Encoding: base64\n")
            return head + base64.encodebytes(body.encode()).decode() + "--b--\n"
        return DSN_HEAD.format(ctype=ctype, cte="") + body + "--b--\n"

    small, big = message(100), message(1000)
    assert len({r.recipient for r in diagnose(small, catalog).results}) > 100  # every "a{n}@example.com", read
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(lambda text: diagnose(text, catalog), small, big)
    assert ratio is None, f"10x the recipients cost {ratio:.0f}x"


def test_json_nested_too_deep_is_skipped_by_the_json_readers() -> None:
    """JSON nested deeper than the decoder's recursion limit is skipped like broken JSON, by the
    readers themselves: the registry's guard against a failing reader is the last resort, not the rule."""
    from ndr_atlas.formats import amazonses, esp
    from ndr_atlas.formats.base import Source

    deep = '{"notificationType": "Bounce", "bounce": ' + "[" * 200_000
    assert amazonses.read(Source(deep, None)) is None
    assert list(esp.json_values("[" * 200_000)) == []


def chasquid_report(count: int) -> str:
    """A chasquid report with ``count`` recipients handed to commands: a PIPE detail line each in the
    text, and a DSN group each whose Final-Recipient is the command."""
    details = "".join(
        f'- "/usr/local/bin/ticket-import --coda={n}" (PIPE) failed permanently with error:\n    exit status 1\n' for n in range(count)
    )
    groups = "".join(
        f"Final-Recipient: utf-8; /usr/local/bin/ticket-import --coda={n}\nAction: failed\nStatus: 5.0.0\n"
        "Diagnostic-Code: smtp; exit status 1\n\n"
        for n in range(count)
    )
    return (
        "From: Mail Delivery System <postmaster-dsn@mail.example.com>\nTo: <giulia.rossi@example.com>\n"
        "Subject: Mail delivery failed: returning message to sender\nMessage-ID: <chasquid-dsn-1@mail.example.com>\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nDelivery of your message to the following recipient(s) failed permanently:\n\n"
        "  - assistenza@example.org\n\nTechnical details:\n" + details + "\n"
        "--b\nContent-Type: message/global-delivery-status\n\nReporting-MTA: dns; mail.example.com\n\n" + groups + "--b--\n"
    )


def sparkpost_answers(count: int) -> str:
    """A SparkPost batch of ``count`` auto-replies (bounce class 60), 100 characters each."""
    event = '{"msys": {"message_event": {"type": "out_of_band", "rcpt_to": "a@example.org", "bounce_class": "60"}}}'
    return "[" + ", ".join([event] * count) + "]"


def exim_report(count: int) -> str:
    """An Exim report of ``count`` failed addresses, each with its error indented under it, all
    listed in the X-Failed-Recipients header (folded after each comma)."""
    addresses = [f"socio{n}@lista.example.org" for n in range(count)]
    blocks = "".join(f"  {a}\n    Unrouteable address\n\n" for a in addresses)
    return (
        "From: Mail Delivery System <Mailer-Daemon@mx.example.com>\nTo: giulia.rossi@example.com\n"
        "Subject: Mail delivery failed: returning message to sender\n"
        "X-Failed-Recipients: " + ",\n  ".join(addresses) + "\n\n"
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n" + blocks
    )


def read_report(text: str) -> list[object]:
    from ndr_atlas.parse import parse_message

    return list(parse_message(text).failures)


def read_sparkpost_batch(text: str) -> list[object]:
    from ndr_atlas.formats import sparkpost
    from ndr_atlas.formats.base import Source

    parsed = sparkpost.read(Source(text, None))
    return list(parsed.addresses) if parsed else []


def m365_modern_report(count: int) -> str:
    """Microsoft 365's newer report's headline and code for ``count`` recipients, with no graphic line."""
    return "".join(f"Your message to socio{n}@example.org couldn't be delivered.\nStatus code: 550 5.1.1\n\n" for n in range(count))


def read_m365_modern(text: str) -> list[object]:
    from ndr_atlas.formats import m365modern
    from ndr_atlas.formats.base import Source

    parsed = m365modern.read(Source(text, None))
    return list(parsed.failures) if parsed else []


@pytest.mark.parametrize(
    ("build", "read", "small", "big"),
    [
        # Each PIPE line looked up among the DSN groups, each detail's error lines.
        (chasquid_report, read_report, 100, 2_000),
        # The answers told apart from the failures.
        (sparkpost_answers, read_sparkpost_batch, 100, 3_000),
        # Each failed address's lines looked up under Exim's heading.
        (exim_report, read_report, 100, 2_000),
        # The graphic line looked for once, not once for each failure.
        (m365_modern_report, read_m365_modern, 100, 2_000),
    ],
    ids=["chasquid-pipe-details", "sparkpost-answer-classes", "exim-address-blocks", "m365modern-pictured-line"],
)
def test_readers_of_many_items_are_linear(build: Callable[[int], str], read: Callable[[str], list[object]], small: int, big: int) -> None:
    """20x or 30x the items of one report cost about as much more, not its square: a reader that,
    for each item, walks the others (or copies the rest of the text) is caught."""
    assert len(read(build(small))) == small
    assert len(read(build(big))) == big
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(read, build(small), build(big))
    assert ratio is None, f"{big // small}x the items cost {ratio:.0f}x"


def test_python_literal_of_many_joined_strings_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adjacent string literals joined into one: each piece is added once, not the whole string
    written so far copied again (the size limit lifted here, to see the cost grow)."""
    from ndr_atlas.formats import esp

    monkeypatch.setattr(esp, "MAX_LITERAL_CHARS", 10_000_000)
    head = '{"event": "hard_bounce", "msg": {"email": "a@example.org", "diag": '
    small, big = head + '"a" ' * 5_000 + "}}", head + '"a" ' * 500_000 + "}}"
    assert esp.from_python_literal(small) == head + '"' + "a" * 5_000 + '" }}'
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(esp.from_python_literal, small, big)
    assert ratio is None, f"100x the pieces cost {ratio:.0f}x"


def test_asyncos_log_line_of_many_reply_openings_is_linear() -> None:
    """An AsyncOS verdict line whose reply opens again and again and never ends ("('550', [" repeated):
    the reply's end is looked for once, not again from every opening to the end of the line."""
    from ndr_atlas.formats import asyncoslog
    from ndr_atlas.formats.base import Source

    head = "Mon Nov 16 10:00:00 2026 Info: Bounced: DCID 3 MID 4 to RID 0 - 5.1.0 - Unknown address error "
    small, big = head + "('550', [" * 300, head + "('550', [" * 3_000
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(lambda text: asyncoslog.read(Source(text, None)), small, big, repeats=(5, 25))
    assert ratio is None, f"10x the line costs {ratio:.0f}x"


def test_a_pasted_text_of_one_dash_and_a_long_rule_of_hyphens_is_tidied_in_linear_time() -> None:
    """clipboard.untextured (a page's typographic dashes made hyphens again) on a text with an em dash
    and a long run of hyphens: each run is found once, not tried again from each of its hyphens."""
    from ndr_atlas.formats import clipboard

    small, big = "Delivery failed \u2014 see below\n" + "-" * 300, "Delivery failed \u2014 see below\n" + "-" * 3_000
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(clipboard.tidy, small, big, repeats=(5, 25))
    assert ratio is None, f"10x the rule costs {ratio:.0f}x"


def test_a_header_value_of_many_encoded_words_is_read_in_linear_time() -> None:
    """formats/base.decoded_header (X-Failed-Recipients, an attached file's name): email.header's
    decoding costs the square of the number of encoded words, so a value with more than any field or
    name has is kept as it stands."""
    from ndr_atlas.formats.base import decoded_header

    word = "=?UTF-8?B?QQ==?= "
    assert decoded_header(word * 3).strip() == "AAA"
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(decoded_header, word * 2_000, word * 20_000, repeats=(5, 25))
    assert ratio is None, f"10x the words cost {ratio:.0f}x"


def test_a_sympa_notice_of_many_paragraphs_is_read_in_linear_time() -> None:
    """formats/sympa.read goes on past a paragraph after a line ending in ":" and through a virus
    alert: whether the alert's banner was read is kept as it is read, not looked for again in every
    line read so far for each paragraph below it."""
    from ndr_atlas.formats import sympa
    from ndr_atlas.formats.base import Source

    def notice(paragraphs: int) -> str:
        head = "Impossible to distribute your message for list 'soci@lists.contoso.example' for the following reason:\n\n"
        return head + "Nota:\n\n" * paragraphs + "***** V I R U S    A L E R T *****\n\n" + "Riga.\n\n" * paragraphs

    with time_limit(HANG_GUARD_S):
        ratio = superlinear(lambda text: sympa.read(Source(text, None)), notice(300), notice(3_000), repeats=(5, 25))
    assert ratio is None, f"10x the paragraphs cost {ratio:.0f}x"


def test_a_nullmailer_log_of_many_replies_without_a_verdict_after_them_is_read_in_linear_time() -> None:
    """formats/nullmailer pairs each "smtp: Failed:" reply with the verdict after it: the verdicts are
    found once and looked up, not searched for through the rest of the log from each reply."""
    from ndr_atlas.formats import nullmailer
    from ndr_atlas.formats.base import Source

    def log(replies: int) -> str:
        verdict = "nullmailer[811]: Sending failed:  Permanent error in sending the message\n"
        return verdict + "nullmailer[812]: smtp: Failed: 421 4.7.0 Too many connections, try again later\n" * replies

    assert nullmailer.read(Source(log(3_000), None)) is None
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(lambda text: nullmailer.read(Source(text, None)), log(300), log(3_000), repeats=(5, 25))
    assert ratio is None, f"10x the replies cost {ratio:.0f}x"


def test_a_form_of_many_mailgun_fields_is_read_in_linear_time() -> None:
    """formats/mailgun's form_fields runs in every input's recognise: each field's value is found
    from what one pass worked out, not by splitting the rest of the form into lines for each field."""
    from ndr_atlas.formats import mailgun

    def form(fields: int) -> str:
        return 'Content-Disposition: form-data; name="event"\n' * fields

    assert mailgun.form_fields(form(400)) == {"event": ""}
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(mailgun.form_fields, form(40), form(400), repeats=(5, 25))
    assert ratio is None, f"10x the fields cost {ratio:.0f}x"


def test_a_text_of_forward_blocks_only_is_read_without_recursing_through_each() -> None:
    """Thousands of forward blocks stacked, each naming a report ("-----Original Message-----", a
    MAILER-DAEMON sender, "Undelivered Mail …"): each block taken off reads the text below it again,
    so only a few are taken off. Taking off every one overflowed Python's stack (RecursionError) at
    about a thousand blocks, 130 KB, and cost the square of the text before that."""
    catalog = catalog_from_data(compile_catalog())
    block = (
        "-----Original Message-----\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
        "Subject: Undelivered Mail Returned to Sender\n\n"
    )
    tail = "<ufficio@example.org>: 550 5.1.1 user unknown\n"
    small, big = block * 200 + tail, block * 2_000 + tail
    with time_limit(HANG_GUARD_S):
        report = diagnose(big, catalog)
        ratio = superlinear(lambda text: diagnose(text, catalog), small, big)
    assert report.kind in ("bounce", "incomplete", "not-bounce")
    assert ratio is None, f"10x the blocks cost {ratio:.0f}x"
    # A report forwarded twice, each forward under its own block, is still read through.
    twice = diagnose("Vedi sotto.\n" + block + "Inoltro.\n" + block + tail, catalog)
    assert [r.recipient for r in twice.results] == ["ufficio@example.org"]


def graph_nested(depth: int) -> str:
    """Microsoft Graph message JSON whose body holds Graph message JSON again, ``depth`` times, a
    delivery-status paste innermost. Each level's quotes are escaped as \\u0022 and its backslashes as
    \\u005c, so the text grows with the square of the depth, not exponentially as with \\" escapes."""
    content = "Final-Recipient: rfc822; bob@example.org\nAction: failed\nStatus: 5.1.1\n"
    for _ in range(depth):
        escaped = content.replace("\\", "\\u005c").replace('"', "\\u0022").replace("\n", "\\u000a")
        content = (
            '{"value": [{"subject": "Undeliverable", "bodyPreview": "x", "receivedDateTime": "2026-12-06T10:00:00Z", '
            f'"body": {{"contentType": "text", "content": "{escaped}"}}}}]}}'
        )
    return content


def test_graph_messages_nested_in_their_bodies_are_read_two_deep_only(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """formats/graphmessage.py reads each body as mail with every reader, itself among them: a body
    that is Graph JSON again is read, deeper ones are not. Read at every level, 240 levels (3.5 MB)
    took minutes and 200 ran into the recursion limit."""
    from ndr_atlas import parse

    calls = []
    read = parse.parse_message
    monkeypatch.setattr(parse, "parse_message", lambda *args: calls.append(1) or read(*args))
    assert [r.recipient for r in diagnose(graph_nested(2), catalog).results] == ["bob@example.org"]
    calls.clear()
    diagnose(graph_nested(30), catalog)
    assert len(calls) <= 2
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(lambda text: diagnose(text, catalog), graph_nested(24), graph_nested(240))
    assert ratio is None, f"10x the nesting costs {ratio:.0f}x"


@pytest.mark.parametrize("length", [1_200, 100_000])
def test_a_recipient_field_of_a_local_part_longer_than_any_line_is_not_copied_whole(length: int) -> None:
    """formats/rfc3464.py reads a local part past 64 characters whole (a gateway's X.400 name), up to
    the 998 characters a header line may hold (RFC 5322 2.1.1): a run longer than that gave a
    recipient of that length, 100,000 characters for 100,000."""
    from ndr_atlas.formats.rfc3464 import field_address

    address = field_address(f"rfc822; {'a' * length}@example.org")
    assert address is not None and address.endswith("@example.org") and len(address) <= 998 + len("@example.org")
    # An X.400 name within the limit is still read whole, past RFC 5321's 256-octet path too.
    x400 = "G=Anna/S=Verdi/O=" + "Ufficio-" * 50 + "/C=IT/@gw.example.org"
    assert field_address(f"rfc822; {x400}") == x400


UNICODE_PASTE = (
    "From: MAILER-DAEMON@mx.example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n\n"
    "<ada.neri@example.net>: host mx.example.net[192.0.2.7] said: 550 5.1.1 <ada.neri@example.net>:\n"
    "    Recipient address rejected: User unknown (in reply to RCPT TO command)\n"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_text_saved_as_windows_unicode_is_read_not_refused_as_binary(catalog: Catalog, encoding: str) -> None:
    """Notepad's "Unicode" and PowerShell 5's Out-File and ">" write UTF-16 (with a BOM; without one
    from other tools): the NUL after each ASCII character made the whole file "looks binary"."""
    from ndr_atlas.cli import public_json

    expected = public_json(diagnose(UNICODE_PASTE, catalog))
    assert expected["results"]
    assert public_json(diagnose(UNICODE_PASTE.encode(encoding), catalog)) == expected
    # Cut short by one byte (half a character): still read, the broken character replaced.
    cut = diagnose(UNICODE_PASTE.encode(encoding)[:-1], catalog).results
    assert [(r.recipient, r.status, r.reason) for r in cut] == [("ada.neri@example.net", "5.1.1", "userunknown")]
    # Control characters are still refused as binary in this encoding too.
    with pytest.raises(InputError, match="binary"):
        diagnose((UNICODE_PASTE[:40] + "\x01\x02\x03\x04\x05\x06" * 300).encode(encoding), catalog)


def report_of_parts(count: int) -> str:
    part = "--B\nContent-Type: text/plain\n\n550 5.1.1 <bob@example.org>: User unknown\n"
    return f'From: MAILER-DAEMON@example.org\nContent-Type: multipart/mixed; boundary="B"\n\n{part * count}--B--\n'


def test_a_report_of_many_parts_is_read_in_linear_time(catalog: Catalog) -> None:
    """formats/base.report_text summed the length of every chunk so far at each part, to stop at
    MAX_TEXT_CHARS: quadratic in the parts (16,000 parts, 3 MB, took 23 s in diagnose)."""
    from ndr_atlas.formats.base import report_text
    from ndr_atlas.mime import parse_mime

    with time_limit(HANG_GUARD_S):
        ratio = superlinear(lambda text: report_text(parse_mime(text)), report_of_parts(300), report_of_parts(6_000))
    assert ratio is None, f"20x the parts cost {ratio:.0f}x"
    assert report_text(parse_mime(report_of_parts(6_000))).count("User unknown") == 6_000


def parts_chained(depth: int, ctype: str = "message/global") -> str:
    """A report whose text part is held by ``depth`` message parts, each the only content of the one above."""
    return (
        "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        + f"Content-Type: {ctype}\n\n" * depth
        + "Content-Type: text/plain\n\n<ufficio@example.org>: 550 5.1.1 User unknown\n"
    )


def multiparts_nested(depth: int) -> str:
    """A delivery-status part held by ``depth`` multiparts, each the only part of the one above."""
    inner = "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; ufficio@example.org\nAction: failed\nStatus: 5.1.1\n"
    for level in range(depth):
        inner = f'Content-Type: multipart/mixed; boundary="n{level}"\n\n--n{level}\n{inner}\n--n{level}--\n'
    return "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n" + inner


@pytest.mark.parametrize("ctype", ["message/global", "message/news"])
def test_parts_nested_deeper_than_the_recursion_limit_are_walked(catalog: Catalog, ctype: str) -> None:
    """formats/base.report_parts and iter_report_parts walk the tree with a stack, as MimePart.walk
    does: walking it by recursion raised RecursionError out of diagnose at about a thousand levels
    (3,000 message parts, 60 KB; 1,000 multiparts, 65 KB)."""
    from ndr_atlas.formats.base import iter_report_parts
    from ndr_atlas.mime import parse_mime

    assert [part.get_content_type() for part in iter_report_parts(parse_mime(parts_chained(3_000, ctype)))] == ["text/plain"]
    report = diagnose(parts_chained(3_000, ctype), catalog)
    assert [(r.recipient, r.status) for r in report.results] == [("ufficio@example.org", "5.1.1")]
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(lambda text: diagnose(text, catalog), parts_chained(300, ctype), parts_chained(3_000, ctype))
    assert ratio is None, f"10x the levels cost {ratio:.0f}x"
    assert diagnose(multiparts_nested(1_000), catalog).kind in ("bounce", "not-bounce")


def test_multiparts_nested_past_the_nesting_limit_are_read_as_text_in_linear_time(catalog: Catalog) -> None:
    """mime.py splits multiparts down to MIME_NESTING_LIMIT levels (Postfix's mime_nesting_limit,
    100): each level looks for its closing line through the rest of the text, so a tree nested
    without limit cost the square of the text (10,000 levels, 650 KB: 2 s; a 25 MB paste, hours)."""
    from ndr_atlas.mime import MIME_NESTING_LIMIT, parse_mime

    assert [(r.recipient, r.status) for r in diagnose(multiparts_nested(MIME_NESTING_LIMIT - 1), catalog).results] == [
        ("ufficio@example.org", "5.1.1")
    ]
    deepest = list(parse_mime(multiparts_nested(1_000)).walk())
    assert len(deepest) == MIME_NESTING_LIMIT + 1 and not deepest[-1].is_multipart()
    report = diagnose(multiparts_nested(1_000), catalog)
    assert report.kind == "not-bounce" and report.note("en")
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(lambda text: diagnose(text, catalog), multiparts_nested(200), multiparts_nested(4_000), repeats=(5, 25))
    assert ratio is None, f"20x the levels cost {ratio:.0f}x"


def report_parts_by_recursion(message: MimePart) -> list[MimePart]:
    """iter_report_parts as it was written before it walked with a stack (be9dbcc): the order it must keep."""
    if not message.is_multipart():
        readable = message.get_content_maintype() in ("text", "multipart") or message.get_content_type() == "application/octet-stream"
        return [message] if readable else []
    parts: list[MimePart] = []
    has_plain = False
    for part in message.get_payload():
        if not isinstance(part, MimePart) or part.get_content_type() in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            continue
        if part.is_multipart():
            parts.extend(report_parts_by_recursion(part))
        elif part.get_content_type() == "text/plain":
            has_plain = True
            parts.append(part)
        elif part.get_content_type() == "text/html":
            parts.append(part)
    if has_plain:
        parts = [p for p in parts if p.get_content_type() != "text/html"] or parts
    return parts


@FUZZ
@given(mime_trees())
def test_report_parts_come_in_the_order_recursion_gave(tree: email.message.Message) -> None:
    """iter_report_parts walks without recursion, yet gives the parts the recursive walk gave, in its order."""
    from ndr_atlas.formats.base import iter_report_parts
    from ndr_atlas.mime import parse_mime

    try:
        raw = tree.as_string()
    except Exception:  # the generator itself cannot serialise some trees; nothing to test then
        return
    message = parse_mime(raw)
    assert [id(part) for part in iter_report_parts(message)] == [id(part) for part in report_parts_by_recursion(message)]


# A Postfix notice written as a double-quoted literal's text: its line breaks as \r\n escapes.
ESCAPED_NOTICE = (
    "This is the mail system at host relay.example.net.\n\nI'm sorry to have to inform you that your message could not\n"
    "be delivered to one or more recipients.\n\n                   The mail system\n\n"
    "<bob@example.org>: host mx.example.org[192.0.2.1] said: 550\n    5.1.1 User unknown (in reply to RCPT TO command)\n"
)


def as_literal(text: str) -> str:
    return '$r = "' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\r\\n") + '";'


@pytest.mark.parametrize(
    "unit",
    ['"\\', '"\\n\\n\\n', '"could not be delivered\\n\\n\\n"', '"\\"\\n', as_literal(ESCAPED_NOTICE) + "\n"],
    ids=["open-escapes", "open-line-breaks", "many-literals", "escaped-quotes", "many-notices"],
)
def test_escaped_literals_are_read_linearly(catalog: Catalog, unit: str) -> None:
    """formats/escapedtext.py reads every double-quoted literal once, left to right: quotes that open
    and never close, escapes that run to the end, thousands of literals (each with report words, or a
    whole notice) cost about linearly more for more text, and nothing raises."""
    small = unit * (ADVERSARIAL_LENGTH // 10 // len(unit))
    big = unit * (ADVERSARIAL_LENGTH * 5 // len(unit))
    with time_limit(HANG_GUARD_S):
        report = diagnose(big, catalog)
        ratio = superlinear(lambda text: diagnose(text, catalog), small, big)
    assert report.kind in ("bounce", "not-bounce", "incomplete")
    assert ratio is None, f"50x the text costs {ratio:.0f}x"


def test_literals_nested_in_literals_are_read_two_deep_only(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """formats/escapedtext.py reads each literal's text with every reader, itself among them: a text
    that is a literal again is read, deeper ones are not (each level doubles the backslashes: a
    paste nesting thirty would be gigabytes, but a few levels must not each cost a full reading)."""
    from ndr_atlas import parse

    nested = ESCAPED_NOTICE
    for _ in range(2):
        nested = as_literal(nested)
    assert [r.recipient for r in diagnose(nested, catalog).results] == ["bob@example.org"]
    calls: list[int] = []
    read = parse.parse_message
    monkeypatch.setattr(parse, "parse_message", lambda *args: calls.append(1) or read(*args))
    counts = []
    for _ in range(4):
        nested = as_literal(nested)
        calls.clear()
        diagnose(nested, catalog)
        counts.append(len(calls))
    # As many readings at six levels as at four: the depth read is bounded, whatever the input's.
    assert counts[-1] == counts[1] <= 3


def test_postfix_records_read_apart_are_read_linearly(catalog: Catalog) -> None:
    """formats/logpaste.py takes another delivery's record out of a record's reply and reads it on its
    own: a log of thousands of greeting refusals, each with another recipient's record under it, costs
    about linearly more for more lines."""
    unit = (
        "Nov  3 14:05:40 relay2 postfix/smtp[4415]: 7C2A13D44B: to=<info@contoso.example>, relay=mx2.contoso.example[203.0.113.9]:25, "
        "delay=900, delays=899/0.1/0.5/0, dsn=4.7.1, status=deferred (host mx2.contoso.example[203.0.113.9] refused to talk to me: "
        "554 5.7.1 Connection refused)\n"
        "Nov  3 14:05:41 relay2 postfix/smtp[4416]: 8D3B24E55C: to=<ordini@fabrikam.example>, relay=mx.fabrikam.example[192.0.2.44]:25, "
        "delay=2.2, delays=0.1/0/1.1/1, dsn=5.1.1, status=bounced (host mx.fabrikam.example[192.0.2.44] said: 550 5.1.1 "
        "User unknown (in reply to RCPT TO command))\n"
    )
    small, big = unit * 20, unit * 1000
    with time_limit(HANG_GUARD_S):
        assert diagnose(big, catalog).bounce
        ratio = superlinear(lambda text: diagnose(text, catalog), small, big)
    assert ratio is None, f"50x the lines cost {ratio:.0f}x"


def unnamed_refusals(count: int) -> str:
    """A paste of ``count`` different refusals with no address: each error read alone, then told apart."""
    return "Bounces of the week, addresses left out:\n" + "".join(
        f"Diagnostic-Code: smtp; 550 5.7.1 Refused{n} by gateway{n} policy{n} rule{n}\n" for n in range(count)
    )


def test_refusals_with_no_recipient_are_told_apart_in_linear_time() -> None:
    """generic.distinct_refusals compares each error read with no recipient with the refusals kept so
    far: a few of them at most (MAX_UNNAMED_REFUSALS), not every line with every other."""
    from ndr_atlas.formats import generic

    assert len(generic.failures_from_text(unnamed_refusals(5))) == 5
    assert len(generic.failures_from_text(unnamed_refusals(200))) == 1  # too many to be a summary: kept whole
    small, big = unnamed_refusals(100), unnamed_refusals(10_000)
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(generic.failures_from_text, small, big)
    assert ratio is None, f"100x the refusals cost {ratio:.0f}x"
