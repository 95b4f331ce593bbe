"""A cache of compiled regular expressions for the command-line tool, kept like Python's own
``__pycache__``: the ``re`` module parses and compiles a pattern in Python code, and ours (about
500 of them) cost a run some 45 ms of its start, more than reading a hundred bounces. The compiled
program of each pattern is stored in the user's cache folder, per Python version, and made into a
pattern again by ``_sre.compile`` (the step ``re`` itself ends with) in a few microseconds. A
program's codes are stored as bytes (an ``array`` of them), made a list only for the patterns a run
compiles: stored as lists, every program in the file was decoded at each start (9 % of its
instructions), most of them for patterns a run of a few bounces never compiles.

It is safe to lose or damage: an entry is stored only after the program rebuilt from it proved equal
to the pattern ``re`` compiled (pattern objects compare their programs), ``_sre`` checks every
program it is given, and anything unexpected (another Python, a damaged file, a changed ``re``) falls
back to ``re``'s own compiling, silently. Only the CLI installs it (``launch``): importing the package
changes nothing in ``re``. ``NDR_ATLAS_CACHE_DIR`` names another folder; set empty, no cache.
"""

from __future__ import annotations

import array
import contextlib
import importlib
import marshal
import os
import re
import sys
from collections.abc import Callable

TYPE_CHECKING = False  # not typing's: importing typing would cost every start (CONTRIBUTING.md)
if TYPE_CHECKING:
    from typing import Any

# What ``_sre.compile`` takes after the pattern: flags, program, groups, group index, index group
# (and, in the Pythons that count them, the number of repeats); the program's codes stored as the
# bytes of an array of CODES.
Program = tuple["Any", ...]
CODES = "I"  # unsigned int: the 32-bit codes of _sre (a code beyond it raises, and is not cached)
# The layout of the file's programs, in its name: a file of another layout is another file.
LAYOUT = "codes-bytes"
Key = tuple[str, int]

# A file this big holds patterns of older versions too: it starts again from this run's.
MAX_ENTRIES = 4000


class PatternCache:
    """The programs of one Python version's patterns: those read from the file, those compiled here."""

    def __init__(self, path: str, original: Callable[..., Any]) -> None:
        self.path = path
        self.original = original  # re's own compiling
        self.stored: dict[Key, Program] = read(path)
        self.new: dict[Key, Program] = {}
        self.used: set[Key] = set()

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """``re._compiler.compile`` through the cache (string patterns only; the rest as before)."""
        if not isinstance(pattern, str) or not isinstance(flags, int) or flags & (re.DEBUG | re.LOCALE):
            return self.original(pattern, flags)
        key = (pattern, int(flags))
        program = self.stored.get(key)
        if program is not None and well_formed(key, program):
            try:
                compiled = rebuild(pattern, program)
            except Exception:  # a program this Python refuses: compiled again below
                del self.stored[key]
            else:
                self.used.add(key)
                return compiled
        compiled = self.original(pattern, flags)
        program = program_of(pattern, int(flags))
        with contextlib.suppress(Exception):
            if program is not None and rebuild(pattern, program) == compiled:
                self.new[key] = program
                self.used.add(key)
        return compiled

    def save(self) -> None:
        """Add the programs compiled in this process to the file (merged with what another process
        wrote meanwhile; a write lost to a race is only compiled again next time)."""
        if not self.new:
            return
        merged = {key: program for key, program in read(self.path).items() if well_formed(key, program)}
        if len(merged) + len(self.new) > MAX_ENTRIES:
            merged = {key: program for key, program in {**self.stored, **merged}.items() if key in self.used}
        merged.update(self.new)
        self.new = {}
        import tempfile  # only a run that compiled something new writes: not imported at start

        folder = os.path.dirname(self.path)
        with contextlib.suppress(OSError, ValueError):
            os.makedirs(folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".patterns-")
            try:
                with os.fdopen(handle, "wb") as out:
                    marshal.dump(merged, out)
                os.replace(temporary, self.path)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


_installed: PatternCache | None = None


def install() -> PatternCache | None:
    """Route ``re``'s compiling through the cache for the rest of this process (and its forks)."""
    global _installed
    if _installed is not None:
        return _installed
    try:
        import _sre

        _compiler = importlib.import_module("re._compiler")  # (typeshed knows no re._compiler)
    except ImportError:
        return None
    folder = cache_folder()
    if folder is None or not hasattr(_sre, "MAGIC") or not hasattr(_compiler, "compile"):
        return None
    version = "-".join(map(str, sys.version_info[:3]))
    name = f"patterns-{sys.implementation.name}-{version}-{_sre.MAGIC}-{LAYOUT}.marshal"
    cache = PatternCache(os.path.join(folder, name), _compiler.compile)
    setattr(_compiler, "compile", cache.compile)  # noqa: B010 (a module typeshed does not describe)
    _installed = cache
    return cache


def save() -> None:
    """Store what this process compiled (nothing when the cache is not installed)."""
    if _installed is not None:
        _installed.save()


def cache_folder() -> str | None:
    """The cache's folder (os.path, not pathlib: importing pathlib and what it imports cost the start
    more than this module's whole work)."""
    chosen = os.environ.get("NDR_ATLAS_CACHE_DIR")
    if chosen is not None:
        return chosen or None
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    if base:
        return os.path.join(base, "ndr-atlas")
    home = os.path.expanduser("~") if "HOME" in os.environ or os.name == "nt" else None
    return os.path.join(home, ".cache", "ndr-atlas") if home and home != "~" else None


def read(path: str) -> dict[Key, Program]:
    """The cache file's entries; nothing for a missing, damaged or foreign file. An entry is checked
    (``well_formed``) when it is used: checking all of them took a run's start 0.5 ms, for a file of
    700 patterns of which a run of a few bounces compiles a third."""
    try:
        with open(path, "rb") as stored:
            data = marshal.loads(stored.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def well_formed(key: object, program: object) -> bool:
    return (
        isinstance(key, tuple)
        and len(key) == 2
        and isinstance(key[0], str)
        and isinstance(key[1], int)
        and isinstance(program, tuple)
        and len(program) in (5, 6)
        and all(isinstance(value, int) for value in program[5:])
        and isinstance(program[0], int)
        and isinstance(program[1], bytes)
        and isinstance(program[2], int)
        and isinstance(program[3], dict)
        and isinstance(program[4], tuple)
    )


def program_of(pattern: str, flags: int) -> Program | None:
    """What ``re`` hands ``_sre.compile`` for this pattern, worked out the way ``re._compiler``
    does; None where this Python's ``re`` is built differently (then nothing is cached)."""
    try:
        parsed = importlib.import_module("re._parser").parse(pattern, flags)
        data = importlib.import_module("re._compiler")._code(parsed, flags)
        # A list of codes (Python 3.11 to 3.13); newer ones hand over the codes with the count of repeats.
        code, repeats = (data, ()) if isinstance(data, list) else (data.code, (int(data.repeat_count),))
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        codes = array.array(CODES, [int(op) for op in code]).tobytes()
        program = (int(flags | parsed.state.flags), codes, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        return (*program, *repeats)
    except Exception:
        return None


def rebuild(pattern: str, program: Program) -> re.Pattern[str]:
    import _sre

    flags, codes, *rest = program
    compiled: re.Pattern[str] = _sre.compile(pattern, flags, array.array(CODES, codes).tolist(), *rest)
    return compiled
