"""A text that explains bounces rather than reports one: a deliverability article, a help page or a
list of common codes, pasted whole or in part ("Hard bounce: permanent error … For example: 550 5.1.1
The email account that you tried to reach does not exist"). Such texts quote replies as examples,
words the scanner of lines would take for a failure, and name no one whose mail failed.

Told in three ways, each by what no mail server writes in a report of its own:

* The vocabulary of senders and mailing services: "hard bounce" and "soft bounce" both, in a text
  that names no address at all (a report names at least its recipient or the returned message's
  people). Backed by two independent guides seen pasted (a deliverability guide listing "550 5.1.1 —
  User unknown (hard bounce — remove address)" and its neighbours, and a mailing service's
  knowledge-base article quoting one Gmail reply as an example).
* A report's template shown as an example: the fields a report fills with values (the date it was
  sent, the subject, the server that issued it) hold placeholders instead ("Sent: {Date] {Time}",
  "<{Issuing Server} #4.4.7>", "Sent: M/D/YYYY H:MM PM", "… on M/D/YYYY"). A server writes the
  values. Backed by two independent help pages showing an Exchange-style report so (a mail
  provider's page on the 4.4.7 time limit with braced placeholders, an anti-spam wiki's page on a
  4.2.1 report with date masks); two such fields are asked for.
* Chinese hosting and mail providers' bounce guides (退信, "returned mail"): a page that lists the
  keywords of a bounce (退信关键字, "关键字:" as a heading, 判读退信里关键字) and says how to solve
  it (解决方法 / 解决办法) or names the bounce's problem (退信问题) or its examples (退信信息例子). A
  report names its reason (退信原因) and a suggested fix (解决方案), never its own keywords. Backed
  by three independent pages (a Hong Kong host's 退信专题, copied by a second site; a mainland host's
  退信关键字 | 退信问题 table; QQ Mail's help page on reading its bounces).

* An announcement of the common bounces the reader will meet: "Here are some common email bounce-back
  errors:", "Here are some common bounced messages that you, as List Manager, may receive." A server
  reports the failure of the mail it was given, never what is common. Backed by two independent
  pages seen pasted (a hosting knowledge base's list of bounce-back errors, each a label, a reply and
  what it indicates; a bar association's guide for list managers quoting three sendmail bounces).
* Talk about a program's handling of bounces: a pull request or an issue that names codes its bounce
  processing misses ("550 5.1.1 RESOLVER.ADR.RecipNotFound, 554 5.7.1 … & 554 5.4.6 Hop count exceeded
  were not being processed by Mautic's filters. This PR adds them into the rules."). Two kinds of its
  words together (a pull request, codes not processed by it or not supported, treated as a class,
  patterns or bounce detection), in a text that names no address and holds none of a report's fields
  or notice lines: a report speaks of the mail, not of the program that reads reports, and a paste of
  one real bounce with such prose around it still shows its report lines. Backed by three independent projects'
  texts (a Mautic and a CiviCRM pull request, a Zammad issue).

* Quoted wordings explained: two different wordings of a bounce, each in quotes and followed by what
  it means ('"Host not found" bedeutet, dass die Domain nicht bekannt ist', 'Everything that starts with
  "smtp; 550 5.1.1" means wrong address', 'The phrase "Could not deliver …" indicates the cause'). A
  server writes its wording, never what the wording means; a person asking about one bounce explains
  one wording at most. Backed by three independent help pages seen pasted (a German host's FAQ on
  "Undelivered Mail Returned to Sender" explaining two, a help desk's table of log messages, a provider's
  page on its time-limit notice), the first with two.
* Replies explained in Dutch on the line below each: two lines opening "Dit betekent (meestal,
  waarschijnlijk) dat …" (this (usually, probably) means that). Backed by two independent Dutch pages
  seen pasted (wild set 275: a recruitment software's help page on bounce messages, a hosting company's
  knowledge-base article on Exim's error lines), both quoting placeholder addresses.
* The announcement of the example bounce a help page shows: "Here's an example of a returned email:",
  "your bounce-back message(s) will look something like this:", "下記のエラーメッセージは一例です", in a text
  that speaks of no "I", "my" or "we". Backed by four independent pages seen pasted (wild sets 274, 218);
  a person's "Here is an example" or "you will see something like this" over a real paste stays that paste.
* Codes written as classes, with what they mean: "4.x.x (and 4yy reply codes) — a temporary failure",
  "ERRORE: X.X.X … policy violation", as RFC 3463 writes its codes ("X.1.1", "X.7.X"); a server writes
  the code it means. Asked only of a text that names no address and holds none of a report's lines, with
  an explanation's verb ("means", "indica" …). Backed by two independent help pages (a deliverability
  service's guide to 4.7.0 deferrals, an Italian provider's page of common sending errors).
* A help page introducing itself at a line's start: "This article explains how to troubleshoot …", "This
  article describes common errors …", in a text that names no address and holds none of a report's
  lines (a knowledge-base article that shows a whole report, its recipient named, is read as that
  report; Microsoft's reports say "see this article" mid-line). Backed by two vendors' knowledge-base
  articles seen pasted (a mail server's outbound troubleshooting article, a mail security service's list
  of rejection errors).
* A sending service's documentation of its events (webhooks): three different events, each a markdown
  heading of its own ("## email/opened", "#### 3. open", "## Delivered Event"), each with its example
  payload; a payload pasted alone, or a report, has no such headings. Backed by an ESP's "Receiving
  Events" page seen pasted (wild set 217) and by other services' public webhook documentation of the same
  shape (one heading and one sample payload per event: delivered, open, click, bounce …).
* A how-to page titled by the error it fixes: a line that opens "How to Fix 421 4.7.28", "Come risolvere
  l'errore: …", and is no question, in a text that names no address, speaks of no "I" or "my" (nor "ho",
  "mio"), and holds none of a report's own lines. A server's report titles no fix of its own code
  (Microsoft's "How to Fix It" names none); a person asking about a bounce writes "?" or "I". Backed by
  two independent pages seen pasted (wild set 239: a deliverability service's per-code page, an Italian
  tech site's article on Gmail's "failed permanently" notice). Microsoft Learn's NDR pages, translated,
  title themselves so too: German "Beheben des NDR-Fehlercodes "550 5.1.1" bis …" (older "Beheben von
  Problemen bei der E-Mail-Zustellung für Fehlercode 550 5.1.1 …"), Italian "Risolvere i problemi di
  recapito per il codice di errore 550 5.1.10 …", the forms of the English "Fix email delivery issues for
  error code …" in those languages (Microsoft Learn's and Office support's de-de and it-it pages; seen
  pasted in wild sets 284 and 283). Their reader's voice is asked in the title's language (an Italian
  "I problemi …" is the article; German "ich", "mein"), and the German page's own headings, which speak as
  its two readers ("Ich habe diese Unzustellbarkeitsnachricht erhalten. Wie behebe ich das Problem?",
  "Ich bin ein E-Mail-Administrator. …"), are the layout's words, not a person's.

* Examples labelled as such: two or more lines of the text announce what follows as an example
  ("EX: \"Message not delivered. Reason: …\"", "Beispiel für eine nicht vorhandene Adresse:", "メールヘッダでの
  記載例" — the example of how a header reads, "Example 2:"). A server writes its report, never a
  label calling its lines an example; a person asking about the one bounce they got labels it once at
  most ("Typical bounce message:", "Here is an example of the bounce:"), so two labels are asked for.
  Backed by three independent pages seen pasted in three languages (wild sets 252 and 256: a mail
  filtering vendor's "Common Email Bouncebacks" with an "EX:" under each code, a German host's FAQ with
  three "Beispiel für …:" and a Japanese host's help page with two "記載例").
* The column names of Microsoft's table of non-delivery codes, written as labels: "NDR code",
  "Description", "Possible cause", "Additional information", each on a line of its own (three, one of
  them "Possible cause"). The table of Exchange Online's NDR documentation has these columns; a report
  has none of them (Microsoft's own NDRs say "How to Fix It" and "More Info for Email Admins"). Seen
  pasted in a request to that documentation (wild set 251); a question about one NDR that names its
  code in its title ("NDR code 5.1.1 vs 5.4.1?", wild set 233) has no such labels and stays what it is.
* A code written as a range, "5.7.700-749": Exchange Online's NDR documentation writes its
  tenant-threshold codes so (one table row for 5.7.700 to 5.7.749), a server writes the one code it
  means. Asked only of a text that names no address and holds none of a report's lines; the range is
  two numbers of one length, the second the greater, with nothing glued on ("5.4.0-71-generic" is a
  kernel's version). Seen pasted in an administrator's blog quoting the documentation's row (wild set 251).
* A Japanese FAQ explaining bounces by their subjects: two lines that quote a subject in corner brackets after
  件名 (subject) and say when it comes ("件名が「Returned mail: User unknown」の場合", "件名:「Warning: could not
  send message for past 4 hours」が届く": when the subject is …, when … arrives). A report writes its own
  subject in its header, never 「quoted」 with when it arrives. Backed by two independent pages seen
  pasted (wild set 284: a cable provider's FAQ, a hosting company's help page on error messages).
* A help page introducing itself in Italian as the English ones do: "In questo tutorial vediamo quali
  sono i tipi di errori più comuni …", "In questo articolo spieghiamo …", in a text that names no
  address and holds none of a report's lines (the shape of the English rule above; an Italian host's
  PEC guide seen pasted, wild set 256).

In every case the text carries no report structure (no delivery-status part, no X-Failed-Recipients).
Its kind is "guide"."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

from ndr_atlas.formats.base import Parsed, Source, built_as_report, found_at_openings, lazy_re, may_say, search_address

# Both terms, in any of the spellings guides use ("hard bounce", "hard-bounced", "soft bounces").
HARD_RE = lazy_re(r"\bhard[ -]?bounce", re.IGNORECASE)
SOFT_RE = lazy_re(r"\bsoft[ -]?bounce", re.IGNORECASE)
NEEDLES = ("hard bounce", "hard-bounce", "hardbounce")
SOFT_NEEDLES = ("soft bounce", "soft-bounce", "softbounce")

# Where a help page's template sits: near the top of what was pasted.
TEMPLATE_WINDOW = 20_000
# A placeholder: a braced name ("{Date}", "{Issuing Server}", "{Date]" as one page mistypes it) or a
# date mask ("M/D/YYYY", "MM/DD/YY", "DD/MM/YYYY").
PLACEHOLDER = r"(?:\{[A-Z][A-Za-z]{0,20}(?: [A-Za-z]{1,20}){0,3}[}\]]|\b(?:[MD]{1,2}/){2}Y{2,4}\b)"
# The fields a report fills with values, holding a placeholder: a header-like field of the returned
# message ("Sent:", "Date:", "Subject:", a list's "- Sent:"), the time a recipient failed ("… on
# <date>"), the issuing server before its code ("<{Issuing Server} #4.4.7>").
FIELD_PLACEHOLDER_RE = lazy_re(
    rf"^[ \t>*-]{{0,4}}(?:Sent|Date|Subject|Time)[ \t]*:[ \t]*(?:RE:[ \t]*)?{PLACEHOLDER}"
    rf"|\bon {PLACEHOLDER}"
    rf"|<{PLACEHOLDER}[ \t]*#[245]\.\d",
    re.MULTILINE,
)
# One needle of each placeholder kind, in the folded (lower-case) text.
TEMPLATE_NEEDLES = ("{", "/yy")
TEMPLATE_FIELDS = 2

# Chinese bounce guides: the keywords of a bounce, and how to solve it / its problem / its examples.
ZH_WINDOW = 20_000
ZH_KEYWORDS_RE = lazy_re(r"退信.{0,2}[关關][键鍵]字|[关關][键鍵]字[ \t]*[:：|｜]")
ZH_GUIDE_RE = lazy_re(r"解[决決](?:方法|[办辦]法)|退信[问問][题題]|退信信息例子")


# The common bounces a page announces: "Here are some common email bounce-back errors:", or the sample
# error messages it lists: "some of the most common error messages the server could return", "We also provide
# several typical error messages" (a user's own paste says "a typical bounce", one, not a page's selection).
COMMON_WINDOW = 20_000
COMMON_BOUNCES_RE = lazy_re(
    r"\b(?:here are|below are|these are|the following are)\s+(?:some\s+)?(?:of\s+)?(?:the\s+)?"
    r"(?:most\s+)?common\s+(?:e-?mail\s+)?(?:bounce[ -]?back|bounced?)\s+"
    r"(?:errors?|messages?|codes?|replies|notices|notifications)\b"
    r"|\b(?:several|some\s+of\s+the|the)\s+(?:typical|most\s+(?:common|frequent))\s+(?:e-?mail\s+)?"
    r"(?:bounce\s+|delivery\s+)?error\s+messages\b",
    re.IGNORECASE,
)
COMMON_NEEDLES = ("common", "typical", "frequent")
# The words of a text about a program's handling of bounces, by kind; two kinds are asked for.
HANDLING_WINDOW = 20_000
HANDLING_KINDS = (
    # The change proposed.
    lazy_re(r"\bthis\s+(?:PR|pull\s+request|patch)\b", re.IGNORECASE),
    # What the program misses: "not being processed by …", "does not support the error codes" (a server's
    # "Command not recognized" names no program that reads it).
    lazy_re(
        r"\bnot\s+(?:being\s+)?(?:processed|recogni[sz]ed|detected|caught|handled|parsed|matched)\s+by\b"
        r"|\b(?:does|do|did)\s+not\s+(?:support|recogni[sz]e|detect|catch|handle|parse)\s+(?:the\s+|these\s+)?(?:error\s+)?codes?\b",
        re.IGNORECASE,
    ),
    # The class a bounce should be given.
    lazy_re(r"\b(?:treated|classified|categori[sz]ed|counted)\s+as\b", re.IGNORECASE),
    # The program's means: patterns, regular expressions, its bounce detection or processing.
    lazy_re(
        r"\bbounc(?:e|ing)\s+(?:detection|processing|handling|recognition|parsing|rules|patterns?)\b"
        r"|\b(?:patterns?|regex(?:es|ps?)?|regular\s+expressions?)\b",
        re.IGNORECASE,
    ),
)
HANDLING_NEEDLES = ("this", "not", "treated", "classified", "categori", "counted", "pattern", "regex", "regular", "bounc")
# A report's own lines: its fields, a server's quoted reply, a sending MTA's notice of the failed addresses.
REPORT_LINE_RE = lazy_re(
    r"^[ \t>]*(?:Action|Status|Final-Recipient|Original-Recipient|Diagnostic-Code|Remote-MTA|Reporting-MTA)[ \t]*:"
    r"|\bsaid:|\(in reply to\b|\bSMTP error from remote\b|\bfollowing address(?:\(es\)|es)? failed\b"
    r"|\bdelivery to the following recipients?\b|\bRemote Server returned\b",
    re.IGNORECASE | re.MULTILINE,
)
# A failure code, reply or enhanced status, as the talk names them.
FAILURE_CODE_RE = lazy_re(r"(?<![\w.])(?:[45]\d\d|[45]\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)")


# Quoted wordings explained: '"Host not found" bedeutet, dass …', 'Everything that starts with "smtp; 550 5.1.1"
# means wrong address', 'The phrase "Could not deliver …" indicates the cause'. Two different ones are asked for.
EXPLAINED_WINDOW = 20_000
EXPLAINED_WORDING_RE = lazy_re(
    r"[\"“„«]([^\"“”„«»\n]{3,80})[\"“”»][ \t]{0,3},?[ \t]{0,3}"
    r"(?:means|bedeutet|significa|signifie|indicates|indica)\b",
    re.IGNORECASE,
)
EXPLAINED_WORDINGS = 2
# The verbs of an explanation, as needles (the same words, folded) and as words of their own.
EXPLAINING_NEEDLES = ("means", "bedeutet", "signifi", "indica")
EXPLAINING_RE = lazy_re(r"\b(?:means|bedeutet|significa|signifie|indicates|indica)\b", re.IGNORECASE)
# A status code written as a class, as RFC 3463 writes its codes ("X.1.1", "X.7.X") and help pages write
# them ("4.x.x", "5.X.X", "ERRORE: X.X.X …"); not a masked IP address ("x.x.x.x", "x.xx.xx.xx": a fourth
# part) nor a version ("2.3.x": no failure class first).
CODE_CLASS_RE = lazy_re(r"(?<![\w.])(?:[45]\.[xX]\.[xX]|[xX]\.(?:[xX]|\d{1,3})\.(?:[xX]|\d{1,3}))(?![\w]|\.[\w])")
# A help page introducing itself at a line's start: "This article explains how to troubleshoot …".
SELF_INTRO_WINDOW = 20_000
SELF_INTRO_RE = lazy_re(
    r"^[ \t]*this[ \t]+(?:article|page|guide|document|FAQ|tutorial|post)[ \t]+"
    r"(?:explains|describes|covers|shows|lists|outlines|discusses|details|provides|will)\b"
    r"|^[ \t]*in[ \t]+questo[ \t]+(?:articolo|tutorial|post|approfondimento|documento)[ \t]+"
    r"(?:vediamo|spieghiamo|vedremo|scopriamo|analizziamo|elenchiamo|trovi)\b"
    r"|^[ \t]*in[ \t]+questa[ \t]+(?:guida|pagina)[ \t]+(?:vediamo|spieghiamo|vedremo|scopriamo|analizziamo|elenchiamo|trovi)\b",
    re.IGNORECASE | re.MULTILINE,
)
SELF_INTRO_NEEDLES = (
    "this article", "this page", "this guide", "this document", "this faq", "this tutorial", "this post",
    "in questo", "in questa",
)  # fmt: skip
# Documentation of a sending service's events: markdown headings that are each an event's name ("## email/opened",
# "#### 3. open", "## Delivered Event"). Three different events are asked for.
EVENT_HEADING_RE = lazy_re(
    r"^#{1,6}[ \t]+(?:\d{1,2}\.[ \t]*)?(?:[a-z]{1,12}[/.])?"
    r"(delivered|delivery|opened|opens?|clicked|clicks?|sent|unsubscribed|unsubscribes?|spam|complain(?:ed|ts?)"
    r"|bounced|bounces?|deferred|dropped|rejected|failed|request)(?:[ \t]+(?:events?|webhooks?))?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
EVENT_HEADINGS = 3
EVENTS_WINDOW = 20_000
# A how-to page's title naming the error it fixes, at a line's start (markdown or bullet marks allowed),
# no question: "How to Fix 421 4.7.28", "How to resolve the error: …", "Come risolvere l'errore: …".
HOWTO_WINDOW = 20_000
HOWTO_NEEDLES = ("how to", "come ", "beheben ", "risolvere ")
HOWTO_TITLE_RE = lazy_re(
    r"^[ \t#*>-]{0,6}(?:"
    r"how[ \t]+to[ \t]+(?:fix|resolve|solve|troubleshoot)[ \t]+(?:the[ \t]+|an?[ \t]+)?(?:(?:smtp|e-?mail)[ \t]+)?"
    r"(?:error[ \t]+(?:code[ \t]+)?)?(?:[45]\d\d\b|[45]\.\d{1,3}\.\d{1,3}\b)"
    r"|how[ \t]+to[ \t]+(?:fix|resolve|solve|troubleshoot)[ \t]+the[ \t]+error[ \t]*:"
    r"|come[ \t]+(?:risolvere|correggere|sistemare)[ \t]+(?:l['’][ \t]?errore\b|il[ \t]+codice[ \t]+(?:di[ \t]+errore[ \t]+)?[45])"
    # Microsoft Learn's NDR pages in German and Italian: "Beheben des NDR-Fehlercodes "550 5.1.1" …",
    # "Risolvere i problemi di recapito per il codice di errore 550 5.1.10 …".
    # The group names the page's language: its reader speaks of themself in it.
    r"|(?P<de>beheben[ \t]+(?:des|der|von)\b[^\n?]{0,80}?fehlercodes?[ \t]+[\"„“”]?(?:[45]\d\d\b|[45]\.\d{1,3}\.\d{1,3}\b))"
    r"|(?P<it>risolvere[ \t]+(?:i[ \t]+)?problemi\b[^\n?]{0,80}?codice[ \t]+(?:di[ \t]+)?errore[ \t]+(?:NDR[ \t]+)?[\"“”]?"
    r"(?:[45]\d\d\b|[45]\.\d{1,3}\.\d{1,3}\b))"
    r")[^?\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# The words of a person telling of their own mail: "I", "I'm", "my", "me"; Italian "ho", "mi", "mio" …
FIRST_PERSON_RE = lazy_re(r"\bI\b|(?i:\b(?:my|me|mine|ho|mi|mio|mia|miei|mie)\b)")
# The same words in the language of a translated title: an Italian page's "I problemi …" is the article, and
# a German admin writes "ich", "mein", "mir".
FIRST_PERSON_BY_LANGUAGE = {
    "de": lazy_re(r"\b(?:ich|mir|mich|mein|meine|meinen|meinem|meiner|meines)\b", re.IGNORECASE),
    "it": lazy_re(r"\b(?:ho|mi|mio|mia|miei|mie)\b", re.IGNORECASE),
}
# The German page's own headings speak as its two readers ("Ich habe diese Unzustellbarkeitsnachricht erhalten.
# Wie behebe ich das Problem?", "Ich bin ein E-Mail-Administrator. Was kann ich tun, um dies zu beheben?"), as
# the English ones do ("I got this bounce message. How do I fix it?"): the layout's words, not a person's.
ROLE_HEADINGS = {
    "de": lazy_re(
        r"\bich[ \t]+(?:habe[ \t]+diese[ \t]+unzustellbarkeitsnachricht[ \t]+erhalten|bin[ \t]+ein[ \t]+e-mail-administrator)"
        r"\.[^\n?]{0,80}\?",
        re.IGNORECASE,
    ),
}
# A report's own lines, as a how-to page does not hold them (its title or prose may quote Gmail's
# "delivery to the following recipient failed permanently", a redacted report shows its details).
HOWTO_REPORT_LINE_RE = lazy_re(
    r"^[ \t>]*(?:Action|Status|Final-Recipient|Original-Recipient|Diagnostic-Code|Remote-MTA|Reporting-MTA)[ \t]*:"
    r"|\bsaid:|\(in reply to\b|\bSMTP error from remote\b|\bfollowing address(?:\(es\)|es)? failed\b"
    r"|\bRemote Server returned\b|\btechnical details of\b|\bresponse from the remote server\b"
    r"|\bdelivery to the following recipients? failed(?: permanently| temporarily)?:",
    re.IGNORECASE | re.MULTILINE,
)


# Lines that label what follows as an example: "EX: …", "Example 2:", "Beispiel für …:", and Japanese
# "…での記載例" (the example of how it reads), in the pages' own languages. Two are asked for.
EXAMPLES_WINDOW = 20_000
EXAMPLE_LABEL_RE = lazy_re(
    r"^[ \t>*•◆■-]{0,4}(?:EX|(?i:example|esempio|ejemplo|exemple|beispiel))(?:[ \t]+\d{1,2})?[ \t]*[:：]"
    r"|^[ \t>*•◆■-]{0,4}(?i:beispiel)[ \t]+f(?:ü|ue)r\b[^\n:：]{1,80}[:：]",
    re.MULTILINE,
)
# "記載例" is counted as a word, wherever it stands; the pattern above is tried only where a needle is
# found: each label word with what must follow it in a label (a blank, or the colon), not the word
# alone ("ex" is in nearly every text, "example" in every example.com address).
JAPANESE_EXAMPLE = "記載例"
EXAMPLE_NEEDLES = tuple(
    word + after for word in ("ex", "example", "esempio", "ejemplo", "exemple", "beispiel") for after in (" ", "\t", ":", "：")
)
EXAMPLE_LABELS = 2
# The column names of Microsoft's table of NDR codes, each as a line of its own (markdown emphasis, a
# heading's "#" or a colon allowed around it). Three are asked for, "Possible cause" among them.
NDR_TABLE_WINDOW = 20_000
NDR_TABLE_COLUMN_RE = lazy_re(
    r"^[ \t#*_]{0,6}(NDR[ \t]+code|Description|Possible[ \t]+cause|Additional[ \t]+information)[ \t*_]{0,4}:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
NDR_TABLE_NEEDLES = ("possible cause",)
NDR_TABLE_COLUMNS = 3
# A Japanese FAQ quoting bounce subjects in corner brackets after 件名 (subject), each with when it comes:
# "件名が「Returned mail: User unknown」の場合" (when the subject is …), "件名:「…」が届く" (when … arrives).
# Two such lines are asked for (the same subject twice counts: a page's "(その1)", "(その2)").
JA_SUBJECT_WINDOW = 20_000
JA_SUBJECT_RE = lazy_re(r"件名[ \t]*(?:が|は|[:：])?[ \t]*「[^」\n]{1,200}」[ \t]*(?:の場合|(?:の(?:エラー)?メール)?が届く)")
JA_SUBJECTS = 2
# A status code written as a range of details, as a documentation table writes it: "5.7.700-749".
CODE_RANGE_RE = lazy_re(r"(?<![\w.-])[45]\.\d{1,3}\.(\d{1,3})-(\d{1,3})(?![\w.-])")
# Dutch help pages explain each quoted reply on the line below it: "Dit betekent dat het adres … niet bestaat",
# "Dit betekent meestal dat …", "Dit betekent waarschijnlijk dat …" (this (usually, probably) means that).
# A server writes its wording, never what it means; two such lines are asked for. Backed by two
# independent Dutch pages seen pasted (wild set 275: a recruitment software's help page on bounce
# messages, a hosting company's knowledge-base article on Exim's error lines), both quoting
# placeholder addresses (emailadres@domein.nl, email@adres.nl) that no report holds.
DUTCH_MEANING_RE = lazy_re(
    r"^[ \t>*•-]{0,4}dit[ \t]+betekent(?:[ \t]+(?:meestal|waarschijnlijk|vaak|doorgaans))?[ \t]+dat\b",
    re.IGNORECASE | re.MULTILINE,
)
DUTCH_MEANING_NEEDLES = ("dit betekent",)
DUTCH_MEANINGS = 2
# A help page announcing what the reader's bounce will look like, before the example it shows: "Here's an
# example of a returned email:", "your bounce-back message(s) will look something like this:", "The message
# (which will have come from …) will look something like this:", and Japanese "下記のエラーメッセージは一例
# です" (the error message below is one example). A server writes its report, never what one looks like.
# Backed by four independent pages seen pasted (wild sets 274 and 218: AOL's help article on returned mail,
# a hosting company's page on AOL blocks, a Japanese Q&A page on refused mobile mail, a university FAQ on
# Mailman's moderation requests). A person's "Here is an example" of the mail they got, or "you will see
# something like this" over a log line, is no such announcement (wild sets 239, 234): the forms are kept
# to the page's, in a text that speaks of no "I", "my" or "we".
EXAMPLE_ANNOUNCED_RE = lazy_re(
    r"\bhere(?:'s|’s|[ \t]+is)[ \t]+an[ \t]+example of[ \t]+(?:a|an|the)[ \t]+"
    r"(?:returned|bounced|undeliverable|undelivered|rejected)[ \t]+(?:e-?mail|message|mail)\b"
    r"|\b(?:message|e-?mail|bounce(?:-back)?|notice|notification)(?:\(s\)|s)?[^\n]{0,80}?\bwill look[ \t]+(?:something[ \t]+)?like[ \t]+this\b"
    r"|メッセージは一例です",
    re.IGNORECASE,
)
# Every match holds one of these as written (one space between the two words), the Japanese form apart.
EXAMPLE_ANNOUNCED_NEEDLES = ("example of", "will look")
JAPANESE_EXAMPLE_ANNOUNCED = "一例"
# A help page telling what the reader's mail will meet, before the reply it quotes: "your emails to AOL/Yahoo
# will bounce with the following message:", "EarthLink will reject it with this error message:". A report
# states what happened to one message; a person tells of the reply they got ("it bounced with", "I get"); the
# future, said of mail in general, is the page's. Backed by two independent pages seen pasted (wild sets
# 239 and 274: a forwarding service's announcement of Yahoo's 5.7.9 rejections, a host's FAQ on forwarding
# to EarthLink); asked only of a text that names no one, holds none of a report's lines and says no "I" or
# "my" below a FAQ's title.
FORETOLD_RE = lazy_re(
    r"\bwill[ \t]+(?:bounce|fail|be[ \t]+(?:rejected|returned|bounced)|reject[ \t]+(?:it|them|the[ \t]+(?:message|mail|e-?mail)))"
    r"[ \t]+with[ \t]+(?:the[ \t]+following|this|an?)[ \t]+(?:(?:error|bounce)[ \t]+)?(?:message|error|reply|response)\b",
    re.IGNORECASE,
)
# Every match opens with "will" (the pattern is tried only there: "will be" holds in most texts).
FORETOLD_OPENINGS = ("will",)
FORETOLD_WINDOW = 20_000
# "We", "our", "us": a team telling of its own mail ("We are getting error messages … Here is an example.").
FIRST_PERSON_PLURAL_RE = lazy_re(r"\b(?:we|our|us)\b", re.IGNORECASE)


def recognise(source: Source) -> bool:
    text = source.text
    if built_as_report(source.message):
        return False
    if (
        explains_in_english(text)
        or is_template(text)
        or explains_in_chinese(text)
        or quotes_subjects_in_japanese(text)
        or announces_common_bounces(text)
        or explains_wordings(text)
        or explains_in_dutch(text)
        or announces_an_example(text)
        or documents_events(text)
        or labels_examples(text)
        or shows_ndr_table_columns(text)
    ):
        return True
    # The shapes below hold only in a text that names no one: asked once, and almost every bounce names
    # an address early, which ends the test at once.
    if search_address(text) is not None:
        return False
    return (
        talks_about_handling(text, addressless=True)
        or names_code_classes(text)
        or introduces_itself(text)
        or teaches_a_fix(text)
        or names_code_range(text)
        or foretells_the_reply(text)
    )


def explains_in_english(text: str) -> bool:
    if not may_say(text, NEEDLES, SOFT_NEEDLES):
        return False
    return HARD_RE().search(text) is not None and SOFT_RE().search(text) is not None and search_address(text) is None


def is_template(text: str) -> bool:
    """A report's template: placeholders in at least two of the fields a report fills with values."""
    top = text[:TEMPLATE_WINDOW]
    if not may_say(top, TEMPLATE_NEEDLES):
        return False
    return at_least((found.start() for found in FIELD_PLACEHOLDER_RE().finditer(top)), TEMPLATE_FIELDS)


