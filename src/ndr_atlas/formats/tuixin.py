"""The returned-mail notices (退信) of Chinese webmail services, written in Chinese with no status
fields: Tencent's (QQ Mail, Exmail) "您发送的邮件被退回，相关信息如下：" and NetEase's "很抱歉您发送的邮件被退回，
以下是该邮件的相关信息：" ("the mail you sent was returned"). After the returned mail's subject and time, each
failed recipient is a line "无法发送到 <address>" ("could not be sent to"), and under it labelled lines:
"系统应答：" (the system's answer: the remote server's reply, or the sending system's own error such as
"connect to … server failed"), "退信原因：" or a "退信原因" table cell (the reason, in Chinese), the
server's reply as Postfix words it ("host mx.example.org[…] said: 550 5.1.1 …"), and last a suggested
fix, "解决建议：" or "解决方案" ("suggestion" / "solution"), where the recipient's words end.

Recognised by its words: the notice's "邮件被退回" and the recipient's "无法发送到". The address after
"无法发送到" may be written bare, in angle brackets or as a Markdown link (a notice pasted from a web
page), and its domain may be masked to one label ("user@XXXXXXXX"): it is the failed recipient. The
reason is the catalog's, from the answer and the reason lines read as the failure's words.
Backed by two notices pasted in public issues (lisijie/webcron#14, Tencent's layout, quoted with
"> "; dreamhunter2333/cloudflare_temp_email#52, NetEase's, as a table copied from the web page)."""

from __future__ import annotations

from ndr_atlas.formats.base import Parsed, Source, lazy_re
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import RULE_LINE_RE, failure_from_words

NOTICE_WORDS = "邮件被退回"  # "the mail … was returned", in the opening sentence of both layouts
RECIPIENT_WORDS = "无法发送到"  # "could not be sent to", before each failed recipient
# "无法发送到 addr", "无法发送到admin@example.com", "无法发送到 <addr>", "无法发送到 [addr](mailto:addr)": the
# address, its domain of one label or more (a masked "XXXXXXXX" too).
RECIPIENT_RE = lazy_re(
    RECIPIENT_WORDS + r"[ \t:：]*[\[<]?(?P<addr>[^\s@<>()\[\]\"'：:，,]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*)"
)
# The suggested fix that closes a recipient's lines: Tencent's "解决建议：", NetEase's "解决方案" cell.
FIX_LABELS = ("解决建议", "解决方案")
MAX_LINES = 6  # the answer, the reason and the server's reply, with room for wrapped lines


def recognise(source: Source) -> bool:
    return RECIPIENT_WORDS in source.text and NOTICE_WORDS in source.text


def read(source: Source) -> Parsed | None:
    lines = [line.lstrip("> \t").rstrip() for line in source.text.split("\n")]
    failures = []
    for index, line in enumerate(lines):
        found = RECIPIENT_RE().search(line)
        if found is None:
            continue
        words: list[str] = []
        for below in lines[index + 1 :]:
            if RECIPIENT_WORDS in below or below.startswith(FIX_LABELS) or RULE_LINE_RE.match(below) or len(words) >= MAX_LINES:
                break
            if below:
                words.append(below)
        failures.append(failure_from_words(found.group("addr"), words))
    return bounce(failures)
