"""Accuracy benchmark: the NDR Atlas classifier against the reference labels of the shared bounce corpus.

Run from the repository:  .venv/bin/python bench/accuracy.py [--corpus DIR] [--limit N] [--json OUT]
                          [--min-reason PCT] [--min-status PCT] [--min-recipient PCT] [--catalog catalog.json]

The classifier runs in-process (``diagnose_all`` with the compiled catalog), one corpus file at a time,
read as bytes. Every file listed in ``index.jsonl`` is scored; exact copies (``dup_of``) are scored too,
and the "distinct" figures leave them out.

Reference per file (first that applies)
---------------------------------------
1. Known non-bounces: ``sisimai/maildir/not/*`` and the bounceparser files that
   Mail::DeliveryStatus::BounceParser's own tests declare "not a bounce" (auto-replies, challenge-response
   and whitelist mails: ``NON_BOUNCE_FILES``). Expected: no failure at all.
2. ``sisimai/``: the Sisimai authors' labels (``labels/expected-sisimai-authors.jsonl``, Sisimai 5 reason
   names), reached through ``index.jsonl`` ``expected`` so that ``dos/`` and ``mac/`` copies get the labels
   of their ``bsd/`` original (``expected.from_file``). Those labels have a recipient *index*, not an
   address: the address is taken from the Sisimai 4.25 rows of ``from_file`` when 4.25 found as many
   recipients as the authors list (same order), else the row has no address.
3. ``sisimai/`` without authors' labels, and ``bounceparser/``: Sisimai 4.25's output
   (``labels/sisimai-4.25.jsonl``), counted separately as "4.25-labelled". A copy for which 4.25 returned
   nothing (4.25 reads no CR-only file) uses the 4.25 rows of its original (``dup_of``). Sisimai 4.25
   uses older reason names; a Sisimai 5 name that was split out of a 4.25 name is accepted for it
   (``SPLIT_FROM``, from the Sisimai 5 README): authfailure, notcompliantrfc, speeding and
   failedstarttls for 4.25 securityerror; badreputation and requireptr for 4.25 blocked.
4. ``flufl-bounce/``: the addresses flufl.bounce's own tests expect (``index.jsonl`` ``expected``,
   from ``labels/expected-flufl-tests.json``): recipient agreement only. A test expecting no address
   (``simple_42``, ``groupwise_03``: "none from this detector") leaves the file unlabelled.
5. Anything else (4.25 returned nothing and no other label): unlabelled, not scored; the count of such
   files where we report failures is printed.

Reference rows whose reason is ``feedback``, ``vacation`` or ``delivered`` are not failures: a file
whose rows are all such is expected to give no failure (non-bounce), and our report ``kind`` should
name the same thing (the "kind" metric).

Scoring
-------
* Pairing: our results (all messages of the file pooled) are paired with the reference failure rows
  (a) by recipient address, case-insensitive, each result used once; (b) reference rows without an
  address take the remaining results in order; (c) if then exactly one reference row and one result are
  left (in particular: the reference has one recipient and we have one), they are paired even though
  the addresses differ.
* recipient: a reference row is *found* when paired, else *missed* (counts against every metric of the
  row). Results left unpaired are *extra* (reported as a count and listed). "address" is the share of
  paired rows whose address is the same (case-insensitive), over rows whose reference has an address.
* reason: our ``reason`` equals the reference reason (plus ``SPLIT_FROM`` for 4.25 rows). Rows whose
  reference reason is ``onhold`` or ``undefined`` (the peer could not decide) are not scored.
* status: our enhanced status code equals the reference ``deliverystatus`` exactly (whether ours was
  stated or inferred). Not scored where the reference has none or carries a Sisimai-invented code
  (``x.0.9xx``).
* reply_code: equal SMTP reply codes; not scored where the reference has none.
* hard_bounce: our ``hard_bounce`` equals the reference's (Sisimai's definition: only userunknown,
  hostunknown, hasmoved, notaccept … are hard); not scored where the reference has none (4.25
  ``softbounce`` −1, flufl).
* non-bounce: a file expected to give no failure scores right when our report has no result.
* newline copies: a CRLF (``dos/``) or CR (``mac/``) file whose ``dup_of`` is a file with other newlines
  must give exactly the same answer (kind and every result field) as that original.

Figures are agreement percentages with their n, overall, for distinct emails, per label source, per
corpus and per MTA family (``index.jsonl`` ``family``).

Tune / holdout split
--------------------
Every file is put in the "tune" or the "holdout" part by its source family (``index.jsonl``
``split_family``: the MTA family, with copies in ``dos/`` and ``mac/`` always beside their
original), by a hash of the family name and a fixed seed (``SPLIT_SEED``): about
``HOLDOUT_SHARE`` of the families are held out, whole. Parser and catalog work looks at the tune
part only; the holdout part is scored to see whether a change generalises. The report prints both
and the gap (tune minus holdout, in points); a gap that grows means rules fit messages, not formats. They are agreement with peers, not accuracy
against ground truth: neither peer is always right.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pasted import forwarded_inline, visible_text  # bench/pasted.py, beside this script

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.cli import public_json
from ndr_atlas.diagnose import InputError, diagnose_all

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

NON_FAILURE_REASONS = frozenset({"feedback", "vacation", "delivered"})
UNDECIDED_REASONS = frozenset({"onhold", "undefined"})
INVENTED_STATUS_RE = re.compile(r"^[245]\.0\.9\d\d$")
# Sisimai 5 reason -> the Sisimai 4.25 reasons it was split out of.
SPLIT_FROM: dict[str, frozenset[str]] = {
    "authfailure": frozenset({"securityerror"}),
    "notcompliantrfc": frozenset({"securityerror"}),
    "speeding": frozenset({"securityerror"}),
    "failedstarttls": frozenset({"securityerror"}),
    "badreputation": frozenset({"blocked"}),
    "requireptr": frozenset({"blocked"}),
}
# Not bounces according to Mail::DeliveryStatus::BounceParser's tests (t/*.t: is_bounce => 0) or plainly
# not a report (spam-with-badly-parsed-email.msg is a spam mail).
NON_BOUNCE_FILES = frozenset(
    {
        "bounceparser/aol-vacation.msg",
        "bounceparser/autoreply.msg",
        "bounceparser/boxbe-cr.msg",
        "bounceparser/boxbe-cr2.msg",
        "bounceparser/whitelist.msg",
        "bounceparser/spam-with-badly-parsed-email.msg",
    }
)
# The tune / holdout split: fixed, so that figures compare from one session to the next.
SPLIT_SEED = "ndr-atlas-split-2026-12"
HOLDOUT_SHARE = 0.3
METRICS = ("recipient", "address", "reason", "status", "reply_code", "hard_bounce")


@dataclass
class RefRow:
    recipient: str | None
    reason: str | None = None
    status: str | None = None
    reply: str | None = None
    hard: bool | None = None


@dataclass
class Case:
    id: str
    corpus: str
    family: str
    newline: str
    dup_of: str | None
    source: str  # authors, 4.25, flufl, non-bounce, unlabelled
    split: str = "tune"  # tune / holdout (split_of)
    rows: list[RefRow] = field(default_factory=list)
    kind: str | None = None  # feedback / vacation / delivered when the reference says so


@dataclass
class Answer:
    kind: str
    results: list[dict[str, Any]]
    error: str | None = None


@dataclass
class Disagreement:
    file: str
    family: str
    recipient: str
    field: str
    expected: str
    got: str

    def as_dict(self) -> dict[str, str]:
        return self.__dict__.copy()


class Tally:
    """Agreement counts per scope ("overall", "corpus:sisimai", "family:…") and metric."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))

    def add(self, scopes: Iterable[str], metric: str, ok: bool) -> None:
        for scope in scopes:
            cell = self.counts[scope][metric]
            cell[0] += int(ok)
            cell[1] += 1

    def get(self, scope: str, metric: str) -> tuple[int, int]:
        cell = self.counts.get(scope, {}).get(metric)
        return (cell[0], cell[1]) if cell else (0, 0)

    def pct(self, scope: str, metric: str) -> float | None:
        ok, n = self.get(scope, metric)
        return 100.0 * ok / n if n else None

    def as_dict(self) -> dict[str, dict[str, dict[str, float | int | None]]]:
        return {
            scope: {m: {"agree": c[0], "n": c[1], "pct": round(100.0 * c[0] / c[1], 2) if c[1] else None} for m, c in metrics.items()}
            for scope, metrics in sorted(self.counts.items())
        }


