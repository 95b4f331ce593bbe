"""Every entry of Sisimai 5's remote-host tables, written as the provider sends it, leads to the
same reason (and, where the provider has one, to its own variant), except the few listed in LEFT,
whose reading here is kept on purpose; and every mail host those tables name for a provider whose
variants are bound to hosts is that provider's here too."""

from __future__ import annotations

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas_build.compile import compile_catalog
from provider_tables import ENTRIES, LEFT, Entry, report


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def entry_id(entry: Entry) -> str:
    return f"{entry.provider}-{entry.reason}-{' '.join(entry.reply.split()[:6])}"


@pytest.mark.parametrize("entry", ENTRIES + LEFT, ids=entry_id)
def test_a_providers_table_entry_gives_its_reason(catalog: Catalog, entry: Entry) -> None:
    result = diagnose(report(entry), catalog).results[0]
    assert result.recipient == entry.recipient
    assert result.reason == entry.reason, (result.reason, result.page)
    if entry.page:
        assert result.page.endswith(entry.page), result.page


def test_the_table_covers_every_rhost_module_read() -> None:
    read = {e.provider for e in ENTRIES}
    assert read >= {
        "Aol", "Apple", "Cloudflare", "Cox", "Facebook", "FrancePTT", "GoDaddy", "GSuite", "IUA", "KDDI", "MessageLabs",
        "Google", "Microsoft", "Mimecast", "NTTDOCOMO", "Outlook", "Spectrum", "Tencent", "YahooInc", "Zoho",
    }  # fmt: skip


# Hosts and domains by which Sisimai's rhost modules know a provider's mail (recipient domain,
# answering server, reporting server), for the providers whose variants here are bound to hosts.
SISIMAI_HOSTS = [
    ("mx01.mail.icloud.com", "Apple iCloud Mail"),
    ("ms-smtpin-1.apple.com", "Apple iCloud Mail"),
    ("mx02-smtpin001.me.com", "Apple iCloud Mail"),
    ("route1.mx.cloudflare.net", "Cloudflare Email Routing"),
    ("cox.net", "Cox"),
    ("mx.west.cox.com", "Cox"),
    ("smtp.secureserver.net", "GoDaddy"),
    ("mailstore1.secureserver.net", "GoDaddy"),
    ("lsean.ezweb.ne.jp", "au / KDDI"),
    ("msmx.au.com", "au / KDDI"),
    ("cluster1.eu.messagelabs.com", "Broadcom / Symantec MessageLabs"),
    ("contoso-com.mail.protection.outlook.com", "Microsoft 365 / Exchange Online"),
    ("db5pr01mb1234.eurprd01.prod.outlook.com", "Microsoft 365 / Exchange Online"),
    ("contoso.onmicrosoft.com", "Microsoft 365 / Exchange Online"),
    ("bl2prd0710hub001.exchangelabs.com", "Microsoft 365 / Exchange Online"),
    ("eu-smtp-inbound-1.mimecast.com", "Mimecast"),
    ("mfsmax.docomo.ne.jp", "NTT docomo"),
    ("mx1.hotmail.com", "Outlook.com / Hotmail"),
    ("mx1.qq.com", "Tencent (QQ Mail)"),
    ("mta7.am0.yahoodns.net", "Yahoo Mail / AOL"),
    ("aol.com", "Yahoo Mail / AOL"),  # AOL's inbound mail is Yahoo's (mx-aol.mail.gm0.yahoodns.net)
    ("mx.zoho.com", "Zoho Mail"),
]


@pytest.mark.parametrize(("host", "provider"), SISIMAI_HOSTS)
def test_a_providers_hosts_are_known(catalog: Catalog, host: str, provider: str) -> None:
    assert catalog.provider_of([host, None, None]) == provider
    assert catalog.provider_of(["example.org", host, None]) == provider


def test_a_host_bound_variant_applies_only_where_its_own_hosts_are() -> None:
    """A variant's hosts are its own, not its provider's: bound to a provider's servers' domain only,
    it does not apply to mail for a users' domain that another variant of the provider lists."""
    data = compile_catalog()
    variants = {v["id"]: v for entry in data["entries"] for v in entry.get("variants", [])}
    variants["yahoo-user-unknown"].update(hosts=["yahoodns.net"], provider="Yahoo Mail / AOL")  # as Sisimai's YahooInc table
    catalog = catalog_from_data(data)

    def bounce(host: str, reply: str) -> str:
        return (
            "From: MAILER-DAEMON@relay.example.org (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\n\n"
            "This is the mail system at host relay.example.org.\n\n"
            f"<pia@yahoo.com>: host {host}[192.0.2.7] said: {reply} (in reply to RCPT TO command)\n"
        )

    missing = "552 1 Requested mail action aborted, mailbox not found"
    at_yahoo = diagnose(bounce("mta6.am0.yahoodns.net", missing), catalog).results[0]
    assert at_yahoo.page == "codes/5.1.1/#yahoo-user-unknown"
    elsewhere = diagnose(bounce("d.mx.mail.yahoo.com", missing), catalog).results[0]
    assert elsewhere.page != "codes/5.1.1/#yahoo-user-unknown"
    relaying = diagnose(bounce("d.mx.mail.yahoo.com", "550 relaying denied for <pia@yahoo.com>"), catalog).results[0]
    assert relaying.page == "codes/5.7.1/#yahoo-relaying-denied"
    assert catalog.own_hosts(["yahoo.com", "mta6.am0.yahoodns.net", None]) == ("yahoo.com", "yahoodns.net")
    assert catalog.provider_of(["example.org", "mta6.am0.yahoodns.net", None]) == "Yahoo Mail / AOL"


def test_host_bound_rules_are_indexed_once_per_set_of_hosts(catalog: Catalog) -> None:
    """The same hosts found in another order (recipient domain, answering server …) share one index,
    a host with no bound rules adds none, and the indexes kept stay within the memo's size however
    many sets of hosts a batch names."""
    from ndr_atlas import catalog as catalog_module

    first, second = sorted(catalog.host_rules)[:2]
    assert catalog.own_mail_index((first, second)) is catalog.own_mail_index((second, first))
    assert catalog.own_mail_index((first, "example.org")) is catalog.own_mail_index((first,))
    assert catalog.own_mail_index(("example.org",)) is None
    hosts = sorted(catalog.host_rules)
    for one in hosts:
        for two in hosts:
            for three in hosts[:6]:
                catalog.own_mail_index((one, two, three))
    assert len(catalog._own_mail_for) <= catalog_module.MEMO_SIZE
