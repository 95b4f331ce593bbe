"""General English failure wordings, the ones mail servers of every kind write (not one provider's
own), lead to the reason Sisimai's vocabulary gives them and to the right hard/soft reading, in
the three forms a bounce carries them: a Postfix text bounce naming the refused command, an RFC 3464
report whose Status is only the unspecific 5.0.0 (or 4.0.0), and one with no Status field at all.

The wordings come from Sisimai's reason tables and from PHPMailer-BMH's bounce-rule table; the
lines around them are ours, with documentation addresses. The last tests hold the collisions: the
same words in a context where they mean something else."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bounce_templates import WRAP_IDS, WRAPS, Wording, in_postfix_bounce, postfix_bounce, postfix_own_words
from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas_build.compile import compile_catalog

HARD = {"userunknown", "hostunknown", "hasmoved", "notaccept"}


# fmt: off
WORDINGS = [
    # Recipient unknown
    Wording("550 5.1.1 <bob@example.org>... Addressee unknown, relay=[192.0.2.5]", "RCPT TO", "userunknown"),
    Wording("553 5.3.0 <bob@example.org>... Addressee unknown", "RCPT TO", "userunknown"),
    Wording("551 not our customer", "RCPT TO", "userunknown"),
    Wording("550 Invalid User", "RCPT TO", "userunknown"),
    Wording("550 5.1.1 unknown or illegal alias: bob@example.org", "RCPT TO", "userunknown"),
    Wording("550 sorry, that recipient doesn't exist (#5.7.1)", "RCPT TO", "userunknown"),
    Wording("550-I'm sorry but bob@example.org does not have an account here.", "RCPT TO", "userunknown"),
    Wording("550 The recipient cannot be verified. Please check all recipients of this message", "RCPT TO", "userunknown"),
    Wording("550 No such recipient here", "RCPT TO", "userunknown"),
    Wording("550 Recipient not found", "RCPT TO", "userunknown"),
    Wording("550 Address not present in directory", "RCPT TO", "userunknown"),
    # Alibaba Mail's own misspelling, as it sends it (an Exim report quoting mx1.qiye.aliyun.com, a Ruby
    # mailer gem's README, a Spring application's mail log, a bounce-rule test table).
    Wording("554 RCPT (bob@example.org) dosn't exist", "RCPT TO", "userunknown"),
    # Mailbox switched off
    Wording("550 user disabled", "RCPT TO", "suspend"),
    Wording("550 account expired", "RCPT TO", "suspend"),
    Wording("550 <bob@example.org>: inactive user", "RCPT TO", "suspend"),
    Wording("550 bob@example.org Account Inactive", "RCPT TO", "suspend"),
    Wording("550 <bob@example.org>: Recipient address rejected: Account closed due to inactivity. No forwarding information is available.", "RCPT TO", "suspend"),
    Wording("550 <bob@example.org>... User account not activated", "RCPT TO", "suspend"),
    Wording("550 <bob@example.org>: User status is locked.", "RCPT TO", "suspend"),
    Wording("550 <bob> is now disabled with MTA service.", "RCPT TO", "suspend"),
    Wording("550 This mailbox is disabled", "RCPT TO", "suspend"),
    # Relaying
    Wording("550 not permitted to relay", "RCPT TO", "norelaying"),
    Wording("550-mail.example.com [192.0.2.9] is currently not permitted to relay through this server.", "RCPT TO", "norelaying"),
    Wording("500 Unauthorized relay msg rejected", "RCPT TO", "norelaying"),
    Wording("530 Relaying not allowed: bob@example.org", "RCPT TO", "norelaying"),
    # Spam, content
    Wording("554 5.7.1 Message scored too high on spam scale.  For help, please quote incident ID 22492290.", "end of DATA", "spamdetected"),
    Wording("550 sorry, it seems as a junk mail", "end of DATA", "spamdetected"),
    Wording("552 sorry, the spam message is detected (#5.6.0)", "end of DATA", "spamdetected"),
    Wording("554 Rejected as Spam see: https://rejected.example.net/help/spam/rejected.html", "end of DATA", "spamdetected"),
    Wording("554 5.7.1 rejected by rspamd filter", "end of DATA", "spamdetected"),
    Wording("550 message rejected by rspamd (score 17.4)", "end of DATA", "spamdetected"),
    Wording("550 This message was classified as rSPAM and may not be delivered", "end of DATA", "spamdetected"),
    # Gmail's multi-line 5.7.1 cut after its first line by the relay that reported it.
    Wording("550-5.7.1 Our system has detected that this message is", "end of DATA", "spamdetected"),
    Wording("550 spam message discarded. If you think that the system is mistaken, please report details to abuse@corp.mail.ru", "end of DATA", "spamdetected"),
    Wording("554 Message filtered", "end of DATA", "filtered"),
    Wording("554 Virus found in message", "end of DATA", "virusdetected"),
    # Domain, size, quota, loops, authentication
    Wording("550 bob@example.invalid: domain not found", "RCPT TO", "hostunknown"),
    Wording("550 DNS Error: Domain name not found", "RCPT TO", "hostunknown"),
    Wording("550 Unrouteable address", "RCPT TO", "hostunknown"),
    Wording("552 Message rejected. Not enough storage space in user's mailbox to accept message.", "RCPT TO", "mailboxfull"),
    Wording("552 The users mailfolder is over the allowed quota (size). (#5.2.2)", "RCPT TO", "mailboxfull"),
    Wording("552 Max message size exceeded", "end of DATA", "mesgtoobig"),
    Wording("554 Too many hops", "end of DATA", "networkerror"),
    Wording("554 Mail loop detected", "end of DATA", "networkerror"),
    Wording("530 Authentication required", "MAIL FROM", "securityerror"),
    Wording("535 Authentication credentials invalid", "MAIL FROM", "securityerror"),
    Wording("550 mailbox has moved", "RCPT TO", "hasmoved"),
    Wording("552 The message to bob@example.org is bounced because : Quota exceed the hard limit", "RCPT TO", "mailboxfull"),
    Wording("452 Requested action not taken: insufficient system storage", "RCPT TO", "systemfull"),
    Wording("552 Requested mailbox exceeds quota.", "RCPT TO", "mailboxfull"),
    Wording("552 Sorry the recipient quota limit is exceeded.", "RCPT TO", "mailboxfull"),
    Wording("551 bounce as<the destination mailbox <bob@example.org> is full> queue as 100.1.AbCdE.720k", "end of DATA", "mailboxfull"),
    Wording("550 Mailbox space not enough (space limit is 10240KB)", "RCPT TO", "mailboxfull"),
    Wording("552 <bob@example.org> rejected: over quota", "RCPT TO", "mailboxfull"),
    # "overquota" in one word (iCloud, Orange, EarthLink), under a vague status.
    Wording("550 bob@example.org...User account is overquota", "RCPT TO", "mailboxfull"),
    Wording("550 relaying to <bob@example.org> prohibited by administrator", "RCPT TO", "norelaying"),
    Wording("550 Error: Wrong recipients", "RCPT TO", "userunknown"),
    Wording("550 Command RCPT User <bob@example.org> not OK", "RCPT TO", "userunknown"),
    Wording("550 5.1.1 <bob@example.org>... email address lookup in domain map failed", "RCPT TO", "userunknown"),
    Wording("550 User not a member of domain: <bob@example.org>", "RCPT TO", "userunknown"),
    Wording("554 Service not available, closing transmission channel", "MAIL FROM", "blocked"),
    # Other reasons of Sisimai's tables, in lines of our own
    Wording("554 5.7.1 Message not accepted for policy reasons", "end of DATA", "policyviolation"),
    Wording("421 Too many concurrent SMTP connections; please try again later", "MAIL FROM", "toomanyconn"),
    Wording("451 Client host rejected: Please try again slower", "RCPT TO", "speeding"),
    Wording("550 Reverse DNS required", "MAIL FROM", "requireptr"),
    Wording("550 SPF check: fail", "MAIL FROM", "authfailure"),
    # An SPF refusal in other words: MailChannels' relay (two bounces pasted by site owners), with the
    # 5.7.1 that alone reads as a security error. (iiNet's "SPF unauthorized mail is prohibited" stays
    # one: Sisimai's Gmail table says so, tests/test_lhost_tables.py.)
    Wording("550 5.7.1 [BFD] Sender prohibited by SPF", "end of DATA", "authfailure"),
    Wording("530 STARTTLS is required to send mail", "MAIL FROM", "failedstarttls"),
    Wording("554 This message is not RFC 5322 compliant", "end of DATA", "notcompliantrfc"),
    Wording("553 Empty envelope senders not allowed", "MAIL FROM", "rejected"),
    Wording("550 Mail receiving disabled", "RCPT TO", "notaccept"),
    Wording("554 No MX records were found for the 'example.org' domain", "RCPT TO", "notaccept"),
    # maddy's null MX refusal (its remote target answers with it), Postfix's "(nullMX)" in other words.
    Wording("556 5.1.10 Domain does not accept email (null MX)", "RCPT TO", "notaccept"),
    Wording("451 Queue file write error", "end of DATA", "systemerror"),
    # Sendmail's words for a local mailer's exit code EX_CANTCREAT (sendmail/sysexits.c).
    Wording("550 5.0.0 <bob@example.org>... Can't create output", "end of DATA", "systemerror"),
    # Sendmail's block-list refusal (cf/feature/rhsbl.m4's text, given for the client IP by older dnsbl.m4).
    Wording("550 5.7.1 <bob@example.org>... Mail from 192.0.2.45 refused by blackhole site dnsbl.example.net", "RCPT TO", "blocked"),
    # The sending IP named with the word blacklist beside a status of another class (KPN's 521 5.5.0,
    # a Sendmail relay's 5.3.0 naming the list): the block, not a syntax or system error.
    Wording("521 5.5.0 Your IP [192.0.2.45] has been blacklisted. Please contact abuse@example.net for more information.", "MAIL FROM", "blocked"),
    Wording("553 5.3.0 <bob@example.org>... Mail from 192.0.2.45 rejected by Example blacklist", "RCPT TO", "blocked"),
    # Reverse DNS of the sending IP (freenet.de's reply, as an Exim log quotes it)
    Wording("550 inconsistent or no DNS PTR record for 192.0.2.45 (see RFC 1912 2.1)", "RCPT TO", "requireptr"),
    # Reputation of the sending IP, named outright (Microsoft's 4.7.650, Symantec Email Security.cloud)
    Wording("550 Message rejected due to sender IP reputation ([192.0.2.45])", "RCPT TO", "badreputation"),
    Wording("554 5.7.1 Connection refused due to IP reputation of 192.0.2.45", "MAIL FROM", "badreputation"),
    # Postfix's check_client_access REJECT with the administrator's own text (access(5): "REJECT
    # optional text"), after the client's name: the sending host is blocked, whatever the words.
    Wording("550 5.7.1 <mail.example.net[192.0.2.45]>: Client host rejected: Your network is not welcome here", "RCPT TO", "blocked"),
    Wording("554 5.7.1 <unknown[192.0.2.45]>: Client host rejected: Listed as a source of abuse", "RCPT TO", "blocked"),
    # The envelope sender refused as "not allowed" (a Postfix relay's and a PHP mailer's pastes).
    Wording("550 Sender address is not allowed.", "MAIL FROM", "rejected"),
    Wording("550 envelope sender not allowed tom@example.com", "MAIL FROM", "rejected"),
]
# fmt: on


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


@pytest.mark.parametrize("wrap", WRAPS, ids=WRAP_IDS)
@pytest.mark.parametrize("wording", WORDINGS, ids=lambda w: f"{w.reason}-{' '.join(w.reply.split()[:5])}")
def test_a_general_wording_gives_its_reason(catalog: Catalog, wording: Wording, wrap: Callable[[Wording], str]) -> None:
    results = diagnose(wrap(wording), catalog).results
    assert len(results) == 1
    result = results[0]
    assert result.recipient == "bob@example.org"
    assert result.reason == wording.reason, (result.reason, result.page)
    assert result.hard_bounce == (wording.reason in HARD)


def reason_and_page(catalog: Catalog, reply: str, command: str) -> tuple[str, str]:
    result = diagnose(in_postfix_bounce(Wording(reply, command, "")), catalog).results[0]
    return result.reason, result.page


def test_a_failed_login_is_no_unknown_recipient(catalog: Catalog) -> None:
    for reply in ("535 5.7.8 Error: authentication failed: Invalid user name or password", "535 Invalid user or password"):
        assert reason_and_page(catalog, reply, "AUTH")[0] == "securityerror", reply


def test_the_senders_own_domain_or_account_is_not_the_recipients(catalog: Catalog) -> None:
    reason, page = reason_and_page(catalog, "450 4.1.8 <tom@example.com>: Sender address rejected: Domain not found", "RCPT TO")
    assert (reason, page) == ("rejected", "codes/5.1.8/#postfix-sender-domain-not-found")
    assert reason_and_page(catalog, "550 Your account has expired, please renew", "MAIL FROM")[0] != "suspend"


def test_postfix_recipient_domain_and_relay_without_login_keep_their_pages(catalog: Catalog) -> None:
    reply = "550 5.1.2 <bob@example.org>: Recipient address rejected: Domain not found"
    assert reason_and_page(catalog, reply, "RCPT TO") == ("hostunknown", "codes/5.1.2/#postfix-recipient-domain-not-found")
    reply = "550 mail.example.com [192.0.2.45] is not permitted to relay through this server without authentication."
    assert reason_and_page(catalog, reply, "RCPT TO")[1] == "codes/5.7.0/#generic-securityerror-authentication-required"


def test_postfix_client_host_rejected_with_an_admins_text_is_a_block_and_the_ptr_check_keeps_its_page(catalog: Catalog) -> None:
    reply = "550 5.7.1 <mail.example.net[192.0.2.45]>: Client host rejected: Not accepting mail from your network"
    assert reason_and_page(catalog, reply, "RCPT TO") == ("blocked", "codes/5.7.1/#postfix-client-host-rejected-own-text")
    reply = "554 5.7.1 <mail.example.net[192.0.2.45]>: Client host rejected: Access denied"
    assert reason_and_page(catalog, reply, "RCPT TO") == ("blocked", "codes/5.7.1/#postfix-client-host-access-denied")
    reply = "450 4.7.1 <mail.example.net[192.0.2.45]>: Client host rejected: cannot find your hostname, [192.0.2.45]"
    assert reason_and_page(catalog, reply, "RCPT TO") == ("requireptr", "codes/5.7.25/#postfix-cannot-find-your-hostname")


def test_postfix_own_server_configuration_error_is_the_receiving_systems_fault_not_a_block(catalog: Catalog) -> None:
    """Postfix answers "451 4.3.5 Server configuration error" itself when a restriction or a lookup
    table of its own fails (smtpd_check.c): not an administrator's REJECT text, so 4.3.5 decides."""
    reply = "451 4.3.5 <relay.example.net[192.0.2.45]>: Client host rejected: Server configuration error"
    assert reason_and_page(catalog, reply, "RCPT TO") == ("systemerror", "codes/5.3.5/")
    reply = "550 5.7.1 <relay.example.net[192.0.2.45]>: Client host rejected: Server configuration errors are yours to fix"
    assert reason_and_page(catalog, reply, "RCPT TO") == ("blocked", "codes/5.7.1/#postfix-client-host-rejected-own-text")