def explains_in_chinese(text: str) -> bool:
    """A Chinese bounce guide: a bounce's keywords, and its solution, problem or examples."""
    top = text[:ZH_WINDOW]
    if "退信" not in top or "字" not in top:
        return False
    return ZH_KEYWORDS_RE().search(top) is not None and ZH_GUIDE_RE().search(top) is not None


def quotes_subjects_in_japanese(text: str) -> bool:
    """A Japanese FAQ naming bounces by their subjects in 「」 after 件名, with when each comes: JA_SUBJECTS lines."""
    top = text[:JA_SUBJECT_WINDOW]
    if "件名" not in top or "「" not in top:
        return False
    return at_least((found.start() for found in JA_SUBJECT_RE().finditer(top)), JA_SUBJECTS)


def announces_common_bounces(text: str) -> bool:
    """A page that introduces the common bounces (or bounce-back errors) its reader will meet."""
    top = text[:COMMON_WINDOW]
    return may_say(top, COMMON_NEEDLES) and COMMON_BOUNCES_RE().search(top) is not None


def talks_about_handling(text: str, addressless: bool = False) -> bool:
    """A pull request or an issue about a program's bounce handling: two kinds of its words, a failure
    code, no address and none of a report's lines (``addressless``: the caller found no address)."""
    # The address test first: almost every bounce names one early, which ends the test at once.
    if not addressless and search_address(text) is not None:
        return False
    top = text[:HANDLING_WINDOW]
    if not may_say(top, HANDLING_NEEDLES) or FAILURE_CODE_RE().search(top) is None:
        return False
    if REPORT_LINE_RE().search(top) is not None:
        return False
    return sum(kind().search(top) is not None for kind in HANDLING_KINDS) >= 2


