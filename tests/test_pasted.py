"""What admins paste: a report's readable text copied out of a mail client, without its headers or
the delivery-status part that the client shows as an attachment.

The texts below are our own, written after the layouts the MTAs print (Postfix's bounce template,
an Exchange-style heading, a Gmail-style notice).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ndr_atlas.catalog import Catalog, load_catalog
from ndr_atlas.diagnose import diagnose
from ndr_atlas.formats import clipboard

# Postfix's default bounce template wraps its sentences at 70 columns, so the words that say "this
# is a report" are split over two lines; the failure is an address and words, with no SMTP code.
POSTFIX_NO_CODE = """This is the mail system at host mx2.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<giulia.rossi@contoso-typo.example>: Host or domain name not found. Name service
    error for name=contoso-typo.example type=A: Host not found
"""

POSTFIX_REMOTE_REPLY = """This is the mail system at host relay.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<marco.villa@fabrikam.com> (expanded from <sales@example.net>): host
    mx1.fabrikam.com[203.0.113.25] said: 550 5.1.1 <marco.villa@fabrikam.com>:
    Recipient address rejected: User unknown in virtual mailbox table (in reply
    to RCPT TO command)
"""

# Gmail's notices as its web page shows them: the address in a sentence, the server's words below.
GMAIL_NOT_FOUND = """** Address not found **

Your message wasn't delivered to anna.neri@fabrikam-typo.example because the domain fabrikam-typo.example couldn't be found. Check for typos or unnecessary spaces and try again.

The response was:

DNS Error: 21377 DNS type 'mx' lookup of fabrikam-typo.example responded with code NXDOMAIN
Domain name not found: fabrikam-typo.example
"""
GMAIL_DELAYED = """** Delivery incomplete **

There was a temporary problem delivering your message to paolo.conti@example.org. Gmail will retry for 45 more hours. You'll be notified if the delivery fails permanently.

The response was:

The recipient server did not accept our requests to connect. [mx.example.org 198.51.100.7: timed out]
"""
POSTFIX_DELAYED = """This is the mail system at host mail.example.net.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<luca.fontana@example.com>: connect to mx.example.com[192.0.2.40]:25: Connection
    timed out
"""

# An address whose local part starts with a label's word ("recipient…", "destinatario…").
POSTFIX_LABEL_LIKE_ADDRESS = """The mail system

<recipient.desk@fabrikam.com>: host mx.fabrikam.com[203.0.113.9] said: 550
    5.7.1 <noreply@example.net> sender rejected (in reply to MAIL FROM command)
<destinatario2@fabrikam.com>: host mx.fabrikam.com[203.0.113.9] said: 550 5.1.1
    unknown user (in reply to RCPT TO command)
"""
# Sendmail's transcript, pasted from the report's body: only its section rules say it is a report.
SENDMAIL_TRANSCRIPT = """   ----- Transcript of session follows -----
550 fabrikam-old.example (smtp)... 550 Host unknown
554 <chiara.russo@fabrikam-old.example>... 550 Host unknown (Authoritative answer from name server)

   ----- Unsent message follows -----
"""
LISTED_UNDER_A_SENTENCE = """An error occurred while trying to deliver the mail to the following recipients:
ugo.marino@example.com
"""

# The words of a report whose recipient and reply are only in its attachment.
WORDS_ONLY = [
    "This message could not be delivered.\n",
    "Delivery has failed to these recipients or groups:\n\nThe message couldn't be delivered. Please try again later.\n",
    "Il messaggio non è stato recapitato.\n\nThis is an automatically generated Delivery Status Notification.\n",
    # Exchange's delay notice naming its recipient by display name only.
    "Delivery is delayed to these recipients or groups:\n\nMarta Bruni\n\nSubject: Verbale riunione\n\n"
    "This message hasn't been delivered yet. Delivery will continue to be attempted.\n",
]

CHAT = [
    "Ciao Luca, ci vediamo domani alle 10 per la revisione del contratto?\n",
    # A reply that mentions bounces far below its first lines is a conversation, not a report.
    "Hello team,\n\n" + "Notes from the weekly meeting follow.\n" * 120 + "Last week one newsletter was undeliverable.\n",
    # Words close to Outlook.com's refusal, in a colleague's note: no report.
    "Hi team,\nUnfortunately, messages from the old helpdesk weren't sent last week.\n"
    "Please resend to anna@example.com and luca@example.org.\n",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_postfix_report_text_with_no_code(catalog: Catalog) -> None:
    report = diagnose(POSTFIX_NO_CODE, catalog)
    assert report.kind == "bounce"
    [failure] = report.results
    assert failure.recipient == "giulia.rossi@contoso-typo.example"
    assert failure.reason == "hostunknown" and failure.hard_bounce
    assert failure.status_inferred
    assert failure.diagnostic.startswith("<giulia.rossi@contoso-typo.example>: Host or domain name not found")  # not the signature above


def test_postfix_report_text_with_the_remote_reply(catalog: Catalog) -> None:
    [failure] = diagnose(POSTFIX_REMOTE_REPLY, catalog).results
    assert failure.recipient == "marco.villa@fabrikam.com"
    assert (failure.reply_code, failure.status, failure.reason) == ("550", "5.1.1", "userunknown")
    assert failure.remote_host == "mx1.fabrikam.com"
    assert failure.command == "RCPT"


# Postfix's failure_template (bounce(5)) asks the reader to "send mail to postmaster."; a site's own
# template names its postmaster's address, and a help page that re-wraps the report puts the address
# at the start of a line of its own. It is the address to write to, not a recipient.
POSTFIX_POSTMASTER_ADDRESS_WRAPPED = """Undelivered Mail Returned to Sender
This is the mail system at host mx.hosting.example.
I'm sorry to have to inform you that your message
could not be delivered to one or more recipients.
It's attached below. For further assistance, please
send mail to postmaster@hosting.example.
If you do so, please include this problem report.
You can delete your own text from the attached returned message.
The mail system <sara.bianchi@fabrikam.example>: host mx.fabrikam.example[192.0.2.44] said:
550 5.1.1 <sara.bianchi@fabrikam.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)
"""


def test_postfix_postmaster_address_wrapped_to_its_own_line_is_no_recipient(catalog: Catalog) -> None:
    [failure] = diagnose(POSTFIX_POSTMASTER_ADDRESS_WRAPPED, catalog).results
    assert failure.recipient == "sara.bianchi@fabrikam.example"
    assert (failure.status, failure.reply_code, failure.reason) == ("5.1.1", "550", "userunknown")


# A Postfix line whose wrapped rest lost its indent when pasted from a webmail: the server's words go
# on at the start of the next lines, up to Postfix's closing "(in reply to … command)".
POSTFIX_UNINDENTED_REST = """<nadia.orlova@example.ru>: host mx.example.ru[192.0.2.25] said: 550 Message was not
accepted -- invalid mailbox. Local mailbox nadia.orlova@example.ru is
unavailable: user not found (in reply to RCPT TO command)

Reporting-MTA: dns; relay.example.net
Final-Recipient: rfc822; nadia.orlova@example.ru
Action: failed
"""


def test_postfix_reply_wrapped_without_indent_is_read_whole(catalog: Catalog) -> None:
    [failure] = diagnose(POSTFIX_UNINDENTED_REST, catalog).results
    assert failure.recipient == "nadia.orlova@example.ru"
    assert (failure.reply_code, failure.reason, failure.command) == ("550", "userunknown", "RCPT")
    assert failure.diagnostic.endswith("unavailable: user not found (in reply to RCPT TO command)")


# A Postfix reply copied without its "host … said:" opening into notes of one's own, as a blog's
# list of replies per provider shows it: the wrapped close "(in reply to end of DATA command)" is
# what says it is a server's refusal (Postfix smtp_trouble.c writes "(in reply to %s command)").
POSTFIX_REPLY_IN_NOTES = """Replies seen from the provider:

554 delivery error: dd This user doesn't have a example.com account
    (olga.petrova@example.com) [-5] - mta7001.mail.example.com (in
    reply to end of DATA command)

The address was mistyped.
"""

# The same kind of reply pasted alone, wrapped after "end of": the stage is still named.
POSTFIX_REPLY_WRAPPED_AT_DATA = """550 Unknown user ken.sato@example.jp (in reply to end of
    DATA command)

Our note: the recipient filters senders.
"""


def test_a_postfix_reply_in_notes_is_read_by_its_close(catalog: Catalog) -> None:
    [failure] = diagnose(POSTFIX_REPLY_IN_NOTES, catalog).results
    assert (failure.recipient, failure.reply_code, failure.command) == ("olga.petrova@example.com", "554", "DATA")


def test_a_short_paste_wrapped_before_its_command_names_the_command(catalog: Catalog) -> None:
    [failure] = diagnose(POSTFIX_REPLY_WRAPPED_AT_DATA, catalog).results
    assert (failure.recipient, failure.reply_code, failure.command) == ("ken.sato@example.jp", "550", "DATA")
    assert failure.reason == "filtered"  # an unknown user refused only after DATA: a filter's doing


# Postfix's "host … refused to talk to me: <reply>" (the server refused its greeting), wrapped after
# "refused" by the template's line length and pasted without the indent of the second line.
POSTFIX_GREETING_REFUSED_WRAPPED = """This is the mail system at host relay.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

The mail system

<carla.neri@example.org>: host mx-frontdoor.mail.example.org[192.0.2.61] refused
to talk to me: 554 gw07.mail.example.org

Final-Recipient: rfc822; carla.neri@example.org
Action: failed
Status: 4.0.0
Diagnostic-Code: smtp; 554 gw07.mail.example.org
"""


def test_postfix_greeting_refusal_wrapped_after_refused_is_a_block(catalog: Catalog) -> None:
    """The words that say the greeting was refused are on the line above the code: the refusal
    came at connection time (a block of the sending server), not after the queue gave up."""
    [failure] = diagnose(POSTFIX_GREETING_REFUSED_WRAPPED, catalog).results
    assert (failure.recipient, failure.reply_code, failure.command) == ("carla.neri@example.org", "554", "CONN")
    assert failure.reason == "blocked"


# Postfix logs a greeting refused with a permanent-looking reply as deferred (smtp(8): it tries the
# next MX, then the queue retries): its "dsn=4.7.0, status=deferred" is the delivery's verdict, not the
# reply's 5.7.0.
POSTFIX_DEFERRED_GREETING_LOG = (
    "Mar 11 08:02:17 relay postfix/smtp[4121]: 7C1A42E0091: to=<laura.fontana@example.net>, "
    "relay=mx2.example.net[198.51.100.44]:25, delay=86410, delays=86408/0.01/1.6/0, dsn=4.7.0, status=deferred "
    "(host mx2.example.net[198.51.100.44] refused to talk to me: 550 5.7.0 Rejected - listed at a DNSBL, see "
    "https://dnsbl.example.org/lookup?ip=192.0.2.61)\n"
)


def test_a_postfix_deferred_line_is_a_delay_whatever_the_reply(catalog: Catalog) -> None:
    [failure] = diagnose(POSTFIX_DEFERRED_GREETING_LOG, catalog).results
    assert (failure.recipient, failure.action, failure.status, failure.reply_code) == (
        "laura.fontana@example.net",
        "delayed",
        "4.7.0",
        "550",
    )
    assert not failure.permanent and not failure.hard_bounce
    # The same refusal logged as bounced stays a failure.
    [bounced] = diagnose(POSTFIX_DEFERRED_GREETING_LOG.replace("dsn=4.7.0, status=deferred", "dsn=5.7.0, status=bounced"), catalog).results
    assert (bounced.action, bounced.status) == ("failed", "5.7.0")


# Mail logs write a line per recipient and attempt (Postfix's smtp(8) and MAILLOG_README, Sendmail's
# "stat=" lines, the Exim specification's "Log files"): a deferral, then, for the same message and
# recipient, the attempt refused for good. The last line is the outcome (Postfix's "status=bounced" is
# final: postconf(5) maximal_queue_lifetime, bounce(8)), not a code to merge with the deferral's.
LOG_FIXTURES = Path(__file__).parent / "fixtures" / "logs"


@pytest.mark.parametrize("fixture", ["postfix-retries.log", "exim-retries-mainlog", "sendmail-retries.log"])
def test_a_deferral_then_a_failure_of_the_same_delivery_is_the_failure(catalog: Catalog, fixture: str) -> None:
    text = (LOG_FIXTURES / fixture).read_text()
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.action, failure.status, failure.reason) == ("bob@example.com", "failed", "5.1.1", "userunknown")
    assert failure.hard_bounce and "4.2.2" not in failure.diagnostic
    # The first line alone is still a delay.
    [deferral] = diagnose(text.splitlines()[0], catalog).results
    assert (deferral.action, deferral.status) == ("delayed", "4.2.2")


def test_postfix_soft_bounces_pasted_are_delayed_with_the_remote_reply(catalog: Catalog) -> None:
    """ "dsn=4.1.1, status=SOFTBOUNCE (host … said: 550 5.1.1 …)": Postfix's soft_bounce = yes kept the
    mail queued (postconf(5) soft_bounce; global/bounce.c logs "SOFTBOUNCE" with the status made 4.x.x
    and the action "delayed"): delayed, not a hard bounce, the server's 550 and its words kept."""
    text = (LOG_FIXTURES / "postfix-softbounce.log").read_text()
    results = diagnose(text, catalog).results
    assert [(r.recipient, r.action, r.status, r.reply_code, r.hard_bounce) for r in results] == [
        ("nadia.ferri@contoso.com", "delayed", "4.1.1", "550", False),
        ("ordini@northwind.example", "delayed", "4.7.1", "554", False),
        ("gianni@relay1.fabrikam.example", "delayed", "4.1.1", None, False),
    ]
    assert "said: 550 5.1.1 <nadia.ferri@contoso.com>: Recipient address rejected" in results[0].diagnostic
    # The same lines bounced are failures, as before.
    bounced = diagnose(text.replace("status=SOFTBOUNCE", "status=bounced").replace("dsn=4.", "dsn=5."), catalog).results
    assert [(r.action, r.status) for r in bounced] == [("failed", "5.1.1"), ("failed", "5.7.1"), ("failed", "5.1.1")]


def test_exim_local_errors_of_the_same_delivery_give_the_last_one(catalog: Catalog) -> None:
    # Exim's own errors, no server reply: read by the Exim log reader, one failure per message and address.
    text = (
        "2026-12-04 10:15:02 1tJ2kL-000Abc-5x == bob@example.com R=local_user T=dovecot_delivery defer (-1): "
        "Child process of dovecot_delivery transport returned 75 (could mean temporary error) from command: /usr/lib/dovecot/deliver\n"
        "2026-12-08 10:20:11 1tJ2kL-000Abc-5x ** bob@example.com R=local_user T=dovecot_delivery: retry timeout exceeded\n"
        "2026-12-08 10:20:11 1tJ2kL-000Abc-5x Completed\n"
    )
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.action, failure.reason) == ("bob@example.com", "failed", "expired")
    # Two messages to the same address stay two failures.
    other = text.replace("1tJ2kL-000Abc-5x **", "1tJ9zQ-000Xyz-7k **")
    assert [f.action for f in diagnose(other, catalog).results] == ["delayed", "failed"]


# A client's debug log of a greeting refused with RFC 5321's "554 No SMTP service" (3.1, 4.2.3), longer
# than a short paste and with no report's words: the refusal is the failure. United Internet's
# servers give their reason on the last line of the reply, a missing PTR in either wording or a
# block list.
GREETING_REFUSED_LOG = """smtp-out: Connecting to smtp://198.51.100.25:25 (mx01.mail.example.net) on session 4f1c2a9e0b7d3c61...
mta: 0x5a0c10: MTA_INIT -> MTA_BANNER
mta: 0x5a0c10: <<< 554-mail.example.net (mxfab021) Nemesis ESMTP Service not available
mta: 0x5a0c10: <<< 554-No SMTP service
mta: 0x5a0c10: <<< 554 {reason}
mta: 0x5a0c10: MTA_BANNER -> MTA_EHLO
mta: 0x5a0c10: >>> EHLO relay.example.org
smtp-out: Error on session 4f1c2a9e0b7d3c61: Connection closed unexpectedly
"""


@pytest.mark.parametrize(
    ("reason_line", "reason", "anchor"),
    [
        ("invalid DNS PTR resource record, IP=192.0.2.77", "requireptr", "#gmx-bad-ptr"),
        ("Bad DNS PTR resource record.", "requireptr", "#gmx-bad-ptr"),
        ("IP address is block listed.", "blocked", "#gmx-ip-block-listed"),
    ],
)
def test_a_greeting_refused_in_a_client_log_is_a_failure(catalog: Catalog, reason_line: str, reason: str, anchor: str) -> None:
    [failure] = diagnose(GREETING_REFUSED_LOG.format(reason=reason_line), catalog).results
    assert (failure.reply_code, failure.reason) == ("554", reason)
    assert failure.page.endswith(anchor)


# Postfix wraps "<address> (expanded from <alias>): reason" at 79 columns (bounce_notify_util.c):
# with long addresses the first line ends at "(expanded from" and the alias opens the next one.
# The pasted DSN fields under it name the same delivery twice, as Final- and Original-Recipient.
POSTFIX_EXPANDED_FROM_WRAPPED = """This is the mail system at host relay.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<giulia.bernasconi-long-mailbox@mail.example-hosting.org> (expanded from
    <giulia@contoso.com>): host mx01.example-hosting.org[192.0.2.80] said: 550
    5.1.2 No such mailbox here (in reply to RCPT TO command)

Final-Recipient: rfc822; giulia.bernasconi-long-mailbox@mail.example-hosting.org
Original-Recipient: rfc822; giulia@contoso.com
Action: failed
Status: 5.1.2
"""


def test_postfix_expanded_from_wrapped_names_the_address_before_it(catalog: Catalog) -> None:
    """The address the alias expanded to failed: once, not again as the alias of the next line or
    of the Original-Recipient field (RFC 3464, 2.3.1-2.3.2: the DSN is about the Final-Recipient)."""
    report = diagnose(POSTFIX_EXPANDED_FROM_WRAPPED, catalog)
    assert [(r.recipient, r.status, r.reply_code) for r in report.results] == [
        ("giulia.bernasconi-long-mailbox@mail.example-hosting.org", "5.1.2", "550")
    ]


# A vacation program's alias resolved to a quoted address in front of its own host: Postfix looks up a
# host name that holds an "@" and names it in its DNS error ("name=…"), wrapped by the paste.
POSTFIX_QUOTED_ALIAS_HOST_NOT_FOUND = """<pre>
<"ufficio@esempio-trattino.example"@ferie.esempio-trattino.example>
(expanded from <ufficio@esempio-trattino.example>): Host or domain name
not found. Name service error for name=ferie.ufficio@esempio-trattino.example
type=A: Host not found
</pre>
"""


def test_the_name_postfix_looked_up_is_no_recipient(catalog: Catalog) -> None:
    """smtp_addr.c: "Name service error for name=%s type=%s: %s" names a DNS name, not an address."""
    report = diagnose(POSTFIX_QUOTED_ALIAS_HOST_NOT_FOUND, catalog)
    assert [(r.recipient, r.reason) for r in report.results] == [
        ('"ufficio@esempio-trattino.example"@ferie.esempio-trattino.example', "hostunknown")
    ]


# A question in an issue tracker over a short error pasted between fences, a blank line inside them.
FENCED_SHORT_PASTE = """Has anyone seen this one before?

```
Permanent SMTP delivery error when sending to example.org (192.0.2.14)

550 Requested action not taken: mailbox unavailable
```
"""


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # Help pages list the replies they explain as list items (a Korean blog's "- 554 …", a Chinese
        # mail vendor's "5) 550 …"); the item's mark is no part of the reply.
        ("- 554 delivery error: dd This user doesn't have a example.com account (bob@example.com) [-5]", "554"),
        ("5) 550 User not found: bob@example.com", "550"),
        ("3. 552 Requested mail action aborted: exceeded storage allocation", "552"),
    ],
)
def test_a_reply_pasted_as_a_list_item_keeps_its_code(catalog: Catalog, text: str, reply: str) -> None:
    [failure] = diagnose(text, catalog).results
    assert failure.reply_code == reply


@pytest.mark.parametrize(
    "text",
    [
        # A Chinese application's log: its own "delivery failed" glued to the reply it got (Jinnrry/PMail#220).
        "[error][2026-03-02 10:12:28] 邮件投递失败550 Mail content denied [IP: 192.0.2.7]. Forward Error: bob@example.com",
        # … and "sending failed" with a full-width colon, as an application shows a NetEase reply.
        "邮件发送失败：550 The recipient may contain a non-existent account, please check the recipient address.",
    ],
)
def test_a_reply_after_a_chinese_apps_failed_keeps_its_code(catalog: Catalog, text: str) -> None:
    [failure] = diagnose(text, catalog).results
    assert (failure.reply_code, failure.action) == ("550", "failed")


def test_fence_lines_do_not_make_a_short_paste_long(catalog: Catalog) -> None:
    """The fence lines go with their newlines: the same three lines pasted bare are one error."""
    assert clipboard.tidy(FENCED_SHORT_PASTE).count("\n") == FENCED_SHORT_PASTE.count("\n") - 2
    [result] = diagnose(FENCED_SHORT_PASTE, catalog).results
    assert (result.reply_code, result.action) == ("550", "failed")


# Postfix's words when the destination drops the connection, quoted with no status (a webmail copy).
POSTFIX_LOST_CONNECTION = """This is the mail system at host relay.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<elena.ricci@example.it>: lost connection with mx.example.it[192.0.2.44]
    while receiving the initial server greeting
"""


def test_postfix_lost_connection_is_a_network_error(catalog: Catalog) -> None:
    [failure] = diagnose(POSTFIX_LOST_CONNECTION, catalog).results
    assert (failure.recipient, failure.reason, failure.status_inferred) == ("elena.ricci@example.it", "networkerror", True)
    assert failure.page.endswith("#postfix-lost-connection")


# United Internet's notice (1&1 IONOS, WEB.DE), quoted under a Spanish mail client's reply line:
# Exim's template, no code, only its words for a domain without a usable MX.
UNITED_INTERNET_NO_VALID_MX = """El 3/12/26 9:05, "Mail Delivery System" <mailer-daemon@kundenserver.de> escribió:
This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of
its recipients. This is a permanent error. The following address(es)
failed:
luis.romero@example.es:
no valid MX hosts found
"""


def test_united_internet_no_valid_mx_is_an_unknown_host(catalog: Catalog) -> None:
    [failure] = diagnose(UNITED_INTERNET_NO_VALID_MX, catalog).results
    assert (failure.recipient, failure.reason, failure.status_inferred) == ("luis.romero@example.es", "hostunknown", True)
    assert failure.page.endswith("#gmx-no-valid-mx") and failure.permanent


def test_gmail_notice_names_its_recipient_in_a_sentence(catalog: Catalog) -> None:
    [failure] = diagnose(GMAIL_NOT_FOUND, catalog).results
    assert failure.recipient == "anna.neri@fabrikam-typo.example"
    assert failure.page == "codes/5.4.4/#gmail-dns-error" and failure.permanent
    assert "responded with code NXDOMAIN" in failure.diagnostic


# Gmail's "Message blocked" notice copied without its headers: Google's heading opens the paste, the
# sentence names the recipient, and the reply Google quotes may carry no code at all.
GMAIL_BLOCKED_NO_CODE = """** Message blocked **

Your message to elena.gallo@fabrikam.example has been blocked. See technical details below for more information.

Learn more here: https://support.google.com/mail/answer/69585

The response was:

Message rejected. For more information, go to
https://support.google.com/mail/answer/69585
"""
# The same notice quoted in a mail with its lines indented, the reply coded.
GMAIL_BLOCKED_INDENTED = """  ** Message blocked **

  Your message to dario.fumagalli@example.org has been blocked. See technical details below for more information.

  The response from the remote server was:
  550 5.7.1 Message rejected by recipient policy
"""
# A heading between asterisks with none of Google's words under it is no Gmail notice.
ASTERISK_HEADING_ONLY = """** Meeting notes **

Ask giorgio.sala@example.net about the new printer.
"""


def test_gmail_blocked_notice_pasted_without_headers_names_its_recipient(catalog: Catalog) -> None:
    result = diagnose(GMAIL_BLOCKED_NO_CODE, catalog)
    assert result.bounce
    assert [failure.recipient for failure in result.results] == ["elena.gallo@fabrikam.example"]
    assert result.results[0].diagnostic.startswith("Message rejected.")


def test_gmail_blocked_notice_indented_in_a_quote_keeps_its_reply(catalog: Catalog) -> None:
    [failure] = diagnose(GMAIL_BLOCKED_INDENTED, catalog).results
    assert (failure.recipient, failure.reply_code, failure.status) == ("dario.fumagalli@example.org", "550", "5.7.1")


def test_an_asterisk_heading_alone_is_no_gmail_notice(catalog: Catalog) -> None:
    assert not diagnose(ASTERISK_HEADING_ONLY, catalog).bounce


# Gmail's older wording of its block for unsolicited mail ("unusual amount", 421 4.7.0), in a Postfix report.
GMAIL_UNUSUAL_AMOUNT = """<tina.russo@gmail.com>: host gmail-smtp-in.l.google.com[192.0.2.27] said:
    421-4.7.0 [198.51.100.4] Our system has detected an unusual amount of
    421-4.7.0 unsolicited mail originating from your IP address. To protect our
    421-4.7.0 users from spam, mail sent from your IP address has been
    temporarily 421-4.7.0 blocked. 421 4.7.0 x9si1.2 (in reply to end of DATA command)
"""


def test_gmail_older_unusual_amount_wording_is_the_unsolicited_block(catalog: Catalog) -> None:
    [failure] = diagnose(GMAIL_UNUSUAL_AMOUNT, catalog).results
    assert (failure.recipient, failure.reason) == ("tina.russo@gmail.com", "blocked")
    assert failure.page.endswith("#gmail-unsolicited-rate-limit")


# Only the words Gmail's web page shows above its details, copied into a ticket or a forum post:
# the sentence decides the reason (the address one is userunknown, the domain one is read like the
# NXDOMAIN line it stands for).
GMAIL_SENTENCE_ONLY = [
    (
        "Address not found\n\nYour message wasn't delivered to marta.bruno@example.org because the address\n"
        "couldn't be found, or is unable to receive mail.\n",
        "marta.bruno@example.org",
        "userunknown",
        "codes/5.1.1/#gmail-nosuchuser",
    ),
    (
        # The sentence cut after "found." (as two public projects quote it) or in the form without the
        # comma: its start is Gmail's in every form.
        "Address not found\n\nYour message wasn't delivered to paolo.riva@example.net because the address couldn't be found.\n",
        "paolo.riva@example.net",
        "userunknown",
        "codes/5.1.1/#gmail-nosuchuser",
    ),
    (
        "Address not found\nYour message wasn't delivered to ugo.conti@example.com because the address couldn't be found "
        "or is unable to receive email.\n",
        "ugo.conti@example.com",
        "userunknown",
        "codes/5.1.1/#gmail-nosuchuser",
    ),
    (
        "Address not found\n\nYour message wasn't delivered to sales@shop-typo.example because the domain\n"
        "shop-typo.example couldn't be found. Check for typos or unnecessary spaces and try again.\n",
        "sales@shop-typo.example",
        "networkerror",
        "codes/5.4.4/#gmail-dns-error",
    ),
    # The same domain sentence from a Gmail account set to Spanish, with and without Google's advice after it.
    (
        "No se ha encontrado la dirección\n\nTu mensaje no se ha entregado a ventas@tienda-errata.example porque no se ha\n"
        "encontrado el dominio tienda-errata.example. Comprueba que no haya erratas ni espacios innecesarios y vuelve a intentarlo.\n",
        "ventas@tienda-errata.example",
        "networkerror",
        "codes/5.4.4/#gmail-dns-error",
    ),
    (
        "Tu mensaje no se ha entregado a compras@sin-dominio.example porque no se ha encontrado el dominio sin-dominio.example.\n",
        "compras@sin-dominio.example",
        "networkerror",
        "codes/5.4.4/#gmail-dns-error",
    ),
]


# Gmail's DNS Error line for a domain that publishes a null MX (RFC 7505), in the words its notice
# uses besides "doesn't receive email according to the administrator": a null MX still, never the
# NXDOMAIN lookup failure, as Sisimai's Google table reads any "Null MX".
GMAIL_NULL_MX_REPORT = """\
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: amministrazione@example.com
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="nm1"

--nm1
Content-Type: text/plain; charset="UTF-8"

** Indirizzo non trovato **

--nm1
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com

Final-Recipient: rfc822; fatture@solo-sito.example
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp; DNS Error: DNS type 'mx' lookup of solo-sito.example responded with code NOERROR Domain name not found: solo-sito.example returned Null MX

--nm1--
"""


def test_gmail_null_mx_in_other_words_is_notaccept(catalog: Catalog) -> None:
    [failure] = diagnose(GMAIL_NULL_MX_REPORT, catalog).results
    assert (failure.recipient, failure.status, failure.reason) == ("fatture@solo-sito.example", "5.1.10", "notaccept")
    assert failure.page == "codes/5.1.10/#gmail-null-mx"