def test_a_sender_not_allowed_to_do_something_is_not_a_refused_envelope_sender(catalog: Catalog) -> None:
    reason, page = reason_and_page(catalog, "550 5.7.1 Sender not allowed to send to this list", "RCPT TO")
    assert (reason, page) == ("securityerror", "codes/5.7.1/")


def test_an_inactive_mailbox_stays_unknown_and_a_temporarily_disabled_account_stays_full(catalog: Catalog) -> None:
    """Sisimai lists "mailbox is inactive" as an unknown user and "account disabled temporarly for
    exceeding receiving limits" as a full mailbox; the new disabled/inactive words must not take them."""
    assert reason_and_page(catalog, "550 Mailbox is inactive", "RCPT TO")[0] == "userunknown"
    reply = "550 5.2.1 Account disabled temporarly for exceeding receiving limits"
    assert reason_and_page(catalog, reply, "RCPT TO") == ("mailboxfull", "codes/5.2.1/")


def test_a_senders_quota_is_no_full_mailbox(catalog: Catalog) -> None:
    """A bare "over quota" is the recipient's mailbox; a quota of the sender is a sending limit."""
    assert reason_and_page(catalog, "550 Sender over quota", "MAIL FROM")[0] != "mailboxfull"
    assert reason_and_page(catalog, "554 Message rejected: sending over quota", "MAIL FROM")[0] != "mailboxfull"


