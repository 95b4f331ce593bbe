"""Generate the Markdown of the catalog pages (entries, index, reasons) for one language."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ndr_atlas.catalog import parse_ranges
from ndr_atlas.codes import STATUS_RE, normalise_status
from ndr_atlas.diagnose import HARD_REASONS
from ndr_atlas.verdict import verdict
from ndr_atlas_build.i18n import STRINGS, SUBJECTS, provider_name, reason_keywords, reason_title
from ndr_atlas_build.load import LoadedEntry


@dataclass
class Page:
    path: str  # docs-relative source path, e.g. "codes/4.4.316.md"
    markdown: str
    edit_path: str | None = None  # repository path of the YAML it comes from


# A word in angle brackets in a catalog text ("<address>", "<forward-path>") is a placeholder the
# reader should see, but Markdown passes it on as an HTML element: "<address>" hid the rest of its
# heading and, never closed, swallowed every later section of the page into it (and into that
# heading's entry in the search index). Autolinks (<https://…>, <user@host>) stay links; code spans
# are left alone (Markdown shows them as written).
PLACEHOLDER_RE = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:|[^<>\s@]+@)([^<>\n]+)>")
CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)\1", re.S)


def md_prose(text: str) -> str:
    """A catalog text (Markdown) with its angle-bracket placeholders written as text."""
    out, last = [], 0
    for span in CODE_SPAN_RE.finditer(text):
        out += [PLACEHOLDER_RE.sub(r"&lt;\1&gt;", text[last : span.start()]), span.group(0)]
        last = span.end()
    out.append(PLACEHOLDER_RE.sub(r"&lt;\1&gt;", text[last:]))
    return "".join(out)


def md_plain(text: str) -> str:
    """A plain catalog text (a title) for a Markdown heading or table cell, shown as written."""
    return re.sub(r"([\\`*\[\]])", r"\\\1", html.escape(text, quote=False)).replace("|", "&#124;")


def page_code(data: dict[str, Any]) -> str:
    return str((data["codes"] or data["code_ranges"])[0])


def sort_key(code: str) -> tuple[int, ...]:
    """Order codes by subject, detail, then class: 5.1.1 after 5.1.0, "550" with the replies."""
    head = code.split("-")[0]
    parts = [int(p) for p in head.split(".")]
    if len(parts) == 1:
        return (9, parts[0], 0, 0)
    return (parts[1], parts[2], parts[0], 0)


def group_of(data: dict[str, Any]) -> str:
    code = page_code(data)
    return code.split(".")[1] if "." in code else "reply"


def alias_codes(data: dict[str, Any]) -> list[str]:
    """Codes that resolve to this entry's page besides its own: other codes and every ranged code."""
    aliases = [c for c in data["codes"] if c != page_code(data)]
    for prefix, low, high in parse_ranges(data.get("code_ranges", [])):
        aliases += [f"{prefix}.{n}" for n in range(low, high + 1)]
    return [a for a in aliases if a != page_code(data)]