@pytest.mark.parametrize(("text", "recipient", "reason", "page"), GMAIL_SENTENCE_ONLY)
def test_gmail_sentence_alone_gives_its_reason(catalog: Catalog, text: str, recipient: str, reason: str, page: str) -> None:
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.reason, failure.page) == (recipient, reason, page)
    assert failure.permanent


# Gmail's notice for a recipient whose storage stays full ("Recipient inbox full"), its sentence
# pasted alone or quoted in a reply, with no reply code below it: the mailbox is full.
GMAIL_INBOX_FULL = [
    "Recipient inbox full\n\nYour message couldn't be delivered to nadia.greco@example.org. Their inbox is full, "
    "or it's getting too much mail right now.\n",
    "> Recipient inbox full\n>\n> Your message couldn't be delivered to nadia.greco@example.org. Their inbox is full,"
    " or it\u2019s getting too much mail right now.\n",
]


@pytest.mark.parametrize("text", GMAIL_INBOX_FULL)
def test_gmail_inbox_full_sentence_alone_is_a_full_mailbox(catalog: Catalog, text: str) -> None:
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.reason, failure.hard_bounce) == ("nadia.greco@example.org", "mailboxfull", False)
    assert failure.page.endswith("#gmail-over-quota-temp")


# Gmail's sentence copied with the space after its bold address lost (two unrelated issue reports
# show it so, one for each form): the address ends before "because".
GMAIL_SENTENCE_GLUED = [
    (
        "Address not found\n\nYour message wasn't delivered to lia.ferri@example.govbecause the address couldn't be found, "
        "or is unable to receive mail.\nThe response was:550 #5.1.0 Address rejected.\n",
        "lia.ferri@example.gov",
        "userunknown",
    ),
    (
        "Address not found\n--\n`Your message wasn't delivered to desk@shop.example.networkbecause the domain "
        "shop.example.network couldn't be found. Check for typos or unnecessary spaces and try again.`\n",
        "desk@shop.example.network",
        "networkerror",
    ),
]


@pytest.mark.parametrize(("text", "recipient", "reason"), GMAIL_SENTENCE_GLUED)
def test_gmail_sentence_with_its_address_glued_to_because(catalog: Catalog, text: str, recipient: str, reason: str) -> None:
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.reason) == (recipient, reason)
    # An address that only contains the letters, or a sentence that is not Gmail's, stays as written.
    assert clipboard.tidy("Mail to ann@because.example failed.") == "Mail to ann@because.example failed."
    assert clipboard.tidy("It wasn't delivered to ann@example.orgbecause it was late.").endswith("orgbecause it was late.")


# Microsoft 365's words for a message that expired unanswered, pasted alone (no recipient, no code):
# the sentence says what failed, so it is a failure with that reason, not an incomplete paste.
M365_NO_RESPONSE = """Your message couldn't be delivered. Despite repeated attempts to contact the recipient's email system it didn't respond.
Contact the recipient by some other means (by phone, for example) and ask them to tell their email admin that it appears that their email system isn't accepting connection requests from your email system.
"""


def test_m365_no_response_sentence_alone_is_an_expiry(catalog: Catalog) -> None:
    report = diagnose(M365_NO_RESPONSE, catalog)
    [failure] = report.results
    assert (report.kind, failure.recipient, failure.reason) == ("bounce", None, "expired")
    assert failure.page == "codes/5.4.7/#exo-sentence-repeated-attempts"


# Exchange's delay notice as a user pastes it: the part above "Diagnostic information for administrators".
EXCHANGE_DELAYED = """Delivery is delayed to these recipients or groups:

Marta Bruni (marta.bruni@example.net)

Subject: Verbale riunione

This message hasn't been delivered yet. Delivery will continue to be attempted.

The server will keep trying to deliver this message for the next 1 days, 19 hours and 52 minutes. You'll be notified if the message can't be delivered by that time.
"""

# Exim's report of an address it keeps trying (here a hosting limit on the sender's own server):
# the same template as its failure, "temporary" and "deferred" where that says "permanent" and "failed".
EXIM_DEFERRED = """This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a temporary error. The following address(es) deferred:

  sara.galli@example.org
    Domain example.net has exceeded the max emails per hour (105/100 (105%)) allowed.  Message will be reattempted later
"""


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (GMAIL_DELAYED, "paolo.conti@example.org"),
        (POSTFIX_DELAYED, "luca.fontana@example.com"),
        (EXIM_DEFERRED, "sara.galli@example.org"),
        (EXCHANGE_DELAYED, "marta.bruni@example.net"),
    ],
)
def test_a_delay_notice_without_codes_is_a_delay(catalog: Catalog, text: str, recipient: str) -> None:
    [result] = diagnose(text, catalog).results
    assert result.recipient == recipient
    assert (result.action, result.permanent, result.hard_bounce) == ("delayed", False, False)
    assert result.verdict("en").startswith("Temporary failure")


def test_a_failure_without_codes_stays_permanent(catalog: Catalog) -> None:
    [result] = diagnose(POSTFIX_NO_CODE, catalog).results
    assert (result.action, result.permanent) == ("failed", True)


def test_an_address_that_starts_like_a_label_is_read_whole(catalog: Catalog) -> None:
    results = diagnose(POSTFIX_LABEL_LIKE_ADDRESS, catalog).results
    assert [(r.recipient, r.command) for r in results] == [("recipient.desk@fabrikam.com", "MAIL"), ("destinatario2@fabrikam.com", "RCPT")]


def test_sendmail_transcript_pasted_alone(catalog: Catalog) -> None:
    [result] = diagnose(SENDMAIL_TRANSCRIPT, catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("chiara.russo@fabrikam-old.example", "550", "hostunknown")


def test_recipients_listed_under_a_sentence(catalog: Catalog) -> None:
    [result] = diagnose(LISTED_UNDER_A_SENTENCE, catalog).results
    assert result.recipient == "ugo.marino@example.com" and result.permanent


@pytest.mark.parametrize("text", WORDS_ONLY)
def test_a_reports_words_without_details_say_what_to_paste(catalog: Catalog, text: str) -> None:
    report = diagnose(text, catalog)
    assert (report.kind, report.results) == ("incomplete", [])
    assert ".eml" in report.note("en") and ".msg" in report.note("en") and "Show original" in report.note("en")
    assert "Mostra originale" in report.note("it") and "allegato" in report.note("it")


# A delay warning's words without its details (Exchange's, Sendmail's): nothing failed, so the note says
# it is a delay and what to paste, never that the message was not delivered.
DELAY_WORDS_ONLY = [
    "Delivery is delayed to these recipients or groups:\n\nSubject: Offerta gennaio\n\nThis message hasn't been "
    "delivered yet. Delivery will continue to be attempted.\n",
    "** THIS IS A WARNING MESSAGE ONLY **\n** YOU DO NOT NEED TO RESEND YOUR MESSAGE **\n\nThe original message was received "
    "at Mon, 30 Nov 2026 09:12:44 +0100\n----- The following addresses had transient non-fatal errors -----\n\n"
    "----- Transcript of session follows -----\nWarning: message still undelivered after 4 hours\n"
    "Will keep trying until message is 5 days old\n",
]


@pytest.mark.parametrize("text", DELAY_WORDS_ONLY)
def test_a_delay_warnings_words_without_details_say_it_is_a_delay(catalog: Catalog, text: str) -> None:
    report = diagnose(text, catalog)
    assert (report.kind, report.results) == ("incomplete", [])
    assert report.note("en").startswith("This looks like a delay warning") and "non-delivery report" not in report.note("en")
    assert report.note("it").startswith("Sembra un avviso di ritardo") and "Mostra originale" in report.note("it")
    # A failure's words without details keep the note of a non-delivery report.
    failed = diagnose(
        "Delivery has failed to these recipients or groups:\n\nThe server has tried to deliver this message, without success.\n", catalog
    )
    assert (failed.kind, failed.note("en").startswith("This looks like a non-delivery report")) == ("incomplete", True)


@pytest.mark.parametrize("text", CHAT)
def test_ordinary_mail_is_no_report(catalog: Catalog, text: str) -> None:
    report = diagnose(text, catalog)
    assert (report.kind, report.results) == ("not-bounce", [])
    assert report.note("en").startswith("No delivery failure found")


def test_the_cli_names_the_incomplete_paste_in_both_languages() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ndr_atlas", "diagnose", *args, "-"], input=WORDS_ONLY[0], capture_output=True, text=True, timeout=120
        )

    as_json = run("--json")
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout) == {"file": "-", "bounce": False, "kind": "incomplete", "results": []}
    assert "Drop the report itself here" in run().stdout
    assert "Trascinate qui il rapporto stesso" in run("--lang", "it").stdout


# ---- A report forwarded inline: a user sends the bounce on to the helpdesk, quoted in the text ----

FIXTURES = Path(__file__).parent / "fixtures"
OUTLOOK_FORWARD_EN = (
    "Hi, this came back when I wrote to the supplier. Can you have a look?\n\nThanks, Maria\n\n"
    "-----Original Message-----\nFrom: Mail Delivery System <MAILER-DAEMON@mx2.example.net>\n"
    "Sent: Thursday, December 3, 2026 10:12 AM\nTo: Maria Bianchi <maria@example.net>\n"
    "Subject: Undelivered Mail Returned to Sender\n\n"
)
OUTLOOK_FORWARD_IT = "Ciao, mi è tornato indietro l'ordine, potete controllare?\n\nGiulia\n\n________________________________\n"
GMAIL_FORWARD = (
    "FYI\n\n---------- Forwarded message ---------\n*From:* Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
    "*Date:* Thu, 3 Dec 2026 at 10:12\n*Subject:* Delivery Status Notification (Failure)\n*To:* <luca@example.net>\n\n"
)
# Thunderbird's (and GMX's) inline forward: a rule of eight dashes, then Subject / Date / From / To
# in the user's language, "Von:" and "Sujet :" among them.
THUNDERBIRD_FORWARD_DE = (
    "Hallo, die Bestellung kam zurück, könnt ihr bitte nachsehen?\n\n-------- Original-Nachricht --------\n"
    "Betreff: Undelivered Mail Returned to Sender\nDatum: Thu, 3 Dec 2026 10:12:40 +0100 (CET)\n"
    "Von: MAILER-DAEMON@mx2.example.net (Mail Delivery System)\nAn: lena@example.net\n\n"
)
THUNDERBIRD_FORWARD_FR = (
    "Bonjour, ce message m'est revenu.\n\n-------- Message original --------\n"
    "Sujet : Undelivered Mail Returned to Sender\nDate : Thu, 3 Dec 2026 10:12:40 +0100\n"
    "De : MAILER-DAEMON@mx2.example.net\nPour : claire@example.net\n\n"
)
# A forwarded conversation that quotes an SMTP error is still a conversation.
FORWARDED_CHAT = (
    "See below.\n\n-----Original Message-----\nFrom: Luca Verdi <luca@example.net>\nSent: Wednesday, December 2, 2026 9:00 AM\n"
    "To: IT <it@example.net>\nSubject: mail to the bank\n\nWhen I write to them I get 550 5.1.1 user unknown, any idea?\n"
)


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        (OUTLOOK_FORWARD_EN + POSTFIX_REMOTE_REPLY, ["marco.villa@fabrikam.com"]),
        (
            OUTLOOK_FORWARD_IT + (FIXTURES / "ndr-it-outlook-paste.txt").read_text(encoding="utf-8"),
            ["magazzino@fabrikam.it", "ufficio.acquisti@fabrikam.it"],
        ),
        (
            GMAIL_FORWARD + GMAIL_NOT_FOUND.replace("\n", "\n> ").replace("** Address", "> ** Address", 1),
            ["anna.neri@fabrikam-typo.example"],
        ),
    ],
    ids=["outlook-en", "outlook-it", "gmail-quoted"],
)
def test_a_report_forwarded_inline_is_read(catalog: Catalog, text: str, recipients: list[str]) -> None:
    report = diagnose(text, catalog)
    assert [r.recipient for r in report.results] == recipients
    assert report.results[0].reason != "undefined"


@pytest.mark.parametrize("forward", [THUNDERBIRD_FORWARD_DE, THUNDERBIRD_FORWARD_FR], ids=["de", "fr"])
def test_thunderbirds_inline_forward_is_read_as_quoted(catalog: Catalog, forward: str) -> None:
    report = diagnose(forward + POSTFIX_REMOTE_REPLY, catalog)
    assert report.quoted
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("marco.villa@fabrikam.com", "5.1.1", "userunknown")]


# Thunderbird's forward header is a table (each label in a cell, its value in the next): copied from
# a web page or a webmail it reads with the label alone on its line and the value below it.
THUNDERBIRD_TABLE_FORWARD_ES = (
    "-------- Mensaje reenviado --------\nAsunto:\nUndelivered Mail Returned to Sender\nFecha:\n"
    "Thu, 3 Dec 2026 10:12:40 +0100 (CET)\nDe:\nMail Delivery System <MAILER-DAEMON@relay.example.net>\n"
    "Para:\nlucia@example.net\n"
)
THUNDERBIRD_TABLE_FORWARD_EN = (
    "-------- Forwarded Message --------\nSubject:\nUndelivered Mail Returned to Sender\nDate:\n"
    "Thu, 3 Dec 2026 10:12:40 +0100\nFrom:\nMAILER-DAEMON@relay.example.net (Mail Delivery System)\n"
    "To:\n\nPaolo Greco <paolo@example.net>\n\n"
)


POSTFIX_NO_ROUTE = """This is the mail system at host relay.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<ana.ruiz@fabrikam.example>: connect to mx.fabrikam.example[192.0.2.40]:25: No
    route to host
"""


@pytest.mark.parametrize("forward", [THUNDERBIRD_TABLE_FORWARD_ES, THUNDERBIRD_TABLE_FORWARD_EN], ids=["es", "en"])
def test_a_forward_header_copied_as_a_table_names_no_recipient(catalog: Catalog, forward: str) -> None:
    report = diagnose(forward + POSTFIX_NO_ROUTE, catalog)
    assert [(r.recipient, r.reason) for r in report.results] == [("ana.ruiz@fabrikam.example", "networkerror")]


def test_the_inline_forward_is_said_in_both_languages(catalog: Catalog) -> None:
    report = diagnose(OUTLOOK_FORWARD_EN + POSTFIX_REMOTE_REPLY, catalog)
    assert report.quoted and not report.attached
    assert "forwarded inline" in report.note("en") and "inoltrato nel corpo" in report.note("it")
    assert report.to_json()["quoted"] is True


def test_a_forwarded_conversation_is_no_report(catalog: Catalog) -> None:
    report = diagnose(FORWARDED_CHAT, catalog)
    assert not report.quoted
    assert report.kind in ("not-bounce", "bounce")  # a bare error line may still be read, but never as quoted
    assert all(r.recipient != "it@example.net" for r in report.results)


# An Italian Outlook forward block: its "Da:" and "A:" name the report's sender and the forwarder.
OUTLOOK_FORWARD_IT_BLOCK = (
    "Ciao, mi è tornato indietro questo messaggio, potete controllare?\n\n-----Messaggio originale-----\n"
    "Da: Mail Delivery System <MAILER-DAEMON@relay.example.net>\nInviato: giovedì 3 dicembre 2026 10:12\n"
    "A: Sara Conti <sara@example.net>\nOggetto: Non recapitabile: preventivo\n\n"
)
# An Exchange-style notice copied with its delivery-status fields written below its words (the
# client printed the DSN part as text): the Status field is the only code it has.
EXCHANGE_WORDS_AND_FIELDS = """This is an automatically generated Delivery Status Notification.

Delivery to the following recipients failed.

       ufficio.tecnico@fabrikam.example

Reporting-MTA: dns;gw1.fabrikam.example
Arrival-Date: Thu, 3 Dec 2026 10:12:01 +0100

Final-Recipient: rfc822;ufficio.tecnico@fabrikam.example
Action: failed
Status: 5.1.1
"""
# Postfix's subject and one recipient line (bounce_notify_util.c's "<%s>: %s" without the brackets, as
# a webmail copies it), no code: the recipient is the one address the report itself names.
POSTFIX_TIMEOUT_LINE = (
    "Undelivered Mail Returned to Sender\n"
    "paolo@fabrikam.example: conversation with mx.fabrikam.example[192.0.2.7] timed out while receiving the initial server greeting\n"
)
# Sendmail's transcript (savemail.c, errbody): the commands it sent start with ">>> ", the replies with "<<< ".
SENDMAIL_RCPT_TRANSCRIPT = """The original message was received at Thu, 3 Dec 2026 10:12:01 +0100
from pc12.example.net [192.0.2.12]

   ----- The following addresses had permanent fatal errors -----
<lucia@fabrikam.example>

   ----- Transcript of session follows -----
... while talking to mx.fabrikam.example.:
>>> RCPT To:<lucia@fabrikam.example>
<<< 550 No such mailbox here
550 5.1.1 <lucia@fabrikam.example>... User unknown
"""


@pytest.mark.parametrize(
    ("forward", "report", "expected"),
    [
        (OUTLOOK_FORWARD_IT_BLOCK, EXCHANGE_WORDS_AND_FIELDS, ("ufficio.tecnico@fabrikam.example", "5.1.1", "userunknown")),
        (OUTLOOK_FORWARD_EN, EXCHANGE_WORDS_AND_FIELDS, ("ufficio.tecnico@fabrikam.example", "5.1.1", "userunknown")),
        (OUTLOOK_FORWARD_IT_BLOCK, POSTFIX_TIMEOUT_LINE, ("paolo@fabrikam.example", "5.4.2", "networkerror")),
        (OUTLOOK_FORWARD_EN, SENDMAIL_RCPT_TRANSCRIPT, ("lucia@fabrikam.example", "5.1.1", "userunknown")),
    ],
    ids=["fields-it", "fields-en", "words-it", "sendmail-transcript"],
)
def test_a_report_forwarded_inline_reads_as_pasted_alone(
    catalog: Catalog, forward: str, report: str, expected: tuple[str, str, str]
) -> None:
    # The note and the forward block above the report change nothing: the Status field below the
    # marker is read (the scanner takes "-----Messaggio originale-----" for the returned original's
    # heading), the block's own addresses are not the recipient, and the transcript's ">>> RCPT" line
    # keeps its ">>>" (only a body quoted as a whole is unquoted), so the refusal stays at RCPT.
    alone = diagnose(report, catalog)
    forwarded = diagnose(forward + report, catalog)
    assert forwarded.quoted and not alone.quoted
    for got in (alone, forwarded):
        assert [(r.recipient, r.status, r.reason) for r in got.results] == [expected]


def test_only_a_quoted_body_is_unquoted() -> None:
    from ndr_atlas.forwarded import quoted_report_body

    block = "From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.net>\nSubject: Returned mail: User unknown\n\n"
    # The report as sent: its transcript's ">>> " command lines are its own.
    assert quoted_report_body(block + SENDMAIL_RCPT_TRANSCRIPT) == SENDMAIL_RCPT_TRANSCRIPT
    # The report quoted whole by a plain-text reply: the quote marks go, the transcript's own stay.
    quoted = "".join(f"> {line}\n" if line else ">\n" for line in SENDMAIL_RCPT_TRANSCRIPT.split("\n")[:-1])
    assert quoted_report_body(block + quoted) == SENDMAIL_RCPT_TRANSCRIPT


# An out-of-office reply (RFC 3834's kind of notice), in a person's words.
OUT_OF_OFFICE = (
    "I am out of the office until Monday, December 7, with no access to email.\n"
    "For urgent matters please write to orders@fabrikam.example.\n\nKind regards,\nPiero\n"
)


@pytest.mark.parametrize("forward", [OUTLOOK_FORWARD_EN, OUTLOOK_FORWARD_IT_BLOCK], ids=["en", "it"])
def test_a_notice_forwarded_under_a_reports_block_stays_what_it_is(catalog: Catalog, forward: str) -> None:
    # The block names a report, its text is an auto-reply: read alone it is one, and so it stays
    # (the address it gives for urgent matters is no failed recipient).
    assert diagnose(OUT_OF_OFFICE, catalog).kind == "vacation"
    report = diagnose(forward + OUT_OF_OFFICE, catalog)
    assert (report.kind, report.results, report.quoted) == ("vacation", [], False)


def test_a_report_above_a_forward_block_is_not_the_forward(catalog: Catalog) -> None:
    # A report's own failure stands above the marker: the text is that report, not a forward of one.
    text = POSTFIX_REMOTE_REPLY + "\n" + OUTLOOK_FORWARD_IT_BLOCK.split("\n\n", 1)[1] + EXCHANGE_WORDS_AND_FIELDS
    report = diagnose(text, catalog)
    assert not report.quoted
    assert report.results[0].recipient == "marco.villa@fabrikam.com"


# A short report pasted whole (its heading and the server's reply, no SMTP command named): Kerio's
# "SMTP module … reports: host … says:" layout, and a "The reason for the problem:" notice.
SHORT_REPORT_NO_COMMAND = (
    "Failed to deliver to 'elena@fabrikam.example'\nSMTP module(domain mx.fabrikam.example) reports:\n"
    " host mx.fabrikam.example says:\n 550 elena@fabrikam.example unknown user account\n"
)
SHORT_NOTICE_NO_COMMAND = (
    "The following message to <elena@fabrikam.example> was undeliverable.\nThe reason for the problem:\n"
    "5.3.0 - Other mail system problem 550-'Unknown user elena@fabrikam.example'\n"
)


@pytest.mark.parametrize("text", [SHORT_REPORT_NO_COMMAND, SHORT_NOTICE_NO_COMMAND], ids=["kerio-style", "reason-for-the-problem"])
def test_a_short_report_pasted_whole_reads_as_its_file(catalog: Catalog, text: str) -> None:
    # Its report words ("Failed to deliver to", "was undeliverable") stand on a line of their own: the
    # whole report names no command, as its .eml does, so it follows Sisimai (not refused at RCPT) …
    result = diagnose(text, catalog).results[0]
    assert (result.recipient, result.reason, result.hard_bounce) == ("elena@fabrikam.example", "filtered", False)
    # … while its error line pasted alone says nothing of the stage: the unknown user stays one.
    line = text.strip().split("\n")[-1].strip()
    assert diagnose(line, catalog).results[0].reason == "userunknown"


