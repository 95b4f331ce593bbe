"""Feedback reports (ARF, RFC 5965): a spam complaint or feedback-loop report, not a delivery failure."""

from __future__ import annotations

from ndr_atlas.formats.base import Parsed, Source, report_parts


def recognise(source: Source) -> bool:
    message = source.message
    if message is None:
        return False
    report_type = (message.get_param("report-type") or "") if message.get_content_type() == "multipart/report" else ""
    if isinstance(report_type, str) and report_type.lower() == "feedback-report":
        return True
    return any(part.get_content_type() == "message/feedback-report" for part in report_parts(message))


def read(source: Source) -> Parsed | None:
    return Parsed("feedback", [])
