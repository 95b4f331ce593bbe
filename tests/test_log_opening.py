"""Opening a log (ndr_atlas.logs.opening): UTF-32, line ends that are a lone CR, and lines that never
end. The logs here are written by the tests: Postfix's delivery lines as its smtp client logs them
(``to=<…>, relay=…, dsn=…, status=bounced (…)``), with our own hosts and addresses."""

from __future__ import annotations

import codecs
import gzip
import io
import tracemalloc
from pathlib import Path

import pytest

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.logs import Classifier, LogFormatError, LogRun, read_log
from ndr_atlas.logs.opening import HEAD_BYTES, MAX_LINE_CHARS, bounded_lines

LOGS = Path(__file__).parent / "fixtures" / "logs"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def postfix_text(messages: int, end: str = "\n") -> str:
    """A Postfix mail log: each message queued, then bounced (every third one deferred)."""
    lines = []
    for n in range(messages):
        stamp = f"Dec  5 09:{n // 60 % 60:02d}:{n % 60:02d} relay1 postfix"
        lines.append(f"{stamp}/qmgr[310]: 7Hq{n:06d}: from=<notices@atlas-test.example>, size=2048, nrcpt=1 (queue active)")
        if n % 3 == 2:
            lines.append(
                f"{stamp}/smtp[311]: 7Hq{n:06d}: to=<member{n}@lists.atlas-test.example>, relay=mx.lists.atlas-test.example[198.51.100.9]:25, "
                f"delay=3, delays=0/0/2/1, dsn=4.2.2, status=deferred (host mx.lists.atlas-test.example[198.51.100.9] said: "
                f"452 4.2.2 <member{n}@lists.atlas-test.example>: Mailbox full (in reply to RCPT TO command))"
            )
        else:
            lines.append(
                f"{stamp}/smtp[311]: 7Hq{n:06d}: to=<person{n}@atlas-test.example>, relay=mx.atlas-test.example[198.51.100.7]:25, "
                f"delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.atlas-test.example[198.51.100.7] said: "
                f"550 5.1.1 <person{n}@atlas-test.example>: Recipient address rejected: User unknown (in reply to RCPT TO command))"
            )
    return end.join(lines) + end


def found(catalog: Catalog, path: Path) -> list[tuple[int, str | None, str | None, bool, str]]:
    return [(f.line, f.recipient, f.status, f.deferred, f.diagnostic) for f in read_log(str(path), catalog)]


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_a_log_saved_as_utf32_is_read_like_its_utf8(catalog: Catalog, tmp_path: Path, encoding: str) -> None:
    """UTF-32 (PowerShell's ``-Encoding UTF32``, with a BOM in either byte order) was opened as UTF-16:
    its BOM opens with UTF-16LE's. Read now through ndr_atlas.decoding, as the diagnoser reads it."""
    text = postfix_text(12)
    (tmp_path / "utf8.log").write_text(text, encoding="utf-8")
    bom = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}.get(encoding, b"")
    (tmp_path / "utf32.log").write_bytes(bom + text.encode(encoding))
    expected = found(catalog, tmp_path / "utf8.log")
    assert len(expected) == 12 and expected[0][:3] == (2, "person0@atlas-test.example", "5.1.1")
    assert found(catalog, tmp_path / "utf32.log") == expected
    # A CSV export too (the trace detail export, saved again as UTF-32), and gzipped.
    csv_text = (LOGS / "exo-trace-detail.csv").read_text(encoding="utf-8")
    (tmp_path / "trace.csv").write_bytes(csv_text.encode("utf-32"))
    (tmp_path / "trace.csv.gz").write_bytes(gzip.compress(csv_text.encode("utf-32")))
    want = found(catalog, LOGS / "exo-trace-detail.csv")
    assert len(want) == 4
    assert found(catalog, tmp_path / "trace.csv") == want
    assert found(catalog, tmp_path / "trace.csv.gz") == want


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_lines_that_end_with_a_lone_cr_are_lines(catalog: Catalog, tmp_path: Path, encoding: str) -> None:
    """Classic Mac OS and some exports end lines with CR alone: each is a line, numbered as with LF,
    in a log longer than the 64 KB head and the reading buffers (a CR at every chunk edge)."""
    messages = 400
    (tmp_path / "lf.log").write_text(postfix_text(messages), encoding="utf-8")
    (tmp_path / "cr.log").write_bytes(postfix_text(messages, "\r").encode(encoding))
    (tmp_path / "crlf.log").write_bytes(postfix_text(messages, "\r\n").encode(encoding))
    assert (tmp_path / "cr.log").stat().st_size > 2 * HEAD_BYTES
    expected = found(catalog, tmp_path / "lf.log")
    assert len(expected) == messages and expected[-1][0] == 2 * messages
    assert found(catalog, tmp_path / "cr.log") == expected
    assert found(catalog, tmp_path / "crlf.log") == expected


