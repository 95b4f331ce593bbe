"""One realistic error line per entry of Sisimai 5's remote-host tables (its `rhost` modules: which
code or phrase of a provider means which reason), written as that provider sends it, with the
provider's host in the line or a recipient at its domain. Facts only; every line is ours."""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    provider: str  # Sisimai's rhost module
    recipient: str
    host: str  # the answering server
    reply: str
    command: str  # "RCPT TO", "MAIL FROM", "end of DATA"
    reason: str
    page: str  # the page (or its anchor) the line must lead to; "" when a general entry is right
    dsn: bool  # sent as an RFC 3464 report by the provider's own MTA rather than a relay's transcript


def E(provider: str, recipient: str, host: str, reply: str, command: str, reason: str, page: str = "", dsn: bool = False) -> Entry:
    return Entry(provider, recipient, host, reply, command, reason, page, dsn)


TRANSCRIPT = """\
From: Mail Delivery System <MAILER-DAEMON@mail.example.com>
Subject: Undelivered Mail Returned to Sender
Content-Type: text/plain

This is the mail system at host mail.example.com.

<{recipient}>: host {host}[192.0.2.44] said: {reply} (in reply to {command} command)
"""

# The provider's outbound MTA reports a failure of its own (AOL's relays): {host} is the reporter.
DSN = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@{host}>
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message could not be delivered to {recipient}.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; {host}

Final-Recipient: rfc822; {recipient}
Action: failed
Status: {status}
Diagnostic-Code: {reply}