def test_a_mail_that_quotes_a_report_in_its_text(catalog: Catalog, tmp_path: Path) -> None:
    body = OUTLOOK_FORWARD_EN + POSTFIX_REMOTE_REPLY
    eml = (
        "From: Maria Bianchi <maria@example.net>\nTo: IT Helpdesk <it@example.net>\nSubject: FW: Undelivered Mail Returned to Sender\n"
        "Date: Thu, 03 Dec 2026 10:20:00 +0100\nMessage-ID: <fw-1@example.net>\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body
    )
    path = tmp_path / "forwarded.eml"
    path.write_text(eml, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ndr_atlas", "diagnose", "--json", str(path)], capture_output=True, text=True, timeout=120)
    out = json.loads(proc.stdout)
    assert out["quoted"] is True and [r["recipient"] for r in out["results"]] == ["marco.villa@fabrikam.com"]


# ---- A report written as HTML paragraphs (one <p> a line, &nbsp; for blank lines) ----

EXIM_AS_HTML = (
    "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: paola@example.net\n"
    "Subject: Mail delivery failed: returning message to sender\nMIME-Version: 1.0\n"
    'Content-Type: text/html; charset="utf-8"\n\n<html><body><div>\n'
    + "\n".join(
        f"<p>{line or '&nbsp;'}</p>"
        for line in (
            "This message was created automatically by mail delivery software.",
            "",
            "A message sent by",
            "",
            "&nbsp;&nbsp;&lt;paola@example.net&gt;",
            "",
            "could not be delivered to one or more of its recipients. The following",
            "address(es) failed:",
            "",
            "&nbsp;&nbsp;sergio.gallo@fabrikam.com",
            "&nbsp;&nbsp;&nbsp;&nbsp;all hosts for 'fabrikam.com' have been failing for a long time and were last tried",
            "&nbsp;&nbsp;&nbsp;&nbsp;after this message arrived",
        )
    )
    + "\n</div></body></html>\n"
)


def test_a_report_in_html_paragraphs_reads_like_its_text(catalog: Catalog) -> None:
    # Blank paragraphs double the blank lines: "A message sent by" still names the sender above,
    # and the recipient's words are read without a code.
    [result] = diagnose(EXIM_AS_HTML, catalog).results
    assert result.recipient == "sergio.gallo@fabrikam.com"
    assert "have been failing for a long time" in result.diagnostic and not result.diagnostic.startswith(" ")


# ---- A Microsoft 365 report's HTML copied as a fragment: table rows, no <html>, <body> or <p> ----

M365_TABLE_FRAGMENT = """<table style="border-collapse: collapse; width: 548px;"><tbody>
<tr><td style="font-family: 'Segoe UI', Frutiger, Arial, sans-serif; font-size: 16px;">Your message to&nbsp;<span style="color: #0072c6;"><a href="mailto:carla.neri@fabrikam.com">carla.neri@fabrikam.com</a></span>&nbsp;couldn't be delivered.</td></tr>
<tr><td style="font-size: 24px;"><span>fabrikam.com</span>&nbsp;couldn't confirm that your message was sent from a trusted location.</td></tr>
<tr><td style="font-size: 21px;">More Info for Email Admins</td></tr>
<tr><td style="font-size: 14px;"><i>Status code: 550 5.7.23</i><br>
<br>
The SPF check of the sender's domain failed at the receiving side.</td></tr>
<tr><td style="font-size: 17px;">Original Message Details</td></tr>
<tr><td><table><tbody>
<tr><td valign="top">Sender Address:</td><td><a href="mailto:ugo@contoso.com">ugo@contoso.com</a></td></tr>
<tr><td>Recipient Address:</td><td><a href="mailto:carla.neri@fabrikam.com">carla.neri@fabrikam.com</a></td></tr>
</tbody></table></td></tr>
<tr><td style="font-size: 17px;"><br>
Error Details</td></tr>
<tr><td><table><tbody>
<tr><td valign="top">Reported error:</td><td><i>550 5.7.23 The message was rejected because of Sender Policy Framework violation</i></td></tr>
<tr><td>DSN generated by:</td><td>AM0PR01MB1234.eurprd01.prod.outlook.com</td></tr>
<tr><td>Remote server:</td><td>mx.fabrikam.com</td></tr>
</tbody></table></td></tr>
</tbody></table>
"""


def test_a_pasted_table_fragment_of_a_report_reads_like_its_text(catalog: Catalog) -> None:
    # No <html>, <body>, <div> or <p>: the closed table cells alone say it is markup to read as text.
    [result] = diagnose(M365_TABLE_FRAGMENT, catalog).results
    assert (result.recipient, result.status, result.reply_code, result.reason) == (
        "carla.neri@fabrikam.com",
        "5.7.23",
        "550",
        "authfailure",
    )
    assert "<td" not in result.diagnostic


@pytest.mark.parametrize(
    ("line", "recipient"),
    [
        # Postfix's smtpd_sender_restrictions: the address before the colon is the sender.
        ("553 5.7.1 <me@example.com>: Sender address rejected: not owned by user me@example.com", None),
        # The SASL login it names is ours too (smtpd_check.c, reject_sender_login_mismatch), not a recipient.
        ("553 5.7.1 <noreply@example.com>: Sender address rejected: not owned by user assistenza@example.com", None),
        # A log's sender field ("from=", msmtp's): the same address named again in its words is the sender's too.
        (
            "host=smtp.example.net tls=on auth=on from=cron@host.example.com recipients=root smtpstatus=553 "
            "smtpmsg='553 5.1.8 Sender address rejected: Domain not found' "
            "errormsg='envelope from address cron@host.example.com not accepted by the server'",
            None,
        ),
        # Exchange Online's SendAsDenied names the user and the address they tried to send as.
        (
            "Remote Server returned '550 5.2.252 SendAsDenied; anna@example.com not allowed to send as "
            "boss@example.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied'",
            None,
        ),
        ("550 5.7.1 Sender address anna@example.com rejected for bob@example.org", "bob@example.org"),
        ("550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown", "bob@example.org"),
        # Exim's sender check (cPanel's wording in the middle line): the address it names is the sender's.
        (
            "550-Verification failed for <news@example.com>\n550-The mail server could not deliver mail to news@example.com.  "
            "The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.\n550 Sender verify failed",
            None,
        ),
        (
            "<bob@example.org>: host mx.example.org[192.0.2.7] said: 550-Verification failed for <news@example.com> "
            "550-No Such User Here 550 Sender verify failed (in reply to RCPT TO command)",
            "bob@example.org",
        ),
        # Exim's callout dialogue quoted in its reply (verify.c: "Called:", "Sent:", "Response:" for a
        # sender check), wrapped by Postfix: the address sent and refused there is the sender's.
        (
            "<bob@example.org>: host mx.example.org[192.0.2.7] said:\n550-Verification failed for <news@example.com> 550-Called:\n"
            "198.51.100.4 550-Sent: RCPT TO:<news@example.com>\n550-Response: 550 5.1.1 <news@example.com>: Recipient address\n"
            "rejected: User unknown in local recipient table 550 Sender verify failed\n(in reply to RCPT TO command)",
            "bob@example.org",
        ),
        # A forward refused by the forwarding mailbox's organization, pasted with the returned copy's
        # Resent-From field: that is the mailbox that forwarded it (RFC 5322 3.6.6), not a recipient.
        (
            "Remote Server returned '550 5.7.520 Access denied, Your organization does not allow external "
            "forwarding. Please contact your administrator for further assistance. AS(7555)'\n\n"
            "Resent-From: <luca.bruni@example.com>",
            None,
        ),
        # The paste's own header field names the sender (From:, Outlook's Italian "Da:", Envelope-From:):
        # its address is the sender's, wherever else the paste names it (here the signature).
        (
            "From: Marco Gallo <marco.gallo@example.com>\nSubject: Re: offerta\n\n550 5.7.1 Message rejected as spam\n\n"
            "--\nMarco Gallo | marco.gallo@example.com",
            None,
        ),
        ("Da: Marco Gallo <marco.gallo@example.com>\n550 5.7.1 Message rejected by policy", None),
        ("Envelope-From: <marco.gallo@example.com>\n550 5.7.1 Message rejected by policy", None),
        # Received-SPF's "envelope-from=" key (RFC 7208 9.1) names the sender, not a recipient.
        ("spf=fail envelope-from=marco.gallo@example.com 550 5.7.23 SPF validation failed", None),
        # Beside them, the one address not named as the sender is still the recipient.
        ("From: marco.gallo@example.com\nnadia@contoso.com\n550 5.7.1 Message rejected as spam", "nadia@contoso.com"),
        # The same reply wrapped after the address (Exim quoting it, a paste that lost the indent):
        # the failed recipient is the one the report names above it.
        (
            "The following address(es) failed:\nlist-join@example.org\n"
            "SMTP error from remote mail server after RCPT TO:<list-join@example.org>:\n"
            "host mx.example.org [192.0.2.25]:\n550 5.1.7 <bounces+x1=example.net@example.com>:\n"
            "Sender address rejected: undeliverable address",
            "list-join@example.org",
        ),
        # Sendmail's check_mail ruleset names the sender twice, calling it so only the second time
        # ("Domain of sender address … does not exist", cf/m4/proto.m4): no recipient.
        ("553 5.1.8 <paola.neri@example.com>... Domain of sender address paola.neri@example.com does not exist", None),
        ("451 4.1.8 <paola.neri@example.com>... Domain of sender address paola.neri@example.com does not resolve", None),
        # The reply to MAIL FROM is about the sender whatever its words (RFC 5321 3.3): Sendmail's
        # access map REJECT of a sender ("550 5.7.1 <addr>... Access denied"), the command named by
        # Postfix after the reply, by an application before it, by Exim on the line above.
        ("host mx.example.org[192.0.2.7] said: 550 5.7.1 <paola.neri@example.com>... Access denied (in reply to MAIL FROM command)", None),
        ("Error: MAIL FROM command failed: 550 5.7.1 paola.neri@example.com rejected", None),
        (
            "SMTP error from remote mail server after MAIL FROM:<paola.neri@example.com> SIZE=2841:\n"
            "    550 5.7.1 <paola.neri@example.com>... Access denied",
            None,
        ),
        (
            "SMTP error from remote mail server after MAIL FROM:<paola.neri@example.com> SIZE=2841:\n"
            "    host mx.example.org [192.0.2.7]: 550 5.7.1 <paola.neri@example.com>... Access denied",
            None,
        ),
        # The recipient the report names stays the failed one: above the lead-in, or before the reply.
        (
            "ugo.ferri@example.org\n  SMTP error from remote mail server after MAIL FROM:<paola.neri@example.com> SIZE=2841:\n"
            "  host mx.example.org [192.0.2.7]: 550 5.7.1 <paola.neri@example.com>... Access denied",
            "ugo.ferri@example.org",
        ),
        (
            "<ugo.ferri@example.org>: host mx.example.org[192.0.2.7] said: 550 5.7.1 <paola.neri@example.com>... "
            "Access denied (in reply to MAIL FROM command)",
            "ugo.ferri@example.org",
        ),
        # A sender field's label alone on its line, the address on the next (a webmail's header block
        # copied as text): the address is the sender's, and the one under "To:" is the recipient.
        (
            "Subject:\nNuovo ordine 4471\n\nSender:\nbounces+77a-anna=example.org@mail.example.net\n\n"
            "550-5.7.26 Unauthenticated email from example.net is not accepted due to domain's\n550 5.7.26 DMARC policy.",
            None,
        ),
        ("Da:\n\nNegozio Rossi <ordini@negozio.example.com>\n\n550 5.7.1 Message rejected as spam", None),
        ("Sender:\nordini@negozio.example.com\nTo:\nugo.ferri@example.org\n550 5.7.1 Message rejected as spam", "ugo.ferri@example.org"),
        # A reply to RCPT TO names the recipient, the sender's own address too (a mail to oneself).
        ("RCPT To:<paola.neri@example.com>:\n550 5.1.1 <paola.neri@example.com>... User unknown", "paola.neri@example.com"),
    ],
)
def test_an_address_the_error_calls_the_sender_is_not_the_recipient(catalog: Catalog, line: str, recipient: str | None) -> None:
    results = diagnose(line, catalog).results
    assert len(results) == 1
    assert results[0].recipient == recipient
    assert results[0].status is not None


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        # T-Online's refusals name the desk to write to (provider-db#280, mailcow#2532, Mailu#1614):
        # pasted alone, the reply names no recipient at all.
        (
            "host mx00.t-online.de[192.0.2.8] refused to talk to me: 554 IP=198.51.100.7 - A problem occurred. "
            "(Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)",
            None,
        ),
        # The same, as a forum turns the address into a markdown link.
        (
            "refused to talk to me: 554 IP=198.51.100.7 - Dialup/transient IP not allowed. Use a mailgateway "
            "or contact [toda@rx.t-online.de](mailto:toda@rx.t-online.de) if obsolete. (DIAL)",
            None,
        ),
        # In a Postfix report the recipient it names above the reply stays the failed one.
        (
            "<anna.keller@t-online.de>: host mx00.t-online.de[192.0.2.8] refused to talk to me: 554 IP=198.51.100.7 "
            "- A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)",
            "anna.keller@t-online.de",
        ),
    ],
)
def test_the_address_a_refusal_says_to_contact_is_not_the_recipient(catalog: Catalog, text: str, recipient: str | None) -> None:
    results = diagnose(text, catalog).results
    assert [(r.recipient, r.reply_code) for r in results] == [(recipient, "554")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # AT&T's block asks the error to be forwarded to its abuse desk: no recipient is named.
        (
            '"553 5.3.0 mtain07 DNSBL:RBL 521< 198.51.100.23 >_is_blocked.For assistance forward this error to abuse_desk@rbl.example.net"',
            [(None, "553")],
        ),
        # A delisting answer quoted under the reply: the desk it asks to be contacted at, wrapped onto its own line.
        (
            "The returned mail said:\n"
            "Remote server replied: 550 5.7.1 Mail from 198.51.100.40 blocked using the reputation list.\n"
            "We asked to be removed and were told to have our provider\n"
            "contact us at\n"
            "listdesk@rep.example.net\n",
            [(None, "550")],
        ),
        # The same desk named on the reply's own line.
        (
            "550 5.7.1 Service unavailable; client [198.51.100.40] blocked. Please contact us at help@rep.example.net",
            [(None, "550")],
        ),
        # The address Mimecast names after its anti-spoofing policy is the header From it refused, the sender.
        (
            "Remote Server returned '554 5.3.0 < #5.3.0 smtp; 550 Rejected by header based Anti-Spoofing policy: "
            "notifiche@studio-ferri.example - https://community.mimecast.com/docs/DOC-1369#550 [Zx9YwVu8Ts.eu41]>'",
            [(None, "550")],
        ),
        # A mail client's attribution line names the quoted text's author, not a failed recipient.
        (
            "On Tue, Mar 3, 2026 at 9:14 AM Paola Serra <paola.serra@example.org> wrote:\n"
            '> I wrote to the list owner and it came back: "550 5.1.1 Address rejected."\n',
            [(None, "550")],
        ),
    ],
)
def test_a_desk_a_sender_or_a_quoted_author_is_not_the_recipient(
    catalog: Catalog, text: str, expected: list[tuple[str | None, str]]
) -> None:
    results = diagnose(text, catalog).results
    assert [(r.recipient, r.reply_code) for r in results] == expected


# Postfix retries a server that greets with a 5XX (smtp_skip_5xx_greeting): its warning quotes the
# "554 5.7.1" greeting while the fields pasted under it say the message is delayed, with 4.7.1.
POSTFIX_DELAYED_5XX_GREETING = """This is the mail system at host relay.example.net.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<marco.ferri@example.org>: host mx1.example.org[192.0.2.33] refused to talk to
    me: 554 5.7.1 Your address is not allowed to connect here.

Reporting-MTA: dns; relay.example.net
Arrival-Date: Fri,  4 Dec 2026 08:12:40 +0100 (CET)

Final-Recipient: rfc822; marco.ferri@example.org
Original-Recipient: rfc822;marco.ferri@example.org
Action: delayed
Status: 4.7.1
Remote-MTA: dns; mx1.example.org
Diagnostic-Code: smtp; 554 5.7.1 Your address is not allowed to connect here.
Will-Retry-Until: Wed,  9 Dec 2026 08:12:40 +0100 (CET)
"""


def test_a_delay_keeps_the_status_of_its_fields_over_the_greeting_it_quotes(catalog: Catalog) -> None:
    [result] = diagnose(POSTFIX_DELAYED_5XX_GREETING, catalog).results
    assert (result.recipient, result.action, result.status, result.reply_code) == ("marco.ferri@example.org", "delayed", "4.7.1", "554")
    assert result.permanent is False


# Postfix wraps its notice's lines at word boundaries, so "refused to talk to me:" (smtp_proto.c) may
# break before its last word: "… refused to talk to" / "    me: 421 …". With no enhanced status after
# the code, the code still follows the greeting's words, as it follows "said:".
POSTFIX_GREETING_WRAPPED_BEFORE_ME = """This is the mail system at host relay.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<giulia.conti@example.fr>: host mx-in.example.fr[192.0.2.47] refused to talk to
    me: 421 mx-in7 example.fr Too many connections from your host, try again
    later. EXF104 [104]
"""


def test_a_greeting_refusal_wrapped_before_me_keeps_its_reply_code(catalog: Catalog) -> None:
    [result] = diagnose(POSTFIX_GREETING_WRAPPED_BEFORE_ME, catalog).results
    assert (result.recipient, result.action, result.reply_code, result.command) == ("giulia.conti@example.fr", "failed", "421", "CONN")
    # The same words not under a greeting refusal: "me: 421" opens no reply.
    unwrapped = POSTFIX_GREETING_WRAPPED_BEFORE_ME.replace("refused to talk to\n", "could not be reached by\n")
    assert all(result.reply_code != "421" for result in diagnose(unwrapped, catalog).results)


# A server's 4xx reply pasted alone (from a log, a message trace, a colleague's chat): RFC 5321 has
# the sending server queue the message and retry it, so it is a deferral ("delayed"), not a failure.
@pytest.mark.parametrize(
    ("line", "recipient", "status", "reason"),
    [
        ("421 4.7.1 Messages to x@example.com deferred due to excessive volume. Try again later", "x@example.com", "4.7.1", "speeding"),
        ("451 4.7.1 <y@example.com>: Recipient address rejected: Greylisted, please try again later", "y@example.com", "4.7.1", "blocked"),
        ("452 4.2.2 <w@example.com>: Mailbox is temporarily over quota, try again later", "w@example.com", "4.2.2", "mailboxfull"),
        # Postfix's own line, as its warning or its log prints it.
        (
            "<marta@example.com>: host mx.example.com[192.0.2.25] said: 450 4.2.0 <marta@example.com>:\n"
            "    Recipient address rejected: Greylisted (in reply to RCPT TO command)",
            "marta@example.com",
            "4.2.0",
            "blocked",
        ),
    ],
)
def test_a_4xx_reply_pasted_alone_is_a_deferral(catalog: Catalog, line: str, recipient: str, status: str, reason: str) -> None:
    [result] = diagnose(line, catalog).results
    assert (result.recipient, result.status, result.reason, result.action) == (recipient, status, reason, "delayed")
    assert (result.permanent, result.hard_bounce) == (False, False)
    assert result.verdict("en").endswith("the sending server is still retrying")


@pytest.mark.parametrize(
    "text",
    [
        # The last 4xx reply, quoted by a report that gave up: the retries ran out, a failure.
        "<anna@example.org>:\n451 4.3.0 Temporary failure, try again later\n"
        "I am not going to try again; this message has been in the queue too long.",
        "anna@example.org\n    retry timeout exceeded\n    451 4.3.0 Temporary failure, try again later",
        "Delivery has failed to these recipients or groups:\nanna@example.org\n"
        "Remote server returned '451 4.4.0 Primary target IP address responded with: \"421 4.4.2 Connection dropped\"'",
    ],
)
def test_a_4xx_reply_in_a_report_that_gave_up_stays_a_failure(catalog: Catalog, text: str) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.action, result.permanent) == ("anna@example.org", "failed", False)


def test_sendmails_own_catch_all_line_keeps_the_servers_reply_code(catalog: Catalog) -> None:
    # Sendmail's report text after the server refused the message at DATA: the server's reply is quoted
    # ("(reason: 550 …)", "<<< 550 …"), then Sendmail's own "554 5.0.0 Service unavailable" (its DSN
    # says 5.x.x, the server said 550). The catch-all status is read, the reply code stays the server's.
    text = (
        "The original message was received at Fri, 4 Dec 2026 09:12:40 +0900\n"
        "from localhost [127.0.0.1]\n\n"
        "   ----- The following addresses had permanent fatal errors -----\n"
        "<keiko.tanaka@example.net>\n"
        "    (reason: 550 Requested action not taken: mailbox unavailable)\n\n"
        "   ----- Transcript of session follows -----\n"
        "... while talking to mx.example.net.:\n"
        ">>> DATA\n"
        "<<< 550 Requested action not taken: mailbox unavailable\n"
        "554 5.0.0 Service unavailable\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.status, result.status_inferred) == (
        "keiko.tanaka@example.net",
        "550",
        "5.0.0",
        False,
    )


def test_qmails_queue_note_under_a_pasted_error_makes_it_expired(catalog: Catalog) -> None:
    # qmail-send's paragraph copied from its second line, the recipient masked by whoever pasted it:
    # the generic scanner keeps the queue note with the error above it, so a DNS failure that lasted
    # the whole queue lifetime is a delivery that expired (qmail-send.c, Sisimai's qmail module).
    text = (
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
        "This is a permanent error; I've given up. Sorry it didn't work out.\n"
        "(address removed)\n"
        "CNAME lookup failed temporarily. (#4.4.3)\n"
        "I'm not going to try again; this message has been in the queue too long.\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.status, result.reason, result.action, result.permanent) == ("4.4.3", "expired", "failed", False)
    assert result.diagnostic.endswith("this message has been in the queue too long.")


def test_a_5xx_reply_pasted_alone_stays_a_failure(catalog: Catalog) -> None:
    [result] = diagnose("550 5.1.1 <t@example.com>: Recipient address rejected: User unknown", catalog).results
    assert (result.action, result.permanent, result.hard_bounce) == ("failed", True, True)


def test_exchange_2010_remote_server_at_line_pasted_alone_gives_the_reply_as_diagnostic(catalog: Catalog) -> None:
    # Exchange 2007/2010 dates the remote server's reply and names the server ("<date> - Remote Server
    # at <host> (<ip>) returned '…'"): pasted without the administrators' heading, the diagnostic is
    # still the reply alone, as the Exchange reader gives it.
    text = (
        "Delivery has failed to these recipients or groups:\n\nbob@example.org\n"
        "6/1/2010 12:01:02 PM - Remote Server at mx.example.org (203.0.113.5) returned "
        "'550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown'\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.status, result.remote_host) == ("bob@example.org", "5.1.1", "mx.example.org")
    assert result.diagnostic == "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown"


# ---- The user's own words name the recipient before the pasted report does ----


def test_the_reports_own_recipient_line_wins_over_the_users_sentence(catalog: Catalog) -> None:
    # No SMTP code anywhere (a connection that timed out): the recipient is read from the listing,
    # and the user's sentence that names the address first is not the reason.
    report = diagnose((FIXTURES / "postfix-timeout-after-prose.txt").read_text(encoding="utf-8"), catalog)
    assert [(r.recipient, r.reason) for r in report.results] == [("members@lists.example.org", "expired")]
    assert report.results[0].diagnostic.startswith("<members@lists.example.org>: connect to lists.example.org[192.0.2.44]:25")
    assert report.results[0].page.endswith("#postfix-connection-timed-out")


# ---- A recipient masked before the report was posted ----


def test_a_listed_recipient_masked_before_posting_still_gives_its_failure(catalog: Catalog) -> None:
    # Gmail's classic notice, the address starred out: the failure and its reason stand, unnamed.
    report = diagnose((FIXTURES / "gmail-classic-masked-recipient-paste.txt").read_text(encoding="utf-8"), catalog)
    assert report.kind == "bounce"
    assert [(r.recipient, r.reason, r.permanent) for r in report.results] == [(None, "hostunknown", True)]
    assert "Domain name not found" in report.results[0].diagnostic


def test_a_listed_real_address_is_preferred_to_a_masked_one(catalog: Catalog) -> None:
    text = (FIXTURES / "gmail-classic-masked-recipient-paste.txt").read_text(encoding="utf-8")
    report = diagnose(text.replace("     info@*******.***\n", "     info@*******.***\n     sales@example.org\n"), catalog)
    assert [r.recipient for r in report.results] == ["sales@example.org"]


def test_markdown_code_fences_are_not_the_servers_words(catalog: Catalog) -> None:
    # Pasted into an issue tracker between fences: the fence lines never run on into the reply.
    for fence in ("```", "```text", "~~~~~"):
        paste = f"{fence}\nThe mail system\n\n<bob@example.org>: host mx.example.org[192.0.2.7] said: 550 No such user here\n{fence}\n"
        report = diagnose(paste, catalog)
        assert [r.recipient for r in report.results] == ["bob@example.org"]
        assert "`" not in report.results[0].diagnostic and "~" not in report.results[0].diagnostic


def test_lines_set_whole_as_inline_code_are_read_as_the_reports_lines(catalog: Catalog) -> None:
    # Each line of a report marked as inline code on Reddit or GitHub, Markdown's two spaces of a line
    # break after it: the fields start their lines again once the backticks are off.
    dsn = "`Final-Recipient: rfc822; bob@example.org`  \n`Action: failed`  \n`Status: 5.1.1`  \n`Diagnostic-Code: smtp; 550 5.1.1 No such user`\n"
    report = diagnose("These keep coming back:\n\n" + dsn, catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("bob@example.org", "5.1.1", "userunknown")]
    arf = "`Feedback-Type: abuse`  \n`User-Agent: SomeGenerator/1.0`  \n`Original-Rcpt-To: carla@example.net`  \n"
    report = diagnose("Why do I get these?\n\n" + arf, catalog)
    assert (report.kind, [(a.address, a.feedback_type) for a in report.addresses]) == ("feedback", [("carla@example.net", "abuse")])


def test_a_reply_quoted_as_one_inline_code_span_over_several_lines_is_read(catalog: Catalog) -> None:
    # An issue's poster sets a server's wrapped reply in one code span (CommonMark lets a span hold line
    # endings): the opening backtick stood before the reply code, so the reply went unread.
    paste = (
        "Since Monday every mail to one partner bounces:\n"
        "`   554-Transaction refused 554-Sending host not accepted here. 554 See\n"
        "    https://postmaster.example.net/refused?ip=192.0.2.14\n"
        "    (in reply to end of DATA command)`\n\n"
        "The partner says nothing changed on their side.\n"
    )
    report = diagnose(paste, catalog)
    assert [(r.reply_code, r.command) for r in report.results] == [("554", "DATA")]
    assert "`" not in report.results[0].diagnostic
    paste = (
        "The sender gets this back:\n"
        "`<dario@example.org>: host mx.example.org[192.0.2.30] said:\n"
        "550 Requested action not taken: mailbox unavailable (in reply to RCPT TO\n"
        "    command)`\n"
    )
    report = diagnose(paste, catalog)
    assert [(r.recipient, r.reply_code) for r in report.results] == [("dario@example.org", "550")]
    assert "`" not in report.results[0].diagnostic
    # Spans that open and close on one line, and a backtick with no closing one, are left as they were.
    assert clipboard.tidy("`one` and `two`\nthree`") == "`one` and `two`\nthree`"
    assert clipboard.tidy("`unclosed line\nnext line\n") == "`unclosed line\nnext line\n"


# Forum BBCode (vBulletin, phpBB, FluxBB) around a report copied out of a post: [COLOR]/[FONT] glued to
# the first and last words, [EMAIL] around each address; the sender's address is never the recipient.
BBCODE_PASTE = """[COLOR=#333333][FONT=Lucida Grande]This is the mail system at host mx.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<{rcpt}>: connect to mx.example.net[192.0.2.25]:25: Connection
    timed out
[/FONT][/COLOR]
[COLOR=#333333][FONT=Lucida Grande]Reporting-MTA: dns; mx.example.org
X-Postfix-Queue-ID: 3A4B5C6D7E
X-Postfix-Sender: rfc822; {sender}
Arrival-Date: Sat,  5 Dec 2026 12:20:41 +0100 (CET)

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: failed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.example.net[192.0.2.25]:25: Connection
    timed out[/FONT][/COLOR]
"""


@pytest.mark.parametrize(
    ("rcpt", "sender"),
    [
        (
            '[EMAIL="carla.neri@example.net"]carla.neri@example.net[/EMAIL]',
            '[EMAIL="segreteria@example.org"]segreteria@example.org[/EMAIL]',
        ),
        ("[email]carla.neri@example.net[/email]", "[email]segreteria@example.org[/email]"),
    ],
    ids=["vbulletin", "phpbb"],
)
def test_forum_bbcode_around_a_pasted_report_is_taken_off(catalog: Catalog, rcpt: str, sender: str) -> None:
    report = diagnose(BBCODE_PASTE.format(rcpt=rcpt, sender=sender), catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("carla.neri@example.net", "4.4.1", "expired")]
    assert not any(tag in report.results[0].diagnostic.lower() for tag in ("[/", "[email", "[font", "[color"))


def test_a_labelled_bbcode_email_keeps_its_address() -> None:
    assert clipboard.tidy("Recipient: [email=carla.neri@example.net]Carla Neri[/email]") == "Recipient: Carla Neri <carla.neri@example.net>"
    assert clipboard.tidy("[b]Note:[/b] [quote]bracketed [192.0.2.25] hosts stay[/quote]") == "Note: bracketed [192.0.2.25] hosts stay"


# A Postfix delivery record and Sendmail's "(reason: …)" re-wrapped at about 75 columns by a mail
# program or a list archive: each is one line in its source (MAILLOG_README; savemail.c). Our own texts.
WRAPPED_POSTFIX_RECORD = """Looks like the other side refuses us, see our log:

Mar 11 09:14:52 relay2 postfix/smtp[8812]: 4QbT2x1Lm:
to=<giorgio.ferri@example.net>,
relay=mx2.example.net[192.0.2.77]:25, delay=3.1,
delays=0.2/0.01/1.4/1.5, dsn=5.7.1, status=bounced (host
mx2.example.net[192.0.2.77] said: 550 5.7.1 Message rejected due to DMARC
policy of sending domain (in reply to end of DATA command))

Regards,
Paolo

--
Paolo Conti <paolo.conti@example.org>
"""


def test_a_wrapped_postfix_record_names_its_own_recipient(catalog: Catalog) -> None:
    report = diagnose(WRAPPED_POSTFIX_RECORD, catalog)
    assert [(r.recipient, r.status, r.reply_code) for r in report.results] == [("giorgio.ferri@example.net", "5.7.1", "550")]
    assert "policy of sending domain (in reply to end of DATA command)" in report.results[0].diagnostic


def test_a_quoted_wrapped_postfix_record_is_one_line_again() -> None:
    text = (
        "> Mar 11 09:14:52 relay2 postfix/smtp[8812]: 4QbT2x1Lm: to=<giorgio.ferri@example.net>, \n"
        ">  relay=mx2.example.net[192.0.2.77]:25, delay=3.1, dsn=5.1.1, status=bounced\n"
        "> (host mx2.example.net[192.0.2.77] said: 550 5.1.1 No such user)\n"
        "> Mar 11 09:14:53 relay2 postfix/qmgr[771]: 4QbT2x1Lm: removed\n"
    )
    assert clipboard.wrapped_lines_rejoined(text).split("\n")[0] == (
        "> Mar 11 09:14:52 relay2 postfix/smtp[8812]: 4QbT2x1Lm: to=<giorgio.ferri@example.net>,"
        " relay=mx2.example.net[192.0.2.77]:25, delay=3.1, dsn=5.1.1, status=bounced"
        " (host mx2.example.net[192.0.2.77] said: 550 5.1.1 No such user)"
    )


@pytest.mark.parametrize(
    "text",
    [
        # Whole records, one a line: nothing to join.
        "Mar 11 09:14:52 relay2 postfix/smtp[8812]: 4QbT2x1Lm: to=<giorgio.ferri@example.net>, relay=none, delay=0.1,"
        " dsn=5.4.4, status=bounced (Host or domain name not found)\nto=<is> not a field of it\n",
        # A record cut short, then prose: no field starts the next line.
        "Mar 11 09:14:52 relay2 postfix/smtp[8812]: 4QbT2x1Lm: to=<giorgio.ferri@example.net>,\nthen it stopped\n",
        # A record's status still open, then a blank line and the next record.
        "Mar 11 09:14:52 relay2 postfix/smtp[8812]: 4QbT2x1Lm: to=<a@example.net>, status=deferred (connect to\n\n"
        "Mar 11 09:14:53 relay2 postfix/smtp[8812]: 4QbT2x1Lm: to=<b@example.net>, status=sent (250 ok)\n",
        # Sendmail's reason closed on its line, its alias below it.
        "<giorgio.ferri@example.net>\n    (reason: 550 5.1.1 User unknown)\n    (expanded from: <gf@example.net>)\n",
        # A reason left open, then a blank line and the next address.
        "<giorgio.ferri@example.net>\n    (reason: 550 5.1.1 User\n\n<rosa@example.net>\n",
    ],
    ids=["whole-records", "cut-record-then-prose", "open-status-then-blank", "closed-reason", "open-reason-then-blank"],
)
def test_lines_that_are_not_wrapped_stay_apart(text: str) -> None:
    assert clipboard.wrapped_lines_rejoined(text) == text


WRAPPED_SENDMAIL_REASON = """On Mon, 9 Mar 2026, Luisa Gatti wrote:
<marta.galli@example.net>
(reason: 552 5.2.0 x8Qp3Z00A1bbcK Message Refused. A URL in
the body of your message is listed by a block list we use. Ask the
block list's administrators to remove it.)
"""


def test_a_wrapped_sendmail_reason_is_read_whole(catalog: Catalog) -> None:
    report = diagnose(WRAPPED_SENDMAIL_REASON, catalog)
    assert [(r.recipient, r.status, r.reply_code) for r in report.results] == [("marta.galli@example.net", "5.2.0", "552")]
    assert report.results[0].diagnostic.endswith("Ask the block list's administrators to remove it.)")


# A whole report quoted in a post between quotation marks or Markdown emphasis: the marks glue to the
# first word and to the last address or field. Our own Exim and IIS SMTP texts.
EXIM_TIMEOUT_WITH_FIELDS = """This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  carla.neri@example.net
    retry timeout exceeded
Reporting-MTA: dns; mx.example.org

Action: failed
Final-Recipient: rfc822;carla.neri@example.net
Status: 5.0.0"""
IIS_FAILED_ONE_LINE = """This is an automatically generated Delivery Status Notification. Delivery to the following recipients failed.
carla.neri@example.net"""


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("_", "_"), ("*", "*"), ("**", "**"), ('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb")],
    ids=["underscore", "asterisk", "bold", "straight-quotes", "typographic-quotes", "guillemets"],
)
def test_marks_around_a_whole_pasted_report_are_taken_off(catalog: Catalog, opening: str, closing: str) -> None:
    report = diagnose(opening + EXIM_TIMEOUT_WITH_FIELDS + closing, catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("carla.neri@example.net", "5.0.0", "expired")]
    report = diagnose(opening + IIS_FAILED_ONE_LINE + closing, catalog)
    assert [(r.recipient, r.action) for r in report.results] == [("carla.neri@example.net", "failed")]


@pytest.mark.parametrize("marker", ["_", "*", "__", "**"])
def test_an_emphasis_run_around_a_report_inside_a_post_is_taken_off(catalog: Catalog, marker: str) -> None:
    """A post that sets the report it quotes in italics or bold: the run opens at the report's first line
    and closes glued to its last field ("Status: 5.0.0_"), prose before and after it (CommonMark,
    "Emphasis and strong emphasis")."""
    post = "Since yesterday every mail to them comes back:\n\n" + marker + EXIM_TIMEOUT_WITH_FIELDS + marker + "\n\nAny idea?\n"
    report = diagnose(post, catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("carla.neri@example.net", "5.0.0", "expired")]
    assert clipboard.tidy(post) == post.replace(marker, "")


# A Postfix notice as a web page renders it, each line of the recipient's entry a paragraph of its own
# (a blank line after each): the entry's wrapped reply lines come back under it. Our own text.
POSTFIX_DOUBLE_SPACED = """I got this back when writing to the library:

This is the mail system at host smtp.example.net.

I'm sorry to have to inform you that your message could not be delivered to one or more recipients. It's attached below.

The mail system

<prestiti@biblioteca.example.it>: host mx.biblioteca.example.it[192.0.2.44] said: 553

    Your IP is BLACKLISTED at the provider's list - See:

    https://lists.example.com/check?ip=198.51.100.7 (in reply to

    RCPT TO command)

Any idea how to get off that list?
"""


def test_a_double_spaced_postfix_entry_is_read_whole(catalog: Catalog) -> None:
    tidied = clipboard.tidy(POSTFIX_DOUBLE_SPACED)
    assert "said: 553\n    Your IP is BLACKLISTED at the provider's list - See:\n    https://" in tidied
    report = diagnose(POSTFIX_DOUBLE_SPACED, catalog)
    assert [(r.recipient, r.reply_code, r.reason) for r in report.results] == [("prestiti@biblioteca.example.it", "553", "blocked")]
    assert report.results[0].diagnostic.endswith("(in reply to RCPT TO command)")


def test_other_double_spaced_text_stays() -> None:
    for text in (
        # A post's double-spaced bullets, and an entry with one indented line under it only.
        "-  EXCHANGE.example.org rejected your message:\n\n   anna@example.org\n\n   Your message couldn't be sent.\n",
        "<anna@example.org>: host mx.example.org[192.0.2.1] said: 550\n\n    User unknown (in reply to RCPT TO command)\n",
        # Indented by two spaces, not Postfix's four.
        "<anna@example.org>: said: 550\n\n  User unknown\n\n  (in reply to RCPT TO command)\n",
    ):
        assert clipboard.tidy(text) == text


# A post that sets Exim's item for a failed pipe in bold, the paste's two spaces of indentation kept
# before the opening marker (CommonMark lets a paragraph stand indented by up to three). Our own text.
EXIM_PIPE_IN_BOLD = """Our ticket alias stopped working, every reply to it gives this:

  **pipe to |/usr/local/bin/helpdesk --queue support
    generated by support@example.org
    local delivery failed

The following text was generated during the delivery attempt:

------ pipe to |/usr/local/bin/helpdesk --queue support
       generated by support@example.org ------

/usr/local/bin/helpdesk: Permission denied**

What changed?
"""


def test_an_indented_emphasis_run_around_an_exim_item_is_taken_off(catalog: Catalog) -> None:
    assert "  pipe to |/usr/local/bin/helpdesk" in clipboard.tidy(EXIM_PIPE_IN_BOLD)
    report = diagnose(EXIM_PIPE_IN_BOLD, catalog)
    assert [(r.recipient, r.action) for r in report.results] == [("support@example.org", "failed")]
    # Four spaces make a code block, and an indented run opens on a word, not on a drawing.
    for text in ("Log:\n\n    **pipe to |/usr/bin/x\n    local delivery failed**\n", "Art:\n  __//__\n"):
        assert clipboard.tidy(text) == text


def test_an_emphasis_run_with_its_marker_inside_stays() -> None:
    # Another underscore inside (an address's), a run that never closes, a bullet: the lines stay.
    for text in (
        "_Final-Recipient: rfc822;carla_neri@example.net\nStatus: 5.0.0_",
        "_Status: 5.0.0\nAction: failed",
        "* Status: 5.0.0\nAction: failed*",
    ):
        assert clipboard.tidy(text) == text


def test_marks_that_do_not_wrap_the_whole_paste_stay() -> None:
    # A quoted name inside, an address with an underscore, a list bullet, a run with a space inside it.
    for text in (
        '"Carla" <carla@example.net>: host mx.example.net said: 550 "no such user"',
        "_see carla_neri@example.net below_",
        "* 550 5.1.1 <carla@example.net>: User unknown *",
        "*** 550 5.1.1 <carla@example.net>: User unknown ***",
    ):
        assert clipboard.tidy(text) == text
    assert clipboard.tidy('"550 5.1.1 <carla@example.net>: User unknown"') == "550 5.1.1 <carla@example.net>: User unknown"


# A bug tracker's import of old tickets (Perl's rt.perl.org tickets on GitHub) turned each mail into
# Markdown: every punctuation mark escaped with a backslash (CommonMark 2.4), "&#8203;" after "@" and
# ":" so no mention or link forms, "&nbsp;" for a leading space. Our own Sendmail and Postfix texts.
ESCAPED_SENDMAIL = """### From carla.neri@example.org

the form's address bounces:

&nbsp;   \\-\\-\\-\\-\\- The following addresses had permanent fatal errors \\-\\-\\-\\-\\-
\\<ufficio\\-acquisti@&#8203;example\\.net>

&nbsp;   \\-\\-\\-\\-\\- Transcript of session follows \\-\\-\\-\\-\\-
\\.\\.\\. while talking to mx\\.example\\.net\\.&#8203;:
>>> RCPT To&#8203;:\\<ufficio\\-acquisti@&#8203;example\\.net>
\\<\\<\\< 550 5\\.1\\.1 \\<ufficio\\-acquisti@&#8203;example\\.net>\\.\\.\\. User unknown
550 \\<ufficio\\-acquisti@&#8203;example\\.net>\\.\\.\\. User unknown
"""
ESCAPED_POSTFIX = """The mail system

\\<bob@&#8203;example\\.org>&#8203;: host mx\\.example\\.org\\[192\\.0\\.2\\.7\\] said&#8203;: 552 5\\.2\\.2
&nbsp;   \\<bob@&#8203;example\\.org>&#8203;: Mailbox full \\(in reply to RCPT TO command\\)
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ESCAPED_SENDMAIL, ("ufficio-acquisti@example.net", "5.1.1", False, "550", "userunknown")),
        (ESCAPED_POSTFIX, ("bob@example.org", "5.2.2", False, "552", "mailboxfull")),
    ],
    ids=["sendmail", "postfix"],
)
def test_a_report_escaped_as_markdown_reads_as_the_report(catalog: Catalog, text: str, expected: tuple[object, ...]) -> None:
    report = diagnose(text, catalog)
    assert [(r.recipient, r.status, r.status_inferred, r.reply_code, r.reason) for r in report.results] == [expected]


def test_markdown_escapes_and_character_references_are_taken_off() -> None:
    assert clipboard.tidy("550 5\\.1\\.1 \\<bob@&#8203;example\\.org\\>") == "550 5.1.1 <bob@example.org>"
    assert clipboard.tidy("&lt;bob@example.org&gt;&nbsp;said&#58; 550") == "<bob@example.org> said: 550"
    # One backslash before a dot, a Windows path: no Markdown escaping, the text as it stands.
    assert clipboard.tidy("see C:\\Mail\\queue\\. for the file") == "see C:\\Mail\\queue\\. for the file"
    # A reference to no character stays as written.
    assert clipboard.tidy("code &#99999999; here") == "code &#99999999; here"


# A report copied out of a mail program's source view where its part was quoted-printable
# (RFC 2045, 6.7): lines cut at 76 characters with a soft break, every "=" written "=3D". Our own
# texts: an Exim-style notice forwarded from Outlook, and an Exchange-style HTML part whose
# recipient link is cut by a soft break.
QP_EXIM_STYLE = """Von: Mail Delivery System
Gesendet: Dienstag, 3. November 2026 08:14:51 (UTC+01:00) Amsterdam, Berlin=
, Bern, Rom
An: prvs=3D04a1b2c3d4=3Dnewsletter-bounces@example.net
Betreff: Mail delivery failed: returning message to sender

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its recipi=
ents. This is a permanent error. The following address(es)
failed:

lorenzo.bianchi@example.org:
SMTP error from remote server for RCPT TO command, host: mx00.example.org (=
192.0.2.44) reason: 550 Requested action not taken: mailbox unava=
ilable
"""

QP_EXCHANGE_HTML = """--b1_7f3a
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

<html><body>
<p><b><font color=3D"#000066" size=3D"3" face=3D"Arial">Delivery has failed=
 to these recipients or groups:</font></b></p>
<font color=3D"#000000" size=3D"2" face=3D"Tahoma"><p><a href=3D"mailto:mar=
tina.colombo@example.com">martina.colombo@exam=
ple.com</a><br>
The e-mail address you entered couldn't be found. Please check the recipien=
t's e-mail address and try to resend the message.
</p></font></body></html>
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (QP_EXIM_STYLE, ("lorenzo.bianchi@example.org", "550", "RCPT", "userunknown")),
        (QP_EXCHANGE_HTML, ("martina.colombo@example.com", None, None, "userunknown")),
    ],
    ids=["exim-style-forwarded", "exchange-html-part"],
)
def test_a_quoted_printable_paste_reads_as_the_report(catalog: Catalog, text: str, expected: tuple[object, ...]) -> None:
    report = diagnose(text, catalog)
    assert report.kind == "bounce"
    assert [(r.recipient, r.reply_code, r.command, r.reason) for r in report.results] == [expected]


