"""The compiled catalog at run time: entries, their match rules, and how a failure is matched.

The catalog is authored as YAML under ``catalog/``; the build compiles it to one JSON document
(``catalog.json``) that this module reads with the standard library only.
"""

from __future__ import annotations

import functools
import json
import os
import re
from itertools import filterfalse

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any, Literal

# A rule's score: the more specific the evidence it needs, the more it weighs.
SCORE_STATUS = 100
SCORE_RANGE = 80
SCORE_TEXT = 50
SCORE_REPLY = 10
# X.0.0 says no more than the class digit and X.Y.0 no more than the subject ("other address
# status", "other mailbox status"…), so text evidence outweighs them.
SCORE_GENERIC_STATUS = 20
SCORE_SUBJECT_STATUS = 40
MEMO_SIZE = 4096


# The records below are plain classes, not dataclasses: importing ``dataclasses`` (and ``inspect``
# with it) and generating each class's methods took a fifth of the CLI's start. They are never changed.


class Rule:
    """One match rule: the codes it needs and the wording it looks for."""

    def __init__(
        self,
        statuses: frozenset[str],
        ranges: tuple[tuple[str, int, int], ...],
        replies: frozenset[str],
        pattern: str | None,
        inherits_status: bool = False,
        needles: tuple[str, ...] = (),
        parts: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (),
        anchors: tuple[str, ...] = (),
    ) -> None:
        self.statuses = statuses
        self.ranges = ranges  # ("5.7", 606, 649)
        self.replies = replies
        self.pattern = pattern  # compiled on first use: most rules of a run are never tried
        # Variant rules without their own status inherit the entry's codes (see ``Catalog.match``).
        self.inherits_status = inherits_status
        # Lower-case strings one of which any text the pattern matches contains (computed at build time).
        self.needles = needles
        # The pattern's top-level alternatives, each with its own needles and anchors: (needles,
        # pattern, anchors).
        self.parts = parts
        # Lower-case strings one of which every match opens with (computed at build time, as the
        # needles): the pattern is tried only where one occurs (``anchored_search``).
        self.anchors = anchors

    @functools.cached_property
    def text(self) -> re.Pattern[str] | None:
        return re.compile(self.pattern, re.IGNORECASE) if self.pattern else None

    @functools.cached_property
    def compiled_parts(self) -> list[re.Pattern[str] | None]:
        """Each alternative compiled the first time a text holds its needles: most never are."""
        return [None] * len(self.parts)

    def has_class(self, digit: str) -> bool:
        return any(code[0] == digit for code in self.statuses) or any(prefix[0] == digit for prefix, _, _ in self.ranges)

    def matches(self, text: str, present: Needles) -> bool:
        """Whether the pattern occurs in the text. A long list of phrases is searched phrase by
        phrase, and only the phrases whose needles the text holds: one search of the whole
        alternation would try every phrase at every position."""
        if self.parts:
            compiled = self.compiled_parts
            for index, (needles, part, anchors) in enumerate(self.parts):
                if needles and not present.any_of(needles):
                    continue
                pattern = compiled[index]
                if pattern is None:
                    pattern = compiled[index] = re.compile(part, re.IGNORECASE)
                if anchored_search(pattern, text, present, anchors) if anchors else pattern.search(text):
                    return True
            return False
        compiled_text = self.text
        if compiled_text is None:
            return True
        if self.anchors:
            return anchored_search(compiled_text, text, present, self.anchors)
        return compiled_text.search(text) is not None

    def potential(self, status: str | None, reply: str | None, any_status: bool = False) -> int:
        """The score if the text (when the rule has one) matches; 0 when codes already rule it out.

        ``any_status``: a rule that inherits its entry's codes meets any status of their class (a
        provider's own words, whatever code an MTA on the way wrote for them)."""
        score = 0
        if self.statuses or self.ranges:
            if status is not None and status in self.statuses:
                score += status_weight(status)
            elif status is not None and _in_ranges(status, self.ranges):
                score += SCORE_RANGE
            elif not (self.inherits_status and (status is None or _is_generic(status) or (any_status and self.has_class(status[0])))):
                return 0
        if self.replies:
            if reply not in self.replies:
                return 0
            score += SCORE_REPLY
        if self.pattern is not None:
            score += SCORE_TEXT
        return score


