"""Phrases from other bounce classifiers' rule tables, and from providers' own documentation, each
in an SMTP reply of our own, give the reason Sisimai 5 would give them. The sources are the phrase
-> category tables in the code of other open-source bounce handlers (KumoMTA's community bounce
rules, cfortune's PHP-Bounce-Handler response table, Mautic's bounce parsers after PHPMailer-BMH,
Dada Mail's bounce rules) and the wording Google and Virgilio document for their own replies. Only
real server wordings are kept (not a table's category names); each reply is read in the three forms
of ``test_sisimai_reason_lists``: a Postfix text bounce naming the refused command, an RFC 3464
report whose Status is only 5.0.0 (4.0.0), and one with no Status field.

The phrases are the tables'; the lines around them, the addresses and the hosts are ours. A table's
category (KumoMTA's are those of SparkPost/Momentum's bounce classification codes) is mapped to
Sisimai's reason names (InvalidRecipient -> userunknown, InactiveMailbox -> suspend, QuotaIssues ->
mailboxfull, SpamBlock -> blocked, SpamContent -> spamdetected, a status code 5.1.1 -> userunknown,
5.2.1 -> suspend, 5.2.2 -> mailboxfull …). Where the words mean something else than the table's
category, ``DELIBERATE`` gives the reason and why."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bounce_templates import WRAP_IDS, WRAPS, Wording, check_reason
from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas_build.compile import compile_catalog

# fmt: off
TABLES = [
    # KumoMTA, assets/community/bounces.toml: InvalidRecipient
    Wording("552 1 Requested mail action aborted, mailbox not found", "RCPT TO", "userunknown"),
    Wording("550 5.5.0 Requested action not taken: mailbox unavailable", "RCPT TO", "userunknown"),
    Wording("550 No such user here", "RCPT TO", "userunknown"),
    Wording("550 Invalid Recipient - https://mimecast.example.net/docs#550", "RCPT TO", "userunknown"),
    Wording("550 Address invalid", "RCPT TO", "userunknown"),
    Wording("553 sorry, no mail-box here by that name. (#5.1.1)", "RCPT TO", "userunknown"),
    Wording("550 Message was not accepted -- invalid mailbox.  Local mailbox bob@example.org is unavailable: user not found", "RCPT TO", "userunknown"),
    Wording("550 Utilisateur inconnu", "RCPT TO", "userunknown"),
    Wording("554 5.7.1 <bob@example.org>: Recipient address rejected: User unknown", "RCPT TO", "userunknown"),
    Wording("550 5.1.1 <bob@example.org> recipient unrecognized", "RCPT TO", "userunknown"),
    Wording("550 5.1.1 <bob@example.org>: Recipient address rejected: undeliverable address: No such user here", "RCPT TO", "userunknown"),
    # KumoMTA: InvalidRecipient; cfortune's bounce_responses.php: "Recipient not allowed" => 5.1.1
    Wording("550 That recipient is not allowed", "RCPT TO", "userunknown"),
    # KumoMTA: InactiveMailbox (Yahoo's 554.30)
    Wording("554 30 Sorry, your message to bob@example.org cannot be delivered. This mailbox is disabled (554.30).", "RCPT TO", "suspend"),
    # KumoMTA: QuotaIssues
    Wording("452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.example.com/mail/?p=OverQuotaTemp", "RCPT TO", "mailboxfull"),
    Wording("552 Requested mail action aborted: exceeded storage allocation Quota exceeded", "RCPT TO", "mailboxfull"),
    Wording("552 5.2.2 user's mailbox quota exceeded", "RCPT TO", "mailboxfull"),
    Wording("550 5.2.2 <bob@example.org> Mailbox is full / Blocks limit exceeded / Inode limit exceeded", "end of DATA", "mailboxfull"),
    Wording("552 Mailbox full", "RCPT TO", "mailboxfull"),
    Wording("554 5.2.2 Quota exceeded (mailbox for user is full)", "end of DATA", "mailboxfull"),
    Wording("552 5.2.2 extended quota violation", "RCPT TO", "mailboxfull"),
    Wording("550 5.2.2 bob@example.org account is overquota", "RCPT TO", "mailboxfull"),
    # KumoMTA: RoutingErrors
    Wording("550 5.7.1 relay not permitted", "RCPT TO", "norelaying"),
    Wording("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", "RCPT TO", "norelaying"),
    Wording("550 bob@example.org isn't allowed to relay", "RCPT TO", "norelaying"),
    # Virgilio's help page on its delivery reports (aiuto.virgilio.it/?p=313): "MAILBOX FULL (User quota
    # exceeded)"; cfortune: "quota exceeded" => 4.2.2
    Wording("552 5.2.2 Mailbox full (User quota exceeded)", "RCPT TO", "mailboxfull"),
    # The same pages (and Libero's): "RELAYING NOT ALLOWED (550 Relay Disabled)"; the tables' "relay not
    # permitted" family
    Wording("550 Relay Disabled", "RCPT TO", "norelaying"),
    # KumoMTA: ProtocolErrors (Sisimai names no reason for a bare protocol error but its reply code's)
    Wording("503 5.5.1 Bad sequence of commands", "RCPT TO", "syntaxerror"),
    # KumoMTA: AuthenticationFailed
    Wording("530 5.7.0 Authentication required", "MAIL FROM", "securityerror"),
    Wording("501 5.0.2 Mail rejected. DMARC check failed.", "end of DATA", "authfailure"),
    Wording("550 5.7.1 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject", "end of DATA", "authfailure"),
    Wording("550 5.7.1 Message rejected due to senders DMARC policy", "end of DATA", "authfailure"),
    Wording("550 5.7.515 Access denied, sending domain example.com doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements", "end of DATA", "authfailure"),
    Wording("550 sorry, your envelope sender domain must exist (#5.7.1)", "MAIL FROM", "rejected"),
    Wording("553 5.1.8 <tom@example.com>: Domain of sender address tom@example.com does not exist", "MAIL FROM", "rejected"),
    # KumoMTA: PolicyRelated
    Wording("554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://help.yahoo.example/kb/SLN5067.html [120]", "end of DATA", "policyviolation"),
    Wording("550 Reject due to policy restrictions. For explanation visit https://postmaster.example.net/en/case?c=pi", "end of DATA", "policyviolation"),
    # KumoMTA: SpamBlock
    Wording("553 5.0.3 mx.example.org DNSBL:RBL 521< 192.0.2.45 >_is_blocked.For assistance forward this error to abuse_rbl@example.net", "MAIL FROM", "blocked"),
    Wording("554 5.7.1 Your access to this mail system has been rejected due to poor reputation of a domain used in message transfer", "MAIL FROM", "badreputation"),
    Wording("550 5.7.1 The sending IP (192.0.2.45) is listed on https://rbl.example.net. Please resolve this and retry", "MAIL FROM", "blocked"),
    Wording("550 5.7.1 Email blocked by cbl.abuseat.org", "MAIL FROM", "blocked"),
    Wording("550 5.7.1 Recipient not on bypass list, your IP has been found on a block list", "MAIL FROM", "blocked"),
    Wording("550 Message rejected as spam", "end of DATA", "spamdetected"),
    Wording("550 spam message rejected. Please visit https://help.example.net/spam", "end of DATA", "spamdetected"),
    # KumoMTA: SpamContent
    Wording("553 Blocked Using Spam Pattern, Your Message May Contain The Spam Contents", "end of DATA", "spamdetected"),
    Wording("550 A URL in this email (example.net) is listed on https://rbl.example.net. Please resolve and retry", "end of DATA", "spamdetected"),
    Wording("550 Mail content denied. https://help.example.net/err?code=5.7.1", "end of DATA", "spamdetected"),
    Wording("550 5.7.0 message has been rejected due to spam or virus classification", "end of DATA", "spamdetected"),
    Wording("554 Message contains Spam Content", "end of DATA", "spamdetected"),
    Wording("554 5.7.1 Message blocked due to spam content in the message.", "end of DATA", "spamdetected"),
    # cfortune PHP-Bounce-Handler, bounce_responses.php: => 4.2.2 (mailbox full)
    Wording("552 Mailbox quota usage exceeded", "RCPT TO", "mailboxfull"),
    Wording("552 User has exhausted allowed storage space", "RCPT TO", "mailboxfull"),
    Wording("452 User has too many messages on the server", "RCPT TO", "mailboxfull"),
    Wording("552 User mailbox exceeds allowed size: bob@example.org", "RCPT TO", "mailboxfull"),
    Wording("552 Quota violation for bob@example.org", "RCPT TO", "mailboxfull"),
    # cfortune: => 4.4.7 (expired)
    Wording("451 retry timeout exceeded", "RCPT TO", "expired"),
    # cfortune: => 5.1.1 (unknown address)
    Wording("550 Destinatario sconosciuto o mailbox disattivata", "RCPT TO", "userunknown"),
    Wording("550 Indirizzo inesistente", "RCPT TO", "userunknown"),
    Wording("550 unknown address or alias: bob@example.org", "RCPT TO", "userunknown"),
    Wording("550 User doesn't exist in this server", "RCPT TO", "userunknown"),
    Wording("550 Email Address was not found", "RCPT TO", "userunknown"),
    Wording("550 Account not found", "RCPT TO", "userunknown"),
    Wording("550 User is unknown", "RCPT TO", "userunknown"),
    Wording("550 unknown or illegal user: bob@example.org", "RCPT TO", "userunknown"),
    # cfortune: => 5.1.2 (relaying, no such domain)
    Wording("550 no relaying allowed", "RCPT TO", "norelaying"),
    Wording("550 we do not relay", "RCPT TO", "norelaying"),
    Wording("550 This system is not configured to relay mail", "RCPT TO", "norelaying"),
    # cfortune: => 5.2.1 (mailbox disabled)
    Wording("550 Mailbox currently suspended", "RCPT TO", "suspend"),
    Wording("550 Mailbox disabled for this recipient", "RCPT TO", "suspend"),
    Wording("550 Your mailbox has been blocked due to inactivity", "RCPT TO", "suspend"),
    Wording("550 Mailbox Locked or Suspended", "RCPT TO", "suspend"),
    Wording("550 Recipient mailbox was disabled", "RCPT TO", "suspend"),
    # cfortune: => 5.7.1 (refused: spam, a block list, authentication)
    Wording("550 5.7.1 dial-up or dynamic-ip denied", "MAIL FROM", "blocked"),
    Wording("550 5.7.1 Client host 192.0.2.45 found in a DNS blacklist", "MAIL FROM", "blocked"),
    Wording("554 5.7.1 Message looks like spam", "end of DATA", "spamdetected"),
    Wording("550 Sorry, looks like spam", "end of DATA", "spamdetected"),
    Wording("550 Message failed several antispam checks", "end of DATA", "spamdetected"),
    Wording("550 5.7.1 Rejected for policy reasons", "end of DATA", "policyviolation"),
    # Mautic DsnParser / BodyParser (PHPMailer-BMH's rules): mailbox full
    Wording("552 Requested mailbox exceeds quota.", "RCPT TO", "mailboxfull"),
    Wording("552 recipient storage full, try again later", "RCPT TO", "mailboxfull"),
    Wording("551 bounce as<the destination mailbox <bob@example.org> is full> queue as 100.1.ZmxEL.720k.1140313037.bob@example.org", "end of DATA", "mailboxfull"),
    Wording("552 The message to bob@example.org is bounced because : Quota exceed the hard limit", "end of DATA", "mailboxfull"),
    # Mautic (BMH): unknown
    Wording("550 user path no exist", "RCPT TO", "userunknown"),
    Wording("554 qq Sorry, no valid recipients (#5.1.3)", "RCPT TO", "userunknown"),
    Wording("550 Mailbox ( bob@example.org ) not found or inactivated", "RCPT TO", "userunknown"),
    Wording("550 Sorry, can't find user's mailbox. (#5.1.1)", "RCPT TO", "userunknown"),
    Wording("550 relaying to <bob@example.org> prohibited by administrator", "RCPT TO", "norelaying"),
    # Mautic (BMH): DNS unknown; cfortune: "host ?name is unknown" => 5.1.2, "unrouteable address" => 5.4.4
    Wording("550 Host unknown", "RCPT TO", "hostunknown"),
    Wording("550 Unrouteable address", "RCPT TO", "hostunknown"),  # KumoMTA: RoutingErrors
    # Mautic (BMH): antispam (a client IP refused), content reject (a broken MIME structure)
    Wording("554 5.7.1 <unknown[192.0.2.45]>: Client host rejected: Access denied", "RCPT TO", "blocked"),
    Wording("554 5.6.0 Message with invalid header rejected, id=13462-01 - MIME error: error: UnexpectedBound: part didn't end with expected boundary", "end of DATA", "contenterror"),
    # cfortune: "Old address no longer valid" => 5.1.6 (mailbox moved)
    Wording("551 5.1.6 Old address no longer valid", "RCPT TO", "hasmoved"),
    # Mautic (BMH): inactive
    Wording("553 user is inactive (eyou mta)", "RCPT TO", "suspend"),
    # Mautic (BMH): internal error
    Wording("451 Unable to switch to /var/vpopmail/domains/example.org: input/output error. (#4.3.0)", "end of DATA", "systemerror"),
    # Dada Mail, dada/data/bounce_handler_rules.pl: hard bounces
    Wording("550 No such mail drop defined", "RCPT TO", "userunknown"),  # cfortune: => 5.1.1
    Wording("550 user inactive", "RCPT TO", "suspend"),
    # Chinese hosting companies' bounce guides (fobhost.com, szhot.com): 21cn.com's reply for a disabled
    # account, and the form that names the address (PHPMailer-BMH lists the reply's "MTA service" form)
    Wording("550 is now disabled with SMTP service.", "RCPT TO", "suspend"),
    Wording("550 User bob@example.org is disabled", "RCPT TO", "suspend"),
    Wording("550 account is locked", "RCPT TO", "suspend"),  # Mautic (BMH): inactive
    Wording("554 delivery error: dd This account has been disabled or discontinued [#102]. - mta1.mail.example.org", "RCPT TO", "suspend"),
    # Dada Mail: soft bounces (over quota); cfortune: => 4.2.2
    Wording("552 Not enough storage space", "RCPT TO", "mailboxfull"),
    Wording("552 Mail quota exceeded", "RCPT TO", "mailboxfull"),
    Wording("552 disk quota exceeded", "RCPT TO", "mailboxfull"),
    # Google's own replies (Gmail SMTP error reference) as Mautic's BodyParser lists them
    Wording("550 5.2.1 The email account that you tried to reach is disabled.", "RCPT TO", "suspend"),
    Wording("552 5.2.2 The email account that you tried to reach is over quota.", "RCPT TO", "mailboxfull"),
    Wording("550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.", "end of DATA", "blocked"),
    Wording("550 5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent.", "end of DATA", "policyviolation"),
]

# Phrases whose reason here is not the table's category, and why.
DELIBERATE = [
    # Comcast's closed account (KumoMTA: InactiveMailbox) comes with 5.1.1: the address is gone for
    # good, and Sisimai reads the stated 5.1.1 as an unknown user, a hard bounce either way.
    Wording("550 5.1.1 Account Closed, Please Remove", "RCPT TO", "userunknown"),
    # AOL's "could not deliver mail to … The account or domain may not exist" (KumoMTA: InvalidRecipient,
    # Dada Mail: a hard bounce, cfortune: 5.2.0) names no single cause; the catalog reads the domain
    # that may not exist (hostunknown), a hard bounce as the tables have it.
    Wording("550 The mail server could not deliver mail to bob@example.org.  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.", "RCPT TO", "hostunknown"),
    # Mautic (BMH) files "Specified domain is not allowed" under an unknown domain; Sisimai's NoRelaying
    # list has the words: the server does not take mail for that domain from this client.
    Wording("553 Specified domain is not allowed.", "RCPT TO", "norelaying"),
    # Google's size wording with 5.2.3 (Mautic: "oversize"): Sisimai's Google table and the status
    # read it as a limit of the mail system (exceedlimit); with 5.3.4 it is mesgtoobig.
    Wording("552 5.2.3 Your message exceeded Google's message size limits.", "end of DATA", "exceedlimit"),
]
# Not here, each in one table only and read otherwise (or not at all) by the catalog, so no rule was
# added for them: KumoMTA's "Account is not active" (Sisimai reads "user not active" as an unknown
# user), "Mailbox limit exeeded", and "Blocked by ivmSIP" and "Blocklisting in effect" with 5.7.1;
# cfortune's "Destinatario errato", "destin. Sconosciuto", "nie istnieje", "Nie ma takiego konta",
# "server doesn't handle mail for that user", "This email address is not known to this system",
# "was not found in LDAP server", "the address is invalid", "Unable to find alias user", "No one
# with that email address here", "Benutzer hat zuviele Mails auf dem Server", "Questo indirizzo e'
# bloccato per inutilizzo", "Podane konto jest zablokowane", "mail is not currently being accepted
# for this mailbox", "El usuario esta en estado: inactivo", "couldn't find any host named", "Message
# does not pass DomainKeys", and three 554 lines ("Connection refused due to abuse", "Your message
# was declared Spam", the Polish antispam line) that a report with Status 5.0.0 leaves without a
# reason. Dada Mail's Amazon SES rule "Unknown address" is the "Unknown address error 550-'…'"
# wrapper of Amazon SES's reports, whose reason is the quoted reply's (an "Access denied" there),
# not an unknown user.
# fmt: on


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


@pytest.mark.parametrize("wrap", WRAPS, ids=WRAP_IDS)
@pytest.mark.parametrize("wording", TABLES + DELIBERATE, ids=lambda w: f"{w.reason}-{' '.join(w.reply.split()[:6])}")
def test_a_phrase_of_another_classifiers_table_gives_its_reason(catalog: Catalog, wording: Wording, wrap: Callable[[Wording], str]) -> None:
    check_reason(catalog, wrap(wording), wording.reason, wording.reply.startswith("5"))
