import re

SAMPLE = "450 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.contoso.com]"


def test_diagnoser_smoke(page, base_url):
    page.goto(base_url + "diagnose/")
    page.wait_for_selector("[data-testid=diagnosis][data-state=ready]", state="attached", timeout=90000)
    page.fill("[data-testid=ndr-input]", SAMPLE)
    page.click("[data-testid=diagnose]")
    page.wait_for_selector("[data-testid=diagnosis][data-state=done]", state="attached")
    result = page.locator("[data-testid=result]")
    assert result.get_attribute("data-status") == "4.4.316"
    page.screenshot(path="/tmp/diag.png", full_page=True)
    assert re.search(r"/ndr-atlas/codes/4\.4\.316/$", result.locator("a[data-testid=fix-link]").get_attribute("href"))
