"""The words Exchange and Microsoft 365 print in their classic non-delivery reports, per language
of the sender's mailbox: one table, read by the text readers. A report copied from Outlook loses
its machine-readable part, so these headings are what says it is a report, and where its own
words end and the returned original's headers begin.

Per language: the subject prefix (``Undeliverable:``), the heading above the failed recipients
(``Delivery has failed to these recipients or groups:``), the heading of the administrators'
section (``Diagnostic information for administrators:``) and the label of its first line
(``Generating server:``), the heading of the original's headers, and the sentences of the layout Exchange Online and Outlook.com use when the recipient's
server refused the message (``mx.example.org rejected your message to the following email
addresses:`` … ``mx.example.org gave this error:``), each printed after the server's name. ``None`` where no source we could check gives the wording: a guess would be a rule
without evidence. Where each string is attested is said beside it:

* [MS-NDR] Microsoft's "DSNs and NDRs in Exchange 2013" in each language (learn.microsoft.com,
  ``Bb232118(v=EXCHG.150)``: de-de, es-es, pt-br, and the human-translated ru-ru, zh-cn and ja-jp,
  whose sources are in MicrosoftDocs/OfficeDocs-Exchange-Test-pr.<locale>), which names the
  administrators' section, and in de-de, pt-br, ru-ru, zh-cn and ja-jp the original's headers (de-de
  and pt-br with one version's words: reports of other versions word that heading otherwise).
* [MS-PM] Microsoft support, "Failed delivery messages from the postmaster at outlook.com …"
  (``eb34d15e-1251-4802-995d-78917ecb1de6``, de-de and ja-jp), which names the same section.
* [FACTS] ../shared/research/ndr-facts.md §1.3 (English and Italian verified; other locales seen).
* [SIS] the markers of Sisimai's Office365 / Exchange2007 modules (p5 and Go), taken from real
  reports.
* [REJ] reports of a remote refusal quoted in public threads and repositories: in English from
  Outlook.com (two reports, 2026) and from an Exchange server (a forum question); in German from
  a Hotmail report quoted in a blog post (2023).
* [PASTE] reports pasted in public, each wording in two independent ones at least: French
  "Échec de la remise …" by an Exchange 2016 server (pastebin.com/HZca6aT2, 2018) and by Exchange
  Online (a French property-management application's test, quoting a report from its mailbox,
  2026); Spanish "… para los administradores:" by an Exchange 2013 server (pastebin.com/JHaPQHk7,
  2017) and by a Mexican organisation's server (an application's test quoting its postmaster's
  report); Portuguese "Falha na entrega aos seguintes …" by a Brazilian host's Exchange
  (pastebin.com/BxEWDHGy, 2017), in a Brazilian mailbox-cleaning script's table of report
  headings, and quoted in a Brazilian project's note on a reply to a send-only address.
* [PASTE-2] more reports pasted in public, two independent ones at least for each wording marked so:
  Russian, by a Russian host's relay (pastebin.com/cnVd0KKm, 2018: subject and the three headings),
  by a retail group's Exchange 2010 (pastebin.com/DgfMzBht, 2018: the three headings) and in a
  lead-qualification application's test quoting its postmaster's report (subject, the first two
  headings); Polish, by a university's Exchange 2013 (pastebin.com/iFpgpLWp, 2015) and in a Microsoft
  Q&A question on Exchange 2016 (learn.microsoft.com/answers/questions/303488, 2021); Swedish, by a
  municipality's relay (pastebin.com/1wwHRNXn, 2018) and an Exchange 2010 quoted in a question
  (pastebin.com/YbK982xS, 2011).

* [PASTE-3] German "Fehler bei der Nachrichtenzustellung an folgende Empfänger oder Gruppen:", by a
  municipality's Exchange 2013 (pastebin.com/BsjRCWQL, 2019), and the words Exchange writes it with in
  other public code that looks for German reports: an R package that finds a mailing's failed
  recipients by searching its mailbox for them, and two reply-sorting applications' lists of bounce
  phrases (beside the Dutch and Russian headings).

* [PASTE-4] German "Ursprüngliche Nachrichtenköpfe:", the heading Exchange Online prints above the
  original's headers (where Exchange 2013 on premises writes "Ursprüngliche Nachrichtenkopfzeilen:"):
  a report by OUTLOOK.COM servers quoted in a public issue (FundersClub/fire#441, 2025, with
  "Generierender Server:" and "Empfangender Server:"), and the one public report this list had it from
  before, when it stood among the headings seen once.

Seen in one public report only, so not here yet: the Finnish and Danish headings, the Polish administrators'
heading, the Portuguese "Cabeçalhos de mensagem originais:", the Swedish delay notice's subject and
heading. Korean and Traditional Chinese section names are only on machine-translated pages (ko-kr,
zh-tw), which name the same section two ways: not here either.

A language may have a second row: Exchange versions word some headings differently.

A report in a language this table lacks is still read by its structure: the ``Remote Server
returned '…'`` and ``#550 … ##`` lines, which Exchange writes in English whatever the language (a
German report quoted in a public issue, 2024, keeps them so), the newer layout's graphic line
(``anna    Office 365    bob``, formats/m365modern.py), and the returned original's header fields,
never translated (formats/generic.py).
"""

