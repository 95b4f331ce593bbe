"""An MTA family Sisimai calls "X3": from ``Mail Delivery System``, subject ``Delivery status
notification``; under ``Delivery to the following recipients failed permanently:`` each recipient
as ``  * <address>``, then under ``Technical details:`` the session's error
(``SMTP:RCPT host 192.0.2.8: 553 5.3.0 …``, ``Routing: …``, ``Diagnostic-Code: smtp; …``)."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.generic import is_wrapped_rest
from ndr_atlas.formats.words import listed_failures

START = "This is an automatically generated Delivery Status Notification."
ENDS = ("Content-Type: message/rfc822",)
RECIPIENT_RE = lazy_re(r"^\s+\*\s+<?(?P<addr>" + ADDRESS_RE.pattern + r")>?\s*$")
DETAIL_RE = lazy_re(r"^(?:SMTP:[A-Z]+\s|Routing:|Diagnostic-Code:)")


def recognise(source: Source) -> bool:
    return source.header("From").lstrip('" ').startswith("Mail Delivery System") and source.header("Subject").startswith(
        "Delivery status notification"
    )


def read(source: Source) -> Parsed | None:
    failures = listed_failures(source.text, START, ENDS, RECIPIENT_RE())
    for failure in failures:  # keep the session's error, not the headings around it
        details = [
            line
            for number, line in enumerate(failure.evidence)
            if DETAIL_RE().match(line)
            or (number and DETAIL_RE().match(failure.evidence[number - 1]) and is_wrapped_rest(failure.evidence[number - 1], line))
        ]
        if details:
            failure.diagnostic = " ".join(details)
    return bounce(failures)
