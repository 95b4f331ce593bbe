"""Mailbox providers' and filtering services' own replies, as their postmaster pages document them or
as public posts quote them, each wrapped in a Postfix bounce and in an Exim bounce written here,
lead to the reason Sisimai's vocabulary gives them and to the right hard/soft reading. The table
holds providers that Sisimai's remote-host tables leave out (T-Online, United Internet, Yandex,
Mail.ru, Comcast, AT&T, 1&1 …) and forms those tables do not show (multi-line replies, a reply code
followed by an IP address). Every line is ours; addresses and IPs are documentation ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import pytest

from bounce_templates import postfix_bounce
from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas_build.compile import compile_catalog


class Reply(NamedTuple):
    recipient: str
    host: str  # the answering server
    text: str  # the server's reply, continuation lines joined by a space
    command: str  # "RCPT TO", "MAIL FROM", "end of DATA"
    reason: str
    page: str = ""  # the anchor the reply must lead to, where a provider variant holds it


HARD = {"userunknown", "hostunknown", "hasmoved", "notaccept"}

# fmt: off
REPLIES = [
    # Gmail: multi-line replies as Postfix joins them
    Reply("ana@gmail.com", "gmail-smtp-in.l.google.com", "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si2 - gsmtp", "RCPT TO", "userunknown"),
    Reply("ana@gmail.com", "gmail-smtp-in.l.google.com", "550-5.2.1 The email account that you tried to reach is disabled. For more 550-5.2.1 information, go to 550 5.2.1  https://support.google.com/mail/?p=DisabledUser b3si4 - gsmtp", "RCPT TO", "suspend"),
    Reply("ana@gmail.com", "gmail-smtp-in.l.google.com", "452-4.2.2 The email account that you tried to reach is over quota. Please direct 452-4.2.2 the recipient to 452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp c5si6 - gsmtp", "RCPT TO", "mailboxfull"),
    Reply("ana@gmail.com", "gmail-smtp-in.l.google.com", "550-5.7.25 [192.0.2.25] The IP address sending this message does not have a 550-5.7.25 PTR record setup, or the corresponding forward DNS entry does not 550 5.7.25 point to the sending IP. - gsmtp", "end of DATA", "requireptr"),
    Reply("ana@gmail.com", "gmail-smtp-in.l.google.com", "550-5.7.26 This message does not pass authentication checks (SPF and DKIM both do 550-5.7.26 not pass). SPF check for [example.com] does not pass with ip: 550-5.7.26 [192.0.2.25].To best protect our users from spam, the message has 550-5.7.26 been blocked. Please visit 550-5.7.26  https://support.google.com/mail/answer/81126#authentication for more 550 5.7.26 information. d7si8 - gsmtp", "end of DATA", "authfailure", "#gmail-unauthenticated"),
    # Outlook.com / Exchange Online Protection
    Reply("bo@outlook.com", "outlook-com.olc.protection.outlook.com", "550 5.7.1 Unfortunately, messages from [192.0.2.25] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.", "MAIL FROM", "blocked"),
    Reply("bo@contoso.com", "contoso-com.mail.protection.outlook.com", "550 5.7.1 Service unavailable, Client host [192.0.2.25] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.25 (AS3130). [AM0PR01MB1234.eurprd01.prod.outlook.com]", "MAIL FROM", "blocked", "#spamhaus-zen"),
    Reply("bo@hotmail.com", "hotmail-com.olc.protection.outlook.com", "550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus. To request removal from this list see https://www.spamhaus.org/query/lookup/ (S8002) [DB5EUR01FT002.eop-EUR01.prod.protection.outlook.com]", "end of DATA", "rejected", "#outlook-mailfrom-domain-spamhaus"),
    Reply("bo@outlook.com", "outlook-com.olc.protection.outlook.com", "550 5.7.515 Access denied, sending domain [EXAMPLE.COM] doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender.", "end of DATA", "authfailure"),
    Reply("bo@outlook.com", "outlook-com.olc.protection.outlook.com", "550 5.7.520 Message blocked because it contains content identified as spam. AS(4810)", "end of DATA", "spamdetected", "#outlook-outbound-content-spam"),
    # Hotmail's older inbound servers: a header that breaks RFC 5322, refused after DATA under the bare 5.7.0
    Reply("bo@hotmail.com", "mx3.hotmail.com", "550 5.7.0 (BAY004-MC3F7) Message could not be delivered. Please ensure the message is RFC 5322 compliant.", "end of DATA", "notcompliantrfc", "#outlook-rfc5322-noncompliant"),
    # Yahoo / AOL
    Reply("cy@yahoo.com", "mta7.am0.yahoodns.net", "554 delivery error: dd This user doesn't have a yahoo.com account (cy@yahoo.com) [0] - mta1057.mail.gq1.yahoo.com", "end of DATA", "userunknown"),
    Reply("cy@yahoo.de", "mta7.am0.yahoodns.net", "554 delivery error: dd Sorry your message to cy@yahoo.de cannot be delivered. This account has been disabled or discontinued [#102]. - mta1021.mail.ir2.yahoo.com", "end of DATA", "suspend"),
    Reply("cy@yahoo.com", "mta5.am0.yahoodns.net", "421 4.7.0 [TS01] Messages from 192.0.2.25 temporarily deferred due to user complaints - 4.16.55.1; see http://postmaster.yahoo.com/421-ts01.html", "MAIL FROM", "blocked"),
    # Apple iCloud Mail: the older reply with no [CSnn] tag, only Apple's link
    Reply("ann@icloud.com", "mx4.mail.icloud.com", "550 5.7.1 Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", "end of DATA", "policyviolation", "#icloud-local-policy"),
    # Proofpoint's IP reputation service: its lookup link, old and new, and its own name for itself
    Reply("eva@example.com", "mxa-00000001.gslb.pphosted.com", "550 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.25", "end of DATA", "blocked", "#proofpoint-reputation-blocked"),
    Reply("eva@example.com", "mx1.example.com", "550 5.7.0 Mail from 192.0.2.25 refused by Proofpoint Reputation Services. Please see https://support.proofpoint.com/dnsbl-lookup.cgi?192.0.2.25", "RCPT TO", "blocked", "#proofpoint-reputation-blocked"),
    # Trend Micro Email Reputation Services: the list named in the refusal (QIL deferral, DUL block)
    Reply("ida@example.com", "in.hes.trendmicro.com", "450 4.7.1 <ida@example.com>: Recipient address rejected: ERS-QIL.", "RCPT TO", "blocked", "#trendmicro-ers-blocked"),
    Reply("ida@example.com", "in.hes.trendmicro.com", "550 5.7.1 <ida@example.com>: Recipient address rejected: Mail from <192.0.2.25> was refused due to the sender IP found in ERS-DUL. For details, query the IP reputation on https://servicecentral.trendmicro.com/en-US/ers/.", "RCPT TO", "blocked", "#trendmicro-ers-blocked"),
    # MXroute's Expert Spam Filtering: an unauthenticated delivery from a network it rates badly
    Reply("joe@example.com", "eagle.mxlogin.com", "550 Unauthenticated mail not allowed from this range", "RCPT TO", "blocked", "#mxroute-unauthenticated-range"),
    # Comcast (postmaster error-code table)
    Reply("fay@comcast.net", "mx1.comcast.net", "421 resimta-ch2-18v.sys.comcast.net comcast 192.0.2.25 Too many sessions opened", "MAIL FROM", "toomanyconn"),
    Reply("fay@comcast.net", "mx1.comcast.net", "421 Reverse DNS failure : Try again later", "MAIL FROM", "requireptr"),
    Reply("fay@comcast.net", "mx1.comcast.net", "554 resimta-po-39v.sys.comcast.net comcast 192.0.2.25 found on one or more DNSBLs, see http://postmaster.comcast.net/smtp-error-codes.php#BL000001", "MAIL FROM", "blocked"),
    Reply("fay@comcast.net", "mx1.comcast.net", "554 resimta-po-41v.sys.comcast.net comcast 192.0.2.25 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000", "MAIL FROM", "blocked", "#comcast-block-for-spam"),
    Reply("fay@comcast.net", "mx1.comcast.net", "554 resimta-po-41v.sys.comcast.net comcast 192.0.2.25 Comcast requires that all mail servers must have a PTR record with a valid Reverse DNS entry. Currently your mail server does not fill that requirement.", "MAIL FROM", "requireptr", "#comcast-ptr-required"),
    # AT&T (block table): a reply code followed by an IP address
    Reply("gus@bellsouth.net", "al-ip4-mx-vip1.prodigy.net", "521 192.0.2.25 is blocked", "MAIL FROM", "blocked"),
    Reply("gus@att.net", "al-ip4-mx-vip1.prodigy.net", "553 5.3.0 alph749 DNSBL:RBL 521< 192.0.2.25 >_is_blocked.For assistance forward this error to abuse_rbl@abuse-att.net", "MAIL FROM", "blocked"),
    Reply("gus@sbcglobal.net", "al-ip4-mx-vip1.prodigy.net", "550 5.7.1 Connections not accepted from servers without a valid sender domain.alph749 Fix reverse DNS for 192.0.2.25", "MAIL FROM", "requireptr"),
    # United Internet: GMX, WEB.DE, 1&1/IONOS
    Reply("hal@gmx.net", "mx00.emig.gmx.net", "550-Requested action not taken: mailbox unavailable 550-Reject due to SPF policy. 550-The originating IP of the message is not permitted by the 550-domain owner. 550 For explanation visit https://postmaster.gmx.net/en/case?c=spf&i=ip&v=192.0.2.25&r=0MXaBc-1def", "MAIL FROM", "authfailure", "#gmx-spf-policy"),
    # "mailbox unavailable" opens every refusal of these MXes; the "Reject due to …" line names the case
    Reply("hal@gmx.net", "mx00.emig.gmx.net", "550-Requested action not taken: mailbox unavailable 550-Reject due to policy restrictions. 550 For explanation visit https://postmaster.gmx.com/en/error-messages?ip=192.0.2.25&c=poli", "MAIL FROM", "policyviolation", "#gmx-policy-restrictions"),
    # the sender's domain has no usable MX or address record: not the recipient, despite "mailbox unavailable"
    Reply("hal@web.de", "mx-ha03.web.de", "550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record", "RCPT TO", "rejected", "#gmx-invalid-dns-sender-domain"),
    Reply("hal@web.de", "mx-ha02.web.de", "550 Benutzer hat das Speichervolumen ueberschritten. / User has exhausted allowed storage space.", "RCPT TO", "mailboxfull"),
    Reply("hal@web.de", "mx-ha02.web.de", "550 Benutzer hat zuviele Mails auf dem Server. / User has too many messages on the server.", "RCPT TO", "mailboxfull"),
    # the German half alone, as a relay quotes it with another code (no English words to match)
    Reply("hal@web.de", "mx-ha02.web.de", "422 Benutzer hat zuviele Mails auf dem Server", "RCPT TO", "mailboxfull"),
    Reply("hal@gmx.de", "mx00.gmx.net", "554-gmx.net (mxgmx017) Nemesis ESMTP Service not available 554-No SMTP service 554-Bad DNS PTR resource record. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0301&i=ip&v=192.0.2.25&r=0ML0Y0", "MAIL FROM", "requireptr"),
    Reply("ivy@example.de", "mx00.ionos.de", "421 Rate limit reached. Please try again later", "MAIL FROM", "speeding"),
    # T-Online
    Reply("ida@t-online.de", "mx00.t-online.de", "554 IP=192.0.2.25 - None/bad reputation. Ask your postmaster for help or to contact postmaster@rx.t-online.de for reset. (NOWL)", "MAIL FROM", "badreputation"),
    Reply("ida@t-online.de", "mx00.t-online.de", "552 5.2.2 Over STORAGE quota", "RCPT TO", "mailboxfull"),
    # Yandex (its table of non-delivery reports)
    Reply("sam@yandex.ru", "mx.yandex.ru", "550 5.7.1 No such user!", "RCPT TO", "userunknown"),
    Reply("sam@yandex.ru", "mx.yandex.ru", "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1712345678-abcDEF", "end of DATA", "spamdetected"),
    Reply("sam@yandex.ru", "mx.yandex.ru", "554 5.7.1 Message infected by virus", "end of DATA", "virusdetected"),
    Reply("sam@yandex.ru", "mx.yandex.ru", "550 5.7.1 Policy rejection on the target address", "RCPT TO", "suspend", "#yandex-policy-rejection-target"),
    Reply("sam@yandex.ru", "mx.yandex.ru", "452 4.2.2 Mailbox size limit exceeded", "RCPT TO", "mailboxfull"),
    # Mail.ru
    Reply("raf@mail.ru", "mxs.mail.ru", "550 Message was not accepted -- invalid mailbox.  Local mailbox raf@mail.ru is unavailable: user not found", "RCPT TO", "userunknown"),
    Reply("raf@mail.ru", "mxs.mail.ru", "550 spam message rejected. Please visit https://help.mail.ru/notspam-support/id?c=AbCdEf0123 or report details to abuse@corp.mail.ru. Error code: 12345. ID: ABCDEF.", "end of DATA", "spamdetected"),
    Reply("raf@mail.ru", "mxs.mail.ru", "550 5.7.1 This message was not accepted due to domain owner DMARC policy (RFC 7489) https://help.mail.ru/mail-help/postmaster/dmarc", "end of DATA", "authfailure"),
    # NetEase (its table of refusals)
    Reply("tao@163.com", "163mx01.mxmail.netease.com", "552 Requested mail action aborted: exceeded mailsize limit", "end of DATA", "mesgtoobig"),
    Reply("tao@163.com", "163mx01.mxmail.netease.com", "550 User suspended: tao@163.com", "RCPT TO", "suspend"),
    # Filtering services and block lists
    Reply("amy@example.com", "esa1.example.iphmx.com", "421 Too many concurrent SMTP connections from this IP address; please try again later.", "MAIL FROM", "toomanyconn"),
    Reply("eve@example.org", "mail.example.org", "554 5.7.1 Service unavailable; Client host [192.0.2.25] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.25", "RCPT TO", "blocked"),
    Reply("eve@example.org", "mail.example.org", "554 5.7.1 Service unavailable; Client host [192.0.2.25] blocked using b.barracudacentral.org; https://www.barracudacentral.org/lookups", "RCPT TO", "blocked", "#barracuda-brbl"),
    Reply("zed@example.com", "mx0a-001.pphosted.com", "554 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.25", "MAIL FROM", "blocked"),
    Reply("kim@example.de", "mail.example.de", "571 5.7.1 message classified as spam", "end of DATA", "spamdetected"),
    Reply("uwe@example.de", "smtpin.rzone.de", "554 5.7.1 Refused by local policy. No SPAM please!", "end of DATA", "spamdetected"),
    Reply("yul@example.com", "d123456.ess.barracudanetworks.com", "550 permanent failure for one or more recipients (yul@example.com:blocked)", "end of DATA", "blocked"),
    # Italian providers (their help pages)
    Reply("oto@aruba.it", "mx.aruba.it", "552 5.2.2 <oto@aruba.it>: user is over quota", "RCPT TO", "mailboxfull"),
    Reply("ugo@tim.it", "smtp-in.tim.it", "550 mail not accepted from blacklisted IP address (192.0.2.25)", "MAIL FROM", "blocked"),
    Reply("nia@libero.it", "smtpin.libero.it", "552 5.2.2 <nia@libero.it>: MAILBOX FULL (User quota exceeded)", "RCPT TO", "mailboxfull"),
    # Italiaonline's "LIB_nnn" codes name different refusals: 102 a Cloudmark CSI listing, 120 no reverse DNS
    Reply("nia@libero.it", "smtp-in.libero.it", "550 smtp-12.iol.local smtp-12.iol.local IP blacklisted by CSI. For remediation please use http://csi.cloudmark.com/reset-request/?ip=192.0.2.25 [smtp-12.iol.local; LIB_102]", "MAIL FROM", "blocked", "#libero-ip-blacklisted"),
    Reply("nia@virgilio.it", "smtp-in.virgilio.it", "421 smtp-31.iol.local smtp-31.iol.local No reverse DNS [smtp-31.iol.local; LIB_120]", "MAIL FROM", "requireptr"),
    Reply("rio@tiscali.it", "etb-1.mail.tiscali.it", "550 5.1.1 <rio@tiscali.it> recipient does not exist", "RCPT TO", "userunknown"),
    # A PEC mailbox that takes certified mail only (Aruba PEC's sentence): the address exists, the
    # mailbox refuses ordinary mail, whatever "sconosciuto o" the same sentence offers
    Reply("studio.rossi@pec.example.com", "mx.pec.example.com", "554 <studio.rossi@pec.example.com>: Messaggio rifiutato dal sistema. Indirizzo destinatario sconosciuto o non abilitato alla ricezione di posta non certificata", "RCPT TO", "filtered", "#pec-solo-posta-certificata"),
    # Korean, Chinese and French providers (their help pages, and public pastes of their replies)
    Reply("min@naver.com", "mx1.naver.com", "550 5.1.1 No such user. For more information, go to https://help.naver.com/alias/mail/newmail10.naver AbCdEf0123 - nsmtp", "RCPT TO", "userunknown"),
    Reply("wei@qq.com", "mx1.qq.com", "550 Mail content denied. https://service.mail.qq.com/detail/122/171", "end of DATA", "spamdetected"),
    Reply("tao@163.com", "163mx01.mxmail.netease.com", "554 DT:SPM 163 mx12,AbCdEf0123 1528450981, please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.25", "end of DATA", "spamdetected"),
    Reply("luc@free.fr", "mx1.free.fr", "550 spam detected", "end of DATA", "spamdetected"),
    # SFR's content filter (its domains sfr.fr, neuf.fr, club-internet.fr …), a queue id before the verdict
    Reply("luc@sfr.fr", "mx.example.net", "550 5.7.1 Email 4hXkQ2m7Lp9z rejected per SPAM policy", "end of DATA", "spamdetected"),
    # EarthLink's and Open-Xchange's inbound filter, Vade Secure: ELNK_ / OXSUS_ codes (its postmaster pages)
    Reply("gina.f@earthlink.net", "mx01.earthlink-vadesecure.net", "550 5.7.1 Connection refused - ELNK_101 - https://postmaster-earthlink.vadesecure.com/inbound_error_codes", "MAIL FROM", "blocked", "#earthlink-vade-blocklisted"),
    Reply("gina.f@earthlink.net", "mx01.earthlink-vadesecure.net", "550 5.7.1 Sender blocked error - ELNK_111", "MAIL FROM", "blocked", "#earthlink-vade-blocklisted"),
    Reply("gina.f@earthlink.net", "mx01.earthlink-vadesecure.net", "550 5.7.1 Connection refused - ELNK_108", "MAIL FROM", "requireptr", "#earthlink-vade-no-rdns"),
    Reply("gina.f@earthlink.net", "mx01.earthlink-vadesecure.net", "421 4.2.1 Connection deferred - ELNK_110", "MAIL FROM", "toomanyconn", "#earthlink-vade-too-many-connections"),
    Reply("gina.f@earthlink.net", "mx01.earthlink-vadesecure.net", "421 4.2.1 Connection deferred - ELNK_136", "MAIL FROM", "speeding", "#earthlink-vade-rate-limited"),
    Reply("otto.w@example-ox.net", "mx02.oxsus-vadesecure.net", "550 5.7.1 Connection refused - OXSUS0001_105 - https://postmaster-oxsus.vadesecure.com/#OXSUS0001_105", "MAIL FROM", "requireptr", "#earthlink-vade-no-rdns"),
    Reply("otto.w@example-ox.net", "mx02.oxsus-vadesecure.net", "421 4.2.1 Connection refused - OXSUS0001_139", "MAIL FROM", "toomanyconn", "#earthlink-vade-too-many-connections"),
    Reply("otto.w@example-ox.net", "mx02.oxsus-vadesecure.net", "550 5.7.1 Connection refused - OXSUS0001_403 - https://postmaster-oxsus.vadesecure.com/#OXSUS0001_403", "RCPT TO", "userunknown", "#earthlink-vade-user-unknown"),
]
# fmt: on

# Exim prints each line of a multi-line reply on its own line, under the server it talked to.
EXIM = """\
From: Mail Delivery System <Mailer-Daemon@mail.example.com>
To: tom@example.com
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: {recipient}
Content-Type: text/plain

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  {recipient}
    host {host} [198.51.100.7]
    SMTP error from remote mail server after {after}:
    {lines}
