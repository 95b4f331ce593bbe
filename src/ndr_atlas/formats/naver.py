"""NAVER Mail's failure notice in Korean, sent to the sender from naver.com: a "NAVER -
http://www.naver.com/" heading, then "<address> 님께 보내신 메일 <subject> 이 다음과 같은 이유로 전송
실패했습니다." ("the message you sent to <address> could not be sent for the following reason") and
the reason in a block of its own between lines of dashes ("받는 사람이 회원님의 메일을 수신차단
하였습니다.": the recipient has blocked your mail). The notice gives no SMTP code: the reason's
words are the failure's text, and the catalog reads them. (The layout of the notices two NAVER
users' mailboxes sent back to GitHub's reply-by-email address, which posted them as comments:
thomasJang/axisj#416 and codechobostudy/code-chobo-study#3, both 2015.)"""

from __future__ import annotations

import re

from ndr_atlas.formats.base import ADDRESS_RE, Failure, Parsed, Source
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import failure_from_words

# "<address> 님께 보내신 메일 <subject> 이 다음과 같은 이유로 전송 실패했습니다." The subject may hold
# anything, so the sentence is found by its two fixed ends on one line.
SENT_TO = "님께 보내신 메일"
FAILED = "다음과 같은 이유로 전송 실패했습니다"
SENTENCE_RE = re.compile(r"(?P<addr>" + ADDRESS_RE.pattern + r")\s*" + SENT_TO + r".{0,400}?" + FAILED)
# The notice's separators: a line of dashes (44 in the notices seen; any run of ten or more).
SEPARATOR_RE = re.compile(r"^-{10,}$")
# The reason block is short; a longer run is not this notice's.
MAX_REASON_LINES = 8


def recognise(source: Source) -> bool:
    notice = source.notice
    return SENT_TO in notice and FAILED in notice


def read(source: Source) -> Parsed | None:
    lines = [line.strip() for line in source.text.split("\n")]
    failures: list[Failure] = []
    seen: set[tuple[str | None, str]] = set()
    for index, line in enumerate(lines):
        found = SENTENCE_RE.search(line)
        if not found:
            continue
        reason = reason_block(lines, index + 1)
        if not reason:
            continue
        failure = failure_from_words(found.group("addr"), reason)
        if (failure.recipient, failure.diagnostic) not in seen:  # the same notice posted twice is one failure
            seen.add((failure.recipient, failure.diagnostic))
            failures.append(failure)
    return bounce(failures)


def reason_block(lines: list[str], start: int) -> list[str]:
    """The lines between the separator after the notice's sentence (above ``start``) and the next one."""
    opened = False
    said: list[str] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if SEPARATOR_RE.match(line):
            if opened and said:
                return said
            opened = True
            continue
        if not opened:
            if line:
                return []  # words before any separator: not the notice's layout
            continue
        if line:
            said.append(line)
            if len(said) > MAX_REASON_LINES:
                return []
    return said if opened else []