def test_quoted_printable_is_undone_only_where_a_text_shows_it() -> None:
    assert (
        clipboard.quoted_printable_undone("host mx.exam=\nple.org said: user unkn=\nown, r=C3=A8gle =3D 1")
        == "host mx.example.org said: user unknown, règle = 1"
    )
    assert clipboard.quoted_printable_undone("caf=E9 ferm=E9 =\nle lundi=\n") == "café fermé le lundi"  # not UTF-8: Latin-1
    # One line ending in "=", or soft breaks without any escape (a base64 block's padding): as written.
    assert clipboard.quoted_printable_undone("bh=3D abc=\nnext line") == "bh=3D abc=\nnext line"
    assert clipboard.quoted_printable_undone("QUJD=\nREVG=\nR0g=\n") == "QUJD=\nREVG=\nR0g=\n"
    # Lower-case hex is no encoder's escape: alone it makes no text quoted-printable, and it stays.
    assert clipboard.quoted_printable_undone("a=\nb=\nc=3d") == "a=\nb=\nc=3d"
    assert clipboard.quoted_printable_undone("x=3D1 a=\nb=\nc=3d") == "x=1 abc=3d"


# A qmail report as a web page renders it with its line breaks lost: every recipient paragraph
# (QSBMF, section 2) runs on in one line. Our own text, qmail-send's and qmail-remote's sentences.
QMAIL_FLATTENED = (
    "Date: 4 Nov 2026 10:02:11 -0000 From: MAILER-DAEMON@mx1.example.net To: ops@example.net "
    "Subject: failure notice Hi. This is the qmail-send program at mx1.example.net. I'm afraid I "
    "wasn't able to deliver your message to the following addresses. This is a permanent error; "
    "I've given up. Sorry it didn't work out. <sara.conti@example.invalid>: Sorry, I couldn't find "
    "any host by that name. <piero.galli@example.org>: 192.0.2.8 does not like recipient. Remote "
    "host said: 550 5.1.1 <piero.galli@example.org>: Recipient address rejected: User unknown "
    "Giving up on 192.0.2.8. --- Below this line is a copy of the message. Return-Path: "
    "<ops@example.net> To: sara.conti@example.invalid, piero.galli@example.org Subject: invoices"
)


def test_a_qmail_report_flattened_onto_one_line_names_each_recipient(catalog: Catalog) -> None:
    report = diagnose(QMAIL_FLATTENED, catalog)
    assert [(r.recipient, r.reply_code, r.status, r.reason) for r in report.results] == [
        ("sara.conti@example.invalid", None, "5.1.2", "hostunknown"),
        ("piero.galli@example.org", "550", "5.1.1", "userunknown"),
    ]


# A person's reply pasted without headers: the attribution line, the answered mail quoted under "> "
# with a qmail notice in it, and the writer's own answer below the quote. Our own text.
PASTED_REPLY = """{attribution}
>
> Giulia Rossi writes:
> > Subject: failure notice
> >
> > Hi. This is the qmail-send program at mail.example.org.
> > I'm afraid I wasn't able to deliver your message to the following addresses.
> > This is a permanent error; I've given up. Sorry it didn't work out.
> >
> > <ordini@example.org>:
> > Sorry, no mailbox here by that name. (#5.1.1)
>
> That is why the order form stopped working last week.

Right, the alias went away when we moved to the new server. I have put it back,
so the orders reach us again.

Luca
"""


def test_a_pasted_reply_that_quotes_a_report_is_no_failure(catalog: Catalog) -> None:
    report = diagnose(PASTED_REPLY.format(attribution="Marco Bianchi wrote:"), catalog)
    assert (report.kind, report.results, [a.address for a in report.addresses]) == ("quoted", [], ["ordini@example.org"])


def test_a_report_quoted_under_a_mail_systems_attribution_is_still_read(catalog: Catalog) -> None:
    # Replying to the bounce itself quotes it under the mail system's name: the report, forwarded inline.
    report = diagnose(PASTED_REPLY.format(attribution="MAILER-DAEMON@mail.example.org wrote:"), catalog)
    assert [(r.recipient, r.reason) for r in report.results] == [("ordini@example.org", "userunknown")]


# ---- A report's words without a readable recipient line: the words still say what failed ----


@pytest.mark.parametrize(
    ("name", "reason", "page"),
    [
        ("google-groups-notice-paste.txt", "rejected", "codes/5.7.1/#google-groups-post-rejected"),
        ("postfix-placeholder-recipient-paste.txt", "hostunknown", "codes/5.1.2/#generic-hostunknown-domain-not-exist"),
    ],
)
def test_a_report_whose_recipient_line_cannot_be_read_still_says_what_failed(catalog: Catalog, name: str, reason: str, page: str) -> None:
    report = diagnose((FIXTURES / name).read_text(encoding="utf-8"), catalog)
    assert report.kind == "bounce"
    assert [(r.recipient, r.reason, r.page, r.action) for r in report.results] == [(None, reason, page, "failed")]
    assert "anna.rossi@example.net" not in report.results[0].diagnostic  # the greeting is not the error


def test_a_delay_notices_words_alone_stay_a_paste_to_complete(catalog: Catalog) -> None:
    text = "I keep getting this:\n\nDelivery Status Notification (Delay)\nDelivery to the following recipients has been delayed.\n\nWhy?\n"
    assert diagnose(text, catalog).kind == "incomplete"


@pytest.mark.parametrize(
    "text",
    [
        (FIXTURES / "explainer-page-bounce-words.txt").read_text(encoding="utf-8"),
        # One reason only, but named inside a paragraph of prose.
        "What does Mail delivery failed mean?\n\nYou sent a message and got it back.\n\n1. A mistake in the address\n"
        "The most common cause is a typing mistake in the address: the notice that comes back then often says user unknown,"
        " which means that nobody with that name has a mailbox at the domain you wrote to, so check every letter, and above"
        " all the part after the @ sign, before you send the message again; if it still comes back, call the person.\n\n"
        "See our other articles for more help.\n",
    ],
    ids=["several-reasons", "prose-paragraph"],
)
def test_a_page_that_explains_bounces_is_no_report(catalog: Catalog, text: str) -> None:
    report = diagnose(text, catalog)
    assert (report.kind, report.results) == ("incomplete", [])


def test_a_forwarded_persons_mail_that_names_an_error_is_no_report(catalog: Catalog) -> None:
    # The forward's header block names a person, not a report: its words are not read as one.
    text = (
        "See below, can you help?\n\n-----Original Message-----\nFrom: Luca Verdi <luca@example.net>\n"
        "Sent: Wednesday, December 2, 2026 9:00 AM\nTo: IT <it@example.net>\nSubject: mail to the bank\n\n"
        "Every mail I send to the bank comes back undeliverable.\nThe notice only says: Mailbox full\nCan you check?\nLuca\n"
    )
    report = diagnose(text, catalog)
    assert report.results == [] and report.kind in ("incomplete", "not-bounce")


def test_a_forwarded_report_without_a_readable_recipient_line_still_says_what_failed(catalog: Catalog) -> None:
    # Under a header block that names a report, the quoted words are read as the paste alone would be.
    text = OUTLOOK_FORWARD_EN + (FIXTURES / "postfix-placeholder-recipient-paste.txt").read_text(encoding="utf-8")
    assert [(r.recipient, r.reason) for r in diagnose(text, catalog).results] == [(None, "hostunknown")]


@pytest.mark.parametrize("name", ["person-question-mailbox-full-paste.txt", "person-question-mailbox-full-paste-it.txt"])
def test_a_persons_question_about_a_bounce_is_no_failure(catalog: Catalog, name: str) -> None:
    """A person's pasted words about a bounce (greeting, question, sign-off) name a failure but are no
    report: "quoted", with the address they name, and the note says to paste the bounce itself."""
    report = diagnose((FIXTURES / name).read_text(encoding="utf-8"), catalog)
    assert (report.kind, report.results) == ("quoted", [])
    assert [a.address for a in report.addresses] == [("orders@example.org" if "-it" not in name else "ordini@example.org")]
    assert "Paste the bounce it quotes" in report.note("en")


def test_a_reports_own_greeting_and_signature_keep_it_a_report(catalog: Catalog) -> None:
    """A report that greets and signs as its program, its recipient line cut off: still what failed."""
    text = (
        "Dear customer,\n\nYour message could not be delivered to one or more recipients.\n\n"
        "Host or domain name not found. Name service error for name=example.invalid type=A: Host not found\n\n"
        "Regards,\nThe Postmaster\n"
    )
    report = diagnose(text, catalog)
    assert (report.kind, [r.reason for r in report.results]) == ("bounce", ["hostunknown"])


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        ("Hi team,\nour mail to bob@example.org bounced: user unknown.\nAny idea why this happens?\n", True),
        ("Ciao,\nil messaggio è tornato indietro, casella piena.\nGrazie\nLuca\n", True),
        ("Our mail to bob@example.org bounced: user unknown.\nAny idea why this happens?\nThanks, Ann\n", True),
        # qmail's report opens with "Hi." on a line of its own words, and may ask one question.
        ("Hi. This is the qmail-send program at mx.example.net.\nSorry, the mailbox is full. Is it over quota?\n", False),
        # A provider's report that greets and signs as its postmaster.
        ("Dear user,\nYour message could not be delivered: mailbox full.\nRegards,\nPostmaster\n", False),
        ("550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown\n", False),
        # A person's note with a report pasted under it is longer than a note: the report is read.
        ("Hi,\nthis came back, why?\n" + "Reporting-MTA: dns; mx.example.net\n" * 12, False),
    ],
    ids=["greeting-question", "it-greeting-signoff", "question-signoff", "qmail", "postmaster", "reply-line", "long"],
)
def test_a_persons_note_is_told_by_greeting_question_and_sign_off(text: str, persons: bool) -> None:
    from ndr_atlas.formats.personal import is_persons_note

    assert is_persons_note(text) is persons


@pytest.mark.parametrize(
    ("text", "recipient", "reason", "words", "command"),
    [
        # A web page dropped Postfix's indent; the reply ends with "(in reply to … command)", itself wrapped.
        (
            "Undelivered Mail Returned to Sender\n"
            "<ops@example.org>: host mx.example.org[192.0.2.30] said: 550 5.7.1\n"
            "Unfortunately, messages from [198.51.100.4] weren't sent.\n"
            "Please contact your Internet service provider since part of their network\n"
            "is on our block list (S3150). You can also refer your provider to\n"
            "[AB1EUR01FT001.eop-eur01.prod.protection.outlook.com] (in reply to MAIL\n"
            "FROM command)",
            "ops@example.org",
            "blocked",
            "block list (S3150)",
            "MAIL",
        ),
        # The reply's words all sit below "said: 550 5.1.1": nothing closes it, but a code alone is no reply.
        (
            "The mail system\n\n"
            "<lena@example.com>: host mx2.example.com[203.0.113.9] said: 550 5.7.1\n"
            "Service unavailable, Client host [198.51.100.4] blocked using bl.example.net\n",
            "lena@example.com",
            "blocked",
            "blocked using bl.example.net",
            None,
        ),
        # Exim's "host … [ip]: 550 5.7.1" with the reply's words wrapped below it, unindented.
        (
            "ann@example.net\n"
            "R=dnslookup T=remote_smtp:\n"
            "SMTP error from remote mail server after end of data:\n"
            "host mx.example.net [203.0.113.7]: 550 5.7.1\n"
            "Message refused because of the\n"
            "sending domain owner DMARC policy\n",
            "ann@example.net",
            "authfailure",
            "sending domain owner DMARC policy",
            "DATA",
        ),
    ],
)
def test_a_postfix_reply_that_lost_its_indent_is_read_whole(
    catalog: Catalog, text: str, recipient: str, reason: str, words: str, command: str | None
) -> None:
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.reason) == (recipient, reason)
    assert words in failure.diagnostic
    assert failure.command == command


def test_a_line_after_a_postfix_reply_that_closed_is_not_its_text(catalog: Catalog) -> None:
    text = (
        "<ada@example.net>: host mx.example.net[192.0.2.8] said: 550 5.1.1 No such user\n"
        "(in reply to RCPT TO command)\n"
        "Reporting-MTA: dns; mail.example.com\n"
    )
    [failure] = diagnose(text, catalog).results
    assert failure.reason == "userunknown"
    assert "Reporting-MTA" not in failure.diagnostic


def test_a_postfix_log_line_gives_the_reply_code_said_after_its_dsn(catalog: Catalog) -> None:
    """Postfix logs the status before the server's reply ("dsn=5.0.0, status=bounced (host … said: 554
    …)"); a long log line puts "said:" far from its start, and the reply code is still the server's."""
    line = (
        "Mar  3 09:12:40 relay1 postfix/smtp[4411]: 7C1F2E0042: to=<lost.reader@example.org>, "
        "relay=mx7.example.org[192.0.2.77]:25, delay=1.9, delays=0.02/0.01/0.8/1.1, dsn=5.0.0, status=bounced "
        "(host mx7.example.org[192.0.2.77] said: 554 delivery error: dd This user doesn't have an example.org "
        "account (lost.reader@example.org) [0] - mta12.example.org (in reply to end of DATA command))\n"
    )
    [result] = diagnose(line, catalog).results
    assert (result.recipient, result.status, result.reply_code) == ("lost.reader@example.org", "5.0.0", "554")


@pytest.mark.parametrize(
    ("line", "reply"),
    [
        # Exchange Online quotes the remote reply after an arrow; pasted without its own "550 5.7.350".
        ("Remote server returned message detected as spam -> 550 permanent failure for one or more recipients", "550"),
        ("Remote server returned message detected as spam -> 554 refused, links in the message are on a blocklist", "554"),
    ],
)
def test_the_reply_code_after_exchange_onlines_arrow_is_read(catalog: Catalog, line: str, reply: str) -> None:
    [failure] = diagnose(line, catalog).results
    assert (failure.reply_code, failure.reason, failure.action) == (reply, "spamdetected", "failed")


def test_outlook_coms_refusal_pasted_without_a_status_keeps_its_reply_code(catalog: Catalog) -> None:
    text = (
        "550 SC-001 (BAY004-MC4F49) Unfortunately, messages from 192.0.2.25\n"
        "weren't sent. Please contact your Internet service provider since part of\n"
        "their network is on our block list.\n"
    )
    [failure] = diagnose(text, catalog).results
    assert (failure.reply_code, failure.action, failure.permanent) == ("550", "failed", True)


def test_zohos_response_code_line_pasted_alone_keeps_the_remote_status(catalog: Catalog) -> None:
    text = (
        "----- The following addresses had fatal errors ----- [Status: Error, Address: <ordini@fabrikam.example>, "
        "ResponseCode 421, , 4.7.0 [TS02] Messages from 203.0.113.144 temporarily deferred due to user complaints]\n"
        "Message will be retried for 4 more day(s)\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.status, result.status_inferred) == (
        "ordini@fabrikam.example",
        "421",
        "4.7.0",
        False,
    )
    assert result.action == "delayed"


@pytest.mark.parametrize(
    ("line", "reply"),
    [
        (
            "2024-05-02 10:41:07 1s2AbC-000Xyz-4Q H=mx1.example.org [192.0.2.14]: SMTP error from remote mail server "
            "after RCPT TO:<desk@example.org>: 550 Administrative prohibition - envelope blocked\n",
            "550",
        ),
        (
            "2024-05-02 10:44:19 1s2AbD-000Xyz-7K H=mx1.example.org [192.0.2.14]: SMTP error from remote mail server "
            "after MAIL FROM:<news@example.net> SIZE=18214: 421 Too many connections from your network, slow down\n",
            "421",
        ),
    ],
    ids=["rcpt", "mail-from-with-size"],
)
def test_an_exim_log_line_gives_the_reply_code_after_the_refused_command(catalog: Catalog, line: str, reply: str) -> None:
    """Exim logs a remote refusal as "SMTP error from remote mail server after RCPT TO:<…>: 550 …"
    (its smtp transport's wording): the code after the command and its address is the server's."""
    [result] = diagnose(line, catalog).results
    assert result.reply_code == reply


EXIM_BOUNCE_HEAD = (
    "This message was created automatically by mail delivery software.\n\n"
    "A message that you sent could not be delivered to one or more of its\n"
    "recipients. This is a permanent error. The following address(es) failed:\n\n"
)


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # A short error stays on Exim's line: the greeting refused.
        (
            EXIM_BOUNCE_HEAD + "  sales@example.net\n    host mx.example.net [192.0.2.14]\n"
            "    SMTP error from remote mail server after initial connection: 554 mx.example.net ESMTP not accepting messages\n",
            "554",
        ),
        # The whole report pasted flat, as a web mail view or a ticket form can leave it.
        (
            EXIM_BOUNCE_HEAD.replace("\n", " ") + "sales@example.net host mx.example.net [192.0.2.14] SMTP error from remote "
            "mail server after initial connection: 554 mx.example.net ------ This is a copy of the message, including all the headers.\n",
            "554",
        ),
        (
            EXIM_BOUNCE_HEAD + "  sales@example.net\n    host mx.example.net [192.0.2.14]\n"
            "    SMTP error from remote mail server after EHLO relay.example.org: 550 Access denied\n",
            "550",
        ),
        (
            EXIM_BOUNCE_HEAD + "  sales@example.net\n    host mx.example.net [192.0.2.14]\n"
            "    SMTP error from remote mail server after DATA: 554 Transaction failed\n",
            "554",
        ),
    ],
    ids=["greeting", "flat", "ehlo", "data"],
)
def test_the_reply_after_any_command_exim_names_is_the_servers(catalog: Catalog, text: str, reply: str) -> None:
    """Exim's smtp transport names the step the server refused: the greeting ("initial connection"),
    EHLO or HELO with its name, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA, "end of data". The code
    after it is the server's reply, on the same line when the error is short or the paste is flat."""
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code) == ("sales@example.net", reply)


