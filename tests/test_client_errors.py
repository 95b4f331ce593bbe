"""Applications' SMTP client errors that the general readers missed: PHPMailer's debug lines and its
"following recipients failed" exception, Ruby's Net::SMTP exceptions as Rails logs and error trackers
print them, Nodemailer's refused envelope, JavaMail's refused sender (SMTPSenderFailedException, the
mailFrom frame) and Python smtplib's debug output. The texts are ours: our addresses, hosts and
wording, laid out as each library's source writes its error (see the reader modules)."""

from __future__ import annotations

from types import ModuleType

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import Diagnosis, diagnose
from ndr_atlas.formats import gensmtp, gomail, horde, javamail, nodemailer, phpmailer, pysmtplib, rubysmtp
from ndr_atlas.formats.base import Failure, Source
from ndr_atlas_build.compile import compile_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


def results(text: str, catalog: Catalog) -> list[Diagnosis]:
    return diagnose(text.encode("utf-8"), catalog).results


@pytest.mark.parametrize(
    ("text", "recipient", "reply", "command", "reason"),
    [
        # The debug line names the command PHPMailer sent; its time prefix and a reply with no enhanced status.
        (
            "2026-04-02 11:20:31 CLIENT -> SERVER: RCPT TO:<sara.costa@example.org>\n"
            "2026-04-02 11:20:31 SMTP ERROR: RCPT TO command failed: 550 No such user here\n"
            "2026-04-02 11:20:31 CLIENT -> SERVER: QUIT\n"
            "SMTP Error: The following recipients failed: sara.costa@example.org: No such user here\n",
            "sara.costa@example.org",
            "550",
            "RCPT",
            "userunknown",
        ),
        # A refused MAIL FROM names the sender: no recipient, though the paste names addresses.
        (
            "2026-04-02 11:20:31 CLIENT -> SERVER: MAIL FROM:<newsletter@shop.example>\n"
            "2026-04-02 11:20:31 SMTP ERROR: MAIL FROM command failed: 553 5.7.1 <newsletter@shop.example>: Sender address rejected: not owned by user\n",
            None,
            "553",
            "MAIL",
            "rejected",
        ),
        # The end of the data is PHPMailer's "DATA END".
        (
            "SMTP ERROR: DATA END command failed: 554 5.7.1 Message rejected as spam by Content Filtering\n",
            None,
            "554",
            "DATA",
            "spamdetected",
        ),
    ],
)
def test_phpmailer_debug_lines(catalog: Catalog, text: str, recipient: str | None, reply: str, command: str, reason: str) -> None:
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.command, result.reason) == (recipient, reply, command, reason)
    assert "command failed" not in result.diagnostic


def test_phpmailer_list_gives_the_recipient_of_a_debug_line_without_its_rcpt_line(catalog: Catalog) -> None:
    # A user quoting the debug line in a sentence, and the exception's list above it.
    text = (
        "Fatal error: Uncaught exception 'phpmailerException' with message 'SMTP Error: The following recipients failed: "
        "luca.moretti@nodomain.example: sorry, your envelope recipient domain must exist'\n"
        'With SMTPDebug = 2 it shows "SMTP ERROR: RCPT TO command failed: 553 sorry, your envelope recipient domain must exist (#5.7.1)" and stops.\n'
    )
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.reason) == (
        "luca.moretti@nodomain.example",
        "553",
        "5.7.1",
        "hostunknown",
    )


def test_phpmailer_list_glued_to_the_next_mailer_error(catalog: Catalog) -> None:
    # A page echoing ErrorInfo after PHPMailer's example with no line break runs the next error on.
    text = "Mailer Error: SMTP Error: The following recipients failed: ivo@example.orgMailer Error: SMTP Error: Could not connect to SMTP host.\n"
    (result,) = results(text, catalog)
    assert (result.recipient, result.command) == ("ivo@example.org", "RCPT")


@pytest.mark.parametrize(
    "shown",
    [
        # ErrorInfo as PHPMailer 5.x's SetError writes it: the reply without its code in a paragraph.
        "<p>SMTP server error: 5.7.1 <elena.riva@example.net>: Relay access denied</p>\n",
        # … and as a page read as HTML shows it: the tags dropped, the paragraph after a blank.
        " SMTP server error: 5.7.1 : Relay access denied\n",
    ],
)
def test_phpmailer_5_paragraph_gives_the_reply_of_the_last_address(catalog: Catalog, shown: str) -> None:
    text = "Contact form log 2026-03-11 08:02:44\nSMTP Error: The following recipients failed: elena.riva@example.net" + shown
    (result,) = results(text, catalog)
    assert (result.recipient, result.status, result.command, result.reason) == ("elena.riva@example.net", "5.7.1", "RCPT", "norelaying")


def test_smtplib_refusal_of_an_empty_recipient(catalog: Catalog) -> None:
    # sendmail() given an empty address sends "rcpt TO:<>" and files the refusal under ''.
    text = (
        "Traceback (most recent call last):\n"
        '  File "/srv/notify/send.py", line 41, in notify\n'
        "    server.sendmail(sender, [row['email']], body)\n"
        "smtplib.SMTPRecipientsRefused: {'': (501, '5.1.3 Bad recipient address syntax')}\n"
    )
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.command) == (None, "501", "5.1.3", "RCPT")


def test_phpmailer_recognises_its_cues_only() -> None:
    assert not phpmailer.recognise(Source("SMTP ERROR: Failed to connect to server: Connection refused (111)\n", None))
    assert phpmailer.read(Source("SMTP ERROR: RCPT TO command failed: 250 OK\n", None)) is None