from __future__ import annotations


class ExchangeLabels:
    """How Exchange titles and labels its reports in one language. (A plain class, as the records
    of ``formats.base``: ``dataclasses`` costs the CLI's start more than it saves here.)"""

    def __init__(
        self,
        language: str,
        subject_prefixes: tuple[str, ...],
        failed_heading: str | None,
        admin_heading: str | None,
        original_headers: tuple[str, ...],
        remote_refusal: tuple[str, ...] = (),
        generating_server: str | None = None,
    ) -> None:
        self.language = language
        self.subject_prefixes = subject_prefixes
        self.failed_heading = failed_heading
        self.admin_heading = admin_heading
        self.original_headers = original_headers
        self.remote_refusal = remote_refusal
        # The label of the first line under the administrators' heading, "Generating server: <host>":
        # where a report copied from that line down starts (formats/exchange2007.py).
        self.generating_server = generating_server


LABELS: tuple[ExchangeLabels, ...] = (
    ExchangeLabels(
        "en",
        ("Undeliverable:",),
        "Delivery has failed to these recipients or groups:",  # [FACTS], [SIS]
        "Diagnostic information for administrators:",  # [FACTS], [SIS]
        ("Original message headers:", "Original Message Headers"),  # classic, and the modern layout [FACTS]
        ("rejected your message to the following email addresses:", "gave this error:"),  # [REJ]
        generating_server="Generating server:",  # [FACTS], [SIS]; pasted from it down: wild set205/s02
    ),
    ExchangeLabels(
        "it",
        ("Non recapitabile:",),
        "Il recapito non è riuscito per i seguenti destinatari o gruppi:",  # [FACTS]
        "Informazioni di diagnostica per gli amministratori:",  # [FACTS]
        ("Intestazioni originali del messaggio:",),  # [FACTS]
        generating_server="Server di generazione:",  # [FACTS]
    ),
    ExchangeLabels(
        "fr",
        ("Non remis :", "Non remis:"),
        "Échec de la remise pour ces destinataires ou groupes :",  # [PASTE]
        "Informations de diagnostic pour les administrateurs :",  # [FACTS]
        ("En-têtes de message d'origine :", "En-têtes de message d'origine:"),  # [FACTS]
        generating_server="Serveur de génération :",  # [FACTS]; pasted from it down: wild set217/s09
    ),
    ExchangeLabels(
        "de",
        ("Unzustellbar:",),
        "Fehler bei der Nachrichtenzustellung an folgende Empfänger oder Gruppen:",  # [PASTE-3]
        "Diagnoseinformationen für Administratoren:",  # [MS-NDR] de-de, [MS-PM] de-de
        ("Ursprüngliche Nachrichtenkopfzeilen:", "Ursprüngliche Nachrichtenköpfe:"),  # [MS-NDR] de-de; the second [PASTE-4]
        ("hat Ihre Nachricht an die folgenden E-Mail-Adressen zurückgewiesen", "hat diesen Fehler ausgegeben:"),  # [REJ]
        generating_server="Generierender Server:",  # [MS-NDR] de-de (the field "Generierender Server"), [PASTE-4]
    ),
    ExchangeLabels(
        "es",
        ("No se puede entregar:",),
        None,
        "Información de diagnóstico para administradores:",  # [MS-NDR] es-es
        ("Encabezados de mensajes originales:",),  # [FACTS]
    ),
    ExchangeLabels(
        "es",
        (),
        None,
        "Información de diagnóstico para los administradores:",  # [PASTE], the wording of newer versions
        (),
    ),
    ExchangeLabels(
        "pt",
        ("Não é possível entregar:",),
        "Falha na entrega a estes destinatários ou grupos:",  # [FACTS], [SIS]
        "Informações de diagnóstico para administradores:",  # [MS-NDR] pt-br, [SIS]
        ("Cabeçalhos originais da mensagem:", "Cabeçalhos da mensagem original:"),  # [SIS]; the second [MS-NDR] pt-br
    ),
    ExchangeLabels(
        "pt",
        (),
        "Falha na entrega aos seguintes destinatários ou grupos:",  # [PASTE]
        None,
        (),
    ),
    ExchangeLabels(
        "nl",
        ("Onbestelbaar:",),
        "Uw bericht kan niet worden bezorgd bij de volgende geadresseerden of groepen:",  # [SIS]
        "Diagnostische gegevens voor beheerders:",  # [FACTS], [SIS]
        ("Oorspronkelijke berichtkoppen:",),  # [SIS]
    ),
    ExchangeLabels(
        "ja",
        (),
        None,
        "管理者向けの診断情報",  # [MS-PM] ja-jp, [MS-NDR] ja-jp
        ("元のメッセージ ヘッダー",),  # [MS-NDR] ja-jp
    ),
    ExchangeLabels(
        "sv",
        (),
        None,
        "Diagnostisk information för administratörer:",  # [PASTE-2]
        ("Ursprungshuvuden:",),  # [FACTS]
    ),
    ExchangeLabels(
        "ru",
        ("Не удается доставить:",),  # [PASTE-2]
        "Не удалось выполнить доставку следующим получателям или группам:",  # [PASTE-2]
        "Диагностические сведения для администраторов:",  # [PASTE-2], [MS-NDR] ru-ru
        ("Исходные заголовки сообщения:",),  # [PASTE-2], [MS-NDR] ru-ru
    ),
    ExchangeLabels(
        "zh",
        (),
        None,
        "管理员诊断信息",  # [MS-NDR] zh-cn
        ("原始邮件头",),  # [MS-NDR] zh-cn
    ),
    ExchangeLabels(
        "pl",
        (),
        None,
        None,
        ("Oryginalne nagłówki wiadomości:",),  # [PASTE-2]
    ),
)


def without_colon(label: str) -> str:
    """A heading as a cue: its words, whatever punctuation a version puts after them."""
    return label.rstrip(" :").rstrip()


def report_cues() -> list[str]:
    """Lower-case headings and subject prefixes that say a text is an Exchange report."""
    cues: list[str] = []
    for labels in LABELS:
        for label in (*labels.subject_prefixes, labels.failed_heading, labels.admin_heading, *labels.remote_refusal):
            if label:
                cues.append(without_colon(label).lower())
    return list(dict.fromkeys(cues))


def original_header_headings() -> list[str]:
    """The headings under which a report prints the returned original's headers."""
    return list(dict.fromkeys(without_colon(heading) for labels in LABELS for heading in labels.original_headers))


def generating_server_labels() -> tuple[str, ...]:
    """The label of the reporting server's line ("Generating server:"), per language that has one here."""
    return tuple(dict.fromkeys(labels.generating_server for labels in LABELS if labels.generating_server))


def remote_error_labels() -> tuple[str, ...]:
    """The sentence after which Microsoft 365 prints the remote server's own words ("… gave this error:"), per language."""
    return tuple(dict.fromkeys(labels.remote_refusal[1] for labels in LABELS if len(labels.remote_refusal) > 1))
