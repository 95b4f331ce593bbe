"""Postmark's refusals of inactive recipients, as its send API answers them and applications log them:
no report and no reply of a receiving server, Postmark's own words naming the addresses it will not
send to.

Postmark keeps an address "inactive" after a hard bounce, a spam complaint or a manual suppression,
and its Email API refuses a message to such an address with API error code 406 (Postmark's API
reference, "Error codes": 406 "Inactive recipient"):

    You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses:
    a@example.org, b@example.org. Inactive recipients are ones that have generated a hard bounce, a
    spam complaint, or a manual suppression.

(older releases of the API wrote "You tried to send to a recipient that has been marked as inactive"
and "… a hard bounce or a spam complaint"). When only some of the recipients are inactive the API
sends to the others and says so in the response's ``Message`` with ``ErrorCode`` 0: "Message OK, but
will not deliver to these inactive addresses: a@example.org". Postmark's client libraries pass the
sentence on whole (postmark-gem's ``InactiveRecipientError``, which takes the addresses back out of
both sentences with its own patterns; postmark-php's ``PostmarkException``; Symfony Mailer's Postmark
transport, which appends "(code 406)"), and people paste it from their logs and error trackers.

One failure per address named, with Postmark's words for the catalog; a list with no address in it
(redacted, or a placeholder) still says a recipient was refused: one failure with no recipient.
"""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, capped_evidence, lazy_re

# The sentence that names the addresses, in both forms, and the rest of its line.
NAMED_RE = lazy_re(
    r"\b(?:Found inactive addresses|will not deliver to these inactive addresses):[ \t]*(?P<list>[^\n]{0,2000})", re.IGNORECASE
)
# Where the list of addresses ends: Postmark's next sentence, or the end of a quoted string.
LIST_END_RE = lazy_re(r"\bInactive recipients\b|[\"'`\]\)}]", re.IGNORECASE)
# A list that names no address still names something (a redacted or placeholder word).
WORD_RE = lazy_re(r"\w")
# Postmark's words, for the catalog, in place of a reply no server gave.
WORDS = "Postmark did not send: the address is marked inactive (an earlier hard bounce, spam complaint or manual suppression)"
CUE = "inactive addresses"
MAX_ADDRESSES = 200


def recognise(source: Source) -> bool:
    return CUE in source.text


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    seen: set[str] = set()
    for named in NAMED_RE().finditer(source.text):
        listed = named.group("list")
        end = LIST_END_RE().search(listed)
        listed = listed[: end.start()] if end else listed
        line = named.group(0).strip()
        addresses = [found.group(0).rstrip(".") for found in ADDRESS_RE.finditer(listed)]
        if not addresses and WORD_RE().search(listed) and not failures:
            failures.append(refusal(None, line))
        for address in addresses:
            if address.lower() not in seen and len(failures) < MAX_ADDRESSES:
                seen.add(address.lower())
                failures.append(refusal(address, line))
    failures = [failure for failure in failures if failure.recipient is not None] or failures[:1]
    return Parsed("bounce", failures) if failures else None


def refusal(recipient: str | None, line: str) -> Failure:
    failure = Failure(recipient=recipient, diagnostic=WORDS, evidence=capped_evidence([line]))
    failure.final = True  # Postmark refused the message itself: nothing retries it
    return failure