--b1--
"""


def report(entry: Entry) -> str:
    """The entry as a whole bounce message."""
    if entry.dsn:
        return DSN.format(host=entry.host, recipient=entry.recipient, reply=entry.reply, status="5.4.4")
    return TRANSCRIPT.format(**entry._asdict())


# One entry a line: the tables read as tables.
# fmt: off
ENTRIES: list[Entry] = [
    # --- Aol: mail.aol.com / mx.aol.com (Yahoo runs it) ---
    E("Aol", "kim@example.invalid", "omr-a011e.mx.aol.com", "X-Outbound-Mail-Relay; Host or domain name not found. Name service error for name=example.invalid type=A: Host not found", "", "hostunknown", "#aol-host-not-found", dsn=True),
    E("Aol", "kim@example.org", "omr-a011e.mx.aol.com", "X-Outbound-Mail-Relay; Host or domain name not found. Name service error for name=example.org type=MX: Malformed or unexpected name server reply", "", "notaccept", "#aol-mx-malformed-reply", dsn=True),
    # --- Apple iCloud Mail ---
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "554 5.7.1 Your message was rejected due to example.com's DMARC policy. See https://support.apple.com/en-us/HT204137 for details", "end of DATA", "authfailure"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks. See https://support.apple.com/en-us/HT204137", "end of DATA", "authfailure"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "550 5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL -- see https://www.spamhaus.org/dbl/", "end of DATA", "blocked"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "550 5.7.1 Mail from IP 192.0.2.25 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.25", "MAIL FROM", "blocked"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.25", "MAIL FROM", "blocked"),
    E("Apple", "ann@me.com", "mx02.mail.icloud.com", "554 mx02-smtpin001.me.com ESMTP not accepting connections", "MAIL FROM", "blocked"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "550 5.1.6 recipient no longer on server: ann@icloud.com", "RCPT TO", "hasmoved"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "552 5.2.2 <ann@icloud.com>: user is over quota", "RCPT TO", "mailboxfull"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "554 5.7.1 <ann@icloud.com>: Relay access denied", "RCPT TO", "norelaying"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "556 5.1.10 <ann@icloud.com>: Recipient address rejected: Host/domain does not accept mail", "RCPT TO", "notaccept"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", "end of DATA", "policyviolation"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "450 4.1.8 <alice@example.invalid>: Sender address rejected: Domain not found", "RCPT TO", "rejected"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "421 4.7.1 Messages to ann@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137", "RCPT TO", "speeding"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "550 5.1.1 <ann@icloud.com>: inactive email address", "RCPT TO", "userunknown"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "550 5.1.1 <ann@icloud.com>: user does not exist", "RCPT TO", "userunknown"),
    E("Apple", "ann@icloud.com", "mx01.mail.icloud.com", "550 5.1.1 unknown or illegal alias: ann@icloud.com", "RCPT TO", "userunknown"),
    # --- Cloudflare Email Routing ---
    E("Cloudflare", "joe@example.org", "route1.mx.cloudflare.net", "554 5.7.1 192.0.2.25 found on one or more DNSBLs, see https://developers.cloudflare.com/email-routing/postmaster/#spam-and-abusive-traffic", "MAIL FROM", "blocked"),
    E("Cloudflare", "joe@example.org", "route2.mx.cloudflare.net", "451 4.3.0 Upstream error, please check https://developers.cloudflare.com/email-routing/postmaster/#errors for possible reasons", "end of DATA", "systemerror"),
    # --- I.UA: mail.i.ua/err/N ---
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 SMTP is not a mail gate, see https://mail.i.ua/err/1/", "RCPT TO", "norelaying"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 User not found, see https://mail.i.ua/err/2/", "RCPT TO", "userunknown"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 Mailbox not used for a long time, see https://mail.i.ua/err/3/", "RCPT TO", "suspend"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "552 Mailbox is full, see https://mail.i.ua/err/4/", "RCPT TO", "mailboxfull"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 Sending limit exceeded, see https://mail.i.ua/err/5/", "MAIL FROM", "toomanyconn"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 Use the SMTP server of your provider, see https://mail.i.ua/err/6/", "RCPT TO", "norelaying"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 Wrong HELO/EHLO parameter, see https://mail.i.ua/err/7/", "MAIL FROM", "blocked"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 Cannot verify sender address, see https://mail.i.ua/err/8/", "MAIL FROM", "rejected"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 Your IP is blacklisted, see https://mail.i.ua/err/9/", "MAIL FROM", "blocked"),
    E("IUA", "oksana@email.ua", "mx.email.ua", "550 Sender is not in the allowed list, see https://mail.i.ua/err/10/", "RCPT TO", "filtered"),
    # --- au / KDDI ---
    E("KDDI", "taro@ezweb.ne.jp", "lsean.ezweb.ne.jp", "550 : User unknown", "end of DATA", "filtered", "#kddi-reception-filter"),
    E("KDDI", "taro@au.com", "msmx.au.com", "550 <taro@au.com>: User unknown", "RCPT TO", "userunknown", "#kddi-user-unknown"),
    # --- Outlook.com / Hotmail ---
    E("Outlook", "sam@hotmail.com", "hotmail-com.olc.protection.outlook.com", "550 5.4.310 The mail could not be delivered to the recipient because the domain is not reachable", "RCPT TO", "hostunknown"),
    E("Outlook", "sam@hotmail.com", "mx1.hotmail.com", "550 Requested action not taken: mailbox unavailable", "RCPT TO", "userunknown"),
    # --- Broadcom / Symantec MessageLabs (Email Security.cloud) ---
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 DMARC domain authentication fail", "end of DATA", "authfailure"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553-SPF (Sender Policy Framework) domain authentication fail", "MAIL FROM", "authfailure"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "501 Connection rejected by policy [7.7] 20805, please visit www.messagelabs.com/support for more details about this error message.", "MAIL FROM", "badreputation"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553-mail rejected because your IP is in the PBL. See http://www.spamhaus.org/pbl", "MAIL FROM", "blocked"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 Sorry, your IP address has been blocked", "MAIL FROM", "blocked"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 Stray linefeeds in message (#5.6.2)", "end of DATA", "contenterror"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "451 TLS/SSLv3 Connection required. (#4.7.1)", "RCPT TO", "failedstarttls"),
    E("MessageLabs", "ken@example.org", "server-3.tower-21.messagelabs.com", "553 You are trying to use me [server-3.tower-21.messagelabs.com] as a relay, but I have not been configured to let you [192.0.2.25, mta.example.com] do this.", "RCPT TO", "norelaying"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "550 Requested action aborted [4] The format of your message did not comply with RFC 2822.", "end of DATA", "notcompliantrfc"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "550 [192.0.2.25] has detected that this message is not RFC 5322 compliant", "end of DATA", "notcompliantrfc"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "550 sender envelope domain not allowed for sender IP address (#5.1.8)", "MAIL FROM", "rejected"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 Sorry, your domain has been blocked", "MAIL FROM", "rejected"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 Sorry, your email address has been blocked", "MAIL FROM", "rejected"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 sorry, your envelope sender is in my badmailfrom list. Please visit www.symanteccloud.com/troubleshooting for more details about this error message (#5.7.1)", "MAIL FROM", "rejected"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553-Sorry, your email address has been blacklisted", "MAIL FROM", "rejected"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553-Sorry, your domain has been blacklisted", "MAIL FROM", "rejected"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "530 Please turn on SMTP Authentication in your mail client", "MAIL FROM", "securityerror"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 Message Filtered", "end of DATA", "spamdetected"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 Message filtered by Outbound scanning", "end of DATA", "spamdetected"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "452 Too many recipients received this hour", "RCPT TO", "toomanyconn"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "460 too many messages (#4.3.0)", "MAIL FROM", "toomanyconn"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "550-Invalid recipient <ken@example.org> 550 (#5.1.1)", "RCPT TO", "userunknown"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "553 Recipient mailbox is not allowed", "RCPT TO", "userunknown"),
    E("MessageLabs", "ken@example.org", "cluster1.eu.messagelabs.com", "550 No such user here", "RCPT TO", "userunknown"),
    # --- Tencent QQ Mail ---
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 SPF check failed https://service.mail.qq.com/detail/122/72", "MAIL FROM", "authfailure"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 DMARC check failed https://service.mail.qq.com/detail/122/72", "end of DATA", "authfailure"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Suspected bounce attacks https://service.mail.qq.com/detail/122/57", "RCPT TO", "blocked"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Suspected spam ip https://service.mail.qq.com/detail/122/66", "MAIL FROM", "blocked"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Connection denied https://service.mail.qq.com/detail/122/170", "MAIL FROM", "blocked"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "552 Message too large https://service.mail.qq.com/detail/122/168", "end of DATA", "mesgtoobig"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Suspected spam https://service.mail.qq.com/detail/122/71", "end of DATA", "rejected"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Mail is rejected by recipients https://service.mail.qq.com/detail/122/92", "RCPT TO", "rejected"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Spam is embedded in the email https://service.mail.qq.com/detail/122/59", "end of DATA", "spamdetected"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Mail content denied https://service.mail.qq.com/detail/122/171", "end of DATA", "spamdetected"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Mailbox unavailable or access denined https://service.mail.qq.com/detail/122/166", "RCPT TO", "speeding"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "451 The frequency of receiving messages is limited https://service.mail.qq.com/detail/122/1011", "RCPT TO", "speeding"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 li@qq.com is a deactivated mailbox", "RCPT TO", "suspend"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Bad address syntax https://service.mail.qq.com/detail/122/167", "RCPT TO", "syntaxerror"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "451 Ip frequency limited https://service.mail.qq.com/detail/122/172", "MAIL FROM", "toomanyconn"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "451 Domain frequency limited https://service.mail.qq.com/detail/122/173", "MAIL FROM", "toomanyconn"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "451 Sender frequency limited https://service.mail.qq.com/detail/122/174", "MAIL FROM", "toomanyconn"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "451 Connection frequency limited https://service.mail.qq.com/detail/122/175", "MAIL FROM", "toomanyconn"),
    E("Tencent", "li@qq.com", "mx1.qq.com", "550 Mailbox not found https://service.mail.qq.com/detail/122/169", "RCPT TO", "userunknown"),
    # --- NTT docomo ---
    E("NTTDOCOMO", "hanako@docomo.ne.jp", "mfsmax.docomo.ne.jp", "552 Too much mail data", "end of DATA", "mailboxfull"),
    E("NTTDOCOMO", "hanako@docomo.ne.jp", "mfsmax.docomo.ne.jp", "503 Bad sequence of commands", "end of DATA", "syntaxerror"),
    E("NTTDOCOMO", "hanako@docomo.ne.jp", "mfsmax.docomo.ne.jp", "504 Command parameter not implemented", "MAIL FROM", "syntaxerror"),
    E("NTTDOCOMO", "hanako@docomo.ne.jp", "mfsmax.docomo.ne.jp", "552 Too many recipients", "RCPT TO", "toomanyconn"),
    E("NTTDOCOMO", "hanako@docomo.ne.jp", "mfsmax.docomo.ne.jp", "550 Unknown user hanako@docomo.ne.jp", "RCPT TO", "userunknown"),
    # --- Yahoo Inc. ---
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.", "end of DATA", "authfailure"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes", "MAIL FROM", "blocked"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL; see https://postmaster.yahooinc.com/error-codes", "MAIL FROM", "blocked"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "550 relaying denied for <pat@yahoo.com>", "RCPT TO", "norelaying"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "554 5.6.0 Message not accepted: headers are not RFC compliant", "end of DATA", "notcompliantrfc"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes", "end of DATA", "policyviolation"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", "MAIL FROM", "rejected"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "451 Message temporarily deferred due to unresolvable RFC.5321 domain. See https://senders.yahooinc.com/error-codes", "MAIL FROM", "rejected"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "553 5.7.2 [TSS09] All messages from 192.0.2.25 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes", "MAIL FROM", "rejected"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "450 User is receiving mail too quickly", "RCPT TO", "speeding"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "554 delivery error: dd pat@yahoo.com is no longer valid. - mta7.mail.bf1.yahoo.com", "end of DATA", "suspend"),
    E("YahooInc", "pat@aol.com", "mx-aol.mail.gm0.yahoodns.net", "554 30 Sorry, your message to pat@aol.com cannot be delivered. This mailbox is disabled (554.30)", "end of DATA", "suspend"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "501 Syntax error in parameters or arguments", "MAIL FROM", "syntaxerror"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "421 Max message per connection reached, closing transmission channel", "MAIL FROM", "toomanyconn"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "554 delivery error: dd This user doesn't have a yahoo.com account (pat@yahoo.com) [0] - mta7.mail.bf1.yahoo.com", "end of DATA", "userunknown"),
    E("YahooInc", "pat@yahoo.com", "mta7.am0.yahoodns.net", "552 1 Requested mail action aborted, mailbox not found", "end of DATA", "userunknown"),
    # --- Spectrum / Charter: AUP#I-NNNN ---
    E("Spectrum", "dan@charter.net", "mx.charter.net", "554 5.7.1 AUP#I-1000 Your IP address has been blocked", "MAIL FROM", "blocked"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "550 5.7.1 AUP#O-1010 This account has been blocked from sending", "MAIL FROM", "rejected"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "550 5.7.1 AUP#O-1050 This account has limited access to send", "MAIL FROM", "rejected"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "451 4.3.0 AUP#I-1090 Message cannot be processed, try again later", "end of DATA", "systemerror"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "554 5.7.1 AUP#I-1120 No reverse DNS for your IP", "MAIL FROM", "requireptr"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "550 5.7.1 AUP#I-1170 Message violates your domain's security policy", "end of DATA", "policyviolation"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "554 5.7.1 AUP#I-1200 Your IP is listed by Cloudmark CSI", "MAIL FROM", "blocked"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "554 5.7.1 AUP#I-1230 Your IP is listed by Spamhaus", "MAIL FROM", "blocked"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "554 5.7.1 AUP#I-1260 IPv6 connections are not accepted", "MAIL FROM", "networkerror"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "421 4.7.0 AUP#I-1310 Too many connections from your IP", "MAIL FROM", "toomanyconn"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "452 4.7.0 AUP#I-1400 Too many messages, slow down", "RCPT TO", "speeding"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "550 5.7.1 AUP#O-1500 Sender does not match the authenticated account", "MAIL FROM", "rejected"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "550 5.7.1 AUP#O-1520 Sender domain not hosted here", "MAIL FROM", "rejected"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "552 5.3.4 AUP#O-1530 Message larger than 20MB", "end of DATA", "mesgtoobig"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "452 4.5.3 AUP#O-1540 Too many messages in this session", "MAIL FROM", "speeding"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "452 4.5.3 AUP#O-1550 Too many recipients in this message", "RCPT TO", "speeding"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "550 5.7.1 AUP#O-1560 Too many invalid recipients", "RCPT TO", "policyviolation"),
    E("Spectrum", "dan@charter.net", "mx.charter.net", "452 4.5.3 AUP#O-1580 Too many recipients in a short time", "RCPT TO", "speeding"),
    # --- Google Workspace (GSuite module): DNS answers seen from Google's outbound ---
    E("GSuite", "amy@example.org", "mail-sor-f41.googlemail.com", "550 5.1.1 The email account that you tried to reach does not exist. We couldn't deliver to amy@example.org because the address couldn't be found. Check for typos or unnecessary spaces and try again.", "RCPT TO", "userunknown"),
    E("GSuite", "amy@example.invalid", "mail-sor-f41.googlemail.com", "550 5.1.2 DNS Error: DNS server for example.invalid responded with code NXDOMAIN. Domain name not found: example.invalid", "RCPT TO", "hostunknown"),
    E("GSuite", "amy@example.org", "mail-sor-f41.googlemail.com", "451 4.4.0 DNS Error: DNS type 'mx' lookup of example.org had no relevant answers.", "RCPT TO", "networkerror"),
    E("GSuite", "amy@example.org", "mail-sor-f41.googlemail.com", "556 5.1.10 DNS Error: 48213317 DNS type 'mx' lookup of example.org responded with code NOERROR The domain example.org doesn't receive email according to the administrator: returned Null MX https://www.rfc-editor.org/info/rfc7505", "RCPT TO", "notaccept"),
    # --- Zoho Mail ---
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "550 5.7.1 Email rejected per DMARC policy for example.com", "end of DATA", "authfailure"),
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "451 4.7.1 Greylisted, try again after some time", "RCPT TO", "blocked"),
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "554 5.7.1 Email cannot be delivered. Reason: Email flagged as Spam.", "RCPT TO", "rejected"),
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "541 5.4.1 Mail rejected by destination domain", "RCPT TO", "rejected"),
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "554 5.7.7 Email policy violation detected", "end of DATA", "policyviolation"),
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "552 5.7.1 Mailbox delivery restricted by policy error", "RCPT TO", "policyviolation"),
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "452 4.3.1 Temporary System Error", "RCPT TO", "systemerror"),
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "550 5.1.1 User does not exist - <ravi@zoho.com>", "RCPT TO", "userunknown"),
    E("Zoho", "ravi@zoho.com", "mx.zoho.com", "552 5.7.1 virus Eicar-Test-Signature detected by Zoho Mail", "end of DATA", "virusdetected"),
]

COX = "cxr.mx.a.cloudfilter.net"
ENTRIES += [
    # --- Cox: AUP#<code> tokens, then phrases ---
    E("Cox", "lee@cox.net", COX, "554 5.7.1 192.0.2.25 blocked. AUP#CXBL", "MAIL FROM", "blocked"),
    E("Cox", "lee@cox.net", COX, "554 5.7.1 192.0.2.25 rejected: no rDNS. AUP#CXDNS", "MAIL FROM", "requireptr"),
    E("Cox", "lee@cox.net", COX, "550 5.7.1 <alice@example.com> sender authentication failed. AUP#CXSNDR", "end of DATA", "authfailure"),
    E("Cox", "lee@cox.net", COX, "550 5.5.0 SMTP protocol violation. AUP#CXSMTP", "end of DATA", "rejected"),
    E("Cox", "lee@cox.net", COX, "421 4.7.0 too many connections from 192.0.2.25. AUP#CXCNCT", "MAIL FROM", "toomanyconn"),
    E("Cox", "lee@cox.net", COX, "452 4.5.3 too many recipients, try again later. AUP#CXMXRT", "RCPT TO", "toomanyconn"),
    E("Cox", "lee@cox.net", COX, "421 4.7.1 192.0.2.25 temporarily blocked. AUP#CDRBL", "MAIL FROM", "blocked"),
    E("Cox", "lee@cox.net", COX, "550 5.7.1 sending limited, suspicious account activity. AUP#CXTHRT", "MAIL FROM", "securityerror"),
    E("Cox", "lee@cox.net", COX, "550 5.7.1 sending blocked, suspicious activity on the primary account. AUP#CXMJ", "MAIL FROM", "securityerror"),
    E("Cox", "lee@cox.net", COX, "554 5.7.1 192.0.2.25 is listed in Spamhaus Zen. AUP#IPBL0001", "MAIL FROM", "blocked"),
    E("Cox", "lee@cox.net", COX, "554 5.7.1 192.0.2.25 is listed in Cloudmark CSI. AUP#IPBL1000", "MAIL FROM", "blocked"),
    E("Cox", "lee@cox.net", COX, "554 5.7.1 192.0.2.25 is on four block lists. AUP#IPBL1111", "MAIL FROM", "blocked"),
    E("Cox", "lee@cox.net", COX, "554 5.7.1 192.0.2.25 is listed by Spamhaus. AUP#IPBL00001", "MAIL FROM", "blocked"),
    E("Cox", "lee@cox.net", COX, "552 5.7.0 a URL in the message is on SURBL and Spamhaus DBL. AUP#URLBL011", "end of DATA", "spamdetected"),
    E("Cox", "lee@cox.net", COX, "552 5.7.0 a URL in the message is listed by Spamhaus. AUP#URLBL1001", "end of DATA", "spamdetected"),
    E("Cox", "lee@cox.net", COX, "421 4.7.0 cox too many bad commands from 192.0.2.25", "MAIL FROM", "blocked"),
    E("Cox", "lee@cox.net", COX, "421 4.7.0 192.0.2.25 too many invalid recipients", "RCPT TO", "blocked"),
    E("Cox", "lee@cox.net", COX, "451 4.7.0 DNS check failure - try again later", "MAIL FROM", "requireptr"),
    E("Cox", "lee@cox.net", COX, "554 5.7.1 192.0.2.25 rejected - no rDNS", "MAIL FROM", "requireptr"),
    E("Cox", "lee@cox.net", COX, "554 5.7.1 cxr.mx.a.cloudfilter.net ESMTP no data before greeting", "CONNECT", "policyviolation"),
    E("Cox", "lee@cox.net", COX, "552 5.7.0 attachment extension is forbidden", "end of DATA", "policyviolation"),
    E("Cox", "lee@cox.net", COX, "550 5.1.0 <alice@example.invalid> sender rejected", "MAIL FROM", "rejected"),
    E("Cox", "lee@cox.net", COX, "421 4.3.2 cxr.mx.a.cloudfilter.net ESMTP server temporarily not available", "MAIL FROM", "systemerror"),
    E("Cox", "lee@cox.net", COX, "421 4.7.0 too many sessions from 192.0.2.25", "MAIL FROM", "toomanyconn"),
    E("Cox", "lee@cox.net", COX, "451 4.7.0 requested action aborted: try again later", "MAIL FROM", "toomanyconn"),
    E("Cox", "lee@cox.net", COX, "421 4.7.0 message threshold exceeded", "MAIL FROM", "toomanyconn"),
    E("Cox", "lee@cox.net", COX, "550 5.1.1 <lee@cox.net> recipient rejected", "RCPT TO", "userunknown"),
]

GODADDY = "p3plibsmtp01-01.prod.phx3.secureserver.net"
ENTRIES += [
    # --- GoDaddy: IBnnn codes of its inbound servers, then phrases ---
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "535 Authentication not allowed on IBSMTP Servers. IB401", "MAIL FROM", "securityerror"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "550 Blank From: addresses are not allowed. Provide a valid From. IB501", "end of DATA", "notcompliantrfc"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "550 IP addresses are not allowed as a From: Address. Provide a valid From. IB502", "end of DATA", "notcompliantrfc"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "550 example.invalid From: Domain is invalid. Provide a valid From: IB506", "MAIL FROM", "rejected"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "550 alice@example.com Invalid SPF record. Inspect your SPF settings, and try again. IB508", "MAIL FROM", "authfailure"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "421 Temporarily rejected. Reverse DNS for this IP failed. IB108", "MAIL FROM", "requireptr"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "552 This message has been rejected due to content judged to be spam by the internet community. IB212", "end of DATA", "spamdetected"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "552 Virus infected message rejected. IB705", "end of DATA", "virusdetected"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "452 This message contains too many recipients. Reduce the number of recipients and retry. IB605", "RCPT TO", "toomanyconn"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "421 Connection refused, too many sessions from This IP. Lower the number of concurrent sessions. IB007", "MAIL FROM", "toomanyconn"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "421 Server temporarily unavailable. Try again later. IB101", "MAIL FROM", "speeding"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "554 This IP has been temporarily blocked for attempting to send too many messages containing content judged to be spam by the Internet community. IB110", "MAIL FROM", "blocked"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "554 This IP has been blocked for the day, for attempting to send too many messages containing content judged to be spam by the Internet community. IB111", "MAIL FROM", "blocked"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "554 This IP has been temporarily blocked for attempting to mail too many invalid recipients. IB112", "MAIL FROM", "blocked"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "554 This IP has been blocked for the day, for attempting to mail too many invalid recipients. IB113", "MAIL FROM", "blocked"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "550 This IP has sent too many messages this hour. IB504", "MAIL FROM", "speeding"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "550 This message has exceeded the max number of messages per session. Open a new session and try again. IB510", "MAIL FROM", "speeding"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "550 This IP has sent too many to too many recipients this hour. IB607", "RCPT TO", "speeding"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "554 Connection refused. This IP has a poor reputation on Cloudmark Sender Intelligence (CSI). IB103", "CONNECT", "badreputation"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "554 Connection refused. This IP address is listed on the Spamhaus Block List (SBL). IB104", "CONNECT", "blocked"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "554 Connection refused. This IP address is listed on the Exploits Block List (XBL). IB105", "CONNECT", "blocked"),
    E("GoDaddy", "max@example.org", "smtp.secureserver.net", "554 Connection refused. This IP address is listed on the Policy Block List (PBL). IB106", "CONNECT", "blocked"),
    E("GoDaddy", "max@example.org", GODADDY, "554 RBL Reject.", "MAIL FROM", "blocked"),
    E("GoDaddy", "max@example.org", GODADDY, "554 192.0.2.25 is listed, see https://www.spamhaus.org/query/bl?ip=192.0.2.25", "MAIL FROM", "blocked"),
    E("GoDaddy", "max@example.org", "mailstore1.secureserver.net", "451 Sorry, I wasn't able to establish an SMTP connection. I'm not going to try again; this message has been in the queue too long.", "end of DATA", "expired"),
    E("GoDaddy", "max@example.org", "mailstore1.secureserver.net", "550 Delivery timeout", "end of DATA", "expired"),
    E("GoDaddy", "max@example.org", "mailstore1.secureserver.net", "552 Account storage limit", "RCPT TO", "mailboxfull"),
    E("GoDaddy", "max@example.org", GODADDY, "552 Message rejected for spam or virus content", "end of DATA", "spamdetected"),
    E("GoDaddy", "max@example.org", "mailstore1.secureserver.net", "550 Account disabled", "RCPT TO", "suspend"),
    E("GoDaddy", "max@example.org", "mailstore1.secureserver.net", "553 This message is looping: it already has my Delivered-To line. (#5.4.6)", "end of DATA", "systemerror"),
    E("GoDaddy", "max@example.org", "mailstore1.secureserver.net", "550 Recipient not found", "RCPT TO", "userunknown"),
    E("GoDaddy", "max@example.org", "mailstore1.secureserver.net", "550 Account does not exist", "RCPT TO", "userunknown"),
]

ORANGE = "smtp-in.orange.fr"
LAPOSTE = "smtpz4.laposte.net"
ENTRIES += [
    # --- Orange / La Poste (FrancePTT): LPNnnn_NNN, OFRnnn_NNN, OFR_NNN codes ---
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "550 5.7.1 Service unavailable; client [192.0.2.25] blocked using Spamhaus. Les emails envoyes vers la messagerie Laposte.net ont ete bloques par nos services. LPNAAA_101", "RCPT TO", "blocked"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "550 mwinf5c04 ME Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues. OFR006_102 Ref http://csi.cloudmark.com", "MAIL FROM", "blocked"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "550 5.5.0 Les emails envoyes vers la messagerie Laposte.net ont ete bloques par nos services. https://senderscore.org/blacklistlookup/ LPN007_102", "RCPT TO", "blocked"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "550 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR006_103 192.0.2.25 [103]", "MAIL FROM", "blocked"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]", "MAIL FROM", "toomanyconn"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "421 4.7.0 Too many connections, slow down. LPN105_104", "MAIL FROM", "toomanyconn"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "550 5.7.0 Code d'authentification invalide OFR_305", "MAIL FROM", "securityerror"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "550 5.5.0 SPF: 192.0.2.25 is not allowed to send mail. LPN004_401", "MAIL FROM", "authfailure"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "550 5.5.0 Authentification requise. Authentication Required. LPN105_402", "MAIL FROM", "securityerror"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "501 5.1.0 Emetteur invalide. Invalid Sender. OFR004_403 [403]", "MAIL FROM", "rejected"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "501 5.0.1 Emetteur invalide. Invalid Sender. LPN105_405", "MAIL FROM", "rejected"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "501 5.1.0 Emetteur invalide. Invalid Sender. OFR004_405 [405]", "MAIL FROM", "rejected"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "501 5.1.0 Emetteur invalide. Invalid Sender. OFR_415", "MAIL FROM", "rejected"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]", "RCPT TO", "userunknown"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. LPN416", "RCPT TO", "userunknown"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]", "RCPT TO", "mailboxfull"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420", "RCPT TO", "suspend"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "553 5.5.3 Mail from not owned by user. LPN105_421.", "MAIL FROM", "rejected"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "550 5.5.0 Le compte du destinataire est bloque. The recipient account is blocked. LPN007_426", "RCPT TO", "suspend"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]", "end of DATA", "systemerror"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "421 4.2.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. LPN007_505", "end of DATA", "systemerror"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "550 5.7.1 Mail rejete. Mail rejected. OFR_506 [506]", "end of DATA", "spamdetected"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "550 5.5.0 Service refuse. Veuillez essayer plus tard. service refused, please try later. LPN005_510", "end of DATA", "blocked"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "552 5.3.4 Taille limite du message atteinte. Message size limit exceeded. OFR_514 [514]", "end of DATA", "mesgtoobig"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "571 5.7.1 Message refused, DMARC verification Failed. Message refuse, verification DMARC en echec LPN007_517", "end of DATA", "authfailure"),
    E("FrancePTT", "marie@laposte.net", LAPOSTE, "554 5.7.1 Client host rejected LPN000_630", "MAIL FROM", "policyviolation"),
    E("FrancePTT", "marie@orange.fr", ORANGE, "421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]", "MAIL FROM", "blocked"),
    E("FrancePTT", "marie@orange.fr", "smtp.orange.fr", "421 smtp.orange.fr [192.0.2.25] Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom de domaine. Invalid Sender. SPF check failed, please verify the SPF/DNS configuration for your domain name.", "MAIL FROM", "authfailure"),
]

MIMECAST = "eu-smtp-inbound-1.mimecast.com"
ENTRIES += [
    # --- Mimecast: reply code + phrase ---
    E("Mimecast", "eva@example.org", MIMECAST, "550 SPF Sender Invalid - envelope rejected - https://community.mimecast.com/docs/DOC-1369#550", "MAIL FROM", "authfailure"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 DKIM Sender Invalid - envelope rejected", "end of DATA", "authfailure"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 DMARC Sender Invalid - envelope rejected", "end of DATA", "authfailure"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Internal resources are temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451", "RCPT TO", "badreputation"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Local CT IP Reputation - (reject) - https://community.mimecast.com/docs/DOC-1369#550", "RCPT TO", "badreputation"),
    E("Mimecast", "eva@example.org", MIMECAST, "421 Sender address blocked", "MAIL FROM", "blocked"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Recipient temporarily unavailable", "RCPT TO", "blocked"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 IP temporarily blacklisted - https://community.mimecast.com/docs/DOC-1369#451", "MAIL FROM", "blocked"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Journal messages past the expiration", "end of DATA", "expired"),
    E("Mimecast", "eva@example.org", MIMECAST, "553 This route requires encryption (TLS)", "MAIL FROM", "failedstarttls"),
    E("Mimecast", "eva@example.org", MIMECAST, "553 This route requires TLS version 1.2 or greater", "MAIL FROM", "failedstarttls"),
    E("Mimecast", "eva@example.org", MIMECAST, "553 This route requires high-strength ciphers", "MAIL FROM", "failedstarttls"),
    E("Mimecast", "eva@example.org", MIMECAST, "554 Configuration is invalid for this certificate", "MAIL FROM", "failedstarttls"),
    E("Mimecast", "eva@example.org", MIMECAST, "554 Maximum email size exceeded", "end of DATA", "mesgtoobig"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 The incorrect hostname used for inbounds", "RCPT TO", "networkerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 The incorrect hostname used for inbounds", "RCPT TO", "networkerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "554 Mail loop detected", "end of DATA", "networkerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Open relay not allowed - https://community.mimecast.com/docs/DOC-1369#451", "RCPT TO", "norelaying"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Account inbounds disabled", "RCPT TO", "notaccept"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Account outbounds disabled", "MAIL FROM", "onhold"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Hostname is not authorized", "MAIL FROM", "onhold"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Anti-Spoofing policy - Inbound not allowed", "end of DATA", "policyviolation"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Rejected by header-based Anti-Spoofing policy: alice@example.com", "end of DATA", "policyviolation"),
    E("Mimecast", "eva@example.org", MIMECAST, "554 Host network not allowed", "MAIL FROM", "policyviolation"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Administrative prohibition envelope blocked", "MAIL FROM", "rejected"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Envelope blocked - User Entry", "MAIL FROM", "rejected"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Envelope blocked - User Domain Entry", "MAIL FROM", "rejected"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Rejected by header-based Blocked Senders - Block policy for Header From", "end of DATA", "rejected"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Envelope rejected - Block policy for Envelope From address", "MAIL FROM", "rejected"),
    E("Mimecast", "eva@example.org", MIMECAST, "535 Incorrect authentication data", "MAIL FROM", "securityerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Submitter failed to authenticate", "MAIL FROM", "securityerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Unable to process connection at this time", "MAIL FROM", "systemerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Message ended early", "end of DATA", "systemerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Unable to process command", "RCPT TO", "systemerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Unable to process an email at this time", "end of DATA", "systemerror"),
    E("Mimecast", "eva@example.org", MIMECAST, "451 Account service is temporarily unavailable", "MAIL FROM", "toomanyconn"),
    E("Mimecast", "eva@example.org", MIMECAST, "452 Too many recipients", "RCPT TO", "toomanyconn"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Exceeding outbound thread limit", "MAIL FROM", "toomanyconn"),
    E("Mimecast", "eva@example.org", MIMECAST, "501 Invalid address", "RCPT TO", "userunknown"),
    E("Mimecast", "eva@example.org", MIMECAST, "503 User unknown", "RCPT TO", "userunknown"),
    E("Mimecast", "eva@example.org", MIMECAST, "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550", "RCPT TO", "userunknown"),
    E("Mimecast", "eva@example.org", MIMECAST, "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554", "end of DATA", "virusdetected"),
]

GMAIL = "gmail-smtp-in.l.google.com"
ENTRIES += [
    # --- Google (Gmail): reply code, status and phrase together ---
    E("Google", "ana@gmail.com", GMAIL, "451 4.7.24 The SPF record of the sending domain has one or more suspicious entries. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", "MAIL FROM", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.24 The SPF record of the sending domain has one or more suspicious entries. For more information, go to Email sender guidelines.", "MAIL FROM", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "530 5.5.1 Authentication Required.", "MAIL FROM", "securityerror"),
    E("Google", "ana@gmail.com", GMAIL, "530 5.7.0 Must issue a STARTTLS command first.", "MAIL FROM", "failedstarttls", "#postfix-tls-required"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.26 This message fails to pass SPF checks for an SPF record with a hard fail policy (-all). To best protect our users from spam and phishing, the message has been blocked.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.26 The MAIL FROM domain [example.com] has an SPF record with a hard fail policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.25].", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "451 4.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy, but temporary DNS failures prevent authentication.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.26 This message does not have authentication information or fails to pass authentication checks (SPF or DKIM). To best protect our users from spam, the message has been blocked.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 This message does not have authentication information or fails to pass authentication checks. To best protect our users from spam, the message has been blocked.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.27 Your email has been rate limited because SPF authentication didn't pass for this message. Gmail requires all bulk email senders to authenticate their email with SPF.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.27 This mail has been blocked because SPF does not pass. Gmail requires all large senders to authenticate with SPF.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.30 Your email has been rate limited because DKIM authentication didn't pass for this message. Gmail requires all email bulk senders to authenticate their email with DKIM.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.30 This mail has been blocked because DKIM does not pass. Gmail requires all large senders to authenticate with DKIM.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.40 Your email has been rate limited because the sending domain doesn't have a DMARC record. Gmail requires all bulk email senders to add a DMARC record to their sending domain.", "end of DATA", "authfailure"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 This message is suspicious due to the very low reputation of the sending IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", "end of DATA", "badreputation"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 This message is suspicious due to the very low reputation of the sending domain. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", "end of DATA", "badreputation"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending IP address. To best protect our users from spam, the message has been blocked.", "end of DATA", "badreputation"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain. To best protect our users from spam, the message has been blocked.", "end of DATA", "badreputation"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 IP not in whitelist for RCPT domain, closing connection.", "RCPT TO", "blocked"),
    E("Google", "ana@gmail.com", GMAIL, "501 5.5.4 HELO/EHLO argument is invalid.", "EHLO", "blocked"),
    E("Google", "ana@gmail.com", GMAIL, "501 5.5.4 Empty HELO/EHLO argument not allowed, closing connection.", "EHLO", "blocked"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", "end of DATA", "blocked"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.28 Gmail has detected an unusual rate of mail originating from your IP address 192.0.2.25. To protect our users from spam, mail has been temporarily rate limited.", "end of DATA", "blocked"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.", "end of DATA", "blocked"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.28 There is an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.", "end of DATA", "blocked"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.3.4 The number of attachments (120) exceeds Google's limit of limit attachments. To view our attachment size guidelines, go to Gmail receiving limits in Google Workspace.", "end of DATA", "exceedlimit"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.3.4 The size of the References header value (70000 bytes) exceeds Google's limit of 65536 bytes per individual header size.", "end of DATA", "exceedlimit"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.3.4 Your message exceeded Google's message header size limits.", "end of DATA", "exceedlimit"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 Connection expired, try reconnecting.", "end of DATA", "expired"),
    E("Google", "ana@gmail.com", GMAIL, "451 4.4.2 Timeout - closing connection.", "end of DATA", "expired"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 TLS required for RCPT domain, closing connection.", "RCPT TO", "failedstarttls"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.29 Your email has been rate limited because this message wasn't sent over a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections.", "end of DATA", "failedstarttls"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.29 This mail has been blocked because the message wasn't sent over a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections.", "end of DATA", "failedstarttls"),
    E("Google", "ana@gmail.com", GMAIL, "452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp", "RCPT TO", "mailboxfull"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.2.2 The recipient's inbox is out of storage space and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm", "RCPT TO", "mailboxfull"),
    E("Google", "ana@gmail.com", GMAIL, "452 4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp", "RCPT TO", "mailboxfull"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.2.2 The email account that you tried to reach is over quota.", "RCPT TO", "mailboxfull"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Email quota exceeded.", "RCPT TO", "mailboxfull"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.3.4 Your message exceeded Google's message size limits. https://support.google.com/mail/?p=MaxSizeError", "end of DATA", "mesgtoobig"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.3.4 The size of your message (41000000 bytes) exceeds Google's message size limit of 36700160 bytes.", "end of DATA", "mesgtoobig"),
    E("Google", "ana@gmail.com", GMAIL, "554 5.4.6 Message exceeded 50 hops, this may indicate a mail loop. https://support.google.com/mail/?p=MailLoop", "end of DATA", "networkerror"),
    E("Google", "ana@gmail.com", GMAIL, "554 5.6.0 Message exceeded 50 hops, this may indicate a mail loop.", "end of DATA", "networkerror"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.0 Mail relay denied [192.0.2.25]. Invalid credentials for relay for one of the domains in: example.com (as obtained from HELO and MAIL FROM).", "MAIL FROM", "norelaying"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Invalid credentials for relay [192.0.2.25]. The IP address you've registered in your Workspace SMTP Relay service doesn't match the domain of the account this email is being sent from.", "MAIL FROM", "norelaying"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead.", "MAIL FROM", "norelaying"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Messages missing a valid address in the From: header, or having no From: header, are not accepted.", "end of DATA", "notcompliantrfc"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Messages with multiple addresses in From: header are not accepted.", "end of DATA", "notcompliantrfc"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 This message is not RFC 5322 compliant because it has duplicate headers. To reduce the amount of spam sent to Gmail, this message has been blocked.", "end of DATA", "notcompliantrfc"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Messages missing a valid Message-ID: header are not accepted.", "end of DATA", "notcompliantrfc"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 The message contains a unicode character in a disallowed header.", "end of DATA", "notcompliantrfc"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Encoded-word syntax is not permitted in message header Subject.", "end of DATA", "notcompliantrfc"),
    E("Google", "ana@gmail.com", GMAIL, "553 5.1.7 The sender address <alice@@example.com> is not a valid RFC 5321 address.", "MAIL FROM", "notcompliantrfc"),
    E("Google", "ana@gmail.com", GMAIL, "554 5.6.0 Mail message is malformed. Not accepted.", "end of DATA", "notcompliantrfc"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.7.0 Our system detected an illegal attachment on your message.", "end of DATA", "policyviolation"),
    E("Google", "ana@gmail.com", GMAIL, "552 5.7.0 This message was blocked because its content presents a potential security issue. Please visit https://support.google.com/mail/?p=BlockedMessage", "end of DATA", "policyviolation"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent. Please contact your domain administrator for further details.", "end of DATA", "policyviolation"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.28 Gmail has detected this message exceeded its quota for sending messages with the same Message-ID:. To best protect our users, the message has been temporarily rejected.", "end of DATA", "policyviolation"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.0 Mail Sending denied. https://support.google.com/a/answer/6140680#maildenied", "MAIL FROM", "rejected"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 The IP address sending this message does not have a PTR record, or the corresponding forward DNS entry does not point to the sending IP.", "MAIL FROM", "requireptr"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.23 The sending IP address for this message doesn't have a PTR record, or the PTR record's forward DNS entry doesn't match the sending IP address.", "MAIL FROM", "requireptr"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication.", "end of DATA", "requireptr"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP.", "MAIL FROM", "requireptr"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.25 The sending IP does not match the IP address of the hostname specified in the pointer (PTR) record.", "MAIL FROM", "requireptr"),
    E("Google", "ana@gmail.com", GMAIL, "454 4.7.0 Too many login attempts, please try again later.", "AUTH", "securityerror"),
    E("Google", "ana@gmail.com", GMAIL, "503 5.7.0 No identity changes permitted.", "AUTH", "securityerror"),
    E("Google", "ana@gmail.com", GMAIL, "535 5.7.9 Application-specific password required.", "AUTH", "securityerror"),
    E("Google", "ana@gmail.com", GMAIL, "534 5.7.14 Please log in through your web browser and then try again.", "AUTH", "securityerror"),
    E("Google", "ana@gmail.com", GMAIL, "535 5.7.8 Username and Password not accepted.", "AUTH", "securityerror"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 This message is suspicious due to the nature of the content or the links within. To best protect our users from spam, the message has been blocked.", "end of DATA", "spamdetected"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.", "end of DATA", "spamdetected"),
    E("Google", "ana@gmail.com", GMAIL, "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.", "RCPT TO", "speeding"),
    E("Google", "ana@gmail.com", GMAIL, "450 4.2.1 Peak SMTP relay limit exceeded for customer. This is a temporary error.", "MAIL FROM", "speeding"),
    E("Google", "ana@gmail.com", GMAIL, "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", "RCPT TO", "speeding"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", "RCPT TO", "speeding"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.4.5 Daily user sending limit exceeded.", "MAIL FROM", "speeding"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.4.5 Daily SMTP relay limit exceeded for user.", "MAIL FROM", "speeding"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Daily SMTP relay sending limit exceeded for customer.", "MAIL FROM", "speeding"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.2.1 The email account that you tried to reach is disabled. https://support.google.com/mail/?p=DisabledUser", "RCPT TO", "suspend"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.2.1 The email account that you tried to reach is inactive. https://support.google.com/mail/?p=DisabledUser", "RCPT TO", "suspend"),
    E("Google", "ana@gmail.com", GMAIL, "501 5.5.2 Syntax error, cannot decode response.", "AUTH", "syntaxerror"),
    E("Google", "ana@gmail.com", GMAIL, "555 5.5.2 Syntax error.", "MAIL FROM", "syntaxerror"),
    E("Google", "ana@gmail.com", GMAIL, "502 5.5.1 Too many unrecognized commands, goodbye.", "MAIL FROM", "syntaxerror"),
    E("Google", "ana@gmail.com", GMAIL, "502 5.5.1 Unrecognized command.", "MAIL FROM", "syntaxerror"),
    E("Google", "ana@gmail.com", GMAIL, "503 5.5.1 Bad sequence of commands.", "end of DATA", "syntaxerror"),
    E("Google", "ana@gmail.com", GMAIL, "503 5.5.1 EHLO/HELO first.", "MAIL FROM", "syntaxerror"),
    E("Google", "ana@gmail.com", GMAIL, "503 5.5.1 No DATA after BDAT.", "end of DATA", "syntaxerror"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.3.0 Temporary System Problem. Try again later.", "end of DATA", "systemerror"),
    E("Google", "ana@gmail.com", GMAIL, "421 4.4.5 Server busy, try again later.", "CONNECT", "systemerror"),
    E("Google", "ana@gmail.com", GMAIL, "451 4.3.0 Multiple destination domains per transaction is unsupported. Please try again.", "RCPT TO", "systemerror"),
    E("Google", "ana@gmail.com", GMAIL, "451 4.3.0 Mail server temporarily rejected message.", "end of DATA", "systemerror"),
    E("Google", "ana@gmail.com", GMAIL, "452 4.5.3 Domain policy size per transaction exceeded, please try this recipient in a separate transaction.", "RCPT TO", "systemerror"),
    E("Google", "ana@gmail.com", GMAIL, "454 4.7.0 Cannot authenticate due to temporary system problem. Try again later.", "AUTH", "systemerror"),
    E("Google", "ana@gmail.com", GMAIL, "452 4.5.3 Your message has too many recipients. https://support.google.com/mail/?p=TooManyRecipientsError", "RCPT TO", "toomanyconn"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.5.3 Too many recipients for this sender.", "RCPT TO", "toomanyconn"),
    E("Google", "ana@gmail.com", GMAIL, "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser", "RCPT TO", "userunknown"),
    E("Google", "ana@gmail.com", GMAIL, "553 5.1.3 The recipient address <ana@@gmail.com> is not a valid RFC 5321 address.", "RCPT TO", "userunknown"),
]

FACEBOOK = "msgin.vvv.facebook.com"
ENTRIES += [
    # --- Facebook: postmaster response codes (POL-P7 is in two of Sisimai's lists and left out) ---
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 POL-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-p1", "MAIL FROM", "blocked"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 POL-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-p2", "MAIL FROM", "blocked"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 POL-P3 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-p3", "MAIL FROM", "blocked"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 POL-P4 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-p4", "MAIL FROM", "blocked"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "450 4.7.1 POL-T1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-t1", "MAIL FROM", "blocked"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "450 4.7.1 POL-T2 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-t2", "MAIL FROM", "blocked"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "450 4.7.1 POL-T3 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-t3", "MAIL FROM", "blocked"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.6.0 MSG-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#msg-p2", "end of DATA", "contenterror"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#rcp-p2", "RCPT TO", "filtered"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 RCP-P3 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#rcp-p3", "RCPT TO", "filtered"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "552 5.3.4 MSG-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#msg-p1", "end of DATA", "mesgtoobig"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "552 5.3.4 INT-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#int-p2", "end of DATA", "mesgtoobig"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.6.0 MSG-P3 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#msg-p3", "end of DATA", "notcompliantrfc"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.1.8 DNS-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#dns-p1", "MAIL FROM", "rejected"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.1.8 DNS-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#dns-p2", "MAIL FROM", "rejected"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "450 4.1.8 DNS-T1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#dns-t1", "MAIL FROM", "rejected"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 DNS-P3 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#dns-p3", "MAIL FROM", "requireptr"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "450 4.7.1 DNS-T2 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#dns-t2", "MAIL FROM", "requireptr"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 POL-P6 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-p6", "end of DATA", "spamdetected"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "450 4.2.1 RCP-T4 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#rcp-t4", "RCPT TO", "suspend"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "450 4.2.0 RCP-T1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#rcp-t1", "RCPT TO", "systemerror"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "421 4.3.2 CON-T1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#con-t1", "MAIL FROM", "toomanyconn"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "421 4.7.0 CON-T2 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#con-t2", "MAIL FROM", "toomanyconn"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "421 4.7.0 CON-T3 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#con-t3", "MAIL FROM", "toomanyconn"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "452 4.5.3 CON-T4 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#con-t4", "RCPT TO", "toomanyconn"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "452 4.5.3 MSG-T1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#msg-t1", "RCPT TO", "toomanyconn"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.1.1 RCP-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#rcp-p1", "RCPT TO", "userunknown"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.1.1 INT-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#int-p1", "RCPT TO", "userunknown"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.1.1 INT-P3 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#int-p3", "RCPT TO", "userunknown"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.1.1 INT-P4 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#int-p4", "RCPT TO", "userunknown"),
    E("Facebook", "sam@facebook.com", FACEBOOK, "550 5.7.1 POL-P5 http://postmaster.facebook.com/response_codes?ip=192.0.2.25#pol-p5", "end of DATA", "virusdetected"),
]


EXO = "contoso-com.mail.protection.outlook.com"
ENTRIES += [
    # --- Microsoft (Exchange Online / Exchange Server / Outlook.com): status and phrase together ---
    E("Microsoft", "lee@contoso.com", EXO, "450 4.7.26 Access denied, a message sent over IPv6 [2001:db8::25] must pass either SPF or DKIM validation, this message is not signed", "end of DATA", "authfailure"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.23 The message was rejected because of Sender Policy Framework violation", "end of DATA", "authfailure"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.509 Access denied, sending domain [EXAMPLE.COM] does not pass DMARC verification and has a DMARC policy of reject.", "end of DATA", "authfailure"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.515 Access denied, sending domain EXAMPLE.COM doesn't meet the required authentication level. Spf= Fail , Dkim= Pass , DMARC= Pass", "end of DATA", "authfailure"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.650 The mail server [192.0.2.25] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)", "MAIL FROM", "badreputation"),
    E("Microsoft", "lee@contoso.com", EXO, "421 4.4.2 Connection dropped due to SocketError", "end of DATA", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.850 Access denied, please try again later. (AS850)", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.506 Access denied, Bad HELO; mail.contoso.com", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.507 Access denied, rejected by recipient", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.510 Access denied, contoso.com does not accept email over IPv6", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.511 Access denied, banned sender[192.0.2.25]. To request removal from this list please forward this message to delist@messaging.microsoft.com.", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.513 Service unavailable, Client host [192.0.2.25] blocked by contoso.com using Customer Block list (AS16012607)", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.606 Access denied, banned sending IP [192.0.2.25]. To request removal from this list please visit https://sender.office.com/", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 Unfortunately, messages from [192.0.2.25] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "554 5.3.0 Too many related errors", "end of DATA", "contenterror"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds, which cannot be sent via DATA and receiving system does not support BDAT (invalid characters)", "end of DATA", "contenterror"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.5.6 Invalid message content", "end of DATA", "contenterror"),
    E("Microsoft", "lee@contoso.com", EXO, "552 5.3.4 Message size exceeds fixed maximum message size", "end of DATA", "mesgtoobig"),
    E("Microsoft", "lee@contoso.com", EXO, "552 5.3.4 Message too big for system", "end of DATA", "mesgtoobig"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.1 Connection timed out", "end of DATA", "expired"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.7 Message delayed", "end of DATA", "expired"),
    E("Microsoft", "lee@contoso.com", EXO, "550 4.4.7 QUEUE.Expired; message expired", "end of DATA", "expired"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.300 Message expired", "end of DATA", "expired"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.316 Message expired, connection refused(Socket error code 10061)", "end of DATA", "expired"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.8 MX hosts of contoso.com failed MTA-STS validation. The destination MX host is not the expected host per the domain's STS policy", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.8 MX hosts of contoso.com failed MTA-STS validation.", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.317 STARTTLS is required to send mail", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.317 STARTTLS is required to send mail", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.5 Remote certificate failed MTA-STS validation. Reason: CertificateExpired", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.5 Remote certificate failed MTA-STS validation. Reason: CertificateExpired", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.321 starttls-not-supported: Destination mail server must support TLS to receive mail.", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.321 starttls-not-supported: Destination mail server must support TLS to receive mail.", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.322 certificate-expired: Destination mail server's certificate is expired.", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.323 tlsa-invalid: The domain failed DANE validation.", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.323 tlsa-invalid: The domain failed DANE validation.", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.324 dnssec-invalid: Destination domain returned invalid DNSSEC records.", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.324 dnssec-invalid: Destination domain returned invalid DNSSEC records.", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.325 certificate-host-mismatch: Remote certificate MUST have a common name or subject alternative name matching the hostname (DANE)", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.325 certificate-host-mismatch: Remote certificate MUST have a common name or subject alternative name matching the hostname (DANE)", "end of DATA", "failedstarttls"),
    E("Microsoft", "lee@contoso.com", EXO, "552 5.2.2 Mailbox full", "RCPT TO", "mailboxfull"),
    E("Microsoft", "lee@contoso.com", EXO, "554 5.4.6 Hop count exceeded - possible mail loop", "end of DATA", "networkerror"),
    E("Microsoft", "lee@contoso.com", EXO, "450 4.4.312 DNS query failed. The error was: DNS query failed with error: InfoNoRecords", "RCPT TO", "networkerror"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.312 DNS query failed. The error was: DNS query failed with error: InfoNoRecords", "RCPT TO", "networkerror"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.316 Connection refused [Message=Socket error code 10061]", "RCPT TO", "networkerror"),
    E("Microsoft", "lee@contoso.com", EXO, "554 5.4.14 Hop count exceeded - possible mail loop ATTR34; routing loop detected", "end of DATA", "networkerror"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 Unable to relay", "RCPT TO", "norelaying"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.1 Relay Access Denied", "RCPT TO", "norelaying"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.64 TenantAttribution; Relay Access Denied", "RCPT TO", "norelaying"),
    E("Microsoft", "lee@contoso.com", EXO, "421 4.3.2 System not accepting network messages", "MAIL FROM", "notaccept"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.4 Mail received as a result of hosted tenant which has no mail-enabled subscriptions", "RCPT TO", "notaccept"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.3.2 STOREDRV.Deliver: Missing or bad StoreDriver MDB properties", "end of DATA", "notaccept"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.0.350 Remote server returned an error -> 550 x-dg-ref header is too long", "end of DATA", "policyviolation"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.0.350 Requested action not taken: policy violation detected (AS345)", "end of DATA", "policyviolation"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.7 Invalid address", "MAIL FROM", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.7 Unknown sender address", "MAIL FROM", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.0 Sender denied", "MAIL FROM", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.8 Access denied, bad outbound sender", "MAIL FROM", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]; Delivery not authorized", "RCPT TO", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.12 The sender was not authenticated by organization", "RCPT TO", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.124 Sender not in allowed-senders list", "RCPT TO", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed because the sender was not authenticated when sending to this group", "RCPT TO", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.134 RESOLVER.RST.SenderNotAuthenticatedForMailbox; authentication required; sender was not authenticated for mailbox", "RCPT TO", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.135 RESOLVER.RST.SenderNotAuthenticatedForPublicFolder; sender was not authenticated for public folder", "RCPT TO", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.136 RESOLVER.RST.SenderNotAuthenticated; sender was not authenticated", "RCPT TO", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.501 Access denied, spam abuse detected. The sending account has been banned due to detected spam activity.", "MAIL FROM", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains", "MAIL FROM", "rejected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.3 Cannot achieve Exchange Server authentication", "MAIL FROM", "securityerror"),
    E("Microsoft", "lee@contoso.com", EXO, "530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM", "MAIL FROM", "securityerror"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.2.1 Content Filter agent quarantined this message", "end of DATA", "spamdetected"),
    E("Microsoft", "lee@contoso.com", EXO, "432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded", "end of DATA", "speeding"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.652 The mail server [192.0.2.25] has exceeded the maximum number of connections. (S3115)", "MAIL FROM", "speeding"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients", "MAIL FROM", "speeding"),
    E("Microsoft", "lee@contoso.com", EXO, "554 5.2.2 Submission quota exceeded", "MAIL FROM", "speeding"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.2.121 Recipient's per hour message receive limit from specific sender exceeded", "RCPT TO", "speeding"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.508 Access denied, [2001:db8::25] has exceeded permitted limits within /48 range", "MAIL FROM", "speeding"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.505 Access denied, banned recipient", "RCPT TO", "suspend"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.2.1 Mailbox cannot be accessed", "RCPT TO", "suspend"),
    E("Microsoft", "lee@contoso.com", EXO, "500 5.3.3 Unrecognized command", "MAIL FROM", "syntaxerror"),
    E("Microsoft", "lee@contoso.com", EXO, "503 5.5.2 Send hello first", "MAIL FROM", "syntaxerror"),
    E("Microsoft", "lee@contoso.com", EXO, "421 4.3.2 Service not available, closing transmission channel", "MAIL FROM", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "421 4.3.2 Service not active", "MAIL FROM", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "554 5.3.5 System incorrectly configured", "end of DATA", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.3.190 Journaling on-premises messages to Microsoft 365 or Office 365 not supported when Journaling Archive is disabled", "end of DATA", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "501 5.0.0 HELO / EHLO requires domain address", "EHLO", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.2.4 Mailing list expansion problem", "RCPT TO", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.22 Message failed to be replicated: no healthy peers found", "end of DATA", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.23 Message failed to be replicated: No healthy secondary server available to accept replica at this time.", "end of DATA", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.0 Temporary server error. Please try again later. PRX4 NextHop: contoso-com.mail.protection.outlook.com", "end of DATA", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "450 4.4.318 Connection was closed abruptly (SuspiciousRemoteServerError)", "end of DATA", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.318 Message expired, connection reset (SuspiciousRemoteServerError)", "end of DATA", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.700 PFA agent busy, please try again.", "MAIL FROM", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "451 4.4.3 Temporary server error. Please try again later ATTR18", "end of DATA", "systemerror"),
    E("Microsoft", "lee@contoso.com", EXO, "452 4.3.1 Insufficient system resources", "MAIL FROM", "systemfull"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.1 User unknown", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.3 STOREDRV.Submit; invalid recipient address", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.4 Recipient address reserved by RFC 2606", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.6 Recipient addresses in single label domains not accepted", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.1 Bad destination mailbox address", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.5.0 Requested action not taken: mailbox unavailable", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable", "RCPT TO", "userunknown"),
    E("Microsoft", "lee@contoso.com", EXO, "421 4.7.0 RP-001 (BAY004-MC1F22) Unfortunately, some messages from 192.0.2.25 weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day.", "MAIL FROM", "badreputation"),
    E("Microsoft", "lee@contoso.com", EXO, "421 4.7.0 RP-002 (COL004-MC2F3) Unfortunately, some messages from 192.0.2.25 weren't sent. Please try again.", "MAIL FROM", "badreputation"),
    E("Microsoft", "lee@contoso.com", EXO, "421 4.7.0 RP-003 (COL004-MC3F4) Unfortunately, some messages from 192.0.2.25 weren't sent. Please try again.", "MAIL FROM", "badreputation"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 SC-001 (BAY004-MC1F22) Unfortunately, messages from 192.0.2.25 weren't sent. Please contact your Internet service provider. Outlook.com has rejected it for policy reasons.", "MAIL FROM", "badreputation"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 SC-002 (BAY004-MC1F22) Unfortunately, messages from 192.0.2.25 weren't sent because of namespace mining.", "MAIL FROM", "policyviolation"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 SC-003 (BAY004-MC1F22) Unfortunately, messages from 192.0.2.25 weren't sent. Your IP address appears to be an open proxy or relay.", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 SC-004 (BAY004-MC1F22) Unfortunately, messages from 192.0.2.25 weren't sent. A block has been placed because of complaints.", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 DY-001 (BAY004-MC1F22) Unfortunately, messages from 192.0.2.25 weren't sent. We generally do not accept email from dynamic IPs.", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 DY-002 (BAY004-MC1F22) Unfortunately, messages from 192.0.2.25 weren't sent. The likely cause is a compromised or virus infected server.", "MAIL FROM", "virusdetected"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 OU-001 (BAY004-MC1F22) Unfortunately, messages from 192.0.2.25 weren't sent. Please contact your Internet service provider. For more information and to request removal go to Spamhaus.", "MAIL FROM", "blocked"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.1 OU-002 (BAY004-MC1F22) Unfortunately, messages from 192.0.2.25 weren't sent. Outlook.com has rejected it for policy reasons.", "MAIL FROM", "badreputation"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.901 Delivery not authorized, message refused", "end of DATA", "policyviolation"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP", "MAIL FROM", "speeding"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour", "RCPT TO", "toomanyconn"),
    E("Microsoft", "lee@contoso.com", EXO, "550 5.2.122 Recipient's per hour message receive limit exceeded", "RCPT TO", "speeding"),
]

# Entries whose reading here differs from Sisimai's, with the reason given here (Sisimai's in the
# comment), left on purpose or for later:
# - Gmail replies to a client's or relay's own session (AUTH, STARTTLS, pipelining) reach a bounce only
#   through a relay, and their status code says more than Sisimai's phrase;
# - a domain that does not exist is hostunknown here (Gmail 5.1.2, Exchange 5.4.4 and 5.4.310), as the
#   providers' help pages describe it;
# - Microsoft's own codes keep their catalog entry's reading (5.5.3/4.5.3, 5.7.504, 5.7.512, 5.7.705,
#   4.7.500-699, 5.2.3 RecipSizeLimit),
#   which Sisimai reads differently;
# - 5.2.14, 5.4.11, 5.7.51, 5.1.4, 5.1.2 X.400: rare, no variant yet.
LEFT: list[Entry] = [
    E("Google", "ana@gmail.com", GMAIL, "421 4.7.0 Try again later, closing connection.", "CONNECT", "securityerror"),  # Sisimai: blocked
    E("Google", "ana@gmail.com", GMAIL, "550 5.7.1 Unauthenticated email is not accepted from this domain.", "end of DATA", "securityerror"),  # Sisimai: rejected
    E("Google", "ana@gmail.com", GMAIL, "525 5.7.10 SMTP protocol violation, no commands allowed to pipeline after STARTTLS.", "STARTTLS", "failedstarttls"),  # Sisimai: syntaxerror
    E("Google", "ana@gmail.com", GMAIL, "501 5.7.11 Syntax error (no parameters allowed).", "STARTTLS", "securityerror"),  # Sisimai: syntaxerror
    E("Google", "ana@gmail.com", GMAIL, "504 5.7.4 Unrecognized authentication type.", "AUTH", "securityerror"),  # Sisimai: syntaxerror
    E("Google", "ana@gmail.com", GMAIL, "554 5.7.0 Too many unauthenticated commands.", "MAIL FROM", "securityerror"),  # Sisimai: syntaxerror
    E("Google", "ana@gmail.com", GMAIL, "553 5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors. https://support.google.com/mail/?p=BadRcptDomain", "RCPT TO", "hostunknown"),  # Sisimai: userunknown
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.25 Access denied, the sending IPv6 address [2001:db8::25] must have a reverse DNS record", "MAIL FROM", "requireptr"),  # Sisimai: blocked
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.550 Access denied, please try again later.", "MAIL FROM", "speeding"),  # Sisimai: blocked
    E("Microsoft", "lee@contoso.com", EXO, "501 5.5.4 Invalid domain name", "EHLO", "syntaxerror"),  # Sisimai: blocked
    E("Microsoft", "lee@contoso.com", EXO, "554 5.4.11 Agent generated message depth exceeded", "end of DATA", "networkerror"),  # Sisimai: contenterror
    E("Microsoft", "lee@contoso.com", EXO, "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient", "end of DATA", "exceedlimit"),  # Sisimai: mesgtoobig
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or RestrictDomainsToCertificate set", "end of DATA", "blocked"),  # Sisimai: failedstarttls
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain", "RCPT TO", "hostunknown"),  # Sisimai: networkerror
    E("Microsoft", "lee@contoso.com", EXO, "550 5.4.310 DNS domain contoso.example does not exist", "RCPT TO", "hostunknown"),  # Sisimai: norelaying
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant and include a valid From address", "end of DATA", "notcompliantrfc"),  # Sisimai: rejected
    E("Microsoft", "lee@contoso.com", EXO, "550 5.5.3 Too many recipients", "RCPT TO", "toomanyconn"),  # Sisimai: speeding
    E("Microsoft", "lee@contoso.com", EXO, "452 4.5.3 Too many recipients", "RCPT TO", "toomanyconn"),  # Sisimai: speeding
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.705 Access denied, tenant has exceeded threshold", "MAIL FROM", "blocked"),  # Sisimai: speeding
    E("Microsoft", "lee@contoso.com", EXO, "550 5.7.504 Recipient address rejected: Access denied", "RCPT TO", "userunknown"),  # Sisimai: suspend
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.4 Destination mailbox address ambiguous", "RCPT TO", "userunknown"),  # Sisimai: systemerror
    E("Microsoft", "lee@contoso.com", EXO, "550 5.2.14 Misconfigured forwarding address", "RCPT TO", "undefined"),  # Sisimai: systemerror
    E("Microsoft", "lee@contoso.com", EXO, "451 4.7.500 Server busy. Please try again later from [192.0.2.25]. (AS761)", "RCPT TO", "speeding"),  # Sisimai: systemerror
    E("Microsoft", "lee@contoso.com", EXO, "550 5.1.2 Invalid X.400 address", "RCPT TO", "hostunknown"),  # Sisimai: userunknown
]
# fmt: on
