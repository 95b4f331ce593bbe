"""Each catalog rule (CAT001 …) has one broken fixture and its exact message: file, line, rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ndr_atlas.catalog import catalog_from_data
from ndr_atlas_build.compile import check_examples, compile_entries
from ndr_atlas_build.load import RULES, collect_catalog, dangerous_pattern, ui_paths

MODEL = Path(__file__).parent / "fixtures" / "catalog" / "model-entry.yaml"
MENU_PATH_IN_ENGLISH = Path(__file__).parent / "fixtures" / "catalog" / "menu-path-in-english.yaml"


def problems_for(tmp_path: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    entries, problems = collect_catalog(tmp_path)
    problems += check_examples(entries, compile_entries(entries))
    return [str(p).replace(str(tmp_path) + "/", "") for p in problems]


def model(**replacements: str) -> str:
    text = MODEL.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_model_entry_is_clean(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"model-entry.yaml": model()}) == []


def test_cat001_bad_yaml(tmp_path: Path) -> None:
    text = model(**{"bounce: soft": "bounce: [soft"})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'reason: expired')}: CAT001 the file is not valid YAML: expected ',' or ']', but got ':'"
    ]


def test_cat002_unknown_field(tmp_path: Path) -> None:
    text = model(**{"bounce: soft": "bounce: soft\ncolour: red"})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        "model-entry.yaml:2: CAT002 the entry does not match the schema: (top level): Additional properties are not allowed "
        "('colour' was unexpected) (schema rule 'additionalProperties')"
    ]


def test_cat002_unknown_reason(tmp_path: Path) -> None:
    text = model(**{"reason: expired": "reason: lost"})
    assert problems_for(tmp_path, {"model-entry.yaml": text})[0].startswith(
        f"model-entry.yaml:{line_of(text, 'reason: lost')}: CAT002 the entry does not match the schema: reason: 'lost' is not one of"
    )


def test_cat003_missing_italian(tmp_path: Path) -> None:
    text = model()
    text = text[: text.index("\nit:")] + "\n"
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        "model-entry.yaml:2: CAT003 missing Italian text: the entry has no 'it' section"
    ]


def test_cat003_missing_italian_field(tmp_path: Path) -> None:
    text = model()
    start = text.index("  summary: Microsoft 365 ha raggiunto")
    end = text.index("\n", start)
    text = text[:start] + text[end + 1 :]
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'it:')}: CAT002 the entry does not match the schema: it: 'summary' is a required property (schema rule 'required')"
    ]


IT_SENDER_FIX = "  sender_fix:\n    - Un punto"
IT_MEANING = "  meaning: |\n    Microsoft 365 ha provato"


def test_cat004_list_lengths(tmp_path: Path) -> None:
    text = model(**{"  sender_fix:\n    - Il messaggio": "  sender_fix:\n    - Un punto in più.\n    - Il messaggio"})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, IT_SENDER_FIX)}: CAT004 English and Italian lists differ in length: sender_fix: 2 items in English, 3 in Italian"
    ]


def test_cat005_code_spans(tmp_path: Path) -> None:
    text = model(
        **{
            "rifiutato esplicitamente la connessione (`Socket error code 10061`)": "rifiutato esplicitamente la connessione (`errore 10061`)"
        }
    )
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, IT_MEANING)}: CAT005 English and Italian differ in their literal code spans: "
        "meaning: only in English ['Socket error code 10061'], only in Italian ['errore 10061']"
    ]


def test_cat006_duplicate_id(tmp_path: Path) -> None:
    other = model(
        **{
            'codes: ["4.4.316", "5.4.316"]': 'codes: ["4.4.399"]',
            '  - status: ["4.4.316", "5.4.316"]': '  - status: ["4.4.399"]',
            "  - text: 'Socket error code 10061'\n": "",
            "450 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName": "450 4.4.399 Connection refused [LastAttemptedServerName",
        }
    )
    other = other.replace('  - "550 5.4.316 Message expired, connection refused(Socket error code 10061)"\n', "").replace(
        '  - "LED=450 4.4.316 Connection refused [Message=Socket error code 10061]"\n', ""
    )
    found = problems_for(
        tmp_path, {"model-entry.yaml": model(), "sub/../model-entry-2.yaml": other.replace("id: model-entry", "id: model-entry", 1)}
    )
    assert (
        "model-entry-2.yaml:2: CAT011 the file name does not match the entry id: id 'model-entry' is in 'model-entry-2.yaml'; name the file 'model-entry.yaml'"
        in found
    )
    assert "model-entry.yaml:2: CAT006 duplicate entry id: 'model-entry' is also the id of model-entry-2.yaml" in [
        p.replace(str(tmp_path) + "/", "") for p in found
    ]


def test_cat007_code_in_two_entries(tmp_path: Path) -> None:
    second = model(
        **{
            "id: model-entry": "id: second-entry",
            'codes: ["4.4.316", "5.4.316"]': 'codes: ["4.4.399", "5.4.316"]',
            '  - status: ["4.4.316", "5.4.316"]': '  - status: ["4.4.399"]',
            "  - text: 'Socket error code 10061'\n": "  - text: 'unique second entry text'\n",
        }
    )
    found = problems_for(tmp_path, {"model-entry.yaml": model(), "second-entry.yaml": second})
    assert (
        f"second-entry.yaml:{line_of(second, 'codes:')}: CAT007 a code belongs to two entries: '5.4.316' is also listed by model-entry.yaml"
        in found
    )


def test_cat008_broken_regex(tmp_path: Path) -> None:
    text = model(**{"  - text: 'Socket error code 10061'": "  - text: 'Socket error (code 10061'"})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'Socket error (code')}: CAT008 a match rule is not a valid regular expression: "
        "'Socket error (code 10061': missing ), unterminated subpattern at position 13"
    ]


def test_cat009_catastrophic_regex(tmp_path: Path) -> None:
    text = model(**{"  - text: 'Socket error code 10061'": "  - text: '(\\w+\\s?)+ refused'"})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, '(' + chr(92) + 'w+')}: CAT009 a match rule can backtrack catastrophically: "
        "'(\\\\w+\\\\s?)+ refused': a repeated group contains an unbounded repetition (nested quantifiers)"
    ]


def test_cat010_example_elsewhere(tmp_path: Path) -> None:
    text = model(**{'  - "LED=450 4.4.316 Connection refused [Message=Socket error code 10061]"': '  - "550 5.1.1 User unknown"'})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, '550 5.1.1 User unknown')}: CAT010 an example does not classify to its own entry: "
        "'550 5.1.1 User unknown' gives ['codes/'], expected ['codes/4.4.316/']"
    ]


def test_cat011_file_name(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"renamed.yaml": model()}) == [
        "renamed.yaml:2: CAT011 the file name does not match the entry id: id 'model-entry' is in 'renamed.yaml'; name the file 'model-entry.yaml'"
    ]


def test_cat012_duplicate_rule(tmp_path: Path) -> None:
    text = model(**{"  - text: 'Socket error code 10061'": "  - text: 'Socket error code 10061'\n  - text: 'Socket error code 10061'"})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'Socket error code 10061') + 1}: CAT012 the same match rule appears twice: "
        f'same rule as at line {line_of(text, "Socket error code 10061")}: {{"text": "Socket error code 10061"}}'
    ]


def test_cat012_same_rule_in_two_files(tmp_path: Path) -> None:
    other = VARIANT.replace("refused by gateway policy", "Socket error code 10061")
    found = problems_for(tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": other})
    assert (
        f"variants/firewall-refusal.yaml:7: CAT012 the same match rule appears twice: same rule as model-entry.yaml:"
        f'{line_of(model(), "Socket error code 10061")}: {{"text": "Socket error code 10061"}}'
    ) in found


def test_cat013_unknown_related(tmp_path: Path) -> None:
    text = model(**{"related: []": 'related: ["9.9.9"]'})
    found = problems_for(tmp_path, {"model-entry.yaml": text})
    assert found[0].startswith(f"model-entry.yaml:{line_of(text, 'related:')}: CAT002")  # 9.9.9 is not even a code
    text = model(**{"related: []": 'related: ["5.1.1"]'})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'related:')}: CAT013 a related code belongs to no entry: code '5.1.1'"
    ]


def test_cat014_missing_english(tmp_path: Path) -> None:
    text = model()
    start = text.index("\nen:")
    end = text.index("\nit:")
    text = text[:start] + text[end:]
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        "model-entry.yaml:2: CAT014 missing English text: the entry has no 'en' section"
    ]


VARIANT = """id: firewall-refusal
code: "4.4.316"
origin: provider
provider: Contoso Gateway
reason: blocked
match:
  - text: 'refused by gateway policy'
