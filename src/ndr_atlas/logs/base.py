"""What every log reader shares: the event it reports, times, SMTP codes and CSV headers.

A reader only *finds* failed and deferred deliveries; the catalog classifies them (``classify``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass
class LogEvent:
    """One failed or deferred delivery to one recipient, as a log line or CSV row states it."""

    line: int
    time: datetime | None
    recipient: str | None
    diagnostic: str
    deferred: bool = False
    status: str | None = None  # the enhanced status code, when the log has its own field for it
    reply: str | None = None
    remote_host: str | None = None
    connector: str | None = None  # Exchange connector, Exim transport, Sendmail mailer, Postfix service
    # What the user is told once per run about rows like this one, by its name in the summary's
    # LABELS ("notice_" + it) and the logs page's texts: "recipients-lost" when an export lost them.
    notice: str = ""


class LogFormatError(ValueError):
    """A file that no reader knows, or that stops making sense half way."""


# --- SMTP codes -----------------------------------------------------------------------------------

# "550 5.1.1 …", "451-4.7.1 …", "550 #5.1.0 …"; a code after an IP address or a port ("[192.0.2.1]:25")
# is not a reply.
REPLY_RE = re.compile(r"(?<![\w.:\[-])([245]\d\d)(?:[ -]#?([245]\.\d{1,3}\.\d{1,3})(?![\w.])|(?=[ -]|$))")
STATUS_RE = re.compile(r"(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![\w.])")


def codes_in(text: str) -> tuple[str | None, str | None]:
    """(reply code, enhanced status) stated in an error text, either may be None."""
    reply = REPLY_RE.search(text)
    if reply:
        return reply.group(1), reply.group(2) or first_status(text[reply.end() :])
    return None, first_status(text)


def first_status(text: str) -> str | None:
    found = STATUS_RE.search(text)
    return found.group(1) if found else None


def domain_of(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    return address.rpartition("@")[2].lower() or None


# --- times ----------------------------------------------------------------------------------------

MONTHS = {
    name: number for number, name in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)
}
SYSLOG_TIME_RE = re.compile(r"([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)")
ISO_TIME_RE = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?")
# Export-Csv writes dates in the culture of the PowerShell session: "12/4/2026 10:15:02 AM" (en-US),
# "04/12/2026 10:15:02" (it-IT), "04.12.2026 10:15:02" (de-DE).
CULTURE_TIME_RE = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T](\d{1,2}):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(Z|[+-]\d\d:?\d\d)?$"
)


def parse_iso(text: str) -> datetime | None:
    text = text.strip().replace(",", ".")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":" and text[-5:].replace("+", "").replace("-", "").isdigit():
        text = text[:-2] + ":" + text[-2:]  # Exim's "+0100"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_time(text: str) -> datetime | None:
    """A timestamp as a CSV export writes it: ISO 8601, or a culture's short date and long time.

    Without AM/PM the day comes first unless that cannot be (a 24-hour clock is not en-US)."""
    text = text.strip()
    if not text:
        return None
    if ISO_TIME_RE.fullmatch(text) or (len(text) == 10 and text[4] == "-"):
        return parse_iso(text)
    found = CULTURE_TIME_RE.match(text)
    if not found:
        return None
    first, second, year, hour, minute, second_of_minute, meridiem, zone = found.groups()
    a, b, h = int(first), int(second), int(hour)
    if meridiem:
        month, day = a, b
        h = h % 12 + (12 if meridiem[0] in "Pp" else 0)
    else:
        day, month = (a, b) if a > 12 or b <= 12 else (b, a)
    try:
        when = datetime(int(year), month, day, h, int(minute), int(second_of_minute or 0))
    except ValueError:
        return None
    if zone:
        offset = parse_iso("2000-01-01T00:00:00" + zone)
        if offset is not None:
            when = when.replace(tzinfo=offset.tzinfo)
    return when


class SyslogClock:
    """Turns syslog's "Dec  4 10:15:02" (no year) into a date: the year of the file's last change,
    one less for months after that one, and one more each time the months wrap (December → January)."""

    def __init__(self, reference: datetime) -> None:
        self.reference = reference
        self.year: int | None = None
        self.last_month = 0

    def at(self, month_name: str, day: str, hour: str, minute: str, second: str) -> datetime | None:
        month = MONTHS.get(month_name)
        if month is None:
            return None
        if self.year is None:
            self.year = self.reference.year - (1 if month > self.reference.month else 0)
        elif month < self.last_month - 6:
            self.year += 1
        self.last_month = month
        try:
            return datetime(self.year, month, int(day), int(hour), int(minute), int(second))
        except ValueError:
            return None


def line_time(line: str, clock: SyslogClock) -> datetime | None:
    """The timestamp a log line starts with: syslog, RFC 3339 (rsyslog, journald) or Exim's own."""
    if line[:1].isdigit():
        found = ISO_TIME_RE.match(line)
        if found:
            zone = line[found.end() : found.end() + 6]
            text = found.group(0)
            if zone[:1] == " " and zone[1:2] in "+-" and zone[2:6].isdigit():  # Exim: "2026-12-04 10:15:02 +0100"
                text += zone[1:]
            return parse_iso(text)
        return None
    found = SYSLOG_TIME_RE.match(line)
    return clock.at(*found.groups()) if found else None


