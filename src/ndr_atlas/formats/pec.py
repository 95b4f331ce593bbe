"""Italian certified mail (PEC, Posta Elettronica Certificata) receipts. Every receipt a PEC provider
sends carries ``X-Ricevuta: <type>`` and, attached, ``daticert.xml``: ``<postacert tipo="<type>"
errore="nessuno|no-dest|no-dominio|virus|altro">`` with the addresses (``<destinatari>``, and
``<consegna>`` for the one the receipt is about) and, on failures, ``<errore-esteso>`` (the
provider's own words, often after a status code: ``5.1.1 - … - casella inesistente``). The types
and the ``errore`` values are those of the DTD of daticert.xml in the PEC technical rules (DM 2
novembre 2005), as the ``postacert`` crate documents them.

``errore-consegna`` (avviso di mancata consegna), ``preavviso-errore-consegna`` (not delivered
within 12 hours: a warning, the message may still arrive), ``non-accettazione`` (the sender's own
provider refused the message) and ``rilevazione-virus`` are failures; ``accettazione``,
``presa-in-carico`` and ``avvenuta-consegna`` are not, and name their address. A failure with no
code of its own keeps no status: the catalog reads it from the daticert's type and ``errore``,
given as the failure's context (``postacert tipo="errore-consegna" errore="no-dest"``)."""

from __future__ import annotations

import re

from ndr_atlas.codes import normalise_status
from ndr_atlas.formats.base import (
    ADDRESS_RE,
    MAX_EVIDENCE_LINES,
    Address,
    Parsed,
    Source,
    carries_delivery_report,
    decode_bytes,
    lazy_re,
    report_parts,
)
from ndr_atlas.formats.words import clean_diagnostic, failure_from_words

FAILURE_TYPES = {
    "errore-consegna": "failed",
    "non-accettazione": "failed",
    "rilevazione-virus": "failed",
    "preavviso-errore-consegna": "delayed",  # the provider may still deliver within 24 hours
}
DELIVERED_TYPES = {"avvenuta-consegna": "delivered", "accettazione": "relayed", "presa-in-carico": "relayed"}
# "mancata-consegna" is no type of the DTD: it is how PEC software outside the providers names the
# avviso di mancata consegna (the genro-mail-proxy and Odoo mailpec test suites write it both in
# X-Ricevuta and in daticert's tipo); it is read as the DTD's errore-consegna.
TYPE_ALIASES = {"mancata-consegna": "errore-consegna"}
RECEIPT_TYPES = (*FAILURE_TYPES, *DELIVERED_TYPES, *TYPE_ALIASES)
# daticert.xml is small: the tags are read with patterns, never with an XML parser (no entity expansion).
MAX_DATICERT_CHARS = 20_000
POSTACERT_RE = lazy_re(r"<postacert\b(?P<attrs>[^>]{0,300})>")
ATTRIBUTE_RE = lazy_re(r"\b(?P<name>tipo|errore)\s*=\s*[\"'](?P<value>[a-z-]{1,40})[\"']")
ELEMENT_RES = {
    name: lazy_re(r"<" + name + r"\b[^>]{0,200}>(?P<value>[^<]{0,2000})</" + name + r">")
    for name in ("consegna", "destinatari", "errore-esteso")
}
LEADING_STATUS_RE = lazy_re(r"^\s*(?P<status>[245]\.\d{1,3}\.\d{1,3})\b")
# The text of a receipt: the recipient after "indirizzato a" / "destinato a", the provider's error
# line below it (up to the message's identifier).
TEXT_RECIPIENT_RE = lazy_re(r"(?:indirizzato|destinato) a:?\s*\"?(?P<addr>" + ADDRESS_RE.pattern + r")")
TEXT_END = ("Identificativo", "L'allegato daticert.xml")
# The heading of a receipt's text, for a receipt pasted without its headers: the receipts' names in
# the PEC rules (DPR 68/2005 art. 6, DM 2 novembre 2005). Aruba opens the line with "-- ".
TEXT_KIND_RE = lazy_re(
    r"^[ \t-]{0,8}(?:(?P<failed>(?:pre)?avviso) di mancata consegna|ricevuta di (?P<ok>accettazione|avvenuta consegna|presa in carico))\b",
    re.IGNORECASE | re.MULTILINE,
)
TEXT_KINDS = {"accettazione": "accettazione", "avvenuta consegna": "avvenuta-consegna", "presa in carico": "presa-in-carico"}
# The line every receipt's text closes with (the receipts' texts in DM 2 novembre 2005; Aruba writes
# "Identificativo del messaggio:"): what tells a receipt pasted alone from a courier's or a shop's
# "Avviso di mancata consegna" of a parcel, which a PEC heading's words alone do not.
TEXT_ID_RE = lazy_re(r"^[ \t]*Identificativo (?:del )?messaggio:", re.IGNORECASE | re.MULTILINE)


# The transport envelope ("busta di trasporto") that carries a certified message to its recipient:
# its text opens "Messaggio di posta certificata" and closes with the message's identifier (DM 2
# novembre 2005, the envelope's text). A delivered message, whatever the subject it quotes.
ENVELOPE_HEADING_RE = lazy_re(r"\A\s*(?:-{1,3}\s*)?messaggio di posta certificata\s*$", re.IGNORECASE | re.MULTILINE)


def is_transport_envelope(text: str) -> bool:
    """A PEC transport envelope's text, pasted without its headers."""
    return bool(ENVELOPE_HEADING_RE().match(text[:200])) and bool(TEXT_ID_RE().search(text, 0, MAX_DATICERT_CHARS))