def test_a_report_line_cut_from_its_report_names_its_own_recipient(catalog: Catalog) -> None:
    """A report's words pasted with a few lines around them, no recipient line of their own: the one
    address the error line names beside its words is the recipient (Exim's address test prints
    "<address> is undeliverable: <reason>"), not the user@host of the shell prompt above it."""
    text = (
        "What the server says when I test the route:\n\n"
        "```\n"
        "admin@gateway:/etc/exim4# exim -bt orders@example.org\n"
        "orders@example.org is undeliverable: Unrouteable address\n"
        "```\n\n"
        "Mail to other domains leaves fine.\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reason) == ("orders@example.org", "hostunknown")


@pytest.mark.parametrize(
    "text",
    [
        # A short paste: a line of words above the server's reply.
        "The relay logged this for the order mails:\n\n"
        "550 Service unavailable; Client host [192.0.2.61] blocked using Trend Micro RBL+. "
        "Please see http://www.mail-abuse.com/cgi-bin/lookup?ip_address=192.0.2.61\n",
        # A longer paste that quotes the reply with ">" between sentences of its own.
        "Some of the shops we write to refuse our order confirmations when the buyer's address is on their "
        "own domain. Their gateway answers\n\n> 550 Rejected by header based Anti-Spoofing policy\n\n"
        "and points to https://community.mimecast.com/docs/DOC-1369#550 for the details. Mail to other "
        "domains is delivered as usual, so only these shops are affected by it.\n",
    ],
    ids=["short", "quoted"],
)
def test_a_reply_line_read_by_its_words_keeps_its_reply_code(catalog: Catalog, text: str) -> None:
    """A reply no report layout frames, read by the catalog's words: the code that opens the line
    (RFC 5321 puts it first) is its reply code, also behind a quote mark."""
    [result] = diagnose(text, catalog).results
    assert (result.reply_code, result.action) == ("550", "failed")


def test_a_content_filters_notice_to_the_sender_is_a_report(catalog: Catalog) -> None:
    """amavisd-new tells the sender of a message it stopped, with no SMTP code and no failed-recipient
    line: its "Delivery of the email was stopped!" makes the pasted text a report, read by its words."""
    text = (
        "Our mail filter returned this to a customer:\n\n"
        "Your message to the helpdesk\n"
        "was considered unsolicited bulk e-mail (UBE).\n\n"
        "Our internal reference code for your message is 48213-07/kQ2xYt0pLm3a\n\n"
        "First upstream SMTP client IP address: [198.51.100.23]\n"
        "  mail.example.net\n\n"
        "Return-Path: <orders@example.net>\n"
        "From: Order desk <orders@example.net>\n"
        "Subject: Your invoice\n\n"
        "Delivery of the email was stopped!\n"
    )
    report = diagnose(text, catalog)
    assert (report.kind, [r.reason for r in report.results]) == ("bounce", ["spamdetected"])


def test_a_wrapped_log_entry_names_its_recipient_above_the_error(catalog: Catalog) -> None:
    """Postfix log lines pasted indented and wrapped: "to=<…>" ends up lines above the error it
    belongs to. The one address the paste names is the recipient; the qmgr line's "from=<…>" is
    the sender's, and so are the header fields of a returned message."""
    text = (
        "Our relay logs these for each message:\n\n"
        "    From: Newsletter <news@example.net>\n"
        "    May  4 11:02:13 relay postfix/qmgr[812]: 4F2A91C03B: from=<news@example.net>, size=5120, nrcpt=1 (queue active)\n"
        "    May  4 11:02:14 relay postfix/smtp[990]: 4F2A91C03B: to=<anna.rossi@example.org>,\n"
        "    relay=mx.example.org[192.0.2.30]:25, delay=0.9, delays=0.1/0/0.3/0.5,\n"
        "    dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.30] said: 550\n"
        "    5.7.1 Service unavailable; client [198.51.100.7] blocked using zen.spamhaus.org\n"
        "    (in reply to RCPT TO command))\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.status, result.reason) == ("anna.rossi@example.org", "5.7.1", "blocked")


def test_a_protocol_logs_server_lines_read_as_the_servers_reply(catalog: Catalog) -> None:
    """A client's SMTP protocol log marks the server's lines "S: " and its own "C: " (RFC 5321's
    example notation): pasted in a code block with a sentence after it, the reply still opens with
    its code, the fence lines are the editor's, and the paste is one error, not a whole report."""
    text = (
        "```\n"
        "S: 550-Requested action not taken: mailbox unavailable\n"
        "S: 550 Recipient refused\n"
        "```\n\n"
        "This is what the relay answers for the address of our new client.\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.reply_code, result.reason, result.action) == ("550", "userunknown", "failed")


def test_the_server_mark_of_a_protocol_log_is_taken_off_its_reply_lines_only() -> None:
    from ndr_atlas.formats.clipboard import tidy

    log = "C: MAIL FROM:<a@example.net>\nS: 250 2.1.0 Ok\n> S: 554 5.7.1 Relay denied\nS: nothing to see\n"
    assert tidy(log) == "C: MAIL FROM:<a@example.net>\n250 2.1.0 Ok\n> 554 5.7.1 Relay denied\nS: nothing to see\n"


def test_exim_log_lines_flagged_deferred_are_a_delay(catalog: Catalog) -> None:
    """Exim flags a deferred delivery "==" in its main log ("**" when the address failed): several
    such lines pasted, each with the server's 4xx reply, say the message is still being retried."""
    line = (
        "2025-02-11 09:{minute:02d}:05 1tHxQm-00A1bC-2k == desk@example.org R=dnslookup T=remote_smtp defer (-44) "
        "H=mx2.example.org [192.0.2.41]: SMTP error from remote mail server after RCPT TO:<desk@example.org>: "
        "451 Internal resource temporarily unavailable\n"
    )
    text = "".join(line.format(minute=m) for m in range(0, 60, 10))
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.action, result.permanent) == ("desk@example.org", "451", "delayed", False)


def test_exim_log_lines_with_no_flag_and_a_4xx_reply_are_a_delay(catalog: Catalog) -> None:
    """Exim logs a host's temporary refusal on a line with no flag ("… 1tHxQm-00A1bC-2k SMTP error from
    remote mail server after MAIL FROM:<…>: 421 …"); only a "**" line says an address failed, so a
    4xx on such lines is still being retried, and a "**" line with a 4xx (retries over) is a failure."""
    line = (
        "2025-03-04 08:{minute:02d}:12 1tQw2e-0007Xy-Ab SMTP error from remote mail server after "
        "MAIL FROM:<news@example.com> SIZE=4821: 421 4.7.0 [TSS04] Messages from 198.51.100.23 temporarily "
        "deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes\n"
    )
    text = "".join(line.format(minute=m) for m in range(0, 40, 10))
    [result] = diagnose(text, catalog).results
    assert (result.reply_code, result.action, result.permanent) == ("421", "delayed", False)
    failed = (
        "2025-03-04 09:40:02 1tQw2e-0007Xy-Ab ** lia@example.org R=dnslookup T=remote_smtp H=mx.example.org "
        "[192.0.2.41]: retry timeout exceeded: SMTP error from remote mail server after RCPT TO:<lia@example.org>: "
        "451 4.3.0 Temporary lookup failure\n"
    )
    [result] = diagnose(failed, catalog).results
    assert (result.recipient, result.action) == ("lia@example.org", "failed")


# A report's delivery-status part copied from a web page that dropped its blank lines: Postfix's
# "X-Postfix-…" fields open it as a mail's "X-" header fields would, and nothing separates the
# message's fields from the recipient's (RFC 3464 §2.2-2.3).
DSN_FIELDS_WITHOUT_BLANK_LINES = """Reporting-MTA: dns; relay.example.net
X-Postfix-Queue-ID: 4F2A81C0D7
X-Postfix-Sender: rfc822; newsletter@example.com
Arrival-Date: Tue, 1 Dec 2026 09:11:48 +0000 (UTC)
Final-Recipient: rfc822; carla.neri@example.org
Original-Recipient: rfc822;carla.neri@example.org
Action: failed
Status: 5.2.2
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 552 5.2.2 <carla.neri@example.org>: Mailbox full
"""


def test_delivery_status_fields_pasted_without_blank_lines_are_a_report_not_a_mail_header(catalog: Catalog) -> None:
    [failure] = diagnose(DSN_FIELDS_WITHOUT_BLANK_LINES, catalog).results
    assert (failure.recipient, failure.status, failure.status_inferred, failure.reason) == (
        "carla.neri@example.org",
        "5.2.2",
        False,
        "mailboxfull",
    )


# cPanel's Exim stops a domain's outgoing mail for the rest of the hour once too many of its
# messages bounced or were deferred: its own line, in its bounce and pasted alone (as users quote it).
CPANEL_DEFERS_FAILURES = """This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  rita.longo@example.org
    Domain example.net has exceeded the max defers and failures per hour (10/10 (100%)) allowed. Message discarded.
  ugo.ferri@example.com
    Domain example.net has exceeded the max defers and failures per hour (10/10 (100%)) allowed. Message discarded.
"""


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        (CPANEL_DEFERS_FAILURES, ["rita.longo@example.org", "ugo.ferri@example.com"]),
        ('"Domain example.net has exceeded the max defers and failures per hour (5/5 (100%)) allowed."', [None]),
    ],
)
def test_cpanels_hourly_failure_limit_is_the_senders_own_rate_limit(catalog: Catalog, text: str, recipients: list[str | None]) -> None:
    report = diagnose(text, catalog)
    assert report.kind == "bounce"
    assert [r.recipient for r in report.results] == recipients
    for result in report.results:
        assert (result.reason, result.page, result.status_inferred) == ("speeding", "codes/5.7.28/#cpanel-max-defers-failures", True)
        assert (result.action, result.hard_bounce) == ("failed", False)


# Postfix's "delivery temporarily suspended" (a destination it throttles or holds for dead) quoted in a
# person's post, wrapped above the host's 4xx reply: Postfix still has the message queued, whatever
# words about bounces are around it. Quoted by Postfix's own non-delivery notice, it is the last reason
# of a message given up: a failure.
SUSPENDED_IN_A_POST = (
    "Some of you asked why the list mail to Yahoo addresses bounces so often this week. Our relay's\n"
    "log says, for every copy to them:\n\n"
    "> delivery temporarily suspended: host mta5.am0.yahoodns.example[192.0.2.41] refused to talk to me:\n"
    "> 421 4.7.0 [TSS04] Messages from 198.51.100.7 temporarily deferred due to unexpected volume\n\n"
    "The list software counts these as bounces, so please do not be surprised by a warning.\n"
)
SUSPENDED_GIVEN_UP = (
    "This is the mail system at host relay.example.com.\n\n"
    "I'm sorry to have to inform you that your message could not\n"
    "be delivered to one or more recipients. It's attached below.\n\n"
    "                   The mail system\n\n"
    "<lucia@mail.example.org>: delivery temporarily suspended: host\n"
    "    mx.mail.example.org[192.0.2.41] refused to talk to me: 421 4.7.0 Too many\n"
    "    connections from your host\n"
)


def test_postfix_delivery_temporarily_suspended_quoted_in_a_post_is_a_delay(catalog: Catalog) -> None:
    [result] = diagnose(SUSPENDED_IN_A_POST, catalog).results
    assert (result.status, result.reply_code, result.action, result.permanent) == ("4.7.0", "421", "delayed", False)


def test_postfix_delivery_temporarily_suspended_in_its_own_bounce_stays_a_failure(catalog: Catalog) -> None:
    [result] = diagnose(SUSPENDED_GIVEN_UP, catalog).results
    assert (result.recipient, result.action) == ("lucia@mail.example.org", "failed")


# A paste that is no report at all: a sending service's log entry or a client's SMTP transcript whose
# last reply is temporary. RFC 5321 (4.2.1) makes a 4yz reply transient: the message is still queued.
NO_REPORT_TEMPORARY = [
    "Message 4411 to ines@example.org\n\nTemporary SMTP delivery error when sending to mx1.example.org (192.0.2.17)\n\n"
    "451 4.7.1 Please try later\n\nTime: 0.31s\n\nSupport reference: QKZT0042\n",
    "S: EHLO relay.example.com\nR: 250-mx.example.org\nR: 250 8BITMIME\nS: MAIL FROM:<news@example.com>\nR: 250 2.1.0 Ok\n"
    "S: RCPT TO:<ines@example.org>\nR: 250 2.1.5 Ok\nS: DATA\nR: 452 4.7.1 Try again in a few minutes\n",
]


@pytest.mark.parametrize("text", NO_REPORT_TEMPORARY)
def test_a_temporary_reply_in_a_paste_with_no_report_words_is_a_delay(catalog: Catalog, text: str) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.status, result.action, result.permanent) == ("4.7.1", "delayed", False)


def test_a_temporary_reply_in_outlooks_own_report_stays_a_failure(catalog: Catalog) -> None:
    """Outlook writes "could not be reached" once it has given up (it does not retry), in its
    user's language: the report is the verdict, whatever code the server gave."""
    text = (
        "Algunos de los destinatarios no recibieron su mensaje.\n\n"
        "      Asunto: Pedido de marzo\n      Enviado el: 03/03/2026 9:12\n\n"
        "No se puede localizar a los destinatarios siguientes:\n\n"
        "      'almacen@example.es' en 03/03/2026 9:12\n"
        "            Error del servidor: '451 Requested action aborted: local error in processing'\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.action) == ("almacen@example.es", "451", "failed")


# ---- A reply code printed apart from the reply's words ----

# PHPMailer's error text labels its parts (src/PHPMailer.php, its default language strings):
# "SMTP server error: <command> failed Detail: <reply text> SMTP code: <code>", the enhanced
# status inside the detail and the reply code on a line of its own when copied from a web page.
PHPMAILER_DATA_REFUSED = (
    "Message could not be sent.\n"
    "SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: 5.7.60 SMTP; "
    "Client does not have permissions to send as this sender [AM9P190MB1234.EURP190.PROD.OUTLOOK.COM]\n"
    "SMTP code: 550\n"
)


def test_phpmailers_smtp_code_label_gives_the_reply_code(catalog: Catalog) -> None:
    [result] = diagnose(PHPMAILER_DATA_REFUSED, catalog).results
    assert (result.status, result.reply_code, result.reason, result.action) == ("5.7.60", "550", "rejected", "failed")


@pytest.mark.parametrize(
    ("line", "reply", "status"),
    [
        # Exchange 2010 names the remote server before its reply, without an enhanced status here.
        ("Their mails bounce with `mx2.example.net #550 permanent failure for one or more recipients (spam) ##`", "550", "5.0.0"),
        ("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", "550", "5.1.1"),
        ("smtp.example.org #554 5.7.1 Service unavailable; client host [192.0.2.7] blocked ##", "554", "5.7.1"),
    ],
)
def test_exchanges_own_recipient_line_pasted_alone_gives_its_reply(catalog: Catalog, line: str, reply: str, status: str) -> None:
    # The "#550 … ##" line Exchange prints under its administrators' heading (formats/exchange2007.py),
    # copied alone into a question or a chat: its wrappers hold the reply code.
    [result] = diagnose(line, catalog).results
    assert (result.reply_code, result.status, result.action) == (reply, status, "failed")


def test_a_number_after_a_hash_in_a_sentence_is_no_reply(catalog: Catalog) -> None:
    assert diagnose("Ticket #550 was closed yesterday, see issue #554 for the follow-up.", catalog).results == []


# The same fields pasted from a report whose Final-Recipient field has another address-type than
# "rfc822" (RFC 3464 §2.3.2: an atom, "utf-8" for RFC 6533's addresses) and whose Diagnostic-Code
# names no address: the field still names the recipient.
DSN_FIELDS_OTHER_ADDRESS_TYPE = """This is what came back:

Reporting-MTA: dns; mail.example.net
X-Postfix-Queue-ID: 4F2A11C0B3
X-Postfix-Sender: rfc822; newsletter@example.net
Arrival-Date: Tue, 10 Mar 2026 09:12:41 +0100 (CET)

Final-Recipient: utf-8; anna.rossi@example.com
Original-Recipient: utf-8;anna.rossi@example.com
Action: failed
Status: 5.0.0
Remote-MTA: dns; mx01.example.com
Diagnostic-Code: smtp; 554-Transaction failed 554-Reject due to policy
    restrictions. 554 For explanation visit
    https://postmaster.example.com/en/case?c=hi
"""


def test_delivery_status_fields_name_their_recipient_whatever_the_address_type(catalog: Catalog) -> None:
    [failure] = diagnose(DSN_FIELDS_OTHER_ADDRESS_TYPE, catalog).results
    assert (failure.recipient, failure.status, failure.reply_code, failure.action) == ("anna.rossi@example.com", "5.0.0", "554", "failed")


# Postfix's bounce line for a server that refused the greeting ("host %s refused to talk to me: %s",
# smtp_proto.c), wrapped and quoted under a user's own sentence: the words "refused to talk" say it
# is a report, as "said:" does for a reply to a command.
QUOTED_GREETING_REFUSAL = """Ogni messaggio verso di loro torna indietro con questo testo:

> <luca.bianchi@example.com>: host mx.example.com[192.0.2.25] refused to talk
> to me: 550 mx-7.example.local Your IP 198.51.100.7 is on our block list,
> ask for removal at https://postmaster.example.com/unblock
"""


def test_a_quoted_greeting_refusal_under_a_users_sentence_is_a_report(catalog: Catalog) -> None:
    [failure] = diagnose(QUOTED_GREETING_REFUSAL, catalog).results
    assert (failure.recipient, failure.reply_code, failure.command, failure.reason, failure.action) == (
        "luca.bianchi@example.com",
        "550",
        "CONN",
        "blocked",
        "failed",
    )


# One MX host's 5xx greeting as Postfix logs it, after the queue ID and with no "to=" record
# (smtp_proto.c: "host %s refused to talk to me: %s"): by default (smtp_skip_5xx_greeting = yes)
# Postfix turns the status to the 4 class, tries the next host and defers, so the line alone is a
# delay, not a bounce.
GREETING_SKIPPED_LOG_LINES = [
    (
        "Mar  3 09:14:07 gw postfix/smtp[2231]: 4B2C91A07F: host mx1.fabrikam.example[198.51.100.23] refused "
        "to talk to me: 554 5.7.1 Service unavailable; client [192.0.2.40] blocked by local policy",
        "4.7.1",
    ),
    (
        "relay-1 | Mar  3 09:14:09 gw postfix/smtp[2231]: 4B2C91A07F: host mx2.fabrikam.example[198.51.100.24] "
        "refused to talk to me: 550 mx2 ME Adresse IP source refusee. Your IP is refused. (R12)",
        "4.0.0",
    ),
]


@pytest.mark.parametrize(("line", "status"), GREETING_SKIPPED_LOG_LINES)
def test_a_postfix_log_line_of_a_host_refusing_its_greeting_is_a_delay(catalog: Catalog, line: str, status: str) -> None:
    [result] = diagnose(line, catalog).results
    assert (result.action, result.status, result.reply_code) == ("delayed", status, line.split("to me: ")[1][:3])


# One MX host's temporary reply as Postfix logs it, after the queue ID and with no "to=" record
# (smtp_trouble.c: a soft error at a server that is not the last to try is logged "why the host is
# being skipped", the recipient kept for the next host): the line alone is a delay, not a bounce.
HOST_SKIPPED_LOG_LINES = [
    (
        # Pasted in a person's question, where a reply's 4xx code alone does not make it a delay.
        "I was checking the logs after a few test messages and found this:\n\n```\nApr  9 16:02:11 "
        "postfix/smtp[4410]: 7C1E2B3D04: host mx-a.contoso.example[198.51.100.61] said: 421-4.7.0 This message "
        "does not pass authentication checks. 421-4.7.0 Please see https://help.contoso.example/auth for more "
        "421 4.7.0 information. (in reply to end of DATA command)\n```\n\nThe page it points to is "
        "https://help.contoso.example/auth\n\nHow do I fix it?\n",
        "4.7.0",
        "421",
    ),
    (
        "7C1E2B3D05: host mx-b.fabrikam.example[203.0.113.77] said: 451 4.3.0 <ordini@fabrikam.example>: "
        "Temporary lookup failure (in reply to RCPT TO command)",
        "4.3.0",
        "451",
    ),
]


@pytest.mark.parametrize(("line", "status", "reply"), HOST_SKIPPED_LOG_LINES)
def test_a_postfix_log_line_of_a_host_skipped_for_a_4xx_reply_is_a_delay(catalog: Catalog, line: str, status: str, reply: str) -> None:
    [result] = diagnose(line, catalog).results
    assert (result.action, result.status, result.reply_code) == ("delayed", status, reply)


def test_a_host_skipped_line_whose_delivery_record_says_bounced_stays_a_failure(catalog: Catalog) -> None:
    # The next host refused for good: the same queue ID's "to=" record gives the verdict, bounced.
    log = (
        HOST_SKIPPED_LOG_LINES[1][0] + "\nApr  9 16:02:12 relay postfix/smtp[4410]: 7C1E2B3D05: to=<ordini@fabrikam.example>, "
        "relay=mx-c.fabrikam.example[203.0.113.78]:25, delay=1.1, delays=0.1/0/0.5/0.5, dsn=5.1.1, status=bounced "
        "(host mx-c.fabrikam.example[203.0.113.78] said: 550 5.1.1 <ordini@fabrikam.example>: Recipient address "
        "rejected: User unknown (in reply to RCPT TO command))"
    )
    results = diagnose(log, catalog).results
    assert ("ordini@fabrikam.example", "failed", "5.1.1") in [(r.recipient, r.action, r.status) for r in results]


def test_a_postfix_log_line_of_a_host_refusing_for_good_stays_a_failure(catalog: Catalog) -> None:
    # A 5xx reply is a hard error, never logged as a skipped host: its line stays a failure.
    line = HOST_SKIPPED_LOG_LINES[1][0].replace("451 4.3.0", "550 5.1.1").replace("Temporary lookup failure", "User unknown")
    [result] = diagnose(line, catalog).results
    assert (result.action, result.status) == ("failed", "5.1.1")


def test_a_greeting_refusal_whose_delivery_record_says_bounced_stays_a_failure(catalog: Catalog) -> None:
    # smtp_skip_5xx_greeting = no: the same queue ID's "to=" record gives the verdict, bounced.
    log = (
        GREETING_SKIPPED_LOG_LINES[0][0] + "\nMar  3 09:14:07 gw postfix/smtp[2231]: 4B2C91A07F: to=<marta.greco@fabrikam.example>, "
        "relay=mx1.fabrikam.example[198.51.100.23]:25, delay=0.4, delays=0.1/0/0.3/0, dsn=5.7.1, status=bounced "
        "(host mx1.fabrikam.example[198.51.100.23] refused to talk to me: 554 5.7.1 Service unavailable; "
        "client [192.0.2.40] blocked by local policy)"
    )
    [result] = diagnose(log, catalog).results
    assert (result.recipient, result.action, result.status) == ("marta.greco@fabrikam.example", "failed", "5.7.1")


# Python's smtplib raises an exception that prints the server's reply code and text as a tuple
# ("SMTPDataError: (554, b'…')"), and a dict of them per refused recipient for SMTPRecipientsRefused
# (the smtplib documentation: SMTPResponseException's smtp_code and smtp_error, sendmail's dict).
SMTPLIB_DATA_ERROR = """Traceback (most recent call last):
  File "report.py", line 58, in send
    server.sendmail(sender, recipients, message.as_string())
  File "/usr/lib/python3.11/smtplib.py", line 908, in sendmail
    raise SMTPDataError(code, resp)
smtplib.SMTPDataError: (554, b'Message rejected as spam by the content filter, see https://postmaster.example.net/spam')
"""
SMTPLIB_RECIPIENTS_REFUSED = """Traceback (most recent call last):
  File "notify.py", line 41, in send_report
    server.sendmail(sender, [to], msg.as_string())
  File "/usr/lib/python3.11/smtplib.py", line 901, in sendmail
    raise SMTPRecipientsRefused(senderrs)
smtplib.SMTPRecipientsRefused: {'giulia.conti@example.com': (550, b'5.1.1 <giulia.conti@example.com>: Recipient address rejected: User unknown in virtual mailbox table')}
"""


def test_pythons_smtplib_exception_gives_the_servers_reply_code(catalog: Catalog) -> None:
    [failure] = diagnose(SMTPLIB_DATA_ERROR, catalog).results
    assert (failure.reply_code, failure.reason, failure.action, failure.permanent) == ("554", "spamdetected", "failed", True)


def test_pythons_smtplib_refused_recipients_name_their_address(catalog: Catalog) -> None:
    [failure] = diagnose(SMTPLIB_RECIPIENTS_REFUSED, catalog).results
    assert (failure.recipient, failure.reply_code, failure.status, failure.reason) == (
        "giulia.conti@example.com",
        "550",
        "5.1.1",
        "userunknown",
    )


# A web framework's error page shows the exception's value alone (the dict of refused recipients,
# its key quoted, u'…' in Python 2), and a task queue's log prints the exception's repr: the reply
# code is in the tuple with no "SMTPRecipientsRefused: " just before the dict.
SMTPLIB_REFUSED_ON_AN_ERROR_PAGE = """SMTPRecipientsRefused at /accounts/signup/
{u'piero.galli@example.org': (501, '5.1.3 Bad recipient address syntax')}
Request Method: POST
Exception Type: SMTPRecipientsRefused
Exception Value:
{u'piero.galli@example.org': (501, '5.1.3 Bad recipient address syntax')}
"""
SMTPLIB_REFUSED_IN_A_TASK_LOG = """[2026-03-02 10:14:07,311: ERROR/ForkPoolWorker-2] Task notify.send[4f1c] raised unexpected: SMTPRecipientsRefused({'sara.fontana@example.com': (550, '5.7.1 <sara.fontana@example.com>: Relay access denied')})
"""


@pytest.mark.parametrize(
    ("text", "recipient", "reply", "status", "reason"),
    [
        (SMTPLIB_REFUSED_ON_AN_ERROR_PAGE, "piero.galli@example.org", "501", "5.1.3", "userunknown"),
        (SMTPLIB_REFUSED_IN_A_TASK_LOG, "sara.fontana@example.com", "550", "5.7.1", "norelaying"),
    ],
)
def test_pythons_refused_recipients_dict_alone_gives_address_and_reply(
    catalog: Catalog, text: str, recipient: str, reply: str, status: str, reason: str
) -> None:
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.reply_code, failure.status, failure.reason, failure.action) == (
        recipient,
        reply,
        status,
        reason,
        "failed",
    )


# The dict's key is what the application gave RCPT TO, as it gave it: a malformed address a form let
# through is still the recipient the refusal is about.
def test_pythons_refused_recipient_keeps_a_malformed_address(catalog: Catalog) -> None:
    text = "smtplib.SMTPRecipientsRefused: {'ufficio@/contatti.html': (501, b'5.1.3 Bad recipient address syntax')}"
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.reply_code, failure.status, failure.command) == ("ufficio@/contatti.html", "501", "5.1.3", "RCPT")


# PHPMailer's documented example prints "Mailer Error: " before its ErrorInfo: the application's label,
# not the receiving host's "mailer error" (a local delivery program that failed, 5.3.0).
def test_phpmailers_mailer_error_label_is_no_local_mailer_failure(catalog: Catalog) -> None:
    assert diagnose("Message could not be sent. Mailer Error: SMTP Error: data not accepted.", catalog).results == []
    [failure] = diagnose(
        "Mailer Error: SMTP Error: data not accepted.SMTP server error: DATA END command failed Detail: "
        "Message rejected as spam by the content filter SMTP code: 554 Additional SMTP info: 5.7.1",
        catalog,
    ).results
    assert (failure.reply_code, failure.status, failure.reason) == ("554", "5.7.1", "spamdetected")
    [local] = diagnose("554 5.3.0 <desk@example.org>: Recipient address rejected: Mailer error", catalog).results
    assert local.reason == "mailererror"


# The same exceptions with a 4xx reply: the application's SMTP client was told to try again later and
# nothing gave the message up, so the recipient is deferred ("delayed"), as a 4xx reply pasted alone
# is, even when the reply's words ("Recipient address rejected") sound like a report's.
SMTPLIB_REFUSED_4XX = """Traceback (most recent call last):
  File "/srv/shop/orders/mail.py", line 77, in send_confirmation
    message.send()
  File "/usr/lib/python3.11/smtplib.py", line 901, in sendmail
    raise SMTPRecipientsRefused(senderrs)
smtplib.SMTPRecipientsRefused: {'luca.moretti@example.net': (450, b'4.1.2 <luca.moretti@example.net>: Recipient address rejected: Domain not found')}
"""
SMTPLIB_DATA_ERROR_4XX = """Traceback (most recent call last):
  File "/srv/app/jobs/digest.py", line 112, in run
    self.send_digest(user)
  File "/srv/app/jobs/digest.py", line 87, in send_digest
    smtp.sendmail(self.sender, [user.email], body)
  File "/usr/lib/python3.11/smtplib.py", line 908, in sendmail
    raise SMTPDataError(code, resp)
smtplib.SMTPDataError: (451, b'4.7.0 Temporary server error. Please try again later. PRX4 [relay.example.net]')
"""


@pytest.mark.parametrize(
    ("text", "recipient", "status"),
    [(SMTPLIB_REFUSED_4XX, "luca.moretti@example.net", "4.1.2"), (SMTPLIB_DATA_ERROR_4XX, None, "4.7.0")],
)
def test_a_4xx_reply_in_an_applications_smtp_exception_is_a_deferral(
    catalog: Catalog, text: str, recipient: str | None, status: str
) -> None:
    [failure] = diagnose(text, catalog).results
    assert (failure.recipient, failure.status, failure.action, failure.permanent) == (recipient, status, "delayed", False)
    # No server queued the message: the application has to send it again, and the verdict says so.
    assert failure.retry == "application"
    assert failure.verdict("en").endswith(": not sent yet: the application has to send it again later")
    assert failure.verdict("it").endswith(": non ancora inviato: l'applicazione deve ritentare l'invio più tardi")


def test_the_cli_says_who_retries_a_delay(tmp_path: Path) -> None:
    """``retry`` in the JSON: the application for its own refused send, the sending server for a
    server's 4xx reply pasted alone; none for a failure."""
    rows = {}
    for name, text in (
        ("app.txt", SMTPLIB_REFUSED_4XX),
        ("reply.txt", "451 4.7.1 <y@example.com>: Recipient address rejected: Greylisted, please try again later"),
        ("failed.txt", "550 5.1.1 <z@example.com>: Recipient address rejected: User unknown"),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-m", "ndr_atlas", "diagnose", "--json", str(tmp_path / name)], capture_output=True, text=True, check=True
        )
        [result] = json.loads(run.stdout)["results"]
        rows[name] = (result["action"], result["retry"])
    assert rows == {"app.txt": ("delayed", "application"), "reply.txt": ("delayed", "server"), "failed.txt": ("failed", None)}


# A client's session pasted whole (its commands and the server's replies, a library's debug log):
# a 4xx reply in it is one try that the client retries (RFC 5321 4.2.1), a deferral, as the same
# reply pasted alone is; a 5xx reply stays a failure.
CLIENT_SESSION = """R: 220 mx.example.org ESMTP ready
S: EHLO app.example.net
R: 250-mx.example.org
R: 250 8BITMIME
S: MAIL FROM:<noreply@example.net>
R: 250 2.0.0 OK
S: RCPT TO:<paola@example.org>
R: 250 2.1.5 Ok
S: DATA
R: {reply}
"""


@pytest.mark.parametrize(
    ("reply", "action", "permanent"),
    [("451 4.7.1 Please try again later", "delayed", False), ("554 5.7.1 Message refused by local policy", "failed", True)],
)
def test_a_4xx_reply_in_a_pasted_client_session_is_a_deferral(catalog: Catalog, reply: str, action: str, permanent: bool) -> None:
    [failure] = diagnose(CLIENT_SESSION.format(reply=reply), catalog).results
    assert (failure.recipient, failure.action, failure.permanent) == ("paola@example.org", action, permanent)


