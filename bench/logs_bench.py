"""Speed of ``ndr-atlas logs`` per format, and against pflogsumm on the same Postfix log.

Generated logs (seeded, so every run reads the same bytes) mix the lines a busy relay writes: most
deliveries succeed, some are deferred, a few bounce, with the replies of a dozen real-world servers
and thousands of distinct recipients. Each format's log is read by one ``ndr-atlas logs --json``
process; the wall time (process start included) over several runs gives the median lines per second.
pflogsumm (Debian's ``pflogsumm``, installed with apt-get when missing and we are root) reads the
same Postfix log in the same run, and ``ndr-atlas logs`` (summary output) is timed beside it.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

DOMAINS = [
    f"{name}.example" for name in ("acme", "globex", "initech", "umbrella", "hooli", "vandelay", "wonka", "stark", "wayne", "tyrell")
] + [f"client{n}.example.it" for n in range(40)]
PEOPLE = ["anna", "marco", "giulia", "luca", "sara", "paolo", "chiara", "davide", "elena", "roberto", "j.smith", "info", "sales", "billing"]
BOUNCES = [
    (
        "5.1.1",
        "host mx.{d}[203.0.113.5] said: 550 5.1.1 <{r}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)",
    ),
    (
        "5.1.1",
        "host mx.{d}[203.0.113.6] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser x1si2wrb.3 - gsmtp (in reply to RCPT TO command)",
    ),
    ("5.2.2", "host mx.{d}[203.0.113.7] said: 552 5.2.2 <{r}>: Mailbox quota exceeded (in reply to RCPT TO command)"),
    (
        "5.7.1",
        "host {d}.mail.protection.outlook.com[52.101.40.10] said: 550 5.7.1 Service unavailable, Client host [192.0.2.99] blocked using Spamhaus. AS(1450) (in reply to MAIL FROM command)",
    ),
    ("5.4.4", "Host or domain name not found. Name service error for name={d} type=A: Host not found"),
    (
        "5.7.606",
        "host {d}.mail.protection.outlook.com[52.101.40.11] said: 550 5.7.606 Access denied, banned sending IP [192.0.2.99]. (in reply to RCPT TO command)",
    ),
]
DEFERRALS = [
    ("4.4.1", "connect to mx.{d}[198.51.100.7]:25: Connection timed out"),
    (
        "4.7.1",
        "host mx.{d}[198.51.100.8] said: 450 4.7.1 <{r}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{d}.html (in reply to RCPT TO command)",
    ),
    ("4.2.2", "host mx.{d}[198.51.100.9] said: 452 4.2.2 <{r}>: Mailbox full (in reply to RCPT TO command)"),
    ("4.4.2", "lost connection with mx.{d}[198.51.100.10] while receiving the initial server greeting"),
    (
        "4.7.28",
        "host aspmx.l.{d}[192.0.2.26] said: 421-4.7.28 Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. (in reply to end of DATA command)",
    ),
]


def postfix_lines(count: int, seed: int = 13) -> Iterator[str]:
    """A Postfix log of about ``count`` lines: per message a connect, cleanup, qmgr and one delivery line."""
    rng = random.Random(seed)
    when = datetime(2026, 12, 1, 0, 0, 0)
    written = 0
    queue = 0
    while written < count:
        queue += 1
        qid = f"{queue:010X}"
        when += timedelta(seconds=rng.randint(0, 3))
        stamp = when.strftime("%b %e %H:%M:%S")
        domain = rng.choice(DOMAINS)
        recipient = f"{rng.choice(PEOPLE)}{rng.randint(1, 400)}@{domain}"
        yield f"{stamp} mx1 postfix/smtpd[{2000 + queue % 500}]: {qid}: client=app{queue % 9}.corp.example[10.0.4.{queue % 250}]\n"
        yield f"{stamp} mx1 postfix/cleanup[{3000 + queue % 300}]: {qid}: message-id=<{queue}.{seed}@corp.example>\n"
        yield f"{stamp} mx1 postfix/qmgr[1187]: {qid}: from=<noreply@corp.example>, size={rng.randint(900, 90000)}, nrcpt=1 (queue active)\n"
        roll = rng.random()
        relay = f"mx.{domain}[203.0.113.5]:25"
        if roll < 0.05:
            dsn, text = rng.choice(BOUNCES)
            status = "bounced"
        elif roll < 0.15:
            dsn, text = rng.choice(DEFERRALS)
            status = "deferred"
        else:
            dsn, text, status = "2.0.0", f"250 2.0.0 Ok: queued as {queue:08X}", "sent"
        text = text.format(d=domain, r=recipient)
        yield (
            f"{stamp} mx1 postfix/smtp[{4000 + queue % 700}]: {qid}: to=<{recipient}>, relay={relay}, delay=0.9, "
            f"delays=0.1/0/0.3/0.5, dsn={dsn}, status={status} ({text})\n"
        )
        yield f"{stamp} mx1 postfix/qmgr[1187]: {qid}: removed\n"
        written += 5


def fixture_lines(fixture: Path, count: int, seed: int = 13) -> Iterator[str]:
    """A log of about ``count`` lines made from a fixture's header and its failure lines, repeated
    with other recipients (each recipient's local part changed)."""
    rng = random.Random(seed)
    text = fixture.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    header = [
        line for line in lines[:6] if line.startswith("#") or line.lower().startswith(('"date"', '"received"', "date_time", '"timestamp"'))
    ]
    body = [line for line in lines if line not in header]
    yield from header
    written = len(header)
    while written < count:
        for line in body:
            person = f"{rng.choice(PEOPLE)}{rng.randint(1, 400)}@"
            yield (
                line.replace("buyer@", person)
                .replace("bob@", person)
                .replace("ann@", person)
                .replace("laura@", person)
                .replace("old.colleague@", person)
            )
            written += 1


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(command: list[str], runs: int) -> tuple[list[float], str | None]:
    times: list[float] = []
    for i in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            return times, f"exit {done.returncode}: {done.stderr.decode(errors='replace').strip()[-300:]}"
        if i:
            times.append(elapsed)
    return times, None


def pflogsumm_available() -> tuple[str | None, str]:
    found = shutil.which("pflogsumm") or (os.path.exists("/usr/sbin/pflogsumm") and "/usr/sbin/pflogsumm") or None
    if found:
        return found, "Debian pflogsumm"
    if os.geteuid() != 0:
        return None, "pflogsumm is not installed (as root: apt-get install -y pflogsumm); skipped"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "pflogsumm"]
    if subprocess.run(install, capture_output=True, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, check=False)
        subprocess.run(install, capture_output=True, env=env, check=False)
    found = shutil.which("pflogsumm") or (os.path.exists("/usr/sbin/pflogsumm") and "/usr/sbin/pflogsumm") or None
    return (found, "Debian pflogsumm") if found else (None, "apt-get could not install pflogsumm; skipped")


