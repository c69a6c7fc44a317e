"""The publication bundle (#23): the JATS article, the MECA zip, and the RO-Crate of ``make archive``.

Read from the rendered paper (``_manuscript/``, made by the session fixture) and from a crate
built twice from a committed copy of the project.
"""

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pypandoc
import pytest
from lxml import etree

from analysis.paths import ROOT
from tests.helpers import copy_project, normalise, render_paper

pytestmark = pytest.mark.render
XLINK = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def rendered_paper(tmp_path_factory) -> Path:
    return render_paper(tmp_path_factory.mktemp("bundle") / "_manuscript")


@pytest.fixture(scope="module")
def article(rendered_paper) -> etree._ElementTree:
    return etree.parse(str(rendered_paper / "paper.xml"))


def test_the_jats_holds_title_abstract_sections_tables_figures_references_licence_and_the_original(article):
    meta = article.find("front/article-meta")
    assert "formal mentorship" in meta.findtext("title-group/article-title")
    abstract = "".join(meta.find("abstract").itertext())
    assert "Objective:" in abstract and "362" in abstract and "[@" not in abstract
    assert {s.get("id") for s in article.iter("sec")} >= {"introduction", "methods", "results", "discussion"}
    tables = list(article.iter("table-wrap"))
    assert len(tables) >= 5 and all(normalise(t.findtext("label", "")).startswith("Table ")
                                    and t.find("caption") is not None and t.find("table") is not None for t in tables)
    figures = list(article.iter("fig"))
    assert [normalise(f.findtext("label")) for f in figures] == [f"Figure {i}" for i in range(1, len(figures) + 1)]
    assert all(f.find("graphic").get(XLINK).startswith("paper_files/") for f in figures)
    refs = article.findall("back/ref-list/ref")
    assert len(refs) >= 10 and all(r.find("element-citation") is not None for r in refs)
    dois = {r.findtext("element-citation/pub-id[@pub-id-type='doi']") for r in refs}
    bib_dois = set(re.findall(r"doi\s*=\s*\{([^}]+)\}", (ROOT / "references.bib").read_text(), flags=re.I))
    assert bib_dois and bib_dois <= dois
    statement = article.find(".//sec[@sec-type='data-availability']")
    assert statement is not None
    assert "reconstruction" in "".join(article.getroot().itertext())
    licence = meta.find("permissions/license")
    assert "https://creativecommons.org/licenses/by/4.0/" in [licence.get(XLINK), licence.findtext(
        "{http://www.niso.org/schemas/ali/1.0/}license_ref")] and "CC BY 4.0" in "".join(licence.itertext())
    related = meta.find("related-article")
    assert related.get(XLINK) == "10.12669/pjms.41.2.11055" and related.get("ext-link-type") == "doi"
    order = [child.tag for child in meta]
    assert order.index("permissions") < order.index("related-article") < order.index("abstract")  # JATS order


def test_the_jats_has_every_computed_value_of_the_html_article_in_order(rendered_paper, article):
    from lxml import html as lxml_html

    page = lxml_html.fromstring((rendered_paper / "index.html").read_text(encoding="utf-8"))
    shown = [normalise(span.text_content()) for span in page.xpath("//body//span[contains(@class, 'computed')]")]
    recorded = [normalise("".join(value.itertext()))
                for value in article.iter("named-content") if value.get("content-type") == "computed"]
    assert len(shown) > 40
    assert recorded == shown


#: What the HTML article prints that is not part of the article's text: chunk source lines, citation
#: superscripts (JATS keeps them as <xref>, which pandoc's reader drops), the reference list, and the
#: page's appendices (where each number comes from, how to cite the package).
HTML_ONLY = "//*[" + " or ".join([*(f"contains(concat(' ', @class, ' '), ' {name} ')"
                                     for name in ("float-source", "citation", "appendix")), "@id='refs'"]) + "]"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def test_pandoc_reads_the_jats_back_with_every_number_of_the_html_article_in_order(rendered_paper, tmp_path):
    from lxml import html as lxml_html

    template = tmp_path / "abstract-then-body.plain"
    template.write_text("$abstract$\n\n$body$\n")
    read_back = pypandoc.convert_file(str(rendered_paper / "paper.xml"), "plain", format="jats",
                                      extra_args=["--wrap=none", "--standalone", f"--template={template}"])
    page = lxml_html.fromstring((rendered_paper / "index.html").read_text(encoding="utf-8"))
    abstract, main = page.xpath("//header//*[contains(@class, 'abstract')]")[0], page.xpath("//main")[0]
    for node in abstract.xpath("." + HTML_ONLY) + main.xpath("." + HTML_ONLY):
        node.drop_tree()
    # A caption's "Table 2:" is a <label> in the JATS, checked above; pandoc's reader does not keep labels.
    article_text = re.sub(r"(?m)^\s*(Table|Figure)\xa0\d+:", "", main.text_content())
    numbers = NUMBER.findall(abstract.text_content()) + NUMBER.findall(article_text)
    assert len(numbers) > 300 and numbers.count("362") > 2
    assert NUMBER.findall(read_back) == numbers


