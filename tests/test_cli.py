"""The command-line tool: readable and JSON Lines output, stdin, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    assert "cannot read" in proc.stderr


def test_bad_usage_exits_2() -> None:
    assert run("diagnose", "--lang", "fr").returncode == 2
    assert run("frobnicate").returncode == 2


def test_binary_input_exits_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "ndr_atlas", "diagnose"], input=b"\x00\x00\x7fELF" * 50, capture_output=True, timeout=60)
    assert proc.returncode == 2
    assert b"binary" in proc.stderr
