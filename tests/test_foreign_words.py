"""Reports written in languages other than English and Italian, as small MTAs, hosting panels and
national providers write them (tests/fixtures/formats/intl-*; our own texts): each is a report, its
failed recipient is found, and its words give the reason (words.FOREIGN_FAILURE_CUES,
FAILURE_WORDS_RE, and the phrase lists of catalog/variants/generic-*.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ndr_atlas.catalog import Catalog, catalog_from_data
from ndr_atlas.diagnose import diagnose
from ndr_atlas.formats import returned, words
from ndr_atlas_build.compile import compile_catalog

FORMATS = Path(__file__).parent / "fixtures" / "formats"

# file, failed recipient, reason, the page's anchor (the generic variant the words matched) or None.
TABLE: list[tuple[str, str, str, str | None]] = [
    # Exim's own failure line with a German reply ("550 Benutzer unbekannt") under a German template.
    ("intl-de-exim-benutzer-unbekannt.eml", "max.muster@example.de", "userunknown", "generic-userunknown-no-such-user"),
    # No code at all: the recipient listed under the sentence, the reason in words ("Postfach … voll").
    ("intl-de-notice-mailbox-full.eml", "lisa.hahn@example.de", "mailboxfull", "generic-mailboxfull-over-quota"),
    ("intl-fr-postfix-boite-pleine.eml", "marie.petit@example.fr", "mailboxfull", "generic-mailboxfull-over-quota"),
    # 552 alone would say mailboxfull: the words say the message is too big.
    ("intl-it-postfix-messaggio-troppo-grande.eml", "sara.greco@example.it", "mesgtoobig", "generic-mesgtoobig-message-too-big"),
    ("intl-es-buzon-lleno.eml", "carmen.ruiz@example.es", "mailboxfull", None),
    ("intl-pl-uzytkownik-nie-istnieje.eml", "adam.nowak@example.pl", "userunknown", "generic-userunknown-no-such-user"),
    ("intl-ru-yashchik-perepolnen.eml", "olga.ivanova@example.ru", "mailboxfull", "generic-mailboxfull-over-quota"),
    # The recipient only under a "收件人：" label (full-width colon), the reason under "退信原因：".
    ("intl-zh-tuixin-youxiang-yiman.eml", "li.na@example.cn", "mailboxfull", "generic-mailboxfull-over-quota"),
    ("intl-ja-atesaki-fumei.eml", "hanako@example.jp", "userunknown", "generic-userunknown-no-such-user"),
    ("intl-nl-mailbox-vol.eml", "els.devries@example.nl", "mailboxfull", "generic-mailboxfull-over-quota"),
    # Pasted alone: no headers say it is a report, only its words.
    ("intl-pt-caixa-cheia-paste.txt", "ana.souza@example.com.br", "mailboxfull", "generic-mailboxfull-over-quota"),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return catalog_from_data(compile_catalog())


@pytest.mark.parametrize(("name", "recipient", "reason", "anchor"), TABLE, ids=[row[0] for row in TABLE])
def test_a_report_in_another_language_is_read(catalog: Catalog, name: str, recipient: str, reason: str, anchor: str | None) -> None:
    report = diagnose((FORMATS / name).read_bytes(), catalog)
    assert report.kind == "bounce"
    assert [r.recipient for r in report.results] == [recipient]
    result = report.results[0]
    assert result.reason == reason
    assert result.action == "failed"
    if anchor is not None:
        assert result.page.endswith("#" + anchor)


def test_every_foreign_sentence_is_a_report_cue() -> None:
    for cue in words.FOREIGN_FAILURE_CUES:
        assert words.has_bounce_cues(f"Mail\n{cue.capitalize()}\n"), cue
    assert not words.has_bounce_cues("Guten Tag,\nanbei das Angebot für 2027.\n")


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("550 Benutzer unbekannt", "userunknown"),
        ("550 utente sconosciuto", "userunknown"),
        ("550 Usuário desconhecido", "userunknown"),
        ("550 Пользователь не найден", "userunknown"),
        ("550 用户不存在", "userunknown"),
        ("552 Postfach voll", "mailboxfull"),
        ("552 Skrzynka odbiorcy jest pełna", "mailboxfull"),
        ("550 メールボックスが一杯です", "mailboxfull"),
        ("550 받는 사람의 메일함 용량이 초과되었습니다", "mailboxfull"),
        ("552 Message trop volumineux", "mesgtoobig"),
        ("550 Compte désactivé", "suspend"),
        ("550 Dominio inesistente", "hostunknown"),
    ],
)
def test_a_foreign_reply_refused_at_rcpt_gives_its_reason(catalog: Catalog, reply: str, reason: str) -> None:
    """The same words in a Postfix report: the reply quoted, refused at RCPT TO."""
    text = (
        "From: MAILER-DAEMON@mx.example.net\nSubject: Undelivered Mail Returned to Sender\n\n"
        "This is the mail system at host mx.example.net.\n\n"
        f"<bob@example.org>: host mx.example.org[192.0.2.5] said: {reply} (in reply to RCPT TO command)\n"
    )
    result = diagnose(text, catalog).results[0]
    assert (result.recipient, result.reason) == ("bob@example.org", reason)


@pytest.mark.parametrize(
    ("heading", "reason_line", "reason"),
    [
        ("Não foi possível entregar a mensagem a:", "Motivo: a caixa postal do destinatário está cheia.", "mailboxfull"),
        ("Wiadomość nie została dostarczona do:", "Powód: skrzynka odbiorcy jest pełna.", "mailboxfull"),
        ("Votre message n'a pas pu être remis à :", "Raison : le domaine du destinataire n'existe pas.", "hostunknown"),
        ("Impossibile recapitare il messaggio a:", "Motivo: il dominio del destinatario non esiste.", "hostunknown"),
        ("您的邮件无法送达：", "退信原因：域名不存在", "hostunknown"),
        ("Die Nachricht konnte nicht zugestellt werden an:", "Grund: Nachricht zu groß", "mesgtoobig"),
        ("No se ha podido entregar el mensaje a:", "Motivo: cuenta desactivada", "suspend"),
    ],
)
def test_a_notice_with_no_code_gives_the_reason_of_its_words(catalog: Catalog, heading: str, reason_line: str, reason: str) -> None:
    """A provider's notice in words only: the listed recipient, the reason from the line under it."""
    text = f"From: postmaster@mx.example.net\nSubject: Notice\n\n{heading}\n\n    bob@example.org\n\n{reason_line}\n"
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.status_inferred) == ("bob@example.org", reason, True)


