"""The lock pins everything .venv/ holds, with hashes; the direct pins agree everywhere."""

import re
from importlib.metadata import distributions
from pathlib import Path

import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from analysis.paths import ROOT

#: Set aside when comparing .venv/ with the lock: the project itself, and the installer
#: (pip and what it seeds, in the fallback; uv lives outside .venv).
SET_ASIDE = {"mentorship-reproduction", "pip", "setuptools", "wheel", "uv"}


def _pins(lines) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line:
            name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s]+)", line).groups()
            pins[canonicalize_name(name)] = version
    return pins


def lock_entries(path=ROOT / "requirements.lock") -> list[tuple[Requirement, list[str]]]:
    """Each requirement of the lock with its hashes (continuation lines joined)."""
    text = path.read_text().replace("\\\n", " ")
    entries = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            spec, *hashes = re.split(r"\s+--hash=", line.strip())
            entries.append((Requirement(spec.strip()), [h.split()[0] for h in hashes]))
    return entries


def locked_for_this_python() -> dict[str, str]:
    env = default_environment()
    return {canonicalize_name(req.name): next(iter(req.specifier)).version
            for req, _ in lock_entries() if req.marker is None or req.marker.evaluate(env)}


def test_every_lock_entry_is_pinned_exactly_with_hashes():
    entries = lock_entries()
    assert len(entries) > 100
    for req, hashes in entries:
        specifiers = list(req.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", req
        assert hashes and all(h.startswith("sha256:") and len(h) == 71 for h in hashes), req


def test_the_lock_covers_exactly_what_the_venv_holds():
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions()}
    installed = {name: v for name, v in installed.items() if name not in SET_ASIDE}
    assert installed == locked_for_this_python()


def test_the_lock_serves_linux_macos_and_windows():
    markers = " ".join(str(req.marker) for req, _ in lock_entries() if req.marker)
    assert 'sys_platform == "darwin"' in markers and 'sys_platform == "win32"' in markers
    numpy = next(hashes for req, hashes in lock_entries() if req.name == "numpy")
    assert len(numpy) > 10  # a wheel per platform and Python, each hashed (uv pip compile --universal)


def test_direct_pins_are_in_the_lock_at_the_same_version():
    direct = _pins((ROOT / "requirements.txt").read_text().splitlines())
    locked = locked_for_this_python()
    assert {name: locked.get(name) for name in direct} == direct


def test_environment_yml_matches_requirements():
    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert _pins(pip_section) == requirements
    conda = [item for item in environment["dependencies"] if isinstance(item, str)]
    assert "python=3.11" in conda and any(re.fullmatch(r"quarto>=1\.(4|[5-9])", item) for item in conda)


def test_the_bootstrap_installer_is_pinned_with_hashes():
    entries = lock_entries(ROOT / "requirements-bootstrap.txt")
    assert [req.name for req, _ in entries] == ["uv"] and all(hashes for _, hashes in entries)


def test_the_precompile_list_names_installed_modules_of_the_science_stack_and_the_engine():
    # A list left behind by a lock change would name files .venv no longer has; make lock re-records it.
    from tools.precompile import listed, site_packages

    files = listed(site_packages())
    missing = [str(f.relative_to(site_packages())) for f in files if not f.is_file()]
    assert len(files) > 1000 and missing == []
    names = {str(f.relative_to(site_packages())) for f in files}
    assert {"scipy/stats/_distn_infrastructure.py", "pandas/core/frame.py", "statsmodels/stats/proportion.py",
            "seaborn/palettes.py", "pandera/api/pandas/container.py", "matplotlib/backends/backend_svg.py",
            "ipykernel/kernelapp.py", "nbclient/client.py", "nbconvert/exporters/html.py"} <= names


def test_precompiled_files_are_the_ones_the_import_system_reads(tmp_path, monkeypatch):
    import importlib.util

    from tools.precompile import compile_files

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # py_compile would then write hash-checked files
    sources = [tmp_path / f"module_{i}.py" for i in range(3)]
    for source in sources:
        source.write_text("VALUE = 1\n")
    (tmp_path / "broken.py").write_text("def (:\n")
    assert compile_files([*sources, tmp_path / "broken.py", tmp_path / "absent.py"], workers=2) == 3
    for source in sources:
        pyc = Path(importlib.util.cache_from_source(str(source))).read_bytes()
        assert pyc[:4] == importlib.util.MAGIC_NUMBER
        assert int.from_bytes(pyc[4:8], "little") == 0  # flags 0: checked by timestamp, as imports write them
        assert int.from_bytes(pyc[8:12], "little") == int(source.stat().st_mtime)
