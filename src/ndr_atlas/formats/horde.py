"""Horde_Smtp's fixed sentences, as applications built on it log a refused message (Nextcloud Mail,
Horde IMP): no report and no server text, only the sentence the library put in place of the reply.

Horde_Smtp_Exception::setSmtpCode (horde/Smtp, lib/Horde/Smtp/Exception.php) replaces the server's
own words by a sentence of its own for some reply codes, whatever the server said:

    550  Message could not be delivered - the address was not found, is unknown, or is not receiving messages.
    554  Server is not accepting SMTP connections.
    530  Server requires authentication.

(and for 450, 452 and 454, temporary replies, "Mailbox unavailable.", "Insufficient system storage."
and "Could not open secure TLS connection to the server."). Nextcloud Mail logs the exception's
message after its own "Could not send message: ". So the sentence tells the reply code and nothing
more: the 550 sentence stands for every 550 reply (an unknown user, a relay refusal, a spam block
alike), and its words are not the server's. The failure keeps the code and the sentence, and its
reason is what a bare reply code says. The sentences of 550 and 554 are Horde's own wording and are
read wherever they appear; "Server requires authentication." is common words, read only beside a
Horde exception's class name. The temporary ones are left: a delay needs no reading. Backed by
Horde_Smtp's source (the three versions of Exception.php seen) and by a Nextcloud Mail server log
quoting the 550 sentence after a message to a non-existent address (nextcloud/mail issue 9498)."""

from __future__ import annotations

from ndr_atlas.formats.base import Failure, Parsed, Source, capped_evidence
from ndr_atlas.formats.blocks import bounce

# Horde's sentence → the reply code it replaced.
OWN_SENTENCES = {
    "Message could not be delivered - the address was not found, is unknown, or is not receiving messages.": "550",
    "Server is not accepting SMTP connections.": "554",
}
CUED_SENTENCES = {"Server requires authentication.": "530"}
# The class names of Horde's mail exceptions, as a stack trace or a log's "exception" field prints them.
HORDE_CUES = ("Horde_Smtp_Exception", "Horde_Mail_Exception")
MAX_LINE = 1_000


def recognise(source: Source) -> bool:
    return any(sentence in source.text for sentence in OWN_SENTENCES) or (
        any(cue in source.text for cue in HORDE_CUES) and any(sentence in source.text for sentence in CUED_SENTENCES)
    )


def sentences(text: str) -> dict[str, str]:
    found = {sentence: reply for sentence, reply in OWN_SENTENCES.items() if sentence in text}
    if any(cue in text for cue in HORDE_CUES):
        found.update({sentence: reply for sentence, reply in CUED_SENTENCES.items() if sentence in text})
    return found


def read(source: Source) -> Parsed | None:
    failures: list[Failure] = []
    for sentence, reply in sentences(source.text).items():
        # The line that quotes it (a log's JSON field, an exception's message) is the evidence.
        start = source.text.rfind("\n", 0, source.text.index(sentence)) + 1
        end = source.text.find("\n", start)
        line = source.text[start : end if end >= 0 else len(source.text)][:MAX_LINE]
        # The words are Horde's, not the server's: the diagnostic is the reply code alone, so that
        # the sentence's words ("not found, is unknown") do not stand for the server's reason.
        failures.append(Failure(None, reply=reply, diagnostic=reply, evidence=capped_evidence([" ".join(line.split())])))
    return bounce(failures)
