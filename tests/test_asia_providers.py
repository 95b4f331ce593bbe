"""East Asian mailbox providers' reports and a Node.js client's errors that the general readers and
rules missed: NetEase's Coremail DSN whose only words are "rejected by system" and NetEase's "DT:SPM"
spam verdict, NAVER Mail's Korean
notice, and Nodemailer's "Mail command failed: …" errors. Every message here is ours: our addresses,
subjects, hosts and tokens, laid out as the formats' facts say (see the modules and catalog files)."""

from __future__ import annotations

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import Diagnosis, diagnose
from ndr_atlas_build.compile import compile_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def only_result(text: str, catalog: Catalog) -> Diagnosis:
    (result,) = diagnose(text.encode("utf-8"), catalog).results
    return result


def coremail_dsn(recipient: str, diagnostic: str) -> str:
    """A Coremail delivery report as NetEase's Postmaster sends it: a Chinese notification, then the
    delivery-status part with Status 5.0.0 and the diagnostic alone, then the returned message."""
    return (
        "From: Postmaster@163.com\n"
        "To: chiara.bassi@example.it\n"
        "Subject: =?gb2312?B?z7XNs83L0MU=?=\n"
        "MIME-Version: 1.0\n"
        'Content-Type: Multipart/report; report-type=delivery-status; boundary="----=_B1"\n'
        "Date: Mon, 3 Mar 2025 10:15:42 +0800 (CST)\n"
        "X-Mailer: Coremail MTA server\n"
        "\n"
        "------=_B1\n"
        'Content-Type: Text/Plain; charset="utf-8"\n'
        "Content-Description: Notification\n"
        "\n"
        "抱歉，您的邮件被退回来了……\n"
        f"      收件人 {recipient}\n"
        "      退信原因：\n"
        "            您发送的邮件被怀疑为是垃圾邮件，拒绝接收。\n"
        f"            英文说明:{diagnostic}\n"
        "------=_B1\n"
        "Content-Type: Message/delivery-status\n"
        "Content-Description: Delivery error report\n"
        "\n"
        f"Final-Recipient: rfc822; {recipient}\n"
        "Action: failed\n"
        "Status: 5.0.0\n"
        f"Diagnostic-Code: SMTP; {diagnostic}\n"
        "------=_B1\n"
        "Content-Type: Message/Rfc822\n"
        "\n"
        "From: Chiara Bassi <chiara.bassi@example.it>\n"
        f"To: {recipient}\n"
        "Subject: Preventivo marzo\n"
        "\n"
        "Buongiorno, in allegato il preventivo.\n"
        "------=_B1--\n"
    )


@pytest.mark.parametrize("diagnostic", ["rejected by system", "rejected by system.(rejected&nbsp;by&nbsp;system)"])
def test_netease_rejected_by_system_is_its_spam_verdict(catalog: Catalog, diagnostic: str) -> None:
    result = only_result(coremail_dsn("liu.fang@163.com", diagnostic), catalog)
    assert (result.recipient, result.status, result.reason) == ("liu.fang@163.com", "5.0.0", "spamdetected")
    assert result.page.endswith("#netease-rejected-by-system")
    assert not result.hard_bounce


def test_rejected_by_system_elsewhere_is_not_netease(catalog: Catalog) -> None:
    # The words are plain English: the variant holds on NetEase's domains only.
    text = coremail_dsn("paolo.neri@example.org", "rejected by system").replace("Postmaster@163.com", "postmaster@example.org")
    result = only_result(text, catalog)
    assert "netease" not in result.page


def postfix_notice_from(recipient: str, host: str, said: str) -> str:
    """A Postfix bounce whose remote server answered the end of DATA with ``said`` (our own hosts)."""
    return (
        "From: MAILER-DAEMON@mail.example.it (Mail Delivery System)\n"
        "To: chiara.bassi@example.it\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "Content-Type: text/plain\n"
        "\n"
        "This is the mail system at host mail.example.it.\n"
        "\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n"
        "\n"
        "                   The mail system\n"
        "\n"
        f"<{recipient}>: host {host}[192.0.2.10] said: {said} (in reply to end of DATA\n"
        "    command)\n"
    )