# SwiftMailer's (and Symfony Mailer's) exception quotes the server's reply after 'with message "'
# (AbstractSmtpTransport::assertResponseCode); a reply with no enhanced status keeps its code.
SWIFT_EXCEPTION = (
    "Swift_TransportException in AbstractSmtpTransport.php line 383:\n"
    'Expected response code 250 but got code "554", with message "554 Transaction failed: message '
    'looks like spam, see https://postmaster.example.net/help"\n'
)


def test_swiftmailers_exception_keeps_the_servers_reply_code(catalog: Catalog) -> None:
    [failure] = diagnose(SWIFT_EXCEPTION, catalog).results
    assert (failure.reply_code, failure.reason, failure.action) == ("554", "spamdetected", "failed")


# A list reply that quotes an Exim failure under "> " (RFC 3676 4.5 quote marks): the reply code
# stands alone on its quoted line, below Exim's "SMTP error from remote mail server after RCPT TO".
QUOTED_EXIM_FAILURE = """\
On 3 Mar 2026 at 10:12, Dana Reyes wrote:
> Mail to the maintainer bounced:
>
>    maint@old.example.org
>      host mx1.old.example.org [192.0.2.77]
>      SMTP error from remote mail server after RCPT TO:<maint@old.example.org>:
>      550 Unrouteable address
>
> Is there a newer address?
"""


def test_a_quoted_exim_failure_keeps_its_reply_code(catalog: Catalog) -> None:
    (result,) = diagnose(QUOTED_EXIM_FAILURE, catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("maint@old.example.org", "550", "hostunknown")
    # The same lines unquoted read the same.
    unquoted = "\n".join(line[2:] if line.startswith("> ") else line.lstrip(">") for line in QUOTED_EXIM_FAILURE.split("\n"))
    (plain,) = diagnose(unquoted, catalog).results
    assert (plain.recipient, plain.reply_code, plain.reason) == ("maint@old.example.org", "550", "hostunknown")


# A PEC provider's delivery-status fields as an Italian blog quotes them: the reason is only the
# comment after the status, "casella che riceve solo Posta Certificata" (a certified-only mailbox).
PEC_CERTIFIED_ONLY_STATUS = """\
Reporting-MTA: mx.cert.example.com
Final-Recipient: ufficio.protocollo@pec.example.com
Action: failed
Status: 5.0.0 (casella che riceve solo Posta Certificata)
"""


def test_a_pec_mailbox_taking_certified_mail_only_is_filtered(catalog: Catalog) -> None:
    (result,) = diagnose(PEC_CERTIFIED_ONLY_STATUS, catalog).results
    assert (result.recipient, result.status, result.reason) == ("ufficio.protocollo@pec.example.com", "5.0.0", "filtered")
    assert result.page.endswith("#pec-solo-posta-certificata")
    assert not result.hard_bounce


# A multi-line reply whose status only its last line states (qmail's and MessageLabs' "(#5.7.1)"),
# pasted alone or after a report's own words on its first line (Gmail's old "PERM_FAILURE: SMTP
# Error (state 12): 553-…" notice), with a line after it so that the paste is no short one.
MULTI_LINE_STATUS_LAST = [
    "553-Message filtered. Please see the FAQs section on spam\n553-at https://example.net/faq for more\n553 information. (#5.7.1)\n\n",
    (
        "Delivery to the following recipient failed permanently:\n\n"
        "Technical details of permanent failure:\n"
        "PERM_FAILURE: SMTP Error (state 12): 553-Message filtered. Please see the FAQs section on spam\n"
        "553-at https://example.net/faq for more\n"
        "553 information. (#5.7.1)\n"
    ),
]


@pytest.mark.parametrize("text", MULTI_LINE_STATUS_LAST, ids=["alone", "after-report-words"])
def test_a_multi_line_reply_keeps_its_first_line_and_the_status_of_its_last(catalog: Catalog, text: str) -> None:
    results = diagnose(text, catalog).results
    assert len(results) == 1
    result = results[0]
    assert (result.reply_code, result.status, result.status_inferred) == ("553", "5.7.1", False)
    assert result.diagnostic.startswith("553-Message filtered.")
    assert result.reason == "spamdetected"


# Gmail's details before 2012, quoted alone under their heading (no recipient list): the reply code
# stands after the stage Google reached, "PERM_FAILURE: SMTP Error (state N): 554 …"; the stage
# names the command (Sisimai's Gmail table), "TEMP_FAILURE" is a delay warning's.
GMAIL_STATE_LINE_PERMANENT = (
    "Technical details of permanent failure:\nPERM_FAILURE: SMTP Error (state 14): 550 Recipient mailbox not present on this server\n"
)
GMAIL_STATE_LINE_TEMPORARY = (
    "Technical details of temporary failure:\nTEMP_FAILURE: SMTP Error (state 14): 452 Mailbox storage exceeded, try again later\n"
)


def test_gmails_one_line_details_give_the_reply_after_the_stage(catalog: Catalog) -> None:
    (result,) = diagnose(GMAIL_STATE_LINE_PERMANENT, catalog).results
    assert (result.recipient, result.reply_code, result.command, result.action) == (None, "550", "RCPT", "failed")
    assert result.diagnostic.startswith("PERM_FAILURE: SMTP Error (state 14): 550 Recipient mailbox")


def test_gmails_one_line_temporary_details_are_a_delay(catalog: Catalog) -> None:
    (result,) = diagnose(GMAIL_STATE_LINE_TEMPORARY, catalog).results
    assert (result.reply_code, result.action) == ("452", "delayed")


def test_gmails_details_heading_over_many_blank_lines_is_read_in_linear_time() -> None:
    """The one-line details are looked for in any text with Gmail's heading: a long run of blank
    lines under it (a paste padded by a web form) costs about as much more as it is longer."""
    from ndr_atlas.formats import gmail
    from ndr_atlas.formats.base import Source
    from test_hostile_input import HANG_GUARD_S, superlinear, time_limit

    def padded(blanks: int) -> str:
        return "Technical details of permanent failure:\n" + "\n" * blanks + "PERM_FAILURE: no reply code here\n"

    def recognise(text: str) -> object:
        return gmail.recognise(Source(text, None))

    small, big = padded(300), padded(3_000)
    assert not recognise(big)
    assert gmail.recognise(Source(padded(3) + GMAIL_STATE_LINE_PERMANENT, None))
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(recognise, small, big, repeats=(5, 25))
    assert ratio is None, f"10x the blank lines cost {ratio:.0f}x"


def test_a_reply_read_before_is_not_taken_into_the_next_one(catalog: Catalog) -> None:
    """The lines above a reply's last line belong to it only while they carry its code and were not
    read as another error: two recipients' replies in a row stay apart."""
    text = (
        "<ana@example.org>: host mx.example.org[192.0.2.7] said:\n    550-5.1.1 No such user\n    550 5.1.1 ana unknown\n"
        "<bo@example.org>: host mx.example.org[192.0.2.7] said:\n    550 5.2.2 Mailbox full (#5.2.2)\n"
    )
    results = {r.recipient: r for r in diagnose(text, catalog).results}
    assert results["ana@example.org"].status == "5.1.1"
    assert results["bo@example.org"].status == "5.2.2"
    assert "ana unknown" not in results["bo@example.org"].diagnostic


def test_outlooks_content_verdict_on_5_7_520_is_no_blocked_forward(catalog: Catalog) -> None:
    """5.7.520 is Exchange Online's blocked automatic forward (AS(7555)); Outlook.com's outbound
    filter also sends it, worded as a spam verdict on the content (AS(4810))."""
    spam = diagnose(
        "Remote server returned '550 5.7.520 Message blocked because it contains content identified as spam. AS(4810)'", catalog
    ).results[0]
    assert (spam.status, spam.reason) == ("5.7.520", "spamdetected")
    assert spam.page.endswith("#outlook-outbound-content-spam")
    forward = diagnose(
        "Remote server returned '550 5.7.520 Access denied, Your organization does not allow external forwarding. AS(7555)'", catalog
    ).results[0]
    assert (forward.status, forward.reason) == ("5.7.520", "policyviolation")


# A whole Postfix report that a web page flattened onto one line, its "From:" first: longer than any
# header field may be (RFC 5322, 2.1.1), so it is read for its error, not skipped as a header.
FLATTENED_REPORT = " ".join(
    [
        "From: MAILER-DAEMON@relay.example.net (Mail Delivery System) Subject: Undelivered Mail Returned to Sender",
        "Date: March 3, 2026 at 9:09:23 AM CET To: paolo@example.net This is the mail system at host relay.example.net.",
        "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
        "It's attached below. For further assistance, please send mail to postmaster. If you do so, please include",
        "this problem report. You can delete your own text from the attached returned message. The mail system",
        "<giada@example.org>: host mx1.filter.example.com[192.0.2.44] said: 553 5.3.0 192.0.2.9 Your message was",
        "rejected for possible spam/virus content. Please ask your email provider to visit https://filter.example.com/help",
        "for resolution. (in reply to MAIL FROM command) Reporting-MTA: dns; relay.example.net X-Postfix-Queue-ID: 4B1C2D3E4F",
        "X-Postfix-Sender: rfc822; paolo@example.net Arrival-Date: Tue, 3 Mar 2026 09:09:22 +0100 (CET)",
        "Final-Recipient: rfc822; giada@example.org Original-Recipient: rfc822;giada@example.org Action: failed Status: 5.3.0",
        "Remote-MTA: dns; mx1.filter.example.com Diagnostic-Code: smtp; 553 5.3.0 192.0.2.9 Your message was rejected for",
        "possible spam/virus content. Please ask your email provider to visit https://filter.example.com/help for resolution.",
    ]
)


def test_a_report_flattened_onto_one_line_after_its_from_is_read(catalog: Catalog) -> None:
    assert len(FLATTENED_REPORT) > 998
    [result] = diagnose(FLATTENED_REPORT + "\n", catalog).results
    assert (result.recipient, result.reply_code, result.status) == ("giada@example.org", "553", "5.3.0")
    assert result.reason == "spamdetected"
    assert result.diagnostic.startswith("553 5.3.0 192.0.2.9 Your message was rejected")


# What site owners on shared hosting paste: a line of the panel's Exim log, a webmail's error, an
# application's exception, the delivery-status fields of a bounce copied out of a web page.
# Exim's "SMTP error from remote mail server after RCPT TO:<…>: <reply>" (smtp.c) at the end of a log
# line long with its TLS fields: the reply code is read however far along the line it stands.
EXIM_LONG_LOG_LINES = [
    (
        "2026-03-02 10:14:07 1vQx2A-00AbCd-7Q ** ana.lima@example.com R=smarthost_relay T=remote_smtp"
        " H=relay.example.net [192.0.2.40] X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=yes"
        ' DN="CN=relay.example.net": SMTP error from remote mail server after RCPT TO:<ana.lima@example.com>:'
        " 550 Relaying denied",
        "ana.lima@example.com",
        "550",
        "norelaying",
    ),
    (
        "2026-03-02 10:20:41 1vQx8C-00BcDe-2R ** marta.gil@example.org R=dnslookup T=remote_smtp"
        " H=mx.example.org [192.0.2.41] X=TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256 CV=yes"
        ' DN="CN=mx.example.org,O=Example": SMTP error from remote mail server after end of data:'
        " 552 Message size exceeds fixed maximum message size",
        "marta.gil@example.org",
        "552",
        "mesgtoobig",
    ),
]


@pytest.mark.parametrize(("line", "recipient", "reply", "reason"), EXIM_LONG_LOG_LINES)
def test_exims_reply_at_the_end_of_a_long_log_line_is_read(catalog: Catalog, line: str, recipient: str, reply: str, reason: str) -> None:
    [result] = diagnose(line + "\n", catalog).results
    assert (result.recipient, result.reply_code, result.reason, result.action) == (recipient, reply, reason, "failed")


# Roundcube's own error texts (its localisation's smtprecipientserror and smtpfromerror):
# 'SMTP Error ($code): Failed to add recipient "$to" ($msg).', 'Failed to set sender "$from" ($msg).'
def test_roundcubes_smtp_error_gives_the_code_in_parentheses(catalog: Catalog) -> None:
    recipient_refused = (
        'SMTP Error (550): Failed to add recipient "paolo.verdi@example.org" '
        "(5.7.1 <paolo.verdi@example.org>: Recipient address rejected: Access denied).\n"
    )
    [result] = diagnose(recipient_refused, catalog).results
    assert (result.recipient, result.reply_code, result.status) == ("paolo.verdi@example.org", "550", "5.7.1")
    sender_refused = 'SMTP Error (550): Failed to set sender "web@example.com" (Access denied - Invalid HELO name (See RFC2821 4.1.3)).\n'
    report = diagnose(sender_refused, catalog)
    assert report.kind == "bounce"
    [result] = report.results
    assert (result.recipient, result.reply_code) == (None, "550")  # the sender is no failed recipient


# A SwiftMailer exception whose message a forum wrapped right after the reply code: the status opens
# the next line, and the code above is the reply's.
SWIFT_WRAPPED = (
    "Our nightly job stopped with this:\n\n"
    'Fatal error: Uncaught Swift_TransportException: Expected response code 250 but got code "550", with message "550 \n'
    '5.7.1 Relaying denied for <orders@example.net>"\n'
)


def test_a_reply_wrapped_after_its_code_keeps_the_code(catalog: Catalog) -> None:
    [result] = diagnose(SWIFT_WRAPPED, catalog).results
    assert (result.recipient, result.reply_code, result.status, result.reason) == ("orders@example.net", "550", "5.7.1", "norelaying")


# Delivery-status fields copied out of a web page: the Diagnostic-Code's folded lines lost their
# indent, and the scanner reads each as a line of its own; the provider's sentence that runs across
# them still gives its reason (Gmail's "does not have authentication information or fails to pass").
DSN_FIELDS_UNFOLDED = """Reporting-MTA: dns; web01.example.com
X-Postfix-Queue-ID: 4F2A81C0D3
Arrival-Date: Mon, 2 Mar 2026 08:12:44 +0100 (CET)
Final-Recipient: rfc822; luca.bianchi@example.org
Action: failed
Status: 5.7.1
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 550-5.7.1 This message does not have authentication
information or fails to pass 550-5.7.1 authentication checks. To best
protect our users from spam, the 550-5.7.1 message has been blocked. Please
visit 550-5.7.1 https://support.google.com/mail/answer/81126#authentication
for more information. a1si1234567qkb.88 - gsmtp
"""


def test_a_sentence_across_unfolded_diagnostic_lines_gives_its_reason(catalog: Catalog) -> None:
    [result] = diagnose(DSN_FIELDS_UNFOLDED, catalog).results
    assert (result.recipient, result.reply_code, result.status) == ("luca.bianchi@example.org", "550", "5.7.1")
    assert result.reason == "authfailure"
    assert result.page.endswith("#gmail-unauthenticated")


# Exim breaks a long error after a colon past column 45 and indents the rest (deliver.c,
# print_address_error); pasted out of a mail program the indent is gone, and the rest of the
# server's reply starts a line of its own, capital letter and all.
EXIM_COLON_BREAK_UNINDENTED = """This message was created automatically by mail delivery software.
A message that you sent could not be delivered to one or more of its recipients. This is a permanent error. The following address(es) failed:
sofia.ruiz@example.com
host mx.example.com [192.0.2.90]
SMTP error from remote mail server after RCPT TO:<sofia.ruiz@example.com>:
554 5.7.1 <sofia.ruiz@example.com>: Recipient address rejected:
Recipient address rejected for policy reasons
tomas.vidal@example.com
host mx.example.com [192.0.2.90]
SMTP error from remote mail server after RCPT TO:<tomas.vidal@example.com>:
554 5.7.1 <tomas.vidal@example.com>: Recipient address rejected:
Recipient address rejected for policy reasons
------ This is a copy of the message, including all the headers. ------
Return-path: <ventas@example.net>
"""


def test_exims_reply_broken_after_a_colon_is_read_whole_without_its_indent(catalog: Catalog) -> None:
    results = diagnose(EXIM_COLON_BREAK_UNINDENTED, catalog).results
    assert [r.recipient for r in results] == ["sofia.ruiz@example.com", "tomas.vidal@example.com"]
    for result in results:
        assert (result.reply_code, result.status, result.reason) == ("554", "5.7.1", "policyviolation")
        assert result.diagnostic.endswith("Recipient address rejected: Recipient address rejected for policy reasons")


# A sending service's log lines pasted alone, the refused message's addresses written as log fields
# (ZoneMTA's "REJECTED[policy] from=… to=…"): the recipient is the "to=" field's address, without
# the field's name, and the "from=" field's is the sender's.
ZONEMTA_LOG_FIELDS = """\
Mar  2 10:14:05 relay zone-mta: ERR! Sender/default/12[3] 18a0b1c2d3e40001.001 SMTPERR src=192.0.2.10 \
error="Invalid greeting. response=554 5.7.0 Blocked - see https://filter.example.net/lookup?ip=192.0.2.10"
Mar  2 10:14:05 relay zone-mta: info Sender/default/12[3] 18a0b1c2d3e40001.001 REJECTED[policy] \
from=bounce-7@news.example.com to=lucia@example.org src=192.0.2.10
"""


def test_a_log_lines_to_field_names_the_recipient_without_the_fields_name(catalog: Catalog) -> None:
    (result,) = diagnose(ZONEMTA_LOG_FIELDS, catalog).results
    assert (result.recipient, result.status, result.reply_code, result.reason) == ("lucia@example.org", "5.7.0", "554", "blocked")
    assert result.command == "CONN"  # nodemailer's "Invalid greeting": the server refused the connection


# A client that strips the reply code from each line of a multi-line reply keeps the enhanced status
# code each line repeats (Python's smtplib, Go's net/textproto), so the sentence is cut by "5.7.1 ".
CODE_STRIPPED_REPLY = """delivery to ana.ferri@example.org failed: 550 5.7.1 [2001:db8::25] Our system has detected that
5.7.1 this message does not meet IPv6 sending guidelines regarding PTR
5.7.1 records and authentication. Please review
5.7.1  https://support.google.com/mail/?p=IPv6AuthError for more information
5.7.1 . x12si3456789abc.12 - gsmtp
"""


def test_a_reply_whose_lines_keep_only_their_status_is_read_whole(catalog: Catalog) -> None:
    [failure] = diagnose(CODE_STRIPPED_REPLY, catalog).results
    assert failure.recipient == "ana.ferri@example.org"
    assert (failure.reply_code, failure.status, failure.reason) == ("550", "5.7.1", "requireptr")
    assert failure.diagnostic.rstrip().endswith("gsmtp")


# An ESP's export or a postmaster page prints the Diagnostic-Code's value alone: its type glued to
# the reply (RFC 3464, 2.3.6).
DIAGNOSTIC_VALUE_ALONE = "smtp;554 Message not allowed - [PH01] Email not accepted for policy reasons.\n"


def test_a_diagnostic_codes_value_alone_gives_its_reply_code(catalog: Catalog) -> None:
    [failure] = diagnose(DIAGNOSTIC_VALUE_ALONE, catalog).results
    assert failure.reply_code == "554"
    assert failure.reason == "policyviolation"
    assert failure.permanent


# Mailgun's delivery-status object cut out of an event (its documented fields): the code stands in
# a field of its own, apart from the words.
MAILGUN_DELIVERY_STATUS_ALONE = """The log shows this for the failed message:

"delivery-status": {
    "tls": true,
    "mx-host": "mx1.fabrikam.example",
    "attempt-no": 1,
    "description": "",
    "session-seconds": 1.52,
    "code": 553,
    "message": "5.7.1 Sender address rejected: not owned by user",
    "certificate-verified": true
},
"""


def test_mailguns_delivery_status_pasted_alone_gives_its_reply_code(catalog: Catalog) -> None:
    report = diagnose(MAILGUN_DELIVERY_STATUS_ALONE, catalog)
    [failure] = report.results
    assert (failure.reply_code, failure.status, failure.remote_host) == ("553", "5.7.1", "mx1.fabrikam.example")
    assert failure.recipient is None and failure.permanent


# United Internet (1&1, kundenserver.de) quotes a remote reply cut at fixed columns, mid-word; a mail
# program that joins the lines leaves a space in the word ("Pleas e contact", "network i s on").
UNITED_INTERNET_CUT_REPLY = (
    "This message was created automatically by mail delivery software.\n\n"
    "A message that you sent could not be delivered to one or more of\n"
    "its recipients. This is a permanent error. The following address(es)\nfailed:\n\n"
    "rita.costa@example.com:\n"
    "SMTP error from remote server for MAIL FROM command, host: mx.example.com (192.0.2.33) reason: 550 5.7.1 "
    "Unfortunately, messages from [198.51.100.73] weren't sent. Pleas\ne contact your Internet service provider "
    "since part of their network i\ns on our block list (S3140). You can also refer your provider to http:\n"
    "//mail.live.com/mail/troubleshooting.aspx#errors.\n\n"
    "--- The header of the original message is following. ---\n"
)


@pytest.mark.parametrize("joined", [False, True], ids=["cut", "joined-with-spaces"])
def test_outlook_block_list_reply_cut_mid_word_is_still_named(catalog: Catalog, joined: bool) -> None:
    text = UNITED_INTERNET_CUT_REPLY.replace("Pleas\n", "Pleas ").replace("i\ns on", "i s on") if joined else UNITED_INTERNET_CUT_REPLY
    report = diagnose(text, catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("rita.costa@example.com", "5.7.1", "blocked")]
    assert report.results[0].page.endswith("#outlook-network-block-list")


# An Exim report flattened onto one line by a paste site's clone view: longer than any line of a mail
# may be, it gets Exim's layout back (each failed address on its line, its error below it).
EXIM_FLATTENED = " ".join(
    [
        "This message was created automatically by mail delivery software.",
        "A message that you sent could not be delivered to one or more of its recipients.",
        "This is a permanent error. The following address(es) failed:",
        "nadia.ferri@example.com host mx.example.com [192.0.2.15] SMTP error from remote mail server after RCPT TO:<nadia.ferri@example.com>:",
        "550 5.1.1 <nadia.ferri@example.com>: Recipient address rejected: User unknown",
        "omar.khan@example.org SMTP error from remote mail server after initial connection:",
        "host mx.example.org [198.51.100.20]: 554 5.7.1 Service unavailable; client host blocked using zen.example.net",
        "------ This is a copy of the message, including all the headers. ------",
        "Return-path: <bruno@example.net> Received: from [203.0.113.7] (helo=laptop) by mail.example.net with esmtpsa",
        "(Exim 4.96) (envelope-from <bruno@example.net>) id 1tQxyz-000abc-12 for nadia.ferri@example.com;",
        "Thu, 03 Dec 2026 10:12:40 +0100 From: Bruno Sala <bruno@example.net>",
        "To: Nadia Ferri <nadia.ferri@example.com>, omar.khan@example.org Subject: Preventivo di dicembre",
        "Date: Thu, 03 Dec 2026 10:12:38 +0100 Message-ID: <20261203091238.4411@example.net> MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8 " + "Buongiorno, vi mando il preventivo aggiornato per la fornitura. " * 6,
    ]
)


def test_an_exim_report_flattened_onto_one_line_is_read(catalog: Catalog) -> None:
    assert "\n" not in EXIM_FLATTENED and len(EXIM_FLATTENED) > 998
    report = diagnose(EXIM_FLATTENED, catalog)
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [
        ("nadia.ferri@example.com", "5.1.1", "userunknown"),
        ("omar.khan@example.org", "5.7.1", "blocked"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A receiving Postfix's own log line, pasted by its admin.
        "Mar  3 10:12:40 mx postfix/smtpd[4120]: NOQUEUE: reject: RCPT from mail.example.net[192.0.2.61]: 554 5.7.1 "
        "Service unavailable; Client host [192.0.2.61] blocked using zen.spamhaus.org; Error: open resolver; "
        "https://www.spamhaus.org/returnc/pub/198.51.100.53; from=<news@example.net> to=<desk@example.org> proto=ESMTP "
        "helo=<mail.example.net>\n",
        # The refusal as a sender's client shows it, with no list named.
        "Recipient: desk@example.org\nError: 550 Error: open resolver; https://www.spamhaus.org/returnc/pub/2001:db8::35\n",
    ],
    ids=["postfix-log", "client-notice"],
)
def test_spamhaus_open_resolver_answer_is_the_receivers_lookup_error(catalog: Catalog, text: str) -> None:
    """Spamhaus's answer to a lookup through a public resolver (return code 127.255.255.254) quoted in
    a refusal: its own page, which tells the receiving side's fault, not the DNSBL listing's."""
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.page) == ("desk@example.org", "blocked", "codes/5.7.1/#spamhaus-open-resolver")


# Sendmail's report as a help page printed it, its line breaks lost: the headings, the command sent
# (">>> ") and the reply read ("<<< ") inside one line. Our own text, Sendmail's layout.
SENDMAIL_FLATTENED = (
    "The original message was received at Tue, 3 Nov 2026 14:12:29 -0700 from mail.example.net "
    "[192.0.2.50] ----- The following addresses had permanent fatal errors ----- <lucia.neri@example.com> "
    "----- Transcript of session follows ----- ... while talking to mx.example.com.: >>> RCPT "
    "To:<lucia.neri@example.com> <<< 550 <lucia.neri@example.com>... User unknown 550 "
    "<lucia.neri@example.com>... User unknown"
)
SENDMAIL_FLATTENED_HOST_UNKNOWN = (
    "Subject: Returned mail: Host unknown ----- The following addresses had permanent fatal errors "
    "----- <ufficio@fabrikam.invalid> ----- Transcript of session follows ----- 550 5.1.2 "
    "<ufficio@fabrikam.invalid>... Host unknown (Name server: fabrikam.invalid: host not found)"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SENDMAIL_FLATTENED, ("lucia.neri@example.com", "550", "5.1.1", "userunknown", "RCPT")),
        (SENDMAIL_FLATTENED_HOST_UNKNOWN, ("ufficio@fabrikam.invalid", "550", "5.1.2", "hostunknown", None)),
    ],
    ids=["user-unknown", "host-unknown"],
)
def test_a_flattened_sendmail_report_gets_its_reply_code(catalog: Catalog, text: str, expected: tuple[object, ...]) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.status, result.reason, result.command) == expected


def test_sendmail_line_breaks_are_given_back_only_to_a_flattened_report() -> None:
    assert clipboard.sendmail_unflattened(SENDMAIL_FLATTENED).splitlines()[1:5] == [
        "----- The following addresses had permanent fatal errors -----",
        "<lucia.neri@example.com>",
        "----- Transcript of session follows -----",
        "... while talking to mx.example.com.:",
    ]
    laid_out = "   ----- Transcript of session follows -----\n... while talking to mx.example.com.:\n>>> RCPT To:<a@example.com>\n"
    assert clipboard.sendmail_unflattened(laid_out) == laid_out


def test_every_level_of_quoting_is_taken_off_but_a_transcripts_commands() -> None:
    assert clipboard.unquoted(">> Hi. This is the qmail-send program.\n>>\n>> <bob@example.org>:") == (
        "Hi. This is the qmail-send program.\n\n<bob@example.org>:"
    )
    assert clipboard.unquoted("> > <bob@example.org>:\n> > Sorry, no mailbox here by that name.") == (
        "<bob@example.org>:\nSorry, no mailbox here by that name."
    )
    transcript = ">>> RCPT To:<bob@example.org>\n>>> DATA"
    assert clipboard.unquoted(transcript) == transcript


# A Netscape-style report a person quoted in a reply to a reply (">> "), its recipient written with
# an empty quoted local part, as a mail program of the time sent it. Our own text.
NETSCAPE_QUOTED_TWICE = """>> From: Mail Administrator <Postmaster@example.net>
>>
>> This Message was undeliverable due to the following reason:
>>
>> Your message was not delivered because the destination computer
>> was not found.
>>
>>      Host desk.fabrikam.example not found
>>
>> The following recipients did not receive this message:
>>
>>      <""@desk.fabrikam.example>
>>
>> Please reply to Postmaster@example.net
>> if you feel this message to be in error.
"""


def test_a_report_quoted_twice_with_an_empty_quoted_local_part(catalog: Catalog) -> None:
    [result] = diagnose(NETSCAPE_QUOTED_TWICE, catalog).results
    assert result.recipient == '""@desk.fabrikam.example'


# A paste that keeps the returned original's identifier fields under the report's words: a msg-id
# is written like an address (RFC 5322 3.6.4) but names no mailbox, so no recipient is taken from it.
@pytest.mark.parametrize("field", ["Message-ID", "In-Reply-To", "References"])
def test_a_message_id_in_the_paste_is_not_the_recipient(catalog: Catalog, field: str) -> None:
    paste = (
        "Your message was considered unsolicited bulk e-mail (UBE) and was not delivered.\n\n"
        f"{field}: <20261205101500.4711@mail.example.com>\n"
        "Subject: Listino prezzi\n"
    )
    report = diagnose(paste, catalog)
    assert [(r.recipient, r.reason) for r in report.results] == [(None, "spamdetected")]


