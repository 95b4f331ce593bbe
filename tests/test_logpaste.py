"""formats/logpaste.py: mail log records pasted, read through the log grammars, the scanner knowing none."""

from __future__ import annotations

from pathlib import Path

import pytest

from ndr_atlas import formats
from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import diagnose
from ndr_atlas.formats import escapedtext, generic, logpaste
from ndr_atlas.formats.base import Source

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def found(failures: list) -> list[tuple[str | None, str | None, str | None]]:
    return [(failure.recipient, failure.reply, failure.status) for failure in failures]


def test_the_log_reader_comes_right_before_the_generic_scanner() -> None:
    # formats/escapedtext.py, just above: a notice in a program's string literal, read as the text it holds.
    assert formats.READERS[-3:] == (escapedtext, logpaste, generic)


def test_the_scanner_alone_knows_no_postfix_record() -> None:
    """One MX host's refusal ("QUEUEID: host mx… said: 451 …") is told by its queue ID's own "to=" record;
    the scanner alone pairs it with the recipient of the record above it."""
    text = fixture("postfix-log-two-queue-ids-paste.txt")
    assert found(generic.failures_from_text(text)) == [("giulia.conti@fabrikam.example", "451", "4.7.1")]
    assert found(generic.failures_from_text(text, layout=logpaste.LAYOUT)) == [
        ("giulia.conti@fabrikam.example", "550", "5.0.0"),
        ("ufficio.stampa@contoso.example", "451", "4.7.1"),
    ]


def test_a_later_attempt_of_the_same_delivery_is_its_outcome() -> None:
    """Postfix logs a line per recipient and attempt (MAILLOG_README): a deferral, then the refusal for good."""
    text = (
        "Dec  4 10:15:02 mx1 postfix/smtp[2101]: 4QxY1k0abc: to=<marta@example.net>, relay=mx.example.net[192.0.2.7]:25, "
        "delay=1.2, delays=0.1/0/0.6/0.5, dsn=4.2.2, status=deferred (host mx.example.net[192.0.2.7] said: "
        "452 4.2.2 Mailbox full (in reply to RCPT TO command))\n"
        "Dec  4 14:15:02 mx1 postfix/smtp[2108]: 4QxY1k0abc: to=<marta@example.net>, relay=mx.example.net[192.0.2.7]:25, "
        "delay=14401, delays=14400/0/0.6/0.4, dsn=5.2.2, status=bounced (host mx.example.net[192.0.2.7] said: "
        "552 5.2.2 Mailbox full, quota exceeded (in reply to RCPT TO command))\n"
    )
    source = Source(text, None)
    assert logpaste.recognise(source)
    parsed = logpaste.read(source)
    assert parsed is not None and found(parsed.failures) == [("marta@example.net", "552", "5.2.2")]
    assert [(f.recipient, f.reply) for f in generic.failures_from_text(text)] == [("marta@example.net", "452")]


def test_a_delivered_record_is_no_failure() -> None:
    text = (
        "Dec  4 10:15:02 mx1 postfix/smtp[2101]: 5RzA2m0def: to=<piero@example.com>, relay=mx.example.com[198.51.100.9]:25, "
        "delay=0.8, delays=0.1/0/0.3/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4F1B2C3D4E)\n"
        "Dec  4 10:15:03 mx1 postfix/smtp[2101]: 5RzA2m0def: to=<lucia@example.com>, relay=mx.example.com[198.51.100.9]:25, "
        "delay=0.9, delays=0.1/0/0.3/0.5, dsn=5.1.1, status=bounced (host mx.example.com[198.51.100.9] said: "
        "550 5.1.1 <lucia@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n"
    )
    parsed = logpaste.read(Source(text, None))
    assert parsed is not None and [f.recipient for f in parsed.failures] == ["lucia@example.com"]


def test_a_postfix_record_names_a_recipient_whose_domain_is_a_bare_host_name() -> None:
    """Postfix logs the recipient it delivers to in "to=<%s>" (log_adhoc.c): on a host whose $myorigin
    is its bare name, "to=<ops@vesta>". The field is an address whatever its domain."""
    text = (
        "Mar  3 06:25:01 vesta postfix/smtp[8121]: 3F2A91C0B7: to=<ops@vesta>, orig_to=<ops>, relay=none, delay=0.4, "
        "delays=0.3/0.01/0.09/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for "
        "name=vesta type=AAAA: Host not found)\n"
    )
    parsed = logpaste.read(Source(text, None))
    assert parsed is not None and found(parsed.failures) == [("ops@vesta", None, "5.4.4")]
    # A name with no "@" in the field is no address.
    assert [f.recipient for f in logpaste.read(Source(text.replace("to=<ops@vesta>", "to=<ops>"), None)).failures] == [None]


def test_text_with_no_log_record_is_left_to_the_scanner() -> None:
    text = "<bob@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command)\n"
    assert not logpaste.recognise(Source(text, None))