FORMATS: dict[str, tuple[str, int]] = {
    # format: (fixture to grow, lines)
    "exo-trace-detail": ("exo-trace-detail.csv", 100_000),
    "exchange-tracking": ("MSGTRK2026120410-1.LOG", 100_000),
    "exchange-smtp-send": ("SEND20261204-1.LOG", 100_000),
    "exim": ("exim-mainlog", 100_000),
    "sendmail": ("sendmail.log", 100_000),
    "opensmtpd": ("opensmtpd-maillog", 100_000),
    "qmail": ("qmail-current", 100_000),
    "stalwart": ("stalwart.log.2026-11-30", 100_000),
    "asyncos": ("asyncos-mail.current", 100_000),
    "zonemta": ("zonemta.log", 100_000),
    "maddy": ("maddy.log", 100_000),
    "pmta-acct": ("pmta-acct.csv", 100_000),
}


def bench_logs(cli: list[str], runs: int, report: dict[str, Any], postfix_count: int = 500_000, skip_pflogsumm: bool = False) -> None:
    """Lines per second of ``ndr-atlas logs`` for each format, and pflogsumm on the same Postfix log."""
    fixtures = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "logs"
    section: dict[str, Any] = {"runs": runs, "formats": {}}
    report["logs"] = section
    with tempfile.TemporaryDirectory() as folder:
        postfix = Path(folder) / "maillog"
        write(postfix, postfix_lines(postfix_count))
        logs: dict[str, tuple[Path, int]] = {"postfix": (postfix, postfix_count)}
        for name, (fixture, count) in FORMATS.items():
            path = Path(folder) / fixture
            write(path, fixture_lines(fixtures / fixture, count))
            logs[name] = (path, count)
        for name, (path, _count) in logs.items():
            times, problem = timed([*cli, "logs", "--json", str(path)], runs)
            lines = sum(1 for _ in path.open(encoding="utf-8", errors="replace"))
            section["formats"][name] = {
                "lines": lines,
                "median_s": median(times),
                "lines_per_s": lines / median(times) if times else None,
                "problem": problem,
            }
        ours, problem = timed([*cli, "logs", str(postfix)], runs)
        lines = section["formats"]["postfix"]["lines"]
        section["pflogsumm"] = compare = {"lines": lines, "ndr_atlas_summary_median_s": median(ours), "problem": problem}
        compare["ndr_atlas_lines_per_s"] = lines / median(ours) if ours else None
        program, note = (None, "--skip-pflogsumm") if skip_pflogsumm else pflogsumm_available()
        if program is None:
            compare["skipped"] = note
            return
        theirs, their_problem = timed(["perl", program, str(postfix)], runs)
        compare.update(
            {
                "pflogsumm_median_s": median(theirs),
                "pflogsumm_lines_per_s": lines / median(theirs) if theirs else None,
                "pflogsumm_problem": their_problem,
            }
        )
        if theirs and ours:
            compare["ratio"] = median(theirs) / median(ours)


