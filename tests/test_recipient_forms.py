"""Recipients in every form a report writes them, read by the one address pattern every reader shares
(``formats.base.ADDRESS_RE``) and by the helpers around it. Whole reports in each form are in
tests/fixtures/formats/rcpt-*.* (``TABLE`` of tests/test_formats.py); here, the pattern in prose and
the cases a fixture cannot show alone."""

from __future__ import annotations

import pytest

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import diagnose
from ndr_atlas.formats.base import ADDRESS_RE, Source, decoded_header, distinct_addresses, failed_recipients_header
from ndr_atlas.mime import parse_mime


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        # Internationalised local parts and domains (RFC 6531/6532), in the prose around them.
        ("josé@example.com", ["josé@example.com"]),
        ("«josé@example.com»", ["josé@example.com"]),
        ("“δοκιμή@example.gr”", ["δοκιμή@example.gr"]),
        ("Адрес заказ@пример.рф не существует", ["заказ@пример.рф"]),
        ("用户@例子.广告", ["用户@例子.广告"]),
        ("info@bücher.example, info@xn--bcher-kva.example", ["info@bücher.example", "info@xn--bcher-kva.example"]),
        # A Japanese or Chinese sentence runs on after the address with no blank; a fullwidth colon opens it.
        ("宛先：bob@example.jpへの配信に失敗しました", ["bob@example.jp"]),
        ("邮件无法发送到 bob@example.com。", ["bob@example.com"]),
        # Quoted local parts, "@" inside the quotes too; a quoted display name is no address.
        ('"john doe"@example.com', ['"john doe"@example.com']),
        ('"a@b"@example.com', ['"a@b"@example.com']),
        # An empty quoted local part is an address too (RFC 5321 4.1.2: Quoted-string = DQUOTE *QcontentSMTP DQUOTE).
        ('<""@host.example.org>', ['""@host.example.org']),
        ('To: "bob@example.org" <bob@example.org>', ["bob@example.org", "bob@example.org"]),
        # Relays and routes: "%" is part of the local part; a source route is not part of the address.
        ("user%host.example@relay.example.org", ["user%host.example@relay.example.org"]),
        ("<@relay.example.org,@gw.example.net:bob@example.com>", ["bob@example.com"]),
        ("SMTP:bob@example.com mailto:ann@example.com smtp;carl@example.com", ["bob@example.com", "ann@example.com", "carl@example.com"]),
        # Glued to punctuation.
        ("<bob@example.com>... User unknown", ["bob@example.com"]),
        ("bob@example.com: no mailbox, ann@example.com, carl@example.com.", ["bob@example.com", "ann@example.com", "carl@example.com"]),
        ("'o'brien@example.com'", ["o'brien@example.com"]),
        # No address: a host name, a bare "@" in a Received line's comment.
        ("by mx.xn--bcher-kva.example with ESMTP (@ 198.51.100.7)", []),
    ],
)
def test_the_address_pattern_in_prose(text: str, addresses: list[str]) -> None:
    assert ADDRESS_RE.findall(text) == addresses


def test_a_unitext_or_utf8_local_part_is_read_in_every_text_layout(catalog: Catalog) -> None:
    """The same UTF-8 address as a pasted Postfix line, a Sendmail line, an Exim item and a qmail item."""
    for text in (
        "<jürgen.müller@example.de>: host mx.example.de[198.51.100.9] said: 550 5.1.1 User unknown (in reply to RCPT TO command)",
        "550 5.1.1 <jürgen.müller@example.de>... User unknown",
        "The following address(es) failed:\n\n  jürgen.müller@example.de\n    host mx.example.de [198.51.100.9]\n"
        "    SMTP error from remote mail server after RCPT TO:<jürgen.müller@example.de>:\n    550 5.1.1 User unknown",
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
        "<jürgen.müller@example.de>:\nRemote host said: 550 5.1.1 User unknown\n",
    ):
        assert [r.recipient for r in diagnose(text, catalog).results] == ["jürgen.müller@example.de"], text