def norm_addr(address: str | None) -> str:
    return (address or "").strip().strip("<>").strip().lower()


def split_of(family: str) -> str:
    """ "holdout" for about HOLDOUT_SHARE of the source families, chosen by a seeded hash; else "tune"."""
    digest = hashlib.sha256(f"{SPLIT_SEED}:{family}".encode()).digest()
    return "holdout" if int.from_bytes(digest[:4], "big") < HOLDOUT_SHARE * 2**32 else "tune"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build_cases(corpus: Path) -> list[Case]:
    index = read_jsonl(corpus / "index.jsonl")
    by_id = {row["id"]: row for row in index}
    peer: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in read_jsonl(corpus / "labels" / "sisimai-4.25.jsonl"):
        if not row.get("noresult"):
            peer[row["file"]].append(row)
    cases = []
    for item in index:
        case = Case(item["id"], item["corpus"], item.get("family") or "?", item.get("newline") or "lf", item.get("dup_of"), "unlabelled")
        case.split = split_of(item.get("split_family") or item.get("family") or "?")
        expected = item.get("expected") or {}
        if item["id"] in NON_BOUNCE_FILES or item["id"].startswith("sisimai/maildir/not/"):
            case.source = "non-bounce"
        elif item["corpus"] == "sisimai" and expected.get("rows"):
            case.source = "authors"
            rows = sorted(expected["rows"], key=lambda r: r.get("index", 0))
            original = peer.get(expected.get("from_file") or item["id"], [])
            addresses = [r.get("recipient") for r in original] if len(original) == len(rows) else [None] * len(rows)
            for row, address in zip(rows, addresses, strict=True):
                add_row(
                    case,
                    RefRow(
                        address,
                        row.get("reason") or None,
                        row.get("deliverystatus") or None,
                        row.get("replycode") or None,
                        row.get("hardbounce"),
                    ),
                )
        elif item["corpus"] in ("sisimai", "bounceparser") and (peer.get(item["id"]) or peer.get(item.get("dup_of") or "")):
            case.source = "4.25"
            for row in peer.get(item["id"]) or peer[item["dup_of"]]:
                add_row(
                    case,
                    RefRow(
                        row.get("recipient"),
                        row.get("reason") or None,
                        row.get("deliverystatus") or None,
                        row.get("replycode") or None,
                        row.get("hardbounce"),
                    ),
                )
        elif item["corpus"] == "flufl-bounce" and expected.get("addresses"):
            case.source = "flufl"
            seen: set[str] = set()
            for address in expected["addresses"]:
                if norm_addr(address) not in seen:
                    seen.add(norm_addr(address))
                    case.rows.append(RefRow(address))
        if case.source not in ("non-bounce", "unlabelled") and not case.rows and case.kind is None:
            case.source = "unlabelled"
        cases.append(case)
    missing = [c.dup_of for c in cases if c.dup_of and c.dup_of not in by_id]
    if missing:
        raise SystemExit(f"index.jsonl names unknown dup_of ids: {missing[:3]}")
    return cases


