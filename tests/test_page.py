"""The reviewer's page in headless Chromium: provenance of every computed number, links, previews, accessibility.

Skipped, with a message, where no Chromium is installed (`.ci/run` installs Debian's).
Set SCREENSHOT_DIR to keep the screenshots (page at 1400 px and 390 px wide, an open popover).
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.figures import names as figure_names
from analysis.paths import ROOT
from tests.helpers import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]
pytestmark = [pytest.mark.render,
              pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium: `apt-get install chromium` (see README)")]
SHARE = re.compile(r"\d+/\d+ \(\d+\.\d%; 95% CI")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("page") / "_manuscript"
    result = render(ROOT / "paper.qmd", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(browser, url: str, width: int = 1400, touch: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 900}, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load")
    return page, errors


def test_every_computed_number_of_the_abstract_and_results_carries_its_provenance(browser, site):
    page, errors = open_page(browser, (site / "index.html").as_uri())
    spans = page.eval_on_selector_all(
        ".abstract span.computed, #results span.computed",
        "els => els.map(e => Object.assign({text: e.textContent}, e.dataset))")
    assert len(spans) >= 20
    for span in spans:
        assert span["expr"].startswith("paper.") and re.fullmatch(r"paper\.qmd:\d+", span["source"]), span
        files = span["file"].split()
        assert files[0] == "data/responses.csv" or files == ["data/published/claims.csv"], span
        assert len(files) == len(span["sha256"].split()) and span["code"], span
        assert len(span.get("claim", "").split()) == len(span.get("verdict", "").split()), span
        line = int(span["source"].split(":")[1])  # the expression is written on that line
        assert span["expr"] in (ROOT / "paper.qmd").read_text().splitlines()[line - 1], span
    shares = [s for s in spans if SHARE.search(s["text"])]
    assert len(shares) >= 9 and all(s.get("claim") and s.get("printed") and s.get("recomputed") for s in shares)
    for section in (".abstract", "#results"):
        text = page.eval_on_selector(section, "e => e.innerText")
        inside = " ".join(page.eval_on_selector_all(f"{section} span.computed", "els => els.map(e => e.innerText)"))
        assert len(SHARE.findall(text)) == len(SHARE.findall(inside)), section
    assert errors == []


def test_focus_opens_the_popover_with_printed_and_recomputed_values_and_escape_closes_it(browser, site, screenshots):
    page, errors = open_page(browser, (site / "index.html").as_uri())
    value = page.locator(".abstract span.computed", has_text="327/362").first
    value.focus()
    popover = page.locator("#computed-popover")
    popover.wait_for(state="visible")
    text = popover.inner_text()
    assert "Printed in the abstract" in text and "“327/362 (90.3%)”" in text
    assert "327/362 = 90.33%" in text and "match" in text and "positive_experience_percent" in text
    assert "data/responses.csv (SHA-256 " in text and "mentor_experience" in text
    assert 'paper.share("mentor_experience=positive")' in text
    assert value.get_attribute("aria-expanded") == "true" and value.get_attribute("role") == "button"
    popover.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "popover.png"))
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('computed')")
    mismatch = page.locator(".abstract span.computed", has_text="141/362").first
    mismatch.focus()
    text = popover.inner_text()
    assert "“personal development and support 141(40%)”" in text and "mismatch" in text and "38.95%" in text
    assert errors == []


def test_the_popover_opens_by_mouse_and_by_touch(browser, site):
    page, _ = open_page(browser, (site / "index.html").as_uri())
    page.locator("#results span.computed").first.hover()
    page.locator("#computed-popover").wait_for(state="visible")
    touch, _ = open_page(browser, (site / "index.html").as_uri(), width=390, touch=True)
    touch.locator(".abstract span.computed").first.tap()
    touch.locator("#computed-popover").wait_for(state="visible")
    assert "Recomputed" in touch.locator("#computed-popover").inner_text()


def test_the_provenance_appendix_lists_every_value_linked_both_ways(browser, site):
    page, _ = open_page(browser, (site / "index.html").as_uri())
    values = page.eval_on_selector_all("span.computed", "els => els.map(e => [e.id, e.dataset.appendix])")
    rows = page.eval_on_selector_all("#provenance tbody tr", "els => els.map(e => [e.id, e.querySelector('a').hash])")
    assert len(rows) == len(values) >= 30
    for (span_id, appendix), (row_id, link) in zip(values, rows, strict=True):
        assert appendix == row_id and link == f"#{span_id}"


def test_every_link_of_the_page_resolves_inside_the_manuscript_folder(browser, site):
    page, _ = open_page(browser, (site / "index.html").as_uri())
    hrefs = page.eval_on_selector_all(".other-formats a, #notebooks a, .float-source a, #TOC a",
                                      "els => els.map(e => e.href)")
    assert any(h.endswith("paper.pdf") for h in hrefs) and any(h.endswith("paper.docx") for h in hrefs)
    for href in hrefs:
        url = urlparse(href)
        target = Path(unquote(url.path))
        assert target.is_file() and target.is_relative_to(site), href
        if url.fragment:
            assert f'id="{url.fragment}"' in target.read_text(), href


def test_notebook_previews_are_pages_that_show_their_figures(browser, site):
    previews = sorted(site.rglob("*-preview.html"))
    assert len(previews) == 4  # three notebooks and the article notebook
    for preview in previews:
        page, errors = open_page(browser, preview.as_uri())
        images = page.eval_on_selector_all("img", "els => els.map(e => e.complete && e.naturalWidth > 0)")
        ipynb = Path(str(preview).replace("-preview.html", ".ipynb"))
        expected = ipynb.read_text().count('"image/png"')
        assert len(images) == expected and all(images), preview.name
        assert page.locator("a[download]").count() >= 1 and errors == []


def test_no_serious_accessibility_violations(browser, site):
    from axe_playwright_python.sync_playwright import Axe

    for url in ((site / "index.html").as_uri(), (site / "notebooks" / "03-results-preview.html").as_uri()):
        page, _ = open_page(browser, url)
        violations = Axe().run(page).response["violations"]
        serious = [(v["id"], v["impact"], len(v["nodes"])) for v in violations
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], (url, serious)


def test_wide_and_narrow_layouts(browser, site, screenshots):
    page, errors = open_page(browser, (site / "index.html").as_uri(), width=1400)
    assert page.eval_on_selector(".sidebar-toc", "e => e.open") is True
    assert page.eval_on_selector(".sidebar", "e => getComputedStyle(e).position") == "sticky"
    images = page.eval_on_selector_all("main img", "els => els.map(e => e.complete && e.naturalWidth > 0)")
    overflowing = page.eval_on_selector_all(
        "main table", "els => els.filter(e => e.scrollWidth > e.parentElement.clientWidth + 1).length")
    assert len(images) == len(figure_names()) and all(images) and overflowing == 0 and errors == []  # one per figure
    page.screenshot(path=str(screenshots / "page-1400.png"), full_page=True)
    narrow, errors = open_page(browser, (site / "index.html").as_uri(), width=390)
    assert narrow.eval_on_selector(".sidebar-toc", "e => e.open") is False
    assert narrow.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways"
    narrow.screenshot(path=str(screenshots / "page-390.png"), full_page=True)
    assert errors == []


def test_citation_metadata_and_cite_this(site):
    page = (site / "index.html").read_text()
    for tag in ("citation_title", "citation_author", "citation_pdf_url", "citation_reference", "citation_language"):
        assert f'<meta name="{tag}"' in page, tag
    assert page.count('<meta name="citation_reference"') == 13
    assert 'id="cite-this"' in page and "@software{" in page and "The reproduction package contributors" in page


def test_a_footnote_shows_its_note_on_hover_and_focus(browser, tmp_path):
    case = tmp_path / "footnote-hover"
    shutil.copytree(ROOT / "tests" / "quarto" / "cases" / "footnote-hover", case)
    assert render(case / "doc.qmd", case / "out", cwd=case).returncode == 0
    page, errors = open_page(browser, (case / "out" / "doc.html").as_uri())
    page.hover("a.footnote-ref")
    assert page.locator(".footnote-tip").inner_text().strip() == "The note’s own words."
    page.mouse.move(0, 0)
    assert page.locator(".footnote-tip").count() == 0
    page.focus("a.footnote-ref")
    assert "The note’s own words." in page.locator("[role=tooltip]").inner_text() and errors == []
