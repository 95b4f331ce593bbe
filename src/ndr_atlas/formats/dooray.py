"""NHN Dooray!'s failure notice ("Dooray! Failure Notice"): "Your message sent to <address> has
failed to be delivered.", then a list of items whose values stand on the line below them
("* Recipient :", "* Sent time :", "* Subject :", "* Remote host said :"), and the notice's footer
("This message was sent from a notification-only address …", "© Dooray!."). The server's words are
the lines under "Remote host said"; the notice gives no SMTP code of its own. (The layout of the
notices two Dooray! users' mailboxes sent back to GitHub's reply-by-email address, which posted them
as comments: ctgk/PRML#43, #45, #46 and run-youngjoo/SC-FEGAN#51.)"""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

TITLE = "Dooray! Failure Notice"
RECIPIENT_ITEM = "* Recipient :"
SAID_ITEM = "* Remote host said :"
# Where the server's words end: the next item, or the footer.
SAID_ENDS = ("* ", "This message was sent from", "© Dooray!", TITLE)


def recognise(source: Source) -> bool:
    return TITLE in source.notice and SAID_ITEM in source.text


def read(source: Source) -> Parsed | None:
    lines = [line.strip() for line in source.text.split("\n")]
    failures: list[Failure] = []
    recipient: str | None = None
    for index, line in enumerate(lines):
        if line == TITLE:
            recipient = None  # each notice names its own recipient
        elif line == RECIPIENT_ITEM:
            value = next((rest for rest in lines[index + 1 : index + 3] if rest), "")
            found = ADDRESS_RE.search(value)
            recipient = found.group(0) if found else None
        elif line == SAID_ITEM:
            said = []
            for rest in lines[index + 1 :]:
                if rest.startswith(SAID_ENDS):
                    break
                if rest:
                    said.append(rest)
            if said:
                failure = failure_from_words(recipient, said)
                if not any((f.recipient, f.diagnostic) == (failure.recipient, failure.diagnostic) for f in failures):
                    failures.append(failure)  # the same notice posted twice is one failure
    return bounce(failures)