def test_the_exim_grammar_imports_no_reader() -> None:
    """formats/eximlog.py is Exim's line grammar only (words imports it): no reader, no reader imported."""
    import ast

    from ndr_atlas.formats import eximlog

    tree = ast.parse(Path(eximlog.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert imported <= {"__future__", "re", "ndr_atlas.formats.base"}
    assert not hasattr(eximlog, "read") and not hasattr(eximlog, "recognise")


def test_exim_own_error_is_read_line_by_line() -> None:
    """An Exim "**" line whose error is a local transport's (no reply code): read through eximlog's grammar."""
    text = (
        "2026-11-20 09:41:07 1tZq8P-0004Xy-2B ** chiara@example.org R=localuser T=local_delivery: "
        "mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/chiara)\n"
        "2026-11-20 09:41:07 1tZq8P-0004Xy-2B Completed\n"
    )
    parsed = logpaste.read(Source(text, None))
    assert parsed is not None and [f.recipient for f in parsed.failures] == ["chiara@example.org"]
    assert parsed.failures[0].evidence == [text.split("\n")[0]]


def test_an_exim_flag_with_no_address_and_no_fields_is_no_log_entry() -> None:
    """The Exim specification's line: the address, then the fields (R=, T=, H= …) and ": " before the
    error. A guide to the log on a site that hides addresses behind Cloudflare's "[email protected]"
    placeholder has "** [email protected]" with neither: no delivery of "[email" that failed with
    "protected]". A pipe has no "@" but has its router and transport, and stays a failed delivery."""
    from ndr_atlas.formats import eximlog

    guide = (
        'A failed delivery is logged with the flag "**":\n'
        "2026-10-02 11:20:31 1tQ8vB-0002Lm-7K ** [email protected]\n"
        "R=dnslookup T=remote_smtp: SMTP error from remote mail server after RCPT TO:\n"
    )
    assert not eximlog.names_a_delivery("[email", " protected]")
    assert logpaste.exim_own_errors(guide) is None
    assert all(failure.diagnostic != "protected]" for failure in logpaste.read(Source(guide, None)).failures)
    pipe = "2026-10-02 11:22:05 1tQ8xD-0002Ln-3P ** |/usr/local/bin/ticket-in R=tickets T=address_pipe: Child process of address_pipe transport returned 69\n"
    parsed = logpaste.exim_own_errors(pipe)
    assert parsed is not None and [(f.recipient, f.action) for f in parsed.failures] == [(None, "failed")]


# A greeting refusal (no "(in reply to … command)" closing) with other syslog lines under it, the
# last one another recipient's record that does close so.
GREETING_THEN_OTHERS = (
    "Nov  3 14:05:40 relay2 postfix/smtp[4415]: 7C2A13D44B: to=<info@contoso.example>, relay=mx2.contoso.example[203.0.113.9]:25, "
    "delay=900, delays=899/0.1/0.5/0, dsn=4.7.1, status=deferred (host mx2.contoso.example[203.0.113.9] refused to talk to me: "
    "554 5.7.1 Connection refused - your IP is on our block list)\n"
    "Nov  3 14:05:40 relay2 postfix/smtp[4416]: Host offered STARTTLS: [mx.fabrikam.example]\n"
    "Nov  3 14:05:41 relay2 postfix/smtp[4416]: 8D3B24E55C: to=<ordini@fabrikam.example>, relay=mx.fabrikam.example[192.0.2.44]:25, "
    "delay=2.2, delays=0.1/0/1.1/1, dsn=5.1.1, status=bounced (host mx.fabrikam.example[192.0.2.44] said: 550 5.1.1 "
    "<ordini@fabrikam.example>... User unknown (in reply to RCPT TO command))\n"
)


def test_a_record_closed_on_its_line_takes_no_other_deliverys_line(catalog: Catalog) -> None:
    """Postfix logs each recipient and attempt on one line (MAILLOG_README): the lines under a record that
    closes on its own line are other records, never the rest of its reply. A greeting refusal read with
    the next recipient's record took its "User unknown" and its RCPT command, and that record was lost."""
    results = diagnose(GREETING_THEN_OTHERS, catalog).results
    assert [(r.recipient, r.action, r.status, r.reason, r.command) for r in results] == [
        ("info@contoso.example", "delayed", "4.7.1", "blocked", "CONN"),
        ("ordini@fabrikam.example", "failed", "5.1.1", "userunknown", "RCPT"),
    ]
    assert "ordini" not in results[0].diagnostic and "STARTTLS" not in results[0].diagnostic


def test_a_soft_bounce_takes_its_reason_from_the_servers_reply(catalog: Catalog) -> None:
    """soft_bounce = yes logs "dsn=4.0.0, status=SOFTBOUNCE" where Postfix would have bounced (postconf(5);
    global/bounce.c turns the status into 4.x.x): still a delay, but a dsn= that says only its class
    gives way to the code the reply states, as in the same record bounced; a dsn= with a detail stays."""
    soft = (
        "Nov  3 14:02:11 relay2 postfix/smtp[4410]: 6B1F02C33A: to=<acquisti@northwind.example>, "
        "relay=mx.northwind.example[198.51.100.23]:25, delay=1.4, delays=0.2/0/0.6/0.6, dsn=4.0.0, status=SOFTBOUNCE "
        "(host mx.northwind.example[198.51.100.23] said: 550 #5.1.0 Address rejected acquisti@northwind.example (in reply to RCPT TO command))"
    )
    bounced = soft.replace("dsn=4.0.0, status=SOFTBOUNCE", "dsn=5.0.0, status=bounced")
    (delayed,) = diagnose(soft, catalog).results
    (failed,) = diagnose(bounced, catalog).results
    assert (delayed.action, delayed.status, delayed.reason, delayed.hard_bounce) == ("delayed", "5.1.0", "userunknown", False)
    assert (failed.action, failed.status, failed.reason) == ("failed", "5.1.0", "userunknown")
    detailed = soft.replace("dsn=4.0.0", "dsn=4.1.1").replace("550 #5.1.0 Address rejected", "550 5.1.1 User unknown")
    (kept,) = diagnose(detailed, catalog).results
    assert (kept.action, kept.status, kept.reason) == ("delayed", "4.1.1", "userunknown")