class Variant:
    """A narrower reading of an entry: one service's or one wording's."""

    def __init__(
        self,
        id: str,
        reason: str | None,
        titles: dict[str, str],
        rules: tuple[Rule, ...],
        origin: str = "standard",
        summaries: dict[str, str] | None = None,
        provider: str | None = None,
        hosts: tuple[str, ...] = (),
        expired_last: bool = False,
    ) -> None:
        self.id = id
        self.reason = reason
        self.titles = titles
        self.rules = rules
        self.origin = origin  # "provider" and "microsoft" variants are one service's own codes
        self.summaries: dict[str, str] = {} if summaries is None else summaries  # the first sentence of its text
        # A provider's words that mean something else elsewhere apply only to its own mail: the
        # provider's name and the domains of its mail (see ``Catalog.provider_of``).
        self.provider = provider
        self.hosts = hosts
        # The provider's software decides from the refused command and its own tables before its
        # queue-expiry note (qmail, as Sisimai's qmail module reads it): see reasons.provider_reason.
        self.expired_last = expired_last


class Entry:
    """One catalog entry: its codes, reason, page, texts and rules."""

    def __init__(
        self,
        id: str,
        codes: tuple[str, ...],
        reason: str,
        page: str,
        titles: dict[str, str],
        summaries: dict[str, str],
        rules: tuple[Rule, ...],
        variants: tuple[Variant, ...] = (),
        origin: str = "standard",
        ranges: tuple[tuple[str, int, int], ...] = (),
    ) -> None:
        self.id = id
        self.codes = codes
        self.reason = reason
        self.page = page
        self.titles = titles
        self.summaries = summaries
        self.rules = rules
        self.variants = variants
        self.origin = origin  # "microsoft": codes only Microsoft's servers issue (5.7.509, 5.7.900-999)
        self.ranges = ranges  # its code_ranges

    def is_vendor_code(self, status: str | None) -> bool:
        """Whether the status is one of the codes only this entry's vendor issues, so that it
        means what the vendor says it means (a standard code's reason is weighed with the words)."""
        if status is None or self.origin == "standard":
            return False
        return status in self.codes or _in_ranges(status, self.ranges)


class Match:
    """The entry (and variant) a failure matched, with its score."""

    def __init__(self, entry: Entry, variant: Variant | None, score: int) -> None:
        self.entry = entry
        self.variant = variant
        self.score = score

    @property
    def reason(self) -> str:
        return (self.variant.reason if self.variant and self.variant.reason else None) or self.entry.reason

    @property
    def page(self) -> str:
        return self.entry.page + (f"#{self.variant.id}" if self.variant else "")