def test_a_persons_mail_with_such_words_is_no_failure(catalog: Catalog) -> None:
    """A person who writes that a parcel "konnte nicht zugestellt werden" reports no failed recipient:
    the words are read as they are in English ("could not be delivered")."""
    text = (
        "From: Jonas Keller <jonas.keller@example.de>\nTo: anna.weiss@example.com\nSubject: Paket\n"
        "Date: Fri, 04 Dec 2026 10:00:00 +0100\n\nHallo Anna,\ndas Paket konnte nicht zugestellt werden, "
        "der Bote kommt morgen wieder.\nGruß, Jonas\n"
    )
    report = diagnose(text, catalog)
    english = diagnose(text.replace("das Paket konnte nicht zugestellt werden", "the parcel could not be delivered"), catalog)
    assert report.kind != "bounce" and report.results == []
    assert report.kind == english.kind


def test_a_german_delay_warning_stays_a_delay(catalog: Catalog) -> None:
    """'… noch nicht zugestellt werden' holds the cue 'nicht zugestellt werden' and the delay words:
    the recipient is delayed, not failed."""
    text = (
        "Ihre Nachricht konnte bis jetzt noch nicht zugestellt werden. Es wird weiter versucht.\n\n"
        "<hans.vogt@example.de>: connect to mx.example.de[192.0.2.12]:25: Connection timed out\n"
    )
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.action, result.reason) == ("hans.vogt@example.de", "delayed", "expired")