@pytest.mark.parametrize(
    "said",
    [
        "554 DT:SPM 163 mx12,AbCdEfGhIj--.12345S3 1741000000, please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.45",
        # The help link left out, or given in another form, as a Postfix log quoting NetEase's reply shows.
        "554 DT:SPM 163 mx9,KlMnOpQrSt--.67890S3 1741000001,please see http://mail.example.net/help/help_spam.htm?ip=",
    ],
)
def test_netease_dt_spm_is_its_spam_verdict(catalog: Catalog, said: str) -> None:
    result = only_result(postfix_notice_from("wang.lei@163.com", "163mx01.mxmail.netease.com", said), catalog)
    assert (result.recipient, result.reason, result.page) == ("wang.lei@163.com", "spamdetected", "codes/5.7.1/#netease-dt-spm")
    assert not result.hard_bounce


def test_netease_mi_spf_is_the_spf_check_not_spam(catalog: Catalog) -> None:
    # NetEase's code table: "550 MI:SPF" is the sending IP not allowed by the sender domain's SPF; its
    # reply links the "help_spam" page all the same.
    said = "550 MI:SPF 126 mx7,QmFzZTY0--.678S2 1741000123 http://mail.163.com/help/help_spam_16.htm?ip=198.51.100.7&hostid=mx7"
    text = postfix_notice_from("li.na@126.com", "126mx01.mxmail.netease.com", said).replace(
        "end of DATA\n    command", "MAIL FROM\n    command"
    )
    result = only_result(text, catalog)
    assert (result.recipient, result.reason, result.page) == ("li.na@126.com", "authfailure", "codes/5.7.23/#netease-mi-spf")
    assert not result.hard_bounce


def naver_notice(recipient: str, reason: str) -> str:
    return (
        "NAVER - http://www.naver.com/\n"
        "--------------------------------------------\n"
        "\n"
        f"{recipient} 님께 보내신 메일 <Re: 회의 자료 (3월)> 이 다음과 같은 이유로 전송 실패했습니다.\n"
        "\n"
        "--------------------------------------------\n"
        "\n"
        f"{reason} \n"
        "\n"
        "--------------------------------------------\n"
    )


def test_naver_notice_recipient_blocked_the_sender(catalog: Catalog) -> None:
    result = only_result(naver_notice("jisoo.park@naver.com", "받는 사람이 회원님의 메일을 수신차단 하였습니다."), catalog)
    assert (result.recipient, result.reason, result.hard_bounce) == ("jisoo.park@naver.com", "filtered", False)
    assert result.page.endswith("#naver-recipient-blocked-sender")
    assert result.diagnostic == "받는 사람이 회원님의 메일을 수신차단 하였습니다."


def test_naver_notice_posted_twice_is_one_failure(catalog: Catalog) -> None:
    notice = naver_notice("jisoo.park@naver.com", "받는 사람이 회원님의 메일을 수신차단 하였습니다.")
    report = diagnose((notice + "\n" + notice).encode("utf-8"), catalog)
    assert [r.recipient for r in report.results] == ["jisoo.park@naver.com"]


def test_naver_notice_with_another_reason_keeps_its_recipient_and_words(catalog: Catalog) -> None:
    # A reason the catalog has no words for still names the failed recipient and quotes the notice.
    result = only_result(naver_notice("minho.lee@naver.com", "받는 사람의 메일함 상태를 확인할 수 없습니다."), catalog)
    assert result.recipient == "minho.lee@naver.com"
    assert result.diagnostic == "받는 사람의 메일함 상태를 확인할 수 없습니다."
    assert "naver-recipient-blocked-sender" not in result.page


@pytest.mark.parametrize(
    ("text", "reply", "command", "reason"),
    [
        # smtp.163.com refusing an envelope sender that is not the account logged in (no enhanced code).
        ("Error: Mail command failed: 553 Local user only,163 smtp7,AbCdEfGh0123--.77S2 1700000000", "553", "MAIL", "rejected"),
        ("Error sending reset email: Error: Mail command failed: 501 5.1.7 Bad sender address syntax", "501", "MAIL", "rejected"),
        (
            "Error: Recipient command failed: 550 5.1.1 <anna.verdi@example.net>: Recipient address rejected: User unknown",
            "550",
            "RCPT",
            "userunknown",
        ),
        # The error as a JSON log quotes it: the reply ends at the quote.
        (
            '{"level":"error","msg":"Mail command failed: 553 Local user only,163 smtp3,XyZ== 1700000001","code":"EENVELOPE"}',
            "553",
            "MAIL",
            "rejected",
        ),
    ],
)
def test_nodemailer_command_errors(catalog: Catalog, text: str, reply: str, command: str, reason: str) -> None:
    result = only_result(text, catalog)
    assert (result.reply_code, result.command, result.reason) == (reply, command, reason)
    assert "command failed" not in result.diagnostic.lower()