"""
EXIM_AFTER = {"RCPT TO": "RCPT TO:<{recipient}>", "MAIL FROM": "MAIL FROM:<tom@example.com> SIZE=2345", "end of DATA": "end of data"}


def postfix(reply: Reply) -> str:
    return postfix_bounce(reply.text, reply.command, reply.recipient, reply.host)


def exim(reply: Reply) -> str:
    lines = re.split(rf" (?={reply.text[:3]}[- ])", reply.text)
    after = EXIM_AFTER[reply.command].format(recipient=reply.recipient)
    return EXIM.format(recipient=reply.recipient, host=reply.host, after=after, lines="\n    ".join(lines))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def reply_id(reply: Reply) -> str:
    return f"{reply.host.split('.')[-2]}-{reply.reason}-{' '.join(reply.text.split()[:4])}"


@pytest.mark.parametrize("wrap", [postfix, exim], ids=["postfix", "exim"])
@pytest.mark.parametrize("reply", REPLIES, ids=reply_id)
def test_a_providers_reply_gives_its_reason(catalog: Catalog, reply: Reply, wrap: Callable[[Reply], str]) -> None:
    results = diagnose(wrap(reply), catalog).results
    assert len(results) == 1
    result = results[0]
    assert result.recipient == reply.recipient
    assert result.reply_code == reply.text[:3]
    assert result.reason == reply.reason, (result.reason, result.page)
    assert result.hard_bounce == (reply.reason in HARD)
    if reply.page:
        assert result.page.endswith(reply.page), result.page


def test_a_policy_refusal_in_zmailers_words_is_no_blocked_account_elsewhere(catalog: Catalog) -> None:
    """ZMailer's smtpserver answers "Policy rejection on the target address" for any policy refusal
    of a recipient: only at Yandex do the words mean a blocked account."""
    reply = Reply("lee@example.org", "mx.example.org", "553 Policy rejection on the target address", "RCPT TO", "")
    result = diagnose(postfix(reply), catalog).results[0]
    assert result.reason != "suspend"
    assert "#yandex-" not in result.page


def test_an_ip_address_after_the_reply_code_is_no_status(catalog: Catalog) -> None:
    """The reply code stays when an IPv4 address follows it (it once read as a broken status)."""
    for text, code in [("550 198.51.100.77 rejected, see https://example.net/rbl", "550"), ("554 203.0.113.9 is blocked", "554")]:
        result = diagnose(postfix(Reply("lee@example.org", "mx.example.org", text, "RCPT TO", "")), catalog).results[0]
        assert result.reply_code == code, text


def test_barracudas_no_such_user_tag_keeps_the_status(catalog: Catalog) -> None:
    """A Barracuda gateway passes the server's refusal on with its own tag between the reply code and
    the status ("550 cuda_nsu 5.1.1 <…>: Recipient address rejected: User unknown"): the status is
    still the one stated, not one inferred from the words."""
    text = "550 cuda_nsu 5.1.1 <lee@example.org>: Recipient address rejected: User unknown in virtual alias table"
    reply = Reply("lee@example.org", "barracuda.example.org", text, "RCPT TO", "userunknown")
    for wrap in (postfix, exim):
        result = diagnose(wrap(reply), catalog).results[0]
        assert (result.status, result.status_inferred, result.reason) == ("5.1.1", False, "userunknown"), wrap.__name__


def test_hotmails_rfc_5322_sentence_pasted_alone_is_no_security_policy(catalog: Catalog) -> None:
    # A user quotes only the reply, with no server and no recipient: Microsoft's own sentence still names
    # the cause, where the bare 5.7.0 alone would read as an unspecified security policy.
    text = "Sending failed - Reason: 550 5.7.0 Message could not be delivered. Please ensure the message is RFC 5322 compliant.\n"
    results = diagnose(text, catalog).results
    assert len(results) == 1
    result = results[0]
    assert (result.status, result.reply_code, result.reason, result.hard_bounce) == ("5.7.0", "550", "notcompliantrfc", False)
    assert result.page.endswith("#outlook-rfc5322-noncompliant")


def test_vades_old_102_deferral_is_no_block_list(catalog: Catalog) -> None:
    """Vade's older OXSUS page gave _102 to a 421 deferral (its back end busy), its newer pages to a
    550 block-list refusal: only the 5xx reads as the block list."""
    [deferral] = diagnose(
        postfix_bounce("421 4.2.1 Connection deferred - OXSUS0001_102", "MAIL FROM", "otto.w@example-ox.net", "mx02.oxsus-vadesecure.net"),
        catalog,
    ).results
    assert "earthlink-vade-blocklisted" not in deferral.page
    [refusal] = diagnose(
        postfix_bounce("550 5.7.1 Connection refused - OXSUS0001_102", "MAIL FROM", "otto.w@example-ox.net", "mx02.oxsus-vadesecure.net"),
        catalog,
    ).results
    assert (refusal.page, refusal.reason) == ("codes/5.7.1/#earthlink-vade-blocklisted", "blocked")