@pytest.mark.parametrize(
    ("text", "recipient", "reply", "command", "action"),
    [
        # Honeybadger's title: the class, a dash, the reply; no backtrace, but Postfix's words name the
        # refused recipient and the command.
        (
            "Net::SMTPFatalError - 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table\n",
            "bob@example.org",
            "550",
            "RCPT",
            "failed",
        ),
        # Bugsnag's heading, the reply on the next line, a blank line and the stack: the frame names DATA.
        (
            "**Net::SMTPFatalError** in **ActionMailer::MailDeliveryJob@mailers**\n"
            "554 Message rejected: Email address is not verified. The following identities failed the check in region EU-SOUTH-1: shop.example\n"
            "\n"
            "## Stacktrace\n"
            "\n"
            "    vendor/bundle/ruby/3.3.0/gems/net-smtp-0.5.0/lib/net/smtp.rb:1084 - check_response\n"
            "    vendor/bundle/ruby/3.3.0/gems/net-smtp-0.5.0/lib/net/smtp.rb:940:in `data'\n",
            None,
            "554",
            "DATA",
            "failed",
        ),
        # SMTPServerBusy is a 4xx: an application's refusal for now (its own retry), the class named again after it.
        (
            "Exception: Net::SMTPServerBusy 450 4.1.2 <anna@nodomain.example>: Recipient address rejected: Domain not found (Net::SMTPServerBusy)\n"
            "  /usr/lib/ruby/3.2.0/net/smtp.rb:962:in `rcptto'\n",
            "anna@nodomain.example",
            "450",
            "RCPT",
            "delayed",
        ),
        # The sender refused at mailfrom: the address in the reply is the sender's.
        (
            "Net::SMTPFatalError (553 5.7.1 <noreply@app.example>: Sender address rejected: not owned by user deploy@app.example\n):\n"
            "  /usr/lib/ruby/3.2.0/net/smtp.rb:1076:in `check_response'\n"
            "  /usr/lib/ruby/3.2.0/net/smtp.rb:1046:in `getok'\n"
            "  /usr/lib/ruby/3.2.0/net/smtp.rb:955:in `mailfrom'\n",
            None,
            "553",
            "MAIL",
            "failed",
        ),
    ],
)
def test_ruby_net_smtp_errors(catalog: Catalog, text: str, recipient: str | None, reply: str, command: str | None, action: str) -> None:
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.command, result.action) == (recipient, reply, command, action)
    assert "Net::SMTP" not in result.diagnostic


def test_ruby_rails_log_gives_the_address_of_its_delivery(catalog: Catalog) -> None:
    # Rails' log before 6: "Sent mail to" the one address the failing delivery was for.
    text = "Sent mail to giorgio.riva@example.org (412.3ms)\nCompleted in 420ms\n\nNet::SMTPFatalError (555 5.5.2 Syntax error. x1sm2 - gsmtp\n):\n"
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status) == ("giorgio.riva@example.org", "555", "5.5.2")


def test_ruby_class_of_the_wrong_range_is_no_reply() -> None:
    # An SMTPServerBusy whose text holds no 4xx is not read (a 5xx quoted in prose is another error's).
    assert rubysmtp.read(Source("Net::SMTPServerBusy: timeout waiting for the server, last seen 550 earlier\n", None)) is None


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_nodemailer_refused_envelope(catalog: Catalog, apostrophe: str) -> None:
    # Nodemailer's own words, retyped with a curly apostrophe in an issue; a multi-line reply flattened.
    text = f"Can{apostrophe}t send mail - all recipients were rejected: 550-Requested action not taken: mailbox unavailable 550 Failure sending mail.\n"
    (result,) = results(text, catalog)
    assert (result.reply_code, result.command, result.reason, result.action) == ("550", "RCPT", "userunknown", "failed")


def test_javamail_send_refused_at_mail_from_and_its_sender_exception_are_one_failure(catalog: Catalog) -> None:
    text = (
        "org.eclipse.angus.mail.smtp.SMTPSendFailedException: 501 5.1.7 Invalid address\n"
        "        at org.eclipse.angus.mail.smtp.SMTPTransport.issueSendCommand(SMTPTransport.java:2407)\n"
        "        at org.eclipse.angus.mail.smtp.SMTPTransport.mailFrom(SMTPTransport.java:1812)\n"
        "Caused by: org.eclipse.angus.mail.smtp.SMTPSenderFailedException: 501 5.1.7 Invalid address\n"
        "        at org.eclipse.angus.mail.smtp.SMTPTransport.mailFrom(SMTPTransport.java:1825)\n"
    )
    (result,) = results(text, catalog)
    # "Invalid address" at MAIL FROM is the sender's (5.1.7), not an unknown recipient filtered after DATA.
    assert (result.recipient, result.command, result.status, result.reason) == (None, "MAIL", "5.1.7", "rejected")
    (failure,) = javamail.read(Source(text, None)).failures  # type: ignore[union-attr]
    assert failure.names_no_recipient


def test_javamail_chain_printed_twice_is_one_failure(catalog: Catalog) -> None:
    line = "com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <nadia@example.org>: Recipient address rejected: User unknown\n"
    text = (
        "org.springframework.mail.MailSendException: Failed messages: javax.mail.SendFailedException: Invalid Addresses;\n  nested exception is:\n\t"
        + line
    )
    (result,) = results(text + "] with root cause\n" + text, catalog)
    assert (result.recipient, result.command) == ("nadia@example.org", "RCPT")


def test_smtplib_debug_output_python2_and_sender_refused(catalog: Catalog) -> None:
    # Python 2 prints the reply's text bare; a refused "mail FROM" names the sender, no recipient.
    text = (
        "send: u'mail FROM:<alerts@monitor.example> size=512\\r\\n'\n"
        "reply: '530 5.7.0 Must issue a STARTTLS command first\\r\\n'\n"
        "reply: retcode (530); Msg: 5.7.0 Must issue a STARTTLS command first\n"
        "send: 'rset\\r\\n'\n"
    )
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.command) == (None, "530", "5.7.0", "MAIL")


def test_smtplib_debug_output_reads_only_refusals() -> None:
    accepted = "send: 'rcpt TO:<bob@example.org>\\r\\n'\nreply: b'250 2.1.5 Ok\\r\\n'\nreply: retcode (250); Msg: b'2.1.5 Ok'\n"
    assert pysmtplib.recognise(Source(accepted, None))
    assert pysmtplib.read(Source(accepted, None)) is None


