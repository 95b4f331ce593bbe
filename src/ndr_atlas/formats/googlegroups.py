"""Google Groups' refusal of a post, with or without its mail headers: "We're writing to let you know
that the group you tried to contact (NAME) may not exist, or you may not have permission to post
messages to the group.", then its list of likely causes, a link to the Help Center and a signature.

The notice opens with "Hello <sender>," (the address of the person who posted, not of the group) and
names the group only by its name in parentheses. The failed recipient is the group:

* the address Google lists in ``X-Failed-Recipients`` when the headers are there;
* else the returned original's ``To:`` whose local part is the group's name;
* else the name completed with the group's domain, as the notice shows it: a Google Workspace
  domain's notice links to ``https://support.google.com/a/<domain>/…`` and is signed
  "<domain> admins", so the group is ``NAME@<domain>``; a consumer group's notice links to
  ``https://groups.google.com/support/`` and is signed "Google Groups", so it is
  ``NAME@googlegroups.com``;
* else no address (the paste kept neither), and none is to be guessed from the paste: its other
  addresses are the poster's.

Seen that way in public threads: the Workspace form in OpenHunting/openhunt#39,
prebid/prebid-server#3816 and AICC/CMI-5_Spec_Current#288, the consumer form in USCiLab/cereal#305,
openopps/openopps-platform#1384 and mej/nhc#7 (the last with its headers and X-Failed-Recipients),
often quoted inside the poster's own words ("I received a bounceback email stating the following:
"Hello …"). What the refusal means is the catalog's (variant google-groups-post-rejected)."""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source, lazy_re, may_say
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.exim import failed_recipients
from ndr_atlas.formats.words import failure_from_words

NEEDLES = ("the group you tried to contact",)
# "… the group you tried to contact (sales) may not exist": the name may follow on the next line of
# a wrapped or quoted ("> ") paste.
GROUP_RE = lazy_re(r"the group you tried to contact[\s>]{0,20}\((?P<name>[^()\s<>]{1,100})\)", re.IGNORECASE)
# A Workspace domain's Help Center link: "https://support.google.com/a/example.org/bin/topic.py?topic=25838".
WORKSPACE_RE = lazy_re(r"support\.google\.com/a/(?P<domain>[A-Za-z0-9][A-Za-z0-9.-]{0,252})/", re.IGNORECASE)
# The consumer service's Help Center link, or its signature on a line of its own (after "Thanks,").
CONSUMER_LINK = "groups.google.com/support"
CONSUMER_SIGNATURE_RE = lazy_re(r"^[\s>\"]*Google Groups[\s\"]*$", re.IGNORECASE | re.MULTILINE)
CONSUMER_DOMAIN = "googlegroups.com"
# The returned original's To: line (quoted or indented in a paste).
TO_LINE_RE = lazy_re(r"^[ \t>]*To:[ \t]*(?P<rest>[^\n]{0,400})$", re.IGNORECASE | re.MULTILINE)
# The notice's own sentence: from the group's name to the end of its paragraph, at most this long.
SENTENCE_CHARS = 400
QUOTE_MARKS_RE = lazy_re(r"^[\s>\"]+")


def recognise(source: Source) -> bool:
    # may_say folds the text once for every reader that asks (base.folded), not a lower() of its own.
    return may_say(source.text, NEEDLES)


def read(source: Source) -> Parsed | None:
    text = source.text
    failures: list[Failure] = []
    named: set[str] = set()
    for found in GROUP_RE().finditer(text):
        name = found.group("name")
        if name.lower() in named:
            continue
        named.add(name.lower())
        failure = failure_from_words(group_address(source, text, name), sentence(text, found))
        # No group address in the paste: the other addresses it holds are the poster's ("Hello …",
        # the notice's To:), never the group's.
        failure.names_no_recipient = failure.recipient is None
        failures.append(failure)
    return bounce(failures)


def sentence(text: str, found: re.Match[str]) -> list[str]:
    """The notice's sentence from "the group you tried to contact (NAME)" to the end of its paragraph,
    one line, without the quote marks a paste put in front of its lines."""
    start = found.start()
    end = text.find("\n\n", start)
    chunk = text[start : min(len(text) if end < 0 else end, start + SENTENCE_CHARS)]
    return [" ".join(QUOTE_MARKS_RE().sub("", line).strip() for line in chunk.split("\n"))]


def group_address(source: Source, text: str, name: str) -> str | None:
    if "@" in name:
        return name
    listed = failed_recipients(source)
    for address in listed:
        if address.split("@", 1)[0].lower() == name.lower():
            return address
    if len(listed) == 1:
        return listed[0]
    for to in TO_LINE_RE().finditer(text):
        for address in ADDRESS_RE.findall(to.group("rest")):
            if address.split("@", 1)[0].lower() == name.lower():
                return address
    workspace = WORKSPACE_RE().search(text)
    if workspace:
        domain = workspace.group("domain").strip(".").lower()
        if "." in domain:
            return f"{name}@{domain}"
    if CONSUMER_LINK in text.lower() or CONSUMER_SIGNATURE_RE().search(text):
        return f"{name}@{CONSUMER_DOMAIN}"
    return None