def test_a_pasted_postfix_log_names_no_delivered_recipient(catalog: Catalog) -> None:
    """A Postfix log pasted into the diagnoser: each "to=<…>" record names its recipient, and one that
    went through ("status=sent") is no failure, whatever the records around it say."""
    text = (Path(__file__).parent / "fixtures" / "logs" / "postfix-syslog.log").read_text()
    results = diagnose(text, catalog).results
    assert [(r.recipient, r.action) for r in results] == [
        ("j.rossi@example-shop.it", "failed"),
        ("anna.bianchi@mail.example.net", "delayed"),
        ("marco@example.org", "delayed"),
        ("nobody@mx1.corp.example", "failed"),
        ("info@no-such-domain.example", "failed"),
        ("ceo@partner.example.com", "failed"),
        ("full.box@example-shop.it", "delayed"),
    ]


# A notice that lists each recipient with its status ("<address>; Failed; 5.2.2 (mailbox full)") and
# quotes the remote server's reply under it as "Remote MTA <host>: SMTP diagnostic: <reply>": the
# reply's code and words are the failure's, as its Diagnostic-Code field would give them. A code of
# another class than the listed status is not taken for the reply (the TIN fixture's 443 under 5.2.2).
REMOTE_MTA_DIAGNOSTIC = """ - These recipients of your message have been processed by the mail server:
{address}; Failed; {status} ({words})

    Remote MTA {host}: SMTP diagnostic: {reply} RCPT TO:<{address}> {said}
"""


@pytest.mark.parametrize(
    ("status", "words", "host", "reply", "said", "reason"),
    [
        ("5.2.2", "mailbox full", "mx2.fabrikam.example", "552", "Mailbox disk quota exceeded", "mailboxfull"),
        ("5.1.1", "bad destination mailbox address", "192.0.2.40", "550", "maximum message size exceeded", "mesgtoobig"),
    ],
)
def test_remote_mta_smtp_diagnostic_line_gives_the_reply(
    catalog: Catalog, status: str, words: str, host: str, reply: str, said: str, reason: str
) -> None:
    address = "luca.ferri@fabrikam.example"
    paste = REMOTE_MTA_DIAGNOSTIC.format(address=address, status=status, words=words, host=host, reply=reply, said=said)
    [failure] = diagnose(paste, catalog).results
    assert (failure.recipient, failure.status, failure.reply_code, failure.reason) == (address, status, reply, reason)
    assert failure.remote_host == host
    assert said in failure.diagnostic


# Exim breaks an error it prints after ": " once the line is longer than 45 characters and goes on,
# indented, on the next line (deliver.c, print_address_error): the line after the break belongs to
# the error even when it ends in a colon itself and names an address or a message.
EXIM_BROKEN_AFTER_COLON = """This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  paola.conti@fabrikam.example
    host mx.fabrikam.example [192.0.2.14]
    SMTP error from remote mail server after RCPT TO:<paola.conti@fabrikam.example>:
    452 4.7.1 <paola.conti@fabrikam.example>: Recipient address rejected:
    Sorry, this address cannot take the message now because its mailbox is full. Tell the recipient:
    retry timeout exceeded
"""


def test_exim_error_broken_after_a_colon_is_read_whole(catalog: Catalog) -> None:
    [failure] = diagnose(EXIM_BROKEN_AFTER_COLON, catalog).results
    assert (failure.recipient, failure.reply_code, failure.status) == ("paola.conti@fabrikam.example", "452", "4.7.1")
    assert "because its mailbox is full. Tell the recipient:" in failure.diagnostic
    assert failure.reason == "mailboxfull"


# SurfControl's notice pasted without its headers (X-SEF-Processed, X-Mailer): its opening and its
# transcript sentence are its own, and the attempt line gives the server and the reply.
SURFCONTROL_PASTE = """Your message could not be sent.
A transcript of the attempts to send the message follows.
The number of attempts made: 1
Addressed To: ufficio@fabrikam.example

Tue, 1 Dec 2026 09:14:02 +0100
Failed to send to identified host,
ufficio@fabrikam.example: [192.0.2.77], 550 Requested action not taken: mailbox unavailable
--- Message non-deliverable.
"""


@pytest.mark.parametrize("forwarded", [False, True])
def test_surfcontrol_notice_pasted_without_headers(catalog: Catalog, forwarded: bool) -> None:
    paste = SURFCONTROL_PASTE
    if forwarded:
        paste = (
            "Can you check this one?\n\n________________________________\n"
            "From: Mail Delivery System <MAILER-DAEMON@relay.example.net>\nSent: Tuesday, December 1, 2026 9:15 AM\n"
            "To: Sara Galli <sara@example.net>\nSubject: Message could not be sent\n\n" + paste
        )
    [failure] = diagnose(paste, catalog).results
    assert (failure.recipient, failure.reply_code, failure.remote_host) == ("ufficio@fabrikam.example", "550", "192.0.2.77")


# Exchange 5.5's NDR for a message over the size limit set on the recipient (Microsoft's article
# Q246388: a limit on a distribution list), pasted as the user saw it.
EXCHANGE55_CONTENT_TOO_LONG = """From: System Administrator
Sent: Monday, November 30, 2026 9:05 AM
To: Sara Galli
Subject: Undeliverable: Quarterly figures

Your message did not reach some or all of the intended recipients.

Subject: Quarterly figures
Sent: 11/30/26 9:04 AM

The following recipient(s) could not be reached:

SALES_ALL on 11/30/26 9:05 AM
The content length of the message is too long for the recipient to take
delivery
MSEXCH:MSExchangeMTA:FABRIKAM:EXCH01
"""


def test_exchange55_content_length_too_long_is_a_message_too_big(catalog: Catalog) -> None:
    [failure] = diagnose(EXCHANGE55_CONTENT_TOO_LONG, catalog).results
    assert failure.reason == "mesgtoobig"
    assert failure.page.endswith("#exchange-legacy-content-too-long")


# A recipient's line pasted alone, the address then the reply its server gave, as Postfix's bounce(8)
# prints "<%s>: %s" and logs summarise a refusal; the reply texts are RFC 5321's own (4.2.2, 4.2.3),
# and each reaches the page of its reply code.
@pytest.mark.parametrize(
    ("line", "reply", "entry", "reason"),
    [
        ("<marco.bianchi@fabrikam.example>: 550 Requested action not taken: mailbox unavailable", "550", "reply-550", None),
        (
            "marco.bianchi@fabrikam.example: 552 Requested mail action aborted: exceeded storage allocation",
            "552",
            "reply-552",
            "mailboxfull",
        ),
        ("<marco.bianchi@fabrikam.example>: 452 Requested action not taken: insufficient system storage", "452", "reply-452", "systemfull"),
        ("> <marco.bianchi@fabrikam.example>: 451 Requested action aborted: local error in processing", "451", "reply-451", "systemerror"),
        ("marco.bianchi@fabrikam.example: 552 Mailbox is full", "552", "mailbox-full", "mailboxfull"),
    ],
)
def test_a_recipients_line_pasted_alone_gives_its_reply_code(
    catalog: Catalog, line: str, reply: str, entry: str, reason: str | None
) -> None:
    report = diagnose(line + "\n", catalog)
    assert report.kind == "bounce"
    [failure] = report.results
    assert (failure.recipient, failure.reply_code, failure.entry) == ("marco.bianchi@fabrikam.example", reply, entry)
    if reason is not None:
        assert failure.reason == reason


def test_a_recipients_line_in_a_report_is_left_to_its_reader(catalog: Catalog) -> None:
    # In a message its headers call a report, the format's reader and the delivery-status fields say
    # how its lines go together: the same line counts there as the report's words, as before.
    report = diagnose(
        "From: Mail Delivery System <MAILER-DAEMON@relay.example.net>\nSubject: Undelivered Mail Returned to Sender\n\n"
        "<marco.bianchi@fabrikam.example>: 550 Requested action not taken: mailbox unavailable\n",
        catalog,
    )
    [failure] = report.results
    assert failure.recipient == "marco.bianchi@fabrikam.example"


# A refusal a web page or a forum wrapped at its own width, wider than a mail program's 72-80
# columns (82 here): every line belongs to the reply, the last one with the words that decide.
WIDE_WRAPPED_REFUSAL = """permanent error (550): 5.7.1 Unfortunately, messages from [198.51.100.7] weren't
sent. Please contact your Internet service provider since part of their network is
on our block list (S3150).
"""


def test_a_reply_wrapped_wider_than_80_columns_keeps_its_last_line(catalog: Catalog) -> None:
    assert [len(line) for line in WIDE_WRAPPED_REFUSAL.split("\n")[:2]] == [80, 82]
    [failure] = diagnose(WIDE_WRAPPED_REFUSAL, catalog).results
    assert failure.diagnostic.endswith("on our block list (S3150).")
    assert (failure.reply_code, failure.status, failure.reason) == ("550", "5.7.1", "blocked")


def test_a_line_longer_than_the_wrap_above_shows_is_its_last(catalog: Catalog) -> None:
    # The wrap above is under 86 columns ("weren't" (80) left "sent." (5) for the next line): a line of
    # 98 is none it cut, so the line after it is no part of the reply.
    paste = WIDE_WRAPPED_REFUSAL.replace(
        "on our block list (S3150).\n",
        "on our block list (S3150) and we asked the provider about it twice, but nobody has answered us yet\nso what now\n",
    )
    assert len(paste.split("\n")[2]) == 98
    [failure] = diagnose(paste, catalog).results
    assert "nobody has answered us yet" in failure.diagnostic
    assert "so what now" not in failure.diagnostic


# qmail-send's recipient paragraphs copied without its heading ("Hi. This is the qmail-send program
# …"): each is told by its "<address>:" line and the fixed sentence qmail-remote prints under it
# (qmail-remote.c), and every line of it goes with its recipient, the server's whole reply (its
# lines as qmail-remote copies them after "Remote host said:") and qmail-send's queue note too.
QMAIL_PARAGRAPHS = """<ufficio@fabrikam.example>:
Connected to 192.0.2.31 but sender was rejected.
Remote host said: 451 4.7.1 Greylisted, please
retry in 5 minutes
I'm not going to try again; this message has been in the queue too long.

<archivio@fabrikam.example>:
192.0.2.31 does not like recipient.
Remote host said: 550 5.1.1 <archivio@fabrikam.example>: Recipient address rejected: User unknown
Giving up on 192.0.2.31.
"""


def test_qmail_paragraphs_pasted_without_the_heading(catalog: Catalog) -> None:
    sender, recipient = diagnose(QMAIL_PARAGRAPHS, catalog).results
    assert (sender.recipient, sender.reply_code, sender.status, sender.command) == ("ufficio@fabrikam.example", "451", "4.7.1", "MAIL")
    assert sender.diagnostic.startswith("Connected to 192.0.2.31 but sender was rejected. Remote host said: 451 4.7.1 Greylisted")
    assert "retry in 5 minutes" in sender.diagnostic and "in the queue too long" in sender.diagnostic
    # The refused MAIL FROM decides before qmail-send's queue note, as Sisimai's qmail module reads it.
    assert (sender.reason, sender.page) == ("rejected", "codes/5.1.8/#qmail-remote-sender-rejected")
    assert (recipient.recipient, recipient.reply_code, recipient.status, recipient.reason) == (
        "archivio@fabrikam.example",
        "550",
        "5.1.1",
        "userunknown",
    )
    assert recipient.command == "RCPT" and recipient.remote_host == "192.0.2.31"
    # Read as the same paragraphs under qmail-send's heading are.
    headed = diagnose("Hi. This is the qmail-send program at mx.example.net.\n\n" + QMAIL_PARAGRAPHS, catalog).results
    assert [(r.recipient, r.reply_code, r.status, r.reason, r.diagnostic) for r in headed] == [
        (r.recipient, r.reply_code, r.status, r.reason, r.diagnostic) for r in (sender, recipient)
    ]


def test_a_recipient_line_over_other_words_is_no_qmail_paragraph(catalog: Catalog) -> None:
    # "<address>:" then words none of qmail's programs print: the generic scanner reads it, as before.
    from ndr_atlas.formats import qmail
    from ndr_atlas.formats.base import Source

    text = "<ufficio@fabrikam.example>:\nhost mx.fabrikam.example said: 550 5.1.1 User unknown\n"
    assert not qmail.recognise(Source(text, None))
    assert qmail.recognise(Source(QMAIL_PARAGRAPHS, None))


@pytest.mark.parametrize(
    ("text", "status", "reply", "reason"),
    [
        # Exchange's generic status of its own, refined by the remote server's carried after "smtp;".
        (
            "gianni.rota@example.net\nmx.example.net\n"
            "Remote Server returned '554 5.4.0 <mx.example.net #5.4.6 smtp; 554 5.4.6 Hop count exceeded - "
            "possible mail loop>'",
            "5.4.6",
            "554",
            "networkerror",
        ),
        # The same status on both sides: the reply code is the one the remote server gave (553, not
        # Exchange's 554), the quoted reply wrapped by the mail program the paste came from.
        (
            "gianni.rota@example.net\n192.0.2.18\n"
            "Remote Server returned '554 5.7.1 <192.0.2.18 #5.7.1 smtp; 553 5.7.1\n"
            "Hello [198.51.100.4], the sender address <anna@example.com> is refused here>'",
            "5.7.1",
            "553",
            None,
        ),
    ],
)
def test_exchange_carried_reply_pasted_alone_gives_the_remote_servers_codes(
    catalog: Catalog, text: str, status: str, reply: str, reason: str | None
) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.status, result.reply_code) == ("gianni.rota@example.net", status, reply)
    if reason is not None:
        assert result.reason == reason


# ---- Gmail's delay notice: its details heading pasted alone ----

# Gmail's warning that it is still trying heads the reason "Technical details of temporary failure:"
# (its failure: "… of permanent failure:"); people paste that block alone into a question.
GMAIL_TEMPORARY_DETAILS = """Technical details of temporary failure:
The recipient server did not accept our requests to connect. Learn more at https://support.google.com/mail/answer/7720
[mx.fabrikam.example. 192.0.2.44: timed out]
"""


def test_gmail_temporary_failure_details_pasted_alone_are_a_delay(catalog: Catalog) -> None:
    [result] = diagnose(GMAIL_TEMPORARY_DETAILS, catalog).results
    assert (result.action, result.permanent, result.hard_bounce) == ("delayed", False, False)
    # The same block under Gmail's permanent heading stays a failure.
    [failed] = diagnose(GMAIL_TEMPORARY_DETAILS.replace("temporary failure", "permanent failure"), catalog).results
    assert failed.action == "failed"


# ---- Delivery-status fields pasted from an extension field down ----

# PowerMTA writes its own per-message field under Reporting-MTA ("X-PowerMTA-VirtualMTA:", an RFC 3464
# §2.4 extension field); a paste that starts there is still the report's fields, not a mail's header.
POWERMTA_FIELDS_FROM_EXTENSION = """X-PowerMTA-VirtualMTA: pool-b
Received-From-MTA: dns;app01.example.net (192.0.2.17)
Arrival-Date: Tue, 3 Nov 2026 09:41:07 +0100
Final-Recipient: rfc822;irene.colombo@fabrikam.example
Action: failed
Status: 5.1.1 (bad destination mailbox address)
Remote-MTA: dns;mx.fabrikam.example (192.0.2.80)
Diagnostic-Code: smtp;550 5.1.1 <irene.colombo@fabrikam.example>: Recipient address rejected: User unknown
X-PowerMTA-BounceCategory: bad-mailbox
"""


def test_dsn_fields_pasted_from_an_extension_field_are_read(catalog: Catalog) -> None:
    [result] = diagnose(POWERMTA_FIELDS_FROM_EXTENSION, catalog).results
    assert (result.recipient, result.status, result.reply_code, result.reason) == (
        "irene.colombo@fabrikam.example",
        "5.1.1",
        "550",
        "userunknown",
    )
    assert result.remote_host == "mx.fabrikam.example"


def test_a_header_with_from_and_date_is_no_dsn_paste() -> None:
    from ndr_atlas.parse import dsn_fields_only, looks_like_mime

    header = "X-Mailer: ExampleMail 2.1\nFrom: ugo@example.org\nDate: Tue, 3 Nov 2026 09:41:07 +0100\nFinal-Recipient: rfc822;a@example.org\n\nbody\n"
    assert not dsn_fields_only(header) and looks_like_mime(header)
    assert dsn_fields_only(POWERMTA_FIELDS_FROM_EXTENSION) and not looks_like_mime(POWERMTA_FIELDS_FROM_EXTENSION)


# RFC 3464 §2.1 puts the per-message fields in a block of their own above the recipients'. Postfix
# writes its extension fields (X-Postfix-Queue-ID, X-Postfix-Sender) under Reporting-MTA: a paste that
# starts there has no Final-Recipient in its first block, yet is the report's fields.
POSTFIX_FIELDS_FROM_EXTENSION = """X-Postfix-Queue-ID: 4Q7ZK2xT1bz9tQ
X-Postfix-Sender: rfc822; marta.greco@contoso.example
Arrival-Date: Tue,  1 Dec 2026 10:40:12 +0100 (CET)

Final-Recipient: rfc822; ugo.ferri@tailspin.example
Original-Recipient: rfc822;ugo.ferri@tailspin.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.tailspin.example
Diagnostic-Code: smtp; 550 5.1.1 <ugo.ferri@tailspin.example>: Recipient address
    rejected: User unknown in local recipient table
"""


def test_dsn_fields_pasted_from_a_per_message_extension_field_are_read(catalog: Catalog) -> None:
    from ndr_atlas.parse import looks_like_mime

    assert not looks_like_mime(POSTFIX_FIELDS_FROM_EXTENSION)
    [result] = diagnose(POSTFIX_FIELDS_FROM_EXTENSION, catalog).results
    assert (result.recipient, result.status, result.reply_code, result.reason) == (
        "ugo.ferri@tailspin.example",
        "5.1.1",
        "550",
        "userunknown",
    )
    # A local error with no reply code: its words are in the Diagnostic-Code that dsnpaste reads.
    local = POSTFIX_FIELDS_FROM_EXTENSION.split("Status:", 1)[0] + (
        "Status: 5.0.0\nDiagnostic-Code: X-Postfix; mail for tailspin.example loops back to myself\n"
    )
    [result] = diagnose(local, catalog).results
    assert (result.recipient, result.status) == ("ugo.ferri@tailspin.example", "5.0.0")
    assert "loops back to myself" in result.diagnostic and result.reason != "undefined"  # read as a mail: no words, undefined
    # The same block over a body that is no recipient's fields stays a mail's header.
    for body in ("Hello Ugo,\nthe figures are attached.\n", "Action: failed\nStatus: 5.1.1\n"):
        mail = POSTFIX_FIELDS_FROM_EXTENSION.split("\n\n", 1)[0] + "\nMIME-Version: 1.0\n\n" + body
        assert looks_like_mime(mail), body
    # An ordinary mail whose header opens with X- fields is still a mail, its body not read as fields.
    mail = "X-Mailer: ExampleMail 2.1\nX-Priority: 3\nFrom: ugo@example.org\nDate: Tue, 3 Nov 2026 09:41:07 +0100\n\nFinal-Recipient: rfc822;a@example.org\n"
    assert looks_like_mime(mail)


# ---- A report pasted into a web forum, a blank line after every line ----

# A forum that makes each pasted line a paragraph puts a blank line after every one; the poster took
# the address out. The fields still say the message is only delayed (Postfix retries a 5XX greeting).
FORUM_DOUBLE_SPACED_DELAY = "\n\n".join(
    [
        "<address removed>: host mx.fabrikam.example[192.0.2.60] refused to talk to",
        "me: 554 in01.fabrikam.example cmsmtp blocked. Please see the error codes page",
        "Reporting-MTA: dns; relay.example.net",
        "X-Postfix-Queue-ID: 7C1D2E3F40",
        "Arrival-Date: Tue, 3 Nov 2026 10:02:11 +0100 (CET)",
        "Final-Recipient: rfc822; address removed",
        "Action: delayed",
        "Status: 4.0.0",
        "Remote-MTA: dns; mx.fabrikam.example",
        "Diagnostic-Code: smtp; 554 in01.fabrikam.example cmsmtp blocked. Please see the error codes page",
        "Will-Retry-Until: Sun, 8 Nov 2026 10:02:11 +0100 (CET)",
    ]
)


def test_double_spaced_forum_paste_keeps_its_fields_together(catalog: Catalog) -> None:
    [result] = diagnose(FORUM_DOUBLE_SPACED_DELAY, catalog).results
    assert (result.action, result.status, result.reply_code, result.permanent) == ("delayed", "4.0.0", "554", False)
    # With its address, the recipient's fields name it, as they do written single-spaced.
    named = FORUM_DOUBLE_SPACED_DELAY.replace("rfc822; address removed", "rfc822; dario.greco@fabrikam.example")
    [result] = diagnose(named, catalog).results
    assert (result.recipient, result.action) == ("dario.greco@fabrikam.example", "delayed")


def test_single_spaced_paste_is_read_as_written() -> None:
    from ndr_atlas.formats.dsnpaste import single_spaced

    assert single_spaced(POSTFIX_DELAYED_5XX_GREETING) == POSTFIX_DELAYED_5XX_GREETING
    # Two blank lines in the forum's copy are the one blank line the report had; the common indent goes.
    text = "    Arrival-Date: x\n\n    Reporting-MTA: dns; a\n\n\n    Final-Recipient: rfc822; b@example.org\n\n    Action: failed\n"
    assert single_spaced(text) == "Arrival-Date: x\nReporting-MTA: dns; a\n\nFinal-Recipient: rfc822; b@example.org\nAction: failed\n"


# A report's fields pasted as a Markdown code block (four spaces before every line), as a hosting
# knowledge-base page and a shop's help page show them: the Diagnostic-Code's reply is read as it is
# from the fields written at the start of the line.
INDENTED_FIELDS_PASTE = """\
    Final-Recipient: rfc822; nadia.ferri@contoso.example
    Original-Recipient: rfc822;nadia.ferri@contoso.example
    Action: failed
    Status: 5.7.1
    Remote-MTA: dns; mx2.contoso.example
    Diagnostic-Code: smtp; 554 5.7.1 Client host [192.0.2.77] rejected: listed in
     bl.example.net, see https://bl.example.net/lookup?ip=192.0.2.77
"""


def test_fields_indented_as_a_code_block_keep_their_reply(catalog: Catalog) -> None:
    [result] = diagnose(INDENTED_FIELDS_PASTE, catalog).results
    assert (result.recipient, result.status, result.reply_code, result.reason) == (
        "nadia.ferri@contoso.example",
        "5.7.1",
        "554",
        "blocked",
    )
    assert result.remote_host == "mx2.contoso.example"


# ---- A person's reply that quotes a bounce, pasted or forwarded: no failure (issue 11) ----
# Our own texts. The attribution line as mail programs write it: Gmail wraps a long one before its
# verb, Thunderbird and KMail in German put the name after "schrieb", Gmail in some locales writes
# an ISO date and the address with no verb; the writer's words may stand between quoted blocks.
REPLY_QUOTING_QMAIL = """\
The list server is fine, your provider refuses the mail since its DMARC change.
Ask them to accept it, or post from another address.

{attribution}

> Does anybody else get these? Since Monday every post comes back.
>
> > Hi. This is the qmail-send program at mx.example.org.
> > I'm afraid I wasn't able to deliver your message to the following addresses.
> > This is a permanent error; I've given up. Sorry it didn't work out.
> >
> > <paolo.verdi@example.com>:
> > 192.0.2.25 failed after I sent the message.
> > Remote host said: 550 5.7.1 Unauthenticated email is not accepted
"""


@pytest.mark.parametrize(
    "attribution",
    [
        "On Tue, Mar 3, 2026 at 10:12 AM, Paolo Verdi <paolo.verdi@example.com>\nwrote:",
        "2026-03-03 10:12 GMT+01:00  <paolo.verdi@example.com>:",
        "Am 03.03.2026 um 10:12 schrieb Paolo Verdi:",
    ],
)
def test_a_pasted_reply_with_any_attribution_line_is_no_failure(catalog: Catalog, attribution: str) -> None:
    report = diagnose(REPLY_QUOTING_QMAIL.format(attribution=attribution), catalog)
    assert (report.kind, report.results) == ("quoted", [])


# A bottom-posted reply: the attribution opens the paste, the answered mail quoted below it, and the
# writer cites the error they got in their own (unquoted) words, a Postfix line copied from a report.
REPLY_OPENING_WITH_ATTRIBUTION = """\
On Mon, Mar 02, 2026 at 18:02:09 +0100, Carla Neri wrote:
> The binding looks fine to me now, but the vendor prefix is still the old one.
>
> Could you send a new version with that fixed?

I sent it on Friday, but the maintainer's address refuses my mail:

<ugo@example.net>: host mx.example.net[192.0.2.40] said: 554 5.7.1 Message
    rejected due to local policy (in reply to end of DATA command)

Maybe they get it from the list.
"""


def test_a_reply_that_opens_with_its_attribution_is_no_failure(catalog: Catalog) -> None:
    report = diagnose(REPLY_OPENING_WITH_ATTRIBUTION, catalog)
    assert (report.kind, report.results, [a.address for a in report.addresses]) == ("quoted", [], ["ugo@example.net"])


def test_the_writers_words_between_quoted_blocks_count() -> None:
    from ndr_atlas.formats.conversation import pasted_reply

    interleaved = (
        "Some text above.\n\nElena Riva wrote:\n> The mail to the shop came back:\n>\n> <negozio@example.org>:\n"
        "> Sorry, no mailbox here by that name. (#5.1.1)\n\nThe shop moved to a new domain last month, so the\n"
        "old address is gone for good.\n\n> Any idea why?\n"
    )
    assert pasted_reply(interleaved) is not None
    # A quote under an attribution with no words of the writer's own is a report passed on: read.
    assert pasted_reply("Elena Riva wrote:\n> <negozio@example.org>:\n> Sorry, no mailbox here by that name. (#5.1.1)\n") is None


# A mail that is no report forwarded under an Outlook block whose title names one: a list post (a
# person's reply, list footer and all) and a PEC transport envelope (DM 2 novembre 2005: "Messaggio
# di posta certificata" … "Identificativo messaggio:"), which carries a delivered message.
FORWARD_BLOCK_NAMING_A_REPORT = """\
Hi, this came back when I wrote to the list. Can you check?

________________________________
From: Mail Delivery System <MAILER-DAEMON@mail.example.net>
Sent: Tuesday, March 3, 2026 10:12 AM
To: Maria Bianchi <maria@example.net>
Subject: Undelivered Mail Returned to Sender

{body}"""
LIST_POST_BODY = """\
On 02.03.2026 16:04, Carla Neri wrote:
> I doubt the cache can be trusted after a resume; we lose either way.

Then the resume path should drop it, as the suspend path already does.
Patch follows tomorrow.

--
To unsubscribe, send a message with 'unsubscribe devel' in
the body to majordomo@lists.example.org.
"""
PEC_ENVELOPE_BODY = """\
Messaggio di posta certificata

Il giorno 03/03/2026 alle ore 10:12:01 (+0100) il messaggio
"Fattura 42" e' stato inviato da "fatture@pec.example.it"
indirizzato a:
amministrazione@pec.example.it

Il messaggio originale e' incluso in allegato.
Identificativo messaggio: opec21.20260303101201.1234.1@pec.example.it
"""


@pytest.mark.parametrize("body", [LIST_POST_BODY, PEC_ENVELOPE_BODY])
def test_no_report_under_a_block_that_names_one_gives_no_failure(catalog: Catalog, body: str) -> None:
    assert diagnose(body, catalog).results == []
    report = diagnose(FORWARD_BLOCK_NAMING_A_REPORT.format(body=body), catalog)
    assert (report.kind, report.results) == ("not-bounce", [])


def test_a_bare_error_under_a_block_that_names_a_report_is_still_read(catalog: Catalog) -> None:
    # The block's title counts with a report's lines that read nothing alone.
    body = "Remote server replied:\n550 5.1.1 <ugo@example.net>: Recipient address rejected: User unknown\n"
    [result] = diagnose(FORWARD_BLOCK_NAMING_A_REPORT.format(body=body), catalog).results
    assert (result.recipient, result.status) == ("ugo@example.net", "5.1.1")


# PP's (ISODE) delay warning, pasted: no code at all, its words say the delivery is still tried. Our text.
PP_DELAY_WARNING = """\
The following message:

UA-ID: Reliable PC (12345)
Q-ID: mta1.example.ac.uk:12/msg.4711-0

has not been delivered to the intended recipient:

    rita.conti@example.ac.uk

despite repeated delivery attempts over the past 24 hours.

The usual cause of this problem is that the remote system is
temporarily unavailable.

Delivery will continue to be attempted up to a total elapsed time of
168 hours, i.e., 7 days.
"""


def test_pp_delay_warning_is_a_delay(catalog: Catalog) -> None:
    [result] = diagnose(PP_DELAY_WARNING, catalog).results
    assert (result.recipient, result.action, result.permanent) == ("rita.conti@example.ac.uk", "delayed", False)