def add_row(case: Case, row: RefRow) -> None:
    if row.reason in NON_FAILURE_REASONS:
        case.kind = case.kind or row.reason
    else:
        case.rows.append(row)


def run_classifier(
    corpus: Path, cases: list[Case], catalog: Catalog, as_pasted: bool = False, forwarded: bool = False
) -> tuple[dict[str, Answer], float]:
    answers = {}
    started = time.perf_counter()
    for number, case in enumerate(cases):
        data = (corpus / "emails" / case.id).read_bytes()
        given: bytes | str = data
        if as_pasted or forwarded:
            given = visible_text(data)
            given = forwarded_inline(given, number) if forwarded else given
        answers[case.id] = answer_of(given, catalog)
    return answers, time.perf_counter() - started


def answer_of(given: bytes | str, catalog: Catalog) -> Answer:
    """The classifier's answer for one file (every message of an mbox pooled), as scored here."""
    try:
        reports = diagnose_all(given, catalog)
    except InputError as exc:
        return Answer("error", [], str(exc))
    results: list[dict[str, Any]] = []
    for report in reports:
        results.extend(cast(list[dict[str, Any]], public_json(report)["results"]))
    kinds = [report.kind for report in reports]
    return Answer("bounce" if results else (kinds[0] if kinds else "not-bounce"), results)