def explains_wordings(text: str) -> bool:
    """A help page explaining the wordings of bounces: EXPLAINED_WORDINGS different quoted wordings, each
    followed by "means" (or "bedeutet", "significa", "indicates" …)."""
    top = text[:EXPLAINED_WINDOW]
    if not may_say(top, EXPLAINING_NEEDLES):
        return False
    return at_least((found.group(1).strip().casefold() for found in EXPLAINED_WORDING_RE().finditer(top)), EXPLAINED_WORDINGS)


def explains_in_dutch(text: str) -> bool:
    """A Dutch help page explaining replies: DUTCH_MEANINGS or more lines opening "Dit betekent (meestal) dat"."""
    top = text[:EXPLAINED_WINDOW]
    if not may_say(top, DUTCH_MEANING_NEEDLES):
        return False
    return at_least((found.start() for found in DUTCH_MEANING_RE().finditer(top)), DUTCH_MEANINGS)


def announces_an_example(text: str) -> bool:
    """A help page announcing the example bounce it shows ("Here's an example of a returned email:", "… will
    look something like this:", "…メッセージは一例です"), speaking of no "I", "my" or "we"."""
    top = text[:EXPLAINED_WINDOW]
    # The Japanese needle apart: with it in the set, may_say would pass every text beyond ASCII.
    if not (may_say(top, EXAMPLE_ANNOUNCED_NEEDLES) or JAPANESE_EXAMPLE_ANNOUNCED in top) or EXAMPLE_ANNOUNCED_RE().search(top) is None:
        return False
    spoken = below_question_title(top)
    return FIRST_PERSON_RE().search(spoken) is None and FIRST_PERSON_PLURAL_RE().search(spoken) is None


