"""The paper's promises under an author's ordinary edits: each case renders a copy of the project as edited.

A typo in a measure, a number computed outside Paper, an expression written twice or moved, a commit after
a render, a ledger whose text looks like markup, a figure module removed: each is made the way an author makes
it, in a copy of this project, and rendered with the no-Quarto path (or ``make paper``) as the author would.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis.ledger import read_ledger
from analysis.paths import ROOT, SHIPPED_RESPONSES
from analysis.verify import records_from_html, verify
from tests.helpers import copy_project, docx_text, html_text, pdf_text, render, render_paper
from tests.test_page import FLAGS

pytestmark = pytest.mark.render
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def render_copy(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return render(project / "paper.qmd", project / "_manuscript", *args, env=env, cwd=project)


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text]
    return lines[occurrence - 1]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    return render_paper(tmp_path_factory.mktemp("paper") / "_manuscript")


# -- 1. a typo prints no wrong number -------------------------------------------------------------------------


def test_a_typo_in_a_measure_stops_the_render_naming_its_line(tmp_path):
    project = copy_project(tmp_path)
    (project / "_manuscript").mkdir()
    (project / "_manuscript" / "index.html").write_text("previous render")
    source = project / "paper.qmd"
    edit(source, 'paper.share("mentor_experience=positive")', 'paper.share("mentor_experience=posittive")')
    result = render_copy(project)
    assert result.returncode == 1
    [error] = result.stderr.strip().splitlines()  # one line, no traceback
    assert f"paper.qmd:{line_of(source, 'posittive')}" in error
    assert "did you mean `positive`? allowed: positive, not_positive" in error
    assert (project / "_manuscript" / "index.html").read_text() == "previous render"
    edit(source, "posittive", "positive")
    edit(source, 'paper.count("weakness_confidentiality=true")', 'paper.count("weakness_confidentiality=True")')
    [error] = render_copy(project).stderr.strip().splitlines()
    assert f"paper.qmd:{line_of(source, 'weakness_confidentiality=True')}" in error
    assert "did you mean `true`? allowed: true, false" in error


# -- 2. every number has provenance, or the render says why not -----------------------------------------------


def test_a_number_computed_outside_paper_stops_the_render_naming_the_method_to_use(tmp_path):
    project = copy_project(tmp_path)
    source = project / "paper.qmd"
    edit(source, "The analysis includes `{python} paper.n` respondents.",
         "The analysis includes `{python} paper.n` respondents, `{python} int(responses.weakness_none.sum())` "
         "without a weakness.")
    result = render_copy(project)
    assert result.returncode == 1
    line = line_of(source, "int(responses.weakness_none.sum())")
    assert f"paper.qmd:{line}: inline expression `int(responses.weakness_none.sum())` prints a value without " \
           f"provenance: compute it with a method of Paper" in result.stderr


def test_a_share_within_a_subgroup_and_any_function_are_marked_and_listed(tmp_path):
    project = copy_project(tmp_path)
    source = project / "paper.qmd"
    edit(source, "The analysis includes `{python} paper.n` respondents.",
         "The analysis includes `{python} paper.n` respondents. Of those with a positive experience, "
         "`{python} paper.share(\"weakness_confidentiality=true\", among=\"mentor_experience=positive\")` were "
         "concerned about confidentiality; `{python} paper.value(\"analysis.measures.count_measure\", \"strength\")` "
         "strengths were named.")
    result = render_copy(project)
    assert result.returncode == 0, result.stderr
    records = json.loads((project / "_manuscript" / "provenance.json").read_text())["values"]
    line = line_of(source, "among=")
    ours = {r["expression"]: r for r in records if r["source"] == f"paper.qmd:{line}"}
    subgroup = ours['paper.share("weakness_confidentiality=true", among="mentor_experience=positive")']
    assert re.fullmatch(r"\d+/\d+ \(\d+\.\d%; 95% CI \d+\.\d–\d+\.\d%\)", subgroup["text"])
    assert ours['paper.value("analysis.measures.count_measure", "strength")']["text"] == "4"
    appendix = html_text(project / "_manuscript" / "index.html")
    assert subgroup["text"] in appendix[appendix.index("Provenance of the computed numbers"):]


# -- 3. exact provenance ------------------------------------------------------------------------------------------


def test_each_occurrence_of_a_repeated_expression_names_its_own_line(shipped):
    records, _ = records_from_html((shipped / "index.html").read_text(encoding="utf-8"))
    lines = [n for n, text in enumerate((ROOT / "paper.qmd").read_text().splitlines(), 1)
             for _ in range(text.count("`{python} paper.n`"))]
    assert len(lines) >= 5  # the abstract, the methods, the results, twice in one line, the discussion
    assert [r.source for r in records if r.expression == "paper.n"] == [f"paper.qmd:{n}" for n in lines]
    assert all(";" not in r.source and r.source.startswith("paper.qmd:") for r in records)


def test_a_moved_line_moves_its_provenance_even_from_the_cache(tmp_path):
    project = copy_project(tmp_path)
    assert render_copy(project).returncode == 0
    source = project / "paper.qmd"
    edit(source, "# Introduction\n", "# Introduction\n\nA new paragraph.\n\nAnd another.\n")
    result = render_copy(project)
    assert result.returncode == 0, result.stderr
    records, _ = records_from_html((project / "_manuscript" / "index.html").read_text(encoding="utf-8"))
    moved = [r.source for r in records if r.expression == "paper.n"]
    assert moved[-1] == f"paper.qmd:{line_of(source, 'how precisely each share is known with')}"


def test_each_value_names_the_files_it_comes_from_with_their_hashes(shipped):
    from analysis.provenance import sha256

    records, _ = records_from_html((shipped / "index.html").read_text(encoding="utf-8"))
    ledger = {"path": "data/published/claims.csv", "sha256": sha256(ROOT / "data/published/claims.csv")}
    responses = {"path": "data/responses.csv", "sha256": sha256(SHIPPED_RESPONSES)}
    by_expression = {r.expression: r for r in records}
    assert by_expression["paper.ledger_rows(abstract_only=True)"].files == [ledger]  # the ledger alone
    assert by_expression["paper.n"].files == [responses, ledger]  # the data, and the claim it reproduces
    assert by_expression['paper.overlap("mentor_experience=positive", "weakness_confidentiality=true")'].files == \
        [responses]
    assert all(r.code for r in records)


def test_provenance_json_lists_every_value_of_the_page(shipped):
    document = json.loads((shipped / "provenance.json").read_text(encoding="utf-8"))
    records, meta = records_from_html((shipped / "index.html").read_text(encoding="utf-8"))
    assert document["count"] == len(records) == len(document["values"]) > 40
    assert document["commit"] == meta["render-commit"] and document["engine"] == meta["render-engine"]
    assert [v["text"] for v in document["values"]] == [r.text for r in records]


@pytest.mark.parametrize("name", ["provenance.json", "index.html", "paper.docx", "paper.pdf"])
def test_verify_agrees_with_a_fresh_render(shipped, name):
    report = verify(shipped / name)
    assert not report.differences, report.summary()
    assert report.summary().startswith(f"all {report.checked} numbers agree with commit ")
    result = subprocess.run([".venv/bin/python", "-m", "analysis", "verify", str(shipped / name)], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("all ")


def test_verify_reports_a_hand_edited_number(shipped, tmp_path):
    page = (shipped / "index.html").read_text(encoding="utf-8")
    start = page.index('id="computed-2"')
    end = page.index(">", start) + 1
    edited = tmp_path / "index.html"
    edited.write_text(page[:end] + page[end:].replace("362", "363", 1), encoding="utf-8")
    report = verify(edited)
    [difference] = report.differences
    assert difference.record.text == "363" and difference.recomputed == "362"
    assert str(difference).startswith(f"paper.qmd:{line_of(ROOT / 'paper.qmd', 'Of `{python} paper.n`')}: ")
    result = subprocess.run([".venv/bin/python", "-m", "analysis", "verify", str(edited)], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "prints '363', recomputed '362'" in result.stdout
    docx = tmp_path / "paper.docx"
    shutil.copyfile(shipped / "paper.docx", docx)
    shutil.copyfile(shipped / "provenance.json", tmp_path / "provenance.json")
    assert not verify(docx).differences


def test_verify_reports_every_number_that_changed_data_changes(shipped, tmp_path):
    data = pd.read_csv(SHIPPED_RESPONSES, dtype=str)
    data.loc[data.index[data["mentor_experience"] == "positive"][:5], "mentor_experience"] = "not_positive"
    changed = tmp_path / "changed.csv"
    data.to_csv(changed, index=False)
    result = subprocess.run([".venv/bin/python", "-m", "analysis", "verify", str(shipped / "provenance.json")],
                            cwd=ROOT, capture_output=True, text=True, check=False, env={"PAPER_DATA": str(changed)})
    assert result.returncode == 1
    records = json.loads((shipped / "provenance.json").read_text())["values"]
    dependent = [r for r in records if "mentor_experience" in r["columns"]]
    assert dependent and all(f"`{r['expression']}` prints {r['text']!r}" in result.stdout for r in dependent)
    assert "paper.ledger_rows()" not in result.stdout  # the ledger's numbers do not depend on the data


# -- 4. outputs never stale ---------------------------------------------------------------------------------------


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout.strip()


def test_a_commit_after_a_render_restamps_every_output_without_executing(tmp_path):
    project = copy_project(tmp_path)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "first")
    edit(project / "paper.qmd", "# Introduction\n", "# Introduction\n\nAn author's new sentence.\n")
    make = ["make", "--no-print-directory", "-o", ".venv/.installed-from-lock", "paper"]
    first = subprocess.run(make, cwd=project, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert f"{git(project, 'rev-parse', 'HEAD')} with uncommitted changes" in \
        (project / "_manuscript" / "index.html").read_text()
    git(project, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qam", "second")
    head = git(project, "rev-parse", "HEAD")
    again = subprocess.run(make, cwd=project, capture_output=True, text=True, check=False)
    assert again.returncode == 0 and "execution: from the cache" in again.stdout, again.stdout + again.stderr
    out = project / "_manuscript"
    page = (out / "index.html").read_text()
    assert f'name="render-commit" content="{head}"' in page and "with uncommitted changes" not in page
    for text in (html_text(out / "index.html"), docx_text(out / "paper.docx"), pdf_text(out / "paper.pdf")):
        assert f"rendered from commit {head} of" in text
    assert json.loads((out / "provenance.json").read_text())["commit"] == head
    third = subprocess.run(make, cwd=project, capture_output=True, text=True, check=False)
    assert third.returncode == 0 and "render engine" not in third.stdout  # nothing changed: nothing ran


def test_removing_a_figure_module_removes_its_files(tmp_path):
    project = copy_project(tmp_path)
    (project / "analysis" / "figures" / "fig_weaknesses.py").rename(project / "analysis" / "figures" / "fig_limits.py")
    edit(project / "paper.qmd", 'figure("fig_weaknesses"', 'figure("fig_limits"')
    edit(project / "paper.qmd", "`analysis/figures/fig_weaknesses.py`", "`analysis/figures/fig_limits.py`")
    result = render_copy(project, "--figures", "figures")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (project / "figures").iterdir())
    assert not [n for n in names if n.startswith("fig_weaknesses")]
    assert {"fig_limits.png", "fig_limits.svg", "fig_limits.jpg"} <= set(names)


# -- 5. text is text ------------------------------------------------------------------------------------------------

PAYLOAD = "* _ | < > & [ ] \\ # $ @ {{< meta title >}} <script>document.title='pwned'</script>"
ONERROR = "<img src=x onerror=\"document.title='pwned'\">"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A copy whose ledger holds markup in its notes and in a quote (as a drafted ledger may)."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    ledger = read_ledger(project / "data" / "published" / "claims.csv")
    mismatch = ledger.index[ledger["id"] == "strength_personal_development_percent"][0]
    ledger.loc[mismatch, "note"] = f"{PAYLOAD} {ONERROR}"
    ledger.loc[ledger["id"] == "program_start_year", "note"] = ONERROR
    ledger.loc[ledger["id"] == "session_frequency", "quote"] = "every *month* | @wasim2025mentorship $x$"
    ledger.to_csv(project / "data" / "published" / "claims.csv", index=False)
    result = render_copy(project)
    assert result.returncode == 0, result.stderr
    return project / "_manuscript"


def test_ledger_text_appears_literally_in_every_format(hostile):
    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731 (a PDF breaks lines anywhere)
    for text in (html_text(hostile / "index.html"), docx_text(hostile / "paper.docx"), pdf_text(hostile / "paper.pdf")):
        assert squeeze(PAYLOAD) in squeeze(text).replace("\u00ad", "")
        assert squeeze(ONERROR) in squeeze(text)
        assert "“every *month* | @wasim2025mentorship $x$”" in text


def test_ledger_text_leaves_the_audit_table_its_shape(hostile):
    page = (hostile / "index.html").read_text(encoding="utf-8")
    table = page[page.index('id="tbl-audit"'):]
    table = table[:table.index("</table>")]
    header_cells = len(re.findall(r"<th[ >]", table[:table.index("</thead>")]))
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table[table.index("<tbody"):], flags=re.DOTALL)
    assert header_cells == 5 and len(rows) == len(read_ledger())
    assert all(len(re.findall(r"<td", row)) == 5 for row in rows)
    assert "<img" not in page.replace("<img src=\"", "") and "<script>document" not in page


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (Debian package chromium)")
def test_no_script_from_the_ledger_runs_in_the_browser(hostile):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page()
        page.goto((hostile / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.title() != "pwned"
        span = page.locator("span.computed").filter(has_text="39.0%").first
        span.focus()
        popover = page.locator("#computed-popover")
        assert ONERROR in popover.inner_text() and popover.locator("img, script").count() == 0
        assert page.title() != "pwned"
        browser.close()


# -- 6. the layers hold ---------------------------------------------------------------------------------------------


def test_nothing_in_analysis_imports_the_build_machinery():
    for path in sorted((ROOT / "analysis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(name == "render" or name.startswith("render.") for name in names), path
