"""Sendmail's session transcript read as text, its report's heading and recipient list not there
(the transcript pasted alone, or a report that starts with it): each reply of the remote server
quoted as ``<<< 552 Requested mail action aborted: exceeded storage allocation``, then Sendmail's
own line for the recipient, ``554 5.0.0 <bob@example.org>... Service unavailable``, whose X.0.0
code says nothing more than that the message failed (savemail.c and deliver.c print them so).

The generic scanner reads the lines; this module's ``generic.Layout`` gives the remote server's
reply, read before any recipient, to the one recipient named below it. Whole reports go to the
RFC 3464 reader (Sendmail 8) or to v5sendmail (Sendmail 5)."""

from __future__ import annotations

from ndr_atlas.formats import generic
from ndr_atlas.formats.base import MAX_DIAGNOSTIC_CHARS, MAX_EVIDENCE_LINES, Failure, Parsed, Source
from ndr_atlas.formats.words import SESSION_REPLY


class TranscriptLayout(generic.Layout):
    def unnamed_error(self, unnamed: Failure, named: list[Failure]) -> None:
        if len(named) == 1:
            remote_reply_over_summary(unnamed, named[0])


LAYOUT = TranscriptLayout()


def recognise(source: Source) -> bool:
    return SESSION_REPLY in source.text


def read(source: Source) -> Parsed | None:
    return generic.read_with_layout(source, LAYOUT)


def remote_reply_over_summary(transcript: Failure, summary: Failure) -> None:
    """The remote server's reply ("<<< 552 …", every line of the error quoted so) before Sendmail's
    own line for the recipient with no status or an X.0.0 one: the remote server's reply code and
    words are the failure's."""
    if not transcript.reply or not all(line.startswith(SESSION_REPLY) for line in transcript.evidence):
        return
    if summary.status is not None and not summary.status.endswith(".0.0"):
        return
    summary.reply = transcript.reply
    summary.diagnostic = f"{transcript.diagnostic} | {summary.diagnostic}"[:MAX_DIAGNOSTIC_CHARS]
    summary.evidence[:0] = [line for line in transcript.evidence if line not in summary.evidence]
    del summary.evidence[MAX_EVIDENCE_LINES:]