def test_ruby_reply_closed_by_a_bracket_it_opened_keeps_it() -> None:
    # A tracker's one line: the bracket around the message is taken off, qmail's "(#5.1.1)" stays.
    (failure,) = read_ruby("Net::SMTPFatalError (550 sorry, no mailbox here by that name. (#5.1.1))\n")
    assert failure.diagnostic == "550 sorry, no mailbox here by that name. (#5.1.1)"


def read_ruby(text: str) -> list[Failure]:
    parsed = rubysmtp.read(Source(text, None))
    return list(parsed.failures) if parsed else []


# A server's long reply, our wording: a refusal that explains itself at length (over 1,000 characters).
LONG_REFUSAL = (
    "550 5.7.1 <carla.neri@example.org>: Recipient address rejected: "
    + "the mailbox of this recipient accepts mail only from the partners listed on our portal; " * 14
    + "please ask the recipient to add your domain."
)


def test_phpmailer_debug_line_with_a_long_reply_is_read_whole(catalog: Catalog) -> None:
    # A line of more than 1,000 characters was not read at all: the error below it took its recipient.
    text = (
        "2026-12-06 09:40:12 CLIENT -> SERVER: RCPT TO:<carla.neri@example.org>\n"
        f"2026-12-06 09:40:12 SMTP ERROR: RCPT TO command failed: {LONG_REFUSAL}\n"
        "2026-12-06 09:40:12 CLIENT -> SERVER: QUIT\n"
    )
    assert len(LONG_REFUSAL) > 1_000
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.command) == ("carla.neri@example.org", "550", "5.7.1", "RCPT")
    assert result.evidence[0] == LONG_REFUSAL[:1_000]  # read to its last word, kept as long as the diagnostic


def test_phpmailer_error_quoted_in_a_long_json_log_line(catalog: Catalog) -> None:
    # Monolog's JSON lines: the error in "message", then a context that makes the line long; the
    # reply ends where its JSON string does.
    context = ", ".join(f'"#{n}": "/var/www/shop/vendor/phpmailer/phpmailer/src/SMTP.php({n})"' for n in range(40))
    text = (
        '{"message":"SMTP ERROR: RCPT TO command failed: 550 5.1.1 <ugo.rota@example.org>: Recipient address rejected: '
        'User unknown in virtual mailbox table","context":{"trace":{' + context + '}},"level":400,"channel":"mail"}\n'
    )
    assert len(text) > 2_000
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.reason) == ("ugo.rota@example.org", "550", "5.1.1", "userunknown")
    assert result.diagnostic.endswith("User unknown in virtual mailbox table")


# --- lines longer than 1,000 characters in the other readers of applications' errors ----------
# (A cap before "$" filtered such a line out, one without "$" cut its reply short: phpmailer's, 781aa69.)
PARTNERS = "the mailbox of this recipient accepts mail only from the partners listed on our portal; " * 14


def test_javamail_exception_with_a_long_reply_is_read(catalog: Catalog) -> None:
    text = (
        "javax.mail.SendFailedException: Invalid Addresses;\n  nested exception is:\n"
        f"\tcom.sun.mail.smtp.SMTPAddressFailedException: {LONG_REFUSAL}\n"
        "\tat com.sun.mail.smtp.SMTPTransport.rcptTo(SMTPTransport.java:2064)\n"
    )
    parsed = javamail.read(Source(text, None))  # the line was not read at all: another reader's words took it
    assert parsed is not None and [(f.recipient, f.command) for f in parsed.failures] == [("carla.neri@example.org", "RCPT")]
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.command) == ("carla.neri@example.org", "550", "5.7.1", "RCPT")
    # The diagnostic and the evidence keep 1,000 characters, as the other readers do: no line printed whole.
    assert (
        result.diagnostic == LONG_REFUSAL[:1_000]
        and result.evidence[0] == ("com.sun.mail.smtp.SMTPAddressFailedException: " + LONG_REFUSAL)[:1_000]
    )


def test_javamail_multiline_reply_with_a_long_next_line_is_read_to_its_end() -> None:
    text = (
        "com.sun.mail.smtp.SMTPSendFailedException: 550-5.7.1 Our policy refuses this message.\n"
        f"550 5.7.1 {PARTNERS}Contact postmaster@example.org (in reply to end of DATA command)\n"
    )
    parsed = javamail.read(Source(text, None))
    assert parsed is not None
    (failure,) = parsed.failures
    assert (failure.reply, failure.status, failure.command) == ("550", "5.7.1", "DATA")
    assert failure.evidence[0].endswith("refuses this message.") and [len(line) for line in failure.evidence[1:]] == [1_000]


def test_ruby_long_reply_is_read_to_its_line_end() -> None:
    # The whole reply was matched inside the 400 characters looked at below the class: it ended there.
    said = f"550 5.7.1 {PARTNERS[:600]}(in reply to RCPT TO command)"
    (failure,) = read_ruby(f"Net::SMTPFatalError: {said}\n")
    assert (failure.reply, failure.status, failure.command, failure.diagnostic) == ("550", "5.7.1", "RCPT", said)
    (failure,) = read_ruby(f"Net::SMTPFatalError: 550 5.7.1 {PARTNERS}\n")
    assert failure.diagnostic == f"550 5.7.1 {PARTNERS}".strip()[:1_000] and [len(e) for e in failure.evidence] == [1_000]


def test_gomail_long_reply_is_read_to_the_end_of_its_quote(catalog: Catalog) -> None:
    # logfmt: the reply's words past 1,000 characters name the refused command; the field after the quote is no part of it.
    text = (
        'time=2026-12-06T09:40:12Z level=error msg="send failed" err="gomail: could not send email 1: 550 5.7.1 '
        f'{PARTNERS}Recipient address rejected (in reply to RCPT TO command)" service=mailer\n'
    )
    (result,) = results(text, catalog)
    assert (result.reply_code, result.status, result.command) == ("550", "5.7.1", "RCPT")
    assert len(result.diagnostic) == 1_000 and "service=mailer" not in " ".join(result.evidence)
    assert [len(line) for line in result.evidence] == [1_000]


