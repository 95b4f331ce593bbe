"""OpenSMTPD's log (smtpd logs to the mail facility: ``/var/log/maillog``): one line for each attempt
to deliver an envelope to a remote server (``mta_log`` in smtpd's mta.c), with its result and the
server's reply or smtpd's own error as ``stat``. Releases up to 5.x write

    Mar  4 09:12:41 relay smtpd[4121]: relay: PermFail for 3f2a…: session=…, from=<ann@…>, to=<bob@…>, rcpt=<->, …, stat=550 5.1.1 …

and 6.x and later

    Mar  4 10:01:17 mail smtpd[9012]: 5b1e… mta delivery evpid=8d41… from=<ann@…> to=<bob@…> rcpt=<-> source="…" relay="203.0.113.45 (mx1.example.org)" delay=2s result="TempFail" stat="421 …"

(a delivery to a local mailbox, mda.c's ``mda_log``: "… mda delivery evpid=… user=bob delay=40s
result=TempFail stat=…", the same fields unquoted)

``PermFail`` failed for good, ``TempFail`` stays queued (deferred); ``Ok`` lines are deliveries. The
line layouts are read by ``formats.opensmtpdlog`` (the same lines pasted into ``diagnose``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ndr_atlas.formats.opensmtpdlog import RESULTS, TO_RE, stat_of
from ndr_atlas.logs.base import LogEvent, SyslogClock, codes_in, line_reader, line_time

NAME = "opensmtpd"
TITLE = 'OpenSMTPD log ("relay: PermFail|TempFail for …" and "mta|mda delivery … result=PermFail|TempFail" lines)'

# A delivery line of either layout, whatever its result: what tells an OpenSMTPD log from its first lines.
SIGNATURE_RE = re.compile(r"\bsmtpd\[\d+\]: (?:relay: (?:Ok|PermFail|TempFail) for |[0-9a-f]{16} m[dt]a delivery )")
MARKERS = ("PermFail", "TempFail")
# The server tried: "relay=198.51.100.20 (mx.example.net)," or relay="203.0.113.45 (mx1.example.org)".
RELAY_RE = re.compile(r'\brelay="?([^\s,"()]+)(?: \(([^\s()"]+)\))?')


def sniff(head: list[str]) -> bool:
    return any(SIGNATURE_RE.search(line) for line in head)


def line_events(number: int, line: str, clock: SyslogClock) -> Iterator[LogEvent]:
    """The failed or deferred delivery of an OpenSMTPD line, if it states one."""
    marker = next((marker for marker in RESULTS if marker in line), None)
    to = TO_RE().search(line) if marker is not None else None
    if marker is None or to is None:
        return
    stat = stat_of(line.rstrip("\r\n"), quoted=marker.endswith('"'))
    reply, status = codes_in(stat)
    relay = RELAY_RE.search(line, to.end())
    yield LogEvent(
        line=number,
        time=line_time(line, clock),
        recipient=to.group(1),
        diagnostic=stat,
        deferred=RESULTS[marker],
        status=status,
        reply=reply,
        remote_host=(relay.group(2) or relay.group(1)) if relay else None,
    )


read = line_reader(MARKERS, line_events)