@pytest.mark.parametrize(
    ("header", "addresses"),
    [
        ("X-Failed-Recipients: =?UTF-8?B?am9zw6kucGXDsWFAZXhhbXBsZS5jb20=?=", ["josé.peña@example.com"]),
        ("X-Failed-Recipients: =?utf-8?Q?jos=C3=A9@example.com?=, ann@example.net", ["josé@example.com", "ann@example.net"]),
        ("X-Failed-Recipients: anna.neri@example.net,\n  luigi.verdi@example.com", ["anna.neri@example.net", "luigi.verdi@example.com"]),
        # A word that cannot be decoded is read as it stands, never raised.
        ("X-Failed-Recipients: =?x-unknown?B?!!!?= bob@example.com", ["bob@example.com"]),
    ],
)
def test_x_failed_recipients_folded_or_in_encoded_words(header: str, addresses: list[str]) -> None:
    raw = f"From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n{header}\nSubject: Mail delivery failed\n\nbody\n"
    assert failed_recipients_header(Source(raw, parse_mime(raw))) == addresses


def test_a_header_value_without_encoded_words_is_left_alone() -> None:
    assert decoded_header("bob@example.com, =?broken") == "bob@example.com, =?broken"


def test_the_returned_originals_addresses_keep_their_case() -> None:
    assert distinct_addresses("CARLA.FONTANA@EXAMPLE.NET, carla.fontana@example.net, Dario@Example.com") == [
        "CARLA.FONTANA@EXAMPLE.NET",
        "Dario@Example.com",
    ]


# A person's forward of a report, pasted: its own words say delivery failed, and the block below is
# the report it forwards, not a returned original: the forwarded report's recipient failed, never the
# forward's addressee.
FORWARDED_REPORT = """Ciao Marta, this message could not be delivered, can you have a look?

-----Original Message-----
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: marta.conti@example.org
Subject: Undelivered Mail Returned to Sender

<bruno.fabbri@example.net>: host mx.example.net[198.51.100.7] said: 550 5.1.1
    <bruno.fabbri@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)
"""


def test_a_pasted_forward_of_a_report_is_not_a_returned_original(catalog: Catalog) -> None:
    report = diagnose(FORWARDED_REPORT, catalog)
    assert [r.recipient for r in report.results] == ["bruno.fabbri@example.net"]


# The report's own part names a recipient (with no code): the returned original's To: is not asked.
NAMED_ABOVE_ORIGINAL = """Your message could not be delivered to the following recipient:

    nadia.greco@example.net

------ Original message ------
From: Ufficio <ufficio@example.org>
To: Archivio <archivio@example.org>
Subject: Verbale
"""


def test_a_pasted_report_that_names_its_recipient_keeps_it(catalog: Catalog) -> None:
    assert [r.recipient for r in diagnose(NAMED_ABOVE_ORIGINAL, catalog).results] == ["nadia.greco@example.net"]


def test_exims_pipe_item_names_the_alias_that_made_it(catalog: Catalog) -> None:
    """Exim's "pipe to |…" / "generated by <alias>" item pasted alone: the alias failed (deliver.c)."""
    text = (
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        "  pipe to |/usr/local/bin/ticket\n"
        "    generated by helpdesk@example.org\n"
        "    Child process of address_pipe transport returned 75 (could mean temporary error) from command:\n"
        "      /usr/local/bin/ticket\n"
    )
    assert [r.recipient for r in diagnose(text, catalog).results] == ["helpdesk@example.org"]
    # "(generated from …)" under an address is where it came from, not a second failure.
    forwarded = text.replace(
        "  pipe to |/usr/local/bin/ticket\n    generated by", "  marco.bruni@example.com\n    (generated from"
    ).replace("helpdesk@example.org\n", "helpdesk@example.org)\n")
    assert [r.recipient for r in diagnose(forwarded, catalog).results] == ["marco.bruni@example.com"]


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        # Japanese, Chinese, Korean prose with no blank before the address: its words are not the address's.
        ("550 5.1.1 宛先user@example.jpは存在しません", "user@example.jp"),
        ("550 5.1.1 收件人josé@example.com不存在", "josé@example.com"),
        ("550 5.1.1 수신자kim@example.kr 없음", "kim@example.kr"),
        # A local part wholly in those scripts is the address.
        ("550 5.1.1 <用户@例子.广告>: User unknown", "用户@例子.广告"),
        ("550 5.1.1 <やまだ@example.jp>: User unknown", "やまだ@example.jp"),
    ],
)
def test_east_asian_words_run_on_into_an_address_are_not_part_of_it(catalog: Catalog, text: str, recipient: str) -> None:
    assert [r.recipient for r in diagnose(text, catalog).results] == [recipient]


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        # A mail log writes the recipient as a name=value field, without angle brackets: Sendmail's
        # delivery line and Zimbra's LMTP test tool. The field's name is no part of the address.
        (
            "Dec  5 10:12:01 mail sm-mta[4127]: 4B5A9cQe004127: to=ordini@fabrikam.example, ctladdr=<rita@example.org> (1001/1001), "
            "delay=00:00:02, xdelay=00:00:02, mailer=esmtp, pri=121204, relay=mx.fabrikam.example. [192.0.2.40], dsn=5.1.1, stat=User unknown",
            "ordini@fabrikam.example",
        ),
        ("[error] Delivery failed msg=verbale.eml rcpt=ufficio@example.net response=552 5.2.2 Over quota", "ufficio@example.net"),
        # An address whose local part holds "=" after other characters is read whole.
        ("550 5.1.1 <a=b@example.org>: Recipient address rejected: User unknown", "a=b@example.org"),
    ],
)
def test_the_name_of_a_log_field_is_not_part_of_the_address(catalog: Catalog, text: str, recipient: str) -> None:
    assert [r.recipient for r in diagnose(text, catalog).results] == [recipient]


