"""The reason of a failure, decided the way Sisimai decides it, from the catalog's own data.

Sisimai, the reference bounce classifier whose reason names the atlas uses, does not take a reason
from the status code alone. It weighs three things, in a fixed order of reasons:

* the reason the enhanced status code stands for (here: the reason of the catalog entry for that
  exact code, when the bounce states one);
* the reasons whose wording the server's text matches (here: every text rule of the catalog,
  entries and variants alike, each standing for its own reason);
* the SMTP command the server refused (an unknown user refused at RCPT is ``userunknown``; refused
  only after DATA, it is a filter's doing: ``filtered``).

A provider's own code (a Gmail, Yahoo, Orange … variant, or a Microsoft component string) names
its reason outright, as Sisimai's per-provider tables do. The logic below follows Sisimai's
``Sisimai::Reason`` (``get``/``anotherone``) and the ``true`` tests of its reason classes.
"""

from __future__ import annotations

from collections.abc import Container

# Checked in this order while the status and the text are read together (Sisimai's first class order).
FIRST_ORDER = (
    "mailboxfull", "mesgtoobig", "exceedlimit", "suspend", "hasmoved", "norelaying", "authfailure", "userunknown",
    "filtered", "requireptr", "notcompliantrfc", "badreputation", "rejected", "hostunknown", "spamdetected",
    "speeding", "toomanyconn", "blocked",
)  # fmt: skip
# Then, when the status says nothing decisive, the wording alone (Sisimai's second class order).
# Except mailererror, read before systemerror: the catalog's systemerror wording holds Exim's own
# "local delivery failed", which Sisimai's SystemError list lacks, so an Exim report of a failed
# "pipe to |/usr/bin/ticket" names both, and the program is what Sisimai blames.
SECOND_ORDER = (
    "mailboxfull", "authfailure", "badreputation", "speeding", "spamdetected", "virusdetected", "policyviolation",
    "norelaying", "mailererror", "systemerror", "notaccept", "networkerror", "suspend", "contenterror", "systemfull",
    "expired", "failedstarttls", "securityerror", "suppressed",
)  # fmt: skip
# Status reasons too vague to stand against a clear wording.
# Sisimai gives no reason at all to the X.5.x (protocol) codes, so their wording decides first too.
VAGUE = frozenset(
    {"undefined", "onhold", "systemerror", "securityerror", "expired", "networkerror", "hostunknown", "userunknown", "syntaxerror"}
)
# Where Sisimai's status table (go-sisimai smtp/status/lib.go, ``Name``) gives a temporary code
# another reason than its permanent twin, which shares the twin's catalog entry: a mailbox, a
# delivery or a list expansion refused only for now (4.2.1, 4.7.1, 4.7.2) is a block of the sending
# client, not a filter or a security error; a route missing for now (4.4.4) is the network's, not an
# unknown host; too many recipients for now (4.5.3) is the system's, not too many connections.
# A list expansion failed for now (4.2.4) is "filtered" (the table names 4.2.4 and 5.2.4 alike), where
# 5.2.4 keeps the "systemerror" of Sisimai's Microsoft table; a password transition
# needed (4.7.12, RFC 4954's 432 reply to AUTH) is a "securityerror", where Microsoft's 5.7.12 (sender
# not authenticated by the organization) keeps the "rejected" of Sisimai's Microsoft table.
TEMPORARY_CODE_REASONS = {
    "4.2.1": "blocked", "4.7.1": "blocked", "4.7.2": "blocked", "4.4.4": "networkerror", "4.5.3": "systemerror",
    "4.2.4": "filtered", "4.7.12": "securityerror",
}  # fmt: skip
# Wordings that mean an unknown user's code is about something else (Sisimai's UserUnknown pre-matches).
NOT_THE_USER = frozenset({"norelaying", "blocked", "mailboxfull", "hasmoved", "rejected", "notaccept"})
SESSION_START = frozenset({"CONN", "EHLO", "HELO"})
# Commands answered before any mailbox is named: a refusal there cannot be about a recipient's account.
NO_MAILBOX_YET = SESSION_START | {"STARTTLS", "AUTH"}


class Evidence:
    """What a failure says that decides its reason. (A plain class, as the records of
    ``formats.base``: ``dataclasses`` costs the CLI's start more than it saves here.)"""

    def __init__(
        self,
        status: str | None,
        status_reason: str | None,
        wording: Container[str],
        command: str | None,
        action: str,
        reply: str | None = None,
        excerpt: bool = False,
        gave_up: bool = False,
    ) -> None:
        self.status = status  # stated by the bounce, not inferred
        self.status_reason = status_reason  # the reason the stated code stands for
        self.wording = wording  # reasons whose wording the text matches (``reason in wording``)
        self.command = command
        self.action = action
        self.reply = reply
        # The input is one pasted error line: that it names no SMTP command says nothing of the stage.
        self.excerpt = excerpt
        self.gave_up = gave_up  # the sending server's words say its retries ran out (formats.words.gave_up)