def test_an_exchange_delay_notice_in_another_language_is_a_delay(catalog: Catalog) -> None:
    """Exchange's delay notice quotes "400 4.4.7 Message delayed" whatever the language of its headings
    (here Danish, pasted from the administrators' section down): the recipient is delayed, not failed."""
    text = (
        "Diagnosticeringsoplysninger for administratorer:\n\n"
        "Genererende server: EXCH01.example.local\n\n"
        "anna.berg@example.org\n"
        "Remote Server returned '400 4.4.7 Message delayed'\n\n"
        "Oprindelige brevhoveder:\n\n"
        "Received: from EXCH01.example.local (192.0.2.10) by EXCH01.example.local\n"
        " (192.0.2.10) with Microsoft SMTP Server (TLS) id 15.0.1130.7\n"
        "From: Lars Holm <lars.holm@example.com>\n"
        'To: "anna.berg@example.org" <anna.berg@example.org>\n'
        "Subject: Tilbud\n"
    )
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.status, result.action, result.permanent) == ("anna.berg@example.org", "4.4.7", "delayed", False)


def test_the_queue_expiry_of_an_exchange_failure_stays_a_failure(catalog: Catalog) -> None:
    """The same server's failure report quotes "550 4.4.7 QUEUE.Expired": given up, not delayed."""
    text = (
        "Toimitus seuraaville vastaanottajille tai ryhmille epäonnistui:\n\n"
        "mikko.laine@example.fi\n\n"
        "Diagnostic information for administrators:\n\n"
        "Generating server: mail.example.fi\n\n"
        "mikko.laine@example.fi\n"
        "#550 4.4.7 QUEUE.Expired; message expired ##\n"
    )
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.action, result.reason) == ("mikko.laine@example.fi", "failed", "expired")


def test_a_hosting_notice_written_without_accents_is_read(catalog: Catalog) -> None:
    """A French hosting company's notice says "l'email n'a pu etre envoye" (no accents, on purpose) above
    the Postfix line: it is a report, and the line gives the recipient and the reason."""
    text = (
        "Bonjour,\n\n"
        "Ceci est un message d'echec envoye automatiquement par le serveur.\n"
        "L'email n'a pu etre envoye au destinataire indique plus bas.\n\n"
        "######## Details de l'erreur ########\n\n"
        "<paul.durand@example.fr>: Host or domain name not found. Name service error for\n"
        "    name=example.fr type=MX: Host not found\n"
    )
    report = diagnose(text, catalog)
    assert report.kind == "bounce"
    assert [(r.recipient, r.reason, r.action) for r in report.results] == [("paul.durand@example.fr", "hostunknown", "failed")]


@pytest.mark.parametrize(
    "text",
    [
        # Gmail's notice in Italian and in German, as people paste it: the sentence under the heading only.
        "** Indirizzo non trovato **\n\n"
        "Il tuo messaggio non è stato recapitato a marco.rossi@example.it perché l'indirizzo risulta inesistente"
        " o non può ricevere email.\n",
        "** Die Adresse wurde nicht gefunden **\n\n"
        "Ihre Nachricht wurde nicht an marco.rossi@example.it zugestellt, weil die Adresse nicht gefunden wurde"
        " oder keine E-Mails empfangen kann.\n",
        # … and in Spanish, the heading and its sentence as a helpdesk pasted them.
        "No se ha encontrado la dirección\n\n"
        "Tu mensaje no se ha entregado a marco.rossi@example.it porque no se ha encontrado la dirección"
        " o esta no puede recibir correo.\n",
        # … in Chinese, pasted as its one sentence (no heading, no reply): the verb "无法递送" makes it a report.
        "由于系统找不到电子邮件地址 marco.rossi@example.it，或该地址无法接收邮件，因此无法递送您的邮件。\n",
        "** 找不到地址 **\n\n由于系统找不到电子邮件地址 marco.rossi@example.it，或该地址无法接收邮件，因此无法递送您的邮件。\n",
    ],
)
def test_gmails_sentence_in_another_language_gives_recipient_and_reason(catalog: Catalog, text: str) -> None:
    """Without Google's reply below it, the localized sentence alone names the recipient and says the
    address does not exist: the status is inferred (5.1.1) and shown as such, and the page is Gmail's."""
    report = diagnose(text, catalog)
    assert report.kind == "bounce"
    (result,) = report.results
    assert (result.recipient, result.reason, result.action) == ("marco.rossi@example.it", "userunknown", "failed")
    assert result.status == "5.1.1" and result.status_inferred
    assert result.page.endswith("#gmail-nosuchuser")