def test_nodemailer_long_reply_names_its_recipient(catalog: Catalog) -> None:
    # The refused recipient named at the end of a reply of more than 1,000 characters.
    text = f"Error: Can't send mail - all recipients were rejected: 550 5.1.1 {PARTNERS}<ugo.rota@example.org>: Recipient address rejected: User unknown\n"
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.command) == ("ugo.rota@example.org", "550", "5.1.1", "RCPT")
    assert [len(line) for line in result.evidence] == [1_000]


def phpmailer_paste(times: int) -> str:
    said = "Recipient address rejected: " + "not on the partners' list; " * (80 * times)
    return (
        "CLIENT -> SERVER: RCPT TO:<carla.neri@example.org>\n"
        f"SMTP ERROR: RCPT TO command failed: 550 5.7.1 {said}\n"
        f"SMTP Error: The following recipients failed: carla.neri@example.org: {said}\n"
    )


def javamail_paste(times: int) -> str:
    said = "not on the partners' list; " * (30 * times)  # three lines, 100 times: within MAX_TEXT_CHARS
    return (
        f"com.sun.mail.smtp.SMTPAddressFailedException: 550-5.7.1 <carla.neri@example.org>: {said}\n"
        f"550-5.7.1 {said}\n550 5.7.1 {said}\n\tat com.sun.mail.smtp.SMTPTransport.rcptTo(SMTPTransport.java:2064)\n"
    )


def logfmt_paste(head: str, times: int) -> str:
    return f'err="{head}550 5.1.1 {"not on the partners list; " * (80 * times)}<ugo.rota@example.org>: User unknown" level=error\n'


# A reader, a small input and one that grows it (10x or 100x), and the failures read from the larger.
LINEAR_TIME_CASES = [
    # A reply whose text is a long run of blanks before its last word: what closes the message is
    # taken off from its end once, not looked for from each blank (that cost the cube of the run).
    pytest.param(rubysmtp, *(f"Net::SMTPFatalError 550{' ' * blanks}x\n" for blanks in (36, 360)), [(None, "550", 1)], id="ruby-blanks"),
    # A reply and a list of refused recipients 100 times as long cost about 100 times as much.
    pytest.param(phpmailer, phpmailer_paste(1), phpmailer_paste(100), [("carla.neri@example.org", "550", 1)], id="phpmailer"),
    pytest.param(javamail, javamail_paste(1), javamail_paste(100), [("carla.neri@example.org", "550", 3)], id="javamail"),
    pytest.param(
        rubysmtp,
        *(f"Net::SMTPFatalError (550 5.1.1 {'no such user here; ' * (50 * times)}(#5.1.1))\n" for times in (1, 100)),
        [(None, "550", 1)],
        id="ruby-long",
    ),
    pytest.param(gomail, *(logfmt_paste("gomail: could not send email 1: ", times) for times in (1, 100)), [(None, "550", 1)], id="gomail"),
    pytest.param(
        nodemailer,
        *(logfmt_paste("Recipient command failed: ", times) for times in (1, 100)),
        [("ugo.rota@example.org", "550", 1)],
        id="nodemailer",
    ),
]


@pytest.mark.parametrize(("reader", "small", "big", "read_from_big"), LINEAR_TIME_CASES)
def test_long_lines_are_read_in_linear_time(
    reader: ModuleType, small: str, big: str, read_from_big: list[tuple[str | None, str | None, int]]
) -> None:
    from test_hostile_input import HANG_GUARD_S, superlinear, time_limit

    def read(text: str) -> list[Failure]:
        parsed = reader.read(Source(text, None))
        return list(parsed.failures) if parsed else []

    assert [(f.recipient, f.reply, len(f.evidence)) for f in read(big)] == read_from_big
    with time_limit(HANG_GUARD_S):
        ratio = superlinear(read, small, big, repeats=(5, 25))
    assert ratio is None, f"{len(big) // len(small)}x the input cost {ratio:.0f}x"


@pytest.mark.parametrize(
    "text",
    [
        # Roundcube's error shown to the user and written to its log (rcube_smtp.php).
        'SMTP Error (451): Failed to add recipient "carla@shop.example" (4.7.1 <carla@shop.example>: Recipient address rejected: try again later).',
        # MailSo's exception in RainLoop's or SnappyMail's log (Smtp/SmtpClient.php), after its dialogue lines.
        "[2025-02-03 09:12:44.101][a1b2c3d4] SMTP[INFO]: < 250 2.1.0 Ok\\r\\n\n"
        "[2025-02-03 09:12:44.102][a1b2c3d4] SMTP[INFO]: > RCPT TO:<carla@shop.example>\\r\\n\n"
        "[2025-02-03 09:12:44.130][a1b2c3d4] SMTP[INFO]: < 451 4.7.1 <carla@shop.example>: Recipient address rejected: try again later\\r\\n\n"
        "[2025-02-03 09:12:44.131][a1b2c3d4] SMTP[ERROR]: MailSo\\Smtp\\Exceptions\\NegativeResponseException: Failed to add recipient "
        "'carla@shop.example': 451 4.7.1 <carla@shop.example>: Recipient address rejected: try again later in "
        "/var/www/webmail/app/libraries/MailSo/Smtp/SmtpClient.php:596\n",
    ],
    ids=["roundcube", "mailso"],
)
def test_webmail_refused_send_with_a_4xx_is_the_application_s_to_repeat(catalog: Catalog, text: str) -> None:
    """A webmail's SMTP client gave up on the message when the server said 4xx at RCPT: no server queued
    it, so nothing retries it; the user (the application) has to send it again."""
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.action, result.retry) == ("carla@shop.example", "451", "delayed", "application")