def test_the_meca_zip_has_a_manifest_whose_every_item_is_in_it_with_type_and_media_type(rendered_paper):
    bundle = rendered_paper / "paper-meca.zip"
    with zipfile.ZipFile(bundle) as meca:
        names = set(meca.namelist())
        manifest = etree.fromstring(meca.read("manifest.xml"))
    ns = {"m": "https://manuscriptexchange.org/schema/manifest"}
    items = manifest.findall("m:item", ns)
    hrefs = [item.find("m:instance", ns).get(XLINK) for item in items]
    assert set(hrefs) | {"manifest.xml"} == names
    types = {href: item.get("item-type") for href, item in zip(hrefs, items, strict=True)}
    assert types["paper.xml"] == "article-metadata"
    assert types["paper.pdf"] == types["paper.docx"] == "manuscript"
    assert {h for h, t in types.items() if t == "manuscript_resource"} == {
        f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("0*.ipynb")}
    graphics = {g.get(XLINK) for g in etree.parse(str(rendered_paper / "paper.xml")).iter("graphic")}
    assert graphics and graphics <= {h for h, t in types.items() if t == "manuscript_reference"}
    assert all(item.find("m:instance", ns).get("media-type") for item in items)
    assert 'href="paper-meca.zip"' in (rendered_paper / "index.html").read_text()


@pytest.fixture(scope="module")
def crates(tmp_path_factory, rendered_paper):
    """``make archive`` twice in a committed copy of the project (with the rendered outputs copied in)."""
    project = copy_project(tmp_path_factory.mktemp("archive"))
    subprocess.run(["cp", "-r", str(rendered_paper), str(project / "_manuscript")], check=True)
    commit = ["git", "-c", "user.name=a", "-c", "user.email=a@b"]
    for command in (["git", "init", "-q"], ["git", "add", "-A"], [*commit, "commit", "-qm", "first"]):
        subprocess.run(command, cwd=project, check=True, capture_output=True)
    made = []
    for _ in range(2):
        run = subprocess.run([sys.executable, "tools/archive.py"], cwd=project, capture_output=True, text=True,
                             check=False)
        made.append((run, next((project / "dist").glob("*.crate.zip")).read_bytes()))
    return project, made


def test_make_archive_writes_a_crate_roc_validator_accepts_offline_byte_identical_twice(crates):
    _, ((first, crate), (_, again)) = crates
    assert first.returncode == 0, first.stdout + first.stderr
    assert "REQUIRED, offline: passed" in first.stdout and "process-run-crate-0.5" in first.stdout
    assert crate == again


def test_the_crate_reads_back_whole_and_records_how_the_outputs_were_made(crates, tmp_path):
    from rocrate.rocrate import ROCrate

    project, ((_, crate), _) = crates
    (tmp_path / "c.zip").write_bytes(crate)
    with zipfile.ZipFile(tmp_path / "c.zip") as archive:
        archive.extractall(tmp_path / "crate")
    metadata = json.loads((tmp_path / "crate" / "ro-crate-metadata.json").read_text())
    graph = {entity["@id"]: entity for entity in metadata["@graph"]}
    read = ROCrate(tmp_path / "crate")
    assert {e.id for e in read.get_entities()} == set(graph)
    assert all((tmp_path / "crate" / e.id).is_file() for e in read.data_entities)
    for path in ("data/published/abstract.txt", "data/published/claims.csv", "data/responses.csv",
                 "data/datapackage.json", "requirements.lock", "analysis/report.py", "_manuscript/paper.pdf",
                 "_manuscript/provenance.json"):
        assert path in graph, path
    assert "RECONSTRUCTED" in graph["data/responses.csv"]["description"]
    assert "provenance" in graph["_manuscript/provenance.json"]["description"].lower()
    action = next(e for e in graph.values() if e["@type"] == "CreateAction")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()
    assert graph[action["instrument"]["@id"]]["version"] == head
    objects = {o["@id"] for o in action["object"]}
    assert {"paper.qmd", "data/responses.csv", "data/published/claims.csv"} <= objects
    assert all(len(graph[o].get("sha256", "")) == 64 for o in objects)
    assert {"_manuscript/index.html", "_manuscript/paper.xml", "_manuscript/paper-meca.zip"} <= {
        r["@id"] for r in action["result"]}
    assert "pandoc" in {graph[t["@id"]]["name"] for t in graph[action["instrument"]["@id"]]["softwareRequirements"]}
    import yaml

    citation = yaml.safe_load((project / "CITATION.cff").read_text())
    root = graph["./"]
    assert (root["name"], root["version"]) == (citation["title"], str(citation["version"]))
    assert root["license"]["@id"].endswith(citation["license"])
    assert [graph[a["@id"]]["name"] for a in root["author"]] == [a["name"] for a in citation["authors"]]