def pair(rows: list[RefRow], results: list[dict[str, Any]]) -> tuple[dict[int, int], list[int]]:
    """Reference row index -> result index, and the unpaired (extra) result indexes."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for i, row in enumerate(rows):
        if not row.recipient:
            continue
        for j, result in enumerate(results):
            if j not in used and result.get("recipient") and norm_addr(result["recipient"]) == norm_addr(row.recipient):
                pairs[i] = j
                used.add(j)
                break
    free = [j for j in range(len(results)) if j not in used]
    for i, row in enumerate(rows):
        if i not in pairs and not row.recipient and free:
            pairs[i] = free.pop(0)
            used.add(pairs[i])
    left = [i for i in range(len(rows)) if i not in pairs]
    free = [j for j in range(len(results)) if j not in used]
    if len(left) == 1 and len(free) == 1:
        pairs[left[0]] = free[0]
        used.add(free[0])
    return pairs, [j for j in range(len(results)) if j not in used]


def describe(result: dict[str, Any]) -> str:
    status = (result.get("status") or "-") + ("~" if result.get("status_inferred") else "")
    return f"{result.get('recipient') or '?'} {result.get('reply_code') or '-'} {status} {result.get('reason')}"


def signature(answer: Answer) -> str:
    return json.dumps({"kind": answer.kind, "error": answer.error, "results": answer.results}, sort_keys=True, ensure_ascii=False)


def score(cases: list[Case], answers: dict[str, Answer]) -> tuple[Tally, list[Disagreement], dict[str, Any]]:
    tally = Tally()
    wrong: list[Disagreement] = []
    extra = Counter[str]()
    unlabelled = Counter[str]()
    by_id = {c.id: c for c in cases}
    for case in cases:
        answer = answers[case.id]
        scopes = ["overall", f"split:{case.split}", f"source:{case.source}", f"corpus:{case.corpus}", f"family:{case.family}"]
        if case.dup_of is None:
            scopes.append("distinct")
        results = answer.results
        if case.dup_of and case.dup_of in answers and by_id[case.dup_of].newline != case.newline:
            same = signature(answer) == signature(answers[case.dup_of])
            tally.add(["overall", f"split:{case.split}", f"newline:{case.newline}"], "newline_copy", same)
            if not same:
                wrong.append(
                    Disagreement(
                        case.id,
                        case.family,
                        "*",
                        "newline-copy",
                        f"same as {case.dup_of}",
                        "; ".join(describe(r) for r in results) or answer.kind,
                    )
                )
        if case.source == "unlabelled":
            unlabelled["files"] += 1
            unlabelled["with_failures"] += bool(results)
            continue
        if case.source == "non-bounce" or (case.kind and not case.rows):
            tally.add(scopes, "non_bounce", not results)
            if results:
                wrong.append(
                    Disagreement(
                        case.id,
                        case.family,
                        "*",
                        "non-bounce",
                        f"no failure ({case.kind or 'not a bounce'})",
                        "; ".join(describe(r) for r in results),
                    )
                )
            if case.kind and not case.rows:
                tally.add(scopes, "kind", answer.kind == case.kind)
                if answer.kind != case.kind:
                    wrong.append(Disagreement(case.id, case.family, "*", "kind", case.kind, answer.kind))
            continue
        pairs, extras = pair(case.rows, results)
        for i, row in enumerate(case.rows):
            got = results[pairs[i]] if i in pairs else None
            who = row.recipient or f"#{i + 1}"
            tally.add(scopes, "recipient", got is not None)
            if got is None:
                why = f" ({answer.kind}{': ' + answer.error if answer.error else ''})" if not results else ""
                wanted = f"{row.recipient or '?'} {row.reply or '-'} {row.status or '-'} {row.reason or ''}".strip()
                wrong.append(Disagreement(case.id, case.family, who, "recipient", wanted, "missed" + why))
            elif row.recipient and got.get("recipient") is not None:
                same = norm_addr(row.recipient) == norm_addr(got.get("recipient"))
                tally.add(scopes, "address", same)
                if not same:
                    wrong.append(Disagreement(case.id, case.family, who, "address", row.recipient, str(got.get("recipient"))))
            elif row.recipient:
                tally.add(scopes, "address", False)
                wrong.append(Disagreement(case.id, case.family, who, "address", row.recipient, "(none)"))
            if row.reason and row.reason not in UNDECIDED_REASONS:
                ours = got.get("reason") if got else None
                ok = ours == row.reason or (case.source == "4.25" and ours is not None and row.reason in SPLIT_FROM.get(ours, ()))
                extra["reason_via_split_from"] += ok and ours != row.reason
                tally.add(scopes, "reason", ok)
                if got and not ok:
                    entry = got.get("entry") or "no entry"
                    wrong.append(Disagreement(case.id, case.family, who, "reason", row.reason, f"{ours} [{entry}]"))
            if row.status and not INVENTED_STATUS_RE.match(row.status):
                ours = got.get("status") if got else None
                tally.add(scopes, "status", ours == row.status)
                if got and ours != row.status:
                    wrong.append(
                        Disagreement(
                            case.id,
                            case.family,
                            who,
                            "status",
                            row.status,
                            f"{ours or '-'}{' (inferred)' if got.get('status_inferred') else ''}",
                        )
                    )
            if row.reply:
                ours = got.get("reply_code") if got else None
                tally.add(scopes, "reply_code", ours == row.reply)
                if got and ours != row.reply:
                    wrong.append(Disagreement(case.id, case.family, who, "reply_code", row.reply, str(ours or "-")))
            if row.hard is not None:
                ours_hard = got.get("hard_bounce") if got else None
                tally.add(scopes, "hard_bounce", ours_hard == row.hard)
                if got and ours_hard != row.hard:
                    wrong.append(
                        Disagreement(
                            case.id,
                            case.family,
                            who,
                            "hard_bounce",
                            "hard" if row.hard else "soft",
                            f"{'hard' if ours_hard else 'soft'} ({got.get('reason')})",
                        )
                    )
        for j in extras:
            extra["overall"] += 1
            extra[f"corpus:{case.corpus}"] += 1
            extra[f"split:{case.split}"] += 1
            extra[f"family:{case.family}"] += 1
            wrong.append(Disagreement(case.id, case.family, str(results[j].get("recipient") or "?"), "extra", "-", describe(results[j])))
    split_mapped = extra.pop("reason_via_split_from", 0)
    return tally, wrong, {"extra": dict(extra), "unlabelled": dict(unlabelled), "reason_via_split_from": split_mapped}


def fmt(tally: Tally, scope: str, metric: str) -> str:
    ok, n = tally.get(scope, metric)
    return f"{100.0 * ok / n:5.1f}% {n:>4}" if n else f"{'-':>6} {0:>4}"


def pattern_of(d: Disagreement) -> tuple[str, str, str]:
    """A disagreement reduced to what repeats: field, expected value, got value (no addresses)."""
    if d.field in ("reason", "status", "hard_bounce", "kind"):
        return d.field, d.expected, d.got.split(" ")[0]
    if d.field == "recipient":
        return d.field, "", d.got.split(":")[0].rstrip(")") + (")" if "(" in d.got else "")
    if d.field == "extra":
        return d.field, "", d.got.split(" ")[-1]
    if d.field in ("reply_code", "address"):
        return d.field, "", "none" if d.got in ("-", "(none)") else "differs"
    return d.field, "", ""


def show_pattern(key: tuple[str, str, str]) -> str:
    field_name, expected, got = key
    return f"{field_name}: {expected} -> {got}" if expected else f"{field_name}: {got}".rstrip(": ")


def split_gaps(tally: Tally) -> dict[str, float]:
    """Per metric, tune agreement minus holdout agreement (points); metrics either part lacks are left out."""
    gaps = {}
    for metric in METRICS:  # non-bounce files are too few to split (the holdout part has one)
        tune, holdout = tally.pct("split:tune", metric), tally.pct("split:holdout", metric)
        if tune is not None and holdout is not None:
            gaps[metric] = round(tune - holdout, 2)
    return gaps


def split_counts(cases: list[Case]) -> str:
    files = Counter(c.split for c in cases)
    return ", ".join(f"{part}: {files[part]} files" for part in ("tune", "holdout"))


def print_report(
    cases: list[Case], tally: Tally, wrong: list[Disagreement], extra: dict[str, Any], seconds: float, limit: int, all_parts: bool = False
) -> None:
    out = sys.stdout.write
    sources = Counter(c.source for c in cases)
    out(
        f"NDR Atlas accuracy: {len(cases)} files in {seconds:.2f} s ({len(cases) / seconds:.0f} files/s); "
        f"reference: {', '.join(f'{k} {v}' for k, v in sorted(sources.items()))}\n\n"
    )
    head = f"{'scope':<34}" + "".join(f"{m:>12}" for m in METRICS) + f"{'extra':>7}{'non-bounce':>12}\n"
    out("Agreement (percent, n):\n" + head)
    scopes = [
        "overall",
        "distinct",
        "split:tune",
        "split:holdout",
        "source:authors",
        "source:4.25",
        "source:flufl",
        "source:non-bounce",
        "corpus:sisimai",
        "corpus:flufl-bounce",
        "corpus:bounceparser",
    ]
    families = sorted({c.family for c in cases})
    rows = [*scopes, *(f"family:{f}" for f in families)]
    for scope in rows:
        if scope.startswith("family:") and scope == "family:" + families[0]:
            out("\nPer MTA family:\n" + head)
        if not tally.counts.get(scope):
            continue
        out(
            f"{scope:<34}"
            + "".join(f"{fmt(tally, scope, m):>12}" for m in METRICS)
            + f"{extra['extra'].get(scope, 0) if scope != 'distinct' and not scope.startswith('source') else '':>7}"
            + f"{fmt(tally, scope, 'non_bounce'):>12}\n"
        )
    out(
        "Tune / holdout gap (points, tune minus holdout): "
        + ", ".join(f"{m} {g:+.1f}" for m, g in split_gaps(tally).items())
        + f"  [{split_counts(cases)}]\n"
    )
    out(
        "\nNon-bounce correctness (no failure reported): "
        + fmt(tally, "overall", "non_bounce").strip()
        + ";  kind named right (feedback/vacation/delivered): "
        + fmt(tally, "overall", "kind").strip()
        + "\n"
    )
    out(
        "Newline copies giving the same answer as their original: "
        + fmt(tally, "overall", "newline_copy").strip()
        + f"  (CRLF {fmt(tally, 'newline:crlf', 'newline_copy').strip()}, CR {fmt(tally, 'newline:cr', 'newline_copy').strip()})\n"
    )
    out(f"4.25-labelled reasons accepted through SPLIT_FROM (Sisimai 5 name for a 4.25 one): {extra['reason_via_split_from']}\n")
    un = extra["unlabelled"]
    out(f"Unlabelled files (not scored): {un.get('files', 0)}, of which we report failures for {un.get('with_failures', 0)}\n")

    if not all_parts:  # what is wrong in the holdout part is not for tuning: only its figures are shown
        held = {c.id for c in cases if c.split == "holdout"}
        wrong = [d for d in wrong if d.file not in held]
        out("\nDisagreements below are of the tune part only (--all-parts lists the holdout part's too).\n")
    patterns = Counter[tuple[str, str, str]]()
    examples: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for d in wrong:
        key = pattern_of(d)
        patterns[key] += 1
        if d.file not in examples[key]:
            examples[key].append(d.file)
    out("\nTop disagreement patterns (count, field: expected -> got, example files):\n")
    for key, n in patterns.most_common(20):
        names = list(dict.fromkeys(Path(f).name for f in examples[key]))
        out(f"  {n:>4}  {show_pattern(key)}  e.g. {', '.join(names[:3])}\n")
    per_family: dict[str, Counter[tuple[str, str, str]]] = defaultdict(Counter)
    for d in wrong:
        per_family[d.family][pattern_of(d)] += 1
    out("\nFamilies with the most disagreements (top patterns):\n")
    for family, counter in sorted(per_family.items(), key=lambda item: -sum(item[1].values()))[:15]:
        top = "; ".join(f"{show_pattern(k)} x{n}" for k, n in counter.most_common(3))
        out(f"  {sum(counter.values()):>4}  {family}: {top}\n")

    shown = wrong if limit <= 0 else wrong[:limit]
    out(f"\nDisagreements ({len(wrong)}; showing {len(shown)}; --limit 0 for all):\n")
    for d in shown:
        out(f"  {d.file}  [{d.recipient}]  {d.field}: expected {d.expected!s}  got {d.got!s}\n")


def open_corpus(corpus: Path, catalog_path: Path | None, tool: str) -> tuple[Catalog, list[Case]] | None:
    """The catalog and the corpus's labelled cases, or None after saying on stderr which is missing."""
    if not (corpus / "index.jsonl").exists():
        print(f"{tool}: no corpus at {corpus} (index.jsonl missing)", file=sys.stderr)
        return None
    try:
        catalog = load_catalog(catalog_path)
    except Exception as exc:  # a broken catalog under concurrent edits: say so rather than crash
        print(f"{tool}: cannot load the catalog: {exc}", file=sys.stderr)
        return None
    return catalog, build_cases(corpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Accuracy of the NDR Atlas classifier against the shared corpus labels.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"corpus folder (default {DEFAULT_CORPUS})")
    parser.add_argument("--catalog", help="compiled catalog.json to use instead of the packaged one")
    parser.add_argument("--limit", type=int, default=50, help="disagreements to list (0: all)")
    parser.add_argument("--all-parts", action="store_true", help="list the holdout part's disagreements too (not for tuning)")
    parser.add_argument("--json", dest="json_out", type=Path, help="write every figure and disagreement to this JSON file")
    parser.add_argument(
        "--as-pasted", action="store_true", help="score each bounce as pasted from a mail client: its readable text only (bench/pasted.py)"
    )
    parser.add_argument(
        "--as-forwarded",
        action="store_true",
        help="as --as-pasted, quoted in a user's inline forward (Outlook's header block, English or Italian)",
    )
    parser.add_argument("--min-reason", type=float, help="exit 1 if overall reason agreement (percent) is below this")
    parser.add_argument("--min-status", type=float, help="exit 1 if overall status agreement (percent) is below this")
    parser.add_argument("--min-recipient", type=float, help="exit 1 if overall recipient agreement (percent) is below this")
    args = parser.parse_args(argv)
    opened = open_corpus(args.corpus, args.catalog, "accuracy")
    if opened is None:
        return 2
    catalog, cases = opened
    answers, seconds = run_classifier(args.corpus, cases, catalog, args.as_pasted, args.as_forwarded)
    tally, wrong, extra = score(cases, answers)
    print_report(cases, tally, wrong, extra, seconds, args.limit, args.all_parts)
    split = {c.id: c.split for c in cases}
    if args.json_out:
        args.json_out.write_text(
            json.dumps(
                {
                    "files": len(cases),
                    "seconds": round(seconds, 3),
                    "catalog_entries": len(catalog.entries),
                    "figures": tally.as_dict(),
                    "split": {
                        "seed": SPLIT_SEED,
                        "holdout_share": HOLDOUT_SHARE,
                        "gap": split_gaps(tally),
                        "files": dict(Counter(c.split for c in cases)),
                    },
                    "extra": extra["extra"],
                    "unlabelled": extra["unlabelled"],
                    "reason_via_split_from": extra["reason_via_split_from"],
                    "disagreements": [{**d.as_dict(), "split": split[d.file]} for d in wrong],
                },
                indent=1,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
    failed = []
    for metric, minimum in (("reason", args.min_reason), ("status", args.min_status), ("recipient", args.min_recipient)):
        value = tally.pct("overall", metric)
        if minimum is not None and (value is None or value < minimum):
            failed.append(f"{metric} {value if value is None else round(value, 1)}% < {minimum}%")
    if failed:
        print("\naccuracy below the minimum: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