def test_nodemailer_message_refused_after_data(catalog: Catalog) -> None:
    # _actionSMTPStream's "Message failed" (EMESSAGE): the server refused the message after its data.
    text = (
        "{ Error: Message failed: 554 5.7.1 Message refused: content looks like spam (ref 7Qx2)\n"
        "    at SMTPConnection._formatError (/srv/newsletter/node_modules/nodemailer/lib/smtp-connection/index.js:790:19)\n"
        "    at SMTPConnection._actionSMTPStream (/srv/newsletter/node_modules/nodemailer/lib/smtp-connection/index.js:1594:34)\n"
        "  code: 'EMESSAGE',\n"
        "  responseCode: 554,\n"
        "  command: 'DATA' }\n"
    )
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.command, result.action) == (None, "554", "5.7.1", "DATA", "failed")
    (failure,) = nodemailer.read(Source(text, None)).failures  # type: ignore[union-attr]
    assert (failure.command, failure.reply) == ("DATA", "554")
    # A reply with no enhanced code, which no scanner of lines reads alone, is still Nodemailer's refusal.
    bare = "Error: Message failed: 554 Transaction refused, see https://mail.example.net/help/refused.html?id=Zx81\n  code: 'EMESSAGE',\n"
    (result,) = results(bare, catalog)
    assert (result.reply_code, result.command, result.action) == ("554", "DATA", "failed")


@pytest.mark.parametrize(
    ("reader", "text"),
    [
        pytest.param(
            nodemailer,
            '[2026-12-07T08:12:44.101Z] ERROR mailer: sending "Weekly digest" as digest@news.example.net failed\n'
            "Error: Mail command failed: 553 5.7.1 Sender address rejected: not owned by user\n"
            "    at SMTPConnection._formatError (/srv/app/node_modules/nodemailer/lib/smtp-connection/index.js:790:19)\n"
            "    at SMTPConnection._actionMAIL (/srv/app/node_modules/nodemailer/lib/smtp-connection/index.js:1588:34)\n",
            id="nodemailer",
        ),
        pytest.param(
            gomail,
            "2026/12/07 08:20:03 alerts.go:88: sending the nightly report as reports@ops.example.net\n"
            "2026/12/07 08:20:03 alerts.go:91: gomail: could not send email 1: Mail: 553 5.7.1 Sender address rejected: not owned by user\n",
            id="gomail",
        ),
    ],
)
def test_refused_mail_from_names_no_recipient(catalog: Catalog, reader: ModuleType, text: str) -> None:
    # Refused at MAIL FROM, the message failed for every recipient: the one address of the paste (the
    # sender the application logged) is not taken for the recipient (words.refused_reply).
    (result,) = results(text, catalog)
    assert (result.recipient, result.command, result.reply_code, result.action) == (None, "MAIL", "553", "failed")
    (failure,) = reader.read(Source(text, None)).failures
    assert (failure.command, failure.names_no_recipient) == ("MAIL", True)


def test_gomail_sender_label_names_the_command_before_the_reply_s_words(catalog: Catalog) -> None:
    # "Mail: " is the application's own word for the call that failed; a reply that names another
    # command ("… STARTTLS command first") answered MAIL FROM all the same.
    text = "gomail: could not send email 1: Mail: 530 5.7.0 Must issue a STARTTLS command first\n"
    (result,) = results(text, catalog)
    assert (result.command, result.reply_code, result.status) == ("MAIL", "530", "5.7.0")


def test_nodemailer_lmtp_refusal_names_its_recipient(catalog: Catalog) -> None:
    # _actionLMTPStream: "Message failed for recipient " and the address, then the server's reply.
    text = "Error: Message failed for recipient lucia.neri@example.org: 552 5.2.2 <lucia.neri@example.org> Mailbox is full\n"
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.reason) == ("lucia.neri@example.org", "552", "5.2.2", "mailboxfull")
    (failure,) = nodemailer.read(Source(text, None)).failures  # type: ignore[union-attr]
    assert (failure.recipient, failure.command) == ("lucia.neri@example.org", "DATA")


@pytest.mark.parametrize(
    ("label", "reply", "recipient", "command"),
    [
        ("Rcpt", "550 5.1.1 <piero.galli@example.net>: Recipient address rejected: User unknown", "piero.galli@example.net", "RCPT"),
        ("data", "554 5.7.1 Message refused by local policy", "ops@example.net", "DATA"),
    ],
)
def test_gomail_sender_names_the_refused_command(catalog: Catalog, label: str, reply: str, recipient: str, command: str) -> None:
    # An application's sender wraps net/smtp's error with the command ("Rcpt: %v"), inside gomail's
    # SendError; the application's log names the one recipient it sent to.
    text = (
        f"2026/12/07 06:50:01 [...mailer.go:201 processMailQueue()] [E] Fail to send emails [{recipient}]: "
        f"gomail: could not send email 1: {label}: {reply}\n"
    )
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.command, result.action) == (recipient, reply[:3], command, "failed")
    (failure,) = gomail.read(Source(text, None)).failures  # type: ignore[union-attr]
    assert failure.command == command


# Nodemailer 0.x (simplesmtp's client): console.log of its error object, the reply in the data field with
# its CRLFs escaped; the name and message in brackets (lib/client.js, _onError(err, type, data)).
NODEMAILER_0X_RECIPIENTS = (
    "Mail not sent:\n\n"
    "{ [RecipientError: Can't send mail - all recipients were rejected]\n"
    "  name: 'RecipientError',\n"
    "  data: '550-5.1.1 <marta@studio-ferri.example>: Recipient address rejected:\\r\\n550 5.1.1 User unknown in virtual mailbox table',\n"
    "  stage: 'rcpt' }\n"
)
NODEMAILER_0X_SENDER = (
    "Sending the invoice failed\n\n"
    "{ [SenderError: Mail from command failed - 553 5.7.1 <shop@ferri-shop.example>: Sender address rejected: not owned by user]\n"
    "  name: 'SenderError',\n"
    "  data: '553 5.7.1 <shop@ferri-shop.example>: Sender address rejected: not owned by user',\n"
    "  stage: 'mail' }\n"
)