def foretells_the_reply(text: str) -> bool:
    """A help page telling the reply the reader's mail will meet ("… will bounce with the following message:"),
    in a text that names no one (the caller's test), holds none of a report's lines and, below a FAQ's
    title, says no "I" or "my"."""
    top = text[:FORETOLD_WINDOW]
    if not found_at_openings(FORETOLD_RE(), top, FORETOLD_OPENINGS):
        return False
    return FIRST_PERSON_RE().search(below_question_title(top)) is None and HOWTO_REPORT_LINE_RE().search(top) is None


def below_question_title(text: str) -> str:
    """The text under its first line when that line asks a question: a FAQ's title asks in its reader's voice
    ("Why was my email returned …?"), and the page speaks below it."""
    title, _, below = text.lstrip().partition("\n")
    return below if title.rstrip().endswith("?") else text


def names_code_classes(text: str) -> bool:
    """A page on codes as classes ("4.x.x", "X.X.X"), saying what they mean, in a text that names no one
    (the caller's test) and holds none of a report's lines."""
    top = text[:HANDLING_WINDOW]
    if not may_say(top, EXPLAINING_NEEDLES) or CODE_CLASS_RE().search(top) is None:
        return False
    return EXPLAINING_RE().search(top) is not None and REPORT_LINE_RE().search(top) is None