# Exim's item for a program an alias runs: "pipe to |…" above the alias that made it (deliver.c).
EXIM_PIPE = """\
This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  pipe to |/usr/local/bin/helpdesk-ticket
    generated by helpdesk@example.org
    {words}
"""


@pytest.mark.parametrize("words", ["local delivery failed", "Child process of address_pipe transport returned 69"])
def test_a_failed_exim_pipe_is_the_programs_failure(catalog: Catalog, words: str) -> None:
    """Sisimai blames the program ("pipe to |/" is MailerError's wording); Exim's own "local delivery
    failed", systemerror's wording in the catalog, does not outrank it."""
    results = diagnose(EXIM_PIPE.format(words=words), catalog).results
    assert [(r.recipient, r.reason) for r in results] == [("helpdesk@example.org", "mailererror")]
    # A file an alias writes to is no program: "local delivery failed" keeps its own reason there.
    saved = diagnose(EXIM_PIPE.format(words="local delivery failed").replace("pipe to |", "save to "), catalog).results
    assert [(r.recipient, r.reason) for r in saved] == [("helpdesk@example.org", "systemerror")]


def test_an_exim_pipe_to_a_command_on_the_path_is_the_programs_failure(catalog: Catalog) -> None:
    """Exim names the program as the alias wrote it, with no path ("pipe to |ticket-import") or under
    a home ("|~/bin/…"): Sisimai's Exim module gives "mailererror" to any "pipe to |" item that no Exim
    message of its own explains (go-sisimai lhost/via-exim.go), not only to MailerError's "|/"."""
    for command in ("ticket-import --queue support", "~/bin/ticket-import"):
        text = EXIM_PIPE.replace("|/usr/local/bin/helpdesk-ticket", "|" + command).format(words="")
        results = diagnose(text, catalog).results
        assert [(r.recipient, r.reason) for r in results] == [("helpdesk@example.org", "mailererror")]


