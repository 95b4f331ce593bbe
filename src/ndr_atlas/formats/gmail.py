"""Gmail's classic text notices (``mailer-daemon@googlemail.com``, no delivery-status part):
``Delivery to the following recipient failed permanently:`` (or ``… has been delayed:``, a warning
only), the addresses indented below, then ``Technical details of permanent failure:`` with the
server Google tried (``… by mx.example.org. [192.0.2.1].``) and, after ``The error that the other
server returned was:``, the reply, sometimes ending in ``(state 14)``. The original follows
``----- Original message -----``. (Markers as Sisimai's Gmail module records them.)

Before 2012 the details were one line of Gmail's own, the stage Google reached and the remote reply
after it: ``PERM_FAILURE: SMTP Error (state 16): 554 The message was rejected …`` (``TEMP_FAILURE`` in
a delay warning). Forums and blogs quote that line alone, under its heading and without the
recipient list: it is read too, a failure with no recipient, its reply code the one after the stage."""

from __future__ import annotations

from ndr_atlas.formats.base import Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.words import clean_diagnostic, listed_failures, named_command

START = "Delivery to the following recipient"
ENDS = ("----- Original message -----", "----- Message header follows -----")
ERROR_MARKER = "The error that the other server returned was:"
DELAYED_RE = lazy_re(r"Delivery to the following recipients? (?:has|have) been delayed")
# "… rejected by the server for the recipient domain example.org by mx.example.org. [192.0.2.1]."
TRIED_HOST_RE = lazy_re(r"\bby (?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\.? \[(?P<ip>[0-9A-Fa-f.:]{2,45})\]")


DETAILS = "Technical details of "  # "… permanent failure:" / "… temporary failure:", Gmail's own heading
# The older one-line details: "PERM_FAILURE: SMTP Error (state 9): 553 sorry, relaying denied …". A
# multi-line reply ("(state 12): 553-Message filtered …") is left to the generic reader, which reads
# its later lines (their status) too. The indent before it is blanks, not "\s", which crosses line
# ends: from every line start of a run of blank lines it would scan the whole run again (quadratic).
STATE_LINE_RE = lazy_re(r"(?m)^[ \t]*(?P<kind>PERM|TEMP)_FAILURE: SMTP Error \(state \d{1,2}\): (?P<reply>[45]\d\d) (?=\S).*$")


def recognise(source: Source) -> bool:
    # Gmail's sender, or (a notice pasted without its headers) Gmail's own heading for the details;
    # or the heading and the older one-line details alone.
    sender = "mailer-daemon@googlemail.com" in source.header("From").lower()
    if START in source.text:
        return sender or DETAILS in source.text
    return DETAILS in source.text and STATE_LINE_RE().search(source.text) is not None


def details_only(text: str) -> Parsed | None:
    """The older one-line details quoted without the recipient list: one failure, no recipient."""
    line = STATE_LINE_RE().search(text)
    if line is None:
        return None
    # The whole line is the diagnostic; the stage in it names the SMTP command (words.COMMAND_NAMES).
    diagnostic = clean_diagnostic(line.group(0))
    failure = Failure(None, reply=line.group("reply"), diagnostic=diagnostic, command=named_command(diagnostic))
    failure.evidence.append(line.group(0).strip())
    if line.group("kind") == "TEMP":
        failure.action = "delayed"
    return Parsed("bounce", [failure])


def read(source: Source) -> Parsed | None:
    text = source.text
    failures = listed_failures(text, START, ENDS)
    if not failures:
        return None if START in text else details_only(text)
    delayed = bool(DELAYED_RE().search(text))
    words = " ".join(text[text.find(START) :].split("\n"))
    error_at = words.find(ERROR_MARKER)
    tried = TRIED_HOST_RE().search(words)
    for failure in failures:
        if delayed:
            failure.action = "delayed"
        if error_at >= 0:
            failure.diagnostic = clean_diagnostic(words[error_at + len(ERROR_MARKER) :].split("-----")[0])
        if tried:
            failure.remote_host = tried.group("host")
    return Parsed("bounce", failures)
