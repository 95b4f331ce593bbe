"""The message tables of Sisimai's lhost modules: the words an MTA writes itself (no SMTP command, often no
code) and the reason each module's table gives them, checked in the layout of that MTA's own report.

Sisimai 5 (``lhost/via-*.go``) sets the reason straight from these tables. A reason Sisimai retries (userunknown,
hostunknown, systemerror, networkerror, expired, securityerror) still gives way to a first-order reason the status
and words show, so only lines where nothing else speaks are listed for those. Every report below is written
for this test, in the layout the module reads; the ``{w}`` slot takes the MTA's words.
"""

from __future__ import annotations

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas_build.compile import compile_catalog

HARD = frozenset({"userunknown", "hostunknown", "hasmoved", "notaccept"})


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


EXIM = """\
Return-path: <>
Received: from Debian-exim by mail.example.com with local (Exim 4.97)
	id 1tR4nQ-0007Zk-0p
	for alice@example.com; Thu, 03 Dec 2026 11:02:44 +0100
X-Failed-Recipients: bob@example.org
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@mail.example.com>
To: alice@example.com
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1tR4nQ-0007Zk-0p@mail.example.com>
Date: Thu, 03 Dec 2026 11:02:44 +0100

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  bob@example.org
    {w}

------ This is a copy of the message, including all the headers. ------

From: Alice <alice@example.com>
To: bob@example.org
Subject: Hello
Date: Thu, 03 Dec 2026 11:02:40 +0100

Hello.
"""
EXIMD = """\
Return-path: <>
Received: from Debian-exim by mail.example.com with local (Exim 4.97)
	id 1tR4nQ-0007Zk-0p
	for alice@example.com; Thu, 03 Dec 2026 11:02:44 +0100
X-Failed-Recipients: bob@example.org
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@mail.example.com>
To: alice@example.com
Subject: Warning: message 1tR4nP-0007Zb-2c delayed 24 hours
Message-Id: <E1tR4nQ-0007Zk-0p@mail.example.com>
Date: Thu, 03 Dec 2026 11:02:44 +0100

This message was created automatically by mail delivery software.

A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on mail.example.com.

The message identifier is:     1tR4nP-0007Zb-2c
The subject of the message is: Hello
The date of the message is:    Wed, 02 Dec 2026 11:02:40 +0100

The address to which the message has not yet been delivered is:

  bob@example.org
    {w}

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered. Eventually the mail delivery software will give up,
and when that happens, the message will be returned to you.
"""
QMAIL = """\
Return-Path: <>
Received: (qmail 28114 invoked for bounce); 26 Nov 2026 13:05:47 -0000
Date: 26 Nov 2026 13:05:47 -0000
From: MAILER-DAEMON@mail.example.com
To: alice@example.com
Subject: failure notice

Hi. This is the qmail-send program at mail.example.com.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<bob@example.org>:
{w}

--- Below this line is a copy of the message.

From: alice@example.com
To: bob@example.org
Subject: Hello

Hello.
"""
COURIER = """\
Return-Path: <>
From: "Courier mail server at mail.example.com" <@>
To: alice@example.com
Subject: NOTICE: mail delivery status.
Mime-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Message-ID: <courier.00000000692FE0C1.00007B34@mail.example.com>
Date: Thu, 03 Dec 2026 12:06:41 +0100

This is a delivery status notification from mail.example.com,
running the Courier mail server, version 1.1.12.

---------------------------------------------------------------------------

                           UNDELIVERABLE MAIL

Your message to the following recipients cannot be delivered:

<bob@example.org>:
    {w}

---------------------------------------------------------------------------
"""
OPENSMTPD = """\
Return-Path: <>
Received: from mx.example.com (localhost [127.0.0.1])
	by mx.example.com (OpenSMTPD) with ESMTP id 7c1e90b2
	for <alice@example.com>; Thu, 3 Dec 2026 18:40:12 +0100 (CET)
Date: Thu, 3 Dec 2026 18:40:12 +0100 (CET)
From: Mailer Daemon <MAILER-DAEMON@mx.example.com>
To: alice@example.com
Subject: Delivery status notification: error
Content-Type: text/plain; charset=utf-8

    Hi!

    This is the MAILER-DAEMON, please DO NOT REPLY to this email.

    An error has occurred while attempting to deliver a message for
    the following list of recipients:

bob@example.org: {w}

    Below is a copy of the original message:

From: Alice <alice@example.com>
To: bob@example.org
Subject: Hello

Hello.
"""
NOTES = """\
Return-Path: <>
From: POSTMASTER@notes-gw.example.org
To: alice@example.com
Subject: Undeliverable message
Date: Fri, 27 Nov 2026 11:20:04 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-1

------- Failure Reasons  --------

{w}
bob@example.org


------- Returned Message --------
From: alice@example.com
To: bob@example.org
Subject: Hello

Hello.
"""
DOMINO = """\
Return-Path: <>
Date: Tue, 1 Dec 2026 15:10:42 +0100
From: Postmaster@example.org
To: alice@example.com
Subject: DELIVERY FAILURE: {w}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

Your message

  Subject: Hello

was not delivered to:

  bob@example.org

because:

  {w}
"""
IMAIL = """\
Return-Path: <>
Date: Tue, 24 Nov 2026 10:02:38 +0100
From: postmaster@example.org
To: alice@example.com
Subject: Undeliverable Mail Hello
X-Mailer: <SMTP32 v8.22>
MIME-Version: 1.0
Content-Type: text/plain

{w}

Original message follows.

From: Alice <alice@example.com>
To: bob@example.org
Subject: Hello

Hello.
"""
MSGSRV = """\
Return-path: <>
Date: Thu, 03 Dec 2026 16:45:11 +0100 (CET)
From: Internet Mail Delivery <postmaster@ms-relay.example.com>
Subject: Delivery Notification: Delivery has failed
To: alice@example.com
MIME-version: 1.0
Content-type: multipart/report; boundary="Boundary_(ID_3kXq7v0Rk1m9T2sPz4yH6w)"; report-type=delivery-status

--Boundary_(ID_3kXq7v0Rk1m9T2sPz4yH6w)
Content-type: text/plain; charset=us-ascii

This report relates to a message you sent with the following header fields:

  Message-id: <4e7f12a0@example.com>
  Date: Thu, 03 Dec 2026 16:45:03 +0100
  From: Alice <alice@example.com>
  To: bob@example.org
  Subject: Hello

Your message cannot be delivered to the following recipients:

  Recipient address: bob@example.org
  Reason: {w}

--Boundary_(ID_3kXq7v0Rk1m9T2sPz4yH6w)
Content-type: message/delivery-status

Reporting-MTA: dns;ms-relay.example.com (tcp_intranet-daemon)

Final-recipient: rfc822;bob@example.org
Action: failed
Status: 5.0.0 ({w})

--Boundary_(ID_3kXq7v0Rk1m9T2sPz4yH6w)--
"""
ISMSS = """\
Return-Path: <>
Date: Mon, 30 Nov 2026 11:45:19 +0900
From: "InterScan MSS" <postmaster@imss.example.org>
To: alice@example.com
Subject: Mail could not be delivered
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

This message is from the InterScan Messaging Security Suite.

{w}
"""
BIGLOBE = """\
Return-Path: <>
Date: Thu, 03 Dec 2026 10:05:08 +0900
From: postmaster@mail.biglobe.ne.jp
To: alice@example.com
Subject: Returned mail: Delivery failed
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-2022-jp"

   ----- The following addresses had delivery problems -----
bob@mbx.biglobe.ne.jp

   ----- Non-delivered information -----
{w}
"""
EZWEB = """\
Return-Path: <>
Received: from mfsmax.ezweb.ne.jp by mfsmax.ezweb.ne.jp (EZweb Mail) with ESMTP id 0B3DA12
	for <alice@example.com>; Thu, 3 Dec 2026 09:12:43 +0900 (JST)
From: Postmaster@ezweb.ne.jp
To: alice@example.com
Subject: Mail System Error - Returned Mail
Date: Thu, 3 Dec 2026 09:12:43 +0900
Message-ID: <20261203091243.0B3DA12@mfsmax.ezweb.ne.jp>
Content-Type: text/plain; charset=us-ascii

This is an automatically generated message from the mail server.

{w}

<bob@ezweb.ne.jp>

--------------------------------------------------
From: alice@example.com
To: bob@ezweb.ne.jp
Subject: Hello
"""
KDDI = """\
Return-Path: <>
Received: from lsean.ezweb.ne.jp (lsean.ezweb.ne.jp [203.0.113.52])
	by mx.example.com with ESMTP; Wed, 2 Dec 2026 18:30:01 +0900
From: no-reply@mail.dion.ne.jp
To: alice@example.com
Subject: Mail Delivery Failure
Date: Wed, 2 Dec 2026 18:30:01 +0900
Content-Type: text/plain; charset=us-ascii

Your mail sent on: Wed, 2 Dec 2026 18:29:40 +0900
    Could not be delivered to: <bob@example.org>
    {w}
"""
FML = """\
Return-Path: <ml-admin@lists.example.org>
Date: Thu, 26 Nov 2026 08:45:02 +0900
From: ml-admin@lists.example.org
To: alice@example.com
Subject: {s} (ml ML)
Message-ID: <202611260845.FMLAAC1183.ml@lists.example.org>
X-MLServer: fml [fml 4.0.3 release (20040203/4.0.3)]
Content-Type: text/plain; charset=us-ascii

{w} <ml@lists.example.org>.

Original mail as follows:

From: Alice <alice@example.com>
To: ml@lists.example.org
Subject: Hello
"""
DRAGONFLY = """\
Return-Path: <>
Received: from dma by box.example.com (DragonFly Mail Agent v0.13);
	Mon, 30 Nov 2026 07:45:12 +0100
Date: Mon, 30 Nov 2026 07:45:12 +0100
From: MAILER-DAEMON
To: alice@box.example.com
Subject: Mail delivery failed

This is the DragonFly Mail Agent v0.13 at box.example.com.

There was an error delivering your mail to <bob@example.org>.

{w}

Original message follows.

To: bob@example.org
Subject: Hello
"""
GMX = """\
Return-Path: <>
Date: Thu, 3 Dec 2026 15:20:30 +0100
From: "Mail Delivery System" <mailer-daemon@gmx.net>
To: alice@example.com
Subject: Mail delivery failed: returning message to sender
X-GMX-Antispam: 0 (Mail was not recognized as spam); Detail=V3;

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error. The following address
failed:

"bob@example.org":

{w}

--- The header of the original message is following. ---

From: Alice <alice@example.com>
To: bob@example.org
"""
EINS = """\
Return-Path: <>
Date: Thu, 3 Dec 2026 15:20:30 +0100
From: "Mail Delivery System" <mailer-daemon@kundenserver.de>
To: alice@example.com
Subject: Mail delivery failed: returning message to sender

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error. The following address
failed:

bob@example.org

For the following reason:

{w}

--- The header of the original message is following. ---

From: Alice <alice@example.com>
To: bob@example.org
"""
ZOHO = """\
Return-Path: <>
Date: Tue, 1 Dec 2026 14:42:29 +0530
From: Mail Delivery System <mailer-daemon@zoho.com>
To: alice@example.com
Subject: Undelivered Mail Returned to Sender
X-ZohoMail: Si CHF_MF_NL SS_10 UW48 UB48 FMWL
Content-Type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.

{w}

Received: from mail.zoho.com by mx.zohomail.com
From: Alice <alice@example.com>
To: bob@example.org
"""
VERIZON = """\
Return-Path: <>
From: post_master@vtext.com
To: alice@example.com
Subject: Undeliverable Message
Date: Tue, 1 Dec 2026 14:42:29 -0500
Content-Type: text/plain; charset=us-ascii

Error: {w}

Original Message:
From: alice@example.com
To: bob@vtext.com
Subject: Hello
"""
EXCH2003 = """\
Return-Path: <>
X-MimeOLE: Produced By Microsoft Exchange V6.5
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Subject: Undeliverable: Hello
Date: Mon, 30 Nov 2026 09:05:41 +0100
From: "System Administrator" <postmaster@example.org>
To: <alice@example.com>

Your message

  To:      bob@example.org
  Subject: Hello
  Sent:    Mon, 30 Nov 2026 09:05:30 +0100

did not reach the following recipient(s):

bob@example.org on Mon, 30 Nov 2026 09:05:41 +0100
    {w}
"""
EXCH2007 = """\
From: postmaster@example.org
To: alice@example.com
Subject: Undeliverable: Hello
Content-Language: en-US
Content-Type: text/plain; charset=us-ascii

Delivery has failed to these recipients or groups:

bob@example.org
The e-mail address you entered couldn't be found.

Diagnostic information for administrators:

Generating server: mail.example.org

bob@example.org
#{w} ##

Original message headers:

From: alice@example.com
To: bob@example.org
"""
GWS = """\
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: alice@example.com
Subject: Delivery Status Notification (Failure)
Content-Type: text/plain; charset=UTF-8

** Message not delivered **

Your message couldn't be delivered to bob@example.org because the address couldn't be found. Check for typos or unnecessary spaces and try again.

The response was:

Content-Type: message/rfc822

From: alice@example.com
To: bob@example.org
Subject: Hello
"""
GMAIL = """\
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: alice@example.com
Subject: Delivery Status Notification (Failure)
Content-Type: text/plain; charset=ISO-8859-1

This is an automatically generated Delivery Status Notification

Delivery to the following recipient failed permanently:

     bob@example.org

Technical details of permanent failure:
{w}

----- Original message -----

From: Alice <alice@example.com>
To: bob@example.org
Subject: Hello
"""