# Courier's DSN text part (module.dsn/dsn.C, format_del_info): the peer's name, then each command
# sent as " >>> " and each reply line read as " <<< "; the Diagnostic-Code carries the reply alone.
COURIER_UNDELIVERABLE = """This is a delivery status notification from smtp.example.net,
running the Courier mail server, version 1.2.3.

The original message was received on Mon, 7 Dec 2026 09:30:11 +0100
from laptop4.example.net [192.0.2.44]

                           UNDELIVERABLE MAIL

Your message to the following recipients cannot be delivered:

 <marta.rossi@fabrikam.example>:
     mx2.fabrikam.example [198.51.100.80]:
 >>> RCPT TO:<marta.rossi@fabrikam.example>
 <<< 550 5.1.1 <marta.rossi@fabrikam.example>: no mailbox by that name here
"""


def test_courier_transcript_reply_is_the_diagnostic_without_its_marker(catalog: Catalog) -> None:
    [result] = diagnose(COURIER_UNDELIVERABLE, catalog).results
    assert (result.recipient, result.reply_code, result.status, result.command) == (
        "marta.rossi@fabrikam.example",
        "550",
        "5.1.1",
        "RCPT",
    )
    assert result.diagnostic == "550 5.1.1 <marta.rossi@fabrikam.example>: no mailbox by that name here"
    assert result.remote_host == "mx2.fabrikam.example"  # the peer line above " >>> " (format_del_info's "%s:")


# Courier's delayed notice, pasted: each recipient's peer line names the server that deferred it
# (module.dsn/dsn.c, format_del_info; printremotemta writes the same peer as Remote-MTA, not pasted).
COURIER_DELAYED_TWO_PEERS = """This is a delivery status notification from relay.example.com,
running the Courier mail server, version 1.3.1.

                     DELAYS IN DELIVERING YOUR MESSAGE

The delivery of the following E-mail message has been delayed.  This is an
advisory notice only; it is sent only to notify you about a temporary delay
in delivering your message.  You DO NOT need to do anything at this time.
Additional attempts to deliver your message will be made.

 <luca.ferri@tailspin.example>:
     mx-a.tailspin.example [203.0.113.9]:
 >>> RCPT TO:<luca.ferri@tailspin.example>
 <<< 452 4.2.2 <luca.ferri@tailspin.example>: mailbox over quota, try later

 <sara.gallo@wingtip.example>:
     smtp-in.mail.wingtip.example [2001:db8::25]:
 >>> DATA
 <<< 451 4.3.0 local error in processing, please retry
"""


def test_courier_peer_line_names_each_recipients_remote_host(catalog: Catalog) -> None:
    results = diagnose(COURIER_DELAYED_TWO_PEERS, catalog).results
    assert [(r.recipient, r.reply_code, r.status, r.command, r.remote_host, r.action) for r in results] == [
        ("luca.ferri@tailspin.example", "452", "4.2.2", "RCPT", "mx-a.tailspin.example", "delayed"),
        ("sara.gallo@wingtip.example", "451", "4.3.0", "DATA", "smtp-in.mail.wingtip.example", "delayed"),
    ]
    # Only the peer's form (a name, its bracketed address, a colon) or a name alone: "name:" is no peer line.
    plain = COURIER_DELAYED_TWO_PEERS.replace(" [2001:db8::25]:", ":")
    assert diagnose(plain, catalog).results[1].remote_host is None


# Sendmail prefixes a 450/550/553 reply with the address it is about (err.c, fmtmsg: "to... "): the
# last line is about the local MAILER-DAEMON its own bounce went back to, not the recipient above.
SENDMAIL_LOOP_WITH_DOUBLE_BOUNCE = """   ----- The following addresses had permanent fatal errors -----
<reset-noreply@intranet.example>
    (reason: 553 5.3.5 system config error)

   ----- Transcript of session follows -----
553 5.3.5 intranet.example. config error: mail loops back to me (MX problem?)
554 5.3.5 Local configuration error
550 5.1.1 MAILER-DAEMON... User unknown
"""


def test_sendmail_reply_about_another_local_name_is_not_the_recipients(catalog: Catalog) -> None:
    [result] = diagnose(SENDMAIL_LOOP_WITH_DOUBLE_BOUNCE, catalog).results
    assert (result.recipient, result.reply_code, result.status, result.reason) == (
        "reset-noreply@intranet.example",
        "553",
        "5.3.5",
        "systemerror",
    )
    assert "MAILER-DAEMON" not in result.diagnostic
    # The recipient's own local part before "... " is still its reply.
    own = SENDMAIL_LOOP_WITH_DOUBLE_BOUNCE.replace("MAILER-DAEMON...", "reset-noreply...")
    [result] = diagnose(own, catalog).results
    assert "reset-noreply... User unknown" in result.diagnostic


# A Sendmail report as a blog page prints it, its typography "smartened" (WordPress's wptexturize,
# Kramdown: "---" an em dash, "--" an en dash, "..." an ellipsis) and some lines run together.
SENDMAIL_TEXTURED = (
    "Subject: Returned mail: see transcript for detailsThe original message was received at Tue, 8 Dec 2026 "
    "10:02:11 +0100 from pc3.example.net [192.0.2.3]\n"
    "\u2014\u2013 The following addresses had permanent fatal errors \u2014\u2013 <anna.verdi@fabrikam.example>\n"
    "(reason: 550 5.1.1 Mailbox does not exist)\n"
    "<paolo.blu@contoso.example>\n"
    "(reason: 552 5.2.2 Mailbox full) \u2014\u2013 Transcript of session follows \u2014\u2013 "
    "\u2026 while talking to mx.contoso.example.:\n"
    ">>> RCPT To:<paolo.blu@contoso.example>\n"
    "<<< 552 5.2.2 Mailbox full\n"
)


def test_typographic_dashes_of_a_reports_rules_read_as_hyphens(catalog: Catalog) -> None:
    got = diagnose(SENDMAIL_TEXTURED, catalog).results
    assert [(r.recipient, r.reply_code, r.status) for r in got] == [
        ("anna.verdi@fabrikam.example", "550", "5.1.1"),
        ("paolo.blu@contoso.example", "552", "5.2.2"),
    ]
    # A sentence's dash stands alone: no rule, nothing changed.
    assert clipboard.tidy("Delivery failed \u2014 see below\u2026") == "Delivery failed \u2014 see below\u2026"
    assert clipboard.tidy("\u2014\u2013 Transcript \u2014\u2013\n\u2026 while") == "----- Transcript -----\n... while"


def test_a_one_word_reply_before_dots_is_no_local_name_outside_sendmail_text(catalog: Catalog) -> None:
    """Sendmail's "550 5.1.1 name... text" names another local address only in a text Sendmail wrote
    (its DSN headings or its transcript's server line): under another MTA's list a server's own
    "Blocked... see <url>" is that recipient's reply."""
    text = (
        "Delivery to the following recipients failed.\n\n"
        "<luca.bianchi@fabrikam.example>\n550 5.7.1 Blocked... see https://lists.contoso.example/\n\n"
        "<anna.verdi@contoso.example>\n550 5.1.1 no such user\n"
    )
    results = {r.recipient: r for r in diagnose(text, catalog).results}
    assert results["luca.bianchi@fabrikam.example"].status == "5.7.1"
    assert results["luca.bianchi@fabrikam.example"].diagnostic.startswith("550 5.7.1 Blocked...")
    assert results["anna.verdi@contoso.example"].status == "5.1.1"


def test_gmails_older_messageid_wording_is_the_rfc5322_refusal(catalog: Catalog) -> None:
    """Gmail's older reply spelled the header "messageId" ("Messages missing a valid messageId header
    are not accepted."): the same refusal as "Message-ID", not RFC 5322 compliant."""
    text = (
        "<ann.rossi@example.net>: host gmail-smtp-in.l.google.com[192.0.2.27]\n"
        "    said: 550-5.7.1 [198.51.100.7] Messages missing a valid messageId header\n"
        "    are not 550 5.7.1 accepted. x12si3456789wmb.7 - gsmtp (in reply to end of DATA command)\n"
    )
    (failure,) = diagnose(text, catalog).results
    assert (failure.recipient, failure.reply_code, failure.status) == ("ann.rossi@example.net", "550", "5.7.1")
    assert failure.reason == "notcompliantrfc"


def test_a_webmails_mailso_refusal_in_its_log_names_the_recipient(catalog: Catalog) -> None:
    """MailSo (RainLoop, SnappyMail) logs a refused RCPT as 'Failed to add recipient "…": 550 …',
    the reply cut by a blank line, among a stack trace's lines: the recipient and the reply are read."""
    text = (
        "[2025-02-03 09:12:44.101][1a2b3c4d] SERVICE[WARNING]: CantSendMessage[302]\n"
        "#0 /var/www/webmail/app/libraries/RainLoop/Actions.php(80): RainLoop\\Actions->DoSendMessage()\n"
        "#1 /var/www/webmail/app/libraries/RainLoop/Service.php(15): RainLoop\\Service::RunResult()\n"
        "#2 {main}\n"
        '[2025-02-03 09:12:44.101][1a2b3c4d] SERVICE[WARNING]: - Failed to add recipient "luca.verdi@example.org": 550-"Sender\n'
        "\n"
        '550 domain not allowed" @ /var/www/webmail/app/libraries/MailSo/Smtp/SmtpClient.php#568\n'
    )
    (failure,) = diagnose(text, catalog).results
    assert (failure.recipient, failure.reply_code) == ("luca.verdi@example.org", "550")


def test_a_diagnostic_code_with_no_type_gives_its_reply(catalog: Catalog) -> None:
    """SendGrid writes a Diagnostic-Code with no diagnostic type ("Diagnostic-Code: 550 …", RFC 3464
    2.3.6 asks for "smtp;"): pasted alone, its reply code is still read."""
    text = (
        "Diagnostic-Code: 550 mail refused from a listed IP address, see https://bl.example.net/ [192.0.2.44]\n"
        'Diagnostic-Code: 550 "Junk mail refused - relay.example.com [192.0.2.44] is in a DNSBL"\n'
        "Diagnostic-Code: 550 mx1.example.org Connection refused. Your IP 192.0.2.44 is in a DNSBL\n"
    )
    results = diagnose(text, catalog).results
    assert results and all(r.reply_code == "550" for r in results)


# Every line of one multi-line reply carries the same code (RFC 5321, 4.2.1): a line under a "451"
# reply that opens with "550" is another reply (a later attempt's, another server's), never its rest.
@pytest.mark.parametrize(
    "text",
    [
        "Delivery to the following recipient failed:\n\n  nadia@contoso.com\n"
        "    451 4.7.1 Greylisted, please try again later\n    550 5.7.1 Message rejected as spam by content filter\n",
        "The following address(es) failed:\n\n  nadia@contoso.com\n    host mx.contoso.com [192.0.2.25]\n"
        "    SMTP error from remote mail server after RCPT TO:<nadia@contoso.com>:\n"
        "    451 4.7.1 Greylisted, please try again later\n    550 5.7.1 Message rejected as spam by content filter\n",
    ],
)
def test_a_line_with_another_reply_code_is_not_the_rest_of_the_reply(catalog: Catalog, text: str) -> None:
    [result] = diagnose(text, catalog).results
    assert result.recipient == "nadia@contoso.com"
    assert result.diagnostic.split(" | ") == [
        "451 4.7.1 Greylisted, please try again later",
        "550 5.7.1 Message rejected as spam by content filter",
    ]


def test_the_lines_of_one_multi_line_reply_are_still_joined(catalog: Catalog) -> None:
    text = (
        "Delivery to the following recipient failed:\n\n  nadia@contoso.com\n"
        "    550-5.7.1 Message rejected as spam by content filter:\n    550 5.7.1 see https://postmaster.contoso.com/spam\n"
    )
    [result] = diagnose(text, catalog).results
    assert " | " not in result.diagnostic and result.diagnostic.endswith("see https://postmaster.contoso.com/spam")


# A mail client's error naming its server's 4xx reply, with a person's words around it (and a cue like
# "said:"): the reply itself asks to try again later, nothing in the paste says the message was given up.
TRY_LATER_PASTES = [
    "Hi,\n\nSince Monday our web shop cannot send order mails. The log shows:\n\n"
    "Server mx.corriere.example said: 451 4.7.1 Try again later\n\n"
    "It happens for about ten minutes, then the mail goes out. Is the server greylisting us?\n"
    "We are on Debian 12 with the default exim4 setup and a smarthost; the smarthost is ours too.\n",
    "Our relay logs this for some recipients, then sends the mail anyway an hour later:\n\n"
    "host mail.studio-ferri.example said: 421 4.7.0 Try later, closing connection\n\n"
    "Is there a way to make it wait less between attempts?\n",
]


@pytest.mark.parametrize("text", TRY_LATER_PASTES)
def test_a_4xx_reply_asking_to_try_again_later_is_a_delay_in_a_paste(catalog: Catalog, text: str) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.action, result.permanent, result.retry) == ("delayed", False, "server")
    assert result.reply_code in ("451", "421")


def test_a_try_later_reply_in_a_report_that_gave_up_stays_a_failure(catalog: Catalog) -> None:
    # A report quoting the last 4xx reply it got says the message could not be delivered: a failure.
    text = (
        "Your message could not be delivered to one or more recipients.\n\n"
        "<ada.conti@studio-ferri.example>: host mail.studio-ferri.example[192.0.2.40] said: 451 4.7.1 Try again later\n"
        "    (in reply to RCPT TO command)\n"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.action) == ("ada.conti@studio-ferri.example", "failed")


def test_a_5xx_reply_asking_to_try_later_stays_a_failure(catalog: Catalog) -> None:
    text = "The server at mx.corriere.example said: 550 5.7.1 Service refused, please try again later\nand my mail did not go out.\n"
    [result] = diagnose(text, catalog).results
    assert (result.reply_code, result.action) == ("550", "failed")


# smtpd's own record of a 4xx refusal (smtpd_check.c's "NOQUEUE: reject: CMD from host[addr]: 450 …"),
# under a person's sentence saying the mail "bounced", with the tag as "[postfix/smtpd]" (no PID).
SMTPD_TEMPORARY_REJECT = (
    "A newsletter never reached us, so I looked at our server's log and found it bounced because of this:\n"
    "```\n"
    "Oct  2 09:14:05 [postfix/smtpd] connect from out7.mailer.example[198.51.100.7]\n"
    "Oct  2 09:14:06 [postfix/smtpd] NOQUEUE: reject: MAIL from out7.mailer.example[198.51.100.7]: 450 4.1.8 "
    "<bounce-77@mailer-return.example>: Sender address rejected: Domain not found; "
    "from=<bounce-77@mailer-return.example> proto=ESMTP helo=<out7.mailer.example>\n"
    "Oct  2 09:14:07 [postfix/smtpd] disconnect from out7.mailer.example[198.51.100.7] ehlo=1 mail=0/1 quit=1 commands=2/3\n"
    "```\n"
)


def test_a_postfix_smtpd_4xx_reject_record_is_a_delay_whatever_the_words_around_it(catalog: Catalog) -> None:
    [result] = diagnose(SMTPD_TEMPORARY_REJECT, catalog).results
    assert (result.reply_code, result.status, result.action, result.retry) == ("450", "4.1.8", "delayed", "server")
    # With the syslog tag Postfix's own way ("postfix/smtpd[PID]: ") and a recipient, the same.
    line = (
        "Oct  2 09:14:06 mx2 postfix/smtpd[3310]: NOQUEUE: reject: RCPT from out7.mailer.example[2001:db8::7]: 450 4.2.0 "
        "<sara@studio-ferri.example>: Recipient address rejected: Greylisted; from=<news@mailer.example> "
        "to=<sara@studio-ferri.example> proto=ESMTP helo=<out7.mailer.example>\n"
    )
    [result] = diagnose("The mail to Sara bounced:\n" + line, catalog).results
    assert (result.recipient, result.reply_code, result.action) == ("sara@studio-ferri.example", "450", "delayed")


def test_a_postfix_smtpd_5xx_reject_record_stays_a_failure(catalog: Catalog) -> None:
    text = SMTPD_TEMPORARY_REJECT.replace(": 450 4.1.8 ", ": 550 5.1.8 ")
    [result] = diagnose(text, catalog).results
    assert (result.reply_code, result.status, result.action) == ("550", "5.1.8", "failed")


# GMX, WEB.DE and 1&1 / IONOS end a refusal with a line pointing to their postmaster's page, a multi-line
# reply (RFC 5321 4.2.1) whose last line names no failure: pasted bare under a person's sentence, quoted
# or not, wrapped or joined on one line, it is still one failure with the reply's code.
PLATFORM_REPLY_PASTES = [
    "### What happens\n\nMail to a customer at web.de comes back with this:\n> 554-Transaction failed "
    "554-Reject due to policy restrictions. 554 For explanation visit "
    "https://postmaster.web.de/en/case?c=hi&i=ip&v=192.0.2.81\n\nAny idea?\n",
    "Sending to our GMX subscribers gives this message:\n554-Transaction failed\n554-Reject due to policy "
    "restrictions.\n554 For explanation visit https://postmaster.gmx.net/en/case?c=r0701&i=ip&v=198.51.100.14\n",
    "The relay answers:\n```\n   554-Transaction failed 554-Reject due to policy restrictions. 554 For\n"
    "    explanation visit\n    https://postmaster.1und1.de/de/case?c=hi&i=ip&v=203.0.113.9\n"
    "    (in reply to end of DATA command)\n```\n",
]


@pytest.mark.parametrize("text", PLATFORM_REPLY_PASTES)
def test_the_gmx_platforms_multi_line_refusal_pasted_bare_is_a_failure(catalog: Catalog, text: str) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.reason, result.action) == (None, "554", "policyviolation", "failed")


def test_the_gmx_platforms_refusal_after_its_recipient_keeps_the_recipient(catalog: Catalog) -> None:
    # A paste that names the address is left to the readers of its context, which pair the two.
    text = (
        "<lia.moretti@example.org>: host mx00.gmx.net[212.227.15.9] said: 554-Transaction failed 554-Reject due to "
        "policy restrictions. 554 For explanation visit https://postmaster.gmx.net/en/case?c=hi (in reply to end of DATA command)"
    )
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.action) == ("lia.moretti@example.org", "554", "failed")


def test_an_explanation_line_of_another_host_is_not_the_gmx_platforms() -> None:
    from ndr_atlas.formats import gmx
    from ndr_atlas.formats.base import Source

    text = "554-Transaction failed\n554 For explanation visit https://postmaster.example.net/case?c=hi\n"
    assert gmx.read(Source(text, None)) is None


# ---- A Postfix pipe delivery's report pasted as text: the recipient at a one-label host ----

# Postfix names a recipient its pipe(8) transport delivered to at its bare $myhostname or "localhost"
# (an alias expanded to "helpdesk@localhost"); the reply-less local error has only the fields' words,
# and the returned original's To: below names the address the sender wrote, not the failed one.
POSTFIX_PIPE_ONE_LABEL_PASTE = """\
This is the mail system at host relay3.ticketdesk.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<helpdesk@localhost> (expanded from <t-5521@relay3.ticketdesk.example>): Invalid
    ticket token: the reply address has expired.

Final-Recipient: rfc822; helpdesk@localhost
Original-Recipient: rfc822;t-5521@relay3.ticketdesk.example
Action: failed
Status: 5.1.1
Diagnostic-Code: x-unix; Invalid ticket token: the reply address has expired.

---------- Forwarded message ----------
From: Marta Vinci <marta.vinci@example.org>
To: t-5521@replies.ticketdesk.example
Date: Tue, 3 Nov 2026 09:12:40 +0100
Subject: Re: ticket 5521

Thanks, that worked.
"""


def test_a_pasted_dsn_names_its_final_recipient_at_a_one_label_host(catalog: Catalog) -> None:
    """RFC 3464 2.3.2: the Final-Recipient field is the address the report is about, a local
    recipient at a host with no domain ("helpdesk@localhost") too; the scanner reads no such address
    and would name the quoted original's To:."""
    [result] = diagnose(POSTFIX_PIPE_ONE_LABEL_PASTE, catalog).results
    assert (result.recipient, result.status, result.action) == ("helpdesk@localhost", "5.1.1", "failed")
    assert "ticket token" in result.diagnostic
    # Angle brackets around the field's address are the address's own.
    angled = POSTFIX_PIPE_ONE_LABEL_PASTE.replace("rfc822; helpdesk@localhost", "rfc822; <helpdesk@localhost>")
    assert [r.recipient for r in diagnose(angled, catalog).results] == ["helpdesk@localhost"]
    # A value that is no one address (words, no "@", a stray bracket) names no recipient: the
    # scanner's stays.
    for value in ("rfc822; helpdesk at localhost", "rfc822; helpdesk", "rfc822; <helpdesk@localhost"):
        garbled = POSTFIX_PIPE_ONE_LABEL_PASTE.replace("rfc822; helpdesk@localhost", value)
        assert [r.recipient for r in diagnose(garbled, catalog).results] != ["helpdesk@localhost"], value


def test_a_one_label_final_recipient_must_be_the_fields_whole_value() -> None:
    from ndr_atlas.formats.dsnpaste import one_label_final_recipients

    def group(value: str) -> str:
        return f"Final-Recipient: {value}\nAction: failed\nStatus: 5.1.1\n"

    assert one_label_final_recipients(group("RFC822; Ops@Vesta")) == {"ops@vesta"}
    assert one_label_final_recipients(group("rfc822;<ops@vesta>")) == {"ops@vesta"}
    for value in ("rfc822; ops@vesta extra", "rfc822; <ops@vesta", "rfc822; ops@vesta>", "x400; ops@vesta", "rfc822; ops"):
        assert one_label_final_recipients(group(value)) == set(), value


# ---- Several refusals pasted with every address left out: one failure each ----

NO_ADDRESS_PASTES = FIXTURES / "addressless"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Diagnostic-Code lines of three reports, one under the other.
        (
            "admin-summary-three-refusals-no-address.txt",
            [("550", "5.7.1", "blocked"), ("552", "5.2.2", "mailboxfull"), ("550", "5.1.1", "userunknown")],
        ),
        # Postfix records cut before "to=", each with its own "said: 5xx" reply.
        (
            "postfix-records-cut-before-to-three-refusals.txt",
            [("554", "5.7.1", "spamdetected"), ("550", "5.1.1", "userunknown"), ("552", "5.2.2", "mailboxfull")],
        ),
        # Replies in parentheses after the domains, one of them a multi-line reply on one line.
        (
            "provider-refusals-in-parentheses-no-address.txt",
            [("550", "5.7.26", "authfailure"), ("554", "5.7.9", "policyviolation")],
        ),
    ],
)
def test_distinct_refusals_with_no_address_are_failures_of_their_own(
    catalog: Catalog, name: str, expected: list[tuple[str, str, str]]
) -> None:
    results = diagnose((NO_ADDRESS_PASTES / name).read_text(), catalog).results
    assert [(r.reply_code, r.status, r.reason) for r in results] == expected
    assert all(r.recipient is None and r.action == "failed" for r in results)
    # Each keeps its own reply's text, not its neighbours'.
    assert all(" | " not in r.diagnostic for r in results)


def test_postfix_records_cut_before_to_keep_their_own_server_and_command(catalog: Catalog) -> None:
    results = diagnose((NO_ADDRESS_PASTES / "postfix-records-cut-before-to-three-refusals.txt").read_text(), catalog).results
    assert [(r.remote_host, r.command) for r in results] == [
        ("mx1.fabrikam.example", "DATA"),
        ("mx.tailspin.example", "RCPT"),
        ("in.northwind.example", "RCPT"),
    ]


def test_one_reply_quoted_twice_with_no_address_stays_one_failure(catalog: Catalog) -> None:
    """A notice's words and its DSN's Diagnostic-Code (a multi-line reply, 550-5.1.1 … 550 5.1.1 …)
    quote the same refusal: one failure, both quotes its evidence."""
    text = (NO_ADDRESS_PASTES / "one-refusal-quoted-twice-no-address.txt").read_text()
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.status, result.reason) == (None, "550", "5.1.1", "userunknown")
    assert "Please check the address" in result.diagnostic
    # Another text under the same codes is another refusal.
    other = text.replace("550-5.1.1 Mailbox unavailable, no such user here", "550-5.1.1 Account closed by its owner last year")
    assert len(diagnose(other, catalog).results) == 2


def test_refusals_are_not_split_when_the_paste_names_an_address(catalog: Catalog) -> None:
    """The rule holds only where no address is named anywhere: with one, the recipient choice decides."""
    text = (NO_ADDRESS_PASTES / "admin-summary-three-refusals-no-address.txt").read_text()
    named = text.replace("Any idea how", "Write to me at lista@example.net: any idea how")
    assert len(diagnose(named, catalog).results) == 1


def test_reply_codes_in_prose_are_not_refusals_of_their_own(catalog: Catalog) -> None:
    """A code the writer mentions in a sentence does not open a refusal: the paste stays one failure."""
    text = (
        "Bounce report for the weekly mailing, addresses removed.\n\n"
        "Diagnostic-Code: smtp; 550 5.1.1 No such user in this domain\n"
        "we also saw 552 5.2.2 now and then but those retried fine\n"
    )
    assert len(diagnose(text, catalog).results) == 1


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        # Postfix's RHSBL refusal brackets the address it looked up, after its class (postconf(5),
        # default_rbl_reply "$rbl_class [$rbl_what] blocked using $rbl_domain"): "Sender address" is
        # the envelope sender, so the failure names no recipient; "Recipient address" is the recipient.
        (
            "Delivery to the alias failed:\n"
            "smtp; 554 5.7.1 Service unavailable; Sender address [news@offerte-lampo.example] blocked using"
            " dbl.rhsbl.example; listed, see https://rhsbl.example/lookup\n",
            None,
        ),
        (
            "smtp; 554 5.7.1 Service unavailable; Recipient address [ufficio@trattoria-sole.example] blocked"
            " using rhsbl.blocklist.example\n",
            "ufficio@trattoria-sole.example",
        ),
        # A forum's e-mail link turned into text leaves "label <address>" inside the reply's brackets:
        # both are the sender Postfix's smtpd_sender_restrictions refused.
        (
            "My reply bounced, the error was:\n"
            "Remote server replied: 554 5.7.1 <marco@studio-verdi.example <m.verdi@studio-verdi.example>>:"
            " Sender address rejected: Access denied\n",
            None,
        ),
    ],
)
def test_an_address_the_reply_calls_the_sender_is_no_recipient(catalog: Catalog, text: str, recipient: str | None) -> None:
    [result] = diagnose(text, catalog).results
    assert (result.recipient, result.action) == (recipient, "failed")


# A patch mail pasted (git-format-patch(1): commit message, Signed-off-by trailer, "---", diffstat, diff)
# whose commit message cites a bounce, and a reply that quotes one under "> ": a person's mail, no report.
PATCH_CITING_BOUNCE = """\
The address of Bruno Rinaldi bounces permanently:

  Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

so list Carla Neri for the driver instead.

Signed-off-by: Paolo Verdi <paolo.verdi@example.com>
Acked-by: Ugo Bassi <ugo.bassi@example.net>
---
 MAINTAINERS | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/MAINTAINERS b/MAINTAINERS
index 1f0e2a3..7c4d5b6 100644
"""

REPLY_QUOTING_PATCH = """\
On Sun, Nov 08, 2026 at 11:02:10AM +0100, Paolo Verdi wrote:
> Mails to bruno.rinaldi@fabrikam.example bounce ("550 #5.1.0 Address rejected.").  List
> Carla Neri as the driver's maintainer.
>
> Signed-off-by: Paolo Verdi <paolo.verdi@example.com>
> ---
>  MAINTAINERS | 2 +-
>  1 file changed, 1 insertion(+), 1 deletion(-)

Applied to the docs tree, thanks.
"""

# The near miss: a report that returns a patch mail opens with its own words above the returned
# message's header block, and is read as the report it is.
BOUNCE_OF_PATCH = """\
This is the mail system at host mail.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<carla.neri@fabrikam.example>: host mx.fabrikam.example[192.0.2.25] said: 550
    5.1.1 <carla.neri@fabrikam.example>: Recipient address rejected: User
    unknown in local recipient table (in reply to RCPT TO command)

From: Paolo Verdi <paolo.verdi@example.com>
To: carla.neri@fabrikam.example
Subject: [PATCH v2] docs: fix the example paths
Date: Sun, 8 Nov 2026 11:02:10 +0100
Message-ID: <20261108100210.41877-2-paolo.verdi@example.com>

The example paths named a directory that moved.

Signed-off-by: Paolo Verdi <paolo.verdi@example.com>
---
 docs/example.rst | 4 ++--
 1 file changed, 2 insertions(+), 2 deletions(-)

diff --git a/docs/example.rst b/docs/example.rst
"""


@pytest.mark.parametrize("text", [PATCH_CITING_BOUNCE, REPLY_QUOTING_PATCH], ids=["patch", "reply-quoting-patch"])
def test_a_patch_mail_citing_a_bounce_is_no_failure(catalog: Catalog, text: str) -> None:
    report = diagnose(text, catalog)
    assert (report.kind, report.results) == ("quoted", [])


def test_a_bounce_that_returns_a_patch_mail_is_read(catalog: Catalog) -> None:
    report = diagnose(BOUNCE_OF_PATCH, catalog)
    assert report.kind == "bounce"
    assert [(r.recipient, r.status, r.reason) for r in report.results] == [("carla.neri@fabrikam.example", "5.1.1", "userunknown")]