# Exim's refusal after a sender callout with use_postmaster (acl.c): the probed server's answer it
# quotes says "User unknown" about the sender domain's postmaster, not about the recipient.
EXIM_POSTMASTER_CALLOUT = [
    "550-Postmaster verification failed while checking <carol@example.net>",
    "550-Called:   192.0.2.25",
    "550-Sent:     RCPT TO:<postmaster@example.net>",
    "550-Response: 550 <postmaster@example.net>: User unknown",
    "550-Several RFCs state that you are required to have a postmaster",
    "550-mailbox for each mail domain. This host does not accept mail",
    "550-from domains whose servers reject the postmaster address.",
    "550 Sender verify failed",
]
QMAIL_REMOTE_CALLOUT = (
    "Hi. This is the qmail-send program at mail.example.net.\n"
    "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
    "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
    "<team@lists.example.org>:\n192.0.2.80 does not like recipient.\n"
    "Remote host said: {lines}\nGiving up on 192.0.2.80.\n"
)


def test_an_exim_postmaster_callout_refuses_the_sender(catalog: Catalog) -> None:
    bounce = QMAIL_REMOTE_CALLOUT.format(lines="\n".join(EXIM_POSTMASTER_CALLOUT))
    results = diagnose(bounce, catalog).results
    assert [(r.recipient, r.reason, r.page) for r in results] == [
        ("team@lists.example.org", "rejected", "codes/5.1.8/#exim-sender-verify-failed")
    ]