class SiteData:
    """The loaded catalog, arranged for page generation."""

    def __init__(self, loaded: list[LoadedEntry]) -> None:
        self.entries = sorted((e for e in loaded if not e.is_variant), key=lambda e: sort_key(page_code(e.data)))
        self.variants: dict[str, list[LoadedEntry]] = defaultdict(list)
        for item in loaded:
            if item.is_variant:
                self.variants[item.data["code"]].append(item)
        # Codes an entry names win over codes that only fall inside another entry's range.
        self.page_of_code: dict[str, str] = {}
        for entry in self.entries:
            for code in [page_code(entry.data), *entry.data["codes"]]:
                self.page_of_code[code] = page_code(entry.data)
        for entry in self.entries:
            for code in alias_codes(entry.data):
                self.page_of_code.setdefault(code, page_code(entry.data))

    def redirects(self) -> dict[str, str]:
        """Every code the catalog names that has no page of its own, and where it leads.

        Besides secondary and ranged codes, a code that only appears in a match rule leads to the
        entry (or variant anchor) whose rule names it.
        """
        targets = {code: f"../{page}/" for code, page in self.page_of_code.items() if code != page}
        for entry in self.entries:
            page = page_code(entry.data)
            named = [(rule, None) for rule in entry.data["match"]]
            named += [(rule, v.data["id"]) for v in self.variants_of(entry) for rule in v.data["match"]]
            for rule, anchor in named:
                for code in rule.get("status", []):
                    if "-" not in code and code not in self.page_of_code:
                        targets.setdefault(code, f"../{page}/" + (f"#{anchor}" if anchor else ""))
        # Then codes that only appear in examples or texts: they lead to the page that shows them.
        for entry in self.entries:
            page = page_code(entry.data)
            for item, anchor in [(entry, None), *((v, v.data["id"]) for v in self.variants_of(entry))]:
                written = json.dumps([item.data["examples"], item.data["en"], item.data["it"]], ensure_ascii=False)
                for found in STATUS_RE.finditer(written):
                    code = normalise_status(found.group(0))
                    if code not in self.page_of_code:
                        targets.setdefault(code, f"../{page}/" + (f"#{anchor}" if anchor else ""))
        return targets

    def ranged_codes(self, entry: LoadedEntry) -> list[str]:
        """The codes of the entry's ranges that have no page of their own, in order."""
        code = page_code(entry.data)
        return [
            f"{prefix}.{n}"
            for prefix, low, high in parse_ranges(entry.data.get("code_ranges", []))
            for n in range(low, high + 1)
            if self.page_of_code.get(f"{prefix}.{n}") == code
        ]

    def variants_of(self, entry: LoadedEntry) -> list[LoadedEntry]:
        return [v for code in entry.data["codes"] for v in self.variants.get(code, [])]

    def pages(self, lang: str) -> list[Page]:
        pages = [entry_page(e, self, lang) for e in self.entries]
        pages.append(index_page(self, lang))
        pages += reason_pages(self, lang)
        return pages


def bounce_badge(bounce: str, lang: str) -> str:
    s = STRINGS[lang]
    return f'<span class="ndr-badge ndr-{bounce}" title="{html.escape(s[bounce + "_long"])}">{s[bounce]}</span>'


def reason_link(reason: str, lang: str, prefix: str = "../reasons/") -> str:
    """A reason as people read it, its machine name beside it as a small code label."""
    return f"[{reason_title(reason, lang)}]({prefix}{reason}.md) `{reason}`"


def outcome_lines(data: dict[str, Any], lang: str) -> list[str]:
    """What the entry's codes mean for the two facts: permanent or temporary (the class of the
    code), and whether the address itself is bad (hard bounce), in the words results use."""
    codes = [*data["codes"], *data.get("code_ranges", [])]
    lines = []
    for digit in ("5", "4"):
        of_class = [c for c in codes if c.startswith(digit)]
        if of_class:
            permanent = digit == "5"
            said = verdict(permanent, data["bounce"] == "hard" and permanent, "failed", lang)
            lines.append(f"- {' '.join(f'`{c}`' for c in of_class)}: {said}")
    return lines


