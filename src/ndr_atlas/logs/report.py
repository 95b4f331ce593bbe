"""What the "Analyse logs" page shows, computed where the logs are read (in the browser's worker):
the summary, and counts grouped finely enough for the page to filter by domain or code, sort, and
chart failures over time without the individual failures crossing to the page."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ndr_atlas.catalog import Catalog
from ndr_atlas.logs import Classifier, LogFormatError, LogRun
from ndr_atlas.logs.classify import LogFailure
from ndr_atlas.logs.summary import NO_CODE, Summary


@dataclass
class Group:
    count: int = 0
    deferred: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None
    first_key: Any = None
    last_key: Any = None
    # "export" for a time written without a zone by an export whose documentation does not say it
    # (the page labels it "as in the export" instead of guessing); None otherwise.
    first_note: str | None = None
    last_note: str | None = None


class LogReport:
    """Reads files one after another in steps (so the worker can report progress between them)."""

    def __init__(self, catalog: Catalog) -> None:
        self.classifier = Classifier(catalog)
        self.catalog = catalog
        self.summary = Summary()
        self.groups: dict[tuple[str, str, str, str], Group] = {}  # (code|entry, domain, remote, "host"/"connector")
        self.hours: Counter[tuple[str, str, str]] = Counter()  # (code|entry, domain, "YYYY-MM-DDTHH")
        self.errors: list[dict[str, str]] = []
        self.formats: dict[str, str] = {}
        self.run: LogRun | None = None
        self.failures: Any = None

    def open(self, path: str, name: str) -> None:
        self.run = LogRun(name, self.classifier, path=path)
        self.failures = self.run.failures()

    def step(self, budget: int = 20_000) -> str:
        """Read on until ``budget`` lines more; JSON progress: {"done", "lines", "failures", "position"}."""
        run = self.run
        assert run is not None
        stop = run.lines + budget
        try:
            for failure in self.failures:
                self.add(failure)
                if run.lines >= stop:
                    return json.dumps({"done": False, "lines": run.lines, "failures": self.summary.failures, "position": run.position()})
        except LogFormatError as exc:
            self.errors.append({"file": run.name, "error": str(exc)})
            self.summary.errors += 1
        else:
            self.summary.files += 1
            self.formats[run.name] = run.format
        self.summary.lines += run.lines
        return json.dumps({"done": True, "lines": run.lines, "failures": self.summary.failures, "position": 1.0})

    def add(self, failure: LogFailure) -> None:
        self.summary.add(failure)
        code = failure.status or failure.reply_code or NO_CODE
        # A row per code and entry, as on the command line, titled as there (summary.CodeRow).
        key = f"{code}|{failure.entry or ''}"
        remote, kind = (failure.remote_host.lower(), "host") if failure.remote_host else (failure.connector or "", "connector")
        group = self.groups.get((key, failure.domain or "", remote, kind))
        if group is None:
            group = self.groups[key, failure.domain or "", remote, kind] = Group()
        group.count += 1
        group.deferred += failure.deferred
        group.reasons[failure.reason] += 1
        if failure.when is not None and failure.time is not None:
            note = failure.time_note or None
            if group.first_key is None or failure.when < group.first_key:
                group.first_key, group.first, group.first_note = failure.when, failure.time, note
            if group.last_key is None or failure.when > group.last_key:
                group.last_key, group.last, group.last_note = failure.when, failure.time, note
            self.hours[key, failure.domain or "", failure.when.strftime("%Y-%m-%dT%H")] += 1

    def result(self) -> str:
        return json.dumps(
            {
                "summary": self.summary.to_json(""),
                "codes": {
                    f"{code}|{entry}": {"code": code, "entry": entry or None, "titles": row.titles, "page": row.page}
                    for (code, entry), row in self.summary.codes.items()
                },
                # What people read for each reason seen (the page shows the machine name beside it).
                "reasons": {reason: self.catalog.reason_titles(reason) for reason in self.summary.by_reason},
                "groups": [
                    {
                        "code": key,
                        "domain": domain,
                        "remote": remote,
                        "kind": kind,
                        "count": g.count,
                        "deferred": g.deferred,
                        "reason": g.reasons.most_common(1)[0][0],
                        "first": g.first,
                        "last": g.last,
                        "first_key": g.first_key.isoformat() if g.first_key else None,
                        "last_key": g.last_key.isoformat() if g.last_key else None,
                        "first_note": g.first_note,
                        "last_note": g.last_note,
                    }
                    for (key, domain, remote, kind), g in self.groups.items()
                ],
                "hours": [
                    [key, domain, hour, count] for (key, domain, hour), count in sorted(self.hours.items(), key=lambda item: item[0][2])
                ],
                "errors": self.errors,
                "formats": self.formats,
                # What a reader has to tell once (logs.js words it): {"notice", "files", "count"}.
                "notices": [
                    {"notice": notice, "files": list(files), "count": sum(files.values())} for notice, files in self.summary.notices.items()
                ],
            },
            ensure_ascii=False,
        )