def test_qq_mails_dns_check_is_about_the_senders_domain(catalog: Catalog) -> None:
    """QQ Mail's "Domain may not exist or DNS check failed" judges the envelope sender's domain (a
    bare local sender name or a forged domain gets it), at the end of DATA: not the recipient's."""
    reply = "550 Domain may not exist or DNS check failed [MJexampleToken== IP: 192.0.2.45]."
    bounce = postfix_bounce(reply, "end of DATA", recipient="chen@qq.com", host="mx3.qq.com")
    results = diagnose(bounce, catalog).results
    assert [(r.recipient, r.reason, r.page) for r in results] == [
        ("chen@qq.com", "rejected", "codes/5.1.8/#tencent-sender-domain-dns-check")
    ]
    # Elsewhere the same words stay the generic reading, whatever it is: the rule is QQ Mail's.
    other = diagnose(postfix_bounce(reply, "end of DATA"), catalog).results
    assert not other[0].page.endswith("#tencent-sender-domain-dns-check")


@pytest.mark.parametrize("words", ["Your reverse DNS entry does not resolve.", "Your reverse DNS entry does not resolve to an IP."])
def test_free_frs_refusal_of_an_ip_without_reverse_dns_requires_a_ptr(catalog: Catalog, words: str) -> None:
    """free.fr answers the greeting of an IP whose PTR name does not resolve with "421 Refused. Your
    reverse DNS entry does not resolve[ to an IP]." (iRedMail#156, osm-fr/infrastructure#603 and #605):
    when Postfix returns the message after its retries, the reason is the missing PTR, not the expiry."""
    line = f"host mx1.free.fr[192.0.2.10] refused to talk to me: 421 Refused. {words}"
    results = diagnose(postfix_own_words(line), catalog).results
    assert [(r.recipient, r.reason) for r in results] == [("bob@example.org", "requireptr")]


def test_vgers_spamassassin_refusal_is_spam_detected(catalog: Catalog) -> None:
    # vger.kernel.org, the host of the kernel mailing lists, refusing a list post after DATA.
    reply = "550 5.7.1 Spamassassin considers this message SPAM. In case you disagree, write to the postmaster"
    result = diagnose(postfix_bounce(reply, "end of DATA", "linux-foo@vger.kernel.org", "vger.kernel.org"), catalog).results[0]
    assert (result.reason, result.page) == ("spamdetected", "codes/5.7.1/#vger-spamassassin-spam")
    # The same words from another server keep the code's reason: the variant is vger's.
    result = diagnose(postfix_bounce(reply, "end of DATA"), catalog).results[0]
    assert result.reason == "securityerror"