class Catalog:
    def __init__(
        self, entries: list[Entry], reason_names: dict[str, dict[str, str]] | None = None, needle_index: dict[str, Any] | None = None
    ) -> None:
        self.entries = entries
        # What people read for each reason ("userunknown" -> the recipient address does not exist).
        self.reason_names = reason_names or {}
        # Every rule in catalog order: an entry's own rules, then its variants'.
        self.rules: list[tuple[Entry, Variant | None, Rule]] = []
        for entry in entries:
            self.rules += [(entry, None, rule) for rule in entry.rules]
            self.rules += [(entry, variant, rule) for variant in entry.variants for rule in variant.rules]
        # A provider's own readings of common words, tried first in mail from or to one of the
        # variant's own hosts (a provider's hosts are not all equal: Sisimai reads Yahoo's table for
        # yahoodns.net servers, not for yahoo.com); then every provider's own codes and words; then
        # the rest (see ``_best_match``).
        self.host_rules: dict[str, list[tuple[Entry, Variant | None, Rule]]] = {}
        providers: list[tuple[Entry, Variant | None, Rule]] = []
        general: list[tuple[Entry, Variant | None, Rule]] = []
        self._host_rule_order: dict[int, int] = {}  # each host-bound rule's place in catalog order
        for order, (entry, variant, rule) in enumerate(self.rules):
            if variant is not None and variant.hosts:
                self._host_rule_order[id(rule)] = order
                for host in variant.hosts:
                    self.host_rules.setdefault(host, []).append((entry, variant, rule))
            elif variant is not None and variant.origin == "provider":
                providers.append((entry, variant, rule))
            else:
                general.append((entry, variant, rule))
        self._domain_hosts: dict[str, tuple[str, ...]] = {}
        self._own_mail_for: dict[tuple[str, ...], RuleIndex] = {}
        self.by_provider = RuleIndex(providers, any_status=True)
        self.general = RuleIndex(general)
        # The reason each exact code stands for, and each text rule with the reason its wording says.
        self.code_reasons: dict[str, str] = {}
        self.code_range_reasons: list[tuple[tuple[tuple[str, int, int], ...], str]] = []
        for entry in entries:
            for code in entry.codes:
                self.code_reasons.setdefault(code, entry.reason)
            ranges = tuple(r for rule in entry.rules for r in rule.ranges)
            if ranges:
                self.code_range_reasons.append((ranges, entry.reason))
        # Every text rule by the reason its wording says; a provider's own reading of common words
        # is not the general wording of its reason.
        self.worded: dict[str, list[Rule]] = {}
        for entry, variant, rule in self.rules:
            if rule.pattern is not None and not (variant and variant.hosts):
                self.worded.setdefault((variant.reason if variant and variant.reason else None) or entry.reason, []).append(rule)
        # The needles of each reason's rules (see ``NeedleHolders``).
        self.reason_needles = {reason: NeedleHolders([rule.needles for rule in rules]) for reason, rules in self.worded.items()}
        self._wording_memo: dict[str, Wording] = {}
        # Every needle of every rule and alternative: a text's needles are found once (see ``NeedleIndex``).
        needles = {needle for _, _, rule in self.rules for needle in rule.needles}
        needles.update(needle for _, _, rule in self.rules for part, _, _ in rule.parts for needle in part)
        self.needle_index = NeedleIndex.compiled(needle_index, needles) or NeedleIndex(needles)
        self._needles: Needles | None = None
        self._memo: dict[tuple[str | None, str | None, str, tuple[str, ...]], Match | None] = {}

    def match(self, status: str | None, reply: str | None, text: str, hosts: tuple[str, ...] = ()) -> Match | None:
        """The best match, remembered: a batch of bounces repeats the same few errors.

        ``hosts``: the catalog hosts this mail is from or to (``own_hosts``); only the host-bound
        variants listing one of them apply.
        """
        key = (status, reply, text, hosts)
        if key not in self._memo:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = self._best_match(status, reply, text, hosts)
        return self._memo[key]

    def own_hosts(self, domains: list[str | None]) -> tuple[str, ...]:
        """The catalog hosts that the given domains (recipient domain, answering server, reporting
        server, in the order Sisimai looks them up) are, or are under, by whole labels."""
        if not self.host_rules:
            return ()
        found: list[str] = []
        for domain in domains:
            for host in self._hosts_above(domain) if domain else ():
                if host not in found:
                    found.append(host)
        return tuple(found)

    def _hosts_above(self, domain: str) -> tuple[str, ...]:
        """The catalog hosts one domain is or is under, remembered: a batch names the same few
        domains again and again."""
        hosts = self._domain_hosts.get(domain)
        if hosts is None:
            if len(self._domain_hosts) >= MEMO_SIZE:
                self._domain_hosts.clear()
            labels = domain.lower().strip(".").split(".")
            suffixes = (".".join(labels[start:]) for start in range(len(labels) - 1))
            hosts = self._domain_hosts[domain] = tuple(host for host in suffixes if host in self.host_rules)
        return hosts

    def provider_of(self, domains: list[str | None]) -> str | None:
        """The provider whose mail this is: the provider of the variants bound to the first catalog
        host found (one provider per host, the catalog check CAT018)."""
        hosts = self.own_hosts(domains)
        variant = self.host_rules[hosts[0]][0][1] if hosts else None
        return (variant.provider or variant.id) if variant else None

    def own_mail_index(self, hosts: tuple[str, ...]) -> RuleIndex | None:
        """The host-bound rules that apply in mail from or to these hosts, in catalog order."""
        # One index per set of hosts with rules, whatever their order (the rules keep catalog order),
        # and no more indexes than the other memos keep: a batch may name many hosts.
        key = tuple(sorted({host for host in hosts if host in self.host_rules}))
        if not key:
            return None
        if key not in self._own_mail_for:
            if len(self._own_mail_for) >= MEMO_SIZE:
                self._own_mail_for.clear()
            # In catalog order: their places in it, not a walk through every rule of the catalog.
            chosen = {self._host_rule_order[id(bound[2])]: bound for host in key for bound in self.host_rules[host]}
            rules = [chosen[order] for order in sorted(chosen)]
            self._own_mail_for[key] = RuleIndex(rules, any_status=True)
        return self._own_mail_for[key]

    def _best_match(self, status: str | None, reply: str | None, text: str, hosts: tuple[str, ...] = ()) -> Match | None:
        """The best-scoring entry (or variant) for one failure; ties go to catalog order.

        Codes are cheap to compare and regular expressions are not, so rules are tried from the
        highest score they could reach, and a text is searched only while it could still win.
        """
        present = self.needles_in(text)
        # In a provider's own mail its own words come first: they say more than the code an MTA
        # on the way chose for them (Sisimai's per-provider tables work the same way). Then any
        # provider's own code or words, whatever status an MTA wrote beside them; then the rest.
        own = self.own_mail_index(hosts)
        return (
            (own.best(status, reply, text, present) if own else None)
            or self.by_provider.best(status, reply, text, present)
            or self.general.best(status, reply, text, present)
        )

    def reason_titles(self, reason: str) -> dict[str, str]:
        """The reason's name per language; its machine name where the catalog gives none."""
        return dict(self.reason_names.get(reason) or {"en": reason, "it": reason})

    def needles_in(self, text: str) -> Needles:
        """The needles of one text, looked up as rules ask for them (the last text's are kept)."""
        if self._needles is None or self._needles.text != text:
            self._needles = Needles(text, self.needle_index)
        return self._needles

    def status_reason(self, status: str) -> str | None:
        """The reason the catalog gives an exact code (its entry's), if it has an entry."""
        found = self.code_reasons.get(status)
        if found is None:
            found = next((reason for ranges, reason in self.code_range_reasons if _in_ranges(status, ranges)), None)
        return found

    def wording(self, text: str) -> Wording:
        """The reasons whose wording (any text rule of the catalog, whatever its codes) the text has."""
        if text not in self._wording_memo:
            if len(self._wording_memo) >= MEMO_SIZE:
                self._wording_memo.clear()
            present = Needles(text, self.needle_index)
            present.found_within(self._needles)
            self._wording_memo[text] = Wording(self, text, present)
        return self._wording_memo[text]

    def says(self, reason: str, text: str, present: Needles) -> bool:
        """Whether the text has the wording of this reason (``present``: the needles of the text)."""
        holders = self.reason_needles.get(reason)
        if holders is None:
            return False
        rules = self.worded[reason]
        for position in holders.worth_trying(present):  # most texts have the wording of few reasons
            rule = rules[position]
            if rule.pattern is not None and rule.matches(text, present):
                return True
        return False


