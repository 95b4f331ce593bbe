"""Gmail's classic text notices (``mailer-daemon@googlemail.com``, no delivery-status part):
``Delivery to the following recipient failed permanently:`` (or ``… has been delayed:``, a warning
only), the addresses indented below, then ``Technical details of permanent failure:`` with the
server Google tried (``… by mx.example.org. [192.0.2.1].``) and, after ``The error that the other
server returned was:``, the reply, sometimes ending in ``(state 14)``. The original follows
``----- Original message -----``. (Markers as Sisimai's Gmail module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import Parsed, Source, lazy_re
from ndr_atlas.formats.words import clean_diagnostic, listed_failures

START = "Delivery to the following recipient"
ENDS = ("----- Original message -----", "----- Message header follows -----")
ERROR_MARKER = "The error that the other server returned was:"
DELAYED_RE = lazy_re(r"Delivery to the following recipients? (?:has|have) been delayed")
# "… rejected by the server for the recipient domain example.org by mx.example.org. [192.0.2.1]."
TRIED_HOST_RE = lazy_re(r"\bby (?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\.? \[(?P<ip>[0-9A-Fa-f.:]{2,45})\]")


DETAILS = "Technical details of "  # "… permanent failure:" / "… temporary failure:", Gmail's own heading


def recognise(source: Source) -> bool:
    # Gmail's sender, or (a notice pasted without its headers) Gmail's own heading for the details.
    sender = "mailer-daemon@googlemail.com" in source.header("From").lower()
    return START in source.text and (sender or DETAILS in source.text)


def read(source: Source) -> Parsed | None:
    text = source.text
    failures = listed_failures(text, START, ENDS)
    if not failures:
        return None
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
