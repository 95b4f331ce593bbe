"""qmail-send's log (qmail-log(5), section DELIVERIES), pasted when mail bounced or waits in the queue:

    starting delivery 245: msg 1182204 to remote bob@example.org
    delivery 245: failure: 192.0.2.7_does_not_like_recipient./Remote_host_said:_550_5.1.1_<bob@example.org>..._User_unknown/Giving_up_on_192.0.2.7./
    delivery 246: deferral: Sorry,_I_wasn't_able_to_establish_an_SMTP_connection._(#4.4.1)/

"failure" is a delivery that failed for good (the message bounces), "deferral" one that failed for
now (the recipient is tried again later); the "starting delivery" line with the same number names
the recipient. qmail-send writes the report of qmail-lspawn or qmail-rspawn on one line, a space as
"_" and a line break as "/" (the report's lines are qmail-remote's and qmail-local's own words, the
remote server's reply among them). Backed by qmail-log(5) and such lines pasted in notqmail's issues
(notqmail/notqmail#244: "delivery 245: failure: Unable_to_run_qmail-remote./")."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words, gave_up

# A delivery's end: "success" too, which ``logs.qmail`` reads to let go of the delivery's recipient.
OUTCOME_RE = lazy_re(r"\bdelivery (?P<number>\d{1,12}): (?P<outcome>success|failure|deferral): ?(?P<report>[^\n]{0,4000})")
STARTING_RE = lazy_re(r"\bstarting delivery (?P<number>\d{1,12}): msg \d{1,20} to (?:local|remote) (?P<addr>" + ADDRESS_RE.pattern + ")")
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    text = source.text
    return ": failure: " in text or ": deferral: " in text


def report_lines(report: str) -> list[str]:
    """The lines of a report as qmail-send logs it on one line: "/" ends a line, "_" is a space."""
    return [line for line in (part.replace("_", " ").strip() for part in report.split("/")) if line]


def read(source: Source) -> Parsed | None:
    text = source.text
    recipients = {found.group("number"): found.group("addr") for found in STARTING_RE().finditer(text)}
    failures: list[Failure] = []
    for found in OUTCOME_RE().finditer(text):
        if found.group("outcome") == "success":
            continue
        failure = failure_from_words(recipients.get(found.group("number")), report_lines(found.group("report")))
        failure.evidence = [found.group(0).strip()]
        if found.group("outcome") == "deferral" and not gave_up(failure):
            failure.action = "delayed"  # qmail-send keeps the message and tries the recipient again
        failures.append(failure)
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(failures)