class RuleIndex:
    """Rules indexed by the codes they can meet, searched best score first."""

    def __init__(self, rules: list[tuple[Entry, Variant | None, Rule]], any_status: bool = False) -> None:
        self.rules = rules
        self.any_status = any_status
        # Which rules a status can meet: those naming it, those with a range, those with no code
        # condition, and (for an absent or unspecific status) the variants that inherit codes.
        self.by_status: dict[str, list[int]] = {}
        self.ranged: list[int] = []
        self.free: list[int] = []
        self.inheriting: list[int] = []
        for order, (_, _, rule) in enumerate(rules):
            if rule.inherits_status and (rule.statuses or rule.ranges):
                self.inheriting.append(order)
            elif not rule.statuses and not rule.ranges:
                self.free.append(order)
            if rule.ranges:
                self.ranged.append(order)
            for code in rule.statuses:
                self.by_status.setdefault(code, []).append(order)
        # The rules holding each needle, for every group of candidates at once (see ``NeedleHolders``).
        self.holders = NeedleHolders([rule.needles for _, _, rule in rules])
        self.replies = frozenset(reply for _, _, rule in rules for reply in rule.replies)
        self.ranges = tuple(dict.fromkeys(r for _, _, rule in rules for r in rule.ranges))
        self._candidates: dict[tuple[str | None, str | None], list[Candidates]] = {}
        self._unconditional: dict[tuple[str, str | None], dict[int, list[int]]] = {}
        self._allowed: dict[str, frozenset[int]] = {}  # the orders ``unconditional`` scores, by kind
        self._by_reply: dict[str, list[int]] | None = None  # the rules naming each reply code, in order
        self._groups: dict[tuple[int, tuple[int, ...]], Candidates] = {}

    def best(self, status: str | None, reply: str | None, text: str, present: Needles) -> Match | None:
        """The best-scoring rule that matches; ties go to catalog order."""
        holding: set[int] | None = None  # the rules holding one of the text's needles, for every group
        for group in self.candidates(status, reply):
            if holding is None:
                holding = self.holders.holding(present)
            for order in group.worth_trying(holding):
                entry, variant, rule = self.rules[order]
                if rule.matches(text, present):
                    return Match(entry, variant, group.potential)  # the first in catalog order wins a tie
        return None

    def candidates(self, status: str | None, reply: str | None) -> list[Candidates]:
        """The rules codes allow, grouped by the score they can reach, best first, each group in
        catalog order; the same for every text."""
        key = self.candidates_key(status, reply)
        found = self._candidates.get(key)
        if found is None:
            if len(self._candidates) >= MEMO_SIZE:
                self._candidates.clear()
                self._groups.clear()
            by_potential = self.groups_of_scores(status, key[1])
            found = self._candidates[key] = [
                self.group(potential, tuple(orders)) for potential, orders in sorted(by_potential.items(), reverse=True)
            ]
        return found

    def group(self, potential: int, orders: tuple[int, ...]) -> Candidates:
        """One group of candidates, made once: statuses share groups."""
        found = self._groups.get((potential, orders))
        if found is None:
            found = self._groups[(potential, orders)] = Candidates(potential, orders, self.holders)
        return found

    def groups_of_scores(self, status: str | None, reply: str | None) -> dict[int, list[int]]:
        """The rules the status can meet (``Rule.potential`` above 0) by the score they can reach, each
        list in rule order. Most of them (rules with no code condition, and rules that inherit codes
        the status is not one of) score the same for every status of a kind: they are scored and
        grouped once per kind and reply (asking each rule about each new status cost a batch's first
        reports a fifth of a millisecond each), and copying and sorting them for each status took as
        long again: only the few rules that name codes are scored for the status, and put in place."""
        if status is None or _is_generic(status):
            kind = "any"
        elif self.any_status:
            kind = status[0]  # inheriting rules of this class let it through
        else:
            kind = "none"
        shared = self.unconditional(kind, reply)
        own: dict[int, int] = {}  # the scores of the rules that name codes, for this status
        for order in self.ranged:
            own[order] = self.rules[order][2].potential(status, reply, self.any_status)
        if status is not None:
            for order in self.by_status.get(status, ()):
                own[order] = self.rules[order][2].potential(status, reply, self.any_status)
        if not own:
            return shared
        by_potential = {potential: list(filterfalse(own.__contains__, orders)) for potential, orders in shared.items()}
        for order, potential in own.items():
            if potential:
                by_potential.setdefault(potential, []).append(order)
        for orders in by_potential.values():
            orders.sort()
        return {potential: orders for potential, orders in by_potential.items() if orders}

    def unconditional(self, kind: str, reply: str | None) -> dict[int, list[int]]:
        """The rules with no code condition and those inheriting codes that a status of this kind
        lets through, by the score they reach with this reply code, each list in rule order. A
        rule naming no reply scores the same whatever the reply: the lists for a reply are those
        for none, with the rules naming that reply put in place (scoring every rule again for each
        reply took a batch's first bounces 0.2 ms a reply)."""
        shared = self._unconditional.get((kind, reply))
        if shared is not None:
            return shared
        if reply is None:
            orders = self.free + self.passing(kind)
            scores = {order: self.rules[order][2].potential(None, None) for order in orders}
            shared = {}
            for order in sorted(scores):
                if scores[order]:
                    shared.setdefault(scores[order], []).append(order)
        else:
            allowed = self._allowed.get(kind)
            if allowed is None:
                allowed = self._allowed[kind] = frozenset(self.free + self.passing(kind))
            if self._by_reply is None:
                self._by_reply = {}
                for order, (_, _, rule) in enumerate(self.rules):
                    for code in rule.replies:
                        self._by_reply.setdefault(code, []).append(order)
            shared = {potential: list(orders) for potential, orders in self.unconditional(kind, None).items()}
            for order in self._by_reply.get(reply, ()):
                potential = self.rules[order][2].potential(None, reply) if order in allowed else 0
                if potential:
                    shared.setdefault(potential, []).append(order)
            for orders in shared.values():
                orders.sort()
        self._unconditional[(kind, reply)] = shared
        return shared

    def passing(self, kind: str) -> list[int]:
        """The rules inheriting codes that let a status of this kind through without being one of them."""
        if kind == "any":
            return self.inheriting
        if kind == "none":
            return []
        return [order for order in self.inheriting if self.rules[order][2].has_class(kind)]

    def candidates_key(self, status: str | None, reply: str | None) -> tuple[str | None, str | None]:
        """Codes no rule names give the same candidates as any other such code of their class (and
        genericness): one key for all of them keeps the memo small and its hits many."""
        if reply is not None and reply not in self.replies:
            reply = None
        if status is not None and status not in self.by_status and not _in_ranges(status, self.ranges):
            return (f"{status[0]}:{'generic' if _is_generic(status) else 'other'}", reply)
        return (status, reply)


