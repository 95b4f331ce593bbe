"""The report-format readers, in the order they are asked.

Each module of this package reads one family of reports: ``recognise(source)`` says cheaply
(headers, sender, subject, boundary markers) whether a message may be one of its reports, and
``read(source)`` returns what it found (a ``Parsed``) or None to pass the message on. The first
reader that returns something wins; the generic text scanner comes last and always answers.
A reader that raises is skipped as if it had passed: a malformed message must never stop the
others. Readers find failures; what a failure means is decided by the catalog's rules.

To add a format: one module here, one fixture in tests/fixtures/formats/, one line below.
"""

from __future__ import annotations

from ndr_atlas.formats import (
    activehunter,
    amavislog,
    amavisnotice,
    amazonses,
    aolclassic,
    arf,
    asyncoslog,
    authreport,
    autoreply,
    b1gmail,
    bigfoot,
    biglobe,
    brevo,
    bulk,
    challenge,
    chasquid,
    codelist,
    communigate,
    comsat,
    conversation,
    courier,
    dmalog,
    domino,
    dooray,
    dotnetsmtp,
    dovecotlda,
    dragonfly,
    dsnpaste,
    einsundeins,
    emailit,
    escapedtext,
    exchange2003,
    exchange2007,
    exim,
    eximfrozen,
    eximreject,
    ezweb,
    facebook,
    fml,
    generic,
    gensmtp,
    gmail,
    gmx,
    gomail,
    googlegroups,
    googleworkspace,
    graphmessage,
    groupwise,
    guide,
    halon,
    haraka,
    horde,
    iissmtplog,
    iistext,
    imail,
    interscan,
    ironport,
    james,
    jamesdsn,
    javamail,
    jmap,
    kddi,
    listnotice,
    lmail,
    logpaste,
    lookalike,
    m365list,
    m365modern,
    maddy,
    maddylog,
    mailfoundry,
    mailgun,
    mailjet,
    mailmanreject,
    mailmarshal,
    mailtrap,
    mandrill,
    masqmail,
    mcafee,
    mdaemon,
    messagingserver,
    mfilter,
    mimecast,
    mms,
    moxqueue,
    msmtplog,
    mxlogic,
    naver,
    netscape,
    nodemailer,
    notes,
    nullmailer,
    opensmtpd,
    opensmtpdlog,
    outlooksend,
    pec,
    pflogsumm,
    phpmailer,
    pmtaacct,
    postal,
    postalwebhook,
    postfixqueue,
    postmark,
    postmarkapi,
    pysmtplib,
    qmail,
    qmaillog,
    quarantine,
    quota,
    recall,
    receipt,
    resend,
    rfc3464,
    roundcube,
    rubysmtp,
    sendgrid,
    sendmailtranscript,
    seznam,
    smail,
    smtpsession,
    sparkpost,
    ssmtp,
    stalwart,
    stalwartlog,
    success,
    surfcontrol,
    sympa,
    tuixin,
    unreached,
    v5sendmail,
    winmail,
    x1,
    x2,
    x3,
    x4,
    x6,
    yahoo,
    zoho,
    zonemtalog,
)
from ndr_atlas.formats.base import (
    Parsed,
    Reader,
    Source,
    de_encapsulated,
    imcea_addresses,
    unglued,
    whole_imcea,
    without_log_field_name,
    without_python_dict_key,
)

