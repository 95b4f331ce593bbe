"""CommuniGate Pro's failure notice (and the same text from hosts that run it): each recipient as
``Failed to deliver to '<address>'``, then the module that failed and what it says, under a line
``<MODULE> module(<its queue>) reports:``. The SMTP module reports the remote server's answer
(``host mx.example.org says:`` with the reply on the lines under it, or ``message text rejected by
mx.example.org: 552 …`` on one line); the LOCAL module reports the local account's state (``account is
full (quota exceeded)``). A delivery still being retried is ``Message delivery to '<address>'
delayed`` with the same module line under it. Webmail previews and forum pastes flatten the notice
onto one line; the layout is read either way.

Backed by independent samples: a CommuniGate Pro 5.2 report in the shared corpus (tune part,
bounceparser/quota-5.msg: "LOCAL module(account …) reports: account is full (quota exceeded)"),
AppRiver's MAILER-DAEMON notice quoted in a public test ("SMTP module(domain aol.com) reports: message
text rejected by …: 552 …"), a forum paste of the delay notice ("Message delivery to '…' delayed SMTP
module(domain …) reports: connection with … is broken") and the CommuniGate samples kept in the rule
comments of PHP bounce handlers (wild set 215: s04, s19, s22, s23). The generic scanner found these
failures but not always the reply after "rejected by <host>:", nor a delay as one.

Quoted in a Mailman 2 list archive (pipermail), the address in the heading reads "anna at example.org":
the archive's own obscuring of "@" (Mailman's ARCHIVER_OBSCURES_EMAILADDRS), undone here (an audifans.com
pipermail post quoting an SMTP module's 450 refusal, wild set 235 s02).

Read: one failure per heading, from the module's words (no SMTP command is named: the notice does not
say at which stage the remote server refused)."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, Parsed, Source, lazy_re, may_say
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# An address as Mailman 2's pipermail archive shows it, its "@" replaced by " at " (Defaults.py,
# ARCHIVER_OBSCURES_EMAILADDRS, on by default): "Failed to deliver to 'anna at example.org'" in a
# notice quoted in a list post.
OBSCURED = r"[A-Za-z0-9!#$%&*+/=?^_`{|}~.-]{1,64} at [A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"
HEAD_RE = lazy_re(
    r"\b(?:Failed to deliver to '<?(?P<failed>" + ADDRESS_RE.pattern + r")>?'"
    r"|Message delivery to '<?(?P<delayed>" + ADDRESS_RE.pattern + r")>?' delayed"
    r"|Failed to deliver to '(?P<failed_at>" + OBSCURED + r")'"
    r"|Message delivery to '(?P<delayed_at>" + OBSCURED + r")' delayed)"
)
# The module that failed and its queue, right after the heading (on its own line, or on the same one
# when the notice was flattened): SMTP, LOCAL, LIST, PIPE … in capitals, as CommuniGate writes them.
# A notice quoted in a mail or a post has "> " (or ">") before each of its lines.
MODULE_RE = lazy_re(r"[\s>]{0,20}(?P<module>[A-Z]{2,12}) module\((?P<queue>[^()\n]{1,200})\) reports:")
HEADINGS = ("failed to deliver to '", "message delivery to '")  # lower case, as may_say asks
MAX_HEADINGS = 500
MAX_WORD_LINES = 8
MAX_WORDS_CHARS = 2000


def recognise(source: Source) -> bool:
    text = source.text
    return may_say(text, HEADINGS) and " module(" in text and ") reports:" in text


def read(source: Source) -> Parsed | None:
    text = source.text
    heads = []
    for found in HEAD_RE().finditer(text):
        heads.append(found)
        if len(heads) >= MAX_HEADINGS:
            break
    failures = []
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        module = MODULE_RE().match(text, head.end(), end)
        if module is None:
            continue
        words = module_words(text[module.end() : min(end, module.end() + MAX_WORDS_CHARS)])
        obscured = head.group("failed_at") or head.group("delayed_at")
        address = obscured.replace(" at ", "@", 1) if obscured else head.group("failed") or head.group("delayed")
        failure = failure_from_words(address, words)
        failure.evidence = [head.group(0), module.group(0).strip(), *failure.evidence]
        if head.group("delayed") or head.group("delayed_at"):
            failure.action = "delayed"
        failures.append(failure)
    return bounce(failures)


def module_words(after: str) -> list[str]:
    """What the module reports: the rest of its line and the lines under it, up to a blank line."""
    lines: list[str] = []
    for line in after.split("\n"):
        if not line.strip().lstrip(">").strip():
            if lines:
                break
            continue
        lines.append(line.strip().lstrip(">").strip())
        if len(lines) >= MAX_WORD_LINES:
            break
    return lines
