"""The command-line tool: readable and JSON Lines output, stdin, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ndr_atlas", *args], input=stdin, capture_output=True, text=True, timeout=120)


def test_json_lines_one_object_per_input() -> None:
    proc = run("diagnose", "--json", str(FIXTURES / "ndr-en-outlook-paste.txt"), str(FIXTURES / "not-a-bounce.txt"))
    assert proc.returncode == 0, proc.stderr
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert first["file"].endswith("ndr-en-outlook-paste.txt") and first["bounce"] is True
    assert set(first["results"][0]) >= {
        "recipient",
        "status",
        "reply_code",
        "reason",
        "hard_bounce",
        "entry",
        "page",
        "remote_host",
        "diagnostic",
    }
    assert [r["status"] for r in first["results"]] == ["5.4.316", "5.1.1"]
    assert second == {"file": second["file"], "bounce": False, "kind": "not-bounce", "results": []}


def test_stdin_and_italian_output() -> None:
    proc = run("diagnose", "--lang", "it", stdin=(FIXTURES / "message-trace-lines.txt").read_text())
    assert proc.returncode == 0
    assert "Destinatario: (non indicato)" in proc.stdout
    assert "4.4.316 — Connessione rifiutata" in proc.stdout
    assert "it/codes/4.4.316/" in proc.stdout


def test_readable_not_a_bounce() -> None:
    proc = run("diagnose", str(FIXTURES / "not-a-bounce.txt"))
    assert proc.returncode == 0
    assert "No delivery failure found" in proc.stdout


def test_unreadable_file_exits_2_with_one_line() -> None:
    proc = run("diagnose", "/nonexistent/bounce.eml")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "bounce.eml: no such file or folder" in proc.stderr


def test_bad_usage_exits_2() -> None:
    assert run("diagnose", "--lang", "fr").returncode == 2
    assert run("frobnicate").returncode == 2


def test_binary_input_exits_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "ndr_atlas", "diagnose"], input=b"\x00\x00\x7fELF" * 50, capture_output=True, timeout=60)
    assert proc.returncode == 2
    assert b"binary" in proc.stderr


def test_folder_mbox_summary_and_progress(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.eml").write_bytes((FIXTURES / "dsn-postfix.eml").read_bytes())
    (tmp_path / "b.txt").write_text((FIXTURES / "ndr-en-outlook-paste.txt").read_text())
    eml = (FIXTURES / "dsn-postfix.eml").read_text()
    (tmp_path / "box.mbox").write_text(
        "From MAILER-DAEMON Wed Nov 25 14:02:11 2026\n" + eml + "\nFrom MAILER-DAEMON Wed Nov 25 14:05:00 2026\n" + eml
    )
    (tmp_path / ".hidden").write_text("550 5.1.1 ignored")
    proc = run("diagnose", "--json", str(tmp_path))
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(Path(r["file"]).name, r.get("message")) for r in lines] == [("b.txt", None), ("box.mbox", 1), ("box.mbox", 2), ("a.eml", None)]
    proc = run("diagnose", "--summary", "--progress", str(tmp_path))
    assert proc.returncode == 0
    assert "Summary — inputs: 3, messages: 4, bounces: 4, failed recipients: 5\n" in proc.stdout
    # Reasons by the name people read, the machine name beside it.
    assert re.search(r"Delivery keeps failing: the sending server retries until its time runs out \[expired\]\s+4", proc.stdout)
    assert re.search(r"5\.4\.316\s+4", proc.stdout)
    assert "3/3 files" in proc.stderr
    proc = run("diagnose", "--json", "--per-recipient", str(tmp_path / "b.txt"))
    assert [json.loads(line)["recipient"] for line in proc.stdout.splitlines()] == ["alex.wilber@fabrikam.com", "lee.gu@contoso.com"]
    proc = run("diagnose", "--json", "--summary", str(tmp_path))
    assert json.loads(proc.stdout.splitlines()[-1])["summary"]["by_code"]["5.4.316"] == 4


def test_batch_continues_after_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("450 4.4.316 Connection refused")
    (tmp_path / "zip.eml").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    proc = run("diagnose", "--json", str(tmp_path))
    assert proc.returncode == 2
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows[0]["results"][0]["status"] == "4.4.316" and "binary" in rows[1]["error"]
    assert proc.stderr.count("\n") == 1


def test_parallel_batch_gives_the_same_lines_in_order() -> None:
    folder = str(Path(__file__).parent / "fixtures")
    serial = run("diagnose", "--json", "--jobs", "1", folder)
    parallel = run("diagnose", "--json", "--jobs", "2", folder)
    assert serial.returncode == parallel.returncode
    assert serial.stdout == parallel.stdout and serial.stdout.count("\n") > 20
    # Three processes (blocks dealt round robin to two children), and the summary adds up the same.
    three = run("diagnose", "--json", "--jobs", "3", folder)
    assert three.stdout == serial.stdout
    summaries = [run("diagnose", "--summary", "--jobs", jobs, folder).stdout for jobs in ("1", "3")]
    assert summaries[0] == summaries[1] and "userunknown" in summaries[0]


def test_json_names_the_refused_smtp_command() -> None:
    proc = run("diagnose", "--json", "--per-recipient", str(FIXTURES / "formats" / "postfix-dsn.eml"))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    # The second reply is wrapped: "(in reply to RCPT TO" / "command)" on the next line.
    assert [(r["recipient"], r["smtp_command"], r["reason"]) for r in rows] == [
        ("luca.bianchi@example.net", "RCPT", "userunknown"),
        ("sara.conti@example.com", "RCPT", "mailboxfull"),
    ]
    readable = run("diagnose", str(FIXTURES / "formats" / "postfix-dsn.eml")).stdout
    assert "Refused at SMTP command: RCPT" in readable


def test_version_is_the_package_version() -> None:
    from importlib.metadata import version

    import ndr_atlas

    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"ndr-atlas {ndr_atlas.__version__}"
    # pyproject.toml reads it from the package: the installed metadata says the same.
    assert version("ndr-atlas") == ndr_atlas.__version__


def test_help_documents_the_exit_statuses() -> None:
    for args in (("--help",), ("diagnose", "--help")):
        text = run(*args).stdout
        assert "exit status:" in text
        for status in ("0", "2", "130", "141"):
            assert re.search(rf"^\s+{status}\s+\S", text, re.MULTILINE), (args, status)


def test_a_missing_file_is_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("550 5.1.1 User unknown")
    proc = run("diagnose", "--json", str(tmp_path / "gone.eml"), str(tmp_path / "ok.txt"))
    assert proc.returncode == 2
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert "no such file or folder" in rows[0]["error"] and rows[1]["results"][0]["status"] == "5.1.1"
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def many_bounces(folder: Path, copies: int) -> Path:
    text = (FIXTURES / "ndr-en-outlook-paste.txt").read_bytes()
    for number in range(copies):
        (folder / f"{number:04}.txt").write_bytes(text)
    return folder


def test_reader_going_away_is_a_quiet_exit(tmp_path: Path) -> None:
    """`ndr-atlas diagnose --json folder | head -1`: no traceback, in one process and with children."""
    folder = many_bounces(tmp_path, 300)
    for jobs in ("1", "2"):
        command = [sys.executable, "-m", "ndr_atlas", "diagnose", "--json", "--jobs", jobs, str(folder)]
        producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert producer.stdout is not None and producer.stderr is not None
        first = producer.stdout.readline()
        producer.stdout.close()  # what `head -1` does after its line
        _, errors = producer.communicate(timeout=120)
        assert json.loads(first)["bounce"] is True
        assert errors == b"", errors.decode()
        assert producer.returncode in (0, 141)


def test_ctrl_c_stops_a_batch_with_status_130(tmp_path: Path) -> None:
    import os
    import signal

    folder = many_bounces(tmp_path, 3000)
    command = [sys.executable, "-m", "ndr_atlas", "diagnose", "--json", "--jobs", "2", str(folder)]
    # Its own process group, as a shell job: Ctrl-C reaches the parent and its forked children. SIGINT
    # back to its default first: a test run started in the background by a non-interactive shell
    # ignores it, and Python then keeps ignoring it (seen: the batch ran to its end, status 0).
    producer = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert producer.stdout is not None
    producer.stdout.readline()  # the batch is running
    os.killpg(producer.pid, signal.SIGINT)
    rest, errors = producer.communicate(timeout=120)
    assert producer.returncode == 130, errors.decode()
    assert b"Traceback" not in errors and errors.decode().strip() == "ndr-atlas: interrupted"
    assert rest.count(b"\n") < 2999


def test_readable_output_states_both_facts_and_the_reason_by_name() -> None:
    paste = str(FIXTURES / "ndr-en-outlook-paste.txt")
    english = run("diagnose", paste).stdout
    assert "Reason: Delivery keeps failing: the sending server retries until its time runs out [expired]" in english
    assert "Outcome: Permanent failure · address may still be valid (soft bounce): fix the cause and resend" in english
    assert "Reason: Recipient address does not exist [userunknown]" in english
    assert "Outcome: Permanent failure · address is bad (hard bounce): remove it from your lists" in english
    italian = run("diagnose", "--lang", "it", paste).stdout
    assert "Motivo: L'indirizzo del destinatario non esiste [userunknown]" in italian
    assert (
        "Esito: Errore permanente · l'indirizzo può essere ancora valido (soft bounce): risolvete la causa e reinviate il messaggio"
        in italian
    )
    summary = run("diagnose", "--summary", "--lang", "it", paste).stdout
    assert re.search(r"L'indirizzo del destinatario non esiste \[userunknown\]\s+1", summary)


def test_json_keeps_machine_names_and_adds_permanent() -> None:
    proc = run("diagnose", "--json", stdin="450 4.4.316 Connection refused [Message=Socket error code 10061]\n")
    (result,) = json.loads(proc.stdout)["results"]
    assert (result["reason"], result["permanent"], result["hard_bounce"]) == ("expired", False, False)
    assert "reason_titles" not in result and "verdicts" not in result


def test_closed_standard_output_is_a_clear_error() -> None:
    """`ndr-atlas … >&-`: Python starts with no stdout at all; one line on stderr, exit 2, no traceback."""
    sample = Path(__file__).parent / "fixtures" / "formats" / "hmailserver-bounce.eml"
    proc = subprocess.run(
        ["sh", "-c", 'exec "$0" -m ndr_atlas diagnose --json "$1" >&-', sys.executable, str(sample)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.startswith("ndr-atlas: standard output is closed") and "Traceback" not in proc.stderr


JAPANESE_REPLY = (
    "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n\n"
    "<bob@example.org>: host mx.example.org[192.0.2.7] said: 550 5.1.1 ユーザーが見つかりません → 😕 unknown"
    " (in reply to RCPT TO command)\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_console_that_lacks_characters_gets_no_crash(tmp_path: Path, encoding: str) -> None:
    """Windows' cp1252 console or a C locale: readable text shows "?", JSON escapes the characters."""
    bounce = tmp_path / "jp.eml"
    bounce.write_text(JAPANESE_REPLY, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    command = [sys.executable, "-m", "ndr_atlas", "diagnose"]
    as_json = subprocess.run([*command, "--json", str(bounce)], capture_output=True, env=env, timeout=120)
    readable = subprocess.run([*command, str(bounce)], capture_output=True, env=env, timeout=120)
    utf8 = subprocess.run(
        [*command, "--json", str(bounce)], capture_output=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"}
    )
    assert (as_json.returncode, readable.returncode) == (0, 0), as_json.stderr + readable.stderr
    assert json.loads(as_json.stdout.decode("ascii")) == json.loads(utf8.stdout.decode("utf-8"))
    assert "ユーザー" in json.loads(as_json.stdout)["results"][0]["diagnostic"]
    text = readable.stdout.decode(encoding)
    assert "bob@example.org" in text and "550 5.1.1 ?" in text


def test_summary_counts_delayed_recipients_apart_from_failed_ones() -> None:
    """A delay warning's recipient is still being retried: the summary does not call it failed."""
    files = [str(FIXTURES / "formats" / name) for name in ("nf-delayed-exim-warning.eml", "postfix-dsn.eml")]
    proc = run("diagnose", "--summary", *files)
    assert (
        "Summary — inputs: 2, messages: 2, bounces: 2, failed recipients: 2, delayed recipients (still being retried): 1\n" in proc.stdout
    )
    proc = run("diagnose", "--summary", "--lang", "it", *files)
    assert (
        "Riepilogo — input: 2, messaggi: 2, rapporti di mancato recapito: 2, destinatari non raggiunti: 2, destinatari con recapito ritardato (nuovi tentativi in corso): 1\n"
        in proc.stdout
    )
    summary = json.loads(run("diagnose", "--summary", "--json", *files).stdout.splitlines()[-1])["summary"]
    assert (summary["failed"], summary["delayed"]) == (2, 1)
    # A 4xx reply pasted alone is a deferral too.
    proc = run("diagnose", "--summary", stdin="421 4.7.1 Messages to x@example.com deferred due to excessive volume. Try again later\n")
    assert "bounces: 1, failed recipients: 0, delayed recipients (still being retried): 1\n" in proc.stdout


def test_summary_counts_an_applications_refused_send_apart_from_server_retries() -> None:
    """A 4xx in smtplib's error was queued by no server: the application must send again itself."""
    files = [str(FIXTURES / "formats" / name) for name in ("python-smtplib-refused-several-paste.txt", "nf-delayed-exim-warning.eml")]
    proc = run("diagnose", "--summary", *files)
    assert (
        "failed recipients: 2, delayed recipients (still being retried): 1, refused for now (the application must send again): 1\n"
        in proc.stdout
    )
    proc = run("diagnose", "--summary", "--lang", "it", *files)
    assert "rifiutati per ora (l'applicazione deve ritentare l'invio): 1\n" in proc.stdout
    summary = json.loads(run("diagnose", "--summary", "--json", *files).stdout.splitlines()[-1])["summary"]
    assert (summary["failed"], summary["delayed"], summary["resend"]) == (2, 1, 1)


@pytest.mark.parametrize("command", ["diagnose", "logs"])
def test_collections_resume_once_the_installed_command_has_started(command: str) -> None:
    """The installed command stops the garbage collector for its start (launch.run); each command's
    work (a folder of bounces, a log of millions of lines) runs with it on again, the start frozen:
    on both commands the start ends once the catalog is loaded, so the catalog is loaded without
    collections and left out of the later ones (the frozen generation, which gc.get_objects skips)."""
    script = (
        "import gc, sys\n"
        "from ndr_atlas import cli, logs_cli\n"
        "def work(paths, catalog, *args):\n"
        "    frozen = all(obj is not catalog for obj in gc.get_objects())\n"
        "    print(gc.isenabled(), gc.get_freeze_count() > 0, frozen)\n"
        "    return 0\n"
        "cli.run_batch = logs_cli.run_logs = work\n"
        f"sys.argv = ['ndr-atlas', {command!r}, {str(FIXTURES / 'not-a-bounce.txt')!r}]\n"
        "from ndr_atlas import launch\n"
        "launch.run()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "True True True\n"), proc.stderr


def test_an_input_over_the_limit_is_refused_after_reading_one_byte_past_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file or standard input larger than diagnose's limit is refused by read_input, which reads at
    most one byte past it: the input is never first held whole (a huge file, an endless pipe)."""
    import io

    from ndr_atlas import cli

    monkeypatch.setattr(cli, "MAX_INPUT_BYTES", 1000)
    (tmp_path / "big.txt").write_bytes(b"550 5.1.1 User unknown\n" * 100)
    (tmp_path / "ok.txt").write_bytes(b"550 5.1.1 User unknown\n" * 40)
    with pytest.raises(cli.InputError, match="over"):
        cli.read_input(str(tmp_path / "big.txt"))
    assert len(cli.read_input(str(tmp_path / "ok.txt"))) == 920

    class Stdin:
        def __init__(self) -> None:
            self.asked: list[int] = []
            self.buffer = self

        def read(self, size: int = -1) -> bytes:
            self.asked.append(size)
            return io.BytesIO(b"x" * 5000).read(size)

    stdin = Stdin()
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(cli.InputError, match="over"):
        cli.read_input("-")
    assert stdin.asked == [1001]


def test_a_file_is_read_in_a_buffer_of_its_size_with_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_input asks a regular file for its size and one byte more, not for the limit's 25 MB (a
    buffer that size for every input); the bytes are those one read up to the limit gives, also when
    the file grew after its size was read, and when it is over the limit."""
    from ndr_atlas import cli

    monkeypatch.setattr(cli, "MAX_INPUT_BYTES", 1000)
    for size in (1, 920, 999, 1000, 1001, 5000):
        (tmp_path / "input.txt").write_bytes((b"550 5.1.1 x\n" * 500)[:size])
        with open(tmp_path / "input.txt", "rb", buffering=0) as handle:
            expected = handle.read(1001)
        with open(tmp_path / "input.txt", "rb", buffering=0) as handle:
            assert cli.read_whole(handle) == expected, size

    class Stale:  # the size read before the file grew to its 920 bytes
        st_size = 10

    (tmp_path / "grown.txt").write_bytes(b"550 5.1.1 User unknown\n" * 40)
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: Stale())
    with open(tmp_path / "grown.txt", "rb", buffering=0) as handle:
        grown = cli.read_whole(handle)
    monkeypatch.setattr(os, "fstat", real_fstat)
    assert grown == (tmp_path / "grown.txt").read_bytes()