# The only characters beyond ASCII that the re module's case-insensitive matching takes for an ASCII
# letter and lower() does not turn into it (Turkish dotted and dotless i, the long s; the Kelvin sign
# lower() turns into "k"). The dotted capital must go before lower(), which makes it two characters.
ASCII_LOOKALIKES = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))


def anchored_search(pattern: re.Pattern[str], text: str, present: Needles, anchors: tuple[str, ...]) -> bool:
    """Whether the pattern occurs in the text, tried only where one of its anchors (``Rule.anchors``)
    occurs in the folded text: the same answer as ``pattern.search``, which tries every character.
    ``match`` at a position sees the text before it as ``search`` does (look-behinds, ``\\b``), and
    the folded text keeps each character's position (``fold`` turns every character into one; a text
    where it did not, or another text's needles, is searched whole)."""
    folded = present.folded
    if len(folded) != len(text) or (present.text is not text and present.text != text):
        return pattern.search(text) is not None
    match = pattern.match
    for anchor in anchors:
        at = folded.find(anchor)
        while at >= 0:
            if match(text, at) is not None:
                return True
            at = folded.find(anchor, at + 1)
    return False


def fold(text: str) -> str:
    """Text lower-cased the way case-insensitive patterns fold letters: in it the catalog's needles,
    and the readers' (``formats.base.may_say``), are looked up."""
    if not text.isascii():
        # (str.replace, not a translate table: a table is looked up character by character, ten times slower.)
        for letter, plain in ASCII_LOOKALIKES:
            if letter in text:
                text = text.replace(letter, plain)
    return text.lower()


