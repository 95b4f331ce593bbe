"""Released software: the sdist and the wheel built from it install with no dependency at all,
and the installed CLI diagnoses a bounce outside the repository (no YAML, no build package)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist, then the wheel built from that sdist (what PyPI users get), with this venv's pinned
    build tools (no network: --no-isolation)."""
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


def test_wheel_carries_the_compiled_catalog_and_no_dependency(dist: Path) -> None:
    import ndr_atlas

    (wheel,) = dist.glob("*.whl")
    assert wheel.name == f"ndr_atlas-{ndr_atlas.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"ndr_atlas-{ndr_atlas.__version__}.dist-info/METADATA").decode()
    assert "ndr_atlas/catalog.json" in names and "ndr_atlas/cli.py" in names
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert all("extra ==" in line for line in requires), requires  # only optional extras
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = archive.getnames()
    # The sdist rebuilds the catalog from its source: every YAML file and the build hook travel with it.
    shipped = {name.split("/", 1)[1] for name in members if "/catalog/" in name and name.endswith(".yaml")}
    assert shipped == {str(p.relative_to(REPO)) for p in (REPO / "catalog").rglob("*.yaml")}
    assert any(name.endswith("/setup.py") for name in members)
    assert not any(name.endswith("ndr_atlas/catalog.json") for name in members)  # generated, never shipped stale


def test_installed_wheel_diagnoses_outside_the_repository(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", str(wheel)], capture_output=True, text=True, timeout=300
    )
    assert install.returncode == 0, install.stderr
    bounce = tmp_path / "bounce.txt"
    bounce.write_bytes((FIXTURES / "ndr-en-outlook-paste.txt").read_bytes())
    clean_env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    proc = subprocess.run(
        [str(venv / "bin" / "ndr-atlas"), "diagnose", "--json", "--per-recipient", "bounce.txt"],
        cwd=tmp_path,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"status": "5.4.316"' in proc.stdout and '"status": "5.1.1"' in proc.stdout
    # The installed command keeps its compiled patterns in the user's cache folder (patterncache.py).
    assert len(list((tmp_path / ".cache" / "ndr-atlas").glob("patterns-*.marshal"))) == 1
    # It ran from the venv, with nothing of the build's: no YAML, no jsonschema, no build package.
    code = (
        "import sys, ndr_atlas, ndr_atlas.cli; ndr_atlas.load_catalog();"
        "print(ndr_atlas.__file__);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'jsonschema', 'ndr_atlas_build')))"
    )
    where = subprocess.run([str(python), "-c", code], cwd=tmp_path, env=clean_env, capture_output=True, text=True, timeout=60)
    location, imported = where.stdout.splitlines()
    assert location.startswith(str(venv)) and imported == "[]", where.stdout + where.stderr
    version = subprocess.run([str(venv / "bin" / "ndr-atlas"), "--version"], env=clean_env, capture_output=True, text=True, timeout=60)
    import ndr_atlas

    assert version.stdout.strip() == f"ndr-atlas {ndr_atlas.__version__}"
