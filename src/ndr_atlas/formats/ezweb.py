"""au EZweb (``ezweb.ne.jp``, later ``au.com``): the sender ``Postmaster@ezweb.ne.jp`` (or
``@au.com``), the subject ``Mail System Error - Returned Mail``, ``Received`` lines naming
``(EZweb Mail)`` or an ``.au.com`` host, a ``Message-ID`` at those domains; at least two of these
say it is one. The failed recipients follow a line such as ``The user(s) account is disabled.`` or
``Each of the following recipients was rejected by a remote mail server.`` as ``<address>``,
``<address>: reply`` or ``Recipient: <address>`` with the session after ``>>>`` / ``<<<``; the
original comes after a rule of dashes. (Markers as Sisimai's EZweb module records them.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re
from ndr_atlas.formats.words import before_marker, failure_from_words

STARTS = ("The user(s) ", "Your message ", "Each of the following", "<")
ENDS = ("-" * 50, "Content-Type: message/rfc822")
RECIPIENT_RE = lazy_re(
    r"^(?:<(?P<addr>" + ADDRESS_RE.pattern + r")>:?\s*(?P<rest>.*)|\s+Recipient:\s*<(?P<listed>" + ADDRESS_RE.pattern + r")>)$"
)


def recognise(source: Source) -> bool:
    sender = source.header("From").lower()
    head = source.head
    message_id = source.header("Message-ID").strip().lower()
    signs = (
        "postmaster@ezweb.ne.jp" in sender or "postmaster@au.com" in sender,
        source.header("Subject").strip() == "Mail System Error - Returned Mail",
        "ezweb.ne.jp (EZweb Mail) with" in head or ".au.com (" in head,
        message_id.endswith((".ezweb.ne.jp>", ".au.com>")),
    )
    return sum(signs) >= 2


def read(source: Source) -> Parsed | None:
    lines = before_marker(source.text, ENDS).split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(STARTS)), None)
    if start is None:
        return None
    # The explanation above the list ("The user(s) account is disabled.") is every recipient's reason.
    heading = [line for line in lines[start:] if line.strip() and not RECIPIENT_RE().match(line)][:2]
    failures: list[Failure] = []
    blocks: list[list[str]] = []
    for line in lines[start:]:
        found = RECIPIENT_RE().match(line)
        if found:
            failures.append(Failure(found.group("addr") or found.group("listed")))
            blocks.append([found.group("rest") or ""])
        elif blocks and line.strip():
            blocks[-1].append(line)
    read_failures = []
    for failure, block in zip(failures, blocks, strict=True):
        words = [line for line in block if line.strip()]
        read_failures.append(failure_from_words(failure.recipient, words or heading))
    return Parsed("bounce", read_failures) if read_failures else None