# Most specific first. Non-failures (feedback, receipts, auto-replies, challenges, replies) before reports; RFC 3464 fields
# before any reading of words; the generic scanner last. (Sisimai's X5, a report attached whole
# inside a notice, needs no module: ndr_atlas.forwarded reads an attached report.)
READERS: tuple[Reader, ...] = (
    arf,  # feedback reports (ARF), DMARC failure reports among them
    receipt,  # read receipts (RFC 8098 disposition notifications, "Read:" receipts)
    listnotice,  # a mailing list's probes, moderation and confirmation notices
    challenge,  # challenge-response / sender verification: held until the sender confirms
    autoreply,  # RFC 3834 auto-replies, out of office
    bulk,  # newsletters and list mail (List-Unsubscribe) that quote SMTP errors
    conversation,  # a person's reply quoting an error: no report of its own
    chasquid,  # chasquid (internal/queue/dsn.go): its technical details pair each error with its recipient
    rfc3464,  # message/delivery-status fields
    # Notices that are no failure and carry no delivery-status part: after the DSN reader, which
    # the bounces that make up most input answer, since each of them gives way to a real report.
    authreport,  # DMARC aggregate reports (RFC 7489) and SMTP TLS reports (RFC 8460)
    recall,  # Outlook's message recall reports
    quarantine,  # quarantine notifications: messages held for the user to release
    quota,  # "your mailbox is almost full" warnings to a mailbox's own user
    lookalike,  # fake non-delivery reports (phishing): "pending" messages to "release", no reply code
    guide,  # an article, help page or code list that explains bounces ("hard bounce", "soft bounce", no address): no report
    codelist,  # a list of failure codes and their meanings (four different codes, no address, no report fields): no report
    pflogsumm,  # pflogsumm's Postfix log summary ("message reject detail", "smtp delivery failures"): counts, no failure of one message
    dsnpaste,  # the same fields pasted as text, without their MIME part
    success,  # a delivery, relay or expansion notice's words, its fields not there
    iistext,  # the IIS / Exchange 2000-2003 SMTP service's notice text: its failed and delayed sections only
    iissmtplog,  # the same service's transaction log lines, pasted: OutboundConnectionCommand / Response records
    pec,  # Italian certified mail (PEC) receipts: X-Ricevuta and daticert.xml
    amazonses,  # Amazon SES notifications as JSON (mail body or pasted)
    sendgrid,  # SendGrid Event Webhook records as JSON (pasted)
    mailgun,  # Mailgun webhook / Events API records as JSON
    postmark,  # Postmark bounce / spam-complaint / delivery webhooks as JSON
    postmarkapi,  # Postmark's API refusals of inactive recipients (error 406): "Found inactive addresses: …"
    sparkpost,  # SparkPost event webhook batches (msys) and Events API records as JSON
    mandrill,  # Mandrill (Mailchimp Transactional) webhook events as JSON
    brevo,  # Brevo (Sendinblue) webhook events as JSON
    mailjet,  # Mailjet Event API records as JSON
    postalwebhook,  # Postal webhook events (MessageDeliveryFailed, MessageDelayed, MessageBounced) as JSON
    resend,  # Resend webhook events (email.bounced …) as JSON
    mailtrap,  # Mailtrap sending webhooks (events batch or JSON Lines: bounce, soft bounce, reject …) as JSON
    emailit,  # Emailit webhook events (email.bounced: the email object, no reply) as JSON
    jmap,  # JMAP EmailSubmission deliveryStatus (RFC 8621) as JSON
    graphmessage,  # Microsoft Graph message resources as JSON: the report in their body, read as mail
    pmtaacct,  # PowerMTA's accounting records (acct-file CSV) pasted: "b,<logged>,<queued>,<orig>,<rcpt>,…"
    exchange2007,  # Exchange 2007+ / Microsoft 365 classic reports without their DSN part
    m365list,  # Microsoft 365's newer report with one list of recipients for one refusal
    m365modern,  # Microsoft 365's newer report: the code under "More Info for Email Admins", the graphic line
    gmail,  # Gmail's classic "Delivery to the following recipient" notices (before X-Failed-Recipients)
    googleworkspace,  # Gmail / Google Workspace "** Message not delivered **" without DSN fields
    googlegroups,  # Google Groups' refusal of a post ("the group you tried to contact (NAME)"): the group, not "Hello <sender>"
    exim,  # X-Failed-Recipients
    eximfrozen,  # Exim's "Message frozen" notices (freeze_tell): the addresses "yet to be delivered" are held, a delay
    facebook,  # Facebook's delivery-status fields written as text
    bigfoot,  # Bigfoot: delivery-status fields after a Sendmail-style transcript
    mdaemon,  # MDaemon: "Failed address:" and the timestamped SMTP session transcript
    # Reports with no status code, recognised by their headers and read from their words.
    imail,  # Ipswitch IMail (SMTP32)
    james,  # Apache James
    jamesdsn,  # Apache James's DSNBounce text: "Failed recipient(s):" / "Error message:"
    groupwise,  # Novell / Micro Focus GroupWise (GWIA) "The message that you sent was undeliverable to the following:"
    fml,  # fml mailing-list errors
    mailmanreject,  # GNU Mailman's notice of a rejected post: "You are not allowed to post to this mailing list …"
    sympa,  # Sympa's notice text without its DSN part: "Impossible to distribute your message for list '…'" and the reason
    x1,  # "Returned Mail:" appliances (Sisimai's X1)
    exchange2003,  # Exchange 2000/2003 text reports
    unreached,  # Outlook's own "did not reach some or all of the intended recipients", hMailServer
    outlooksend,  # Outlook's own send error ("… rejected by the server …", Error Number 0x800CCC79 / 78)
    dotnetsmtp,  # .NET SmtpClient's errors: "Mailbox unavailable. The server response was: 5.1.1 …", the refused command in the trace
    msmtplog,  # msmtp's log lines (recipients=, smtpstatus=, smtpmsg=, errormsg=) and its terminal errors ("msmtp: server message: …")
    nullmailer,  # nullmailer's log: "smtp: Failed: <reply>" then "Sending failed: Permanent error in sending the message"
    ssmtp,  # sSMTP's terminal errors: "ssmtp: RCPT TO:<addr> (reply)", "sendmail: <reply>" (the sender or the data refused)
    pysmtplib,  # Python smtplib's SMTPRecipientsRefused: {'addr': (550, b'…'), …}, one failure per entry
    javamail,  # JavaMail's SMTPAddressFailedException: 550 … (the reply whole), RCPT; SMTPSendFailedException for the data
    horde,  # Horde_Smtp's fixed sentences (Nextcloud Mail, IMP): "Message could not be delivered - the address was not found …" = a 550
    gensmtp,  # Erlang's gen_smtp (Swoosh, Bamboo): {permanent_failure, Host, <<"550 …">>}, the reply in the tuple, no command named
    gomail,  # Go's gomail: "gomail: could not send email 1: 550 …" (net/smtp's reply, no command named)
    nodemailer,  # Node.js Nodemailer: "Mail command failed: 553 …" (the reply to MAIL FROM / RCPT TO / DATA)
    roundcube,  # Roundcube's SMTP errors in any of its locales: 'SMTP Error (550): Failed to add recipient "…" (…)', 'SMTP Error: [554] …'
    phpmailer,  # PHPMailer: "SMTP ERROR: RCPT TO command failed: 550 …", "The following recipients failed: …"
    rubysmtp,  # Ruby's Net::SMTP exceptions (SMTPFatalError, SMTPServerBusy …): the reply whole, the command in the backtrace
    mfilter,  # Digital Arts m-FILTER
    activehunter,  # TransWARE Active!hunter
    biglobe,  # BIGLOBE and the cable providers on its system
    mms,  # phone carriers' MMS / SMS gateways
    x2,  # "Delivery failure" notices (Sisimai's X2)
    x3,  # "Delivery status notification" with "  * address" lists (Sisimai's X3)
    interscan,  # Trend Micro InterScan MSS
    domino,  # IBM Domino "DELIVERY FAILURE:"
    mcafee,  # McAfee appliances
    dooray,  # NHN Dooray! "Failure Notice": "* Recipient :" / "* Remote host said :" items
    naver,  # NAVER Mail's Korean notice: "<address> 님께 보내신 메일 … 전송 실패했습니다." and its reason block
    tuixin,  # Chinese webmail returned-mail notices (Tencent, NetEase): "无法发送到 <address>" and its 系统应答 / 退信原因 lines
    x6,  # "There was an error sending your mail" (Sisimai's X6)
    surfcontrol,  # Websense SurfControl
    ezweb,  # au EZweb (two of its headers at least)
    aolclassic,  # AOL's screen-name era "Your mail to the following recipients could not be delivered"
    kddi,  # au by KDDI's "Could not be delivered to:"
    mailmarshal,  # MailMarshal SMTP "Undeliverable Mail:"
    lmail,  # LMail (LISTSERV hosts): X-Report-Type: Nondelivery, "Error-For:" / "Error-Text:" blocks
    smail,  # Smail 3 and Deutsche Telekom (T-Online) banners
    maddy,  # maddy's report text: "Delivery to <addr> failed with error: …"
    maddylog,  # maddy's queue log: "queue: delivery attempt failed<TAB>{…"rcpt"…"smtp_code"…}"
    stalwart,  # Stalwart's report text: "<addr> (host '…' rejected command '…' with code 550 (5.1.1) '…')"
    postal,  # Postal's incoming-route bounce: "This is the mail delivery service responsible for delivering mail to"
    haraka,  # Haraka's "Hi. This is the Haraka Mailer program": "Intended Recipients:" / "Failure Reason:"
    amavisnotice,  # amavisd-new's notices without their DSN part: "The message WAS NOT relayed to:", "<address>:" over its response
    qmail,  # qmail-send's "Hi. This is the qmail-send program"
    x4,  # qmail clones with their own heading (Sisimai's X4)
    opensmtpd,  # OpenSMTPD's "This is the MAILER-DAEMON, please DO NOT REPLY"
    opensmtpdlog,  # OpenSMTPD's delivery log lines: "relay: PermFail for …" / "mta delivery … result=\"PermFail\" stat=…"
    zonemtalog,  # ZoneMTA's delivery log lines: "DEFERRED[network] from=… to=… mx=… (554 …)" / "REJECTED[…]"
    dragonfly,  # DragonFly Mail Agent (dma)
    dmalog,  # dma's syslog lines: "dma[QUEUEID.RCPTID]: remote delivery to HOST [ADDR] failed after RCPT TO: 550 …", the recipient from "<addr> trying delivery"
    comsat,  # ITS COMSAT's returned copy: '"NAME" at HOST is an unknown recipient.' / 'FAILED: NAME at HOST; reason' over 'Failed message follows:'
    masqmail,  # masqmail's failure and warning templates: tab-indented recipients, the error under "This error message may give you a hint"
    yahoo,  # Yahoo Mail's "Sorry, we were unable to deliver your message …": "<address>:" / "Remote host said:"
    b1gmail,  # b1gMail's own notice: "----- Error description -----", then "<address>" over "(reason: …)"
    winmail,  # Magic Winmail Server's "Hi. This is the smtp delivery program": "<address>, <reason>" lines
    gmx,  # GMX and mail.com (X-GMX-Antispam)
    seznam,  # Seznam.cz: the recipient in a Czech and English sentence, the error under "Důvod / Reason:"
    einsundeins,  # 1&1 / IONOS "For the following reason:"
    notes,  # Lotus Notes "------- Failure Reasons --------"
    zoho,  # Zoho Mail "ERROR_CODE :" (X-ZohoMail)
    mimecast,  # Mimecast "[Postmaster] Email Delivery Failure", "-- " lines
    netscape,  # Netscape Messaging Server 3–4: "This Message was undeliverable due to the following reason:"
    messagingserver,  # Oracle / Sun Messaging Server "This report relates to a message you sent …"
    mxlogic,  # McAfee SaaS / MX Logic (X-MX-Bounce, X-MXL-Hash): Exim's words, "  <address>: reply"
    mailfoundry,  # MailFoundry "Unable to deliver message to:"
    v5sendmail,  # Sendmail 5 transcripts without a delivery-status part
    ironport,  # Cisco Secure Email / IronPort (AsyncOS) "The reason for the problem:" without DSN fields
    asyncoslog,  # Cisco Secure Email / IronPort (AsyncOS) mail and bounce log lines: "Info: Bounced: … - 5.1.0 - … ('550', ['…'])"
    halon,  # Halon (one.com) "<address> failed: domain:" with the reply under it
    courier,  # Courier's notice text by its section banners (UNDELIVERABLE MAIL, DELAYS IN DELIVERING YOUR MESSAGE, MESSAGE DELIVERED TO A MAIL GATEWAY …)
    communigate,  # CommuniGate Pro: "Failed to deliver to '<address>'" / "Message delivery to '<address>' delayed", "<MODULE> module(…) reports:" and its words
    moxqueue,  # mox's queue listing (mox queue list): every error in it is a delivery still retried
    postfixqueue,  # Postfix's queue listing (mailq, postqueue -p): every reason in it is a delivery still retried
    stalwartlog,  # Stalwart's log lines for the DSNs its queue sends: "(delivery.dsn-perm-fail) … to = \"…\", code = …, details = \"…\""
    dovecotlda,  # Dovecot's LDA in a mail log: "deliver(user)" / "lda(user)" … "msgid=<…>: rejected: <reason>" (before the Postfix grammar: its pipe logs such a mail sent)
    qmaillog,  # qmail-send's log: "delivery 12: failure: …" / "deferral: …", with "starting delivery 12: … to remote …"
    amavislog,  # amavisd-new's main log entry: "(id) Blocked SPAM {BouncedInbound,…}, … <from> -> <rcpt>,…" (bounced or rejected only)
    eximreject,  # Exim's log line "rejected RCPT <addr>: …" (its own refusal of a recipient), pasted alone
    sendmailtranscript,  # Sendmail's "<<< " session transcript read as text, without its report's heading
    smtpsession,  # an SMTP session pasted as it went: swaks' transcript, a telnet/nc/openssl session typed by hand
    escapedtext,  # a notice in a program's double-quoted string literal (\r\n escapes): unescaped, read as the text it holds
    logpaste,  # mail log lines (Postfix, Sendmail, Exim, Postal records) read through their grammars; Exim's own errors line by line
    generic,  # any text: SMTP errors and the recipients named near them
)