def entry_page(entry: LoadedEntry, site: SiteData, lang: str) -> Page:
    data, s = entry.data, STRINGS[lang]
    texts = data[lang]
    code = page_code(data)
    lines = [
        "---",
        f"title: {yaml_str(code + ' — ' + texts['title'])}",
        f"description: {yaml_str(texts['summary'])}",
        "---",
        "",
        f"# {code} — {md_plain(texts['title'])}",
        "",
        f'<div class="ndr-facts" data-entry="{data["id"]}" markdown>',
        "",
        f"**{s['codes']}:** "
        + " ".join(f"`{c}`" for c in data["codes"])
        + (" " + " ".join(f"`{r}`" for r in data.get("code_ranges", [])) if data.get("code_ranges") else ""),
    ]
    if data.get("reply_codes"):
        lines[-1] += f" · **{s['reply_codes']}:** " + " ".join(f"`{r}`" for r in data["reply_codes"])
    lines += [
        "",
        f"**{s['reason']}:** {reason_link(data['reason'], lang)} · {bounce_badge(data['bounce'], lang)} · **{s['origin']}:** {s[data['origin']]}",
        "",
    ]
    outcomes = outcome_lines(data, lang)
    if outcomes:
        lines += [f"**{s['outcome']}** ([{s['outcome_link']}](../reasons/index.md#{s['facts_anchor']})):", "", *outcomes, ""]
    lines += ["</div>", ""]
    # Every code of a range that has no page of its own, written out: the site search finds a
    # page only by the words on it, and "5.7.720" is not written in "5.7.700-749".
    ranged = site.ranged_codes(entry)
    if ranged:
        lines += [
            '<details class="ndr-range-codes" data-testid="range-codes">'
            f"<summary>{html.escape(s['range_codes'].format(n=len(ranged)))}</summary>"
            f"<p>{' '.join(ranged)}</p></details>",
            "",
        ]
    lines += [
        f'!!! abstract ""\n    {md_prose(texts["summary"])}',
        "",
        f"## {s['meaning']}",
        "",
        md_prose(texts["meaning"].strip()),
        "",
    ]
    for field in ("causes", "sender_fix", "admin_fix"):
        lines += [f"## {s[field]}", ""] + [f"- {md_prose(item)}" for item in texts[field]] + [""]
    variants = site.variants_of(entry)
    if variants:
        lines += [f"## {s['variants']}", ""]
        for variant in variants:
            vdata = variant.data
            vt = vdata[lang]
            lines += [
                # Titles usually name the provider already ("Gmail: …"): it goes on a line of its own.
                f"### {md_plain(vt['title'])} {{#{vdata['id']}}}",
                "",
                f"**{s['provider_label']}:** {provider_name(vdata['provider'], lang)}",
                "",
            ]
            if vdata.get("hosts"):
                hosts = ", ".join(f"`{h}`" for h in vdata["hosts"])
                lines += [f"**{s['hosts_label']}:** {hosts} ({s['hosts_note']})", ""]
            lines += [
                md_prose(vt["text"].strip()),
                "",
            ]
            if vdata.get("reason") and vdata["reason"] != data["reason"]:
                lines += [
                    f"**{s['reason']}:** {reason_link(vdata['reason'], lang)} · {bounce_badge(vdata.get('bounce', data['bounce']), lang)}",
                    "",
                ]
            lines += fenced(vdata["examples"])
    lines += [f"## {s['examples']}", "", *fenced(data["examples"])]
    related = [c for c in data.get("related", []) if c in site.page_of_code]
    if related:
        lines += [f"## {s['related']}", ""]
        lines += [f"- [`{c}`]({site.page_of_code[c]}.md)" for c in related] + [""]
    lines += [f"## {s['sources']}", ""] + [f"- <{url}>" for url in data["sources"]] + [""]
    lines += [s["diagnose_cta"], ""]
    return Page(f"codes/{code}.md", "\n".join(lines), f"catalog/{entry.path.name}")


def fenced(examples: list[str]) -> list[str]:
    fence = "```"
    while any(fence in e for e in examples):
        fence += "`"
    return [f"{fence}text", *examples, fence, ""]


def yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def index_page(site: SiteData, lang: str) -> Page:
    s = STRINGS[lang]
    groups: dict[str, list[LoadedEntry]] = defaultdict(list)
    for entry in site.entries:
        groups[group_of(entry.data)].append(entry)
    variant_total = sum(len(v) for v in site.variants.values())
    lines = [
        "---",
        f"title: {yaml_str(s['index_title'])}",
        "hide:",
        "  - toc",
        "---",
        "",
        f"# {s['index_title']}",
        "",
        f"{len(site.entries)} {s['entries']} · {variant_total} {s['variants_count']}. {s['index_intro']}",
        "",
        '<div class="ndr-filter" data-atlas-filter>',
        f'<label for="ndr-filter-text">{s["filter"]}</label>',
        f'<input id="ndr-filter-text" type="search" data-testid="catalog-filter" placeholder="{html.escape(s["filter_placeholder"])}" autocomplete="off">',
        f'<select aria-label="{s["origin"]}" data-testid="catalog-origin"><option value="">{s["all_sources"]}</option>'
        + "".join(f'<option value="{o}">{s[o]}</option>' for o in ("standard", "microsoft", "provider"))
        + "</select>",
        f'<p class="ndr-filter-empty" hidden>{s["no_match"]}</p>',
        "</div>",
        "",
    ]
    order = [*sorted(k for k in groups if k != "reply"), "reply"]
    for key in order:
        if key not in groups:
            continue
        heading = SUBJECTS[lang].get(key, s["reply_group"]) if key != "reply" else s["reply_group"]
        lines += [f'<h2 id="group-{key}" class="ndr-group">{html.escape(heading)}</h2>', ""]
        lines += [
            # Scrolls sideways on its own on a phone, instead of widening the whole page.
            '<div class="ndr-table-scroll"><table class="ndr-index" data-testid="catalog-table">',
            f"<thead><tr><th>{s['code']}</th><th>{s['title']}</th><th>{s['bounce']}</th><th>{s['reason']}</th><th>{s['origin']}</th></tr></thead>",
            "<tbody>",
        ]
        for entry in groups[key]:
            data = entry.data
            code = page_code(data)
            # The filter finds a ranged code ("5.7.720") too: every code of the ranges is searched.
            codes = " ".join([*data["codes"], *data.get("code_ranges", []), *site.ranged_codes(entry)])
            variants = site.variants_of(entry)
            providers = " ".join(sorted({v.data["provider"] for v in variants}))
            origins = " ".join(sorted({data["origin"], *(v.data["origin"] for v in variants)}))
            search_text = f"{codes} {data[lang]['title']} {data['reason']} {reason_title(data['reason'], lang)} {providers}".lower()
            lines.append(
                f'<tr data-origin="{origins}" data-search="{html.escape(search_text)}">'
                f'<td><a href="{code}/"><code>{html.escape(code)}</code></a>'
                + "".join(f" <code>{html.escape(c)}</code>" for c in [*data["codes"], *data.get("code_ranges", [])] if c != code)
                + f"</td><td>{html.escape(data[lang]['title'])}</td>"
                f"<td>{bounce_badge(data['bounce'], lang)}</td>"
                f'<td><a href="../reasons/{data["reason"]}/">{html.escape(reason_title(data["reason"], lang))}</a> <code class="ndr-reason-code">{data["reason"]}</code></td>'
                f"<td>{s[data['origin']]}</td></tr>"
            )
        lines += ["</tbody>", "</table></div>", ""]
    return Page("codes/index.md", "\n".join(lines))


REASON_PAGE_SEARCH_BOOST = 1.5
ALSO_CALLED_ID = "also-called"


def index_reason_keywords(index: dict[str, Any], lang: str) -> dict[str, Any]:
    """Material's search index with each reason page's "Also called" words as a section of their
    own, whose title they are: a title weighs a thousand times its text in the index (Material's
    default field boosts), so "blacklisted" or "inoltro negato" find the reason's page before a
    code page that names them once in a variant's title. The words stay on the page as written."""
    label = re.escape(html.escape(STRINGS[lang]["also_called"]))
    pattern = re.compile(rf"<p>{label}: (.*?)\.</p>\s*")
    docs = []
    for doc in index["docs"]:
        docs.append(doc)
        found = pattern.search(doc["text"]) if re.fullmatch(r"(?:it/)?reasons/[a-z]+/", doc["location"]) else None
        if found:
            doc["text"] = doc["text"][: found.start()] + doc["text"][found.end() :]
            docs.append(
                {"location": f"{doc['location']}#{ALSO_CALLED_ID}", "title": found.group(1), "text": "", "boost": doc.get("boost", 1)}
            )
    return {**index, "docs": docs}