def write(path: Path, lines: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)


def summary_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    section = report.get("logs")
    if not section:
        return []
    rows: list[tuple[str, str]] = []
    for name, figures in section["formats"].items():
        if figures.get("lines_per_s"):
            rows.append(
                (
                    f"logs --json, {name}",
                    f"{figures['lines_per_s']:,.0f} lines/s  ({figures['lines']:,} lines, median {figures['median_s']:.2f} s)",
                )
            )
        if figures.get("problem"):
            rows.append((f"  {name} problem", figures["problem"]))
    compare = section.get("pflogsumm", {})
    if compare.get("ndr_atlas_lines_per_s"):
        rows.append(
            (
                "logs (summary), same Postfix log",
                f"{compare['ndr_atlas_lines_per_s']:,.0f} lines/s  (median {compare['ndr_atlas_summary_median_s']:.2f} s)",
            )
        )
    if compare.get("skipped"):
        rows.append(("pflogsumm", "skipped: " + compare["skipped"]))
    elif compare.get("pflogsumm_lines_per_s"):
        rows.append(
            (
                "pflogsumm (perl), same Postfix log",
                f"{compare['pflogsumm_lines_per_s']:,.0f} lines/s  (median {compare['pflogsumm_median_s']:.2f} s)",
            )
        )
        rows.append(("  ratio ndr-atlas / pflogsumm", f"{compare['ratio']:.2f}x"))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run this part alone: ``.venv/bin/python bench/logs_bench.py [runs]``."""
    runs = int((argv or sys.argv[1:] or ["5"])[0])
    script = Path(sys.executable).with_name("ndr-atlas")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "ndr_atlas"]
    report: dict[str, Any] = {}
    bench_logs(cli, runs, report)
    for name, value in summary_rows(report):
        print(f"{name:<36}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