# A person's inline forward of a report that names nobody: the report is read as the forward quotes
# it (its reply code stays), the returned original's To: under it giving the recipient.
FORWARDED_TRANSCRIPT = """Ciao, mi è tornato indietro questo messaggio, potete controllare?

-----Messaggio originale-----
Da: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>
Inviato: sabato 5 dicembre 2026 10:12
A: Rita Colombo <rita.colombo@example.org>
Oggetto: Returned mail: Deferred: Connection timed out

   ----- Transcript of session follows -----
421 fabrikam.example (smtp)... Deferred: Connection timed out during user open with fabrikam.example
Message could not be delivered for 5 days
Message will be deleted from queue

   ----- Unsent message follows -----
Received: by mail.example.com; (5.65/1.37) id AA01230;
    Sat, 5 Dec 2026 10:09:58 +0100
Date: Sat, 5 Dec 2026 10:09:55 +0100
Message-Id: <202612050909.AA01230@mail.example.com>
From: rita.colombo@example.org
To: ordini@fabrikam.example
Subject: Ordine 2026/118
"""


def test_a_forwarded_report_that_names_nobody_keeps_its_code(catalog: Catalog) -> None:
    (result,) = diagnose(FORWARDED_TRANSCRIPT, catalog).results
    assert (result.recipient, result.reply_code) == ("ordini@fabrikam.example", "421")


# Gmail's classic notice pasted from a web view that lost the "-----" of its "----- Original message
# -----" rule: the returned original's header lines then sit under the recipient list. Its Message-ID
# (RFC 5322 3.6.4: an identifier, not a mailbox) is not one more failed recipient.
GMAIL_WITHOUT_RULE = """Delivery to the following recipient failed permanently:

     amy@example.org

Technical details of permanent failure:
Google tried to deliver your message, but it was rejected by the recipient domain. The error that the other server returned was: 550 550 unknown user (state 14).

Original message

Received: by 10.0.0.1 with SMTP id x1cs1;
        Thu, 18 Jun 2009 10:05:47 -0700 (PDT)
Message-ID: <0123abcd4567ef@mail.example.net>
In-Reply-To: <89ab@mail.example.net>
From: Bob <bob@example.net>
To: amy@example.org
Subject: hello
"""


def test_a_message_id_under_the_list_is_no_recipient(catalog: Catalog) -> None:
    assert [r.recipient for r in diagnose(GMAIL_WITHOUT_RULE, catalog).results] == ["amy@example.org"]


def test_a_folded_message_id_under_the_list_is_no_recipient(catalog: Catalog) -> None:
    # Outlook and Exchange fold a long Message-ID onto the next line (RFC 5322 2.2.3), and References
    # runs one identifier a line: each line then holds a msg-id alone, still no mailbox.
    folded = GMAIL_WITHOUT_RULE.replace("Message-ID: <", "Message-ID:\n\t<").replace(
        "In-Reply-To: <89ab@mail.example.net>",
        "References: <77cd@mail.example.net>\n <89ab@mail.example.net>",
    )
    assert [r.recipient for r in diagnose(folded, catalog).results] == ["amy@example.org"]