def test_nodemailer_0x_error_object_with_the_reply_in_its_data_field(catalog: Catalog) -> None:
    (result,) = results(NODEMAILER_0X_RECIPIENTS, catalog)
    assert (result.recipient, result.reply_code, result.status, result.command) == ("marta@studio-ferri.example", "550", "5.1.1", "RCPT")
    assert (result.reason, result.action) == ("userunknown", "failed")
    (failure,) = nodemailer.read(Source(NODEMAILER_0X_RECIPIENTS, None)).failures  # type: ignore[union-attr]
    assert "\\r\\n" not in failure.diagnostic  # the escaped line break read as one


def test_nodemailer_0x_sender_error_is_one_failure_at_mail_from(catalog: Catalog) -> None:
    # The bracketed message repeats the data field's reply: one failure, at MAIL FROM.
    (failure,) = nodemailer.read(Source(NODEMAILER_0X_SENDER, None)).failures  # type: ignore[union-attr]
    assert (failure.command, failure.reply, failure.recipient) == ("MAIL", "553", None)
    assert failure.diagnostic.endswith("not owned by user")
    (result,) = results(NODEMAILER_0X_SENDER, catalog)
    assert (result.recipient, result.reply_code, result.command, result.action) == (None, "553", "MAIL", "failed")


def test_nodemailer_0x_error_names_without_a_reply_are_no_failure() -> None:
    # simplesmtp's "SenderError: Mail from command failed - 354 …" quotes no refusal (354 is no 4xx/5xx).
    text = "Email plugin error: RecipientError: Can't send mail - all recipients were rejected\nEmail plugin error: SenderError: Mail from command failed - 354 Continue\n"
    assert nodemailer.read(Source(text, None)) is None


# SwiftMailer's exception quoted in a note of prose, with no report's words around it: a reviewer's comment
# in a student project, the prose in Russian or in English (our words, our addresses).
SWIFT_IN_PROSE = (
    "/* Заметка для проверки\n\n"
    "Отправка письма отключена, потому что ящик отправителя выдаёт ошибку:\n\n"
    'Fatal error: Uncaught Swift_TransportException: Expected response code 250 but got code "550", with message '
    '"550 Message was not accepted -- invalid mailbox. Local mailbox olga.smirnova@mail.example is unavailable: '
    'message sending for this account is disabled: http://help.mail.example/postmaster"\n\n'
    "Остальная часть сайта работает, главная страница открывается.\n\n"
    "Код отправки оставлен закомментированным до восстановления ящика.\n"
    "*/\n"
)


@pytest.mark.parametrize("prose", ["ru", "en"])
def test_swift_exception_quoted_in_prose_is_read_as_its_line(catalog: Catalog, prose: str) -> None:
    text = SWIFT_IN_PROSE
    if prose == "en":
        text = text.replace("Заметка для проверки", "Note for the reviewer")
        text = text.replace(
            "Отправка письма отключена, потому что ящик отправителя выдаёт ошибку:",
            "Sending is switched off, the sender's mailbox gives this error:",
        )
        text = text.replace(
            "Остальная часть сайта работает, главная страница открывается.", "The rest of the site works and the main page opens."
        )
        text = text.replace(
            "Код отправки оставлен закомментированным до восстановления ящика.",
            "The sending code stays commented out until the mailbox is restored.",
        )
    (result,) = results(text, catalog)
    # Mail.ru's wording for an account barred from sending: its own page (5.7.13), not an unknown recipient.
    assert (result.reply_code, result.status, result.reason, result.action) == ("550", "5.7.13", "suspend", "failed")
    assert result.page.endswith("#mailru-sending-disabled")
    assert result.hard_bounce is False


def test_prose_naming_a_client_exception_without_a_reply_is_no_failure(catalog: Catalog) -> None:
    text = (
        "Our contact form sometimes throws a Swift_TransportException.\n\n"
        "We catch it and show a friendly message to the visitor.\n\n"
        "The log only says: Expected response code 250 but got an empty response.\n\n"
        "Is there a way to get the server's answer?\n"
    )
    assert diagnose(text.encode("utf-8"), catalog).kind != "bounce"


# --- Horde_Smtp's fixed sentences (Nextcloud Mail, Horde IMP) -------------------------------------


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # Nextcloud Mail's log: its "Could not send message: " and the exception's message.
        pytest.param(
            '{"level":3,"app":"mail","message":"Could not send message: Message could not be delivered - the address '
            'was not found, is unknown, or is not receiving messages.","version":"30.0.2.1"}\n',
            "550",
            id="550",
        ),
        pytest.param(
            "There was an error sending your message: Server is not accepting SMTP connections.\n",
            "554",
            id="554",
        ),
        # Common words: Horde's only beside its exception's class name.
        pytest.param(
            "Horde_Smtp_Exception: Server requires authentication. in /var/www/horde/lib/Compose.php:912\n",
            "530",
            id="530-with-class",
        ),
    ],
)
def test_horde_sentence_is_the_reply_code_alone(catalog: Catalog, text: str, reply: str) -> None:
    """Horde_Smtp_Exception::setSmtpCode writes its own sentence in place of the server's words for
    these replies, whatever the server said: the failure has the code, and no reason the sentence's
    words would suggest ("not found, is unknown" stands for every 550)."""
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.action, result.diagnostic) == (None, reply, "failed", reply)
    assert result.reason != "userunknown"
    assert result.hard_bounce is False
    (failure,) = horde.read(Source(text, None)).failures  # type: ignore[union-attr]
    assert failure.reply == reply


def test_horde_550_sentence_gives_no_unknown_user(catalog: Catalog) -> None:
    text = "Could not send message: Message could not be delivered - the address was not found, is unknown, or is not receiving messages.\n"
    (result,) = results(text, catalog)
    assert (result.reply_code, result.status, result.status_inferred, result.reason) == ("550", "5.0.0", True, "undefined")


