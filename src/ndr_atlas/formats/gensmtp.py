"""gen_smtp's failures (Erlang's SMTP client, under Elixir's Swoosh and Bamboo too) as applications log
them: no report, the tuple the client returned, the failure's kind, the host it talked to and the
server's reply as the binary gen_smtp read:

    {error, no_more_hosts, {permanent_failure, "mx.example.org", <<"554 5.7.1 Relay denied\\r\\n">>}}

gen_smtp_client's source (src/gen_smtp_client.erl) types what a session gives back so:
``smtp_session_error() :: {error, no_more_hosts, {permanent_failure, smtp_host(), Reason}} | {error,
retries_exceeded, host_failure()}``, with ``host_failure()`` a ``{temporary_failure, Host, Reason}`` or a
``{permanent_failure, Host, Reason}`` among others, and the reason "server's 5xx response" (or 4xx) as a
binary, or an atom of its own (``auth_failed``, ``tls_failed``) that carries no reply. ``try_MAIL_FROM``,
``try_RCPT_TO`` and ``try_DATA`` throw the reply alike, so the tuple names no command and no recipient:
an address in the reply may be the sender's ("553 5.7.1 <app@example.org>: Sender address rejected"),
and none is taken from the text unless the reply's own words say it is a refused recipient.

The tuple is printed as Erlang writes it (a crash report's ``{permanent_failure,"10.0.0.1",
<<"501 …\\r\\n">>}``, its elements on several lines) or as Elixir's ``inspect`` does, the atom with a
colon and the host a charlist (``{:permanent_failure, '10.0.0.1', "501 …\\r\\n"}``, ``~c"10.0.0.1"``
since Elixir 1.15), often inside the message of Bamboo.SMTPAdapter.SMTPError or Swoosh.DeliveryError,
where it was itself inspected into a string (its quotes written ``\\"``, the reply's ``\\r\\n`` as
``\\\\r\\\\n``). A crash report prints the same failure twice (the message and the raw term): one
failure. Backed by gen_smtp_client.erl and by two applications' issues quoting it (a Phoenix
application's Bamboo crash report, a Swoosh.DeliveryError of a newsletter tool)."""

from __future__ import annotations

from ndr_atlas.formats.base import Failure, Parsed, Source, capped_evidence, lazy_re, quoted_error
from ndr_atlas.formats.blocks import bounce
from ndr_atlas.formats.words import named_command, rcpt_reply_address, refused_reply

MARKERS = ("permanent_failure", "temporary_failure")
# The tuple: the kind (an Erlang atom, or Elixir's with a colon), the host as a string, a charlist
# ('…', ~c"…") or a binary, then the reply as a binary (<<"…">>) or a string, its quote written \" when
# the tuple was inspected into a string. The reply runs on one line (its breaks are written \r\n) to the
# first quote after it, which must close the tuple (a backslash before it is the inspected form's escape,
# taken off after): each tuple is scanned once to its quote. A reply holding a quote of its own is not
# read. Elements may stand on lines of their own.
TUPLE_RE = lazy_re(
    r"\{[ \t\n]*:?(?P<kind>permanent|temporary)_failure[ \t\n]*,[ \t\n]*"
    r"(?:~c)?(?:<<)?\\?[\"'](?P<host>[^\"'\\\s{},]{1,255})\\?[\"'](?:>>)?[ \t\n]*,[ \t\n]*"
    r"(?:<<)?\\?\"(?P<reply>[45]\d\d[^\"\n]{0,2000})\"(?:>>)?[ \t\n]*\}"
)
MAX_FAILURES = 200


def recognise(source: Source) -> bool:
    return any(marker in source.text for marker in MARKERS)


def read(source: Source) -> Parsed | None:
    failures: dict[tuple[str, str], Failure] = {}
    for found in TUPLE_RE().finditer(source.text):
        said = reply_of(found.group("reply"))
        key = (found.group("host").lower(), said)
        if key in failures:
            continue  # the message and the raw term of one crash report
        command = named_command(said)
        failure = refused_reply(rcpt_reply_address(said, command), [said], command)
        failure.names_no_recipient = True  # the tuple names none; an address elsewhere may be the sender's
        failure.remote_host = failure.remote_host or found.group("host")
        failure.evidence = capped_evidence([" ".join(found.group(0).split())])
        failures[key] = failure
        if len(failures) >= MAX_FAILURES:
            break
    return bounce(list(failures.values()))


def reply_of(written: str) -> str:
    """The reply as text on one line: one level of a string's escapes undone (an inspected tuple writes
    the reply's \\r\\n as \\\\r\\\\n and its closing quote as \\"), then its written breaks read as blanks."""
    return quoted_error(written.removesuffix("\\").replace("\\\\", "\\"))