def reason_pages(site: SiteData, lang: str) -> list[Page]:
    s = STRINGS[lang]
    by_reason: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)  # reason -> (code, title, anchor)
    for entry in site.entries:
        data = entry.data
        by_reason[data["reason"]].append((page_code(data), data[lang]["title"], None))
        for variant in site.variants_of(entry):
            vreason = variant.data.get("reason") or data["reason"]
            by_reason[vreason].append((page_code(data), variant.data[lang]["title"], variant.data["id"]))
    pages = []
    index = [
        "---",
        f"title: {yaml_str(s['reasons_title'])}",
        "---",
        "",
        f"# {s['reasons_title']}",
        "",
        s["reasons_intro"],
        "",
        f"## {s['facts_title']} {{#{s['facts_anchor']}}}",
        "",
        s["facts_text"].format(hard=", ".join(f"`{r}`" for r in sorted(HARD_REASONS))).strip(),
        "",
        f"## {s['reasons_list']}",
        "",
        f"| {s['reason']} | {s['bounce']} | {s['entries']} |",
        "| --- | --- | ---: |",
    ]
    for reason in sorted(by_reason, key=lambda r: reason_title(r, lang).lower()):
        bounce = "hard" if reason in HARD_REASONS else "soft"
        index.append(f"| {reason_link(reason, lang, '')} | {bounce_badge(bounce, lang)} | {len(by_reason[reason])} |")
        keywords = reason_keywords(reason, lang)
        rows = [
            "---",
            f"title: {yaml_str(reason_title(reason, lang) + ' (' + reason + ')')}",
            # The page of a reason is where the words for it ("mailbox full", "relay denied",
            # "blacklisted") should lead: weighted above a code page whose title or variant uses
            # them once (Material's per-page search boost; a typed status code's own boost, atlas.js,
            # still puts the code's page first).
            f"search:\n  boost: {REASON_PAGE_SEARCH_BOOST}",
            "---",
            "",
            f"# {reason_title(reason, lang)}",
            "",
            *(
                [
                    f'<p class="ndr-also-called" id="{ALSO_CALLED_ID}"><em>{html.escape(s["also_called"])}: {html.escape(keywords)}.</em></p>',
                    "",
                ]
                if keywords
                else []
            ),
            f"{s['reason_page_intro']} `{reason}` · {bounce_badge(bounce, lang)} ([{s['facts_more']}](index.md#{s['facts_anchor']})).",
            "",
            f"| {s['code']} | {s['title']} |",
            "| --- | --- |",
        ]
        for code, title, anchor in sorted(by_reason[reason], key=lambda r: sort_key(r[0])):
            target = f"../codes/{code}.md" + (f"#{anchor}" if anchor else "")
            rows.append(f"| [`{code}`]({target}) | {md_plain(title)} |")
        pages.append(Page(f"reasons/{reason}.md", "\n".join(rows) + "\n"))
    pages.append(Page("reasons/index.md", "\n".join(index) + "\n"))
    return pages


def redirect_html(target: str, code: str, lang: str) -> str:
    """A tiny page that forwards an alias code to its entry (keeps the #anchor)."""
    note = html.escape(STRINGS[lang]["redirect"])
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(code)}</title>'
        f'<meta http-equiv="refresh" content="0; url={target}"><link rel="canonical" href="{target}">'
        f'<meta name="robots" content="noindex"></head><body><p>{note} <a href="{target}">{html.escape(target)}</a>.</p>'
        f"</body></html>\n"
    )