class Candidates:
    """Rules that can reach the same score, in catalog order (their orders in their ``RuleIndex``).
    A group holds no needles of its own: the index's ``NeedleHolders`` serve every group (gathering
    each group's needles took a batch's first bounces longer than the searches it saved)."""

    def __init__(self, potential: int, orders: tuple[int, ...], holders: NeedleHolders) -> None:
        self.potential = potential
        self.orders = orders
        self.members = frozenset(orders)
        self.bare = holders.bare.intersection(orders)  # rules without needles: always tried

    def worth_trying(self, holding: set[int]) -> list[int]:
        """The orders of the group's rules that may match a text, in order (``holding``: the index's
        rules that hold one of the text's needles)."""
        return sorted((holding & self.members) | self.bare)


class NeedleHolders:
    """Which rules of a list hold each needle: the rules that may match a text are those holding one
    of the few needles the text holds (``Needles.found``), and those without needles (no pattern, or
    an alternative with no ASCII letters), always tried. Testing each rule's needles in the text, in
    runs of rules sharing them, took a tenth of the CLI's time per bounce."""

    def __init__(self, needles: list[tuple[str, ...]]) -> None:
        self.holders: dict[str, list[int]] = {}
        for position, rule_needles in enumerate(needles):
            for needle in rule_needles:
                self.holders.setdefault(needle, []).append(position)
        self.bare = frozenset(position for position, rule_needles in enumerate(needles) if not rule_needles)

    def holding(self, present: Needles) -> set[int]:
        """The positions of the rules holding one of the needles the text holds."""
        holders = self.holders
        found = present.found
        if found is None:  # no index: each needle looked for in the text
            return {position for needle, held in holders.items() if needle in present.folded for position in held}
        return {position for needle in found if needle in holders for position in holders[needle]}

    def worth_trying(self, present: Needles) -> list[int]:
        """The positions of the rules that may match the text, in order."""
        return sorted(self.holding(present) | self.bare)