def as_comparable(when: datetime) -> datetime:
    """Times with a zone in UTC, without their zone; times written without a zone as written."""
    if when.tzinfo is not None:
        return when.astimezone(UTC).replace(tzinfo=None)
    return when


def zoned(time: str) -> bool:
    """Whether an ISO time as the readers give it ("2026-12-04T09:58:11+00:00") states its zone."""
    return time.endswith("Z") or (len(time) > 6 and time[-6] in "+-" and time[-3] == ":")


RELATIVE_RE = re.compile(r"(\d+)\s*([mhdw])")


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """--since: an ISO date or time ("2026-12-01", "2026-12-01T08:00Z") or an age ("90m", "24h", "7d", "2w")."""
    relative = RELATIVE_RE.fullmatch(text.strip().lower())
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        span = {"m": timedelta(minutes=amount), "h": timedelta(hours=amount), "d": timedelta(days=amount), "w": timedelta(weeks=amount)}[
            unit
        ]
        return as_comparable((now or datetime.now(UTC)) - span)
    when = parse_iso(text) if text[:4].isdigit() else None
    when = when or parse_time(text)
    if when is None:
        raise ValueError(f"--since {text!r}: give a date or time such as 2026-12-01 or 2026-12-01T08:00Z, or an age such as 24h or 7d")
    return as_comparable(when)


# --- CSV ------------------------------------------------------------------------------------------


def column_key(name: str) -> str:
    """One spelling for "recipient-status", "recipient_status" and "RecipientStatus"."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


def delimiter_of(header_line: str) -> str:
    """ "," as Export-Csv writes by default; ";" when saved again by a European Excel or exported with
    ``-UseCulture`` in such a locale; a tab for a tab-separated export."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in ",;\t"}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def csv_header(head: list[str]) -> list[str]:
    """The column names of a CSV export: its first line after PowerShell's "#TYPE …" (and a BOM)."""
    for line in head:
        stripped = line.lstrip("\ufeff").strip()
        if not stripped or stripped.startswith("#"):
            continue
        return [column_key(name) for name in next(csv.reader([stripped], delimiter=delimiter_of(stripped)))]
    return []


def data_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row by column key) for each row of a CSV export or of an Exchange log with a
    ``#Fields:`` header; "#" lines (PowerShell's ``#TYPE``, a log's own header lines) are skipped and
    a quoted value may span lines."""
    numbered = enumerate(lines, 1)
    header: list[str] = []
    delimiter = ","
    for _, line in numbered:
        stripped = line.lstrip("\ufeff").strip()
        if stripped.startswith("#Fields:"):
            header = [column_key(name) for name in next(csv.reader([stripped[8:].strip()]))]
            break
        if stripped and not stripped.startswith("#"):
            delimiter = delimiter_of(stripped)
            header = [column_key(name) for name in next(csv.reader([stripped], delimiter=delimiter))]
            break
    fed: list[int] = []

    def data_lines() -> Iterator[str]:
        for number, line in numbered:
            if line.startswith("#"):  # a log's header lines again (files joined with cat)
                continue
            fed.append(number)
            yield line

    for row in csv.reader(data_lines(), delimiter=delimiter):
        start = fed[0] if fed else 0
        fed.clear()
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        yield start, dict(zip(header, row, strict=False))


def led_parts(text: str) -> tuple[str, str | None, str | None]:
    """Exchange's ``Reason: [{LED=450 4.4.316 …};{MSG=};{FQDN=mx.example.com};{IP=192.0.2.1};{LRT=…}]``:
    (the last error, the remote host, its IP); a text without LED as it is."""
    led = LED_RE.search(text)
    if not led:
        return text, None, None
    fqdn = FQDN_RE.search(text)
    address = IP_RE.search(text)
    return led.group(1).strip(), (fqdn.group(1).strip() or None) if fqdn else None, (address.group(1).strip() or None) if address else None


LED_RE = re.compile(r"\{LED=(.*?)\}(?:;\{|\]|$)")
FQDN_RE = re.compile(r"\{FQDN=([^}]*)\}")
IP_RE = re.compile(r"\{IP=([^}]*)\}")


def has_columns(head: list[str], *required: str) -> bool:
    header = set(csv_header(head))
    return all(column_key(name) in header for name in required)


LineEvents = Callable[[int, str, "SyslogClock"], Iterator[LogEvent]]


def has_marker(line: str, markers: tuple[str, ...]) -> bool:
    """A substring test that rules out most lines of a log before any pattern runs."""
    for marker in markers:  # a loop, not any(): this runs for every line of a log
        if marker in line:
            return True
    return False


def line_reader(markers: tuple[str, ...], line_events: LineEvents) -> Callable[[Iterable[str], SyslogClock], Iterator[LogEvent]]:
    """The reader of a log with its deliveries one per line: only the lines that hold one of the
    format's markers reach ``line_events`` (which may take them as given)."""

    def read(lines: Iterable[str], clock: SyslogClock) -> Iterator[LogEvent]:
        for number, line in enumerate(lines, 1):
            if has_marker(line, markers):
                yield from line_events(number, line, clock)

    return read
