"""au EZweb (``ezweb.ne.jp``, later ``au.com``): the sender ``Postmaster@ezweb.ne.jp`` (or
``@au.com``), the subject ``Mail System Error - Returned Mail``, ``Received`` lines naming
``(EZweb Mail)`` or an ``.au.com`` host, a ``Message-ID`` at those domains; at least two of these
say it is one (or, pasted without them, its own sentences beside a recipient at those domains). The failed recipients follow a line such as ``The user(s) account is disabled.`` or
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


# Pasted without its headers, the notice is told by its own sentences (Sisimai's EZweb module lists
# them: "The user(s) account is disabled.", "… temporarily over quota", "Each of the following
# recipients …", "Your message was not delivered within …") beside a recipient of au's domains on a
# line of its own, as the notice lists it.
PASTED_SENTENCES = (
    "The user(s) account is ",
    "Each of the following recipients was rejected by a remote mail server",
    "Your message was not delivered within ",
)
AU_DOMAINS = ("@ezweb.ne.jp", "@au.com")
DECISIVE_HEADINGS = ("The user(s) account is ", "Your message was not delivered within ")
PASTE_WINDOW = 20_000


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
    return sum(signs) >= 2 or is_pasted_notice(source.text[:PASTE_WINDOW])


def is_pasted_notice(text: str) -> bool:
    if not any(sentence in text for sentence in PASTED_SENTENCES):
        return False
    for line in text.split("\n"):
        found = RECIPIENT_RE().match(line) if "@" in line else None
        if found and (found.group("addr") or found.group("listed")).lower().endswith(AU_DOMAINS):
            return True
    return False


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
    # A heading that names the account's state ("disabled", "temporarily over quota") or a timeout is
    # each recipient's reason whatever its reply adds, as Sisimai's EZweb module reads it; "Each of the
    # following recipients was rejected …" decides only for a recipient with no words of its own.
    decisive = [line for line in heading if line.startswith(DECISIVE_HEADINGS)]
    read_failures = []
    for failure, block in zip(failures, blocks, strict=True):
        words = [line for line in block if line.strip()]
        read_failures.append(failure_from_words(failure.recipient, [*decisive, *words] if words else heading))
    return Parsed("bounce", read_failures) if read_failures else None