def test_gmails_chinese_sentence_above_the_remote_reply_takes_the_replys_code(catalog: Catalog) -> None:
    """Gmail's Chinese notice with the remote server's reply under "以下为远程服务器的响应：": the
    stated reply and status win over the inferred ones, and the sentence still names the recipient."""
    text = (
        "** 找不到地址 **\n\n"
        "由于系统找不到电子邮件地址 zhou.yan@example.cn，或该地址无法接收邮件，因此无法递送您的邮件。\n\n"
        "以下为远程服务器的响应：\n\n"
        "550 5.1.1 <zhou.yan@example.cn>: Recipient address rejected: User unknown in virtual mailbox table\n"
    )
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.reply_code, result.status, result.status_inferred, result.reason) == (
        "zhou.yan@example.cn",
        "550",
        "5.1.1",
        False,
        "userunknown",
    )


@pytest.mark.parametrize(
    ("sentence", "response"),
    [
        (
            "Your message wasn't delivered to ugo.bassi@example.it because the address couldn't be found, or is unable to receive mail.",
            "The response was: 550 Unrouteable address",
        ),
        (
            "Il tuo messaggio non è stato recapitato a ugo.bassi@example.it perché l'indirizzo risulta inesistente"
            " o non può ricevere email.",
            "La risposta del server remoto è: 550 Unrouteable address",
        ),
        (
            "Tu mensaje no se ha entregado a ugo.bassi@example.it porque no se ha encontrado la dirección o esta no puede recibir correo.",
            "La respuesta fue: 550 Unrouteable address",
        ),
        (
            "由于系统找不到电子邮件地址 ugo.bassi@example.it，或该地址无法接收邮件，因此无法递送您的邮件。",
            "以下为远程服务器的响应：550 Unrouteable address",
        ),
        (
            "由于系统找不到电子邮件地址 ugo.bassi@example.it，或该地址无法接收邮件，因此无法递送您的邮件。",
            "响应如下：550 Unrouteable address",
        ),
    ],
)
def test_gmails_words_for_the_remote_reply_on_the_same_line_give_its_code(catalog: Catalog, sentence: str, response: str) -> None:
    """A paste that joins Gmail's words for the remote server's reply and the reply on one line: the
    reply code is read, and the reply's own words (an unroutable domain) decide over Gmail's sentence."""
    (result,) = diagnose(f"{sentence}\n\n{response}\n", catalog).results
    assert (result.recipient, result.reply_code, result.reason) == ("ugo.bassi@example.it", "550", "hostunknown")


def test_a_chinese_word_for_delivery_alone_is_no_report(catalog: Catalog) -> None:
    """ "递送" (deliver) in a person's note about a parcel is not Gmail's "无法递送" (could not deliver)."""
    report = diagnose("包裹已经递送到 li.wei@example.cn 的地址，请查收。\n", catalog)
    assert not any(r.action == "failed" for r in report.results)


def test_a_chinese_mail_programs_quoted_header_names_no_failed_recipient(catalog: Catalog) -> None:
    """A bounce pasted from a Chinese mail program keeps its header block ("发件人:", "发送时间:",
    "收件人:", "主题:"): the "收件人:" under the sent time is the bounce's own addressee, not a failure."""
    text = (
        "发件人: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
        "发送时间: 2026年12月4日 9:15\n"
        "收件人: zhang.wei@example.com\n"
        "主题: Undelivered Mail Returned to Sender\n\n"
        "This is the mail system at host mx.example.net.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients. It's attached below.\n\n"
        "                   The mail system\n\n"
        "<li.na@example.org>: host mx.example.org[192.0.2.25] said: 550 5.1.1\n"
        "    <li.na@example.org>: Recipient address rejected: User unknown in local\n"
        "    recipient table (in reply to RCPT TO command)\n"
    )
    assert [(r.recipient, r.reason) for r in diagnose(text, catalog).results] == [("li.na@example.org", "userunknown")]