TABLE_LINES = [
    # (module, report layout, the MTA's words, the reason of the module's table)
    ("Exim", EXIM, "user not found", "userunknown"),
    ("Exim", EXIM, "all host address lookups failed permanently", "hostunknown"),
    ("Exim", EXIM, "all relevant MX records point to non-existent hosts", "hostunknown"),
    ("Exim", EXIM, "Unrouteable address", "hostunknown"),
    ("Exim", EXIM, "mailbox is full (quota exceeded while writing to file /var/mail/bob)", "mailboxfull"),
    ("Exim", EXIM, "error: quota exceeded", "mailboxfull"),
    # Exim reports the last error with the retry verdict ("mailbox is full: retry timeout exceeded"):
    # Sisimai's Exim module reads its reason table before the expiry words, so the full mailbox decides.
    ("Exim", EXIM, "mailbox is full: retry timeout exceeded", "mailboxfull"),
    ("Exim", EXIM, "an MX or SRV record indicated no SMTP service", "notaccept"),
    ("Exim", EXIM, "no host found for existing SMTP connection", "notaccept"),
    ("Exim", EXIM, "angle-brackets nested too deep", "syntaxerror"),
    ("Exim", EXIM, 'missing or malformed local part (expected word or "<")', "syntaxerror"),
    ("Exim", EXIM, "domain missing in source-routed address", "syntaxerror"),
    ("Exim", EXIM, "malformed address: >x may not follow <bob@example.org", "syntaxerror"),
    ("Exim", EXIM, "delivery to file forbidden", "systemerror"),
    ("Exim", EXIM, "delivery to pipe forbidden", "systemerror"),
    ("Exim", EXIM, "local delivery failed", "systemerror"),
    ("Exim", EXIM, "LMTP error after RCPT TO:<bob@example.org>: 450 4.2.0 Temporary failure", "systemerror"),
    ("Exim", EXIM, 'Too many "Received" headers - suspected mail loop', "contenterror"),
    ("Exim", EXIM, "retry timeout exceeded", "expired"),
    ("Exim", EXIM, "retry time not reached for any host after a long failure period", "expired"),
    ("Exim", EXIM, "all hosts have been failing for a long time and were last tried after this message arrived", "expired"),
    ("Exim", EXIMD, "Delay reason: connection refused", "expired"),
    ("qmail", QMAIL, "Connected to 192.0.2.9 but my name was rejected.", "blocked"),
    ("qmail", QMAIL, "Sorry, I couldn't find any host named example.org. (#5.1.2)", "hostunknown"),
    ("qmail", QMAIL, "disk quota exceeded", "mailboxfull"),
    ("qmail", QMAIL, "Message size exceeds fixed maximum message size: 10485760 bytes", "mesgtoobig"),
    ("qmail", QMAIL, "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", "networkerror"),
    (
        "qmail",
        QMAIL,
        "Sorry. Although I'm listed as a best-preference MX or A for that host,\nit isn't in my control/locals file, so I don't treat it as local. (#5.4.6)",
        "networkerror",
    ),
    ("qmail", QMAIL, "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", "notaccept"),
    ("qmail", QMAIL, "/var/qmail/bin/preline: bad interpreter: No such file or directory", "systemerror"),
    ("qmail", QMAIL, "Unable to read message. (#4.3.0)", "systemerror"),
    ("qmail", QMAIL, "Requested action not taken: mailbox unavailable (not enough free space)", "systemfull"),
    ("qmail", QMAIL, "Sorry, no mailbox here by that name. (#5.1.1)", "userunknown"),
    ("qmail", QMAIL, "The message exeeded the maximum size the user accepts. (#5.2.3)", "exceedlimit"),
    ("qmail", QMAIL, "Mailaddress is administrativly disabled. (#5.2.1)", "suspend"),
    ("qmail", QMAIL, "Mailaddress is administratively disabled. (#5.2.1)", "suspend"),
    ("qmail", QMAIL, "Automatic homedir creator crashed. (#4.3.0)", "systemerror"),
    ("qmail", QMAIL, "Illegal value in LDAP attribute. (#5.3.5)", "systemerror"),
    ("qmail", QMAIL, "LDAP attribute is not given but mandatory. (#5.3.5)", "systemerror"),
    ("qmail", QMAIL, "Timeout while performing search on LDAP server. (#4.4.3)", "systemerror"),
    ("qmail", QMAIL, "Too many results returned but needs to be unique. (#5.3.5)", "systemerror"),
    ("qmail", QMAIL, "Temporary error in automatic homedir creation. (#4.3.0)", "systemerror"),
    ("qmail", QMAIL, "Temporary failure in LDAP lookup. (#4.4.3)", "systemerror"),
    ("qmail", QMAIL, "Unable to contact LDAP server. (#4.4.3)", "systemerror"),
    ("qmail", QMAIL, "Unable to login into LDAP server, bad credentials. (#4.4.3)", "systemerror"),
    ("qmail", QMAIL, "I'm not going to try again; this message has been in the queue too long.", "expired"),
    ("Courier", COURIER, "No such domain.", "hostunknown"),
    ("Courier", COURIER, "This domain's DNS violates RFC 1035.", "systemerror"),
    ("Courier", COURIER, "DNS lookup failed.", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "Envelope expired", "expired"),
    ("OpenSMTPD", OPENSMTPD, "Could not retrieve credentials", "securityerror"),
    ("OpenSMTPD", OPENSMTPD, "Invalid domain name", "hostunknown"),
    ("OpenSMTPD", OPENSMTPD, "Domain does not exist", "hostunknown"),
    ("OpenSMTPD", OPENSMTPD, "Address family mismatch on destination MXs", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "All routes to destination blocked", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "bad DNS lookup error code", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "Could not retrieve source address", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "Loop detected", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "Network error on destination MXs", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "No valid route to remote MX", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "No valid route to destination", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "Temporary failure in MX lookup", "networkerror"),
    ("OpenSMTPD", OPENSMTPD, "Destination seem to reject all mails", "notaccept"),
    ("OpenSMTPD", OPENSMTPD, "No MX found for domain", "notaccept"),
    ("OpenSMTPD", OPENSMTPD, "No MX found for destination", "notaccept"),
    ("Notes", NOTES, "Message has exceeded maximum hop count", "networkerror"),
    ("Notes", NOTES, "User not listed in public Name & Address Book", "userunknown"),
    ("Domino", DOMINO, "Cannot route mail to user (bob@example.org)", "filtered"),
    ("Domino", DOMINO, "Several matches found in Domino Directory. (bob@example.org)", "systemerror"),
    ("Domino", DOMINO, "User bob (bob@example.org) not listed in Domino Directory", "userunknown"),
    ("Domino", DOMINO, "User bob (bob@example.org) not listed in public Name & Address Book", "userunknown"),
    ("Domino", DOMINO, "El usuario bob (bob@example.org) no se encuentra en el Directorio de Domino", "userunknown"),
    ("Domino", DOMINO, "Utilisateur bob (bob@example.org) non répertorié dans l'annuaire Domino", "userunknown"),
    ("IMailServer", IMAIL, "Unknown host: bob@example.invalid", "hostunknown"),
    ("IMailServer", IMAIL, "Unknown user: bob@example.org", "userunknown"),
    ("IMailServer", IMAIL, "Invalid final delivery userid: bob@example.org", "userunknown"),
    ("IMailServer", IMAIL, "User mailbox exceeds allowed size: bob@example.org", "mailboxfull"),
    (
        "IMailServer",
        IMAIL,
        "Body of message generated response:\n550 Requested action not taken: virus detected\nundeliverable to bob@example.org",
        "virusdetected",
    ),
    (
        "IMailServer",
        IMAIL,
        "Body of message generated response:\n554 Blacklisted URL in message\nundeliverable to bob@example.org",
        "spamdetected",
    ),
    ("IMailServer", IMAIL, "Delivery failed 1 attempts: bob@example.org", "expired"),
    ("MessagingServer", MSGSRV, "Illegal host/domain name found", "hostunknown"),
    ("InterScanMSS", ISMSS, "Unable to deliver message to <bob@example.org>.", "userunknown"),
    ("Biglobe", BIGLOBE, "Mail Delivery Failed... User unknown", "filtered"),
    ("Biglobe", BIGLOBE, "The number of messages in recipient's mailbox exceeded the local limit.", "mailboxfull"),
    ("EZweb", EZWEB, "Your message was not delivered within 0 days and 1 hours.\nRemote host is not responding.", "expired"),
    ("EZweb", EZWEB, "The user(s) account is temporarily over quota.", "mailboxfull"),
    ("EZweb", EZWEB, "The user(s) account is disabled.", "suspend"),
    ("EZweb", EZWEB, "The user(s) account is temporarily limited.", "suspend"),
    ("KDDI", KDDI, "As their mailbox is full.", "mailboxfull"),
    ("KDDI", KDDI, "Due to the following SMTP relay error.", "norelaying"),
    ("KDDI", KDDI, "As the remote domain doesnt exist.", "hostunknown"),
    ("FML", FML, "Your mail was rejected: the X-ML-Name header may cause mail loop", "rejected"),
    ("FML", FML, "NOT MEMBER article from", "rejected"),
    ("FML", FML, "reject mail from", "rejected"),
    ("FML", FML, "reject spammers:", "rejected"),
    ("FML", FML, "You are not a member of this mailing list", "rejected"),
    ("FML", FML, "Duplicated Message-ID", "notcompliantrfc"),
    ("FML", FML, "Security alert: attack pattern in the mail to", "securityerror"),
    ("FML", FML, "fml has detected a loop condition so that input mail from", "systemerror"),
    ("FML", FML, "Loop Back Warning: mail from", "systemerror"),
    ("Verizon", VERIZON, "550 - Requested action not taken: no such user here", "userunknown"),
    ("DragonFly", DRAGONFLY, "Could not deliver for the last 432000 seconds. Giving up.", "expired"),
    ("DragonFly", DRAGONFLY, "DNS lookup failure: host example.org not found", "hostunknown"),
    (
        "EinsUndEins",
        EINS,
        "Mail size limit exceeded. For explanation visit\nhttp://postmaster.1and1.com/en/error-messages?ip=192.0.2.1",
        "mesgtoobig",
    ),
    ("GMX", GMX, "Reason:\ndelivery retry timeout exceeded", "expired"),
    ("Zoho", ZOHO, "[Status: Error, Address: <bob@example.org>, ResponseCode 421, , Host not reachable.]", "expired"),
    (
        "Exchange2003",
        EXCH2003,
        "The recipient name is not recognized\n    MSEXCH:IMS:EXAMPLE:ORG:EXCH01 0 (000C05A6) Unknown Recipient",
        "userunknown",
    ),
    (
        "Exchange2003",
        EXCH2003,
        "The recipient name is ambiguous\n    MSEXCH:IMS:EXAMPLE:ORG:EXCH01 0 (000C0595) Ambiguous Recipient",
        "filtered",
    ),
    ("Exchange2003", EXCH2003, "Too many recipients\n    MSEXCH:IMS:EXAMPLE:ORG:EXCH01 0 (00010256) Too many recipients", "systemerror"),
    (
        "Exchange2003",
        EXCH2003,
        "No proxy for recipient\n    MSEXCH:IMS:EXAMPLE:ORG:EXCH01 0 (000D06B5) No proxy for recipient (non-smtp mail?)",
        "systemerror",
    ),
    ("Exchange2003", EXCH2003, "Too many hops\n    MSEXCH:IMS:EXAMPLE:ORG:EXCH01 0 (00120270) Too Many Hops", "networkerror"),
    (
        "Exchange2003",
        EXCH2003,
        "Conversion failed\n    MSEXCH:IMS:EXAMPLE:ORG:EXCH01 0 (00050311) Conversion to Internet format failed",
        "contenterror",
    ),
    (
        "Exchange2003",
        EXCH2003,
        "Conversion failed\n    MSEXCH:IMS:EXAMPLE:ORG:EXCH01 0 (000502CC) Conversion to Internet format failed",
        "contenterror",
    ),
    (
        "Exchange2003",
        EXCH2003,
        "AUTH not supported\n    MSEXCH:IMS:EXAMPLE:ORG:EXCH01 0 (000B0981) 502 Server does not support AUTH",
        "securityerror",
    ),
    ("Exchange2007", EXCH2007, "550 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain", "hostunknown"),
    ("Exchange2007", EXCH2007, "550 5.2.0 RESOLVER.ADR.BadPrimary; the primary SMTP address is invalid", "systemerror"),
    ("Exchange2007", EXCH2007, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "userunknown"),
    ("Exchange2007", EXCH2007, "550 5.1.1 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "userunknown"),
    ("Exchange2007", EXCH2007, "550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found", "userunknown"),
    ("Exchange2007", EXCH2007, "550 5.5.3 RESOLVER.ADR.RecipLimit; too many recipients", "toomanyconn"),
    ("Exchange2007", EXCH2007, "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required", "securityerror"),
    ("Exchange2007", EXCH2007, "550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized", "rejected"),
    ("Exchange2007", EXCH2007, "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient", "exceedlimit"),
    ("Exchange2007", EXCH2007, "550 4.4.7 QUEUE.Expired; message expired", "expired"),
    ("GoogleWorkspace", GWS, "", "userunknown"),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 500 Remote server does not support TLS (state 6).",
        "failedstarttls",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 535 SMTP AUTH failed with the remote server. (state 8).",
        "systemerror",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 454 454 TLS missing certificate: error:0200100D:system library:fopen:Permission denied (#4.3.0) (state 9).",
        "failedstarttls",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 550 550 5.7.1 <bob@example.org>... Access denied (state 13).",
        "securityerror",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 550 550 Access denied (state 13).",
        "blocked",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 550 550 5.7.1 SPF unauthorized mail is prohibited. (state 15).",
        "securityerror",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 550 550 <bob@example.org>: User unknown (state 14).",
        "userunknown",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 554 554 Error: no valid recipients (state 15).",
        "filtered",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 550 550 <bob@example.org> No such user here (state 17).",
        "filtered",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 550 550 Unknown user bob@example.org (state 18).",
        "filtered",
    ),
    (
        "Gmail",
        GMAIL,
        "Google tried to deliver your message, but it was rejected by the recipient domain. We recommend contacting the other email provider for further information about the cause of this error. The error that the other server returned was: 554 554 5.7.0 Header error (state 18).",
        "filtered",
    ),
    ("Gmail", GMAIL, "DNS Error: Domain name not found", "hostunknown"),
    ("Gmail", GMAIL, "DNS Error: DNS server returned answer with no data", "hostunknown"),
    ("Gmail", GMAIL, "DNS Error: Could not contact DNS servers", "expired"),
    (
        "Gmail",
        GMAIL,
        "The recipient server did not accept our requests to connect. Learn more at http://support.google.com/mail/bin/answer.py?answer=7720 [mx.example.org. 192.0.2.25: socket error]",
        "expired",
    ),
]


@pytest.mark.parametrize(("module", "layout", "words", "reason"), TABLE_LINES, ids=[f"{m}:{w[:40]}" for m, _, w, _ in TABLE_LINES])
def test_an_mtas_own_words_take_the_reason_of_its_table(catalog: Catalog, module: str, layout: str, words: str, reason: str) -> None:
    report = layout.replace("{w}", words).replace("{s}", "fml status report")
    [result] = diagnose(report, catalog).results
    assert (result.reason, result.hard_bounce) == (reason, reason in HARD), (module, result.page)


def test_the_text_gateways_words_are_an_unknown_user_only_in_verizons_mail(catalog: Catalog) -> None:
    # Verizon's gateway answers with Apache James's stock refusal; in James's own reports elsewhere the
    # words keep their generic reading (no SMTP stage: a filter's doing).
    line = "Error: 550 - Requested action not taken: no such user here"
    [verizon] = diagnose(VERIZON.replace("{w}", line.removeprefix("Error: ")), catalog).results
    assert (verizon.reason, verizon.page) == ("userunknown", "codes/5.1.1/#verizon-vtext-no-such-user")
    [elsewhere] = diagnose(VERIZON.replace("{w}", line.removeprefix("Error: ")).replace("vtext.com", "example.net"), catalog).results
    assert elsewhere.page != "codes/5.1.1/#verizon-vtext-no-such-user"


def test_a_remote_reply_quoted_by_exim_is_not_its_own_verdict(catalog: Catalog) -> None:
    # The same words in a remote server's reply after DATA: a filter's doing, not Exim's user lookup.
    words = "SMTP error from remote mail server after end of data:\n    host mx.example.org [192.0.2.7]: 550 bob@example.org user not found"
    [result] = diagnose(EXIM.replace("{w}", words), catalog).results
    assert result.page != "codes/5.1.1/#exim-user-not-found"
    assert (result.command, result.reason) == ("DATA", "filtered")
