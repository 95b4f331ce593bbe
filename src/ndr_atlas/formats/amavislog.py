"""amavisd-new's main log entry pasted alone (or among the MTA's lines): the content filter's verdict
on one message, with what it did about it and the message's envelope.

    Mar 03 09:14:07 mx amavis[2211]: (02211-04) Blocked SPAM {BouncedInbound,Quarantined}, [192.0.2.40]:41872 [192.0.2.40] <ann@example.net> -> <bob@example.org>,<eva@example.org>, quarantine: X/spam-AbCdEf.gz, Queue-ID: 4F1A2B3C, mail_id: AbCdEf, Hits: 14.2, size: 2210, 731 ms

Grammar (amavisd-new's default ``$log_templ``, as amavis-logwatch parses it): the log id in
parentheses, ``Passed`` or ``Blocked``, the contents category (``CLEAN``, ``SPAM``, ``SPAMMY``,
``INFECTED (<virus>)``, ``BANNED (<name>)``, ``BAD-HEADER[-n]``, ``UNCHECKED``, ``OVERSIZED``,
``MTA-BLOCKED``, ``OTHER``), in versions after 2.6 the actions taken in braces (``Relayed…``,
``Discarded…``, ``Bounced…``, ``Rejected…``, ``TempFailed…`` joined with the mail's direction:
``Inbound``, ``Outbound``, ``Internal``, ``OpenRelay``; ``Quarantined``, ``Tagged``), then the
client's addresses, ``<sender> -> <recipient>[,<recipient>…]`` and the entry's fields.

Only a blocked message that amavisd-new bounced (it sent the sender a nondelivery report:
``Bounced…``, the MTA's log then shows amavisd-new's ``250 2.5.0 Ok, id=…, BOUNCE``) or rejected
(it refused the message to the MTA or client with a 5xx, which returns it: ``Rejected…``) is a
failure, one per recipient after the arrow. A ``Passed`` message was delivered; a blocked one that
was ``Discarded…`` was dropped in silence (``250 2.7.0 Ok, discarded``, D_DISCARD): no report goes
back to the sender, so, as the MTA's own ``status=sent`` line says, no bounce; a blocked entry
without its actions (2.6 and before) does not say which, and is no failure either. Such pastes are left
to the next reader. The line carries no reply code, so a failure states none; its wording is the
category, which the catalog reads (``formats.amavisnotice`` reads the same categories in the notices).

Backed by amavis-logwatch's grammar of the entry (the categories and the optional ``{actions}``)
and by four independent pastes of it (three issue threads, one pastebin): docker-mailserver#1396 ("Blocked SPAM
{BouncedInternal,Quarantined}" with the MTA's "250 2.5.0 Ok, id=…, BOUNCE"), docker-mailserver#3747
("Passed SPAM {RelayedTaggedInbound,Quarantined}"), darold/sendmailanalyzer#26 ("Passed CLEAN" with
a recipient list "<a>,<b>", "Blocked INFECTED (<virus>)" without actions, amavisd-new 2.6.5), and a
"Blocked INFECTED (Eicar-Test-Signature) {DiscardedInbound,Quarantined}" paste with the MTA's "250
2.7.0 Ok, discarded" (pastebin.com/7qWVphX9). ``Rejected…`` is amavisd-new's D_REJECT destiny named
as its actions are; no paste of it was found."""

from __future__ import annotations

from ndr_atlas.formats.base import ADDRESS_RE, MAX_TEXT_CHARS, Failure, Parsed, Source, capped_evidence, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

MARKER = ") Blocked "
# "(02211-04) Blocked SPAM {BouncedInbound,Quarantined}, " up to the arrow's recipients. The
# category's detail in parentheses may hold parentheses of its own ("Eicar(44d8…:68)"): it is taken
# lazily, bounded, up to the ")" the actions or the comma follow.
ENTRY_RE = lazy_re(
    r"\((?P<id>[0-9][0-9A-Za-z-]{0,30})\) Blocked (?P<category>[A-Z][A-Z0-9-]{1,20})"
    r"(?: \((?P<detail>[^\n]{1,300}?)\))?(?: \{(?P<actions>[A-Za-z,]{1,300})\})?,"
    r"[^\n<>]{0,400}<(?P<sender>[^<>\s]{0,320})> -> (?P<rcpts><[^<>\s]{1,320}>(?:,<[^<>\s]{1,320}>){0,499})"
)
RECIPIENT_RE = lazy_re(r"<(?P<addr>" + ADDRESS_RE.pattern + r")>")
# The actions that return the message to its sender.
RETURNING = ("Bounced", "Rejected")
MAX_FAILURES = 500


def recognise(source: Source) -> bool:
    text = source.raw
    return MARKER in text and " -> <" in text


def read(source: Source) -> Parsed | None:
    text = source.log_lines[:MAX_TEXT_CHARS]  # not a returned original that quotes these lines
    failures: dict[str, Failure] = {}
    for entry in ENTRY_RE().finditer(text):
        actions = (entry.group("actions") or "").split(",")
        if not any(action.startswith(RETURNING) for action in actions):
            continue  # passed on, discarded in silence, or not said: no report went back
        line = line_of(text, entry.start(), entry.end())
        for found in RECIPIENT_RE().finditer(entry.group("rcpts")):
            address = found.group("addr")
            failure = failure_from_words(address, [wording(entry.group("category"), entry.group("detail"), entry.group("actions"))])
            failure.status = failure.reply = None  # the entry logs no reply: none is read from a virus's name
            failure.evidence = capped_evidence([line])
            failures[address.lower()] = failure
            if len(failures) >= MAX_FAILURES:
                return bounce(list(failures.values()))
    return bounce(list(failures.values()))


def wording(category: str, detail: str | None, actions: str) -> str:
    """amavisd-new's own words for its verdict: the category, its detail and the actions taken."""
    return f"Blocked {category}" + (f" ({detail})" if detail else "") + f" {{{actions}}}"


def line_of(text: str, start: int, end: int) -> str:
    """The whole log line an entry was found on."""
    begin = text.rfind("\n", 0, start) + 1
    stop = text.find("\n", end)
    return text[begin : stop if stop >= 0 else len(text)].strip()