def test_horde_common_words_alone_are_not_horde_s() -> None:
    text = "Server requires authentication.\n"
    assert not horde.recognise(Source(text, None))


# --- Haraka's refusal of a recipient no plugin accepted -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # JavaMail's refused address, as a Java application's log prints it.
        "org.example.mail.MailException: jakarta.mail.SendFailedException: Invalid Addresses;\n"
        "  nested exception is:\n"
        "\torg.eclipse.angus.mail.smtp.SMTPAddressFailedException: 550 I cannot deliver mail for <renata.gallo@fabrikam.example>\n",
        # The reply in an SMTP client's transcript.
        "C: RCPT TO:<renata.gallo@fabrikam.example>\nS: 550 I cannot deliver mail for <renata.gallo@fabrikam.example>\n",
    ],
)
def test_haraka_cannot_deliver_is_a_relay_refusal(catalog: Catalog, text: str) -> None:
    """Haraka's connection.js answers RCPT TO so when no rcpt hook accepted the recipient (no local
    domain, no relaying allowed): the catalog's Haraka variant, norelaying, a soft bounce."""
    (result,) = results(text, catalog)
    expected = ("renata.gallo@fabrikam.example", "550", "norelaying", False)
    assert (result.recipient, result.reply_code, result.reason, result.hard_bounce) == expected
    assert result.page == "codes/5.7.1/#haraka-cannot-deliver-relay"


# --- Erlang's gen_smtp (Swoosh, Bamboo): the failure tuple ------------------------------------------


@pytest.mark.parametrize(
    ("text", "reply", "status"),
    [
        # Elixir's inspect of the tuple, the host a charlist in quotes, the reply with its written \r\n.
        (
            "** (Swoosh.DeliveryError) delivery error: {:send, {:permanent_failure, 'relay.example.net', "
            '"554 5.7.1 Message refused by content policy\\r\\n"}}\n',
            "554",
            "5.7.1",
        ),
        # Erlang's own print: the atom bare, the host a string, the reply a binary, over several lines.
        (
            '{error,no_more_hosts,\n    {permanent_failure,"10.20.30.40",\n        <<"501 Syntax error in parameters or arguments\\r\\n">>}}\n',
            "501",
            None,
        ),
        # Inspected again into an exception's message: its quotes written \", the reply's breaks \\r\\n.
        (
            'message: "delivery failed: {:permanent_failure, ~c\\"mx.example.org\\", \\"552 5.3.4 Message too big\\\\r\\\\n\\"}"\n',
            "552",
            "5.3.4",
        ),
    ],
)
def test_gensmtp_tuple_gives_the_reply_it_carries(catalog: Catalog, text: str, reply: str, status: str | None) -> None:
    parsed = gensmtp.read(Source(text, None))
    assert parsed is not None
    (failure,) = parsed.failures
    assert (failure.recipient, failure.reply, failure.status, failure.command) == (None, reply, status, None)
    assert "\\r" not in failure.diagnostic and "\\n" not in failure.diagnostic
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code) == (None, reply)


def test_gensmtp_sender_in_the_reply_is_no_recipient(catalog: Catalog) -> None:
    # The refused MAIL FROM names the application's sender: gen_smtp's tuple names no recipient.
    text = (
        '[error] ** (Swoosh.DeliveryError) delivery error: {:send, {:permanent_failure, ~c"192.0.2.25", '
        '"553 5.7.1 <alerts@monitor.example>: Sender address rejected: not owned by user ops@monitor.example\\r\\n"}}\n'
        "to: chiara.conti@example.org\n"
    )
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.status, result.reason) == (None, "553", "5.7.1", "rejected")


def test_gensmtp_reason_atom_without_a_reply_is_not_read() -> None:
    # auth_failed and tls_failed carry no server reply: nothing for this reader.
    text = '{error,retries_exceeded,{temporary_failure,"smtp.example.com",tls_failed}}\n{error,no_more_hosts,{permanent_failure,"smtp.example.com",auth_failed}}\n'
    assert gensmtp.recognise(Source(text, None))
    assert gensmtp.read(Source(text, None)) is None


def test_gensmtp_is_not_recognised_without_its_failure_atoms() -> None:
    assert not gensmtp.recognise(Source("{error, timeout}\n550 5.1.1 User unknown\n", None))


# --- JavaMail: AUTH refused, the greeting refused -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reply", "status"),
    [
        # logback's abbreviated package, the reply on one line.
        ("Caused by: j.m.AuthenticationFailedException: 535 5.7.3 Authentication unsuccessful\n", "535", "5.7.3"),
        # Jakarta Mail's package, a reply with no enhanced status.
        ("jakarta.mail.AuthenticationFailedException: 454 Temporary authentication failure\n", "454", None),
    ],
)
def test_javamail_auth_refused_names_no_recipient(catalog: Catalog, text: str, reply: str, status: str | None) -> None:
    text = "Sending the report to anna.ferrero@example.org\n" + text
    parsed = javamail.read(Source(text, None))
    assert parsed is not None
    (failure,) = parsed.failures
    assert (failure.recipient, failure.reply, failure.status, failure.command) == (None, reply, status, "AUTH")
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code) == (None, reply)


def test_javamail_auth_exception_of_another_library_is_not_read() -> None:
    # An application's own AuthenticationFailedException (no mail package, no reply code) is no SMTP refusal.
    text = "com.example.auth.AuthenticationFailedException: 535 attempts left for this account\n"
    assert not javamail.recognise(Source(text, None))
    assert javamail.read(Source("javax.mail.AuthenticationFailedException: failed to connect, no password specified?\n", None)) is None


def test_javamail_greeting_without_a_reply_is_no_failure() -> None:
    # openServer writes -1 when the server sent no greeting at all: a connection failure, no refusal.
    text = "javax.mail.MessagingException: Could not connect to SMTP host: smtp.example.net, port: 587, response: -1\n"
    assert javamail.recognise(Source(text, None))
    assert javamail.read(Source(text, None)) is None


