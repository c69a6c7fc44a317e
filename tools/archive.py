"""``make archive``: the whole package as one RO-Crate 1.1, ``dist/<name>-<version>.crate.zip``.

The crate (written with ro-crate-py) holds every file git tracks at HEAD (the published
abstract and its ledger, the respondent data with its Frictionless descriptor, the
code, the lock) and the rendered outputs (``_manuscript/``, ``figures/``). The render
is a ``CreateAction`` of the Process Run Crate profile: the commit as ``instrument``,
every input (the manuscript, its project file, the data, the ledger, the lock, the code)
as ``object`` with its SHA-256, every output as ``result``, the engine with its
versions, and the time (the commit's date, which the render stamps into its outputs).
The per-number provenance (``_manuscript/provenance.json``) is described as what it is.
Name, title, authors, licence and version come from ``CITATION.cff``, which Zenodo reads.

Deterministic: entries sorted and dated with the commit, so two crates of one commit are
byte-identical. Refuses a working tree with uncommitted changes (the crate names a commit).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

import rocrate
import yaml
from requests.adapters import BaseAdapter, HTTPAdapter
from requests_cache import CachedSession
from rocrate.model import ContextEntity, Person, SoftwareApplication
from rocrate.rocrate import ROCrate
from urllib3 import HTTPResponse

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("_manuscript", "figures")
#: The render's inputs: what the execution cache and make paper depend on.
INPUTS = ("paper.qmd", "_quarto.yml", "references.bib", "data/responses.csv", "data/datapackage.json",
          "data/published/claims.csv", "data/published/abstract.txt", "requirements.lock")
PROCESS_RUN_CRATE = "https://w3id.org/ro/wfrun/process/0.5"
TOOL_URLS = {"pandoc": "https://pandoc.org", "Quarto": "https://quarto.org", "typst-py": "https://pypi.org/project/typst/"}
LICENCES = {"MIT": "https://spdx.org/licenses/MIT", "CC-BY-4.0": "https://spdx.org/licenses/CC-BY-4.0",
            "CC-BY-3.0": "https://spdx.org/licenses/CC-BY-3.0"}
MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json", ".txt": "text/plain", ".py": "text/x-python",
               ".qmd": "text/markdown", ".md": "text/markdown", ".html": "text/html", ".pdf": "application/pdf",
               ".xml": "application/xml", ".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg",
               ".zip": "application/zip", ".ipynb": "application/x-ipynb+json",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_crate() -> tuple[ROCrate, dict]:
    """The crate and the citation it agrees with."""
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    commit = git("rev-parse", "HEAD")
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(git("log", "-1", "--format=%ct"))))
    tracked = git("ls-files").splitlines()
    outputs = sorted(str(p.relative_to(ROOT)) for folder_name in OUTPUTS for p in (ROOT / folder_name).rglob("*")
                     if p.is_file())
    crate = ROCrate(gen_preview=False)
    crate.metadata.extra_terms = {"sha256": "http://schema.org/sha256"}  # schema.org's term, not in the 1.1 context
    root = crate.root_dataset
    root["name"] = citation["title"]
    root["description"] = citation["message"].strip()
    root["version"] = str(citation["version"])
    root["datePublished"] = date
    root["license"] = {"@id": LICENCES[citation["license"]]}
    root["conformsTo"] = [{"@id": PROCESS_RUN_CRATE}]
    crate.add(ContextEntity(crate, PROCESS_RUN_CRATE, properties={
        "@type": "CreativeWork", "name": "Process Run Crate", "version": "0.5"}))
    for licence_id in sorted(set(LICENCES.values())):
        crate.add(ContextEntity(crate, licence_id, properties={"@type": "CreativeWork",
                                                               "name": licence_id.rsplit("/", 1)[1]}))
    authors = [crate.add(Person(crate, f"#author-{i}", properties={"name": author["name"]}))
               for i, author in enumerate(citation["authors"], 1)]
    root["author"] = authors
    entities = {}
    for relative in sorted(set(tracked) | set(outputs)):
        source = ROOT / relative
        if not source.is_file():
            continue
        properties = {"name": relative, "contentSize": str(source.stat().st_size), "sha256": sha256(source),
                      "encodingFormat": MEDIA_TYPES.get(source.suffix, "application/octet-stream")}
        properties.update(_described(relative, citation))
        entities[relative] = crate.add_file(source, dest_path=relative, properties=properties)
    engine, stamped = _render_engine(ROOT / "_manuscript" / "provenance.json")
    tools = [crate.add(SoftwareApplication(crate, f"#{name}", properties={
        "name": name, "version": version, "url": TOOL_URLS.get(name, f"https://pypi.org/project/{name}/")}))
        for name, version in re.findall(r"([A-Za-z][\w.-]*) (\d[\w.]*)", engine)]
    instrument = crate.add(SoftwareApplication(crate, f"#commit-{commit}", properties={
        "name": f"make paper ({engine.split(' (')[0]}), this package at commit {commit}", "version": commit,
        "url": "./", "softwareRequirements": [{"@id": tool.id} for tool in tools]}))
    inputs = [entities[p] for p in INPUTS if p in entities]
    inputs += [entities[p] for p in sorted(entities) if p.startswith(("analysis/", "render/", "styles/"))]
    action = crate.add(ContextEntity(crate, "#render", properties={
        "@type": "CreateAction", "name": "make paper: render the manuscript and its figures",
        "instrument": {"@id": instrument.id}, "object": [{"@id": e.id} for e in inputs],
        "result": [{"@id": entities[p].id} for p in outputs], "endTime": date,
        "description": f"Rendered by {engine}, from {stamped}."}))
    root["mentions"] = [{"@id": action.id}]
    return crate, citation


def _described(relative: str, citation: dict) -> dict:
    """What a reader of the crate needs to know about the files that carry a statement."""
    original = next(r for r in citation["references"] if r.get("doi"))
    if relative == "data/published/abstract.txt":
        return {"description": f"The published abstract (doi:{original['doi']}), the only source of the study.",
                "license": {"@id": LICENCES[original["license"]]}}
    if relative == "data/responses.csv":
        return {"description": "Respondent-level data RECONSTRUCTED by code from the aggregate numbers the "
                               "abstract prints; not the survey's responses.",
                "license": {"@id": LICENCES["CC-BY-4.0"]}}
    if relative == "data/datapackage.json":
        return {"description": "Frictionless Data Package descriptor of data/responses.csv (a reconstruction).",
                "conformsTo": {"@id": "https://specs.frictionlessdata.io/data-package/"}}
    if relative == "_manuscript/provenance.json":
        return {"description": "Per-number provenance of the rendered paper: each computed value with the "
                               "expression, source line, data files (SHA-256) and code that made it; checked by "
                               "python -m analysis verify."}
    return {}


def _render_engine(provenance: Path) -> tuple[str, str]:
    if not provenance.is_file():
        sys.exit("error: no rendered paper to archive (_manuscript/provenance.json); run make paper first")
    document = json.loads(provenance.read_text(encoding="utf-8"))
    return document["engine"], f"commit {document['commit']}"


def write_zip(crate: ROCrate, target: Path, epoch: int) -> Path:
    """The crate as a zip with sorted entries, each dated ``epoch``: the same bytes for the same commit."""
    with tempfile.TemporaryDirectory() as tmp:
        crate.write(tmp)
        files = sorted(p for p in Path(tmp).rglob("*") if p.is_file())
        stamp = time.gmtime(max(epoch, 315532800))[:6]
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                entry = zipfile.ZipInfo(str(path.relative_to(tmp)), stamp)
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return target


def crate_name(citation: dict) -> str:
    """``<name>-<version>.crate.zip``: the name from pyproject.toml, the version from CITATION.cff."""
    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    return f"{name}-{citation['version']}.crate.zip"


def fill_validator_cache(cache: Path) -> str:
    """roc-validator's HTTP cache, holding the RO-Crate JSON-LD context from the copy ro-crate-py ships.

    The validator fetches the context over the network; run with ``--offline --cache-path``
    it reads this cache instead, and every check still runs. The response is stored through
    requests-cache itself (the session the validator uses), answered from the local file.
    """
    context = Path(rocrate.__file__).parent / "data" / "ro-crate.jsonld"
    url = json.loads(context.read_text(encoding="utf-8"))["@id"]

    class LocalContext(BaseAdapter):
        def send(self, request, **kwargs):
            raw = HTTPResponse(body=io.BytesIO(context.read_bytes()), status=200, preload_content=False,
                               headers={"Content-Type": "application/ld+json"}, request_url=request.url)
            return HTTPAdapter().build_response(request, raw)

        def close(self):
            pass

    session = CachedSession(cache_name=str(cache), backend="sqlite", expire_after=-1)
    session.mount("https://", LocalContext())
    session.get(url, headers={"Accept": "application/ld+json, application/json"}).raise_for_status()
    session.close()
    return url


def validate(crate_dir: Path, cache: Path) -> dict:
    """roc-validator at the REQUIRED level, offline from :func:`fill_validator_cache`; its JSON report."""
    fill_validator_cache(cache)
    cache.parent.mkdir(parents=True, exist_ok=True)
    report = cache.parent / "validation.json"
    subprocess.run([str(Path(sys.executable).parent / "rocrate-validator"), "-y", "--disable-color", "validate",
                    "--offline", "--cache-path", str(cache), "-l", "required", "-f", "json", "-o", str(report),
                    str(crate_dir)], capture_output=True, text=True, check=False)
    return json.loads(report.read_text(encoding="utf-8"))


def main() -> int:
    if git("status", "--porcelain", "--untracked-files=no"):
        print("error: the working tree has uncommitted changes; the crate names a commit, so commit first",
              file=sys.stderr)
        return 1
    crate, citation = build_crate()
    target = write_zip(crate, ROOT / "dist" / crate_name(citation), int(git("log", "-1", "--format=%ct")))
    print(f"wrote {target.relative_to(ROOT)}")
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(target) as archive:
            archive.extractall(Path(tmp) / "crate")
        report = validate(Path(tmp) / "crate", ROOT / ".make" / "cache" / "rocrate-validator")
    statistics = report["statistics"]
    print(f"roc-validator {report['meta']['version']}, REQUIRED, offline: "
          f"{'passed' if report['passed'] else 'FAILED'} ({statistics['total_passed_checks']} of "
          f"{statistics['total_checks']} checks; profiles {', '.join(statistics['profiles'])})")
    for issue in report.get("issues", []):
        print(f"  {issue.get('severity')}: {issue.get('message')}")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