def introduces_itself(text: str) -> bool:
    """A help page opening a line with what it is about ("This article explains …"), in a text that names
    no one (the caller's test) and holds none of a report's lines."""
    top = text[:SELF_INTRO_WINDOW]
    if not may_say(top, SELF_INTRO_NEEDLES) or SELF_INTRO_RE().search(top) is None:
        return False
    return REPORT_LINE_RE().search(top) is None


def documents_events(text: str) -> bool:
    """A sending service's documentation of its events (webhooks): EVENT_HEADINGS different events, each a
    markdown heading of its own."""
    top = text[:EVENTS_WINDOW]
    if not top.startswith("#") and "\n#" not in top:
        return False
    return at_least((found.group(1).lower()[:4] for found in EVENT_HEADING_RE().finditer(top)), EVENT_HEADINGS)


def teaches_a_fix(text: str) -> bool:
    """A how-to page titled by the error it fixes ("How to Fix 421 4.7.28", "Come risolvere l'errore: …",
    "Beheben des NDR-Fehlercodes …"), no question, in a text that names no one (the caller's test), says no
    "I" or "my" (in the language of a translated title, the page's own headings for its readers apart) and
    holds none of a report's lines."""
    top = text[:HOWTO_WINDOW]
    if not may_say(top, HOWTO_NEEDLES):
        return False
    title = HOWTO_TITLE_RE().search(top)
    if title is None:
        return False
    language = title.lastgroup or ""
    voice = FIRST_PERSON_BY_LANGUAGE.get(language, FIRST_PERSON_RE)
    headings = ROLE_HEADINGS.get(language)
    spoken = top if headings is None else headings().sub(" ", top)
    return voice().search(spoken) is None and HOWTO_REPORT_LINE_RE().search(top) is None