def test_no_line_end_in_the_first_64_kb_is_a_clear_error(catalog: Catalog, tmp_path: Path) -> None:
    """Before, such a file was "not a log or export this tool knows" (its head held no whole line)."""
    (tmp_path / "one.log").write_text("{" + '"event": "bounce", ' * 20_000 + "}", encoding="utf-8")
    (tmp_path / "first.log").write_text("x" * (HEAD_BYTES + 10) + "\n" + postfix_text(3), encoding="utf-8")
    for name in ("one.log", "first.log"):
        with pytest.raises(LogFormatError, match="no line end in the first 64 KB"):
            found(catalog, tmp_path / name)
    # A short file of one line without its line end is still read.
    (tmp_path / "short.log").write_text(postfix_text(1).splitlines()[1], encoding="utf-8")
    assert [row[:3] for row in found(catalog, tmp_path / "short.log")] == [(1, "person0@atlas-test.example", "5.1.1")]


def peak_memory(path: Path, catalog: Catalog) -> tuple[int, list[int]]:
    tracemalloc.start()
    lines = [failure.line for failure in LogRun(str(path), Classifier(catalog)).failures()]
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top, lines


def test_a_huge_line_after_the_head_is_cut_not_held(catalog: Catalog, tmp_path: Path) -> None:
    """A line of 24 MB amid the log (a pasted blob, a log whose line ends were lost): only its first
    MAX_LINE_CHARS are kept, so memory stays that of an ordinary log; the lines after it keep their
    numbers. Before, the whole line was held (200 MB took 600 MB)."""
    before, after = postfix_text(300), postfix_text(3)
    (tmp_path / "huge.log").write_text(before + "y" * (24 << 20) + "\n" + after, encoding="utf-8")
    (tmp_path / "plain.log").write_text(before + "y\n" + after, encoding="utf-8")
    peak_memory(tmp_path / "plain.log", catalog)  # warm-up: the catalog's rules compile on first use
    plain, expected = peak_memory(tmp_path / "plain.log", catalog)
    huge, lines = peak_memory(tmp_path / "huge.log", catalog)
    assert lines == expected and lines[-1] == 600 + 1 + 6
    assert huge < plain + 4 * MAX_LINE_CHARS + 2_000_000, (plain, huge)


def test_bounded_lines_split_and_cut_like_universal_newlines() -> None:
    """Each line as the text's own iteration gives it (LF, CRLF, lone CR), cut to the limit; a CRLF
    the limit splits in two is still one line end."""
    limit = 4
    for text in ("abc\r\ndef\r\n", "abcd\r\nef\rg\n\nhijklmnop\r\nq", "\r\r\n\n", "abcdefghij", "abc\r\n" * 3):
        whole = list(io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8", newline=""))
        lines = list(bounded_lines(io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8", newline=""), limit))
        assert [line.rstrip("\r\n") for line in lines] == [line[:limit].rstrip("\r\n") for line in whole], text


def test_a_huge_line_is_read_in_linear_time() -> None:
    from test_hostile_input import HANG_GUARD_S, superlinear, time_limit

    def count(text: str) -> int:
        return sum(1 for _ in bounded_lines(io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8", newline=""), MAX_LINE_CHARS))

    with time_limit(HANG_GUARD_S):
        ratio = superlinear(count, "z" * (2 << 20) + "\nend\n", "z" * (40 << 20) + "\nend\n", repeats=(1, 5))
    assert ratio is None, f"20x the line cost {ratio:.0f}x"