def test_a_notices_recipient_label_under_its_sender_line_is_still_read(catalog: Catalog) -> None:
    """A provider's notice names the sender, then the failed recipient, with no sent time between:
    its "收件人：" is the failure's label."""
    text = "您发送的邮件被退回，相关信息如下：\n发件人：anna.weiss@example.com\n收件人：li.na@example.cn\n退信原因：收件人邮箱已满\n"
    assert [(r.recipient, r.reason) for r in diagnose(text, catalog).results] == [("li.na@example.cn", "mailboxfull")]


def test_qq_mails_from_header_refusal_under_chinese_headings(catalog: Catalog) -> None:
    """An Alibaba Mail bounce, as pasted from its table: Chinese headings ("退信原因" the reason it
    guesses, "远程响应" the remote reply); QQ Mail's own English reply decides the reason."""
    text = (
        "退信原因 | 收件方地址不存在，或暂时不可用，导致邮件被系统退回。\n\n"
        '远程响应 | the mta server of qq.com -- mx3.qq.com(192.0.2.41) reply:550 The "From" header is missing'
        " or invalid. Please follow RFC5322, RFC2047, RFC822 standard protocol."
        " https://service.mail.qq.com/detail/124/995. at 2023-12-30 19:27:15\n"
    )
    (result,) = diagnose(text, catalog).results
    assert (result.reason, result.reply_code) == ("notcompliantrfc", "550")
    assert result.page.endswith("#tencent-from-header-invalid")


def test_gmails_heading_between_asterisks_gives_the_reason_its_sentence_does_not(catalog: Catalog) -> None:
    """Gmail's Italian notice for a message too large, pasted without Google's reply: only its heading
    says why ("supera il limite delle dimensioni" is no reason word of ours)."""
    text = (
        "** Messaggio troppo grande **\n\n"
        "Impossibile recapitare il messaggio a paolo.conti@example.it perché supera il limite delle dimensioni.\n"
    )
    (result,) = diagnose(text, catalog).results
    assert (result.recipient, result.reason, result.status_inferred) == ("paolo.conti@example.it", "mesgtoobig", True)


# Exchange's classic report in more of the languages it prints them in (formats/exchange_labels.py), as
# admins paste them from Outlook: file, failed recipient, status, reason, the returned original's address
# that is no failure (a Cc of the original), and the heading that opens the original's headers.
EXCHANGE_PASTES: list[tuple[str, str, str, str, str, str]] = [
    # The whole report, subject line to the original's headers.
    (
        "exchange-classic-ru-paste.txt",
        "dmitry.orlov@example.com",
        "5.1.1",
        "userunknown",
        "buh@example.com",
        "Исходные заголовки сообщения:",
    ),
    # Pasted from the administrators' section down.
    (
        "exchange-classic-sv-admin-paste.txt",
        "lena.berg@example.com",
        "5.7.1",
        "securityerror",
        "kundtjanst@example.com",
        "Ursprungshuvuden:",
    ),
    (
        "exchange-classic-zh-admin-paste.txt",
        "wang.fang@example.com",
        "5.1.1",
        "userunknown",
        "caiwu@example.com",
        "原始邮件头:",
    ),
    (
        "exchange-classic-ja-admin-paste.txt",
        "sato.hanako@example.com",
        "5.1.1",
        "userunknown",
        "eigyo@example.com",
        "元のメッセージ ヘッダー:",
    ),
    (
        "exchange-classic-pl-admin-paste.txt",
        "marek.zielinski@example.com",
        "5.2.2",
        "mailboxfull",
        "biuro@example.com",
        "Oryginalne nagłówki wiadomości:",
    ),
    # Exchange Online's German wording of the heading ("…köpfe", where Exchange 2013 writes "…kopfzeilen").
    (
        "exchange-classic-de-online-admin-paste.txt",
        "termine@fabrikam.example",
        "5.4.316",
        "expired",
        "buchhaltung@fabrikam.example",
        "Ursprüngliche Nachrichtenköpfe:",
    ),
]


