"""The CLI's cache of compiled patterns (src/ndr_atlas/patterncache.py): the same answers with it,
without it and with a damaged one; really used on the second run; never installed by importing."""

from __future__ import annotations

import array
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ndr_atlas import patterncache

FIXTURES = Path(__file__).with_name("fixtures")
# Bounces of several formats, so that readers and catalog rules compile their patterns.
INPUTS = [*sorted(str(p) for p in (FIXTURES / "formats").glob("*.eml"))[:40], str(FIXTURES / "ndr-en-outlook-paste.txt")]


def cli(cache: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NDR_ATLAS_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-m", "ndr_atlas", *args], env=env, capture_output=True, text=True, timeout=120)


def python(cache: str, code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NDR_ATLAS_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def cache_file(folder: Path) -> Path:
    (found,) = folder.glob("patterns-*.marshal")
    return found


# How many patterns importing the classifier compiles, and how many of them came from the cache.
COUNT = """
import json, re
from ndr_atlas import patterncache
cache = patterncache.install()
import ndr_atlas.diagnose
print(json.dumps({"from_file": len(cache.used) - len(cache.new), "compiled": len(cache.new)}))
"""


def test_second_run_reads_the_patterns_from_the_cache_and_answers_the_same(tmp_path: Path) -> None:
    uncached = cli("", "diagnose", "--json", *INPUTS)
    first = cli(str(tmp_path), "diagnose", "--json", *INPUTS)
    stored = cache_file(tmp_path)
    entries = marshal.loads(stored.read_bytes())
    second = cli(str(tmp_path), "diagnose", "--json", *INPUTS)
    assert uncached.returncode == first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout == uncached.stdout and second.stdout == uncached.stdout
    assert first.stderr == second.stderr == ""
    assert len(entries) > 200  # every reader and the rules these inputs reached
    counted = json.loads(python(str(tmp_path), COUNT).stdout)
    assert counted["compiled"] == 0 and counted["from_file"] > 100, counted


def test_a_pattern_from_the_cache_is_the_pattern_re_compiles(tmp_path: Path) -> None:
    """Pattern objects compare their compiled programs: equal means the same matching, byte for byte."""
    patterns = [
        (r"(?P<code>[245])\.(?P<subject>\d{1,3})\.\d{1,3}", 0),
        (r"(?i)user (?:unknown|not found)|no such (?:user|mailbox)", 0),
        (r"^Final-Recipient:\s*rfc822;\s*(?P<addr>\S+)$", 10),  # IGNORECASE | MULTILINE
        (r"Empfänger|收件人|δοκιμή\w+", 2),
        (r"(a)(?:b)(?P<c>c)?\1", 0),
    ]
    code = f"""
import re
from re import _compiler
from ndr_atlas import patterncache
cache = patterncache.install()
for pattern, flags in {patterns!r}:
    re.compile(pattern, flags)
patterncache.save()
print(len(cache.used))
"""
    written = python(str(tmp_path), code)
    assert written.stdout.strip() == str(len(patterns)), written.stderr
    check = f"""
import re
from ndr_atlas import patterncache
cache = patterncache.install()
for pattern, flags in {patterns!r}:
    cached = re.compile(pattern, flags)
    assert (pattern, flags) in cache.used and not cache.new, pattern
    assert cached == cache.original(pattern, flags), pattern
    assert cached.groupindex == cache.original(pattern, flags).groupindex
print("same")
"""
    checked = python(str(tmp_path), check)
    assert checked.stdout.strip() == "same", checked.stderr


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # truncated to nothing
        b"\x00garbage\xff" * 40,  # not marshal at all
        marshal.dumps(["a list", "not a table"]),
        marshal.dumps({("x", 0): "not a program"}),
    ],
    ids=["empty", "garbage", "wrong-shape", "wrong-entry"],
)
def test_a_damaged_cache_is_ignored_and_written_anew(tmp_path: Path, damage: bytes) -> None:
    reference = cli("", "diagnose", "--json", *INPUTS).stdout
    cli(str(tmp_path), "diagnose", "--json", *INPUTS)
    stored = cache_file(tmp_path)
    stored.write_bytes(damage)
    again = cli(str(tmp_path), "diagnose", "--json", *INPUTS)
    assert again.returncode == 0 and again.stdout == reference and again.stderr == ""
    assert len(marshal.loads(stored.read_bytes())) > 200