def test_javamail_greeting_refused_gives_its_code_and_host(catalog: Catalog) -> None:
    text = "javax.mail.MessagingException: Could not connect to SMTP host: mx.example.com, port: 25, response: 554\n"
    (failure,) = javamail.read(Source(text, None)).failures  # type: ignore[union-attr]
    assert (failure.reply, failure.command, failure.remote_host, failure.recipient) == ("554", "CONN", "mx.example.com", None)
    (result,) = results(text, catalog)
    assert (result.reply_code, result.reason) == ("554", "blocked")


# --- A Java artifact's version in a stack frame is no status --------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        "~[spring-context-support-5.0.7.RELEASE.jar:5.0.7.RELEASE]",
        "~[jakarta.mail-2.0.2.jar!/:na]",
        "~[spring-core-5.3.31.jar:5.3.31]",
    ],
)
def test_status_pattern_skips_a_java_artifact_version(frame: str) -> None:
    from ndr_atlas.codes import STATUS_RE

    assert STATUS_RE.search(frame) is None
    assert STATUS_RE.search(f"550 5.7.1 Relaying denied {frame}").group(0) == "5.7.1"  # type: ignore[union-attr]


def test_status_pattern_still_reads_a_status_before_a_full_stop_or_glued_words() -> None:
    from ndr_atlas.codes import STATUS_RE

    assert [m.group(0) for m in STATUS_RE.finditer("status 5.1.1. then 550 4.4.7.Ha caducado")] == ["5.1.1", "4.4.7"]


def test_frames_of_a_spring_trace_give_no_status(catalog: Catalog) -> None:
    # The application logs the server's reply itself; the frames below carry the jars' versions.
    text = (
        "2026-12-01 10:02:11.407 ERROR 2231 --- [mail-1] c.e.notify.Sender : Mail server refused the message:\n"
        "554 Message refused by local policy\n"
        "\tat c.e.notify.Sender.send(Sender.java:52) ~[notify-1.4.0.jar:na]\n"
        "\tat org.springframework.scheduling.support.ScheduledMethodRunnable.run(ScheduledMethodRunnable.java:84) "
        "~[spring-context-5.0.7.RELEASE.jar:5.0.7.RELEASE]\n"
    )
    (result,) = results(text, catalog)
    assert (result.reply_code, result.status, result.status_inferred) == ("554", "5.0.0", True)


# --- Python smtplib's SMTPDataError: the message data refused -------------------------------------


@pytest.mark.parametrize(
    ("text", "reply", "status"),
    [
        # A traceback's last line: Python 3 writes the reply as a bytes literal.
        (
            "Traceback (most recent call last):\n"
            '  File "/srv/shop/mailer.py", line 88, in send_order\n'
            "    server.sendmail(sender, [customer], msg.as_string())\n"
            '  File "/usr/lib/python3.11/smtplib.py", line 908, in sendmail\n'
            "    raise SMTPDataError(code, resp)\n"
            "smtplib.SMTPDataError: (554, b'5.7.1 Message rejected as spam by content filter')\n",
            "554",
            "5.7.1",
        ),
        # Django's error page: the class name and the URL, the tuple on a line below, Python 2's str literal.
        ("SMTPDataError at /signup/\n\n(550, 'Message refused: sending limit exceeded for this account')\n", "550", None),
    ],
)
def test_smtplib_data_error_is_the_refused_data(catalog: Catalog, text: str, reply: str, status: str | None) -> None:
    parsed = pysmtplib.read(Source(text, None))
    assert parsed is not None
    (failure,) = parsed.failures
    assert (failure.recipient, failure.reply, failure.status, failure.command) == (None, reply, status, "DATA")
    (result,) = results(text, catalog)
    assert (result.reply_code, result.command) == (reply, "DATA")


def test_smtplib_data_error_names_the_keyword_argument_s_recipient(catalog: Catalog) -> None:
    # The refusal names no address; the paste's one address, given as a quoted keyword argument, is the
    # recipient, without the quote before it.
    text = "mailer.send(to='federica.galli@example.org', subject='Report')\nsmtplib.SMTPDataError: (550, b'Mail content denied')\n"
    (result,) = results(text, catalog)
    assert (result.recipient, result.reply_code, result.command) == ("federica.galli@example.org", "550", "DATA")


@pytest.mark.parametrize(
    ("found", "address"),
    [
        ("to='nicola.greco@example.org", "nicola.greco@example.org"),
        ('to="nicola.greco@example.org', "nicola.greco@example.org"),
        ("to=nicola.greco@example.org", "nicola.greco@example.org"),
        ("rcpt=o'brien@example.org", "o'brien@example.org"),  # an apostrophe inside the local part stays
    ],
)
def test_a_log_field_or_keyword_argument_name_is_no_part_of_the_address(found: str, address: str) -> None:
    from ndr_atlas.formats.base import without_log_field_name

    assert without_log_field_name(found) == address


@pytest.mark.parametrize(
    ("module", "unit"),
    [
        # Tuple openings that never close: each is scanned to its next quote only.
        (gensmtp, "{permanent_failure, 'mx.example.org', \"550 "),
        (gensmtp, '{:temporary_failure, ~c"mx.example.org", "451 still no closing quote '),
        # SMTPDataError's name again and again, no tuple after it.
        (pysmtplib, "SMTPDataError at /send/ "),
        # openServer's words with no code.
        (javamail, "Could not connect to SMTP host: mx.example.org, port: 25, response: "),
    ],
    ids=["gensmtp-openings", "gensmtp-unclosed", "smtplib-data-error-names", "javamail-greetings"],
)
def test_client_error_readers_are_linear_on_repeated_openings(module: ModuleType, unit: str) -> None:
    from test_hostile_input import HANG_GUARD_S, superlinear, time_limit

    def run(text: str) -> object:
        return module.read(Source(text, None))

    with time_limit(HANG_GUARD_S):
        ratio = superlinear(run, unit * 500, unit * 10_000)
    assert ratio is None, f"20x the text cost {ratio:.0f}x"