examples:
  - "450 4.4.316 Connection refused by gateway policy"
sources: ["https://example.org/gateway"]
en: {title: Gateway policy, text: "The `gateway` refused it."}
it: {title: Criterio del gateway, text: "Il `gateway` l'ha rifiutata."}
"""


def test_variant_is_clean_and_lands_on_its_anchor(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": VARIANT}) == []


def test_cat015_variant_without_entry(tmp_path: Path) -> None:
    text = VARIANT.replace('code: "4.4.316"', 'code: "5.9.9"')
    found = problems_for(tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": text})
    assert "variants/firewall-refusal.yaml:2: CAT015 a variant names a code that no entry has: '5.9.9'" in found


def test_cat016_duplicate_variant_id(tmp_path: Path) -> None:
    other = VARIANT.replace("refused by gateway policy", "dropped by gateway policy")
    found = problems_for(
        tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": VARIANT, "variants/firewall-refusal-2.yaml": other}
    )
    assert (
        "variants/firewall-refusal.yaml:1: CAT016 duplicate variant id: 'firewall-refusal' is also the id of variants/firewall-refusal-2.yaml"
        in [p.replace(str(tmp_path) + "/", "") for p in found]
    )


def test_cat017_bounce_follows_reason(tmp_path: Path) -> None:
    text = model(**{"bounce: soft": "bounce: hard"})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'bounce: hard')}: CAT017 soft/hard does not follow the reason: "
        "reason 'expired' makes a soft bounce (hard only for hasmoved, hostunknown, notaccept, userunknown)"
    ]


def test_cat018_hosts_only_on_provider_variants(tmp_path: Path) -> None:
    text = VARIANT.replace("origin: provider", "origin: standard").replace(
        "provider: Contoso Gateway", "provider: Contoso Gateway\nhosts: [contoso.example]"
    )
    found = problems_for(tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": text})
    assert [p for p in found if "CAT018" in p] == [
        "variants/firewall-refusal.yaml:5: CAT018 hosts are only for provider (or Microsoft) variants, one provider per host: "
        "hosts limit a provider's own wording to its mail; origin is 'standard', not 'provider' or 'microsoft'"
    ]


def test_cat018_one_provider_per_host(tmp_path: Path) -> None:
    first = VARIANT.replace("provider: Contoso Gateway", "provider: Contoso Gateway\nhosts: [contoso.example]")
    second = (
        first.replace("id: firewall-refusal", "id: fabrikam-refusal")
        .replace("provider: Contoso Gateway", "provider: Fabrikam")
        .replace("refused by gateway policy", "dropped by gateway policy")
    )
    found = problems_for(
        tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": first, "variants/fabrikam-refusal.yaml": second}
    )
    assert [p for p in found if "CAT018" in p] == [
        "variants/firewall-refusal.yaml:5: CAT018 hosts are only for provider (or Microsoft) variants, one provider per host: "
        "'contoso.example' is also a host of Fabrikam (variants/fabrikam-refusal.yaml)"
    ]


def test_cat002_expired_last_is_true_or_false(tmp_path: Path) -> None:
    text = VARIANT.replace("reason: blocked", "reason: blocked\nexpired_last: later")
    found = problems_for(tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": text})
    assert found == [
        f"variants/firewall-refusal.yaml:{line_of(text, 'expired_last:')}: CAT002 the entry does not match the schema: "
        "expired_last: 'later' is not of type 'boolean' (schema rule 'type')"
    ]


def test_cat021_expired_last_only_on_provider_variants(tmp_path: Path) -> None:
    text = VARIANT.replace("origin: provider", "origin: standard").replace("reason: blocked", "reason: blocked\nexpired_last: true")
    found = problems_for(tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": text})
    assert [p for p in found if "CAT021" in p] == [
        f"variants/firewall-refusal.yaml:{line_of(text, 'expired_last:')}: CAT021 expired_last is only for provider (or Microsoft) "
        "variants: only a provider's own variant has its reason kept past the queue expiry; origin is 'standard', and a standard "
        "variant's reason is weighed with the words anyway"
    ]


def test_expired_last_reaches_the_runtime_variant(tmp_path: Path) -> None:
    text = VARIANT.replace("reason: blocked", "reason: blocked\nexpired_last: true")
    assert problems_for(tmp_path, {"model-entry.yaml": model(), "variants/firewall-refusal.yaml": text}) == []
    entries, _ = collect_catalog(tmp_path)
    catalog = catalog_from_data(compile_entries(entries))
    assert [(v.id, v.expired_last) for e in catalog.entries for v in e.variants] == [("firewall-refusal", True)]


def test_cat019_menu_path_left_in_english(tmp_path: Path) -> None:
    variant = MENU_PATH_IN_ENGLISH.read_text(encoding="utf-8")
    found = problems_for(tmp_path, {"model-entry.yaml": model(), "variants/menu-path-in-english.yaml": variant})
    assert found == [
        f"variants/menu-path-in-english.yaml:{line_of(variant, '  text: >-')}: CAT019 a bold menu path is the same in English and "
        "Italian: 'Mail flow > Connectors' (use the Italian interface's labels, or list the path in untranslated_ui)"
    ]


def test_cat019_menu_path_in_an_italian_list_item(tmp_path: Path) -> None:
    text = model(**{"aprite **Flusso di posta > Connettori** (*Mail flow > Connectors*)": "aprite **Mail flow** > **Connectors**"})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'aprite **Mail flow**')}: CAT019 a bold menu path is the same in English and Italian: "
        "'Mail flow > Connectors' (use the Italian interface's labels, or list the path in untranslated_ui)"
    ]


def test_cat019_part_of_an_english_path(tmp_path: Path) -> None:
    variant = MENU_PATH_IN_ENGLISH.read_text(encoding="utf-8").replace(
        "connector in **Mail flow > Connectors**", "connector in **Exchange admin center > Mail flow > Connectors**"
    )
    found = problems_for(tmp_path, {"model-entry.yaml": model(), "variants/menu-path-in-english.yaml": variant})
    assert [p for p in found if "CAT019" in p] == [
        f"variants/menu-path-in-english.yaml:{line_of(variant, '  text: >-')}: CAT019 a bold menu path is the same in English and "
        "Italian: 'Mail flow > Connectors' (use the Italian interface's labels, or list the path in untranslated_ui)"
    ]


def test_cat019_untranslated_ui_marks_a_path_kept_in_english(tmp_path: Path) -> None:
    variant = MENU_PATH_IN_ENGLISH.read_text(encoding="utf-8").replace("\nit:", '\nuntranslated_ui: ["Mail flow > Connectors"]\nit:')
    assert problems_for(tmp_path, {"model-entry.yaml": model(), "variants/menu-path-in-english.yaml": variant}) == []


def test_cat019_untranslated_ui_must_name_a_path_of_the_italian_text(tmp_path: Path) -> None:
    text = model(**{"related: []": 'related: []\nuntranslated_ui: ["Mail flow > Rules"]'})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'untranslated_ui:')}: CAT019 a bold menu path is the same in English and Italian: "
        "'Mail flow > Rules' is in untranslated_ui but is no bold path of the Italian text"
    ]


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ("open **Mail flow > Connectors**, then **Validate**", ["Mail flow > Connectors"]),
        ("open **Group settings** >\n    **Who can post** and **Save**", ["Group settings > Who can post"]),
        ("**Flusso di posta >\n  Connettori** (*Mail flow > Connectors*)", ["Flusso di posta > Connettori"]),
        ("**HTML** and **Rich Text Format**; `a > b`", []),
    ],
)
def test_ui_paths_are_read_from_bold_text(text: str, paths: list[str]) -> None:
    assert ui_paths(text) == paths


def test_every_rule_is_tested() -> None:
    tested = {name.split("_")[1].upper() for name in globals() if name.startswith("test_cat")}
    assert tested == set(RULES)


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(\w*\s?)*x", r"(a|a)*b", r"(?:[a-z]+\.)+com", r".*foo.*bar.*baz"],
)
def test_dangerous_patterns_are_rejected(pattern: str) -> None:
    assert dangerous_pattern(pattern)


@pytest.mark.parametrize(
    "pattern", [r"Socket error code 10061", r"RESOLVER\.ADR\.RecipNotFound", r"user (?:unknown|not found)", r"over ?quota"]
)
def test_plain_patterns_are_accepted(pattern: str) -> None:
    assert dangerous_pattern(pattern) is None


def test_the_compile_command_reads_its_options_and_writes_only_where_told(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` prints the usage (it once wrote the catalog to a file named "--help"); one OUT is written."""
    from ndr_atlas_build.compile import main

    with pytest.raises(SystemExit) as exit_help:
        main(["--help"])
    assert exit_help.value.code == 0 and "usage:" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_two:
        main([str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    assert exit_two.value.code == 2 and not list(tmp_path.iterdir())
    assert main([str(tmp_path / "catalog.json")]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]
    # Written in ASCII (cheaper for the CLI's start to parse): the Italian texts' letters escaped.
    written = (tmp_path / "catalog.json").read_bytes()
    assert written.isascii() and any(not entry["summaries"]["it"].isascii() for entry in json.loads(written)["entries"])


def test_cat020_vendor_entry_claims_a_registered_code(tmp_path: Path) -> None:
    text = model(**{'codes: ["4.4.316", "5.4.316"]': 'codes: ["4.4.316", "5.7.1"]'})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'codes:')}: CAT020 a vendor's entry claims a code of the IANA registry: "
        "'5.7.1' is a registered code; list it in an entry of origin 'standard'"
    ]


def test_cat020_vendor_range_reaching_registered_codes(tmp_path: Path) -> None:
    text = model(**{'codes: ["4.4.316", "5.4.316"]': 'codes: ["4.4.316", "5.4.316"]\ncode_ranges: ["5.7.20-40"]'})
    assert problems_for(tmp_path, {"model-entry.yaml": text}) == [
        f"model-entry.yaml:{line_of(text, 'code_ranges:')}: CAT020 a vendor's entry claims a code of the IANA registry: "
        "'5.7.20-40' reaches registered codes; start it above them"
    ]


def test_cat020_standard_entry_and_vendor_details_pass(tmp_path: Path) -> None:
    standard = model(**{'codes: ["4.4.316", "5.4.316"]': 'codes: ["5.7.1"]', "origin: microsoft": "origin: standard"})
    vendor = model(**{'codes: ["4.4.316", "5.4.316"]': 'codes: ["5.7.31", "5.6.11", "5.4.8"]'})
    assert [p for p in problems_for(tmp_path, {"model-entry.yaml": standard}) if "CAT020" in p] == []
    assert [p for p in problems_for(tmp_path, {"model-entry.yaml": vendor}) if "CAT020" in p] == []
