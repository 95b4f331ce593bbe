"""Every code in Microsoft's Exchange Online NDR reference resolves to a catalog entry."""

from __future__ import annotations

import pytest

from ndr_atlas.catalog import parse_ranges
from ndr_atlas_build.load import load_catalog_dir
from ndr_atlas_build.pages import SiteData

# The codes of the table "Email non-delivery reports and SMTP errors in Exchange Online", as
# published by Microsoft (MicrosoftDocs/SupportArticles-docs, ms.date 03/08/2024, plus the rows
# 5.7.232 and 5.7.233 of the version dated 01/07/2026):
# https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online
# Ranges are written as Microsoft writes them; every code inside a range must resolve.
MICROSOFT_REFERENCE = (
    "4.3.2 4.4.316 4.4.7 4.4.8 4.5.3 4.7.5 4.7.26 4.7.321 4.7.322 4.7.323 4.7.324 4.7.325 "
    "4.7.500-699 4.7.850-899 5.0.350 5.1.0 5.1.1 5.1.8 5.1.10 5.1.90 5.2.2 5.2.121 5.2.122 5.3.190 "
    "5.4.1 5.4.6 5.4.14 5.4.8 5.4.300 5.5.0 5.6.11 5.7.1 5.7.5 5.7.12 5.7.23 5.7.57 5.7.64 5.7.124 "
    "5.7.133 5.7.134 5.7.13 5.7.135 5.7.136 5.7.25 5.7.321 5.7.322 5.7.323 5.7.324 5.7.325 5.7.501 "
    "5.7.232 5.7.233 5.7.502 5.7.503 5.7.504 5.7.505 5.7.506 5.7.507 5.7.508 5.7.509 5.7.510 5.7.511 5.7.512 5.7.513 "
    "5.7.606-649 5.7.703 5.7.705 5.7.708 5.7.750 5.7.800"
).split()

# Codes Microsoft documents on its other NDR pages or that Microsoft 365 sends in real reports:
# the Exchange Server table (5.7.900-999 for mail flow rules), the per-code troubleshooting pages
# (5.7.193, 5.7.367, 5.1.20, 4.4.317), the external forwarding page of Microsoft Defender for Office 365
# (5.7.520), the page on printers and applications that send through Microsoft 365 (5.7.60), the Exchange
# Team's announcement of Reject Direct Send (5.7.68), the ATTR35 page (4.4.62), and codes seen in real
# Microsoft 365 bounces (5.4.310, 4.7.700, 5.7.350, 5.7.51).
MICROSOFT_OTHER = ("5.7.900-999 5.7.193 5.7.367 5.1.20 4.4.317 5.7.520 5.7.60 5.7.68 4.4.62 5.4.310 4.7.700 5.7.350 5.7.51").split()


def expand(code: str) -> list[str]:
    if "-" not in code:
        return [code]
    return [f"{prefix}.{n}" for prefix, low, high in parse_ranges([code]) for n in range(low, high + 1)]


@pytest.fixture(scope="module")
def site() -> SiteData:
    return SiteData(load_catalog_dir())


@pytest.mark.parametrize("listed", MICROSOFT_REFERENCE + MICROSOFT_OTHER)
def test_microsoft_code_resolves_to_an_entry(site: SiteData, listed: str) -> None:
    entry_pages = {str((e.data["codes"] or e.data["code_ranges"])[0]) for e in site.entries}
    missing = [code for code in expand(listed) if site.page_of_code.get(code) not in entry_pages]
    assert not missing, f"no catalog entry for Microsoft code(s) {missing}"


def test_mta_sts_code_is_not_read_as_a_routing_loop(site: SiteData) -> None:
    # Microsoft uses 5.4.8 for MTA-STS; the named code must win over the 5.4.8-20 loop range.
    assert site.page_of_code["5.4.8"] == site.page_of_code["4.4.8"] == "4.4.8"
    assert site.page_of_code["5.4.9"] != "4.4.8"