# IMCEA encapsulation (MS-OXCMAIL 2.1.3.1.8, de-encapsulated as 2.2.3.1.2 says): "IMCEA", the type, "-",
# the address with "/" as "_" and other octets as "+XX", "@" and Exchange's domain.
@pytest.mark.parametrize(
    ("address", "original"),
    [
        ("IMCEASMTP-luca+2Eneri+40fabrikam+2Ecom@contoso.com", "luca.neri@fabrikam.com"),
        ("imceasmtp-luca+40fabrikam+2Ecom@contoso.com", "luca@fabrikam.com"),
        ("IMCEASMTP-jos+C3+A9+40example+2Ecom@contoso.com", "josé@example.com"),  # UTF-8 octets
        ("IMCEAINVALID-ugo+40example+2Eorg@contoso.com", "ugo@example.org"),
        # A legacy X.500 name (IMCEAEX) is no Internet address: kept whole, as Exchange printed it.
        ("IMCEAEX-_o=Contoso_ou=First+20Administrative+20Group_cn=Recipients_cn=luca@contoso.com",) * 2,
        # A Notes or X.400 name, decoded, is no address either.
        ("IMCEANOTES-Luca+20Neri+2FSales+2FFabrikam@contoso.com",) * 2,
        ("IMCEASMTP-not+20an+20address@contoso.com",) * 2,
        ("IMCEASMTP-bad+C3@contoso.com",) * 2,  # not UTF-8
        ("bob@example.org",) * 2,
    ],
)
def test_an_imcea_encapsulated_address_is_the_address_it_encapsulates(address: str, original: str) -> None:
    from ndr_atlas.formats.base import de_encapsulated

    assert de_encapsulated(address) == original


IMCEAEX_LONG = (
    "IMCEAEX-_o=ExchangeLabs_ou=Exchange+20Administrative+20Group+20+28FYDIBOHF23SPDLT+29_cn=Recipients"
    "_cn=0a7e3c91b2d84f6e9c15d2a8b7f40e63-Sara+20Fontana@eurprd07.prod.outlook.com"
)
EXCHANGE_ADMIN_PASTE = (
    "Delivery has failed to these recipients or groups:\n\nSara Fontana\nThe e-mail address you entered couldn't be found.\n\n"
    "Diagnostic information for administrators:\n\nGenerating server: AM6PR07MB5521.eurprd07.prod.outlook.com\n\n"
    "{address}\nRemote Server returned '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found'\n"
)


@pytest.mark.parametrize("cut", [60, 76, 130])
def test_an_imceaex_address_wrapped_over_two_lines_is_read_whole(catalog: Catalog, cut: int) -> None:
    """Exchange's IMCEAEX address runs far past a line's length; a mail program that wraps it cuts it
    anywhere (MS-OXCMAIL: an encapsulated address holds no line break). The recipient is the whole address."""
    wrapped = IMCEAEX_LONG[:cut] + "\n" + IMCEAEX_LONG[cut:]
    for text in (
        EXCHANGE_ADMIN_PASTE.format(address=wrapped),
        f"{wrapped}\nRemote Server returned '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found'\n",
        f"Your message to {wrapped} couldn't be delivered.\nRemote Server returned '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found'\n",
    ):
        assert [(r.recipient, r.status) for r in diagnose(text, catalog).results] == [(IMCEAEX_LONG, "5.1.1")]


def test_an_imceaex_address_on_one_line_is_read_whole_by_every_reader(catalog: Catalog) -> None:
    """Past the 64 characters of a local part, the address pattern sees only the end of it: that end stands for the whole."""
    for text in (
        f"{IMCEAEX_LONG}\nRemote Server returned '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found'\n",
        f"<{IMCEAEX_LONG}>: 550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found\n",
    ):
        assert [r.recipient for r in diagnose(text, catalog).results] == [IMCEAEX_LONG]


def test_an_imceasmtp_recipient_is_its_internet_address(catalog: Catalog) -> None:
    address = "IMCEASMTP-sara+2Efontana+40fabrikam+2Eexample@contoso.com"
    for text in (
        EXCHANGE_ADMIN_PASTE.format(address=address),
        EXCHANGE_ADMIN_PASTE.format(address=address[:30] + "\n" + address[30:]),
        f"550 5.1.1 <{address}>: Recipient address rejected: User unknown\n",
    ):
        assert [r.recipient for r in diagnose(text, catalog).results] == ["sara.fontana@fabrikam.example"]