class NeedleIndex:
    """The catalog's needles by some of their bytes. The needles a text holds are found from the
    text's own windows of ``WINDOW`` bytes (UTF-8), each looked up once: testing each of the
    catalog's 1,400 needles against the text, rule group by rule group, took a tenth of the CLI's time
    per bounce. A window is read at every other byte of the text, as one unsigned 32-bit number
    (``memoryview.cast``: no string is made for it, where slicing the text into strings cost more
    than all the other steps together), so a needle is filed under its windows at two offsets in a
    row (whichever of them an occurrence puts at an even offset of the text is read). UTF-8 keeps a
    needle inside any text that holds it, byte for byte. Shorter needles are tested on their own.

    The compiled catalog brings the index (``compiled``: the build files each needle under the two
    windows fewest needles hold, as words common in errors, " not ", "reci", are common in texts too,
    and each text that holds them had every needle filed there tested); without it, each needle is
    filed under the windows in its middle."""

    def __init__(self, needles: set[str], by_window: dict[int, list[str]] | None = None, short: tuple[str, ...] = ()) -> None:
        if by_window is None:
            by_window, short = middle_windows(needles)
        self.by_window = by_window
        self.windows = frozenset(by_window)
        self.short = short

    @classmethod
    def compiled(cls, data: dict[str, Any] | None, needles: set[str]) -> NeedleIndex | None:
        """The index the build compiled (``needle_index`` in catalog.json: the short needles; the
        others, and in one string the two windows each is filed under, as the characters of their
        bytes), when it files exactly these needles; else None."""
        if not isinstance(data, dict):
            return None
        short, filed, windows = data.get("short"), data.get("filed"), data.get("windows")
        if not (isinstance(short, list) and isinstance(filed, list) and isinstance(windows, str)):
            return None
        if len(windows) != 2 * WINDOW * len(filed) or not needles.issuperset(filed) or len(needles) != len(filed) + len(short):
            return None
        if not needles.issuperset(short) or len(set(filed).union(short)) != len(needles):
            return None  # another catalog's index
        try:
            with memoryview(windows.encode("latin-1")) as view:
                keys = view.cast(WINDOW_FORMAT).tolist()
        except UnicodeEncodeError:
            return None
        return cls(needles, file_under(filed, keys), tuple(short))

    def found_in(self, folded: str) -> frozenset[str]:
        """The needles the (folded) text holds."""
        data = folded.encode("utf-8", "surrogatepass")
        size = len(data)
        with memoryview(data) as view:
            keys = self.windows.intersection(view[: size - size % WINDOW].cast(WINDOW_FORMAT))  # offsets 0, 4, 8 …
            if size >= WINDOW + 2:  # … and 2, 6, 10 …
                keys = keys.union(self.windows.intersection(view[2 : 2 + (size - 2) // WINDOW * WINDOW].cast(WINDOW_FORMAT)))
        by_window = self.by_window
        found = {needle for key in keys for needle in by_window[key] if needle in folded}
        found.update(filter(folded.__contains__, self.short))
        return frozenset(found)


# How many bytes of a needle ``NeedleIndex`` files it by, and the format that reads them as one number
# (a C unsigned int: 32 bits wherever Python runs, ILP32, LP64, LLP64 and wasm32 alike).
WINDOW = 4
WINDOW_FORMAT: Literal["I"] = "I"


def middle_windows(needles: set[str]) -> tuple[dict[int, list[str]], tuple[str, ...]]:
    """Each needle filed under the two windows in its middle (the index of a catalog compiled
    without one), and the needles too short for two windows."""
    short: list[str] = []
    filed: list[str] = []
    pairs: list[bytes] = []  # each filed needle's two windows, read as numbers all at once below
    for needle in needles:
        data = needle.encode("utf-8", "surrogatepass")
        last = len(data) - WINDOW - 1
        if last < 0:
            short.append(needle)
            continue
        start = last // 2
        filed.append(needle)
        pairs += (data[start : start + WINDOW], data[start + 1 : start + WINDOW + 1])
    with memoryview(b"".join(pairs)) as view:
        keys = view.cast(WINDOW_FORMAT).tolist()
    return file_under(filed, keys), tuple(short)


def file_under(filed: list[str], keys: list[int]) -> dict[int, list[str]]:
    """Each needle under its two windows (``keys[2 * i]`` and ``keys[2 * i + 1]`` for ``filed[i]``)."""
    by_window: dict[int, list[str]] = {}
    for index, needle in enumerate(filed):
        key, second = keys[2 * index], keys[2 * index + 1]
        by_window.setdefault(key, []).append(needle)
        if second != key:
            by_window.setdefault(second, []).append(needle)
    return by_window


class Needles:
    """One text, lower-cased once, in which rules look for their needles. With the catalog's
    ``NeedleIndex``, the needles it holds are found once, the first time a rule asks."""

    def __init__(self, text: str, index: NeedleIndex | None = None) -> None:
        self.text = text
        self.folded = fold(text)
        self.index = index
        self._found: frozenset[str] | None = None

    @property
    def found(self) -> frozenset[str] | None:
        """The index's needles the text holds (None without an index)."""
        if self._found is None and self.index is not None:
            self._found = self.index.found_in(self.folded)
        return self._found

    def found_within(self, wider: Needles | None) -> None:
        """Take the needles from those of a text that holds this one (a failure's diagnostic inside
        the text its match rules were searched in): only they can be in it."""
        if wider is not None and wider._found is not None and self.index is wider.index and self.folded in wider.folded:
            self._found = frozenset(filter(self.folded.__contains__, wider._found))

    def any_of(self, needles: tuple[str, ...]) -> bool:
        found = self.found
        if found is not None:
            return not found.isdisjoint(needles)
        return any(map(self.folded.__contains__, needles))  # the loop runs in C


class Wording:
    """Which reasons' wording one text has, each reason looked up the first time it is asked: deciding
    a reason usually asks about a few of them only."""

    def __init__(self, catalog: Catalog, text: str, present: Needles) -> None:
        self.catalog, self.text, self.present = catalog, text, present
        self.known: dict[str, bool] = {}

    def __contains__(self, reason: object) -> bool:
        if not isinstance(reason, str):
            return False
        found = self.known.get(reason)
        if found is None:
            found = self.known[reason] = self.catalog.says(reason, self.text, self.present)
        return found


def _is_generic(status: str) -> bool:
    """X.Y.0 codes say nothing beyond class and subject, so text evidence may decide instead."""
    return status.endswith(".0")


def status_weight(status: str) -> int:
    if status.endswith(".0.0"):
        return SCORE_GENERIC_STATUS
    if status.endswith(".0"):
        return SCORE_SUBJECT_STATUS
    return SCORE_STATUS


def _in_ranges(status: str, ranges: tuple[tuple[str, int, int], ...]) -> bool:
    prefix, _, detail = status.rpartition(".")
    return any(prefix == p and lo <= int(detail) <= hi for p, lo, hi in ranges)


def parse_ranges(specs: tuple[str, ...] | list[str]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for spec in specs:
        start, _, end = spec.partition("-")
        prefix, _, lo = start.rpartition(".")
        out.append((prefix, int(lo), int(end)))
    return tuple(out)


def split_codes(codes: list[str]) -> tuple[frozenset[str], tuple[tuple[str, int, int], ...]]:
    """A rule's codes: the exact ones, and the ranges ("5.7.606-649")."""
    ranges = [code for code in codes if "-" in code]
    if not ranges:
        return frozenset(codes), ()
    return frozenset(code for code in codes if "-" not in code), parse_ranges(ranges)


NO_CODES: tuple[frozenset[str], tuple[tuple[str, int, int], ...]] = (frozenset(), ())


def _rule(data: dict[str, Any], inherited: tuple[frozenset[str], tuple[tuple[str, int, int], ...]] | None, anchored: bool) -> Rule:
    """One compiled rule. ``anchored``: the catalog was compiled with anchors, and a rule or part that
    names none opens every match with one of its needles (``ndr_atlas_build.needles.anchors_of``)."""
    codes = data.get("status")
    statuses, ranges = split_codes(codes) if codes else inherited or NO_CODES
    needles = tuple(data.get("needles", ()))
    parts = data.get("parts")
    if parts:
        return Rule(
            statuses,
            ranges,
            frozenset(data.get("reply", ())),
            data.get("text") or "|".join([part["text"] for part in parts]) or None,
            not codes and inherited is not None,
            needles,
            tuple(
                [
                    (own, part["text"], own if anchored and "anchors" not in part else tuple(part.get("anchors", ())))
                    for part in parts
                    for own in (tuple(part["needles"]),)
                ]
            ),
        )
    return Rule(
        statuses,
        ranges,
        frozenset(data.get("reply", ())),
        data.get("text") or None,
        not codes and inherited is not None,
        needles,
        (),
        needles if anchored and "anchors" not in data else tuple(data.get("anchors", ())),
    )


def catalog_from_data(data: dict[str, Any]) -> Catalog:
    entries = []
    anchored = data.get("anchored") is True
    for item in data["entries"]:
        variants: tuple[Variant, ...] = ()
        if item.get("variants"):
            own_codes = split_codes([c for c in item["codes"] if "." in c] + item.get("code_ranges", []))
            variants = tuple(
                [
                    Variant(
                        v["id"],
                        v.get("reason"),
                        v["titles"],
                        tuple([_rule(r, own_codes, anchored) for r in v["match"]]),
                        v.get("origin", "standard"),
                        v.get("summaries", {}),
                        v.get("provider"),
                        tuple(v.get("hosts", ())),
                        v.get("expired_last", False),
                    )
                    for v in item["variants"]
                ]
            )
        entries.append(
            Entry(
                item["id"],
                tuple(item["codes"]),
                item["reason"],
                item["page"],
                item["titles"],
                item["summaries"],
                tuple([_rule(r, None, anchored) for r in item["match"]]),
                variants,
                item.get("origin", "standard"),
                parse_ranges(item.get("code_ranges", ())),
            )
        )
    return Catalog(entries, data.get("reasons"), data.get("needle_index"))


PACKAGED_CATALOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "catalog.json")


def read_json(path: str | os.PathLike[str]) -> dict[str, Any]:
    # Read as bytes, which json decodes as UTF-8 (RFC 8259 8.1) in one step: a file opened as text
    # passes its 600 kB through the newline decoder too (3 % of the command's start).
    with open(path, "rb") as handle:
        data: dict[str, Any] = json.loads(handle.read())
    return data


def load_catalog(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Load the compiled catalog: the given file, ``$NDR_ATLAS_CATALOG``, or the packaged copy.

    The packaged copy is generated by the build (``setup.py``'s hook for wheels and editable
    installs, ``make check-catalog`` in a source checkout); the browser always passes compiled JSON.
    """
    chosen = path or os.environ.get("NDR_ATLAS_CATALOG")
    if chosen:
        return catalog_from_data(read_json(chosen))
    if not os.path.exists(PACKAGED_CATALOG):
        raise FileNotFoundError(
            f"the compiled catalog is missing ({PACKAGED_CATALOG}); in a source checkout, run `make check-catalog` to generate it"
        )
    return catalog_from_data(read_json(PACKAGED_CATALOG))
