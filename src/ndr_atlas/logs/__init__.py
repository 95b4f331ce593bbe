"""Mail logs and message trace exports: find every failed or deferred delivery in them and classify
it with the catalog, streaming whatever the size.

One module per format, tried in the order of ``READERS``; each has ``NAME``, ``TITLE``,
``sniff(head_lines) -> bool`` and ``read(lines, clock) -> Iterator[LogEvent]`` (CSV formats also
``COLUMNS``, named in the error for a CSV no reader knows; ``ZONELESS_TIMES = "export"`` when its times
may come without a zone that its documentation does not state; ``NO_CODES = "export"`` when it has no
error code to give). See CONTRIBUTING.md to add one.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from types import ModuleType

from ndr_atlas.catalog import Catalog
from ndr_atlas.logs import (
    asyncos,
    exchange_protocol,
    exchange_tracking,
    exim,
    exo_message_trace,
    exo_summary_report,
    exo_trace_detail,
    maddy,
    mail_syslog,
    opensmtpd,
    pmta_acct,
    postfix,
    qmail,
    sendmail,
    stalwart,
    zonemta,
)
from ndr_atlas.logs.base import ISO_TIME_RE, SYSLOG_TIME_RE, LogEvent, LogFormatError, SyslogClock, as_comparable, parse_since, zoned
from ndr_atlas.logs.classify import Classifier, LogFailure
from ndr_atlas.logs.opening import LogFile

PROGRESS_LINES = 250_000

# CSV exports first: their header says what they are; then the line-oriented logs.
READERS: tuple[ModuleType, ...] = (
    exo_trace_detail,
    exo_message_trace,
    exo_summary_report,
    exchange_tracking,
    exchange_protocol,
    pmta_acct,  # PowerMTA's accounting CSV: its header line, or records that open with their type and time
    postfix,
    exim,
    sendmail,
    opensmtpd,
    qmail,
    stalwart,
    asyncos,  # AsyncOS's own lines ("… 2026 Info: MID …") or a syslog server's copy of them
    zonemta,
    maddy,  # "name: message<TAB>{JSON}": after the readers whose lines are told by their own words
    mail_syslog,  # last: a mail log whose first lines hold no delivery of any MTA above
)


def detect(head: list[str]) -> ModuleType:
    """The reader for a file whose first lines are ``head``, or a LogFormatError saying what is known."""
    for reader in READERS:
        if reader.sniff(head):
            return reader
    known = "; ".join(reader.TITLE for reader in READERS)
    first = next((line.lstrip("\ufeff") for line in head if line.strip() and not line.lstrip("\ufeff").startswith("#")), "")
    # A CSV export's first line is its header or a record; a line that opens with a timestamp is a log's.
    stamped = SYSLOG_TIME_RE.match(first) is not None or ISO_TIME_RE.match(first) is not None
    columns = next(csv.reader([first]), []) if first.count(",") >= 2 and not stamped else []
    if len(columns) >= 3 and all(is_column_name(name) for name in columns):
        expected = "; ".join(f"{reader.TITLE}: {', '.join(reader.COLUMNS)}" for reader in READERS if hasattr(reader, "COLUMNS"))
        found = ", ".join(name.strip() for name in columns[:30])
        raise LogFormatError(f"a CSV file whose columns match no known export; found columns: {found}. Expected columns — {expected}")
    raise LogFormatError(f"not a log or export this tool knows. Known formats: {known}")


# A header's column name is short and plain: a log line cut at its commas ("QUEUEID: to=<bob@…>,
# relay=…, status=bounced (…)", a syslog line with its timestamp trimmed) has "key=value" fields and
# sentences instead, and calling them columns would send the reader looking for the wrong export.
COLUMN_NAME_CHARS = frozenset("=<>()[]{}")
COLUMN_NAME_MAX = 64


def is_column_name(name: str) -> bool:
    name = name.strip()
    return 0 < len(name) <= COLUMN_NAME_MAX and not any(char in COLUMN_NAME_CHARS for char in name)


class LogRun:
    """Reads one log: its format, and its failures classified, in order, streamed."""

    def __init__(self, name: str, classifier: Classifier, since: datetime | None = None, path: str | None = None) -> None:
        self.name = name  # as reported in results and errors
        self.path = path or name
        self.classifier = classifier
        self.since = since
        self.lines = 0
        self.format = ""
        # What a time written without a zone is, when its reader says (ZONELESS_TIMES): "export";
        # whether the format has no error code to give (NO_CODES: "export").
        self.zoneless_times = ""
        self.no_codes = ""
        self.progress: Callable[[LogRun], None] | None = None
        self.log: LogFile | None = None

    def failures(self) -> Iterator[LogFailure]:
        try:
            log = LogFile(self.path)
        except (OSError, EOFError, zlib.error) as exc:  # missing, unreadable, or a gzip file cut short or damaged at its start
            raise LogFormatError(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        self.log = log
        with log:
            if log.binary:
                raise LogFormatError("looks binary (not a text log, a CSV export, or a gzip file of one)")
            reader = detect(log.head)
            self.format = reader.NAME
            self.zoneless_times = getattr(reader, "ZONELESS_TIMES", "")
            self.no_codes = getattr(reader, "NO_CODES", "")
            try:
                for event in reader.read(self.counted(log.lines()), SyslogClock(log.modified)):
                    if self.since is not None and (event.time is None or as_comparable(event.time) < self.since):
                        continue
                    failure = self.classifier.classify(self.name, event)
                    if self.zoneless_times and failure.time is not None and not zoned(failure.time):
                        failure.time_note = self.zoneless_times
                    failure.codes_note = self.no_codes
                    yield failure
            except (EOFError, OSError, zlib.error) as exc:  # a truncated or corrupt gzip file (zlib.error: its deflate data)
                raise LogFormatError(f"stopped at line {self.lines}: {exc}") from None
            except csv.Error as exc:  # a CSV value past the csv module's field limit (128 KB): a quote left open
                raise LogFormatError(
                    f"stopped at line {self.lines}: {exc} (a CSV value longer than any export writes, or a quote left open)"
                ) from None

    def position(self) -> float:
        """How far through the file (0 to 1) reading has gone, by bytes (compressed bytes for gzip)."""
        return self.log.position() if self.log is not None else 0.0

    def counted(self, lines: Iterable[str]) -> Iterator[str]:
        for self.lines, line in enumerate(lines, 1):
            if self.progress is not None and self.lines % PROGRESS_LINES == 0:
                self.progress(self)
            yield line


def read_log(name: str, catalog: Catalog, since: datetime | None = None) -> Iterator[LogFailure]:
    """Every failed or deferred delivery of one log file, classified."""
    yield from LogRun(name, Classifier(catalog), since).failures()


__all__ = ["READERS", "Classifier", "LogEvent", "LogFailure", "LogFormatError", "LogRun", "detect", "parse_since", "read_log"]