@pytest.mark.parametrize(
    ("name", "recipient", "status", "reason", "copied", "heading"), EXCHANGE_PASTES, ids=[row[0] for row in EXCHANGE_PASTES]
)
def test_an_exchange_report_in_another_language_is_read_above_the_originals_headers(
    catalog: Catalog, name: str, recipient: str, status: str, reason: str, copied: str, heading: str
) -> None:
    text = (FORMATS / name).read_text(encoding="utf-8")
    assert heading in text and copied in text.split(heading)[1]
    report = diagnose(text, catalog)
    assert report.kind == "bounce"
    (result,) = report.results
    assert (result.recipient, result.status, result.reason, result.action) == (recipient, status, reason, "failed")
    # Nothing below the heading is the report's: neither the original's headers nor its other addresses.
    below = text.split(heading)[1]
    assert all(line.strip() not in below for line in result.evidence if line.strip())
    assert "Received:" not in (result.diagnostic or "") and copied not in (result.diagnostic or "")


def test_a_russian_user_part_with_the_originals_headers_is_a_report_by_its_headings(catalog: Catalog) -> None:
    """Exchange's Russian report copied from the reading pane without the administrators' section: the
    heading above the recipient says it is a report (without it the text is none), and the heading of the
    original's headers ends the recipient's words (without it they run into the headers)."""
    text = (
        "Не удалось выполнить доставку следующим получателям или группам:\n\n"
        "dmitry.orlov@example.com\n"
        "Указанный адрес электронной почты не найден в почтовой системе получателя.\n\n"
        "Исходные заголовки сообщения:\n\n"
        "Received: from MAIL01.contoso.local (192.0.2.20) by MAIL01.contoso.local\n"
        " (192.0.2.20) with Microsoft SMTP Server id 15.2.1544.4; Wed, 2 Dec 2026 14:07:11 +0300\n"
        'To: "dmitry.orlov@example.com" <dmitry.orlov@example.com>\n'
        "CC: buh@example.com\n"
        "Subject: Invoice\n"
    )
    report = diagnose(text, catalog)
    assert report.kind == "bounce"
    (result,) = report.results
    assert (result.recipient, result.action) == ("dmitry.orlov@example.com", "failed")
    assert "Received:" not in (result.diagnostic or "")
    heading = "Не удалось выполнить доставку следующим получателям или группам:"
    assert diagnose(text.replace(heading, "Примечание:"), catalog).kind == "not-bounce"
    merged = diagnose(text.replace("Исходные заголовки сообщения:", "Примечание:"), catalog).results[0]
    assert "Received:" in (merged.diagnostic or "")


@pytest.mark.parametrize(
    ("name", "diagnostic"),
    [
        ("exchange-classic-sv-admin-paste.txt", "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required"),
        ("exchange-classic-zh-admin-paste.txt", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"),
    ],
)
def test_the_administrators_section_is_read_by_the_exchange_reader(catalog: Catalog, name: str, diagnostic: str) -> None:
    """Under the administrators' heading in the sender's language ("Diagnostisk information för
    administratörer:", "管理员诊断信息") the recipient's "#550 … ##" line is Exchange's own: its reply is
    read without the markers, as in every language of the table."""
    text = (FORMATS / name).read_text(encoding="utf-8")
    (result,) = diagnose(text, catalog).results
    assert result.diagnostic == diagnostic


@pytest.mark.parametrize(
    "heading",
    [
        "Oryginalne nagłówki wiadomości:",
        "Исходные заголовки сообщения:",
        "Ursprungshuvuden:",
        "原始邮件头:",
        "元のメッセージ ヘッダー:",
        "Ursprüngliche Nachrichtenkopfzeilen:",
        "Ursprüngliche Nachrichtenköpfe:",
    ],
)
def test_each_languages_heading_opens_the_returned_original(heading: str) -> None:
    """Where the returned original starts, for every reader that cuts it off (formats/returned.py)."""
    assert returned.opens_original(heading)