def provider_reason(evidence: Evidence, reason: str, own_hosts: bool, expiry_first: bool = True) -> str:
    """The reason of a provider's own variant (a Gmail, Yahoo, Orange … wording or code), as Sisimai's
    per-provider tables name it, but for two cases. A temporary reply the sending server gave up
    retrying (Exim's "retry timeout exceeded") is the expiry, as Sisimai's Exim module sets "expired"
    before any provider's table is asked. And a provider's reading of "user unknown" on its own hosts
    gives way to a plainer statement beside it ("account is disabled … user unknown" is a suspended
    account): only the wording counts, the code may be a relaying MTA's guess. ``expiry_first`` False:
    a format that reads its tables before its expiry note (qmail)."""
    if expiry_first and (evidence.reply or "")[:1] == "4" and evidence.gave_up:
        return "expired"
    if own_hosts and reason in ("userunknown", "filtered"):
        plainer = FIRST_ORDER[: FIRST_ORDER.index("userunknown")]
        return next((candidate for candidate in plainer if candidate in evidence.wording), reason)
    return reason


def decide(evidence: Evidence) -> str | None:
    """The reason, or None when neither code, wording nor command decides one."""
    for reason in FIRST_ORDER:
        if holds(reason, evidence):
            return reason
    return from_status_or_wording(evidence)


def holds(reason: str, e: Evidence) -> bool:
    """Whether the evidence shows this reason (the ``true`` test of Sisimai's reason class)."""
    coded = e.status_reason
    said = reason in e.wording
    if reason == "mesgtoobig":
        return coded == reason or (said and coded != "exceedlimit")
    if reason == "suspend":
        # Reply 525 is "user account disabled" (RFC 5248's registry pairs it with X.7.13), whatever the
        # words, as Sisimai's Suspend test reads it; answering a login (AUTH), it is the sender's own
        # account, and before any mail is named (STARTTLS, EHLO) no mailbox is in question at all.
        return said or (e.reply == "525" and e.command not in NO_MAILBOX_YET)
    if reason == "hasmoved":
        return said
    if reason == "norelaying":
        return said and e.command not in SESSION_START
    if reason == "userunknown":
        if coded == "suspend":
            return False
        if coded == "userunknown":
            return not any(other in e.wording for other in NOT_THE_USER)
        return (e.command == "RCPT" or (e.command is None and e.excerpt)) and said
    if reason == "filtered":
        if coded == "suspend":
            return False
        if coded == "filtered":
            return said or "userunknown" in e.wording
        if e.command is None and e.excerpt:
            return said
        return e.command not in (*SESSION_START, "MAIL", "RCPT") and (said or "userunknown" in e.wording)
    if reason == "rejected":
        if coded == reason:
            return True
        if e.command == "MAIL":
            return said
        if e.command == "DATA":
            return said and coded != "userunknown"
        return said and coded in (None, "undefined", "onhold", "securityerror", "systemerror")
    if reason == "hostunknown":
        return (coded == reason and "networkerror" not in e.wording) or (coded != reason and said)
    if reason == "spamdetected":
        return coded == reason or (said and e.command not in (*SESSION_START, "MAIL", "RCPT"))
    return coded == reason or said


def from_status_or_wording(e: Evidence) -> str | None:
    """No first-order reason held: a decisive code, then wording alone, then class, a reply code that
    blames the command's syntax, action, stage (Sisimai's ``anotherone``)."""
    coded = e.status_reason
    if coded and coded not in VAGUE:
        return coded
    for reason in SECOND_ORDER:
        if reason in e.wording:
            return reason
    if coded and coded != "undefined":
        return coded
    if e.status and e.status[2:4] == "6.":
        return "contenterror"
    if e.status and e.status[2:4] == "7.":
        return "securityerror"
    # 401-407, 501-507 name the command's syntax (RFC 5321, 4.2.1); a greeting refused so is the client's block.
    if e.reply and e.reply[1] == "0" and "1" <= e.reply[2] <= "7" and e.command not in SESSION_START:
        return "syntaxerror"
    if e.action in ("delayed", "expired"):
        return "expired"
    if e.command in SESSION_START:  # refused before any mail was named: the client itself
        return "blocked"
    if (e.status or e.reply or "")[:1] == "4":  # a temporary refusal in a failure report: retries ran out
        return "expired"
    return None