def labels_examples(text: str) -> bool:
    """A page that labels EXAMPLE_LABELS or more of its lines as examples ("EX: …", "Beispiel für …:", "記載例")."""
    top = text[:EXAMPLES_WINDOW]
    labels = top.count(JAPANESE_EXAMPLE)
    if labels >= EXAMPLE_LABELS:
        return True
    if not may_say(top, EXAMPLE_NEEDLES):
        return False
    return at_least((found.start() for found in EXAMPLE_LABEL_RE().finditer(top)), EXAMPLE_LABELS - labels)


def shows_ndr_table_columns(text: str) -> bool:
    """The column names of Microsoft's NDR table as lines of their own: NDR_TABLE_COLUMNS different ones,
    "Possible cause" among them."""
    top = text[:NDR_TABLE_WINDOW]
    if not may_say(top, NDR_TABLE_NEEDLES):
        return False
    columns = {" ".join(found.group(1).lower().split()) for found in NDR_TABLE_COLUMN_RE().finditer(top)}
    return "possible cause" in columns and len(columns) >= NDR_TABLE_COLUMNS


def names_code_range(text: str) -> bool:
    """A status code written as a range ("5.7.700-749": two details of one length, the second the greater),
    in a text that names no one (the caller's test) and holds none of a report's lines."""
    top = text[:HANDLING_WINDOW]
    if "-" not in top:
        return False
    for found in CODE_RANGE_RE().finditer(top):
        first, last = found.group(1), found.group(2)
        if len(first) == len(last) and int(last) > int(first):
            return REPORT_LINE_RE().search(top) is None
    return False


def at_least(found: Iterable[Hashable], wanted: int) -> bool:
    """Whether ``found`` yields ``wanted`` different items (match positions count each match), read no
    further than that: the page tests above stop at their threshold, not at the end of a long page."""
    seen: set[Hashable] = set()
    for item in found:
        seen.add(item)
        if len(seen) >= wanted:
            return True
    return False


def read(source: Source) -> Parsed | None:
    return Parsed("guide", [])