def read_source(source: Source, readers: tuple[Reader, ...] | None = None) -> Parsed:
    """Ask each reader in turn (the registry's, unless given); a reader that fails or raises passes the message on."""
    for reader in READERS if readers is None else readers:
        try:
            if reader.recognise(source):
                parsed = reader.read(source)
                if parsed is not None:
                    return with_addresses_tidied(parsed, source)
        except Exception:
            continue
    return Parsed("not-bounce", [])


def with_addresses_tidied(parsed: Parsed, source: Source | None = None) -> Parsed:
    """Every address the reader found without East Asian words run on before it (``base.unglued``),
    without the name of the log field it was written in (``base.without_log_field_name``), without
    the brace and quote of the Python dict it was the key of (``base.without_python_dict_key``) and,
    IMCEA-encapsulated by Exchange, as the Internet address it stands for (``base.de_encapsulated``)."""
    encapsulated = imcea_addresses(source.text) if source is not None else ()
    for failure in parsed.failures:
        if failure.recipient:
            failure.recipient = tidied(whole_imcea(failure.recipient, encapsulated))
    for named in parsed.addresses:
        if named.address:
            named.address = tidied(whole_imcea(named.address, encapsulated))
    return parsed


def tidied(address: str) -> str:
    return de_encapsulated(without_python_dict_key(without_log_field_name(address if address.isascii() else unglued(address))))


__all__ = ["READERS", "Parsed", "Reader", "Source", "read_source"]