def test_a_program_this_python_refuses_falls_back_to_compiling(tmp_path: Path) -> None:
    """A well-formed entry whose program is not valid (another Python's, or tampered with) is
    rejected by _sre and compiled as usual; the answers do not change."""
    reference = cli("", "diagnose", "--json", *INPUTS).stdout
    cli(str(tmp_path), "diagnose", "--json", *INPUTS)
    stored = cache_file(tmp_path)
    entries = marshal.loads(stored.read_bytes())
    codes = array.array(patterncache.CODES, [17, 4, 2, 99999]).tobytes()
    broken = {key: (program[0], codes, program[2], program[3], program[4]) for key, program in entries.items()}
    stored.write_bytes(marshal.dumps(broken))
    again = cli(str(tmp_path), "diagnose", "--json", *INPUTS)
    assert again.returncode == 0 and again.stdout == reference and again.stderr == ""


def test_an_entry_of_the_wrong_shape_is_refused_when_used_and_replaced(tmp_path: Path) -> None:
    """Entries are checked when a pattern asks for them, not all at each start: an entry of the
    wrong shape for a pattern the run compiles is compiled as usual, and the file written after the
    run holds only well-formed entries."""
    reference = cli("", "diagnose", "--json", *INPUTS).stdout
    cli(str(tmp_path), "diagnose", "--json", *INPUTS)
    stored = cache_file(tmp_path)
    entries = marshal.loads(stored.read_bytes())
    stored.write_bytes(marshal.dumps({key: ("not", "a", "program", {}, ()) for key in entries}))
    again = cli(str(tmp_path), "diagnose", "--json", *INPUTS)
    assert again.returncode == 0 and again.stdout == reference and again.stderr == ""
    rewritten = marshal.loads(stored.read_bytes())
    assert len(rewritten) > 200 and all(patterncache.well_formed(key, program) for key, program in rewritten.items())


def test_an_unwritable_cache_folder_changes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    reference = cli("", "diagnose", "--json", *INPUTS).stdout
    proc = cli(str(blocker / "cache"), "diagnose", "--json", *INPUTS)
    assert proc.returncode == 0 and proc.stdout == reference and proc.stderr == ""


def test_importing_the_package_leaves_re_alone() -> None:
    """Only the command installs the cache: a program that imports the library keeps re as it is."""
    code = "import re, ndr_atlas, ndr_atlas.diagnose, ndr_atlas.cli; from re import _compiler; print(_compiler.compile.__module__)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "re._compiler", proc.stderr


def test_the_public_names_stay_what_they_were() -> None:
    """The package imports its public names lazily (so the command can set up the cache first):
    ``ndr_atlas.diagnose`` is still the function, also after its module is imported by name."""
    code = (
        "from ndr_atlas.diagnose import InputError\n"
        "import ndr_atlas\n"
        "from ndr_atlas import Catalog, Diagnosis, Report, diagnose, load_catalog\n"
        "print(callable(ndr_atlas.diagnose) and ndr_atlas.diagnose is diagnose and diagnose.__module__ == 'ndr_atlas.diagnose')\n"
        "print(ndr_atlas.load_catalog().__class__ is Catalog)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["True", "True"], proc.stderr
    missing = subprocess.run([sys.executable, "-c", "import ndr_atlas; ndr_atlas.nothing"], capture_output=True, text=True, timeout=60)
    assert "AttributeError: module 'ndr_atlas' has no attribute 'nothing'" in missing.stderr