def recognise(source: Source) -> bool:
    if source.header("X-Ricevuta").strip().lower() in RECEIPT_TYPES:
        return True
    # A daticert.xml, or a receipt's text, pasted or forwarded without the receipt's headers.
    raw = source.raw
    if raw.find("<postacert", 0, MAX_DATICERT_CHARS) >= 0:
        return True
    heading = any(raw.find(word, 0, 3000) >= 0 for word in ("ancata consegna", "ANCATA CONSEGNA", "icevuta di ", "ICEVUTA DI "))
    return heading and bool(TEXT_KIND_RE().search(raw, 0, 3000)) and bool(TEXT_ID_RE().search(raw, 0, MAX_DATICERT_CHARS))


def kind_from_words(text: str) -> str:
    """A pasted receipt's type from its heading (the paste has no X-Ricevuta header)."""
    heading = TEXT_KIND_RE().search(text[:2000])
    if heading is None:
        return ""
    if heading.group("ok"):
        return TEXT_KINDS[heading.group("ok").lower()]
    return "preavviso-errore-consegna" if heading.group("failed").lower().startswith("pre") else "errore-consegna"


def daticert(source: Source) -> str:
    """The daticert.xml of the receipt (the paste itself when pasted alone), or ""."""
    if source.message is None:
        return source.raw[:MAX_DATICERT_CHARS]
    # Aruba and others send daticert.xml base64-encoded: its name, not its tags, is in the raw text.
    if "<postacert" not in source.raw and "daticert.xml" not in source.raw:
        return ""
    for part in report_parts(source.message):
        filename = str(part.get_param("filename", "", header="content-disposition") or part.get_param("name", "")).lower()
        if filename == "daticert.xml" or part.get_content_type() in ("application/xml", "text/xml"):
            raw = part.get_payload(decode=True)
            text = decode_bytes(raw, part.get_content_charset()) if isinstance(raw, bytes) else ""
            if "<postacert" in text:
                return text[:MAX_DATICERT_CHARS]
    if source.message.is_multipart():
        return ""  # a receipt attached to someone's mail is read as an attached report (ndr_atlas.forwarded)
    start = source.raw.find("<postacert")  # pasted as text, with a header-like first line
    return source.raw[start : start + MAX_DATICERT_CHARS]


def element(xml: str, name: str) -> list[str]:
    import html  # only PEC receipts need it: not imported at start

    return [html.unescape(m.group("value")).strip() for m in ELEMENT_RES[name]().finditer(xml)]


def read(source: Source) -> Parsed | None:
    xml = daticert(source)
    found = POSTACERT_RE().search(xml)
    attributes = {m.group("name"): m.group("value") for m in ATTRIBUTE_RE().finditer(found.group("attrs"))} if found else {}
    header = source.header("X-Ricevuta").strip().lower()
    kind = attributes.get("tipo") or header or kind_from_words(source.text)
    kind = TYPE_ALIASES.get(kind, kind)
    addresses = [a for a in element(xml, "consegna") if ADDRESS_RE.fullmatch(a)]
    if kind in DELIVERED_TYPES:
        named = addresses or [a for a in element(xml, "destinatari") if ADDRESS_RE.fullmatch(a)]
        if not named and not found:  # a receipt's text alone: its address, unless an SMTP failure is quoted
            if carries_delivery_report(source):
                return None
            in_text = TEXT_RECIPIENT_RE().search(source.text)
            named = [in_text.group("addr")] if in_text else []
        return Parsed("delivered", [], [Address(a, action=DELIVERED_TYPES[kind]) for a in named] or [Address(None)])
    if kind not in FAILURE_TYPES:
        return None
    listed = [a for a in element(xml, "destinatari") if ADDRESS_RE.fullmatch(a)]
    if not addresses and kind == "non-accettazione":  # refused before any delivery: every recipient
        addresses = listed
    words = text_words(source.text)
    in_text = None if addresses else TEXT_RECIPIENT_RE().search(source.text)
    if in_text:
        addresses = [in_text.group("addr")]
    elif not addresses and len(listed) == 1:
        # No <consegna> naming the failed delivery, but the message had a single recipient (daticert's
        # <destinatari> lists them all): the failure can only be that one.
        addresses = listed
    elif not addresses and TYPE_ALIASES.get(header, header) not in FAILURE_TYPES:
        return None  # no recipient anywhere: not a receipt after all (a quoted heading), or a broken one
    # Past this point with no address: a provider's failure receipt by its X-Ricevuta header (DM 2
    # novembre 2005) that names none. A failure all the same, its recipient unknown.
    stated = element(xml, "errore-esteso")
    failures = []
    lines = stated or words
    # The provider's error line: the one that opens with a status code ("5.1.1 - … - casella inesistente").
    coded = next(((line.strip(), m) for line in lines if (m := LEADING_STATUS_RE().match(line))), None)
    recipients: list[str | None] = [*addresses] or [None]
    for address in recipients:
        failure = failure_from_words(address, lines)
        failure.action = FAILURE_TYPES[kind]
        if coded:
            failure.status = normalise_status(coded[1].group("status"))
        if coded or stated:
            failure.diagnostic = clean_diagnostic(coded[0] if coded else stated[0])
        failure.evidence = list(dict.fromkeys([*stated, *(w.strip() for w in words)]))[:MAX_EVIDENCE_LINES]
        # What the standard's fields say, for the catalog to read when no code says it.
        failure.context = f'postacert tipo="{kind}" errore="{attributes.get("errore", "")}"'
        failures.append(failure)
    return Parsed("bounce", failures)


def text_words(text: str) -> list[str]:
    """The receipt's own words from the recipient line to the message's identifier."""
    start = TEXT_RECIPIENT_RE().search(text)
    if start is None:
        return []
    lines = []
    for line in text[start.end() :].split("\n")[1:]:
        if line.strip().startswith(TEXT_END):
            break
        lines.append(line)
    return [line for line in lines if line.strip()]
